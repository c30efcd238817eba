"""The built archive in a real browser (Debian's chromium through Playwright), served on 127.0.0.1, network blocked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.browserkit import CHROMIUM, FLAGS, Watch, local_context, serve, watched_page

__all__ = ["CHROMIUM", "FLAGS"]  # other browser tests once imported them from here
SCREENSHOTS = Path(__file__).resolve().parent.parent / "_build" / "screenshots"
BLOG = "archive/nhk-20230913-putin-kim-summit"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(seed_site: Path) -> Iterator[str]:
    with serve(seed_site) as base:
        yield base


@pytest.fixture
def page(browser: object, server: str) -> Iterator[object]:
    watch = Watch()
    context = local_context(browser, watch, viewport={"width": 1280, "height": 900})
    yield watched_page(context, watch)
    context.close()  # type: ignore[attr-defined]
    watch.assert_clean()


def _settle(pages: list[object]) -> None:
    """Wait until every page's search has finished its first page of results (Kiroku's page marks it)."""
    for pg in pages:
        pg.wait_for_selector("#kiroku-search[data-ready='yes']", timeout=60000)  # type: ignore[attr-defined]


def _results(page: object) -> list[tuple[str, str]]:
    links = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "#kiroku-results li .kiroku-result-title a", "els => els.map(e => [e.getAttribute('href'), e.textContent])"
    )
    return [(href.split("?")[0].split("#")[0], title) for href, title in links]


def search(page: object, server: str, query: str) -> list[tuple[str, str]]:
    page.goto(f"{server}/search.html?q={quote(query)}")  # type: ignore[attr-defined]
    _settle([page])
    return _results(page)


def entries(seed_site: Path) -> list[dict]:  # type: ignore[type-arg]
    return json.loads((seed_site / "data" / "entries.json").read_text(encoding="utf-8"))["entries"]


# query -> headings of entries (or glossary pages) that must be among the results
QUERIES = {
    "プーチン大統領": ["プーチン大統領「お会いでき嬉しい」", "ロシア国営通信社“プーチン大統領が基地出発”"],
    "総書記": ["キム総書記「ロシアの栄光は不滅」と記帳", "キム総書記 プーチン大統領の専用車に相乗り"],
    "首脳会談": ["ロシアの国営通信社 “首脳会談始まる”", "国営ロシアテレビ“首脳会談まもなく始まる”"],
    "宇宙基地": ["プーチン大統領 ロシア極東の宇宙基地に到着", "キム総書記 極東の宇宙基地に専用列車で到着"],
    "キム・ジョンウン": ["キム総書記「お忙しい中 時間を割いてくれありがとう」"],
    "キムジョンウン": ["キム総書記「お忙しい中 時間を割いてくれありがとう」"],
    "ペスコフ報道官": ["ロシア大統領府報道官“軍事協力なども議論”", "プーチン大統領とキム総書記 1対1形式で会談"],
    "ICBM級": ["北朝鮮のICBMや人工衛星のキーマン2人も訪問"],
    "ＩＣＢＭ級": ["北朝鮮のICBMや人工衛星のキーマン2人も訪問"],
    "1対1形式": ["プーチン大統領とキム総書記 1対1形式で会談", "プーチン大統領とキム総書記 1対1形式の会談終える"],
    "ﾌﾟｰﾁﾝ大統領": ["プーチン大統領「お会いでき嬉しい」"],
    # English names are on each entry page's list of the people and places it mentions.
    "Putin": ["プーチン大統領「お会いでき嬉しい」"],
    "putin": ["プーチン大統領「お会いでき嬉しい」"],
    "Kim Jong Un": ["キム総書記「ロシアの栄光は不滅」と記帳"],
    "Vostochny": ["新たなロケット発射台の建設現場を視察"],
    "ウラジーミル・プーチン": ["プーチン大統領「お会いでき嬉しい」"],  # the register's full name, in the mention list
    "安保理決議": ["上川外務大臣「懸念をもって注視」"],  # 国連安保理 is a link, 決議 follows it
}


@pytest.fixture(scope="module")
def searched(browser: object, server: str) -> dict[str, list[tuple[str, str]]]:
    """Every query of QUERIES searched at once, one tab each (the waits overlap), with the page fixture's checks."""
    watch = Watch()
    context = local_context(browser, watch, viewport={"width": 1280, "height": 900})
    tabs = {}
    for query in QUERIES:
        tab = watched_page(context, watch)
        tab.goto(f"{server}/search.html?q={quote(query)}")  # type: ignore[attr-defined]
        tabs[query] = tab
    _settle(list(tabs.values()))
    results = {query: _results(tab) for query, tab in tabs.items()}
    context.close()  # type: ignore[attr-defined]
    watch.assert_clean()
    return results


