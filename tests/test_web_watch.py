"""kiroku capture / kiroku watch against a local HTTP server on 127.0.0.1 (started here): a page that
changes between requests, a server that fails before it answers, and one that is not there at all.
The clock and the sleep are fakes: no test waits."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from kiroku.build import Project
from kiroku.cli.main import main
from kiroku.cli.web import interval, until_time
from kiroku.ingest import IngestRequest
from kiroku.ingest import fetch as fetching
from kiroku.ingest import watch as watching
from tests.conftest import make_project


def page(updates: list[tuple[str, str, str]]) -> bytes:
    """Our own live blog page: a science conference's JSON-LD updates (time, headline, body)."""
    data = {
        "@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": "みなと科学会議 速報",
        "datePublished": "2025-09-13T09:00:00+09:00", "publisher": {"@type": "Organization", "name": "試験放送"},
        "liveBlogUpdate": [{"@type": "BlogPosting", "datePublished": t, "headline": h, "articleBody": b}
                           for t, h, b in updates],
    }
    return ("<!DOCTYPE html><html lang=ja><head><meta charset=utf-8><title>みなと科学会議 速報</title>"
            f"<script type='application/ld+json'>{json.dumps(data, ensure_ascii=False)}</script></head>"
            "<body><main><h1>みなと科学会議 速報</h1></main></body></html>").encode()


OPEN = ("2025-09-13T10:00:00+09:00", "会議始まる", "みなと科学会議が始まりました。")
TALK = ("2025-09-13T11:00:00+09:00", "基調講演", "海の観測について講演がありました。")
TALK_FIXED = ("2025-09-13T11:00:00+09:00", "基調講演 海の観測", "海の観測について講演がありました。")
PRIZE = ("2025-09-13T12:00:00+09:00", "ポスター賞発表", "学生の班がポスター賞に選ばれました。")
VERSIONS = [page([TALK, OPEN]), page([TALK, OPEN]), page([PRIZE, TALK_FIXED, OPEN]), page([PRIZE, TALK_FIXED])]


class Server:
    """``/live`` serves VERSIONS in turn (the last one again after); ``/flaky`` answers 500 twice, then the page."""

    def __init__(self) -> None:
        self.hits: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                n = server.hits.get(self.path, 0)
                server.hits[self.path] = n + 1
                server.agents.append(self.headers.get("User-Agent", ""))
                if self.path == "/moved":
                    self.send_response(301)
                    self.send_header("Location", "/same")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if self.path == "/flaky" and n < 2:
                    self.send_error(500, "try later")
                    return
                body = VERSIONS[min(n, len(VERSIONS) - 1)] if self.path == "/live" else VERSIONS[0]
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.agents: list[str] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    thread = threading.Thread(target=s.httpd.serve_forever, daemon=True)
    thread.start()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()
    thread.join()


class FakeTime:
    def __init__(self) -> None:
        self.t = dt.datetime(2025, 9, 13, 3, 0, tzinfo=dt.UTC)
        self.slept: list[float] = []

    def now(self) -> dt.datetime:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += dt.timedelta(seconds=seconds)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_watch_snapshots_only_changes_and_reports_each_check(tmp_path: Path, server: Server) -> None:
    root = make_project(tmp_path, with_sources=False)
    clock, lines = FakeTime(), []
    checks = watching.watch(Project(root), IngestRequest(Path("x"), slug="test-science"), server.base + "/live",
                            every=300, count=4, now=clock.now, sleep=clock.sleep, log=lines.append)
    assert [c.seed is not None for c in checks] == [True, False, True, True]  # the repeat made no seed
    assert (checks[0].entries, checks[2].new, checks[2].changed, checks[3].removed) == (2, 1, 1, 1)
    assert clock.slept == [300.0, 300.0, 300.0]
    assert len(lines) == 4
    assert "unchanged" in lines[1]
    assert "1 new, 1 changed, 0 removed" in lines[2]
    assert lines[0].startswith("2025-09-13 03:00:00Z  new snapshot seeds/000_")
    seeds = sorted(p.name for p in (root / "seeds").iterdir())
    assert len(seeds) == 3
    assert all(s.endswith(".warc") for s in seeds)  # whole files only: no temporaries left
    meta = yaml.safe_load((root / "sources" / "test-science.yaml").read_text(encoding="utf-8"))
    assert meta["url"] == server.base + "/live"
    assert meta["publisher"] == "試験放送"
    assert [s["captured"] for s in meta["snapshots"]] == ["2025-09-13"] * 3
    assert all(a.startswith("Kiroku/") for a in server.agents)
    assert main(["--root", str(root), "build"]) == 0  # every snapshot's history builds


