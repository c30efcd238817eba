"""A web capture's bytes to a ``Page``: an HTML page, or the page a WARC or WACZ holds.

``read_page(raw, path, kind, encoding=None, url=None)`` decodes the page, reads its structured data
(JSON-LD, microdata), its ``<article>`` blocks and its main content as text lines; ``page_text(page)``
is the text people read (what ``kiroku suggest`` reads). Everything is derived from the seed's bytes
at build time; nothing read from a page is trusted or kept but its text.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..errors import KirokuError
from . import articles, detect, evidence, html, jsonld, microdata, values
from .decode import decode_html, decode_seed
from .limits import DEFAULT, Limits, megabytes, page_hint
from .page import Page, PageMeta, WebEntry
from .title import choose as pick_title
from .warc import select

__all__ = ["check_page_size", "page_text", "read_page"]


def check_page_size(size: int, path: Path | str, kind: str, limits: Limits) -> None:
    """A text, HTML or JSON capture larger than the page limit is refused before anything parses it."""
    if size > limits.page_bytes:
        what = {detect.HTML: "HTML page", detect.JSON: "JSON document"}.get(kind, "capture")
        raise KirokuError(f"this {what} is {megabytes(size)} MB: larger than the page limit of "
                          f"{megabytes(limits.page_bytes)} MB (it was not parsed)", path=path,
                          hint="a live blog's page is rarely this large (is it the right file?); " + page_hint(size))


def _merge(first: PageMeta, then: PageMeta) -> PageMeta:
    """Each field from ``first``, else from ``then``."""
    return PageMeta(*(a if a not in (None, ()) else b for a, b in zip(vars(first).values(), vars(then).values(),
                                                                     strict=True)))


def read_page(raw: bytes, path: Path | str, kind: str, *, encoding: str | None = None,
              url: str | None = None, limits: Limits | None = None) -> Page:
    """The page of an HTML, WARC or WACZ capture (``kind`` as ``detect.kind`` says), or a JSON-LD document.

    ``limits``: what the read may take (default: the defaults); a page over one is an error."""
    limits = limits or DEFAULT
    if kind in (detect.JSON, detect.HTML):
        check_page_size(len(raw), path, kind, limits)
    if kind == detect.JSON:
        return _json_document(raw, path, encoding)
    record_meta = PageMeta()
    charset = None
    if kind != detect.HTML:
        record = select(raw, kind, path, url, limits=limits)
        raw, charset = record.payload, record.charset
        record_meta = PageMeta(url=record.uri or None, captured=record.date[:10] or None)
    text = decode_html(raw, path, http_charset=charset, encoding=encoding)
    doc = html.parse_document(text, path, max_depth=limits.depth, max_elements=limits.elements)
    found = jsonld.find(doc)
    head = articles.page_meta(doc)
    title_el = doc.find(".//title")
    root = html.clean(doc)
    ld = jsonld.entries(*found) if found is not None else ()
    ld_meta = jsonld.meta(found[0], ld) if found is not None else PageMeta()
    meta = _merge(record_meta, _merge(ld_meta, head) if found is not None else head)
    h1s = [h for h in root.iter("h1")]
    h1 = values.text(h1s[0].text_content()) if len(h1s) == 1 else None
    title = pick_title(h1, ld_meta.title, head.title, values.text(title_el.text_content()) if title_el is not None
                       else None, meta.publisher)
    meta = dataclasses.replace(meta, title=title)
    found_blocks = [b for b in html.blocks(root) if not (h1 and b.kind == "heading" and b.text == h1)]
    if title:  # the title heads the text the profiles read, wherever the page put it
        line = (h1s[0].sourceline if h1 else title_el.sourceline if title_el is not None else 1) or 1
        found_blocks.insert(0, html.Block("heading", title, line))
    lines, source, times = html.text_lines(found_blocks)
    candidates = [(fmt, entries) for fmt, entries in (("json-ld", ld), ("microdata", microdata.entries(root) or ()))
                  if entries]
    choice = evidence.weigh(candidates, _distinct(articles.entries(root)), title)
    lead: tuple[tuple[int, str], ...] = ()
    if choice.format == "json-ld" and found is not None:
        description = jsonld.ld_text(found[0].get("description"))
        lead = ((found[1], description),) if description else ()
    elif choice.format is not None:
        lead = articles.lead(root, title)
    structured = (choice.format, choice.entries) if choice.format is not None else None
    return Page(kind, str(path), meta, tuple(lines), tuple(source), times, structured, lead, choice.reasons,
                choice.warnings)


def _distinct(found: tuple[WebEntry, ...] | None) -> tuple[WebEntry, ...] | None:
    """Posts shown twice (a pinned post at the top and again in its place) once, at their later place."""
    if found is None:
        return None
    seen: set[tuple[str | None, object]] = set()
    kept: list[WebEntry] = []
    for entry in reversed(found):
        key = (entry.heading or next((t for _, t in entry.body), None), entry.time)
        if key not in seen:
            seen.add(key)
            kept.append(entry)
    return tuple(reversed(kept))


def _json_document(raw: bytes, path: Path | str, encoding: str | None) -> Page:
    """A JSON-LD document saved on its own: its LiveBlogPosting, with no markup to weigh it against."""
    text = decode_seed(raw, path, encoding)
    found = jsonld.find_in(text.lstrip("\ufeff"))
    if found is None:
        raise KirokuError("a JSON document with no schema.org LiveBlogPosting (or liveBlogUpdate) in it", path=path,
                          hint="save the page itself (HTML), or the JSON-LD that describes the live blog")
    ld = jsonld.entries(*found)
    meta = jsonld.meta(found[0], ld)
    meta = dataclasses.replace(meta, title=pick_title(None, meta.title, None, None, meta.publisher))
    choice = evidence.weigh([("json-ld", ld)] if ld else [], None, meta.title)
    if choice.format is None:
        why = "; ".join(choice.reasons)
        raise KirokuError(f"the JSON-LD document gives no entries a reader can believe ({why})", path=path,
                          hint="save the page itself (HTML): its markup shows the posts")
    description = jsonld.ld_text(found[0].get("description"))
    lead = ((found[1], description),) if description else ()
    return Page(detect.JSON, str(path), meta, (), (), {}, (choice.format, choice.entries), lead, choice.reasons,
                choice.warnings)


def page_text(page: Page) -> str:
    """What ``kiroku suggest`` reads: the main text, or the title, lead and each entry's time, heading and body."""
    if page.structured is None:
        return "\n".join(page.lines)
    out = [page.meta.title or "", *(t for _, t in page.lead)]
    for entry in page.structured[1]:
        when = entry.time.isoformat() if entry.time else ""
        out += [when, entry.heading or "", *(t for _, t in entry.body)]
    return "\n\n".join(line for line in out if line)
