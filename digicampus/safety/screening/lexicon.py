"""The lexicons: reading the data files, spelling variants, and the compiled automaton.

Every term, allowed phrase and spelling variant is normalised exactly as texts are, and all of
them go into one Aho–Corasick automaton, built once per (additions, allow) pair and cached.
A key of the automaton carries every entry that normalises to it: "lồn" and "lớn" both become
"lon"; the diacritics in the text decide which one, if any, was written.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from digicampus.safety.screening.language import (
    EN,
    UNDETERMINED,
    VI,
    ZH,
    cjk_in,
    has_vi_marks,
    is_vi_syllable,
)
from digicampus.safety.screening.result import CATEGORIES
from digicampus.safety.screening.text import LEXICONS, prepare

TERM, ALLOW, MODIFIER = "term", "allow", "modifier"
# Kinds of modifier phrase (modifiers.txt): a negation or prohibition before or after a term,
# a topic that makes the whole text a lesson, a warning or a story, and reported speech.
NEGATION, NEGATION_AFTER, TOPIC, REPORT = "negation", "negation_after", "topic", "report"
ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_MAX_VARIANTS = 48
_VOWELS = frozenset("aeiouy")
# Single words that a doubled letter squeezed out would turn into (see `_squeezed`).
_SQUEEZE_STOP = frozenset({"as", "bob", "bobs", "niger", "pop", "fel"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry behind an automaton key."""

    kind: str
    category: str
    severity: int
    language: str
    term: str
    # The spelling that produced the key, aligned with it character by character; the
    # diacritics in the text are checked against it for Vietnamese entries.
    pattern: str
    context: bool = False
    exact: bool = False
    cue: str = ""
    # Only where the original shows a masking character ("f*ck" for "fuck").
    masked: bool = False
    # Also a first name: not when capitalised inside a sentence ("my uncle Dick").
    name: bool = False
    # Written in ASCII only (its diacritics, if any, can be checked against the text).
    latin: bool = False
    # A Vietnamese abbreviation without vowels ("vl", "cc").
    abbreviation: bool = False


@dataclass(frozen=True, slots=True)
class _Spec:
    kind: str
    category: str
    severity: int
    language: str
    term: str
    flags: frozenset[str]

    @property
    def cue(self) -> str:
        return next((f[4:] for f in self.flags if f.startswith("cue=")), "")


def _lines(name: str) -> Iterator[list[str]]:
    path = LEXICONS / name
    if not path.exists():
        return
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if line and not line.lstrip().startswith("#"):
            yield line.split("\t")


def _flags(fields: list[str], index: int) -> frozenset[str]:
    if len(fields) <= index or not fields[index].strip():
        return frozenset()
    return frozenset(f.strip() for f in fields[index].split(","))


_CHOICE = re.compile(r"\{([^{}]*)\}")


def expand(term: str) -> list[str]:
    """A term with `{a|b}` choices written out: "{kill|stab} {you|him}" is four terms."""
    match = _CHOICE.search(term)
    if match is None:
        return [" ".join(term.split())]
    head, tail = term[: match.start()], term[match.end() :]
    return [t for choice in match.group(1).split("|") for t in expand(head + choice + tail)]


def read_terms(language: str) -> list[_Spec]:
    """The terms of one language file."""
    specs = []
    for fields in _lines(f"{language}.txt"):
        category, severity = fields[0], int(fields[1])
        if category not in CATEGORIES:
            raise ValueError(f"{language}.txt: unknown category {category!r}")
        flags = _flags(fields, 3)
        specs.extend(
            _Spec(TERM, category, severity, language, term, flags)
            for term in expand(fields[2].strip())
        )
    return specs


def read_allow() -> list[_Spec]:
    """The shipped allow-list."""
    return [
        _Spec(ALLOW, "", 0, fields[0], phrase, _flags(fields, 2))
        for fields in _lines("allow.txt")
        for phrase in expand(fields[1].strip())
    ]


def read_modifiers() -> list[_Spec]:
    """Negations, topics and reporting phrases."""
    kinds = (NEGATION, NEGATION_AFTER, TOPIC, REPORT)
    specs = []
    for fields in _lines("modifiers.txt"):
        language, kind = fields[0], fields[1]
        if kind not in kinds:
            raise ValueError(f"modifiers.txt: unknown kind {kind!r}")
        specs.extend(
            _Spec(MODIFIER, kind, 0, language, phrase, _flags(fields, 3))
            for phrase in expand(fields[2].strip())
        )
    return specs


@lru_cache(maxsize=1)
def _vi_spellings() -> dict[str, tuple[str, ...]]:
    return {fields[0]: tuple(fields[1].split()) for fields in _lines("vi_spelling.txt")}


