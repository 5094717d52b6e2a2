"""Who sees which resource: the author, the school, the district once approved, everyone when
public; another school's teacher never sees a school-scoped or private resource."""

from django.contrib.auth.models import AnonymousUser

from digicampus.library.choices import ReviewState, ShareScope
from digicampus.library.models import Resource
from digicampus.library.tests.factories import approve, make_resource


def visible(user):
    return set(Resource.objects.visible_to(user).values_list("pk", flat=True))


def test_colleagues_see_a_school_resource_and_other_schools_do_not(district):
    resource = make_resource(district.teacher, district.school, scope=ShareScope.SCHOOL)

    assert resource.pk in visible(district.school_admin)
    assert resource.pk in visible(district.reviewer)
    assert resource.pk in visible(district.bureau_admin)
    assert resource.pk not in visible(district.other_school_teacher)
    assert resource.pk not in visible(district.student)
    assert resource.pk not in visible(AnonymousUser())


def test_only_the_author_sees_a_private_resource(district):
    resource = make_resource(district.teacher, district.school, scope=ShareScope.PRIVATE)

    assert resource.pk in visible(district.teacher)
    assert resource.pk not in visible(district.school_admin)
    assert resource.pk not in visible(district.other_school_teacher)


def test_a_district_resource_reaches_other_schools_only_once_approved(district):
    resource = make_resource(district.teacher, district.school, scope=ShareScope.DISTRICT)
    assert resource.review_state == ReviewState.SCHOOL
    assert resource.pk in visible(district.school_admin)
    assert resource.pk not in visible(district.other_school_teacher)

    approve(resource, district.reviewer, district.bureau_admin)

    assert resource.review_state == ReviewState.APPROVED
    assert resource.pk in visible(district.other_school_teacher)
    assert resource.pk not in visible(AnonymousUser())


def test_a_public_resource_is_seen_without_signing_in_once_approved(district):
    resource = make_resource(district.teacher, district.school, scope=ShareScope.PUBLIC)
    assert resource.pk not in visible(AnonymousUser())

    approve(resource, district.school_admin, district.bureau_admin)

    assert resource.pk in visible(AnonymousUser())
    assert resource.pk in visible(district.other_parent)


def test_a_resource_held_by_screening_is_seen_by_its_author_and_the_safety_team_only(district):
    from digicampus.library import selectors

    resource = make_resource(
        district.teacher, district.school, title="Mày ngu như con chó", scope=ShareScope.SCHOOL
    )

    assert resource.moderation != "published"
    assert resource.pk in visible(district.teacher)
    assert resource.pk in visible(district.collaborator)
    assert resource.pk not in visible(district.reviewer)
    assert selectors.resource_search(actor=district.reviewer, text="may ngu").resources == []


def test_a_held_resource_restored_by_the_safety_team_reaches_colleagues_and_search(district):
    from digicampus.library import selectors
    from digicampus.safety import services as safety
    from digicampus.safety.models import Case

    resource = make_resource(
        district.teacher, district.school, title="Mày ngu như con chó", scope=ShareScope.SCHOOL
    )
    case = Case.objects.get(content_id=resource.pk, content_label="library.resource")

    safety.case_decide(actor=district.school_admin, case=case, action="restore")

    assert resource.pk in visible(district.reviewer)
    assert [
        r.pk for r in selectors.resource_search(actor=district.reviewer, text="may ngu").resources
    ] == [resource.pk]
