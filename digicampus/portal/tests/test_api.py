from digicampus.portal import services
from digicampus.portal.tests.factories import replies, topic

API = "/api/v1/forum"
INSULT = "Mày ngu như con chó"


def test_student_starts_a_topic_and_classmate_replies_through_the_api(client, district, board):
    client.force_login(district.student)
    boards = client.get(f"{API}/schools/{district.school.pk}/boards").json()
    created = client.post(
        f"{API}/boards/{board.pk}/topics",
        {"title": "Bài tập Toán", "body": "Bài 5 làm thế nào?"},
        content_type="application/json",
    )
    topic_id = created.json()["topic_id"]
    client.force_login(district.classmate)
    topics = client.get(f"{API}/boards/{board.pk}/topics").json()
    reply = client.post(
        f"{API}/topics/{topic_id}/posts",
        {"body": "Dùng Pi-ta-go."},
        content_type="application/json",
    )
    posts = client.get(f"{API}/topics/{topic_id}/posts").json()

    assert [b["id"] for b in boards["items"]] == [board.pk]
    assert created.status_code == 201
    assert created.json()["moderation"] == "published"
    assert topics["items"][0]["title"] == "Bài tập Toán"
    assert reply.status_code == 201
    assert [p["body"] for p in posts["items"]] == ["Bài 5 làm thế nào?", "Dùng Pi-ta-go."]


def test_posts_are_paged_twenty_at_a_time(client, district, board):
    first = topic(board, district.student)
    replies(first, [district.classmate] * 24)
    client.force_login(district.student)

    page_two = client.get(f"{API}/topics/{first.topic_id}/posts?page=2").json()

    assert page_two["count"] == 25
    assert len(page_two["items"]) == 5


def test_a_held_reply_says_so_with_its_reason(client, district, board):
    first = topic(board, district.student)
    client.force_login(district.classmate)

    reply = client.post(
        f"{API}/topics/{first.topic_id}/posts", {"body": INSULT}, content_type="application/json"
    ).json()

    assert reply["moderation"] == "held"
    assert reply["moderation_reason"]


