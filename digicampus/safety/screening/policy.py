"""How findings become a decision, and what a bureau adds to or removes from the lexicons."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from digicampus.safety.screening.result import (
    BLOCK,
    CATEGORIES,
    DECISIONS,
    HOLD,
    PERSONAL_DATA,
    PUBLISH,
    SELF_HARM,
)

_ORDER = {PUBLISH: 0, HOLD: 1, BLOCK: 2}


@dataclass(frozen=True)
class Policy:
    """Screening settings. Frozen and hashable, so compiled matchers can be cached per policy.

    `additions` are extra terms (category, term, severity); `allow` extra harmless phrases;
    `decisions` fixed decisions per category, overriding the thresholds; a category whose
    highest severity reaches `block_at` is blocked, one reaching `hold_at` is held. Self-harm
    is always held, never blocked nor published: a person has to read it.
    """

    additions: tuple[tuple[str, str, int], ...] = ()
    allow: tuple[str, ...] = ()
    decisions: tuple[tuple[str, str], ...] = ()
    block_at: int = 3
    hold_at: int = 1

    def __post_init__(self) -> None:
        for category, term, severity in self.additions:
            if category not in CATEGORIES or category == PERSONAL_DATA:
                raise ValueError(f"Unknown category {category!r}.")
            if not term.strip():
                raise ValueError("An added term cannot be empty.")
            if severity not in (0, 1, 2, 3):
                raise ValueError(f"Severity must be 0 to 3, not {severity!r}.")
        for category, decision in self.decisions:
            if category not in CATEGORIES:
                raise ValueError(f"Unknown category {category!r}.")
            if decision not in DECISIONS:
                raise ValueError(f"Unknown decision {decision!r}.")
            if category == SELF_HARM and decision != HOLD:
                raise ValueError("Self-harm is always held for a person to read.")
        if not 0 <= self.hold_at <= 4 or not 0 <= self.block_at <= 4:
            raise ValueError("Thresholds must be between 0 and 4.")

    @classmethod
    def from_lists(
        cls,
        *,
        additions: Iterable[tuple[str, str, int]] = (),
        allow: Iterable[str] = (),
        decisions: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        block_at: int = 3,
        hold_at: int = 1,
    ) -> Policy:
        """A policy from plain lists (as a bureau's settings hold them), in a stable order."""
        pairs = decisions.items() if isinstance(decisions, Mapping) else decisions
        return cls(
            additions=tuple(sorted({(c, t.strip(), int(s)) for c, t, s in additions})),
            allow=tuple(sorted({a.strip() for a in allow if a.strip()})),
            decisions=tuple(sorted(dict(pairs).items())),
            block_at=block_at,
            hold_at=hold_at,
        )

    def decide(self, severities: Mapping[str, int]) -> str:
        """The decision for a text, from the highest severity found per category."""
        fixed = dict(self.decisions)
        decision = PUBLISH
        for category, severity in severities.items():
            if category == SELF_HARM:
                outcome = HOLD
            elif category in fixed:
                outcome = fixed[category]
            elif severity >= self.block_at:
                outcome = BLOCK
            elif severity >= self.hold_at:
                outcome = HOLD
            else:
                outcome = PUBLISH
            if _ORDER[outcome] > _ORDER[decision]:
                decision = outcome
        if decision == BLOCK and SELF_HARM in severities:
            # A child in distress must reach a person even when the same text is abusive.
            decision = HOLD
        return decision


DEFAULT_POLICY = Policy()
