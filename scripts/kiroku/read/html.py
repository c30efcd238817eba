"""An HTML page's main content as blocks, with lxml: headings, paragraphs, list items and the
``<time datetime>`` in them; navigation, page header and footer, asides, ads, scripts, styles,
comments and forms are dropped. Nothing of the page is kept but its text.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import lxml.etree
import lxml.html

from ..errors import KirokuError
from .limits import MAX_DEPTH, MAX_ELEMENTS

DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "canvas", "form",
    "button", "input", "select", "textarea", "nav", "aside", "dialog", "link", "meta", "head", "video", "audio",
    "picture", "img", "map",
})
PAGE_FURNITURE = frozenset({"header", "footer"})  # dropped unless inside an article, section or main
DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert"})
# class/id words of advertising and page furniture (compared whole, after splitting at - and _)
DROP_WORDS = frozenset({
    "ad", "ads", "advert", "adverts", "advertisement", "sponsor", "sponsored", "promo", "share", "sharing",
    "social", "related", "recommend", "breadcrumb", "breadcrumbs", "cookie", "cookies", "newsletter", "comments",
    "paywall", "subscribe", "banner", "outbrain", "taboola",
})
# class/id words of site chrome: menus, page header and footer, rankings, embeds. A container with one of
# them is dropped only when it holds no post (no <article>, no <h1>, no <time datetime>): a post's own
# "post-header" keeps its time.
CHROME_WORDS = frozenset({
    "header", "footer", "menu", "menus", "nav", "navi", "navbar", "navigation", "gnav", "globalnav", "sitenav",
    "ranking", "rankings", "pickup", "sidebar", "widget", "widgets", "trending", "popular", "mostread",
    "keyevents", "highlights", "twitter", "tweet", "instagram", "embed", "masthead", "toolbar",
})
_CHROME_PHRASES = ("most read", "key events", "most viewed", "site header", "site footer", "also read", "read more",
                   "more on this")
BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "dd", "details", "div", "dl", "dt", "figcaption", "figure", "header",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "hr", "li", "main", "ol", "p", "pre", "section",
    "table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "summary", "caption", "body", "center",
})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
KEEP_TAGS = frozenset({"html", "body", "main", "article", "p", "li", "time", *HEADINGS})


@dataclass
class Block:
    """One block of text: ``kind`` is heading, item (a list item) or text; ``line`` the page's source line."""

    kind: str
    text: str
    line: int
    times: list[str] = field(default_factory=list)  # datetime attributes of <time> elements in it
    list_id: int = 0  # list items of one list share it


_START_TAG = re.compile(r"<[A-Za-z]")


def parse_document(text: str, path: Path | str, *, max_depth: int = MAX_DEPTH,
                   max_elements: int = MAX_ELEMENTS) -> lxml.html.HtmlElement:
    """The page's document tree (lxml's HTML parser: the page is never run, only read).

    The page is already within the page limit, so libxml2's own size limits (a text or an attribute of 10 MB,
    such as an image inlined as a data: URL, would end the page there, silently) are lifted (``huge_tree``);
    its depth limit is kept as ours: a page nested deeper than ``max_depth`` is refused, never cut. A page of
    more than ``max_elements`` start tags is refused before it is parsed: its tree would not fit in memory."""
    tags = sum(1 for _ in itertools.islice(_START_TAG.finditer(text), max_elements + 1))
    if tags > max_elements:
        raise KirokuError(f"the page has more than {max_elements:,} elements: more than Kiroku reads (a live blog's "
                          "page has some thousands; this many would take gigabytes of memory to read)", path=path,
                          hint="the page is broken or hostile: save the live blog's page again from the browser")
    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)
    try:
        doc = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.LxmlError, ValueError) as exc:
        raise KirokuError(f"cannot read the HTML page ({exc or type(exc).__name__})", path=path,
                          hint="check that the file is the saved page (File > Save Page As, 'HTML only')") from None
    deep = doc.xpath("/*" * (max_depth + 2))  # an element with more than max_depth ancestors
    if deep:
        raise KirokuError(f"the page nests its elements more than {max_depth} levels deep (line "
                          f"{deep[0].sourceline or '?'}): more than Kiroku reads, and lxml's own limit (the rest of "
                          "the page would be lost)", path=path,
                          hint="the page is broken or hostile: save it again from the browser, or capture the live "
                          "blog again")
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            raise KirokuError(f"lxml stopped reading the page at line {error.line} ({error.message.strip()}): the "
                              "rest of the page would be lost", path=path,
                              hint="the page is broken or hostile: save it again from the browser")
    return doc


@functools.lru_cache(maxsize=4096)
def _class_words(classes: str, ident: str) -> tuple[bool, bool]:
    """Whether a class and id name furniture (an ad, a share box) and whether they name site chrome (a menu,
    a ranking), compared whole after splitting at - and _; a page repeats a few class names many times."""
    words = f"{classes} {ident}".lower().replace("-", " ").replace("_", " ").split()
    joined, found = " ".join(words), set(words)
    return bool(found & DROP_WORDS), bool(found & CHROME_WORDS or any(p in joined for p in _CHROME_PHRASES))


