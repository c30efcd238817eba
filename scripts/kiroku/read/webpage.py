"""A web capture's bytes to a ``Page``: an HTML page, or the page a WARC or WACZ holds.

``read_page(raw, path, kind, encoding=None, url=None)`` decodes the page, reads its structured data
(JSON-LD, microdata), its ``<article>`` blocks and its main content as text lines; ``page_text(page)``
is the text people read (what ``kiroku suggest`` reads). Everything is derived from the seed's bytes
at build time; nothing read from a page is trusted or kept but its text.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import KirokuError
from ..model import Window
from . import articles, detect, evidence, html, jsonld, microdata, older, values
from .decode import decode_html, decode_seed, header_charset
from .limits import DEFAULT, Budget, Limits, megabytes, page_hint
from .page import Page, PageMeta, WebEntry
from .title import choose as pick_title
from .warc import Archive, PagesTooLarge, open_archive

__all__ = ["check_page_size", "chain", "distinct", "older_page", "page_bodies", "page_text", "read_page"]


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

    From a WARC or WACZ, the live page and the older pages it holds are read as one page (``chain``).
    ``limits``: what the read may take (default: the defaults); a page over one is an error."""
    limits = limits or DEFAULT  # a text, HTML or JSON capture's size was checked by ``read.load``
    if kind == detect.JSON:
        return _json_document(raw, path, encoding)
    if kind == detect.HTML:
        page = _html(raw, path, kind, None, PageMeta(), encoding, limits).page
        address, link = page.meta.url, page.meta.older
        said = () if link is None else (f"window: the page links to an older page the capture does not hold "
                                        f"({link}): it does not reach the blog's start",)
        return dataclasses.replace(page, window=Window((address,) if address else (), link is None),
                                   reasons=page.reasons + said)
    return _combine(chain(raw, path, kind, url=url, encoding=encoding, limits=limits))


def page_bodies(raw: bytes, path: Path | str, kind: str, *, limits: Limits | None = None) -> tuple[bytes, ...] | None:
    """The bytes of the HTML pages a web capture holds, in the order it holds them (the last capture of each
    address): an HTML capture's own; the payloads of a WARC's or WACZ's pages, none of them parsed (what
    ``kiroku watch`` compares: a seed it wrote holds the live page, then its older pages). None when an archive
    holds more pages than one capture is read from (``limits.pages``), or more bytes of them than the page limit:
    no capture of Kiroku's."""
    if kind == detect.HTML:
        return (raw,)
    limits = limits or DEFAULT
    archive = open_archive(raw, kind, path, None, limits=limits)
    if len(archive.pages) > limits.pages:
        return None
    together = archive.together()
    try:
        return tuple(archive.read(uri, together).payload for uri in archive.pages)
    except PagesTooLarge:
        return None


def older_page(raw: bytes, url: str, *, content_type: str | None = None, limits: Limits | None = None) -> str | None:
    """The older page a fetched page links to (``older.older_link``, resolved against ``url``, where it was
    fetched; ``content_type``: its HTTP Content-Type, for the charset); None when it links to none, or cannot
    be read (reading it as a capture says why)."""
    limits = limits or DEFAULT
    try:
        check_page_size(len(raw), url, detect.HTML, limits)
        text = decode_html(raw, url, http_charset=header_charset(content_type) if content_type else None)
        doc = html.parse_document(text, url, max_depth=limits.depth, max_elements=limits.elements)
    except KirokuError:
        return None
    return older.older_link(doc, url)


@dataclasses.dataclass(frozen=True)
class _One:
    """One HTML page read on its own: its ``Page``, and how many source lines it has."""

    page: Page
    source_lines: int


