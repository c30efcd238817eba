"""A live blog's pages: its own page, its day pages, the archive's index, and the people diagram."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .. import ids, site, timewords
from ..escape import escape_block, escape_inline, mermaid_label
from ..mentions import Matcher
from ..model import Entry
from .jsonld import live_blog_posting
from .myst import blocks, front_matter, json_block, short_when, toctree
from .view import BlogView, entry_mentions

MAX_DIAGRAM_EDGES = 40  # beyond this a co-occurrence diagram stops being legible
Items = Sequence[tuple[Entry, str]]  # (entry, anchor)


def _removed_mark(view: BlogView, anchor: str) -> str:
    """An entry the latest capture lacks: removed from the source, or last seen in an earlier capture."""
    track = view.track(anchor)
    if track.status == "removed":
        return "（元のページから削除）"
    if track.status == "outside-window":
        return f"（第{view.capture_number(track)}回の取得まで掲載を確認）"
    return ""


def timeline(view: BlogView, items: Items, here: str) -> str:
    """A day's entries as a styled timeline (kiroku.css), each item linked from page ``here`` to its entry."""
    lines = [
        f"- {short_when(e)} [{escape_inline(e.heading)}]({site.link(here, site.entry_docname(view.slug, a))})"
        f"{_removed_mark(view, a)}"
        for e, a in items
    ]
    return "```{container} kiroku-timeline\n" + "\n".join(lines) + "\n```"


def render_day(view: BlogView, day: str, items: Items) -> str:
    here = site.day_docname(view.slug, day)
    parts = [
        *front_matter(view),
        f"({ids.mint('day', view.slug, day)})=",
        f"# {timewords.day_label(day)}",
        f"[{escape_inline(view.title)}]({site.link(here, site.blog_docname(view.slug))}) の{len(items)}項目"
        f"（時刻順、{timewords.zone_ja(view.source.timezone)}）",
        timeline(view, items, here),
        toctree([site.link(here, site.entry_docname(view.slug, a), suffix="") for _, a in items]),
    ]
    return "\n\n".join(parts) + "\n"


def _people_pairs(view: BlogView, matcher: Matcher) -> dict[tuple[str, str], int]:
    terms = matcher.register.by_id()
    pairs: dict[tuple[str, str], int] = {}
    for entry in view.entries:
        people = sorted({i for i in entry_mentions(entry, matcher) if terms[i].kind == "person"})
        for i, a in enumerate(people):
            for b in people[i + 1 :]:
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
    return pairs


def cooccurrence_diagram(view: BlogView, matcher: Matcher | None) -> str | None:
    """Mermaid source: people mentioned in the same entries, edges weighted by how often, nodes linked."""
    if matcher is None:
        return None
    pairs = _people_pairs(view, matcher)
    if not pairs:
        return None
    terms = matcher.register.by_id()
    edges = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_DIAGRAM_EDGES]
    nodes = sorted({n for (a, b), _ in edges for n in (a, b)})
    here, people = site.blog_docname(view.slug), site.glossary_docname("person")

    def node(term_id: str) -> str:
        return term_id.replace("-", "_")

    lines = ["graph LR"]
    lines += [f'  {node(n)}["{mermaid_label(terms[n].name)}"]' for n in nodes]
    lines += [f"  {node(a)} ---|{count}| {node(b)}" for (a, b), count in edges]
    lines += [f'  click {node(n)} href "{site.link(here, people, n, suffix=".html")}" "{mermaid_label(terms[n].name)}"'
              for n in nodes]
    return "```{mermaid}\n" + "\n".join(lines) + "\n```"


def _facts(view: BlogView) -> str:
    src = view.source
    removed, outside = view.counts()
    absent = [f"{removed}項目は元のページから削除"] if removed else []
    absent += [f"{outside}項目は最新の取得の範囲外（以前の取得で掲載を確認）"] if outside else []
    facts = [
        f"- 発行元：{escape_inline(src.publisher)}",
        f"- 公開日：{timewords.day_label(src.published.isoformat())}",
        f"- 時刻：{timewords.zone_ja(src.timezone)}（{escape_inline(src.timezone)}）",
        f"- 項目数：{len(view.tracks)}" + (f"（うち{'、'.join(absent)}）" if absent else ""),
        "- 取得：" + "、".join(f"seeds/{escape_inline(s.seed)}" for s in src.snapshots),
    ]
    if src.url:
        facts.insert(1, f"- 元記事：<{src.url}>")
    return "\n".join(facts)


def _days(view: BlogView, here: str) -> list[str]:
    parts = [f"({ids.mint('blog', view.slug, 'entries')})=", "## 項目（時刻順）"]
    for day, items in view.days():
        parts.append(f"({ids.mint('blog', view.slug, ids.compact_date(day))})=")
        parts.append(f"### [{timewords.day_label(day)}]({site.link(here, site.day_docname(view.slug, day))})")
        parts.append(timeline(view, items, here))
    return parts


def render_blog(view: BlogView, matcher: Matcher | None = None) -> str:
    blog, slug, here = view.blog, view.slug, site.blog_docname(view.slug)
    parts = [*front_matter(view), f"({ids.mint('blog', slug)})=", f"# {escape_inline(view.title)}", _facts(view)]
    parts.append(f"({ids.mint('blog', slug, 'lead')})=")
    parts += blocks(blog.lead, matcher)
    parts += [escape_block(p.text) for p in blog.notes]
    parts += _days(view, here)
    diagram = cooccurrence_diagram(view, matcher)
    if diagram:
        parts += [f"({ids.mint('blog', slug, 'people')})=", "## 同じエントリーに登場する人物"]
        parts.append("線の数字は、二人がともに登場するエントリーの数です。名前を選ぶと人物の項目に移ります。")
        parts.append(diagram)
    for n, section in enumerate(blog.background, 1):
        parts += [f"({ids.mint('blog', slug, f'background-{n}')})=", f"## {escape_inline(section.heading)}"]
        parts += blocks(section.body, matcher)
    parts.append(toctree([site.link(here, site.day_docname(slug, day), suffix="") for day, _ in view.days()]))
    parts.append(json_block("kiroku-jsonld", live_blog_posting(view)))
    return "\n\n".join(parts) + "\n"


@dataclass(frozen=True)
class Listing:
    """A live blog's line in the archive index."""

    slug: str
    title: str
    publisher: str
    published: str  # ISO date
    entries: int


def render_archive_index(listings: Sequence[Listing]) -> str:
    here = site.ARCHIVE_INDEX
    ordered = sorted(listings, key=lambda b: (b.published, b.slug), reverse=True)
    items = [
        f"- [{escape_inline(b.title)}]({site.link(here, site.blog_docname(b.slug))}) — "
        f"{escape_inline(b.publisher)}、{timewords.day_label(b.published)}、{b.entries}項目"
        for b in ordered
    ]
    parts = [
        f"({ids.ARCHIVE})=",
        "# ライブブログ一覧",
        f"{len(listings)}件のライブブログ、{sum(b.entries for b in listings)}項目（新しい順）。",
        "\n".join(items) if items else "まだライブブログがありません。",
        toctree([site.link(here, site.blog_docname(b.slug), suffix="") for b in ordered]),
    ]
    return "\n\n".join(parts) + "\n"
