"""The Pagefind search page (docs/_templates/search.html + _static/kiroku-search.js) in a real browser.

A tiny archive of our own text (tests/roots/test-search-page: entry pages that carry the search
contract's markup as raw HTML) built with the project's templates and static files, indexed with the
pinned Pagefind, plus a second, separately indexed archive merged through the search config. Both are
served on 127.0.0.1 under sub-paths (/main/, /other/); every request elsewhere is blocked.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlparse

import pytest

from kiroku.searchindex import index_site, write_manifest
from kiroku.searchnorm import JS_NORMALIZE
from kiroku.sphinxext.search import NORM_JS
from tests.browserkit import Watch, local_context, serve, watched_page
from tests.conftest import ROOT, ROOTS

pytest.importorskip("playwright.sync_api")
PAGEFIND = ROOT / "node_modules" / ".bin" / "pagefind"

pytestmark = pytest.mark.browser

# The second archive: plain pages of our own text with the contract's markup.
OTHER = {
    "o1": ("別港の見学会", "2031-05-01T10:00:00+09:00", "2031-05-01T01:00:00Z",
           "灯台守のユキ・ハマダが別港の見学会を案内した。"),
    "o2": ("別港の夜景", "2031-05-01T20:00:00+09:00", "2031-05-01T11:00:00Z", "別港の夜景を撮影した。"),
}
OTHER.update({f"o{n}": (f"別港の記録{n}", "2031-05-02", f"2031-05-01T15:{n:02d}:00Z", f"別港の記録、その{n}。")
              for n in range(3, 13)})  # enough for a second page of results
OTHER_BLOG = "別港アーカイブ"


def _other_page(key: str, title: str, dt: str, sort: str, text: str) -> str:
    anchor = f"e-20310501-{key}"
    return f"""<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main><section id="{anchor}" data-pagefind-body>
<h1 data-pagefind-meta="title">{title}</h1>
<span data-pagefind-meta="anchor:{anchor}"></span><span data-pagefind-meta="datetime:{dt}"></span>
<span data-pagefind-meta="blog:{OTHER_BLOG}"></span><span data-pagefind-filter="blog:{OTHER_BLOG}"></span>
<span data-pagefind-filter="day:2031-05-01"></span><span data-pagefind-meta="sort:{sort}"></span>
<p><time datetime="{dt}" data-pagefind-meta="when">2031年5月1日</time></p>
<p>{text}</p>
</section></main></body></html>
"""


def _pagefind(site: Path) -> None:
    """What `make html` runs (`kiroku index`): Pagefind, then Kiroku's files in the bundle, as one shard
    `all` with its manifest; these fixture sites keep their entry pages at the root, so every page is read."""
    index_site(ROOT, site, glob="**/*.html", log=lambda line: None)
    write_manifest(site, {"all": []})


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not PAGEFIND.exists():
        pytest.fail("no node_modules/.bin/pagefind: run `npm ci` (pagefind is pinned in package-lock.json)")
    base = tmp_path_factory.mktemp("search-sites")
    src = base / "src"
    shutil.copytree(ROOTS / "test-search-page", src)
    main = base / "main"
    build = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(main)],
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    _pagefind(main)
    other = base / "other"
    other.mkdir()
    (other / "index.html").write_text("<!doctype html><html lang='ja'><body>別港</body></html>", encoding="utf-8")
    for key, (title, dt, sort, text) in OTHER.items():
        (other / f"{key}.html").write_text(_other_page(key, title, dt, sort, text), encoding="utf-8")
    _pagefind(other)
    # What the build writes: conf.py `kiroku_search_merge` (relative to the site root) and the register's
    # dotted names, normalized, [bare, dotted] (kiroku.sphinxext.search.dotted_names).
    config = {"merge": ["../other/pagefind/"], "names": [["ハルカミナト", "ハルカ・ミナト"], ["ソラアオイ", "ソラ・アオイ"]]}
    (main / "_static" / "kiroku-search-config.json").write_text(json.dumps(config, ensure_ascii=False))
    # And the query normalization the search page loads (kiroku.sphinxext.search writes it; this root
    # does not load that extension, and a missing script is a console error).
    (main / "_static" / NORM_JS).write_text(JS_NORMALIZE, encoding="utf-8")
    _crowd(base)
    return base


CROWD = 45  # pages that hold both words of a phrase no page holds: more candidates than one check budget


def _crowd(base: Path) -> None:
    """A third archive: the search page and its scripts, and CROWD entries that all hold 港湾 and 祭り,
    never as the phrase "港湾 祭り" (with its space)."""
    crowd = base / "crowd"
    crowd.mkdir()
    shutil.copy(base / "main" / "search.html", crowd / "search.html")
    shutil.copytree(base / "main" / "_static", crowd / "_static")
    (crowd / "_static" / "kiroku-search-config.json").write_text('{"merge": [], "names": []}', encoding="utf-8")
    (crowd / "index.html").write_text("<!doctype html><html lang='ja'><body>群</body></html>", encoding="utf-8")
    for n in range(CROWD):
        key = f"c{n:02d}"
        (crowd / f"{key}.html").write_text(
            f"<!doctype html><html lang='ja'><body><section id='{key}' data-pagefind-body>"
            f"<h1 data-pagefind-meta='title'>港湾の記録{n}</h1>"
            f"<span data-pagefind-meta='anchor:{key}'></span>"
            f"<p>第{n}区の港湾では、秋の祭りの準備が進んでいる。</p></section></body></html>", encoding="utf-8")
    _pagefind(crowd)


@pytest.fixture(scope="module")
def server(sites: Path) -> Iterator[str]:
    with serve(sites) as base:
        yield base


VIEWPORT = {"width": 1280, "height": 900}


def console_errors(page: object) -> list[str]:
    """The console errors ``page`` logs from now on (the theme's, Pagefind's, ours), collected as they come."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"{msg.type}: {msg.text}")  # type: ignore[attr-defined]
            if msg.type == "error" else None)
    return errors


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    watch = Watch()
    context = local_context(browser, watch, viewport=VIEWPORT)
    pg = watched_page(context, watch, timeout_ms=30000)
    pg.watch = watch  # type: ignore[attr-defined]
    errors = console_errors(pg)
    yield pg
    context.close()  # type: ignore[attr-defined]
    watch.assert_clean()
    assert errors == [], "the page logged console errors"


