"""The track cache: a build parses only new snapshots, and a cache that does not fit is recomputed, never believed."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import pickle
from pathlib import Path

import pytest

import kiroku.build
from kiroku import cache
from kiroku.build import Project
from kiroku.cli.main import main
from kiroku.sources import load_source
from tests.conftest import FIXTURES

SLUG = "test-festival"


def run(root: Path, *args: str) -> int:
    return main(["--root", str(root), *args])


def ingest(root: Path, name: str, captured: str) -> int:
    return run(root, "ingest", str(FIXTURES / name), "--source", SLUG, "--published", "2025-09-01",
               "--publisher", "試験放送", "--url", "https://example.org/live", "--captured", captured)


def outputs(root: Path) -> dict[str, bytes]:
    """What a build makes from the seeds: the generated pages and the anchor lock."""
    paths = [*(root / "docs" / "archive").rglob("*"), root / "sources" / "anchors.lock"]
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(paths) if p.is_file()}


class Parses:
    """Counts the seeds a build reads and parses."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.seeds: list[str] = []
        real = kiroku.build.parse_seed

        def counting(project: Project, source: object, seed: str) -> object:
            self.seeds.append(seed)
            return real(project, source, seed)  # type: ignore[arg-type]

        monkeypatch.setattr(kiroku.build, "parse_seed", counting)

    def take(self) -> list[str]:
        seeds, self.seeds = self.seeds, []
        return seeds


@pytest.fixture
def two_snapshots(empty_project: Path) -> Path:
    assert ingest(empty_project, "festival.txt", "2025-09-01") == 0
    assert ingest(empty_project, "festival_later.txt", "2025-09-02") == 0
    return empty_project


def cache_file(root: Path) -> Path:
    """The track cache; the generation stamp and the render cache are forgotten, else a build that changes
    nothing stops before it, or takes the blog's pages from the render cache without its tracks."""
    with contextlib.suppress(FileNotFoundError):
        (Project(root).cache / cache.STAMP_NAME).unlink()
    (Project(root).cache / f"{SLUG}.parts.pickle").unlink(missing_ok=True)
    return cache.path_of(Project(root).cache, SLUG)


