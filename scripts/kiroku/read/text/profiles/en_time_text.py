"""English, time first with no heading (``en-time-text``): ``5.51pm BST`` / text.

The entry is named from its first sentence. Reading is shared with en-time-heading (a heading is
taken when the line after the time looks like one); this module names the profile, so that each
shape has its own entry in the registry.
"""

from __future__ import annotations

from .en_time_heading import EnglishTimeFirst


def profile() -> EnglishTimeFirst:
    return EnglishTimeFirst(heading=False)
