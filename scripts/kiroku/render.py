"""Pure renderers: parsed live blogs in, MyST page text (and entries.json) out. No I/O."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .escape import escape_block, escape_inline
from .mentions import Matcher
from .model import Block, Entry, EntryTime, ListBlock, ParsedBlog
from .register import Kind
from .sources import Source

_QUALIFIER_JA = {"exact": "", "after": "すぎ", "before": "前", "about": "ごろ"}
_QUALIFIER_EN = {"exact": "", "after": "after ", "before": "before ", "about": "about "}
ARCHIVE_DIR = "archive"
_INDENT = " \t"


@dataclass(frozen=True)
class BlogView:
    """One live blog ready to render: its metadata, its parse and its entries' anchors."""

    source: Source
    blog: ParsedBlog
    anchors: tuple[str, ...]

    @property
    def slug(self) -> str:
        return self.source.slug

    def chronological(self) -> list[tuple[Entry, str]]:
        """Entries in time order (oldest first); same-time entries keep the page's order."""
        pairs = list(zip(self.blog.entries, self.anchors))
        return pairs[::-1] if self.blog.order == "newest-first" else pairs

    def days(self) -> list[tuple[str, list[tuple[Entry, str]]]]:
        grouped: dict[str, list[tuple[Entry, str]]] = {}
        for entry, anchor in self.chronological():
            grouped.setdefault(entry.day, []).append((entry, anchor))
        return sorted(grouped.items())


def docname(slug: str, page: str) -> str:
    """Sphinx docname of a generated page (``archive/<slug>/<page>``)."""
    return f"{ARCHIVE_DIR}/{slug}/{page}"


def entry_url(slug: str, anchor: str) -> str:
    """URL of an entry relative to the site root, with its anchor."""
    return f"{docname(slug, anchor)}.html#{anchor}"


def day_label(day: str) -> str:
    d = dt.date.fromisoformat(day)
    return f"{d.year}年{d.month}月{d.day}日"


def time_label(t: EntryTime, *, with_date: bool = True) -> str:
    """How a reader sees a time: ``2023年9月13日 13:00すぎ``, ``9月12日``."""
    if t.precision == "day":
        return day_label(t.iso) + _QUALIFIER_JA[t.qualifier]
    moment = dt.datetime.fromisoformat(t.iso)
    clock = f"{moment.hour}時" if t.precision == "hour" else f"{moment:%H:%M}"
    text = clock + _QUALIFIER_JA[t.qualifier]
    return f"{day_label(moment.date().isoformat())} {text}" if with_date else text


def time_role(t: EntryTime, *, with_date: bool = True) -> str:
    """A ``<time datetime>`` element, through the kiroku-time role (the text is ours, not the seed's)."""
    return "{kiroku-time}`" + f"{t.iso}|{time_label(t, with_date=with_date)}" + "`"


def when(entry: Entry, *, with_date: bool = True) -> str:
    """The entry's time, or for an untimed entry the bounds its neighbours give."""
    if entry.time is not None:
        return time_role(entry.time, with_date=with_date)
    b = entry.bounds
    after = b.after if b else None
    before = b.before if b else None
    if after and before:
        return f"時刻の記載なし（{time_role(after, with_date=with_date)}から{time_role(before, with_date=with_date)}の間）"
    if after:
        return f"時刻の記載なし（{time_role(after, with_date=with_date)}より後）"
    if before:
        return f"時刻の記載なし（{time_role(before, with_date=with_date)}より前）"
    return "時刻の記載なし"


def when_en(entry: Entry) -> str:
    """Plain English wording of the time, for readers and for the page's summary."""
    if entry.time is not None:
        q = _QUALIFIER_EN[entry.time.qualifier]
        return f"{q}{entry.time.iso}"
    b = entry.bounds
    parts = []
    if b and b.after:
        parts.append(f"after {b.after.iso}")
    if b and b.before:
        parts.append(f"before {b.before.iso}")
    return "no time given" + (f" ({' and '.join(parts)})" if parts else "")


def ref(text: str, label: str) -> str:
    """A cross-reference; ``text`` is register text or a matched name (no markup characters)."""
    return "{ref}`" + f"{text} <{label}>" + "`"


def linked_inline(text: str, matcher: Matcher | None, linked: set[str]) -> str:
    """Escaped text whose first mention of each term (not yet in ``linked``) links to its glossary entry."""
    if matcher is None:
        return escape_inline(text)
    out: list[str] = []
    pos = 0
    for mention in matcher.find(text):
        if mention.term_id in linked:
            continue
        linked.add(mention.term_id)
        out.append(escape_inline(text[pos : mention.start]))
        out.append(ref(mention.surface, mention.term_id))
        pos = mention.end
    out.append(escape_inline(text[pos:]))
    return "".join(out)


