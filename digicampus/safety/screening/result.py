"""What screening returns: the decision, and where in the text each finding sits."""

from __future__ import annotations

from dataclasses import dataclass, field

PUBLISH, HOLD, BLOCK = "publish", "hold", "block"
DECISIONS = (PUBLISH, HOLD, BLOCK)

CATEGORIES = (
    "insult",
    "hate",
    "sexual",
    "self_harm",
    "violence",
    "scam",
    "drugs",
    "gambling",
    "personal_data",
)
SELF_HARM = "self_harm"
PERSONAL_DATA = "personal_data"


@dataclass(frozen=True)
class Span:
    """One finding: [start, end) offsets in the original text, its category and term."""

    start: int
    end: int
    category: str
    term: str
    language: str = "und"
    severity: int = 0


@dataclass(frozen=True)
class Screening:
    """The outcome of screening one text."""

    decision: str
    categories: list[str] = field(default_factory=list)
    severity: int = 0
    spans: list[Span] = field(default_factory=list)
    language: str = "und"

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form, as stored in the audit log and printed by the command."""
        return {
            "decision": self.decision,
            "categories": self.categories,
            "severity": self.severity,
            "language": self.language,
            "spans": [
                {
                    "start": s.start,
                    "end": s.end,
                    "category": s.category,
                    "language": s.language,
                    "term": s.term,
                }
                for s in self.spans
            ],
        }
