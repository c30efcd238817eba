"""Full builds: kiroku build + sphinx-build with warnings as errors, as `make html` runs them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup


def article(html: Path) -> BeautifulSoup:
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    found = soup.find("article")
    assert found is not None
    return found  # type: ignore[return-value]


@pytest.mark.slow
def test_every_seed_entry_has_its_page_anchor_and_time(seed_site: Path) -> None:
    data = json.loads((seed_site / "data" / "entries.json").read_text(encoding="utf-8"))
    entries = data["entries"]
    assert len(entries) == 38
    assert len({e["id"] for e in entries}) == 38
    for e in entries:
        page, _, anchor = e["url"].partition("#")
        assert anchor == e["id"]
        body = article(seed_site / page)
        section = body.find(id=anchor)
        assert section is not None, f"{page} has no element with id {anchor}"
        assert section.find("h1").get_text().rstrip("#") == e["heading"]
        times = [t["datetime"] for t in body.find_all("time")]
        if e["datetime"]:
            assert times[0] == e["datetime"]
        else:
            bounds = [b["datetime"] for b in (e["bounds"]["after"], e["bounds"]["before"]) if b]
            assert times[: len(bounds)] == bounds
            assert "時刻の記載なし" in body.get_text()
        text = body.get_text()
        for block in e["paragraphs"]:
            for piece in block.get("items", [block.get("text")]):
                assert piece in text
        assert f"{e['lines'][0]}–{e['lines'][1]}行目" in text


@pytest.mark.slow
def test_site_structure(seed_site: Path) -> None:
    blog = seed_site / "archive" / "nhk-20230913-putin-kim-summit"
    assert (blog / "index.html").is_file()
    assert (blog / "2023-09-13.html").is_file()
    assert (blog / "2023-09-12.html").is_file()
    index = article(blog / "index.html").get_text()
    assert "ボストーチヌイ宇宙基地とは" in index  # background on the live blog's page
    assert "※時刻の表記はすべて日本時間です。" in index
    assert (seed_site / "archive" / "index.html").is_file()
    # The day page links each of its entries; the front page reaches the archive.
    day = article(blog / "2023-09-12.html")
    assert [a["href"] for a in day.find_all("a") if a["href"].startswith("e-")] == ["e-20230912-079950.html"]
    assert "archive/index.html" in (seed_site / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_hostile_text_renders_literally(nasty_site: Path) -> None:
    site = nasty_site  # fixtures/nasty/markup.txt is the live blog test-nasty-markup there
    pages = sorted((site / "archive" / "test-nasty-markup").glob("*.html"))
    assert len(pages) >= 4
    for page in pages:
        body = article(page)
        assert body.find(["script", "img", "iframe", "object", "b", "i", "style"]) is None, page
        for tag in body.find_all(True):
            for attr, value in tag.attrs.items():
                assert not attr.startswith("on"), (page, tag)
                assert "javascript:" not in str(value), (page, tag)
        # label-injected stays text: no id from the seed
        assert body.find(id="label-injected") is None
        assert len(body.find_all("h1")) == 1, page  # "# 見出しのつもり" in the seed made no heading
    entry = next(p for p in pages if "-1005-" in p.name)
    # Which payload lines the classifier takes for headings does not matter: all must read literally.
    text = "".join(article(p).get_text() for p in pages)
    for literal in ('<script>alert("fence")</script>', "{eval-rst}", "(label-injected)=", "$$ x^2 $$",
                    "% コメントのつもりの行です。", "::: note", "&lt;script&gt;", "# 見出しのつもり",
                    "- 箇条書きのつもり", "1. 番号のつもり", "四つの空白で始まる行です。"):
        assert literal in text, literal
    assert "{raw}`<i>x</i>`" in article(entry).find("h1").get_text()
    other = next(p for p in pages if "-0950-" in p.name)
    assert '<script>alert("list")</script>' in [li.get_text() for li in article(other).find_all("li")]
    assert "{term}`用語`" in article(other).get_text()
    title = article(site / "archive" / "test-nasty-markup" / "index.html").find("h1").get_text()
    assert "<script>alert('title')</script>" in title


# The second wall (raw HTML and raw output off) is tested on its own root: test_ext_safety.py.


@pytest.mark.slow
def test_glossaries_list_every_mention(seed_site: Path) -> None:
    entries = json.loads((seed_site / "data" / "entries.json").read_text(encoding="utf-8"))["entries"]
    mentioned: dict[str, set[str]] = {}
    for e in entries:
        for term_id in e["mentions"]:
            mentioned.setdefault(term_id, set()).add(e["id"])
    for name in ("people", "places", "organizations"):
        data = json.loads((seed_site / "data" / f"{name}.json").read_text(encoding="utf-8"))[name]
        page = seed_site / "archive" / f"{name}.html"
        body = article(page)
        readings = []
        for term in data:
            assert set(term["entries"]) == mentioned.get(term["id"], set())
            section = body.find(id=term["id"])
            assert section is not None, term["id"]
            assert section.find("h2").get_text().rstrip("#") == term["name"]
            # Links go to the entry's page and anchor: page.html#anchor.
            links = {a["href"].rsplit("#", 1)[-1] for a in section.find_all("a", href=True)
                     if a["href"].rsplit("/", 1)[-1].startswith("e-")}
            for a in section.find_all("a", href=True):
                if a["href"].rsplit("/", 1)[-1].startswith("e-"):
                    page_name, _, anchor = a["href"].rpartition("/")[2].partition("#")
                    assert page_name == f"{anchor}.html"
            assert links == set(term["entries"]), term["id"]
            readings.append(term["reading"])
        assert len(readings) == len(set(t["id"] for t in data))
    people = json.loads((seed_site / "data" / "people.json").read_text(encoding="utf-8"))["people"]
    assert all(p["entries"] or p["blog_mentions"] for p in people), "every registered person is mentioned in the seed"
    lukashenko = next(p for p in people if p["id"] == "person-lukashenko")  # only in the background section
    blog_page = article(seed_site / "archive" / "nhk-20230913-putin-kim-summit" / "index.html")
    assert blog_page.find(id="b-nhk-20230913-putin-kim-summit-background-1") is not None
    assert blog_page.find(id="b-nhk-20230913-putin-kim-summit-lead") is not None
    assert lukashenko["blog_mentions"] == ["archive/nhk-20230913-putin-kim-summit/index.html#b-nhk-20230913-putin-kim-summit-background-1"]


@pytest.mark.slow
def test_entry_pages_link_first_mentions_and_never_bare_kim(seed_site: Path) -> None:
    entries = json.loads((seed_site / "data" / "entries.json").read_text(encoding="utf-8"))["entries"]
    for e in entries:
        body = article(seed_site / e["url"].partition("#")[0])
        paragraphs = body.find_all(["p", "li"])
        term_links = [a for p in paragraphs for a in p.find_all("a", href=True)
                      if "#person-" in a["href"] or "#place-" in a["href"] or "#org-" in a["href"]]
        for a in term_links:
            assert a.get_text() not in ("キム", "キム氏", "リ"), (e["id"], a)
        # every mentioned term is linked from the page (first mention or the list of who and where)
        linked = {a["href"].rsplit("#", 1)[-1] for a in term_links}
        assert set(e["mentions"]) <= linked, e["id"]
    dinner = next(e for e in entries if e["heading"] == "プーチン大統領「今回の訪問も友好的な雰囲気」")
    body = article(seed_site / dinner["url"].partition("#")[0])
    first = body.find("a", href=lambda h: h and h.endswith("#person-putin"))
    assert first is not None and first.get_text() == "プーチン大統領"
    assert "places.html#place-russia" in first.find_previous("a")["href"]  # ロシアの comes first


@pytest.mark.slow
def test_general_index_has_japanese_and_romanized_names(seed_site: Path) -> None:
    index = (seed_site / "genindex.html").read_text(encoding="utf-8")
    for name in ("ウラジーミル・プーチン", "Vladimir Putin", "ボストーチヌイ宇宙基地", "Vostochny Cosmodrome"):
        assert name in index, name


@pytest.mark.slow
def test_blog_page_has_cooccurrence_diagram_linked_to_the_glossary(seed_site: Path) -> None:
    page = seed_site / "archive" / "nhk-20230913-putin-kim-summit" / "index.html"
    diagram = article(page).find("pre", class_="mermaid")
    assert diagram is not None
    source = diagram.get_text()
    assert source.lstrip().startswith("graph LR")
    assert "person_kim_jong_un ---|26| person_putin" in source  # the two appear together in 26 entries
    nodes = set(re.findall(r'^\s+(person_[a-z_]+)\["', source, re.M))
    clicks = set(re.findall(r'click (person_[a-z_]+) href "\.\./people\.html#(person-[a-z-]+)"', source))
    assert {n for n, _ in clicks} == nodes
    assert all(n == t.replace("-", "_") for n, t in clicks)
    assert (seed_site / "_static" / "mermaid" / "mermaid.esm.min.mjs").is_file()


# The mermaid file argument is refused on its own root: test_ext_mermaid.py.
