"""kiroku.web: HTML pages parsed to entries: JSON-LD LiveBlogPosting, <article> + <time>, the page's text
through the capture profiles, a Shift_JIS page, and hostile markup kept as literal text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiroku import read
from kiroku.errors import KirokuError
from kiroku.model import ListBlock, Paragraph, body_text
from kiroku.read import detect, read_file
from tests.conftest import FIXTURES

WEB = FIXTURES / "web"
SEP13 = dt.date(2025, 9, 13)
HEADINGS = ["灯籠流し 予定どおり終了", "雨で舞台の催しを中止", "まつり始まる"]


def parse(path: Path, published: dt.date = SEP13, timezone: str = "Asia/Tokyo", **kw: str) -> read.ParseReport:
    return read.parse(read_file(path), seed=path.name, published=published, timezone=timezone, **kw)


def test_kind_is_detected_from_the_content_not_the_name(tmp_path: Path) -> None:
    assert detect.kind((WEB / "lantern_ld.html").read_bytes()) == "html"
    assert detect.kind((FIXTURES / "festival.txt").read_bytes()) == "text"
    assert detect.kind(b"\xef\xbb\xbf  <!doctype HTML><p>x") == "html"
    assert detect.kind(b"<p>one</p>") == "html"
    assert detect.kind("<注意> は本文です".encode()) == "text"
    assert detect.kind(b"WARC/1.1\r\n") == "warc"
    misnamed = tmp_path / "page.txt"
    misnamed.write_bytes((WEB / "lantern_text.html").read_bytes())
    assert parse(misnamed).format == "prefix-heading"  # an HTML page named .txt is still read as HTML
    with pytest.raises(KirokuError, match="not a WARC"):
        detect.kind(b"\x1f\x8b\x08\x00" + b"\x00" * 20, "x.gz")


def test_json_ld_live_blog_posting_gives_the_entries() -> None:
    report = parse(WEB / "lantern_ld.html")
    assert report.format == "json-ld"
    assert report.language == "ja"
    blog = report.blog
    assert blog.title == "【速報】みなと市 灯籠まつり 雨で一部の催し中止"
    assert [e.heading for e in blog.entries] == ["灯籠流し 予定どおり終了", "雨で舞台の催しを中止", "まつり始まる"]
    assert [e.time.iso for e in blog.entries if e.time] == [
        "2025-09-13T21:05:30+09:00", "2025-09-13T19:40:00+09:00", "2025-09-13T18:00:00+09:00"]
    assert blog.order == "newest-first"
    first = blog.entries[0]
    assert [p.text for p in first.paragraphs] == ["実行委員会によりますと、灯籠流しは予定どおり終了しました。",
                                                 "およそ800個の灯籠が川を下りました。"]
    assert first.url == "https://example.org/live/lantern#update-3"
    assert blog.entries[1].url == "https://example.org/live/lantern#update-2"  # its @id
    assert blog.entries[2].url is None
    assert [p.text for p in blog.lead] == ["みなと市の灯籠まつりは13日夜、雨のため一部の催しが中止されました。"]
    assert first.lines[0] > 1  # the line of its headline in the page's script


def test_json_ld_metadata_fills_what_the_command_line_does_not_give() -> None:
    page = read_file(WEB / "lantern_ld.html").page
    assert page.meta.publisher == "みなと放送"
    assert page.meta.published == SEP13
    assert page.meta.url == "https://example.org/live/lantern"
    assert page.meta.offsets == ("+09:00",)


def test_english_articles_with_time_elements() -> None:
    report = parse(WEB / "conference_articles.html", dt.date(2026, 4, 21), "Europe/London")
    assert report.format == "time-elements"
    assert report.language == "en"
    entries = report.blog.entries
    assert [e.heading for e in entries] == ["Closing panel ends early", "Poster prize announced",
                                            "Doors opened at the main hall"]
    assert report.named_from_text == {2}  # no heading: named from its first sentence, and says so
    assert [e.time.iso for e in entries if e.time] == [
        "2026-04-21T16:45:00+01:00", "2026-04-21T13:10:00+01:00", "2026-04-21T09:30:00+01:00"]
    assert entries[0].body == (
        Paragraph("The closing panel on ocean sensors ended twenty minutes early.", entries[0].body[0].line),
        ListBlock(("Three speakers", "One live demonstration"), entries[0].body[1].line),
    )
    text = "\n".join(body_text(e) for e in entries) + report.blog.title
    for furniture in ("Advertisement", "Subscribe", "Read more", "rights reserved", "changed", "color", "comment",
                      "4.45pm BST"):
        assert furniture not in text
    assert [p.text for p in report.blog.lead] == ["Follow the second day of the conference as it happens."]


def test_page_without_structured_data_goes_through_the_profiles() -> None:
    report = parse(WEB / "lantern_text.html")
    assert report.format == "prefix-heading"
    blog = report.blog
    assert blog.title == "【詳しく】みなと市 灯籠まつり 雨で一部の催し中止"
    assert [e.heading for e in blog.entries] == ["灯籠流し 予定どおり終了", "雨で舞台の催しを中止", "まつり始まる"]
    times = [e.time.iso for e in blog.entries if e.time]
    # the <time datetime> in the last entry gives its exact time; the others are the headings' minutes
    assert times == ["2025-09-13T21:05:00+09:00", "2025-09-13T19:40:00+09:00", "2025-09-13T18:02:15+09:00"]
    assert blog.entries[1].body[-1] == ListBlock(("太鼓の演奏", "子どもの踊り"), blog.entries[1].body[-1].line)
    assert "23:59" not in read_file(WEB / "lantern_text.html").text  # the script's text is never read
    assert all(e.heading != "別のニュース" for e in blog.entries)  # the aside is dropped
    source = (WEB / "lantern_text.html").read_text(encoding="utf-8").splitlines()
    for entry in blog.entries:  # lines are the page's own source lines
        assert entry.heading in source[entry.lines[0] - 1]
        assert all(b.text[-6:] in source[b.line - 1] for b in entry.paragraphs)


def test_shift_jis_page_declared_by_meta_charset(tmp_path: Path) -> None:
    html = (WEB / "lantern_text.html").read_text(encoding="utf-8").replace('<meta charset="utf-8">',
                                                                           '<meta charset="Shift_JIS">')
    page = tmp_path / "sjis.html"
    page.write_bytes(html.encode("cp932"))
    report = parse(page)
    assert [e.heading for e in report.blog.entries] == HEADINGS
    equiv = tmp_path / "equiv.html"
    equiv.write_bytes(html.replace('<meta charset="Shift_JIS">', '<meta http-equiv="Content-Type" '
                                   'content="text/html; charset=shift_jis">').encode("cp932"))
    assert parse(equiv).blog.title == report.blog.title
    undeclared = tmp_path / "undeclared.html"
    undeclared.write_bytes(html.replace('<meta charset="Shift_JIS">', "").encode("cp932"))
    assert parse(undeclared).blog.title == report.blog.title  # detected


def test_hostile_json_ld_text_stays_literal() -> None:
    report = parse(WEB / "hostile.html")
    headings = [e.heading for e in report.blog.entries]
    assert headings[0] == "<script>alert(1)</script> 見出し {{ x }}"
    assert headings[1] == "*強調* _下線_ `code` :ref:`x` {sub}`y` $$z$$"
    body = body_text(report.blog.entries[0])
    assert "<img src=x onerror=alert(2)>" in body
    assert "```{raw} html" in body
    assert report.blog.title == "試験ページ <b>太字</b> {{ config }}"


def test_hostile_dom_text_stays_literal_and_scripts_are_dropped() -> None:
    report = parse(WEB / "hostile_dom.html")
    entries = report.blog.entries
    assert entries[0].heading == "<script>alert(1)</script> 見出し {{ x }} :ref:`y`"
    body = body_text(entries[0])
    assert "<img src=x onerror=alert(5)>" in body
    assert "画像の後" in body
    assert "never copied" not in read_file(WEB / "hostile_dom.html").text
    assert "display" not in body


@pytest.mark.parametrize(("content", "message"), [
    (b"<html><body><nav>menu</nav></body></html>", "no text in its main content"),
    (b"<html><body><p>just a page</p></body></html>", "no known format fits"),
])
def test_pages_that_cannot_be_read_say_so(tmp_path: Path, content: bytes, message: str) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(content)
    with pytest.raises(KirokuError, match=message) as info:
        parse(page)
    assert "page.html" in str(info.value)


def test_web_formats_are_refused_for_text_and_mismatched_pages() -> None:
    with pytest.raises(KirokuError, match="read from web pages only"):
        parse(FIXTURES / "festival.txt", dt.date(2025, 9, 1), fmt="json-ld")
    with pytest.raises(KirokuError, match="does not fit this page"):
        parse(WEB / "lantern_text.html", fmt="json-ld")
    with pytest.raises(KirokuError, match="no entries found") as info:  # the page's text has no such headings
        parse(WEB / "lantern_ld.html", fmt="prefix-heading")
    assert "lantern_ld.html" in str(info.value)


def test_title_outside_the_main_content_comes_from_the_head(tmp_path: Path) -> None:
    html = (WEB / "lantern_text.html").read_text(encoding="utf-8")
    html = html.replace("<h1>【詳しく】みなと市 灯籠まつり 雨で一部の催し中止</h1>", "")
    html = html.replace("<article>", '<article class="share-target">')  # a class word never drops an article
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    report = parse(page)
    assert report.blog.title == "【詳しく】みなと市 灯籠まつり 雨で一部の催し中止"  # its <title>, less the site's name
    assert [e.heading for e in report.blog.entries] == HEADINGS
    assert report.blog.lead[0].text.startswith("みなと市の灯籠まつりは13日夜")


def _ld_page(tmp_path: Path, ld: str, body: str = "") -> Path:
    page = tmp_path / "ld.html"
    page.write_text(f"<!DOCTYPE html><html><head><script type='application/ld+json'>{ld}</script></head>"
                    f"<body><main>{body}</main></body></html>", encoding="utf-8")
    return page


@pytest.mark.parametrize("ld", [
    # a top-level array, the live blog next to other nodes
    '[{"@type": "Organization", "name": "x"}, {"@type": ["LiveBlogPosting"], "headline": "会議", "liveBlogUpdate": '
    '[{"headline": "開会", "datePublished": "2025-09-13T10:00+09:00"}, '
    '{"headline": "閉会", "datePublished": "2025-09-13T17:30:00+09:00"}]}]',
    # a NewsArticle that carries liveBlogUpdate; times without an offset are in the source's zone
    '{"@type": "NewsArticle", "headline": "会議", "liveBlogUpdate": [{"name": "開会", "dateCreated": '
    '"2025-09-13T10:00:00"}, {"headline": "閉会", "datePublished": "2025-09-13T17:30:00"}]}',
])
def test_json_ld_shapes(tmp_path: Path, ld: str) -> None:
    report = parse(_ld_page(tmp_path, ld))
    assert report.format == "json-ld"
    assert [(e.heading, e.time.iso if e.time else None) for e in report.blog.entries] == [
        ("開会", "2025-09-13T10:00:00+09:00"), ("閉会", "2025-09-13T17:30:00+09:00")]
    assert report.blog.order == "oldest-first"


def test_broken_json_ld_falls_back_to_the_page(tmp_path: Path) -> None:
    body = "<h1>会議</h1><p>※時刻の表記はすべて日本時間です。</p><h2>13日 10:00 開会</h2><p>始まりました。</p>"
    report = parse(_ld_page(tmp_path, '{"@type": "LiveBlogPosting", "liveBlogUpdate": [', body))
    assert report.format == "prefix-heading"
    assert [e.heading for e in report.blog.entries] == ["開会"]
