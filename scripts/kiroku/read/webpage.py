"""A web capture's bytes to a ``Page``: an HTML page, or the page a WARC or WACZ holds.

``read_page(raw, path, kind, encoding=None, url=None)`` decodes the page, reads its structured data
(JSON-LD, microdata), its ``<article>`` blocks and its main content as text lines; ``page_text(page)``
is the text people read (what ``kiroku suggest`` reads). Everything is derived from the seed's bytes
at build time; nothing read from a page is trusted or kept but its text.
"""

from __future__ import annotations

from pathlib import Path

from . import articles, detect, html, jsonld, values
from .decode import decode_html
from .page import Page, PageMeta
from .warc import select

__all__ = ["page_text", "read_page"]


def _merge(first: PageMeta, then: PageMeta) -> PageMeta:
    """Each field from ``first``, else from ``then``."""
    return PageMeta(*(a if a not in (None, ()) else b for a, b in zip(vars(first).values(), vars(then).values(),
                                                                     strict=True)))


def read_page(raw: bytes, path: Path | str, kind: str, *, encoding: str | None = None,
              url: str | None = None) -> Page:
    """The page of an HTML, WARC or WACZ capture (``kind`` as ``detect.kind`` says)."""
    record_meta = PageMeta()
    charset = None
    if kind != detect.HTML:
        record = select(raw, kind, path, url)
        raw, charset = record.payload, record.charset
        record_meta = PageMeta(url=record.uri or None, captured=record.date[:10] or None)
    text = decode_html(raw, path, http_charset=charset, encoding=encoding)
    doc = html.parse_document(text, path)
    found = jsonld.find(doc)
    head = articles.page_meta(doc)
    title_el = doc.find(".//title")
    root = html.clean(doc)
    found_blocks = html.blocks(root)
    if root.find(".//h1") is None and head.title:  # the page's title is outside its main content
        line = title_el.sourceline if title_el is not None else 1
        found_blocks.insert(0, html.Block("heading", head.title, line or 1))
    lines, source, times = html.text_lines(found_blocks)
    structured = None
    lead: tuple[tuple[int, str], ...] = ()
    meta = _merge(record_meta, head)
    if found is not None and (ld := jsonld.entries(*found)):
        structured = ("json-ld", ld)
        meta = _merge(record_meta, _merge(jsonld.meta(found[0], ld), head))
        description = values.text(found[0].get("description"))
        lead = ((found[1], description),) if description else ()
    elif (arts := articles.entries(root)) is not None:
        structured = ("time-elements", arts)
        lead = articles.lead(root, meta.title)
    return Page(kind, str(path), meta, tuple(lines), tuple(source), times, structured, lead)


def page_text(page: Page) -> str:
    """What ``kiroku suggest`` reads: the main text, or the title, lead and each entry's time, heading and body."""
    if page.structured is None:
        return "\n".join(page.lines)
    out = [page.meta.title or "", *(t for _, t in page.lead)]
    for entry in page.structured[1]:
        when = entry.time.isoformat() if entry.time else ""
        out += [when, entry.heading or "", *(t for _, t in entry.body)]
    return "\n\n".join(line for line in out if line)
