"""Issue 14's benchmark at toy sizes: the synthetic live blog is what it claims, and benchsnap prints its goals."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from tools import benchsnap
from tools.bench import new_project
from tools.synth import CORRECTION, LIVE_SLUG, LiveBlog, live_blog, revision_index, write_live_blog

from kiroku.build import Project, blog_of, generate, load_view
from kiroku.history import fingerprint
from kiroku.model import block_text
from kiroku.read.text import parse_capture
from kiroku.register import load_register
from kiroku.sources import load_source

ROOT = Path(__file__).resolve().parent.parent
ENTRIES, SNAPSHOTS = 60, 6


@pytest.fixture(scope="module")
def blog() -> LiveBlog:
    return live_blog(load_register(ROOT / "sources" / "register.yaml"), ENTRIES, SNAPSHOTS)


def _parse(blog: LiveBlog, k: int):  # type: ignore[no-untyped-def]
    return blog_of(parse_capture(blog.snapshots[k], seed=f"{k}.txt", published=blog.published,
                                 timezone="Asia/Tokyo", fmt="prefix-heading"))


def test_live_blog_is_deterministic_and_has_the_snapshots_asked(blog: LiveBlog) -> None:
    register = load_register(ROOT / "sources" / "register.yaml")
    assert live_blog(register, ENTRIES, SNAPSHOTS) == blog
    assert live_blog(register, ENTRIES, SNAPSHOTS, seed=15) != blog
    assert len(blog.snapshots) == SNAPSHOTS == len(blog.counts)
    assert blog.counts[-1] == ENTRIES
    assert all(a < b for a, b in zip(blog.counts, blog.counts[1:], strict=False))  # entries added each time
    assert len(set(blog.snapshots)) == SNAPSHOTS


def test_snapshots_parse_with_every_entry_timed_apart(blog: LiveBlog) -> None:
    for k, count in enumerate(blog.counts):
        parsed = _parse(blog, k)
        assert len(parsed.entries) == count, k
        assert not parsed.warnings
        times = [e.time.iso for e in parsed.entries if e.time]
        assert len(set(times)) == len(times)  # distinct times
        assert times == sorted(times, reverse=True)  # newest first


def test_one_snapshot_in_the_middle_revises_every_entry(blog: LiveBlog) -> None:
    revision = revision_index(SNAPSHOTS)
    assert blog.revision == revision == SNAPSHOTS // 2 + 1
    before, after = _parse(blog, revision - 1), _parse(blog, revision)
    old = {e.heading: fingerprint(e) for e in before.entries}
    revised = [e for e in after.entries if e.heading in old]
    assert len(revised) == len(before.entries)
    assert all(fingerprint(e) != old[e.heading] for e in revised)
    assert all(CORRECTION in block_text(e.body[0]) for e in revised)
    assert len(blog.edited[revision]) == blog.counts[revision - 1]
    for k in range(1, SNAPSHOTS):  # the others change one or two entries
        if k != revision:
            assert 1 <= len(blog.edited[k]) <= 2, k


def test_the_written_project_builds_and_each_entry_keeps_one_track(tmp_path: Path, blog: LiveBlog) -> None:
    root = new_project(tmp_path / "p")
    write_live_blog(root, blog)
    source = load_source(root / "sources" / f"{LIVE_SLUG}.yaml")
    assert [s.captured for s in source.snapshots] == [blog.captured(k) for k in range(SNAPSHOTS)]
    report = generate(Project(root), log=lambda line: None)
    assert report.written > ENTRIES
    view = load_view(Project(root), source, None)
    assert len(view.tracks) == ENTRIES  # nothing split, nothing merged
    assert not any(t.removed for t in view.tracks)
    revision = blog.revision
    assert revision is not None
    old_enough = [t for t in view.tracks if t.first.snapshot < revision]
    assert len(old_enough) == blog.counts[revision - 1]
    for track in old_enough:  # the correction stays on the entry's track, as a change at that snapshot
        assert [v.snapshot for v in track.versions] == list(range(track.first.snapshot, SNAPSHOTS))
        changed = {b.snapshot: (a, b) for a, b in track.changes()}
        a, b = changed[revision]
        assert CORRECTION in block_text(b.entry.body[0])
        assert CORRECTION not in block_text(a.entry.body[0])
    by_number = {int(t.latest.entry.heading.rsplit("（", 1)[1].rstrip("）")) - 1: t for t in view.tracks}
    for k, numbers in enumerate(blog.edited):
        for n in numbers:  # every edit is a change of the edited entry's own track
            assert k in {b.snapshot for _, b in by_number[n].changes()}, (k, n)


def test_only_latest_writes_one_snapshot(tmp_path: Path, blog: LiveBlog) -> None:
    root = new_project(tmp_path / "p")
    source = write_live_blog(root, blog, only_latest=True)
    assert len(source.snapshots) == 1
    assert (root / "seeds" / source.snapshots[0].seed).read_text(encoding="utf-8") == blog.snapshots[-1]


def test_the_html_command_is_the_makefiles() -> None:
    done = subprocess.run(["make", "-n", "html"], cwd=ROOT, capture_output=True, text=True, check=True)
    line = next(x for x in done.stdout.splitlines() if "kiroku html" in x)
    flags = line.split("kiroku html --site _build/html ", 1)[1].split()
    assert flags == [*benchsnap.HTML_FLAGS, "--"]


def test_matching_only_prints_the_table_and_the_goal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert benchsnap.main(["--matching-only", "--entries", "40", "--small", "20", "--snapshots", "4",
                           "--match-repeats", "1", "--workdir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^\s+20\s+4\s+[\d.]+\s+-", out, re.M)
    assert re.search(r"^  (PASS|FAIL)  matching grows ≤ 3.5× from 20 to 40 entries", out, re.M)
    assert "ingesting" not in out
    assert (tmp_path / "results.json").is_file()


def test_goals_judge_the_figures() -> None:
    results = {1000: {"entries": 1000, "snapshots": 48, "match_s": 1.0},
               3000: {"entries": 3000, "snapshots": 48, "match_s": 3.6, "ingest_s": 2.1, "ingest_max_s": 2.5,
                      "noop_all_s": 11.0, "noop_latest_s": 10.0, "noop_ratio": 1.1, "noop_all_written": 0,
                      "noop_latest_written": 0}}
    verdicts = [ok for _, ok, _ in benchsnap.goals(results)]
    assert verdicts == [False, True, True, False]
    results[3000].update(match_s=3.4, ingest_s=1.9, noop_ratio=1.3, noop_latest_written=2)
    assert [ok for _, ok, _ in benchsnap.goals(results)] == [True, False, False, True]


def test_ingest_counts_what_the_new_capture_changed(tmp_path: Path, blog: LiveBlog,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """Revised means changed in this capture (it counted every track ever revised, the whole blog after one pass)."""
    from kiroku.cli.main import main

    root = new_project(tmp_path / "p")
    write_live_blog(root, blog, count=SNAPSHOTS - 1)
    generate(Project(root), log=lambda line: None)
    capture = tmp_path / "next.txt"
    capture.write_text(blog.snapshots[-1], encoding="utf-8")
    capsys.readouterr()
    assert main(["--root", str(root), "ingest", str(capture), "--source", LIVE_SLUG,
                 "--captured", blog.captured(SNAPSHOTS - 1)]) == 0
    out = capsys.readouterr().out
    new, revised = blog.counts[-1] - blog.counts[-2], len(blog.edited[-1])
    assert f"matched to earlier snapshots: {new} new, {revised} revised, 0 removed" in out
