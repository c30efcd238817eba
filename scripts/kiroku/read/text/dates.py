"""Dates, one rule for every profile: a day number's date, the page order, dates carried down.

* ``nearest_date``: 「2日」 is the date with that day nearest to the publication date, of the
  previous, same and next month (ties go to the earlier date): a live blog runs days, not months.
* ``detect_order``: newest or oldest first, counted from neighbouring timed entries.
* ``settle_dates``: a stamp without a date takes the date of the entry above it, stepping a day
  over midnight (newest first: 「1日 00:30」 then 「23:50」 is 23:50 of the day before).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .stamp import Stamp

ORDERS = ("newest-first", "oldest-first")
DAY_MINUTES = 24 * 60


def _shift_month(year: int, month: int, shift: int) -> tuple[int, int]:
    month += shift
    if month == 0:
        return year - 1, 12
    if month == 13:
        return year + 1, 1
    return year, month


def nearest_date(published: dt.date, *, day: int, month: int | None = None) -> dt.date:
    """The date with this day (and month) nearest to the publication date; ties go to the earlier date.

    Live blogs run for days, not months: 「30日」 on a page published on 1 October is 30 September,
    「2日」 on it is 2 October. ValueError when no such date exists near it.
    """
    candidates: list[dt.date] = []
    if month is None:
        ym = [_shift_month(published.year, published.month, s) for s in (-1, 0, 1)]
    else:
        ym = [(y, month) for y in (published.year - 1, published.year, published.year + 1)]
    for y, m in ym:
        try:
            candidates.append(dt.date(y, m, day))
        except ValueError:
            pass
    if not candidates:
        where = f"{month}月" if month else f"{published:%Y-%m}"
        raise ValueError(f"{day}日 does not exist in {where}")
    return min(candidates, key=lambda d: (abs((d - published).days), d > published))


def sign(a: Stamp, da: dt.date | None, b: Stamp, db: dt.date | None) -> int:
    """+1 when b is later than a, -1 when earlier, 0 when the stamps cannot tell."""
    ca, cb = a.clock, b.clock
    if da is not None and db is not None:
        if da != db:
            return 1 if db > da else -1
        if ca is None or cb is None or ca == cb:
            return 0
        return 1 if cb > ca else -1
    if ca is None or cb is None or ca == cb:
        return 0
    diff = (cb - ca) % DAY_MINUTES  # clock times only: the nearer way round the clock
    return 1 if diff < DAY_MINUTES / 2 else -1


def detect_order(stamps: Sequence[Stamp | None], dates: Sequence[dt.date | None]) -> tuple[str, int, int]:
    """Newest or oldest first, by counting neighbouring timed entries that go up or down in time.

    Returns (order, ups, downs); a tie (or a page with one timed entry) is newest first, as
    live blogs mostly are. A pinned or stray entry is outvoted by the rest.
    """
    timed = [(s, d) for s, d in zip(stamps, dates, strict=True) if s is not None]
    ups = downs = 0
    for (a, da), (b, db) in zip(timed, timed[1:], strict=False):
        step = sign(a, da, b, db)
        ups += step > 0
        downs += step < 0
    return ("oldest-first" if ups > downs else "newest-first"), ups, downs


def step_days(upper: int | None, lower: int | None, order: str) -> int:
    """Days from an entry to the undated one below it, from their clock times.

    On a newest-first page the entry below is earlier: when its clock is more than twelve
    hours later, it is on the day before (00:30, then 23:50). Mirrored for oldest first.
    """
    if upper is None or lower is None:
        return 0
    if order == "newest-first" and lower - upper > DAY_MINUTES / 2:
        return -1
    if order == "oldest-first" and upper - lower > DAY_MINUTES / 2:
        return 1
    return 0


def settle_dates(
    stamps: Sequence[Stamp | None], fixed: Sequence[dt.date | None], order: str, published: dt.date
) -> list[dt.date | None]:
    """Dates for stamps that give none: carried down from the dated entry above.

    Entries above the first date on the page: on a newest-first page the top one is on the
    publication date; on an oldest-first page they count back from the first date below them,
    or from the publication date at the bottom when the page names no date at all.
    """
    dates = list(fixed)
    idx = [i for i, s in enumerate(stamps) if s is not None]
    clock = {i: s.clock for i, s in enumerate(stamps) if s is not None}

    def below(upper: int, lower: int) -> dt.date:
        start = dates[upper]
        assert start is not None
        return start + dt.timedelta(days=step_days(clock[upper], clock[lower], order))

    first_dated = next((k for k, i in enumerate(idx) if dates[i] is not None), None)
    if first_dated is not None:  # below the first dated entry: carry downwards
        for k in range(first_dated + 1, len(idx)):
            if dates[idx[k]] is None:
                dates[idx[k]] = below(idx[k - 1], idx[k])
    lead = idx[:first_dated] if first_dated is not None else idx
    if not lead:
        return dates
    if order == "newest-first":
        dates[lead[0]] = published
        for k in range(1, len(lead)):
            dates[lead[k]] = below(lead[k - 1], lead[k])
        return dates
    if first_dated is None:
        dates[lead[-1]] = published
        lower, upward = lead[-1], lead[-2::-1]
    else:
        lower, upward = idx[first_dated], lead[::-1]
    for i in upward:
        start = dates[lower]
        assert start is not None
        dates[i] = start - dt.timedelta(days=step_days(clock[i], clock[lower], order))
        lower = i
    return dates
