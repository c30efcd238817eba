"""Citation formats, on our own fixture data."""

from __future__ import annotations

import json

import pytest

from kiroku.cite import bibtex_escape, bibtex_url, citations

DATA = {
    "anchor": "e-20250831-2140-abcdef",
    "publisher": "試験放送 & Co_",
    "blog_title": "【詳しく】みなと市 花火大会 {速報} 100%",
    "heading": "後半のプログラム中止 #1 $5 ~ ^ \\ 終了",
    "date": "2025-08-31",
    "when_ja": "2025年8月31日 21:40、日本時間",
    "when_en": "2025-08-31 21:40 JST",
    "original_url": "https://example.org/live?a=1&b=2#top",
    "path": "archive/test-festival/e-20250831-2140-abcdef.html#e-20250831-2140-abcdef",
    "accessed": "2025-09-01",
}


def test_bibtex_escape_every_special() -> None:
    assert bibtex_escape("a & b % c $ d # e _ f { g } h ~ i ^ j \\ k") == (
        r"a \& b \% c \$ d \# e \_ f \{ g \} h \~{} i \^{} j \textbackslash{} k"
    )
    assert bibtex_escape("改行\nと\tタブ") == "改行 と タブ"


def test_bibtex_entry_is_balanced_and_escaped() -> None:
    bib = citations(DATA, "https://archive.example.org/")["bibtex"]
    assert bib.startswith("@online{e-20250831-2140-abcdef,\n")
    assert "  author = {{試験放送 \\& Co\\_}}," in bib
    assert "  title = {後半のプログラム中止 \\#1 \\$5 \\~{} \\^{} \\textbackslash{} 終了}," in bib
    assert "  maintitle = {【詳しく】みなと市 花火大会 \\{速報\\} 100\\%}," in bib
    assert "  url = {https://archive.example.org/archive/test-festival/e-20250831-2140-abcdef.html#e-20250831-2140-abcdef}," in bib
    assert "  urldate = {2025-09-01}," in bib
    # Braces balance once escaped braces are set aside.
    bare = bib.replace("\\{", "").replace("\\}", "")
    depth = 0
    for ch in bare:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0


def test_bibtex_url_refuses_braces() -> None:
    with pytest.raises(ValueError, match="cannot go into BibTeX"):
        bibtex_url("https://example.org/{x}")


def test_japanese_and_english_styles() -> None:
    c = citations(DATA, "https://archive.example.org")
    assert c["ja"] == (
        "試験放送 & Co_「【詳しく】みなと市 花火大会 {速報} 100%」後半のプログラム中止 #1 $5 ~ ^ \\ 終了"
        "（2025年8月31日 21:40、日本時間）、https://example.org/live?a=1&b=2#top、Kiroku アーカイブ "
        "https://archive.example.org/archive/test-festival/e-20250831-2140-abcdef.html#e-20250831-2140-abcdef"
        "（2025-09-01閲覧）。"
    )
    assert c["en"].startswith("試験放送 & Co_. “後半のプログラム中止")
    assert "2025-08-31 21:40 JST." in c["en"]
    assert c["en"].endswith("Accessed 2025-09-01.")


def test_csl_json() -> None:
    (item,) = json.loads(citations(DATA, "")["csl"])
    assert item["id"] == DATA["anchor"]
    assert item["type"] == "post"
    assert item["issued"] == {"date-parts": [[2025, 8, 31]]}
    assert item["accessed"] == {"date-parts": [[2025, 9, 1]]}
    assert item["URL"] == DATA["path"]  # no base URL configured: the site-relative path
    assert item["container-title"] == DATA["blog_title"]


def test_no_original_url_no_access_date() -> None:
    c = citations({**DATA, "original_url": None, "accessed": None}, "")
    assert "example.org/live" not in c["ja"] + c["en"] + c["bibtex"] + c["csl"]
    assert "閲覧" not in c["ja"] and "Accessed" not in c["en"] and "urldate" not in c["bibtex"]
