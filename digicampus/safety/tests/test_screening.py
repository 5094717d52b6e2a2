"""The screening engine: disguised spellings in three languages, harmless look-alikes, offsets,
personal data, policies, the commands and the evaluation targets."""

import io
import json
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from digicampus.safety.evaluation import (
    LANGUAGES,
    PRECISION_TARGET,
    RECALL_TARGET,
    evaluate_all,
    load,
)
from digicampus.safety.screening import (
    BLOCK,
    DEFAULT_POLICY,
    HOLD,
    PUBLISH,
    Policy,
    normalise,
    personal,
    screen,
)
from digicampus.safety.screening.lexicon import compiled, lexicon_sizes


def spans_of(text, result=None):
    result = result or screen(text)
    return [(text[s.start : s.end], s.category) for s in result.spans]


# ------------------------------------------------------------------ the first cases


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Mày ngu thế", "insult"),
        ("m.à.y n-g-u", "insult"),
        ("nguuuuu quá", "insult"),
        ("đm thằng kia", "insult"),
        ("c h ế t đi", "insult"),
        ("你是傻逼吗", "insult"),
        ("你是傻-逼", "insult"),
        ("ＳＴＵＰＩＤ", "insult"),
        ("I want to k1ll myself", "self_harm"),
        ("Chúc mừng bạn trúng thưởng, chuyển khoản phí nhận quà", "scam"),
        ("恭喜中奖，请先转账", "scam"),
        ("gọi 0912 345 678 nhé", "personal_data"),
        ("卡号 4111 1111 1111 1111", "personal_data"),
    ],
)
def test_harmful_text_is_held(text, category):
    result = screen(text)

    assert result.decision == "hold"
    assert category in result.categories


@pytest.mark.parametrize(
    "text",
    [
        "Tôi lớn hơn bạn",
        "DM me the homework",
        "em học giỏi lắm",
        "Good job, cool!",
        "今天的作业很简单",
        "số 12345 không phải điện thoại",
    ],
)
def test_harmless_text_is_published(text):
    assert screen(text).decision == "publish"


def test_spans_point_into_the_original_text():
    text = "Bạn ấy nói: m.à.y n-g-u"

    span = screen(text).spans[0]

    assert text[span.start : span.end] == "n-g-u"


def test_private_messages_may_carry_a_phone_number():
    assert screen("Cô gọi 0912345678 nhé", personal_data=False).decision == "publish"


def test_screen_command_reads_lines_and_writes_json(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("xin chào\nđồ ngu\n"))
    out = io.StringIO()

    call_command("screen", stdout=out)

    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["decision"] for line in lines] == ["publish", "hold"]
    assert lines[1]["spans"][0]["category"] == "insult"


# ------------------------------------------------------------------ normalisation


def test_normalise_maps_every_character_back_to_the_original():
    text = "Bạn ấy nói: m.à.y n-g-u"

    normal, origin = normalise(text)

    assert normal == "ban ay noi may ngu"
    assert len(origin) == len(normal)
    assert [text[origin[i]] for i in range(len(normal) - 3, len(normal))] == ["n", "g", "u"]


def test_full_width_and_decomposed_text_keep_original_offsets():
    decomposed = "Đồ nguu\u0301u\u0301u\u0301 ＳＴＵＰＩＤ"

    found = spans_of(decomposed)

    assert ("ＳＴＵＰＩＤ", "insult") in found
    assert all(text.strip() == text for text, _ in found)


def test_zero_width_characters_and_masks_inside_a_word_do_not_hide_it():
    assert "insult" in screen("what the f\u200bu\u200bc\u200bk").categories
    assert spans_of("what the f*ck is this") == [("f*ck", "insult")]


def test_letters_spaced_out_in_two_words_are_joined():
    assert screen("ai có c ầ n  s a bán cho mình").categories == ["drugs"]
    assert "insult" in screen("F U C K  O F F Tyler").categories


# ------------------------------------------------------------------ Vietnamese


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("k muốn sống nữa đâu", "self_harm"),
        ("ko muon song nua", "self_harm"),
        ("thg ml kia", "insult"),
        ("mún chết quá", "self_harm"),
        ("ng00 thế", "insult"),
        ("có đứa nào muốn ch1ch không", "sexual"),
        ("tao zết mày", "violence"),
    ],
)
def test_teencode_and_informal_spellings_are_read(text, category):
    assert category in screen(text).categories


