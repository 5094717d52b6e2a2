"""Resources: upload with versions, the two-step review with notifications, featuring,
ratings, quotas."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.utils import timezone

from digicampus.core.errors import DomainError
from digicampus.library import selectors, services
from digicampus.library.choices import (
    ResourceType,
    ReviewDecision,
    ReviewState,
    ShareScope,
)
from digicampus.library.models import StoredFile
from digicampus.library.tests.factories import approve, make_resource, pdf_upload
from digicampus.messaging.models import Notification


def test_a_teacher_uploads_a_school_resource_without_review(district):
    resource = make_resource(district.teacher, district.school)

    assert resource.review_state == ReviewState.NOT_NEEDED
    assert resource.current_version.number == 1
    assert resource.current_version.file.kind == "pdf"


def test_another_schools_teacher_cannot_upload_to_the_school(district):
    with pytest.raises(PermissionDenied):
        make_resource(district.other_school_teacher, district.school)


def test_a_new_version_keeps_the_old_one_and_sends_a_shared_resource_back_to_review(district):
    resource = approve(
        make_resource(district.teacher, district.school, scope=ShareScope.DISTRICT),
        district.reviewer,
        district.bureau_admin,
    )

    version = services.resource_version_add(
        actor=district.teacher, resource=resource, upload=pdf_upload("v2.pdf"), note="Sửa lỗi"
    )

    assert version.number == 2
    assert [v.number for v in resource.versions.order_by("number")] == [1, 2]
    resource.refresh_from_db()
    assert resource.current_version == version
    assert resource.review_state == ReviewState.SCHOOL


def test_the_review_goes_school_then_bureau_and_the_author_is_told(
    district, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        resource = make_resource(district.teacher, district.school, scope=ShareScope.DISTRICT)
    to_review = Notification.objects.get(template="resource_review")
    assert district.reviewer.pk in to_review.audience["users"]
    assert district.school_admin.pk in to_review.audience["users"]

    with django_capture_on_commit_callbacks(execute=True):
        services.resource_review(
            actor=district.reviewer, resource=resource, decision=ReviewDecision.APPROVE
        )
    assert resource.review_state == ReviewState.BUREAU
    assert list(selectors.review_queue(actor=district.bureau_admin)) == [resource]
    assert list(selectors.review_queue(actor=district.reviewer)) == []

    with django_capture_on_commit_callbacks(execute=True):
        services.resource_review(
            actor=district.bureau_admin, resource=resource, decision=ReviewDecision.APPROVE
        )
    assert resource.review_state == ReviewState.APPROVED
    told = Notification.objects.get(template="resource_approved")
    assert told.audience == {"users": [district.teacher.pk]}


def test_returning_needs_a_comment_and_the_author_can_submit_again(district):
    resource = make_resource(district.teacher, district.school, scope=ShareScope.PUBLIC)

    with pytest.raises(DomainError):
        services.resource_review(
            actor=district.school_admin, resource=resource, decision=ReviewDecision.RETURN
        )
    services.resource_review(
        actor=district.school_admin,
        resource=resource,
        decision=ReviewDecision.RETURN,
        comment="Thiếu đáp án",
    )
    assert resource.review_state == ReviewState.RETURNED

    services.resource_submit(actor=district.teacher, resource=resource)

    assert resource.review_state == ReviewState.SCHOOL


def test_nobody_reviews_their_own_resource_or_another_schools(district):
    resource = make_resource(district.school_admin, district.school, scope=ShareScope.DISTRICT)

    for actor in (district.school_admin, district.other_school_admin, district.bureau_admin):
        with pytest.raises(PermissionDenied):
            services.resource_review(
                actor=actor, resource=resource, decision=ReviewDecision.APPROVE
            )


def test_the_bureau_features_a_shared_resource_and_colleagues_rate_it(district):
    resource = approve(
        make_resource(district.teacher, district.school, scope=ShareScope.DISTRICT),
        district.reviewer,
        district.bureau_admin,
    )

    services.resource_feature(actor=district.bureau_admin, resource=resource, featured=True)
    services.resource_rate(actor=district.other_school_teacher, resource=resource, stars=5)
    services.resource_rate(actor=district.school_admin, resource=resource, stars=4)
    services.resource_rate(actor=district.school_admin, resource=resource, stars=2)

    assert resource.featured
    assert (resource.rating_count, resource.rating) == (2, 3.5)
    with pytest.raises(PermissionDenied):
        services.resource_feature(actor=district.school_admin, resource=resource, featured=False)
    with pytest.raises(PermissionDenied):
        services.resource_rate(actor=district.teacher, resource=resource, stars=5)


def test_quota_progress_counts_the_years_shared_resources(district):
    today = timezone.localdate()
    quotas = services.quota_year_set(
        actor=district.bureau_admin,
        bureau=district.bureau,
        year_name="2026-2027",
        starts_on=date(today.year - 1, 1, 1),
        ends_on=date(today.year + 1, 12, 31),
    )
    for _ in range(3):
        make_resource(district.teacher, district.school)
    make_resource(district.teacher, district.school, scope=ShareScope.PRIVATE)
    make_resource(district.teacher, district.school, resource_type=ResourceType.COURSEWARE)

    rows = selectors.quota_progress(
        schools=[district.school, district.other_school],
        quotas=selectors.current_quotas(bureau_id=district.bureau.pk),
    )

    assert {q.resource_type: q.target for q in quotas} == {
        "lesson_plan": 10,
        "courseware": 5,
        "demo_video": 2,
    }
    cells = {t: (done, target) for t, done, target in rows[0].cells}
    assert cells["lesson_plan"] == (3, 10)
    assert cells["courseware"] == (1, 5)
    assert rows[0].percent == round(100 * 4 / 17, 1)
    assert rows[1].percent == 0.0


def test_a_refused_file_leaves_no_resource_and_no_file(district):
    before = StoredFile.objects.count()

    with pytest.raises(DomainError):
        make_resource(
            district.teacher,
            district.school,
            resource_type=ResourceType.DEMO_VIDEO,
            upload=pdf_upload(),
        )

    assert StoredFile.objects.count() == before
    assert district.teacher.library_resources.count() == 0


def test_a_file_stored_before_a_later_failure_is_removed(district):
    class LaterError(Exception):
        pass

    names = []

    def store_then_fail():
        with services.files_undone_on_error():
            stored = services.file_store(
                actor=district.teacher, upload=pdf_upload(), school=district.school
            )
            names.append(stored.file.name)
            raise LaterError

    with pytest.raises(LaterError):
        store_then_fail()

    assert not default_storage.exists(names[0])


def test_the_demo_library_shows_seven_of_ten_lesson_plans_in_the_first_school(district):
    from digicampus.library.demo import seed_library

    seed_library(bureau=district.bureau, schools=[district.school], locale="vi")

    rows = selectors.quota_progress(
        schools=[district.school], quotas=selectors.current_quotas(bureau_id=district.bureau.pk)
    )
    assert ("lesson_plan", 7, 10) in rows[0].cells
    found = selectors.resource_search(actor=district.other_school_teacher, text="phan so")
    assert len(found.resources) == 2