def _wait(page: object) -> None:
    page.wait_for_selector("#kiroku-search[data-ready=yes]")  # type: ignore[attr-defined]


def _until(page: object, expression: str, timeout: float = 30.0) -> None:
    """Poll ``expression`` until true. (Playwright's wait_for_function evaluates a string with eval(),
    which the page's Content-Security-Policy refuses; page.evaluate goes through the debugger.)"""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):  # type: ignore[attr-defined]
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        time.sleep(0.1)


def _listed(page: object, which: str = "#kiroku-results") -> list[str]:
    """Result keys (page name without .html) in the order listed."""
    hrefs = page.eval_on_selector_all(f"{which} > li .kiroku-result-title a", "els => els.map(e => e.getAttribute('href'))")  # type: ignore[attr-defined]
    return [urlparse(h).path.rsplit("/", 1)[-1].removesuffix(".html") for h in hrefs]


def _status(page: object) -> tuple[str, str, str]:
    return page.eval_on_selector(  # type: ignore[attr-defined]
        "#kiroku-search-status", "e => [e.textContent, e.dataset.count, e.dataset.complete]")


def open_search(page: object, server: str, **params: str) -> list[str]:
    page.goto(f"{server}/main/search.html?{urlencode(params)}")  # type: ignore[attr-defined]
    _wait(page)
    return _listed(page)


def _count_matches_list(page: object) -> int:
    text, count, complete = _status(page)
    listed = _listed(page)
    assert count == str(len(listed))
    if listed:
        assert text == f"{len(listed)}件見つかりました" if complete == "yes" else f"{len(listed)}件以上見つかりました"
    else:
        assert text == "見つかりませんでした"
    return len(listed)


