"""What an entry page tells the search index (docs/about/search.md): meta, filters, a sort key, normalized text."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from .. import site, timewords
from ..history import Track
from ..mentions import Matcher
from ..model import Entry, EntryTime
from ..searchnorm import changed_forms
from .view import BlogView, entry_mentions, entry_texts


def sort_key(entry: Entry, timezone: str) -> str:
    """A key that sorts in time order across zones: UTC ``YYYY-MM-DDTHH:MM:SSZ``.

    A timed entry: its time. A date-only entry: the start of its date in the live blog's zone. An
    untimed entry: its earlier bound, else its later bound, else the start of the day it is filed under.
    """
    bounds = entry.bounds
    t: EntryTime | None = entry.time or (bounds.after or bounds.before if bounds else None)
    iso = t.iso if t is not None else entry.day
    if "T" in iso:
        moment = dt.datetime.fromisoformat(iso)
    else:
        moment = dt.datetime.fromisoformat(iso).replace(tzinfo=ZoneInfo(timezone))
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def search_data(view: BlogView, track: Track, matcher: Matcher | None) -> dict[str, object]:
    """The ``kiroku-search`` block of an entry page: plain text values, escaped when rendered."""
    entry, tz = track.latest.entry, view.source.timezone
    data: dict[str, object] = {
        "title": entry.heading,
        "anchor": track.anchor,
        "when": f"{timewords.when_ja(entry)}（{timewords.zone_ja(tz)}）",
        "datetime": entry.time.iso if entry.time else "",
        "blog": view.title,
        "day": entry.day,
        "sort": sort_key(entry, tz),
        "normalized": changed_forms(entry_texts(entry)),
    }
    terms = matcher.register.by_id() if matcher is not None else {}
    mentioned = [terms[i] for i in entry_mentions(entry, matcher)]  # once, not once per kind
    for kind in site.GLOSSARIES:
        data[kind] = [term.name for term in mentioned if term.kind == kind]
    # The names the entry mentions, in Japanese and English ("Putin" finds it): searchable meta, not body
    # text, so that excerpts are the entry's own words (the mentions list on the page is left out).
    data["names"] = " ".join(f"{term.name} {term.romanized}" for term in mentioned)
    return data
