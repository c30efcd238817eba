"""kiroku.sphinxext.search on a tiny root: Pagefind's markup on an entry page, no Sphinx search, the search config."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from kiroku.searchnorm import JS_NORMALIZE
from kiroku.sphinxext.search import dotted_names, english_names, merge_error
from tests.conftest import ROOTS, sphinx_root

SPHINX_SEARCH = ("searchindex.js", "searchtools.js", "language_data.js")


def soup(app: SphinxTestApp, page: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / page).read_text(encoding="utf-8"), "html.parser")


@sphinx_root("search")
def test_entry_page_carries_body_ignore_meta_filters_and_sort(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    page = soup(app, "entry.html")
    bodies = page.select("[data-pagefind-body]")
    assert len(bodies) == 1
    body = bodies[0]
    # The entry itself is inside: heading, time line, paragraphs.
    assert body.h1 is not None and "新しい図書室が＜開館＞" in body.h1.get_text()
    assert "駅前のＡＢＣ文庫が開きました。" in body.get_text()
    # Citation and source sections are inside, but ignored.
    ignored = body.select("[data-pagefind-ignore]")
    ignored_ids = {s["id"] for i in ignored for s in i.find_all("section", recursive=False)}
    assert ignored_ids == {"e-20300101-0930-abc123-cite", "e-20300101-0930-abc123-source"}
    for word in ("citationword", "sourceword"):
        assert any(word in i.get_text() for i in ignored), word
    # Meta (the sort key among them) and filters: in a hidden, ignored element, so their text is not indexed twice.
    data = body.select_one(".kiroku-search-data")
    assert data is not None and data.has_attr("hidden") and data.has_attr("data-pagefind-ignore")
    meta = {s["data-pagefind-meta"]: s.get_text() for s in data.select("[data-pagefind-meta]")}
    assert meta == {"title": "新しい図書室が＜開館＞", "anchor": "e-20300101-0930-abc123",
                    "when": "2030年1月1日 9:30（日本時間）", "datetime": "2030-01-01T09:30:00+09:00",
                    "blog": "図書室 <b>ブログ</b> & co", "sort": "2030-01-01T00:30:00Z", "names": ""}
    filters: dict[str, list[str]] = {}
    for s in data.select("[data-pagefind-filter]"):
        filters.setdefault(s["data-pagefind-filter"], []).append(s.get_text())
    assert filters == {"blog": ["図書室 <b>ブログ</b> & co"], "day": ["2030-01-01"],
                       "person": ["山田 <script>alert(1)</script>"], "place": ["駅前", "北口"]}
    # No Pagefind sort (its order list would be in the metadata every search loads): the key is meta.
    assert data.select("[data-pagefind-sort]") == []
    # The normalized text is indexed (not ignored) and hidden from readers.
    only = body.select_one(".kiroku-search-only")
    assert only is not None and only.has_attr("hidden") and only.find_parent(attrs={"data-pagefind-ignore": True}) is None
    assert "駅前のabc文庫が開きました。カナ表記もあります。" in only.get_text()
    # Seed text stays text: no element came from it.
    raw = (app.outdir / "entry.html").read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "<b>ブログ" not in raw
    assert page.find("script", string=lambda s: bool(s) and "alert" in s) is None
    # Other pages are not indexed.
    assert soup(app, "index.html").select("[data-pagefind-body]") == []
    assert soup(app, "glossary.html").select("[data-pagefind-body]") == []


@sphinx_root("search")
def test_no_sphinx_search_is_built_or_loaded(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    for name in SPHINX_SEARCH:
        assert list(app.outdir.rglob(name)) == [], name
    assert (app.outdir / "search.html").is_file()  # still written, from the theme's search.html template
    for page in app.outdir.rglob("*.html"):
        srcs = [s.get("src", "") for s in soup(app, str(page.relative_to(app.outdir))).find_all("script")]
        assert not [s for s in srcs if any(name in s for name in SPHINX_SEARCH)], page
    assert (app.outdir / "_static" / "kiroku-searchnorm.js").read_text(encoding="utf-8") == JS_NORMALIZE
    assert json.loads((app.outdir / "_static" / "kiroku-search-config.json").read_text(encoding="utf-8")) == {
        "merge": [], "names": [], "english": []}  # this root has no sources/register.yaml


@sphinx_root("search")
def test_glossary_search_link_is_relative_and_escaped(app: SphinxTestApp) -> None:
    app.build()
    link = soup(app, "glossary.html").select_one("p.kiroku-search-link a")
    assert link is not None
    assert link["href"] == "search.html?person=%E5%B1%B1%E7%94%B0%20%22%3C%3E"
    assert link.get_text() == "この人物が登場するエントリーを検索"


@sphinx_root("search", confoverrides={"kiroku_search_merge": ["../other/pagefind/", "/archive-b/pagefind/"]})
def test_merge_list_is_written_for_the_search_page(app: SphinxTestApp) -> None:
    app.build()
    config = json.loads((app.outdir / "_static" / "kiroku-search-config.json").read_text(encoding="utf-8"))
    assert config == {"merge": ["../other/pagefind/", "/archive-b/pagefind/"], "names": [], "english": []}


def test_dotted_names_come_from_the_register_normalized_longest_first(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "register.yaml").write_text(
        "people:\n"
        "  - {id: person-aoi, name: ソラ・アオイ, reading: そらあおい, romanized: Sora Aoi, family_name: アオイ,\n"
        "     aliases: [ｿﾗ・ｱｵｲ]}\n"
        "  - {id: person-minato-haruka, name: ハルカ・ミナト・ヤマノウエ, reading: はるか, romanized: Haruka,\n"
        "     family_name: ミナト}\n"
        "  - {id: person-ichi, name: イチ, reading: いち, romanized: Ichi, family_name: イチ}\n"
        "places: []\norganizations: []\n", encoding="utf-8")
    assert dotted_names(tmp_path) == [
        ["ハルカミナトヤマノウエ", "ハルカ・ミナト・ヤマノウエ"],
        ["ソラアオイ", "ソラ・アオイ"],  # the half-width alias normalizes to the same pair
    ]
    assert dotted_names(tmp_path / "nowhere") == []
    # English names: a query that is one of them is searched with the Japanese word the text uses; a
    # foreign name's family name alone too, on the side the Japanese name has it (ソラ・アオイ: the last).
    assert english_names(tmp_path) == [["aoi", "アオイ"], ["haruka", "ミナト"], ["ichi", "イチ"],
                                       ["sora aoi", "アオイ"]]
    assert english_names(tmp_path / "nowhere") == []


@pytest.mark.parametrize("url", ["https://example.org/pagefind/", "//example.org/pagefind/", "http:pagefind/",
                                 "javascript:alert(1)//", "../a b/pagefind/", "..\\other\\pagefind\\",
                                 "../other/pagefind", "../x/?q=1/", "", 3])
def test_merge_entries_on_another_host_or_malformed_are_refused(make_app, tmp_path: Path, url: object) -> None:  # type: ignore[no-untyped-def]
    assert merge_error(url) is not None
    shutil.copytree(ROOTS / "test-search", tmp_path / "src")
    with pytest.raises(ConfigError, match=r"kiroku_search_merge\[1\]"):
        make_app("html", srcdir=tmp_path / "src", confoverrides={"kiroku_search_merge": ["../ok/pagefind/", url]})


def test_merge_entries_on_the_same_site_are_accepted() -> None:
    for url in ("../other-archive/pagefind/", "/other/pagefind/", "pagefind-b/", "../../a/b/"):
        assert merge_error(url) is None, url
