"""Time forms of English and other European live pages, read by the text profiles.

A time as its own paragraph with rule lines between entries (``___``, ``* * *``), dot times with a
zone or a unit word (``12.50 BST``, ``12.31 Uhr: …``), 12-hour clocks (``9:45 p.m.``, ``11.05am``),
zone abbreviations resolved with the date and the source's zone (IST in Kolkata or Dublin, PT on
a New York page, BST in January), and the language a German page is reported in. All text is
invented (a ferry strike on a fictional coast).
"""

from __future__ import annotations

import datetime as dt

import pytest

from kiroku.model import Entry, EntryTime, Paragraph
from kiroku.read import text as capture
from kiroku.read.text import furniture, grammar_en
from kiroku.read.text.languages import latin_language
from kiroku.read.text.report import ParseReport

JAN = dt.date(2026, 1, 23)
MAY = dt.date(2026, 5, 25)
JULY = dt.date(2026, 7, 18)
MARCH = dt.date(2026, 3, 10)


def parse(page: str, published: dt.date, timezone: str) -> ParseReport:
    return capture.parse_capture(page, seed="x.txt", published=published, timezone=timezone)


def times(report: ParseReport) -> list[str | None]:
    return [e.time.iso if e.time else None for e in report.blog.entries]


def headings(report: ParseReport) -> list[str]:
    return [e.heading for e in report.blog.entries]


def paragraphs(entry: Entry) -> list[str]:
    return [b.text for b in entry.body if isinstance(b, Paragraph)]


def report_time(iso: str) -> EntryTime:
    return EntryTime(iso, "minute", "exact")


# --- a time as its own paragraph, rules between entries ----------------------------------------------

PARAGRAPHS = """Ferry strike strands islanders

Crews at the Saltmere ferry company walked out at dawn.

11:40 p.m.

Talks to resume on Saturday

The union and the company agreed to meet again at the harbour office.

___

10 p.m.

The last relief boat has left Saltmere with 40 passengers on board. It is due in Portnell at midnight.

A second boat is on standby.

---

9:45 p.m.

Mayor opens the school hall

Mayor Ida Fenwick said the hall would stay open for stranded travellers until the strike ends.

***

Readers have sent us pictures of the empty quay. A selection is below.

A gull on a bollard. Photo: a reader.

* * *

11.05am

Crews walk out at dawn

The first sailing of the day did not leave.
"""


def test_time_paragraphs_and_rules() -> None:
    report = parse(PARAGRAPHS, JAN, "America/New_York")
    assert report.format == "en-time-heading"
    assert times(report) == [
        "2026-01-23T23:40:00-05:00",
        "2026-01-23T22:00:00-05:00",
        "2026-01-23T21:45:00-05:00",
        None,
        "2026-01-23T11:05:00-05:00",
    ]
    assert headings(report) == [
        "Talks to resume on Saturday",
        "The last relief boat has left Saltmere with 40 passengers on board",
        "Mayor opens the school hall",
        "Readers have sent us pictures of the empty quay",
        "Crews walk out at dawn",
    ]
    assert report.named_from_text == frozenset({1, 3})
    assert all(e.time is None or e.time.precision == "minute" for e in report.blog.entries)


def test_an_entry_after_a_rule_with_no_time_is_bounded_by_its_neighbours() -> None:
    untimed = parse(PARAGRAPHS, JAN, "America/New_York").blog.entries[3]
    assert untimed.bounds is not None
    assert untimed.bounds.after == report_time("2026-01-23T11:05:00-05:00")
    assert untimed.bounds.before == report_time("2026-01-23T21:45:00-05:00")
    assert paragraphs(untimed) == [
        "Readers have sent us pictures of the empty quay. A selection is below.",
        "A gull on a bollard. Photo: a reader.",
    ]


def test_a_rule_is_a_separator_never_a_heading_or_text() -> None:
    report = parse(PARAGRAPHS, JAN, "America/New_York")
    rules = [(s.text, s.reason) for s in report.skipped if s.reason == "rule"]
    assert rules == [("___", "rule"), ("---", "rule"), ("***", "rule"), ("* * *", "rule")]
    for entry in report.blog.entries:
        assert entry.heading not in ("___", "---", "***", "* * *")
        assert not {"___", "---", "***", "* * *"} & set(paragraphs(entry))


