"""Screening of user content: a pure-Python library, no database.

`screen(text)` normalises the text (Unicode forms, case, full-width letters, Vietnamese with
or without diacritics, digits and symbols used for letters, separators slipped inside words,
letters spaced out or repeated), then looks for the terms of per-category lexicons in
Vietnamese, Chinese and English, and for personal data (phone numbers, e-mail addresses,
bank cards). Matches come back with their offsets in the original text, and a decision.

This is the core that conversations use now; the safe-cyberspace module grows it (larger
lexicons per bureau, allow-lists, homophones, an evaluation set).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

PUBLISH, HOLD = "publish", "hold"

# Category → (severity, terms). Latin-script terms are written without diacritics and are
# matched as whole words; Chinese terms are matched anywhere.
LEXICON: dict[str, tuple[int, list[str]]] = {
    "insult": (
        2,
        [
            "ngu",
            "chet di",
            "oc cho",
            "do ngu",
            "dm",
            "dmm",
            "vcl",
            "vl",
            "cc",
            "me may",
            "thang ngu",
            "con di",
            "idiot",
            "stupid",
            "moron",
            "loser",
            "dumbass",
            "shut up",
            "傻逼",
            "傻b",
            "sb",
            "白痴",
            "笨蛋",
            "废物",
            "滚蛋",
            "脑残",
        ],
    ),
    "hate": (3, ["do moi", "nigger", "faggot", "支那", "死全家"]),
    "sexual": (3, ["dit", "lon", "buoi", "fuck", "porn", "nude", "操你", "肏", "裸照", "约炮"]),
    "self_harm": (
        3,
        [
            "tu tu",
            "muon chet",
            "cat tay",
            "khong muon song",
            "kill myself",
            "suicide",
            "自杀",
            "不想活",
            "割腕",
        ],
    ),
    "violence": (2, ["giet may", "danh chet", "kill you", "杀了你", "弄死你"]),
    "scam": (
        2,
        [
            "chuyen khoan",
            "nap the",
            "trung thuong",
            "ma otp",
            "wire transfer",
            "gift card",
            "you won",
            "转账",
            "中奖",
            "验证码",
            "刷单",
        ],
    ),
    "drugs": (2, ["ma tuy", "thuoc lac", "can sa", "cocaine", "weed", "毒品", "冰毒", "大麻"]),
    "gambling": (2, ["ca do", "danh bac", "lo de", "casino", "赌博", "博彩"]),
}
# Whole phrases that contain a listed word but are harmless.
ALLOW: list[str] = ["dm me", "cc me", "lon hon", "lon nhat", "to lon", "lon len", "cat tay ao"]

LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
TRADITIONAL = str.maketrans(
    {
        "殺": "杀",
        "賭": "赌",
        "毒": "毒",
        "癡": "痴",
        "廢": "废",
        "腦": "脑",
        "殘": "残",
        "轉": "转",
        "賬": "账",
        "獎": "奖",
        "驗": "验",
        "證": "证",
        "碼": "码",
    }
)
SEPARATORS = set(".-_*·•'`~|/\\+")
PHONE = re.compile(r"(?<!\d)(?:\+?84|0)(?:[\s.-]?\d){9}(?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
CARD = re.compile(r"(?<!\d)(?:\d[ -]?){13,19}(?!\d)")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    category: str
    term: str


@dataclass(frozen=True)
class Screening:
    decision: str
    categories: list[str] = field(default_factory=list)
    severity: int = 0
    spans: list[Span] = field(default_factory=list)
    language: str = "und"

    def as_dict(self) -> dict[str, object]:
        return {
            "decision": self.decision,
            "categories": self.categories,
            "severity": self.severity,
            "language": self.language,
            "spans": [{"start": s.start, "end": s.end, "category": s.category} for s in self.spans],
        }


def _plain_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", ch))
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base.casefold().translate(LEET).translate(TRADITIONAL)


def _in_long_run(chars: list[str], i: int) -> bool:
    """Whether chars[i] repeats the previous letter inside a run of three or more."""
    if i == 0 or chars[i] != chars[i - 1]:
        return False
    start = i
    while start > 0 and chars[start - 1] == chars[i]:
        start -= 1
    end = i
    while end + 1 < len(chars) and chars[end + 1] == chars[i]:
        end += 1
    return end - start + 1 >= 3


def normalise(text: str) -> tuple[str, list[int]]:
    """The text reduced for matching, and the original offset of each of its characters."""
    chars: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(unicodedata.normalize("NFC", text)):
        for piece in _plain_char(ch):
            if piece in SEPARATORS and chars and chars[-1].isalnum():
                # A separator inside a word ("c.h.e.t", "垃-圾") disappears.
                nxt = text[index + 1 : index + 2]
                if nxt and _plain_char(nxt)[:1].isalnum():
                    continue
            chars.append(piece)
            origin.append(index)
    # A letter repeated three times or more counts once ("nguuuu" → "ngu").
    kept = [i for i in range(len(chars)) if not (chars[i].isalpha() and _in_long_run(chars, i))]
    chars = [chars[i] for i in kept]
    origin = [origin[i] for i in kept]
    joined = "".join(chars)
    # Letters spaced out one by one ("c h e t") are joined back into a word.
    out: list[str] = []
    out_origin: list[int] = []
    for match in re.finditer(r"(?:\b\w\b ){2,}\b\w\b|.", joined, flags=re.S):
        piece = match.group(0)
        if len(piece) > 1:
            for offset, ch in enumerate(piece):
                if ch != " ":
                    out.append(ch)
                    out_origin.append(origin[match.start() + offset])
        else:
            out.append(piece)
            out_origin.append(origin[match.start()])
    return "".join(out), out_origin


def _language(text: str) -> str:
    if re.search(r"[\u4e00-\u9fff]", text):
        return "zh"
    if re.search(
        r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", text.lower()
    ):
        return "vi"
    return "en" if re.search(r"[a-zA-Z]", text) else "und"


def _luhn(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        n = int(digit)
        if position % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _personal_data(text: str) -> list[Span]:
    spans = [Span(m.start(), m.end(), "personal_data", "phone") for m in PHONE.finditer(text)]
    spans += [Span(m.start(), m.end(), "personal_data", "email") for m in EMAIL.finditer(text)]
    for match in CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if 13 <= len(digits) <= 19 and _luhn(digits):
            spans.append(Span(match.start(), match.end(), "personal_data", "card"))
    return spans


_WORD = re.compile(r"[a-z0-9]+")
_TERMS: list[tuple[str, str, int, bool]] = [
    (term, category, severity, bool(re.search(r"[\u4e00-\u9fff]", term)))
    for category, (severity, terms) in LEXICON.items()
    for term in terms
]


def screen(text: str, *, personal_data: bool = True) -> Screening:
    """Screen one text. `personal_data=False` for private messages between adults, where a
    phone number is ordinary."""
    normal, origin = normalise(text)
    allowed = [
        (m.start(), m.end())
        for phrase in ALLOW
        for m in re.finditer(rf"\b{re.escape(phrase)}\b", normal)
    ]
    spans: list[Span] = []
    for term, category, _severity, chinese in _TERMS:
        pattern = re.escape(term) if chinese else rf"(?<![a-z0-9]){re.escape(term)}(?![a-z0-9])"
        for match in re.finditer(pattern, normal):
            if any(a <= match.start() and match.end() <= b for a, b in allowed):
                continue
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            spans.append(Span(start, end, category, term))
    if personal_data:
        spans += _personal_data(text)
    spans.sort(key=lambda s: (s.start, s.end))
    categories = sorted({s.category for s in spans})
    severity = max((LEXICON[c][0] if c in LEXICON else 1 for c in categories), default=0)
    return Screening(HOLD if spans else PUBLISH, categories, severity, spans, _language(text))
