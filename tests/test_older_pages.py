"""A live page and its older pages (issue 25): which links lead to older posts, an archive of several pages
read as one snapshot with its window, a post shown on two pages (or pinned) once, and ``kiroku capture`` /
``kiroku watch`` following the older pages of a local server on 127.0.0.1 (started here). The live blog is
our own invented text: a strike on the Corrow Sound ferries. The watch's clock and sleep are fakes."""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import lxml.html
import pytest
from warcio.archiveiterator import ArchiveIterator

from kiroku import read
from kiroku.build import BlogView, Project, load_view
from kiroku.cli.main import main
from kiroku.errors import KirokuError
from kiroku.history import Track
from kiroku.ingest import IngestRequest
from kiroku.ingest import watch as watching
from kiroku.ingest.fetch import Fetched, to_warc
from kiroku.model import ParsedBlog, Window
from kiroku.read.older import older_link
from kiroku.sources import load_source
from tests.conftest import SEED, make_project
from tests.test_web_watch import FakeTime
from tests.webarchive import wacz, warc

SITE = "https://www.example-sentinel.test"
LIVE = SITE + "/live/corrow-sound-ferry-strike"
START = dt.datetime(2026, 3, 14, 6, 0, tzinfo=dt.UTC)
SUBJECTS = ("Pickets gather at the north slipway", "Union names its three negotiators",
            "Harbour office posts a notice of cancelled sailings", "Island school moves lessons online",
            "Freight lorries queue on the causeway road", "Operator offers refunds for the week",
            "Talks resume in the council chamber", "Fishing boats carry medicine to Brill Island",
            "Coastguard keeps one launch on standby", "Ferry company chair speaks to reporters",
            "Shopkeepers on Brill Island count the cost", "A second ballot is announced")


def heading(n: int) -> str:
    return f"{SUBJECTS[n % len(SUBJECTS)]} (update {n})"


def when(n: int) -> dt.datetime:
    return START + dt.timedelta(minutes=7 * n)


def post(n: int, *, ident: str | None = None, head: str | None = None, timed: bool = True) -> str:
    """Post ``n`` (1 is the first of the blog): ``<article>`` + ``<time>``, or (``timed`` False) a block whose
    clock is text only, for the main-text reader."""
    t = when(n)
    clock = t.strftime("%H.%M GMT")
    ident = ident or f"post-{n}"
    text = f"Update {n} from the quay: the strike committee has nothing new to add on sailing {n}."
    if not timed:
        return (f'<div class="post" id="{ident}"><div class="meta"><span>{clock}</span></div>'
                f"<h2>{head or heading(n)}</h2><p>{text}</p></div>\n")
    return (f'<article class="post" id="{ident}"><time datetime="{t.isoformat()}">{clock}</time>'
            f"<h2>{head or heading(n)}</h2><p>{text}</p></article>\n")


def page(posts: str, *, older: str | None = None, style: str = "rel", canonical: str = LIVE, extra: str = "") -> bytes:
    """The live page with ``posts`` and, when there are older posts, a link to them in ``style``: ``rel``
    (``<link rel="next">``), ``words`` ("Older posts"), ``numbers`` (a pagination bar of page numbers only).
    Every page also has site navigation with a "Next article" link, which is no older page."""
    head = f'<link rel="next" href="{older}">' if older and style == "rel" else ""
    nav = ""
    if older and style == "words":
        nav = f'<a href="{LIVE}">Newest</a> <a href="{older}">« Older posts</a>'
    elif older and style == "numbers":
        nav = f'<a href="{older}">{urllib.parse.parse_qs(urllib.parse.urlsplit(older).query)["page"][0]}</a>'
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<title>Corrow Sound ferry strike – live | The Example Sentinel</title>"
            "<meta property='article:published_time' content='2026-03-14T06:00:00+00:00'>"
            "<meta property='og:site_name' content='The Example Sentinel'>"
            f"<link rel='canonical' href='{canonical}'>{head}</head><body>"
            "<header class='site-header'><nav><a href='/'>Home</a> <a href='/live/harbour-fire'>Next article</a>"
            "</nav></header><main><h1>Corrow Sound ferry strike</h1>"
            "<p class='standfirst'>Crews on the Corrow Sound ferries stop work for 24 hours.</p>"
            f"<div class='timeline'>{posts}</div>{extra}<nav class='pagination'>{nav}</nav></main></body></html>"
            ).encode()


