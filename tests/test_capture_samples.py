"""Capture formats: the shared samples parse to their expected entries, detection, the seed unchanged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pytest
import yaml

from kiroku.errors import KirokuError
from kiroku.model import ListBlock, Paragraph
from kiroku.read import text as capture
from kiroku.read.text.headings import first_sentence
from kiroku.searchnorm import normalize
from tests.conftest import FIXTURES, ROOT, SEED

GOLDEN = ROOT / "tests" / "golden"

# The owner's sample captures (our own text in real formats), copied from ../shared/formats/.
SAMPLES = FIXTURES / "shared_formats"
# The profile each shared sample must be detected as.
SAMPLE_PROFILE = {
    "nhk_multiday": "prefix-heading",
    "nhk_paren_time": "heading-paren",
    "asahi_time_line": "time-line",
    "ntv_bracket": "bracket-heading",
    "fnn_bracket_12h": "bracket-alone",
    "en_time_then_heading": "en-time-heading",
    "en_blocks_no_heading": "en-time-text",
    "en_heading_then_time": "en-heading-time",
}


def norm(iso: str | None) -> str | None:
    """``2024-09-14T08:10+09:00`` and ``2024-09-14T08:10:00+09:00`` are the same time; dates stay dates."""
    if iso is None or "T" not in iso:
        return iso
    return dt.datetime.fromisoformat(iso).isoformat(timespec="minutes")


def load_sample(stem: str) -> tuple[str, dict[str, Any]]:
    text = (SAMPLES / f"{stem}.txt").read_text(encoding="utf-8")
    expected = yaml.safe_load((SAMPLES / f"{stem}.expected.yaml").read_text(encoding="utf-8"))
    return text, expected


def parse_sample(stem: str, fmt: str | None = None) -> tuple[capture.ParseReport, dict[str, Any]]:
    text, expected = load_sample(stem)
    report = capture.parse_capture(
        text, seed=f"{stem}.txt", published=expected["published"], timezone=expected["timezone"], fmt=fmt
    )
    return report, expected


def test_every_sample_has_a_profile() -> None:
    if SAMPLES.is_dir():
        assert {p.stem for p in SAMPLES.glob("*.txt")} <= set(SAMPLE_PROFILE)
    assert set(SAMPLE_PROFILE.values()) == {p.name for p in capture.PROFILES}


@pytest.mark.parametrize("stem", sorted(SAMPLE_PROFILE))
def test_sample_parses_to_expected_entries(stem: str) -> None:
    report, expected = parse_sample(stem)
    blog = report.blog
    assert report.format == SAMPLE_PROFILE[stem]
    assert blog.order == expected.get("order", "newest-first")
    assert len(blog.entries) == len(expected["entries"])
    for entry, want in zip(blog.entries, expected["entries"], strict=True):
        where = f"{stem} entry {entry.position} (line {entry.lines[0]})"
        if "heading" in want:
            assert entry.heading == want["heading"], where
            assert entry.position not in report.named_from_text, where
        else:  # no heading on the page: named from its first sentence, and the report says so
            assert entry.position in report.named_from_text, where
            first = next(b for b in entry.body if isinstance(b, Paragraph))
            assert entry.heading == first_sentence(first.text, report.language), where
            assert entry.heading, where
            assert first.text.startswith(entry.heading), where
        if "time" in want:
            assert norm(entry.time.iso if entry.time else None) == norm(want["time"]), where
        if "precision" in want:
            assert entry.time is not None, where
            assert entry.time.precision == want["precision"], where
        if "qualifier" in want:
            assert entry.time is not None, where
            assert entry.time.qualifier == want["qualifier"], where
        for side in ("after", "before"):
            if side in want:
                bound = getattr(entry.bounds, side) if entry.bounds else None
                assert norm(bound.iso if bound else None) == norm(want[side]), where
        if "list_items" in want:
            items = sum(len(b.items) for b in entry.body if isinstance(b, ListBlock))
            assert items == want["list_items"], where
    if "background" in expected:
        want_bg = expected["background"]
        want_bg = [want_bg] if isinstance(want_bg, str) else list(want_bg or [])
        assert [s.heading for s in blog.background] == want_bg
    else:
        assert blog.background == ()


@pytest.mark.parametrize("stem", sorted(SAMPLE_PROFILE))
def test_sample_is_detected_as_its_profile_and_nothing_else_fits(stem: str) -> None:
    text, _ = load_sample(stem)
    fits = capture.examine(text)
    assert fits[0].profile == SAMPLE_PROFILE[stem]
    assert fits[0].score > capture.THRESHOLD
    assert all(f.score <= capture.THRESHOLD for f in fits[1:]), [f.describe() for f in fits]
    assert capture.detect(text).name == SAMPLE_PROFILE[stem]


@pytest.mark.parametrize("stem", sorted(SAMPLE_PROFILE))
def test_sample_named_format_gives_the_same_parse(stem: str) -> None:
    detected, _ = parse_sample(stem)
    named, _ = parse_sample(stem, fmt=SAMPLE_PROFILE[stem])
    assert named.blog == detected.blog
    assert detected.fit is not None
    assert detected.fit.profile == SAMPLE_PROFILE[stem]
    assert named.fit is None


def test_sample_furniture_is_skipped_with_reasons() -> None:
    report, _ = parse_sample("ntv_bracket")
    reasons = {s.text: s.reason for s in report.skipped}
    assert reasons == {
        "×": "page control",
        "【時系列でわかる①】大雪 交通の乱れ(1月10日まで)": "the title again",
        "2026年1月11日 9:15": "publication stamp",
        "これまで▶1月8日の動きをみる": "navigation",
    }
    assert [p.text for p in report.blog.notes] == ["(※情報は随時、更新します)"]
    # the out-of-order entry is kept where it stands, with a warning
    assert any(":10:" in w and "out of order" in w for w in report.blog.warnings)

    report, _ = parse_sample("nhk_paren_time")
    assert {s.reason for s in report.skipped} == {"the title again", "credit line"}
    assert all("支局" not in p.text for e in report.blog.entries for p in e.paragraphs)

    report, _ = parse_sample("asahi_time_line")
    assert [s.reason for s in report.skipped] == ["paywall label", "day separator", "day separator"]
    assert report.blog.timezone == "Asia/Tokyo"  # the note says the stamps are Japan time


def test_english_samples_are_english() -> None:
    for stem, name in SAMPLE_PROFILE.items():
        report, _ = parse_sample(stem)
        assert report.language == ("en" if name.startswith("en-") else "ja"), stem


def test_english_entries_are_findable_by_their_words() -> None:
    report, _ = parse_sample("en_time_then_heading")
    entry = report.blog.entries[0]
    text = normalize(entry.heading + " " + " ".join(p.text for p in entry.paragraphs))
    for query in ("First", "CARS", "bridge", "Barriers"):  # the search page normalizes a query the same way
        assert normalize(query) in text


# --- the seed and the NHK 【詳しく】 profile -----------------------------------------------------


def test_seed_detected_as_prefix_heading_and_parsed_exactly_as_the_golden_file() -> None:
    """The seed through detection, through --format prefix-heading and through the alias nhk: the golden parse."""
    text = SEED.read_text(encoding="utf-8")
    kwargs: dict[str, Any] = {"seed": SEED.name, "published": dt.date(2023, 9, 13), "timezone": "Asia/Tokyo"}
    golden = json.loads((GOLDEN / "seed_parse.json").read_text(encoding="utf-8"))
    golden.pop("anchors")
    assert capture.detect(text).name == "prefix-heading"
    reports = [capture.parse_capture(text, **kwargs)]
    reports += [capture.parse_capture(text, fmt=name, **kwargs) for name in ("prefix-heading", "nhk")]
    for report in reports:
        assert report.format == "prefix-heading"
        assert json.loads(json.dumps(dataclasses.asdict(report.blog))) == golden  # entries, times, bounds, lines, background: all of it
        assert report.named_from_text == frozenset()
        assert [(s.text, s.reason) for s in report.skipped] == [("目次", "table-of-contents marker")]
    assert reports[1].blog == reports[0].blog == reports[2].blog


@pytest.mark.parametrize("name", ["festival", "festival_later"])
def test_existing_nhk_fixtures_detected_and_unchanged(name: str) -> None:
    """What the NHK parser gave for the fixtures before the capture engine (tests/fixtures/NAME.expected.yaml)."""
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    expected = yaml.safe_load((FIXTURES / f"{name}.expected.yaml").read_text(encoding="utf-8"))
    report = capture.parse_capture(text, seed=name, published=dt.date(2025, 9, 1), timezone="Asia/Tokyo")
    blog = report.blog
    assert report.format == "prefix-heading"
    assert (blog.title, blog.order, blog.warnings) == (expected["title"], expected["order"], ())
    assert [s.heading for s in blog.background] == expected["background"]
    got = []
    for e in blog.entries:
        item: dict[str, Any] = {"heading": e.heading, "lines": list(e.lines), "day": e.day}
        if e.time is not None:
            item.update(time=e.time.iso, precision=e.time.precision, qualifier=e.time.qualifier)
        else:
            assert e.bounds is not None
            item.update(after=e.bounds.after.iso if e.bounds.after else None,
                        before=e.bounds.before.iso if e.bounds.before else None)
        got.append(item)
    assert got == expected["entries"]


def test_prefix_heading_detects_its_order_and_strict_order_is_opt_in() -> None:
    """Decided rule: the order is detected for every profile, NHK included; out of order is a warning unless strict."""
    kwargs: dict[str, Any] = {"seed": "t.txt", "published": dt.date(2025, 9, 13), "timezone": "Asia/Tokyo",
                              "fmt": "prefix-heading"}
    rising = "タイトル\n\n13日 10:00 先の見出し\n\n本文です。\n\n13日 12:00 後の見出し\n\n本文です。\n"
    report = capture.parse_capture(rising, **kwargs)
    assert report.blog.order == "oldest-first"  # two entries going up: an oldest-first page, nothing wrong
    assert report.blog.warnings == ()
    stray = rising + "\n13日 14:00 三つ目\n\n本文です。\n\n13日 11:00 戻る\n\n本文です。\n"
    report = capture.parse_capture(stray, **kwargs)
    assert report.blog.order == "oldest-first"
    assert [e.heading for e in report.blog.entries][-1] == "戻る"  # kept where it stands
    assert len(report.blog.warnings) == 1
    assert report.blog.warnings[0].startswith("t.txt:15: 2025-09-13T11:00:00+09:00 is out of order")
    with pytest.raises(KirokuError, match="out of order on this oldest-first page") as err:
        capture.parse_capture(stray, strict_order=True, **kwargs)
    assert (err.value.path, err.value.line) == ("t.txt", 15)
    assert "strict_order: true" in str(err.value)


# --- registry and detection failures ---------------------------------------------------------------


def test_registry_names_are_unique_and_get_finds_them() -> None:
    names = [p.name for p in capture.PROFILES]
    assert len(names) == len(set(names))
    for profile in capture.PROFILES:
        assert capture.get(profile.name) is profile
        assert profile.language in ("ja", "en")
        assert profile.description
    assert capture.get("nhk").name == "prefix-heading"  # what sources/*.yaml say today


def test_unknown_format_lists_the_known_ones() -> None:
    with pytest.raises(KirokuError) as err:
        capture.get("nosuch")
    assert "nosuch" in str(err.value)
    for name in capture.names():
        assert name in str(err.value)
    with pytest.raises(KirokuError) as err:
        capture.parse_capture("x", seed="a.txt", published=dt.date(2025, 1, 1), timezone="UTC", fmt="nosuch")
    assert err.value.path == "a.txt"


@pytest.mark.parametrize(
    "text",
    [
        "Just a paragraph.\nAnother paragraph, with no times at all.\n",
        "お知らせ\n\n本日の営業は終了しました。\n",
        "",
    ],
)
def test_text_that_fits_nothing_raises_with_every_score(text: str) -> None:
    with pytest.raises(KirokuError) as err:
        capture.detect(text, seed="odd.txt")
    message = str(err.value)
    assert message.startswith("odd.txt: no known format fits")
    for profile in capture.PROFILES:
        assert f"{profile.name}: 0.00 (0 " in message
    assert "--format" in message


def test_a_forced_format_that_does_not_fit_says_so() -> None:
    text = (FIXTURES / "formats" / "en_time_heading.txt").read_text(encoding="utf-8")
    with pytest.raises(KirokuError, match="no entries found") as err:
        capture.parse_capture(text, seed="e.txt", published=dt.date(2026, 1, 15), timezone="UTC", fmt="bracket-heading")
    assert err.value.hint
    assert "【9日 18:40】" in err.value.hint


@pytest.mark.parametrize("profile", capture.PROFILES, ids=lambda p: p.name)
def test_every_profile_rejects_an_empty_capture(profile: capture.Profile) -> None:
    with pytest.raises(KirokuError, match="empty"):
        profile.parse("\n \n", seed="e.txt", published=dt.date(2025, 1, 1), timezone="Asia/Tokyo")
    assert profile.score("") == 0.0


@pytest.mark.parametrize("profile", capture.PROFILES, ids=lambda p: p.name)
def test_every_profile_rejects_an_unknown_time_zone(profile: capture.Profile) -> None:
    text = (FIXTURES / "formats" / f"{profile.name.replace('-', '_')}.txt").read_text(encoding="utf-8")
    with pytest.raises(KirokuError, match="unknown time zone"):
        profile.parse(text, seed="e.txt", published=dt.date(2025, 1, 1), timezone="Mars/Olympus")


def test_describe_lists_format_entries_and_skipped_lines() -> None:
    text = (FIXTURES / "formats" / "bracket_alone.txt").read_text(encoding="utf-8")
    report = capture.parse_capture(text, seed="b.txt", published=dt.date(2025, 10, 8), timezone="Asia/Tokyo")
    out = capture.describe(report)
    assert out.startswith("format: bracket-alone (lang=ja, score ")
    assert "2025-10-08T21:00:00+09:00 [minute] (about)" in out
    assert "[named from its first sentence]" in out
    assert "navigation" in out
    assert "関連記事はこちらから。" in out
    assert out.endswith("\n")
