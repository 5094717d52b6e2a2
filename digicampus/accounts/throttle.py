"""A bound on concurrent password checks per server process.

A results-release morning sends thousands of sign-ins at once; each costs a slow hash. Past
the bound, a sign-in waits a little and then answers 429 with Retry-After instead of making
every request time out.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

_lock = threading.Lock()
_gate: threading.BoundedSemaphore | None = None


class SignInBusyError(Exception):
    """Too many sign-ins are being checked right now."""

    retry_after = 2


def _semaphore() -> threading.BoundedSemaphore:
    global _gate
    with _lock:
        if _gate is None:
            _gate = threading.BoundedSemaphore(settings.LOGIN_CONCURRENCY)
        return _gate


@contextmanager
def sign_in_slot() -> Iterator[None]:
    """Hold one of the process's sign-in slots; raise SignInBusyError when none frees up in time."""
    gate = _semaphore()
    if not gate.acquire(timeout=settings.LOGIN_QUEUE_WAIT_SECONDS):
        raise SignInBusyError
    try:
        yield
    finally:
        gate.release()