@pytest.mark.parametrize("line", ["___", "---", "***", "* * *", "- - -", "=====", "———"])
def test_rule_lines(line: str) -> None:
    assert furniture.is_rule(line)
    assert furniture.junk_en(line, preamble=False) == "rule"


@pytest.mark.parametrize("line", ["--", "* Note", "A -- B", "Ferries resume"])
def test_not_rule_lines(line: str) -> None:
    assert not furniture.is_rule(line)


# --- dot times with a zone or a unit word ------------------------------------------------------------

DOT_ZONE = """Ferry strike: live

16.05 BST

Replacement boats to run all week

The harbour board says chartered boats will cross until at least Friday.

14.32 BST

Divers have checked the hull of the stranded ferry. It will be towed off on the evening tide.

12.50 BST

Queues at the Portnell slipway

Day trippers are waiting for the first chartered boat.
"""


def test_dot_times_with_a_zone() -> None:
    report = parse(DOT_ZONE, MAY, "Europe/London")
    assert times(report) == ["2026-05-25T16:05:00+01:00", "2026-05-25T14:32:00+01:00", "2026-05-25T12:50:00+01:00"]
    assert headings(report)[1] == "Divers have checked the hull of the stranded ferry"
    assert report.blog.warnings == ()


UHR = """Fährstreik an der Küste: Der Ticker

Aktualisiert: 24.10.2026, 18.47 Uhr

18.47 Uhr: Die Reederei lenkt ein. Ab morgen fahren die Fähren nach Saltmere wieder.

17.05 Uhr: Die Gewerkschaft ruft zu einer Kundgebung am Hafen auf. Erwartet werden mehrere hundert Menschen.

Die Polizei sperrt die Hafenstraße für den Verkehr.

Anzeige

13.58 Uhr: Wie lange dauert der Streik noch? Die Gewerkschaft will am Abend entscheiden.

12.31 Uhr: Fähre bleibt im Hafen

Die erste Fähre des Tages ist nicht ausgelaufen. Die Besatzung ist im Streik.
"""


def test_uhr_times_start_a_line_of_text() -> None:
    report = parse(UHR, dt.date(2026, 10, 24), "Europe/Berlin")
    assert report.format == "en-time-text"
    assert times(report) == [
        "2026-10-24T18:47:00+02:00",
        "2026-10-24T17:05:00+02:00",
        "2026-10-24T13:58:00+02:00",
        "2026-10-24T12:31:00+02:00",
    ]
    assert headings(report) == [
        "Die Reederei lenkt ein",
        "Die Gewerkschaft ruft zu einer Kundgebung am Hafen auf",
        "Wie lange dauert der Streik noch?",
        "Fähre bleibt im Hafen",  # a heading on the time's line is the heading
    ]
    second = report.blog.entries[1]
    assert paragraphs(second) == [
        "Die Gewerkschaft ruft zu einer Kundgebung am Hafen auf. Erwartet werden mehrere hundert Menschen.",
        "Die Polizei sperrt die Hafenstraße für den Verkehr.",
    ]
    assert ("Anzeige", "advertisement") in [(s.text, s.reason) for s in report.skipped]


def test_a_german_page_is_not_reported_as_english() -> None:
    assert parse(UHR, dt.date(2026, 10, 24), "Europe/Berlin").language == "de"
    assert parse(DOT_ZONE, MAY, "Europe/London").language == "en"
    assert latin_language([(1, "Der Streik ist vorbei.")]) == "en"  # too few words to say: English
    assert latin_language([(1, "Il traghetto non è partito e la compagnia dice che lo sciopero della "
                               "ciurma continua anche per domani con gli stessi orari.")]) == "it"


@pytest.mark.parametrize(
    ("line", "hour", "minute", "rest"),
    [
        ("12.31 Uhr: Die Polizei sperrt die Straße.", 12, 31, "Die Polizei sperrt die Straße."),
        ("10:52 – Police close the quay", 10, 52, "Police close the quay"),
        ("9:45 p.m.: The last boat leaves.", 21, 45, "The last boat leaves."),
        ("18.47 uur: De veerboot vaart weer.", 18, 47, "De veerboot vaart weer."),
    ],
)
def test_split_stamp(line: str, hour: int, minute: int, rest: str) -> None:
    found = grammar_en.split_stamp(line, JAN)
    assert found is not None
    assert (found[0].hour, found[0].minute, found[1]) == (hour, minute, rest)


