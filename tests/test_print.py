"""Print (issue 27): an entry page printed shows its text and its citation, and none of the other entries the
sidebar lists; built with BASEURL (html_baseurl), the printed citation carries the entry's full URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiroku.cli.main import main
from tests.browserkit import Watch, local_context, serve, watched_page
from tests.conftest import SEED_EPOCH, make_project, sphinx

pytestmark = pytest.mark.browser
BASEURL = "https://example.org/kiroku/"


@pytest.fixture(scope="module")
def baseurl_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed's archive as `make html BASEURL=…` builds it (no search index: not needed here)."""
    root = make_project(tmp_path_factory.mktemp("baseurl"))
    assert main(["--root", str(root), "build"]) == 0
    result = sphinx(root, "-D", f"html_baseurl={BASEURL}", epoch=SEED_EPOCH)
    assert result.returncode == 0, result.stderr
    return root / "_build" / "html"


def _printed(browser: object, site: Path, path: str) -> tuple[str, list[str]]:
    """The page's text as printed (what is displayed under print media), and the sidebar's entry titles."""
    watch = Watch()
    context = local_context(browser, watch)
    page = watched_page(context, watch)
    with serve(site) as base:
        page.goto(f"{base}/{path}")  # type: ignore[attr-defined]
        sidebar = page.eval_on_selector_all(  # type: ignore[attr-defined]
            ".bd-sidebar-primary a[href*='/e-'], .bd-sidebar-primary a[href^='e-']",
            "els => els.map(e => e.textContent.trim()).filter(Boolean)")
        page.emulate_media(media="print")  # type: ignore[attr-defined]
        text = page.evaluate("document.body.innerText")  # type: ignore[attr-defined]
    context.close()  # type: ignore[attr-defined]
    watch.assert_clean()
    return text, sidebar


def _entry_page(site: Path) -> tuple[str, str]:
    page = sorted((site / "archive").glob("*/e-*.html"))[len(list((site / "archive").glob("*/e-*.html"))) // 2]
    return page.relative_to(site).as_posix(), page.stem


def test_printed_entry_shows_text_and_citation_not_the_sidebar(browser: object, seed_site: Path) -> None:
    path, anchor = _entry_page(seed_site)
    text, sidebar = _printed(browser, seed_site, path)
    html = (seed_site / path).read_text(encoding="utf-8")
    assert "BibTeX" in text, text[:500]
    assert "CSL-JSON" in text
    assert anchor in text  # the citation names the entry's anchor
    heading = html.split("<h1>", 1)[1].split("<", 1)[0].strip()
    assert heading
    assert heading in text
    others = [t for t in sidebar if t != heading and t not in heading]
    assert len(others) > 3, "the sidebar should list the day's other entries on screen"
    shown = [t for t in others if t in text]
    assert shown == [], f"printed page shows the sidebar's other entries: {shown}"


def test_printed_citation_carries_the_full_url_with_baseurl(browser: object, baseurl_site: Path) -> None:
    path, anchor = _entry_page(baseurl_site)
    text, _ = _printed(browser, baseurl_site, path)
    assert f"{BASEURL}{path}#{anchor}" in text, [line for line in text.splitlines() if "http" in line][:5]
