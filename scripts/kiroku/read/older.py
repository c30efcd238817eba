"""A live page's link to its older posts: a live blog shows its newest posts and links to the page
before them (``?page=2``, ``/page/2/``, ``?page=with:block-…``), and that page to the one before it.

A link is the page's **older page** only when it is a page of the same live blog and says it is the next
(older) one:

* **the same page**: the same scheme and host as the page's own address, the same path (or the path
  with a ``/page/N`` or ``/p/N`` ending, as the page's own path without one), and another address than the
  page's own (a ``#fragment`` alone is no other page);
* **and older**: ``rel="next"`` (``<link>`` or ``<a>``), or a text or label that says older posts
  (``Older posts``, ``Older entries``, ``Load more``, ``Next``, 「前のページ」, 「もっと見る」… whole, as
  listed in ``OLDER``; never ``Newer``, ``Oldest``, ``Next article``), or, with no such words, a page
  number one more than the page's own (``?page=3`` on page 2). A link to a lower page number than the
  page's own is never older, whatever it says.

So a "next article" link (another path) is never taken for older posts, and neither is a link to the
first or the last page. ``address_key`` is the one comparison of two addresses (scheme and host in
lower case, the path percent-encoded as HTTP sends it, no fragment, no trailing slash).
"""

from __future__ import annotations

import re
import urllib.parse

import lxml.html

# Words of a link to older posts, compared whole, in lower case, without arrows and brackets around them.
OLDER = frozenset({
    # English
    "older", "older posts", "older entries", "older updates", "older items", "older stories", "older articles",
    "older news", "older page", "older pages", "older results", "earlier", "earlier posts", "earlier entries",
    "earlier updates", "previous posts", "previous entries", "previous updates", "load more", "load more posts",
    "load more updates", "load more entries", "load older posts", "load older updates", "load earlier posts",
    "show more", "show more posts", "show more updates", "show older posts", "show older updates",
    "show earlier posts", "see more", "see more posts", "see more updates", "see older posts", "view more",
    "view older posts", "view earlier posts", "more posts", "more updates", "more entries", "next", "next page",
    "next posts", "next entries",
    # Japanese
    "前のページ", "前のページへ", "次のページ", "次のページへ", "次へ", "次", "過去の記事", "過去の記事を見る",
    "過去の投稿", "古い記事", "古い記事へ", "古い投稿", "以前の記事", "以前の投稿", "もっと見る", "さらに見る",
    "さらに表示", "もっと表示", "もっと読む", "さらに読み込む", "もっと読み込む",
    # German, French, Spanish, Italian
    "ältere beiträge", "ältere einträge", "ältere artikel", "mehr laden", "weitere beiträge", "weiter",
    "articles précédents", "billets précédents", "charger plus", "voir plus", "page suivante", "suivant",
    "entradas anteriores", "cargar más", "ver más", "página siguiente", "siguiente",
    "articoli precedenti", "post precedenti", "carica altri", "mostra altri", "pagina successiva", "successivo",
})
_AROUND = "«»‹›<>←→⟵⟶⇐⇒◀▶◁▷►◄…·|/\\-–—:()[]{}「」『』【】＜＞〈〉《》≪≫→←＞＜ \u00a0\u3000.。,、!！?？"
# Query keys whose value is a page number; a path ending /page/N or /p/N is one too.
_NUMBER_KEYS = frozenset({"page", "p", "pg", "paged", "pageno", "pagenum", "page_no", "pn", "pagina", "seite"})
_PATH_PAGE = re.compile(r"^(.*?)/(?:page|p)/(\d{1,6})/?$", re.IGNORECASE)
_SAFE = "!#$%&'()*+,-./:;=?@[]_~"
UNKNOWN = "http://page.invalid/"  # the address a page with none of its own is read at (its relative links)


