"""Every URL that takes an object id answers 403 or 404 to a user of another school.

The walk is generic: it collects the ids of every row of the other school (in every scoped
model, and its people), drops ids that happen to be visible to the visitor in some model, and
requests every id-taking URL pattern with each of them. New modules' URLs are covered as soon
as they are added.
"""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

from digicampus.accounts.models import ImportJob, Membership, User
from digicampus.core.models import ScopedQuerySet
from digicampus.core.permissions import has_visibility

STR_VALUES = {"action": "disable", "kind": "students"}
# An id parameter: an int converter, or (in the API's routes) a name ending in id or pk.
ID_PARAM = re.compile(r"<int:\w+>|<(?:\w+_id|pk)>")


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _id_routes():
    routes = []
    for route in _patterns():
        if ID_PARAM.search(route) and not route.startswith("django-admin"):
            routes.append(route.lstrip("^").rstrip("$"))
    return sorted(set(routes))


def _fill(route: str, value: int) -> str:
    def replace(match):
        converter, name = match.group(1), match.group(2)
        is_id = converter == "int" or name == "pk" or name.endswith("_id")
        return str(value) if is_id else STR_VALUES.get(name, "x")

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", replace, route)


def _other_school_ids(district) -> set[int]:
    ids: set[int] = set()
    for model in apps.get_models():
        if not has_visibility(model):
            continue
        qs = model._default_manager.all()
        if not isinstance(qs, ScopedQuerySet):
            continue
        names = {f.name for f in model._meta.get_fields()}
        if model._meta.label_lower == "org.school":
            ids |= {district.other_school.pk}
        elif "school" in names:
            ids |= set(qs.filter(school=district.other_school).values_list("pk", flat=True))
    ids |= set(
        User.objects.filter(memberships__school=district.other_school).values_list("pk", flat=True)
    )
    ids |= _other_school_forum_ids(district)
    ids |= _other_school_portal_ids(district)
    ids |= _other_school_space_ids(district)
    return ids


def _visible_ids(user) -> set[int]:
    ids: set[int] = set()
    for model in apps.get_models():
        if has_visibility(model):
            ids |= set(model._default_manager.visible_to(user).values_list("pk", flat=True))
    return ids


def _other_school_messages(district):
    """Announcements, contact-book entries and their notifications in the other school."""
    from digicampus.messaging import services

    services.announcement_create(
        actor=district.other_school_admin,
        audience="school_parents",
        school=district.other_school,
        title="x",
        body="y",
        confirmation="click",
    )
    from digicampus.safety.services import report_create

    report_create(
        actor=district.other_parent, school=district.other_school, category="scam", text="x"
    )
    from digicampus.safety import services as safety

    safety.abuse_report_create(
        actor=district.other_parent,
        school=district.other_school,
        child=district.other_student,
        severity="high",
        where="online",
        description="x",
    )
    safety.feedback_create(
        actor=district.other_student,
        school=district.other_school,
        kind="feedback",
        subject="x",
        body="y",
    )
    safety.team_member_save(
        actor=district.other_school_admin,
        school=district.other_school,
        user=district.other_school_teacher,
        duty="x",
        handles_abuse=True,
    )
    services.contact_entry_create(
        actor=district.other_school_teacher,
        classroom=district.other_classroom,
        kind="comment",
        body="z",
        student=district.other_student,
    )


def _other_school_forum(district):
    """A class board of the other school with a topic and a reply."""
    from digicampus.portal import services
    from digicampus.portal.tests.factories import class_board

    board = class_board(district.other_classroom)
    first = services.topic_create(
        actor=district.other_student, board=board, title="Bài tập", body="Bài 5?"
    )
    services.post_reply(actor=district.other_school_teacher, topic=first.topic, body="Xem lại.")


def _other_school_forum_ids(district) -> set[int]:
    """Topics and posts reach their school through their board, not a `school` field."""
    from digicampus.portal.models import Post, Topic

    topics = Topic.objects.filter(board__school=district.other_school)
    posts = Post.objects.filter(topic__board__school=district.other_school)
    return set(topics.values_list("pk", flat=True)) | set(posts.values_list("pk", flat=True))


def _other_school_portal(district):
    """The other school's portal with a column, a writer, an uploaded image and articles that
    are not public (draft, submitted, scheduled for later) and an unpublished page. Public pages
    of published content are open to everyone by design, and their URLs take slugs rather than
    ids, so only rows that must stay private are probed."""
    import io
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone
    from PIL import Image

    from digicampus.portal import services
    from digicampus.portal.tests.factories import draft, school_site, writer_of

    site = school_site(district.other_school)
    writer = writer_of(site, district.other_school_teacher)
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    image = services.site_file_store(
        actor=writer, site=site, upload=SimpleUploadedFile("a.png", buffer.getvalue())
    )
    draft(site, writer, body=f'<img src="{image.get_absolute_url()}">')
    services.article_submit(actor=writer, article=draft(site, writer, title="Nộp"))
    services.article_publish(
        actor=district.other_school_admin,
        article=draft(site, writer, title="Hẹn giờ"),
        publish_at=timezone.now() + timedelta(days=1),
    )
    services.page_save(
        actor=district.other_school_admin, site=site, title="Giới thiệu", body="<p>x</p>"
    )


