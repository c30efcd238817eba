"""Each profile on its own fictional fixture (tests/fixtures/formats/): its entries, and lines that are not entries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from kiroku.errors import KirokuError
from kiroku.model import ListBlock
from kiroku.read import text as capture
from kiroku.read.text.report import ParseReport
from tests.conftest import FIXTURES

DIR = FIXTURES / "formats"


@dataclass(frozen=True)
class Case:
    profile: str
    published: str
    timezone: str
    order: str
    entries: list[tuple[str, str, str, str]]  # heading, iso, precision, qualifier
    skipped: dict[str, str]  # line text -> reason
    named: frozenset[int] = frozenset()
    title: str = ""
    lead: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


CASES: dict[str, Case] = {
    "prefix_heading": Case(
        "prefix-heading", "2025-08-21", "Asia/Tokyo", "newest-first",
        [
            ("実行委員長「来年も開催したい」", "", "", ""),
            ("最後のステージ終わる", "2025-08-21T20:15:00+09:00", "minute", "exact"),
            ("臨時バスを増便", "2025-08-21T19:00:00+09:00", "minute", "about"),
            ("初日の公演終わる", "2025-08-20T18:30:00+09:00", "minute", "exact"),
            ("会場の設営完了", "2025-08-19", "day", "exact"),
        ],
        {"目次": "table-of-contents marker"},
        title="【詳しく】みどり市 夏の音楽祭 2日目の動き",
        lead=("みどり市の河川敷で開かれている夏の音楽祭は2日目を迎えました。",),
        notes=("※時刻の表記はすべて日本時間です。",),
    ),
    "heading_paren": Case(
        "heading-paren", "2025-06-03", "Asia/Tokyo", "newest-first",
        [
            ("記念植樹に参加", "2025-06-03T16:00:00+09:00", "minute", "after"),
            ("市庁舎で会談", "2025-06-03T14:30:00+09:00", "minute", "about"),
            ("空港に到着", "2025-06-03T11:00:00+09:00", "minute", "before"),  # 十一時前: kanji numerals
            ("市役所を出発", "2025-06-02", "evening", "exact"),
        ],
        {
            "【随時更新】市長 姉妹都市訪問 タイムライン": "the title again",
            "(姉妹都市担当・青木記者)": "credit line",
            "(写真・市広報課撮影)。": "credit line",
            "関連記事はこちら": "navigation",
        },
        title="【随時更新】市長 姉妹都市訪問 タイムライン",
        lead=("姉妹都市を訪れている市長の動きを時系列でお伝えします。",),
    ),
    "time_line": Case(
        "time-line", "2025-03-09", "Asia/Tokyo", "newest-first",
        [
            ("優勝は地元のランナー", "2025-03-09T10:42:00+09:00", "minute", "exact"),
            ("号砲とともにおよそ8000人が一斉にスタートしました", "2025-03-09T09:15:00+09:00", "minute", "exact"),
            ("前夜祭が終わる", "2025-03-08T23:50:00+09:00", "minute", "exact"),
        ],
        {
            "有料会員記事": "paywall label",
            "2025年3月9日 11:30更新": "publication stamp",
            "■■3月9日■■": "day separator",
            "■■3月8日■■": "day separator",
            "続きを読む": "navigation",
        },
        named=frozenset({1}),
        title="【詳報】湖畔マラソン 大会2日目",
        notes=("〔タイムスタンプは日本時間、括弧内は現地時間)",),
    ),
    "bracket_heading": Case(
        "bracket-heading", "2025-07-06", "Asia/Tokyo", "oldest-first",
        [
            ("気象台が大雨警報", "2025-07-04", "predawn", "exact"),
            ("在来線が運転見合わせ", "2025-07-04T07:10:00+09:00", "minute", "exact"),
            ("高速バスが運休", "2025-07-04T06:50:00+09:00", "minute", "exact"),  # out of order, kept
            ("在来線が一部再開", "2025-07-04", "midday", "after"),
            ("全線で運転再開", "2025-07-05", "morning", "exact"),
        ],
        {
            "×": "page control",
            "【時系列】大雨 鉄道の運転見合わせ(5日まで)": "the title again",
            "2025年7月6日 8:00": "publication stamp",
            "シェア": "share button",
            "これまで▶7月3日の動きをみる": "navigation",
        },
        title="【時系列】大雨 鉄道の運転見合わせ(5日まで)",
        notes=("(※情報は随時、更新します)",),
    ),
    "bracket_alone": Case(
        "bracket-alone", "2025-10-08", "Asia/Tokyo", "newest-first",
        [
            ("花火の打ち上げがすべて終わり、観客が会場をあとにした", "2025-10-08T21:00:00+09:00", "minute", "about"),
            ("山車の巡行が港に戻った", "2025-10-08T18:00:00+09:00", "minute", "after"),
            ("まつりの最終日が始まり、開会式が行われた", "2025-10-08T11:30:00+09:00", "minute", "exact"),
        ],
        {"カテゴリ:地域": "category label", "関連記事はこちらから。": "navigation"},
        named=frozenset({0, 1, 2}),
        title="【タイムライン】港まつり 最終日の一日",
    ),
    "en_time_heading": Case(
        "en-time-heading", "2026-01-15", "America/New_York", "newest-first",
        [
            ("Pass to stay closed through Thursday", "2026-01-15T07:05:00-05:00", "minute", "exact"),
            ("Snowplows sent to the summit", "2026-01-15T00:20:00-05:00", "minute", "exact"),
            ("Pass closed to all traffic", "2026-01-14T23:45:00-05:00", "minute", "exact"),
        ],
        {
            "Live Updates": "section label",
            "By a staff reporter": "byline",
            "Pinned": "pinned label",
            "Share": "share button",
            "Advertisement": "advertisement",
        },
        title="Winter storm closes mountain pass",
    ),
    "en_time_text": Case(
        "en-time-text", "2026-02-07", "Europe/London", "newest-first",
        [
            ("That's it from us tonight", "2026-02-07T00:40:00+00:00", "minute", "exact"),
            ("The last stalls are closing", "2026-02-06T23:58:00+00:00", "minute", "exact"),  # over midnight
            ("The market opened on time", "2026-02-06T21:05:00+00:00", "minute", "exact"),
        ],
        {"Key events": "navigation", "Updated at 12.45am GMT": "update stamp", "Share": "share button"},
        named=frozenset({0, 1, 2}),
        title="Night market opening – as it happened",
        lead=("Live coverage of the first night of the riverside market.",),
    ),
    "en_heading_time": Case(
        "en-heading-time", "2026-08-13", "Europe/London", "newest-first",
        [
            ("Final race postponed to Sunday", "2026-08-13T16:40:00+01:00", "minute", "exact"),
            ("What happens to the trophy?", "2026-08-13T15:10:00+01:00", "minute", "exact"),
            ("Crews return to harbour", "2026-08-12T11:25:00+01:00", "minute", "exact"),
        ],
        {"Read more": "navigation", "Photograph: Regatta office": "credit line"},
        title="Harbour regatta updates (12/08 – 13/08)",
        lead=("These updates come from the regatta office.",),
    ),
}


def parse(stem: str, fmt: str | None = None) -> ParseReport:
    case = CASES[stem]
    text = (DIR / f"{stem}.txt").read_text(encoding="utf-8")
    return capture.parse_capture(
        text, seed=f"{stem}.txt", published=dt.date.fromisoformat(case.published), timezone=case.timezone, fmt=fmt
    )


def test_every_profile_has_a_fixture() -> None:
    assert {c.profile for c in CASES.values()} == {p.name for p in capture.PROFILES}
    assert {p.stem for p in DIR.glob("*.txt")} == set(CASES)


@pytest.mark.parametrize("stem", sorted(CASES))
def test_fixture_is_detected_as_its_profile(stem: str) -> None:
    text = (DIR / f"{stem}.txt").read_text(encoding="utf-8")
    fits = capture.examine(text)
    assert fits[0].profile == CASES[stem].profile
    assert all(f.score <= capture.THRESHOLD for f in fits[1:]), [f.describe() for f in fits]


@pytest.mark.parametrize("stem", sorted(CASES))
def test_fixture_entries(stem: str) -> None:
    case = CASES[stem]
    report = parse(stem)
    assert report.format == case.profile
    got = [
        (e.heading, *((e.time.iso, e.time.precision, e.time.qualifier) if e.time else ("", "", "")))
        for e in report.blog.entries
    ]
    assert got == case.entries
    assert report.blog.order == case.order
    assert report.named_from_text == case.named
    assert [e.position for e in report.blog.entries] == list(range(len(case.entries)))
    for entry in report.blog.entries:
        if entry.time is not None and entry.time.precision not in ("minute", "hour"):
            assert entry.day == entry.time.iso
        elif entry.time is not None:
            assert entry.day == entry.time.iso[:10]


@pytest.mark.parametrize("stem", sorted(CASES))
def test_fixture_furniture_is_not_entries(stem: str) -> None:
    """Navigation, stamps, credits, separators and labels are skipped with a reason, and nowhere in the entries."""
    case = CASES[stem]
    report = parse(stem)
    assert {s.text: s.reason for s in report.skipped} == case.skipped
    texts = set()
    for entry in report.blog.entries:
        texts.add(entry.heading)
        for block in entry.body:
            texts.update(block.items if isinstance(block, ListBlock) else (block.text,))
    assert not texts & set(case.skipped)
    skipped_lines = {s.line for s in report.skipped}
    for entry in report.blog.entries:
        body_lines = {b.line for b in entry.body}
        assert not body_lines & skipped_lines


@pytest.mark.parametrize("stem", sorted(CASES))
def test_fixture_title_lead_and_notes(stem: str) -> None:
    case = CASES[stem]
    blog = parse(stem).blog
    assert blog.title == case.title
    assert tuple(p.text for p in blog.lead) == case.lead
    assert tuple(p.text for p in blog.notes) == case.notes


@pytest.mark.parametrize("stem", sorted(CASES))
def test_fixture_every_line_is_accounted_for(stem: str) -> None:
    """Each non-blank line is the title, lead, a note, in an entry or background, or reported as skipped."""
    report = parse(stem)
    blog = report.blog
    text = (DIR / f"{stem}.txt").read_text(encoding="utf-8")
    numbered = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    content = {n for n, _ in numbered}
    title_line = next(n for n, line in numbered if line == blog.title)
    covered = {s.line for s in report.skipped} | {p.line for p in (*blog.lead, *blog.notes)} | {title_line}
    for entry in blog.entries:
        covered.update(range(entry.lines[0], entry.lines[1] + 1))
    for section in blog.background:
        covered.update(range(section.lines[0], section.lines[1] + 1))
    assert content <= covered


def test_bracket_out_of_order_entry_is_kept_and_reported() -> None:
    blog = parse("bracket_heading").blog
    assert [e.heading for e in blog.entries][2] == "高速バスが運休"
    assert len(blog.warnings) == 1
    assert "bracket_heading.txt:11:" in blog.warnings[0]


def test_bracket_label_lines_are_body_not_entries() -> None:
    """「【速報】の表示は…」 and 「【写真】開会式のようす」 start with brackets but hold no time."""
    report = parse("bracket_heading")
    assert "【速報】の表示は、新しい情報です。" in [p.text for p in report.blog.entries[1].paragraphs]
    report = parse("bracket_alone")
    assert "【写真】開会式のようす" in [p.text for p in report.blog.entries[2].paragraphs]


def test_bracket_stamp_with_a_sentence_is_named_from_it() -> None:
    text = "タイトル\n【3日 9:00】市長が会見しました。詳しい内容は後ほど。\n【3日 8:00】開場\n会場が開きました。\n"
    report = capture.parse_capture(
        text, seed="t.txt", published=dt.date(2025, 5, 3), timezone="Asia/Tokyo", fmt="bracket-heading"
    )
    first, second = report.blog.entries
    assert first.heading == "市長が会見しました"
    assert report.named_from_text == frozenset({0})
    assert first.paragraphs[0].text == "市長が会見しました。詳しい内容は後ほど。"
    assert second.heading == "開場"


def test_heading_paren_body_time_and_title_date_are_not_entries() -> None:
    """「…と話しました(3日)。」 is a sentence; 「(5日まで)」 in a title is no entry time."""
    blog = parse("heading_paren").blog
    assert len(blog.entries) == 4
    assert "市長は「友好の証しとして大切に育ててほしい」と話しました(3日)。" in [
        p.text for p in blog.entries[0].paragraphs
    ]


def test_time_line_note_in_japan_time_needs_a_tokyo_source() -> None:
    text = (DIR / "time_line.txt").read_text(encoding="utf-8")
    with pytest.raises(KirokuError, match="Asia/Tokyo") as err:
        capture.parse_capture(text, seed="t.txt", published=dt.date(2025, 3, 9), timezone="Asia/Bangkok")
    assert err.value.line == 3


def test_heading_paren_japan_time_holds_whatever_the_source_zone() -> None:
    text = (DIR / "heading_paren.txt").read_text(encoding="utf-8")
    report = capture.parse_capture(text, seed="t.txt", published=dt.date(2025, 6, 3), timezone="Europe/Paris")
    assert report.blog.entries[0].time is not None
    assert report.blog.entries[0].time.iso == "2025-06-03T16:00:00+09:00"  # 「日本時間」 in the stamp


def test_heading_first_keeps_a_heading_ending_in_a_question_mark() -> None:
    assert parse("en_heading_time").blog.entries[1].heading == "What happens to the trophy?"


def test_english_time_first_mixes_headed_and_headless_entries() -> None:
    text = (
        "Flood watch\n\n"
        "10:15 BST\nRiver peaks below the defences\nThe river peaked at 4.1 metres.\n\n"
        "9:40 BST\nVolunteers are filling sandbags at the town hall. More are needed.\n"
    )
    report = capture.parse_capture(text, seed="t.txt", published=dt.date(2026, 6, 1), timezone="Europe/London")
    assert report.format == "en-time-heading"
    assert [e.heading for e in report.blog.entries] == [
        "River peaks below the defences",
        "Volunteers are filling sandbags at the town hall",
    ]
    assert report.named_from_text == frozenset({1})


def test_english_pinned_entry_keeps_its_own_date() -> None:
    text = (
        "Election night\n\n"
        "Pinned\n9:00 a.m. ET, Nov 2, 2026\nHow to follow the count\nThe count starts tonight.\n\n"
        "11:30 p.m. ET, Nov 3, 2026\nFirst results\nThe first results came in.\n\n"
        "10:05 p.m. ET, Nov 3, 2026\nPolls close\nPolls closed across the state.\n\n"
        "9:10 p.m. ET, Nov 3, 2026\nTurnout high\nOfficials said turnout was high.\n"
    )
    report = capture.parse_capture(text, seed="t.txt", published=dt.date(2026, 11, 3), timezone="America/New_York")
    blog = report.blog
    assert blog.order == "newest-first"
    assert blog.entries[0].heading == "How to follow the count"
    assert blog.entries[0].time is not None
    assert blog.entries[0].time.iso == "2026-11-02T09:00:00-05:00"
    assert blog.entries[1].time is not None
    assert blog.entries[1].time.iso == "2026-11-03T23:30:00-05:00"
    assert ("Pinned", "pinned label") in [(s.text, s.reason) for s in report.skipped]


def test_japanese_time_line_over_midnight_without_separators() -> None:
    text = "タイトル\n0:40\n会見終わる\n会見が終わりました。\n23:55\n会見始まる\n会見が始まりました。\n"
    blog = capture.parse_capture(text, seed="t.txt", published=dt.date(2025, 3, 9), timezone="Asia/Tokyo").blog
    assert [e.time.iso for e in blog.entries if e.time] == ["2025-03-09T00:40:00+09:00", "2025-03-08T23:55:00+09:00"]
    assert blog.warnings == ()


def test_an_entry_with_no_text_is_named_from_its_stamp() -> None:
    text = "タイムライン\n【12日 午後3時】\n【12日 午後2時】\n会場に到着した。\n"
    report = capture.parse_capture(text, seed="t.txt", published=dt.date(2025, 5, 12), timezone="Asia/Tokyo")
    assert report.format == "bracket-alone"
    assert [e.heading for e in report.blog.entries] == ["12日 午後3時", "会場に到着した"]
    assert report.named_from_text == frozenset({0, 1})
