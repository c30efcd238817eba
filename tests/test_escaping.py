"""Escaping, proven by property: any seed text renders as exactly that text, never as markup."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils.core import publish_string
from docutils.frontend import get_default_settings
from docutils.writers.html5_polyglot import Writer as HTML5Writer
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from myst_parser.parsers.docutils_ import Parser

from kiroku.cli.main import main
from kiroku.escape import escape_block, escape_inline
from tests.conftest import NASTY, build

# myst-parser's plain-docutils path still calls Node.traverse(); Sphinx builds below do not.
pytestmark = pytest.mark.filterwarnings("ignore:nodes.Node.traverse:DeprecationWarning")

PAYLOADS = [
    "```", "~~~", "{raw}", "```{raw} html", "{eval-rst}", "```{eval-rst}", "(label)=", "(e-1)=", "$$", "$x$", "---",
    "***", "___", "%", ":::", "::: note", "[x](y)", "[x](javascript:alert(1))", "![i](x.png)", "`", "``", "*", "_",
    "#", "# ", "## ", "> ", "- ", "+ ", "1. ", "1) ", "    ", "\t", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "&lt;", "&amp;", "&#60;", "<!--", "-->", "<https://example.org>", "https://example.org", "javascript:alert(1)",
    "{term}`x`", "{ref}`y`", "{kiroku-time}`2023-01-01|x`", "[^1]", "[a]: b", "| a | b |", "\\", "\\\\", "{{", "}}",
    "<b>", "</p>", "<iframe src=x>", "=== ", "--- ", "\u3000", "プーチン大統領", "キム・ジョンウン", "首脳会談", "。", "、",
    "「", "」", "▼", "※", "🎆", "\u200b", "\u202e", "\x00", "\x07", "\x1b[31m", "\x7f", "\u2028",
]
TEXT = st.lists(
    st.one_of(st.sampled_from(PAYLOADS), st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r\n"),
                                                  max_size=12)),
    min_size=1, max_size=12,
).map("".join)

_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


# The settings of every render, made once: building docutils' option parser took most of each render.
SETTINGS = get_default_settings(Parser, HTML5Writer)
for _name, _value in {
    "myst_disable_syntax": ["html_block", "html_inline"],
    "raw_enabled": False,
    "file_insertion_enabled": False,
    "report_level": 5,
    "output_encoding": "unicode",
    "embed_stylesheet": False,
}.items():
    setattr(SETTINGS, _name, _value)


def render(markdown: str) -> BeautifulSoup:
    html = publish_string(markdown, parser=Parser(), writer=HTML5Writer(), settings=copy.copy(SETTINGS))
    return BeautifulSoup(html, "html.parser").find("main") or BeautifulSoup(html, "html.parser").body


def visible(text: str) -> str:
    """What a reader must see: the text as the parser keeps it, controls as spaces, no outer white space."""
    return _CONTROLS.sub(" ", text.strip()).strip()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_paragraph_renders_as_its_text(text: str) -> None:
    expected = visible(text)
    body = render(escape_block(text.strip()))
    elements = [el.name for el in body.find_all(True)]
    if not expected:
        assert body.find("p") is None or body.get_text().strip() == ""
        return
    assert elements == ["p"], (text, elements)
    assert body.find("p").get_text() == expected


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_heading_renders_as_its_text(text: str) -> None:
    expected = visible(text)
    if not expected:
        return
    body = render("# " + escape_inline(text.strip()))
    heading = body.find(["h1", "p"])
    assert heading is not None
    assert [el.name for el in heading.find_all(True)] == []  # nothing nested in it
    assert heading.get_text().strip() == expected.strip()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_list_item_renders_as_its_text(text: str) -> None:
    expected = visible(text)
    if not expected:
        return
    body = render("- " + escape_inline(text.strip()).lstrip(" \t"))
    items = body.find_all("li")
    assert len(items) == 1
    assert [el.name for el in items[0].find_all(True) if el.name != "p"] == []
    assert items[0].get_text().strip() == expected.strip()


# --- the whole path: ingest, kiroku build, sphinx-build ------------------------------------

SAFE_ID = re.compile(r"^(e-[0-9a-z-]+|b-[0-9a-z-]+|d-[0-9a-z-]+|index-\d+|id\d+)$")


FORBIDDEN = ["script", "img", "iframe", "object", "embed", "style", "b", "i", "em", "table", "blockquote", "h3",
             "h4", "h5", "math", "input", "form"]


def check_page(page: Path, texts: list[str]) -> None:
    """No element, attribute, id or link came from the seed, and each text is a paragraph as it was written."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article")
    assert article is not None
    assert article.find(FORBIDDEN) is None, page
    for tag in article.find_all(["strong", "pre"]):
        assert tag.find_parent(class_="kiroku-cite") is not None, (page, tag)  # only our citation block has them
    for tag in article.find_all(True):
        for attr, value in tag.attrs.items():
            assert not attr.lower().startswith("on"), (page, tag)
            if attr in ("href", "src"):
                assert not re.match(r"^\s*[a-z][a-z0-9+.-]*:", str(value), re.I), (page, tag)
        if tag.get("id"):
            assert SAFE_ID.match(tag["id"]), (page, tag["id"])
    paragraphs = [p.get_text() for p in article.find_all(["p", "li"])]
    for text in texts:
        assert visible(text) in paragraphs, (page.name, text)


