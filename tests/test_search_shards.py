"""Search over several bundles (issue 26) with exact counts and the entry's own excerpts (issue 27).

The seed's built site (the session fixture) is copied twice: once indexed as one bundle (`kiroku
index`: shard `all`), once as two shards of the same entry pages, split by hour so that both shards
hold entries of the one live blog and day. The search page must give the same results, counts, filter
results and time order on both, fetch only what a search needs, and say exact counts.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest

from kiroku.searchindex import fnv1a, index_site, index_unsharded, write_manifest
from tests.browserkit import Watch, local_context, serve, watched_page
from tests.conftest import ROOT

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser

BLOG = "nhk-20230913-putin-kim-summit"


@pytest.fixture(scope="module")
def sites(seed_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("shards")
    one, two = base / "one", base / "two"
    for site in (one, two):
        shutil.copytree(seed_site, site, ignore=shutil.ignore_patterns("pagefind"))
    index_unsharded(ROOT, one, log=lambda line: None)
    # Two shards of one live blog: the entry pages of 13 September before 18:00 and the rest (untimed
    # entries, e-…-x-…, sort with the later ones). A brace list selects each shard's pages.
    pages = sorted(p.name for p in (two / "archive" / BLOG).glob("e-*.html"))
    early = [p for p in pages if p.startswith("e-20230913-") and p[11:15].isdigit() and p[11:15] < "1800"]
    late = [p for p in pages if p not in early]
    assert early and late
    for shard, names in (("early", early), ("late", late)):
        glob = f"archive/{BLOG}/{{{','.join(names)}}}"
        report = index_site(ROOT, two, glob=glob, bundle=f"pagefind/{shard}", log=lambda line: None)
        assert report.pages == len(names)
    manifest = write_manifest(two, {"early": [BLOG], "late": [BLOG]})
    assert [s["id"] for s in manifest["shards"]] == ["late", "early"]  # newest first
    assert sum(s["entries"] for s in manifest["shards"]) == len(pages)
    return base


@pytest.fixture(scope="module")
def server(sites: Path) -> Iterator[str]:
    with serve(sites) as base:
        yield base


def _until(page: object, expression: str, timeout: float = 30.0) -> None:
    """Poll ``expression`` until true (wait_for_function evaluates a string with eval(), which the page's
    Content-Security-Policy refuses; page.evaluate goes through the debugger)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):  # type: ignore[attr-defined]
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        time.sleep(0.05)