def _blocks(blocks: Iterable[Block], matcher: Matcher | None = None, linked: set[str] | None = None) -> list[str]:
    linked = set() if linked is None else linked
    out: list[str] = []
    for block in blocks:
        if isinstance(block, ListBlock):
            items = [linked_inline(item, matcher, linked).lstrip(_INDENT) for item in block.items]
            out.append("\n".join(f"- {item}" for item in items))
        else:
            # No leading indentation ever reaches MyST (it would make a code block).
            out.append(linked_inline(block.text, matcher, linked).lstrip(_INDENT))
    return out


_KIND_LABEL: dict[Kind, str] = {"person": "人物", "place": "場所", "organization": "組織"}


def entry_mentions(entry: Entry, matcher: Matcher | None) -> list[str]:
    """Ids of the terms an entry mentions (heading, then body), in order of first mention."""
    if matcher is None:
        return []
    texts = [entry.heading]
    for block in entry.body:
        texts.extend(block.items if isinstance(block, ListBlock) else (block.text,))
    return matcher.ids_in(texts)


def _mention_lines(ids: Sequence[str], matcher: Matcher | None) -> list[str]:
    if matcher is None or not ids:
        return []
    terms = matcher.register.by_id()
    lines = []
    for kind, label in _KIND_LABEL.items():
        refs = [ref(terms[i].name, i) for i in ids if terms[i].kind == kind]
        if refs:
            lines.append(f"- {label}：" + "、".join(refs))
    return ["登場する人物・場所・組織", "\n".join(lines)]


def _toctree(names: Sequence[str]) -> str:
    return "```{toctree}\n:hidden:\n:maxdepth: 1\n\n" + "\n".join(names) + "\n```"


def _zone_label(tz: str) -> str:
    return "日本時間" if tz == "Asia/Tokyo" else tz


def render_entry(view: BlogView, entry: Entry, anchor: str, matcher: Matcher | None = None) -> str:
    src = view.source
    seed_lines = f"{entry.lines[0]}–{entry.lines[1]}行目"
    parts = [
        f"({anchor})=",
        f"# {escape_inline(entry.heading)}",
        f"{when(entry)}（{_zone_label(src.timezone)}）",
        *_blocks(entry.body, matcher),
        "---",
        *_mention_lines(entry_mentions(entry, matcher), matcher),
        f"ライブブログ：[{escape_inline(view.blog.title)}](index.md)"
        f" ・ [{day_label(entry.day)}]({entry.day}.md)",
        f"出典：{escape_inline(src.publisher)} ・ seeds/{escape_inline(entry.seed)} の {seed_lines}"
        f" ・ 引用用アンカー `{anchor}`",
    ]
    return "\n\n".join(parts) + "\n"


def render_day(view: BlogView, day: str, items: Sequence[tuple[Entry, str]]) -> str:
    lines = [f"- {when(e, with_date=False)} [{escape_inline(e.heading)}]({a}.md)" for e, a in items]
    parts = [
        f"(d-{view.slug}-{day.replace('-', '')})=",
        f"# {day_label(day)}",
        f"[{escape_inline(view.blog.title)}](index.md) の{len(items)}項目（時刻順、{_zone_label(view.source.timezone)}）",
        "\n".join(lines),
        _toctree([a for _, a in items]),
    ]
    return "\n\n".join(parts) + "\n"


def blog_texts(view: BlogView) -> list[tuple[str, str, list[str]]]:
    """Blog-level text that can mention terms: (label, heading, texts) for the lead and each background section."""
    out = [(f"b-{view.slug}-lead", "前文", [p.text for p in view.blog.lead])]
    for n, section in enumerate(view.blog.background, 1):
        texts = [section.heading]
        for block in section.body:
            texts.extend(block.items if isinstance(block, ListBlock) else (block.text,))
        out.append((f"b-{view.slug}-background-{n}", section.heading, texts))
    return out


MAX_DIAGRAM_EDGES = 40  # beyond this a co-occurrence diagram stops being legible


def cooccurrence_diagram(view: BlogView, matcher: Matcher | None) -> str | None:
    """Mermaid source: people mentioned in the same entries, edges weighted by how often, nodes linked."""
    if matcher is None:
        return None
    terms = matcher.register.by_id()
    pairs: dict[tuple[str, str], int] = {}
    for entry in view.blog.entries:
        people = sorted({i for i in entry_mentions(entry, matcher) if terms[i].kind == "person"})
        for i, a in enumerate(people):
            for b in people[i + 1 :]:
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
    if not pairs:
        return None
    edges = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_DIAGRAM_EDGES]
    nodes = sorted({n for (a, b), _ in edges for n in (a, b)})

    def node(term_id: str) -> str:
        return term_id.replace("-", "_")

    lines = ["graph LR"]
    lines += [f'  {node(n)}["{terms[n].name}"]' for n in nodes]
    lines += [f"  {node(a)} ---|{count}| {node(b)}" for (a, b), count in edges]
    lines += [f'  click {node(n)} href "../people.html#{n}" "{terms[n].name}"' for n in nodes]
    return "```{mermaid}\n" + "\n".join(lines) + "\n```"


