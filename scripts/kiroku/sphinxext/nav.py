"""A sidebar and prev/next links scoped to the reader's live blog, so page size and build time stay linear.

The book theme renders the whole site's table of contents on every page (NOTES §4: O(N²) in
build time and page weight). Here each page shows the archive's sections and, inside its live
blog, the days and the current day's entries: what tells a reader where they are, bounded by
one live blog. Prev/next stay inside a live blog too, so adding a blog changes no other blog's
pages and an incremental build equals a full one.
"""

from __future__ import annotations

import html
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

ARCHIVE = "archive/"


def _title(env: BuildEnvironment, docname: str) -> str:
    node = env.titles.get(docname)
    return node.astext() if node is not None else docname


def _parents(app: Sphinx) -> dict[str, str]:
    """docname -> the document whose toctree includes it (computed once per process)."""
    cache: dict[str, str] | None = getattr(app, "_kiroku_parents", None)
    if cache is None:
        cache = {}
        for parent, children in app.env.toctree_includes.items():
            for child in children:
                cache.setdefault(child, parent)
        app._kiroku_parents = cache  # type: ignore[attr-defined]
    return cache


def _chain(app: Sphinx, docname: str) -> list[str]:
    """From the root document down to ``docname``."""
    parents = _parents(app)
    chain = [docname]
    seen = {docname}
    while chain[-1] in parents and parents[chain[-1]] not in seen:
        chain.append(parents[chain[-1]])
        seen.add(chain[-1])
    return chain[::-1]


def _blog_pages(app: Sphinx, blog: str) -> list[str]:
    """A live blog's pages in reading order: its page, then each day and that day's entries."""
    pages = [blog]
    for day in app.env.toctree_includes.get(blog, []):
        pages.append(day)
        pages.extend(app.env.toctree_includes.get(day, []))
    return pages


def _nav_html(app: Sphinx, pagename: str, pathto: Any) -> str:
    env = app.env
    chain = _chain(app, pagename)
    root = app.config.root_doc

    def item(doc: str, level: int, children: str = "") -> str:
        current = doc in chain
        classes = f"toctree-l{level}" + (" current active" if current else "") + (" has-children" if children else "")
        link = "current reference internal" if doc == pagename else "reference internal"
        return (
            f'<li class="{classes}"><a class="{link}" href="{html.escape(pathto(doc))}">'
            f"{html.escape(_title(env, doc))}</a>{children}</li>"
        )

    def listing(docs: list[str], level: int, expand: Any) -> str:
        if not docs:
            return ""
        return f'<ul class="{"nav bd-sidenav" if level == 1 else ""}">' + "".join(
            item(d, level, expand(d, level)) for d in docs
        ) + "</ul>"

    def expand(doc: str, level: int) -> str:
        # Open only the branch that leads to this page, and never the list of every live blog.
        if doc not in chain or doc == f"{ARCHIVE}index" and pagename == doc:
            return ""
        children = env.toctree_includes.get(doc, [])
        if doc == f"{ARCHIVE}index":
            children = [c for c in children if c in chain]
        return listing(children, level + 1, expand)

    body = listing(env.toctree_includes.get(root, []), 1, expand)
    return (
        '<nav class="bd-links bd-docs-nav" aria-label="Main"><div class="bd-toc-item navbar-nav active">'
        f"{body}</div></nav>"
    )


def _link(app: Sphinx, doc: str | None, pathto: Any) -> dict[str, str] | None:
    if doc is None:
        return None
    return {"link": pathto(doc), "title": html.escape(_title(app.env, doc))}


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if pagename not in app.env.all_docs:
        return  # genindex, search
    pathto = context["pathto"]
    context["kiroku_nav"] = _nav_html(app, pagename, pathto)
    chain = _chain(app, pagename)
    blog = next((d for d in chain if d.startswith(ARCHIVE) and d.endswith("/index") and d != f"{ARCHIVE}index"), None)
    sequence = _blog_pages(app, blog) if blog else [app.config.root_doc, *app.env.toctree_includes.get(app.config.root_doc, [])]
    if pagename in sequence:
        i = sequence.index(pagename)
        context["prev"] = _link(app, sequence[i - 1] if i > 0 else None, pathto)
        context["next"] = _link(app, sequence[i + 1] if i + 1 < len(sequence) else None, pathto)


def on_builder_inited(app: Sphinx) -> None:
    if hasattr(app, "_kiroku_parents"):
        del app._kiroku_parents  # type: ignore[attr-defined]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", on_builder_inited)
    app.connect("html-page-context", on_html_page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
