"""Personal data in a text: phone numbers, identity numbers, bank cards, e-mail, addresses.

Numbers are found as runs of digit groups joined by single spaces, dots or dashes; each
sub-run is then tried against the formats, so "năm 2024 gọi 0912 345 678" yields only the
phone. Identity numbers are checked as far as their format allows (province codes and birth
years of the Vietnamese citizen ID; area, birth date and check digit of the Chinese resident
ID; the Luhn digit and issuer prefix of a card), which keeps years, scores and dates out.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from digicampus.safety.screening.result import PERSONAL_DATA, Span

PHONE, EMAIL, CARD = "phone", "email", "card"
CITIZEN_ID, RESIDENT_ID, ADDRESS = "citizen_id", "resident_id", "address"
NATIONAL_ID = "national_id"  # United States social security, United Kingdom insurance numbers
SEVERITY = {
    PHONE: 1,
    EMAIL: 1,
    CARD: 2,
    CITIZEN_ID: 2,
    RESIDENT_ID: 2,
    NATIONAL_ID: 2,
    ADDRESS: 2,
}


# Province and city codes that open a Vietnamese citizen identity number (CCCD).
def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


VN_PROVINCE_CODES = _codes(
    """
    001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034
    035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068
    070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096
    """
)
# Second digit pair of a Vietnamese mobile number after the leading 0 (or +84).
_VN_MOBILE = re.compile(r"(?:0|84)(?:3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}")
_CN_MOBILE = re.compile(r"(?:86)?1[3-9]\d{9}")
_UK_MOBILE = re.compile(r"(?:07|447)\d{9}")
# First two digits of Chinese resident ID area codes (provinces, and 71/81/82 for Taiwan,
# Hong Kong and Macao).
_CN_PROVINCES = _codes(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 "
    "64 65 71 81 82"
)
_CN_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_CHECK = "10X98765432"

_LETTER = "A-Za-zÀ-ỹ"
_GROUP = re.compile(rf"(?<![{_LETTER}\d])\d+(?![{_LETTER}])")
_GAP = re.compile(r"[ .\-]|\) ?| ?\(|[ ]-[ ]")
# Digits typed one by one: "0 9 1 2", "0, 9, 1, 2".
_DIGIT_GAP = re.compile(r" |, ?")
_PHONE_CUE = re.compile(
    r"(?i:call|text|phone|number|cell|tel|sms|whatsapp|hotline|sđt|sdt|gọi|zalo|电话|手机|微信)"
)
_SSN = re.compile(r"(?<![\w-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w-])")
_UK_INSURANCE = re.compile(r"(?<![A-Za-z])[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z])")
_DIGIT_WORDS = {
    **dict.fromkeys(("không", "khong", "zero", "oh", "零", "〇"), "0"),
    **dict.fromkeys(("một", "mot", "one", "一", "幺"), "1"),
    **dict.fromkeys(("hai", "two", "二"), "2"),
    **dict.fromkeys(("ba", "three", "三"), "3"),
    **dict.fromkeys(("bốn", "bon", "tư", "four", "四"), "4"),
    **dict.fromkeys(("năm", "nam", "lăm", "five", "五"), "5"),
    **dict.fromkeys(("sáu", "sau", "six", "六"), "6"),
    **dict.fromkeys(("bảy", "bay", "bẩy", "seven", "七"), "7"),
    **dict.fromkeys(("tám", "tam", "eight", "八"), "8"),
    **dict.fromkeys(("chín", "chin", "nine", "九"), "9"),
}
_LATIN_DIGIT_WORD = "|".join(
    sorted((w for w in _DIGIT_WORDS if w.isascii() or len(w) > 1), key=len, reverse=True)
)
_DIGIT_WORD = re.compile(rf"(?i:\b(?:{_LATIN_DIGIT_WORD})\b)|[零〇一幺二三四五六七八九]")
# Nine digit words or more in a row, with nothing but spaces and punctuation between them.
_SPOKEN = re.compile(
    rf"(?:(?:(?i:\b(?:{_LATIN_DIGIT_WORD})\b)|[零〇一幺二三四五六七八九])[\s,.\-:]*){{9,}}"
)
_RESIDENT = re.compile(rf"(?<![{_LETTER}\d])(\d{{17}}[\dXx])(?![{_LETTER}\d])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w])")

_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_NAME = rf"[{_UPPER}][\w]*(?:[ ][{_UPPER}][\w]*){{0,3}}"
_NAME2 = rf"[{_UPPER}][\w]*(?:[ ][{_UPPER}][\w]*){{1,3}}"
_ADMIN = r"(?i:phường|phuong|quận|quan|huyện|huyen|thị xã|xã|tp|thành phố|tỉnh|p\.|q\.)"
_HOUSE = r"\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*"
_LANE = r"(?i:ngõ|ngo|ngách|ngach|hẻm|hem|kiệt|kiet)"
_STREET = r"(?i:đường|duong|phố|pho)"
_VI_ADDRESS = re.compile(
    rf"(?i:số nhà|nhà số|so nha|nha so|số|so)\s*{_HOUSE},?\s+"
    rf"(?:{_LANE}\s+{_HOUSE}(?:,?\s+(?:{_STREET}\s+)?{_NAME})?|{_STREET}\s+(?:{_NAME}|\d+(?:/\d+)?))"
    rf"|(?<![\w/]){_HOUSE}\s+{_STREET}\s+(?:{_NAME}|số \d+)"
    rf"|{_LANE}\s+{_HOUSE},?\s+(?:{_STREET}\s+)?{_NAME}"
)
# A house number and street name after "ở", "tại", "địa chỉ (là)": "nhà tớ ở 48 Nguyễn Trãi",
# "địa chỉ là 12/3 Lê Văn Sỹ, Quận 3". The address is the second group.
_VI_ADDRESS_AFTER = re.compile(
    rf"(?<!\w)(?i:ở|o|tại|tai|chỉ|chi|là|la):?\s+"
    rf"({_HOUSE}\s+(?:{_NAME2}|{_NAME},\s*(?:{_ADMIN}|[{_UPPER}])))"
)
_ZH_ADDRESS = re.compile(
    r"[\u4e00-\u9fff]{2,8}(?:路|街|大道|巷|胡同)(?:[一二三四五六七八九十\d]+段)?\s*\d+\s*(?:号|號|弄)"
    r"(?:\s*\d+\s*(?:栋|幢|号楼|號樓|座))?(?:\s*\d+\s*(?:单元|單元))?(?:\s*\d+\s*(?:室|号|號))?"
    r"|[\u4e00-\u9fff]{2,8}(?:小区|小區|花园|花園|公寓|新村|家园|家園)\s*\d+\s*(?:栋|幢|号楼|號樓|座)"
    r"(?:\s*\d+\s*(?:单元|單元))?(?:\s*\d+\s*(?:室|号|號))?"
    r"|\d+\s*(?:栋|幢|号楼|號樓)\s*\d+\s*(?:单元|單元|室)(?:\s*\d+\s*(?:室|号|號))?"
)
_EN_ADDRESS = re.compile(
    r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}"
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Way|Place|Pl|"
    r"Close|Crescent|Terrace|Grove|Gardens)\b\.?"
)


def luhn_valid(digits: str) -> bool:
    """Whether a card number's last digit is its Luhn check digit."""
    total = 0
    for position, ch in enumerate(reversed(digits)):
        n = int(ch)
        if position % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _card_issuer(digits: str) -> bool:
    if digits[0] == "4":
        return True  # Visa
    two, four = int(digits[:2]), int(digits[:4])
    return (
        51 <= two <= 55  # Mastercard
        or 2221 <= four <= 2720
        or two in (34, 37)  # American Express
        or two in (35, 62, 65)  # JCB, UnionPay, Discover
        or four in (6011, 9704)  # Discover, Vietnamese domestic (NAPAS)
    )


