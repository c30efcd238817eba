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
from sphinx.config import Config
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from .. import site

# Sphinx's plain theme (``-D html_theme=basic``, the benchmark's baseline) has none of the book
# theme's sidebar templates or options: the same navigation, with its own search box.
BASIC_SIDEBARS = {"**": ["kiroku-nav.html", "searchbox.html"]}


class KirokuDomain(Domain):
    """Cross-page data Kiroku's pages need, kept in the environment (pickled, merged, purged by Sphinx).

    ``parents`` maps a docname to the document whose toctree includes it. It is derived from
    ``env.toctree_includes`` and rebuilt whole at ``env-updated``, after every read and before any
    page is written, so an incremental build sees the same map as a full one.

    ``sequences`` holds, per live blog (and ``""`` for the pages outside them), the pages and titles
    that its sidebars and prev/next show. When one changes, every page of that blog is written again
    (Sphinx by itself rewrites only the pages it re-read), so an incremental build writes the
    pages a full one would.
    """

    name = "kiroku"
    label = "Kiroku"
    initial_data = {"parents": {}, "sequences": {}}  # Sphinx deep-copies it into each environment

    @property
    def parents(self) -> dict[str, str]:
        return self.data["parents"]

    def clear_doc(self, docname: str) -> None:
        self.parents.pop(docname, None)

    def merge_domaindata(self, docnames: Any, otherdata: dict[str, Any]) -> None:
        # A parallel reader's copy is stale by construction; env-updated recomputes the map.
        for child, parent in otherdata["parents"].items():
            if child in docnames:
                self.parents[child] = parent

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rebuild the parent map; name the pages whose navigation changed, to be written again."""
    data = env.domaindata[KirokuDomain.name]
    parents: dict[str, str] = {}
    for parent in sorted(env.toctree_includes):
        for child in env.toctree_includes[parent]:
            parents.setdefault(child, parent)
    data["parents"] = parents
    root = app.config.root_doc
    sequences: dict[str, tuple[tuple[str, str], ...]] = {
        "": tuple((d, _title(env, d)) for d in [root, *env.toctree_includes.get(root, [])]),
    }
    for doc in env.all_docs:
        if site.is_blog_docname(doc):
            sequences[doc] = tuple((d, _title(env, d)) for d in _blog_pages(env, doc))
    previous: dict[str, Any] = data.get("sequences", {})
    data["sequences"] = sequences
    if not previous:
        return []  # a first build writes every page anyway
    if previous.get("") != sequences[""]:
        return sorted(env.all_docs)  # the sections every sidebar shows
    rewrite: set[str] = set()
    for blog in previous.keys() | sequences.keys():
        if previous.get(blog) != sequences.get(blog):
            rewrite.update(d for d, _ in (*previous.get(blog, ()), *sequences.get(blog, ())) if d in env.all_docs)
    return sorted(rewrite)


def _parents(env: BuildEnvironment) -> dict[str, str]:
    return env.domaindata[KirokuDomain.name]["parents"]


def _title(env: BuildEnvironment, docname: str) -> str:
    node = env.titles.get(docname)
    return node.astext() if node is not None else docname


def _chain(env: BuildEnvironment, docname: str) -> list[str]:
    """From the root document down to ``docname``."""
    parents = _parents(env)
    chain = [docname]
    seen = {docname}
    while chain[-1] in parents and parents[chain[-1]] not in seen:
        chain.append(parents[chain[-1]])
        seen.add(chain[-1])
    return chain[::-1]


def _blog_pages(env: BuildEnvironment, blog: str) -> list[str]:
    """A live blog's pages in reading order: its page, then each day and that day's entries."""
    pages = [blog]
    for day in env.toctree_includes.get(blog, []):
        pages.append(day)
        pages.extend(env.toctree_includes.get(day, []))
    return pages


def _nav_html(app: Sphinx, pagename: str, pathto: Any) -> str:
    env = app.env
    chain = _chain(env, pagename)
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
        if doc not in chain or doc == site.ARCHIVE_INDEX and pagename == doc:
            return ""
        children = env.toctree_includes.get(doc, [])
        if doc == site.ARCHIVE_INDEX:
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
    chain = _chain(app.env, pagename)
    blog = next((d for d in chain if site.is_blog_docname(d)), None)
    root = app.config.root_doc
    sequence = _blog_pages(app.env, blog) if blog else [root, *app.env.toctree_includes.get(root, [])]
    if pagename in sequence:
        i = sequence.index(pagename)
        context["prev"] = _link(app, sequence[i - 1] if i > 0 else None, pathto)
        context["next"] = _link(app, sequence[i + 1] if i + 1 < len(sequence) else None, pathto)


def on_config_inited(app: Sphinx, config: Config) -> None:
    """With ``-D html_theme=basic``, the sidebars and options that theme has."""
    if config.html_theme == "basic":
        config.html_sidebars = BASIC_SIDEBARS
        config.html_theme_options = {}


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_domain(KirokuDomain)
    app.connect("config-inited", on_config_inited)
    app.connect("env-updated", on_env_updated)
    app.connect("html-page-context", on_html_page_context)
    return {"version": "1", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
