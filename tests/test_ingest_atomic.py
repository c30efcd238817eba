"""kiroku ingest is all or nothing: every refusal leaves `git status` clean; a kill leaves all old or all new."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiroku import fsutil
from kiroku.cli.main import main
from kiroku.seeds import verify_seeds
from kiroku.sources import load_sources
from tests import faultinject
from tests.conftest import FIXTURES, ROOT, make_project

FESTIVAL, LATER = FIXTURES / "festival.txt", FIXTURES / "festival_later.txt"
SLUG = "test-festival"
NEW = ["--published", "2025-09-01", "--publisher", "試験放送", "--captured", "2025-09-01"]


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false",
                           *args], cwd=root,
                          capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project in git: one live blog (the festival) ingested and committed."""
    root = make_project(tmp_path_factory.mktemp("template"), with_sources=False)
    shutil.copy(ROOT / ".gitignore", root / ".gitignore")
    assert main(["--root", str(root), "ingest", str(FESTIVAL), "--source", SLUG, *NEW]) == 0
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "festival")
    return root


@pytest.fixture
def repo(template: Path, tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(template, root, symlinks=True)
    return root


def status(root: Path) -> str:
    return git(root, "status", "--porcelain", "--untracked-files=all")


def kiroku(root: Path, *args: str, fault: str | None = None) -> subprocess.CompletedProcess[str]:
    argv = ["--root", str(root), *args]
    cmd = faultinject.command(fault, *argv) if fault else [sys.executable, "-m", "kiroku", *argv]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def capture_file(tmp_path: Path, content: bytes | None) -> Path:
    path = tmp_path / "capture.txt"
    if content is not None:
        path.write_bytes(content)
    return path


WITH_TZ = ["--timezone", "Asia/Tokyo"]
NO_ENTRIES = "題\n\n前文だけです。\n".encode()
# (slug, capture bytes (None: the later festival capture), extra arguments, what the message says)
REFUSALS = {
    "bad URL, new slug": ("test-new", None, [*NEW, "--url", "javascript:alert(1)"], "not an http(s) URL"),
    "bad URL, existing slug": (SLUG, None, ["--url", "javascript:alert(1)"], "not an http(s) URL"),
    "data URL, existing slug": (SLUG, None, ["--url", "data:text/html,x"], "not an http(s) URL"),
    "bad time zone": ("test-new", None, [*NEW, "--timezone", "Mars/Base"], "unknown time zone"),
    "bad time zone, existing slug": (SLUG, None, ["--timezone", "Mars/Base"], "unknown time zone"),
    "bad publication date": ("test-new", None, ["--published", "2025-13-01", "--publisher", "x"], "not a date"),
    "bad capture date": (SLUG, None, ["--captured", "yesterday"], "not a date"),
    "unknown encoding": (SLUG, None, ["--encoding", "klingon"], "unknown encoding"),
    "unknown format": (SLUG, None, ["--format", "nope"], "unknown format"),
    "no publisher": ("test-new", None, ["--published", "2025-09-01"], "needs --publisher"),
    "unparseable capture": ("test-new", NO_ENTRIES, [*NEW, *WITH_TZ], "no known format fits this capture"),
    "unparseable later capture": (SLUG, NO_ENTRIES, [], "no entries found"),
    "empty capture": ("test-new", b"", NEW, "the capture is empty"),
    "blank capture": (SLUG, b"\n \n", [], "the capture is empty"),
    "undecodable capture": ("test-new", b"\xff\xfe\x00", [*NEW, *WITH_TZ], "not valid utf-16"),
    "time zone against the note": ("test-new", None, [*NEW, "--timezone", "Europe/Moscow"],
                                   "says its times are Japan time"),
    "duplicate snapshot": (SLUG, FESTIVAL.read_bytes(), [], "is already snapshot 1 of test-festival"),
    # The earlier snapshot read with a publication date 50 days on: its days, and so its anchors, move.
    "locked anchors would move": (SLUG, None, ["--published", "2025-10-20"], "this ingest would drop anchor e-2025"),
}


@pytest.mark.parametrize("case", REFUSALS, ids=lambda c: c.replace(" ", "-").replace(",", ""))
def test_a_refused_ingest_changes_nothing(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          case: str) -> None:
    slug, content, extra, message = REFUSALS[case]
    capture = LATER if content is None else capture_file(tmp_path, content)
    assert main(["--root", str(repo), "ingest", str(capture), "--source", slug, *extra]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert str(capture) in err  # names the file
    assert "hint:" in err  # and says what to do
    assert "Traceback" not in err
    assert status(repo) == ""


def test_a_directory_or_a_missing_file_is_named_for_what_it_is(repo: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo), "ingest", str(tmp_path), "--source", "test-new", *NEW]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path}: this is a directory, not a capture" in err
    assert "hint: give the capture's text file" in err
    missing = tmp_path / "missing.txt"
    assert main(["--root", str(repo), "ingest", str(missing), "--source", "test-new", *NEW]) == 1
    err = capsys.readouterr().err
    assert f"{missing}: no such file" in err
    assert "hint: check the capture's path" in err
    assert status(repo) == ""