# query -> the entries (fixture page names) whose text holds it, exactly those
QUERIES = {
    "ハルカ・ミナト": {"e1", "e5", "e7"},  # e5 names her in its mentions list only
    "ハルカミナト": {"e1", "e5", "e7"},  # without the middle dot
    "ミナト市長": {"e1", "e2", "e5", "e7"},  # name with a title
    "ﾐﾅﾄ市長": {"e1", "e2", "e5", "e7"},  # half-width kana in the query
    "港湾会議": {"e2"},  # a compound (e5 has 港湾 and 会議 apart: not a match)
    "XR7級": {"e3"},  # mixed script
    "ＸＲ７級": {"e3"},  # full-width in the query
    "xr7級": {"e3"},
    "ZQ9型": {"e8"},  # full-width in the page
    "ＺＱ９型クレーン": {"e8"},
    "カモメ号": {"e7"},  # half-width kana in the page
    "ｶﾓﾒ号": {"e7"},
    "Haruka Minato": {"e1", "e5", "e7"},  # the romanized name in the mentions list; two words
    "haruka": {"e1", "e5", "e7"},
    "安保理決議": {"e4"},  # across a link: <a>国連安保理</a>決議
    "市長 港湾": {"e2", "e5"},  # two words, anywhere in the entry
    '"市長 港湾"': {"e5"},  # a quoted phrase, its space included
    "灯台守": {"e6", "o1"},  # both archives (merged index)
}


@pytest.mark.slow
@pytest.mark.parametrize("query", list(QUERIES))
def test_search_finds_exactly_the_entries(page: object, server: str, query: str) -> None:
    found = open_search(page, server, q=query)
    assert set(found) == QUERIES[query], (query, found)
    assert len(found) == len(set(found))
    assert _count_matches_list(page) == len(QUERIES[query])
    assert _status(page)[2] == "yes"


@pytest.mark.slow
def test_absent_query_finds_nothing_and_labels_near_results(page: object, server: str) -> None:
    # Pagefind loosens チョウザメ to the entry with チョウチン: a near result, not a match.
    assert open_search(page, server, q="チョウザメ") == []
    assert _status(page)[:2] == ["見つかりませんでした", "0"]
    assert page.locator("#kiroku-near").is_visible()  # type: ignore[attr-defined]
    assert page.locator("#kiroku-near h2").text_content() == "近い結果"  # type: ignore[attr-defined]
    assert _listed(page, "#kiroku-near-results") == ["e6"]
    assert open_search(page, server, q="存在しない語句") == []
    assert _status(page)[0] == "見つかりませんでした"


@pytest.mark.slow
def test_excerpt_marks_the_hit_in_the_entry_text(page: object, server: str) -> None:
    assert open_search(page, server, q="安保理決議") == ["e4"]
    excerpt = page.locator("#kiroku-results .kiroku-result-excerpt").first  # type: ignore[attr-defined]
    assert "ソラ・アオイ委員長は国連安保理決議に言及した" in excerpt.text_content()
    assert excerpt.locator("mark").all_text_contents() == ["安保理決議"]
    # The mark is the page's own text, whatever form the query took.
    open_search(page, server, q="ﾐﾅﾄ市長")
    marks = page.locator("#kiroku-results mark").all_text_contents()  # type: ignore[attr-defined]
    assert marks and set(marks) == {"ミナト市長"}
    item = page.locator("#kiroku-results li").first  # type: ignore[attr-defined]
    href = item.locator(".kiroku-result-title a").get_attribute("href")
    assert "#e-2031" in href
    assert item.locator("time").get_attribute("datetime").startswith("2031-04-0")
    assert item.locator(".kiroku-result-blog").text_content() in ("港湾サミット速報", "春祭り中継")


