"""Light pages (issue 27): a first view of an entry page within 150 KB and 8 requests, the live blog's and the
front page within 250 KB (the blog's Mermaid files apart), measured in Chromium as tools/benchpages.py measures
them; an entry page readable with JavaScript off; the theme's icons drawn on every page without its icon font."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tools.benchpages import BUDGETS, measure_page, pages

from tests.browserkit import Watch, local_context, serve, watched_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(seed_site: Path) -> Iterator[str]:
    with serve(seed_site) as base:
        yield base


def test_first_views_within_budget(browser: object, seed_site: Path, server: str) -> None:
    kinds = pages(seed_site)
    over = []
    for kind, (max_bytes, max_requests) in BUDGETS.items():
        row = measure_page(browser, server, kinds[kind], kind)
        size, requests = int(row["bytes"]), int(row["requests"])  # type: ignore[call-overload]
        if (max_bytes and size > max_bytes) or (max_requests and requests > max_requests):
            over.append(f"{kind}: {row['bytes']:,} bytes in {row['requests']} requests ({row['files']})")
        assert not any(f.endswith((".woff2", "fontawesome.js", "bootstrap.js")) for f in row["files"]), row["files"]  # type: ignore[attr-defined]
    assert over == []


def test_entry_page_readable_without_javascript(browser: object, seed_site: Path, server: str) -> None:
    path = pages(seed_site)["entry"]
    anchor = Path(path).stem
    watch = Watch()
    context = local_context(browser, watch, java_script_enabled=False)
    page = watched_page(context, watch)
    page.goto(f"{server}/{path}")  # type: ignore[attr-defined]
    heading = page.locator("article h1").first  # type: ignore[attr-defined]
    assert heading.is_visible()
    assert heading.inner_text().strip()
    body = page.locator(f"article section#{anchor} p").first  # type: ignore[attr-defined]
    assert body.is_visible()
    assert len(body.inner_text()) > 10
    cite = page.locator(".kiroku-cite")  # type: ignore[attr-defined]
    assert cite.is_visible()
    assert anchor in cite.inner_text()
    assert "BibTeX" in cite.inner_text()
    # Styled as the theme styles it (its stylesheet is not a script): the article sits in the theme's layout.
    assert page.evaluate("getComputedStyle(document.querySelector('.bd-main')).display") == "flex"  # type: ignore[attr-defined]
    context.close()  # type: ignore[attr-defined]
    watch.assert_clean()


ICONS = """() => [...document.querySelectorAll('[class*="fa-"]')]
  .filter(e => [...e.classList].some(c => /^fa-(solid|regular|brands)$/.test(c)) && e.getClientRects().length)
  .map(e => { const b = getComputedStyle(e, '::before'); return [e.className, b.maskImage || b.webkitMaskImage]; })"""


def test_icons_drawn_on_every_kind_of_page(browser: object, seed_site: Path, server: str) -> None:
    """Every icon the chrome shows has its SVG (the icon font is not loaded, so an icon without one is blank)."""
    watch = Watch()
    for width in (1280, 390):
        context = local_context(browser, watch, viewport={"width": width, "height": 900})
        page = watched_page(context, watch)
        blank = []
        seen = 0
        for kind, path in pages(seed_site).items():
            if kind in ("blog (no Mermaid)", "search", "search ?q"):  # the search page: the same chrome
                continue
            page.goto(f"{server}/{path}")  # type: ignore[attr-defined]
            icons = page.evaluate(ICONS)  # type: ignore[attr-defined]
            seen += len(icons)
            blank += [f"{kind} {width}px: {cls}" for cls, mask in icons if not mask or mask == "none"]
        context.close()  # type: ignore[attr-defined]
        assert seen > 10
        assert blank == []
    watch.assert_clean()