def card_valid(digits: str) -> bool:
    """A payment card number: 13 to 19 digits, a known issuer, a valid Luhn digit."""
    return 13 <= len(digits) <= 19 and _card_issuer(digits) and luhn_valid(digits)


def _today() -> datetime.date:
    return datetime.datetime.now(tz=datetime.UTC).date()


def citizen_id_valid(digits: str, *, today: datetime.date | None = None) -> bool:
    """A Vietnamese 12-digit citizen ID: province code, century and sex digit, birth year."""
    if len(digits) != 12 or digits[:3] not in VN_PROVINCE_CODES:
        return False
    century = int(digits[3])
    if century > 3:
        return False
    year = (1900 if century < 2 else 2000) + int(digits[4:6])
    return year <= (today or _today()).year


def resident_id_valid(number: str, *, today: datetime.date | None = None) -> bool:
    """A Chinese 18-character resident ID: area, birth date and ISO 7064 MOD 11-2 check."""
    if len(number) != 18 or not number[:17].isdigit() or number[:2] not in _CN_PROVINCES:
        return False
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not datetime.date(1900, 1, 1) <= born <= (today or _today()):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _CN_WEIGHTS, strict=True))
    return _CN_CHECK[total % 11] == number[17].upper()


def _phone(digits: str) -> bool:
    return bool(
        _VN_MOBILE.fullmatch(digits) or _CN_MOBILE.fullmatch(digits) or _UK_MOBILE.fullmatch(digits)
    )