def test_excerpt_is_the_entry_text_when_the_hit_is_in_the_heading(page: object, server: str) -> None:
    # 「市長が開会」 is in e1's heading only: the excerpt is the start of e1's own text, with no mark,
    # and neither the heading nor the time line (the result shows both already) is repeated in it.
    assert open_search(page, server, q="市長が開会") == ["e1"]
    excerpt = page.locator("#kiroku-results .kiroku-result-excerpt").first  # type: ignore[attr-defined]
    text = excerpt.text_content()
    assert text.startswith("ハルカ・ミナト市長は北浜港の会場で開会を宣言した。")
    assert "開会を宣言 " not in text
    assert "2031年4月1日" not in text
    assert excerpt.locator("mark").count() == 0
    # A hit in the heading and the text: the text's hit is the one shown.
    open_search(page, server, q="開会を宣言")
    first = page.locator("#kiroku-results li", has_text="ハルカ・ミナト市長が開会を宣言").first  # type: ignore[attr-defined]
    ex = first.locator(".kiroku-result-excerpt")
    assert ex.locator("mark").all_text_contents() == ["開会を宣言"]
    assert "2031年4月1日" not in ex.text_content()


def test_every_candidate_is_checked_on_the_text_buckets_not_fragments(page: object, server: str) -> None:
    # Pagefind gives every crowd page as a candidate for "港湾 祭り" (both words); none holds the phrase.
    # All CROWD candidates are checked on the bundle's kiroku-text buckets (no fragment each), so the
    # page says so exactly; fragments are fetched only for the near results it shows.
    query = urlencode({"q": '"港湾 祭り"'})
    page.goto(f"{server}/crowd/search.html?{query}")  # type: ignore[attr-defined]
    _wait(page)
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    fetched = [urlparse(r.url).path for r in page.watch.responses]  # type: ignore[attr-defined]
    fragments = [p for p in fetched if "/crowd/pagefind/all/fragment/" in p]
    texts = [p for p in fetched if "/crowd/pagefind/all/kiroku-text/" in p]
    assert _listed(page) == []
    assert tuple(_status(page)) == ("見つかりませんでした", "0", "yes")
    near = _listed(page, "#kiroku-near-results")
    assert 0 < len(near) <= 5  # near results, labelled as such
    assert len(fragments) == len(near)
    assert texts and len(texts) == len(set(texts))  # each bucket once
    assert page.locator("#kiroku-more").is_hidden()  # type: ignore[attr-defined]


@pytest.mark.slow
def test_result_link_opens_the_entry(page: object, server: str) -> None:
    open_search(page, server, q="港湾会議")
    page.locator("#kiroku-results a").first.click()  # type: ignore[attr-defined]
    page.wait_for_url("**/main/e2.html#e-20310401-e2")  # type: ignore[attr-defined]
    assert page.locator("#e-20310401-e2").is_visible()  # type: ignore[attr-defined]


FILTERED = [
    ({"q": "ミナト市長", "blog": "春祭り中継"}, ["e7"]),
    ({"q": "ミナト市長", "day": "2031-04-01"}, None),  # set checked below
    ({"person": "ソラ・アオイ"}, ["e4", "e2"]),  # no words: every entry with the filter, newest first
    ({"place": "青葉町"}, ["e7", "e8", "e6"]),  # e8 is untimed on the 2nd: sorts at that day's start
    ({"organization": "港湾委員会"}, ["e4", "e3", "e2"]),
    ({"blog": "港湾サミット速報", "sort": "oldest"}, ["e1", "e2", "e3", "e4", "e5"]),
    ({"blog": "港湾サミット速報", "sort": "newest"}, ["e5", "e4", "e3", "e2", "e1"]),
    ({"q": "ミナト市長", "sort": "newest"}, ["e5", "e7", "e2", "e1"]),
    ({"q": "ミナト市長", "sort": "oldest"}, ["e1", "e2", "e7", "e5"]),
    ({"q": "灯台守", "blog": OTHER_BLOG}, ["o1"]),
]


@pytest.mark.slow
@pytest.mark.parametrize(("params", "expected"), FILTERED, ids=[urlencode(p) for p, _ in FILTERED])
def test_filters_narrow_and_sort_orders(page: object, server: str, params: dict[str, str],
                                       expected: list[str] | None) -> None:
    found = open_search(page, server, **params)
    if expected is None:
        assert set(found) == {"e1", "e2"}
    else:
        assert found == expected
    _count_matches_list(page)
    for name in ("blog", "day", "person", "place", "organization"):
        assert page.input_value(f"#kiroku-f-{name}") == params.get(name, "")  # type: ignore[attr-defined]