def _vi_syllable_variants(syllable: str) -> list[str]:
    """Spellings of one Vietnamese syllable: itself, the informal list, sound-alike onsets."""
    variants = [syllable, *_vi_spellings().get(syllable, ())]
    plain = prepare(syllable).normal
    if not _VOWELS.intersection(plain) or plain == syllable:
        # Only syllables with diacritics get sound-alike onsets: "giết" → "zết", but "que"
        # must not become the English "we".
        return variants
    rules: list[tuple[str, tuple[str, ...]]] = [
        ("gi", ("z", "j", "d")),
        ("ph", ("f",)),
        ("qu", ("w",)),
    ]
    if syllable.startswith("d"):
        rules.append(("d", ("z", "dz")))
    if syllable.startswith("c") and not syllable.startswith("ch"):
        rules.append(("c", ("k",)))
    for onset, replacements in rules:
        if syllable.startswith(onset) and len(syllable) > len(onset):
            variants.extend(r + syllable[len(onset) :] for r in replacements)
    return variants


def _vi_variants(term: str) -> list[str]:
    syllables = term.casefold().split()
    options = [_vi_syllable_variants(s) for s in syllables]
    variants = [" ".join(p) for p in itertools.islice(itertools.product(*options), _MAX_VARIANTS)]
    if len(syllables) > 1 and len(prepare("".join(syllables)).normal) >= 5:
        # People drop the spaces: "occho", "chetdi".
        variants.append("".join(syllables))
    return variants


def _squeezed(key: str) -> str | None:
    """The key with doubled letters single, as "kiiill" reads once repeats are squeezed."""
    squeezed = re.sub(r"([a-z])\1", r"\1", key)
    if squeezed == key or len(squeezed.replace(" ", "")) < 3 or squeezed in _SQUEEZE_STOP:
        return None
    if " " not in squeezed and is_vi_syllable(squeezed):
        return None  # "coon" must not become "con"
    return squeezed


def _masked(key: str) -> list[str]:
    """An English term with one vowel of one word left out, as "f*ck" reads once the mask
    goes ("let's f*ck" for "let's fuck")."""
    words = key.split(" ")
    variants = []
    for n, word in enumerate(words):
        if len(word) < 4 or not word.isalpha():
            continue
        for i in range(1, len(word) - 1):
            masked = word[:i] + word[i + 1 :]
            if word[i] in "aeiou" and not is_vi_syllable(masked):
                variants.append(" ".join([*words[:n], masked, *words[n + 1 :]]))
    return variants


def _en_variants(term: str) -> list[str]:
    variants = [term]
    if " " not in term and term.isalpha() and len(term) >= 3 and not term.endswith("s"):
        if term.endswith(("sh", "ch", "x", "z")):
            variants.append(term + "es")
        elif term.endswith("y") and term[-2:-1] not in ("a", "e", "o", "u"):
            variants.append(term[:-1] + "ies")
        else:
            variants.append(term + "s")
    return variants


def _key(spelling: str) -> tuple[str, str] | None:
    """The automaton key of a spelling, and the spelling aligned with that key."""
    prepared = prepare(spelling)
    normal = prepared.normal
    stripped = normal.strip()
    if not stripped:
        return None
    start = len(normal) - len(normal.lstrip())
    end = start + len(stripped) - 1
    return stripped, prepared.source(start, end).casefold()


def _entries(spec: _Spec, spellings: Iterable[str]) -> Iterator[tuple[str, Entry]]:
    seen: set[str] = set()
    for spelling in spellings:
        keyed = _key(spelling)
        if keyed is None:
            continue
        key, pattern = keyed
        candidates = [(key, pattern, False)]
        if spec.language == EN and spec.kind == TERM:
            squeezed = _squeezed(key)
            if squeezed is not None:
                candidates.append((squeezed, squeezed, False))
            candidates.extend((m, m, True) for m in _masked(key))
        for k, p, masked in candidates:
            if k in seen:
                continue
            seen.add(k)
            yield k, _entry(spec, k, p, masked=masked)


