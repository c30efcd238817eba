"""The kiroku command line: ingest and build, their errors, and what they leave on disk."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from kiroku.cli.main import main
from tests.conftest import FIXTURES

FESTIVAL = FIXTURES / "festival.txt"


def run(root: Path, *args: str) -> int:
    return main(["--root", str(root), *args])


def ingest_festival(root: Path, *extra: str) -> int:
    return run(root, "ingest", str(FESTIVAL), "--source", "test-festival", "--published", "2025-09-01",
               "--publisher", "試験放送", *extra)


def tree(path: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(path).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(path.rglob("*")) if p.is_file()}


def test_ingest_copies_the_capture_unchanged_and_writes_metadata(empty_project: Path) -> None:
    assert ingest_festival(empty_project, "--url", "https://example.org/live") == 0
    seeds = list((empty_project / "seeds").iterdir())
    assert len(seeds) == 1
    sha = hashlib.sha256(FESTIVAL.read_bytes()).hexdigest()
    assert seeds[0].name == f"000_{sha[:16]}.txt"
    assert seeds[0].read_bytes() == FESTIVAL.read_bytes()
    meta = (empty_project / "sources" / "test-festival.yaml").read_text(encoding="utf-8")
    assert f"sha256: {sha}" in meta
    assert "timezone: Asia/Tokyo" in meta  # from the capture's 日本時間 note
    assert "title: 【詳しく】みなと市 花火大会 強風で一部中止" in meta
    assert "url: https://example.org/live" in meta


def test_ingest_of_the_same_capture_again_is_refused(empty_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert ingest_festival(empty_project) == 0
    before = tree(empty_project / "sources")
    capsys.readouterr()
    assert run(empty_project, "ingest", str(FESTIVAL), "--source", "test-festival") == 1
    err = capsys.readouterr().err
    assert f"{FESTIVAL}: this capture is already snapshot 1 of test-festival" in err
    assert "nothing was written" in err
    assert len(list((empty_project / "seeds").iterdir())) == 1
    assert tree(empty_project / "sources") == before


def test_later_capture_becomes_a_snapshot(empty_project: Path, tmp_path: Path) -> None:
    assert ingest_festival(empty_project) == 0
    later = tmp_path / "later.txt"
    later.write_bytes(FESTIVAL.read_bytes().replace("目次\n".encode(), "目次\n\n1日 01:00 新しい項目\n\n本文です。\n".encode()))
    assert run(empty_project, "ingest", str(later), "--source", "test-festival") == 0
    meta = (empty_project / "sources" / "test-festival.yaml").read_text(encoding="utf-8")
    assert meta.count("- seed:") == 2
    assert "001_" in meta


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--publisher", "試験放送"], "needs --published"),
        (["--published", "2025-09-01"], "needs --publisher"),
        (["--published", "yesterday", "--publisher", "x"], "not a date"),
        (["--published", "2025-09-01", "--publisher", "x", "--timezone", "Mars/Base"], "unknown time zone"),
    ],
)
def test_ingest_refuses_incomplete_metadata(empty_project: Path, capsys: pytest.CaptureFixture[str],
                                           args: list[str], message: str) -> None:
    assert run(empty_project, "ingest", str(FESTIVAL), "--source", "test-festival", *args) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert list((empty_project / "seeds").iterdir()) == []
    assert list((empty_project / "sources").iterdir()) == []


def test_ingest_refuses_a_capture_without_entries(empty_project: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("題\n\n前文だけです。\n", encoding="utf-8")
    assert run(empty_project, "ingest", str(bad), "--source", "bad", "--published", "2025-09-01",
               "--publisher", "x", "--timezone", "Asia/Tokyo") == 1
    err = capsys.readouterr().err
    assert f"{bad}: no known format fits this capture" in err
    assert list((empty_project / "seeds").iterdir()) == []


def test_ingest_refuses_bad_slug(empty_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(empty_project, "ingest", str(FESTIVAL), "--source", "Bad Slug") == 1
    assert "lower-case ASCII" in capsys.readouterr().err
    assert run(empty_project, "ingest", str(FESTIVAL), "--source", "register") == 1


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>x</script>", "ftp://example.org/x",
                                 "https://example.org/<script>", "//example.org/live"])
def test_ingest_refuses_a_url_that_is_not_http(empty_project: Path, capsys: pytest.CaptureFixture[str], url: str) -> None:
    assert ingest_festival(empty_project, "--url", url) == 1
    assert "not an http(s) URL" in capsys.readouterr().err


def test_build_writes_only_changed_files(empty_project: Path) -> None:
    assert ingest_festival(empty_project) == 0
    assert run(empty_project, "build") == 0
    archive = empty_project / "docs" / "archive"
    first = tree(archive)
    assert "test-festival/index.md" in first
    assert "_extra/data/entries.json" in first
    assert run(empty_project, "build") == 0
    assert tree(archive) == first  # same bytes, same mtimes: Sphinx re-reads nothing


def test_removing_a_built_source_would_drop_anchors_and_is_refused(empty_project: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert ingest_festival(empty_project) == 0
    assert run(empty_project, "build") == 0
    before = tree(empty_project / "docs" / "archive")
    (empty_project / "sources" / "test-festival.yaml").unlink()
    assert run(empty_project, "build") == 1
    err = capsys.readouterr().err
    assert "anchors.lock" in err and "would drop anchor e-" in err
    assert tree(empty_project / "docs" / "archive") == before


def test_changed_seed_stops_the_build_and_keeps_the_archive(empty_project: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert ingest_festival(empty_project) == 0
    assert run(empty_project, "build") == 0
    archive = empty_project / "docs" / "archive"
    before = tree(archive)
    seed = next((empty_project / "seeds").iterdir())
    seed.write_bytes(seed.read_bytes().replace("強風".encode(), "突風".encode()))
    assert run(empty_project, "build") == 1
    err = capsys.readouterr().err
    assert "has changed since it was ingested" in err
    assert "test-festival.yaml" in err
    assert "Traceback" not in err
    assert tree(archive) == before


def test_inspect_lists_entries(empty_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert ingest_festival(empty_project) == 0
    capsys.readouterr()
    assert run(empty_project, "inspect", "test-festival") == 0
    out = capsys.readouterr().out
    assert "e-20250831-2140-" in out
    assert "(background)" in out
    assert out.count("\n") == 1 + 9 + 1


def test_not_a_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 1
    assert "not inside a Kiroku project" in capsys.readouterr().err



SUGGEST_CAPTURE = "題\n\n目次\n\n10:00 ゾルタン外相が会見\n\nミナト国のゾルタン外相は会見で語りました。\n\n09:00 準備\n\nゾルタン外相が到着しました。\n"


def test_suggest_lists_unregistered_names_and_drafts(empty_project: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    capture = tmp_path / "cap.txt"
    capture.write_text(SUGGEST_CAPTURE, encoding="utf-8")
    assert run(empty_project, "ingest", str(capture), "--source", "test-suggest", "--published", "2025-09-01",
               "--publisher", "x", "--timezone", "Asia/Tokyo") == 0
    assert run(empty_project, "build") == 0
    out = capsys.readouterr().out
    assert "suggest: 1 unregistered candidate name (ゾルタン ×3)" in out  # make html's one line
    assert run(empty_project, "suggest", "--no-sudachi") == 0
    report = capsys.readouterr().out
    assert "ゾルタン" in report and ":5,7,11" in report
    draft = tmp_path / "draft.yaml"
    assert run(empty_project, "suggest", "--no-sudachi", "--draft", "ゾルタン", "--output", str(draft)) == 0
    assert "name: ゾルタン" in draft.read_text(encoding="utf-8")
    assert run(empty_project, "suggest", "--no-sudachi", "--draft", "ゾルタン", "--output", str(draft)) == 1
    assert "will not overwrite" in capsys.readouterr().err
    assert run(empty_project, "suggest", "--no-sudachi", "--draft", "ナイモノ") == 1


# --- --title, inspect FILE without metadata, shared captures, the format's one name ----------------------


def test_title_is_kept_in_the_metadata_and_used_by_the_pages(empty_project: Path) -> None:
    assert ingest_festival(empty_project, "--title", "みなと市花火大会の記録") == 0
    meta = (empty_project / "sources" / "test-festival.yaml").read_text(encoding="utf-8")
    assert "title: みなと市花火大会の記録\n" in meta
    assert run(empty_project, "build") == 0
    archive = empty_project / "docs" / "archive"
    blog = (archive / "test-festival" / "index.md").read_text(encoding="utf-8")
    assert "# みなと市花火大会の記録\n" in blog
    everything = "".join(p.read_text(encoding="utf-8") for p in archive.rglob("*") if p.is_file())
    assert "強風で一部中止" not in everything  # the capture's first line is not the title anywhere
    assert "みなと市花火大会の記録" in (archive / "index.md").read_text(encoding="utf-8")  # the list of live blogs


def test_a_later_capture_can_retitle_the_live_blog(empty_project: Path) -> None:
    assert ingest_festival(empty_project) == 0
    later = FIXTURES / "festival_later.txt"
    assert run(empty_project, "ingest", str(later), "--source", "test-festival", "--title", "改題") == 0
    assert "title: 改題\n" in (empty_project / "sources" / "test-festival.yaml").read_text(encoding="utf-8")


def test_inspect_a_bare_file_states_its_defaults(tmp_path: Path, empty_project: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    capture = tmp_path / "festival.txt"
    capture.write_bytes(FESTIVAL.read_bytes())  # 31日, 1日: days, no full date
    noon = 1756728000  # 2025-09-01 12:00 UTC
    os.utime(capture, (noon, noon))
    assert run(empty_project, "inspect", str(capture)) == 0
    out = capsys.readouterr().out
    assert "format: prefix-heading" in out
    assert "  publication date 2025-09-01: the capture gives no full date: the file's modification date" in out
    assert "  time zone Asia/Tokyo: the capture's note says Japan time" in out
    dated = tmp_path / "dated.txt"
    dated.write_text("Live: harbour\n\nUpdated 2 March 2026\n\n10:15 GMT\nFerries resume\n\nThe first ferry left.\n\n"
                     "09:40 GMT\nStorm passes\n\nWinds eased overnight.\n", encoding="utf-8")
    assert run(empty_project, "inspect", str(dated)) == 0
    out = capsys.readouterr().out
    assert "  publication date 2026-03-02: the first full date in the capture, line 3" in out
    assert "  time zone UTC: the capture names no zone" in out
    month_day = tmp_path / "month_day.txt"
    month_day.write_text("題\n\n11月17日の式典について伝えます。\n\n※時刻の表記はすべて日本時間です。\n\n目次\n\n"
                         "17日 10:00 開会\n\n式典が始まりました。\n\n17日 09:00 準備\n\n会場が開きました。\n", encoding="utf-8")
    december = 1764676800  # 2025-12-02 12:00 UTC: 11月17日 is 2025-11-17, not a year away
    os.utime(month_day, (december, december))
    assert run(empty_project, "inspect", str(month_day)) == 0
    out = capsys.readouterr().out
    assert "  publication date 2025-11-17: the first month and day in the capture, line 3" in out
    assert "2025-11-17" in out.split("defaults used")[0]  # the entries' dates
    assert run(empty_project, "inspect", str(capture), "--published", "2025-09-01", "--timezone", "Asia/Tokyo") == 0
    assert "defaults used" not in capsys.readouterr().out
    unfit = tmp_path / "unfit.txt"
    unfit.write_text("題\n\n前文だけです。\n", encoding="utf-8")
    assert run(empty_project, "inspect", str(unfit)) == 1
    err = capsys.readouterr().err
    assert "no known format fits" in err
    assert "pass --format NAME" in err
    assert "with no metadata, inspect used publication date" in err


@pytest.mark.parametrize(("name", "message"), [(None, "this is a directory, not a capture"),
                                               ("empty.txt", "the capture is empty")])
def test_inspect_names_what_is_wrong_with_the_file(tmp_path: Path, empty_project: Path,
                                                   capsys: pytest.CaptureFixture[str], name: str | None,
                                                   message: str) -> None:
    target = tmp_path / name if name else tmp_path
    if name:
        target.write_bytes(b"")
    assert run(empty_project, "inspect", str(target)) == 1
    err = capsys.readouterr().err
    assert f"{target}: {message}" in err
    assert "hint:" in err
    assert "time zone" not in err


def test_inspect_an_unknown_slug(empty_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(empty_project, "inspect", "test-nothing") == 1
    err = capsys.readouterr().err
    assert "no such file, and no source 'test-nothing'" in err
    assert "hint:" in err


def test_the_same_capture_under_another_slug_is_named(empty_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert ingest_festival(empty_project) == 0
    capsys.readouterr()
    assert run(empty_project, "ingest", str(FESTIVAL), "--source", "test-copy", "--published", "2025-09-01",
               "--publisher", "x") == 0
    out = capsys.readouterr().out
    assert "warning:" in out
    assert "of source test-festival (sources/test-festival.yaml)" in out
    assert len(list((empty_project / "seeds").iterdir())) == 1  # one seed, named by both sources


@pytest.mark.parametrize("given", ["nhk", "prefix-heading"])
def test_the_format_is_written_under_its_one_name(empty_project: Path, given: str) -> None:
    assert ingest_festival(empty_project, "--format", given) == 0
    meta = empty_project / "sources" / "test-festival.yaml"
    assert "format: prefix-heading\n" in meta.read_text(encoding="utf-8")
    meta.write_text(meta.read_text(encoding="utf-8").replace("format: prefix-heading", "format: nhk"),
                    encoding="utf-8")  # as older metadata says it: still read
    assert run(empty_project, "ingest", str(FIXTURES / "festival_later.txt"), "--source", "test-festival") == 0
    text = meta.read_text(encoding="utf-8")
    assert "format: prefix-heading\n" in text
    assert "nhk" not in text