@pytest.mark.parametrize(
    "text",
    [
        "Con đi ngủ đây, chúc mẹ ngủ ngon",
        "di ngu thoi mai con thi",
        "Môn Ngữ văn hôm nay học thành ngữ",
        "Mẹ mua thêm lon sữa cho em bé",
        "Ông ấy là người lớn tuổi nhất xóm",
        "Các con đi cổng phụ nhé",
        "Kiểm tra VL 15 phút vào tiết 3",
        "Lấy 5 cc dung dịch NaCl",
        "Mẹ mua quả óc chó cho con",
        "Mệt muốn chết, hôm nay học 5 tiết",
        "Điểm thi của con là 9 điểm",
    ],
)
def test_vietnamese_look_alikes_are_published(text):
    assert screen(text).decision == PUBLISH, spans_of(text)


def test_diacritics_in_the_text_decide_between_look_alikes():
    assert screen("thằng đó lớn thật").decision == PUBLISH
    assert "sexual" in screen("đồ lồn").categories
    assert screen("đi ngủ").decision == PUBLISH
    assert screen("đồ ngu").decision == HOLD


# ------------------------------------------------------------------ Chinese


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("你這個傻屄，別再煩我了", "傻屄"),
        ("殺了你", "杀了你"),
        ("他媽的", "他妈的"),
        ("你是沙比吗", "傻逼"),
        ("草泥马", "操你妈"),
        ("cnm", "操你妈"),
        ("nmsl", "你妈死了"),
        ("shabi 李强", "傻逼"),
        ("sha bi 李强", "傻逼"),
        ("求一个huangse网站", "黄色网站"),
        ("有ｄａｍａ吗", "大麻"),
        ("要 K 粉 的加我", "k粉"),
    ],
)
def test_traditional_pinyin_and_homophones_map_to_the_term(text, term):
    assert term in [s.term for s in screen(text).spans]


def test_traditional_text_keeps_its_own_offsets():
    text = "你這個傻屄"

    span = screen(text).spans[0]

    assert text[span.start : span.end] == "傻屄"


@pytest.mark.parametrize(
    "text",
    [
        "电脑要装杀毒软件",
        "用消毒液擦桌子",
        "体育课在操场上",
        "新同学尼玛次仁来自西藏",
        "我想死你了",
    ],
)
def test_chinese_look_alikes_are_published(text):
    assert screen(text).decision == PUBLISH, spans_of(text)


def test_pinyin_that_is_vietnamese_without_diacritics_is_not_chinese():
    assert screen("ta mà dễ thế").decision == PUBLISH
    assert screen("ta ma de the thi khong sao dau").decision == PUBLISH


# ------------------------------------------------------------------ language awareness


def test_dm_is_a_vietnamese_insult_but_an_english_message():
    vietnamese = screen("đm thằng lớp trưởng")

    assert vietnamese.spans[0].language == "vi"
    assert screen("DM me the homework").decision == PUBLISH
    assert screen("check your DMs for the link").decision == PUBLISH
    assert screen("DM for details about the science fair").decision == PUBLISH
    assert screen("dm may im mom di").decision == HOLD


def test_text_language_is_reported():
    assert screen("Hôm nay trời đẹp quá").language == "vi"
    assert screen("今天天气很好").language == "zh"
    assert screen("the weather is nice today").language == "en"


def test_english_words_written_with_vietnamese_marks_are_vietnamese():
    assert screen("em bị cúm nên nghỉ học").decision == PUBLISH
    assert screen("cum shot").decision != PUBLISH


# ------------------------------------------------------------------ context


@pytest.mark.parametrize(
    "text",
    [
        "Nội quy: không được mang dao đến trường, không đánh nhau",
        "Tuyên truyền về tác hại của cờ bạc và cá độ bóng đá",
        "Knives, lighters and vapes are not allowed on school grounds",
        "Health class: the dangers of vaping and alcohol",
        "校规：禁止说脏话、打架、赌博",
        "Someone called me a loser in the group chat, what should I do?",
    ],
)
def test_rules_lessons_and_reports_are_published(text):
    assert screen(text).decision == PUBLISH, spans_of(text)


