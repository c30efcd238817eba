"""Hostile and broken web input for kiroku capture / kiroku watch (issue 24), against local servers on
127.0.0.1 started here: redirects to other schemes and redirect loops, a server that trickles bytes,
pages too large, compressed bodies, Content-Types that lie, charsets that are no text encoding, a
server that fails forever, and a page that flips between two versions. Every test is bounded in time:
fetch deadlines here are 1 to 2 s, and the watch's clock and sleep are fakes."""

from __future__ import annotations

import datetime as dt
import gzip
import socket
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from kiroku.build import Project
from kiroku.cli.main import main
from kiroku.ingest import IngestRequest
from kiroku.ingest import fetch as fetching
from kiroku.ingest import watch as watching
from tests.conftest import make_project
from tests.test_web_watch import OPEN, PRIZE, TALK, TALK_FIXED, FakeTime, page

WHEN = dt.datetime(2025, 9, 13, 3, 0, tzinfo=dt.UTC)
A = page([TALK, OPEN])
B = page([PRIZE, TALK_FIXED, OPEN])
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
HTML_TYPE = "text/html; charset=utf-8"

Handler = BaseHTTPRequestHandler
Route = Callable[[Handler, int], None]  # the request, and how many came to this path before it


def send(h: Handler, body: bytes, ctype: str | None = HTML_TYPE, *, status: int = 200,
         extra: tuple[tuple[str, str], ...] = ()) -> None:
    h.send_response(status)
    if ctype is not None:
        h.send_header("Content-Type", ctype)
    for k, v in extra:
        h.send_header(k, v)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def redirect(location: str, code: int = 302) -> Route:
    def route(h: Handler, n: int) -> None:
        h.send_response(code)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return route


