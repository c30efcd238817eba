"""Finding people, places and organizations in text; on our own fixtures, then on the seed."""

from __future__ import annotations

import datetime as dt

import pytest

from kiroku.mentions import Matcher
from kiroku.read.text import parse_capture
from kiroku.register import Register, Term, load_register
from kiroku.render import entry_mentions
from tests.conftest import ROOT, SEED


def person(tid: str, name: str, family: str, titles: tuple[str, ...], aliases: tuple[str, ...] = ()) -> Term:
    return Term(id=tid, kind="person", name=name, reading="あ", romanized=tid, family_name=family, titles=titles,
                aliases=aliases)


def place(tid: str, name: str, within: str | None = None) -> Term:
    return Term(id=tid, kind="place", name=name, reading="あ", romanized=tid, category="region", within=within)


REGISTER = Register((
    person("person-hoshino-a", "ホシノ・アキラ", "ホシノ", ("市長",)),
    person("person-hoshino-b", "ホシノ・ベニ", "ホシノ", ("氏", "議長")),
    person("person-hoshino-c", "ホシノ・カエデ", "ホシノ", ("氏",)),
    person("person-tanner", "ルドルフ・タンナー", "タンナー", ("首相",)),
    person("person-nina", "ソフィア・ニーナ", "ニーナ", ("大使",)),
    place("place-minato", "ミナト"),
    place("place-minato-east", "ミナト東部", "place-minato"),
    Term(id="org-minato-office", kind="organization", name="ミナト市役所", reading="あ", romanized="x", category="government"),
))
M = Matcher(REGISTER)


def found(text: str) -> list[tuple[str, str]]:
    return [(m.term_id, m.surface) for m in M.find(text)]


def test_longest_match_first() -> None:
    assert found("ミナト東部で雨") == [("place-minato-east", "ミナト東部")]
    assert found("ミナトの東で雨") == [("place-minato", "ミナト")]
    assert found("ミナト市役所が発表") == [("org-minato-office", "ミナト市役所")]


def test_full_name_and_family_name_with_title() -> None:
    assert found("ミナトのホシノ・アキラ市長は") == [("place-minato", "ミナト"), ("person-hoshino-a", "ホシノ・アキラ")]
    assert found("その後ホシノ市長は") == [("person-hoshino-a", "ホシノ市長")]
    assert found("ホシノ議長が開会") == [("person-hoshino-b", "ホシノ議長")]
    assert found("タンナー首相") == [("person-tanner", "タンナー首相")]


def test_ambiguous_family_name_is_never_linked() -> None:
    assert found("ホシノは") == []
    assert found("ホシノ氏が語った") == []  # two Hoshinos are 氏
    assert found("ホシノ・カエデ氏が語った") == [("person-hoshino-c", "ホシノ・カエデ")]


def test_unique_bare_family_name() -> None:
    assert found("タンナー政権") == [("person-tanner", "タンナー")]


def test_name_inside_a_longer_katakana_word_is_not_a_mention() -> None:
    assert found("ミナトミライ地区") == []
    assert found("アタンナー") == []


def test_spelling_variants_resolve_to_one_person() -> None:
    assert found("ソフィア・二ーナ大使") == [("person-nina", "ソフィア・二ーナ")]  # kanji 二 for katakana ニ
    assert found("ｿﾌｨｱ･ﾆｰﾅ") == [("person-nina", "ｿﾌｨｱ･ﾆｰﾅ")]  # half-width, half-width dot
    assert found("ソフィア·ニーナ") == [("person-nina", "ソフィア·ニーナ")]  # Latin middle dot
    assert found("ソフィアニーナ") == [("person-nina", "ソフィアニーナ")]  # no dot
    assert found("ＭＩＮＡＴＯ") == []  # no romanized matching in text


def test_role_without_a_person_links_nobody() -> None:
    assert found("ミナト市役所報道官が説明") == [("org-minato-office", "ミナト市役所")]
    assert found("首相報道官が説明") == []


