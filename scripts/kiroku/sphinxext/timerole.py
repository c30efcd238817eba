"""The ``kiroku-time`` role: ``{kiroku-time}`ISO|label``` renders as ``<time datetime="ISO">label</time>``."""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?)?$")


class time_element(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils node naming)
    """An inline text element carrying a machine-readable datetime."""


def time_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: Any = None, content: Any = None
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    iso, sep, label = text.partition("|")
    iso = iso.strip()
    if not sep or not _ISO.match(iso):
        msg = inliner.reporter.error(
            f"kiroku-time needs 'ISO 8601 date or datetime|label', got {text!r}", line=lineno
        )
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    node = time_element(rawtext, label.strip())
    node["datetime"] = iso
    return [node], []


def visit_time_html(self: HTML5Translator, node: time_element) -> None:
    self.body.append(self.starttag(node, "time", "", datetime=node["datetime"]))


def depart_time_html(self: HTML5Translator, node: time_element) -> None:
    self.body.append("</time>")


def _pass(self: Any, node: nodes.Node) -> None:
    """Other builders show the label as plain text."""


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(
        time_element,
        html=(visit_time_html, depart_time_html),
        text=(_pass, _pass),
        latex=(_pass, _pass),
        man=(_pass, _pass),
        texinfo=(_pass, _pass),
    )
    app.add_role("kiroku-time", time_role)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
