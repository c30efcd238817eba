"""kiroku index: Pagefind over a built site, skipped when no HTML changed, swapped in whole, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiroku.cli.main import main
from kiroku.errors import KirokuError
from kiroku.searchindex import (DEFAULT_BUNDLE, MANIFEST, SHARD_FILTERS, SUMMARY, TEXT_DIR, decode_text, expand_braces,
                                 index_site, stamp_path, write_manifest)

BUNDLE = DEFAULT_BUNDLE  # pagefind/all: the one bundle of an unsharded site
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not (ROOT / "node_modules" / ".bin" / "pagefind").exists(),
                                reason="Pagefind is installed by `make node` (npm ci)")

SORT = "2030-01-01T00:30:00Z"
ENTRY = """<!doctype html><html lang="ja"><head><title>{title}</title></head><body><nav>目次 chrome</nav>
<div data-pagefind-body=""><section id="e-1"><h1>{title}</h1><p>{text}</p>
<div data-pagefind-ignore="" hidden=""><span data-pagefind-meta="anchor">e-1</span>
<span data-pagefind-filter="person">山田</span><span data-pagefind-meta="sort">{sort}</span></div>
</section></div></body></html>
"""


ENTRY_PAGE = "archive/blog/e-1.html"  # where the build puts an entry page (kiroku.site)


def tiny_site(tmp_path: Path) -> tuple[Path, Path]:
    """A project root with the real node_modules, and a two-page site (one entry page) in its _build/html."""
    root = tmp_path / "project"
    site = root / "_build" / "html"
    site.mkdir(parents=True)
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    (site / "index.html").write_text("<!doctype html><html lang='ja'><body><h1>索引</h1></body></html>", "utf-8")
    (site / ENTRY_PAGE).parent.mkdir(parents=True)
    (site / ENTRY_PAGE).write_text(ENTRY.format(title="図書室が開館", text="駅前の文庫が開きました。", sort=SORT), "utf-8")
    return root, site


def fragments(site: Path) -> list[Path]:
    return sorted((site / BUNDLE / "fragment").iterdir())


def test_index_is_built_then_skipped_then_rebuilt_when_a_page_changes(tmp_path: Path) -> None:
    root, site = tiny_site(tmp_path)
    lines: list[str] = []
    first = index_site(root, site, log=lines.append)
    assert not first.skipped and first.pages == 1 and first.size > 0 and first.files > 5
    assert (site / BUNDLE / "pagefind.js").is_file() and len(fragments(site)) == 1
    assert lines and "Pagefind" in lines[0]
    assert "1 pages indexed" in first.describe() and f"{first.size:,} bytes" in first.describe()
    # Nothing beside the site but the stamp; nothing left half-done.
    assert sorted(p.name for p in site.parent.iterdir()) == [stamp_path(site).name, "html"]
    stamp = json.loads(stamp_path(site).read_text(encoding="utf-8"))
    assert stamp["pages"] == 1 and "--site" in stamp["command"]

    before = {p: p.stat().st_mtime_ns for p in (site / BUNDLE).rglob("*")}
    again = index_site(root, site, log=lines.append)
    assert again.skipped and again.pages == 1 and again.size == first.size
    assert {p: p.stat().st_mtime_ns for p in (site / BUNDLE).rglob("*")} == before  # not even rewritten
    assert "up to date" in again.describe()

    old = fragments(site)
    (site / ENTRY_PAGE).write_text(ENTRY.format(title="図書室が開館", text="駅前の文庫が閉じました。", sort=SORT), "utf-8")
    changed = index_site(root, site, log=lines.append)
    assert not changed.skipped and changed.pages == 1
    assert fragments(site) != old  # the new text is in, the old fragment is gone
    # A deleted bundle is rebuilt even though no HTML changed.
    (site / BUNDLE / "pagefind.js").unlink()
    assert not index_site(root, site, log=lines.append).skipped


def test_only_entry_pages_are_read(tmp_path: Path) -> None:
    root, site = tiny_site(tmp_path)
    # A page outside archive/<slug>/e-*.html is not read, even with a search body; changing it does
    # not re-index.
    (site / "archive" / "people.html").write_text(ENTRY.format(title="人物", text="一覧", sort=SORT), "utf-8")
    (site / "archive" / "blog" / "2030-01-01.html").write_text(ENTRY.format(title="日", text="日の頁", sort=SORT),
                                                               "utf-8")
    first = index_site(root, site, log=lambda line: None)
    assert first.pages == 1
    assert len(fragments(site)) == 1
    (site / "archive" / "people.html").write_text(ENTRY.format(title="人物", text="変更", sort=SORT), "utf-8")
    assert index_site(root, site, log=lambda line: None).skipped
    # The whole site, when asked for (the glob is a parameter, and part of the stamp).
    assert index_site(root, site, glob="**/*.html", log=lambda line: None).pages == 3


def test_same_pages_give_the_same_bundle_bytes(tmp_path: Path) -> None:
    root, site = tiny_site(tmp_path)
    index_site(root, site, log=lambda line: None)
    a = {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / BUNDLE).rglob("*") if p.is_file()}
    index_site(root, site, force=True, log=lambda line: None)
    b = {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / BUNDLE).rglob("*") if p.is_file()}
    assert a == b


def test_missing_pagefind_names_what_to_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, site = tiny_site(tmp_path)
    (root / "node_modules").unlink()
    with pytest.raises(KirokuError, match="npm ci") as info:
        index_site(root, site, log=lambda line: None)
    assert "node_modules/.bin/pagefind is missing" in str(info.value)
    assert main(["--root", str(root), "index"]) == 1
    err = capsys.readouterr().err
    assert "Pagefind is not installed" in err and "make node" in err


def test_a_failing_pagefind_keeps_the_previous_index(tmp_path: Path) -> None:
    root, site = tiny_site(tmp_path)
    index_site(root, site, log=lambda line: None)
    before = {p.relative_to(site): p.read_bytes() for p in (site / BUNDLE).rglob("*") if p.is_file()}
    (root / "node_modules").unlink()
    fake = root / "node_modules" / ".bin" / "pagefind"
    fake.parent.mkdir(parents=True)
    fake.write_text("#!/bin/sh\necho 'Error: disk on fire' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    (site / ENTRY_PAGE).write_text(ENTRY.format(title="変更", text="変更", sort=SORT), "utf-8")
    with pytest.raises(KirokuError, match="disk on fire"):
        index_site(root, site, log=lambda line: None)
    assert {p.relative_to(site): p.read_bytes() for p in (site / BUNDLE).rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in site.parent.iterdir()) == [stamp_path(site).name, "html"]


def test_no_built_site_is_a_clear_error(tmp_path: Path) -> None:
    root, site = tiny_site(tmp_path)
    with pytest.raises(KirokuError, match="sphinx-build first"):
        index_site(root, tmp_path / "nowhere", log=lambda line: None)


def test_kiroku_index_writes_one_shard_and_a_manifest(tmp_path: Path) -> None:
    root, site = tiny_site(tmp_path)
    (site / "pagefind" / "pagefind.js").parent.mkdir(parents=True)
    (site / "pagefind" / "pagefind.js").write_text("// an earlier layout's bundle", "utf-8")
    assert main(["--root", str(root), "index"]) == 0
    assert not (site / "pagefind" / "pagefind.js").exists()  # no bundle at the old place
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == ["all", SHARD_FILTERS, MANIFEST]
    manifest = json.loads((site / "pagefind" / MANIFEST).read_text(encoding="utf-8"))
    (shard,) = manifest["shards"]
    assert shard["id"] == "all" and shard["bundle"] == "pagefind/all/" and shard["slugs"] == ["blog"]
    assert shard["entries"] == 1 and shard["newest"] == shard["oldest"] == SORT
    assert shard["text_buckets"] == 1
    texts = decode_text((site / BUNDLE / TEXT_DIR / "0.gz").read_bytes())
    assert list(texts.values()) == ["図書室が開館. 駅前の文庫が開きました。"]  # folded, no zero-width spaces


def test_shards_are_indexed_apart_with_brace_globs_and_listed_newest_first(tmp_path: Path) -> None:
    root, site = tiny_site(tmp_path)
    for slug, sort in (("old", "2020-01-01T00:00:00Z"), ("new", "2031-01-01T00:00:00Z")):
        for n in (1, 2):
            page = site / "archive" / slug / f"e-{n}.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(ENTRY.format(title=f"{slug}{n}", text=f"本文{slug}{n}", sort=sort).replace(
                '<span data-pagefind-filter="person">山田</span>',
                f'<span data-pagefind-filter="blog">{slug}の記録</span><span data-pagefind-filter="day">{sort[:10]}</span>'),
                "utf-8")
    assert expand_braces("archive/{blog,old}/e-*.html") == ["archive/blog/e-*.html", "archive/old/e-*.html"]
    a = index_site(root, site, glob="archive/{blog,old}/e-*.html", bundle="pagefind/a", log=lambda line: None)
    b = index_site(root, site, glob="archive/{new}/e-*.html", bundle="pagefind/b", log=lambda line: None)
    assert (a.pages, b.pages) == (3, 2)
    assert index_site(root, site, glob="archive/{blog,old}/e-*.html", bundle="pagefind/a",
                      log=lambda line: None).skipped  # its own stamp
    manifest = write_manifest(site, {"a": ["blog", "old"], "b": ["new"]})
    assert [s["id"] for s in manifest["shards"]] == ["b", "a"]
    assert manifest["filters"] == SHARD_FILTERS and "blogs" not in manifest["shards"][0]
    # Which shards hold each live blog and day: apart from the manifest, read only by a filtered search.
    where = json.loads((site / "pagefind" / SHARD_FILTERS).read_text(encoding="utf-8"))
    assert where["blog"] == {"newの記録": {"b": 2}, "oldの記録": {"a": 2}}
    assert where["day"] == {"2020-01-01": {"a": 2}, "2031-01-01": {"b": 2}}
    assert json.loads((site / "pagefind" / "a" / SUMMARY).read_text(encoding="utf-8"))["entries"] == 3
    with pytest.raises(KirokuError, match="pagefind/<shard id>"):
        index_site(root, site, bundle="../outside", log=lambda line: None)
    with pytest.raises(KirokuError, match="no search bundle"):
        write_manifest(site, {"missing": []})
