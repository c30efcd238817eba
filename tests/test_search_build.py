"""The whole archive with Pagefind (as `make html` builds it): what is indexed, and what no page loads any more."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

BLOG = Path("archive", "nhk-20230913-putin-kim-summit")
SPHINX_SEARCH = ("searchindex.js", "searchtools.js", "language_data.js")


def page(site: Path, rel: str | Path) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def script_srcs(soup: BeautifulSoup) -> str:
    return " ".join(str(s) for s in soup.find_all("script"))


@pytest.mark.slow
def test_only_entry_pages_are_indexed_with_their_meta_filters_and_sort(seed_site: Path) -> None:
    entries = sorted((seed_site / BLOG).glob("e-*.html"))
    assert len(entries) == 38
    for html in seed_site.rglob("*.html"):
        bodies = page(seed_site, html.relative_to(seed_site)).select("[data-pagefind-body]")
        assert len(bodies) == (1 if html in entries else 0), html
    bundle = json.loads((seed_site / "pagefind" / "all" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert [lang["page_count"] for lang in bundle["languages"].values()] == [38]

    soup = page(seed_site, BLOG / "e-20230913-1940-c0d57c.html")
    body = soup.select_one("[data-pagefind-body]")
    assert body is not None and body.h1 is not None and "プーチン大統領が基地出発" in body.h1.get_text()
    meta = {s["data-pagefind-meta"]: s.get_text() for s in body.select("[data-pagefind-meta]")}
    # The mentions list is not search body (never in an excerpt); its names, English too, are meta.
    assert "Vladimir Putin" in meta["names"] and "ウラジーミル・プーチン" in meta["names"]
    label = body.find(string="登場する人物・場所・組織")
    assert label is not None and label.find_parent(attrs={"data-pagefind-ignore": True}) is not None
    assert meta["anchor"] == "e-20230913-1940-c0d57c"
    assert meta["when"] == "2023年9月13日 19:40（日本時間）"
    assert meta["datetime"] == "2023-09-13T19:40:00+09:00"
    assert meta["blog"].startswith("【詳しく】プーチン大統領とキム総書記")
    filters: dict[str, list[str]] = {}
    for s in body.select("[data-pagefind-filter]"):
        filters.setdefault(s["data-pagefind-filter"], []).append(s.get_text())
    assert filters["day"] == ["2023-09-13"] and "ウラジーミル・プーチン" in filters["person"]
    assert meta["sort"] == "2023-09-13T10:40:00Z" and body.select("[data-pagefind-sort]") == []
    ignored = " ".join(i.get_text() for i in body.select("[data-pagefind-ignore]"))
    assert "この項目を引用する" in ignored and "出典" in ignored


@pytest.mark.slow
def test_no_sphinx_search_index_or_scripts(seed_site: Path) -> None:
    for name in SPHINX_SEARCH:
        assert list(seed_site.rglob(name)) == [], name
    for html in seed_site.rglob("*.html"):
        if html.name == "search.html":
            continue
        scripts = script_srcs(page(seed_site, html.relative_to(seed_site)))
        assert not [n for n in SPHINX_SEARCH if n in scripts], html
        assert "pagefind" not in scripts, html  # only the search page loads Pagefind


@pytest.mark.slow
def test_search_page_loads_no_sphinx_search(seed_site: Path) -> None:
    scripts = script_srcs(page(seed_site, "search.html"))
    assert not [n for n in SPHINX_SEARCH if n in scripts]


@pytest.mark.slow
def test_glossaries_link_each_term_to_the_search_page(seed_site: Path) -> None:
    soup = page(seed_site, "archive/people.html")
    links = {a.get_text(): a["href"] for a in soup.select("p.kiroku-search-link a")}
    assert links == {"この人物が登場するエントリーを検索": links["この人物が登場するエントリーを検索"]}
    hrefs = [a["href"] for a in soup.select("p.kiroku-search-link a")]
    assert "../search.html?person=%E3%82%A6%E3%83%A9%E3%82%B8%E3%83%BC%E3%83%9F%E3%83%AB%E3%83%BB%E3%83%97%E3%83%BC%E3%83%81%E3%83%B3" in hrefs
    for kind, label in (("places", "この場所が登場するエントリーを検索"), ("organizations", "この組織が登場するエントリーを検索")):
        found = page(seed_site, f"archive/{kind}.html").select("p.kiroku-search-link a")
        assert found and all(a.get_text() == label and a["href"].startswith("../search.html?") for a in found)


@pytest.mark.slow
def test_mermaid_only_on_pages_with_a_diagram(seed_site: Path) -> None:
    assert "mermaid.esm.min.mjs" in script_srcs(page(seed_site, BLOG / "index.html"))
    for rel in (BLOG / "e-20230913-1940-c0d57c.html", Path("search.html"), Path("genindex.html")):
        assert "mermaid" not in script_srcs(page(seed_site, rel)), rel


@pytest.mark.slow
def test_hostile_text_in_search_data_stays_text(nasty_site: Path) -> None:
    checked = 0
    for html in nasty_site.rglob("e-*.html"):
        data = page(nasty_site, html.relative_to(nasty_site)).select_one(".kiroku-search-data")
        assert data is not None, html
        for span in data.find_all("span"):
            assert span.find() is None, (html, span)  # no element inside: any markup in the text was escaped
        checked += 1
    assert checked > 5


@pytest.mark.slow
def test_reading_only_entry_pages_gives_the_bundle_of_the_whole_site(seed_site: Path, tmp_path: Path) -> None:
    """`kiroku index` reads archive/*/e-*.html only (kiroku.site.ENTRY_PAGES_GLOB): nothing indexed is lost."""
    from kiroku.searchindex import BUNDLE, index_site
    from tests.conftest import ROOT

    bundles = {}
    for glob in ("archive/*/e-*.html", "**/*.html"):
        site = tmp_path / glob.replace("*", "x").replace("/", "_") / "html"
        shutil.copytree(seed_site, site, ignore=shutil.ignore_patterns(BUNDLE))
        report = index_site(ROOT, site, glob=glob, log=lambda line: None)
        assert report.pages == 38
        bundles[glob] = {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / BUNDLE).rglob("*")
                         if p.is_file()}
    assert bundles["archive/*/e-*.html"] == bundles["**/*.html"]
