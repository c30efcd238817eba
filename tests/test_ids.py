"""Ids: one pure rule per kind (``kiroku.ids``), pinned case by case in fixtures/ids.json, and the seed's lock kept."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path

import pytest

from kiroku import ids
from kiroku.build import Project, load_view
from kiroku.lock import load_lock, reconcile
from kiroku.model import Block, Bounds, Entry, EntryTime, ListBlock, Paragraph, body_text
from kiroku.register import load_register
from kiroku.sources import load_sources
from tests.conftest import FIXTURES, make_project

CASES = json.loads((FIXTURES / "ids.json").read_text(encoding="utf-8"))["cases"]
VALID = [c for c in CASES if c["id"] is not None]
INVALID = [c for c in CASES if c["id"] is None]


def case_name(case: dict) -> str:  # type: ignore[type-arg]
    return f"{case['kind']}:{'|'.join(case['parts'])}"[:60]


def sha_digest(*parts: str) -> str:
    """The entry digest computed here with hashlib alone: 6 hex of SHA-256 over NFKC parts, one per line."""
    text = "\n".join(unicodedata.normalize("NFKC", p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]


@pytest.mark.parametrize("case", VALID, ids=case_name)
def test_mint_gives_the_recorded_id(case: dict) -> None:  # type: ignore[type-arg]
    made = ids.mint(case["kind"], *case["parts"])
    assert made == case["id"]
    assert ids.ID_RE.fullmatch(made)
    assert made.isascii()


@pytest.mark.parametrize("case", INVALID, ids=case_name)
def test_mint_refuses_invalid_parts(case: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValueError):
        ids.mint(case["kind"], *case["parts"])


@pytest.mark.parametrize("case", [c for c in VALID if c["kind"] == "entry"], ids=case_name)
def test_entry_cases_agree_with_hashlib(case: dict) -> None:  # type: ignore[type-arg]
    source, stamp, heading, *salt = case["parts"]
    assert case["id"] == f"e-{stamp}-{sha_digest(source, heading, *(salt or ['']))}"


@pytest.mark.parametrize("case", [c for c in VALID if c["kind"] == "paragraph"], ids=case_name)
def test_paragraph_number_reads_the_id_back(case: dict) -> None:  # type: ignore[type-arg]
    entry_id, n = case["parts"]
    assert ids.paragraph_number(case["id"]) == int(n)
    assert ids.paragraph_label(case["id"]) == f"p{n}"
    assert case["id"].startswith(entry_id + "-p")


def test_the_fixture_covers_every_kind() -> None:
    assert {c["kind"] for c in VALID} == set(ids.KINDS)
    assert {c["kind"] for c in INVALID} >= set(ids.KINDS)


@pytest.mark.parametrize("bad", ["e-20230913-1940-c0d57c", "e-20230913-1940-c0d57c-p0", "e-x-p1a", "p"])
def test_paragraph_number_refuses_other_ids(bad: str) -> None:
    with pytest.raises(ValueError):
        ids.paragraph_number(bad)


# --- the entry rule on entries ---------------------------------------------------------------------


def entry(heading: str, iso: str | None, precision: str = "minute", body: str = "本文です。",
          day: str = "2025-08-31", blocks: tuple[Block, ...] | None = None) -> Entry:
    time = EntryTime(iso, precision, "exact") if iso else None  # type: ignore[arg-type]
    return Entry(
        heading=heading,
        time=time,
        bounds=None if time else Bounds(None, None),
        body=blocks if blocks is not None else (Paragraph(body, 3),),
        seed="s.txt",
        lines=(1, 3),
        position=0,
        day=day,
    )


def one(source: str, e: Entry) -> str:
    return ids.mint_entry(source, e, set())


def test_shape_of_entry_ids() -> None:
    assert re.fullmatch(r"e-20250831-2140-[0-9a-f]{6}", one("src", entry("見出し", "2025-08-31T21:40:00+09:00")))
    assert re.fullmatch(r"e-20250830-[0-9a-f]{6}", one("src", entry("見出し", "2025-08-30", "day")))
    assert re.fullmatch(r"e-20260110-evening-[0-9a-f]{6}", one("src", entry("見出し", "2026-01-10", "evening")))
    assert re.fullmatch(r"e-20250831-x-[0-9a-f]{6}", one("src", entry("見出し", None)))
    minute = one("src", entry("見出し", "2025-08-31T21:40:00+09:00"))
    assert minute == f"e-20250831-2140-{sha_digest('src', '見出し', '')}"


def test_entry_id_is_ascii_and_starts_with_a_letter() -> None:
    a = one("src", entry("全角ＡＢＣと記号「」", "2025-08-31T21:40:00+09:00"))
    assert ids.ID_RE.fullmatch(a)
    assert a.isascii()
    assert a == one("src", entry("全角ABCと記号「」", "2025-08-31T21:40:00+09:00"))  # NFKC


def test_same_data_same_id_position_does_not_matter() -> None:
    e1 = entry("見出し", "2025-08-31T21:40:00+09:00")
    e2 = Entry(**{**e1.__dict__, "position": 7, "lines": (90, 95)})
    assert one("src", e1) == one("src", e2)


def test_heading_and_source_change_the_id() -> None:
    base = one("src", entry("見出し", "2025-08-31T21:40:00+09:00"))
    assert one("src", entry("別の見出し", "2025-08-31T21:40:00+09:00")) != base
    assert one("other", entry("見出し", "2025-08-31T21:40:00+09:00")) != base


def test_same_minute_entries_get_different_ids() -> None:
    made = ids.mint_entries("src", [entry("見出しA", "2025-08-31T21:40:00+09:00"),
                                    entry("見出しB", "2025-08-31T21:40:00+09:00")])
    assert len(set(made)) == 2
    assert all(a.startswith("e-20250831-2140-") for a in made)


def test_same_minute_same_heading_split_by_text_then_by_number() -> None:
    twins = [
        entry("見出し", "2025-08-31T21:40:00+09:00", body="一つ目。"),
        entry("見出し", "2025-08-31T21:40:00+09:00", body="二つ目。"),
    ]
    first, second = ids.mint_entries("src", twins)
    assert first == f"e-20250831-2140-{sha_digest('src', '見出し', '')}"
    assert second == f"e-20250831-2140-{sha_digest('src', '見出し', '二つ目。')}"
    plain, salted, third, fourth = ids.mint_entries("src", [entry("見出し", "2025-08-31T21:40:00+09:00")] * 4)
    assert plain == first
    assert salted == f"e-20250831-2140-{sha_digest('src', '見出し', '本文です。')}"
    assert (third, fourth) == (salted + "-2", salted + "-3")


def test_twins_that_differ_only_in_a_list_are_split_by_the_list() -> None:
    """The build salts with every block, ▼ lists included (the old tested rule saw paragraphs only)."""
    def twin(items: tuple[str, ...]) -> Entry:
        return entry("見出し", "2025-08-31T21:40:00+09:00", blocks=(Paragraph("参加者は", 3), ListBlock(items, 4)))

    first, second = ids.mint_entries("src", [twin(("甲", "乙")), twin(("甲", "丙"))])
    text = "参加者は\n甲\n丙"
    assert second != first + "-2"
    assert second == "e-20250831-2140-" + sha_digest("src", "見出し", text)
    assert body_text(twin(("甲", "丙"))) == "参加者は\n甲\n丙"


def test_mint_entries_is_deterministic() -> None:
    entries = [entry(f"見出し{i}", "2025-08-31T21:40:00+09:00") for i in range(20)]
    assert ids.mint_entries("src", entries) == ids.mint_entries("src", list(entries))


def test_mint_entry_joins_taken() -> None:
    taken: set[str] = set()
    made = ids.mint_entry("src", entry("見出し", None), taken)
    assert taken == {made}


# --- the project's own seed: every locked anchor, through the real pipeline ------------------------


def test_the_seed_builds_every_locked_anchor_unchanged(tmp_path: Path) -> None:
    project = Project(make_project(tmp_path))
    lock_text = project.lock.read_text(encoding="utf-8")
    lock = load_lock(project.lock)
    views = [load_view(project, s) for s in load_sources(project.sources)]
    register = load_register(project.register)
    locked = {a: e for entries in lock.entries.values() for a, e in entries.items()}
    built = {t.anchor: t for v in views for t in v.tracks}
    assert len(locked) == 38
    assert set(built) == set(locked)  # nothing added, nothing lost
    for anchor, e in locked.items():
        track = built[anchor]
        assert (track.first.seed, track.first.entry.heading) == (e.first_seed, e.heading), anchor
        paragraphs = sorted({p for v in track.versions for p in v.paragraph_anchors}, key=ids.paragraph_number)
        assert tuple(paragraphs) == e.paragraphs, anchor
        assert list(e.paragraphs) == [ids.mint("paragraph", anchor, str(n)) for n in range(1, len(e.paragraphs) + 1)]
    for view in views:  # one snapshot each: the ids rule alone gives the same entry ids, in page order
        assert len(view.source.snapshots) == 1
        assert view.anchors == ids.mint_entries(view.slug, view.blog.entries)
    terms = {t.id: t.name for t in register.terms}
    assert set(terms) == set(lock.terms)
    assert all(ids.ID_RE.fullmatch(term_id) for term_id in terms)
    assert reconcile(lock, {v.slug: v.tracks for v in views}, terms, project.lock) == 0
    assert lock.dump() == lock_text
