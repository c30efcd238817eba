"""The reading layer: one chooser for every kind of capture, structured data weighed as evidence, one owner per
rule. Pages are the corpus's (tests/pages/, our own text); the evidence rules are also tried on generated
updates (hypothesis), not only on the fixtures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiroku import read
from kiroku.cli.main import main
from kiroku.errors import KirokuError
from kiroku.read import detect, evidence, stated
from kiroku.read.page import WebEntry
from kiroku.read.text import parse_capture
from kiroku.read.title import strip_site
from tests.webarchive import wacz, warc

PAGES = Path(__file__).parent / "pages"
UTC = dt.UTC


def _parse(path: Path, published: str, zone: str, **kw: str) -> read.ParseReport:
    return read.parse(read.read_file(path, **kw), seed=path.name, published=dt.date.fromisoformat(published),
                      timezone=zone)


@pytest.mark.parametrize("kind", ["warc", "wacz"])
def test_archives_go_through_the_same_chooser(tmp_path: Path, kind: str) -> None:
    url = "https://example.org/live/count"
    body = (PAGES / "microdata.html").read_bytes()
    archive = warc([(url, body, "text/html; charset=utf-8")])
    data = archive if kind == "warc" else wacz(archive, [url])
    path = tmp_path / f"capture.{kind}"
    path.write_bytes(data)
    direct = _parse(PAGES / "microdata.html", "2026-02-10", "Europe/London")
    wrapped = _parse(path, "2026-02-10", "Europe/London")
    assert wrapped.format == direct.format == "microdata"
    assert [(e.heading, e.time) for e in wrapped.blog.entries] == [(e.heading, e.time) for e in direct.blog.entries]


def test_a_json_ld_document_is_its_own_kind(tmp_path: Path) -> None:
    raw = (PAGES / "standalone_ld.jsonld").read_bytes()
    assert detect.kind(raw, "x") == detect.JSON
    assert detect.seed_suffix(raw, Path("update.json")) == ".jsonld"
    assert detect.kind(b"[not json", "x") == detect.TEXT
    other = tmp_path / "other.json"
    other.write_text('{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "x"}', encoding="utf-8")
    with pytest.raises(KirokuError, match="no schema.org LiveBlogPosting") as info:
        read.read_file(other)
    assert str(other) in str(info.value)


def test_inspect_says_which_reader_and_why_not_the_others(capsys: pytest.CaptureFixture[str]) -> None:
    page = PAGES / "jsonld_degenerate.html"
    assert main(["inspect", str(page), "--published", "2026-06-20", "--timezone", "Europe/London"]) == 0
    out = capsys.readouterr().out
    assert "format: time-elements" in out
    assert "not json-ld: its 10 updates all carry one time" in out


def test_more_updates_than_the_page_shows_are_kept_and_said() -> None:
    report = _parse(PAGES / "jsonld_more_than_markup.html", "2026-04-20", "Europe/London")
    assert report.format == "json-ld"
    assert len(report.blog.entries) == 12
    assert any("shows 5 of its posts" in w and "12 updates" in w for w in report.blog.warnings)


def test_a_clock_that_disagrees_with_its_machine_time_is_reported() -> None:
    report = _parse(PAGES / "clock_disagrees.html", "2026-02-05", "Europe/London")
    said = [w for w in report.blog.warnings if "disagree" in w]
    assert len(said) == 1
    assert "14:20" in said[0]
    assert "machine time was used" in said[0]


def test_the_h1_is_the_title_and_never_an_entry() -> None:
    report = _parse(PAGES / "ja_plain_chrome.html", "2026-07-14", "Asia/Tokyo")
    assert report.blog.title == "【詳しく】ほたる川 記録的大雨 あさぎり市で避難指示"
    assert all(e.heading != report.blog.title for e in report.blog.entries)
    assert all("ホーム" not in p.text for p in report.blog.lead)


@pytest.mark.parametrize(("title", "site", "expected"), [
    ("Ferry strike – live updates | The Example Herald", "The Example Herald", "Ferry strike"),
    ("Ferry strike - live | Rivermouth Gazette", None, "Ferry strike"),
    ("The Example Herald | Ferry strike", "The Example Herald", "Ferry strike"),
    ("Snowstorm live: roads closed", None, "Snowstorm live: roads closed"),
    ("【詳しく】台風 最新の動き｜みなと新報", "みなと新報", "【詳しく】台風 最新の動き"),
    ("Live", None, "Live"),  # never emptied
])
def test_titles_lose_the_site_name(title: str, site: str | None, expected: str) -> None:
    assert strip_site(title, site) == expected


def test_one_rule_says_the_times_are_japan_time() -> None:
    said = "題\n\n※時刻の表記はすべて日本時間です。\n\n13日 19:40 見出し\n\n本文です。\n"
    local_first = "題\n\n※時刻は現地時間、括弧内は日本時間です。\n\n13日 19:40 見出し\n\n本文です。\n"
    mention = "題\n\n13日 19:40 見出し\n\n日本時間の13日に伝えました。\n"
    assert stated.stated_timezone(said) == "Asia/Tokyo"
    assert stated.stated_timezone(local_first) is None
    assert stated.stated_timezone(mention) is None  # entry text that mentions 日本時間 is not a note
    kw = {"seed": "x.txt", "published": dt.date(2026, 9, 13), "fmt": "prefix-heading"}
    assert parse_capture(said, timezone="Asia/Tokyo", **kw).blog.timezone == "Asia/Tokyo"
    assert parse_capture(local_first, timezone="Europe/Moscow", **kw).blog.timezone is None


def _entry(heading: str, minute: int, body: str = "text") -> WebEntry:
    when = dt.datetime(2026, 5, 2, 9, minute, tzinfo=UTC)
    return WebEntry(heading, when, False, ((1, body),) if body else (), 1)


headings = st.lists(st.text(alphabet="abcdefgh ", min_size=3, max_size=12).filter(str.strip), min_size=2,
                    max_size=8, unique_by=lambda h: " ".join(h.casefold().split()))


@settings(max_examples=150, deadline=None)
@given(headings, st.integers(0, 59))
def test_updates_sharing_one_time_are_never_believed(names: list[str], minute: int) -> None:
    markup = tuple(_entry(h, i) for i, h in enumerate(names))
    shared = tuple(_entry(h, minute) for h in names)
    choice = evidence.weigh([("json-ld", shared)], markup, None)
    assert choice.format == "time-elements"
    assert choice.entries == markup


@settings(max_examples=150, deadline=None)
@given(headings, st.integers(0, 5))
def test_agreeing_updates_are_believed_and_extra_ones_kept(names: list[str], hidden: int) -> None:
    data = tuple(_entry(h, i) for i, h in enumerate(names))
    shown = data[: max(2, len(data) - hidden)]
    choice = evidence.weigh([("json-ld", data)], shown, None)
    assert choice.format == "json-ld"
    assert choice.entries == data
    assert bool(choice.warnings) == (len(data) > len(shown))


@settings(max_examples=150, deadline=None)
@given(headings, st.integers(1, 600))
def test_updates_at_other_instants_than_the_posts_are_not_believed(names: list[str], shift: int) -> None:
    markup = tuple(_entry(h, i) for i, h in enumerate(names))
    moved = tuple(WebEntry(e.heading, e.time + dt.timedelta(minutes=shift), False, e.body, 1)  # type: ignore[operator]
                  for e in markup)
    choice = evidence.weigh([("json-ld", moved)], markup, None)
    assert choice.format == "time-elements"
    assert any("disagree" in r for r in choice.reasons)


def test_main_text_whose_clock_disagrees_with_its_machine_time_says_so(tmp_path: Path) -> None:
    posts = [("2026-02-05T16:50:00Z", "16:50", "Crews stay overnight"), ("2026-02-05T13:05:00Z", "14:20", "Road shut"),
             ("2026-02-05T12:40:00Z", "12:40", "Smoke seen over the market")]
    body = "".join(f'<p><time datetime="{m}">{shown}</time></p><h2>{h}</h2><p>Our own text about it.</p>'
                   for m, shown, h in posts)
    page = tmp_path / "flat.html"
    page.write_text(f"<!DOCTYPE html><html lang='en'><head><title>Fire in the market</title></head><body><main>"
                    f"<h1>Fire in the market</h1>{body}</main></body></html>", encoding="utf-8")
    report = _parse(page, "2026-02-05", "Europe/London")
    assert report.format == "en-time-heading"
    assert [e.time.iso for e in report.blog.entries if e.time] == [
        "2026-02-05T16:50:00+00:00", "2026-02-05T13:05:00+00:00", "2026-02-05T12:40:00+00:00"]
    said = [w for w in report.blog.warnings if "disagree" in w]
    assert len(said) == 1
    assert "(14:20)" in said[0]
    assert said[0].startswith("flat.html:1:")


@settings(max_examples=100, deadline=None)
@given(headings, st.integers(1, 5))
def test_structured_data_holding_fewer_updates_than_the_page_leaves_the_markup(names: list[str], fewer: int) -> None:
    markup = tuple(_entry(h, i) for i, h in enumerate(names))
    newest = markup[: max(1, len(markup) - fewer)]
    choice = evidence.weigh([("json-ld", newest)], markup, None)
    assert choice.entries == (markup if len(newest) < len(markup) else newest)
