"""kiroku.sphinxext.archive on a tiny root: kiroku-cite, kiroku-jsonld, kiroku-mentions and the page language."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from tests.conftest import sphinx_root


def page(app: SphinxTestApp, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / name).read_text(encoding="utf-8"), "html.parser")


@sphinx_root("archive")
def test_citations_and_json_ld_without_a_base_url(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    soup = page(app, "lib/entry.html")
    cite = soup.find(class_="kiroku-cite")
    text = cite.get_text()
    assert "町の広報 <b>係</b>「町の図書室だより」新しい図書室が開く（2030年5月1日 10:00）" in text  # text, not markup
    assert cite.find("b") is None
    assert "Kiroku アーカイブ lib/entry.html#e-lib-1（2030-05-02閲覧）" in text  # site-relative without html_baseurl
    assert "https://example.org/library/live" in text
    assert [p.get_text() for p in cite.find_all("strong")] == ["日本語: ", "English: ", "BibTeX", "CSL-JSON"]
    assert len(cite.find_all("pre")) == 2
    (script,) = soup.head.find_all("script", type="application/ld+json")
    assert "</script><script>" not in script.decode_contents()  # "<" never appears raw in the element
    data = json.loads(script.string)
    assert data["headline"].endswith("</script><script>x</script>")
    assert data["url"] == "../lib/entry.html#e-lib-1"  # '/…' is relative to the page without a base URL
    assert data["isPartOf"]["url"] == "../lib/index.html"
    assert data["image"] == ["../lib/a.png", "https://example.org/b.png"]
    assert data["sameAs"] == "//example.org/kept"  # protocol-relative URLs are not site paths
    assert "@context" not in soup.body.get_text()  # the JSON-LD renders nothing in the body


@sphinx_root("archive", confoverrides={"html_baseurl": "https://archive.example.org/kiroku/"})
def test_base_url_makes_citations_and_json_ld_absolute(app: SphinxTestApp) -> None:
    app.build()
    soup = page(app, "lib/entry.html")
    assert "Kiroku アーカイブ https://archive.example.org/kiroku/lib/entry.html#e-lib-1" in soup.find(
        class_="kiroku-cite").get_text()
    data = json.loads(soup.head.find("script", type="application/ld+json").string)
    assert data["url"] == "https://archive.example.org/kiroku/lib/entry.html#e-lib-1"
    assert data["image"][0] == "https://archive.example.org/kiroku/lib/a.png"


@sphinx_root("archive")
def test_page_language_from_metadata(app: SphinxTestApp) -> None:
    app.build()
    assert page(app, "lib/english.html").html["lang"] == "en"
    assert page(app, "lib/entry.html").html["lang"] == "en"  # the project's language (conf.py default)
    assert page(app, "lib/english.html").head.find("script", type="application/ld+json") is None


@sphinx_root("archive", confoverrides={"language": "ja"})
def test_japanese_pages_keep_the_project_language(app: SphinxTestApp) -> None:
    app.build()
    assert page(app, "lib/entry.html").html["lang"] == "ja"
    assert page(app, "lib/english.html").html["lang"] == "en"


@sphinx_root("archive")
def test_mentions_list_links_each_entry_page_and_anchor(app: SphinxTestApp) -> None:
    app.build()
    (ul,) = page(app, "lib/mentions.html").find_all("ul", class_="kiroku-mentions")
    items = ul.find_all("li")
    assert [a["href"] for li in items for a in li.find_all("a")] == ["entry.html#e-lib-1", "english.html#e-lib-2"]
    assert items[0].find("time")["datetime"] == "2030-05-01T10:00:00+09:00"
    assert items[0].find("i") is None and "新しい図書室が開く <i>" in items[0].get_text()
    assert items[1].find("time") is None and items[1].get_text().startswith("日時不明 ")
    assert "（Library & news）" in items[1].get_text()


@sphinx_root("archive", buildername="text")
def test_mentions_as_text(app: SphinxTestApp) -> None:
    app.build()
    text = (app.outdir / "lib" / "mentions.txt").read_text(encoding="utf-8")
    assert "- 5月1日 10:00 新しい図書室が開く <i> (町の図書室だより)" in text
    entry = (app.outdir / "lib" / "entry.txt").read_text(encoding="utf-8")
    assert "@context" not in entry


@sphinx_root("archive-badjson")
def test_invalid_json_is_an_error_naming_the_directive(app: SphinxTestApp) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert "kiroku-cite: not valid JSON" in warnings and "index.md" in warnings
