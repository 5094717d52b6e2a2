"""Text reduced for matching, with a map from each of its characters back to the original.

The reduced form is what the lexicons are matched against: Unicode NFC then compatibility
forms (full-width letters), case folded, diacritics dropped ("đ" becomes "d"), traditional
Chinese characters replaced by simplified ones, look-alike Cyrillic and Greek letters replaced
by Latin ones, separators slipped inside a word dropped ("c.h.ế.t", "傻-逼", "f*ck"), letters
spaced out joined ("c h ế t"), digits and symbols standing for letters read as letters inside a
word ("k1ll", "$hit"), letters repeated three times or more kept once ("nguuuu"), and every
other punctuation turned into a single space.

The common case (text already in NFC, every character folding to exactly one) costs a few
C-level passes; only the steps that find something build an offset map.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

LEXICONS = Path(__file__).resolve().parent.parent / "lexicons"

# Markers in the folded text: a separator that may be slipped inside a word, and punctuation
# that always ends one. Both become a space once the joining steps have run.
SEP = "\x01"
STOP = "\x02"
MASK = "*"

CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
CJK = re.compile(f"[{CJK_RANGES}]")

_SEPARATORS = frozenset(".-_·•'’‘`~|/\\+=^…‧")
_CONFUSABLES = dict(
    zip(
        "аеорсухіјѕкмтнвԁαεικνορτυχ",
        "aeopcyxijskmthbdaeikvoptux",
        strict=True,
    )
)
_SPECIAL = {
    "đ": "d",
    "Đ": "d",
    "ð": "d",
    "@": "@",
    "$": "$",
    "*": MASK,
    "#": MASK,
    "\u3000": " ",
    **_CONFUSABLES,
}
_LEET = str.maketrans("013457@$8", "oieastasb")


def _load_t2s() -> dict[str, str]:
    table: dict[str, str] = {}
    path = LEXICONS / "t2s.txt"
    if not path.exists():
        return table
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            traditional, simplified = line.split("\t")
            table[traditional] = simplified
    return table


T2S = _load_t2s()


def _fold_one(ch: str) -> str:
    """Fold one character that is already in compatibility form."""
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    if ch in T2S:
        return T2S[ch]
    if ch.isalnum():
        if "\u4e00" <= ch <= "\u9fff":
            return ch
        decomposed = unicodedata.normalize("NFD", ch.casefold())
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        return "".join(_SPECIAL.get(c, c) for c in base)
    if ch.isspace():
        return " "
    if ch in _SEPARATORS:
        return SEP
    category = unicodedata.category(ch)
    if category in ("Cf", "Mn", "Me", "Cc", "Cs", "Co", "Cn"):
        # Zero-width characters, stray combining marks and controls hide inside words.
        return ""
    if category.startswith("P"):
        return STOP
    # Symbols and emoji between letters are treated like separators.
    return SEP


def fold_char(ch: str) -> str:
    """What one character of NFC text becomes in the folded text (any length)."""
    if ch in T2S:
        return T2S[ch]
    compatible = unicodedata.normalize("NFKC", ch)
    if compatible == ch:
        return _fold_one(ch)
    return "".join(_fold_one(c) for c in compatible)


class _FoldTable(dict[int, str]):
    """`str.translate` table filled on first sight of each character."""

    irregular: set[str]

    def __init__(self) -> None:
        super().__init__()
        self.irregular = set()

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        value = fold_char(ch)
        if len(value) != 1:
            self.irregular.add(ch)
        self[code] = value
        return value


_TABLE = _FoldTable()

# A word spelled out letter by letter: with separators ("c.h.e.t", "c. h. e. t"), or with
# single spaces and at least three letters in all, a double space parting two words
# ("c h e t", "c ầ n  s a"). The lookbehind sits after the first letter so that the regex
# engine can skip ahead to letters.
_SPELLED = re.compile(
    r"[a-z0-9](?<![a-z0-9]{2})"
    r"(?:(?:[\x01*]+ ?[a-z0-9](?![a-z0-9]))+|(?: {1,2}[a-z0-9](?![a-z0-9])){2,})"
)
_SPELLED_HINT = re.compile(r"[\x01* ][a-z0-9][\x01* ]|^[a-z0-9][\x01* ]")
# Separators and spaces next to a Chinese character: "傻 逼", "傻*逼", "要 K 粉".
_GAPS = re.compile(r"[\x01* ]+")
_CJK_OR_ALNUM = re.compile(f"[{CJK_RANGES}a-z0-9]")
_MASKED = re.compile(r"(?<=[a-z])\*+(?=[a-z])")
_LEET_RUN = re.compile(r"[0-9@$]+")
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_REPEAT = re.compile(r"([a-z])\1{2,}")
_SPACES = re.compile(r"  +")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


@dataclass(slots=True)
class Normalised:
    """A text, its folded form and its matching form, with offset maps between them."""

    text: str
    # NFC form of the text and, when it differs, the original offset of each of its chars.
    nfc: str
    nfc_origin: list[int] | None
    # One folded character (or none) per NFC character; None means one to one.
    folded: str
    fold_origin: list[int] | None
    # The matching form and the folded offset of each of its characters.
    normal: str
    origin: list[int] | None

    def nfc_index(self, i: int) -> int:
        """The NFC offset behind character i of the matching form."""
        j = i if self.origin is None else self.origin[i]
        return j if self.fold_origin is None else self.fold_origin[j]

    def original_index(self, i: int) -> int:
        """The original offset behind character i of the matching form."""
        j = self.nfc_index(i)
        return j if self.nfc_origin is None else self.nfc_origin[j]

    def source(self, start: int, end: int) -> str:
        """The NFC characters behind characters start..end (inclusive) of the matching form."""
        if self.origin is None and self.fold_origin is None:
            return self.nfc[start : end + 1]
        return "".join(self.nfc[self.nfc_index(i)] for i in range(start, end + 1))

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) offsets of characters start..end (inclusive)."""
        text = self.text
        first = self.original_index(start)
        if end + 1 < len(self.normal):
            last = self.original_index(end + 1)
        else:
            last = len(text)
        # Trim what normalisation dropped after the match (spaces, punctuation), but keep
        # the combining marks of the last letter.
        floor = self.original_index(end) + 1
        while last > floor and not text[last - 1].isalnum() and not _is_mark(text[last - 1]):
            last -= 1
        return first, max(last, floor)


