"""A live blog captured twice: every earlier anchor keeps resolving, through the whole make html path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kiroku.cli.main import main
from tests.conftest import FIXTURES, build, sphinx


def run(root: Path, *args: str) -> int:
    return main(["--root", str(root), *args])


def ingest(root: Path, name: str, captured: str) -> int:
    return run(root, "ingest", str(FIXTURES / name), "--source", "test-festival", "--published", "2025-09-01",
               "--publisher", "試験放送", "--url", "https://example.org/live", "--captured", captured)


def entries(site: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    data = json.loads((site / "data" / "entries.json").read_text(encoding="utf-8"))
    return {e["id"]: e for e in data["entries"]}


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url.partition("#")[0]).read_text(encoding="utf-8"), "html.parser")


def snapshot_tree(root: Path) -> dict[str, bytes]:
    paths = [*(root / "docs" / "archive").rglob("*"), *(root / "sources").iterdir()]
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(paths) if p.is_file()}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict], dict[str, dict]]:  # type: ignore[type-arg]
    from tests.conftest import make_project

    root = make_project(tmp_path_factory.mktemp("snap"), with_sources=False)
    assert ingest(root, "festival.txt", "2025-09-01") == 0
    site = build(root)
    first = entries(site)
    first_ids = {a: {p["id"] for p in page(site, e["url"]).find_all(id=True)} for a, e in first.items()}
    assert all(a in ids for a, ids in first_ids.items())
    assert ingest(root, "festival_later.txt", "2025-09-02") == 0
    site = build(root)
    return root, first, entries(site)


@pytest.mark.slow
def test_every_first_build_anchor_resolves_to_the_same_entry(two_builds: tuple[Path, dict, dict]) -> None:  # type: ignore[type-arg]
    root, first, second = two_builds
    site = root / "_build" / "html"
    assert set(first) <= set(second)
    for anchor, old in first.items():
        new = second[anchor]
        assert new["url"] == old["url"]
        soup = page(site, new["url"])
        assert soup.find(id=anchor) is not None
        assert new["revisions"][0]["heading"] == old["heading"]  # the same entry, first seen as it was
        for pid in old["paragraph_ids"]:
            assert soup.find(id=pid) is not None, pid  # pinpoint citations still land


@pytest.mark.slow
def test_second_snapshot_changes_are_shown(two_builds: tuple[Path, dict, dict]) -> None:  # type: ignore[type-arg]
    root, first, second = two_builds
    site = root / "_build" / "html"
    by_first_heading = {e["revisions"][0]["heading"]: e for e in second.values()}
    corrected = by_first_heading["臨時列車の運行終了"]
    assert corrected["heading"] == "臨時列車の運行すべて終了"
    assert [r["heading"] for r in corrected["revisions"]] == ["臨時列車の運行終了", "臨時列車の運行すべて終了"]
    history = page(site, corrected["url"]).find(id=f"{corrected['id']}-revisions").get_text()
    assert "臨時列車の運行終了" in history and "臨時列車の運行すべて終了" in history
    edited = by_first_heading["会場の混雑ほぼ解消"]
    text = page(site, edited["url"]).find(id=f"{edited['id']}-revisions").get_text()
    assert "会場周辺の混雑はほぼ解消したということです。" in text  # the earlier wording, quoted
    removed = by_first_heading["観客の声"]
    assert removed["removed"] is True
    removed_page = page(site, removed["url"])
    assert "削除されています" in removed_page.find("article").get_text()
    assert "楽しみにしていたので残念です" in removed_page.find("article").get_text()
    new = [e for e in second.values() if e["id"] not in first]
    assert [e["heading"] for e in new] == ["振り替え開催を発表"]
    assert sum(e["removed"] for e in second.values()) == 1


@pytest.mark.slow
def test_rebuilding_changes_nothing(two_builds: tuple[Path, dict, dict]) -> None:  # type: ignore[type-arg]
    root, _, _ = two_builds
    before = snapshot_tree(root)
    mtimes = {p: p.stat().st_mtime_ns for p in (root / "docs" / "archive").rglob("*") if p.is_file()}
    assert run(root, "build") == 0
    assert snapshot_tree(root) == before
    assert {p: p.stat().st_mtime_ns for p in (root / "docs" / "archive").rglob("*") if p.is_file()} == mtimes
    result = sphinx(root)
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_json_ld_on_blog_and_entry_pages(two_builds: tuple[Path, dict, dict]) -> None:  # type: ignore[type-arg]
    root, _, second = two_builds
    site = root / "_build" / "html"
    blog = BeautifulSoup((site / "archive" / "test-festival" / "index.html").read_text(encoding="utf-8"), "html.parser")
    (script,) = blog.head.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@type"] == "LiveBlogPosting"
    assert len(data["liveBlogUpdate"]) == len(second)
    assert all(u["@type"] == "BlogPosting" and u["url"].endswith(".html#" + u["url"].rsplit("#", 1)[1])
               for u in data["liveBlogUpdate"])
    entry = next(e for e in second.values() if e["heading"] == "後半のプログラム中止")
    soup = page(site, entry["url"])
    (script,) = soup.head.find_all("script", type="application/ld+json")
    posting = json.loads(script.string)
    assert posting["@type"] == "BlogPosting"
    assert posting["headline"] == "後半のプログラム中止"
    assert posting["datePublished"] == "2025-08-31T21:40:00+09:00"
    assert posting["url"] == f"../../{entry['url']}"  # relative to the page without a base URL
    assert "mentions" in posting


@pytest.mark.slow
def test_base_url_makes_citations_and_json_ld_absolute(two_builds: tuple[Path, dict, dict]) -> None:  # type: ignore[type-arg]
    root, _, second = two_builds
    result = sphinx(root, "-D", "html_baseurl=https://archive.example.org/kiroku/")  # as `make html BASEURL=…`
    assert result.returncode == 0, result.stderr
    entry = next(e for e in second.values() if e["heading"] == "後半のプログラム中止")
    soup = page(root / "_build" / "html", entry["url"])
    cite = soup.find(class_="kiroku-cite").get_text()
    assert f"https://archive.example.org/kiroku/{entry['url']}" in cite
    assert "https://example.org/live" in cite
    assert "2025-09-02閲覧" in cite  # the capture the entry was last seen in
    posting = json.loads(soup.head.find("script", type="application/ld+json").string)
    assert posting["url"] == f"https://archive.example.org/kiroku/{entry['url']}"


# --- the lock ---------------------------------------------------------------------------


@pytest.fixture
def built(empty_project: Path) -> Path:
    assert ingest(empty_project, "festival.txt", "2025-09-01") == 0
    assert run(empty_project, "build") == 0
    return empty_project


def test_build_records_anchors_in_the_lock(built: Path) -> None:
    lock = json.loads((built / "sources" / "anchors.lock").read_text(encoding="utf-8"))
    anchors = lock["sources"]["test-festival"]
    assert len(anchors) == 9
    assert all(e["paragraphs"] and e["first_seed"].startswith("000_") for e in anchors.values())


def test_damaged_lock_is_an_error_naming_the_line(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = built / "sources" / "anchors.lock"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")  # a lock cut off half-way
    before = snapshot_tree(built)
    assert run(built, "build") == 1
    err = capsys.readouterr().err
    assert "anchors.lock:" in err and "not valid JSON" in err
    assert snapshot_tree(built) == before


def test_hand_edited_lock_is_an_error(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = built / "sources" / "anchors.lock"
    data = json.loads(path.read_text(encoding="utf-8"))
    anchor = next(iter(data["sources"]["test-festival"]))
    data["sources"]["test-festival"]["Not An Anchor"] = data["sources"]["test-festival"].pop(anchor)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    assert run(built, "build") == 1
    err = capsys.readouterr().err
    assert "damaged" in err and "'Not An Anchor'" in err


def test_lock_and_seeds_disagree_is_an_error(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = built / "sources" / "anchors.lock"
    data = json.loads(path.read_text(encoding="utf-8"))
    entry = next(iter(data["sources"]["test-festival"].values()))
    entry["heading"] = "別の見出し"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    assert run(built, "build") == 1
    err = capsys.readouterr().err
    assert "was minted for '別の見出し'" in err and "nothing was re-minted" in err


def test_build_that_would_drop_a_locked_anchor_fails(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = built / "sources" / "anchors.lock"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["sources"]["test-festival"]["e-20250831-2359-000000"] = {
        "first_seed": "000_x.txt", "heading": "どこにもない項目", "paragraphs": []}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    assert run(built, "build") == 1
    assert "would drop anchor e-20250831-2359-000000" in capsys.readouterr().err


def test_removing_a_register_id_is_refused(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    register = built / "sources" / "register.yaml"
    register.write_text("people:\n  - id: person-test\n    name: テスト・ヒト\n    reading: てすと\n"
                        "    romanized: Test\n", encoding="utf-8")
    assert run(built, "build") == 0
    register.write_text("people: []\n", encoding="utf-8")
    assert run(built, "build") == 1
    assert "person-test" in capsys.readouterr().err