def search(browser: object, server: str, site: str, **params: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """(result hrefs, status [text, count, complete], excerpts, paths fetched) once the search settled and
    every result is listed (「さらに表示」 pressed until it hides)."""
    watch = Watch()
    context = local_context(browser, watch, viewport={"width": 1280, "height": 900})
    page = watched_page(context, watch, timeout_ms=30000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)  # type: ignore[attr-defined]
    try:
        page.goto(f"{server}/{site}/search.html?{urlencode(params)}")  # type: ignore[attr-defined]
        page.wait_for_selector("#kiroku-search[data-ready=yes]", timeout=30000)  # type: ignore[attr-defined]
        status = page.eval_on_selector(  # type: ignore[attr-defined]
            "#kiroku-search-status", "e => [e.textContent, e.dataset.count, e.dataset.complete]")
        first = [urlparse(r.url).path for r in watch.responses]
        for _ in range(20):
            more = page.locator("#kiroku-more")  # type: ignore[attr-defined]
            if more.is_hidden():
                break
            n = page.locator("#kiroku-results > li").count()  # type: ignore[attr-defined]
            more.click()
            _until(page, f"document.querySelectorAll('#kiroku-results > li').length > {n}"
                         " || document.querySelector('#kiroku-more').hidden")
        hrefs = page.eval_on_selector_all(  # type: ignore[attr-defined]
            "#kiroku-results > li .kiroku-result-title a", "els => els.map(e => e.getAttribute('href'))")
        excerpts = page.eval_on_selector_all(  # type: ignore[attr-defined]
            "#kiroku-results .kiroku-result-excerpt", "els => els.map(e => e.textContent)")
    finally:
        context.close()  # type: ignore[attr-defined]
    watch.assert_clean()
    assert errors == []
    return [h.split(f"/{site}/", 1)[-1] for h in hrefs], status, excerpts, first


CASES = [
    {"q": "プーチン大統領"},
    {"q": "プーチン大統領", "sort": "newest"},
    {"q": "総書記", "sort": "oldest"},
    {"q": "Putin"},
    {"q": "宇宙基地"},
    {"q": "チョウザメ"},
    {"person": "ウラジーミル・プーチン"},
    {"day": "2023-09-13", "sort": "oldest"},
]


@pytest.mark.slow
@pytest.mark.parametrize("params", CASES, ids=[urlencode(c) for c in CASES])
def test_two_shards_give_what_one_bundle_gives(browser: object, server: str, params: dict[str, str]) -> None:
    one = search(browser, server, "one", **params)
    two = search(browser, server, "two", **params)
    assert one[1] == two[1]  # the same status: text, count, exact
    assert one[1][2] == "yes"
    if "sort" in params or "q" not in params:
        assert one[0] == two[0]  # the same time order
    else:
        assert sorted(one[0]) == sorted(two[0])  # the same entries (by relevance: Kiroku's order per bundle)
    assert len(one[0]) == int(one[1][1])


@pytest.mark.slow
def test_putin_says_thirty_exactly_and_excerpts_are_the_entries_own_text(browser: object, server: str) -> None:
    for site in ("one", "two"):
        hrefs, status, excerpts, first = search(browser, server, site, q="プーチン大統領")
        assert status == ["30件見つかりました", "30", "yes"]
        assert len(hrefs) == 30
        assert excerpts and not [e for e in excerpts if "登場する人物" in e or "Vladimir" in e]
        # Checked on the text buckets: fragments only for the results shown on the first page.
        assert len([p for p in first if "/fragment/" in p]) == 10
        assert not [p for p in first if p.endswith("/pagefind/pagefind.js")]  # no bundle at the old place


@pytest.mark.slow
def test_english_names_still_find_the_entries(browser: object, server: str) -> None:
    hrefs, status, excerpts, _ = search(browser, server, "two", q="Vladimir Putin")
    assert status[2] == "yes" and int(status[1]) >= 20
    assert not [e for e in excerpts if "Vladimir" in e]


@pytest.mark.slow
def test_a_day_filter_fetches_only_its_shards_files(browser: object, server: str, sites: Path) -> None:
    # A manifest whose second shard holds another day: a search by that day loads only that bundle.
    site = sites / "two"
    manifest = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    where = json.loads((site / "pagefind" / manifest["filters"]).read_text(encoding="utf-8"))
    early = next(s for s in manifest["shards"] if s["id"] == "early")
    assert {day: shards["early"] for day, shards in where["day"].items() if "early" in shards} == {
        "2023-09-13": early["entries"]}
    hrefs, status, _, first = search(browser, server, "two", day="2023-09-13", sort="newest")
    # The seed's 38 entries: 37 filed under the 13th (both shards), one under the 12th.
    assert sum(where["day"]["2023-09-13"].values()) == 37
    assert status == ["37件見つかりました", "37", "yes"] and len(hrefs) == 37
    # A day no shard holds: nothing fetched from any bundle, and nothing found.
    hrefs, status, _, first = search(browser, server, "two", q="プーチン", day="2031-01-01")
    assert hrefs == [] and status[:2] == ["見つかりませんでした", "0"]
    assert not [p for p in first if "/pagefind/early/" in p or "/pagefind/late/index/" in p]


@pytest.mark.slow
def test_a_blog_filter_fetches_only_its_shard(browser: object, server: str, sites: Path) -> None:
    # The same pages as two live blogs' shards: rename the early shard's blog in its manifest entry, as
    # a shard of another live blog would be listed, and search by the late shard's blog.
    site = sites / "two"
    path = site / "pagefind" / "shard-filters.json"
    saved = path.read_text(encoding="utf-8")
    where = json.loads(saved)
    (blog,) = where["blog"]
    where["blog"]["別のライブブログ"] = {"early": where["blog"][blog].pop("early")}
    path.write_text(json.dumps(where, ensure_ascii=False), encoding="utf-8")
    try:
        hrefs, status, _, first = search(browser, server, "two", q="プーチン大統領", blog=blog)
        assert status[2] == "yes"
        bundles = {p.split("/pagefind/", 1)[1].split("/", 1)[0] for p in first if "/pagefind/" in p}
        assert bundles == {"late", "shards.json", "shard-filters.json"}
    finally:
        path.write_text(saved, encoding="utf-8")


def test_text_bucket_hash_is_the_same_in_python_and_javascript() -> None:
    ids = ["ja_3ae55fc", "ja_0000000", "en_ffffff1", "unknown_1a2b3c4"]
    # The module needs a document to run: its fnv1a is run on its own.
    source = (ROOT / "docs/_static/kiroku-search.js").read_text(encoding="utf-8")
    body = source[source.index("export function fnv1a"):]
    body = body[: body.index("\n}\n") + 3].replace("export ", "")
    out = subprocess.run(["node", "-e", body + f"console.log(JSON.stringify({json.dumps(ids)}.map(fnv1a)))"],
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [fnv1a(i) for i in ids]
