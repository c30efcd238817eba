"""Search with Pagefind instead of Sphinx's own index (docs/about/search.md is the contract).

- Sphinx builds no ``searchindex.js`` (``builder.search = False``, the switch Sphinx gives builders
  that have no search) and ships none of its search scripts; the search page is still written,
  from the ``search.html`` template, through ``html-collect-pages``.
- ``kiroku-search`` (JSON that ``kiroku build`` wrote on each entry page) becomes Pagefind's
  markup: ``data-pagefind-body`` around the entry, ``data-pagefind-ignore`` around its revisions,
  citation and source sections, hidden meta (the time sort key among them) and filter elements, and
  the normalized form of text that NFKC changes. Every value is text, escaped; attribute names are
  ours. No Pagefind sort: its order list would sit in the metadata every first search loads;
  ``kiroku index`` writes the time order into the bundle as a file of its own (``kiroku.searchorder``).
- ``kiroku-search-link``: a glossary term's link to the search page.
- ``_static/kiroku-searchnorm.js`` (the query normalization) and ``_static/kiroku-search-config.json``
  (``kiroku_search_merge``: other archives' bundles, same site only) are always written, but by a shard
  of a sharded build, whose ``_static/`` the site does not serve (the hub's is).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util.docutils import SphinxDirective

from ..fsutil import write_atomic
from ..register import load_register
from ..searchnorm import JS_NORMALIZE, normalize
from ..site import MENTIONS_LABEL
from .shard import is_shard

NORM_JS = "kiroku-searchnorm.js"
CONFIG_JSON = "kiroku-search-config.json"
META = ("title", "anchor", "when", "datetime", "blog", "sort", "names")
FILTERS = ("blog", "day", "person", "place", "organization")
# Sphinx's own search files: copied from the basic theme whatever the builder's search switch says.
_SPHINX_SEARCH_FILES = ("searchtools.js", "language_data.js")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_UNSAFE = re.compile(r"[\s\\\x00-\x1f\x7f?#]")


def merge_error(url: Any) -> str | None:
    """Why ``url`` may not be a merged bundle (None when it may): a path on this site, never another host."""
    if not isinstance(url, str) or not url:
        return "not a non-empty string"
    if _SCHEME.match(url) or url.startswith("//"):
        return "names a scheme or another host: the archive works offline, use a path on the same site"
    if _UNSAFE.search(url):
        return "holds a space, backslash, control character, '?' or '#'"
    if not url.endswith("/"):
        return "is not a folder (end it with '/', e.g. '../other-archive/pagefind/')"
    return None


def on_config_inited(app: Sphinx, config: Config) -> None:
    merge = config.kiroku_search_merge
    if not isinstance(merge, list | tuple):
        raise ConfigError("conf.py: kiroku_search_merge must be a list of paths to other archives' pagefind/ folders")
    for n, url in enumerate(merge):
        if (why := merge_error(url)) is not None:
            raise ConfigError(f"conf.py: kiroku_search_merge[{n}] = {url!r} {why}")


def _is_html(app: Sphinx) -> bool:
    return isinstance(app.builder, StandaloneHTMLBuilder)


def on_builder_inited(app: Sphinx) -> None:
    if _is_html(app):
        app.builder.search = False  # type: ignore[attr-defined]  # no IndexBuilder, no searchindex.js


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """The search page, which Sphinx writes only when it builds its own index."""
    if _is_html(app):
        yield "search", {}, "search.html"


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or not _is_html(app):
        return
    static = Path(app.outdir) / "_static"
    for name in _SPHINX_SEARCH_FILES:
        (static / name).unlink(missing_ok=True)
    if is_shard(app):
        return
    root = Path(app.confdir)
    settings = {"merge": list(app.config.kiroku_search_merge), "names": dotted_names(root),
                "english": english_names(root)}
    config = json.dumps(settings, ensure_ascii=False, indent=1) + "\n"
    for name, text in ((NORM_JS, JS_NORMALIZE), (CONFIG_JSON, config)):
        path = static / name
        data = text.encode("utf-8")
        if not path.is_file() or path.read_bytes() != data:
            write_atomic(path, data)


def dotted_names(root: Path) -> list[list[str]]:
    """[bare, dotted] for every register name written with a middle dot (キム・ジョンウン), normalized.

    Pagefind keeps a dotted name as one word, so the search page searches キムジョンウン as
    キム・ジョンウン; the list is small (the register's names), so no filter data is loaded for it.
    """
    path = root / "sources" / "register.yaml"
    if not path.is_file():
        return []
    pairs = {
        (normalize(name.replace("・", "")), normalize(name))
        for term in load_register(path).terms
        for name in (term.name, *term.aliases)
        if "・" in name
    }
    return [list(pair) for pair in sorted(pairs, key=lambda p: (-len(p[0]), p))]


def english_names(root: Path) -> list[list[str]]:
    """[English name, Japanese word] for the register's terms, normalized: a query that is exactly an English
    name ("Putin", "Vladimir Putin") is searched with the Japanese word the entries' own text uses (the family
    name, else the name), and checked on the English name.

    The English names are only in the entries' ``names`` meta, which Pagefind scores alike for every entry:
    searched as it is, such a query would list its entries in no useful order. Searched in Japanese, the
    entries that are about the person come first, as for a Japanese query; the exactness check (on the
    English words, which the folded text holds with the names) keeps exactly the entries naming them.
    """
    path = root / "sources" / "register.yaml"
    if not path.is_file():
        return []
    pairs: dict[str, str] = {}
    for term in sorted(load_register(path).terms, key=lambda t: t.id):
        if not term.romanized:
            continue
        japanese = normalize(term.family_name or term.name)
        english = normalize(term.romanized)
        pairs.setdefault(english, japanese)
        words = english.split()
        if term.family_name and len(words) > 1:
            # The family name alone too ("putin", "kim"): a foreign name (dotted katakana) is romanized in its
            # own order (ウラジーミル・プーチン: the last word; キム・ジョンウン: the first), a Japanese name
            # given name first (上川陽子, Yoko Kamikawa: the last).
            first = "・" in term.name and term.name.startswith(term.family_name + "・")
            pairs.setdefault(words[0] if first else words[-1], japanese)
    return [[english, japanese] for english, japanese in sorted(pairs.items())]


# --- entry pages -----------------------------------------------------------------------------------


class search_data(nodes.Element):  # noqa: N801 (docutils node naming)
    """An entry's meta, filters, sort key and normalized text, rendered as hidden elements."""


