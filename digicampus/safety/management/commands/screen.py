"""Screen texts from standard input, one per line; write one JSON object per line."""

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from digicampus.safety.screening import DEFAULT_POLICY, screen


class Command(BaseCommand):
    help = "Screen one text per line of standard input; print one JSON result per line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-personal-data",
            action="store_true",
            help="Do not flag phone numbers, identity numbers, cards, e-mail or addresses.",
        )
        parser.add_argument(
            "--bureau",
            metavar="CODE",
            help="Screen under this bureau's policy (its own terms, allow-list, thresholds).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        policy = DEFAULT_POLICY
        if options["bureau"]:
            # Imported here: only this option needs the database.
            from digicampus.safety.selectors import bureau_policy

            try:
                policy = bureau_policy(options["bureau"])
            except LookupError as error:
                raise CommandError(f"No bureau with the code {options['bureau']!r}.") from error
        for line in sys.stdin:
            result = screen(
                line.rstrip("\n"),
                personal_data=not options["no_personal_data"],
                policy=policy,
            )
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
