"""Pure renderers: parsed live blogs in, MyST page text (and entries.json) out. No I/O."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .escape import escape_block, escape_inline, mermaid_label
from .history import Track, Version, block_text, fingerprint
from .mentions import Matcher
from .model import DATE_ONLY, Block, Entry, EntryTime, ListBlock, ParsedBlog
from .register import Kind
from .sources import Source

_QUALIFIER_JA = {"exact": "", "after": "すぎ", "before": "前", "about": "ごろ"}
_QUALIFIER_EN = {"exact": "", "after": "after ", "before": "before ", "about": "about "}
ARCHIVE_DIR = "archive"
_INDENT = " \t"


@dataclass(frozen=True)
class BlogView:
    """One live blog ready to render: its metadata, its latest parse, and every entry ever seen as a track."""

    source: Source
    blog: ParsedBlog  # the latest snapshot
    tracks: tuple[Track, ...]  # in page order; removed entries where they last stood

    @property
    def slug(self) -> str:
        return self.source.slug

    @property
    def anchors(self) -> tuple[str, ...]:
        return tuple(t.anchor for t in self.tracks)

    @property
    def entries(self) -> tuple[Entry, ...]:
        """The latest version of every entry, removed ones included."""
        return tuple(t.latest.entry for t in self.tracks)

    def removed(self, anchor: str) -> bool:
        return any(t.removed for t in self.tracks if t.anchor == anchor)

    def chronological(self) -> list[tuple[Entry, str]]:
        """Entries in time order (oldest first); same-time entries keep the page's order."""
        pairs = list(zip(self.entries, self.anchors))
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


_PART_OF_DAY_JA = {"predawn": "未明", "morning": "朝", "midday": "昼", "afternoon": "午後", "evening": "夕方から夜",
                   "night": "深夜"}


def time_label(t: EntryTime, *, with_date: bool = True) -> str:
    """How a reader sees a time: ``2023年9月13日 13:00すぎ``, ``9月12日``, ``2026年1月10日 夕方から夜``."""
    if t.precision == "day":
        return day_label(t.iso) + _QUALIFIER_JA[t.qualifier]
    if t.precision in DATE_ONLY:
        part = _PART_OF_DAY_JA.get(t.precision, t.precision) + _QUALIFIER_JA[t.qualifier]
        return f"{day_label(t.iso)} {part}" if with_date else part
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
        # The English name is on the page so that a search for "Putin" finds it.
        refs = [f"{ref(terms[i].name, i)}（{escape_inline(terms[i].romanized)}）" for i in ids if terms[i].kind == kind]
        if refs:
            lines.append(f"- {label}：" + "、".join(refs))
    return ["登場する人物・場所・組織", "\n".join(lines)]


def _toctree(names: Sequence[str]) -> str:
    return "```{toctree}\n:hidden:\n:maxdepth: 1\n\n" + "\n".join(names) + "\n```"


def _zone_label(tz: str) -> str:
    return "日本時間" if tz == "Asia/Tokyo" else tz


def _version_label(version: Version) -> str:
    return f"seeds/{escape_inline(version.seed)}"


def _revisions(track: Track, matcher: Matcher | None) -> list[str]:
    """What changed between snapshots; paragraphs that left the text keep their anchors here."""
    changes = track.changes()
    retired = {a: n for a, n in track.retired_paragraphs}
    if not changes and not retired:
        return []
    parts = [f"({track.anchor}-revisions)=", "## 版の履歴"]
    parts.append(
        "この項目は取得のたびに照合されています。各取得での違いを古い順に示します。"
        f"（{len(track.versions)}回の取得に登場）"
    )
    for old, new in changes:
        lines = [f"**{_version_label(old)} → {_version_label(new)}**"]
        if old.entry.heading != new.entry.heading:
            lines.append(f"見出し：「{escape_inline(old.entry.heading)}」→「{escape_inline(new.entry.heading)}」")
        if fingerprint(old.entry)[1] != fingerprint(new.entry)[1]:
            lines.append(f"時刻：{when(old.entry)} → {when(new.entry)}")
        old_p = dict(zip(old.paragraph_anchors, old.entry.body))
        new_p = dict(zip(new.paragraph_anchors, new.entry.body))
        edited = [a for a in old_p if a in new_p and block_text(old_p[a]) != block_text(new_p[a])]
        gone = [a for a in old_p if a not in new_p]
        added = [a for a in new_p if a not in old_p]
        if edited:
            lines.append("書き換えられた段落：" + "、".join(f"[{a.rsplit('-', 1)[1]}](#{a})" for a in edited))
        if added:
            lines.append("加わった段落：" + "、".join(f"[{a.rsplit('-', 1)[1]}](#{a})" for a in added))
        if gone:
            lines.append("削除された段落：" + "、".join(f"[{a.rsplit('-', 1)[1]}](#{a})" for a in gone))
        parts.append("\n\n".join(lines))
        for a in edited:
            parts.append(f"{a.rsplit('-', 1)[1]} の以前の文：")
            parts.append(_quote(old_p[a]))
    if retired:
        parts.append("最新の取得にはない段落（最後に確認できた文）：")
        for a, n in track.retired_paragraphs:
            version = track.versions[n]
            block = dict(zip(version.paragraph_anchors, version.entry.body))[a]
            parts.append(f"({a})=")
            parts.append(f"{a.rsplit('-', 1)[1]}（{_version_label(version)}）：")
            parts.append(_quote(block))
    return parts


