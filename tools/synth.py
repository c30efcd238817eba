"""Synthetic live blogs for benchmarks and scale tests: our own text from a fixed-seed generator."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kiroku.model import ParsedBlog, Window
from kiroku.read import ParseReport
from kiroku.register import Register
from kiroku.sources import Snapshot, Source, dump_source

ENTRIES_PER_BLOG = 40
_VERBS = ["会談", "視察", "発表", "会見", "協議", "訪問", "声明", "到着", "出発", "署名"]
_THINGS = ["経済協力", "共同声明", "合意文書", "記者会見", "首脳会談", "夕食会", "式典", "調査", "支援策", "交渉"]
_SENTENCES = [
    "{person}は{place}で{thing}について説明しました。",
    "関係者によりますと、{thing}は予定どおり進められているということです。",
    "{place}の当局は、{thing}の詳しい内容を近く明らかにするとしています。",
    "{person}は記者団に対し「{thing}を前に進めたい」と述べました。",
    "現地からの映像では、{place}に多くの人が集まっている様子が確認できます。",
    "一方、{org}は{thing}について慎重な姿勢を示しています。",
]


def _pick(rng: random.Random, items: list[str]) -> str:
    return items[rng.randrange(len(items))]


def _words(register: Register) -> tuple[list[str], list[str], list[str]]:
    """People (family name and title), places and organizations of the register, with stand-ins."""
    people = [(t.family_name or t.name) + (t.titles[0] if t.titles else "氏") for t in register.of_kind("person")]
    places = [t.name for t in register.of_kind("place")] or ["みなと市"]
    orgs = [t.name for t in register.of_kind("organization")] or ["実行委員会"]
    return people or ["アオヤマ市長"], places, orgs


def _sentences(rng: random.Random, people: list[str], places: list[str], orgs: list[str]) -> Callable[[], str]:
    fill = {"person": "", "place": "", "thing": "", "org": ""}

    def sentence() -> str:
        fill.update(person=_pick(rng, people), place=_pick(rng, places), thing=_pick(rng, _THINGS),
                    org=_pick(rng, orgs))
        return _pick(rng, _SENTENCES).format(**fill)

    return sentence


def blog_text(rng: random.Random, register: Register, day: dt.date, n_entries: int = ENTRIES_PER_BLOG) -> str:
    """One capture in the NHK 【詳しく】 shape, newest first, over two days."""
    people, places, orgs = _words(register)
    sentence = _sentences(rng, people, places, orgs)
    lines = [f"【詳しく】{_pick(rng, places)}で{_pick(rng, _THINGS)} 最新の動き（試験データ {day}）", "",
             sentence(), "", "※時刻の表記はすべて日本時間です。", "", "目次", ""]
    minute = 23 * 60
    current = None
    for i in range(n_entries):
        minute -= rng.randrange(5, 50)
        entry_day = day if minute >= 0 else day - dt.timedelta(days=1)
        clock = minute % (24 * 60)
        heading = f"{_pick(rng, people)} {_pick(rng, places)}で{_pick(rng, _VERBS)}（{i}）"
        if rng.random() < 0.15:
            lines += [heading, ""]  # an entry with no time
        else:
            prefix = f"{entry_day.day}日 " if entry_day != current else ""
            current = entry_day
            lines += [f"{prefix}{clock // 60:02d}:{clock % 60:02d} {heading}", ""]
        for _ in range(rng.randrange(1, 4)):
            lines += [sentence() + sentence(), ""]
    return "\n".join(lines) + "\n"


def write_archive(root: Path, register: Register, n_entries: int, *, seed: int = 20231, start: int = 0) -> list[str]:
    """Seeds and metadata for ``n_entries`` entries in blogs of 40, into an existing project; returns slugs."""
    slugs = []
    base = dt.date(2024, 1, 1)
    for b in range(start, start + max(1, n_entries // ENTRIES_PER_BLOG)):
        day = base + dt.timedelta(days=b)
        rng = random.Random(seed * 100_003 + b)  # each blog from its own number: the same whatever was built first
        text = blog_text(rng, register, day).encode("utf-8")
        sha = hashlib.sha256(text).hexdigest()
        name = f"{b:05d}_{sha[:16]}.txt"
        (root / "seeds" / name).write_bytes(text)
        slug = f"synth-{b:05d}"
        source = Source(slug=slug, title=text.decode().splitlines()[0], publisher="試験放送", published=day,
                        timezone="Asia/Tokyo", language="ja", snapshots=(Snapshot(name, sha, day.isoformat()),),
                        format="prefix-heading")
        (root / "sources" / f"{slug}.yaml").write_text(dump_source(source), encoding="utf-8")
        slugs.append(slug)
    return slugs


LIVE_SLUG = "synth-live"
LIVE_PUBLISHED = dt.date(2024, 3, 1)
UNTIMED_SHARE = 0.03  # entries with no time on the page (the matcher compares these within one large group)
CORRECTION = "※当初の内容を一部訂正しました。"
HEADING_CORRECTION = "（訂正）"  # added to every heading by the revising snapshot, with ``correct_headings``
DELETE_EVERY = 8  # with a window: every 8th snapshot (from the 4th) deletes one entry inside it


@dataclass(frozen=True)
class LiveBlog:
    """One synthetic live blog captured again and again: the snapshots' texts, oldest first."""

    published: dt.date
    snapshots: tuple[str, ...]
    counts: tuple[int, ...]  # entries in each snapshot (with a window: on the live page, the snapshot shows fewer)
    edited: tuple[tuple[int, ...], ...]  # per snapshot: the entry numbers whose text changed since the one before
    revision: int | None  # the snapshot that revises every entry (None: fewer than two snapshots)
    window: int | None = None  # each snapshot shows only the newest ``window`` entries (a live page)
    shown: tuple[tuple[int, ...], ...] = ()  # with a window: per snapshot, the entry numbers it shows, newest first
    deleted: tuple[tuple[int, ...], ...] = ()  # with a window: per snapshot, the entry numbers it deleted

    def captured(self, k: int) -> str:
        """The capture date of snapshot ``k``: one a day from the publication date (for the metadata only)."""
        return (self.published + dt.timedelta(days=k)).isoformat()