@pytest.mark.slow
@pytest.mark.parametrize("query", list(QUERIES))
def test_search_finds_the_entries(searched: dict[str, list[tuple[str, str]]], query: str) -> None:
    titles = [t for _, t in searched[query]]
    for expected in QUERIES[query]:
        assert expected in titles, f"{query!r}: {expected!r} not in {titles[:10]}…"


@pytest.mark.slow
def test_heading_matches_rank_first(searched: dict[str, list[tuple[str, str]]], seed_site: Path) -> None:
    headings = {e["heading"] for e in entries(seed_site)}
    for query in ("首脳会談", "総書記", "宇宙基地"):
        results = [t for _, t in searched[query] if t in headings]
        titled = sum(query in h for h in headings)  # entries whose heading holds the query
        assert titled and results, query
        # The first page (10 results) opens with every entry whose heading holds the query.
        expected = min(titled, len(results))
        assert all(query in t for t in results[:expected]), (query, results)


@pytest.mark.slow
def test_mermaid_renders_offline(page: object, server: str) -> None:
    page.goto(f"{server}/{BLOG}/index.html")  # type: ignore[attr-defined]
    page.wait_for_selector("pre.mermaid svg a")  # type: ignore[attr-defined]
    assert page.locator("pre.mermaid svg a").count() >= 10  # type: ignore[attr-defined]


@pytest.mark.slow
def test_glossary_link_lands_on_the_term(page: object, server: str, seed_site: Path) -> None:
    entry = next(e for e in entries(seed_site) if e["heading"] == "プーチン大統領「お会いでき嬉しい」")
    page.goto(f"{server}/{entry['url']}")  # type: ignore[attr-defined]
    page.locator("article a[href$='people.html#person-putin']").first.click()  # type: ignore[attr-defined]
    page.wait_for_url("**/people.html#person-putin")  # type: ignore[attr-defined]
    assert page.locator("#person-putin").is_visible()  # type: ignore[attr-defined]
    assert _in_viewport(page, "#person-putin")


@pytest.mark.slow
def test_entry_anchor_lands_on_the_entry(page: object, server: str, seed_site: Path) -> None:
    for entry in entries(seed_site)[:5]:
        page.goto(f"{server}/{entry['url']}")  # type: ignore[attr-defined]
        assert _in_viewport(page, f"#{entry['id']}")
        pid = entry["paragraph_ids"][-1]
        page.goto(f"{server}/{entry['url'].split('#')[0]}#{pid}")  # type: ignore[attr-defined]
        assert _in_viewport(page, f"#{pid}")


def _in_viewport(page: object, selector: str) -> bool:
    return bool(page.evaluate(  # type: ignore[attr-defined]
        "(sel) => { const r = document.querySelector(sel).getBoundingClientRect();"
        " return r.top >= -2 && r.top < window.innerHeight; }", selector))


@pytest.mark.slow
def test_screenshots(page: object, server: str, seed_site: Path) -> None:
    """Pictures of the archive to look at (written to _build/screenshots/)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    entry = next(e for e in entries(seed_site) if e["heading"] == "プーチン大統領「今回の訪問も友好的な雰囲気」")
    shots = {
        "front": "index.html",
        "blog": f"{BLOG}/index.html",
        "entry": entry["url"].split("#")[0],
        "people": "archive/people.html",
    }
    for name, url in shots.items():
        page.goto(f"{server}/{url}")  # type: ignore[attr-defined]
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=name != "blog")  # type: ignore[attr-defined]
    page.goto(f"{server}/search.html?q={quote('首脳会談')}")  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]  # results: the Pagefind page's tests
    page.screenshot(path=str(SCREENSHOTS / "search.png"))  # type: ignore[attr-defined]
    assert all((SCREENSHOTS / f"{n}.png").stat().st_size > 10_000 for n in [*shots, "search"])
