import io
import json
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from digicampus.accounts.choices import Role
from digicampus.accounts.tests.factories import make_member
from digicampus.core.errors import DomainError
from digicampus.messaging.models import Notification
from digicampus.org.tests.factories import SchoolFactory
from digicampus.portal.choices import BoardAudience
from digicampus.portal.models import Board
from digicampus.safety.choices import Moderation
from digicampus.spaces import services
from digicampus.spaces.choices import SlotKind, SpaceKind, SpaceRole, SpaceState
from digicampus.spaces.models import Course, Space, SpacePost, Submission
from digicampus.spaces.tests.factories import (
    course,
    homework,
    pdf,
    space_of,
    unit,
)


def test_every_teacher_student_and_admin_gets_one_personal_space(district):
    created = services.spaces_ensure(school=district.school)

    again = services.spaces_ensure(school=district.school)

    assert created > 0
    assert again == 0
    assert Space.objects.get(owner=district.teacher).role == SpaceRole.TEACHER
    assert Space.objects.get(owner=district.student).role == SpaceRole.STUDENT
    assert Space.objects.get(owner=district.school_admin).role == SpaceRole.ADMIN
    assert Space.objects.filter(classroom=district.classroom, kind=SpaceKind.CLASS).exists()
    assert not Space.objects.filter(owner=district.parent).exists()


def test_owner_post_is_screened_and_makes_the_space_active(
    district, django_capture_on_commit_callbacks
):
    space = space_of(district.teacher)

    post = services.post_create(actor=district.teacher, space=space, body="Hôm nay dạy bài 3.")

    space.refresh_from_db()
    assert post.moderation == Moderation.PUBLISHED
    assert space.last_activity_at is not None


def test_student_cannot_post_in_a_teachers_space(district):
    with pytest.raises(PermissionDenied):
        services.post_create(actor=district.student, space=space_of(district.teacher), body="Hi")


def test_teacher_leaves_a_note_in_a_student_guestbook_and_the_student_is_told(
    district, django_capture_on_commit_callbacks
):
    space = space_of(district.student)

    with django_capture_on_commit_callbacks(execute=True):
        entry = services.guestbook_sign(actor=district.teacher, space=space, body="Em làm tốt lắm!")

    assert entry.is_published
    assert Notification.objects.filter(template="space_guestbook").count() == 1


def test_homeroom_teacher_hides_a_student_post_with_a_reason_the_author_sees(district):
    space = space_of(district.student)
    post = services.post_create(actor=district.student, space=space, body="Ảnh lớp mình")

    services.item_hide(actor=district.teacher, item=post, reason="Ảnh có bạn chưa đồng ý.")

    post.refresh_from_db()
    assert post.moderation == Moderation.HIDDEN
    assert SpacePost.objects.visible_to(district.student).get(pk=post.pk).moderation_reason
    assert not SpacePost.objects.visible_to(district.classmate).filter(pk=post.pk).exists()


def test_hiding_needs_a_reason(district):
    post = services.post_create(actor=district.student, space=space_of(district.student), body="x")

    with pytest.raises(ValidationError):
        services.item_hide(actor=district.teacher, item=post, reason=" ")


def test_classmate_cannot_supervise_and_teacher_space_is_supervised_by_the_admin(district):
    student_post = services.post_create(
        actor=district.student, space=space_of(district.student), body="x"
    )
    teacher_post = services.post_create(
        actor=district.teacher, space=space_of(district.teacher), body="y"
    )

    with pytest.raises(PermissionDenied):
        services.item_hide(actor=district.classmate, item=student_post, reason="r")
    with pytest.raises(PermissionDenied):
        services.item_hide(actor=district.other_school_admin, item=teacher_post, reason="r")
    services.item_hide(actor=district.school_admin, item=teacher_post, reason="r")


def test_course_unit_slots_take_files_through_the_upload_service(district):
    c = course(district.teacher, district.classroom)
    u = unit(c)

    resource = services.unit_resource_add(
        actor=district.teacher, unit=u, slot=SlotKind.LESSON_PLAN, upload=pdf()
    )

    assert resource.file.kind == "pdf"
    assert resource.file.school_id == district.school.pk


def test_another_teacher_cannot_change_the_course(district):
    c = course(district.teacher)
    other = make_member(Role.TEACHER, school=district.school)

    with pytest.raises(PermissionDenied):
        services.unit_create(actor=other, course=c, title="x")