def address_key(url: str) -> str:
    """One address as compared: scheme and host in lower case, default port dropped, path and query
    percent-encoded as HTTP sends them, no fragment, no trailing slash."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip().split("#", 1)[0].rstrip("/")
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    path = urllib.parse.quote(urllib.parse.unquote(parts.path), safe=_SAFE).rstrip("/")
    query = urllib.parse.quote(parts.query, safe=_SAFE)
    return f"{scheme}://{host}{path}" + (f"?{query}" if query else "")


def _stem(path: str) -> tuple[str, int | None]:
    """The path without a ``/page/N`` or ``/p/N`` ending and without a trailing slash, and that N."""
    m = _PATH_PAGE.match(path)
    if m:
        return m.group(1).rstrip("/"), int(m.group(2))
    return path.rstrip("/"), None


def page_number(url: str) -> int | None:
    """The page number an address names (``?page=3``, ``/page/3/``); None when it names none."""
    parts = urllib.parse.urlsplit(url)
    for key, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() in _NUMBER_KEYS and value.strip().isdigit() and len(value.strip()) <= 6:
            return int(value)
    return _stem(urllib.parse.unquote(parts.path))[1]


def same_site(a: str, b: str) -> bool:
    """The same scheme and host (and port)."""
    ka, kb = urllib.parse.urlsplit(address_key(a)), urllib.parse.urlsplit(address_key(b))
    return (ka.scheme, ka.netloc) == (kb.scheme, kb.netloc) and ka.scheme in ("http", "https")


def same_page(link: str, base: str) -> bool:
    """``link`` is another page of the live page at ``base``: the same site and path stem, another address."""
    if not same_site(link, base):
        return False
    a, b = urllib.parse.urlsplit(address_key(link)), urllib.parse.urlsplit(address_key(base))
    if _stem(urllib.parse.unquote(a.path))[0] != _stem(urllib.parse.unquote(b.path))[0]:
        return False
    return address_key(link) != address_key(base)


def _words(el: lxml.html.HtmlElement) -> set[str]:
    """What a link says it is: its text, its ``aria-label`` and ``title``, each whole, in lower case."""
    said = {el.text_content() if isinstance(el.tag, str) and el.tag == "a" else "", el.get("aria-label") or "",
            el.get("title") or ""}
    return {" ".join(s.split()).strip(_AROUND).casefold() for s in said if s and s.strip()}


def _rel(el: lxml.html.HtmlElement) -> set[str]:
    return set((el.get("rel") or "").lower().split())


def older_links(doc: lxml.html.HtmlElement, base: str | None) -> list[str]:
    """Every link of ``doc`` that is its older page (see the module doc), best first: ``rel="next"``,
    then words of older posts, then the next page number. ``base``: the page's own address (None: the
    page does not say it; its relative links are still read, and given as the page writes them)."""
    here = base or UNKNOWN
    own = page_number(here) or 1
    ranked: list[tuple[int, int, str, str]] = []
    for order, el in enumerate(doc.iter("a", "link")):
        href = (el.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        try:
            target = urllib.parse.urljoin(here, href)
        except ValueError:
            continue
        if not same_page(target, here):
            continue
        number = page_number(target)
        if (number is not None and number <= own) or (number is None and own > 1):
            continue  # the first page, or a newer one (on page 3, an address with no number is the first page)
        if "next" in _rel(el):
            rank = 0
        elif _words(el) & OLDER:
            rank = 1
        elif number == own + 1:
            rank = 2
        else:
            continue
        ranked.append((rank, order, urllib.parse.urldefrag(target)[0], href))
    seen: set[str] = set()
    out: list[str] = []
    for _, _, target, href in sorted(ranked):
        if address_key(target) not in seen:
            seen.add(address_key(target))
            out.append(target if base else href)
    return out


def older_link(doc: lxml.html.HtmlElement, base: str | None) -> str | None:
    """The page's older page (the best of ``older_links``), or None when it links to none."""
    found = older_links(doc, base)
    return found[0] if found else None
