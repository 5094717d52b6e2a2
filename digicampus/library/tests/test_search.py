"""Search: Vietnamese with or without diacritics, Chinese substrings, English words, filters,
ranking, and only what the reader may see."""

import pytest
from django.contrib.auth.models import AnonymousUser

from digicampus.core.search import normalize
from digicampus.library import selectors
from digicampus.library.choices import ResourceType, ShareScope, Subject
from digicampus.library.tests.factories import approve, make_resource


def titles(user, text, **filters):
    page = selectors.resource_search(actor=user, text=text, filters=filters)
    return [r.title for r in page.resources]


@pytest.fixture
def shelf(district):
    """Resources of the first school, shared with the district and approved."""
    made = [
        make_resource(
            district.teacher, district.school, title=title, scope=ShareScope.DISTRICT, **fields
        )
        for title, fields in [
            ("Bài giảng phân số lớp 6", {"description": "Cộng và trừ phân số"}),
            ("Đường tròn và góc", {"grade": 9, "subject": Subject.MATHS}),
            ("分数的加法与减法", {"subject": Subject.CHINESE, "language": "zh-hans"}),
            ("Fractions for beginners", {"subject": Subject.ENGLISH, "language": "en"}),
            ("Kiểm tra giữa kỳ", {"resource_type": ResourceType.TEST_PAPER}),
        ]
    ]
    for resource in made:
        approve(resource, district.reviewer, district.bureau_admin)
    return made


def test_fold_removes_vietnamese_marks_and_writes_d_for_đ():
    assert normalize.fold("Phân số đường tròn Đà Nẵng") == "Phan so duong tron Da Nang"


def test_chinese_is_indexed_in_overlapping_pairs():
    exact, _folded = normalize.index_forms("分数的加法")
    assert exact.split() == ["分数", "数的", "的加", "加法"]


def test_a_query_without_diacritics_finds_vietnamese_text(district, shelf):
    assert titles(district.other_school_teacher, "bai giang phan so") == ["Bài giảng phân số lớp 6"]
    assert titles(district.other_school_teacher, "duong tron") == ["Đường tròn và góc"]


def test_a_query_with_diacritics_finds_the_same_text(district, shelf):
    assert titles(district.other_school_teacher, "Phân Số") == ["Bài giảng phân số lớp 6"]
    assert titles(district.other_school_teacher, "cộng phân số") == ["Bài giảng phân số lớp 6"]


def test_any_chinese_substring_of_two_characters_or_more_matches(district, shelf):
    for text in ("分数", "数的加", "加法与减", "减法"):
        assert titles(district.other_school_teacher, text) == ["分数的加法与减法"], text
    assert titles(district.other_school_teacher, "加减") == []


def test_english_matches_words_in_any_case(district, shelf):
    assert titles(district.other_school_teacher, "BEGINNERS fractions") == [
        "Fractions for beginners"
    ]
    assert titles(district.other_school_teacher, "fraction") == []


def test_filters_narrow_the_results(district, shelf):
    assert titles(district.other_school_teacher, "", grade=9) == ["Đường tròn và góc"]
    assert titles(district.other_school_teacher, "", resource_type=ResourceType.TEST_PAPER) == [
        "Kiểm tra giữa kỳ"
    ]
    assert titles(district.other_school_teacher, "phan so", subject=Subject.ENGLISH) == []


def test_title_matches_rank_above_description_matches(district, shelf):
    make_resource(district.teacher, district.school, title="Ôn tập chương 2", description="phân số")

    found = titles(district.teacher, "phan so")

    assert found[0] == "Bài giảng phân số lớp 6"
    assert "Ôn tập chương 2" in found


