from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from digicampus.accounts.choices import Role
from digicampus.accounts.tests.factories import make_member
from digicampus.core.errors import DomainError
from digicampus.org.tests.factories import ClassroomFactory, GradeFactory
from digicampus.portal import selectors, services
from digicampus.portal.choices import BoardAudience
from digicampus.portal.models import Board, Post, Topic
from digicampus.portal.tests.factories import BoardFactory, grade_board, replies, topic
from digicampus.safety.choices import Moderation
from digicampus.safety.models import PostingSuspension

INSULT = "Mày ngu như con chó"


def test_student_posts_in_class_board_and_classmate_replies(district, board):
    first = topic(board, district.student)

    reply = services.post_reply(actor=district.classmate, topic=first.topic, body="Mình làm rồi.")

    first.topic.refresh_from_db()
    assert first.moderation == reply.moderation == Moderation.PUBLISHED
    assert first.topic.reply_count == 1
    assert first.topic.last_post_at == reply.created_at
    seen = list(selectors.post_list(actor=district.classmate, topic=first.topic))
    assert seen == [first, reply]


def test_student_of_another_class_cannot_see_or_reply_in_a_class_board(district, board, neighbour):
    first = topic(board, district.student)

    assert not Board.objects.visible_to(neighbour).filter(pk=board.pk).exists()
    assert not Topic.objects.visible_to(neighbour).filter(pk=first.topic_id).exists()
    assert not Post.objects.visible_to(neighbour).filter(pk=first.pk).exists()
    with pytest.raises(PermissionDenied):
        services.post_reply(actor=neighbour, topic=first.topic, body="Cho mình vào với.")


def test_grade_board_is_open_to_the_grade_and_not_to_other_grades(district, neighbour):
    board = grade_board(district.classroom.grade)
    other_grade = GradeFactory(school_year=district.classroom.grade.school_year, number=7)
    older = make_member(Role.STUDENT, classroom=ClassroomFactory(grade=other_grade))

    assert Board.objects.visible_to(neighbour).filter(pk=board.pk).exists()
    assert Board.objects.visible_to(district.student).filter(pk=board.pk).exists()
    assert not Board.objects.visible_to(older).filter(pk=board.pk).exists()
    assert topic(board, neighbour).is_published


def test_school_board_is_read_by_staff_and_students_but_not_parents(district):
    board = BoardFactory(school=district.school)

    for reader in ("school_admin", "teacher", "collaborator", "student", "classmate"):
        assert Board.objects.visible_to(getattr(district, reader)).filter(pk=board.pk).exists()
    for outsider in ("parent", "reviewer", "other_student", "other_school_teacher"):
        assert not Board.objects.visible_to(getattr(district, outsider)).exists()
    assert not selectors.forum_schools(actor=district.parent).exists()


def test_staff_read_and_write_in_every_board_of_their_school(district, board):
    first = topic(board, district.student)

    services.post_reply(actor=district.teacher, topic=first.topic, body="Cô đã xem bài.")

    assert Board.objects.visible_to(district.school_admin).filter(pk=board.pk).exists()
    assert not Board.objects.visible_to(district.other_school_admin).exists()


def test_held_reply_is_seen_only_by_its_author_and_the_safety_team(district, board):
    first = topic(board, district.student)

    held = services.post_reply(actor=district.classmate, topic=first.topic, body=INSULT)

    first.topic.refresh_from_db()
    assert held.moderation == Moderation.HELD
    assert held.moderation_reason
    assert first.topic.reply_count == 0
    assert held not in selectors.post_list(actor=district.student, topic=first.topic)
    mine = selectors.post_list(actor=district.classmate, topic=first.topic).get(pk=held.pk)
    assert mine.moderation_reason == held.moderation_reason
    assert held in selectors.post_list(actor=district.collaborator, topic=first.topic)
    assert held not in selectors.post_list(actor=district.teacher, topic=first.topic)


def test_a_held_first_post_keeps_the_topic_out_of_sight(district, board):
    held = topic(board, district.student, title="Hỏi bài", body=INSULT)

    assert held.moderation == Moderation.HELD
    assert not selectors.topic_list(actor=district.classmate, board=board).exists()
    assert selectors.topic_list(actor=district.student, board=board).get() == held.topic
    assert not Topic.objects.visible_to(district.teacher).exists()
    assert Topic.objects.visible_to(district.collaborator).get() == held.topic


def test_the_title_is_screened_with_the_first_post(district, board):
    held = topic(board, district.student, title=INSULT, body="Các bạn thấy sao?")

    assert held.moderation == Moderation.HELD