def _quote(block: Block) -> str:
    if isinstance(block, ListBlock):
        return "\n".join(f"> - {escape_inline(item).lstrip(_INDENT)}" for item in block.items)
    return "> " + escape_block(block.text)


def cite_data(view: BlogView, track: Track) -> dict[str, object]:
    """What kiroku-cite needs to write the citations of one entry (URLs added at build time)."""
    entry = track.latest.entry
    captured = {s.seed: s.captured for s in view.source.snapshots}
    accessed = next((captured.get(v.seed) for v in reversed(track.versions) if captured.get(v.seed)), None)
    return {
        "anchor": track.anchor,
        "publisher": view.source.publisher,
        "blog_title": view.blog.title,
        "heading": entry.heading,
        "date": entry.time.iso[:10] if entry.time else entry.day,
        "when_ja": plain_when_ja(entry, view.source.timezone),
        "when_en": plain_when_en(entry, view.source.timezone),
        "original_url": view.source.url,
        "path": entry_url(view.slug, track.anchor),
        "accessed": accessed,
    }


def plain_when_ja(entry: Entry, tz: str) -> str:
    zone = "日本時間" if tz == "Asia/Tokyo" else tz
    if entry.time is not None:
        return f"{time_label(entry.time)}、{zone}"
    b = entry.bounds
    after, before = (b.after, b.before) if b else (None, None)
    span = "から".join(time_label(t) for t in (after, before) if t)
    return f"時刻の記載なし、{span}{'の間' if after and before else ''}、{zone}" if span else "時刻の記載なし"


def plain_when_en(entry: Entry, tz: str) -> str:
    def one(t: EntryTime) -> str:
        if t.precision in DATE_ONLY:
            moment = t.iso if t.precision == "day" else f"{t.iso} ({t.precision})"
        else:
            moment = dt.datetime.fromisoformat(t.iso).strftime("%Y-%m-%d %H:%M")
        return f"{_QUALIFIER_EN[t.qualifier]}{moment}"

    zone = "JST" if tz == "Asia/Tokyo" else tz
    if entry.time is not None:
        return f"{one(entry.time)} {zone}"
    b = entry.bounds
    parts = []
    if b and b.after:
        parts.append(f"after {one(b.after)}")
    if b and b.before:
        parts.append(f"before {one(b.before)}")
    return "time not given" + (f" ({' and '.join(parts)} {zone})" if parts else "")


def blog_posting(view: BlogView, track: Track, matcher: Matcher | None) -> dict[str, object]:
    """schema.org BlogPosting of one entry; '/'-prefixed URLs are made absolute at build time."""
    entry = track.latest.entry
    data: dict[str, object] = {
        "@type": "BlogPosting",
        "headline": entry.heading,
        "url": "/" + entry_url(view.slug, track.anchor),
        "inLanguage": view.source.language,
        "articleBody": "\n".join(block_text(b) for b in entry.body),
        "publisher": {"@type": "Organization", "name": view.source.publisher},
        "isPartOf": {"@type": "LiveBlogPosting", "headline": view.blog.title,
                     "url": "/" + docname(view.slug, "index") + ".html"},
    }
    if entry.time is not None:
        data["datePublished"] = entry.time.iso
    if view.source.url:
        data["isBasedOn"] = view.source.url
    if matcher is not None:
        terms = matcher.register.by_id()
        kinds = {"person": "Person", "place": "Place", "organization": "Organization"}
        data["mentions"] = [
            {"@type": kinds[terms[i].kind], "name": terms[i].name, "alternateName": terms[i].romanized,
             "url": "/" + glossary_url(terms[i].kind, i)}
            | ({"sameAs": f"https://www.wikidata.org/wiki/{terms[i].wikidata}"} if terms[i].wikidata else {})
            for i in entry_mentions(entry, matcher)
        ]
    return data


def glossary_url(kind: Kind, term_id: str) -> str:
    page = {"person": "people", "place": "places", "organization": "organizations"}[kind]
    return f"{ARCHIVE_DIR}/{page}.html#{term_id}"


