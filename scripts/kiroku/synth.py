"""Synthetic live blogs for benchmarks and scale tests: our own text from a fixed-seed generator."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from pathlib import Path

from .register import Register
from .sources import Snapshot, Source, dump_source

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


def blog_text(rng: random.Random, register: Register, day: dt.date, n_entries: int = ENTRIES_PER_BLOG) -> str:
    """One capture in the NHK 【詳しく】 shape, newest first, over two days."""
    people = [(t.family_name or t.name) + (t.titles[0] if t.titles else "氏") for t in register.of_kind("person")]
    places = [t.name for t in register.of_kind("place")] or ["みなと市"]
    orgs = [t.name for t in register.of_kind("organization")] or ["実行委員会"]
    people = people or ["アオヤマ市長"]
    fill = {"person": "", "place": "", "thing": "", "org": ""}

    def sentence() -> str:
        fill.update(person=_pick(rng, people), place=_pick(rng, places), thing=_pick(rng, _THINGS),
                    org=_pick(rng, orgs))
        return _pick(rng, _SENTENCES).format(**fill)

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