class Site:
    """A local HTTP server whose paths are routes; ``hits`` counts the requests to each path.
    ``stop`` is set when the test ends, so a route that waits or trickles ends with it."""

    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.hits: Counter[str] = Counter()
        self.stop = threading.Event()
        site = self

        class RequestHandler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                n = site.hits[self.path]
                site.hits[self.path] += 1
                route = site.routes.get(self.path)
                if route is None:
                    send(self, b"no such page", "text/plain", status=404)
                else:
                    route(self, n)

            def log_message(self, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client that hung up on a trickle

        self.httpd = Server(("127.0.0.1", 0), RequestHandler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture
def site() -> Iterator[Callable[[dict[str, Route]], Site]]:
    made: list[Site] = []

    def make(routes: dict[str, Route]) -> Site:
        made.append(Site(routes))
        return made[-1]

    yield make
    for s in made:
        s.close()


def fails(url: str, *, timeout: float = fetching.TIMEOUT, max_bytes: int = fetching.MAX_BYTES) -> str:
    """The FetchError a fetch of ``url`` ends with."""
    with pytest.raises(fetching.FetchError) as caught:
        fetching.fetch(url, WHEN, timeout=timeout, max_bytes=max_bytes)
    return str(caught.value)


def request() -> IngestRequest:
    return IngestRequest(Path("x"), slug="test-science")


# 1. Redirects: http and https only, on every hop; at most MAX_REDIRECTS of them.


def test_a_redirect_to_ftp_is_refused_never_followed(tmp_path: Path, site: Callable[..., Site]) -> None:
    with socket.socket() as ftp:  # a listener standing in for an FTP server: it must see no connection
        ftp.bind(("127.0.0.1", 0))
        ftp.listen(5)
        target = f"ftp://127.0.0.1:{ftp.getsockname()[1]}/secret.txt"
        s = site({"/live": redirect(target)})
        message = fails(s.base + "/live")
        assert message == f"the server redirected to {target}; Kiroku fetches http and https only"
        root = make_project(tmp_path, with_sources=False)
        clock, lines = FakeTime(), list[str]()
        checks = watching.watch(Project(root), request(), s.base + "/live", every=60, count=2, now=clock.now,
                                sleep=clock.sleep, log=lines.append)
        assert [c.error for c in checks] == [message, message]  # the watch goes on, the check says why
        assert clock.slept == [60.0]  # not retried: a redirect to ftp will not pass
        ftp.setblocking(False)
        with pytest.raises(BlockingIOError):
            ftp.accept()  # nobody connected: no USER, PASS or RETR
    assert s.hits["/live"] == 3


@pytest.mark.parametrize("location", ["file:///etc/passwd", "data:text/html,<h1>x</h1>", "javascript:alert(1)",
                                      "gopher://127.0.0.1:1/", "https:///no-host"])
def test_every_scheme_but_http_and_https_is_refused(site: Callable[..., Site], location: str) -> None:
    s = site({"/live": redirect(location)})
    message = fails(s.base + "/live")
    assert message.startswith("the server redirected to ")
    assert "cannot reach" not in message


def test_a_refused_redirect_in_the_capture_command_names_the_url(tmp_path: Path, site: Callable[..., Site],
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    s = site({"/live": redirect("ftp://127.0.0.1:1/x")})
    root = make_project(tmp_path, with_sources=False)
    assert main(["--root", str(root), "capture", s.base + "/live", "--source", "test-science"]) == 1
    err = capsys.readouterr().err
    assert f"{s.base}/live: the server redirected to ftp://127.0.0.1:1/x; Kiroku fetches http and https only" in err
    assert "Traceback" not in err
    assert list((root / "seeds").iterdir()) == []


def test_control_characters_in_a_location_are_shown_escaped(site: Callable[..., Site]) -> None:
    s = site({"/live": redirect("javascript:\x1b[2Jalert(1)")})
    message = fails(s.base + "/live")
    assert "\x1b" not in message  # no terminal escape sequence reaches the user's terminal
    assert "javascript:\\x1b[2Jalert(1)" in message


def test_redirect_hops_are_bounded(site: Callable[..., Site]) -> None:
    routes: dict[str, Route] = {"/loop": redirect("/loop"), "/page": lambda h, n: send(h, A)}
    for i in range(1, fetching.MAX_REDIRECTS + 1):
        routes[f"/r{i}"] = redirect("/page" if i == 1 else f"/r{i - 1}", code=(301, 302, 303, 307, 308)[i % 5])
    s = site(routes)
    message = fails(s.base + "/loop")
    assert message.startswith(f"the server redirected more than {fetching.MAX_REDIRECTS} times")
    assert f"at most {fetching.MAX_REDIRECTS} redirects" in message
    assert s.hits["/loop"] == fetching.MAX_REDIRECTS + 1  # the first request and five redirects followed
    got = fetching.fetch(f"{s.base}/r{fetching.MAX_REDIRECTS}", WHEN)  # exactly five hops: followed
    assert (got.url, got.content) == (s.base + "/page", A)


def test_international_urls_are_sent_percent_encoded(site: Callable[..., Site]) -> None:
    ja = "/%E9%80%9F%E5%A0%B1"  # /速報
    # the server sends the Location as UTF-8 bytes, as servers do; http.client reads them as Latin-1
    s = site({"/old": redirect("/速報".encode().decode("latin-1")), ja: lambda h, n: send(h, A)})
    assert fetching.fetch(s.base + "/old", WHEN).url == s.base + ja
    assert fetching.fetch(s.base + "/速報", WHEN).content == A  # a URL typed with Japanese in it
    assert s.hits[ja] == 2


# 2. One deadline for the whole fetch, and a bound on the page's size.


def trickle(s: Site, what: bytes, then: bytes = b"") -> Route:
    """Send ``what`` at once, then ``then`` one byte a second (until the test ends)."""

    def route(h: Handler, n: int) -> None:
        h.wfile.write(what)
        for byte in then:
            if s.stop.wait(1):
                return
            try:
                h.wfile.write(bytes([byte]))
            except OSError:  # the client gave up
                return

    return route


@pytest.mark.parametrize("case", ["body", "headers", "silent"])
def test_one_deadline_for_the_whole_fetch(site: Callable[..., Site], case: str) -> None:
    s = site({})
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\n\r\n"

    def silent(h: Handler, n: int) -> None:  # connected, and then nothing
        s.stop.wait(30)

    s.routes["/slow"] = {"body": trickle(s, head, b"<" * 100), "headers": trickle(s, b"", head), "silent": silent}[case]
    start = time.monotonic()
    message = fails(s.base + "/slow", timeout=2)
    took = time.monotonic() - start
    assert 1.9 < took < 3.5, took  # each read gets a byte in time: only the whole fetch's deadline ends it
    assert message.startswith("no complete answer within 2 s")
    assert "--timeout" in message
    if case == "body":
        assert "bytes of the page came by then" in message


def test_a_slow_server_fails_the_watch_check_in_time(tmp_path: Path, site: Callable[..., Site],
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    s = site({})
    s.routes["/slow"] = trickle(s, b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n", b"x" * 50)
    monkeypatch.setattr(watching, "RETRIES", 1)
    root = make_project(tmp_path, with_sources=False)
    start = time.monotonic()
    code = main(["--root", str(root), "watch", s.base + "/slow", "--source", "test-science", "--count", "1",
                 "--timeout", "1"])
    assert time.monotonic() - start < 3
    assert code == 0
    out = capsys.readouterr().out
    assert "failed: no complete answer within 1 s" in out


def test_the_page_size_is_bounded(site: Callable[..., Site]) -> None:
    big = b"<html>" + b"x" * 5000

    def chunked(h: Handler, n: int) -> None:  # no Content-Length: the size shows only while reading
        h.send_response(200)
        h.send_header("Content-Type", HTML_TYPE)
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        for _ in range(10):
            h.wfile.write(b"400\r\n" + b"x" * 0x400 + b"\r\n")
        h.wfile.write(b"0\r\n\r\n")

    bomb = gzip.compress(b" " * 200_000)  # a small body that unpacks a hundred times larger
    s = site({"/big": lambda h, n: send(h, big), "/chunked": chunked,
              "/bomb": lambda h, n: send(h, bomb, extra=(("Content-Encoding", "gzip"),))})
    said = fails(s.base + "/big", max_bytes=4096)
    assert said.startswith("the page is larger than 0.00390625 MB (the server says")
    assert "raise the limit with --max-mb" in said
    assert fails(s.base + "/chunked", max_bytes=4096).startswith("the page is larger than")
    unpacked = fails(s.base + "/bomb", max_bytes=100_000)
    assert "once decompressed" in unpacked
    assert fetching.fetch(s.base + "/big", WHEN, max_bytes=6000).body == big


def test_a_body_cut_short_is_not_kept(site: Callable[..., Site]) -> None:
    def short(h: Handler, n: int) -> None:
        h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n<html>cut")

    s = site({"/short": short})
    assert fails(s.base + "/short") == "the connection closed before the whole page came (9 of 1000 bytes)"


def test_the_timeout_and_size_options_are_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path, with_sources=False)
    for bad in (["--timeout", "0"], ["--timeout", "soon"], ["--timeout", "2h"], ["--max-mb", "0"],
                ["--max-mb", "nan"], ["--max-failures", "-1"]):
        assert main(["--root", str(root), "watch", "http://127.0.0.1:9/", "--source", "test-science", *bad]) == 1
        err = capsys.readouterr().err
        assert bad[0] in err
        assert "Traceback" not in err


# 3. A watch gives up after --max-failures failed checks in a row.


def test_a_watch_gives_up_after_max_failures_in_a_row(tmp_path: Path, site: Callable[..., Site]) -> None:
    s = site({"/down": lambda h, n: send(h, b"down", "text/plain", status=500)})
    root = make_project(tmp_path, with_sources=False)
    clock, lines = FakeTime(), list[str]()
    with pytest.raises(watching.GaveUp) as caught:
        watching.watch(Project(root), request(), s.base + "/down", every=60, max_failures=3, now=clock.now,
                       sleep=clock.sleep, log=lines.append)
    assert len(caught.value.checks) == 3
    assert "3 checks in a row failed" in str(caught.value)
    assert "500" in str(caught.value)
    assert s.hits["/down"] == 3 * watching.RETRIES  # each check retried as before
    assert sum("failed: the server answered 500" in line for line in lines) == 3


def test_a_good_check_resets_the_count(tmp_path: Path) -> None:
    outcomes = iter([False, False, True, False, False, True])

    def fetcher(url: str, when: dt.datetime) -> fetching.Fetched:
        if not next(outcomes):
            raise fetching.FetchError("the server answered 503 Service Unavailable", retry=False)
        return fetching.Fetched(url, (), 200, "OK", (("Content-Type", HTML_TYPE),), A, when)

    root = make_project(tmp_path, with_sources=False)
    clock = FakeTime()
    checks = watching.watch(Project(root), request(), "http://example.org/live", every=60, count=6, max_failures=3,
                            now=clock.now, sleep=clock.sleep, fetcher=fetcher, log=lambda _: None)
    assert [c.error is None for c in checks] == [False, False, True, False, False, True]


def test_the_watch_command_exits_1_when_it_gives_up(tmp_path: Path, site: Callable[..., Site],
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    s = site({"/down": lambda h, n: send(h, b"down", "text/plain", status=500)})
    monkeypatch.setattr(watching.time, "sleep", lambda seconds: None)
    root = make_project(tmp_path, with_sources=False)
    code = main(["--root", str(root), "watch", s.base + "/down", "--source", "test-science", "--every", "10s",
                 "--max-failures", "2"])
    assert code == 1
    out, err = capsys.readouterr()
    assert out.count("failed: the server answered 500") == 2
    assert "kiroku: 2 check(s), 0 new snapshot(s)" in out
    assert "2 checks in a row failed, so the watch stops" in err
    assert "--max-failures" in err
    assert "Traceback" not in err


# 4. A page compared with every snapshot, not only the latest.


def test_a_page_flipping_between_two_versions_makes_two_snapshots(tmp_path: Path, site: Callable[..., Site]) -> None:
    s = site({"/flip": lambda h, n: send(h, (A, B)[n % 2])})
    root = make_project(tmp_path, with_sources=False)
    clock, lines = FakeTime(), list[str]()
    checks = watching.watch(Project(root), request(), s.base + "/flip", every=60, count=5, now=clock.now,
                            sleep=clock.sleep, log=lines.append)
    assert [c.seed is not None for c in checks] == [True, True, False, False, False]
    assert [c.same for c in checks] == [None, None, 1, 2, 1]
    assert "unchanged: same page bytes as snapshot 1 of 2" in lines[2]
    assert "unchanged (same page bytes as the latest snapshot)" in lines[3]
    assert len(list((root / "seeds").iterdir())) == 2
    again = watching.capture_once(Project(root), request(), s.base + "/flip", log=lambda _: None)  # a new process
    assert (again.seed, again.same) == (None, 2)


# 5. Messages: compressed bodies, Content-Types that lie, charsets that are no text encoding.


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
def test_a_compressed_page_is_decoded_and_kept_as_sent(tmp_path: Path, site: Callable[..., Site],
                                                       coding: str) -> None:
    packed = gzip.compress(A) if coding == "gzip" else zlib.compress(A)
    s = site({"/live": lambda h, n: send(h, packed, extra=(("Content-Encoding", coding),))})
    got = fetching.fetch(s.base + "/live", WHEN)
    assert (got.body, got.content) == (packed, A)
    root = make_project(tmp_path, with_sources=False)
    check = watching.capture_once(Project(root), request(), s.base + "/live", log=lambda _: None)
    assert check.seed is not None
    assert check.entries == 2
    with (root / "seeds" / check.seed).open("rb") as f:
        response = next(r for r in ArchiveIterator(f) if r.rec_type == "response")
        assert response.http_headers.get_header("Content-Encoding") == coding  # the exchange as it was
        assert response.content_stream().read() == A
    again = watching.capture_once(Project(root), request(), s.base + "/live", log=lambda _: None)
    assert again.seed is None  # the same page: compared decoded, as the seed is read


def test_a_compressed_body_that_cannot_be_decoded_is_said_plainly(site: Callable[..., Site]) -> None:
    s = site({"/liar": lambda h, n: send(h, A, extra=(("Content-Encoding", "gzip"),)),
              "/br": lambda h, n: send(h, b"\x1b\x00", extra=(("Content-Encoding", "br"),)),
              "/cut": lambda h, n: send(h, gzip.compress(A)[:-20], extra=(("Content-Encoding", "gzip"),))})
    assert fails(s.base + "/liar").startswith("the server said Content-Encoding: gzip, but the body is not gzip data")
    assert fails(s.base + "/br").startswith("the server sent the page compressed as 'br' (Content-Encoding), "
                                            "which Kiroku cannot undo")
    assert fails(s.base + "/cut") == "the server's gzip body is cut short: it cannot be decompressed whole"


@pytest.mark.parametrize(("body", "ctype", "said"), [
    (A, "image/png", "the server sent an HTML page but called it Content-Type: image/png"),
    (A, None, "the server sent an HTML page but called it no Content-Type"),
    (PNG, "text/html", "the answer is not an HTML page: the server sent a PNG image with Content-Type: text/html"),
    (b"", "text/html", "the answer is not an HTML page: the server sent an empty body with Content-Type: text/html"),
    (b'{"a": 1}', "application/json", "the server sent a JSON document with Content-Type: application/json"),
], ids=["html-as-png", "html-untyped", "png-as-html", "empty", "json"])
def test_a_content_type_that_lies_is_named_with_the_url(tmp_path: Path, site: Callable[..., Site],
                                                        capsys: pytest.CaptureFixture[str], body: bytes,
                                                        ctype: str | None, said: str) -> None:
    s = site({"/live": lambda h, n: send(h, body, ctype)})
    root = make_project(tmp_path, with_sources=False)
    assert main(["--root", str(root), "capture", s.base + "/live", "--source", "test-science"]) == 1
    err = capsys.readouterr().err
    assert f"kiroku: error: {s.base}/live: " in err
    assert said in err
    assert "capture.warc" not in err
    assert "Traceback" not in err
    assert list((root / "seeds").iterdir()) == []


def test_an_ingest_error_names_the_url_not_the_temporary_warc(tmp_path: Path, site: Callable[..., Site],
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    empty = b"<!DOCTYPE html><html><head><title>x</title></head><body><p>nothing here</p></body></html>"
    s = site({"/live": lambda h, n: send(h, empty)})
    root = make_project(tmp_path, with_sources=False)
    assert main(["--root", str(root), "capture", s.base + "/live", "--source", "test-science"]) == 1
    err = capsys.readouterr().err
    assert f"kiroku: error: {s.base}/live: " in err
    assert "capture.warc" not in err
    assert "kiroku-capture-" not in err


def test_a_charset_that_is_no_text_encoding_is_ignored_and_the_watch_goes_on(tmp_path: Path,
                                                                              site: Callable[..., Site]) -> None:
    # base64 is a codec, not a text encoding: a page that declares it is read as if it declared nothing
    s = site({"/live": lambda h, n: send(h, A, "text/html; charset=base64")})
    root = make_project(tmp_path, with_sources=False)
    clock, lines = FakeTime(), list[str]()
    checks = watching.watch(Project(root), request(), s.base + "/live", every=60, count=3, max_failures=3,
                            now=clock.now, sleep=clock.sleep, log=lines.append)
    assert [c.error for c in checks] == [None, None, None]
    assert len(list((root / "seeds").iterdir())) == 1  # one snapshot, then the same page twice
    assert sum("unchanged" in line for line in lines) == 2
    assert not any("failed" in line or "unexpected" in line or "capture.warc" in line for line in lines)


def test_an_unforeseen_error_in_a_check_does_not_end_the_watch(tmp_path: Path) -> None:
    def fetcher(url: str, when: dt.datetime) -> fetching.Fetched:
        raise RuntimeError("something no rule foresaw")

    clock, lines = FakeTime(), list[str]()
    checks = watching.watch(Project(make_project(tmp_path, with_sources=False)), request(), "http://example.org/",
                            every=60, count=2, now=clock.now, sleep=clock.sleep, fetcher=fetcher, log=lines.append)
    assert [c.error is not None for c in checks] == [True, True]
    assert "unexpected RuntimeError: something no rule foresaw" in lines[0]


# 6. Older pages (issue 25): only pages of the same live page on the same site, each fetch bounded as the first.


def older(body: bytes, href: str) -> bytes:
    """``body`` with a ``<link rel="next">`` to ``href``: its older page, as the page says."""
    return body.replace(b"</head>", f'<link rel="next" href="{href}"></head>'.encode())


def serve(body: bytes) -> Route:
    return lambda h, _: send(h, body)


def test_an_older_link_to_another_scheme_or_host_is_never_fetched(tmp_path: Path, site: Callable[..., Site]) -> None:
    with socket.socket() as ftp:  # a listener standing in for an FTP server: it must see no connection
        ftp.bind(("127.0.0.1", 0))
        ftp.listen(5)
        port = ftp.getsockname()[1]
        hrefs = [f"ftp://127.0.0.1:{port}/live?page=2", "file:///etc/passwd", "javascript:alert(1)",
                 f"http://localhost:{port}/live?page=2", "data:text/html,<p>x</p>"]
        s = site({f"/live{n}": serve(older(A, href)) for n, href in enumerate(hrefs)})
        root = make_project(tmp_path, with_sources=False)
        for n in range(len(hrefs)):
            check = watching.capture_once(Project(root), request(), f"{s.base}/live{n}", log=lambda _: None)
            assert check.error is None
            assert check.pages == 1
        ftp.setblocking(False)
        with pytest.raises(BlockingIOError):
            ftp.accept()
    assert sum(s.hits.values()) == len(hrefs)


def test_an_older_page_that_redirects_is_not_kept(tmp_path: Path, site: Callable[..., Site]) -> None:
    with socket.socket() as ftp:
        ftp.bind(("127.0.0.1", 0))
        ftp.listen(5)
        s = site({"/live": lambda h, _: send(h, older(A, "/live?page=2")),
                  "/live?page=2": redirect(f"ftp://127.0.0.1:{ftp.getsockname()[1]}/older"),
                  "/other": lambda h, _: send(h, older(B, "/other?page=2")),
                  "/other?page=2": redirect("/elsewhere"), "/elsewhere": lambda h, _: send(h, A)})
        root = make_project(tmp_path, with_sources=False)
        lines = list[str]()
        check = watching.capture_once(Project(root), request(), s.base + "/live", log=lines.append)
        assert (check.seed is not None, check.pages) == (True, 1)
        assert any("Kiroku fetches http and https only" in line and "holds the 1 page(s) before it" in line
                   for line in lines)
        ftp.setblocking(False)
        with pytest.raises(BlockingIOError):
            ftp.accept()
        root2 = tmp_path / "other"
        root2.mkdir()
        check = watching.capture_once(Project(make_project(root2, with_sources=False)), request(), s.base + "/other",
                                      log=lines.append)
        assert check.pages == 1
        assert any("redirects to" in line and "not kept" in line for line in lines)


def test_older_pages_are_bounded_in_number_and_bytes(tmp_path: Path, site: Callable[..., Site]) -> None:
    """A site that links every page to one more (forever) is followed to --pages; pages that together pass
    --max-mb stop there."""
    def endless(h: Handler, n: int) -> None:
        number = int(h.path.partition("=")[2] or 1)
        send(h, older(A, f"/endless?page={number + 1}"))

    pad = b"<!-- " + b"x" * 300_000 + b" -->"
    s = site({"/endless": endless, **{f"/endless?page={k}": endless for k in range(2, 200)},
              "/big": lambda h, _: send(h, older(A + pad, "/big?page=2")),
              **{f"/big?page={k}": serve(older(A + pad, f"/big?page={k + 1}")) for k in range(2, 10)}})
    root = make_project(tmp_path, with_sources=False)
    check = watching.capture_once(Project(root), request(), s.base + "/endless", log=lambda _: None)
    assert check.pages == watching.PAGES
    assert sum(s.hits[p] for p in s.hits if p.startswith("/endless")) == watching.PAGES
    lines = list[str]()
    check = watching.capture_once(Project(root), request(), s.base + "/big", log=lines.append, max_bytes=1_000_000)
    assert check.pages == 3  # a fourth page of 300 KB would pass 1 MB
    assert any("the pages together would pass" in line for line in lines)
