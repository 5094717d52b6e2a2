"""Screening of user content: a pure-Python library, with no database and no Django.

`screen(text)` normalises the text (see `text`), matches the Vietnamese, Chinese and English
lexicons of `digicampus/safety/lexicons/` and a bureau's own additions in one Aho–Corasick pass
(see `lexicon`), keeps each match only where its diacritics and the surrounding language fit
(see `language`), looks for personal data (see `personal`) and turns what it found into a
decision under a `Policy`. Offsets always point into the original text.

Command line, without Django: `python -m digicampus.safety.screening < texts.txt`.
"""

from digicampus.safety.screening.engine import screen
from digicampus.safety.screening.policy import DEFAULT_POLICY, Policy
from digicampus.safety.screening.result import (
    BLOCK,
    CATEGORIES,
    HOLD,
    PUBLISH,
    Screening,
    Span,
)
from digicampus.safety.screening.text import normalise

__all__ = [
    "BLOCK",
    "CATEGORIES",
    "DEFAULT_POLICY",
    "HOLD",
    "PUBLISH",
    "Policy",
    "Screening",
    "Span",
    "normalise",
    "screen",
]