def test_student_submits_late_and_teacher_grades_parents_are_told(
    district, django_capture_on_commit_callbacks
):
    assignment = homework(district.teacher, district.classroom, due_in_days=-1)

    submission = services.submission_save(
        actor=district.student, assignment=assignment, text="Đáp án"
    )
    with django_capture_on_commit_callbacks(execute=True):
        n = services.grades_save(
            actor=district.teacher,
            assignment=assignment,
            grades={district.student.pk: (Decimal("8.5"), "Tốt")},
        )

    submission.refresh_from_db()
    assert submission.is_late
    assert n == 1
    assert submission.score == Decimal("8.5")
    graded = Notification.objects.get(template="homework_graded")
    assert graded.audience["parents_of_students"] == [district.student.pk]


def test_graded_homework_can_no_longer_change(district):
    assignment = homework(district.teacher, district.classroom)
    services.submission_save(actor=district.student, assignment=assignment, text="a")
    services.grades_save(
        actor=district.teacher,
        assignment=assignment,
        grades={district.student.pk: (Decimal(7), "")},
    )

    with pytest.raises(DomainError):
        services.submission_save(actor=district.student, assignment=assignment, text="b")


def test_score_out_of_range_is_refused(district):
    assignment = homework(district.teacher, district.classroom)
    services.submission_save(actor=district.student, assignment=assignment, text="a")

    with pytest.raises(DomainError):
        services.grades_save(
            actor=district.teacher,
            assignment=assignment,
            grades={district.student.pk: (Decimal(11), "")},
        )


def test_student_of_another_class_cannot_submit(district):
    assignment = homework(district.teacher, district.classroom)

    with pytest.raises(PermissionDenied):
        services.submission_save(actor=district.other_student, assignment=assignment, text="x")