class Live:
    """A paginated live blog: posts ``newest`` down to 1 (less the deleted), ``per`` to a page, newest first."""

    def __init__(self, newest: int, per: int = 5, style: str = "rel") -> None:
        self.newest, self.per, self.style = newest, per, style
        self.deleted: set[int] = set()

    def posts(self) -> list[int]:
        return [n for n in range(self.newest, 0, -1) if n not in self.deleted]

    def pages(self) -> int:
        return max(1, -(-len(self.posts()) // self.per))

    def address(self, number: int, base: str = LIVE) -> str:
        return base if number == 1 else f"{base}?page={number}"

    def body(self, number: int) -> bytes:
        got = self.html(number)
        assert got is not None
        return got[0]

    def html(self, number: int, base: str = LIVE) -> tuple[bytes, list[int]] | None:
        if not 1 <= number <= self.pages():
            return None
        shown = self.posts()[(number - 1) * self.per: number * self.per]
        older = self.address(number + 1, base) if number < self.pages() else None
        return page("".join(post(n) for n in shown), older=older, style=self.style), shown


def parse(path: Path, url: str | None = None) -> ParsedBlog:
    report = read.parse(read.read_file(path, url=url), seed=path.name, published=dt.date(2026, 3, 14),
                        timezone="Europe/London")
    return report.blog


# --- which links are older pages ------------------------------------------------------------------------


@pytest.mark.parametrize(("links", "base", "expected"), [
    ('<link rel="next" href="?page=2">', LIVE, LIVE + "?page=2"),
    ('<a rel="next" href="/live/corrow-sound-ferry-strike/page/2/">›</a>', LIVE, LIVE + "/page/2/"),
    ('<a href="?page=2">2</a> <a href="?page=3">3</a> <a href="?page=9">9</a>', LIVE, LIVE + "?page=2"),
    ('<a href="?page=with:block-5f2e">Older posts</a>', LIVE, LIVE + "?page=with:block-5f2e"),
    ('<a href="?offset=20">もっと見る</a>', LIVE, LIVE + "?offset=20"),
    ('<a href="?page=2">« 前のページ</a>', LIVE, LIVE + "?page=2"),
    ('<a href="?page=1">« 前のページ</a> <a href="?page=3">次のページ »</a>', LIVE + "?page=2", LIVE + "?page=3"),
    ('<a href="?page=4">Next</a>', LIVE + "?page=3", LIVE + "?page=4"),
])
def test_older_page_links(links: str, base: str, expected: str) -> None:
    doc = lxml.html.document_fromstring(f"<html><head></head><body><p>x</p>{links}</body></html>")
    assert older_link(doc, base) == expected


@pytest.mark.parametrize(("links", "base"), [
    ('<a href="/live/harbour-fire">Next article</a> <a rel="next" href="/live/harbour-fire">Next</a>', LIVE),
    ('<a href="/live/other-blog?page=2">Older posts</a>', LIVE),  # another path
    ('<link rel="next" href="https://elsewhere.example.test/live/corrow-sound-ferry-strike?page=2">', LIVE),
    ('<link rel="next" href="http://www.example-sentinel.test/live/corrow-sound-ferry-strike?page=2">', LIVE),
    ('<a href="?page=with:block-0001" aria-label="Oldest">»</a> <a href="?page=with:block-9">Newest</a>', LIVE),
    ('<a href="?page=3">3</a>', LIVE),  # a page number, but not the next one
    ('<a href="?page=1">Newer</a> <a href="?page=2">2</a>', LIVE + "?page=3"),  # lower numbers are newer
    (f'<a href="{LIVE}">« 前のページ</a>', LIVE + "?page=2"),  # on page 2, the address with no number is page 1
    ('<link rel="next" href="/live/corrow-sound-ferry-strike">', LIVE),  # the page itself
    ('<a href="#comments">Load more</a>', LIVE),  # a place on the page, not another page
    ('<a href="?page=2#block-1">Pickets gather</a>', LIVE + "?page=5"),  # a permalink to a newer page's post
])
def test_links_that_are_not_older_pages(links: str, base: str) -> None:
    doc = lxml.html.document_fromstring(f"<html><head></head><body><p>x</p>{links}</body></html>")
    assert older_link(doc, base) is None


def test_a_saved_page_without_an_address_still_knows_it_has_older_pages(tmp_path: Path) -> None:
    html = page(post(2) + post(1), older="?page=2", canonical="").replace(b"<link rel='canonical' href=''>", b"")
    path = tmp_path / "saved.html"
    path.write_bytes(html)
    capture = read.read_file(path)
    assert capture.page is not None
    assert capture.page.window.pages == ()
    assert capture.page.window.reaches_start is False
    blog = parse(path)
    assert blog.window.reaches_start is False
    whole = tmp_path / "whole.html"
    whole.write_bytes(page(post(2) + post(1)))
    assert parse(whole).window == Window((LIVE,), True)


# --- an archive of several pages, read as one ---------------------------------------------------------


def archive_of(live: Live, numbers: list[int] | None = None) -> bytes:
    numbers = numbers or list(range(1, live.pages() + 1))
    return warc([(live.address(k), live.body(k), "text/html; charset=utf-8") for k in numbers])


def headings(n: int) -> list[str]:
    return [heading(k) for k in range(n, 0, -1)]


@pytest.mark.parametrize("style", ["rel", "words", "numbers"])
def test_a_warc_of_three_pages_is_one_snapshot(tmp_path: Path, style: str) -> None:
    live = Live(13, style=style)
    path = tmp_path / "three.warc.gz"
    path.write_bytes(archive_of(live))
    for url in (LIVE, None):  # the page asked for, or the one no other page links to as older
        blog = parse(path, url)
        assert [e.heading for e in blog.entries] == headings(13)
        assert blog.window.pages == (LIVE, LIVE + "?page=2", LIVE + "?page=3")
        assert blog.window.reaches_start is True
        assert [e.lines[0] for e in blog.entries] == sorted(e.lines[0] for e in blog.entries)  # pages end to end
    assert read.page_bodies(path.read_bytes(), path) == tuple(live.body(k) for k in (1, 2, 3))


def test_an_archive_without_its_last_page_does_not_reach_the_start(tmp_path: Path) -> None:
    live = Live(13)
    path = tmp_path / "two.warc.gz"
    path.write_bytes(archive_of(live, [1, 2]))
    blog = parse(path)
    assert [e.heading for e in blog.entries] == headings(13)[:10]
    assert blog.window.pages == (LIVE, LIVE + "?page=2")
    assert blog.window.reaches_start is False
    report = read.parse(read.read_file(path), seed="two", published=dt.date(2026, 3, 14), timezone="Europe/London")
    assert any("does not hold" in r and LIVE + "?page=3" in r for r in report.reasons)
    one = tmp_path / "one.warc.gz"
    one.write_bytes(archive_of(live, [2]))  # an older page alone: read from it, to where it leads
    assert parse(one).window == Window((LIVE + "?page=2",), False)


def test_unrelated_pages_are_still_refused_without_url(tmp_path: Path) -> None:
    live = Live(8)
    other = (SITE + "/about", b"<html><body><p>About the Sentinel</p></body></html>", "text/html")
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc([(live.address(1), live.body(1), "text/html"), (live.address(2), live.body(2), "text/html"),
                           other]))
    with pytest.raises(KirokuError, match="holds 3 HTML pages") as info:
        parse(path)
    assert "--url" in str(info.value)
    blog = parse(path, LIVE)
    assert [e.heading for e in blog.entries] == headings(8)
    assert blog.window.reaches_start is True


@pytest.mark.parametrize("listed", ["first", "all"])
def test_a_wacz_of_several_pages(tmp_path: Path, listed: str) -> None:
    live = Live(12)
    urls = [live.address(k) for k in (1, 2, 3)]
    path = tmp_path / "capture.wacz"
    path.write_bytes(wacz(archive_of(live), urls[:1] if listed == "first" else urls))
    blog = parse(path)
    assert [e.heading for e in blog.entries] == headings(12)
    assert blog.window.pages == tuple(urls)
    assert blog.window.reaches_start is True


def test_a_cycle_of_pages_stops_at_the_page_already_read(tmp_path: Path) -> None:
    a = page(post(6) + post(5), older=LIVE + "?from=b")
    b = page(post(4) + post(3), older=LIVE + "?from=c")
    c = page(post(2) + post(1), older=LIVE + "?from=b")
    path = tmp_path / "cycle.warc.gz"
    path.write_bytes(warc([(LIVE, a, "text/html"), (LIVE + "?from=b", b, "text/html"),
                           (LIVE + "?from=c", c, "text/html")]))
    report = read.parse(read.read_file(path, url=LIVE), seed="cycle", published=dt.date(2026, 3, 14),
                        timezone="Europe/London")
    assert [e.heading for e in report.blog.entries] == headings(6)
    assert report.blog.window.pages == (LIVE, LIVE + "?from=b", LIVE + "?from=c")
    assert report.blog.window.reaches_start is False
    assert any("circle" in w for w in report.blog.warnings)


def test_the_pages_of_one_archive_count_together_against_the_page_limit(tmp_path: Path) -> None:
    filler = "<p>" + "The quay is quiet. " * 30000 + "</p>"
    pages = [page(post(4) + post(3) + filler, older=LIVE + "?page=2"), page(post(2) + post(1) + filler)]
    path = tmp_path / "big.warc.gz"
    path.write_bytes(warc([(LIVE, pages[0], "text/html"), (LIVE + "?page=2", pages[1], "text/html")]))
    assert len(pages[0]) < 1024 * 1024 < len(pages[0]) + len(pages[1])
    with pytest.raises(KirokuError, match="together larger than the page limit of 1 MB"):
        read.read_file(path, url=LIVE, limits=read.Limits.of(1))
    assert len(parse(path).entries) == 4


# --- a post on two pages, or pinned, is one entry -------------------------------------------------------


def test_a_post_repeated_on_the_next_page_or_pinned_is_one_entry(tmp_path: Path) -> None:
    pinned = post(1, ident="pinned-post-1")
    one = page(pinned + "".join(post(n) for n in (10, 9, 8, 7, 6)), older=LIVE + "?page=2")
    # page 2 was fetched after a post came in: post 6 is on it again, its heading corrected in between
    two = page(post(6, head="Pickets leave the north slipway (update 6)") + "".join(post(n) for n in (5, 4, 3, 2)),
               older=LIVE + "?page=3")
    three = page(pinned + post(1))
    path = tmp_path / "repeats.warc.gz"
    path.write_bytes(warc([(LIVE, one, "text/html"), (LIVE + "?page=2", two, "text/html"),
                           (LIVE + "?page=3", three, "text/html")]))
    blog = parse(path)
    got = [e.heading for e in blog.entries]
    assert got == [heading(n) for n in (10, 9, 8, 7)] + ["Pickets leave the north slipway (update 6)"] + [
        heading(n) for n in (5, 4, 3, 2, 1)]
    assert [e.position for e in blog.entries] == list(range(10))


def test_a_post_known_again_by_its_permalink(tmp_path: Path) -> None:
    def linked(n: int, head: str | None = None) -> str:  # no id: the time links to the post, as some sites do
        return post(n, head=head).replace(f' id="post-{n}"', "").replace(
            "<time", f'<a href="?page=with:block-{n}#block-{n}"><time').replace("</time>", "</time></a>")

    one = page("".join(linked(n) for n in (5, 4, 3)), older=LIVE + "?page=with:block-3")
    two = page(linked(3, "Talks resume in the harbour office (update 3)") + linked(2) + linked(1))
    path = tmp_path / "permalinks.warc.gz"
    path.write_bytes(warc([(LIVE, one, "text/html"), (LIVE + "?page=with:block-3", two, "text/html")]))
    blog = parse(path)
    corrected = "Talks resume in the harbour office (update 3)"
    assert [e.heading for e in blog.entries] == [heading(5), heading(4), corrected, heading(2), heading(1)]


def test_posts_numbered_from_one_on_every_page_are_not_merged(tmp_path: Path) -> None:
    one = page("".join(post(n, ident=f"item-{k}") for k, n in enumerate((6, 5, 4), 1)), older=LIVE + "?page=2")
    two = page("".join(post(n, ident=f"item-{k}") for k, n in enumerate((3, 2, 1), 1)))
    path = tmp_path / "items.warc.gz"
    path.write_bytes(warc([(LIVE, one, "text/html"), (LIVE + "?page=2", two, "text/html")]))
    assert [e.heading for e in parse(path).entries] == headings(6)


def test_json_ld_updates_known_again_by_their_url(tmp_path: Path) -> None:
    def ld(numbers: list[int], older: str | None, renamed: dict[int, str] | None = None) -> bytes:
        renamed = renamed or {}
        data = {"@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": "Corrow Sound ferry strike",
                "liveBlogUpdate": [{"@type": "BlogPosting", "url": f"{LIVE}#post-{n}", "headline": renamed.get(
                    n, heading(n)), "datePublished": when(n).isoformat(), "articleBody": f"Update {n} text."}
                    for n in numbers]}
        script = f"<script type='application/ld+json'>{json.dumps(data)}</script>"
        return page("", older=older).replace(b"</head>", script.encode() + b"</head>")

    one = ld([6, 5, 4], LIVE + "?page=2")
    two = ld([4, 3, 2, 1], None, {4: "Operator offers refunds for the whole week (update 4)"})
    path = tmp_path / "ld.warc.gz"
    path.write_bytes(warc([(LIVE, one, "text/html"), (LIVE + "?page=2", two, "text/html")]))
    report = read.parse(read.read_file(path), seed="ld", published=dt.date(2026, 3, 14), timezone="Europe/London")
    assert report.format == "json-ld"
    assert [e.heading for e in report.blog.entries] == [heading(6), heading(5),
                                                         "Operator offers refunds for the whole week (update 4)",
                                                         heading(3), heading(2), heading(1)]


def test_pages_read_as_main_text_are_joined_with_each_post_once(tmp_path: Path) -> None:
    one = page("".join(post(n, timed=False) for n in (6, 5, 4)), older=LIVE + "?page=2")
    two = page("".join(post(n, timed=False) for n in (4, 3, 2, 1)))  # post 4 again, at the top
    path = tmp_path / "text.warc.gz"
    path.write_bytes(warc([(LIVE, one, "text/html"), (LIVE + "?page=2", two, "text/html")]))
    report = read.parse(read.read_file(path), seed="text", published=dt.date(2026, 3, 14), timezone="Europe/London")
    assert report.format not in read.WEB_FORMATS
    assert [e.heading for e in report.blog.entries] == headings(6)
    assert [e.time.iso[11:16] for e in report.blog.entries if e.time] == [when(n).strftime("%H:%M")
                                                                          for n in range(6, 0, -1)]
    assert report.blog.window.pages == (LIVE, LIVE + "?page=2")
    assert report.blog.window.reaches_start is True
    assert "Crews on the Corrow Sound" not in " ".join(b.text for e in report.blog.entries for b in e.paragraphs)


def test_a_text_capture_reaches_the_start() -> None:
    capture = read.read_file(SEED)
    blog = read.parse(capture, seed=SEED.name, published=dt.date(2023, 9, 13), timezone="Asia/Tokyo").blog
    assert blog.window.pages == ()
    assert blog.window.reaches_start is True


# --- kiroku capture and kiroku watch against a local server ---------------------------------------------


class Site:
    """A local server: ``/live/corrow-sound-ferry-strike[?page=N]`` serves ``live``; other paths are set in
    ``routes`` (path with query -> body). ``hits`` counts requests by path and query; ``served`` every post a
    page showed. ``after_first`` runs after each first page is sent (a post comes in while a check fetches)."""

    def __init__(self, live: Live) -> None:
        self.live = live
        self.routes: dict[str, bytes] = {}
        self.hits: Counter[str] = Counter()
        self.served: set[int] = set()
        self.shown: list[list[int]] = []  # the posts of each page sent, in order
        self.after_first: Callable[[], None] | None = None
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                with site.lock:
                    site.hits[self.path] += 1
                    parts = urllib.parse.urlsplit(self.path)
                    body: bytes | None = site.routes.get(self.path)
                    first = False
                    if body is None and parts.path == "/live/corrow-sound-ferry-strike" and "x=" not in parts.query:
                        query = urllib.parse.parse_qs(parts.query)
                        number = int(query.get("page", ["1"])[0])
                        got = site.live.html(number, site.base + parts.path)
                        if got is not None:
                            body, shown = got
                            site.served.update(shown)
                            site.shown.append(shown)
                            first = number == 1
                    if body is None:
                        self.send_error(404)
                        return
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    if first and site.after_first is not None:
                        site.after_first()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.url = self.base + "/live/corrow-sound-ferry-strike"


@pytest.fixture
def site() -> Iterator[Callable[[Live], Site]]:
    started: list[tuple[Site, threading.Thread]] = []

    def start(live: Live) -> Site:
        s = Site(live)
        thread = threading.Thread(target=s.httpd.serve_forever, daemon=True)
        thread.start()
        started.append((s, thread))
        return s

    yield start
    for s, thread in started:
        s.httpd.shutdown()
        s.httpd.server_close()
        thread.join()


def responses(seed: Path) -> list[str]:
    with seed.open("rb") as f:
        return [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(f) if r.rec_type == "response"]


def latest(root: Path, slug: str = "ferry-strike") -> tuple[BlogView, list[Track]]:
    view = load_view(Project(root), load_source(root / "sources" / f"{slug}.yaml"), log=None)
    return view, list(view.tracks)


def request() -> IngestRequest:
    return IngestRequest(Path("x"), slug="ferry-strike", timezone="Europe/London")


def test_capture_follows_the_older_pages_into_one_warc(tmp_path: Path, site: Callable[[Live], Site],
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path, with_sources=False)
    s = site(Live(13))
    assert main(["--root", str(root), "capture", s.url, "--source", "ferry-strike", "--timezone",
                 "Europe/London"]) == 0
    assert "(3 pages)" in capsys.readouterr().out
    seeds = list((root / "seeds").iterdir())
    assert len(seeds) == 1
    pages = (s.url, s.url + "?page=2", s.url + "?page=3")
    assert responses(seeds[0]) == list(pages)
    view, tracks = latest(root)
    assert [e.heading for e in view.blog.entries] == headings(13)
    assert view.blog.window.pages == pages
    assert view.blog.window.reaches_start is True
    assert s.hits["/live/harbour-fire"] == 0  # "Next article" is no older page
    # nothing changed: no new snapshot; a change on the last page only: a new one
    assert main(["--root", str(root), "capture", s.url, "--source", "ferry-strike"]) == 0
    assert "unchanged" in capsys.readouterr().out
    s.live.deleted.add(1)
    assert main(["--root", str(root), "capture", s.url, "--source", "ferry-strike"]) == 0
    assert "new snapshot" in capsys.readouterr().out
    assert len(list((root / "seeds").iterdir())) == 2


def test_pages_option_stops_early_and_the_window_says_so(tmp_path: Path, site: Callable[[Live], Site],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path, with_sources=False)
    s = site(Live(13))
    assert main(["--root", str(root), "capture", s.url, "--source", "ferry-strike", "--pages", "2", "--timezone",
                 "Europe/London"]) == 0
    seed = next((root / "seeds").iterdir())
    assert responses(seed) == [s.url, s.url + "?page=2"]
    assert s.hits["/live/corrow-sound-ferry-strike?page=3"] == 0
    view, _ = latest(root)
    assert len(view.blog.entries) == 10
    assert view.blog.window.pages == (s.url, s.url + "?page=2")
    assert view.blog.window.reaches_start is False
    capsys.readouterr()
    for bad in ("0", "101"):
        assert main(["--root", str(root), "capture", s.url, "--source", "ferry-strike", "--pages", bad]) == 1
        assert "--pages" in capsys.readouterr().err


def test_a_page_linking_to_itself_or_in_a_circle_stops_at_a_page_already_seen(tmp_path: Path,
                                                                              site: Callable[[Live], Site]) -> None:
    root = make_project(tmp_path, with_sources=False)
    s = site(Live(0))
    path = "/live/corrow-sound-ferry-strike"
    s.routes[path + "?x=self"] = page(post(2) + post(1), older=s.base + path + "?x=self")
    s.routes[path + "?x=a"] = page(post(6) + post(5), older=s.base + path + "?x=b")
    s.routes[path + "?x=b"] = page(post(4) + post(3), older=s.base + path + "?x=c")
    s.routes[path + "?x=c"] = page(post(2) + post(1), older=s.base + path + "?x=b")
    lines: list[str] = []
    check = watching.capture_once(Project(root), request(), s.url + "?x=self", log=lines.append)
    assert check.pages == 1
    assert s.hits[path + "?x=self"] == 1
    view, _ = latest(root)
    assert view.blog.window.reaches_start is True  # a link to itself is no older page
    (tmp_path / "two").mkdir()
    root2 = make_project(tmp_path / "two", with_sources=False)
    check = watching.capture_once(Project(root2), request(), s.url + "?x=a", log=lines.append)
    assert check.pages == 3
    assert [s.hits[path + q] for q in ("?x=a", "?x=b", "?x=c")] == [1, 1, 1]
    assert any("fetched already" in line for line in lines)
    view, _ = latest(root2)
    assert [e.heading for e in view.blog.entries] == headings(6)
    assert view.blog.window.reaches_start is False


def test_links_to_another_host_are_not_followed(tmp_path: Path, site: Callable[[Live], Site]) -> None:
    root = make_project(tmp_path, with_sources=False)
    s = site(Live(0))
    path = "/live/corrow-sound-ferry-strike"
    other = s.base.replace("127.0.0.1", "localhost")  # the same server under another host name
    s.routes[path + "?x=1"] = page(post(4) + post(3), older=other + path + "?x=2", style="rel")
    s.routes[path + "?x=2"] = page(post(2) + post(1))
    check = watching.capture_once(Project(root), request(), s.url + "?x=1", log=lambda _: None)
    assert check.pages == 1
    assert s.hits[path + "?x=2"] == 0


def test_an_older_page_that_fails_ends_the_pages_there(tmp_path: Path, site: Callable[[Live], Site]) -> None:
    root = make_project(tmp_path, with_sources=False)
    s = site(Live(0))
    path = "/live/corrow-sound-ferry-strike"
    s.routes[path + "?x=1"] = page(post(4) + post(3), older=s.base + path + "?x=gone")
    lines: list[str] = []
    check = watching.capture_once(Project(root), request(), s.url + "?x=1", log=lines.append)
    assert check.seed is not None
    assert any("404" in line and "holds the 1 page(s) before it" in line for line in lines), lines
    view, _ = latest(root)
    assert len(view.blog.entries) == 2
    assert view.blog.window.reaches_start is False


def test_a_watch_of_a_sliding_paginated_live_page_keeps_every_post_once(tmp_path: Path,
                                                                       site: Callable[[Live], Site]) -> None:
    """Ten checks of a live page that grows at the top while it is watched (a post or two between checks, and
    one while a check fetches its pages, so a post shows again at the top of the next page): every post ever
    served is in the latest snapshot once, and none is called removed but the one the blog deleted."""
    root = make_project(tmp_path, with_sources=False)
    live = Live(7)
    s = site(live)
    clock = FakeTime()
    check_no = 0

    def between_checks(seconds: float) -> None:
        nonlocal check_no
        clock.sleep(seconds)
        check_no += 1
        live.newest += 1 + check_no % 2
        if check_no == 5:
            live.deleted.add(3)

    def during_check() -> None:
        live.newest += 1  # a post comes in after the first page went out: the older pages shift by one

    s.after_first = during_check
    lines: list[str] = []
    checks = watching.watch(Project(root), request(), s.url, every=120, count=10, now=clock.now,
                            sleep=between_checks, log=lines.append)
    assert [c.error for c in checks] == [None] * 10, lines
    assert all(c.seed is not None for c in checks)
    assert [c.pages for c in checks] == [2, 3, 3, 4, 4, 4, 5, 5, 6, 6]  # the blog grows while it is watched
    assert "1 removed" in lines[5]  # post 3, deleted before the sixth check
    assert all("0 removed" in line for n, line in enumerate(lines) if n != 5)
    view, tracks = latest(root)
    assert view.blog.window.reaches_start is True
    by_heading = Counter(t.latest.entry.heading for t in tracks)
    for n in sorted(s.served):
        assert by_heading[heading(n)] == 1, (n, lines)
    removed = {t.latest.entry.heading for t in tracks if t.removed}
    assert removed == {heading(3)}
    current = Counter(e.heading for e in view.blog.entries)
    assert all(count == 1 for count in current.values())
    last = s.shown[-checks[-1].pages:]  # the last check's pages: page 2 begins with page 1's last post again
    assert last[1][0] == last[0][-1]
    assert sum(map(len, last)) == len(current) + 1  # that post once
    assert set(current) == {heading(n) for n in s.served} - {heading(3)}
    assert main(["--root", str(root), "build"]) == 0


def test_warc_of_several_pages_as_written_by_capture(tmp_path: Path) -> None:
    """``to_warc`` writes a warcinfo, then a request and a response for each page, in order."""
    now = dt.datetime(2026, 3, 14, 9, 0, tzinfo=dt.UTC)
    got = [Fetched(LIVE + q, (("User-Agent", "Kiroku"),), 200, "OK", (("Content-Type", "text/html"),), body, now)
           for q, body in (("", b"<html>one</html>"), ("?page=2", b"<html>two</html>"))]
    kinds = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"))
             for r in ArchiveIterator(io.BytesIO(to_warc(*got)))]
    assert kinds == [("warcinfo", None), ("request", LIVE), ("response", LIVE), ("request", LIVE + "?page=2"),
                     ("response", LIVE + "?page=2")]
