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