def test_a_lesson_never_hides_someone_speaking_of_their_own_death():
    assert screen("Cô tư vấn tâm lý ơi, em muốn chết").decision == HOLD
    assert screen("For my essay I don't care, I want to die").decision == HOLD


def test_cues_of_a_scam_count_only_together():
    assert screen("Em đã chuyển khoản học phí rồi ạ").decision == PUBLISH
    assert "scam" in screen("Bạn trúng thưởng, chuyển khoản phí để nhận").categories


def test_hate_names_a_group_and_speaks_against_it():
    assert screen("Lớp mình có nhiều bạn dân tộc thiểu số").decision == PUBLISH
    assert "hate" in screen("Bọn dân tộc thiểu số toàn lười biếng").categories
    assert "hate" in screen("muslims are all terrorists").categories


# ------------------------------------------------------------------ personal data


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("sđt 0912345678", "phone"),
        ("gọi +84 912 345 678", "phone"),
        ("zalo 0387.654.321", "phone"),
        ("ib zalo 0, 9, 1, 2, 3, 4, 5, 6, 7, 8 nha", "phone"),
        ("zalo: không chín tám bảy sáu năm bốn ba hai một", "phone"),
        ("手机 13812345678", "phone"),
        ("手机号：一三九 一二三四 八七六五", "phone"),
        ("call me at (555) 123-4567", "phone"),
        ("CCCD của em 001205012345", "citizen_id"),
        ("身份证 110105200803151232", "resident_id"),
        ("身份证 110105 20080315 1232", "resident_id"),
        ("thẻ 4111 1111 1111 1111", "card"),
        ("mail em là an.nguyen@example.com", "email"),
        ("nhà tớ ở số 12 ngõ 5 phố Huế", "address"),
        ("nhà mình ở 48 Nguyễn Trãi, phường 2", "address"),
        ("123 đường Lê Lợi", "address"),
        ("我住在中山路88号", "address"),
        ("阳光小区3栋2单元", "address"),
        ("I live at 12 Oak Street", "address"),
    ],
)
def test_personal_data_is_found(text, kind):
    assert kind in [s.term for s in screen(text).spans if s.category == "personal_data"]


@pytest.mark.parametrize(
    "text",
    [
        "số 0112345678 không có thật",  # no such mobile prefix
        "CCCD 099205012345",  # 099 is no province
        "CCCD 001905012345",  # century digit 9
        "身份证 110105200803151233",  # wrong check digit
        "身份证 110105200813151232",  # month 13
        "thẻ 4111 1111 1111 1112",  # Luhn fails
        "Năm học 2024-2025, lớp 10A1 đạt 9.5 điểm",
        "Hẹn gặp lúc 14:30 ngày 12/05/2024",
        "Điểm các bài: 8, 9, 7, 10, 9",
        "1 2 3 4 5 6 7 8 9 10 bạn xếp hàng",
        "Câu 5 đường thẳng AB cắt đường tròn",
        "Tính 123456789 x 9 rồi cộng thêm 10",
        "Học phí 1.500.000 đồng một tháng",
    ],
)
def test_numbers_that_are_not_personal_data_are_left_alone(text):
    assert "personal_data" not in screen(text).categories, spans_of(text)


def test_identity_checks_follow_the_official_rules():
    assert personal.citizen_id_valid("079305001234")
    assert not personal.citizen_id_valid("003305001234")  # 003 is not a province code
    assert personal.resident_id_valid("440304200911010526")
    assert not personal.resident_id_valid("440304200911010527")
    assert personal.card_valid("4111111111111111")
    assert not personal.card_valid("1234567812345670")  # valid Luhn, no issuer


# ------------------------------------------------------------------ policy


def test_a_bureau_adds_its_own_terms():
    policy = Policy.from_lists(additions=[("insult", "đồ heo quay", 2)])

    assert screen("mày là đồ heo quay", policy=policy).decision == HOLD
    assert screen("mày là đồ heo quay").decision == PUBLISH


def test_a_bureau_allows_its_own_phrases():
    policy = Policy.from_lists(allow=["cá độ vui"])

    assert screen("trò cá độ vui của lớp", policy=policy).decision == PUBLISH
    assert screen("trò cá độ vui của lớp").decision == HOLD


