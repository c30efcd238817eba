"""What a package says of the archive: its files, its entries, its time, its commit. Read, never written.

Everything here is deterministic: the same project at the same commit gives the same facts, in the same
order, so two packages of it are byte for byte the same. No clock is read: the package's time is the
``--epoch`` given (``make package`` passes ``SOURCE_DATE_EPOCH``, the last commit's time), else the last
commit's time, else the latest capture date the metadata records.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__, site
from ..build import Project
from ..errors import KirokuError
from ..sources import Source, load_sources

ENTRIES_JSON = f"{site.DATA_DIR}/entries.json"
_CHUNK = 1 << 16
_HEAD = re.compile(r'\s*\{\s*"version"\s*:\s*1\s*,\s*"entries"\s*:\s*\[')


def site_of(project: Project) -> Path:
    """The built site a package holds: the project's ``_build/html`` (where ``make html`` builds)."""
    return project.root / "_build" / "html"


def walk(folder: Path) -> Iterator[str]:
    """Every file under ``folder`` as a relative POSIX path, sorted, leaving out hidden files and folders
    (``.doctrees``: Sphinx's pickles with absolute paths; ``.buildinfo``; a killed run's temporaries)."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel = Path(dirpath).relative_to(folder)
        for name in sorted(filenames):
            if not name.startswith("."):
                yield (rel / name).as_posix()


@dataclass(frozen=True)
class EntryFact:
    """One entry as ``data/entries.json`` gives it: what the WACZ's page list and bag-info need."""

    id: str
    source: str
    heading: str
    datetime: str | None
    day: str
    page: str  # the entry's page relative to the site root, without its #fragment


def iter_entries(path: Path) -> Iterator[EntryFact]:
    """The entries of ``data/entries.json`` one at a time, never the whole file in memory.

    The file is ``{"version": 1, "entries": [ {…}, … ]}`` (``kiroku.render.data``); each object is decoded
    on its own from a window of the file.
    """
    decoder = json.JSONDecoder()

    def bad(what: str) -> KirokuError:
        return KirokuError(f"not the entries file Kiroku writes: {what}", path=path,
                           hint="build the site again with 'make html'")

    with open(path, encoding="utf-8") as fh:
        buf = fh.read(max(_CHUNK, 256))  # the head whole
        head = _HEAD.match(buf)
        if not head:
            raise bad('it does not start with {"version": 1, "entries": [')
        pos, eof = head.end(), False
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n,":
                pos += 1
            if pos >= len(buf) - 1 and not eof:  # keep one character of look-ahead in the window
                more = fh.read(_CHUNK)
                eof = not more
                buf, pos = buf[pos:] + more, 0
                continue
            if pos >= len(buf):
                raise bad("it ends inside the list of entries")
            if buf[pos] == "]":
                return
            try:
                obj, end = decoder.raw_decode(buf, pos)
            except json.JSONDecodeError:
                if eof:
                    raise bad("an entry is not valid JSON") from None
                more = fh.read(_CHUNK)
                eof = not more
                buf, pos = buf[pos:] + more, 0
                continue
            if not isinstance(obj, dict) or not isinstance(obj.get("id"), str) or not isinstance(obj.get("url"), str):
                raise bad("an entry without an id or url")
            yield EntryFact(obj["id"], str(obj.get("source", "")), str(obj.get("heading", "")),
                            obj.get("datetime") if isinstance(obj.get("datetime"), str) else None,
                            str(obj.get("day") or ""), obj["url"].split("#", 1)[0])
            pos = end


