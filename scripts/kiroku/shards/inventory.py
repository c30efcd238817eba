"""One ``objects.inv`` for a sharded site: the hub's, with every shard's labels (entry and paragraph anchors).

Other Sphinx projects link to the archive's anchors through intersphinx and this file; a sharded build
lists the same objects as one project would. The format is Sphinx's inventory version 2: four header
lines, then zlib-compressed lines ``name domain:role priority uri display-name``.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence


def _split(data: bytes) -> tuple[list[bytes], list[str]]:
    parts = data.split(b"\n", 4)
    if len(parts) < 5 or not parts[0].startswith(b"# Sphinx inventory version 2"):
        raise ValueError("not a Sphinx inventory (version 2)")
    return parts[:4], zlib.decompress(parts[4]).decode("utf-8").splitlines()


def _uri(line: str) -> str:
    # name may hold spaces for some roles; the fields after it do not: role, priority, uri, display name
    return line.split(" ")[3] if line.count(" ") >= 4 else ""


def _key(line: str) -> tuple[str, str, str]:
    name, rest = line.split(" ", 1) if " " in line else (line, "")
    role = rest.split(" ", 1)[0]
    return role.split(":", 1)[0], name, role


def merge(hub: bytes, shards: Sequence[tuple[bytes, tuple[str, ...]]]) -> bytes:
    """The hub's inventory, less what points into shards' folders, plus each shard's objects in its folders."""
    header, lines = _split(hub)
    every = tuple(p for _, prefixes in shards for p in prefixes)
    kept = [line for line in lines if not _uri(line).startswith(every)] if every else list(lines)
    for data, prefixes in shards:
        _, theirs = _split(data)
        kept += [line for line in theirs if _uri(line).startswith(prefixes)]
    kept = sorted(set(kept), key=lambda line: (_key(line), line))
    body = zlib.compress("".join(line + "\n" for line in kept).encode("utf-8"), 9)
    return b"\n".join(header) + b"\n" + body
