"""An entry's own page: its text with paragraph anchors, the terms it mentions, its revisions, how to cite it."""

from __future__ import annotations

from collections.abc import Sequence

from .. import ids, site, timewords
from ..escape import escape_inline
from ..history import Track, Version, block_text
from ..mentions import Matcher
from .jsonld import blog_posting, cite_data
from .myst import blocks, front_matter, json_block, quote, ref, when
from .search import search_data
from .view import BlogView, entry_mentions


def render_entry(view: BlogView, track: Track, matcher: Matcher | None = None) -> str:
    entry = track.latest.entry
    parts = [*front_matter(view), *_heading(view, track)]
    linked: set[str] = set()
    for block, p_anchor in zip(blocks(entry.body, matcher, linked), track.latest.paragraph_anchors, strict=False):
        parts += [f"({p_anchor})=", block]
    parts.append("---")
    parts += _mention_lines(entry_mentions(entry, matcher), matcher)
    parts.append(json_block("kiroku-search", search_data(view, track, matcher)))
    parts += revisions(track)
    cite_id = ids.mint("cite", track.anchor)
    parts += [f"({cite_id})=", "## この項目を引用する", json_block("kiroku-cite", cite_data(view, track))]
    parts += _source_section(view, track)
    parts.append(json_block("kiroku-jsonld", {"@context": "https://schema.org", **blog_posting(view, track, matcher)}))
    return "\n\n".join(parts) + "\n"


def _heading(view: BlogView, track: Track) -> list[str]:
    src, latest, entry = view.source, track.latest, track.latest.entry
    parts = [f"({track.anchor})=", f"# {escape_inline(entry.heading)}"]
    if track.status == "removed":
        parts.append(
            "```{warning}\nこの項目は最新の取得（"
            f"seeds/{escape_inline(src.latest.seed)}）では元のページから削除されています。"
            f"最後に確認できた内容（seeds/{escape_inline(latest.seed)}）を表示しています。\n```"
        )
    elif track.status == "outside-window":
        parts.append(
            f"```{{note}}\n第{view.capture_number(track)}回の取得まで掲載を確認"
            f"（seeds/{escape_inline(latest.seed)}）。その後の取得（最新は"
            f"seeds/{escape_inline(src.latest.seed)}）は元のページの一部だけを含み、この項目の位置まで届いていないため、"
            "削除されたかどうかはわかりません。最後に確認できた内容を表示しています。\n```"
        )
    parts.append(f"{when(entry)}（{timewords.zone_ja(src.timezone)}）")
    if entry.named_from_text:
        parts.append("（元のページにはこの項目の見出しがありません。本文の最初の文を見出しにしています。"
                     "The source gives no heading: this one is the entry's first sentence.）")
    return parts


def _mention_lines(term_ids: Sequence[str], matcher: Matcher | None) -> list[str]:
    if matcher is None or not term_ids:
        return []
    terms = matcher.register.by_id()
    lines = []
    for kind, (_, label, _) in site.GLOSSARIES.items():
        # The English name is on the page for the reader; search finds it in the `names` meta.
        refs = [f"{ref(terms[i].name, i)}（{escape_inline(terms[i].romanized)}）" for i in term_ids
                if terms[i].kind == kind]
        if refs:
            lines.append(f"- {label}：" + "、".join(refs))
    return [site.MENTIONS_LABEL, "\n".join(lines)]


def _source_section(view: BlogView, track: Track) -> list[str]:
    src, latest, anchor = view.source, track.latest, track.anchor
    entry = latest.entry
    here = site.entry_docname(view.slug, anchor)
    sha = {s.seed: s.sha256 for s in src.snapshots}
    captures = "、".join(
        f"seeds/{escape_inline(v.seed)}（{v.entry.lines[0]}–{v.entry.lines[1]}行目）" for v in track.versions
    )
    blog_link = site.link(here, site.blog_docname(view.slug))
    day_link = site.link(here, site.day_docname(view.slug, entry.day))
    facts = [
        f"- ライブブログ：[{escape_inline(view.title)}]({blog_link})（{escape_inline(src.publisher)}）"
        f" ・ [{timewords.day_label(entry.day)}]({day_link})",
        f"- 元のファイル：seeds/{escape_inline(latest.seed)} の {entry.lines[0]}–{entry.lines[1]}行目",
        *([f"- 元のページでの項目：{escape_inline(entry.url)}"] if entry.url else []),
        f"- SHA-256：`{sha.get(latest.seed, '')}`",
        f"- 登場した取得：{captures}",
        f"- 引用用アンカー：`{anchor}`（段落：`{ids.mint('paragraph', anchor, '1')}` など）",
    ]
    return [f"({ids.mint('source', anchor)})=", "## 出典", "\n".join(facts)]


# --- revisions ------------------------------------------------------------------------------------


def _version_label(version: Version) -> str:
    return f"seeds/{escape_inline(version.seed)}"


def _paragraph_links(anchors: Sequence[str]) -> str:
    return "、".join(f"[{ids.paragraph_label(a)}](#{a})" for a in anchors)


def _change(old: Version, new: Version) -> list[str]:
    """One change between two versions: what changed, then the earlier text of each edited paragraph."""
    lines = [f"**{_version_label(old)} → {_version_label(new)}**"]
    if old.entry.heading != new.entry.heading:
        lines.append(f"見出し：「{escape_inline(old.entry.heading)}」→「{escape_inline(new.entry.heading)}」")
    if old.fingerprint[1] != new.fingerprint[1]:
        lines.append(f"時刻：{when(old.entry)} → {when(new.entry)}")
    old_p = dict(zip(old.paragraph_anchors, old.entry.body, strict=False))
    new_p = dict(zip(new.paragraph_anchors, new.entry.body, strict=False))
    edited = [a for a in old_p if a in new_p and block_text(old_p[a]) != block_text(new_p[a])]
    gone = [a for a in old_p if a not in new_p]
    added = [a for a in new_p if a not in old_p]
    if edited:
        lines.append("書き換えられた段落：" + _paragraph_links(edited))
    if added:
        lines.append("加わった段落：" + _paragraph_links(added))
    if gone:
        lines.append("削除された段落：" + _paragraph_links(gone))
    parts = ["\n\n".join(lines)]
    for a in edited:
        parts += [f"{ids.paragraph_label(a)} の以前の文：", quote(old_p[a])]
    return parts


def _retired(track: Track) -> list[str]:
    parts = ["最新の取得にはない段落（最後に確認できた文）："]
    for a, n in track.retired_paragraphs:
        version = track.versions[n]
        block = dict(zip(version.paragraph_anchors, version.entry.body, strict=False))[a]
        parts += [f"({a})=", f"{ids.paragraph_label(a)}（{_version_label(version)}）：", quote(block)]
    return parts


def revisions(track: Track) -> list[str]:
    """What changed between snapshots; paragraphs that left the text keep their anchors here."""
    changes = track.changes()
    if not changes and not track.retired_paragraphs:
        return []
    parts = [f"({ids.mint('revisions', track.anchor)})=", "## 版の履歴"]
    parts.append(
        "この項目は取得のたびに照合されています。各取得での違いを古い順に示します。"
        f"（{len(track.versions)}回の取得に登場）"
    )
    for old, new in changes:
        parts += _change(old, new)
    if track.retired_paragraphs:
        parts += _retired(track)
    return parts