def test_moderation_decisions_keep_the_topic_counts_true(district, board):
    from digicampus.safety import services as safety
    from digicampus.safety.models import Case

    first = topic(board, district.student)
    held = services.post_reply(actor=district.classmate, topic=first.topic, body=INSULT)
    case = Case.objects.get(content_id=held.pk)

    safety.case_decide(actor=district.collaborator, case=case, action="dismiss")
    first.topic.refresh_from_db()
    assert first.topic.reply_count == 1
    assert first.topic.last_post_at == held.created_at

    again = safety.report_create(actor=district.student, category="harmful", content=held).case
    safety.case_decide(actor=district.collaborator, case=again, action="hide", reason="Xúc phạm")
    first.topic.refresh_from_db()
    assert first.topic.reply_count == 0


def test_locked_topic_refuses_replies(district, board):
    first = topic(board, district.student)
    services.topic_lock(actor=district.teacher, topic=first.topic)

    with pytest.raises(DomainError) as refused:
        services.post_reply(actor=district.classmate, topic=first.topic, body="Còn ai không?")

    assert refused.value.code == "topic_locked"


def test_student_cannot_pin_or_lock(district, board):
    first = topic(board, district.student)

    with pytest.raises(PermissionDenied):
        services.topic_lock(actor=district.student, topic=first.topic)
    with pytest.raises(PermissionDenied):
        services.topic_pin(actor=district.classmate, topic=first.topic)


def test_pinned_topics_come_first_then_the_most_recently_active(district, board):
    old = topic(board, district.student, title="Cũ")
    new = topic(board, district.classmate, title="Mới")
    services.post_reply(actor=district.teacher, topic=old.topic, body="Cập nhật")
    pinned = topic(board, district.teacher, title="Nội quy")
    services.topic_pin(actor=district.teacher, topic=pinned.topic)

    titles = [t.title for t in selectors.topic_list(actor=district.student, board=board)]

    assert titles == ["Nội quy", "Cũ", "Mới"]
    assert new.topic.title == "Mới"


def test_suspended_student_cannot_post(district, board):
    PostingSuspension.objects.create(
        school=district.school, user=district.student, until=timezone.now() + timedelta(days=1)
    )

    with pytest.raises(DomainError) as refused:
        topic(board, district.student)

    assert refused.value.code == "posting_suspended"
    assert not Topic.objects.exists()


def test_board_closed_to_students_takes_staff_posts_only(district):
    board = BoardFactory(school=district.school, students_may_post=False)

    with pytest.raises(PermissionDenied):
        topic(board, district.student)
    first = topic(board, district.teacher)
    with pytest.raises(PermissionDenied):
        services.post_reply(actor=district.student, topic=first.topic, body="Em hỏi ạ")
    assert selectors.topic_list(actor=district.student, board=board).get() == first.topic


def test_empty_text_is_refused(district, board):
    with pytest.raises(ValidationError):
        topic(board, district.student, title="  ", body="Nội dung")


def test_author_edits_a_post_and_the_new_text_is_screened(district, board):
    first = topic(board, district.student)
    reply = services.post_reply(actor=district.classmate, topic=first.topic, body="Đúng rồi.")

    services.post_edit(actor=district.classmate, post=reply, body=INSULT)

    first.topic.refresh_from_db()
    assert reply.moderation == Moderation.HELD
    assert reply.edited_at is not None
    assert first.topic.reply_count == 0


def test_author_edits_the_title_with_the_first_post(district, board):
    first = topic(board, district.student)

    services.post_edit(actor=district.student, post=first, body="Bài 6 nữa.", title="Bài 5 và 6")

    first.topic.refresh_from_db()
    assert first.topic.title == "Bài 5 và 6"


def test_only_the_author_edits_or_deletes(district, board):
    first = topic(board, district.student)

    with pytest.raises(PermissionDenied):
        services.post_edit(actor=district.classmate, post=first, body="Sửa hộ")
    with pytest.raises(PermissionDenied):
        services.post_delete(actor=district.teacher, post=first)


def test_author_deletes_a_reply_and_it_no_longer_counts(district, board):
    first = topic(board, district.student)
    (reply,) = replies(first, [district.classmate])

    services.post_delete(actor=district.classmate, post=reply)

    first.topic.refresh_from_db()
    assert reply.moderation == Moderation.DELETED
    assert reply.moderation_reason == ""
    assert first.topic.reply_count == 0
    assert reply not in selectors.post_list(actor=district.student, topic=first.topic)
    with pytest.raises(DomainError):
        services.post_edit(actor=district.classmate, post=reply, body="Lại")


def test_my_posts_lists_own_posts_in_every_state(district, board):
    first = topic(board, district.student)
    held = services.post_reply(actor=district.student, topic=first.topic, body=INSULT)

    mine = list(selectors.my_posts(actor=district.student))

    assert mine == [held, first]
    assert not selectors.my_posts(actor=district.classmate).exists()


