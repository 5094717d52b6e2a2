from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from digicampus.safety.choices import Moderation
from digicampus.spaces import services
from digicampus.spaces.choices import SpaceState
from digicampus.spaces.models import Assignment, Space, Submission
from digicampus.spaces.tests.factories import (
    class_space,
    course,
    homework,
    pdf,
    space_of,
)


def test_my_space_opens_the_users_own_space(client, district):
    client.force_login(district.teacher)

    response = client.get(reverse("spaces:mine"))

    assert response.url == Space.objects.get(owner=district.teacher).get_absolute_url()


def test_spaces_are_in_the_navigation(client, district):
    client.force_login(district.student)

    assert reverse("spaces:home") in client.get(reverse("home")).content.decode()


def test_teacher_space_shows_profile_courses_feed_and_guestbook(client, district):
    space = space_of(district.teacher)
    services.space_update(actor=district.teacher, space=space, major="Toán học")
    course(district.teacher, district.classroom, title="Hình học 6")
    services.post_create(actor=district.teacher, space=space, body="Dạy thử tiết mẫu")
    client.force_login(district.student)

    page = client.get(space.get_absolute_url()).content.decode()

    assert "Toán học" in page
    assert "Hình học 6" in page
    assert "Dạy thử tiết mẫu" in page
    assert 'data-testid="section-guestbook"' in page


def test_user_of_another_school_gets_404_on_a_space(client, district):
    space = space_of(district.teacher)
    client.force_login(district.other_school_teacher)

    assert client.get(space.get_absolute_url()).status_code == 404


def test_student_cannot_open_another_class_space(client, district):
    from digicampus.accounts.choices import Role
    from digicampus.accounts.tests.factories import make_member
    from digicampus.org.tests.factories import ClassroomFactory

    neighbour = make_member(
        Role.STUDENT, classroom=ClassroomFactory(grade=district.classroom.grade)
    )
    space = class_space(district.classroom)
    client.force_login(neighbour)

    assert client.get(space.get_absolute_url()).status_code == 404


def test_class_space_lists_its_board_discussions_and_questions(client, district):
    from digicampus.portal import services as forum
    from digicampus.portal.services import board_defaults

    board_defaults(school=district.school)
    space = class_space(district.classroom)
    board = space.classroom.boards.get()
    forum.topic_create(actor=district.student, board=board, title="Ôn thi", body="Khi nào?")
    forum.topic_create(
        actor=district.student, board=board, title="Bài 5 giải sao?", body="?", kind="question"
    )
    client.force_login(district.classmate)

    page = client.get(space.get_absolute_url()).content.decode()

    assert "Ôn thi" in page
    assert "Bài 5 giải sao?" in page


def test_owner_cannot_post_in_a_sealed_space(client, district):
    space = space_of(district.student)
    services.class_graduate(actor=district.school_admin, classroom=district.classroom)
    space.refresh_from_db()
    assert space.state == SpaceState.SEALED
    client.force_login(district.student)

    response = client.post(reverse("spaces:post_create", args=[space.pk]), {"body": "Chào"})

    assert response.status_code == 403


def test_supervisor_hides_with_reason_and_author_sees_it(client, district):
    post = services.post_create(actor=district.student, space=space_of(district.student), body="x")
    client.force_login(district.teacher)

    client.post(reverse("spaces:post_hide", args=[post.pk]), {"reason": "Không phù hợp"})

    post.refresh_from_db()
    assert post.moderation == Moderation.HIDDEN
    client.force_login(district.student)
    page = client.get(post.space.get_absolute_url()).content.decode()
    assert "Không phù hợp" in page


def test_teacher_sets_homework_student_hands_in_teacher_grades_parent_sees(client, district):
    client.force_login(district.teacher)
    due = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("spaces:assignment_create", args=[district.classroom.pk]),
        {"title": "Bài tập 1", "instructions": "Làm bài 1", "due_at": due, "file": pdf()},
    )
    assignment = Assignment.objects.get()
    assert response.url == assignment.get_absolute_url()
    assert assignment.files.count() == 1

    client.force_login(district.student)
    client.post(assignment.get_absolute_url(), {"text": "Đáp án của em"})
    submission = Submission.objects.get()
    assert not submission.is_late

    client.force_login(district.teacher)
    client.post(
        reverse("spaces:grading", args=[assignment.pk]),
        {f"score-{district.student.pk}": "9,5", f"comment-{district.student.pk}": "Rất tốt"},
    )
    submission.refresh_from_db()
    assert submission.score == Decimal("9.5")

    client.force_login(district.parent)
    page = client.get(reverse("spaces:children_results")).content.decode()
    assert "9.5" in page or "9,5" in page
    assert "Rất tốt" in page
    client.force_login(district.other_parent)
    assert "Rất tốt" not in client.get(reverse("spaces:children_results")).content.decode()