def _html(raw: bytes, path: Path | str, kind: str, charset: str | None, record_meta: PageMeta,
          encoding: str | None, limits: Limits, least: int = articles.MIN_ARTICLES) -> _One:
    """One HTML page (``record_meta``: what its archive record says of it; ``least``: the ``<article>`` blocks
    that make a list of posts, ``articles.posts``)."""
    text = decode_html(raw, path, http_charset=charset, encoding=encoding)
    doc = html.parse_document(text, path, max_depth=limits.depth, max_elements=limits.elements)
    found = jsonld.find(doc)
    head = articles.page_meta(doc)
    title_el = doc.find(".//title")
    ld = jsonld.entries(*found) if found is not None else ()
    ld_meta = jsonld.meta(found[0], ld) if found is not None else PageMeta()
    meta = _merge(record_meta, _merge(ld_meta, head) if found is not None else head)
    link = older.older_link(doc, meta.url)  # before the navigation that holds it is dropped
    root = html.clean(doc)
    h1s = [h for h in root.iter("h1")]
    h1 = values.text(h1s[0].text_content()) if len(h1s) == 1 else None
    title = pick_title(h1, ld_meta.title, head.title, values.text(title_el.text_content()) if title_el is not None
                       else None, meta.publisher)
    meta = dataclasses.replace(meta, title=title, older=link)
    found_blocks = [b for b in html.blocks(root) if not (h1 and b.kind == "heading" and b.text == h1)]
    if title:  # the title heads the text the profiles read, wherever the page put it
        line = (h1s[0].sourceline if h1 else title_el.sourceline if title_el is not None else 1) or 1
        found_blocks.insert(0, html.Block("heading", title, line))
    lines, source, times = html.text_lines(found_blocks)
    candidates = [(fmt, entries) for fmt, entries in (("json-ld", ld), ("microdata", microdata.entries(root) or ()))
                  if entries]
    markup = articles.entries(root, least)
    choice = evidence.weigh(candidates, distinct([markup]) if markup is not None else None, title)
    lead: tuple[tuple[int, str], ...] = ()
    if choice.format == "json-ld" and found is not None:
        description = jsonld.ld_text(found[0].get("description"))
        lead = ((found[1], description),) if description else ()
    elif choice.format is not None:
        lead = articles.lead(root, title)
    structured = (choice.format, choice.entries) if choice.format is not None else None
    page = Page(kind, str(path), meta, tuple(lines), tuple(source), times, structured, lead, choice.reasons,
                choice.warnings)
    return _One(page, text.count("\n") + 1)


# --- a live page and its older pages, read as one ---------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Chain:
    """The pages of an archive read as one capture, newest first: each read on its own (``parts``), their
    addresses, whether the last links to no older page, and what the reading says of them."""

    parts: tuple[_One, ...]
    addresses: tuple[str, ...]
    reaches_start: bool
    said: tuple[str, ...]  # why the reading stopped where it did
    warnings: tuple[str, ...]


def chain(raw: bytes, path: Path | str, kind: str, *, url: str | None = None, encoding: str | None = None,
          limits: Limits | None = None) -> Chain:
    """The live page of a WARC or WACZ and the older pages it holds.

    The first page is ``url``'s, else the only HTML page, else the one page a WACZ's page list names, else
    the one page no other page links to as its older page, when following the older links from it reads
    every page (every listed page of a WACZ; a WACZ's first listed page may start them too). From it, each
    page's older page (``older.older_link``) is read next, while the archive holds it, until a page that
    links to none (the capture reaches the blog's start), a page already read, or ``limits.pages`` pages.
    An archive of several pages that are no such chain is refused, listing them (choose one with --url).
    """
    limits = limits or DEFAULT
    archive = open_archive(raw, kind, path, url, limits=limits)
    together = archive.together()
    done: dict[str, _One] = {}

    def one(uri: str, least: int = articles.MIN_ARTICLES, budget: Budget | None = together) -> _One:
        if uri not in done or least != articles.MIN_ARTICLES:
            record = archive.read(uri, budget)
            meta = PageMeta(url=record.uri or None, captured=record.date[:10] or None)
            done[uri] = _html(record.payload, path, kind, record.charset, meta, encoding, limits, least)
        return done[uri]

    start = archive.start(url)
    if start is None:
        start = _newest(archive, one, url, limits)
    uris, reaches, said, warnings = _follow(archive, start, one, limits)
    parts = [one(u) for u in uris]
    if parts[0].page.structured is not None:  # an older page may show one post (the blog's first): read it so
        parts[1:] = [p if p.page.structured is not None else one(u, 1, None) for u, p in zip(uris[1:], parts[1:],
                                                                                           strict=True)]
    return Chain(tuple(parts), tuple(uris), reaches, tuple(said), tuple(warnings))


