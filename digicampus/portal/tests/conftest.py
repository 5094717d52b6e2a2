import pytest

from digicampus.accounts.choices import Role
from digicampus.accounts.tests.factories import make_member
from digicampus.org.tests.factories import ClassroomFactory
from digicampus.portal.tests.factories import class_board


@pytest.fixture
def board(district):
    """The board of the conftest's class (district.student and district.classmate)."""
    return class_board(district.classroom, name="Lớp 6A")


@pytest.fixture
def neighbour(district):
    """A student of another class of the same grade and school."""
    classroom = ClassroomFactory(grade=district.classroom.grade)
    return make_member(Role.STUDENT, classroom=classroom)