def test_a_bureau_sets_decisions_per_category_and_thresholds():
    strict = Policy.from_lists(decisions={"gambling": BLOCK})
    lenient = Policy.from_lists(hold_at=2, block_at=4)

    assert screen("cá độ bóng đá không", policy=strict).decision == BLOCK
    assert screen("you are so dumb", policy=lenient).decision == PUBLISH
    assert screen("bọn mọi", policy=lenient).decision == HOLD
    assert screen("bọn mọi").decision == BLOCK


def test_self_harm_is_never_blocked():
    with pytest.raises(ValueError, match="Self-harm"):
        Policy.from_lists(decisions={"self_harm": BLOCK})

    result = screen("tao muốn chết, lũ mọi tụi mày")

    assert result.decision == HOLD
    assert "self_harm" in result.categories


def test_policies_are_hashable_and_share_their_matcher():
    first = Policy.from_lists(additions=[("insult", "b", 1), ("insult", "a", 1)])
    second = Policy.from_lists(additions=[("insult", "a", 1), ("insult", "b", 1)])

    assert first == second
    assert hash(first) == hash(second)
    assert compiled(first.additions, first.allow) is compiled(second.additions, second.allow)
    assert DEFAULT_POLICY.block_at == 3


def test_bad_policy_values_are_refused():
    with pytest.raises(ValueError, match="category"):
        Policy.from_lists(additions=[("rudeness", "x", 1)])
    with pytest.raises(ValueError, match="Severity"):
        Policy.from_lists(additions=[("insult", "x", 7)])


# ------------------------------------------------------------------ commands


def test_screen_command_uses_the_bureau_policy(monkeypatch, district):
    from digicampus.safety.models import SafetySettings

    SafetySettings.objects.create(
        bureau=district.bureau, screening_additions="insult, 2, đồ heo quay"
    )
    monkeypatch.setattr("sys.stdin", io.StringIO("mày là đồ heo quay\n"))
    out = io.StringIO()

    call_command("screen", "--bureau", district.bureau.code, stdout=out)

    assert json.loads(out.getvalue())["decision"] == "hold"


def test_screen_command_refuses_an_unknown_bureau(monkeypatch, db):
    monkeypatch.setattr("sys.stdin", io.StringIO("xin chào\n"))

    with pytest.raises(CommandError, match="NOPE"):
        call_command("screen", "--bureau", "NOPE", stdout=io.StringIO())


def test_screen_command_can_leave_personal_data_alone(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("gọi 0912345678\n"))
    out = io.StringIO()

    call_command("screen", "--no-personal-data", stdout=out)

    assert json.loads(out.getvalue())["decision"] == "publish"


# ------------------------------------------------------------------ evaluation


@pytest.mark.skipif(not any(load(lang) for lang in LANGUAGES), reason="no evaluation data")
def test_every_language_meets_the_precision_and_recall_targets():
    reports = evaluate_all()

    for report in reports:
        if report.items:
            assert report.overall.precision >= PRECISION_TARGET, report.language
            assert report.overall.recall >= RECALL_TARGET, report.language


@pytest.mark.skipif(not load("vi"), reason="no evaluation data")
def test_evaluation_command_prints_a_table():
    out = io.StringIO()

    call_command("screen_evaluate", "--language", "vi", stdout=out)

    assert "precision" in out.getvalue()
    assert "vi" in out.getvalue()


# ------------------------------------------------------------------ size and speed


def test_lexicons_are_substantial():
    sizes = lexicon_sizes()

    for language in ("vi", "zh", "en"):
        assert sum(sizes[language].values()) >= 300, language
        assert set(sizes[language]) >= {
            "insult",
            "hate",
            "sexual",
            "self_harm",
            "violence",
            "scam",
            "drugs",
            "gambling",
        }


def test_screening_a_forum_post_takes_well_under_a_millisecond():
    text = "Hôm nay lớp mình học bài Ngữ văn về truyện ngắn Lão Hạc, cô giao bài tập. " * 3
    screen(text)

    started = time.perf_counter()
    for _ in range(200):
        screen(text)

    assert (time.perf_counter() - started) / 200 < 0.002
