"""Which of Vietnamese, Chinese and English a piece of text is written in.

Evidence, all cheap to count: Chinese characters; letters carrying Vietnamese diacritics;
frequent Vietnamese words as they are typed without diacritics ("khong", "duoc", "ko"); and
frequent English words that cannot be read as a Vietnamese syllable (so "the", "me" and "in",
which a Vietnamese text without diacritics is full of, do not count for English).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from digicampus.safety.screening.text import CJK, CJK_RANGES

VI, ZH, EN, UNDETERMINED = "vi", "zh", "en", "und"

# Combining marks that only Vietnamese puts on Latin letters in our three languages.
VI_MODIFIERS = {"\u0302": "^", "\u0306": "(", "\u031b": "+"}
VI_TONES = {"\u0300": "`", "\u0301": "'", "\u0303": "~", "\u0309": "?", "\u0323": "."}

_VI_LETTERS = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
VI_MARKED = re.compile(f"[{_VI_LETTERS}{_VI_LETTERS.upper()}]")
_CJK_COUNT = re.compile(f"[{CJK_RANGES}]")
_LATIN_WORD = re.compile(r"[a-z]+")

VI_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?"
    r"(?:ieu|yeu|oai|oay|oao|oeo|uai|uay|uoi|uou|uya|uye|uyu|ueu|ai|ao|au|ay|eo|eu|ia|ie|iu"
    r"|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ya|ye|a|e|i|o|u|y)"
    r"(?:ng|nh|ch|c|m|n|p|t)?"
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_VI_CANDIDATES = _words(
    """
    khong ko hok khum hem k kh dc duoc nguoi nhung cua voi roi nhe nha minh chung cung thi
    nay kia gi j sao vay z lam qua den toi tao may mk mik bn ns vs r oi ui ak ah nhe nhi
    biet muon phai chua nua het luon dang se da bao nhieu dau day nao ai the ma la cai con
    thang dua ban em anh chi co thay hoc lop bai truong nghe noi xem di ve len xuong ra vao
    an uong ngu choi lai vui buon thuong ghet doi song chet giet danh dep xau to nho lon
    tieng viet nam ha noi mot hai ba bon nam sau bay tam chin muoi tram nghin trieu
    """
)
# Syllables that are also frequent English words say nothing either way.
_SHARED = _words(
    "the an to day ban con ai ma la em bay ve ra di may co hai ba sau tam lai dau do no in on "
    "at me he be so go us cho ha"
)
_VI_WORDS = _VI_CANDIDATES - _SHARED
_EN_CANDIDATES = _words(
    """
    the a an is are was were be been being am you your yours youre u ur i im my mine we our
    they their them he she his her him it its this that these those of to in on at for with
    from by about and or but not no yes do does did dont doesnt didnt have has had will would
    can could should shall must what why how when where who which please thanks thank just
    if all get got like go going gonna wanna know think want need make let see look come
    really very so too also only some any every nobody everyone someone anyone because
    homework school class teacher student students friend friends mom dad today tomorrow
    tonight night morning time test quiz exam game games play phone message send sent text
    guys lol omg hey hi hello okay ok sure sorry there here then than out up down off over
    again never always still back after before good great nice cool fun love hate people
    said say tell told ask asked help stop start stuff thing things something anything
    life dead kill die myself yourself himself herself everything nothing way day week call
    """
)


@lru_cache(maxsize=4096)
def is_vi_syllable(word: str) -> bool:
    """Whether a word without diacritics could be one Vietnamese syllable."""
    return VI_SYLLABLE.fullmatch(word) is not None


_EN_WORDS = frozenset(w for w in _EN_CANDIDATES if not is_vi_syllable(w))


def evidence(normal: str, source: str) -> tuple[int, list[str], int]:
    """Chinese characters, Latin words and letters with Vietnamese marks in a passage."""
    return (
        len(_CJK_COUNT.findall(source)),
        _LATIN_WORD.findall(normal),
        len(VI_MARKED.findall(source)),
    )


def decide(cjk: int, latin: list[str], marked: int) -> str:
    """The language that the evidence of `evidence()` points to."""
    if cjk and cjk >= len(latin):
        return ZH
    if not latin:
        return ZH if cjk else UNDETERMINED
    words = set(latin)
    vi = marked + len(_VI_WORDS.intersection(words))
    en = len(_EN_WORDS.intersection(words))
    if vi > en:
        return VI
    if en > vi:
        return EN
    return UNDETERMINED


def guess(normal: str, source: str) -> str:
    """The language of a passage, from its matching form and its NFC text."""
    return decide(*evidence(normal, source))


@lru_cache(maxsize=2048)
def vi_marks(ch: str) -> tuple[str, str, str]:
    """A letter split into base letter, Vietnamese vowel modifier and tone ("" when absent)."""
    if ch in "đĐ":
        return "d", "-", ""
    decomposed = unicodedata.normalize("NFD", ch.casefold())
    modifier = tone = ""
    for mark in decomposed[1:]:
        modifier = VI_MODIFIERS.get(mark, modifier)
        tone = VI_TONES.get(mark, tone)
    return decomposed[:1], modifier, tone


def has_vi_marks(source: str) -> bool:
    """Whether any letter carries a Vietnamese diacritic."""
    return VI_MARKED.search(source) is not None


def vi_compatible(source: str, pattern: str, *, exact: bool) -> bool:
    """Whether text written as `source` can be the Vietnamese word(s) `pattern`.

    Both strings are aligned character by character. Marks may be left out of the text
    (people type without diacritics) but not replaced by others: "lớn" is not "lồn", "ngủ" is
    not "ngu". The tone belongs to the syllable, wherever it sits ("tuý" and "túy"). With
    `exact`, the text must carry every mark of the pattern.
    """
    if source == pattern:
        return True
    source_tone = pattern_tone = ""
    for s, p in zip(source, pattern, strict=False):
        if p == " ":
            if source_tone != pattern_tone and (exact or source_tone):
                return False
            source_tone = pattern_tone = ""
            continue
        _, s_modifier, s_tone = vi_marks(s)
        _, p_modifier, p_tone = vi_marks(p)
        if s_modifier != p_modifier and (exact or s_modifier):
            return False
        source_tone = source_tone or s_tone
        pattern_tone = pattern_tone or p_tone
    return not (source_tone != pattern_tone and (exact or source_tone))


def cjk_in(text: str) -> bool:
    """Whether the text holds a Chinese character."""
    return CJK.search(text) is not None
