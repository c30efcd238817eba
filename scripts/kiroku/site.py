"""The archive's shape: every docname, generated file name and URL. Pure; no other module spells a path.

A *docname* is Sphinx's name of a page (``archive/<slug>/<anchor>``); a *file* is where the
generated MyST goes, relative to ``docs/archive/``; a *URL* is relative to the site root
(``archive/<slug>/<anchor>.html#<anchor>``). Links written into MyST pages are relative to the
page that holds them (``link``), so the archive can be served from any folder.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote

ARCHIVE_DIR = "archive"  # under docs/: generated, never committed
EXTRA_DIR = "_extra"  # inside docs/archive/: copied to the site root by html_extra_path
DATA_DIR = "data"  # machine-readable files at the site root
ROOT_DOC = "index"
ARCHIVE_INDEX = f"{ARCHIVE_DIR}/index"
BLOG_PAGE = "index"  # a live blog's own page inside its folder
SEARCH_PAGE = "search"  # Kiroku's search page (Pagefind) at the site root

# The entry pages, as a glob from the site root: the only pages with a search body. Entry anchors
# are minted ``e-…`` (kiroku.ids); the search indexer reads only these files.
ENTRY_PAGES_GLOB = f"{ARCHIVE_DIR}/*/e-*.html"

Kind = Literal["person", "place", "organization"]
# kind: (page name, Japanese title, JSON file name)
GLOSSARIES: dict[Kind, tuple[str, str, str]] = {
    "person": ("people", "人物", "people"),
    "place": ("places", "場所", "places"),
    "organization": ("organizations", "組織", "organizations"),
}

# Folders under archive/ that hold the glossaries' pages of mentions: never a live blog's slug.
RESERVED_SLUGS = frozenset(page for page, _, _ in GLOSSARIES.values())

# An entry page's label over the list of what it mentions: kiroku.sphinxext.search finds the list by it and keeps
# it out of the search body (data-pagefind-ignore); the names are the entry's ``names`` meta instead
# (render/search.py). Here, not in kiroku.render, so that every sphinx-build does not import the reading layer.
MENTIONS_LABEL = "登場する人物・場所・組織"


# --- docnames ---------------------------------------------------------------------------------


def docname(slug: str, page: str) -> str:
    """Sphinx docname of a generated page of one live blog (``archive/<slug>/<page>``)."""
    return f"{ARCHIVE_DIR}/{slug}/{page}"


def blog_docname(slug: str) -> str:
    return docname(slug, BLOG_PAGE)


def day_docname(slug: str, day: str) -> str:
    """A day page: ``archive/<slug>/2023-09-13``."""
    return docname(slug, day)


def entry_docname(slug: str, anchor: str) -> str:
    return docname(slug, anchor)


def glossary_page(kind: Kind) -> str:
    return GLOSSARIES[kind][0]


def glossary_docname(kind: Kind) -> str:
    return f"{ARCHIVE_DIR}/{glossary_page(kind)}"


def mentions_docname(kind: Kind, term_id: str, page: int) -> str:
    """Page ``page`` (from 1) of the full list of a much-mentioned term: ``archive/people/person-x-2``. The
    glossary's folder, which no live blog can take (``RESERVED_SLUGS``)."""
    return f"{ARCHIVE_DIR}/{glossary_page(kind)}/{term_id}-{page}"


def is_blog_docname(name: str) -> bool:
    """True for a live blog's own page (``archive/<slug>/index``), not the archive's index."""
    parts = name.split("/")
    return len(parts) == 3 and parts[0] == ARCHIVE_DIR and parts[2] == BLOG_PAGE


def blog_of(name: str) -> str | None:
    """The docname of the live blog a generated page belongs to, or None for other pages."""
    parts = name.split("/")
    if len(parts) == 3 and parts[0] == ARCHIVE_DIR and parts[1] not in RESERVED_SLUGS:
        return blog_docname(parts[1])
    return None


# --- generated files (relative to docs/archive/) --------------------------------------------


def source_file(name: str) -> str:
    """The generated MyST file of a docname under ``archive/``: ``<slug>/<page>.md``."""
    prefix = ARCHIVE_DIR + "/"
    if not name.startswith(prefix):
        raise ValueError(f"{name!r} is not a generated page (not under {prefix})")
    return name[len(prefix) :] + ".md"


def data_file(name: str) -> str:
    """A machine-readable file, relative to docs/archive/ (``_extra/data/entries.json``)."""
    return f"{EXTRA_DIR}/{DATA_DIR}/{name}.json"


# --- URLs (relative to the site root) and links (relative to a page) -------------------------


def url(name: str, fragment: str | None = None) -> str:
    """The URL of a docname relative to the site root, with an optional ``#fragment``."""
    return f"{name}.html" + (f"#{fragment}" if fragment else "")


def entry_url(slug: str, anchor: str) -> str:
    """URL of an entry relative to the site root, with its anchor: how entries are cited."""
    return url(entry_docname(slug, anchor), anchor)


def blog_url(slug: str, fragment: str | None = None) -> str:
    return url(blog_docname(slug), fragment)


def glossary_url(kind: Kind, term_id: str) -> str:
    return url(glossary_docname(kind), term_id)


def data_url(name: str) -> str:
    return f"{DATA_DIR}/{name}.json"


def link(from_doc: str, to_doc: str, fragment: str | None = None, *, suffix: str = ".md") -> str:
    """A relative link from one page to another: ``.md`` for MyST (Sphinx resolves it), ``.html`` for
    raw HTML, ``""`` for a toctree entry. By path segments alone: no file system, no working folder."""
    here, there = from_doc.split("/")[:-1], to_doc.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    rel = "/".join([".."] * (len(here) - common) + there[common:])
    return rel + suffix + (f"#{fragment}" if fragment else "")


def search_link(from_doc: str, kind: Kind, name: str) -> str:
    """A link from a page to the search page filtered by a register name: ``../search.html?person=%E3%83…``."""
    return link(from_doc, SEARCH_PAGE, suffix=".html") + f"?{kind}={quote(name, safe='')}"
