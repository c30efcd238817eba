"""Structured data is evidence, not truth: a page's JSON-LD or microdata updates are weighed against
the posts its markup shows (``<article>`` + ``<time>``) before they are believed.

* **degenerate** updates (two or more sharing one time or one headline, headlines that are the page's
  own title, or no text where the page's posts have text) are not entries: the markup is read instead;
* updates that **contradict** the markup (their headlines match few of the page's posts, or the times
  of the posts they match are other instants) are not believed either;
* updates that hold **more** than the markup shows (a page that shows the newest 30 of 428) are all
  kept, and the reading says so; updates that hold **fewer** (structured data of the newest 20 only)
  leave the reading to the markup, which shows every post.

``weigh`` returns the reader chosen, the entries, why each other reader was not used, and warnings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .page import WebEntry
from .values import folded

NAMES = {"json-ld": "JSON-LD", "microdata": "microdata", "time-elements": "<article> + <time> markup"}


@dataclass(frozen=True)
class Choice:
    format: str | None  # None: no structured reading; the page's main text is read
    entries: tuple[WebEntry, ...]
    reasons: tuple[str, ...]  # a line for each reader: used, or why not
    warnings: tuple[str, ...]


def degenerate(found: Sequence[WebEntry], title: str | None, markup: Sequence[WebEntry] | None = None) -> str | None:
    """Why these updates cannot be the entries, or None when they can (updates with headlines but no text
    are believed only when the page shows no posts with text of their own)."""
    n = len(found)
    if n == 0:
        return "it lists no updates"
    if n >= 2 and all(not e.body for e in found) and markup and any(e.body for e in markup):
        return f"its {n} updates have no text, and the page's posts do"
    if n < 2:
        return None
    times = {e.time for e in found}
    if len(times) == 1:
        return f"its {n} updates all carry one time ({next(iter(times))})"
    headings = {folded(e.heading) for e in found}
    if len(headings) == 1 and found[0].heading:
        return f"its {n} updates all carry one headline ({found[0].heading!r})"
    if title and 2 * sum(folded(e.heading) == folded(title) for e in found) > n:
        return "most of its updates carry the page's own title as their headline"
    return None


def _same_instant(a: dt.datetime, b: dt.datetime) -> bool:
    if (a.tzinfo is None) != (b.tzinfo is None):
        return a.replace(tzinfo=None) == b.replace(tzinfo=None)
    return a == b


def contradiction(found: Sequence[WebEntry], markup: Sequence[WebEntry]) -> str | None:
    """Why structured updates disagree with the posts the page shows, or None when they agree."""
    shown = {folded(e.heading): e for e in markup if e.heading}
    if len(shown) < 2:
        return None
    matched = [(e, shown[folded(e.heading)]) for e in found if folded(e.heading) in shown]
    if 2 * len(matched) < min(len(shown), len(found)):
        return f"its headlines match {len(matched)} of the {len(shown)} posts the page shows"
    timed = [(a, b) for a, b in matched if a.time is not None and b.time is not None]
    wrong = [(a, b) for a, b in timed if not _same_instant(a.time, b.time)]  # type: ignore[arg-type]
    if timed and 2 * len(wrong) > len(timed):
        a, b = wrong[0]
        return (f"its times disagree with the page's posts ({len(wrong)} of {len(timed)}; e.g. {a.heading!r}: "
                f"{a.time} in the data, {b.time} on the page)")
    return None


def _fewer(found: Sequence[WebEntry], markup: Sequence[WebEntry]) -> str | None:
    """Why structured data that holds fewer updates than the page shows posts is not the reading (it often
    holds only the newest 20), or None."""
    if len(found) < len(markup):
        return f"it holds {len(found)} updates, and the page shows {len(markup)} posts"
    return None


def weigh(structured: Sequence[tuple[str, tuple[WebEntry, ...]]], markup: tuple[WebEntry, ...] | None,
          title: str | None) -> Choice:
    """The reading to believe: structured data that survives the checks, else the markup, else none."""
    reasons: list[str] = []
    warnings: list[str] = []
    for fmt, found in structured:
        why = degenerate(found, title, markup) or (contradiction(found, markup) if markup else None) or (
            _fewer(found, markup) if markup else None)
        if why is not None:
            reasons.append(f"not {fmt}: {why}")
            continue
        if markup and len(found) > len(markup):
            warnings.append(f"the page shows {len(markup)} of its posts; its {NAMES[fmt]} holds {len(found)} "
                            f"updates, and all {len(found)} updates are kept")
        reasons.append(f"{fmt}: {len(found)} updates" + (f", checked against the page's {len(markup)} posts"
                                                          if markup else ""))
        if markup is not None:
            reasons.append(f"not time-elements: the page's {NAMES[fmt]} was used")
        return Choice(fmt, found, tuple(reasons), tuple(warnings))
    if markup is not None:
        reasons.append(f"time-elements: {len(markup)} posts with a <time datetime> in the markup")
        return Choice("time-elements", markup, tuple(reasons), tuple(warnings))
    reasons.append("not time-elements: the markup shows no two posts with a <time datetime> each")
    return Choice(None, (), tuple(reasons), tuple(warnings))
