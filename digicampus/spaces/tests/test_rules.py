from decimal import Decimal

from digicampus.accounts.choices import Role
from digicampus.accounts.tests.factories import make_member, make_parent_of
from digicampus.org.tests.factories import ClassroomFactory
from digicampus.spaces import selectors, services
from digicampus.spaces.models import Assignment, Course, Space, Submission
from digicampus.spaces.tests.factories import class_space, course, homework, space_of


def test_student_never_sees_another_class_theme_space(district):
    mine = class_space(district.classroom)
    neighbour_class = ClassroomFactory(grade=district.classroom.grade)
    services.spaces_ensure(school=district.school)
    theirs = Space.objects.get(classroom=neighbour_class)

    visible = Space.objects.visible_to(district.student)

    assert visible.filter(pk=mine.pk).exists()
    assert not visible.filter(pk=theirs.pk).exists()


def test_student_sees_classmates_and_teachers_spaces_not_other_classes(district):
    neighbour = make_member(
        Role.STUDENT, classroom=ClassroomFactory(grade=district.classroom.grade)
    )
    visible = Space.objects.visible_to(district.student)

    assert visible.filter(pk=space_of(district.classmate).pk).exists()
    assert visible.filter(pk=space_of(district.teacher).pk).exists()
    assert not visible.filter(pk=space_of(neighbour).pk).exists()


def test_student_never_sees_another_students_submission(district):
    assignment = homework(district.teacher, district.classroom)
    theirs = services.submission_save(actor=district.classmate, assignment=assignment, text="x")

    assert not Submission.objects.visible_to(district.student).filter(pk=theirs.pk).exists()
    assert Submission.objects.visible_to(district.classmate).filter(pk=theirs.pk).exists()


def test_parent_sees_only_their_own_childrens_grades(district):
    assignment = homework(district.teacher, district.classroom)
    mine = services.submission_save(actor=district.student, assignment=assignment, text="a")
    other = services.submission_save(actor=district.classmate, assignment=assignment, text="b")
    services.grades_save(
        actor=district.teacher,
        assignment=assignment,
        grades={district.student.pk: (Decimal(9), "Giỏi"), district.classmate.pk: (Decimal(6), "")},
    )

    rows = selectors.children_results(actor=district.parent)

    visible = Submission.objects.visible_to(district.parent)
    assert visible.filter(pk=mine.pk).exists()
    assert not visible.filter(pk=other.pk).exists()
    assert [(child, [s.pk for s in subs]) for child, subs in rows] == [
        (district.student, [mine.pk])
    ]


def test_another_teacher_of_the_school_does_not_see_the_submissions(district):
    assignment = homework(district.teacher, district.classroom)
    submission = services.submission_save(actor=district.student, assignment=assignment, text="a")
    colleague = make_member(Role.TEACHER, school=district.school)

    assert not Submission.objects.visible_to(colleague).filter(pk=submission.pk).exists()
    assert Submission.objects.visible_to(district.school_admin).filter(pk=submission.pk).exists()


def test_other_school_users_see_nothing_of_the_school(district):
    space_of(district.teacher)
    course(district.teacher, district.classroom)
    homework(district.teacher, district.classroom)
    services.spaces_ensure(school=district.school)

    for user in (district.other_school_teacher, district.other_student, district.other_parent):
        assert not Space.objects.visible_to(user).filter(school=district.school).exists()
        assert not Course.objects.visible_to(user).filter(school=district.school).exists()
        assert not Assignment.objects.visible_to(user).filter(school=district.school).exists()


def test_parent_sees_child_space_and_class_space_not_classmates(district):
    child_space = space_of(district.student)
    classmate_space = space_of(district.classmate)
    theme = class_space(district.classroom)

    visible = Space.objects.visible_to(district.parent)

    assert visible.filter(pk=child_space.pk).exists()
    assert visible.filter(pk=theme.pk).exists()
    assert not visible.filter(pk=classmate_space.pk).exists()


def test_parent_of_another_child_does_not_see_homework_of_the_class(district):
    homework(district.teacher, district.classroom)
    stranger = make_parent_of(district.other_student)

    assert not Assignment.objects.visible_to(stranger).filter(classroom=district.classroom).exists()


