"""Measure the screener against the labelled sets in digicampus/safety/evaluation/."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from digicampus.safety.evaluation import (
    LANGUAGES,
    PRECISION_TARGET,
    RECALL_TARGET,
    SETS,
    evaluate_all,
    format_table,
)


class Command(BaseCommand):
    help = (
        "Print precision and recall of the screener per language and category; fail when a "
        f"language is below precision {PRECISION_TARGET} or recall {RECALL_TARGET}."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--language", choices=LANGUAGES, help="Only this language.")
        parser.add_argument(
            "--set",
            choices=sorted(SETS),
            default="tuning",
            help="The set the lexicons were tuned on (checked against the targets), or the "
            "held-out set (only measured).",
        )
        parser.add_argument(
            "--mistakes", action="store_true", help="Also list every item screened wrongly."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        languages = (options["language"],) if options["language"] else LANGUAGES
        reports = [r for r in evaluate_all(languages, folder=SETS[options["set"]]) if r.items]
        if not reports:
            raise CommandError("No evaluation data found.")
        self.stdout.write(format_table(reports))
        if options["mistakes"]:
            for report in reports:
                for m in report.mistakes:
                    self.stdout.write(
                        f"{report.language}\t{m.decision}\texpected={','.join(m.expected) or '-'}"
                        f"\tfound={','.join(m.predicted) or '-'}\t{m.note}\t{m.text}"
                    )
        if options["set"] != "tuning":
            return
        failed = [r.language for r in reports if not r.passed]
        if failed:
            raise CommandError(f"Below target: {', '.join(failed)}.")
