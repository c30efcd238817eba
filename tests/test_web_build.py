"""Every web input kind goes through kiroku ingest (metadata from the page where the command line is
silent) and builds with zero warnings; hostile page text ends up as literal text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from kiroku.cli.main import main
from tests.conftest import FIXTURES, build, make_project
from tests.webarchive import wacz, warc

WEB = FIXTURES / "web"
LIVE = "https://example.org/live/lantern"
TEXT_PAGE = (WEB / "lantern_text.html").read_bytes()


def _inputs(tmp: Path) -> dict[str, tuple[Path, list[str]]]:
    sjis = TEXT_PAGE.decode("utf-8").replace('<meta charset="utf-8">', '<meta charset="Shift_JIS">').encode("cp932")
    files = {
        "warc.warc.gz": warc([(LIVE, TEXT_PAGE, "text/html; charset=utf-8")]),
        "page.wacz": wacz(warc([(LIVE, TEXT_PAGE, "text/html")]), [LIVE]),
        "sjis.html": sjis,
    }
    for name, data in files.items():
        (tmp / name).write_bytes(data)
    hostile = ["--publisher", "試験", "--published", "2025-09-13"]
    return {
        "web-ld": (WEB / "lantern_ld.html", []),  # title, publisher, date, URL, zone: all from its JSON-LD
        "web-articles": (WEB / "conference_articles.html", ["--timezone", "Europe/London"]),
        "web-text": (WEB / "lantern_text.html", []),
        "web-warc": (tmp / "warc.warc.gz", []),
        "web-wacz": (tmp / "page.wacz", []),
        "web-sjis": (tmp / "sjis.html", []),
        "web-hostile": (WEB / "hostile.html", hostile),
        "web-hostile-dom": (WEB / "hostile_dom.html", hostile),
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = make_project(tmp_path_factory.mktemp("web"))
    inputs = tmp_path_factory.mktemp("inputs")
    for slug, (path, extra) in _inputs(inputs).items():
        assert main(["--root", str(root), "ingest", str(path), "--source", slug, *extra]) == 0, slug
    return root, build(root, index=False)


def _entries(html: Path) -> dict[str, list[dict]]:  # type: ignore[type-arg]
    found: dict[str, list[dict]] = {}  # type: ignore[type-arg]
    for e in json.loads((html / "data" / "entries.json").read_text(encoding="utf-8"))["entries"]:
        found.setdefault(e["source"], []).append(e)
    return found


@pytest.mark.slow
def test_every_kind_builds_with_its_entries_and_times(site: tuple[Path, Path]) -> None:
    root, html = site
    entries = _entries(html)
    assert len(entries["nhk-20230913-putin-kim-summit"]) == 38  # the seed is still there, unchanged
    text_times = ["2025-09-13T21:05:00+09:00", "2025-09-13T19:40:00+09:00", "2025-09-13T18:02:15+09:00"]
    for slug in ("web-text", "web-warc", "web-wacz", "web-sjis"):
        assert [e["datetime"] for e in entries[slug]] == text_times, slug
    assert [e["datetime"] for e in entries["web-ld"]] == [
        "2025-09-13T21:05:30+09:00", "2025-09-13T19:40:00+09:00", "2025-09-13T18:00:00+09:00"]
    assert entries["web-ld"][0]["entry_url"] == "https://example.org/live/lantern#update-3"
    assert [e["heading"] for e in entries["web-articles"]][:2] == ["Closing panel ends early", "Poster prize announced"]
    meta = yaml.safe_load((root / "sources" / "web-ld.yaml").read_text(encoding="utf-8"))
    assert (meta["publisher"], str(meta["published"]), meta["timezone"], meta["url"], meta["format"]) == (
        "みなと放送", "2025-09-13", "Asia/Tokyo", "https://example.org/live/lantern", "json-ld")
    warc_meta = yaml.safe_load((root / "sources" / "web-warc.yaml").read_text(encoding="utf-8"))
    assert warc_meta["url"] == LIVE
    assert warc_meta["snapshots"][0]["captured"] == "2025-09-13"
    assert warc_meta["snapshots"][0]["seed"].endswith(".warc.gz")  # the extension follows the kind
    seed = root / "seeds" / warc_meta["snapshots"][0]["seed"]
    assert seed.read_bytes().startswith(b"\x1f\x8b")  # kept byte for byte
    page = BeautifulSoup((html / entries["web-articles"][0]["url"].split("#")[0]).read_text(encoding="utf-8"),
                         "html.parser")
    assert page.html["lang"] == "en"


@pytest.mark.slow
def test_hostile_page_text_is_literal(site: tuple[Path, Path]) -> None:
    _, html = site
    entries = _entries(html)
    headings = {e["heading"] for slug in ("web-hostile", "web-hostile-dom") for e in entries[slug]}
    assert "<script>alert(1)</script> 見出し {{ x }}" in headings
    for slug in ("web-hostile", "web-hostile-dom"):
        for page in (html / "archive" / slug).glob("*.html"):
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            for script in soup.find_all("script"):
                assert "alert" not in (script.get("src") or "")
                if script.get("type") != "application/ld+json":
                    assert "alert(" not in script.get_text(), page
            assert not soup.find_all(attrs={"onerror": True})
            assert not soup.find_all(attrs={"onload": True})
            assert not soup.find_all("b", string="x")
            assert not soup.find_all("img", src="x")
            assert not any(a.get("href", "").startswith("javascript:") for a in soup.find_all("a"))
    entry = next(e for e in entries["web-hostile"] if e["heading"].startswith("<script>"))
    text = BeautifulSoup((html / entry["url"].split("#")[0]).read_text(encoding="utf-8"), "html.parser").get_text()
    assert "<script>alert(1)</script> 見出し {{ x }}" in text
    assert "<img src=x onerror=alert(2)>" in text
    assert "```{raw} html" in text
