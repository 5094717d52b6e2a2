"""SMS gateways: one interface, a console gateway by default, a generic HTTP provider.

`settings.SMS_GATEWAY` picks one: "console" writes messages to the log (development and
tests); "http" POSTs JSON to `SMS_HTTP_URL` with a bearer `SMS_HTTP_TOKEN`, the delivery's
idempotency key included so that a provider can drop a repeated request.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings

logger = logging.getLogger("digicampus.sms")


class GatewayError(Exception):
    """The provider refused or could not be reached; the send may be retried."""


class SmsGateway(Protocol):
    def send(self, *, phone: str, text: str, idempotency_key: str) -> str:
        """Send one SMS and return the provider's message id; raise GatewayError on failure."""
        ...


class ConsoleSmsGateway:
    """Writes each SMS to the log instead of sending it."""

    sent: list[tuple[str, str, str]] = []

    def send(self, *, phone: str, text: str, idempotency_key: str) -> str:
        logger.warning("SMS to %s [%s]: %s", phone, idempotency_key, text)
        self.sent.append((phone, text, idempotency_key))
        return f"console-{idempotency_key}"


class HttpSmsGateway:
    """A provider reached by `POST {"to", "text", "id"}` that answers `{"id": ...}`."""

    def __init__(self, url: str, token: str, timeout: float = 10.0) -> None:
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, *, phone: str, text: str, idempotency_key: str) -> str:
        payload = json.dumps({"to": phone, "text": text, "id": idempotency_key}).encode()
        request = urllib.request.Request(  # noqa: S310 - the URL comes from settings
            self.url,
            data=payload,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": idempotency_key,
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.loads(response.read() or b"{}")
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise GatewayError(str(error)[:300]) from error
        return str(answer.get("id", idempotency_key))


def sms_gateway() -> SmsGateway:
    """The gateway configured in settings."""
    if settings.SMS_GATEWAY == "http":
        return HttpSmsGateway(settings.SMS_HTTP_URL, settings.SMS_HTTP_TOKEN)
    return ConsoleSmsGateway()