def test_search_never_shows_what_the_reader_may_not_see(district, shelf):
    make_resource(
        district.teacher, district.school, title="Phân số nội bộ", scope=ShareScope.SCHOOL
    )
    make_resource(
        district.teacher, district.school, title="Phân số riêng", scope=ShareScope.PRIVATE
    )

    assert "Phân số nội bộ" in titles(district.school_admin, "phan so")
    assert "Phân số riêng" not in titles(district.school_admin, "phan so")
    assert "Phân số riêng" in titles(district.teacher, "phan so")
    assert titles(district.other_school_teacher, "noi bo") == []
    assert titles(AnonymousUser(), "phan so") == []


def test_a_change_of_sharing_reaches_the_index(district, shelf):
    from digicampus.library import services

    resource = shelf[0]
    services.resource_update(actor=district.teacher, resource=resource, scope=ShareScope.SCHOOL)

    assert titles(district.other_school_teacher, "phan so") == []


def test_within_a_tier_the_newest_comes_first(district, shelf):
    for n in range(3):
        make_resource(district.teacher, district.school, title=f"Phân số bài {n}")

    found = titles(district.teacher, "phan so")

    assert found[:4] == [f"Phân số bài {n}" for n in (2, 1, 0)] + ["Bài giảng phân số lớp 6"]


def test_a_title_spelled_as_typed_ranks_above_a_folded_one(district, shelf):
    make_resource(district.teacher, district.school, title="Phan so co ban")

    assert titles(district.teacher, "phân số")[:2] == ["Bài giảng phân số lớp 6", "Phan so co ban"]
    assert titles(district.teacher, "phan so")[:2] == ["Phan so co ban", "Bài giảng phân số lớp 6"]


def test_a_query_is_ranked_among_its_newest_matches(district, shelf, monkeypatch):
    from digicampus.core import search

    for n in range(3):
        make_resource(district.teacher, district.school, title=f"Ôn tập {n}", description="phân số")
    assert titles(district.teacher, "phan so")[0] == "Bài giảng phân số lớp 6"

    monkeypatch.setattr(search, "RANK_WINDOW", 3)
    found = titles(district.teacher, "phan so")

    # The older title match is outside the window of the three newest: it follows them.
    assert found == ["Ôn tập 2", "Ôn tập 1", "Ôn tập 0", "Bài giảng phân số lớp 6"]


def test_the_sqlite_index_stores_differing_folded_forms_once_after_the_words():
    from digicampus.core.search.sqlite import merged

    exact, folded = normalize.index_forms("Phân số 分数的 fractions")

    assert merged(exact, folded) == "phân số 分数 数的 fractions phan so"


def test_the_reindex_command_rebuilds_every_entry(district, shelf):
    from io import StringIO

    from django.core.management import call_command

    from digicampus.core.models import SearchEntry
    from digicampus.core.search import search_rebuild

    SearchEntry.objects.all().update(keys="")
    search_rebuild()
    assert titles(district.other_school_teacher, "phan so") == []
    out = StringIO()

    call_command("library_reindex", batch=2, stdout=out)

    assert "5 resources indexed." in out.getvalue()
    assert titles(district.other_school_teacher, "phan so") == ["Bài giảng phân số lớp 6"]


def test_postgres_finds_the_same_newest_matches_by_walking_or_by_its_index(
    district, shelf, monkeypatch
):
    from django.db import connection

    from digicampus.core.search import normalize, postgres
    from digicampus.library.rules import reader_keys

    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL backend")
    for n in range(4):
        make_resource(district.teacher, district.school, title=f"Phân số bài {n}")
    make_resource(district.teacher, district.school, title="Hình học")
    prefix = normalize.key("library.resource")
    keys = [sorted(prefix + normalize.key(k) for k in reader_keys(district.teacher))]

    def newest(walk: int) -> list[int]:
        monkeypatch.setattr(postgres, "WALK_ROWS", walk)
        found = postgres.candidates(groups=normalize.groups("phan so"), key_groups=keys, count=3)
        return [c.object_id for c in found]

    # Four of the five newest rows match: read in order; none of zero: asked of the index.
    assert newest(5) == newest(0)
    assert len(newest(5)) == 3