def _number_kind(digits: str, lengths: tuple[int, ...], text: str, start: int) -> str | None:
    """What a run of digit groups is, judged by its digits and how they are grouped."""
    if _phone(digits):
        return PHONE
    # North American numbers only when written as one: (555) 123-4567, 555-123-4567.
    if len(digits) == 10 and digits[0] in "23456789" and lengths == (3, 3, 4):
        return PHONE
    if (
        len(digits) == 7
        and lengths == (3, 4)
        and _PHONE_CUE.search(text, max(0, start - 25), start)
    ):
        return PHONE
    if citizen_id_valid(digits):
        return CITIZEN_ID
    if len(digits) == 18 and resident_id_valid(digits):
        return RESIDENT_ID
    if card_valid(digits):
        return CARD
    return None


def _groups(text: str) -> list[tuple[int, int, str]]:
    """Digit groups as (start, end, ASCII digits), digits typed one by one joined up."""
    groups: list[tuple[int, int, str]] = []
    for match in _GROUP.finditer(text):
        digits = match.group(0)
        if not digits.isascii():
            digits = "".join(str(unicodedata.digit(c)) for c in digits)
        if groups:
            start, end, previous = groups[-1]
            if (
                len(digits) == 1
                and (
                    len(previous) == 1
                    or text[start:end].count(" ") + text[start:end].count(",") > 0
                )
                and _DIGIT_GAP.fullmatch(text, end, match.start())
            ):
                groups[-1] = (start, match.end(), previous + digits)
                continue
        groups.append((match.start(), match.end(), digits))
    return groups


