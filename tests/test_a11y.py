"""Accessibility (issue 27): axe-core's WCAG 2.2 A and AA rules over every page of the seed's archive and of
the hostile archive, at 1280 px and 390 px, in light and dark mode; and search used with the keyboard only.

axe-core comes from npm (pinned in package-lock.json) and is injected into each page; the site's
Content-Security-Policy allows no script but its own, so these contexts bypass it (the axe test only).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browserkit import Watch, local_context, serve, watched_page
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (1280, 390)
MODES = ("light", "dark")
RUN = """async (tags) => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
                                     ancestry: false, xpath: false, absolutePaths: false});
  return r.violations.map(v => ({id: v.id, impact: v.impact,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary.split('\\n')[1])}));
}"""
# The reader's choice of mode, as the theme's switcher records and applies it.
SET_MODE = """(mode) => { localStorage.setItem('mode', mode); document.documentElement.dataset.mode = mode;
  document.documentElement.dataset.theme = mode; }"""
# After a resize the theme makes scrollable blocks focusable (or not) within 300 ms: wait for it, as a reader
# who opened the page at that width would not have to.
TAB_STOPS = """() => [...document.querySelectorAll('pre, .pst-scrollable-table-container')].every(e =>
  e.tabIndex === ((e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight) ? 0 : -1))"""


def _axe_problems(browser: object, site: Path) -> None:
    """Each page loaded once in light mode (the reader's choice, stored), checked at both widths, switched to
    dark and checked again; a page with a Mermaid diagram is loaded again in dark mode, as Mermaid draws
    in the mode the page opened in."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci --omit=dev --ignore-scripts` (make test does)")
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                   if not p.relative_to(site).as_posix().startswith(("_static/", "pagefind/")))
    assert len(pages) > 20
    problems: list[str] = []
    watch = Watch()
    context = local_context(browser, watch, bypass_csp=True, viewport={"width": WIDTHS[0], "height": 900})
    first_light = "try { localStorage.getItem('mode') || localStorage.setItem('mode', 'light'); } catch {}"
    context.add_init_script(first_light)  # type: ignore[attr-defined]
    page = watched_page(context, watch)

    def check(name: str, mode: str, widths: tuple[int, ...]) -> None:
        for width in widths:
            if page.viewport_size["width"] != width:  # type: ignore[attr-defined]
                page.set_viewport_size({"width": width, "height": 900})  # type: ignore[attr-defined]
                page.wait_for_timeout(50)  # type: ignore[attr-defined]
                page.wait_for_function(TAB_STOPS)  # type: ignore[attr-defined]
            assert page.evaluate("document.documentElement.dataset.theme") == mode  # type: ignore[attr-defined]
            for v in page.evaluate(RUN, TAGS):  # type: ignore[attr-defined]
                problems.append(f"{name} {width}px {mode}: {v['id']} ({v['impact']}) {v['nodes']}")

    def load(url: str) -> None:
        page.goto(url)  # type: ignore[attr-defined]
        if page.locator("pre.mermaid").count():  # type: ignore[attr-defined]
            page.wait_for_selector("pre.mermaid svg .node")  # type: ignore[attr-defined]
        if "search.html" in url:
            page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        page.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]

    with serve(site) as base:
        for name in pages:
            page.evaluate(SET_MODE, "light") if page.url.startswith(base) else None  # type: ignore[attr-defined]
            load(f"{base}/{name}")
            check(name, "light", WIDTHS)
            if page.locator("pre.mermaid").count():  # type: ignore[attr-defined]
                page.evaluate(SET_MODE, "dark")  # type: ignore[attr-defined]
                load(f"{base}/{name}")
            else:
                page.evaluate(SET_MODE, "dark")  # type: ignore[attr-defined]
            check(name, "dark", WIDTHS[::-1])
    context.close()  # type: ignore[attr-defined]
    assert problems == [], "\n".join(problems)
    watch.assert_clean()


def test_seed_archive_has_no_axe_violations(browser: object, seed_site: Path) -> None:
    _axe_problems(browser, seed_site)


def test_axe_finds_what_it_should(browser: object, seed_site: Path) -> None:
    """The check can fail: a button whose name does not hold its visible text is reported."""
    watch = Watch()
    context = local_context(browser, watch, bypass_csp=True)
    page = watched_page(context, watch)
    with serve(seed_site) as base:
        page.goto(f"{base}/index.html")  # type: ignore[attr-defined]
        page.evaluate("""() => { const b = document.createElement('button');
          b.textContent = '検索する'; b.setAttribute('aria-label', 'まったく別の名前');
          document.querySelector('main, body').prepend(b); }""")  # type: ignore[attr-defined]
        page.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
        found = {v["id"] for v in page.evaluate(RUN, TAGS)}  # type: ignore[attr-defined]
    context.close()  # type: ignore[attr-defined]
    assert "label-content-name-mismatch" in found


def test_search_with_the_keyboard_only(browser: object, seed_site: Path) -> None:
    """From the top of the front page, keys only: Tab to the search button, Enter, type, Enter; on the search
    page, Tab to the options, open them, Tab to a filter and choose with an arrow key; Tab to a result, Enter."""
    watch = Watch()
    context = local_context(browser, watch, viewport={"width": 1280, "height": 900})
    page = watched_page(context, watch)

    def focused(selector: str) -> bool:
        return bool(page.evaluate(  # type: ignore[attr-defined]
            "(s) => !!document.activeElement && document.activeElement.matches(s)"
            " && document.activeElement.getClientRects().length > 0", selector))

    def tab_to(selector: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")  # type: ignore[attr-defined]
            if focused(selector):
                return
        pytest.fail(f"Tab never reached {selector}")

    def settled() -> None:
        page.wait_for_function(  # type: ignore[attr-defined]
            "() => /件/.test(document.querySelector('#kiroku-search-status').textContent)")
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]

    with serve(seed_site) as base:
        page.goto(f"{base}/index.html")  # type: ignore[attr-defined]
        tab_to(".search-button-field, .search-button")
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
        page.wait_for_function("() => document.activeElement && document.activeElement.name === 'q'")  # type: ignore[attr-defined]
        page.keyboard.type("プーチン大統領")  # type: ignore[attr-defined]
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
        page.wait_for_url("**/search.html?q=*")  # type: ignore[attr-defined]
        settled()
        assert page.input_value("#kiroku-q") == "プーチン大統領"  # type: ignore[attr-defined]
        everything = page.locator("#kiroku-results > li").count()  # type: ignore[attr-defined]
        assert everything > 1
        tab_to("#kiroku-options > summary")
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
        page.wait_for_function("() => document.querySelectorAll('#kiroku-f-person option').length > 1")  # type: ignore[attr-defined]
        tab_to("#kiroku-f-person")
        page.keyboard.press("ArrowDown")  # type: ignore[attr-defined]  # the first person after すべて
        page.wait_for_url("**person=*")  # type: ignore[attr-defined]
        settled()
        assert page.eval_on_selector("#kiroku-f-person", "s => s.value")  # type: ignore[attr-defined]
        tab_to("#kiroku-results .kiroku-result-title a")
        href = page.evaluate("document.activeElement.getAttribute('href')")  # type: ignore[attr-defined]
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
        page.wait_for_url(f"**/{href.split('#')[0].split('/')[-1]}*")  # type: ignore[attr-defined]
        assert "/archive/" in page.url  # type: ignore[attr-defined]
        assert page.locator("article h1").count() >= 1  # type: ignore[attr-defined]
    context.close()  # type: ignore[attr-defined]
    watch.assert_clean()
