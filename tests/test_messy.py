"""Messy captures: encodings, line ends and the text forms Japanese pages really use."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiroku.cli.main import main
from kiroku.errors import KirokuError
from kiroku.read.decode import decode_seed
from kiroku.read.text import parse_capture
from tests.conftest import FIXTURES

FESTIVAL = (FIXTURES / "festival.txt").read_text(encoding="utf-8")


def summary(text: str) -> list[tuple[str, str | None, tuple[int, int]]]:
    blog = parse_capture(text, seed="x", published=dt.date(2025, 9, 1), timezone="Asia/Tokyo", fmt="prefix-heading").blog
    return [(e.heading, e.time.iso if e.time else None, e.lines) for e in blog.entries]


EXPECTED = summary(FESTIVAL)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf-8", FESTIVAL.encode("utf-8")),
        ("utf-8 with BOM", FESTIVAL.encode("utf-8-sig")),
        ("utf-16 LE with BOM", FESTIVAL.encode("utf-16")),
        ("utf-16 BE with BOM", b"\xfe\xff" + FESTIVAL.encode("utf-16-be")),
        ("shift_jis/cp932", FESTIVAL.encode("cp932")),
        ("euc-jp", FESTIVAL.encode("euc_jp")),
        ("utf-8 CRLF", FESTIVAL.replace("\n", "\r\n").encode("utf-8")),
        ("cp932 CRLF", FESTIVAL.replace("\n", "\r\n").encode("cp932")),
        ("utf-8 CR", FESTIVAL.replace("\n", "\r").encode("utf-8")),
    ],
)
def test_encodings_and_line_ends_parse_alike(name: str, data: bytes) -> None:
    assert summary(decode_seed(data, "capture.txt")) == EXPECTED


def test_named_encoding_is_used(tmp_path: Path) -> None:
    assert summary(decode_seed(FESTIVAL.encode("euc_jp"), "c.txt", "euc_jp")) == EXPECTED


def test_undecodable_bytes_name_line_and_offset() -> None:
    data = "題\n\n本文です。\n".encode() + b"\x80\xff\xfe\x80" + "続き\n".encode()
    with pytest.raises(KirokuError, match=r"byte offset 21") as err:
        decode_seed(data, "bad.txt")
    assert err.value.line == 4 and err.value.path == "bad.txt"
    with pytest.raises(KirokuError, match=r"not valid utf-8 at byte offset 21") as err:
        decode_seed(data, "bad.txt", "utf-8")
    assert err.value.line == 4


def test_named_encoding_that_does_not_fit_is_an_error() -> None:
    with pytest.raises(KirokuError, match="not valid euc_jp") as err:
        decode_seed("題\n\n本文です。\n".encode("cp932") + "ｱ".encode("cp932") * 3 + b"\x81", "c.txt", "euc_jp")
    assert err.value.line is not None


def test_ingest_keeps_a_shift_jis_capture_byte_for_byte(empty_project: Path, tmp_path: Path) -> None:
    capture = tmp_path / "sjis.txt"
    capture.write_bytes(FESTIVAL.replace("\n", "\r\n").encode("cp932"))
    assert main(["--root", str(empty_project), "ingest", str(capture), "--source", "test-sjis", "--published",
                 "2025-09-01", "--publisher", "試験放送", "--captured", "2025-09-01"]) == 0
    (seed,) = (empty_project / "seeds").iterdir()
    assert seed.read_bytes() == capture.read_bytes()
    assert main(["--root", str(empty_project), "build"]) == 0
    page = empty_project / "docs" / "archive" / "test-sjis" / "index.md"
    assert "みなと市 花火大会" in page.read_text(encoding="utf-8")


TEXT_FORMS = """\
【詳しく】試験の記録\u3000\u3000

前文です。\u3000\u3000

※時刻の表記はすべて日本時間です。

目次

１日　００：４０　全角の日と時刻\u3000

全角の本文です。\t  

午前0時すぎ 十二時間制の午前

本文です。

31日 午後11時半 十二時間制の午後と半

本文です。

13時40分 時と分の見出し

本文です。

午後1時すぎ 🎆 絵文字で始まる見出し 🎇

本文です。

正午ごろ 正午

本文です。
"""


def test_text_forms() -> None:
    blog = parse_capture(TEXT_FORMS, seed="x", published=dt.date(2025, 9, 1), timezone="Asia/Tokyo", fmt="prefix-heading").blog
    assert blog.title == "【詳しく】試験の記録"
    assert blog.lead[0].text == "前文です。"
    got = [(e.heading, e.time.iso if e.time else None, e.time.qualifier if e.time else None) for e in blog.entries]
    assert got == [
        ("全角の日と時刻", "2025-09-01T00:40:00+09:00", "exact"),
        ("十二時間制の午前", "2025-09-01T00:00:00+09:00", "after"),
        ("十二時間制の午後と半", "2025-08-31T23:30:00+09:00", "exact"),
        ("時と分の見出し", "2025-08-31T13:40:00+09:00", "exact"),
        ("🎆 絵文字で始まる見出し 🎇", "2025-08-31T13:00:00+09:00", "after"),
        ("正午", "2025-08-31T12:00:00+09:00", "about"),
    ]
    assert blog.entries[0].body[0].text == "全角の本文です。"  # type: ignore[union-attr]