def test_offsets_point_into_the_original_text() -> None:
    text = "前置き ｿﾌｨｱ･ﾆｰﾅ大使と"
    (m,) = M.find(text)
    assert text[m.start : m.end] == "ｿﾌｨｱ･ﾆｰﾅ"


# --- the seed ------------------------------------------------------------------------

# Everyone and everywhere the seed names, read off the seed by hand.
SEED_PEOPLE = {
    "person-putin", "person-kim-jong-un", "person-kamikawa", "person-lavrov", "person-shoigu", "person-trutnev",
    "person-peskov", "person-manturov", "person-overchuk", "person-khusnullin", "person-kozlov", "person-savelyev",
    "person-borisov", "person-jang-chang-ha", "person-kim-jong-sik", "person-kim-yo-jong", "person-kim-chang-son",
    "person-choe-son-hui", "person-ri-pyong-chol", "person-ri-sol-ju", "person-lukashenko",
}
SEED_PLACES = {
    "place-russia", "place-north-korea", "place-japan", "place-united-states", "place-south-korea", "place-china",
    "place-united-kingdom", "place-ukraine", "place-kazakhstan", "place-belarus", "place-soviet-union",
    "place-russian-far-east", "place-amur-oblast", "place-khabarovsk-krai", "place-primorsky-krai",
    "place-korean-peninsula", "place-northeast-asia", "place-europe", "place-vladivostok", "place-khabarovsk",
    "place-moscow", "place-komsomolsk-on-amur", "place-khasan-station", "place-vostochny-cosmodrome",
    "place-baikonur-cosmodrome",
}


@pytest.fixture(scope="module")
def seed_mentions() -> dict[str, set[str]]:
    register = load_register(ROOT / "sources" / "register.yaml")
    matcher = Matcher(register)
    text = SEED.read_text(encoding="utf-8")
    blog = parse_capture(text, seed=SEED.name, published=dt.date(2023, 9, 13), timezone="Asia/Tokyo", fmt="prefix-heading").blog
    per_entry = {e.heading: set(entry_mentions(e, matcher)) for e in blog.entries}
    everything = set(matcher.ids_in(text.splitlines()))
    return {"all": everything, **per_entry}


def test_register_ids_used_here_exist() -> None:
    ids = {t.id for t in load_register(ROOT / "sources" / "register.yaml").terms}
    assert SEED_PEOPLE <= ids
    assert SEED_PLACES <= ids


def test_seed_people_and_places_all_found_and_nothing_else(seed_mentions: dict[str, set[str]]) -> None:
    people = {i for i in seed_mentions["all"] if i.startswith("person-")}
    places = {i for i in seed_mentions["all"] if i.startswith("place-")}
    assert people == SEED_PEOPLE
    assert places == SEED_PLACES


def test_seed_title_coreference_and_variants(seed_mentions: dict[str, set[str]]) -> None:
    # 「キム総書記」 alone in a heading is Kim Jong Un.
    assert "person-kim-jong-un" in seed_mentions["キム総書記「大統領・政府・人民に感謝申し上げる」"]
    # チェ・ソ二 (kanji 二) is Choe Son Hui.
    assert "person-choe-son-hui" in seed_mentions["キム総書記 極東の宇宙基地に専用列車で到着"]
    # 「ロシア大統領府報道官」 names a role: Peskov is not in that heading's entry unless named in its body.
    entry = seed_mentions["ロシア大統領府報道官“軍事協力なども議論”"]
    assert "person-peskov" in entry  # the body names ペスコフ報道官
    assert "person-putin" not in entry


def test_seed_bare_kim_links_nobody() -> None:
    matcher = Matcher(load_register(ROOT / "sources" / "register.yaml"))
    assert matcher.find("キムは") == []
    assert matcher.find("キム氏") == []
    assert [m.term_id for m in matcher.find("キム総書記")] == ["person-kim-jong-un"]
