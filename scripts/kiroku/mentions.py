"""Finding register names in text: longest match first, family name + title, never an ambiguous bare name."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .register import Register, Term
from .textnorm import is_katakana, normalize, normalize_with_map

# Kanji that scanned or typed text puts in place of the katakana they resemble (チェ・ソ二).
CONFUSABLES = {"ニ": "二", "ー": "一", "カ": "力", "ロ": "口", "エ": "工", "タ": "夕", "ト": "卜", "ハ": "八"}
MIN_BARE_FAMILY_NAME = 3  # a unique katakana family name this long may stand alone (プーチン政権)


@dataclass(frozen=True)
class Mention:
    term_id: str
    start: int  # offsets in the original text
    end: int
    surface: str


def _variants(name: str) -> set[str]:
    """A name, without its middle dots, and with one katakana swapped for a look-alike kanji."""
    norm = normalize(name)
    out = {norm}
    if "・" in norm and len(norm.replace("・", "")) >= 4:
        out.add(norm.replace("・", ""))
    for form in list(out):
        for i, ch in enumerate(form):
            before = form[i - 1] if i > 0 else ""
            after = form[i + 1] if i + 1 < len(form) else ""
            if ch in CONFUSABLES and (is_katakana(before) or before == "・" or is_katakana(after)):
                out.add(form[:i] + CONFUSABLES[ch] + form[i + 1 :])
    return out


class Matcher:
    """Compiled surface forms of a register; ``find`` returns non-overlapping mentions."""

    def __init__(self, register: Register) -> None:
        self.register = register
        self._ids: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._found: dict[str, tuple[Mention, ...]] = {}
        exact: dict[str, str] = {}
        generated: dict[str, set[str]] = {}
        for term in register.terms:
            for name in term.names:
                exact[normalize(name)] = term.id
            for name in term.names:
                for form in _variants(name):
                    generated.setdefault(form, set()).add(term.id)
        # Family name + title, only where the pair names one person.
        pairs: dict[str, set[str]] = {}
        family: dict[str, set[str]] = {}
        for term in register.terms:
            if term.kind != "person" or not term.family_name:
                continue
            fam = normalize(term.family_name)
            family.setdefault(fam, set()).add(term.id)
            for title in term.titles:
                pairs.setdefault(fam + normalize(title), set()).add(term.id)
        for form, ids in pairs.items():
            generated.setdefault(form, set()).update(ids)
        for fam, ids in family.items():
            if len(ids) == 1 and len(fam) >= MIN_BARE_FAMILY_NAME and all(is_katakana(c) for c in fam):
                generated.setdefault(fam, set()).update(ids)
        surfaces = dict(exact)
        for form, ids in generated.items():
            if form not in surfaces and len(ids) == 1:
                surfaces[form] = next(iter(ids))
        # Ambiguous forms (キム氏 for two people) are kept so they win over shorter ones and link nobody.
        self.ambiguous = {form for form, ids in generated.items() if len(ids) > 1 and form not in exact}
        self.surfaces = surfaces
        alternatives = sorted(set(surfaces) | self.ambiguous, key=lambda s: (-len(s), s))
        self._pattern = re.compile("|".join(map(re.escape, alternatives))) if alternatives else None

    def find(self, text: str) -> list[Mention]:
        """Mentions in ``text``; remembered for the matcher's life (the same text is rendered several ways)."""
        known = self._found.get(text)
        if known is None:
            known = self._found[text] = tuple(self._find(text))
        return list(known)

    def forget(self) -> None:
        """Drop what ``find`` and ``ids_in`` remember: a generation forgets each live blog's texts once its
        pages are made, so memory does not grow with the archive."""
        self._found.clear()
        self._ids.clear()

    def _find(self, text: str) -> list[Mention]:
        if self._pattern is None or not text:
            return []
        norm, starts = normalize_with_map(text)
        found: list[Mention] = []
        pos = 0
        while pos < len(norm):
            m = self._pattern.search(norm, pos)
            if m is None:
                break
            s, e = m.span()
            form = m.group()
            # A katakana name inside a longer katakana word is another word (キムチ is not キム).
            inside = (is_katakana(form[0]) and s > 0 and is_katakana(norm[s - 1])) or (
                is_katakana(form[-1]) and e < len(norm) and is_katakana(norm[e])
            )
            if inside:
                pos = s + 1
                continue
            if form not in self.ambiguous:
                start, end = starts[s], starts[e]
                found.append(Mention(self.surfaces[form], start, end, text[start:end]))
            pos = e
        return found

    def ids_in(self, texts: Iterable[str]) -> list[str]:
        """Term ids mentioned in ``texts``, in order of first mention.

        Remembered per sequence of texts for the matcher's life (one generation): an entry's mentions are
        asked for by its page, its search data, its JSON-LD, the data file, the glossaries and its blog's
        diagram, and finding them is most of a generation's time.
        """
        key = tuple(texts)
        known = self._ids.get(key)
        if known is None:
            seen: dict[str, None] = {}
            for text in key:
                for mention in self.find(text):
                    seen.setdefault(mention.term_id, None)
            known = self._ids[key] = tuple(seen)
        return list(known)

    def term(self, term_id: str) -> Term:
        return self.register.by_id()[term_id]