def render_blog(view: BlogView, matcher: Matcher | None = None) -> str:
    src, blog = view.source, view.blog
    facts = [
        f"- 発行元：{escape_inline(src.publisher)}",
        f"- 公開日：{day_label(src.published.isoformat())}",
        f"- 時刻：{_zone_label(src.timezone)}（{escape_inline(src.timezone)}）",
        f"- 項目数：{len(blog.entries)}",
        "- 取得：" + "、".join(f"seeds/{escape_inline(s.seed)}" for s in src.snapshots),
    ]
    if src.url:
        facts.insert(1, f"- 元記事：<{src.url}>")
    parts = [f"(b-{view.slug})=", f"# {escape_inline(blog.title)}", "\n".join(facts)]
    parts.append(f"(b-{view.slug}-lead)=")
    parts += _blocks(blog.lead, matcher)
    parts += [escape_block(p.text) for p in blog.notes]
    parts += [f"(b-{view.slug}-entries)=", "## 項目（時刻順）"]
    for day, items in view.days():
        parts.append(f"(b-{view.slug}-{day.replace('-', '')})=")
        parts.append(f"### [{day_label(day)}]({day}.md)")
        parts.append("\n".join(f"- {when(e, with_date=False)} [{escape_inline(e.heading)}]({a}.md)" for e, a in items))
    diagram = cooccurrence_diagram(view, matcher)
    if diagram:
        parts += [f"(b-{view.slug}-people)=", "## 同じエントリーに登場する人物"]
        parts.append("線の数字は、二人がともに登場するエントリーの数です。名前を選ぶと人物の項目に移ります。")
        parts.append(diagram)
    for n, section in enumerate(blog.background, 1):
        parts += [f"(b-{view.slug}-background-{n})=", f"## {escape_inline(section.heading)}"]
        parts += _blocks(section.body, matcher)
    parts.append(_toctree([day for day, _ in view.days()]))
    return "\n\n".join(parts) + "\n"


def render_archive_index(views: Sequence[BlogView]) -> str:
    ordered = sorted(views, key=lambda v: (v.source.published, v.slug), reverse=True)
    items = [
        f"- [{escape_inline(v.blog.title)}]({v.slug}/index.md) — {escape_inline(v.source.publisher)}、"
        f"{day_label(v.source.published.isoformat())}、{len(v.blog.entries)}項目"
        for v in ordered
    ]
    parts = [
        "(archive)=",
        "# ライブブログ一覧",
        f"{len(views)}件のライブブログ、{sum(len(v.blog.entries) for v in views)}項目（新しい順）。",
        "\n".join(items) if items else "まだライブブログがありません。",
        _toctree([f"{v.slug}/index" for v in ordered]),
    ]
    return "\n\n".join(parts) + "\n"


def _time_json(t: EntryTime | None) -> dict[str, str] | None:
    return None if t is None else {"datetime": t.iso, "precision": t.precision, "qualifier": t.qualifier}


def entry_record(view: BlogView, entry: Entry, anchor: str, matcher: Matcher | None = None) -> dict[str, object]:
    b = entry.bounds
    return {
        "id": anchor,
        "source": view.slug,
        "heading": entry.heading,
        "datetime": entry.time.iso if entry.time else None,
        "precision": entry.time.precision if entry.time else None,
        "qualifier": entry.time.qualifier if entry.time else None,
        "bounds": None if b is None else {"after": _time_json(b.after), "before": _time_json(b.before)},
        "day": entry.day,
        "seed": f"seeds/{entry.seed}",
        "lines": list(entry.lines),
        "url": entry_url(view.slug, anchor),
        "paragraphs": [
            {"type": "list", "items": list(bl.items), "line": bl.line}
            if isinstance(bl, ListBlock)
            else {"type": "paragraph", "text": bl.text, "line": bl.line}
            for bl in entry.body
        ],
        "mentions": entry_mentions(entry, matcher),
    }


def render_entries_json(views: Sequence[BlogView], matcher: Matcher | None = None) -> str:
    records = [
        entry_record(v, e, a, matcher) for v in sorted(views, key=lambda v: v.slug) for e, a in zip(v.blog.entries, v.anchors)
    ]
    return json.dumps({"version": 1, "entries": records}, ensure_ascii=False, indent=1) + "\n"
