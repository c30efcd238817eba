"""Names the register lacks: candidates for a curator to review (``kiroku suggest``).

Two rules find candidate names in seed text:

- ``katakana+title``: a katakana name (``・`` allowed inside) right after a word boundary and
  right before a news title (ゼレンスキー大統領, キム・ヨジョン氏, コズロフ天然資源環境相).
- ``sudachi:人名`` / ``sudachi:地名`` / ``sudachi:固有名詞``: proper nouns tagged by SudachiPy
  (core dictionary, split mode C), if it is installed. A tagger is a suggester, not an oracle
  (NOTES §6): it splits titles off, tags some common nouns as names and
  misses most foreign names, so its hits are filtered and merged here.

A candidate is dropped where the register already covers it: the Matcher links that
occurrence, or the name is a registered name, alias, family name or part of a person's name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..mentions import CONFUSABLES, Matcher
from ..read.text.lines import split_lines
from ..textnorm import is_katakana, normalize
from . import tagger

# Titles that follow a name in Japanese news. Longest match wins (国務長官 before 長官).
TITLES = (
    "大統領", "副大統領", "大統領補佐官", "大統領報道官", "首相", "副首相", "外相", "国防相",
    "外務大臣", "防衛大臣", "大臣", "国務長官", "長官", "副長官", "次官", "外務次官",
    "報道官", "外務省報道官", "広報官", "補佐官", "総書記", "書記", "書記長", "第1書記",
    "委員長", "副委員長", "議長", "副議長", "院長", "社長", "会長", "総裁", "総長",
    "事務総長", "参謀総長", "局長", "部長", "副部長", "大使", "特使", "司令官", "総司令官",
    "知事", "州知事", "市長", "首長", "国王", "女王", "王子", "皇太子", "国家主席", "主席",
    "首席", "党首", "最高指導者", "議員", "上院議員", "下院議員", "氏", "夫人", "さん",
)  # fmt: skip
# Besides these, any kanji run ending in 相 is a minister (運輸相, 天然資源環境相).
MAX_MINISTER_TITLE = 8  # characters, 相 included: 天然資源環境相 has 7
# A title followed by these is part of another word: ロシア大統領府, 首相官邸, 大統領選.
TITLE_STOPPERS = ("府", "官邸", "選", "令", "室", "職", "省", "庁")

Occurrence = tuple[str, int]  # (seed name, 1-based line)

_KATA = "[\u30a1-\u30fa][\u30a1-\u30fa\u30fc]*"  # a katakana word: no ・, not starting with ー
_FIXED = "|".join(map(re.escape, sorted(TITLES, key=lambda t: (-len(t), t))))
_MINISTER = f"[\u4e00-\u9fff々]{{1,{MAX_MINISTER_TITLE - 1}}}?相"
_CONFUSABLE_KANJI = "".join(sorted(set(CONFUSABLES.values())))
# name, then either a look-alike kanji that belongs to the name (チェ・ソ二外相) and a listed
# title, or a title. The look-behind keeps names inside longer katakana words out (キムチ).
_KATAKANA_TITLE = re.compile(
    rf"(?<![\u30a1-\u30fc])(?P<name>{_KATA}(?:・{_KATA})*)"
    rf"(?:(?P<conf>[{_CONFUSABLE_KANJI}])(?P<t1>{_FIXED})|(?P<t2>{_FIXED}|{_MINISTER}))"
)
_TITLE_AT = re.compile(rf"{_FIXED}|{_MINISTER}")
_TRAILING_TITLE = re.compile(rf"(?:{_FIXED})$")
_HIRAGANA_ONLY = re.compile(r"^[\u3041-\u309f\u30fc・]+$")
_KATAKANA_NAME = re.compile(rf"^{_KATA}(?:・{_KATA})*$")

SUDACHI_KINDS = {"人名": "person", "地名": "place", "一般": "unknown"}
SUDACHI_RULES = {"person": "sudachi:人名", "place": "sudachi:地名", "unknown": "sudachi:固有名詞"}
RULE_ORDER = ("katakana+title", "sudachi:人名", "sudachi:地名", "sudachi:固有名詞")


@dataclass(frozen=True)
class Candidate:
    """A name the register lacks, with where it occurs."""

    text: str  # the candidate name as written (normalized NFKC form)
    kind: str  # "person" | "place" | "unknown"
    rule: str  # "katakana+title" | "sudachi:人名" | "sudachi:地名" | "sudachi:固有名詞"
    title: str | None  # the title that followed it most often, if any
    count: int  # occurrences not covered by the register
    lines: tuple[Occurrence, ...]  # (seed file name, 1-based line), sorted, deduplicated


# --- SudachiPy, loaded lazily and once ------------------------------------------------------


@dataclass(frozen=True)
class _Hit:
    text: str
    kind: str
    rule: str
    title: str | None
    seed: str
    line: int
    start: int  # offsets in the normalized line
    end: int


@dataclass
class _Line:
    seed: str
    no: int
    norm: str
    spans: list[tuple[int, int]]  # register mentions, offsets in the normalized line


def _all_katakana(text: str) -> bool:
    return bool(text) and all(is_katakana(c) for c in text)


def _title_after(norm: str, end: int) -> str | None:
    m = _TITLE_AT.match(norm, end)
    if m is None or norm.startswith(TITLE_STOPPERS, m.end()):
        return None
    return m.group()


def _covered(line: _Line, start: int, end: int) -> bool:
    """A register mention spans [start, end), or each ・-separated part is itself a mention."""
    if any(s <= start and end <= e for s, e in line.spans):
        return True
    text = line.norm[start:end]
    if "・" not in text:
        return False
    pos = start
    for part in text.split("・"):
        if not any(s <= pos and pos + len(part) <= e for s, e in line.spans):
            return False
        pos += len(part) + 1
    return True


def _known_names(matcher: Matcher) -> tuple[set[str], set[str]]:
    """Names that count as registered, as written and without middle dots."""
    known = set(matcher.surfaces) | set(matcher.ambiguous)
    for term in matcher.register.terms:
        names = [normalize(n) for n in term.names]
        known.update(names)
        if term.kind == "person":
            if term.family_name:
                known.add(normalize(term.family_name))
            for name in names:  # a person's given name alone (ジョンウン) means that person
                known.update(p for p in name.split("・") if p)
    return known, {k.replace("・", "") for k in known}


def _katakana_title_hits(line: _Line, proper: dict[tuple[int, int], tuple[str, ...]]) -> list[_Hit]:
    hits = []
    for m in _KATAKANA_TITLE.finditer(line.norm):
        title = m.group("t1") or m.group("t2")
        if line.norm.startswith(TITLE_STOPPERS, m.end()):
            continue
        s, e = m.span("name")
        pos = proper.get((s, e))
        if pos is not None and pos[2] != "人名":
            continue  # the tagger knows it as a place or other proper noun (フランス大統領, ホワイトハウス報道官)
        if m.group("conf"):
            e += 1
        hits.append(_Hit(line.norm[s:e], "person", "katakana+title", title, line.seed, line.no, s, e))
    return hits


def _sudachi_hits(line: _Line, tokens: list[tagger.Token]) -> list[_Hit]:
    """Proper nouns, with katakana joined by ・ merged (キム・ジョンウン) and 姓+名 merged (上川陽子)."""
    hits = []
    i = 0
    while i < len(tokens):
        begin, end, surface, pos = tokens[i]
        j = i
        parts = [pos]
        if _all_katakana(surface):
            while (
                j + 2 < len(tokens)
                and tokens[j + 1][2] == "・"
                and tokens[j + 1][0] == tokens[j][1]
                and tokens[j + 2][0] == tokens[j + 1][1]
                and _all_katakana(tokens[j + 2][2])
            ):
                j += 2
                parts.append(tokens[j][3])
        proper = [p[2] for p in parts if p[1] == "固有名詞"]
        if j > i and proper and all(p == "地名" for p in proper) and len(proper) == len(parts):
            j = i  # a list of places (アメリカ・イギリス) stays a list
            parts = [pos]
            proper = [pos[2]] if pos[1] == "固有名詞" else []
        if proper and proper[0] == "人名" and j == i:
            while (
                j + 1 < len(tokens)
                and tokens[j + 1][3][1:3] == ("固有名詞", "人名")
                and tokens[j + 1][0] == tokens[j][1]
            ):
                j += 1
                parts.append(tokens[j][3])
        next_i = j + 1
        if not proper:
            i = next_i
            continue
        kind = "person" if "人名" in proper else "place" if "地名" in proper else "unknown"
        if kind == "unknown" and proper[0] not in SUDACHI_KINDS:
            i = next_i
            continue
        s, e = begin, tokens[j][1]
        title = None
        if kind == "person":
            trailing = _TRAILING_TITLE.search(line.norm, s, e)  # トランプ大統領 is one token
            if trailing and trailing.start() - s >= 2:
                title, e = trailing.group(), trailing.start()
            title = title or _title_after(line.norm, e)
        if j == i and title is None and tagger.also_common_noun(line.norm[s:e]):
            i = next_i  # 「…という見方が」: tagged a family name, but a title would show it
            continue
        hits.append(_Hit(line.norm[s:e], kind, SUDACHI_RULES[kind], title, line.seed, line.no, s, e))
        i = next_i
    return hits


def _lines(texts: Iterable[tuple[str, str]], matcher: Matcher) -> Iterator[_Line]:
    """Each non-blank line of each text, normalized, with the spans the register already covers."""
    for seed, text in texts:
        for no, raw in enumerate(split_lines(text), 1):
            if not raw.strip():
                continue
            norm = normalize(raw)
            # Normalizing is idempotent, so mentions found in ``norm`` have offsets in ``norm``.
            yield _Line(seed, no, norm, [(m.start, m.end) for m in matcher.find(norm)])
        matcher.forget()  # one text at a time: a large archive's lines are never all held


def find_candidates(texts: Iterable[tuple[str, str]], matcher: Matcher, *, use_sudachi: bool = True) -> list[Candidate]:
    """texts: (seed name, full text), read twice (a list, or an iterable that reads the files again; an iterator
    is first made a list). Returns candidates not covered by the register, most frequent first, then by text."""
    if iter(texts) is texts:
        texts = list(texts)
    sudachi = tagger._sudachi() if use_sudachi else None
    known, known_dotless = _known_names(matcher)

    def acceptable(name: str) -> bool:
        bare = name.replace("・", "")
        return len(bare) > 1 and not _HIRAGANA_ONLY.match(name) and name not in known and bare not in known_dotless

    hits: list[_Hit] = []
    for line in _lines(texts, matcher):
        norm = line.norm
        tokens = tagger.tokens(sudachi[1], norm) if sudachi is not None else []
        proper = {(b, e): p for b, e, _, p in tokens if p[1] == "固有名詞"}
        titled = _katakana_title_hits(line, proper)
        # Where both rules read a name, the title rule's reading wins (チェ・ソ二外相, not チェ・ソ).
        tagged = [
            h
            for h in _sudachi_hits(line, tokens)
            if not any(h.start < t.end and t.start < h.end and (h.start, h.end) != (t.start, t.end) for t in titled)
        ]
        found = titled + tagged
        hits.extend(h for h in found if acceptable(h.text) and not _covered(line, h.start, h.end))

    # Katakana names: every free-standing occurrence counts, titled or not (ゼレンスキー政権).
    names = sorted({h.text for h in hits if _KATAKANA_NAME.match(h.text)}, key=lambda t: (-len(t), t))
    if names:
        bare = re.compile(
            rf"(?<![\u30a1-\u30fc])(?:{'|'.join(map(re.escape, names))})(?![\u30a1-\u30fa\u30fc]|・[\u30a1-\u30fa])"
        )
        for line in _lines(texts, matcher):  # the second reading
            for m in bare.finditer(line.norm):
                if not _covered(line, *m.span()):
                    hits.append(_Hit(m.group(), "", "", None, line.seed, line.no, *m.span()))

    groups: dict[str, list[_Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.text, []).append(hit)
    candidates = []
    for name, group in groups.items():
        ruled = [h for h in group if h.rule]
        rule = min((h.rule for h in ruled), key=RULE_ORDER.index)
        kind = next(h.kind for h in ruled if h.rule == rule)
        titles = Counter(h.title for h in ruled if h.title)
        title = min(titles, key=lambda t: (-titles[t], t)) if titles else None
        places = {(h.seed, h.line, h.start) for h in group}
        candidates.append(
            Candidate(
                text=name,
                kind=kind,
                rule=rule,
                title=title,
                count=len(places),
                lines=tuple(sorted({(h.seed, h.line) for h in group})),
            )
        )
    return sorted(candidates, key=lambda c: (-c.count, c.text))
