"""Capture formats: one profile per shape of live blog, detection, and one entry point.

``parse_capture(text, seed=, published=, timezone=, fmt=None)`` detects the format (or takes
``fmt``, a profile name) and returns a ParseReport. ``detect(text)`` scores every profile and
picks the best, or raises KirokuError listing each score and what it found.
"""

from __future__ import annotations

import datetime as dt

from ..errors import KirokuError
from . import bracket_alone
from .base import DATE_ONLY, PART_OF_DAY, Fit, ParseReport, Profile, Skipped
from .bracket import Bracket
from .describe import describe
from .english import EnglishHeadingFirst, EnglishTimeFirst
from .heading_paren import HeadingParen
from .prefix_heading import PrefixHeading
from .time_line import TimeLine

__all__ = [
    "ALIASES",
    "DATE_ONLY",
    "PART_OF_DAY",
    "PROFILES",
    "THRESHOLD",
    "Fit",
    "ParseReport",
    "Profile",
    "Skipped",
    "describe",
    "detect",
    "examine",
    "get",
    "names",
    "parse_capture",
]

PROFILES: tuple[Profile, ...] = (
    PrefixHeading(),
    HeadingParen(),
    TimeLine(),
    Bracket(alone=False),
    bracket_alone.profile(),
    EnglishTimeFirst(heading=True),
    EnglishTimeFirst(heading=False),
    EnglishHeadingFirst(),
)
# Names kept for sources written before there were profiles (sources/*.yaml say format: nhk).
ALIASES: dict[str, str] = {"nhk": "prefix-heading"}
THRESHOLD = 0.5  # a score at or below this is no fit


def names() -> tuple[str, ...]:
    """Every name --format and a source's ``format:`` accept."""
    return tuple(p.name for p in PROFILES) + tuple(ALIASES)


def get(name: str) -> Profile:
    """The profile with this name (or alias); KirokuError listing the names when there is none."""
    wanted = ALIASES.get(name, name)
    for profile in PROFILES:
        if profile.name == wanted:
            return profile
    raise KirokuError(f"unknown format {name!r}", hint=f"known formats: {', '.join(names())}")


def examine(text: str) -> list[Fit]:
    """Every profile's fit, best first (ties in registry order)."""
    fits = [p.examine(text) for p in PROFILES]
    order = {p.name: i for i, p in enumerate(PROFILES)}
    return sorted(fits, key=lambda f: (-f.score, order[f.profile]))


def detect(text: str, *, seed: str | None = None) -> Profile:
    """The profile that fits the text best; KirokuError listing every score when none fits."""
    fits = examine(text)
    best = fits[0]
    if best.score <= THRESHOLD:
        listing = "; ".join(f.describe() for f in fits)
        raise KirokuError(
            f"no known format fits this capture (scores: {listing})",
            path=seed,
            hint=f"a format needs a score above {THRESHOLD}; pass --format NAME to force one ({', '.join(names())})",
        )
    return get(best.profile)


def parse_capture(
    text: str,
    *,
    seed: str,
    published: dt.date,
    timezone: str,
    fmt: str | None = None,
    strict_order: bool = True,
) -> ParseReport:
    """Parse a capture with the named format, or the detected one (then ``fit`` holds its score)."""
    if not text.lstrip("\ufeff").strip():
        raise KirokuError("the capture is empty", path=seed, hint="check that the right file was captured")
    if fmt is not None:
        try:
            profile = get(fmt)
        except KirokuError as exc:
            raise KirokuError(exc.message, path=seed, hint=exc.hint) from None
        return profile.parse(text, seed=seed, published=published, timezone=timezone, strict_order=strict_order)
    profile = detect(text, seed=seed)
    report = profile.parse(text, seed=seed, published=published, timezone=timezone, strict_order=strict_order)
    chosen = next(f for f in examine(text) if f.profile == profile.name)
    return ParseReport(
        blog=report.blog,
        format=report.format,
        language=report.language,
        skipped=report.skipped,
        named_from_text=report.named_from_text,
        fit=chosen,
    )