def test_reading_one_space_answers_as_the_list_does(district):
    """Pages about one space decide in Python (`spaces.read`); lists decide in SQL
    (`visible_to`). Both must agree for every role and every kind and state of space."""
    from digicampus.core import permissions

    services.spaces_ensure(school=district.school)
    services.spaces_ensure(school=district.other_school)
    open_group = services.group_create(
        actor=district.teacher, school=district.school, name="CLB Cờ vua"
    )
    closed_group = services.group_create(
        actor=district.teacher, school=district.school, name="Đội tuyển Toán", open_to_join=False
    )
    services.group_join(actor=district.classmate, space=open_group)
    services.member_add(actor=district.teacher, space=closed_group, user=district.student)
    sealed = space_of(district.classmate)
    services.space_seal(actor=district.school_admin, space=sealed)
    neighbour = make_member(
        Role.STUDENT, classroom=ClassroomFactory(grade=district.classroom.grade)
    )
    people = [value for value in vars(district).values() if hasattr(value, "education_id")] + [
        neighbour
    ]
    spaces = list(Space.objects.all())
    assert len(spaces) >= 10
    for user in people:
        visible = set(Space.objects.visible_to(user).values_list("pk", flat=True))
        for space in spaces:
            fresh = Space.objects.get(pk=space.pk)
            assert permissions.can(user, "spaces.read", fresh) is (space.pk in visible), (
                user,
                space,
            )


def test_a_space_page_lists_what_visible_to_allows(district):
    """The page of one space lists its feed, guestbook, courses and kept resources without
    asking again whether the space is visible; for every role, what it lists of each space
    the reader may read is what `visible_to` allows, in every moderation state."""
    from digicampus.spaces.models import CollectedItem, GuestbookEntry, SpacePost

    services.spaces_ensure(school=district.school)
    student_space = space_of(district.student)
    teacher_space = space_of(district.teacher)
    for space, author in ((student_space, district.student), (teacher_space, district.teacher)):
        for body in ("Bài làm tuần này", "Ghi chép buổi học"):
            services.post_create(actor=author, space=space, body=body)
        services.guestbook_sign(actor=district.classmate, space=space, body="Chúc bạn học tốt")
    services.collected_add(actor=district.student, space=student_space, title="Đề ôn tập")
    services.collected_add(actor=district.student, space=student_space, title="Phiếu bài tập")
    course(district.teacher, district.classroom, title="Toán 6")
    course(district.teacher, district.classroom, title="Toán 7")
    hidden = [
        SpacePost.objects.filter(space=student_space).first(),
        GuestbookEntry.objects.filter(space=teacher_space).first(),
        CollectedItem.objects.filter(space=student_space).first(),
        Course.objects.filter(space=teacher_space).first(),
    ]
    for item in hidden:
        supervisor = district.school_admin
        services.item_hide(actor=supervisor, item=item, reason="Nội dung chưa phù hợp")
    lists = {
        SpacePost: selectors.post_list,
        GuestbookEntry: selectors.guestbook_list,
        CollectedItem: selectors.collection_list,
        Course: selectors.course_list,
    }
    people = [value for value in vars(district).values() if hasattr(value, "education_id")]
    seen_hidden = 0
    for user in people:
        for space in (student_space, teacher_space):
            if not Space.objects.visible_to(user).filter(pk=space.pk).exists():
                continue
            for model, listing in lists.items():
                listed = {item.pk for item in listing(actor=user, space=space)}
                allowed = set(
                    model.objects.visible_to(user).filter(space=space).values_list("pk", flat=True)
                )
                assert listed == allowed, (user, space, model)
                pages = {CollectedItem: selectors.collection_page, Course: selectors.course_page}
                if model in pages:
                    page = pages[model](actor=user, space=space, limit=50)
                    assert [item.pk for item in page] == [
                        item.pk for item in listing(actor=user, space=space)
                    ]
                seen_hidden += len(listed & {item.pk for item in hidden})
    assert seen_hidden > 0
