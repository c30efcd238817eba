"""What kind of capture a file is, from its bytes (never its name): text, HTML, WARC, WACZ or JSON.

HTML is sniffed as browsers sniff it (the WHATWG MIME sniffing patterns: a file whose first tag
is one of a few HTML tags); WARC by its version line (``WARC/1.x``), also gzipped; WACZ is a zip
holding ``archive/*.warc[.gz]``; JSON (a JSON-LD document saved on its own, ``.jsonld``/``.json``) is
a file whose text is one JSON object or array.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from pathlib import Path

from ..errors import KirokuError

TEXT, HTML, WARC, WACZ, JSON = "text", "html", "warc", "wacz", "json"
KINDS = (TEXT, HTML, WARC, WACZ, JSON)

# WHATWG MIME sniffing, "text/html" patterns: the tag name, then a space or ">".
_HTML_TAGS = (b"!doctype html", b"html", b"head", b"script", b"iframe", b"h1", b"div", b"font", b"table",
              b"a", b"style", b"title", b"b", b"body", b"br", b"p", b"meta", b"article", b"main")
_BOMS = (b"\xef\xbb\xbf",)


def kind(raw: bytes, path: Path | str = "capture") -> str:
    """``text``, ``html``, ``warc`` or ``wacz``; KirokuError for a zip or gzip file that is neither."""
    if raw.startswith(b"PK\x03\x04"):
        return _zip_kind(raw, path)
    if raw.startswith(b"\x1f\x8b"):
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            head = inflate.decompress(raw[:65536], 4096)
            damaged = False
        except zlib.error:
            head, damaged = b"", True
        if head.startswith(b"WARC/"):
            return WARC
        if not damaged and len(raw) <= 65536 and not inflate.eof and len(head) < 5 and b"WARC/".startswith(head):
            raise KirokuError("a gzip file that ends before what it holds can be told: it is cut off", path=path,
                              hint="capture or download it again")
        if is_html(head):
            raise KirokuError("a gzip-compressed HTML page, not a WARC web archive: Kiroku reads pages uncompressed",
                              path=path, hint="decompress it (gunzip -c FILE > page.html) and ingest page.html, or "
                              "ingest the page's WARC or WACZ")
        raise KirokuError("a gzip-compressed file that is not a WARC web archive", path=path,
                          hint="decompress it (gunzip -c FILE > capture) if it holds a page or a text capture, "
                          "and ingest that; or ingest a .warc, .warc.gz or WACZ")
    if raw.startswith(b"WARC/"):
        return WARC
    if is_json(raw):
        return JSON
    return HTML if is_html(raw) else TEXT


def is_archive(head: bytes) -> bool:
    """True when the file starts as a WARC, a gzip file or a zip file does (its page may be smaller than it)."""
    return head.startswith((b"PK\x03\x04", b"\x1f\x8b", b"WARC/"))


def is_json(raw: bytes) -> bool:
    """True when the whole file is one JSON object or array (UTF-8, a BOM allowed)."""
    head = raw.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    if not head.startswith((b"{", b"[")):
        return False
    try:
        json.loads(head.decode("utf-8"))
    except (ValueError, RecursionError):
        return False
    return True


def is_html(raw: bytes) -> bool:
    """True when the first thing after white space (and a BOM) is an HTML tag or comment."""
    head = raw[:1024]
    for bom in _BOMS:
        head = head.removeprefix(bom)
    head = head.lstrip(b" \t\r\n\x0c").lower()
    if head.startswith(b"<?xml"):  # XHTML: an XML declaration, then the html element
        return b"<html" in head
    if head.startswith(b"<!--"):
        return b"<html" in raw[:4096].lower() or b"<body" in raw[:4096].lower()
    if not head.startswith(b"<"):
        return False
    for tag in _HTML_TAGS:
        rest = head[1:]
        if rest.startswith(tag) and rest[len(tag) : len(tag) + 1] in (b" ", b">", b"\t", b"\n", b"\r"):
            return True
    return False


def _zip_kind(raw: bytes, path: Path | str) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(raw)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise KirokuError(f"a damaged zip file, or one cut off: its table of contents cannot be read ({exc})",
                          path=path, hint="capture or download it again (a WACZ must be complete)") from None
    if any(n.startswith("archive/") and n.endswith((".warc", ".warc.gz")) for n in names):
        return WACZ
    raise KirokuError("a zip file that is not a WACZ web archive (no archive/*.warc[.gz] in it)", path=path,
                      hint="ingest a WACZ (ArchiveWeb.page, Browsertrix), a WARC, an HTML page or a text capture")


def seed_suffix(raw: bytes, path: Path) -> str:
    """A seed's file extension: the kind's (.html, .warc, .warc.gz, .wacz); a text capture keeps its own (or .txt)."""
    try:
        found = kind(raw, path)
    except KirokuError:
        found = TEXT
    if found == HTML:
        return ".html"
    if found == WARC:
        return ".warc.gz" if raw.startswith(b"\x1f\x8b") else ".warc"
    if found == WACZ:
        return ".wacz"
    if found == JSON:
        return ".jsonld"
    return path.suffix or ".txt"