def test_grading_form_keeps_what_was_typed_on_a_bad_score(client, district):
    assignment = homework(district.teacher, district.classroom)
    services.submission_save(actor=district.student, assignment=assignment, text="a")
    client.force_login(district.teacher)

    response = client.post(
        reverse("spaces:grading", args=[assignment.pk]),
        {f"score-{district.student.pk}": "12", f"comment-{district.student.pk}": "Xem lại"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="12"' in page
    assert 'value="Xem lại"' in page
    assert not Submission.objects.filter(graded_at__isnull=False).exists()


def test_student_cannot_open_the_grading_view(client, district):
    assignment = homework(district.teacher, district.classroom)
    client.force_login(district.student)

    assert client.get(reverse("spaces:grading", args=[assignment.pk])).status_code == 403


def test_another_schools_teacher_does_not_find_the_grading_view(client, district):
    assignment = homework(district.teacher, district.classroom)
    client.force_login(district.other_school_teacher)
    assert client.get(reverse("spaces:grading", args=[assignment.pk])).status_code == 404
    client.force_login(district.school_admin)
    assert client.get(reverse("spaces:grading", args=[assignment.pk])).status_code == 200


def test_student_cannot_open_a_classmates_submission(client, district):
    assignment = homework(district.teacher, district.classroom)
    theirs = services.submission_save(actor=district.classmate, assignment=assignment, text="x")
    client.force_login(district.student)

    assert client.get(theirs.get_absolute_url()).status_code == 404


def test_class_homework_lists_overdue_with_missing_count(client, district):
    homework(district.teacher, district.classroom, due_in_days=-1, title="Quá hạn")
    client.force_login(district.teacher)

    page = client.get(
        reverse("spaces:class_homework", args=[district.classroom.pk])
    ).content.decode()

    assert 'data-testid="overdue"' in page
    assert "Quá hạn" in page


def test_teacher_builds_a_unit_and_fills_a_slot(client, district):
    c = course(district.teacher, district.classroom)
    client.force_login(district.teacher)

    response = client.post(c.get_absolute_url(), {"title": "Bài 2. Phân số"})
    u = c.units.get()
    client.post(u.get_absolute_url(), {"slot": "lesson_plan", "title": "Giáo án", "file": pdf()})

    assert response.url == u.get_absolute_url()
    assert u.resources.get().slot == "lesson_plan"


def test_admin_exports_the_space_as_a_zip(client, district):
    space = space_of(district.student)
    client.force_login(district.school_admin)

    response = client.post(reverse("spaces:space_export", args=[space.pk]))

    assert response["Content-Type"] == "application/zip"
    assert response.content[:2] == b"PK"


def test_interest_group_page_shows_join_and_its_board(client, district):
    group = services.group_create(actor=district.teacher, school=district.school, name="CLB Cờ")
    client.force_login(district.student)

    client.post(reverse("spaces:group_join", args=[group.pk]))
    page = client.get(group.get_absolute_url()).content.decode()

    assert 'data-testid="theme-board"' in page
    assert group.members.filter(user=district.student).exists()


def _teacher_page_data(district, n):
    space = space_of(district.teacher)
    for i in range(n):
        services.post_create(actor=district.teacher, space=space, body=f"Nhật ký {i}")
        services.guestbook_sign(actor=district.student, space=space, body=f"Chào cô {i}")
        course(district.teacher, district.classroom, title=f"Khoá {i}")
    return space


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_teacher_space_page_queries_do_not_grow(client, district, django_assert_num_queries):
    space = _teacher_page_data(district, 2)
    client.force_login(district.student)
    client.get(space.get_absolute_url())
    few = _count(client, space.get_absolute_url())
    _teacher_page_data(district, 8)

    # The new posts and notes are rendered once: one query for each list, whatever their number.
    assert _count(client, space.get_absolute_url()) == few + 2
    with django_assert_num_queries(few):
        client.get(space.get_absolute_url())


def test_class_space_queries_do_not_grow(client, district, django_assert_num_queries):
    from digicampus.portal import services as forum
    from digicampus.portal.services import board_defaults

    board_defaults(school=district.school)
    space = class_space(district.classroom)
    board = space.classroom.boards.get()

    def add(n):
        for i in range(n):
            forum.topic_create(actor=district.student, board=board, title=f"T{i}", body="x")
            forum.topic_create(
                actor=district.student, board=board, title=f"Q{i}", body="?", kind="question"
            )
            services.post_create(actor=district.student, space=space, body=f"Tin {i}")

    add(2)
    client.force_login(district.teacher)
    client.get(space.get_absolute_url())
    few = _count(client, space.get_absolute_url())
    add(8)

    # The new posts are rendered once (one query), then kept.
    assert _count(client, space.get_absolute_url()) == few + 1
    with django_assert_num_queries(few):
        client.get(space.get_absolute_url())


def test_grading_view_queries_do_not_grow_with_the_class(
    client, district, django_assert_num_queries
):
    from digicampus.accounts.choices import Role
    from digicampus.accounts.tests.factories import make_member

    assignment = homework(district.teacher, district.classroom)

    def add(n):
        for _ in range(n):
            student = make_member(Role.STUDENT, classroom=district.classroom)
            services.submission_save(
                actor=student, assignment=assignment, text="bài làm", uploads=[pdf()]
            )

    add(3)
    url = reverse("spaces:grading", args=[assignment.pk])
    client.force_login(district.teacher)
    client.get(url)
    few = _count(client, url)
    add(37)

    with django_assert_num_queries(few):
        page = client.get(url)
    assert page.content.decode().count('data-testid="grading-row"') == 42


def test_classmate_does_not_see_a_students_homework_list_parent_does(client, district):
    homework(district.teacher, district.classroom, title="Bài tập bí mật")
    space = space_of(district.student)

    client.force_login(district.classmate)
    classmate_page = client.get(space.get_absolute_url()).content.decode()
    client.force_login(district.parent)
    parent_page = client.get(space.get_absolute_url()).content.decode()

    assert 'data-testid="section-homework"' not in classmate_page
    assert "Bài tập bí mật" in parent_page


def test_admin_seals_exports_and_closes_a_space_from_its_page(client, district):
    space = space_of(district.student)
    services.post_create(actor=district.student, space=space, body="Nhật ký")
    client.force_login(district.school_admin)

    client.post(reverse("spaces:space_close", args=[space.pk]))
    client.post(reverse("spaces:space_seal", args=[space.pk]))
    client.post(reverse("spaces:space_export", args=[space.pk]))
    client.post(reverse("spaces:space_close", args=[space.pk]))

    space.refresh_from_db()
    assert space.state == SpaceState.CLOSED
    assert not space.posts.exists()


def test_admin_writes_the_service_guide_of_their_space(client, district):
    space = space_of(district.school_admin)
    client.force_login(district.school_admin)

    response = client.post(
        reverse("spaces:space_edit", args=[space.pk]),
        {
            "service_guide": "Duyệt kế hoạch: https://example.org/quy-trinh",
            "layout-service_guide": "2",
            "layout-profile": "0",
            "layout-dynamics": "0",
            "layout-guestbook": "1",
        },
    )
    client.force_login(district.teacher)
    page = client.get(space.get_absolute_url()).content.decode()

    assert response.status_code == 302
    assert 'href="https://example.org/quy-trinh"' in page
    space.refresh_from_db()
    assert space.layout == ["guestbook", "service_guide"]


def test_student_cannot_edit_a_teachers_space(client, district):
    space = space_of(district.teacher)
    client.force_login(district.student)

    assert client.get(reverse("spaces:space_edit", args=[space.pk])).status_code == 403


def test_only_admins_create_the_missing_spaces_of_their_school(client, district):
    client.force_login(district.teacher)
    refused = client.post(reverse("spaces:spaces_ensure", args=[district.school.pk]))
    client.force_login(district.school_admin)
    done = client.post(reverse("spaces:spaces_ensure", args=[district.school.pk]))

    assert refused.status_code == 403
    assert done.status_code == 302
    assert Space.objects.filter(owner=district.student).exists()


def test_teacher_opens_the_edit_page_with_the_places_of_the_sections(client, district):
    space = space_of(district.teacher)
    client.force_login(district.teacher)

    page = client.get(reverse("spaces:space_edit", args=[space.pk])).content.decode()

    assert 'name="layout-courses"' in page
    assert 'name="major"' in page


def test_teacher_removes_a_resource_another_teacher_cannot(client, district):
    from digicampus.accounts.choices import Role
    from digicampus.accounts.tests.factories import make_member
    from digicampus.spaces.tests.factories import unit

    u = unit(course(district.teacher))
    resource = services.unit_resource_add(
        actor=district.teacher, unit=u, slot="video", link="https://example.org/v"
    )
    url = reverse("spaces:unit_resource_remove", args=[resource.pk])
    client.force_login(make_member(Role.TEACHER, school=district.school))
    refused = client.post(url)
    client.force_login(district.teacher)
    done = client.post(url)

    assert refused.status_code == 403
    assert done.url == u.get_absolute_url()
    assert not u.resources.exists()


def test_school_spaces_page_queries_do_not_grow_with_the_school(
    client, district, django_assert_num_queries
):
    from digicampus.accounts.choices import Role
    from digicampus.accounts.tests.factories import make_member

    url = reverse("spaces:school_spaces", args=[district.school.pk])
    services.spaces_ensure(school=district.school)
    client.force_login(district.school_admin)
    client.get(url)
    few = _count(client, url)
    for _ in range(60):
        make_member(Role.STUDENT, classroom=district.classroom)
    services.spaces_ensure(school=district.school)

    with django_assert_num_queries(few):
        page = client.get(url)
    themes = Space.objects.filter(school=district.school).exclude(kind="personal").count()
    rows = page.content.decode().count("list-group-item list-group-item-action d-flex")
    assert rows == 50 + themes


def test_admin_hides_a_teachers_course_with_a_reason_the_teacher_sees(client, district):
    c = course(district.teacher, district.classroom)
    client.force_login(district.school_admin)

    client.post(reverse("spaces:course_hide", args=[c.pk]), {"reason": "Sai chương trình"})

    c.refresh_from_db()
    assert c.moderation == Moderation.HIDDEN
    client.force_login(district.student)
    assert client.get(c.get_absolute_url()).status_code == 404
    client.force_login(district.teacher)
    assert "Sai chương trình" in client.get(c.get_absolute_url()).content.decode()


def test_homeroom_teacher_hides_a_collected_resource(client, district):
    item = services.collected_add(
        actor=district.student,
        space=space_of(district.student),
        title="Trò chơi",
        link="https://example.org/game",
    )
    client.force_login(district.teacher)

    client.post(reverse("spaces:collected_hide", args=[item.pk]), {"reason": "Không phù hợp"})

    item.refresh_from_db()
    assert item.moderation == Moderation.HIDDEN
    client.force_login(district.classmate)
    assert "Trò chơi" not in client.get(item.space.get_absolute_url()).content.decode()


def test_kept_feed_rows_follow_changes_and_the_reader(client, district):
    """Feed items are kept rendered: a hidden post, its restoring and the reader (author or
    not, supervisor or not) must show at once."""
    space = space_of(district.teacher)
    post = services.post_create(actor=district.teacher, space=space, body="Nhật ký hôm nay")
    url = space.get_absolute_url()
    report = f"?content=spaces.spacepost:{post.pk}"

    client.force_login(district.student)
    assert report in client.get(url).content.decode()
    client.force_login(district.teacher)
    assert report not in client.get(url).content.decode()  # one's own post is not reported

    services.item_hide(actor=district.school_admin, item=post, reason="Chưa phù hợp")
    client.force_login(district.student)
    assert "Nhật ký hôm nay" not in client.get(url).content.decode()
    client.force_login(district.school_admin)
    page = client.get(url).content.decode()
    restore = reverse("spaces:post_restore", args=[post.pk])
    assert f'formaction="{restore}"' in page
    assert 'id="space-actions"' in page
    assert client.post(restore).status_code == 302

    client.force_login(district.student)
    assert "Nhật ký hôm nay" in client.get(url).content.decode()


def test_kept_grading_lines_follow_the_grades(client, district):
    assignment = homework(district.teacher, district.classroom)
    services.submission_save(actor=district.student, assignment=assignment, text="Bài của em")
    url = reverse("spaces:grading", args=[assignment.pk])
    client.force_login(district.teacher)
    assert "Rất tốt" not in client.get(url).content.decode()

    services.grades_save(
        actor=district.teacher,
        assignment=assignment,
        grades={district.student.pk: (Decimal("8.5"), "Rất tốt")},
    )
    services.submission_save(actor=district.classmate, assignment=assignment, text="Bài nộp muộn")

    page = client.get(url).content.decode()
    assert 'value="Rất tốt"' in page
    assert "Bài nộp muộn" in page
