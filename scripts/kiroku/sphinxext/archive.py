"""Entry-page blocks filled in at build time: ``kiroku-cite`` (citations) and ``kiroku-jsonld`` (schema.org).

Both take JSON that ``kiroku build`` wrote; neither parses it as markup. URLs become absolute
with ``html_baseurl``.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..cite import archive_url, citations

logger = logging.getLogger(__name__)


class jsonld_data(nodes.Element):  # noqa: N801 (docutils node naming)
    """Carries JSON-LD to the page head; renders nothing in the body."""


def _load(directive: SphinxDirective) -> Any:
    try:
        return json.loads("\n".join(directive.content))
    except json.JSONDecodeError as exc:
        raise directive.error(f"{directive.name}: not valid JSON: {exc}") from None


class cite_data(nodes.Element):  # noqa: N801 (docutils node naming)
    """Citation data, turned into text when the page is written (html_baseurl may change without a re-read)."""


class CiteDirective(SphinxDirective):
    has_content = True

    def run(self) -> list[nodes.Node]:
        node = cite_data()
        node["data"] = _load(self)
        return [node]


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(cite_data)):
        node.replace_self(_citation_nodes(node["data"], app.config.html_baseurl))


def _citation_nodes(data: dict[str, Any], baseurl: str) -> nodes.container:
    texts = citations(data, baseurl)
    box = nodes.container(classes=["kiroku-cite"])
    for label, key in (("日本語", "ja"), ("English", "en")):
        para = nodes.paragraph()
        para += nodes.strong(text=f"{label}: ")
        para += nodes.Text(texts[key])
        box += para
    for label, key, lang in (("BibTeX", "bibtex", "bibtex"), ("CSL-JSON", "csl", "json")):
        box += nodes.paragraph("", "", nodes.strong(text=label))
        block = nodes.literal_block(texts[key], texts[key], language=lang)
        box += block
    return box


class JsonLdDirective(SphinxDirective):
    has_content = True

    def run(self) -> list[nodes.Node]:
        node = jsonld_data()
        node["data"] = _load(self)
        return [node]


def _absolute(value: Any, baseurl: str, to_root: str) -> Any:
    """Site-relative URLs (marked by a leading '/') become absolute, or relative to the page."""
    if isinstance(value, dict):
        return {k: _absolute(v, baseurl, to_root) for k, v in value.items()}
    if isinstance(value, list):
        return [_absolute(v, baseurl, to_root) for v in value]
    if isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
        return archive_url(baseurl, value[1:]) if baseurl else to_root + value[1:]
    return value


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    language = app.env.metadata.get(pagename, {}).get("kiroku_lang")
    if language:
        context["language"] = language  # <html lang="en"> on an English live blog's pages
    if doctree is None:
        return
    to_root = "../" * pagename.count("/")
    for node in doctree.findall(jsonld_data):
        data = _absolute(node["data"], app.config.html_baseurl, to_root)
        # "<" never appears raw, so no text can close the script element.
        text = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
        context["metatags"] = context.get("metatags", "") + f'\n<script type="application/ld+json">{text}</script>'


class mentions_list(nodes.Element):  # noqa: N801 (docutils node naming)
    """A list of entries that mention a term, rendered straight to HTML (large archives: thousands of items).

    Its items are in the directive's content, or in a JSON file beside the page (the argument) that is read only
    when the page is written: Sphinx keeps every doctree it read until it writes them, so a page of mentions
    whose items stayed in its doctree would hold memory for the whole build.
    """


class MentionsDirective(SphinxDirective):
    has_content = True
    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        node = mentions_list()
        if self.arguments:
            rel, path = self.env.relfn2path(self.arguments[0], self.env.docname)
            if not Path(path).is_file():
                raise self.error(f"{self.name}: no file {rel}")
            self.env.note_dependency(rel)
            node["file"] = rel
        else:
            node["items"] = _load(self)
        return [node]


def _items(self: Any, node: mentions_list) -> list[dict[str, Any]]:
    if "items" in node:
        return list(node["items"])
    path = Path(self.builder.srcdir, node["file"])
    try:
        return list(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise ExtensionError(f"{path}: cannot read the mentions it lists: {exc}", modname=__name__) from None


def visit_mentions_html(self: Any, node: mentions_list) -> None:
    current = self.builder.current_docname
    out = ['<ul class="kiroku-mentions">']
    for item in _items(self, node):
        href = self.builder.get_relative_uri(current, item["doc"]) + "#" + item["anchor"]
        when = html.escape(item["when"])
        stamp = f'<time datetime="{html.escape(item["iso"])}">{when}</time>' if item.get("iso") else when
        out.append(
            f'<li>{stamp} <a class="reference internal" href="{html.escape(href)}">{html.escape(item["heading"])}'
            f'</a>（{html.escape(item["blog"])}）</li>'
        )
    out.append("</ul>")
    self.body.append("".join(out))
    raise nodes.SkipNode


def visit_mentions_text(self: Any, node: mentions_list) -> None:
    for item in _items(self, node):
        self.add_text(f"- {item['when']} {item['heading']} ({item['blog']})\n")
    raise nodes.SkipNode


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(jsonld_data, html=(_skip, None), text=(_skip, None), latex=(_skip, None), man=(_skip, None),
                 texinfo=(_skip, None))
    app.add_node(cite_data)
    app.add_node(mentions_list, html=(visit_mentions_html, None), text=(visit_mentions_text, None),
                 latex=(_skip, None), man=(_skip, None), texinfo=(_skip, None))
    app.add_directive("kiroku-mentions", MentionsDirective)
    app.add_directive("kiroku-cite", CiteDirective)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.add_directive("kiroku-jsonld", JsonLdDirective)
    app.connect("html-page-context", on_html_page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
