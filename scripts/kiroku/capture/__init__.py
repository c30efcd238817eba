"""The capture engine: one reading of live-blog captures, with one profile per shape of page.

``parse_capture(text, seed=, published=, timezone=, fmt=None, strict_order=False)`` parses with the
named profile, or detects it when ``fmt`` is None (``kiroku build`` for a source without ``format:``,
``kiroku ingest`` and ``kiroku inspect FILE`` all come through here). ``detect(text)`` scores every
profile and picks the best, or raises KirokuError listing each score; ``describe(report)`` is what
``kiroku inspect FILE`` prints. See README.md for the parts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..errors import KirokuError
from .profiles import PROFILES, Profile
from .report import Fit, ParseReport, Skipped, describe
from .stamp import PART_OF_DAY, Stamp, zone

__all__ = [
    "ALIASES",
    "PART_OF_DAY",
    "PROFILES",
    "THRESHOLD",
    "WEB_FORMATS",
    "Fit",
    "ParseReport",
    "Profile",
    "Skipped",
    "Stamp",
    "canonical",
    "describe",
    "detect",
    "examine",
    "get",
    "names",
    "parse_capture",
    "zone",
]

# Names kept for sources written before there were profiles (old sources/*.yaml say format: nhk).
ALIASES: dict[str, str] = {"nhk": "prefix-heading"}
# Formats read from a web page's structure by kiroku.web (HTML, WARC, WACZ), not from text lines.
WEB_FORMATS: tuple[str, ...] = ("json-ld", "time-elements")
THRESHOLD = 0.5  # a score at or below this is no fit


def names() -> tuple[str, ...]:
    """Every name --format and a source's ``format:`` accept."""
    return tuple(p.name for p in PROFILES) + WEB_FORMATS + tuple(ALIASES)


def get(name: str) -> Profile:
    """The profile with this name (or alias); KirokuError listing the names when there is none."""
    wanted = ALIASES.get(name, name)
    if wanted in WEB_FORMATS:
        raise KirokuError(f"format {name!r} is read from web pages only (HTML, WARC, WACZ), not from a text capture",
                          hint="leave --format out to detect the format, or name a text format: "
                          + ", ".join(p.name for p in PROFILES))
    for profile in PROFILES:
        if profile.name == wanted:
            return profile
    raise KirokuError(f"unknown format {name!r}", hint=f"known formats: {', '.join(names())}")


def canonical(name: str) -> str:
    """The profile name for a name or alias (``nhk`` is ``prefix-heading``)."""
    return name if name in WEB_FORMATS else get(name).name


def examine(text: str) -> list[Fit]:
    """Every profile's fit, best first (ties in registry order)."""
    fits = [p.examine(text) for p in PROFILES]
    order = {p.name: i for i, p in enumerate(PROFILES)}
    return sorted(fits, key=lambda f: (-f.score, order[f.profile]))


def detect(text: str, *, seed: str | None = None) -> Profile:
    """The profile that fits the text best; KirokuError listing every score when none fits."""
    return _best(examine(text), seed)


def _best(fits: list[Fit], seed: str | None) -> Profile:
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
    strict_order: bool = False,
) -> ParseReport:
    """Parse a capture with the named format, or the detected one (then ``fit`` holds its score)."""
    if getattr(text, "page", None) is not None:  # an HTML page, WARC or WACZ, read by kiroku.web
        from ..web.parse import parse_page

        return parse_page(text, seed=seed, published=published, timezone=timezone, fmt=fmt,  # type: ignore[arg-type]
                          strict_order=strict_order)
    if not text.lstrip("\ufeff").strip():
        raise KirokuError("the capture is empty", path=seed, hint="check that the right file was captured")
    if fmt is not None:
        try:
            profile = get(fmt)
        except KirokuError as exc:
            raise KirokuError(exc.message, path=seed, hint=exc.hint) from None
        return profile.parse(text, seed=seed, published=published, timezone=timezone, strict_order=strict_order)
    fits = examine(text)
    profile = _best(fits, seed)
    report = profile.parse(text, seed=seed, published=published, timezone=timezone, strict_order=strict_order)
    return dataclasses.replace(report, fit=next(f for f in fits if f.profile == profile.name))
