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


def test_instances_are_those_the_queryset_gives(groups: list[Group]) -> None:
    """Model instances with their related objects and annotations, the same as iterating the
    queryset gives, for any values."""
    from django.contrib.auth.models import Permission
    from django.db.models import Count

    permissions = list(Permission.objects.order_by("pk")[:6])
    for i, group in enumerate(groups[:6]):
        group.permissions.set(permissions[: i + 1])

    def build(low: int) -> object:
        return (
            Permission.objects.filter(pk__gte=low)
            .select_related("content_type")
            .annotate(n=Count("group"))
            .order_by("pk")[:8]
        )

    prepared = Prepared(build)
    for low in (permissions[0].pk, permissions[3].pk):
        expected = list(build(low))
        found = prepared.instances(low)
        assert len(found) == len(expected) == 8
        for got, want in zip(found, expected, strict=True):
            assert type(got) is type(want)
            assert (got.pk, got.codename, got.content_type_id) == (
                want.pk,
                want.codename,
                want.content_type_id,
            )
            assert got.n == want.n
            assert got.content_type.app_label == want.content_type.app_label
            assert not got._state.adding
    assert prepared.instances(10**9) == []


def test_instances_do_not_prefetch() -> None:
    prefetching = Prepared(lambda pk: Group.objects.filter(pk=pk).prefetch_related("permissions"))
    with pytest.raises(PreparedShapeError):
        prefetching.instances(1)


def test_values_are_converted_as_values_list_converts_them() -> None:
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    now = timezone.now()
    for n in range(3):
        Session.objects.create(
            session_key=f"key{n}", session_data="{}", expire_date=now + timedelta(days=n)
        )

    def build(*, low: str) -> object:
        return (
            Session.objects.filter(session_key__gte=low)
            .order_by("session_key")
            .values_list("session_key", "expire_date")
        )

    prepared = Prepared(build)
    found = prepared.values(low="key1")
    assert found == list(build(low="key1"))
    assert found[0][1] == now + timedelta(days=1)


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


def test_only_choice_values_are_written_into_the_sql() -> None:
    from digicampus.core.prepared import Inline

    named = Prepared(lambda *, name: Group.objects.filter(name=Inline(name)).values_list("pk"))
    assert named.rows(name="teachers") == []
    with pytest.raises(PreparedShapeError):
        named.rows(name="x' OR '1'='1")
