"""Which live blogs go in which shard. Pure: no disk, no Sphinx.

A shard is a group of live blogs built as one Sphinx project. By default the groups are the
publication years (``by="year"``), or the outlets (``by="source"``: a slug's first part, e.g.
``nhk`` of ``nhk-20230913-…``). A group holding more than ``size`` entries is cut, in the order of
publication, into parts of at most ``size`` entries (a live blog is never split; one larger than
``size`` is a shard of its own). Live blogs are added in order of publication, so a new one joins
the last part of its group and the other parts stay as they were: their builds are kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from ..errors import KirokuError

By = Literal["year", "source"]
BY: tuple[By, ...] = ("year", "source")
SIZE = 1000  # entries per shard at most: small enough that 2 workers finish together (10,000 entries: 10 shards)
HUB = "hub"  # the build of what spans shards; never a shard's id
_ID = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Blog:
    """What the plan needs to know of one live blog."""

    slug: str
    published: dt.date
    entries: int


@dataclass(frozen=True)
class Shard:
    id: str  # e.g. 2023-1: lower-case letters, digits and hyphens
    blogs: tuple[Blog, ...]

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(b.slug for b in self.blogs)

    @property
    def entries(self) -> int:
        return sum(b.entries for b in self.blogs)


def group_of(blog: Blog, by: By) -> str:
    if by == "year":
        return str(blog.published.year)
    outlet = _ID.sub("-", blog.slug.split("-", 1)[0].lower()).strip("-")
    return outlet or "other"


def plan(blogs: Iterable[Blog], *, by: By = "year", size: int = SIZE) -> list[Shard]:
    """The shards, ordered by group, then part; each shard's blogs in order of publication."""
    if by not in BY:
        raise KirokuError(f"--shard-by {by!r}: shards are grouped by one of {', '.join(BY)}")
    if size < 1:
        raise KirokuError(f"--shard-size {size}: a shard holds at least 1 entry", hint=f"the default is {SIZE}")
    groups: dict[str, list[Blog]] = {}
    for blog in sorted(blogs, key=lambda b: (b.published, b.slug)):
        groups.setdefault(group_of(blog, by), []).append(blog)
    shards: list[Shard] = []
    for group in sorted(groups):
        for n, part in enumerate(_parts(groups[group], size), start=1):
            shards.append(Shard(f"{group}-{n}", tuple(part)))
    return shards


def _parts(blogs: Sequence[Blog], size: int) -> list[list[Blog]]:
    parts: list[list[Blog]] = [[]]
    total = 0
    for blog in blogs:
        if parts[-1] and total + blog.entries > size:
            parts.append([])
            total = 0
        parts[-1].append(blog)
        total += blog.entries
    return parts
