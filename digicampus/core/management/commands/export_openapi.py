"""Print the API's OpenAPI document (committed as docs/openapi.json)."""

import json
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print the OpenAPI document of /api/v1/."

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings
        from django.test import Client

        response = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0]).get("/api/v1/openapi.json")
        self.stdout.write(json.dumps(response.json(), indent=2, ensure_ascii=False, sort_keys=True))
