"""The screening core: disguised spellings in three languages, harmless look-alikes, offsets."""

import io
import json

import pytest
from django.core.management import call_command

from digicampus.safety.screening import screen


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