def test_ingest_and_build_parse_each_seed_once(empty_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parses = Parses(monkeypatch)
    assert ingest(empty_project, "festival.txt", "2025-09-01") == 0
    assert run(empty_project, "build") == 0
    source = load_source(empty_project / "sources" / f"{SLUG}.yaml")
    assert parses.take() == [source.snapshots[0].seed]
    assert ingest(empty_project, "festival_later.txt", "2025-09-02") == 0
    assert parses.take() == []  # the earlier snapshot came from the cache, the new one from the capture
    assert run(empty_project, "build") == 0  # ingest writes only its seed, metadata and lock: the build goes on
    source = load_source(empty_project / "sources" / f"{SLUG}.yaml")
    assert parses.take() == [source.snapshots[1].seed]
    assert run(empty_project, "build") == 0
    assert parses.take() == []


def test_a_deleted_cache_is_recomputed_and_the_archive_is_the_same(two_snapshots: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(two_snapshots, "build") == 0
    before = outputs(two_snapshots)
    parses = Parses(monkeypatch)
    cache_file(two_snapshots).unlink()
    assert run(two_snapshots, "build") == 0
    assert len(parses.take()) == 2
    assert outputs(two_snapshots) == before
    assert cache_file(two_snapshots).is_file()  # and written again
    assert run(two_snapshots, "build") == 0
    assert parses.take() == []


def test_only_the_new_snapshot_is_parsed(empty_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache of the first snapshot goes on with the second (here written into the metadata by hand)."""
    assert ingest(empty_project, "festival.txt", "2025-09-01") == 0
    assert run(empty_project, "build") == 0
    first = cache_file(empty_project).read_bytes()
    assert ingest(empty_project, "festival_later.txt", "2025-09-02") == 0
    cache_file(empty_project).write_bytes(first)  # as if the second snapshot had been added without ingest
    parses = Parses(monkeypatch)
    assert run(empty_project, "build") == 0
    source = load_source(empty_project / "sources" / f"{SLUG}.yaml")
    assert parses.take() == [source.snapshots[1].seed]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other code", "other metadata"])
def test_a_cache_that_does_not_fit_is_recomputed(two_snapshots: Path, monkeypatch: pytest.MonkeyPatch,
                                                  damage: str) -> None:
    assert run(two_snapshots, "build") == 0
    path = cache_file(two_snapshots)
    meta = two_snapshots / "sources" / f"{SLUG}.yaml"
    if damage == "garbage":
        path.write_bytes(b"not a cache at all\n")
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:-100])
    elif damage == "other code":
        monkeypatch.setattr(cache, "code_digest", lambda: "0" * 64)
    elif damage == "other metadata":  # the URL is read by a parse: the cache was made for another one
        meta.write_text(meta.read_text(encoding="utf-8").replace("https://example.org/live",
                                                                 "https://example.org/other"), encoding="utf-8")
    parses = Parses(monkeypatch)
    assert run(two_snapshots, "build") == 0
    assert len(parses.take()) == 2
    damaged = outputs(two_snapshots)
    assert cache_file(two_snapshots) == path
    assert run(two_snapshots, "build") == 0
    assert parses.take() == []  # the cache was rewritten for what is there now
    cache_file(two_snapshots).unlink()
    assert run(two_snapshots, "build") == 0
    assert outputs(two_snapshots) == damaged  # what a build with no cache at all makes


def test_a_cache_of_more_snapshots_than_the_metadata_lists_is_not_used(two_snapshots: Path) -> None:
    assert run(two_snapshots, "build") == 0
    source = load_source(two_snapshots / "sources" / f"{SLUG}.yaml")
    folder = Project(two_snapshots).cache
    assert cache.load(folder, source) is not None
    summary = cache.load(folder, source, summary=True)  # what ingest reads
    assert summary is not None
    assert not summary.tracker.complete
    (folder / f"{SLUG}.pickle").write_bytes((folder / f"{SLUG}.summary.pickle").read_bytes())
    assert cache.load(folder, source) is None  # a summary is never taken for the whole
    assert cache.load(folder, source, summary=True) is not None
    assert cache.load(folder, dataclasses.replace(source, snapshots=source.snapshots[:1])) is None
    other = dataclasses.replace(source.snapshots[0], sha256="0" * 64)
    assert cache.load(folder, dataclasses.replace(source, snapshots=(other, *source.snapshots[1:]))) is None


class _Planted:
    """Unpickles into a call of os.system: a cache file must never be able to run it."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (f"touch {self.marker}",))


def test_a_planted_cache_cannot_run_code(two_snapshots: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(two_snapshots, "build") == 0
    marker = two_snapshots / "ran"
    cache_file(two_snapshots).write_bytes(pickle.dumps(({"format": cache.FORMAT}, _Planted(marker))))
    parses = Parses(monkeypatch)
    assert run(two_snapshots, "build") == 0
    assert not marker.exists()
    assert len(parses.take()) == 2


@pytest.mark.parametrize(("module", "name"), [
    ("os", "system"), ("builtins", "eval"), ("kiroku.fsutil", "write_atomic"),  # not data classes
    ("kiroku.history", "track_entries"),  # a function where the data classes live
    ("kiroku.cache", "pickle"), ("kiroku.cache", "pickle.loads"),  # modules a data module imports
    ("kiroku.cache", "Path"),  # a class, but imported there, not Kiroku's
])
def test_the_unpickler_refuses_all_but_data_classes(module: str, name: str) -> None:
    import io

    with pytest.raises(pickle.UnpicklingError):
        cache._Unpickler(io.BytesIO(b"")).find_class(module, name)


def test_an_unwritable_cache_warns_and_the_build_goes_on(two_snapshots: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert run(two_snapshots, "build") == 0
    folder = Project(two_snapshots).cache
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    folder.write_text("in the way\n")  # the cache's folder cannot be made
    capsys.readouterr()
    assert run(two_snapshots, "build") == 0
    err = capsys.readouterr()
    assert "could not write the track cache" in err.out + err.err
    assert "parses test-festival's seeds again" in err.out + err.err


def test_a_changed_seed_is_an_error_even_with_a_cache(two_snapshots: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The seeds are checked against their metadata before a cache is read: the cache cannot hide an edit."""
    assert run(two_snapshots, "build") == 0
    seed = load_source(two_snapshots / "sources" / f"{SLUG}.yaml").snapshots[0].seed
    path = two_snapshots / "seeds" / seed
    path.write_bytes(path.read_bytes() + b"\n")
    capsys.readouterr()
    assert run(two_snapshots, "build") == 1
    assert seed in capsys.readouterr().err


def said(capsys: pytest.CaptureFixture[str]) -> str:
    out = capsys.readouterr()
    return out.out + out.err


def test_a_no_op_build_writes_nothing_and_says_the_last_builds_lines(
        two_snapshots: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(two_snapshots, "build") == 0
    first = said(capsys)
    before = {p: p.stat().st_mtime_ns for p in (two_snapshots / "docs" / "archive").rglob("*")}
    parses = Parses(monkeypatch)
    monkeypatch.setattr(kiroku.build, "archive_files", None)  # a no-op build does not even render
    monkeypatch.setattr(kiroku.build, "blog_of_source", None)  # nor read a blog's render cache
    assert run(two_snapshots, "build") == 0
    again = said(capsys)
    assert "nothing changed since the last build" in again
    assert [line for line in first.splitlines() if line.startswith(("  ", "suggest:", "warning:"))] == \
        [line for line in again.splitlines() if line.startswith(("  ", "suggest:", "warning:"))]
    assert parses.take() == []
    assert {p: p.stat().st_mtime_ns for p in (two_snapshots / "docs" / "archive").rglob("*")} == before


@pytest.mark.parametrize("change", ["edit a page", "delete a page", "add a file", "register", "lock", "code"])
def test_a_build_after_a_change_generates_again(two_snapshots: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str], change: str) -> None:
    assert run(two_snapshots, "build") == 0
    made = outputs(two_snapshots)
    archive = two_snapshots / "docs" / "archive"
    page = next(p for p in sorted(archive.rglob("*.md")) if p.name != "index.md")
    if change == "edit a page":
        page.write_text(page.read_text(encoding="utf-8") + "\nhand-made line\n", encoding="utf-8")
    elif change == "delete a page":
        page.unlink()
    elif change == "add a file":
        (archive / "stray.md").write_text("# not generated\n", encoding="utf-8")
    elif change == "register":
        register = two_snapshots / "sources" / "register.yaml"
        register.write_text("# people, places and organizations: none yet\n", encoding="utf-8")
    elif change == "lock":
        lock = two_snapshots / "sources" / "anchors.lock"
        lock.write_text(json.dumps(json.loads(lock.read_text(encoding="utf-8")), ensure_ascii=False, indent=2),
                        encoding="utf-8")
        made = {}  # compared below with a build from no stamp and no cache
    elif change == "code":
        monkeypatch.setattr(cache, "code_digest", lambda: "1" * 64)
    capsys.readouterr()
    assert run(two_snapshots, "build") == 0
    assert "nothing changed" not in said(capsys)
    assert not (archive / "stray.md").exists()
    if made:
        assert outputs(two_snapshots) == made  # the hand edit undone, the page back
    else:
        rebuilt = outputs(two_snapshots)
        for folder in (Project(two_snapshots).cache,):
            for path in folder.iterdir():
                path.unlink()
        assert run(two_snapshots, "build") == 0
        assert outputs(two_snapshots) == rebuilt
    assert run(two_snapshots, "build") == 0
    assert "nothing changed" in said(capsys)


def test_a_kill_while_writing_the_cache_costs_only_time(two_snapshots: Path) -> None:
    """Killed halfway through writing the track cache: the next build is whole, and clears the temporary file."""
    import subprocess

    from tests import faultinject

    cache_file(two_snapshots)
    done = subprocess.run(faultinject.command("cache-half-written", "--root", str(two_snapshots), "build"),
                          capture_output=True, text=True, check=False)
    assert done.returncode == -9, done.stderr
    assert list(Project(two_snapshots).cache.glob("*.pickle")) == []  # only a temporary file, never a half cache
    assert len(list(Project(two_snapshots).cache.glob(".*.pickle.tmp*"))) == 1
    assert run(two_snapshots, "build") == 0
    assert list(Project(two_snapshots).cache.glob(".*.tmp*")) == []
    built = outputs(two_snapshots)
    cache_file(two_snapshots).unlink()
    assert run(two_snapshots, "build") == 0
    assert outputs(two_snapshots) == built


def test_a_changed_dependency_invalidates_the_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new PyYAML or lxml may read the same seed differently: the code digest names their versions."""
    before = cache.code_digest()
    cache.code_digest.cache_clear()
    real = cache._installed
    monkeypatch.setattr(cache, "_installed", lambda name: "0.0-other" if name == "lxml" else real(name))
    try:
        assert cache.code_digest() != before
    finally:
        cache.code_digest.cache_clear()
