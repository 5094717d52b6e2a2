"""Phone numbers as stored: digits with an optional leading +, checked for a plausible length."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s().\-]")
_VALID = re.compile(r"^\+?\d{9,15}$")


def normalize_phone(raw: object) -> str | None:
    """The stored form of a phone number, or None when `raw` is not one."""
    if raw is None:
        return None
    if isinstance(raw, int | float):
        raw = str(int(raw))
        # Excel drops a leading zero from numbers typed as numbers.
        if len(raw) in (9, 10) and not raw.startswith("0"):
            raw = "0" + raw
    text = _SEPARATORS.sub("", str(raw).strip())
    return text if _VALID.match(text) else None
