"""WARC and WACZ captures, read with warcio: the HTML response of one URL, with its HTTP charset,
its ``WARC-Target-URI`` and its ``WARC-Date``.

warcio undoes chunked transfer encoding and gzip/deflate content encoding. A WACZ is a zip of
WARCs (``archive/``) with a page list (``pages/pages.jsonl``); when no URL is asked for and the
page list names exactly one page, that page is the one.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import KirokuError
from .decode import header_charset
from .detect import WACZ

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Record:
    """One HTML page in an archive: its URL, capture time, HTTP charset (if any) and payload bytes."""

    uri: str
    date: str  # WARC-Date, ISO 8601 in UTC
    charset: str | None
    payload: bytes


def _norm(uri: str) -> str:
    return uri.split("#", 1)[0].rstrip("/")


def _records(stream: IO[bytes], path: Path | str) -> Iterator[Record]:
    try:
        for rec in ArchiveIterator(stream):
            if rec.rec_type not in ("response", "resource"):
                continue
            if rec.rec_type == "response":
                if rec.http_headers is None or not rec.http_headers.get_statuscode().startswith("2"):
                    continue
                content_type = rec.http_headers.get_header("Content-Type") or ""
            else:
                content_type = rec.rec_headers.get_header("Content-Type") or ""
            if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
                continue
            uri = rec.rec_headers.get_header("WARC-Target-URI") or ""
            date = rec.rec_headers.get_header("WARC-Date") or ""
            yield Record(uri, date, header_charset(content_type), rec.content_stream().read())
    except ArchiveLoadFailed as exc:
        raise KirokuError(f"not a readable WARC file ({exc.msg})", path=path,
                          hint="capture it again: a WARC must be complete (a cut-off one cannot be read)") from None
    except (OSError, EOFError, ValueError) as exc:  # a truncated gzip member, a damaged record
        raise KirokuError(f"the WARC file is damaged ({exc})", path=path, hint="capture it again") from None


def _wacz(raw: bytes, path: Path | str) -> tuple[list[Record], list[str]]:
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        found: list[Record] = []
        for name in sorted(zf.namelist()):
            if name.startswith("archive/") and name.endswith((".warc", ".warc.gz")):
                with zf.open(name) as member:
                    found.extend(_records(io.BytesIO(member.read()), f"{path}!{name}"))
        listed: list[str] = []
        if "pages/pages.jsonl" in zf.namelist():
            for row in zf.read("pages/pages.jsonl").decode("utf-8", errors="replace").splitlines():
                try:
                    item = json.loads(row)
                except ValueError:
                    continue
                if isinstance(item, dict) and isinstance(item.get("url"), str):
                    listed.append(item["url"])  # the first row is a header ({"format": ...})
    return found, listed


def pages(raw: bytes, kind: str, path: Path | str) -> tuple[list[Record], list[str]]:
    """Every HTML page in the archive (the last capture of each URL), and the WACZ page list."""
    found, listed = _wacz(raw, path) if kind == WACZ else (list(_records(io.BytesIO(raw), path)), [])
    latest: dict[str, Record] = {}
    for rec in found:
        latest[_norm(rec.uri)] = rec
    return list(latest.values()), listed


def select(raw: bytes, kind: str, path: Path | str, url: str | None) -> Record:
    """The HTML page of ``url``, else the only one (or the WACZ's only listed page); else an error listing them."""
    found, listed = pages(raw, kind, path)
    if not found:
        raise KirokuError(f"the {kind.upper()} holds no HTML page (no 2xx text/html response record)", path=path,
                          hint="capture the live blog's page itself, not only its images or scripts")
    if url is not None:
        match = [r for r in found if _norm(r.uri) == _norm(url)]
        if match:
            return match[0]
    if len(found) == 1:
        return found[0]
    wanted = [r for r in found if _norm(r.uri) in {_norm(u) for u in listed}]
    if url is None and len(wanted) == 1:
        return wanted[0]
    listing = ", ".join(sorted(r.uri for r in found))
    said = f"no HTML page for {url}; " if url else ""
    raise KirokuError(f"{said}the {kind.upper()} holds {len(found)} HTML pages: {listing}", path=path,
                      hint="choose the live blog's page with --url URL")