def test_a_search_by_filters_alone_says_the_exact_count(page: object, server: str) -> None:
    # Twelve entries of the merged archive have its blog filter: more than one page of results. A search
    # by filters alone checks nothing (every result is a match), so its count is exact at once and is
    # the filter's own count, not the ten listed so far (it once said 「10件以上」 beside a filter of 12).
    found = open_search(page, server, blog=OTHER_BLOG)
    assert len(found) == 10
    assert tuple(_status(page)) == ("12件見つかりました", "12", "yes")
    label = page.eval_on_selector("#kiroku-f-blog", "s => s.selectedOptions[0].textContent")  # type: ignore[attr-defined]
    assert label == f"{OTHER_BLOG}（12）"
    more = page.locator("#kiroku-more")  # type: ignore[attr-defined]
    assert more.is_visible()
    more.click()
    _until(page, "document.querySelectorAll('#kiroku-results > li').length === 12")
    assert sorted(_listed(page)) == sorted(f"o{n}" for n in range(1, 13))
    assert tuple(_status(page)) == ("12件見つかりました", "12", "yes")
    assert more.is_hidden()


def test_no_page_logs_a_console_error(browser: object, server: str, sites: Path) -> None:
    # Each page in a fresh browser (nothing stored): the theme's colour mode once logged
    # "Got invalid theme mode" on a first visit to any page (_static/kiroku-mode.js).
    names = sorted(p.name for p in (sites / "main").glob("*.html"))
    assert {"index.html", "search.html", "e1.html"} <= set(names)
    logged: dict[str, list[str]] = {}
    for name in names:
        watch = Watch()
        context = local_context(browser, watch, viewport=VIEWPORT)
        try:
            pg = watched_page(context, watch, timeout_ms=30000)
            errors = console_errors(pg)
            pg.goto(f"{server}/main/{name}", wait_until="load")  # type: ignore[attr-defined]
            if name == "search.html":
                _wait(pg)
            mode = pg.evaluate("[document.documentElement.dataset.mode, document.documentElement.dataset.theme]")  # type: ignore[attr-defined]
            assert mode in (["auto", "light"], ["auto", "dark"]), (name, mode)
        finally:
            context.close()  # type: ignore[attr-defined]
        watch.assert_clean()
        if errors:
            logged[name] = errors
    assert logged == {}


@pytest.mark.slow
def test_glossary_link_opens_filtered(page: object, server: str) -> None:
    # The glossary's link: search.html?person=<name>, URL-encoded.
    page.goto(f"{server}/main/search.html?person={quote('ハルカ・ミナト')}")  # type: ignore[attr-defined]
    _wait(page)
    assert page.input_value("#kiroku-f-person") == "ハルカ・ミナト"  # type: ignore[attr-defined]
    assert _listed(page) == ["e5", "e7", "e2", "e1"]  # newest first (e7 is 8:00 JST on the 2nd = 23:00Z the 1st)
    assert _count_matches_list(page) == 4


@pytest.mark.slow
def test_controls_update_the_url_and_the_list(page: object, server: str) -> None:
    open_search(page, server, q="ミナト市長")
    # The options are closed on a first search (no filter data fetched); opening them loads the values.
    assert not page.evaluate("document.querySelector('#kiroku-options').open")  # type: ignore[attr-defined]
    page.click("#kiroku-options > summary")  # type: ignore[attr-defined]
    _until(page, "[...document.querySelectorAll('#kiroku-f-blog option')].some(o => o.value === '春祭り中継')")
    page.select_option("#kiroku-f-blog", "春祭り中継")  # type: ignore[attr-defined]
    _until(page, "new URLSearchParams(location.search).get('blog') === '春祭り中継'")
    _until(page, "document.querySelectorAll('#kiroku-results > li').length === 1")
    assert _listed(page) == ["e7"]
    params = parse_qs(urlparse(page.url).query)  # type: ignore[attr-defined]
    assert params == {"q": ["ミナト市長"], "blog": ["春祭り中継"]}
    page.fill("#kiroku-q", "港湾会議")  # type: ignore[attr-defined]
    page.select_option("#kiroku-f-blog", "")  # type: ignore[attr-defined]
    _until(page, "new URLSearchParams(location.search).get('q') === '港湾会議'")
    _until(page, "document.querySelector('#kiroku-search-status').dataset.count === '1'")
    assert _listed(page) == ["e2"]
    page.go_back()  # type: ignore[attr-defined]
    _until(page, "document.querySelector('#kiroku-q').value === 'ミナト市長'"
                 " && document.querySelector('#kiroku-search-status').dataset.count === '1'"
                 " && document.querySelector('#kiroku-results a')?.getAttribute('href')?.endsWith('e7.html#e-20310402-e7')")
    assert _listed(page) == ["e7"]


