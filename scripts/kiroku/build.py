"""The orchestrator: sources and seeds in, generated MyST pages and data out.

With ingest, the CLI and fsutil, the only code that touches the disk.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import cache, read, site
from .errors import KirokuError
from .fsutil import TreeReport, remove_stale_temporaries, write_atomic, write_tree
from .history import Tracker
from .lock import LOCK_NAME, Fact, load_lock, reconcile
from .mentions import Matcher
from .model import ParsedBlog
from .register import Register, load_register
from .render import (
    BlogParts,
    BlogView,
    Citation,
    EntriesJson,
    Listing,
    blog_parts,
    collect_mentions,
    mention_pages,
    render_archive_index,
    render_glossary,
    render_glossary_json,
)
from .seeds import verify_seeds
from .sources import Source, load_sources
from .suggest import find_candidates, summary_line

Log = Callable[[str], None]


@dataclass(frozen=True)
class Project:
    """Where things are, relative to the project root."""

    root: Path

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def lock(self) -> Path:
        return self.sources / "anchors.lock"

    @property
    def register(self) -> Path:
        return self.sources / "register.yaml"

    @property
    def cache(self) -> Path:
        """Derived data kept between builds (safe to delete): the track cache, the generation stamp."""
        return self.root / "_build" / "cache"

    @property
    def archive(self) -> Path:
        return self.root / "docs" / site.ARCHIVE_DIR


def find_root(start: Path) -> Path:
    """The project root: the nearest folder upwards holding conf.py and sources/."""
    for folder in (start, *start.parents):
        if (folder / "conf.py").is_file() and (folder / "sources").is_dir():
            return folder
    raise KirokuError(
        "not inside a Kiroku project (no conf.py with a sources/ folder here or above)",
        path=start,
        hint="run kiroku from the project folder, or pass --root",
    )


def blog_of(report: read.ParseReport) -> ParsedBlog:
    """A parse's ParsedBlog, its entries that had no heading on the page marked as named from their text."""
    if not report.named_from_text:
        return report.blog
    entries = tuple(
        dataclasses.replace(e, named_from_text=True) if e.position in report.named_from_text else e
        for e in report.blog.entries
    )
    return dataclasses.replace(report.blog, entries=entries)


def load_view(project: Project, source: Source, log: Log | None = print, *, keep: bool = True) -> BlogView:
    """Every snapshot of one source, parsed and matched into tracks; the latest one is the page.

    From the track cache where it was made from these seeds (``kiroku.cache``); ``keep`` False leaves
    the cache as it was (``kiroku inspect`` only reads).
    """
    tracker, latest = track_source(project, source, log, keep=keep)
    assert tracker.complete, "pages are made from every version"
    return BlogView(source, latest, tuple(tracker.tracks()))


def track_source(project: Project, source: Source, log: Log | None = print, *,
                 keep: bool = True, summary: bool = False) -> tuple[Tracker, ParsedBlog]:
    """The source's tracker after all its snapshots, and the latest parse: cached ones go on from the cache.

    ``summary``: a ``Tracker.summary()`` will do (anchors and matching, not pages), when the cache has one.
    """
    verify_seeds(source, project.seeds)  # the cache is keyed by the seeds' SHA-256: first, check them
    cached = (summary and cache.load(project.cache, source, summary=True)) or cache.load(project.cache, source)
    tracker = cached.tracker if cached else Tracker(source.slug)
    latest = cached.latest if cached else None
    todo = source.snapshots[tracker.snapshots:]
    for snap in todo:
        latest = parse_seed(project, source, snap.seed)
        tracker.add(latest)
    assert latest is not None, "a source has at least one snapshot"
    if todo and keep:
        problem = cache.save(project.cache, source, cache.Cached(cache.seed_list(source), tracker, latest))
        if problem and log:
            log(f"warning: {problem}; the next build parses {source.slug}'s seeds again")
    return tracker, latest


def read_seed(project: Project, source: Source, seed: str) -> read.Capture:
    """One of the source's seeds, read as its metadata says (encoding, URL, size limit)."""
    return read.read_file(project.seeds / seed, source.encoding, source.url, limits=read.Limits.of(source.max_page_mb))


