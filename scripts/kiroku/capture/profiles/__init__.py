"""One module per shape of live blog; ``PROFILES`` is the registry, in detection-tie order."""

from __future__ import annotations

from .base import LineProfile, Profile, Start
from .bracket import Bracket
from .bracket_alone import profile as bracket_alone
from .english import EnglishHeadingFirst, EnglishTimeFirst
from .heading_paren import HeadingParen
from .prefix_heading import PrefixHeading
from .time_line import TimeLine

__all__ = ["PROFILES", "LineProfile", "Profile", "Start"]

PROFILES: tuple[Profile, ...] = (
    PrefixHeading(),
    HeadingParen(),
    TimeLine(),
    Bracket(alone=False),
    bracket_alone(),
    EnglishTimeFirst(heading=True),
    EnglishTimeFirst(heading=False),
    EnglishHeadingFirst(),
)
