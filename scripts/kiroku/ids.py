"""Every id the archive is cited by: one pure ``mint`` for every kind, and the rules that check ids.

Ids are permanent (``sources/anchors.lock`` records each entry and paragraph id ever minted), so
each one is made here and nowhere else: the build, the lock and the tests call these functions,
and ``tests/fixtures/ids.json`` pins their output case by case. Every id is ASCII, starts with a
letter and holds only ``[a-z0-9-]``, so docutils keeps it exactly (NOTES §2).

Kinds and their parts:

=============  =================================  ==========================================
kind           parts                              id
=============  =================================  ==========================================
entry          source, stamp, heading[, salt]     ``e-20230913-1940-c0d57c``
paragraph      entry id, n                        ``e-…-p3``
cite           entry id                           ``e-…-cite`` (the citation section)
source         entry id                           ``e-…-source`` (where the entry came from)
revisions      entry id                           ``e-…-revisions`` (its history)
blog           slug[, part]                       ``b-<slug>``, ``b-<slug>-lead``, ``b-<slug>-20230913``
day            slug, ISO date                     ``d-<slug>-20230913`` (a day page)
glossary       page                               ``glossary-people``
=============  =================================  ==========================================
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable

from .model import DATE_ONLY, Entry, body_text

ID_RE = re.compile(r"^[a-z][a-z0-9-]*$")
ANCHOR_RE = ID_RE  # the lock's name for the same rule
ARCHIVE = "archive"  # the label of the archive's index page (the list of live blogs)
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_PARAGRAPH = re.compile(r"-p([1-9][0-9]*)$")
_STAMP = re.compile(r"^[0-9]{8}(-([0-9]{4}|x|[a-z]+))?$")  # see entry_stamp
_PART = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
DIGEST_CHARS = 6


def digest(*parts: str, length: int = DIGEST_CHARS) -> str:
    """Hex SHA-256 of the NFKC-normalized parts, one per line: the data-derived part of an entry id."""
    text = "\n".join(unicodedata.normalize("NFKC", p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def _check(what: str, value: str, pattern: re.Pattern[str]) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise ValueError(f"{what} {value!r} does not match {pattern.pattern}")
    return value


def _entry(source: str, stamp: str, heading: str, salt: str = "") -> str:
    _check("source slug", source, SLUG_RE)
    _check("time stamp", stamp, _STAMP)
    return f"e-{stamp}-{digest(source, heading, salt)}"


def _paragraph(entry_id: str, n: str) -> str:
    _check("entry id", entry_id, ID_RE)
    if not n.isdigit() or int(n) < 1:
        raise ValueError(f"paragraph number must be 1 or more, got {n!r}")
    return f"{entry_id}-p{int(n)}"


def _blog(slug: str, part: str = "") -> str:
    _check("source slug", slug, SLUG_RE)
    return f"b-{slug}-{_check('part', part, _PART)}" if part else f"b-{slug}"


def _day(slug: str, iso_date: str) -> str:
    _check("source slug", slug, SLUG_RE)
    dt.date.fromisoformat(_check("date", iso_date, _ISO_DATE))  # ValueError for 2023-02-30
    return f"d-{slug}-{compact_date(iso_date)}"


def _suffixed(suffix: str) -> Callable[[str], str]:
    def make(entry_id: str) -> str:
        return f"{_check('entry id', entry_id, ID_RE)}-{suffix}"

    return make


_KINDS: dict[str, Callable[..., str]] = {
    "entry": _entry,
    "paragraph": _paragraph,
    "cite": _suffixed("cite"),
    "source": _suffixed("source"),
    "revisions": _suffixed("revisions"),
    "blog": _blog,
    "day": _day,
    "glossary": lambda page: f"glossary-{_check('page', page, _PART)}",
}
KINDS = tuple(_KINDS)


def mint(kind: str, *parts: str) -> str:
    """The id of ``kind`` made from ``parts`` (see the table above). Pure: same parts, same id.

    ValueError for an unknown kind, wrong parts, or a result that is not a valid id.
    """
    try:
        make = _KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown id kind {kind!r}; known: {', '.join(KINDS)}") from None
    try:
        made = make(*parts)
    except TypeError as exc:
        raise ValueError(f"wrong parts for a {kind} id: {parts!r} ({exc})") from None
    if not ID_RE.fullmatch(made):
        raise ValueError(f"{kind} id {made!r} from {parts!r} is not lower-case ASCII [a-z0-9-] starting with a letter")
    return made


def compact_date(iso_date: str) -> str:
    """``2023-09-13`` -> ``20230913``."""
    return iso_date[:10].replace("-", "")


def entry_stamp(entry: Entry) -> str:
    """The time part of an entry id: ``20230913-1940`` for a clock time, ``20230912`` for a day,
    ``20230912-evening`` for a part of a day, ``20230913-x`` for an entry with no time (its day)."""
    if entry.time is None:
        return compact_date(entry.day) + "-x"
    iso = entry.time.iso
    date = compact_date(iso)
    if entry.time.precision in DATE_ONLY:
        return date if entry.time.precision == "day" else f"{date}-{entry.time.precision}"
    return f"{date}-{iso[11:13]}{iso[14:16]}"


def mint_entry(source: str, entry: Entry, taken: set[str]) -> str:
    """A new entry's id, unique among ``taken`` (which it joins).

    From the entry's data, never its position: source, time and heading; a collision with an id
    already taken is broken by the entry's text, then by ``-2``, ``-3``… in the order minted.
    """
    made = mint("entry", source, entry_stamp(entry), entry.heading)
    if made in taken:
        made = mint("entry", source, entry_stamp(entry), entry.heading, body_text(entry))
    base, n = made, 1
    while made in taken:
        n += 1
        made = f"{base}-{n}"
    taken.add(made)
    return made


def mint_entries(source: str, entries: Iterable[Entry], taken: set[str] | None = None) -> tuple[str, ...]:
    """The ids of one capture's entries in page order, as a first build mints them (see ``mint_entry``)."""
    taken = set() if taken is None else taken
    return tuple(mint_entry(source, entry, taken) for entry in entries)


def paragraph_number(paragraph_id: str) -> int:
    """``e-…-p12`` -> 12; ValueError for an id that is not a paragraph id."""
    m = _PARAGRAPH.search(paragraph_id)
    if not m:
        raise ValueError(f"{paragraph_id!r} is not a paragraph id (…-pN)")
    return int(m.group(1))


def paragraph_label(paragraph_id: str) -> str:
    """``e-…-p12`` -> ``p12``: how a paragraph is named in the text of a page."""
    return f"p{paragraph_number(paragraph_id)}"
