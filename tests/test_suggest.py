"""kiroku.suggest: candidate names the register lacks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kiroku import suggest
from kiroku.errors import KirokuError
from kiroku.mentions import Matcher
from kiroku.read import read_file
from kiroku.register import FIELDS, Register, Term, load_register
from kiroku.suggest import Candidate, draft_person, find_candidates, format_report, summary_line
from tests.conftest import FIXTURES, ROOT, SEED

STORY = FIXTURES / "suggest_story.txt"
NAME = STORY.name


def _register() -> Register:
    """A made-up register for the made-up story."""
    return Register(
        (
            Term(
                id="person-bosko",
                kind="person",
                name="ミレナ・ボスコ",
                reading="みれな・ぼすこ",
                romanized="Milena Bosko",
                family_name="ボスコ",
                titles=("外相",),
            ),
            # Two people named パク: a bare パク (or パク氏) cannot be told apart.
            Term(
                id="person-pak-son-mi",
                kind="person",
                name="パク・ソンミ",
                reading="ぱく・そんみ",
                romanized="Pak Son Mi",
                family_name="パク",
                titles=("氏",),
            ),
            Term(
                id="person-pak-tae-ho",
                kind="person",
                name="パク・テホ",
                reading="ぱく・てほ",
                romanized="Pak Tae Ho",
                family_name="パク",
                titles=("氏",),
            ),
            Term(
                id="place-nordania",
                kind="place",
                name="ノルダニア",
                reading="のるだにあ",
                romanized="Nordania",
                category="country",
            ),
        )
    )


@pytest.fixture
def story() -> list[tuple[str, str]]:
    return [(NAME, read_file(STORY).text)]


@pytest.fixture
def matcher() -> Matcher:
    return Matcher(_register())


def _by_text(candidates: list[Candidate]) -> dict[str, Candidate]:
    return {c.text: c for c in candidates}


# --- rule 1: katakana name + title --------------------------------------------------------------


def test_katakana_title_lines_and_counts(story: list[tuple[str, str]], matcher: Matcher) -> None:
    found = find_candidates(story, matcher, use_sudachi=False)
    assert [c.text for c in found] == ["ザルコフ", "スーパーマルコ", "ドミトロワ", "ヴェルナ・ドミトロワ"]
    zarkov = found[0]
    # Titled on lines 1, 3, 13; line 9 writes ザルコフ政権, line 11 has the longer word ザルコフスキー.
    assert zarkov == Candidate(
        "ザルコフ", "person", "katakana+title", "大統領", 4, tuple((NAME, n) for n in (1, 3, 9, 13))
    )
    full = _by_text(found)["ヴェルナ・ドミトロワ"]
    assert (full.title, full.count, full.lines) == ("天然資源環境相", 1, ((NAME, 15),))  # a 7-character 〜相
    assert _by_text(found)["ドミトロワ"].lines == ((NAME, 17),)


def test_registered_names_are_not_suggested(story: list[tuple[str, str]], matcher: Matcher) -> None:
    texts = {c.text for c in find_candidates(story, matcher, use_sudachi=False)}
    assert "ボスコ" not in texts  # ボスコ外相: family name + registered title
    assert "ノルダニア" not in texts  # a registered place, also before 大統領府
    # The same text without the register suggests ボスコ.
    bare = {c.text for c in find_candidates(story, Matcher(Register(())), use_sudachi=False)}
    assert "ボスコ" in bare


def test_registered_full_name_is_covered() -> None:
    text = "ミレナ・ボスコ外相とミレナ・ボスコ氏が来た。"
    assert find_candidates([("t.txt", text)], Matcher(_register()), use_sudachi=False) == []


def test_bare_ambiguous_family_name_is_not_suggested(story: list[tuple[str, str]], matcher: Matcher) -> None:
    # パク氏 (ambiguous, linked to nobody) and パク委員長 (title of neither パク) on lines 5 and 7.
    assert matcher.find("パク氏") == []
    texts = {c.text for c in find_candidates(story, matcher, use_sudachi=False)}
    assert "パク" not in texts


def test_katakana_inside_a_longer_katakana_word_is_not_taken(matcher: Matcher) -> None:
    found = find_candidates(
        [("t.txt", "スーパーマルコ氏と、ザルコフスキー記念館のザルコフ大統領。")], matcher, use_sudachi=False
    )
    assert [(c.text, c.count) for c in found] == [("ザルコフ", 1), ("スーパーマルコ", 1)]


def test_single_characters_hiragana_and_title_compounds_are_never_candidates(matcher: Matcher) -> None:
    text = "リ氏とさくらさん。ノルダニア大統領府、ザルコフ大統領選。"
    assert find_candidates([("t.txt", text)], matcher, use_sudachi=False) == []


def test_look_alike_kanji_stays_in_the_name() -> None:
    # ソ二 with kanji 二 (U+4E8C) before a title: the name is read as チェ・ソ二, not チェ・ソ.
    found = find_candidates([("t.txt", "チェ・ソ二外相が来た。")], Matcher(Register(())), use_sudachi=False)
    assert [(c.text, c.title) for c in found] == [("チェ・ソ二", "外相")]


def test_line_numbers_count_crlf_and_several_seeds(matcher: Matcher) -> None:
    texts = [("b.txt", "x\r\n\r\nザルコフ大統領\r\n"), ("a.txt", "\ufeffザルコフ大統領")]
    (found,) = find_candidates(texts, matcher, use_sudachi=False)
    assert found.lines == (("a.txt", 1), ("b.txt", 3))
    assert found.count == 2


def test_output_is_deterministic(story: list[tuple[str, str]], matcher: Matcher) -> None:
    first = find_candidates(story + [("z.txt", "アルバ氏とゼルバ氏")], matcher)
    again = find_candidates([("z.txt", "アルバ氏とゼルバ氏"), *story], matcher)
    assert first == again
    assert [c.count for c in first] == sorted((c.count for c in first), reverse=True)


# --- rule 2: SudachiPy ---------------------------------------------------------------------


@pytest.fixture
def sudachi() -> None:
    pytest.importorskip("sudachipy")
    pytest.importorskip("sudachidict_core")
    assert suggest.sudachi_available()


@pytest.mark.usefixtures("sudachi")
def test_sudachi_finds_kanji_places_and_people(story: list[tuple[str, str]], matcher: Matcher) -> None:
    found = _by_text(find_candidates(story, matcher))
    assert found["札幌"] == Candidate("札幌", "place", "sudachi:地名", None, 1, ((NAME, 3),))
    assert found["函館"].lines == ((NAME, 13),)
    yamada = found["山田太郎"]  # 姓 + 名 merged into one name, さん recorded
    assert (yamada.kind, yamada.rule, yamada.title, yamada.lines) == ("person", "sudachi:人名", "さん", ((NAME, 11),))
    # The katakana rule's reading wins over the tagger's pieces (ヴェルナ 地名, マルコ 人名).
    assert "ヴェルナ" not in found
    assert "マルコ" not in found
    assert found["ヴェルナ・ドミトロワ"].rule == "katakana+title"
    assert "パク" not in found
    assert "リ" not in found


@pytest.mark.usefixtures("sudachi")
def test_sudachi_common_nouns_need_a_title(matcher: Matcher) -> None:
    # The tagger calls 見方 a family name here; 小池 is a common noun too, but a title follows it.
    text = "港の再開に向かうという見方が強まっています。\n小池知事は港を視察しました。"
    found = find_candidates([("t.txt", text)], matcher)
    assert [(c.text, c.title, c.lines) for c in found] == [("小池", "知事", (("t.txt", 2),))]


@pytest.mark.usefixtures("sudachi")
def test_sudachi_merges_katakana_joined_by_dots_but_not_lists_of_places() -> None:
    text = "キム・ヨジョンと、アメリカ・イギリスの代表。"
    found = _by_text(find_candidates([("t.txt", text)], Matcher(Register(()))))
    assert found["キム・ヨジョン"].kind == "person"
    assert {"アメリカ", "イギリス"} <= set(found)
    assert "アメリカ・イギリス" not in found


@pytest.mark.usefixtures("sudachi")
def test_sudachi_long_lines_are_cut_to_fit() -> None:
    text = "ザルコフ大統領が来た。" * 3000  # 99,000 bytes: over SudachiPy's limit for one call
    (found,) = find_candidates([("t.txt", text)], Matcher(Register(())))
    assert found.count == 3000


def test_without_sudachi_falls_back_to_the_katakana_rule(
    story: list[tuple[str, str]], matcher: Matcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(suggest.tagger, "_sudachi", lambda: None)
    assert find_candidates(story, matcher) == find_candidates(story, matcher, use_sudachi=False)
    assert "SudachiPy not installed" in format_report([]).splitlines()[0]


# --- the real seed and register ----------------------------------------------------------------


def test_seed_register_covers_every_titled_person() -> None:
    matcher = Matcher(load_register(ROOT / "sources" / "register.yaml"))
    texts = [(SEED.name, read_file(SEED).text)]
    assert find_candidates(texts, matcher, use_sudachi=False) == []


@pytest.mark.usefixtures("sudachi")
def test_seed_tagger_suggests_no_person() -> None:
    matcher = Matcher(load_register(ROOT / "sources" / "register.yaml"))
    found = find_candidates([(SEED.name, read_file(SEED).text)], matcher)
    assert [c.text for c in found if c.kind == "person"] == []


# --- output -----------------------------------------------------------------------------------


def _cand(text: str, count: int = 1, **kw: object) -> Candidate:
    fields: dict[str, object] = {
        "kind": "person",
        "rule": "katakana+title",
        "title": "大統領",
        "lines": (("a.txt", 1),),
    }
    fields.update(kw)
    return Candidate(text=text, count=count, **fields)  # type: ignore[arg-type]


def test_summary_line() -> None:
    assert summary_line([]) == "suggest: no unregistered candidate names"
    assert (
        summary_line([_cand("ザルコフ", 2)])
        == "suggest: 1 unregistered candidate name (ザルコフ ×2); run kiroku suggest"
    )
    many = [_cand("ザルコフ", 3), _cand("アルバ", 2), _cand("ゼルバ"), _cand("ドミトロワ")]
    assert summary_line(many) == (
        "suggest: 4 unregistered candidate names (ザルコフ ×3, アルバ ×2, ゼルバ ×1, …); run kiroku suggest"
    )


def test_format_report(story: list[tuple[str, str]], matcher: Matcher) -> None:
    report = format_report(find_candidates(story, matcher, use_sudachi=False), sudachi=False)
    lines = report.splitlines()
    assert lines[0].startswith("kiroku suggest: 4 unregistered candidate names; rules: katakana+title only")
    assert lines[2].split() == ["count", "kind", "rule", "text", "title", "lines"]
    assert lines[3].split() == ["4", "person", "katakana+title", "ザルコフ", "大統領", f"{NAME}:1,3,9,13"]
    assert (
        format_report([_cand("ザルコフ", lines=(("a.txt", 2), ("a.txt", 5), ("b.txt", 1)))])
        .splitlines()[-1]
        .endswith("a.txt:2,5 b.txt:1")
    )
    assert format_report([], sudachi=True).startswith(
        "kiroku suggest: 0 unregistered candidate names; rules: katakana+title, SudachiPy"
    )


def _draft(candidate: Candidate) -> dict[str, object]:
    loaded = yaml.safe_load(draft_person(candidate))
    assert isinstance(loaded, list)
    assert len(loaded) == 1
    entry = loaded[0]
    assert isinstance(entry, dict)
    return entry


def test_draft_person_is_yaml_in_the_register_schema(tmp_path: Path) -> None:
    candidate = _cand("ヴェルナ・ドミトロワ", 2, title="天然資源環境相")
    text = draft_person(candidate, number=3)
    (entry,) = yaml.safe_load(text)
    required, optional = FIELDS["person"]
    assert set(required) <= set(entry) <= set(required) | set(optional)
    assert entry["id"] == "person-todo-3"
    assert entry["name"] == "ヴェルナ・ドミトロワ"
    assert entry["family_name"] == "ドミトロワ"
    assert entry["reading"] == "ゔぇるな・どみとろわ"  # katakana turned into hiragana
    assert entry["titles"] == ["天然資源環境相"]
    assert entry["romanized"] == entry["role"] == entry["country"] == "TODO"
    for line in text.splitlines():
        if line.lstrip().startswith(("- ", "name", "family_name", "reading", "romanized", "titles", "role", "country")):
            assert line.endswith("# TODO: check") or "# TODO: check (" in line
    # Pasted unchanged under people:, the register refuses it: placeholders must be filled in.
    path = tmp_path / "register.yaml"
    path.write_text("people:\n" + text, "utf-8")
    with pytest.raises(KirokuError, match="placeholder"):
        load_register(path)
    # Once a person fills them in, it loads as a register entry.
    filled = "\n".join(ln for ln in text.splitlines() if "country:" not in ln).replace('"TODO"', "Test Value")
    path.write_text("people:\n" + filled + "\n", "utf-8")
    (term,) = load_register(path).terms
    assert (term.id, term.name, term.family_name, term.titles) == (
        "person-todo-3",
        "ヴェルナ・ドミトロワ",
        "ドミトロワ",
        ("天然資源環境相",),
    )


def test_draft_person_family_name_first_for_korean_names() -> None:
    assert _draft(_cand("パク・ソンミ", title="氏"))["family_name"] == "パク"


def test_draft_person_quotes_what_yaml_would_misread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(suggest.tagger, "_sudachi", lambda: None)
    entry = _draft(_cand("漢字: #名前", title="[氏]", kind="unknown", rule="sudachi:固有名詞"))
    assert entry["name"] == "漢字: #名前"
    assert entry["titles"] == ["[氏]"]
    assert entry["reading"] == "TODO"  # no katakana and no tagger: a human writes it


@pytest.mark.usefixtures("sudachi")
def test_draft_person_reads_kanji_names_with_sudachi() -> None:
    assert _draft(_cand("山田太郎", title="さん", rule="sudachi:人名"))["reading"] == "やまだたろう"