@dataclass(frozen=True)
class Facts:
    """The archive as a package describes it (bag-info.txt, the WACZ's datapackage.json)."""

    title: str
    publishers: tuple[str, ...]
    captured: tuple[str, str] | None  # first and last capture date (ISO), from the metadata
    entry_days: tuple[str, str] | None  # first and last day an entry is filed under
    blogs: int
    entries: int
    commit: str
    epoch: int
    sources: tuple[Source, ...] = field(default=(), compare=False)

    @property
    def moment(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.epoch, dt.UTC)

    def bag_info(self) -> dict[str, str | list[str]]:
        """bag-info.txt's fields (bagit writes them sorted by name)."""
        info: dict[str, str | list[str]] = {
            "Title": self.title,
            "Source-Organization": list(self.publishers) or "unknown",
            "External-Description": (
                f"A Kiroku archive of {self.blogs} live blog(s) and {self.entries} entries: data/seeds/ holds the "
                "captures byte for byte, data/sources/ their metadata, register and anchor lock, data/site/ the "
                "built site (open data/site/index.html over HTTP)"
            ),
            "Bagging-Date": self.moment.date().isoformat(),
            "Live-Blog-Count": str(self.blogs),
            "Entry-Count": str(self.entries),
            "Kiroku-Version": __version__,
            "Kiroku-Commit": self.commit,
        }
        if self.captured:
            info["Capture-Date-Range"] = "/".join(self.captured)
        if self.entry_days:
            info["Entry-Date-Range"] = "/".join(self.entry_days)
        return info


def git_commit(root: Path) -> str:
    """``git rev-parse HEAD``, marked when tracked files differ from it; says so when there is no git."""
    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)

    try:
        head = git("rev-parse", "HEAD")
    except OSError:
        return "unknown (git is not installed)"
    if head.returncode != 0:
        return "unknown (not a git repository)"
    dirty = git("status", "--porcelain", "--untracked-files=no").stdout.strip()
    return head.stdout.strip() + (" (with uncommitted changes)" if dirty else "")


def commit_epoch(root: Path) -> int | None:
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True,
                             check=False)
    except OSError:
        return None
    return int(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip().isdigit() else None


def site_title(site_dir: Path) -> str:
    """The site's own title (Sphinx's ``html_title``), from the front page's ``<title>``."""
    try:
        with open(site_dir / "index.html", encoding="utf-8") as fh:
            head = fh.read(_CHUNK)
    except OSError:
        return "Kiroku archive"
    m = re.search(r"<title>(.*?)</title>", head, re.S)
    if not m:
        return "Kiroku archive"
    return " ".join(html.unescape(m.group(1)).rsplit(" \u2014 ", 1)[-1].split()) or "Kiroku archive"


def gather(project: Project, epoch: int | None) -> Facts:
    """The facts of ``project``'s archive; ``epoch`` None: the last commit's time, else the latest capture date."""
    site_dir = site_of(project)
    entries_path = site_dir / ENTRIES_JSON
    if not entries_path.is_file():
        raise KirokuError("the built site has no data/entries.json", path=site_dir,
                          hint="build the site first: make html")
    sources = tuple(load_sources(project.sources))
    blogs, count, days = set(), 0, []
    for entry in iter_entries(entries_path):
        blogs.add(entry.source)
        count += 1
        if entry.day:
            days.append(entry.day)
    captured = sorted(s.captured or src.published.isoformat() for src in sources for s in src.snapshots)
    if epoch is None:
        epoch = commit_epoch(project.root)
    if epoch is None:  # no git: the end of the latest capture day, a date the project itself records
        last = dt.date.fromisoformat(captured[-1][:10]) if captured else dt.date(1980, 1, 1)
        epoch = int(dt.datetime.combine(last, dt.time(), dt.UTC).timestamp())
    return Facts(
        title=site_title(site_dir),
        publishers=tuple(sorted({src.publisher for src in sources})),
        captured=(captured[0][:10], captured[-1][:10]) if captured else None,
        entry_days=(min(days), max(days)) if days else None,
        blogs=len(blogs | {src.slug for src in sources}),
        entries=count,
        commit=git_commit(project.root),
        epoch=max(epoch, ZIP_EPOCH),
        sources=sources,
    )


ZIP_EPOCH = 315532800  # 1980-01-01T00:00:00Z: the earliest time a ZIP member can carry
