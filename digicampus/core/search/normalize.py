"""Text normalisation shared by indexing and querying, so both always agree.

Text is NFC-normalised and lower-cased, then cut into words. A run of Chinese characters
becomes its overlapping two-character pieces, so that any substring of two or more characters
is a phrase of pieces. Every word also has a folded form without Vietnamese tone and vowel
marks (and đ written d), so that a query typed without diacritics finds text written with
them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
_PIECES = re.compile(rf"([{_CJK}]+)|([^\W_{_CJK}]+)")
_KEY = re.compile(r"[^a-z0-9]")


def fold(word: str) -> str:
    """The word without diacritics: "phân số" → "phan so", "đường" → "duong"."""
    word = word.replace("đ", "d").replace("Đ", "D")
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn"
    )
    return unicodedata.normalize("NFC", stripped)


def bigrams(run: str) -> list[str]:
    """Overlapping two-character pieces of a run of Chinese characters."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


@dataclass(frozen=True)
class Group:
    """One searchable unit of a query: a word, or the pieces of a Chinese run (a phrase)."""

    exact: tuple[str, ...]
    folded: tuple[str, ...]
    prefix: bool = False


def groups(text: str) -> list[Group]:
    """The units of a text, in order."""
    text = unicodedata.normalize("NFC", text).lower()
    found: list[Group] = []
    for match in _PIECES.finditer(text):
        cjk, word = match.groups()
        if cjk:
            pieces = tuple(bigrams(cjk))
            # One character cannot be cut in two; it matches pieces that start with it.
            found.append(Group(pieces, pieces, prefix=len(cjk) == 1))
        else:
            found.append(Group((word,), (fold(word),)))
    return found


def index_forms(text: str) -> tuple[str, str]:
    """(exact tokens, folded tokens) of a text, space-separated, as stored in the index."""
    found = groups(text)
    exact = " ".join(t for g in found for t in g.exact)
    folded = " ".join(t for g in found for t in g.folded)
    return exact, folded


def key(value: str) -> str:
    """A filter key as indexed: lower-case letters and digits only ("type:lesson_plan" →
    "typelessonplan")."""
    return _KEY.sub("", value.lower())