def test_a_damaged_lock_or_seed_refuses_before_writing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lock = repo / "sources" / "anchors.lock"
    lock.write_text(lock.read_text(encoding="utf-8")[:-20], encoding="utf-8")
    git(repo, "commit", "-qam", "a damaged lock")
    assert main(["--root", str(repo), "ingest", str(LATER), "--source", SLUG]) == 1
    assert "anchors.lock" in capsys.readouterr().err
    assert status(repo) == ""
    git(repo, "revert", "--no-edit", "HEAD")
    seed = next((repo / "seeds").iterdir())
    seed.write_bytes(seed.read_bytes() + b"\n")
    git(repo, "commit", "-qam", "an edited seed")
    assert main(["--root", str(repo), "ingest", str(LATER), "--source", SLUG]) == 1
    assert "has changed since it was ingested" in capsys.readouterr().err
    assert status(repo) == ""


def test_ingest_writes_seed_metadata_and_lock_together(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo), "ingest", str(LATER), "--source", SLUG, "--captured", "2025-09-02"]) == 0
    changed = sorted(line[3:] for line in status(repo).splitlines())
    assert changed[1:] == ["sources/anchors.lock", f"sources/{SLUG}.yaml"]
    assert changed[0].startswith("seeds/001_")
    assert "1 new anchor(s) in sources/anchors.lock" in capsys.readouterr().out
    assert not (repo / fsutil.STAGING).exists()
    assert main(["--root", str(repo), "build"]) == 0  # the build agrees with the lock ingest wrote
    assert sorted(line[3:] for line in status(repo).splitlines()) == changed


def test_a_failed_move_puts_back_what_was_moved(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    real_replace, moves = os.replace, []

    def replace(src: str | Path, dst: str | Path) -> None:
        if Path(src).parent.name == fsutil.STAGING and not Path(src).name.startswith("."):
            moves.append(dst)
            if len(moves) == 3:  # the seed and the metadata are in place; the lock cannot be
                raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    assert main(["--root", str(repo), "ingest", str(LATER), "--source", SLUG]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert len(moves) == 3
    assert status(repo) == ""
    assert not (repo / fsutil.STAGING).exists()


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for folder in ("seeds", "sources")
            for p in sorted((root / folder).iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def ingested(template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The project after an uninterrupted ingest of the later capture."""
    root = tmp_path_factory.mktemp("whole") / "repo"
    shutil.copytree(template, root, symlinks=True)
    assert kiroku(root, "ingest", str(LATER), "--source", SLUG, "--captured", "2025-09-02").returncode == 0
    return files(root)


@pytest.mark.parametrize("point", faultinject.COMMIT_POINTS)
def test_a_kill_during_ingest_leaves_all_old_or_all_new(repo: Path, ingested: dict[str, bytes], point: str) -> None:
    old = files(repo)
    result = kiroku(repo, "ingest", str(LATER), "--source", SLUG, "--captured", "2025-09-02", fault=point)
    assert result.returncode == -9, result.stderr
    for source in load_sources(repo / "sources"):  # at once: no metadata names a missing or different seed
        verify_seeds(source, repo / "seeds")
    assert (repo / fsutil.STAGING).exists()  # the kill landed inside write_files
    # The next locked run finishes a decided change (journal written) or forgets an undecided one.
    assert kiroku(repo, "build").returncode == 0
    assert not (repo / fsutil.STAGING).exists()
    decided = point.startswith(("commit-move", "commit-moved"))
    assert files(repo) == (ingested if decided else old)
    assert (status(repo) == "") == (not decided)
