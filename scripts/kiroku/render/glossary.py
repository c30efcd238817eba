"""Pure renderers for the people, places and organizations glossaries and their JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from .. import ids, site, timewords
from ..escape import escape_inline, index_entry
from ..mentions import Matcher
from ..model import Entry
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


@dataclass(frozen=True)
class Citation:
    """A place that mentions a term: an entry, or the live blog's own lead or background."""

    view: BlogView
    anchor: str
    entry: Entry | None = None
    heading: str = ""  # for the live blog's lead or background section

    def link(self, here: str) -> str:
        """A MyST link from page ``here`` to the place that mentions the term."""
        if self.entry is not None:
            target = site.link(here, site.entry_docname(self.view.slug, self.anchor), self.anchor)
            return f"[{escape_inline(self.entry.heading)}]({target})"
        target = site.link(here, site.blog_docname(self.view.slug), self.anchor)
        return f"[{escape_inline(self.heading)}]({target})"


def index_mentions(views: Sequence[BlogView], matcher: Matcher) -> dict[str, list[Citation]]:
    """Term id -> what mentions it: entries in time order, then the live blog's lead and background."""
    found: dict[str, list[Citation]] = {t.id: [] for t in matcher.register.terms}
    for view in sorted(views, key=lambda v: (v.source.published, v.slug)):
        for entry, anchor in view.chronological():
            for term_id in entry_mentions(entry, matcher):
                found[term_id].append(Citation(view, anchor, entry))
        for label, heading, texts in blog_texts(view):
            for term_id in matcher.ids_in(texts):
                found[term_id].append(Citation(view, label, None, heading))
    return found


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


def _mentions_block(in_entries: list[Citation]) -> str:
    # Thousands of mentions in a large archive: one JSON line that the kiroku-mentions
    # directive turns into a list, instead of thousands of lines of MyST to parse.
    items = [
        {
            "doc": site.entry_docname(c.view.slug, c.anchor),
            "anchor": c.anchor,
            "iso": c.entry.time.iso if c.entry.time else None,
            "when": timewords.mention_when(c.entry),
            "heading": c.entry.heading,
            "blog": c.view.title,
        }
        for c in in_entries
        if c.entry is not None
    ]
    return "```{kiroku-mentions}\n" + json.dumps(items, ensure_ascii=True) + "\n```"


def _term(term: Term, terms: dict[str, Term], cited: list[Citation], here: str) -> list[str]:
    parts = [f"({term.id})=", f"## {escape_inline(term.name)}"]
    # General index: under the Japanese name and the romanized name.
    parts += [f"```{{index}} single: {index_entry(name)}\n```" for name in (term.name, term.romanized)]
    parts.append("\n".join(_facts(term, terms)))
    href = site.search_link(here, term.kind, term.name)
    parts.append(json_block("kiroku-search-link", {"href": href, "text": SEARCH_LABEL[term.kind]}))
    in_entries = [c for c in cited if c.entry is not None]
    in_blogs = [c for c in cited if c.entry is None]
    if in_entries:
        parts.append(f"言及しているエントリー：{len(in_entries)}項目")
        parts.append(_mentions_block(in_entries))
    if in_blogs:
        parts.append("ライブブログの前文・背景：")
        parts.append("\n".join(f"- {c.link(here)}（{escape_inline(c.view.title)}）" for c in in_blogs))
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
        record["entries"] = [c.anchor for c in mentions.get(term.id, []) if c.entry is not None]
        record["blog_mentions"] = [
            site.blog_url(c.view.slug, c.anchor) for c in mentions.get(term.id, []) if c.entry is None
        ]
        records.append(record)
    return json.dumps({"version": 1, name: records}, ensure_ascii=False, indent=1) + "\n"