CAPTURE_TEXT = TEXT.filter(lambda t: bool(visible(t)))


CAPTURES = st.lists(st.lists(CAPTURE_TEXT, min_size=1, max_size=3), min_size=1, max_size=4)
# A capture that once failed, tried every time.
EXPLICIT = [["\x850 \u2028 line separators"], ["1. <https://example.org>プーチン大統領```***`````` {raw}`x`"]]


def generated_captures() -> list[list[list[str]]]:
    """The explicit capture and five that Hypothesis generates (no shrinking: each is a build's worth of input)."""
    drawn: list[list[list[str]]] = []

    @settings(max_examples=5, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=[HealthCheck.too_slow])
    @given(CAPTURES)
    @example(EXPLICIT)
    def collect(entries: list[list[str]]) -> None:
        drawn.append(entries)

    collect()
    return drawn


@pytest.mark.slow
def test_generated_captures_build_to_literal_text(tmp_path: Path) -> None:
    """Each capture is its own live blog in one archive: one full build checks them all."""
    from tests.conftest import make_project

    captures = generated_captures()
    assert captures[0] == EXPLICIT and len(captures) == 6
    root = make_project(tmp_path, with_sources=False)
    for i, entries in enumerate(captures):
        lines = [f"試験の記録{i}", "", "目次", ""]
        for n, paragraphs in enumerate(entries):
            lines += [f"{20 - n:02d}:00 見出し{n}", ""]
            for p in paragraphs:
                # A paragraph line must not look like a heading or a list item: plain text around it.
                lines += [f"本文：{p}。", ""]
        capture = root / f"capture{i}.txt"
        capture.write_text("\n".join(lines), encoding="utf-8")
        assert main(["--root", str(root), "ingest", str(capture), "--source", f"test-prop-{i}", "--published",
                     "2025-09-01", "--publisher", "試験", "--timezone", "Asia/Tokyo", "--captured", "2025-09-01"]) == 0
    site = build(root)
    for i, entries in enumerate(captures):
        pages = sorted((site / "archive" / f"test-prop-{i}").glob("e-*.html"))
        assert len(pages) == len(entries), entries
        by_heading = {}
        for page in pages:
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            by_heading[soup.find("h1").get_text().rstrip("#")] = page
        for n, paragraphs in enumerate(entries):
            check_page(by_heading[f"見出し{n}"], [f"本文：{p}。" for p in paragraphs])


@pytest.mark.slow
@pytest.mark.parametrize("name", [p.name for p in NASTY])
def test_nasty_corpus_through_the_make_html_path(nasty_site: Path, name: str) -> None:
    # One build holds every nasty capture, each its own live blog (conftest.nasty_site).
    pages = list((nasty_site / "archive" / f"test-nasty-{Path(name).stem}").glob("*.html"))
    assert len(pages) >= 3
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.find("article")
        assert article.find(["script", "img", "iframe", "object", "embed", "style", "b", "i", "em", "table",
                             "blockquote", "math"]) is None, page
        for tag in article.find_all(True):
            assert not any(a.lower().startswith("on") for a in tag.attrs), (page, tag)
            assert "javascript:" not in str(tag.get("href", "")), (page, tag)