def _follow(archive: Archive, start: str, one: Callable[[str], _One], limits: Limits) -> tuple[
        list[str], bool, list[str], list[str]]:
    """The addresses of the chain from ``start``; whether its last page links to no older page; why it stops
    there; and warnings."""
    uris = [start]
    while True:
        link = one(uris[-1]).page.meta.older
        if link is None:
            return uris, True, ["the last links to no older page: the capture reaches the blog's start"], []
        nxt = archive.find(link)
        if nxt is None:
            return uris, False, [f"the last links to an older page the capture does not hold ({link})"], []
        if nxt in uris:
            return uris, False, [f"the last links to {nxt} as its older page, which was read already"], [
                f"{uris[-1]} links to {nxt} as its older page, which was read already (the pages link in a circle): "
                "reading stopped there, and the capture may not reach the blog's start"]
        if len(uris) >= limits.pages:
            return uris, False, [f"reading stopped at {limits.pages} pages, the most read as one capture"], [
                f"the capture holds more than {limits.pages} pages of this live blog: the first {limits.pages} were "
                "read, and the capture may not reach the blog's start"]
        uris.append(nxt)


def _newest(archive: Archive, one: Callable[[str], _One], url: str | None, limits: Limits) -> str:
    """The page no other page links to as older, when the older links from it read every candidate page (or a
    WACZ's first listed page, when they do from it); else the archive's refusal, listing its pages."""
    candidates = archive.candidates()
    if len(candidates) > limits.pages:
        raise archive.refusal(url)
    try:
        links = {uri: archive.find(link) if (link := one(uri).page.meta.older) else None for uri in candidates}
        linked = {target for uri, target in links.items() if target is not None and target != uri}
        heads = [uri for uri in candidates if uri not in linked]
        tries = (heads if len(heads) == 1 else []) + (candidates[:1] if archive.listed else [])
        for head in tries:
            uris = _follow(archive, head, one, limits)[0]
            if set(candidates) <= set(uris):
                return head
    except PagesTooLarge:
        pass
    raise archive.refusal(url)


def _shifted(entry: WebEntry, by: int) -> WebEntry:
    """An entry of a later page, its lines counted after the pages before it."""
    if not by:
        return entry
    return dataclasses.replace(entry, line=entry.line + by, body=tuple((n + by, t) for n, t in entry.body))


def _combine(read: Chain) -> Page:
    """The chain's pages as one ``Page``: the first page's metadata, title and lead; the entries of every page
    (a post on two pages, or pinned, once); line numbers counted through the pages in order, as if laid end
    to end; its window."""
    first = read.parts[0].page
    window = Window(read.addresses, read.reaches_start)
    pages = [p.page for p in read.parts]
    said = ""
    if len(pages) > 1 or not read.reaches_start:
        said = (f"window: {len(pages)} page(s) read as one capture, newest first ({', '.join(read.addresses)}); "
                + "; ".join(read.said))
    if len(pages) == 1:
        return dataclasses.replace(first, window=window, reasons=first.reasons + ((said,) if said else ()),
                                   warnings=first.warnings + read.warnings)
    offsets = list(itertools.accumulate((p.source_lines for p in read.parts[:-1]), initial=0))
    reasons = list(first.reasons)
    warnings = list(first.warnings)
    for number, (page, address) in enumerate(zip(pages[1:], read.addresses[1:], strict=True), 2):
        reader = page.structured[0] if page.structured else "its main text (no posts as data)"
        reasons.append(f"older page {number} ({address}): {reader}")
        warnings += [f"older page {number} ({address}): {w}" for w in page.warnings]
    warnings += read.warnings
    meta = dataclasses.replace(first.meta, older=pages[-1].meta.older)
    structured: tuple[str, tuple[WebEntry, ...]] | None = None
    if all(p.structured is not None for p in pages):
        found = [tuple(_shifted(e, by) for e in p.structured[1]) for p, by in zip(pages, offsets, strict=True)
                 if p.structured is not None]
        structured = (str(first.structured[0]) if first.structured else "", distinct(found))
    elif any(p.structured is not None for p in pages):
        reasons.append("not structured: not every page gives its posts as data, so every page's main text is read")
    lines, source, times = _joined(pages, offsets)
    return Page(first.kind, first.path, meta, lines, source, times, structured, first.lead,
                (*reasons, said), tuple(warnings), window)


