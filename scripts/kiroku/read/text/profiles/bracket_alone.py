"""A bracketed time alone on its line, with no heading: ``【12日 午後7時30分頃】``.

The entry is named from its first sentence (ParseReport.named_from_text says which ones).
Reading is shared with the bracket-heading profile (kiroku.capture.profiles.bracket); this module only
names the profile, so that each shape has its own entry in the registry and its own tests.
"""

from __future__ import annotations

from .bracket import Bracket


def profile() -> Bracket:
    return Bracket(alone=True)
