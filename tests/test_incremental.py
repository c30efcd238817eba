"""Adding one live blog to a built archive gives the same site as building everything from scratch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tools.synth import ENTRIES_PER_BLOG, write_archive

from kiroku.register import load_register
from tests.conftest import ROOT, build, make_project


def synthetic_project(folder: Path, blogs: int) -> Path:
    folder.mkdir()
    root = make_project(folder, with_sources=False)
    shutil.copy(ROOT / "sources" / "register.yaml", root / "sources" / "register.yaml")
    write_archive(root, load_register(root / "sources" / "register.yaml"), blogs * ENTRIES_PER_BLOG)
    return root


def site_files(site: Path) -> dict[str, bytes]:
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
             if p.is_file() and p.relative_to(site).parts[0] != ".doctrees"}
    assert "searchindex.js" not in files  # Pagefind's bundle is built by `kiroku index`, after Sphinx
    return files


@pytest.mark.slow
def test_adding_a_blog_incrementally_equals_a_full_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    grown = synthetic_project(tmp_path / "grown", 3)
    build(grown)
    register = load_register(grown / "sources" / "register.yaml")
    write_archive(grown, register, ENTRIES_PER_BLOG, start=3)  # the fourth live blog
    before = {p: p.stat().st_mtime_ns for p in (grown / "_build" / "html" / "archive" / "synth-00000").iterdir()}
    incremental = build(grown)
    # Other live blogs' pages were not even rewritten...
    after = {p: p.stat().st_mtime_ns for p in (grown / "_build" / "html" / "archive" / "synth-00000").iterdir()}
    assert after == before
    # ...and yet the site is the one a full build makes.
    full = build(synthetic_project(tmp_path / "full", 4))
    a, b = site_files(incremental), site_files(full)
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []


def pagefind_files(files: dict[str, bytes]) -> dict[str, bytes]:
    bundle = {name: data for name, data in files.items() if name.startswith("pagefind/")}
    assert any(name.startswith("pagefind/") and "/fragment/" in name for name in bundle)
    return bundle


@pytest.mark.slow
def test_a_changed_source_and_a_no_op_build_give_the_clean_builds_site_and_search(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Search included: Pagefind's bundle after an incremental or a no-op build is the clean build's, byte for byte."""
    from kiroku.cli.main import main

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    live = synthetic_project(tmp_path / "live", 2)
    first = site_files(build(live))
    # A later capture of one live blog: one entry's paragraph corrected.
    seed = next((live / "seeds").glob("00001_*.txt")).read_text(encoding="utf-8")
    head, toc, entries = seed.partition("目次\n")
    later = tmp_path / "later.txt"
    later.write_text(head + toc + entries.replace("。", "（訂正）。", 1), encoding="utf-8")
    assert main(["--root", str(live), "ingest", str(later), "--source", "synth-00001", "--captured", "2024-01-03"]) == 0
    incremental = site_files(build(live))
    assert pagefind_files(incremental) != pagefind_files(first)  # the correction is searchable...
    clean = tmp_path / "clean"
    clean.mkdir()
    make_project(clean, with_sources=False)
    for folder in ("sources", "seeds"):
        shutil.rmtree(clean / folder)
        shutil.copytree(live / folder, clean / folder)
    full = site_files(build(clean))
    assert [name for name in full.keys() | incremental.keys() if full.get(name) != incremental.get(name)] == []
    assert pagefind_files(incremental) == pagefind_files(full)  # ...and the index is the clean build's
    no_op = site_files(build(live))
    assert [name for name in full.keys() | no_op.keys() if full.get(name) != no_op.get(name)] == []