@dataclass
class _LiveEntry:
    number: int  # creation order; part of the heading, so headings are distinct
    minute: int | None  # minutes after the publication date's midnight (Japan time); None: no time
    heading: str
    paragraphs: list[str]


def revision_index(snapshots: int) -> int | None:
    """The snapshot that revises every entry: S//2 + 1 (0-based), the last one for very few snapshots."""
    return min(snapshots // 2 + 1, snapshots - 1) if snapshots > 1 else None


def live_blog(register: Register, entries: int = 3000, snapshots: int = 48, *, seed: int = 14,
              correct_headings: bool = False, window: int | None = None) -> LiveBlog:
    """``snapshots`` captures of one live blog whose latest capture holds ``entries`` entries.

    Each capture after the first adds 2-4 entries on top and edits the text of one or two earlier entries
    (a sentence added to their last paragraph); the capture ``revision_index(snapshots)`` also corrects the
    first paragraph of every entry (and, with ``correct_headings``, every heading: ``HEADING_CORRECTION``).
    Entries are 1-8 minutes apart (about nine days for 3,000), newest first, in the NHK 【詳しく】 shape of
    ``blog_text``, from a fixed-seed generator: the same arguments give the same texts.

    ``window``: each capture shows only the newest ``window`` entries, as a live page with a link to older
    posts does (``entries`` is then the size of the live blog, not of a capture), and every ``DELETE_EVERY``-th
    capture deletes one entry from the middle of its window (``deleted``): removals that are real.
    """
    if snapshots < 1 or entries < 1:
        raise ValueError("a live blog needs at least one entry and one snapshot")
    rng = random.Random(seed * 1_000_003 + entries * 1_009 + snapshots)
    people, places, orgs = _words(register)
    sentence = _sentences(rng, people, places, orgs)
    added = [rng.randrange(2, 5) for _ in range(snapshots - 1)]
    while sum(added) >= entries and any(added):  # small blogs: the first capture keeps at least one entry
        added[max(range(len(added)), key=lambda i: added[i])] -= 1
    revision = revision_index(snapshots)
    live: list[_LiveEntry] = []
    minute = 6 * 60
    made = 0  # entries written so far (deleted ones too)

    def new_entry() -> _LiveEntry:
        nonlocal minute, made
        minute += rng.randrange(1, 9)
        when = None if rng.random() < UNTIMED_SHARE else minute
        heading = f"{_pick(rng, people)} {_pick(rng, places)}で{_pick(rng, _VERBS)}（{made + 1}）"
        paragraphs = [sentence() + sentence() for _ in range(rng.randrange(1, 4))]
        made += 1
        return _LiveEntry(made - 1, when, heading, paragraphs)

    title = f"【詳しく】{_pick(rng, places)}で{_pick(rng, _THINGS)} 最新の動き（試験データ）"
    lead = sentence()
    texts: list[str] = []
    counts: list[int] = []
    edited: list[tuple[int, ...]] = []
    shown: list[tuple[int, ...]] = []
    deleted: list[tuple[int, ...]] = []
    for k in range(snapshots):
        changed: set[int] = set()
        gone: tuple[int, ...] = ()
        if k == 0:
            for _ in range(entries - sum(added)):
                live.append(new_entry())
        else:
            for _ in range(added[k - 1]):
                live.append(new_entry())
            earlier = live[: len(live) - added[k - 1]]
            for e in rng.sample(earlier, min(rng.randrange(1, 3), len(earlier))):
                e.paragraphs[-1] += sentence()
                changed.add(e.number)
            if k == revision:
                for e in earlier:
                    e.paragraphs[0] += CORRECTION
                    if correct_headings:
                        e.heading += HEADING_CORRECTION
                    changed.add(e.number)
            if window is not None and k % DELETE_EVERY == DELETE_EVERY // 2 and len(live) > window:
                victim = live[-(window // 2) - 1]  # in the middle of the window
                live.remove(victim)
                gone = (victim.number,)
        page = live if window is None else live[-window:]
        texts.append(_live_text(title, lead, page))
        counts.append(len(live))
        edited.append(tuple(sorted(changed)))
        shown.append(tuple(e.number for e in reversed(page)))
        deleted.append(gone)
    if window is None:
        return LiveBlog(LIVE_PUBLISHED, tuple(texts), tuple(counts), tuple(edited), revision)
    return LiveBlog(LIVE_PUBLISHED, tuple(texts), tuple(counts), tuple(edited), revision, window, tuple(shown),
                    tuple(deleted))


def _live_text(title: str, lead: str, live: Sequence[_LiveEntry]) -> str:
    lines = [title, "", lead, "", "※時刻の表記はすべて日本時間です。", "", "目次", ""]
    current: dt.date | None = None
    for e in reversed(live):  # newest first
        if e.minute is None:
            lines += [e.heading, ""]
        else:
            day = LIVE_PUBLISHED + dt.timedelta(days=e.minute // (24 * 60))
            clock = e.minute % (24 * 60)
            prefix = f"{day.day}日 " if day != current else ""
            current = day
            lines += [f"{prefix}{clock // 60:02d}:{clock % 60:02d} {e.heading}", ""]
        for paragraph in e.paragraphs:
            lines += [paragraph, ""]
    return "\n".join(lines) + "\n"


def seed_name(k: int, text: str) -> str:
    """A seed's name as ``kiroku ingest`` gives it: the snapshot's number, then the start of its SHA-256."""
    return f"{k:03d}_{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}.txt"


def write_live_blog(root: Path, blog: LiveBlog, *, count: int | None = None, only_latest: bool = False,
                    slug: str = LIVE_SLUG) -> Source:
    """Seeds and ``sources/SLUG.yaml`` for the first ``count`` snapshots (default all) into an existing project.

    ``only_latest``: the last of those snapshots alone, as if the live blog had been captured once.
    """
    count = len(blog.snapshots) if count is None else count
    chosen = [count - 1] if only_latest else list(range(count))
    snaps = []
    for n, k in enumerate(chosen):
        data = blog.snapshots[k].encode("utf-8")
        name = seed_name(n, blog.snapshots[k])
        (root / "seeds" / name).write_bytes(data)
        snaps.append(Snapshot(name, hashlib.sha256(data).hexdigest(), blog.captured(k)))
    source = Source(slug=slug, title=blog.snapshots[0].splitlines()[0], publisher="試験放送",
                    published=blog.published, timezone="Asia/Tokyo", language="ja", snapshots=tuple(snaps),
                    format="prefix-heading", path=root / "sources" / f"{slug}.yaml")
    (root / "sources" / f"{slug}.yaml").write_text(dump_source(source), encoding="utf-8")
    return source


def entry_number(heading: str) -> int:
    """The number (0-based, creation order) of a live blog's entry, from its heading's 「（N）」."""
    return int(re.findall(r"（(\d+)）", heading)[-1]) - 1


def windowed(blog: ParsedBlog) -> ParsedBlog:
    """A parse of a capture that shows only a live page's newest entries: it does not reach the blog's start."""
    return dataclasses.replace(blog, window=Window(("https://example.org/synth-live",), reaches_start=False))


@contextlib.contextmanager
def windowed_parses() -> Iterator[None]:
    """Every capture Kiroku parses meanwhile is read as a live page with a link to older posts (what the web
    readers say of such a page; our synthetic captures are text): ``Window(reaches_start=False)``."""
    import kiroku.build
    import kiroku.ingest.plan

    real = kiroku.build.blog_of

    def blog_of(report: ParseReport) -> ParsedBlog:
        return windowed(real(report))

    kiroku.build.blog_of = blog_of  # type: ignore[assignment]
    kiroku.ingest.plan.blog_of = blog_of  # type: ignore[assignment]
    try:
        yield
    finally:
        kiroku.build.blog_of = real  # type: ignore[assignment]
        kiroku.ingest.plan.blog_of = real  # type: ignore[assignment]


def windowed_main(argv: list[str]) -> int:
    """``kiroku ARGS`` with ``windowed_parses``: ``python -c 'from tools.synth import windowed_main; …'``."""
    from kiroku.cli.main import main

    with windowed_parses():
        return main(argv)
