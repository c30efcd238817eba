"""Nothing half-written: kill -9 at any point of a build leaves the previous archive; one run at a time."""

from __future__ import annotations

import fcntl
import subprocess
import sys
from pathlib import Path

import pytest

from kiroku.cli.main import main
from tests import faultinject
from tests.conftest import FIXTURES, ROOT


def kiroku(root: Path, *args: str, fault: str | None = None) -> subprocess.CompletedProcess[str]:
    """kiroku in its own process; with ``fault``, one that dies like kill -9 there (tests/faultinject.py)."""
    argv = ["--root", str(root), *args]
    cmd = faultinject.command(fault, *argv) if fault else [sys.executable, "-m", "kiroku", *argv]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def state(root: Path) -> dict[str, bytes]:
    """What a reader sees: the archive through its link, and the sources."""
    archive = root / "docs" / "archive"
    files = {f"archive/{p.relative_to(archive)}": p.read_bytes() for p in sorted(archive.rglob("*")) if p.is_file()}
    files.update({f"sources/{p.name}": p.read_bytes() for p in sorted((root / "sources").iterdir())})
    return files


# A place the festival's text names: the next build records its id in the anchor lock.
REGISTER = """places:
  - id: place-test-minato
    name: みなと市
    aliases: []
    reading: みなとし
    romanized: Minato City
    kind: city
"""


@pytest.fixture
def changed(empty_project: Path) -> tuple[Path, dict[str, bytes]]:
    """A built archive, then a second capture ingested (with its new anchors, into the lock) and a register
    entry added: the next build has work to do on the archive and on the lock. ``before``: the archive
    before that build, and sources/ as the build starts."""
    ingest = ["ingest", "--source", "test-festival", "--published", "2025-09-01", "--publisher", "試験放送",
              "--captured", "2025-09-01"]
    assert main(["--root", str(empty_project), ingest[0], str(FIXTURES / "festival.txt"), *ingest[1:]]) == 0
    assert main(["--root", str(empty_project), "build"]) == 0
    archive = archive_only(state(empty_project))
    assert main(["--root", str(empty_project), ingest[0], str(FIXTURES / "festival_later.txt"), *ingest[1:]]) == 0
    (empty_project / "sources" / "register.yaml").write_text(REGISTER, encoding="utf-8")
    return empty_project, archive | {k: v for k, v in state(empty_project).items() if k.startswith("sources/")}


@pytest.mark.parametrize("point", ["tree-half-written", "tree-before-swap"])
def test_kill_before_the_swap_leaves_the_previous_archive(changed: tuple[Path, dict[str, bytes]], point: str) -> None:
    root, before = changed
    sources_now = {k: v for k, v in state(root).items() if k.startswith("sources/") and k != "sources/anchors.lock"}
    result = kiroku(root, "build", fault=point)
    assert result.returncode == -9, result.stderr
    after = state(root)
    assert {k: v for k, v in after.items() if k.startswith("archive/")} == {
        k: v for k, v in before.items() if k.startswith("archive/")
    }
    assert after["sources/anchors.lock"] == before["sources/anchors.lock"]  # the lock is written whole or not at all
    metadata = {k: v for k, v in after.items() if k.startswith("sources/") and k != "sources/anchors.lock"}
    assert {k: v for k, v in metadata.items() if ".tmp" not in k} == sources_now  # a dot-file temp may remain
    # The next run finishes the job and tidies up.
    assert kiroku(root, "build").returncode == 0
    clean = state(root)
    assert clean != after
    assert not [p.name for p in (root / "docs").iterdir() if p.name.startswith(".archive")]
    assert not list((root / "sources").glob(".*tmp*"))


def archive_only(files: dict[str, bytes]) -> dict[str, bytes]:
    return {k: v for k, v in files.items() if k.startswith("archive/")}


@pytest.mark.parametrize("point", ["tree-after-swap", "file-half-written"])
def test_kill_after_the_swap_leaves_the_new_archive_and_a_whole_lock(changed: tuple[Path, dict[str, bytes]],
                                                                    point: str) -> None:
    root, before = changed
    result = kiroku(root, "build", fault=point)  # file-half-written: while writing the lock, after the swap
    assert result.returncode == -9
    after = state(root)
    assert archive_only(after) != archive_only(before)
    assert after["sources/anchors.lock"] == before["sources/anchors.lock"]  # never half a lock
    assert kiroku(root, "build").returncode == 0
    final = state(root)
    assert archive_only(final) == archive_only(after)  # the interrupted run had finished its archive
    assert final["sources/anchors.lock"] != before["sources/anchors.lock"]  # and the lock is recorded now
    assert not list((root / "sources").glob(".*tmp*"))


