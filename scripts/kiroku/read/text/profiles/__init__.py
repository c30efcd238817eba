"""One module per shape of live blog; ``PROFILES`` is the registry, in detection-tie order."""

from __future__ import annotations

from .base import LineProfile, Profile, Start
from .bracket import Bracket
from .bracket_alone import profile as bracket_alone
from .en_heading_time import EnglishHeadingFirst
from .en_time_heading import EnglishTimeFirst
from .en_time_text import profile as en_time_text
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
    en_time_text(),
    EnglishHeadingFirst(),
)