@pytest.mark.slow
def test_more_button_pages_through_results(page: object, server: str) -> None:
    found = open_search(page, server, sort="oldest", day="2031-04-02")
    assert found == ["e8", "e7", "e4", "e5"]  # fewer than a page: complete
    assert _status(page)[2] == "yes"
    # Twelve entries of the other archive hold 別港: ten shown, the rest after 「さらに表示」.
    # The count is exact at once (every candidate checked), though only the first page is listed.
    found = open_search(page, server, q="別港")
    assert len(found) == 10 and tuple(_status(page)) == ("12件見つかりました", "12", "yes")
    page.click("#kiroku-more")  # type: ignore[attr-defined]
    _until(page, "document.querySelectorAll('#kiroku-results > li').length === 12")
    everything = _listed(page)
    assert sorted(everything) == sorted(f"o{n}" for n in range(1, 13))
    assert page.locator("#kiroku-more").is_hidden()  # type: ignore[attr-defined]
    _count_matches_list(page)


@pytest.mark.slow
def test_accessible_and_works_without_the_theme_scripts(browser: object, server: str) -> None:
    watch = Watch()
    context = local_context(browser, watch, block=("pydata-sphinx-theme.js", "bootstrap.js", "sphinx-book-theme.js"),
                            viewport=VIEWPORT)
    pg = watched_page(context, watch, timeout_ms=30000)
    try:
        assert set(open_search(pg, server, q="港湾会議")) == {"e2"}
        assert pg.locator("label[for=kiroku-q]").text_content().strip()
        assert pg.get_attribute("#kiroku-search-status", "aria-live") == "polite"
        assert pg.locator("ol#kiroku-results > li").count() == 1
        for name in ("blog", "day", "person", "place", "organization", "sort"):
            sel = "#kiroku-sort" if name == "sort" else f"#kiroku-f-{name}"
            assert pg.locator(f"label[for={sel[1:]}]").count() == 1
    finally:
        context.close()  # type: ignore[attr-defined]
    watch.assert_clean()


@pytest.mark.slow
def test_first_search_fetches_little(page: object, server: str) -> None:
    """The bytes a first search fetches from the bundles (printed: pytest -s shows them)."""
    open_search(page, server, q="ミナト市長")
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    sizes: dict[str, int] = {}
    for response in page.watch.responses:  # type: ignore[attr-defined]
        path = urlparse(response.url).path
        if "/pagefind/" in path and response.ok:
            sizes[path] = len(response.body())
    fragments = [p for p in sizes if "/fragment/" in p]
    total = sum(sizes.values())
    print(f"\nfirst search: {total} bytes in {len(sizes)} files under pagefind/, {len(fragments)} fragments")
    for path, size in sorted(sizes.items(), key=lambda kv: -kv[1]):
        print(f"  {size:8d} {path}")
    assert len(fragments) <= 10  # one batch: four matches, no fragment of a candidate without a matching word
    assert total < 200_000
    assert not [p for p in sizes if p.endswith("/kiroku-time.gz")]  # the time order: only when sorting


def test_time_order_is_fetched_only_to_sort_by_time(page: object, server: str) -> None:
    open_search(page, server, q="ミナト市長", sort="oldest")
    fetched = [urlparse(r.url).path for r in page.watch.responses]  # type: ignore[attr-defined]
    # This archive's and the merged archive's time order, once each.
    assert sorted(p for p in fetched if p.endswith("/kiroku-time.gz")) == [
        "/main/pagefind/all/kiroku-time.gz", "/other/pagefind/all/kiroku-time.gz"]