def _entry(spec: _Spec, key: str, pattern: str, *, masked: bool = False) -> Entry:
    context = "ctx" in spec.flags
    latin = not cjk_in(key)
    if spec.language == EN and latin and all(is_vi_syllable(w) for w in key.split()):
        context = True  # "ho", "cum": ordinary Vietnamese syllables once diacritics are gone
    if spec.language == VI and latin and not _VOWELS.intersection(key) and len(key) <= 3:
        context = True  # "dm", "cc": abbreviations that mean something else in English
    if spec.language == ZH and latin:
        context = True  # pinyin: "ta ma de" is also Vietnamese without its diacritics
    exact = "exact" in spec.flags or (
        spec.language == VI and " " not in spec.term.strip() and has_vi_marks(spec.term)
    )
    return Entry(
        kind=spec.kind,
        category=spec.category,
        severity=spec.severity,
        language=spec.language,
        term=spec.term,
        pattern=pattern,
        context=context,
        exact=exact and spec.language == VI,
        cue=spec.cue,
        masked=masked,
        name="name" in spec.flags,
        latin=pattern.isascii(),
        abbreviation=spec.language == VI
        and len(pattern) <= 3
        and not _VOWELS.intersection(prepare(pattern).normal)
        and " " not in pattern,
    )


def _spellings(spec: _Spec) -> list[str]:
    if spec.kind == TERM and spec.language == VI:
        return _vi_variants(spec.term)
    if spec.kind == TERM and spec.language == EN:
        return _en_variants(spec.term)
    return [spec.term]


def _zh_aliases(specs: list[_Spec]) -> Iterator[tuple[str, Entry]]:
    """Homophones and pinyin spellings, which take the category of the term they stand for."""
    by_term = {s.term: s for s in specs if s.language == ZH}
    for name in ("zh_homophones.txt", "zh_pinyin.txt"):
        for fields in _lines(name):
            variant, term = fields[0].strip(), fields[1].strip()
            target = by_term.get(term)
            if target is None:
                continue
            flags = target.flags - {"ctx"} | _flags(fields, 2)
            spec = _Spec(TERM, target.category, target.severity, ZH, term, flags)
            yield from _entries(spec, [variant])


@lru_cache(maxsize=1)
def base_items() -> tuple[tuple[str, Entry], ...]:
    """Every shipped (key, entry) pair."""
    specs = [spec for language in (VI, ZH, EN) for spec in read_terms(language)]
    items: list[tuple[str, Entry]] = []
    for spec in specs + read_allow() + read_modifiers():
        items.extend(_entries(spec, _spellings(spec)))
    items.extend(_zh_aliases(specs))
    return tuple(items)


def guess_language(term: str) -> str:
    """The language of a term a bureau adds: Chinese, Vietnamese if marked, else undecided."""
    if cjk_in(term):
        return ZH
    if has_vi_marks(term):
        return VI
    return UNDETERMINED


def policy_items(
    additions: tuple[tuple[str, str, int], ...], allow: tuple[str, ...]
) -> list[tuple[str, Entry]]:
    """(key, entry) pairs for a bureau's own terms and allowed phrases."""
    items: list[tuple[str, Entry]] = []
    for category, term, severity in additions:
        spec = _Spec(TERM, category, severity, guess_language(term), term, frozenset())
        items.extend(_entries(spec, _spellings(spec)))
    for phrase in allow:
        spec = _Spec(ALLOW, "", 0, guess_language(phrase), phrase, frozenset())
        items.extend(_entries(spec, [phrase]))
    return items


def _automaton(items: Iterable[tuple[str, Entry]]) -> tuple[ahocorasick.Automaton, int]:
    grouped: dict[str, list[Entry]] = {}
    for key, entry in items:
        bucket = grouped.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)
    automaton = ahocorasick.Automaton()
    for key, entries in grouped.items():
        left = key[0] in ASCII_ALNUM
        right = key[-1] in ASCII_ALNUM
        automaton.add_word(key, (len(key), left, right, tuple(entries)))
    automaton.make_automaton()
    return automaton, len(grouped)


class Matcher:
    """Two Aho–Corasick automata: one over the terms, one over the allowed phrases and
    modifiers, which only matter (and so only run) when a term was found."""

    def __init__(self, items: Iterable[tuple[str, Entry]]) -> None:
        items = list(items)
        self.terms, terms = _automaton((k, e) for k, e in items if e.kind == TERM)
        self.phrases, phrases = _automaton((k, e) for k, e in items if e.kind != TERM)
        self.size = terms + phrases


@lru_cache(maxsize=32)
def compiled(additions: tuple[tuple[str, str, int], ...], allow: tuple[str, ...]) -> Matcher:
    """The matcher for the shipped lexicons plus a policy's additions and allow-list."""
    return Matcher([*base_items(), *policy_items(additions, allow)])


def lexicon_sizes() -> dict[str, dict[str, int]]:
    """Number of written terms per language and category (variants not counted)."""
    sizes: dict[str, dict[str, int]] = {}
    for language in (VI, ZH, EN):
        counts: dict[str, int] = {}
        for spec in read_terms(language):
            counts[spec.category] = counts.get(spec.category, 0) + 1
        sizes[language] = counts
    return sizes
