"""Adding one live blog to a built archive gives the same site as building everything from scratch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiroku.register import load_register
from kiroku.synth import ENTRIES_PER_BLOG, write_archive

from .conftest import ROOT, build, make_project


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
