"""Pure renderers for the people, places and organizations glossaries and their JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from .. import ids, site, timewords
from ..escape import escape_inline, index_entry
from ..mentions import Matcher
from ..register import Kind, Register, Term
from .myst import json_block, ref
from .view import BlogView, blog_texts, entry_mentions

SEARCH_LABEL = {
    "person": "この人物が登場するエントリーを検索",
    "place": "この場所が登場するエントリーを検索",
    "organization": "この組織が登場するエントリーを検索",
}
PLACE_KIND_JA = {
    "country": "国", "region": "地域", "city": "都市", "facility": "施設", "station": "駅", "other": "その他",
}
ORG_KIND_JA = {
    "international": "国際機関", "government": "政府機関", "party": "政党", "agency": "機関",
    "company": "企業", "media": "報道機関", "military": "軍", "other": "その他",
}


# A term mentioned more often than this has its full list on pages of its own (``mention_pages``): the
# glossary page stays small however large the archive grows, and so does the hub build that makes it.
INLINE = 50
PAGE = 500  # mentions per page of a term's full list


@dataclass(frozen=True)
class Citation:
    """A place that mentions a term: an entry, or the live blog's own lead or background.

    Plain strings only (no view): a large archive's generation keeps every citation until the glossaries are
    written, and a blog's are cached with its pages.
    """

    slug: str
    blog: str  # the live blog's title
    anchor: str
    heading: str
    entry: bool = True  # False: the blog's lead or a background section
    iso: str | None = None
    when: str = ""

    def link(self, here: str) -> str:
        """A MyST link from page ``here`` to the place that mentions the term."""
        doc = site.entry_docname(self.slug, self.anchor) if self.entry else site.blog_docname(self.slug)
        return f"[{escape_inline(self.heading)}]({site.link(here, doc, self.anchor)})"

    def item(self) -> dict[str, object]:
        """What the kiroku-mentions directive lists (an entry's citation)."""
        return {"doc": site.entry_docname(self.slug, self.anchor), "anchor": self.anchor, "iso": self.iso,
                "when": self.when, "heading": self.heading, "blog": self.blog}


def view_citations(view: BlogView, matcher: Matcher) -> list[tuple[str, Citation]]:
    """(term id, citation) for what one live blog mentions: entries in time order, then its lead and background."""
    out: list[tuple[str, Citation]] = []
    for entry, anchor in view.chronological():
        if not (found := entry_mentions(entry, matcher)):
            continue
        cited = Citation(view.slug, view.title, anchor, entry.heading, True,
                         entry.time.iso if entry.time else None, timewords.mention_when(entry))
        out += [(term_id, cited) for term_id in found]
    for label, heading, texts in blog_texts(view):
        out += [(term_id, Citation(view.slug, view.title, label, heading, False)) for term_id in matcher.ids_in(texts)]
    return out


Cited = Sequence[tuple[str, Citation]]  # (term id, citation) of one blog


def collect_mentions(register: Register, blogs: Iterable[tuple[tuple[str, str], Cited]]) -> dict[str, list[Citation]]:
    """Term id -> what mentions it, from each blog's ``view_citations`` keyed by (publication date, slug):
    blogs in that order, each in its own."""
    found: dict[str, list[Citation]] = {t.id: [] for t in register.terms}
    for _, cited in sorted(blogs, key=lambda b: b[0]):
        for term_id, citation in cited:
            found[term_id].append(citation)
    return found


def index_mentions(views: Sequence[BlogView], matcher: Matcher) -> dict[str, list[Citation]]:
    """Term id -> what mentions it: entries in time order, then the live blog's lead and background."""
    return collect_mentions(matcher.register, (((v.source.published.isoformat(), v.slug), view_citations(v, matcher))
                                               for v in views))


def _facts(term: Term, terms: dict[str, Term]) -> list[str]:
    facts = [f"- 読み：{escape_inline(term.reading)}", f"- 英語名：{escape_inline(term.romanized)}"]
    if term.kind == "person":
        if term.role:
            role = escape_inline(term.role) + (f"（{escape_inline(term.role_en)}）" if term.role_en else "")
            facts.append(f"- 役職：{role}")
        if term.country:
            facts.append(f"- 国：{ref(terms[term.country].name, term.country)}")
    elif term.kind == "place":
        facts.append(f"- 種類：{PLACE_KIND_JA.get(term.category or '', escape_inline(term.category or ''))}")
        if term.within:
            facts.append(f"- 所在：{ref(terms[term.within].name, term.within)}")
    else:
        facts.append(f"- 種類：{ORG_KIND_JA.get(term.category or '', escape_inline(term.category or ''))}")
        if term.country:
            facts.append(f"- 国：{ref(terms[term.country].name, term.country)}")
    if term.aliases:
        facts.append("- 別表記：" + "、".join(escape_inline(a) for a in term.aliases))
    if term.wikidata:
        facts.append(f"- Wikidata：{escape_inline(term.wikidata)}")
    return facts


def _mentions_block(in_entries: Sequence[Citation]) -> str:
    # Thousands of mentions in a large archive: one JSON line that the kiroku-mentions
    # directive turns into a list, instead of thousands of lines of MyST to parse.
    return "```{kiroku-mentions}\n" + json.dumps([c.item() for c in in_entries], ensure_ascii=True) + "\n```"


def _span(n: int, total: int) -> str:
    """Page ``n``'s mentions, as a reader counts them: 「1–1,000」."""
    return f"{(n - 1) * PAGE + 1:,}–{min(n * PAGE, total):,}"


def _pages_of(total: int) -> int:
    return -(-total // PAGE)


def _term(term: Term, terms: dict[str, Term], cited: list[Citation], here: str) -> list[str]:
    parts = [f"({term.id})=", f"## {escape_inline(term.name)}"]
    # General index: under the Japanese name and the romanized name.
    parts += [f"```{{index}} single: {index_entry(name)}\n```" for name in (term.name, term.romanized)]
    parts.append("\n".join(_facts(term, terms)))
    href = site.search_link(here, term.kind, term.name)
    parts.append(json_block("kiroku-search-link", {"href": href, "text": SEARCH_LABEL[term.kind]}))
    in_entries = [c for c in cited if c.entry]
    in_blogs = [c for c in cited if not c.entry]
    if len(in_entries) > INLINE:
        pages = [f"[{_span(n, len(in_entries))}]({site.link(here, site.mentions_docname(term.kind, term.id, n))})"
                 for n in range(1, _pages_of(len(in_entries)) + 1)]
        parts.append(f"言及しているエントリー：{len(in_entries):,}項目。時刻順の一覧：" + "、".join(pages))
        parts.append(f"最新の{INLINE}項目：")
        parts.append(_mentions_block(in_entries[-INLINE:]))
    elif in_entries:
        parts.append(f"言及しているエントリー：{len(in_entries)}項目")
        parts.append(_mentions_block(in_entries))
    if in_blogs:
        parts.append("ライブブログの前文・背景：")
        parts.append("\n".join(f"- {c.link(here)}（{escape_inline(c.blog)}）" for c in in_blogs))
    if not cited:
        parts.append("言及：まだありません。")
    return parts


def render_glossary(kind: Kind, register: Register, mentions: dict[str, list[Citation]]) -> str:
    page, title, _ = site.GLOSSARIES[kind]
    here = site.glossary_docname(kind)
    terms = register.by_id()
    members = register.of_kind(kind)
    parts = [f"({ids.mint('glossary', page)})=", f"# {title}",
             f"{len(members)}件（五十音順）。各項目に、言及しているエントリーを時刻順に示します。"]
    for term in members:
        parts += _term(term, terms, mentions.get(term.id, []), here)
    return "\n\n".join(parts) + "\n"


def mention_pages(kind: Kind, register: Register, mentions: dict[str, list[Citation]]) -> Iterator[tuple[str, str]]:
    """(file under docs/archive/, text) of the pages that list, in time order, the mentions of a term cited more
    than ``INLINE`` times: ``PAGE`` per page, so that no page (and no build of one) grows with the archive. Each
    page's items are in a JSON file beside it, read when the page is written (``kiroku-mentions``).

    A full page says only what it holds (its span, its number, the pages beside it), not the term's total: newer
    mentions then change the last page alone, and adding a live blog rebuilds that page, not all of them (the
    glossary page gives the total)."""
    glossary = site.glossary_docname(kind)
    for term in register.of_kind(kind):
        in_entries = [c for c in mentions.get(term.id, []) if c.entry]
        if len(in_entries) <= INLINE:
            continue
        total = _pages_of(len(in_entries))
        for n in range(1, total + 1):
            here = site.mentions_docname(kind, term.id, n)
            data = here.rsplit("/", 1)[1] + ".json"
            around = [f"[{label}]({site.link(here, site.mentions_docname(kind, term.id, m))})"
                      for label, m in (("前のページ", n - 1), ("次のページ", n + 1)) if 1 <= m <= total]
            parts = ["---\norphan: true\n---",
                     f"# {escape_inline(term.name)}に言及しているエントリー（{_span(n, len(in_entries))}）",
                     f"{_span(n, len(in_entries))}項目目（時刻順、{n}ページ目）。"
                     f"[{escape_inline(term.name)}の項目]({site.link(here, glossary, term.id)})へ戻る。",
                     f"```{{kiroku-mentions}} {data}\n```"]
            if around:
                parts.append("　".join(around))
            yield site.source_file(here), "\n\n".join(parts) + "\n"
            items = [c.item() for c in in_entries[(n - 1) * PAGE : n * PAGE]]
            yield site.source_file(here).removesuffix(".md") + ".json", json.dumps(items, ensure_ascii=True) + "\n"


def render_glossary_json(kind: Kind, register: Register, mentions: dict[str, list[Citation]]) -> str:
    _, _, name = site.GLOSSARIES[kind]
    records = []
    for term in register.of_kind(kind):
        record: dict[str, object] = {
            "id": term.id,
            "name": term.name,
            "aliases": list(term.aliases),
            "reading": term.reading,
            "romanized": term.romanized,
            "kind": term.category if term.kind != "person" else "person",
        }
        if term.kind == "person":
            record.update(family_name=term.family_name, titles=list(term.titles), role=term.role,
                          role_en=term.role_en, country=term.country)
        elif term.kind == "place":
            record["within"] = term.within
        else:
            record["country"] = term.country
        record["wikidata"] = term.wikidata
        record["url"] = site.glossary_url(kind, term.id)
        record["entries"] = [c.anchor for c in mentions.get(term.id, []) if c.entry]
        record["blog_mentions"] = [site.blog_url(c.slug, c.anchor) for c in mentions.get(term.id, []) if not c.entry]
        records.append(record)
    return json.dumps({"version": 1, name: records}, ensure_ascii=False, indent=1) + "\n"

