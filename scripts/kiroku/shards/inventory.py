"""One ``objects.inv`` for a sharded site: the hub's, with every shard's labels (entry and paragraph anchors).

Other Sphinx projects link to the archive's anchors through intersphinx and this file; a sharded build
lists the same objects as one project would. The format is Sphinx's inventory version 2: four header
lines, then zlib-compressed lines ``name domain:role priority uri display-name``.
"""

from __future__ import annotations

import heapq
import zlib
from collections.abc import Callable, Iterator, Sequence

_HEADER_LINES = 4


def _split(data: bytes) -> tuple[list[bytes], bytes]:
    parts = data.split(b"\n", _HEADER_LINES)
    if len(parts) <= _HEADER_LINES or not parts[0].startswith(b"# Sphinx inventory version 2"):
        raise ValueError("not a Sphinx inventory (version 2)")
    return parts[:_HEADER_LINES], parts[_HEADER_LINES]


def _lines(body: bytes) -> Iterator[str]:
    """The decompressed lines, a piece at a time (split as bytes: a piece may end inside a character)."""
    inflate = zlib.decompressobj()
    rest = b""
    for n in range(0, len(body), 1 << 16):
        rest += inflate.decompress(body[n : n + (1 << 16)])
        *done, rest = rest.split(b"\n")
        yield from (line.decode("utf-8") for line in done)
    rest += inflate.flush()
    yield from (line.decode("utf-8") for line in rest.split(b"\n") if line)


def _uri(line: str) -> str:
    # name may hold spaces for some roles; the fields after it do not: role, priority, uri, display name
    return line.split(" ")[3] if line.count(" ") >= 4 else ""


def _key(line: str) -> tuple[str, str, str]:
    name, rest = line.split(" ", 1) if " " in line else (line, "")
    role = rest.split(" ", 1)[0]
    return role.split(":", 1)[0], name, role


def _order(line: str) -> tuple[tuple[str, str, str], str]:
    return _key(line), line


def _in_order(lines: Callable[[], Iterator[str]]) -> Iterator[tuple[tuple[str, str, str], str]]:
    """``lines()`` in merge order, each with its key: as they come when Sphinx wrote them so (it does), else
    sorted in memory."""
    previous = None
    for line in lines():
        key = _order(line)
        if previous is not None and key < previous:
            return iter(sorted(map(_order, lines())))
        previous = key
    return map(_order, lines())


_BATCH = 1 << 16  # characters handed to zlib at a time (a call per line cost more than the compression)


def merge(hub: bytes, shards: Sequence[tuple[bytes, tuple[str, ...]]]) -> bytes:
    """The hub's inventory, less what points into shards' folders, plus each shard's objects in its folders.

    A merge of sorted streams, a line at a time: a large archive's inventory (hundreds of thousands of anchors)
    is never whole in memory, only compressed."""
    header, body = _split(hub)
    every = tuple(p for _, prefixes in shards for p in prefixes)

    def hub_lines() -> Iterator[str]:
        return (line for line in _lines(body) if not (every and _uri(line).startswith(every)))

    def shard_lines(data: bytes, prefixes: tuple[str, ...]) -> Callable[[], Iterator[str]]:
        theirs = _split(data)[1]
        return lambda: (line for line in _lines(theirs) if _uri(line).startswith(prefixes))

    streams = [_in_order(hub_lines), *(_in_order(shard_lines(data, prefixes)) for data, prefixes in shards)]
    deflate = zlib.compressobj(9)
    out = [b"\n".join(header) + b"\n"]
    last = None
    pending: list[str] = []
    size = 0
    for ordered in heapq.merge(*streams):
        line = ordered[1]
        if line != last:
            pending.append(line)
            size += len(line) + 1
            if size >= _BATCH:
                out.append(deflate.compress(("\n".join(pending) + "\n").encode("utf-8")))
                pending, size = [], 0
            last = line
    if pending:
        out.append(deflate.compress(("\n".join(pending) + "\n").encode("utf-8")))
    out.append(deflate.flush())
    return b"".join(out)
