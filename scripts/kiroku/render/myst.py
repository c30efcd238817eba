"""MyST building blocks: escaped blocks with linked mentions, times as roles, toctrees, JSON blocks, front matter."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence

from .. import timewords
from ..escape import escape_block, escape_inline
from ..mentions import Matcher
from ..model import Block, Entry, EntryTime, ListBlock
from .view import BlogView

INDENT = " \t"
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


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


def blocks(body: Iterable[Block], matcher: Matcher | None = None, linked: set[str] | None = None) -> list[str]:
    """One MyST block per paragraph or ▼ list, mentions linked once per ``linked``."""
    linked = set() if linked is None else linked
    out: list[str] = []
    for block in body:
        if isinstance(block, ListBlock):
            items = [linked_inline(item, matcher, linked).lstrip(INDENT) for item in block.items]
            out.append("\n".join(f"- {item}" for item in items))
        else:
            # No leading indentation ever reaches MyST (it would make a code block).
            out.append(linked_inline(block.text, matcher, linked).lstrip(INDENT))
    return out


def quote(block: Block) -> str:
    """A paragraph or list as a block quote (an earlier version's text)."""
    if isinstance(block, ListBlock):
        return "\n".join(f"> - {escape_inline(item).lstrip(INDENT)}" for item in block.items)
    return "> " + escape_block(block.text)


def toctree(names: Sequence[str]) -> str:
    return "```{toctree}\n:hidden:\n:maxdepth: 1\n\n" + "\n".join(names) + "\n```"


def json_block(directive: str, data: object) -> str:
    # One line of pure-ASCII JSON: no line of it can close the fence, and no character in it
    # (U+0085, U+2028…) can be taken for a line break by docutils.
    return f"```{{{directive}}}\n{json.dumps(data, ensure_ascii=True, sort_keys=True)}\n```"


def front_matter(view: BlogView) -> list[str]:
    """Pages of a live blog in another language than the archive's declare it (<html lang>)."""
    language = view.source.language
    if language == "ja" or not _LANGUAGE.fullmatch(language):
        return []
    return [f"---\nkiroku_lang: {language}\n---"]


# --- times: the words are timewords', the <time datetime> element is the kiroku-time role's ---------


def time_role(t: EntryTime, text: str) -> str:
    """A ``<time datetime>`` element through the kiroku-time role (the text is ours, not the seed's)."""
    return "{kiroku-time}`" + f"{t.iso}|{text}" + "`"


def when(entry: Entry, *, with_date: bool = True) -> str:
    """The entry's time, or for an untimed entry the bounds its neighbours give, as roles."""
    return timewords.when_ja(entry, with_date=with_date, mark=time_role)


def short_when(entry: Entry) -> str:
    """The time for lists and timelines, as a role."""
    return timewords.short_when(entry, mark=time_role)