def _runs(text: str, groups: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    runs: list[list[tuple[int, int, str]]] = []
    for group in groups:
        if runs and _GAP.fullmatch(text, runs[-1][-1][1], group[0]):
            runs[-1].append(group)
        else:
            runs.append([group])
    return runs


def _numbers(
    text: str, groups: list[tuple[int, int, str]], taken: list[tuple[int, int]]
) -> list[Span]:
    spans: list[Span] = []
    for run in _runs(text, groups):
        i = 0
        while i < len(run):
            for j in range(len(run) - 1, i - 1, -1):
                part = run[i : j + 1]
                digits = "".join(g[2] for g in part)
                if len(digits) < 7:
                    continue
                start, end = part[0][0], part[-1][1]
                kind = _number_kind(digits, tuple(len(g[2]) for g in part), text, start)
                if kind is None:
                    continue
                while start > 0 and text[start - 1] in "+(":
                    start -= 1
                if not any(a < end and start < b for a, b in taken):
                    spans.append(Span(start, end, PERSONAL_DATA, kind, "und", SEVERITY[kind]))
                i = j
                break
            i += 1
    return spans


_CJK_DIGITS = re.compile(r"[零〇一幺二三四五六七八九][\s,.\-:零〇一幺二三四五六七八九]{8,}")


_LATIN_DIGIT_WORDS = frozenset(w for w in _DIGIT_WORDS if w.isascii() or len(w) > 1)


def _might_speak_numbers(text: str) -> bool:
    """A cheap test: a phone number in words uses four different digit words at least."""
    if _CJK_DIGITS.search(text):
        return True
    return len(_LATIN_DIGIT_WORDS.intersection(text.lower().replace(",", " ").split())) >= 4


def _spoken_numbers(text: str) -> list[Span]:
    """Phone numbers written out in words: "không chín tám …", "一三九 …", "five five five …"."""
    spans: list[Span] = []
    if not _might_speak_numbers(text):
        return spans
    for run in _SPOKEN.finditer(text):
        words = list(_DIGIT_WORD.finditer(text, run.start(), run.end()))
        digits = "".join(_DIGIT_WORDS[w.group(0).lower()] for w in words)
        if _phone(digits) or (len(digits) == 10 and digits[0] in "23456789"):
            spans.append(Span(words[0].start(), words[-1].end(), PERSONAL_DATA, PHONE, "und", 1))
    return spans


class _CompatibleTable(dict[int, str]):
    """Full-width (and other compatibility) characters as their plain form, one for one."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = unicodedata.normalize("NFKC", ch)
        value = folded if len(folded) == 1 else ch
        self[code] = value
        return value


_COMPATIBLE = _CompatibleTable()
_FULL_WIDTH = re.compile(r"[\u2460-\u24ff\u3000-\u303f\uff00-\uffef]")
_WINDOW_BEFORE, _WINDOW_AFTER = 40, 60


# What follows the house number of an address: a capitalised name, a street or lane word, or
# a Chinese building word.
_AFTER_HOUSE = re.compile(
    rf"(?:/\d+[A-Za-z]?)*,?\s*(?:[{_UPPER}]|(?i:ngõ|ngo|ngách|ngach|hẻm|hem|kiệt|kiet|đường|duong|"
    rf"phố|pho)\b|号|號|弄|栋|幢|座|单元|單元|室|段)"
)


def _windows(text: str, groups: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Stretches of text around numbers that an address word or name follows."""
    windows: list[tuple[int, int]] = []
    for start, end, _ in groups:
        if not _AFTER_HOUSE.match(text, end):
            continue
        low, high = max(0, start - _WINDOW_BEFORE), min(len(text), end + _WINDOW_AFTER)
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], high)
        else:
            windows.append((low, high))
    return windows


def find(text: str) -> list[Span]:
    """Personal data in an NFC text, with offsets into it."""
    if _FULL_WIDTH.search(text):
        text = text.translate(_COMPATIBLE)
    spans: list[Span] = []
    if "@" in text:
        spans += [Span(*m.span(), PERSONAL_DATA, EMAIL, "und", 1) for m in _EMAIL.finditer(text)]
    spans += _spoken_numbers(text)
    groups = _groups(text)
    if not groups:
        return spans
    for m in _RESIDENT.finditer(text):
        if resident_id_valid(m.group(1)):
            spans.append(Span(*m.span(), PERSONAL_DATA, RESIDENT_ID, "zh", 2))
    if "-" in text:
        spans += [Span(*m.span(), PERSONAL_DATA, NATIONAL_ID, "en", 2) for m in _SSN.finditer(text)]
    spans += [
        Span(*m.span(), PERSONAL_DATA, NATIONAL_ID, "en", 2) for m in _UK_INSURANCE.finditer(text)
    ]
    for low, high in _windows(text, groups):
        for pattern, language in ((_VI_ADDRESS, "vi"), (_ZH_ADDRESS, "zh"), (_EN_ADDRESS, "en")):
            spans += [
                Span(*m.span(), PERSONAL_DATA, ADDRESS, language, 2)
                for m in pattern.finditer(text, low, high)
            ]
        spans += [
            Span(*m.span(1), PERSONAL_DATA, ADDRESS, "vi", 2)
            for m in _VI_ADDRESS_AFTER.finditer(text, low, high)
        ]
    spans += _numbers(text, groups, [(s.start, s.end) for s in spans])
    return spans
