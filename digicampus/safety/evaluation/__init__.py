"""Measure the screener against the labelled sets in this folder (`vi.jsonl`, `zh.jsonl`,
`en.jsonl`; see README.md): precision and recall per language, item by item (harmful means
any category; flagged means a decision other than publish) and per category.

`holdout/` holds a second, smaller set written apart from the lexicons and never used to tune
them: it tells how the screener does on text nobody tuned it for."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from digicampus.safety.screening import CATEGORIES, DEFAULT_POLICY, PUBLISH, Policy, screen

DATA = Path(__file__).resolve().parent
SETS = {"tuning": DATA, "holdout": DATA / "holdout"}
LANGUAGES = ("vi", "zh", "en")
PRECISION_TARGET = 0.95
RECALL_TARGET = 0.90


@dataclass(frozen=True)
class Item:
    """One labelled text."""

    text: str
    categories: frozenset[str]
    note: str = ""


@dataclass
class Score:
    """Counts of true positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, *, expected: bool, predicted: bool) -> None:
        """Count one judgement."""
        if expected and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif expected:
            self.fn += 1

    @property
    def precision(self) -> float:
        """Share of flagged items that were harmful (1.0 when nothing was flagged)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of harmful items that were flagged (1.0 when none was harmful)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass(frozen=True)
class Mistake:
    """An item the screener got wrong, for reading."""

    text: str
    expected: tuple[str, ...]
    predicted: tuple[str, ...]
    decision: str
    note: str


@dataclass
class LanguageReport:
    """The evaluation of one language."""

    language: str
    items: int = 0
    harmful: int = 0
    overall: Score = field(default_factory=Score)
    categories: dict[str, Score] = field(default_factory=dict)
    mistakes: list[Mistake] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Whether both targets hold."""
        return self.overall.precision >= PRECISION_TARGET and self.overall.recall >= RECALL_TARGET


def load(language: str, *, folder: Path = DATA) -> list[Item]:
    """The labelled items of one language; none when its file is missing."""
    path = folder / f"{language}.jsonl"
    if not path.exists():
        return []
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            items.append(Item(row["text"], frozenset(row["categories"]), row.get("note", "")))
    return items


def evaluate(
    language: str, *, policy: Policy = DEFAULT_POLICY, folder: Path = DATA
) -> LanguageReport:
    """Screen every item of one language and score the outcome."""
    report = LanguageReport(language, categories={c: Score() for c in CATEGORIES})
    for item in load(language, folder=folder):
        result = screen(item.text, policy=policy)
        flagged = result.decision != PUBLISH
        predicted = frozenset(result.categories) if flagged else frozenset()
        report.items += 1
        report.harmful += bool(item.categories)
        report.overall.add(expected=bool(item.categories), predicted=flagged)
        for category, score in report.categories.items():
            score.add(expected=category in item.categories, predicted=category in predicted)
        if bool(item.categories) != flagged or item.categories != predicted:
            report.mistakes.append(
                Mistake(
                    item.text,
                    tuple(sorted(item.categories)),
                    tuple(sorted(predicted)),
                    result.decision,
                    item.note,
                )
            )
    return report


def evaluate_all(
    languages: tuple[str, ...] = LANGUAGES,
    *,
    policy: Policy = DEFAULT_POLICY,
    folder: Path = DATA,
) -> list[LanguageReport]:
    """Evaluate several languages."""
    return [evaluate(language, policy=policy, folder=folder) for language in languages]


def format_table(reports: list[LanguageReport]) -> str:
    """A plain-text table: one row per language, then per language and category."""
    lines = [
        f"{'language':<10}{'category':<15}{'items':>7}{'harmful':>9}"
        f"{'precision':>11}{'recall':>8}{'tp':>6}{'fp':>5}{'fn':>5}"
    ]
    for report in reports:
        o = report.overall
        lines.append(
            f"{report.language:<10}{'(any)':<15}{report.items:>7}{report.harmful:>9}"
            f"{o.precision:>11.3f}{o.recall:>8.3f}{o.tp:>6}{o.fp:>5}{o.fn:>5}"
            + ("" if report.passed else "   below target")
        )
        for category, s in report.categories.items():
            if s.tp + s.fp + s.fn:
                lines.append(
                    f"{'':<10}{category:<15}{'':>7}{s.tp + s.fn:>9}"
                    f"{s.precision:>11.3f}{s.recall:>8.3f}{s.tp:>6}{s.fp:>5}{s.fn:>5}"
                )
    return "\n".join(lines)
