"""The orchestrator: sources and seeds in, generated MyST pages and data out.

With ingest, the CLI and fsutil, the only code that touches the disk.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import cache, read, site
from .errors import KirokuError
from .fsutil import TreeReport, remove_stale_temporaries, write_atomic, write_tree
from .history import Tracker
from .lock import LOCK_NAME, load_lock, reconcile
from .mentions import Matcher
from .model import ParsedBlog
from .register import load_register
from .render import (
    BlogView,
    index_mentions,
    render_archive_index,
    render_blog,
    render_day,
    render_entries_json,
    render_entry,
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


def parse_seed(project: Project, source: Source, seed: str) -> ParsedBlog:
    """One of the source's seeds, read and parsed as its metadata says."""
    capture = read.read_file(project.seeds / seed, source.encoding, source.url,
                             limits=read.Limits.of(source.max_page_mb))
    return blog_of(read.parse(capture, seed=seed, published=source.published, timezone=source.timezone,
                              fmt=source.format, strict_order=source.strict_order))


def render_files(views: list[BlogView], matcher: Matcher) -> Iterator[tuple[str, str]]:
    """Every generated file, relative to docs/archive/, one at a time: written as it comes, a large archive's
    pages are never all in memory (30,000 entries: 300 M characters)."""
    yield site.source_file(site.ARCHIVE_INDEX), render_archive_index(views)
    for view in views:
        yield site.source_file(site.blog_docname(view.slug)), render_blog(view, matcher)
        for day, items in view.days():
            yield site.source_file(site.day_docname(view.slug, day)), render_day(view, day, items)
        for track in view.tracks:
            yield site.source_file(site.entry_docname(view.slug, track.anchor)), render_entry(view, track, matcher)
    yield site.data_file("entries"), render_entries_json(views, matcher)
    mentions = index_mentions(views, matcher)
    for kind, (_, _, name) in site.GLOSSARIES.items():
        yield site.source_file(site.glossary_docname(kind)), render_glossary(kind, matcher.register, mentions)
        yield site.data_file(name), render_glossary_json(kind, matcher.register, mentions)


def render_all(views: list[BlogView], matcher: Matcher) -> dict[str, str]:
    """Every generated file, relative to docs/archive/ (all in memory: for tests and golden files)."""
    return dict(render_files(views, matcher))


def generate(project: Project, log: Log = print) -> TreeReport:
    """Parse every source's latest seed and write docs/archive/ (only files whose text changed).

    A run whose inputs are those of the last finished one (``kiroku.cache`` stamp: code, sources/, the
    generated files as left) checks the seeds, says the last run's warnings again, and writes nothing.
    """
    remove_stale_temporaries(project.sources)
    remove_stale_temporaries(project.cache)
    sources = load_sources(project.sources)
    stamp = cache.read_stamp(project.cache)
    if stamp is not None and stamp.digest == cache.inputs_digest(project.sources, project.archive):
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

    report = _generate(project, sources, log_and_keep, log)
    problem = cache.write_stamp(project.cache, cache.Stamp(cache.inputs_digest(project.sources, project.archive),
                                                           tuple(said), report.written + report.unchanged))
    if problem:
        log(f"warning: {problem}; the next build generates the pages again")
    return report


def _generate(project: Project, sources: list[Source], log: Log, tell: Log) -> TreeReport:
    """``log``: what a no-op run says again (warnings, the entries of each source); ``tell``: this run's news."""
    views: list[BlogView] = []
    owner: dict[str, str] = {}
    for source in sources:
        view = load_view(project, source, tell)
        for warning in view.blog.warnings:
            log(f"warning: {warning}")
        for anchor in view.anchors:
            if anchor in owner:
                raise KirokuError(
                    f"anchor {anchor} is produced by both {owner[anchor]} and {source.slug}",
                    path=source.path,
                    hint="two sources hold the same capture? remove the duplicate source",
                )
            owner[anchor] = source.slug
        views.append(view)
        removed = sum(t.removed for t in view.tracks)
        log(
            f"  {source.slug}: {len(view.tracks)} entries ({removed} removed) "
            f"from {len(source.snapshots)} snapshot(s), "
            f"latest seeds/{source.latest.seed}"
        )
    register = load_register(project.register)
    matcher = Matcher(register)
    lock = load_lock(project.lock)
    added = reconcile(lock, {v.slug: v.tracks for v in views}, {t.id: t.name for t in register.terms}, project.lock)
    report = write_tree(project.archive, render_files(views, matcher))
    # After the archive: a run killed before its swap leaves the lock as it was too.
    if added:
        write_atomic(project.lock, lock.dump().encode("utf-8"))
        tell(f"kiroku: recorded {added} new anchor(s) in sources/{LOCK_NAME}; commit it with the seeds")
    tell(
        f"kiroku: {len(views)} live blog(s), {len(owner)} entries -> docs/{site.ARCHIVE_DIR}/ "
        f"({report.written} written, {report.unchanged} unchanged, {report.removed} removed)"
    )
    # The quick rule only: the full report (with SudachiPy) is `kiroku suggest`.
    texts = [(v.blog.seed, read.read_file(project.seeds / v.blog.seed, v.source.encoding, v.source.url,
                                          limits=read.Limits.of(v.source.max_page_mb)).text)
             for v in views]
    log(summary_line(find_candidates(texts, matcher, use_sudachi=False)) + " (katakana + title rule)")
    return report


def seed_texts(project: Project, files: list[Path]) -> list[tuple[str, str]]:
    """(name, text) of the given captures, or of every source's latest seed."""
    if files:
        return [(f.name, read.read_file(f).text) for f in files]
    sources = load_sources(project.sources)
    return [(s.latest.seed, read.read_file(project.seeds / s.latest.seed, s.encoding, s.url,
                                           limits=read.Limits.of(s.max_page_mb)).text) for s in sources]
