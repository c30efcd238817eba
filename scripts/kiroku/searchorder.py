"""The time order of the search bundle's entries, a file of its own: ``pagefind/kiroku-time.gz``.

Pagefind can sort by a key (``data-pagefind-sort``), but it keeps every page's rank for that key in
the metadata file that every first search downloads: at 10,000 entries that list was 22 KB of the
95 KB metadata (gzipped), paid by readers who never sort. So the entries carry their sort key as a
meta field (``sort``, UTC ``YYYY-MM-DDTHH:MM:SSZ``, see ``kiroku.render.search.sort_key``), and
``kiroku index`` writes, from Pagefind's fragments, one gzipped text file that the search page
fetches only when the reader sorts by time or searches by filters alone.

The format (UTF-8, gzip with no name or time, so two builds give the same bytes)::

    kiroku-time 1
    <page id>\t<seconds since the previous line, base 36>      (the first: since 1970-01-01 UTC)

one line per entry, oldest first, ties in page-id order. The page id is Pagefind's (the fragment's
file name, the ``id`` its JS API gives each result).
"""

from __future__ import annotations

import calendar
import gzip
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import KirokuError

FILE = "kiroku-time.gz"
HEADER = "kiroku-time 1"
_SIGNATURE = b"pagefind_dcd"  # what Pagefind puts before the JSON of a fragment
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def base36(n: int) -> str:
    if n < 0:
        return "-" + base36(-n)
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = _DIGITS[r] + out
        if n == 0:
            return out


def _seconds(key: str, fragment: Path) -> int:
    try:
        return calendar.timegm(time.strptime(key, "%Y-%m-%dT%H:%M:%SZ"))
    except ValueError:
        raise KirokuError(f"{fragment}: the sort key {key!r} is not UTC YYYY-MM-DDTHH:MM:SSZ",
                          hint="rebuild the site with `make html` (the entry pages write this key)") from None


def read_fragment(fragment: Path) -> dict[str, object]:
    data = gzip.decompress(fragment.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise KirokuError(f"{fragment} is not a Pagefind fragment", hint="delete the bundle and run `make html`")
    page = json.loads(data[len(_SIGNATURE):])
    if not isinstance(page, dict):
        raise KirokuError(f"{fragment} is not a Pagefind fragment", hint="delete the bundle and run `make html`")
    return page


@dataclass(frozen=True)
class PageRow:
    """One page of a bundle as Pagefind indexed it (read back from its fragment)."""

    page: str  # Pagefind's page id (the fragment's name)
    seconds: int | None  # the sort key, seconds since 1970-01-01 UTC; None without one
    content: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    filters: dict[str, list[str]] = field(default_factory=dict)


def _strings(value: object) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def page_rows(bundle: Path) -> list[PageRow]:
    """Every page of the bundle, in page-id order: what ``kiroku index`` writes its own files from."""
    rows = []
    for fragment in sorted((bundle / "fragment").glob("*.pf_fragment")):
        page = read_fragment(fragment)
        meta = _strings(page.get("meta"))
        raw = page.get("filters")
        filters = {str(k): [str(x) for x in v] for k, v in raw.items() if isinstance(v, list)} \
            if isinstance(raw, dict) else {}
        key = meta.get("sort", "")
        rows.append(PageRow(fragment.name.removesuffix(".pf_fragment"), _seconds(key, fragment) if key else None,
                            str(page.get("content", "")), meta, filters))
    return rows


def time_order(bundle: Path) -> list[tuple[int, str]]:
    """(seconds, page id) of every page that has a sort key, oldest first."""
    return sorted((r.seconds, r.page) for r in page_rows(bundle) if r.seconds is not None)


def encode(rows: list[tuple[int, str]]) -> bytes:
    lines = [HEADER]
    previous = 0
    for seconds, page in rows:
        lines.append(f"{page}\t{base36(seconds - previous)}")
        previous = seconds
    return gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=9, mtime=0)


def decode(data: bytes) -> list[tuple[int, str]]:
    """The rows back from the file (tests, and anyone reading a bundle without a browser)."""
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    if not lines or lines[0] != HEADER:
        raise ValueError(f"not a {FILE} file (first line {lines[:1]!r})")
    rows, seconds = [], 0
    for line in lines[1:]:
        page, delta = line.split("\t")
        seconds += int(delta, 36)
        rows.append((seconds, page))
    return rows


def write_time_order(bundle: Path) -> int:
    """Write ``bundle/kiroku-time.gz``; the number of entries in it."""
    rows = time_order(bundle)
    (bundle / FILE).write_bytes(encode(rows))
    return len(rows)
