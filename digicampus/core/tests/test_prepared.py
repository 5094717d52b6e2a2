"""Prepared queries give the rows and counts of their querysets, for any values and shapes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from digicampus.core.prepared import Prepared, PreparedShapeError

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups() -> list[Group]:
    return [Group.objects.create(name=f"group {n:02d}") for n in range(12)]


def test_rows_and_counts_follow_the_values(groups: list[Group]) -> None:
    above = Prepared(
        lambda low: Group.objects.filter(pk__gt=low).order_by("pk").values_list("pk", "name")
    )
    for group in (groups[0], groups[5], groups[11]):
        expected = list(
            Group.objects.filter(pk__gt=group.pk).order_by("pk").values_list("pk", "name")
        )
        assert above.rows(group.pk) == [tuple(row) for row in expected]
        assert above.count(group.pk) == len(expected)


def test_each_shape_is_compiled_on_its_own(groups: list[Group]) -> None:
    window = Prepared(
        lambda low, *, start, stop: (
            Group.objects.filter(pk__gte=low)
            .order_by("pk")[start:stop]
            .values_list("pk", flat=False)
        )
    )
    pks = [g.pk for g in groups]
    assert window.rows(pks[0], start=0, stop=5) == [(pk,) for pk in pks[0:5]]
    assert window.rows(pks[0], start=5, stop=10) == [(pk,) for pk in pks[5:10]]
    assert window.rows(pks[3], start=5, stop=10) == [(pk,) for pk in pks[8:12]]


def test_lists_of_any_length(groups: list[Group]) -> None:
    chosen = Prepared(
        lambda *pks: Group.objects.filter(pk__in=pks).order_by("pk").values_list("name")
    )
    assert chosen.rows(groups[1].pk) == [("group 01",)]
    assert chosen.rows(groups[4].pk, groups[2].pk) == [("group 02",), ("group 04",)]


def test_a_value_that_is_not_a_parameter_is_refused(groups: list[Group]) -> None:
    # A value the SQL does not carry as a parameter (unused, or written into the SQL text)
    # would be silently ignored: it must be a shape argument instead.
    unused = Prepared(lambda low: Group.objects.order_by("pk").values_list("pk"))
    with pytest.raises(PreparedShapeError):
        unused.rows(3)


def test_queries_are_counted(groups: list[Group], django_assert_num_queries) -> None:
    every = Prepared(lambda low: Group.objects.filter(pk__gte=low).values("pk"))
    with django_assert_num_queries(2):
        every.rows(groups[0].pk)
        every.count(groups[0].pk)


def test_counting_drops_the_order(groups: list[Group]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ordered = Prepared(lambda low: Group.objects.filter(pk__gte=low).order_by("-name"))
    with CaptureQueriesContext(connection) as queries:
        assert ordered.count(groups[2].pk) == 10
    assert "ORDER BY" not in queries.captured_queries[0]["sql"]


def test_instances_are_those_the_queryset_gives(district) -> None:
    """Model instances with their related objects, converted values (dates, booleans) and
    annotations, the same as iterating the queryset gives, for any values."""
    from django.db.models import Count

    from digicampus.accounts.models import Membership

    def build(user_id: int) -> object:
        return (
            Membership.objects.filter(user_id=user_id)
            .select_related("user", "school", "classroom__school")
            .annotate(n=Count("school__classrooms"))
            .order_by("pk")
        )

    prepared = Prepared(build)
    fields = ("pk", "role", "school_id", "classroom_id")
    for user in (district.student, district.teacher, district.parent):
        expected = list(build(user.pk))
        found = prepared.instances(user.pk)
        assert len(found) == len(expected) > 0
        for got, want in zip(found, expected, strict=True):
            assert type(got) is type(want)
            assert [getattr(got, f) for f in fields] == [getattr(want, f) for f in fields]
            assert got.n == want.n
            assert got.user.is_active is want.user.is_active is True
            assert got.user.date_joined == want.user.date_joined
            if want.school_id:
                assert got.school.name == want.school.name
            if want.classroom_id:
                assert got.classroom.school.name == want.classroom.school.name
            assert not got._state.adding
    assert prepared.instances(-1) == []


def test_instances_do_not_prefetch() -> None:
    prefetching = Prepared(lambda pk: Group.objects.filter(pk=pk).prefetch_related("permissions"))
    with pytest.raises(PreparedShapeError):
        prefetching.instances(1)


def test_values_are_converted_as_values_list_converts_them(district) -> None:
    from digicampus.accounts.models import User

    def build(pk: int) -> object:
        return (
            User.objects.filter(pk__gte=pk)
            .order_by("pk")
            .values_list("pk", "full_name", "is_active", "date_joined", "last_login")
        )

    prepared = Prepared(build)
    first = district.student.pk
    assert prepared.values(first) == list(build(first))
    assert isinstance(prepared.values(first)[0][3], type(district.student.date_joined))


def test_an_inline_id_is_written_into_the_sql(groups: list[Group]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from digicampus.core.prepared import Inline

    above = Prepared(
        lambda *, low: Group.objects.filter(pk__gt=Inline(low)).order_by("pk").values_list("pk")
    )
    for group in (groups[2], groups[9]):
        with CaptureQueriesContext(connection) as queries:
            found = above.rows(low=group.pk)
        assert found == [(g.pk,) for g in groups if g.pk > group.pk]
        assert f"> {group.pk}" in queries[0]["sql"]
