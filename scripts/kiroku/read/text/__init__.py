"""The text reader: live-blog captures read as lines of text, with one profile per shape of page.

``parse_capture(text, seed=, published=, timezone=, fmt=None, strict_order=False)`` parses with the
named profile, or detects it when ``fmt`` is None. ``detect(text)`` scores every profile and picks the
best, or raises KirokuError listing each score; ``describe(report)`` is what ``kiroku inspect FILE``
prints. This package reads text only: it knows nothing of web pages (``kiroku.read`` chooses the
reader, and its main-text reader hands a page's text to this one). See README.md for the parts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ...errors import KirokuError
from .profiles import PROFILES, Profile
from .report import Fit, ParseReport, Skipped, describe
from .stamp import PART_OF_DAY, Stamp, zone

__all__ = [
    "ALIASES",
    "PART_OF_DAY",
    "PROFILES",
    "THRESHOLD",
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
    "is_empty",
    "names",
    "parse_capture",
    "zone",
]

# Names kept for sources written before there were profiles (old sources/*.yaml say format: nhk).
ALIASES: dict[str, str] = {"nhk": "prefix-heading"}
THRESHOLD = 0.5  # a score at or below this is no fit


def names() -> tuple[str, ...]:
    """Every text profile's name, and the old aliases."""
    return tuple(p.name for p in PROFILES) + tuple(ALIASES)


def get(name: str) -> Profile:
    """The profile with this name (or alias); KirokuError listing the names when there is none."""
    wanted = ALIASES.get(name, name)
    for profile in PROFILES:
        if profile.name == wanted:
            return profile
    raise KirokuError(f"unknown format {name!r}", hint=f"known formats: {', '.join(names())}")


def canonical(name: str) -> str:
    """The profile name for a name or alias (``nhk`` is ``prefix-heading``)."""
    return get(name).name


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


def is_empty(text: str) -> bool:
    """The one rule for an empty capture: nothing but white space (and a BOM)."""
    return not text.lstrip("\ufeff").strip()


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
    if is_empty(text):
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