def test_a_second_run_at_once_is_refused(changed: tuple[Path, dict[str, bytes]]) -> None:
    root, before = changed
    with open(root / ".kiroku.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # another kiroku is running
        result = kiroku(root, "build")
        assert result.returncode == 1
        assert "another kiroku command is running on this project" in result.stderr
        assert "Traceback" not in result.stderr
        assert kiroku(root, "ingest", str(FIXTURES / "festival.txt"), "--source", "test-festival").returncode == 1
    assert state(root) == before | {k: v for k, v in state(root).items() if k.startswith("sources/")}


ERROR_CASES = [
    # (what is changed in sources/test-festival.yaml, message, file whose line is named)
    (("publisher: 試験放送\n", ""), "missing field 'publisher'", "test-festival.yaml"),
    (("timezone: Asia/Tokyo", "timezone: Asia/Atlantis"), "unknown time zone 'Asia/Atlantis'", "test-festival.yaml:"),
    (("timezone: Asia/Tokyo", "timezone: Europe/Moscow"), "says its times are Japan time", "000_"),
    (("published: 2025-09-01", "published: 2025-09-31"), "not a valid value", "test-festival.yaml:"),
    (("encoding", "encoding"), "", ""),  # placeholder replaced below
]
ERROR_CASES[-1] = (("language: ja", "language: ja\nencoding: klingon"), "unknown encoding 'klingon'",
                   "test-festival.yaml:")


@pytest.mark.parametrize(("edit", "message", "where"), ERROR_CASES)
def test_build_errors_name_the_place_and_leave_the_archive(changed: tuple[Path, dict[str, bytes]],
                                                           edit: tuple[str, str], message: str, where: str) -> None:
    root, _ = changed
    assert kiroku(root, "build").returncode == 0
    before = state(root)
    meta = root / "sources" / "test-festival.yaml"
    text = meta.read_text(encoding="utf-8")
    assert edit[0] in text
    meta.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    result = kiroku(root, "build")
    assert result.returncode == 1
    assert message in result.stderr and where in result.stderr
    assert "hint:" in result.stderr or "YAML" in result.stderr or "published" in result.stderr
    assert "Traceback" not in result.stderr
    after = state(root)
    assert archive_only(after) == archive_only(before)


def test_build_error_for_a_publication_date_far_from_every_date_on_the_page(
        changed: tuple[Path, dict[str, bytes]], tmp_path: Path) -> None:
    """The festival's days (1, 31, 30) always have one within 14 days of any date; a page of 16日 does not."""
    root, _ = changed
    page = tmp_path / "mid.txt"
    page.write_text("題\n\n目次\n\n16日 10:00 上\n\n本文。\n\n16日 09:00 下\n\n本文。\n", encoding="utf-8")
    assert kiroku(root, "ingest", str(page), "--source", "test-mid", "--published", "2025-09-16", "--publisher", "x",
                  "--timezone", "Asia/Tokyo").returncode == 0
    assert kiroku(root, "build").returncode == 0
    before = state(root)
    meta = root / "sources" / "test-mid.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("published: 2025-09-16", "published: 2025-09-01"),
                    encoding="utf-8")
    result = kiroku(root, "build")
    assert result.returncode == 1
    assert "contradicts the dates on the page" in result.stderr
    assert ".txt:5:" in result.stderr and "check 'published:'" in result.stderr
    assert "Traceback" not in result.stderr
    assert archive_only(state(root)) == archive_only(before)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the capture is empty"),
        ("題\n\n前文だけです。\n".encode(), "no known format fits this capture"),
        # (was 「1日 00:30」 then 「23:50」, "is later than the entry above it": now the day before, no error)
        ("題\n\n目次\n\n16日 10:00 上\n\n本文。\n".encode(), "contradicts the dates on the page"),
        (b"\xff\xfe\x00", "not valid utf-16"),
    ],
)
def test_ingest_errors_leave_the_project_as_it_was(changed: tuple[Path, dict[str, bytes]], tmp_path: Path,
                                                    content: bytes, message: str) -> None:
    root, _ = changed
    before = state(root)
    seeds = sorted(p.name for p in (root / "seeds").iterdir())
    capture = tmp_path / "bad.txt"
    capture.write_bytes(content)
    result = kiroku(root, "ingest", str(capture), "--source", "test-other", "--published", "2025-09-01",
                    "--publisher", "x", "--timezone", "Asia/Tokyo")
    assert result.returncode == 1
    assert message in result.stderr and str(capture) in result.stderr
    assert "Traceback" not in result.stderr
    assert state(root) == before
    assert sorted(p.name for p in (root / "seeds").iterdir()) == seeds


