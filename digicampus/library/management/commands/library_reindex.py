"""Write every resource's search entry again (after a change of who may read what, or of the
normalisation), then let the database's index catch up."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from digicampus.core.search import search_rebuild
from digicampus.library.models import Resource
from digicampus.library.search import resource_reindex


class Command(BaseCommand):
    help = "Rebuild the search entries of every resource (in batches)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        last, done = 0, 0
        batch = max(1, options["batch"])
        while True:
            rows = list(
                Resource.objects.filter(pk__gt=last)
                .select_related("school", "chapter__series")
                .order_by("pk")[:batch]
            )
            if not rows:
                break
            with transaction.atomic():
                for resource in rows:
                    resource_reindex(resource)
            last, done = rows[-1].pk, done + len(rows)
        search_rebuild()
        self.stdout.write(f"{done} resources indexed.")