def _joined(pages: list[Page], offsets: list[int]) -> tuple[tuple[str, ...], tuple[int, ...], dict[int, list[str]]]:
    """The pages' main texts one after the other: a later page without its title and without the lines it begins
    with that an earlier page holds already (its lead again, a pinned post, a post that moved down a page
    between two fetches); source lines counted through the pages."""
    lines: list[str] = []
    source: list[int] = []
    times: dict[int, list[str]] = {}
    earlier: set[str] = set()
    for number, (page, by) in enumerate(zip(pages, offsets, strict=True)):
        skip = 1 if number and page.meta.title and page.lines[:1] == (page.meta.title,) else 0
        if number:
            while skip < len(page.lines) and (not page.lines[skip].strip() or page.lines[skip] in earlier):
                skip += 1
            if skip < len(page.lines):
                lines.append("")
                source.append(page.source_lines[skip] + by)
        start = len(lines)
        for n in range(skip, len(page.lines)):
            lines.append(page.lines[n])
            source.append(page.source_lines[n] + by)
            if n + 1 in page.times:
                times[start + n - skip + 1] = list(page.times[n + 1])
        earlier.update(line for line in page.lines if line.strip())
    return tuple(lines), tuple(source), times


def _ident(entry: WebEntry) -> str | None:
    """A post's id as compared: the fragment of its id or URL (``#block-7``), else its address."""
    value = entry.ident or entry.url
    if not value:
        return None
    fragment = value.partition("#")[2]
    return "#" + fragment if fragment else older.address_key(value)


def _key(entry: WebEntry) -> tuple[str | None, object]:
    return (entry.heading or next((t for _, t in entry.body), None), entry.time)


def distinct(pages: Sequence[Sequence[WebEntry]]) -> tuple[WebEntry, ...]:
    """The posts of one or more pages, each once, at its last place (newest page first, so a pinned post and
    one shown again on the next page are kept where they belong in time).

    Two posts are one when they share their time and heading, or their id or URL (``_ident``: the element's
    ``id``, a permalink, JSON-LD's ``@id`` or ``url``) and their time or their heading (a heading corrected
    between the fetches of two pages). An id that one page gives two different posts is no id there (updates
    that all carry the page's own address), and posts with one id but neither time nor heading in common stay
    two (a page that numbers its posts from 1 again on every page)."""
    flat: list[tuple[WebEntry, str | None]] = []
    for page in pages:
        named: dict[str, set[tuple[str | None, object]]] = {}
        for entry in page:
            if (ident := _ident(entry)) is not None:
                named.setdefault(ident, set()).add(_key(entry))
        flat += [(e, i if (i := _ident(e)) is not None and len(named[i]) == 1 else None) for e in page]
    seen: set[tuple[str | None, object]] = set()
    by_ident: dict[str, list[WebEntry]] = {}
    kept: list[WebEntry] = []
    for entry, ident in reversed(flat):
        key = _key(entry)
        same = key in seen or (ident is not None and any(o.time == entry.time or _key(o)[0] == key[0]
                                                         for o in by_ident.get(ident, ())))
        seen.add(key)
        if ident is not None:
            by_ident.setdefault(ident, []).append(entry)
        if not same:
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
