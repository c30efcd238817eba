"""A live blog's title as the page gives it: its one ``<h1>`` in the main content, else its structured
data's headline, ``og:title`` or ``<title>``; without the site's name (``og:site_name``, ``| Outlet``,
``- Outlet``) or a trailing live marker (``– live updates``, ``- live``, ``as it happened``)."""

from __future__ import annotations

import re

from .values import folded

_SEPARATOR = re.compile(r"\s+[|–—\-·•]\s+|\s*[|｜]\s*")
_LIVE = re.compile(
    r"\s*[|–—\-:·•]\s*(?:live(?:\s+(?:updates?|blog|coverage|report))?|latest(?:\s+updates?)?|as\s+it\s+happened)"
    r"\s*$",
    re.IGNORECASE,
)
MAX_SITE_WORDS = 5  # without og:site_name, a part this short after the last " | " names the outlet


def strip_site(title: str, site: str | None) -> str:
    """The title without the site's name and a trailing live marker (never emptied)."""
    out = " ".join(title.split())
    seps = list(_SEPARATOR.finditer(out))
    if seps:
        last, first = seps[-1], seps[0]
        tail, head = out[last.end():], out[: first.start()]
        if site and folded(tail) == folded(site) and out[: last.start()].strip():
            out = out[: last.start()].rstrip()
        elif site and folded(head) == folded(site) and out[first.end():].strip():
            out = out[first.end():].lstrip()
        elif not site and "|" in last.group().replace("｜", "|") and len(tail.split()) <= MAX_SITE_WORDS \
                and out[: last.start()].strip():
            out = out[: last.start()].rstrip()
    while (m := _LIVE.search(out)) and m.start() > 0:
        out = out[: m.start()].rstrip()
    return out


def choose(h1: str | None, structured: str | None, og: str | None, head: str | None, site: str | None) -> str | None:
    """The title: the page's own ``<h1>`` first (what a reader sees), then what its data and head say."""
    for candidate in (h1, structured, og, head):
        if candidate and candidate.strip():
            return strip_site(candidate, site)
    return None
