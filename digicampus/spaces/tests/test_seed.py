from django.core.management import call_command

from digicampus.accounts.models import User
from digicampus.spaces import selectors
from digicampus.spaces.models import Course, Space


def test_demo_district_has_spaces_a_course_and_a_graded_homework_the_parent_sees(db):
    call_command("seed_demo", schools=1, students=20, classes_per_grade=1, verbosity=0)
    teacher = User.objects.get(education_id="demo.teacher")
    parent = User.objects.get(education_id="demo.parent")

    results = selectors.children_results(actor=parent)

    assert Space.objects.filter(owner=teacher).exists()
    assert Course.objects.get(teacher=teacher).units.count() == 1
    assert [(child.education_id, len(subs)) for child, subs in results] == [("demo.student", 1)]
    assert results[0][1][0].score == 9.5
