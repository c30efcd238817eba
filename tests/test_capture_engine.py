"""The engine's shared parts and its one policy, the same for every profile (NHK's prefix-heading included)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from kiroku.build import Project, load_view
from kiroku.errors import KirokuError
from kiroku.model import ListBlock, Paragraph
from kiroku.read import text as capture
from kiroku.read.text.lines import blocks, body_blocks, content_lines, split_lines
from kiroku.sources import dump_source, load_source
from tests.conftest import FIXTURES

# --- line reading --------------------------------------------------------------------------------------


def test_split_lines_counts_lf_crlf_and_cr_and_drops_a_bom() -> None:
    assert split_lines("\ufeffa\nb\r\nc\rd") == ["a", "b", "c", "d"]
    assert split_lines("a\u2028b\x0bc") == ["a\u2028b\x0bc"]  # only LF, CRLF and CR end a line
    assert content_lines(" a \n\n\u3000\nb") == [(1, "a"), (4, "b")]


def test_blocks_and_body() -> None:
    lines = [(1, "見出し"), (2, ""), (3, "本文。 "), (4, "▼甲、▼乙"), (5, "▼丙"), (6, "続き。"), (7, " ")]
    assert blocks(lines) == [[(1, "見出し")], [(3, "本文。"), (4, "▼甲、▼乙"), (5, "▼丙"), (6, "続き。")]]
    assert body_blocks(lines[2:6]) == (
        Paragraph("本文。", 3), ListBlock(("甲、", "乙", "丙"), 4), Paragraph("続き。", 6),
    )


# --- one policy: the same page in two profiles ------------------------------------------------------------

# The same three entries, newest first, going over midnight without a day on the later stamps.
PAGES = {
    "prefix-heading": "題\n\n目次\n\n1日 00:30 上\n\n本文です。\n\n23:50 中\n\n本文です。\n\n23:10 下\n\n本文です。\n",
    "bracket-heading": "題\n【1日 00:30】上\n本文です。\n【23:50】中\n本文です。\n【23:10】下\n本文です。\n",
    "time-line": "題\n1日 00:30\n上\n本文です。\n23:50\n中\n本文です。\n23:10\n下\n本文です。\n",
}
OVER_MIDNIGHT = ["2025-10-01T00:30:00+09:00", "2025-09-30T23:50:00+09:00", "2025-09-30T23:10:00+09:00"]


def parse(text: str, fmt: str, published: dt.date = dt.date(2025, 10, 1), **kw: Any) -> capture.ParseReport:
    return capture.parse_capture(text, seed="p.txt", published=published, timezone="Asia/Tokyo", fmt=fmt, **kw)


@pytest.mark.parametrize("fmt", sorted(PAGES))
def test_midnight_roll_over_for_every_profile(fmt: str) -> None:
    blog = parse(PAGES[fmt], fmt).blog
    assert [e.time.iso for e in blog.entries if e.time] == OVER_MIDNIGHT
    assert blog.order == "newest-first"
    assert blog.warnings == ()


@pytest.mark.parametrize("fmt", sorted(PAGES))
def test_day_number_is_the_nearest_date_for_every_profile(fmt: str) -> None:
    """「1日」 on a page published on 30 September is 1 October (not 1 September)."""
    blog = parse(PAGES[fmt], fmt, published=dt.date(2025, 9, 30)).blog
    assert blog.entries[0].time is not None
    assert blog.entries[0].time.iso == OVER_MIDNIGHT[0]


@pytest.mark.parametrize("fmt", sorted(PAGES))
def test_publication_check_for_every_profile(fmt: str) -> None:
    """1日 is 15 days from 16 October (1 October) and 16 days from it the other way (1 November)."""
    with pytest.raises(KirokuError, match="none lies within 14 days") as err:
        parse(PAGES[fmt], fmt, published=dt.date(2025, 10, 16))
    assert err.value.path == "p.txt"
    assert err.value.line is not None
    assert "check 'published:'" in str(err.value)


STRAY = {
    "prefix-heading": "題\n\n目次\n\n1日 10:00 上\n\n本文。\n\n09:00 中\n\n本文。\n\n11:00 戻る\n\n本文。\n\n08:00 下\n\n本文。\n",
    "bracket-heading": "題\n【1日 10:00】上\n本文。\n【09:00】中\n本文。\n【11:00】戻る\n本文。\n【08:00】下\n本文。\n",
}


@pytest.mark.parametrize("fmt", sorted(STRAY))
def test_out_of_order_is_a_warning_and_strict_order_an_error_for_every_profile(fmt: str) -> None:
    report = parse(STRAY[fmt], fmt)
    line = next(e.lines[0] for e in report.blog.entries if e.heading == "戻る")
    assert [e.heading for e in report.blog.entries] == ["上", "中", "戻る", "下"]
    assert report.blog.warnings == (
        f"p.txt:{line}: 2025-10-01T11:00:00+09:00 is out of order on this newest-first page "
        "(the entry above is 2025-10-01T09:00:00+09:00); kept where it stands",
    )
    with pytest.raises(KirokuError, match="out of order") as err:
        parse(STRAY[fmt], fmt, strict_order=True)
    assert (err.value.path, err.value.line) == ("p.txt", line)
    assert err.value.hint is not None and "strict_order: true" in err.value.hint


def test_nhk_prefix_knows_ikou_zengo_and_parts_of_day() -> None:
    text = "題\n\n目次\n\n13日夜 夜の見出し\n\n本文。\n\n13日 15:00以降 以降の見出し\n\n本文。\n\n12日 9:00前後 前後の見出し\n\n本文。\n"
    blog = parse(text, "prefix-heading", published=dt.date(2025, 9, 13)).blog
    got = [(e.heading, e.time.iso, e.time.precision, e.time.qualifier) for e in blog.entries if e.time]
    assert got == [
        ("夜の見出し", "2025-09-13", "evening", "exact"),
        ("以降の見出し", "2025-09-13T15:00:00+09:00", "minute", "after"),
        ("前後の見出し", "2025-09-12T09:00:00+09:00", "minute", "about"),
    ]


# --- every source records its format; one detection path for build, ingest and inspect ----------------


def test_a_source_without_format_is_detected_at_build_time(project: Path) -> None:
    meta = project / "sources" / "nhk-20230913-putin-kim-summit.yaml"
    with_format = load_view(Project(project), load_source(meta)).blog
    meta.write_text(meta.read_text(encoding="utf-8").replace("format: prefix-heading\n", ""), encoding="utf-8")
    source = load_source(meta)
    assert source.format is None
    assert "format:" not in dump_source(source)
    assert load_view(Project(project), source).blog == with_format  # detected, as ingest and inspect do


def test_the_alias_nhk_is_read_as_prefix_heading(project: Path) -> None:
    meta = project / "sources" / "nhk-20230913-putin-kim-summit.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("format: prefix-heading", "format: nhk"),
                    encoding="utf-8")
    source = load_source(meta)
    assert source.format == "prefix-heading"
    assert "format: prefix-heading\n" in dump_source(source)


def test_strict_order_is_opt_in_and_written_only_when_true(project: Path) -> None:
    meta = project / "sources" / "nhk-20230913-putin-kim-summit.yaml"
    source = load_source(meta)
    assert source.strict_order is False
    assert "strict_order" not in dump_source(source)
    meta.write_text(meta.read_text(encoding="utf-8") + "strict_order: true\n", encoding="utf-8")
    assert load_source(meta).strict_order is True
    assert "strict_order: true\n" in dump_source(load_source(meta))


def test_build_passes_strict_order_from_the_metadata(empty_project: Path, tmp_path: Path) -> None:
    from kiroku.cli.main import main

    page = tmp_path / "stray.txt"
    page.write_text(STRAY["prefix-heading"], encoding="utf-8")
    assert main(["--root", str(empty_project), "ingest", str(page), "--source", "test-stray", "--published",
                 "2025-10-01", "--publisher", "x", "--timezone", "Asia/Tokyo"]) == 0
    meta = empty_project / "sources" / "test-stray.yaml"
    assert "format: prefix-heading\n" in meta.read_text(encoding="utf-8")  # ingest writes the canonical name
    assert main(["--root", str(empty_project), "build"]) == 0  # a warning
    meta.write_text(meta.read_text(encoding="utf-8") + "strict_order: true\n", encoding="utf-8")
    with pytest.raises(KirokuError, match="out of order") as err:
        load_view(Project(empty_project), load_source(meta))
    assert err.value.line == 13


def test_ingest_writes_the_canonical_name_for_an_alias(empty_project: Path) -> None:
    from kiroku.cli.main import main

    assert main(["--root", str(empty_project), "ingest", str(FIXTURES / "festival.txt"), "--source", "test-alias",
                 "--published", "2025-09-01", "--publisher", "x", "--format", "nhk"]) == 0
    assert "format: prefix-heading\n" in (empty_project / "sources" / "test-alias.yaml").read_text(encoding="utf-8")