def _is_mark(ch: str) -> bool:
    return unicodedata.combining(ch) != 0


def _delete(
    s: str, origin: list[int] | None, spans: list[tuple[int, int]]
) -> tuple[str, list[int]]:
    """Remove the given [start, end) spans of s, carrying the offset map along."""
    pieces: list[str] = []
    kept: list[int] = []
    previous = 0
    for start, end in spans:
        pieces.append(s[previous:start])
        if origin is None:
            kept.extend(range(previous, start))
        else:
            kept.extend(origin[previous:start])
        previous = end
    pieces.append(s[previous:])
    if origin is None:
        kept.extend(range(previous, len(s)))
    else:
        kept.extend(origin[previous:])
    return "".join(pieces), kept


def _nfc(text: str) -> tuple[str, list[int] | None]:
    if unicodedata.is_normalized("NFC", text):
        return text, None
    chars: list[str] = []
    origin: list[int] = []
    start = 0
    length = len(text)
    while start < length:
        end = start + 1
        while end < length and unicodedata.combining(text[end]):
            end += 1
        piece = unicodedata.normalize("NFC", text[start:end])
        chars.append(piece)
        origin.extend([start] * len(piece))
        start = end
    return "".join(chars), origin


def _fold(nfc: str) -> tuple[str, list[int] | None]:
    folded = nfc.translate(_TABLE)
    if len(folded) == len(nfc) and _TABLE.irregular.isdisjoint(nfc):
        return folded, None
    pieces: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(nfc):
        value = _TABLE[ord(ch)]
        pieces.append(value)
        origin.extend([index] * len(value))
    return "".join(pieces), origin


def _cjk_gaps(s: str) -> list[tuple[int, int]]:
    spans = []
    for m in _GAPS.finditer(s):
        start, end = m.span()
        if start == 0 or end == len(s):
            continue
        before, after = s[start - 1], s[end]
        if (CJK.match(before) and _CJK_OR_ALNUM.match(after)) or (
            CJK.match(after) and _CJK_OR_ALNUM.match(before)
        ):
            spans.append((start, end))
    return spans


def _leet(s: str) -> str:
    """Digits and symbols inside a word read as letters: "k1ll", "$hit", "ng00"."""
    tokens: list[tuple[int, int]] = []
    for m in _LEET_RUN.finditer(s):
        start, end = m.span()
        before = s[start - 1] if start else ""
        after = s[end] if end < len(s) else ""
        if before not in _LETTERS and after not in _LETTERS:
            continue
        if tokens and start < tokens[-1][1]:
            continue
        while start > 0 and s[start - 1] in _TOKEN_CHARS:
            start -= 1
        while end < len(s) and s[end] in _TOKEN_CHARS:
            end += 1
        tokens.append((start, end))
    if not tokens:
        return s
    pieces: list[str] = []
    previous = 0
    for start, end in tokens:
        pieces.append(s[previous:start])
        pieces.append(s[start:end].translate(_LEET))
        previous = end
    pieces.append(s[previous:])
    return "".join(pieces)


def _reduce(folded: str) -> tuple[str, list[int] | None]:
    s = folded
    origin: list[int] | None = None

    if _SPELLED_HINT.search(s):
        spans = [
            (m.start() + g.start(), m.start() + g.end() - (g.group(0) == "  "))
            for m in _SPELLED.finditer(s)
            for g in _NOT_ALNUM.finditer(m.group(0))
        ]
        if spans:
            s, origin = _delete(s, origin, spans)

    if not s.isascii() and CJK.search(s):
        spans = _cjk_gaps(s)
        if spans:
            s, origin = _delete(s, origin, spans)

    if MASK in s:
        spans = [m.span() for m in _MASKED.finditer(s)]
        if spans:
            s, origin = _delete(s, origin, spans)

    s = _leet(s)

    spans = [(m.start() + 1, m.end()) for m in _REPEAT.finditer(s)]
    if spans:
        s, origin = _delete(s, origin, spans)

    for marker in (SEP, STOP, MASK, "@", "$"):
        if marker in s:
            s = s.replace(marker, " ")
    if "  " in s:
        spans = [(m.start() + 1, m.end()) for m in _SPACES.finditer(s)]
        s, origin = _delete(s, origin, spans)
    return s, origin


def prepare(text: str) -> Normalised:
    """Normalise a text for matching, keeping every offset map."""
    nfc, nfc_origin = _nfc(text)
    folded, fold_origin = _fold(nfc)
    normal, origin = _reduce(folded)
    return Normalised(text, nfc, nfc_origin, folded, fold_origin, normal, origin)


def normalise(text: str) -> tuple[str, list[int]]:
    """The text reduced for matching, and the original offset of each of its characters."""
    prepared = prepare(text)
    return prepared.normal, [prepared.original_index(i) for i in range(len(prepared.normal))]