def _json_block(directive: str, data: object) -> str:
    # One line of pure-ASCII JSON: no line of it can close the fence, and no character in it
    # (U+0085, U+2028…) can be taken for a line break by docutils.
    return f"```{{{directive}}}\n{json.dumps(data, ensure_ascii=True, sort_keys=True)}\n```"


def front_matter(view: BlogView) -> list[str]:
    """Pages of a live blog in another language than the archive's declare it (<html lang>)."""
    language = view.source.language
    if language == "ja" or not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", language):
        return []
    return [f"---\nkiroku_lang: {language}\n---"]


def render_entry(view: BlogView, track: Track, matcher: Matcher | None = None) -> str:
    src = view.source
    anchor = track.anchor
    latest = track.latest
    entry = latest.entry
    sha = {s.seed: s.sha256 for s in src.snapshots}
    parts = [*front_matter(view), f"({anchor})=", f"# {escape_inline(entry.heading)}"]
    if track.removed:
        parts.append(
            "```{warning}\nこの項目は最新の取得（"
            f"seeds/{escape_inline(src.latest.seed)}）では元のページから削除されています。"
            f"最後に確認できた内容（seeds/{escape_inline(latest.seed)}）を表示しています。\n```"
        )
    parts.append(f"{when(entry)}（{_zone_label(src.timezone)}）")
    if entry.named_from_text:
        parts.append("（元のページにはこの項目の見出しがありません。本文の最初の文を見出しにしています。"
                     "The source gives no heading: this one is the entry's first sentence.）")
    linked: set[str] = set()
    for block, p_anchor in zip(_blocks(entry.body, matcher, linked), latest.paragraph_anchors):
        parts += [f"({p_anchor})=", block]
    parts.append("---")
    parts += _mention_lines(entry_mentions(entry, matcher), matcher)
    parts += _revisions(track, matcher)
    parts += [f"({anchor}-cite)=", "## この項目を引用する", _json_block("kiroku-cite", cite_data(view, track))]
    captures = "、".join(
        f"seeds/{escape_inline(v.seed)}（{v.entry.lines[0]}–{v.entry.lines[1]}行目）" for v in track.versions
    )
    parts += [
        f"({anchor}-source)=",
        "## 出典",
        "\n".join([
            f"- ライブブログ：[{escape_inline(view.blog.title)}](index.md)（{escape_inline(src.publisher)}）"
            f" ・ [{day_label(entry.day)}]({entry.day}.md)",
            f"- 元のファイル：seeds/{escape_inline(latest.seed)} の {entry.lines[0]}–{entry.lines[1]}行目",
            f"- SHA-256：`{sha.get(latest.seed, '')}`",
            f"- 登場した取得：{captures}",
            f"- 引用用アンカー：`{anchor}`（段落：`{anchor}-p1` など）",
        ]),
        _json_block("kiroku-jsonld", {"@context": "https://schema.org", **blog_posting(view, track, matcher)}),
    ]
    return "\n\n".join(parts) + "\n"


def short_when(entry: Entry) -> str:
    """The time for lists and timelines; an untimed entry's bounds are on its own page."""
    if entry.time is not None:
        return time_role(entry.time, with_date=False)
    return "時刻なし"


def timeline(view: BlogView, items: Sequence[tuple[Entry, str]]) -> str:
    """A day's entries as a styled timeline (kiroku.css), each item linked to its entry."""
    lines = [f"- {short_when(e)} [{escape_inline(e.heading)}]({a}.md){_removed_mark(view, a)}" for e, a in items]
    return "```{container} kiroku-timeline\n" + "\n".join(lines) + "\n```"


def _removed_mark(view: BlogView, anchor: str) -> str:
    return "（元のページから削除）" if view.removed(anchor) else ""