def parse_seed(project: Project, source: Source, seed: str) -> ParsedBlog:
    """One of the source's seeds, read and parsed as its metadata says."""
    capture = read_seed(project, source, seed)
    return blog_of(read.parse(capture, seed=seed, published=source.published, timezone=source.timezone,
                              fmt=source.format, strict_order=source.strict_order))


def archive_files(blogs: Iterable[BlogParts], register: Register, *, spool: Path | None = None,
                  check: Callable[[dict[str, tuple[Fact, ...]]], None] | None = None,
                  ) -> Iterator[tuple[str, str | Path]]:
    """Every generated file, relative to docs/archive/, one at a time, from each live blog's parts in slug order.

    Only the parts' summaries are kept to the end (the blogs' own pages go by as they come). ``spool``: a
    file that data/entries.json is written to in pieces and handed over as a path (else one string).
    ``check``: called with every blog's lock facts once all are seen, before the archive-wide files.
    """
    listings: list[Listing] = []
    cited: list[tuple[tuple[str, str], tuple[tuple[str, Citation], ...]]] = []
    facts: dict[str, tuple[Fact, ...]] = {}
    pieces: list[str] = []
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(spool.open("w", encoding="utf-8")) if spool is not None else None
        records = EntriesJson(out.write if out is not None else pieces.append)
        for parts in blogs:
            yield from parts.files
            listings.append(parts.listing)
            cited.append(((parts.listing.published, parts.slug), parts.citations))
            facts[parts.slug] = parts.facts
            records.add(parts.records)
        records.close()
    if check is not None:
        check(facts)
    yield site.source_file(site.ARCHIVE_INDEX), render_archive_index(listings)
    yield site.data_file("entries"), spool if spool is not None else "".join(pieces)
    mentions = collect_mentions(register, cited)
    del cited
    for kind, (_, _, name) in site.GLOSSARIES.items():
        yield site.source_file(site.glossary_docname(kind)), render_glossary(kind, register, mentions)
        yield from mention_pages(kind, register, mentions)
        yield site.data_file(name), render_glossary_json(kind, register, mentions)


def render_files(views: list[BlogView], matcher: Matcher) -> Iterator[tuple[str, str | Path]]:
    """Every generated file of these views, relative to docs/archive/ (entries.json as one string)."""
    return archive_files((blog_parts(v, matcher) for v in sorted(views, key=lambda v: v.slug)), matcher.register)


def render_all(views: list[BlogView], matcher: Matcher) -> dict[str, str]:
    """Every generated file, relative to docs/archive/ (all in memory: for tests and golden files)."""
    return {rel: text for rel, text in render_files(views, matcher) if isinstance(text, str)}


@dataclass(frozen=True)
class LastRun:
    """What the last finished generation left, as a build finds it: its stamp, the archive's digest now (names,
    sizes, times), and whether generation's inputs are still the stamp's (then ``generate`` writes nothing)."""

    stamp: cache.Stamp | None
    archive: str
    current: bool


def last_run(project: Project) -> LastRun:
    """A look at the stamp and the files' names, sizes and times (a killed run's temporaries removed first)."""
    remove_stale_temporaries(project.sources)
    remove_stale_temporaries(project.cache)
    stamp = cache.read_stamp(project.cache)
    archive = cache.archive_digest(project.archive)
    current = stamp is not None and stamp.digest == cache.inputs_digest(project.sources, project.archive, archive)
    return LastRun(stamp, archive, current)


def generate(project: Project, log: Log = print, last: LastRun | None = None) -> TreeReport:
    """Parse every source's latest seed and write docs/archive/ (only files whose text changed).

    A run whose inputs are those of the last finished one (``kiroku.cache`` stamp: code, sources/, the
    generated files as left) checks the seeds, says the last run's warnings again, and writes nothing.
    ``last``: ``last_run`` as the caller just looked (under the project lock), else looked here.
    """
    last = last if last is not None else last_run(project)
    sources = load_sources(project.sources)
    stamp = last.stamp
    if last.current and stamp is not None:
        for source in sources:  # the stamp does not cover the seeds' bytes: check them as a build would
            verify_seeds(source, project.seeds)
        log(f"kiroku: nothing changed since the last build: docs/{site.ARCHIVE_DIR}/ kept as it is "
            f"(0 written, {stamp.files} unchanged, 0 removed); the last build said:")
        for line in stamp.lines:
            log(line)
        return TreeReport(0, stamp.files, 0)
    cache.forget_stamp(project.cache)
    said: list[str] = []

    def log_and_keep(line: str) -> None:
        said.append(line)
        log(line)

    # The archive as the last finished run left it: a blog whose pages come from the render cache has, on
    # disk, the pages that run wrote from the same parts, and they need not be read to be compared.
    as_left = stamp is not None and stamp.archive == last.archive
    report = _generate(project, sources, log_and_keep, log, as_left=as_left)
    archive = cache.archive_digest(project.archive)
    digest = cache.inputs_digest(project.sources, project.archive, archive)
    problem = cache.write_stamp(project.cache, cache.Stamp(digest, tuple(said), report.written + report.unchanged,
                                                           archive))
    if problem:
        log(f"warning: {problem}; the next build generates the pages again")
    return report