def test_board_defaults_give_a_school_board_and_one_per_class_once(district):
    services.board_defaults(school=district.school)
    again = services.board_defaults(school=district.school)

    boards = Board.objects.filter(school=district.school)
    assert again == []
    assert {b.audience for b in boards} == {BoardAudience.SCHOOL, BoardAudience.CLASS}
    assert boards.filter(classroom=district.classroom).count() == 1
    assert boards.count() == 2


def test_school_admin_and_collaborator_create_boards_teachers_do_not(district):
    board = services.board_create(
        actor=district.collaborator,
        school=district.school,
        name="Khối 6",
        audience=BoardAudience.GRADE,
        grade=district.classroom.grade,
    )

    assert board.grade == district.classroom.grade
    with pytest.raises(PermissionDenied):
        services.board_create(actor=district.teacher, school=district.school, name="Của tôi")
    with pytest.raises(PermissionDenied):
        services.board_defaults(school=district.school, actor=district.student)


def test_a_class_board_needs_a_class_of_the_same_school(district):
    with pytest.raises(DomainError) as refused:
        services.board_create(
            actor=district.school_admin,
            school=district.school,
            name="Lớp khác",
            audience=BoardAudience.CLASS,
            classroom=district.other_classroom,
        )

    assert refused.value.code == "board_audience_invalid"


def test_topic_list_is_one_query_however_many_topics(district, board, django_assert_num_queries):
    for n in range(5):
        topic(board, district.student, title=f"Chủ đề {n}")
    selectors.topic_list(actor=district.classmate, board=board).exists()  # scope cached

    with django_assert_num_queries(1):
        rows = list(selectors.topic_list(actor=district.classmate, board=board)[:30])
        for t in rows:
            assert t.author.full_name
            assert t.first_post.moderation


def test_a_page_of_posts_is_two_queries_however_many_posts(
    district, board, django_assert_num_queries
):
    first = topic(board, district.student)
    posts = replies(first, [district.classmate, district.teacher] * 5)
    services.reaction_toggle(actor=district.teacher, post=posts[0], kind="like")
    selectors.post_list(actor=district.student, topic=first.topic).exists()

    with django_assert_num_queries(2):
        rows = selectors.reactions_attach(
            actor=district.student,
            posts=selectors.post_list(actor=district.student, topic=first.topic)[:20],
        )
        assert all(p.author.full_name for p in rows)
        assert [p.n_like for p in rows].count(1) == 1

    assert len(rows) == 11


def test_reading_one_board_or_topic_answers_as_the_lists_do(district, board, neighbour):
    """Pages that open one board or topic decide in Python (`portal.read_board`,
    `portal.read_topic`); lists decide in SQL (`visible_to`). Both must agree for everyone."""
    from digicampus.core import permissions
    from digicampus.spaces import services as spaces

    grade = grade_board(district.classroom.grade)
    school = BoardFactory(school=district.school)
    other = BoardFactory(school=district.other_school)
    club = spaces.group_create(actor=district.teacher, school=district.school, name="CLB Robot")
    spaces.group_join(actor=district.classmate, space=club)
    group = Board.objects.get(space=club)
    open_topic = topic(board, district.student).topic
    in_group = topic(group, district.classmate).topic
    held = topic(grade, district.classmate, body="Mày ngu như con chó").topic
    assert held.first_post.moderation != Moderation.PUBLISHED
    in_school = topic(school, district.teacher).topic
    elsewhere = topic(other, district.other_school_teacher).topic
    people = [
        value
        for name, value in vars(district).items()
        if hasattr(value, "education_id") and name != "bureau"
    ] + [neighbour]
    for user in people:
        for b in (board, grade, school, other, group):
            fresh = Board.objects.select_related("school").get(pk=b.pk)
            expected = Board.objects.visible_to(user).filter(pk=b.pk).exists()
            assert permissions.can(user, "portal.read_board", fresh) is expected, (user, b)
        for t in (open_topic, held, in_school, elsewhere, in_group):
            fresh = Topic.objects.select_related("board__school", "first_post").get(pk=t.pk)
            expected = Topic.objects.visible_to(user).filter(pk=t.pk).exists()
            assert permissions.can(user, "portal.read_topic", fresh) is expected, (user, t)


def test_topic_count_is_the_length_of_the_topic_list_for_everyone(district, board):
    topic(board, district.student)
    topic(board, district.classmate, body="Mày ngu như con chó")  # held
    deleted = topic(board, district.teacher)
    services.post_delete(actor=district.teacher, post=deleted)
    topic(board, district.student, body="Mày ngu như con chó")  # held, the student's own

    for user in (district.student, district.classmate, district.teacher, district.collaborator):
        expected = selectors.topic_list(actor=user, board=board).count()
        assert selectors.topic_count(actor=user, board=board) == expected, user
    assert selectors.topic_count(actor=district.student, board=board) == 2