def render_day(view: BlogView, day: str, items: Sequence[tuple[Entry, str]]) -> str:
    parts = [
        *front_matter(view),
        f"(d-{view.slug}-{day.replace('-', '')})=",
        f"# {day_label(day)}",
        f"[{escape_inline(view.blog.title)}](index.md) の{len(items)}項目（時刻順、{_zone_label(view.source.timezone)}）",
        timeline(view, items),
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
    for entry in view.entries:
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
    lines += [f'  {node(n)}["{mermaid_label(terms[n].name)}"]' for n in nodes]
    lines += [f"  {node(a)} ---|{count}| {node(b)}" for (a, b), count in edges]
    lines += [f'  click {node(n)} href "../people.html#{n}" "{mermaid_label(terms[n].name)}"' for n in nodes]
    return "```{mermaid}\n" + "\n".join(lines) + "\n```"


def render_blog(view: BlogView, matcher: Matcher | None = None) -> str:
    src, blog = view.source, view.blog
    removed = sum(t.removed for t in view.tracks)
    facts = [
        f"- 発行元：{escape_inline(src.publisher)}",
        f"- 公開日：{day_label(src.published.isoformat())}",
        f"- 時刻：{_zone_label(src.timezone)}（{escape_inline(src.timezone)}）",
        f"- 項目数：{len(view.tracks)}" + (f"（うち{removed}項目は元のページから削除）" if removed else ""),
        "- 取得：" + "、".join(f"seeds/{escape_inline(s.seed)}" for s in src.snapshots),
    ]
    if src.url:
        facts.insert(1, f"- 元記事：<{src.url}>")
    parts = [*front_matter(view), f"(b-{view.slug})=", f"# {escape_inline(blog.title)}", "\n".join(facts)]
    parts.append(f"(b-{view.slug}-lead)=")
    parts += _blocks(blog.lead, matcher)
    parts += [escape_block(p.text) for p in blog.notes]
    parts += [f"(b-{view.slug}-entries)=", "## 項目（時刻順）"]
    for day, items in view.days():
        parts.append(f"(b-{view.slug}-{day.replace('-', '')})=")
        parts.append(f"### [{day_label(day)}]({day}.md)")
        parts.append(timeline(view, items))
    diagram = cooccurrence_diagram(view, matcher)
    if diagram:
        parts += [f"(b-{view.slug}-people)=", "## 同じエントリーに登場する人物"]
        parts.append("線の数字は、二人がともに登場するエントリーの数です。名前を選ぶと人物の項目に移ります。")
        parts.append(diagram)
    for n, section in enumerate(blog.background, 1):
        parts += [f"(b-{view.slug}-background-{n})=", f"## {escape_inline(section.heading)}"]
        parts += _blocks(section.body, matcher)
    parts.append(_toctree([day for day, _ in view.days()]))
    parts.append(_json_block("kiroku-jsonld", live_blog_posting(view)))
    return "\n\n".join(parts) + "\n"


def live_blog_posting(view: BlogView) -> dict[str, object]:
    """schema.org LiveBlogPosting with one BlogPosting per entry (newest first, as on the page)."""
    updates = []
    for track in view.tracks:
        entry = track.latest.entry
        item: dict[str, object] = {"@type": "BlogPosting", "headline": entry.heading,
                                   "url": "/" + entry_url(view.slug, track.anchor)}
        if entry.time is not None:
            item["datePublished"] = entry.time.iso
        updates.append(item)
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": view.blog.title,
        "url": "/" + docname(view.slug, "index") + ".html",
        "inLanguage": view.source.language,
        "datePublished": view.source.published.isoformat(),
        "publisher": {"@type": "Organization", "name": view.source.publisher},
        "liveBlogUpdate": updates,
    }
    if view.source.url:
        data["isBasedOn"] = view.source.url
    return data


def render_archive_index(views: Sequence[BlogView]) -> str:
    ordered = sorted(views, key=lambda v: (v.source.published, v.slug), reverse=True)
    items = [
        f"- [{escape_inline(v.blog.title)}]({v.slug}/index.md) — {escape_inline(v.source.publisher)}、"
        f"{day_label(v.source.published.isoformat())}、{len(v.tracks)}項目"
        for v in ordered
    ]
    parts = [
        "(archive)=",
        "# ライブブログ一覧",
        f"{len(views)}件のライブブログ、{sum(len(v.tracks) for v in views)}項目（新しい順）。",
        "\n".join(items) if items else "まだライブブログがありません。",
        _toctree([f"{v.slug}/index" for v in ordered]),
    ]
    return "\n\n".join(parts) + "\n"


def _time_json(t: EntryTime | None) -> dict[str, str] | None:
    return None if t is None else {"datetime": t.iso, "precision": t.precision, "qualifier": t.qualifier}


def entry_record(view: BlogView, track: Track, matcher: Matcher | None = None) -> dict[str, object]:
    entry, anchor = track.latest.entry, track.anchor
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
        "paragraph_ids": list(track.latest.paragraph_anchors),
        "mentions": entry_mentions(entry, matcher),
        "removed": track.removed,
        "named_from_text": entry.named_from_text,
        "snapshots": [v.seed for v in track.versions],
        "revisions": [
            {
                "seed": f"seeds/{v.seed}",
                "heading": v.entry.heading,
                "datetime": v.entry.time.iso if v.entry.time else None,
                "lines": list(v.entry.lines),
                "paragraph_ids": list(v.paragraph_anchors),
                "paragraphs": [block_text(bl) for bl in v.entry.body],
            }
            for n, v in enumerate(track.versions)
            if n == 0 or fingerprint(v.entry) != fingerprint(track.versions[n - 1].entry)
        ],
    }


def render_entries_json(views: Sequence[BlogView], matcher: Matcher | None = None) -> str:
    records = [
        entry_record(v, t, matcher) for v in sorted(views, key=lambda v: v.slug) for t in v.tracks
    ]
    return json.dumps({"version": 1, "entries": records}, ensure_ascii=False, indent=1) + "\n"
