"""Metadata files: validation errors name the file and line; seeds are guarded by their hash."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiroku.errors import KirokuError
from kiroku.read import read_file
from kiroku.seeds import verify_seeds
from kiroku.sources import dump_source, load_source, load_sources

GOOD = """\
slug: test-blog
title: 題
publisher: 試験放送
url: https://example.org/live
published: 2025-09-01
timezone: Asia/Tokyo
language: ja
snapshots:
- seed: 000_test.txt
  sha256: {sha}
"""


def write(tmp_path: Path, text: str, name: str = "test-blog.yaml") -> Path:
    (tmp_path / "sources").mkdir(exist_ok=True)
    path = tmp_path / "sources" / name
    path.write_text(text, encoding="utf-8")
    return path


def good(tmp_path: Path) -> Path:
    import hashlib

    (tmp_path / "seeds").mkdir(exist_ok=True)
    seed = tmp_path / "seeds" / "000_test.txt"
    seed.write_bytes("題\n\n10:00 見出し\n\n本文です。\n".encode())
    return write(tmp_path, GOOD.format(sha=hashlib.sha256(seed.read_bytes()).hexdigest()))


def test_load_good_source(tmp_path: Path) -> None:
    source = load_source(good(tmp_path))
    assert source.slug == "test-blog"
    assert source.published.isoformat() == "2025-09-01"
    assert source.latest.seed == "000_test.txt"
    verify_seeds(source, tmp_path / "seeds")


def test_dump_reads_back_identically(tmp_path: Path) -> None:
    path = good(tmp_path)
    source = load_source(path)
    path.write_text(dump_source(source), encoding="utf-8")
    assert load_source(path) == source
    assert dump_source(load_source(path)) == dump_source(source)


@pytest.mark.parametrize(
    ("old", "new", "message", "line"),
    [
        ("publisher: 試験放送\n", "", "missing field 'publisher'", 1),
        ("published: 2025-09-01", "published: 1st of September", "published must be a date", 5),
        ("timezone: Asia/Tokyo", "timezone: Asia/Nowhere", "unknown time zone", 6),
        ("url: https://example.org/live", "url: javascript:alert(1)", r"not an http\(s\) URL", 4),
        ("language: ja", "language: ja\ncolour: red", "unknown field 'colour'", 8),
        ("slug: test-blog", "slug: Test Blog", "not lower-case ASCII", 1),
        ("slug: test-blog", "slug: other-blog", "does not match the file name", 1),
        ("- seed: 000_test.txt", "- seed: ../etc/passwd", "plain file name", 8),
        ("title: 題", "title: [unclosed", "not valid YAML.*starts on line 2", 3),
    ],
)
def test_bad_metadata_names_file_and_line(tmp_path: Path, old: str, new: str, message: str, line: int) -> None:
    path = good(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    with pytest.raises(KirokuError, match=message) as err:
        load_source(path)
    assert err.value.path == str(path)
    assert err.value.line == line


def test_changed_seed_is_an_error(tmp_path: Path) -> None:
    source = load_source(good(tmp_path))
    seed = tmp_path / "seeds" / "000_test.txt"
    seed.write_bytes(seed.read_bytes() + b"\n")
    with pytest.raises(KirokuError, match="has changed since it was ingested") as err:
        verify_seeds(source, tmp_path / "seeds")
    assert "git checkout" in str(err.value)


def test_missing_seed_is_an_error(tmp_path: Path) -> None:
    source = load_source(good(tmp_path))
    (tmp_path / "seeds" / "000_test.txt").unlink()
    with pytest.raises(KirokuError, match="missing"):
        verify_seeds(source, tmp_path / "seeds")


def test_symlinked_seed_is_refused_not_followed(tmp_path: Path) -> None:
    source = load_source(good(tmp_path))
    seed = tmp_path / "seeds" / "000_test.txt"
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(seed.read_bytes())  # the same bytes: only the link itself is wrong
    seed.unlink()
    seed.symlink_to(elsewhere)
    with pytest.raises(KirokuError, match="symbolic link") as err:
        verify_seeds(source, tmp_path / "seeds")
    assert err.value.path == str(source.path)
    assert "kiroku ingest" in str(err.value)


def test_register_and_lock_are_not_sources(tmp_path: Path) -> None:
    good(tmp_path)
    write(tmp_path, "people: []\n", "register.yaml")
    write(tmp_path, "x: 1\n", "_scratch.yaml")
    assert [s.slug for s in load_sources(tmp_path / "sources")] == ["test-blog"]


def test_undecodable_seed_names_line_and_offset(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes("題\n\n本文".encode() + b"\xff\xfe" + "です\n".encode())
    with pytest.raises(KirokuError, match="byte offset 11") as err:
        read_file(path).text
    assert err.value.line == 3


def test_an_old_format_name_is_read_as_its_one_name(tmp_path: Path) -> None:
    path = good(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("language: ja\n", "language: ja\nformat: nhk\n"),
                    encoding="utf-8")
    source = load_source(path)
    assert source.format == "prefix-heading"
    assert "format: prefix-heading\n" in dump_source(source)  # written back under the one name
