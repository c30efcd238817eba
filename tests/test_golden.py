"""Golden files: the parsed seed and the MyST generated for it. Regenerate with `make golden`, then review the diff."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from kiroku import ids
from kiroku.build import Project, load_view, render_all
from kiroku.mentions import Matcher
from kiroku.read.text import parse_capture
from kiroku.register import load_register
from kiroku.sources import load_sources
from tests.conftest import ROOT, SEED

GOLDEN = Path(__file__).parent / "golden"


def check(name: str, text: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        pytest.skip(f"rewrote {path}")
    assert path.exists(), f"{path} is missing: run `make golden` and review it"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the golden file; if intended: make golden"


def test_parsed_seed(update_golden: bool) -> None:
    blog = parse_capture(
        SEED.read_text(encoding="utf-8"), seed=SEED.name, published=dt.date(2023, 9, 13), timezone="Asia/Tokyo", fmt="prefix-heading").blog
    data = dataclasses.asdict(blog)
    data["anchors"] = list(ids.mint_entries("nhk-20230913-putin-kim-summit", blog.entries))
    check("seed_parse.json", json.dumps(data, ensure_ascii=False, indent=1) + "\n", update_golden)


def test_generated_pages_of_the_seed(update_golden: bool) -> None:
    project = Project(ROOT)
    views = [load_view(project, s) for s in load_sources(project.sources)]
    files = render_all(views, Matcher(load_register(project.register)))
    # One entry page, one day page, the live blog page and a glossary stand for the rest.
    view = views[0]
    entry_page = f"{view.slug}/{view.anchors[1]}.md"
    names = (f"{view.slug}/index.md", f"{view.slug}/2023-09-12.md", entry_page, "places.md")
    combined = "".join(f"===== {name}\n{files[name]}" for name in names)
    check("seed_pages.md.txt", combined, update_golden)


def test_seed_facts() -> None:
    """Facts about the seed checked by hand, independent of the golden file."""
    blog = parse_capture(
        SEED.read_text(encoding="utf-8"), seed=SEED.name, published=dt.date(2023, 9, 13), timezone="Asia/Tokyo", fmt="prefix-heading").blog
    assert len(blog.entries) == 38
    assert blog.title.startswith("【詳しく】プーチン大統領とキム総書記")
    assert len(blog.lead) == 2
    assert [s.heading for s in blog.background] == ["ボストーチヌイ宇宙基地とは"]
    timed = [e for e in blog.entries if e.time]
    assert len(timed) == 22
    first, last = blog.entries[1], blog.entries[-1]
    assert (first.heading, first.time and first.time.iso) == (
        "ロシア国営通信社“プーチン大統領が基地出発”",
        "2023-09-13T19:40:00+09:00",
    )
    assert last.time is not None and (last.time.iso, last.time.precision) == ("2023-09-12", "day")
    twins = [e for e in blog.entries if e.time and e.time.iso == "2023-09-13T17:45:00+09:00"]
    assert len(twins) == 2
    after = [e.heading for e in blog.entries if e.time and e.time.qualifier == "after"]
    assert len(after) == 3  # 13:00すぎ twice, 12:00すぎ
    dinner = next(e for e in blog.entries if e.heading == "プーチン大統領「今回の訪問も友好的な雰囲気」")
    assert dinner.body[4].text == "夕食会に参加したのはロシア側からは"  # type: ignore[union-attr]
    assert len(dinner.body[5].items) == 10  # type: ignore[union-attr]
    assert blog.entries[-1].lines == (239, 253)
