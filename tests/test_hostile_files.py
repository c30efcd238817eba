"""Hostile file names and a full disk: a capture's own name never reaches a file Kiroku writes, and a write that
fails names the file the user knows (not a temporary one)."""

from __future__ import annotations

import builtins
import errno
from pathlib import Path
from typing import Any

import pytest
import yaml

from kiroku import fsutil
from kiroku.cli.main import main

TEXT = "題\n\n※時刻の表記はすべて日本時間です。\n\n13日 19:40 見出し\n\n本文です。\n"


@pytest.mark.parametrize("name", ['we"ird\nname.t"x t', "capture.tx\nt", "a'b.txt", "no suffix at all"])
def test_a_capture_named_anything_is_ingested_under_a_safe_name(empty_project: Path, name: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    capture = empty_project / name
    capture.write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(empty_project)
    assert main(["ingest", name, "--source", "odd-name", "--published", "2026-09-13", "--publisher", "Test"]) == 0
    meta = yaml.safe_load((empty_project / "sources" / "odd-name.yaml").read_text(encoding="utf-8"))
    seed = meta["snapshots"][0]["seed"]
    assert seed.endswith(".txt")
    assert all(c.isalnum() or c in "._" for c in seed)
    assert (empty_project / "seeds" / seed).read_text(encoding="utf-8") == TEXT
    assert main(["build"]) == 0


def test_a_full_disk_names_the_file_not_a_temporary_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = builtins.open

    class Full:
        def __init__(self, fh: Any) -> None:
            self.fh = fh

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    def full_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        fh = real_open(file, mode, *args, **kwargs)
        return Full(fh) if "w" in mode else fh

    target = tmp_path / "sources" / "anchors.lock"
    monkeypatch.setattr(builtins, "open", full_open)
    with pytest.raises(OSError, match="No space left") as info:
        fsutil.write_atomic(target, b"data")
    assert info.value.filename == str(target)
    assert not target.exists()
    assert list(target.parent.iterdir()) == []  # no temporary file left behind


def test_a_title_and_headings_of_any_length_are_cut_once_with_a_warning(tmp_path: Path) -> None:
    from kiroku import read

    title, heading = "T" * 100_000, "H" * 5_000
    page = tmp_path / "long.html"
    posts = "".join(f'<article><time datetime="2026-03-14T1{i}:00:00+00:00">1{i}:00</time><h2>{heading}{i}</h2>'
                    f"<p>Our own text {i}.</p></article>" for i in range(3))
    page.write_text(f"<!DOCTYPE html><html lang='en'><head><title>{title}</title></head><body><main>{posts}"
                    "</main></body></html>", encoding="utf-8")
    report = read.parse(read.read_file(page), seed="long.html", published=__import__("datetime").date(2026, 3, 14),
                        timezone="UTC")
    assert len(report.blog.title) == read.TITLE_CHARS
    assert report.blog.title.endswith("…")
    assert all(len(e.heading) == read.HEADING_CHARS for e in report.blog.entries)
    assert sum("cut to" in w for w in report.blog.warnings) == 4
    assert all(e.body for e in report.blog.entries)  # the text is kept whole


def test_a_title_too_long_for_the_metadata_is_refused_naming_the_capture(empty_project: Path,
                                                                          monkeypatch: pytest.MonkeyPatch,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    capture = empty_project / "c.txt"
    capture.write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(empty_project)
    assert main(["ingest", "c.txt", "--source", "long-title", "--published", "2026-09-13", "--publisher", "Test",
                 "--title", "x" * 1000]) == 1
    err = capsys.readouterr().err
    assert f"{capture.name}: --title is 1,000 characters long; at most 300" in err
    assert "Traceback" not in err
    assert not (empty_project / "sources" / "long-title.yaml").exists()


def test_a_metadata_file_with_a_title_too_long_is_refused_naming_its_line(project: Path) -> None:
    from kiroku.errors import KirokuError
    from kiroku.sources import load_source

    meta = next(p for p in (project / "sources").glob("*.yaml") if p.name != "register.yaml")
    lines = meta.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[number] = "title: " + "長" * 301
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(KirokuError, match="title is 301 characters long; at most 300") as info:
        load_source(meta)
    assert info.value.line == number + 1
