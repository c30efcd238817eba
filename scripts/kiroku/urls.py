"""Which URLs Kiroku accepts: a live blog's, an update's, one to fetch."""

from __future__ import annotations

import re

_URL = re.compile(r"^https?://[^\s<>(){}\"'`\\]+$")


def is_http_url(url: str) -> bool:
    """Live blogs' URLs are http or https, without spaces, quotes or brackets (they are written into pages)."""
    return bool(_URL.match(url))