class pagefind_body(nodes.Element):  # noqa: N801
    """``<div data-pagefind-body>`` around the entry's section."""


class pagefind_ignore(nodes.Element):  # noqa: N801
    """``<div data-pagefind-ignore>`` around a section that is not the entry (revisions, citation, source)."""


def _load(directive: SphinxDirective) -> Any:
    try:
        data = json.loads("\n".join(directive.content))
    except json.JSONDecodeError as exc:
        raise directive.error(f"{directive.name}: not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise directive.error(f"{directive.name}: expected a JSON object")
    return data


class SearchDirective(SphinxDirective):
    has_content = True

    def run(self) -> list[nodes.Node]:
        node = search_data()
        node["data"] = _load(self)
        return [node]


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    for node in list(doctree.findall(search_data)):
        section = node.parent
        if not isinstance(section, nodes.section) or isinstance(section.parent, pagefind_body):
            continue
        for child in [c for c in section.children if isinstance(c, nodes.section)]:
            wrapper = pagefind_ignore()
            child.replace_self(wrapper)
            wrapper += child
        _ignore_mentions(section)
        body = pagefind_body()
        section.replace_self(body)
        body += section


def _ignore_mentions(section: nodes.Element) -> None:
    """The mentions list (its label paragraph and the list after it) is not search body: the names are
    the entry's ``names`` meta, so a search finds them but excerpts show only the entry's own text."""
    children = list(section.children)
    for n, child in enumerate(children[:-1]):
        after = children[n + 1]
        if (isinstance(child, nodes.paragraph) and child.astext() == MENTIONS_LABEL
                and isinstance(after, nodes.bullet_list)):
            wrapper = pagefind_ignore()
            child.replace_self(wrapper)
            section.remove(after)
            wrapper += [child, after]
            return


def _span(attr: str, name: str, value: str) -> str:
    return f'<span {attr}="{name}">{escape(value)}</span>'


def visit_search_html(self: Any, node: search_data) -> None:
    data = node["data"]
    spans = [_span("data-pagefind-meta", name, str(data.get(name, ""))) for name in META]
    for name in FILTERS:
        values = data.get(name, [])
        for value in [values] if isinstance(values, str) else values:
            spans.append(_span("data-pagefind-filter", name, str(value)))
    # Meta and filters are read from an ignored element: their text is not indexed as content.
    self.body.append('<div class="kiroku-search-data" data-pagefind-ignore="" hidden="">' + "".join(spans) + "</div>")
    normalized = [str(t) for t in data.get("normalized", [])]
    if normalized:
        self.body.append(f'<p class="kiroku-search-only" hidden="">{escape(" ".join(normalized))}</p>')
    raise nodes.SkipNode


def visit_body_html(self: Any, node: nodes.Element) -> None:
    self.body.append('<div class="kiroku-search-body" data-pagefind-body="">')


def visit_ignore_html(self: Any, node: nodes.Element) -> None:
    self.body.append('<div data-pagefind-ignore="">')


def depart_div_html(self: Any, node: nodes.Element) -> None:
    self.body.append("</div>")


# --- glossary pages ------------------------------------------------------------------------------


class search_link(nodes.Element):  # noqa: N801
    """A link to the search page with a filter (``search.html?person=…``), written by ``kiroku build``."""


class SearchLinkDirective(SphinxDirective):
    has_content = True

    def run(self) -> list[nodes.Node]:
        data = _load(self)
        href, text = data.get("href"), data.get("text")
        if not isinstance(href, str) or not isinstance(text, str) or _SCHEME.match(href) or href.startswith("/"):
            raise self.error(f"{self.name}: needs a relative 'href' and a 'text'")
        node = search_link()
        node["href"], node["text"] = href, text
        return [node]


def visit_link_html(self: Any, node: search_link) -> None:
    self.body.append(f'<p class="kiroku-search-link"><a class="reference external" href="{escape(node["href"])}">'
                     f'{escape(node["text"])}</a></p>')
    raise nodes.SkipNode


def visit_link_text(self: Any, node: search_link) -> None:
    self.add_text(f"{node['text']} ({node['href']})\n")
    raise nodes.SkipNode


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _pass(self: Any, node: nodes.Node) -> None:
    pass


def setup(app: Sphinx) -> dict[str, Any]:
    skip = (_skip, None)
    passthrough = (_pass, _pass)
    app.add_config_value("kiroku_search_merge", [], "html", types=frozenset({list, tuple}))
    app.add_node(search_data, html=(visit_search_html, None), text=skip, latex=skip, man=skip, texinfo=skip)
    app.add_node(pagefind_body, html=(visit_body_html, depart_div_html), text=passthrough)
    app.add_node(pagefind_ignore, html=(visit_ignore_html, depart_div_html), text=passthrough)
    app.add_node(search_link, html=(visit_link_html, None), text=(visit_link_text, None), latex=skip, man=skip,
                 texinfo=skip)
    app.add_directive("kiroku-search", SearchDirective)
    app.add_directive("kiroku-search-link", SearchLinkDirective)
    app.connect("config-inited", on_config_inited)
    app.connect("builder-inited", on_builder_inited)
    app.connect("html-collect-pages", collect_pages)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("build-finished", on_build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
