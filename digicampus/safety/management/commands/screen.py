"""Screen texts from standard input, one per line; write one JSON object per line."""

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from digicampus.safety.screening import screen


class Command(BaseCommand):
    help = "Screen one text per line of standard input; print one JSON result per line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-personal-data",
            action="store_true",
            help="Do not flag phone numbers, e-mail addresses and cards.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for line in sys.stdin:
            text = line.rstrip("\n")
            result = screen(text, personal_data=not options["no_personal_data"])
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
