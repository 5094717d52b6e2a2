"""Who sees whom: one school never sees another's people; parents see only their children."""

from digicampus.accounts.models import User
from digicampus.accounts.selectors import children_of
from digicampus.org.models import Classroom, School


def visible(user, model=User):
    return set(model.objects.visible_to(user))


def test_school_admin_sees_own_school_people_only(district):
    people = visible(district.school_admin)

    assert {district.teacher, district.student, district.parent} <= people
    assert district.other_student not in people
    assert district.other_school_teacher not in people


def test_bureau_admin_sees_every_school_of_the_bureau(district):
    assert visible(district.bureau_admin, School) == {district.school, district.other_school}


def test_student_sees_classmates_and_own_parents_but_no_other_family(district):
    people = visible(district.student)

    assert {district.student, district.classmate, district.parent, district.teacher} <= people
    assert district.other_student not in people
    assert district.other_parent not in people


def test_parent_sees_only_own_children_among_students(district):
    people = visible(district.parent)

    assert district.student in people
    assert district.classmate not in people
    assert district.other_student not in people
    assert [c["child"] for c in children_of(parent=district.parent)] == [district.student]


def test_parent_sees_a_child_in_another_school_of_the_district(district):
    from digicampus.accounts.models import Guardianship

    Guardianship.objects.create(parent=district.parent, child=district.other_student)

    schools = visible(district.parent, School)
    classes = visible(district.parent, Classroom)

    assert schools == {district.school, district.other_school}
    assert classes == {district.classroom, district.other_classroom}


def test_teacher_sees_parents_of_homeroom_class_only(district):
    people = visible(district.teacher)

    assert district.parent in people
    assert district.other_parent not in people


def test_anonymous_sees_nothing(district):
    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser(), School) == set()


def test_a_new_role_takes_effect_at_once_despite_the_scope_cache(district):
    from digicampus.accounts import services
    from digicampus.accounts.choices import Role
    from digicampus.core.permissions import scope_of

    teacher = User.objects.get(pk=district.other_school_teacher.pk)
    assert district.school not in visible(teacher, School)  # the scope is now cached

    services.membership_grant(
        actor=district.school_admin, user=teacher, role=Role.TEACHER, school=district.school
    )
    fresh = User.objects.get(pk=teacher.pk)

    assert district.school in visible(fresh, School)
    assert district.school.pk in scope_of(fresh).teacher_school_ids


def test_a_new_homeroom_class_takes_effect_at_once(district):
    from digicampus.org.services import classroom_update

    teacher = User.objects.get(pk=district.teacher.pk)
    other = User.objects.get(pk=district.school_admin.pk)
    assert district.classroom.pk not in _homeroom(other)

    classroom_update(
        actor=district.school_admin,
        classroom=district.classroom,
        name=district.classroom.name,
        homeroom_teacher=other,
    )

    assert district.classroom.pk in _homeroom(User.objects.get(pk=other.pk))
    assert district.classroom.pk not in _homeroom(User.objects.get(pk=teacher.pk))


def _homeroom(user):
    from digicampus.core.permissions import scope_of

    return scope_of(user).homeroom_class_ids