def _other_school_portal_ids(district) -> set[int]:
    """Portal rows reach their school through their site, not a `school` field."""
    from digicampus.portal.models import Article, Column, Page, SiteFile, SiteRole

    ids: set[int] = set()
    for model in (Article, Column, Page, SiteFile, SiteRole):
        rows = model._default_manager.filter(site__school=district.other_school)
        ids |= set(rows.values_list("pk", flat=True))
    return ids


def _other_school_spaces(district):
    """The other school's spaces: a teacher's with a course, a unit and a resource, a
    student's with a post, a guestbook note and a collected link, an interest group, and
    homework with a graded submission."""
    from decimal import Decimal

    from digicampus.spaces import services
    from digicampus.spaces.tests.factories import course, homework, space_of, unit

    services.spaces_ensure(school=district.other_school)
    teacher, student = district.other_school_teacher, district.other_student
    c = course(teacher, district.other_classroom)
    services.unit_resource_add(
        actor=teacher, unit=unit(c), slot="video", link="https://example.org/v"
    )
    space = space_of(student)
    services.post_create(actor=student, space=space, body="Bài thơ")
    services.guestbook_sign(actor=teacher, space=space, body="Tốt lắm")
    services.collected_add(actor=student, space=space, title="x", link="https://example.org")
    services.group_create(actor=teacher, school=district.other_school, name="CLB")
    assignment = homework(teacher, district.other_classroom)
    services.submission_save(actor=student, assignment=assignment, text="x")
    services.grades_save(
        actor=teacher, assignment=assignment, grades={student.pk: (Decimal(8), "")}
    )


def _other_school_space_ids(district) -> set[int]:
    """Space content reaches its school through its space or course, not a `school` field."""
    from digicampus.spaces.models import (
        CollectedItem,
        GuestbookEntry,
        SpacePost,
        Unit,
        UnitResource,
    )

    ids: set[int] = set()
    for model in (CollectedItem, GuestbookEntry, SpacePost):
        rows = model._default_manager.filter(space__school=district.other_school)
        ids |= set(rows.values_list("pk", flat=True))
    ids |= set(
        Unit.objects.filter(course__school=district.other_school).values_list("pk", flat=True)
    )
    ids |= set(
        UnitResource.objects.filter(unit__course__school=district.other_school).values_list(
            "pk", flat=True
        )
    )
    return ids


def test_the_walk_covers_the_known_pages():
    routes = _id_routes()

    assert any(r.startswith("org/classes/") for r in routes)
    assert any(r.startswith("api/v1/org/classes/") for r in routes)
    assert any(r.startswith("accounts/imports/") for r in routes)
    assert any(r.startswith("messages/announcements/") for r in routes)
    assert any(r.startswith("forum/topics/") for r in routes)
    assert any(r.startswith("api/v1/forum/topics/") for r in routes)
    assert any(r.startswith("portal/articles/") for r in routes)
    assert any(r.startswith("portal/files/") for r in routes)
    assert any(r.startswith("api/v1/portal/articles/") for r in routes)
    assert any(r.startswith("spaces/homework/") for r in routes)


MISSING = 987_654_321


def _answer(client, url: str) -> int:
    """The status of the first method the URL accepts (GET, POST, PUT, PATCH, DELETE)."""
    for method in ("get", "post", "put", "patch", "delete"):
        status = getattr(client, method)(url).status_code
        if status != 405:
            return status
    return 405


@pytest.mark.parametrize(
    "visitor", ["school_admin", "teacher", "student", "parent", "collaborator", "reviewer"]
)
def test_user_of_another_school_gets_403_or_404_on_every_id_url(district, client, visitor):
    # The walk is thousands of requests: about 10 s a role on SQLite, 80 s on PostgreSQL. Who
    # sees what is decided by the same rules on both; on PostgreSQL it walks for the two roles
    # that see least (a student and a parent), on SQLite for all six.
    if connection.vendor == "postgresql" and visitor not in ("student", "parent"):
        pytest.skip("walked for every role on SQLite")
    ImportJob.objects.create(
        school=district.other_school, kind="students", original_name="x.xlsx", file="x.xlsx"
    )
    _other_school_messages(district)
    _other_school_forum(district)
    _other_school_portal(district)
    _other_school_spaces(district)
    Membership.objects.filter(user=district.other_school_admin)  # the other school's cast exists
    user = getattr(district, visitor)
    candidates = _other_school_ids(district) - _visible_ids(user)
    assert candidates, "the other school must own rows to probe"
    client.force_login(user)
    failures = []

    for route in _id_routes():
        for pk in sorted(candidates):
            url = _fill(route, pk)
            status = _answer(client, url)
            # An answer that does not depend on the row (a body refused before any lookup,
            # the same for an id that exists nowhere) tells nothing about it.
            if status not in (403, 404) and status != _answer(client, _fill(route, MISSING)):
                failures.append((url, status))

    assert failures == []