def blog_of_source(project: Project, source: Source, matcher: Matcher, register: bytes,
                   tell: Log) -> tuple[BlogParts, bool]:
    """One live blog's share of the archive, and whether it was rendered: from the render cache when it was made
    from the same metadata (hence seeds), register and code, else rendered (and cached). The seeds are checked
    either way."""
    key = cache.parts_key(source, register)
    kept = cache.load_parts(project.cache, source.slug, key)
    parts = BlogParts.from_plain(kept) if kept is not None else None
    if parts is not None and parts.slug == source.slug:
        verify_seeds(source, project.seeds)  # the render cache is keyed by the metadata's SHA-256: check them
        return parts, False
    return render_source(project, source, matcher, key, tell), True  # checked by track_source


def render_source(project: Project, source: Source, matcher: Matcher, key: str, tell: Log) -> BlogParts:
    """One live blog rendered from its seeds (through the track cache), and kept in the render cache."""
    parts = blog_parts(load_view(project, source, tell), matcher)
    matcher.forget()  # this blog's texts are done with: memory does not grow with the archive
    problem = cache.save_parts(project.cache, source.slug, key, parts.plain())
    if problem:
        tell(f"warning: {problem}; the next build renders {source.slug} again")
    return parts


# Rendering many blogs (a first build, a changed register or Kiroku): in worker processes, one per core, each
# with its own matcher; the pages are still written in slug order by this process.
PARALLEL_FROM = 8  # blogs to render
_WORKER: dict[str, object] = {}


def _start_worker(project: Project) -> None:
    _WORKER.update(project=project, matcher=Matcher(load_register(project.register)))


def _render_in_worker(source: Source, key: str) -> tuple[BlogParts, list[str]]:
    said: list[str] = []
    project, matcher = _WORKER["project"], _WORKER["matcher"]
    assert isinstance(project, Project)
    assert isinstance(matcher, Matcher)
    return render_source(project, source, matcher, key, said.append), said


class _RenderPool:
    """The blogs the render cache does not hold, rendered in worker processes when there are enough of them,
    a few ahead of the blog whose pages are being written (so finished parts never pile up in memory)."""

    def __init__(self, project: Project, sources: list[Source], register: bytes, stack: contextlib.ExitStack) -> None:
        keys = {s.slug: cache.parts_key(s, register) for s in sources}
        todo = [s for s in sources if not cache.parts_current(project.cache, s.slug, keys[s.slug])]
        self.futures: dict[str, concurrent.futures.Future[tuple[BlogParts, list[str]]]] = {}
        self.queue: list[tuple[Source, str]] = []
        cores = os.cpu_count() or 1
        if len(todo) < PARALLEL_FROM or cores < 2:
            return
        self.pool = stack.enter_context(concurrent.futures.ProcessPoolExecutor(
            max_workers=cores, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker,
            initargs=(project,)))
        stack.callback(self.pool.shutdown, wait=True, cancel_futures=True)
        self.ahead = 4 * cores
        self.queue = [(s, keys[s.slug]) for s in reversed(todo)]
        self._fill()

    def _fill(self) -> None:
        while self.queue and len(self.futures) < self.ahead:
            source, key = self.queue.pop()
            self.futures[source.slug] = self.pool.submit(_render_in_worker, source, key)

    def take(self, slug: str) -> concurrent.futures.Future[tuple[BlogParts, list[str]]] | None:
        future = self.futures.pop(slug, None)
        if future is not None:
            self._fill()
        return future


