"""`screen()`: normalise, match every lexicon at once, weigh the context, decide."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from digicampus.safety.screening import personal
from digicampus.safety.screening.language import (
    UNDETERMINED,
    VI,
    decide,
    evidence,
    guess,
    has_vi_marks,
    vi_compatible,
)
from digicampus.safety.screening.lexicon import (
    ALLOW,
    ASCII_ALNUM,
    MODIFIER,
    NEGATION,
    NEGATION_AFTER,
    REPORT,
    TOPIC,
    Entry,
    compiled,
)
from digicampus.safety.screening.policy import DEFAULT_POLICY, Policy
from digicampus.safety.screening.result import SELF_HARM, Screening, Span
from digicampus.safety.screening.text import CJK, Normalised, prepare

# Texts up to this long are one context; longer ones are judged around each match.
_WHOLE = 240
_WINDOW = 80
# How many words a negation ("không được", "don't", "禁止") reaches, and a reporting verb.
_NEGATION_REACH = 6
_REPORT_REACH = 3
# A topic ("tuyên truyền", "health class", "法治课") speaks for its own sentence, not for a
# whole post that may go on about something else.
_TOPIC_REACH = 20
# What a negation, a topic or reported speech can cancel. Insults and hate are never excused
# by a negation ("đừng có ngu thế" still insults), and self-harm only when nobody speaks of
# themselves.
_NEGATABLE = frozenset({"scam", "drugs", "gambling", "violence", "sexual", SELF_HARM})
_REPORTABLE = frozenset({"insult", "hate"})
_FIRST_PERSON = frozenset(
    ("toi", "tao", "minh", "tui", "em", "to", "i", "im", "me", "my", "myself", "mine", "ive")
)
_SENTENCE_END = re.compile(r"[.!?;。！？；\n]")
_FULL_STOP = re.compile(r"[.!?。！？\n]")
_MASKS = frozenset("*#")
_MONEY = re.compile(
    r"[$€£¥]\s?\d|\d+(?:[.,]\d+)?\s?(?:k|tr|triệu|nghìn|ngàn|đồng|đ|vnđ|vnd|bucks|dollars?|usd"
    r"|元|块|万|刀)(?![a-zà-ỹ])|(?:[一二两三四五六七八九十百千万]+)(?:块|元)",
    re.IGNORECASE,
)
_MONEY_CUE = "money"
_MONEY_CATEGORIES = frozenset({"gambling"})


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int  # matching-form offsets, end inclusive
    end: int
    entry: Entry


class _Text:
    """A prepared text with what the checks need about it, computed on demand."""

    def __init__(self, prepared: Normalised) -> None:
        self.prepared = prepared
        self.normal = prepared.normal
        cjk, latin, marked = evidence(prepared.normal, prepared.nfc)
        self.language = decide(cjk, latin, marked)
        # A text typed with diacritics shows them on most words; one without shows none. In
        # the first, a word without marks really has none ("con đi" is not "con đĩ").
        self.accented = marked >= 0.3 * max(len(latin), 1)

    @property
    def has_lowercase(self) -> bool:
        """Whether the text has lowercase letters (so capitals are not just shouting)."""
        return self.prepared.text != self.prepared.text.upper()

    def context(self, start: int, end: int) -> str:
        """The language around characters start..end."""
        if len(self.normal) <= _WHOLE:
            return self.language
        low = max(0, start - _WINDOW)
        high = min(len(self.normal), end + 1 + _WINDOW)
        first = self.prepared.nfc_index(low)
        last = self.prepared.nfc_index(high - 1) + 1
        return guess(self.normal[low:high], self.prepared.nfc[first:last])

    def original(self, start: int, end: int) -> str:
        """The NFC text from character start to character end, all of it."""
        first = self.prepared.nfc_index(start)
        last = self.prepared.nfc_index(end) + 1
        return self.prepared.nfc[first:last]

    def words_between(self, end: int, start: int) -> int:
        """Words strictly between two matches (end of the first, start of the second); two
        Chinese characters count as one word."""
        gap = self.normal[end + 1 : start].strip()
        if not gap:
            return 0
        return gap.count(" ") + 1 + len(CJK.findall(gap)) // 2

    def same_sentence(self, end: int, start: int, ends: re.Pattern[str] = _SENTENCE_END) -> bool:
        """Whether no sentence (or clause, with the default `ends`) ends between two
        positions."""
        first = self.prepared.nfc_index(end) + 1
        last = self.prepared.nfc_index(start)
        return not ends.search(self.prepared.nfc, first, last)

    def sentence_start(self, start: int) -> bool:
        """Whether character `start` opens a sentence."""
        index = self.prepared.nfc_index(start)
        before = self.prepared.nfc[:index].rstrip(" \"'“‘(")
        return not before or before[-1] in ".!?:;\n。！？"


def _accepts(entry: Entry, text: _Text, start: int, end: int) -> bool:
    """Whether a match of this entry stands, given how the text is written around it."""
    if entry.language == VI:
        source = text.prepared.source(start, end)
        if entry.exact and source.isalpha() and not has_vi_marks(source):
            return source.casefold() == entry.pattern  # "di" is never "đĩ"
        leet = not entry.pattern.isdigit() and any(c.isdigit() for c in source)
        exact = (entry.exact or text.accented) and not leet
        if not vi_compatible(source, entry.pattern, exact=exact):
            return False
        if entry.abbreviation and not _abbreviation_stands(text, start, end):
            return False
    elif (
        entry.latin
        and entry.language != UNDETERMINED
        and has_vi_marks(text.prepared.source(start, end))
    ):
        # An English word or a pinyin spelling is never written with Vietnamese diacritics.
        return False
    if entry.masked and not _MASKS.intersection(text.original(start, end)):
        return False
    if entry.name:
        written = text.original(start, end)
        if written[:1].isupper() and written[1:].islower() and not text.sentence_start(start):
            return False
    if entry.context:
        return text.context(start, end) in (entry.language, UNDETERMINED)
    return True


def _abbreviation_stands(text: _Text, start: int, end: int) -> bool:
    """Whether a Vietnamese profanity abbreviation ("vl", "cc", "ml") is one here.

    In capitals inside a lowercase sentence it names something ("kiểm tra VL" is physics);
    after a number it is a unit ("5 cc", "200 ml").
    """
    written = text.original(start, end)
    if written.isupper() and text.has_lowercase and len(written) > 1:
        return False
    before = text.normal[:start].rstrip().rsplit(" ", 1)[-1]
    return not before.isdigit()


def _scan(text: _Text, automaton: object, hits: list[_Hit]) -> None:
    normal = text.normal
    size = len(normal)
    for end, (length, left, right, entries) in automaton.iter(normal):  # type: ignore[attr-defined]
        start = end - length + 1
        if left and start > 0 and normal[start - 1] in ASCII_ALNUM:
            continue
        if right and end + 1 < size and normal[end + 1] in ASCII_ALNUM:
            continue
        accepted = [e for e in entries if _accepts(e, text, start, end)]
        if not accepted:
            continue
        if len(accepted) > 1 and len({e.language for e in accepted}) > 1:
            # The same spelling is a term in two languages: keep the one the context speaks.
            here = text.context(start, end)
            accepted = [e for e in accepted if e.language == here] or accepted
        hits.extend(_Hit(start, end, e) for e in accepted)


def _matches(text: _Text, policy: Policy) -> list[_Hit]:
    """Every accepted match: terms, and the phrases around them when there are terms."""
    matcher = compiled(policy.additions, policy.allow)
    hits: list[_Hit] = []
    _scan(text, matcher.terms, hits)
    if hits:
        _scan(text, matcher.phrases, hits)
    return hits


def _first_person(text: _Text, hit: _Hit) -> bool:
    """Whether the speaker talks about themselves at this match."""
    inside = text.normal[hit.start : hit.end + 1]
    words = text.normal[: hit.start].split()[-4:] + inside.split()
    near = text.normal[max(0, hit.start - 6) : hit.end + 1]
    return "我" in near or not _FIRST_PERSON.isdisjoint(words)


def _cancelled(text: _Text, hit: _Hit, modifiers: list[_Hit]) -> bool:
    """Whether a negation, a topic or reported speech takes the harm out of a match."""
    category = hit.entry.category
    for modifier in modifiers:
        kind = modifier.entry.category
        if kind == REPORT:
            if (
                category in _REPORTABLE
                and modifier.end < hit.start
                and text.words_between(modifier.end, hit.start) <= _REPORT_REACH
                and text.same_sentence(modifier.end, hit.start)
            ):
                return True
            continue
        if category not in _NEGATABLE:
            continue
        if category == SELF_HARM and _first_person(text, hit):
            continue
        if kind == TOPIC:
            first, second = (modifier, hit) if modifier.end < hit.start else (hit, modifier)
            if text.words_between(first.end, second.start) <= _TOPIC_REACH and (
                text.same_sentence(first.end, second.start, _FULL_STOP)
            ):
                return True
            continue
        if kind == NEGATION and modifier.end < hit.start:
            near = text.words_between(modifier.end, hit.start) <= _NEGATION_REACH
            if near and text.same_sentence(modifier.end, hit.start):
                return True
        if kind == NEGATION_AFTER and hit.end < modifier.start:
            near = text.words_between(hit.end, modifier.start) <= _NEGATION_REACH
            if near and text.same_sentence(hit.end, modifier.start):
                return True
    return False


def _firing(hits: list[_Hit], text: _Text) -> list[_Hit]:
    """Keep cue matches only in categories where a full term or two kinds of cue were found."""
    strong: set[str] = set()
    cues: dict[str, set[str]] = {}
    for hit in hits:
        if hit.entry.cue:
            cues.setdefault(hit.entry.category, set()).add(hit.entry.cue)
        else:
            strong.add(hit.entry.category)
    if cues.keys() & _MONEY_CATEGORIES and _MONEY.search(text.prepared.nfc):
        for category in cues.keys() & _MONEY_CATEGORIES:
            cues[category].add(_MONEY_CUE)
    firing = strong | {c for c, kinds in cues.items() if len(kinds) >= 2}
    return [h for h in hits if h.entry.category in firing]


def _terms(text: _Text, hits: list[_Hit]) -> list[_Hit]:
    """The term matches that stand once allowed phrases and modifiers have had their say."""
    allowed = [(h.start, h.end) for h in hits if h.entry.kind == ALLOW]
    # An allowed phrase also cancels a modifier inside it: "要不要" is no negation.
    modifiers = [
        h
        for h in hits
        if h.entry.kind == MODIFIER and not any(a <= h.end and h.start <= b for a, b in allowed)
    ]
    terms = [
        h
        for h in hits
        if h.entry.kind not in (ALLOW, MODIFIER)
        and not any(a <= h.end and h.start <= b for a, b in allowed)
    ]
    if modifiers:
        terms = [h for h in terms if not _cancelled(text, h, modifiers)]
    terms = _firing(terms, text)
    # A match inside a longer one is part of it ("lồn" in "thằng mặt lồn"), whatever its
    # category; and hate already says what an insult in the same text says.
    terms.sort(key=lambda h: (h.start, -h.end))
    kept: list[_Hit] = []
    for hit in terms:
        inside = any(
            k.start <= hit.start
            and hit.end <= k.end
            and (k.end - k.start > hit.end - hit.start or k.entry.category == hit.entry.category)
            for k in kept
        )
        if not inside:
            kept.append(hit)
    if any(h.entry.category == "hate" for h in kept):
        kept = [h for h in kept if h.entry.category != "insult"]
    return kept


def _original(prepared: Normalised, start: int, end: int) -> tuple[int, int]:
    """Original offsets of an [start, end) span of the NFC text."""
    origin = prepared.nfc_origin
    if origin is None:
        return start, end
    text = prepared.text
    first = origin[start]
    last = origin[end - 1] + 1
    while last < len(text) and unicodedata.combining(text[last]):
        last += 1
    return first, last


def _dedupe(spans: list[Span]) -> list[Span]:
    """One span per category and stretch."""
    spans.sort(key=lambda s: (s.start, -s.end, s.category))
    kept: list[Span] = []
    for span in spans:
        if any(
            k.category == span.category and k.start <= span.start and span.end <= k.end
            for k in kept
        ):
            continue
        kept.append(span)
    return kept


def screen(text: str, *, personal_data: bool = True, policy: Policy = DEFAULT_POLICY) -> Screening:
    """Screen one text. `personal_data=False` for private messages between adults, where a
    phone number is ordinary; `policy` carries a bureau's additions and thresholds."""
    prepared = prepare(text)
    context = _Text(prepared)
    spans: list[Span] = []
    for hit in _terms(context, _matches(context, policy)):
        first, last = prepared.original_span(hit.start, hit.end)
        entry = hit.entry
        language = entry.language
        if language == UNDETERMINED:
            language = context.context(hit.start, hit.end)
        spans.append(Span(first, last, entry.category, entry.term, language, entry.severity))
    if personal_data:
        for found in personal.find(prepared.nfc):
            first, last = _original(prepared, found.start, found.end)
            spans.append(
                Span(first, last, found.category, found.term, found.language, found.severity)
            )
    spans = _dedupe(spans)
    severities: dict[str, int] = {}
    for span in spans:
        severities[span.category] = max(severities.get(span.category, 0), span.severity)
    categories = sorted(severities, key=lambda c: (-severities[c], c))
    return Screening(
        decision=policy.decide(severities),
        categories=categories,
        severity=max(severities.values(), default=0),
        spans=spans,
        language=context.language,
    )