@pytest.mark.parametrize(
    "line",
    ["22:15 – 7 Jul 2026", "Aktualisiert: 24.10.2026, 18.47 Uhr", "The boat left at 9:30 pm: late.", "12.31 Uhr"],
)
def test_not_split_stamps(line: str) -> None:
    assert grammar_en.split_stamp(line, JAN) is None


def test_a_schedule_in_a_body_does_not_start_entries() -> None:
    page = ("Ferry strike\n\n10:15 BST\n\nTimetable for Saturday\n\nThe board published the chartered sailings:\n\n"
            "09:00 – Portnell to Saltmere\n\n11:00 – Saltmere to Portnell\n\nMore sailings may follow.\n\n"
            "09:40 BST\n\nStrike called\n\nCrews walked out.\n")
    report = parse(page, MAY, "Europe/London")
    assert headings(report) == ["Timetable for Saturday", "Strike called"]


# --- 12-hour clocks -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stamp", "hour", "minute"),
    [
        ("9:45 p.m.", 21, 45), ("10 p.m.", 22, 0), ("11.05am", 11, 5), ("12:10 a.m.", 0, 10),
        ("noon", 12, 0), ("7:30 AM", 7, 30), ("9 PM", 21, 0), ("4.20 pm", 16, 20), ("18.47 Uhr", 18, 47),
    ],
)
def test_clock_forms(stamp: str, hour: int, minute: int) -> None:
    s = grammar_en.parse_stamp(stamp, JAN)
    assert s is not None
    assert (s.hour, s.minute) == (hour, minute)


# --- zone abbreviations ---------------------------------------------------------------------------------

ENTRY = "Ferry strike\n\n{stamp}\n\nBoats stay in harbour\n\nNo ferry left the quay.\n"


@pytest.mark.parametrize(
    ("stamp", "published", "timezone", "iso"),
    [
        ("12.50 BST", MAY, "Europe/London", "2026-05-25T12:50:00+01:00"),
        ("12.50 GMT", JAN, "Europe/London", "2026-01-23T12:50:00+00:00"),
        ("14:05 CET", JAN, "Europe/Berlin", "2026-01-23T14:05:00+01:00"),
        ("14:05 CEST", MAY, "Europe/Paris", "2026-05-25T14:05:00+02:00"),
        ("14:05 MEZ", JAN, "Europe/Berlin", "2026-01-23T14:05:00+01:00"),
        ("21:06 (IST)", JULY, "Asia/Kolkata", "2026-07-18T21:06:00+05:30"),
        ("21:06 IST", JULY, "Asia/Kolkata", "2026-07-18T21:06:00+05:30"),
        ("21:06 IST", JULY, "Europe/Dublin", "2026-07-18T21:06:00+01:00"),  # Irish Standard Time
        ("21:06 IST", JULY, "Europe/London", "2026-07-18T21:06:00+05:30"),  # not Ireland's zone: India
        ("6:40 a.m. PT", MARCH, "America/New_York", "2026-03-10T06:40:00-07:00"),
        ("6:40 a.m. PT", JAN, "America/New_York", "2026-01-23T06:40:00-08:00"),
        ("9:15 a.m. ET", MARCH, "America/New_York", "2026-03-10T09:15:00-04:00"),
        ("9:15 a.m. EDT", MARCH, "America/Los_Angeles", "2026-03-10T09:15:00-04:00"),
        ("11 a.m. CT", MARCH, "America/New_York", "2026-03-10T11:00:00-05:00"),
        ("11 a.m. MT", JAN, "America/New_York", "2026-01-23T11:00:00-07:00"),
        ("8:05 a.m. PST", JAN, "Europe/London", "2026-01-23T08:05:00-08:00"),
    ],
)
def test_zone_abbreviations(stamp: str, published: dt.date, timezone: str, iso: str) -> None:
    report = parse(ENTRY.format(stamp=stamp), published, timezone)
    assert [e.time for e in report.blog.entries] == [report_time(iso)]
    assert report.blog.warnings == ()


