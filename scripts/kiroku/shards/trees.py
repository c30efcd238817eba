"""The Sphinx projects of a sharded build: which files each one reads, and the digest that names them.

Every shard and the hub is a whole Sphinx project with the archive's conf.py, templates and
hand-written pages, so each page is written by the same templates, with the same sidebar and the
same links, as in one project. What a project does not build, it holds as a *stub*: the labels
and headings of a page, enough for links and the sidebar to resolve, written to a file nobody
publishes (the page itself comes from the project that builds it):

- a shard builds its live blogs' folders (``archive/<slug>/``); it holds the archive's index (with a
  table of contents of its own blogs) and the glossaries as stubs, so ``{ref}`` links to people,
  places and organizations resolve to the glossaries' URLs as in one project;
- the hub builds everything else: the front page, the list of live blogs, the glossaries (and their
  pages of mentions) with
  every mention of every shard (made by ``kiroku build`` from the data, not from shards'
  doctrees), the general index, ``data/*.json``, the search page, the static files; it holds each
  live blog's page as a stub, for the list's links and table of contents.

Files are hard-linked from ``docs/`` (copied where the folder is on another file system), so
Sphinx sees a page's own modification time and rebuilds only what changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import site
from ..fsutil import files_under, naming, write_atomic
from ..sphinxext.light import INPUTS, NAMES
from .plan import HUB, Shard

Files = Mapping[str, "Path | bytes"]  # a project's files: relative path -> a file to link, or a stub's bytes

_LABEL = re.compile(r"^\([A-Za-z0-9][A-Za-z0-9_.:-]*\)=\s*$")
_HEADING = re.compile(r"^#{1,6} \S")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")  # a Markdown link in a heading: its text stays
# What a Sphinx run of the archive reads besides its sources (relative to the project root).
SKELETON_DIRS = ("docs/_templates", "docs/_static")
REGISTER = "sources/register.yaml"
EXTRA = f"docs/{site.ARCHIVE_DIR}/{site.EXTRA_DIR}"  # html_extra_path: data/*.json, the hub's
MERMAID = "node_modules/mermaid/dist"  # what kiroku.sphinxext.mermaid_local copies (the hub's)


@dataclass(frozen=True)
class Tree:
    """One Sphinx project of a sharded build."""

    name: str  # a shard's id, or HUB
    files: Files  # its sources, relative to its source folder
    keep: tuple[str, ...]  # the output it publishes: path prefixes (empty: all but ``drop``)
    drop: tuple[str, ...]  # output prefixes it does not publish (the hub's stubs of live blogs)

    @property
    def is_hub(self) -> bool:
        return self.name == HUB

    def publishes(self, rel: str) -> bool:
        if self.drop and rel.startswith(self.drop):
            return False
        return not self.keep or rel.startswith(self.keep)


def stub(text: str) -> bytes:
    """A page's labels and its headings (their links made plain text): what links and the sidebar need.

    A label over a paragraph keeps a placeholder paragraph, so a link to it (``index.md#…-lead``) resolves.
    """
    out: list[str] = []
    pending: list[str] = []
    titled = False
    for line in text.splitlines():
        if _LABEL.match(line):
            pending.append(line)
        elif _HEADING.match(line):
            if pending or not titled:
                out += [*pending, "", _LINK.sub(r"\1", line), ""]
                titled = True
            pending = []
        elif line.strip() and pending:
            out += [*pending, "", "…", ""]  # a label names the block right after it
            pending = []
    return "\n".join(out).encode("utf-8")


def _toc(slugs: Iterable[str]) -> str:
    entries = "\n".join(f"{slug}/{site.BLOG_PAGE}" for slug in slugs)
    return f"\n```{{toctree}}\n:hidden:\n:maxdepth: 1\n\n{entries}\n```\n"


def walk(folder: Path, rel: str = "") -> dict[str, Path]:
    """Every file under ``folder`` by its relative path (posix, prefixed with ``rel``), sorted."""
    if not folder.is_dir():
        return {}
    return {f"{rel}{name}": folder / name for name in sorted(files_under(folder))}


def hand_written(docs: Path) -> dict[str, Path]:
    """The pages people wrote (docs/ but the generated archive, templates and static files)."""
    found: dict[str, Path] = {}
    for entry in sorted(os.scandir(docs), key=lambda e: e.name):  # the archive's thousands of files: not walked
        if entry.name.startswith("_") or entry.name == site.ARCHIVE_DIR:
            continue
        if entry.is_dir(follow_symlinks=False):
            found.update(walk(Path(entry.path), entry.name + "/"))
        elif entry.is_file():
            found[entry.name] = Path(entry.path)
    return {rel: path for rel, path in found.items() if rel.endswith(".md")}


def trees(docs: Path, shards: Iterable[Shard]) -> list[Tree]:
    """The hub and every shard, from ``docs/`` as ``kiroku build`` left it."""
    archive = docs / site.ARCHIVE_DIR
    shards = list(shards)
    common = hand_written(docs)
    top = {f"{site.ARCHIVE_DIR}/{p.name}": p for p in sorted(archive.glob("*.md"))}
    stubs = {rel: stub(path.read_text(encoding="utf-8")) for rel, path in top.items()}
    index_rel = f"{site.ARCHIVE_INDEX}.md"
    every_slug = [slug for shard in shards for slug in shard.slugs]
    blog_dirs = tuple(f"{site.ARCHIVE_DIR}/{slug}/" for slug in every_slug)
    hub: dict[str, Path | bytes] = {**common, **top}
    for folder in sorted(site.RESERVED_SLUGS):  # the glossaries' pages of mentions
        hub.update(walk(archive / folder, f"{site.ARCHIVE_DIR}/{folder}/"))
    for slug in every_slug:
        page = archive / slug / f"{site.BLOG_PAGE}.md"
        hub[f"{site.ARCHIVE_DIR}/{slug}/{site.BLOG_PAGE}.md"] = stub(page.read_text(encoding="utf-8"))
    out = [Tree(HUB, hub, (), (*blog_dirs, f"_static/{NAMES}", f"_static/{INPUTS}"))]
    for shard in shards:
        files: dict[str, Path | bytes] = {**common, **stubs}
        files[index_rel] = stubs[index_rel] + _toc(shard.slugs).encode("utf-8")
        for slug in shard.slugs:
            for rel, path in walk(archive / slug, f"{site.ARCHIVE_DIR}/{slug}/").items():
                files[rel] = path
        out.append(Tree(shard.id, files, tuple(f"{site.ARCHIVE_DIR}/{slug}/" for slug in shard.slugs), ()))
    return out


def skeleton(root: Path, *, hub: bool) -> dict[str, Path]:
    """What a Sphinx run reads besides its sources (conf.py, templates, static files; the hub: data files
    and the Mermaid assets), relative to the project root: what a worker without the project is sent."""
    files = {"conf.py": root / "conf.py"}
    if (root / REGISTER).is_file():  # the search page's dotted names (kiroku.sphinxext.search)
        files[REGISTER] = root / REGISTER
    for folder in SKELETON_DIRS:
        files.update(walk(root / folder, folder + "/"))
    if hub:
        files.update(walk(root / EXTRA, EXTRA + "/"))
        from ..sphinxext.mermaid_local import sources  # Sphinx is imported only where a hub is planned

        dist = root / MERMAID
        for path in sources(dist):
            rel = os.path.normpath(f"{MERMAID}/{os.path.relpath(path, dist)}")
            if path.is_dir():
                files.update(walk(path, rel + "/"))
            elif path.is_file():
                files[rel] = path
    return files


Memo = dict[str, list[int | str]]  # a file's path -> [inode, size, mtime_ns, its SHA-256]: digests known


def digest(files: Files, *extra: str, memo: Memo | None = None) -> str:
    """SHA-256 over the paths and bytes of ``files`` and the strings ``extra``: the name of a build's inputs.

    ``memo``: the digests of files as they were when last read; a file with the same inode, size and
    modification time is not read again (generated files that did not change keep all three: they are linked,
    not written). Files read are added to it."""
    h = hashlib.sha256()
    for item in extra:
        h.update(item.encode("utf-8") + b"\0")
    for rel in sorted(files):
        value = files[rel]
        if isinstance(value, bytes):
            size, inner = len(value), hashlib.sha256(value).digest()
        else:  # in pieces: data/entries.json grows with the archive
            size, inner = _file_digest(str(value), memo)
        h.update(f"{rel}\0{size}\0".encode())
        h.update(inner)
    return h.hexdigest()


def _file_digest(path: str, memo: Memo | None) -> tuple[int, bytes]:
    if memo is not None:
        st = os.stat(path)
        known = memo.get(path)
        if known is not None and known[:3] == [st.st_ino, st.st_size, st.st_mtime_ns]:
            return st.st_size, bytes.fromhex(str(known[3]))
    with open(path, "rb") as f:
        st = os.fstat(f.fileno())
        inner = hashlib.file_digest(f, "sha256").digest()
    if memo is not None:
        memo[path] = [st.st_ino, st.st_size, st.st_mtime_ns, inner.hex()]
    return st.st_size, inner


def read_all(files: Files) -> dict[str, bytes]:
    """The bytes of ``files``: what is sent to a worker that does not share this disk."""
    return {rel: value if isinstance(value, bytes) else value.read_bytes() for rel, value in files.items()}


def mirror(dest: Path, files: Files) -> int:
    """Make ``dest`` hold exactly ``files``: links (or copies) of files, stubs written; the number changed.

    A file already linked is left alone, so Sphinx sees nothing new; a stub is rewritten only when its
    bytes change.
    """
    changed = 0
    for rel, value in files.items():
        target = dest / rel
        if isinstance(value, bytes):
            if target.is_file() and target.stat().st_size == len(value) and target.read_bytes() == value:
                continue
            write_atomic(target, value)
        else:
            with contextlib.suppress(FileNotFoundError):
                if os.path.samefile(value, target):
                    continue
            place(value, target)
        changed += 1
    for rel in set(walk(dest)) - set(files):
        (dest / rel).unlink()
        changed += 1
    return changed


def place(source: Path, target: Path) -> None:
    """``target`` becomes a hard link of ``source`` (a copy with its times where linking cannot)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    with naming(target):
        try:
            os.link(source, tmp)
        except OSError:
            shutil.copy2(source, tmp)
        os.replace(tmp, target)


def write_files(dest: Path, files: Mapping[str, bytes]) -> None:
    """A worker's output received: ``dest`` (emptied first) holds exactly ``files``."""
    if dest.exists():
        shutil.rmtree(dest)
    for rel, data in files.items():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with naming(target):
            target.write_bytes(data)
