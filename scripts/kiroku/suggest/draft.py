"""Draft register entries for candidates a curator accepts (``kiroku suggest --draft NAME``)."""

from __future__ import annotations

import json

import yaml

from .find import _KATAKANA_NAME, Candidate
from .report import format_lines
from .tagger import _sudachi

# Family name first in Korean and Chinese names written in katakana (キム・ヨジョン).
_FAMILY_FIRST = frozenset(
    "キム リ イ パク チェ チョン チャン カン ユン ハン ムン シン ソ ペク ホ コ ノ アン ユ オ "
    "クォン ファン ソン ホン チョ ヤン ジョン チョウ ワン リー".split()
)
_TODO = "# TODO: check"
_KATA_TO_HIRA = {c: chr(c - 0x60) for c in range(0x30A1, 0x30F7)}
_KATA_TO_HIRA.update({0x30F7: "わ\u3099", 0x30F8: "ゐ\u3099", 0x30F9: "ゑ\u3099", 0x30FA: "を\u3099"})


def katakana_to_hiragana(text: str) -> str:
    return text.translate(_KATA_TO_HIRA)


def _reading(name: str) -> str | None:
    """Hiragana reading: converted from katakana, else SudachiPy's guess, else None."""
    if _KATAKANA_NAME.match(name):
        return katakana_to_hiragana(name)
    sudachi = _sudachi()
    if sudachi is None:
        return None
    reading = "".join(m.reading_form() for m in sudachi[1].tokenize(name))
    return katakana_to_hiragana(reading) if _KATAKANA_NAME.match(reading) else None


def _scalar(value: str, *, flow: bool = False) -> str:
    """``value`` as a YAML scalar: plain where that reads back the same, else double-quoted."""
    plain = f"k: [{value}]" if flow else f"k: {value}"
    try:
        if yaml.safe_load(plain) == {"k": [value] if flow else value}:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


def draft_person(candidate: Candidate, *, number: int = 1) -> str:
    """A draft ``people:`` entry to paste into sources/register.yaml and review.

    Every field a human must check ends with ``# TODO: check``; unknown values are the quoted
    string "TODO". ``number`` makes the placeholder id ``person-todo-<number>`` unique in a batch.
    """
    name = candidate.text
    parts = [p for p in name.split("・") if p]
    if len(parts) > 1:
        family = parts[0] if parts[0] in _FAMILY_FIRST else parts[-1]
        family_note = "family name first for Korean/Chinese names, last for others"
    else:
        family = name
        family_note = "the text may give only the family name; write the full name in name:"
    reading = _reading(name)
    todo = json.dumps("TODO")
    seen = format_lines(candidate.lines)
    how = candidate.rule if candidate.kind == "person" else f"{candidate.rule}: tagged {candidate.kind}, not a person"
    titles = f"[{_scalar(candidate.title, flow=True)}]" if candidate.title else "[]"
    entry = [
        f"# Draft from kiroku suggest: {name} ×{candidate.count} ({how}) at {seen}",
        f"  - id: person-todo-{number}  {_TODO} (person- then the romanized name in lower-case ASCII)",
        f"    name: {_scalar(name)}  {_TODO} (full name as first written)",
        f"    family_name: {_scalar(family)}  {_TODO} ({family_note})",
        f"    aliases: []  {_TODO} (other spellings in the text)",
        f"    reading: {_scalar(reading) if reading else todo}  {_TODO} (hiragana)",
        f"    romanized: {todo}  {_TODO}",
        f"    titles: {titles}  {_TODO}",
        f"    role: {todo}  {_TODO} (e.g. ロシア外相)",
        f"    role_en: {todo}  {_TODO}",
        f"    country: {todo}  {_TODO} (a place id such as place-russia, or delete the line)",
    ]
    return "\n".join(entry) + "\n"