def test_homework_set_tells_students_and_parents(district, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        homework(district.teacher, district.classroom)

    notice = Notification.objects.get(template="homework_set")
    assert district.student.pk in notice.audience["users"]


def test_graduating_class_seals_student_spaces_read_only(district):
    space = space_of(district.student)

    sealed = services.class_graduate(actor=district.school_admin, classroom=district.classroom)

    space.refresh_from_db()
    assert sealed == 1
    assert space.state == SpaceState.SEALED
    with pytest.raises(DomainError):
        services.post_create(actor=district.student, space=space, body="x")
    assert Space.objects.visible_to(district.student).filter(pk=space.pk).exists()
    assert Space.objects.visible_to(district.school_admin).filter(pk=space.pk).exists()
    assert not Space.objects.visible_to(district.teacher).filter(pk=space.pk).exists()
    assert not Space.objects.visible_to(district.classmate).filter(pk=space.pk).exists()


def test_teacher_cannot_graduate_a_class(district):
    with pytest.raises(PermissionDenied):
        services.class_graduate(actor=district.teacher, classroom=district.classroom)


def test_space_moves_with_its_owner_within_the_district(district):
    space = space_of(district.teacher)
    course(district.teacher)
    services.space_seal(actor=district.school_admin, space=space)

    services.space_transfer(actor=district.bureau_admin, space=space, school=district.other_school)

    space.refresh_from_db()
    assert space.school == district.other_school
    assert space.state == SpaceState.ACTIVE
    assert space.courses.get().school == district.other_school


def test_space_cannot_move_to_another_district(district):
    space = space_of(district.teacher)
    elsewhere = SchoolFactory()

    with pytest.raises((DomainError, PermissionDenied)):
        services.space_transfer(actor=district.bureau_admin, space=space, school=elsewhere)


def test_export_then_close_empties_the_space(district):
    space = space_of(district.student)
    services.post_create(actor=district.student, space=space, body="Bài thơ của em", upload=pdf())
    services.space_seal(actor=district.school_admin, space=space)
    with pytest.raises(DomainError):
        services.space_close(actor=district.school_admin, space=space)

    data = services.space_export(actor=district.student, space=space)
    services.space_close(actor=district.school_admin, space=space)

    archive = zipfile.ZipFile(io.BytesIO(data))
    content = json.loads(archive.read("space.json"))
    assert content["posts"][0]["text"] == "Bài thơ của em"
    assert any(name.startswith("files/") for name in archive.namelist())
    space.refresh_from_db()
    assert space.state == SpaceState.CLOSED
    assert not space.posts.exists()


def test_staff_create_an_interest_group_with_its_board_students_join(district):
    group = services.group_create(
        actor=district.teacher, school=district.school, name="CLB Robotics", group_kind="club"
    )
    board = Board.objects.get(space=group)

    assert board.audience == BoardAudience.GROUP
    assert not Board.objects.visible_to(district.student).filter(pk=board.pk).exists()
    services.group_join(actor=district.student, space=group)
    assert Board.objects.visible_to(district.student).filter(pk=board.pk).exists()
    assert Board.objects.visible_to(district.school_admin).filter(pk=board.pk).exists()
    assert not Board.objects.visible_to(district.other_school_teacher).filter(pk=board.pk).exists()
    assert not Board.objects.visible_to(district.parent).filter(pk=board.pk).exists()


def test_student_cannot_create_a_group(district):
    with pytest.raises(PermissionDenied):
        services.group_create(actor=district.student, school=district.school, name="x")


def test_group_member_posts_in_the_group_feed_non_member_cannot(district):
    group = services.group_create(actor=district.teacher, school=district.school, name="Xanh")
    services.group_join(actor=district.student, space=group)

    services.post_create(actor=district.student, space=group, body="Thứ bảy nhặt rác nhé")

    with pytest.raises(PermissionDenied):
        services.post_create(actor=district.classmate, space=group, body="x")


def test_closed_group_is_seen_only_by_members(district):
    group = services.group_create(
        actor=district.teacher, school=district.school, name="Đội tuyển", open_to_join=False
    )
    services.member_add(actor=district.teacher, space=group, user=district.student)

    assert Space.objects.visible_to(district.student).filter(pk=group.pk).exists()
    assert not Space.objects.visible_to(district.classmate).filter(pk=group.pk).exists()
    with pytest.raises(PermissionDenied):
        services.group_join(actor=district.classmate, space=group)


def test_layout_takes_only_the_sections_of_the_space(district):
    space = space_of(district.teacher)

    services.space_layout_set(
        actor=district.teacher, space=space, sections=["guestbook", "profile"]
    )

    assert space.layout == ["guestbook", "profile"]
    with pytest.raises(DomainError):
        services.space_layout_set(actor=district.teacher, space=space, sections=["homework"])


def test_due_time_passing_marks_submission_late(district):
    assignment = homework(district.teacher, district.classroom, due_in_days=1)
    on_time = services.submission_save(actor=district.student, assignment=assignment, text="a")
    assignment.due_at = timezone.now() - timedelta(minutes=1)
    assignment.save()

    late = services.submission_save(actor=district.classmate, assignment=assignment, text="b")

    assert not on_time.is_late
    assert late.is_late
    assert Submission.objects.filter(assignment=assignment).count() == 2


INSULT = "Mày ngu như con chó"


def test_a_harmful_profile_is_held_and_others_see_the_space_without_it(client, district):
    space = space_of(district.teacher)

    services.space_update(actor=district.teacher, space=space, achievements=INSULT)

    space.refresh_from_db()
    assert space.moderation == Moderation.HELD
    client.force_login(district.student)
    page = client.get(space.get_absolute_url()).content.decode()
    assert INSULT not in page
    assert 'data-testid="texts-hidden"' in page
    client.force_login(district.teacher)
    assert INSULT in client.get(space.get_absolute_url()).content.decode()


def test_a_harmful_course_title_is_held_and_hidden_from_students(district):
    held = course(district.teacher, title=INSULT)

    assert held.moderation == Moderation.HELD
    assert not Course.objects.visible_to(district.student).filter(pk=held.pk).exists()
    assert Course.objects.visible_to(district.teacher).filter(pk=held.pk).exists()
    assert Course.objects.visible_to(district.school_admin).filter(pk=held.pk).exists()


def test_collected_resources_and_group_descriptions_are_screened(district):
    item = services.collected_add(
        actor=district.student,
        space=space_of(district.student),
        title=INSULT,
        link="https://example.org",
    )
    group = services.group_create(
        actor=district.teacher, school=district.school, name="CLB", description=INSULT
    )

    assert item.moderation == Moderation.HELD
    assert group.moderation == Moderation.HELD
