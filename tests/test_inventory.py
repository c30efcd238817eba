"""The sharded site's objects.inv: a merge of sorted streams that equals sorting every line in memory."""

from __future__ import annotations

import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from kiroku.shards.inventory import _key, merge

HEADER = b"# Sphinx inventory version 2\n# Project: t\n# Version: \n# The remainder of this file is compressed using zlib.\n"

names = st.text(alphabet="abe-0123", min_size=1, max_size=6)
lines = st.tuples(names, st.sampled_from(["std:label", "std:doc", "py:function"]),
                  st.sampled_from(["archive/a/", "archive/b/", "archive/c/", "index", "archive/people"]),
                  st.text(alphabet="xyz 日本", max_size=5)).map(
    lambda t: f"{t[0]} {t[1]} -1 {t[2]}{t[0]}.html#{t[0]} {t[3] or '-'}")


def inventory(items: list[str], *, ordered: bool = True) -> bytes:
    body = sorted(set(items), key=lambda line: (_key(line), line)) if ordered else items
    return HEADER + zlib.compress("".join(line + "\n" for line in body).encode("utf-8"), 9)


def reference(hub: list[str], shards: list[tuple[list[str], tuple[str, ...]]]) -> bytes:
    """The merge as it was first written: every line in memory, sorted once."""
    every = tuple(p for _, prefixes in shards for p in prefixes)
    kept = [line for line in hub if not line.split(" ")[3].startswith(every)] if every else list(hub)
    for theirs, prefixes in shards:
        kept += [line for line in theirs if line.split(" ")[3].startswith(prefixes)]
    kept = sorted(set(kept), key=lambda line: (_key(line), line))
    return HEADER + zlib.compress("".join(line + "\n" for line in kept).encode("utf-8"), 9)


@settings(max_examples=80, deadline=None)
@given(st.lists(lines, max_size=30), st.lists(st.lists(lines, max_size=30), min_size=0, max_size=3),
       st.booleans())
def test_the_streamed_merge_is_the_sorted_whole(hub: list[str], shard_lines: list[list[str]], ordered: bool) -> None:
    folders = ["archive/a/", "archive/b/", "archive/c/"]
    shards = [(items, (folders[n],)) for n, items in enumerate(shard_lines)]
    got = merge(inventory(hub, ordered=ordered), [(inventory(items, ordered=ordered), p) for items, p in shards])
    assert got == reference(hub, shards)
