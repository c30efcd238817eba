"""The people/places/organizations register (sources/register.yaml): load and validate it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from . import ids
from .errors import KirokuError
from .textnorm import normalize, reading_key

Kind = Literal["person", "place", "organization"]
SECTIONS: dict[str, Kind] = {"people": "person", "places": "place", "organizations": "organization"}
PREFIX: dict[Kind, str] = {"person": "person", "place": "place", "organization": "org"}
PLACE_KINDS = ("country", "region", "city", "facility", "station", "other")
ORG_KINDS = ("international", "government", "party", "agency", "company", "media", "military", "other")
FIELDS: dict[Kind, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # required, optional
    "person": (
        ("id", "name", "reading", "romanized"),
        ("family_name", "aliases", "titles", "role", "role_en", "country", "wikidata"),
    ),
    "place": (("id", "name", "reading", "romanized", "kind"), ("aliases", "within", "wikidata")),
    "organization": (("id", "name", "reading", "romanized", "kind"), ("aliases", "country", "wikidata")),
}
_READING = re.compile(r"^[\u3041-\u309f\u30fc・ 　]+$")
_WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")
# Names are matched in seed text and shown in links and index entries: no markup characters.
_BAD_NAME_CHARS = re.compile(r"[<>`\\\[\]{}()|;!*_#$%&=\"']")
# Names go into index entries and diagram labels as they are; descriptions are escaped like capture text.
# `;` and `!` are index-entry syntax (the romanized name is an index entry too).
_NAME_FIELDS = frozenset({"name", "aliases", "family_name", "titles"})
_BAD_TEXT_CHARS = re.compile(r"[<>`\\{}|\"]")
_BAD_INDEX_CHARS = re.compile(r"[<>`\\{}|\"\[\];!]")
# Every field is one line: a line break would close the directive fence it is written into.
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Term:
    """One person, place or organization."""

    id: str
    kind: Kind
    name: str
    reading: str
    romanized: str
    aliases: tuple[str, ...] = ()
    family_name: str | None = None
    titles: tuple[str, ...] = ()
    role: str | None = None
    role_en: str | None = None
    category: str | None = None  # a place's or organization's kind
    within: str | None = None
    country: str | None = None
    wikidata: str | None = None
    line: int = 0

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Register:
    terms: tuple[Term, ...]
    path: Path | None = None

    def by_id(self) -> dict[str, Term]:
        return {t.id: t for t in self.terms}

    def of_kind(self, kind: Kind) -> list[Term]:
        """Terms of one kind in 五十音 order of their reading."""
        return sorted((t for t in self.terms if t.kind == kind), key=lambda t: (reading_key(t.reading), t.id))


EMPTY = Register(())


_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where PyYAML was built with it
# Registers already read in this process, by path and text: every sphinx-build reads it several times.
_LOADED: dict[tuple[str, str], Register] = {}


def load_register(path: Path) -> Register:
    """Read and validate the register; every problem names the file and line."""
    if not path.exists():
        return Register((), path)
    text = path.read_text(encoding="utf-8")
    key = (str(path), text)
    known = _LOADED.get(key)
    if known is None:
        known = _LOADED[key] = _register(text, path)
    return known


def _register(text: str, path: Path) -> Register:
    try:
        try:
            root = yaml.compose(text, Loader=_FAST)
        except yaml.YAMLError:  # the pure-Python parser's words and line, the same in every install
            root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise KirokuError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}", path=path, line=mark.line + 1 if mark else None
        ) from None
    if root is None:
        return Register((), path)
    if not isinstance(root, yaml.MappingNode):
        raise KirokuError("expected sections people:, places:, organizations:", path=path, line=1)

    def fail(message: str, line: int, hint: str | None = None) -> KirokuError:
        return KirokuError(message, path=path, line=line, hint=hint)

    terms: list[Term] = []
    for key_node, value_node in root.value:
        section = key_node.value
        if section not in SECTIONS:
            raise fail(f"unknown section {section!r}", key_node.start_mark.line + 1,
                       "use people, places, organizations")
        kind = SECTIONS[section]
        if isinstance(value_node, yaml.ScalarNode) and value_node.value in ("", "null", "~"):
            continue
        if not isinstance(value_node, yaml.SequenceNode):
            raise fail(f"{section} must be a list of entries", value_node.start_mark.line + 1)
        for item in value_node.value:
            terms.append(_term(item, kind, fail))
    _check_unique(terms, fail)
    return Register(tuple(terms), path)


def _term(node: yaml.Node, kind: Kind, fail: Any) -> Term:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        raise fail(f"each {kind} must be a mapping of fields", line)
    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for k, v in node.value:
        if k.value in data:
            raise fail(f"field {k.value!r} given twice", k.start_mark.line + 1)
        try:
            data[k.value] = yaml.constructor.SafeConstructor().construct_document(v)
        except ValueError as exc:
            raise fail(f"{k.value} is not a valid value ({exc})", k.start_mark.line + 1) from None
        lines[k.value] = k.start_mark.line + 1
    required, optional = FIELDS[kind]
    for key in data:
        if key not in required and key not in optional:
            raise fail(f"unknown field {key!r} for a {kind}", lines[key], f"known: {', '.join(required + optional)}")
    for key in required:
        if data.get(key) in (None, ""):
            raise fail(f"{kind} is missing {key!r}", line, f"add '{key}: …'")
    tid = str(data["id"])
    # Chosen by people, cited like every id (ids.ID_RE), and named by kind.
    if not ids.ID_RE.fullmatch(tid) or not re.fullmatch(rf"{PREFIX[kind]}-[a-z0-9]+(-[a-z0-9]+)*", tid):
        raise fail(
            f"malformed id {tid!r}: a {kind} id is '{PREFIX[kind]}-' then lower-case ASCII words joined by '-'",
            lines["id"],
        )
    for key in ("aliases", "titles"):
        if key in data and not (isinstance(data[key], list) and all(isinstance(x, str) and x for x in data[key])):
            raise fail(f"{key} must be a list of names", lines[key])
    for key, value in data.items():
        if isinstance(value, str) and "TODO" in value:
            raise fail(f"{key} is still a placeholder ({value!r})", lines[key], "check the draft and fill it in")
    for key, value in data.items():
        for text in value if isinstance(value, list) else [value]:
            if not isinstance(text, str):
                continue
            if _CONTROL_CHARS.search(text):
                raise fail(f"{key} {text!r} contains a line break or control character", lines[key],
                           "register fields are one line of plain text")
            bad = (_BAD_NAME_CHARS if key in _NAME_FIELDS
                   else _BAD_INDEX_CHARS if key == "romanized" else _BAD_TEXT_CHARS)
            if bad.search(text):
                raise fail(f"{key} {text!r} contains markup characters", lines[key], "register fields are plain text")
    if not _READING.match(str(data["reading"])):
        raise fail(f"reading {data['reading']!r} must be hiragana", lines["reading"], "write the reading in hiragana")
    if "wikidata" in data and not _WIKIDATA.match(str(data["wikidata"])):
        raise fail(f"wikidata {data['wikidata']!r} is not a Q-id", lines["wikidata"], "omit it unless certain")
    category = None
    if kind in ("place", "organization"):
        allowed = PLACE_KINDS if kind == "place" else ORG_KINDS
        category = str(data["kind"])
        if category not in allowed:
            raise fail(f"unknown {kind} kind {category!r}", lines["kind"], f"one of {', '.join(allowed)}")
    return Term(
        id=tid,
        kind=kind,
        name=str(data["name"]),
        reading=str(data["reading"]),
        romanized=str(data["romanized"]),
        aliases=tuple(data.get("aliases") or ()),
        family_name=data.get("family_name"),
        titles=tuple(data.get("titles") or ()),
        role=data.get("role"),
        role_en=data.get("role_en"),
        category=category,
        within=data.get("within"),
        country=data.get("country"),
        wikidata=data.get("wikidata"),
        line=line,
    )


def _check_unique(terms: list[Term], fail: Any) -> None:
    ids: dict[str, Term] = {}
    names: dict[str, Term] = {}
    for term in terms:
        if term.id in ids:
            raise fail(f"duplicate id {term.id!r} (first on line {ids[term.id].line})", term.line)
        ids[term.id] = term
        for name in term.names:
            key = normalize(name)
            other = names.get(key)
            if other is not None and other.id != term.id:
                raise fail(
                    f"name or alias {name!r} is claimed by both {other.id} (line {other.line}) and {term.id}",
                    term.line,
                    "a name must mean one entry: remove it from one of them",
                )
            names[key] = term
    for term in terms:
        for key, want in (("within", "place"), ("country", "place")):
            ref = getattr(term, key)
            if ref is None:
                continue
            target = ids.get(ref)
            if target is None or target.kind != want:
                raise fail(f"{term.id}: {key} {ref!r} is not a {want} id in the register", term.line)