@pytest.mark.parametrize("point", faultinject.POINTS)
def test_each_fault_point_stops_the_build_where_it_says(changed: tuple[Path, dict[str, bytes]], point: str) -> None:
    """The injected kill lands at its point: what is left beside the archive shows how far the run got."""
    root, _ = changed
    result = kiroku(root, "build", fault=point)
    assert result.returncode == -9, result.stderr
    new_tree = root / "docs" / ".archive.tmp"  # write_tree assembles here, and the old tree lands here after a swap
    placed = sorted(p for p in new_tree.rglob("*") if p.is_file()) if new_tree.exists() else []
    archive = sorted(p for p in (root / "docs" / "archive").rglob("*") if p.is_file())
    half_lock = list((root / "sources").glob(".anchors.lock.tmp*"))
    if point == "file-half-written":
        assert placed == [] and len(half_lock) == 1  # the archive was swapped and cleaned; the lock half-written
        whole = (root / "sources" / "anchors.lock").read_bytes()
        assert 0 < half_lock[0].stat().st_size < len(whole) * 2
    else:
        assert half_lock == []
        if point == "tree-half-written":
            assert 0 < len(placed) < len(archive)
        else:
            assert len(placed) > 0 and placed != archive


def test_a_second_html_build_during_the_first_ones_sphinx_phase_is_refused(
        changed: tuple[Path, dict[str, bytes]]) -> None:
    """`make html` is `kiroku html -- SPHINX-BUILD…`: one lock over generation, Sphinx and the index."""
    root, _ = changed
    # The first run's "sphinx-build" says it is running, then waits until the test closes its input.
    waiting = [sys.executable, "-c", "import sys; print('sphinx running', flush=True); sys.stdin.read(); sys.exit(3)"]
    with subprocess.Popen([sys.executable, "-m", "kiroku", "--root", str(root), "html", "--", *waiting],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as first:
        assert first.stdout is not None
        try:
            assert "sphinx running\n" in iter(first.stdout.readline, "")  # read up to it: generation is done
            second = kiroku(root, "html", "--", sys.executable, "-c", "pass")
            assert second.returncode == 1
            assert "another kiroku command is running on this project" in second.stderr
            assert "Traceback" not in second.stderr
            assert kiroku(root, "build").returncode == 1
        finally:
            _, err = first.communicate()  # closes its input: the stand-in exits 3
    assert first.returncode == 1  # its "sphinx-build" failed: the error says so, and no index is built
    assert "sphinx-build failed (exit 3)" in err
    third = kiroku(root, "html", "--", sys.executable, "-c", "pass")  # the lock is free again: generation and
    assert third.returncode == 1  # "Sphinx" pass, and the index is refused for want of a built site
    assert "no built site in" in third.stderr


def test_make_html_goes_through_kiroku_html() -> None:
    done = subprocess.run(["make", "-n", "html", "BASEURL=https://example.org/k/", "SPHINXOPTS=-D kiroku_x=1",
                           "SCHEDULER=tcp://127.0.0.1:8786", "SHARED_DIR=/srv/k"],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    line = next(x for x in done.stdout.splitlines() if "kiroku html" in x)
    assert "/kiroku html --site _build/html --shard-by year --shard-size 1000 " in line
    assert "--scheduler tcp://127.0.0.1:8786 --shared-dir /srv/k" in line
    assert line.endswith(" -- -D html_baseurl=https://example.org/k/ -D kiroku_x=1")


def test_a_render_that_fails_half_way_leaves_the_old_tree_and_nothing_beside_it(tmp_path: Path) -> None:
    """Generation writes each page as it is rendered: a failure in the middle leaves the archive as it was."""
    from kiroku.fsutil import write_tree

    target = tmp_path / "archive"
    write_tree(target, {"a.md": "old a", "b.md": "old b"})

    def pages():  # type: ignore[no-untyped-def]
        yield "a.md", "new a"
        raise RuntimeError("a renderer failed")

    with pytest.raises(RuntimeError, match="renderer failed"):
        write_tree(target, pages())
    assert {p.name: p.read_text() for p in target.iterdir()} == {"a.md": "old a", "b.md": "old b"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive"]
    report = write_tree(target, iter([("a.md", "new a"), ("c/d.md", "d")]))
    assert (report.written, report.unchanged, report.removed) == (2, 0, 1)  # a changed, c/d new; b gone
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*.md")) == ["a.md", "c/d.md"]