def test_a_locked_topic_answers_a_json_error(client, district, board):
    first = topic(board, district.student)
    services.topic_lock(actor=district.teacher, topic=first.topic)
    client.force_login(district.classmate)

    response = client.post(
        f"{API}/topics/{first.topic_id}/posts", {"body": "Còn ai?"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "topic_locked"


def test_another_class_and_parents_get_404(client, district, board, neighbour):
    first = topic(board, district.student)

    for outsider in (neighbour, district.parent, district.other_school_teacher):
        client.force_login(outsider)
        assert client.get(f"{API}/boards/{board.pk}/topics").status_code == 404
        assert client.get(f"{API}/topics/{first.topic_id}/posts").status_code == 404
    client.force_login(district.parent)
    assert client.get(f"{API}/schools/{district.school.pk}/boards").status_code == 404


# ---------------------------------------------------------------- portals


def test_public_articles_need_no_account_and_list_only_published(client, district):
    from digicampus.portal.tests.factories import draft, published, school_site, writer_of

    site = school_site(district.school)
    writer = writer_of(site, district.teacher)
    published(site, writer, district.school_admin, title="Đã đăng")
    draft(site, writer, title="Bản nháp")

    response = client.get(f"/api/v1/portal/public/{site.slug}/articles")

    assert response.status_code == 200
    titles = [a["title"] for a in response.json()["items"]]
    assert titles == ["Đã đăng"]


def test_writer_creates_and_submits_and_cannot_publish_through_the_api(client, district):
    from digicampus.portal.tests.factories import news_column, school_site, writer_of

    site = school_site(district.school)
    writer = writer_of(site, district.teacher)
    client.force_login(writer)

    created = client.post(
        f"/api/v1/portal/sites/{site.pk}/articles",
        {
            "column_id": news_column(site).pk,
            "title": "Tin mới",
            "body": "<p>x<script></script></p>",
        },
        content_type="application/json",
    )
    article_id = created.json()["id"]
    submitted = client.post(f"/api/v1/portal/articles/{article_id}/submit")
    refused = client.post(
        f"/api/v1/portal/articles/{article_id}/publish", {}, content_type="application/json"
    )
    client.force_login(district.school_admin)
    done = client.post(
        f"/api/v1/portal/articles/{article_id}/publish", {}, content_type="application/json"
    )

    assert created.status_code == 201
    assert created.json()["body"] == "<p>x</p>"
    assert submitted.json()["state"] == "submitted"
    assert refused.status_code == 403
    assert done.json()["state"] == "published"


def test_other_school_admin_gets_404_creating_on_the_portal_through_the_api(client, district):
    from digicampus.portal.tests.factories import news_column, school_site

    site = school_site(district.school)
    client.force_login(district.other_school_admin)

    response = client.post(
        f"/api/v1/portal/sites/{site.pk}/articles",
        {"column_id": news_column(site).pk, "title": "x", "body": "y"},
        content_type="application/json",
    )

    assert response.status_code == 404


def test_reactions_following_and_accepted_answer_through_the_api(client, district, board):
    question = services.topic_create(
        actor=district.student, board=board, title="Hỏi", body="Bài 5?", kind="question"
    )
    [answer] = replies(question, [district.classmate])
    client.force_login(district.teacher)
    liked = client.put(f"{API}/posts/{answer.pk}/reactions/like")
    again = client.put(f"{API}/posts/{answer.pk}/reactions/like")
    odd = client.put(f"{API}/posts/{answer.pk}/reactions/angry")
    follow = client.put(f"{API}/topics/{question.topic_id}/subscription")
    client.force_login(district.classmate)
    refused = client.put(
        f"{API}/topics/{question.topic_id}/accepted-answer",
        {"post_id": answer.pk},
        content_type="application/json",
    )
    client.force_login(district.student)
    accepted = client.put(
        f"{API}/topics/{question.topic_id}/accepted-answer",
        {"post_id": answer.pk},
        content_type="application/json",
    )
    unliked = client.delete(f"{API}/posts/{answer.pk}/reactions/like")
    unfollow = client.delete(f"{API}/topics/{question.topic_id}/subscription")

    assert liked.json()["reactions"]["like"] == 1
    assert again.json()["reactions"]["like"] == 1
    assert odd.status_code == 400
    assert follow.json() == {"following": True}
    assert refused.status_code == 403
    assert accepted.json()["accepted_post_id"] == answer.pk
    assert unliked.json()["reactions"]["like"] == 1  # the teacher's stays
    assert unfollow.json() == {"following": False}


def test_author_edits_and_deletes_through_the_api_others_may_not(client, district, board):
    first = topic(board, district.student)
    client.force_login(district.classmate)
    refused = client.patch(
        f"{API}/posts/{first.pk}", {"body": "Sửa hộ"}, content_type="application/json"
    )
    client.force_login(district.student)
    edited = client.patch(
        f"{API}/posts/{first.pk}",
        {"body": "Bài 5 và bài 6?", "title": "Bài tập tuần 3"},
        content_type="application/json",
    )
    mine = client.get(f"{API}/posts/mine").json()
    deleted = client.delete(f"{API}/posts/{first.pk}")

    assert refused.status_code == 403
    assert edited.json()["body"] == "Bài 5 và bài 6?"
    assert edited.json()["edited_at"]
    assert [p["body"] for p in mine["items"]] == ["Bài 5 và bài 6?"]
    assert deleted.status_code == 204
    first.refresh_from_db()
    assert first.moderation == "deleted"
    assert first.topic.title == "Bài tập tuần 3"


def test_staff_pin_and_lock_through_the_api_students_may_not(client, district, board):
    first = topic(board, district.student)
    client.force_login(district.student)
    refused = client.patch(
        f"{API}/topics/{first.topic_id}", {"pinned": True}, content_type="application/json"
    )
    client.force_login(district.teacher)
    changed = client.patch(
        f"{API}/topics/{first.topic_id}",
        {"pinned": True, "locked": True},
        content_type="application/json",
    )

    assert refused.status_code == 403
    assert changed.json()["pinned"] is True
    assert changed.json()["locked"] is True
