"""Values as pages write them, shared by the page readers: a text value (JSON-LD's string, list,
``@value`` or ``name``; a ``<meta content>``) and an ISO 8601 moment (``datetime`` attributes,
``datePublished``)."""

from __future__ import annotations

import datetime as dt
from typing import Any


def text(value: Any) -> str | None:
    """A JSON-LD text value: a string, the first of a list, or an ``@value`` / ``name``; None otherwise."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value", value.get("name"))
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def moment(value: Any) -> dt.datetime | None:
    """An ISO 8601 date-time (naive when the page gives no offset); None for a date alone or garbage."""
    raw = value if isinstance(value, str) else text(value)
    if not raw or len(raw.strip()) <= 10:
        return None
    try:
        return dt.datetime.fromisoformat(raw.strip())
    except ValueError:
        return None


def folded(text: str | None) -> str:
    """A heading or title as compared: case folded, white space as one space."""
    return " ".join((text or "").casefold().split())