def _words(el: lxml.html.HtmlElement) -> tuple[bool, bool]:
    return _class_words(el.get("class") or "", el.get("id") or "")


def _inside_content(el: lxml.html.HtmlElement) -> bool:
    return any(a.tag in ("article", "section", "main") for a in el.iterancestors())


def is_furniture(el: lxml.html.HtmlElement) -> bool:
    """An element that is not content: scripts and styles, navigation, page header and footer, ads, forms."""
    if not isinstance(el.tag, str):
        return True  # comments and processing instructions
    if el.tag in DROP_TAGS or el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    if el.tag in PAGE_FURNITURE and not _inside_content(el):
        return True
    if (el.get("role") or "").lower() in DROP_ROLES:
        return True
    # class and id words drop containers only: an entry's own article, heading or paragraph stays
    if el.tag in KEEP_TAGS:
        return False
    furniture, chrome = _words(el)
    return furniture or (chrome and is_chrome(el))


def is_chrome(el: lxml.html.HtmlElement) -> bool:
    """A container of site chrome (by its class or id: menu, header, ranking...) that holds no post."""
    for inner in el.iter("article", "h1", "time"):
        if inner.tag != "time" or inner.get("datetime"):
            return False
    return True


def clean(doc: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The content root (``<main>``, else ``[role=main]``, else ``<body>``) with the furniture removed."""
    for el in list(doc.iter()):
        if el.getparent() is not None and is_furniture(el):
            el.drop_tree()  # keeps the element's tail text, which belongs to its parent
    mains = doc.findall(".//main") or doc.xpath(".//*[@role='main']")
    if len(mains) == 1:
        return mains[0]
    body = doc.find("body")
    return body if body is not None else doc


def _norm(text: str) -> str:
    """White space as a browser shows it: runs of spaces, tabs and line ends become one space."""
    return " ".join(text.replace("\r", " ").replace("\n", " ").replace("\t", " ").replace("\x0c", " ").split(" ")
                    ).strip(" ")


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.lists = 0

    def walk(self, el: lxml.html.HtmlElement, list_id: int = 0) -> None:
        line = el.sourceline or 0
        if el.tag in HEADINGS:  # a heading is one block, whatever it holds
            times: list[str] = []
            self.flush([self.inline(el, times)], times, "heading", line, 0)
            return
        if el.tag in ("ul", "ol"):
            self.lists += 1
            list_id = self.lists
        kind = "item" if el.tag == "li" else "text"
        run: list[str] = [el.text or ""]
        times = []
        for child in el:
            if isinstance(child.tag, str) and child.tag in BLOCK_TAGS:
                self.flush(run, times, kind, line, list_id)
                run, times = [], []
                self.walk(child, list_id)
                line = child.sourceline or line
            elif child.tag == "br":
                self.flush(run, times, kind, line, list_id)
                run, times = [], []
            elif isinstance(child.tag, str):
                run.append(self.inline(child, times))
            run.append(child.tail or "")
        self.flush(run, times, kind, line, list_id)

    def inline(self, el: lxml.html.HtmlElement, times: list[str]) -> str:
        if el.tag == "time" and el.get("datetime"):
            times.append(str(el.get("datetime")).strip())
        parts = [el.text or ""]
        for child in el:
            if isinstance(child.tag, str):
                parts.append(" " if child.tag == "br" else self.inline(child, times))
            parts.append(child.tail or "")
        return "".join(parts)

    def flush(self, run: list[str], times: list[str], kind: str, line: int, list_id: int) -> None:
        text = _norm("".join(run))
        if text or times:
            self.blocks.append(Block(kind if text else "text", text, line, list(times),
                                     list_id if kind == "item" else 0))


def blocks(root: lxml.html.HtmlElement) -> list[Block]:
    """The content's blocks in page order (a block holding only a time keeps the time, with no text)."""
    walker = _Walker()
    walker.walk(root)
    return walker.blocks


def text_lines(found: list[Block]) -> tuple[list[str], list[int], dict[int, list[str]]]:
    """Blocks as the text lines the capture profiles read: a blank line between blocks, one list's items
    together as ▼ lines; also each line's page source line, and the ``<time>`` values by text line (a
    block holding only a time gives it to the next line)."""
    lines: list[str] = []
    source: list[int] = []
    times: dict[int, list[str]] = {}
    pending: list[str] = []
    previous: Block | None = None
    for block in found:
        pending.extend(block.times)
        if not block.text:
            continue
        together = previous is not None and block.kind == previous.kind == "item" and block.list_id == previous.list_id
        if lines and not together:
            lines.append("")
            source.append(block.line)
        lines.append(("▼" + block.text) if block.kind == "item" else block.text)
        source.append(block.line)
        if pending:
            times[len(lines)] = pending
            pending = []
        previous = block
    return lines, source, times
