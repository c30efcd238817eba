"""The register: loading validates it, with errors that name the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiroku.errors import KirokuError
from kiroku.register import load_register
from tests.conftest import ROOT

GOOD = """\
people:
  - id: person-aoyama
    name: アオヤマ・タロウ
    family_name: アオヤマ
    aliases: []
    reading: あおやま・たろう
    romanized: Taro Aoyama
    titles: [市長]
    country: place-minato
places:
  - id: place-minato
    name: みなと国
    reading: みなとこく
    romanized: Minato
    kind: country
organizations:
  - id: org-fireworks
    name: 花火実行委員会
    reading: はなびじっこういいんかい
    romanized: Fireworks Committee
    kind: other
"""


def load(tmp_path: Path, text: str) -> object:
    path = tmp_path / "register.yaml"
    path.write_text(text, encoding="utf-8")
    return load_register(path)


def test_good_register(tmp_path: Path) -> None:
    register = load(tmp_path, GOOD)
    assert [t.id for t in register.terms] == ["person-aoyama", "place-minato", "org-fireworks"]  # type: ignore[attr-defined]


def test_the_project_register_validates() -> None:
    register = load_register(ROOT / "sources" / "register.yaml")
    kinds = {t.kind for t in register.terms}
    assert kinds == {"person", "place", "organization"}
    assert len(register.of_kind("person")) >= 20


@pytest.mark.parametrize(
    ("old", "new", "message", "line"),
    [
        ("id: person-aoyama", "id: Person Aoyama", "malformed id", 2),
        ("id: place-minato", "id: person-minato", "malformed id", 11),
        ("organizations:\n", "organizations:\n  - id: org-fireworks\n    name: 別の委員会\n    reading: べつ\n"
         "    romanized: Other\n    kind: other\n", "duplicate id 'org-fireworks' \\(first on line 17\\)", 22),
        ("    name: 花火実行委員会", "    name: みなと国", "claimed by both place-minato", 17),
        ("    aliases: []", "    aliases: [みなと国]", "claimed by both", 11),
        ("    reading: みなとこく\n", "", "missing 'reading'", 11),
        ("    reading: みなとこく", "    reading: minato", "must be hiragana", 13),
        ("    kind: country", "    kind: planet", "unknown place kind", 15),
        ("    titles: [市長]", "    titles: 市長", "titles must be a list", 8),
        ("    country: place-minato", "    country: place-nowhere", "not a place id", 2),
        ("    name: アオヤマ・タロウ", "    name: アオヤマ<b>", "markup characters", 3),
        # A line break in any field would close the {index} fence it is written into (issue 11).
        ("    romanized: Taro Aoyama", '    romanized: "Taro\\n```{eval-rst}"', "line break", 7),
        ("    romanized: Taro Aoyama", "    romanized: Taro; Aoyama", "markup characters", 7),
        ("    titles: [市長]", "    titles: [市長]\n    role: <b>mayor</b>", "markup characters", 9),
        ("    titles: [市長]", "    titles: [市長]\n    role_en: 'x` {raw}'", "markup characters", 9),
        ("    aliases: []", '    aliases: ["\\u202eタロウ"]', "control character", 5),
        ("    reading: はなびじっこういいんかい", '    reading: "はなび\\u2028"', "line break", 19),
        ("    romanized: Minato", "    romanized: Minato\n    colour: blue", "unknown field 'colour'", 15),
        ("people:", "persons:", "unknown section", 1),
    ],
)
def test_bad_register_names_file_and_line(tmp_path: Path, old: str, new: str, message: str, line: int) -> None:
    assert old in GOOD
    with pytest.raises(KirokuError, match=message) as err:
        load(tmp_path, GOOD.replace(old, new, 1))
    assert err.value.path is not None and err.value.path.endswith("register.yaml")
    assert err.value.line == line


def test_name_claimed_twice_after_normalization(tmp_path: Path) -> None:
    # Half-width katakana and a half-width middle dot normalize to the same name.
    text = GOOD.replace("people:\n", "people:\n  - id: person-other\n    name: ｱｵﾔﾏ･ﾀﾛｳ\n    reading: あ\n"
                        "    romanized: Other\n", 1)
    with pytest.raises(KirokuError, match="claimed by both person-other"):
        load(tmp_path, text)


def test_five_ju_on_order(tmp_path: Path) -> None:
    text = GOOD + """\
  - id: org-ga
    name: ガ団体
    reading: がだんたい
    romanized: Ga
    kind: other
  - id: org-ka
    name: カ団体
    reading: かだんたい
    romanized: Ka
    kind: other
  - id: org-a
    name: ア団体
    reading: あだんたい
    romanized: A
    kind: other
"""
    register = load(tmp_path, text)
    assert [t.id for t in register.of_kind("organization")] == ["org-a", "org-ka", "org-ga", "org-fireworks"]  # type: ignore[attr-defined]