def test_capture_command_once(tmp_path: Path, server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path, with_sources=False)
    assert main(["--root", str(root), "capture", server.base + "/same", "--source", "test-science"]) == 0
    assert "new snapshot" in capsys.readouterr().out
    assert main(["--root", str(root), "capture", server.base + "/same", "--source", "test-science"]) == 0
    assert "unchanged" in capsys.readouterr().out
    assert len(list((root / "seeds").iterdir())) == 1
    assert main(["--root", str(root), "inspect", "test-science"]) == 0
    assert "基調講演" in capsys.readouterr().out


def test_server_errors_are_retried_with_back_off(tmp_path: Path, server: Server) -> None:
    clock, lines = FakeTime(), []
    got = watching.fetch_with_retries(server.base + "/flaky", now=clock.now, sleep=clock.sleep, log=lines.append,
                                      fetcher=fetching.fetch)
    assert got.status == 200
    assert clock.slept == [5.0, 10.0]
    assert "500" in lines[0]
    assert "trying again in 5 s (attempt 2 of 4)" in lines[0]


def test_unreachable_server_fails_the_check_and_the_watch_goes_on(tmp_path: Path) -> None:
    root = make_project(tmp_path, with_sources=False)
    clock, lines = FakeTime(), []
    url = f"http://127.0.0.1:{closed_port()}/live"
    checks = watching.watch(Project(root), IngestRequest(Path("x"), slug="test-science"), url, every=60, count=2,
                            now=clock.now, sleep=clock.sleep, log=lines.append)
    assert [c.error is not None for c in checks] == [True, True]
    assert "cannot reach the server" in checks[0].line()
    assert "refused" in checks[0].line().lower()
    assert clock.slept[:3] == [5.0, 10.0, 20.0]
    assert list((root / "seeds").iterdir()) == []
    assert not (root / "sources" / "test-science.yaml").exists()


def test_capture_command_failure_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path, with_sources=False)
    monkeypatch.setattr(watching, "FIRST_BACKOFF", 0.0)
    url = f"http://127.0.0.1:{closed_port()}/live"
    assert main(["--root", str(root), "capture", url, "--source", "test-science"]) == 1
    err = capsys.readouterr().err
    assert url in err
    assert "Traceback" not in err
    assert "hint:" in err


def test_ctrl_c_stops_the_watch_cleanly(tmp_path: Path, server: Server, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path, with_sources=False)

    def interrupt(seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(watching.time, "sleep", interrupt)
    code = main(["--root", str(root), "watch", server.base + "/live", "--source", "test-science", "--every", "1m"])
    assert code == 130
    out, err = capsys.readouterr()
    assert "new snapshot" in out
    assert "watch stopped" in err
    assert "Traceback" not in err
    assert len(list((root / "seeds").iterdir())) == 1


def test_interval_and_until() -> None:
    assert interval("5m") == 300
    assert interval("90") == 90
    assert interval("1h") == 3600
    with pytest.raises(Exception, match="too short"):
        interval("2s")
    with pytest.raises(Exception, match="not an interval"):
        interval("soon")
    now = dt.datetime(2025, 9, 13, 3, 0, tzinfo=dt.UTC)
    assert until_time("2025-09-13T23:30+09:00", now) == dt.datetime(2025, 9, 13, 14, 30, tzinfo=dt.UTC)
    assert until_time("23:30", now) > now
    with pytest.raises(Exception, match="not a time"):
        until_time("tonight", now)


def test_watch_until_stops_at_the_time(tmp_path: Path, server: Server) -> None:
    root = make_project(tmp_path, with_sources=False)
    clock, lines = FakeTime(), []
    until = clock.t + dt.timedelta(minutes=12)
    checks = watching.watch(Project(root), IngestRequest(Path("x"), slug="test-science"), server.base + "/live",
                            every=300, until=until, now=clock.now, sleep=clock.sleep, log=lines.append)
    assert len(checks) == 3  # at 0, 5 and 10 minutes; the next would be after --until
    assert clock.t <= until


def test_a_redirect_is_followed_and_the_page_kept_under_the_url_that_answered(tmp_path: Path, server: Server) -> None:
    root = make_project(tmp_path, with_sources=False)
    check = watching.capture_once(Project(root), IngestRequest(Path("x"), slug="test-science"), server.base + "/moved",
                                  log=lambda _: None)
    assert check.seed is not None
    warc = (root / "seeds" / check.seed).read_bytes()
    assert f"WARC-Target-URI: {server.base}/same".encode() in warc
    meta = yaml.safe_load((root / "sources" / "test-science.yaml").read_text(encoding="utf-8"))
    assert meta["url"] == server.base + "/moved"  # the live blog's address, as watched
    again = watching.capture_once(Project(root), IngestRequest(Path("x"), slug="test-science"), server.base + "/moved",
                                  log=lambda _: None)
    assert again.seed is None  # same page bytes