@pytest.mark.parametrize(
    ("stamp", "published", "timezone", "iso", "keeps"),
    [
        ("10.15 BST", JAN, "Europe/London", "2026-01-23T10:15:00+01:00", "GMT"),
        ("10.15 GMT", MAY, "Europe/London", "2026-05-25T10:15:00+00:00", "BST"),
        ("10:15 CEST", JAN, "Europe/Berlin", "2026-01-23T10:15:00+02:00", "CET"),
        ("10:15 IST", JAN, "Europe/Dublin", "2026-01-23T10:15:00+01:00", "GMT"),
        ("10:15 a.m. EDT", JAN, "America/New_York", "2026-01-23T10:15:00-04:00", "EST"),
    ],
)
def test_an_abbreviation_out_of_season_keeps_its_stated_offset(stamp: str, published: dt.date, timezone: str,
                                                               iso: str, keeps: str) -> None:
    report = parse(ENTRY.format(stamp=stamp), published, timezone)
    assert times(report) == [iso]
    (warning,) = report.blog.warnings
    assert f"the page says {stamp.split()[-1]}, but on {published} that zone keeps {keeps}" in warning


def test_us_standard_names_follow_the_zone_clock_all_year() -> None:
    """"3 p.m. EST" in July means Eastern time, as US pages write it: the zone's offset, with a warning."""
    report = parse(ENTRY.format(stamp="3:00 p.m. EST"), dt.date(2026, 7, 4), "America/New_York")
    assert times(report) == ["2026-07-04T15:00:00-04:00"]
    assert len(report.blog.warnings) == 1


def test_times_in_two_zones_are_in_order_on_the_page_clock() -> None:
    page = (
        "Ferry strike spreads west\n\n"
        "2:05 p.m. ET\n\nEast coast talks stall\n\nNo agreement yet.\n\n— A reporter, Portnell\n\n"
        "10:40 a.m. PT\n\nWest coast crews join\n\nThe Bayport crews walked out.\n\n— A reporter, Bayport\n\n"
        "12:20 p.m. ET\n\nUnion names its demands\n\nThe union wants a new rota.\n\n— A reporter, Portnell\n\n"
        "8:05 a.m. PT\n\nBayport sailings held\n\nThe first sailings were held.\n\n— A reporter, Bayport\n"
    )
    report = parse(page, MARCH, "America/New_York")
    assert report.format == "en-time-heading"
    assert times(report) == [
        "2026-03-10T14:05:00-04:00",
        "2026-03-10T10:40:00-07:00",
        "2026-03-10T12:20:00-04:00",
        "2026-03-10T08:05:00-07:00",
    ]
    assert report.blog.order == "newest-first"
    assert report.blog.warnings == ()  # 10:40 PT is 13:40 ET: after 12:20 ET, not out of order


def test_a_zone_across_midnight_keeps_its_own_date() -> None:
    """11:30 p.m. PT is 02:30 the next day in New York; the entry is on its own (Pacific) date."""
    page = ("Ferry strike\n\n2:45 a.m. ET\n\nTalks end\n\nNo deal.\n\n"
            "11:30 p.m. PT\n\nBayport vigil\n\nCrews held a vigil.\n\n"
            "11:50 p.m. ET\n\nTalks go on\n\nStill talking.\n")
    report = parse(page, dt.date(2026, 3, 11), "America/New_York")
    assert times(report) == [
        "2026-03-11T02:45:00-04:00",
        "2026-03-10T23:30:00-07:00",
        "2026-03-10T23:50:00-04:00",
    ]
    assert report.blog.warnings == ()


def test_a_day_separator_after_a_rule_is_not_an_entry() -> None:
    page = ("Ferry strike\n\nSunday 29 March\n\n06:15 CEST\n\nStrike ends\n\nCrews are back at work.\n\n___\n\n"
            "Saturday 28 March\n\n___\n\n22:25 CET\n\nTalks through the night\n\nBoth sides are still talking.\n")
    report = parse(page, dt.date(2026, 3, 28), "Europe/Paris")
    assert headings(report) == ["Strike ends", "Talks through the night"]
    assert times(report) == ["2026-03-29T06:15:00+02:00", "2026-03-28T22:25:00+01:00"]