def _generate(project: Project, sources: list[Source], log: Log, tell: Log, *, as_left: bool = False) -> TreeReport:
    """``log``: what a no-op run says again (warnings, the entries of each source); ``tell``: this run's news.

    Blog by blog in slug order: each blog's pages are written as they are made and only its summary is kept
    (``render.BlogParts``), so a generation's memory does not grow with every entry of the archive.
    """
    register_bytes = project.register.read_bytes() if project.register.is_file() else b""
    register = load_register(project.register)
    matcher = Matcher(register)
    lock = load_lock(project.lock)
    owner: dict[str, str] = {}
    rendered: set[str] = set()
    known: set[str] = set()  # files on disk as the parts say, unread (``as_left``)
    path_of = {s.slug: s.path for s in sources}
    added = 0

    def blogs() -> Iterator[BlogParts]:
        ordered = sorted(sources, key=lambda s: s.slug)
        with contextlib.ExitStack() as stack:
            pool = _RenderPool(project, ordered, register_bytes, stack)
            for source in ordered:
                yield _one(source, pool.take(source.slug))

    def _one(source: Source, future: concurrent.futures.Future[tuple[BlogParts, list[str]]] | None) -> BlogParts:
        if future is not None:
            parts, said = future.result()
            for line in said:
                tell(line)
            fresh = True
        else:
            parts, fresh = blog_of_source(project, source, matcher, register_bytes, tell)
        if fresh:
            rendered.add(source.slug)
        elif as_left:
            known.update(rel for rel, _ in parts.files)
        for warning in parts.warnings:
            log(f"warning: {warning}")
        for anchor in parts.anchors:
            if anchor in owner:
                raise KirokuError(
                    f"anchor {anchor} is produced by both {owner[anchor]} and {source.slug}",
                    path=path_of[source.slug],
                    hint="two sources hold the same capture? remove the duplicate source",
                )
            owner[anchor] = source.slug
        log(parts.line)
        return parts

    def check(facts: dict[str, tuple[Fact, ...]]) -> None:
        nonlocal added
        added = reconcile(lock, facts, {t.id: t.name for t in register.terms}, project.lock)

    spool: Path | None = project.cache / f".entries.json.tmp{os.getpid()}"  # data/entries.json, in pieces
    try:
        project.cache.mkdir(parents=True, exist_ok=True)
    except OSError:
        spool = None  # no cache folder (said when the caches are written): in memory then
    try:
        report = write_tree(project.archive, archive_files(blogs(), register, spool=spool, check=check),
                            known=known.__contains__)
    finally:
        if spool is not None:
            spool.unlink(missing_ok=True)
    # After the archive: a run killed before its swap leaves the lock as it was too.
    if added:
        write_atomic(project.lock, lock.dump().encode("utf-8"))
        tell(f"kiroku: recorded {added} new anchor(s) in sources/{LOCK_NAME}; commit it with the seeds")
    tell(
        f"kiroku: {len(sources)} live blog(s), {len(owner)} entries -> docs/{site.ARCHIVE_DIR}/ "
        f"({report.written} written, {report.unchanged} unchanged, {report.removed} removed)"
    )
    # The quick rule only, over the blogs rendered this time (their seeds are new or the register changed):
    # the whole archive's report (with SudachiPy) is `kiroku suggest`.
    texts = LatestSeeds(project, [s for s in sources if s.slug in rendered])
    line = summary_line(find_candidates(texts, matcher, use_sudachi=False)) + " (katakana + title rule"
    log(line + (")" if len(rendered) == len(sources) else f", in the {len(rendered)} live blog(s) rendered again)"))
    return report


@dataclass(frozen=True)
class LatestSeeds:
    """(seed name, text) of these sources' latest seeds, read from disk each time it is iterated: the suggest
    rule reads them twice and never holds them all."""

    project: Project
    sources: list[Source]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for s in self.sources:
            yield s.latest.seed, read_seed(self.project, s, s.latest.seed).text


def seed_texts(project: Project, files: list[Path]) -> list[tuple[str, str]]:
    """(name, text) of the given captures, or of every source's latest seed."""
    if files:
        return [(f.name, read.read_file(f).text) for f in files]
    return list(LatestSeeds(project, load_sources(project.sources)))
