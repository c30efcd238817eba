"""Fetching a live blog's page once and keeping it as a WARC: a ``warcinfo``, then a ``request`` and a
``response`` record for the page and for each older page fetched with it (warcio). urllib undoes
chunked transfer encoding, so the response keeps the payload as received after it and drops
``Transfer-Encoding``; a gzip or deflate ``Content-Encoding`` stays (warcio undoes it when the seed is
read) and is undone here too, for ``Fetched.content``. Nothing here touches the project: ``watch``
follows the older pages and ingests.

Web input is hostile, so one fetch is bounded every way:

* only ``http`` and ``https``, on every hop: redirects are followed here (at most ``MAX_REDIRECTS``),
  and one to any other scheme (``ftp:``, ``file:``) is refused, never followed;
* one deadline for all of it (``timeout``: connecting, every hop, every read): a server that sends a
  byte now and then is cut off when it passes, however often it sends;
* at most ``max_bytes`` of body, as sent and once decompressed (a small gzip body may unpack to
  gigabytes).
"""

from __future__ import annotations

import datetime as dt
import http.client
import io
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .. import __version__

USER_AGENT = f"Kiroku/{__version__} (live-blog archiver; one request per check)"
TIMEOUT = 60.0  # seconds for one whole fetch: connecting, every redirect, every read (--timeout)
MAX_MB = 50  # a live blog page is smaller; the reading side's default limit too (--max-mb)
MAX_BYTES = MAX_MB * 1024 * 1024
MAX_REDIRECTS = 5  # hops followed; one more is an error
ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
SCHEMES = ("http", "https")
REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024
_SAFE = "!#$%&'()*+,-./:;=?@[]_~"  # kept as they are when a URL is made ASCII (letters and digits always are)


class FetchError(Exception):
    """A fetch that failed; ``retry`` says whether trying again later may help (network, 5xx, 429)."""

    def __init__(self, message: str, *, retry: bool) -> None:
        super().__init__(message)
        self.retry = retry


@dataclass(frozen=True)
class Fetched:
    """One HTTP exchange: what was asked, what came back, and when (UTC)."""

    url: str  # the URL that answered (after redirects)
    request_headers: tuple[tuple[str, str], ...]
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes  # as received (a Content-Encoding kept): what the WARC holds
    when: dt.datetime
    page: bytes | None = None  # the body with its Content-Encoding undone; None: there was none

    @property
    def content(self) -> bytes:
        """The page's bytes, as a reader of the seed gets them (a gzip body decompressed)."""
        return self.body if self.page is None else self.page

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


Fetcher = Callable[[str, dt.datetime], Fetched]


def shown(text: str, limit: int = 200) -> str:
    """A server's text fit for one line of a terminal: control characters escaped, cut at ``limit``."""
    safe = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return safe if len(safe) <= limit else safe[: limit - 1] + "…"


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def fetch(url: str, when: dt.datetime, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> Fetched:
    """GET the page (redirects followed, http and https only), all of it within ``timeout`` seconds and
    ``max_bytes``; FetchError with a message saying what went wrong."""
    deadline = _Deadline(timeout)
    try:
        return _follow(url, when, deadline, max_bytes)
    except FetchError:
        raise
    except (TimeoutError, urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
        if deadline.passed():
            raise deadline.error() from None
        raise _failure(exc) from None
    finally:
        deadline.stop()


def _failure(exc: Exception) -> FetchError:
    """A network error, said for people."""
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason.strerror if isinstance(exc.reason, OSError) and exc.reason.strerror else exc.reason
        return FetchError(f"cannot reach the server: {reason}", retry=True)
    if isinstance(exc, http.client.IncompleteRead):
        return FetchError(f"the connection closed before the whole page came ({len(exc.partial)} bytes)",
                          retry=True)
    if isinstance(exc, http.client.InvalidURL | UnicodeError) or type(exc) is ValueError:
        return FetchError(f"not a URL that can be fetched ({shown(str(exc))})", retry=False)
    if isinstance(exc, http.client.HTTPException):
        return FetchError(f"the server's answer is not valid HTTP ({shown(type(exc).__name__ + ' ' + str(exc))})",
                          retry=True)
    return FetchError(f"the connection failed: {shown(str(exc))}", retry=True)


def _follow(url: str, when: dt.datetime, deadline: _Deadline, max_bytes: int) -> Fetched:
    """The page at ``url``, following at most MAX_REDIRECTS redirects, each to http or https."""
    current = ascii_url(url)
    if urllib.parse.urlsplit(current).scheme.lower() not in SCHEMES:
        raise FetchError(f"{shown(url)} is not an http or https URL; Kiroku fetches http and https only",
                         retry=False)
    headers = (("User-Agent", USER_AGENT), ("Accept", ACCEPT))
    opener = urllib.request.OpenerDirector()
    for handler in (_HTTP(deadline), _HTTPS(deadline), urllib.request.ProxyHandler(), urllib.request.UnknownHandler(),
                    urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)  # no redirect handler (they are followed below), no ftp, file or data
    hops = 0
    while True:
        try:
            response = opener.open(urllib.request.Request(current, headers=dict(headers)), timeout=deadline.left())
        except urllib.error.HTTPError as exc:
            with exc:
                location = exc.headers.get("Location") if exc.code in REDIRECTS else None
                if location is None:
                    retry = exc.code >= 500 or exc.code in (408, 429)
                    raise FetchError(f"the server answered {exc.code} {shown(str(exc.reason))}", retry=retry) from None
            hops += 1
            current = _redirect(current, location, hops)
            continue
        with response:
            body = _body(response, deadline, max_bytes)
            got = tuple((k, v) for k, v in response.headers.items() if k.lower() != "transfer-encoding")
            status, reason = response.status, response.reason
        coding = next((v for k, v in got if k.lower() == "content-encoding"), "")
        return Fetched(current, headers, status, reason, got, body, when, decoded(body, coding, max_bytes))


def _redirect(current: str, location: str, hops: int) -> str:
    """The next hop's URL; FetchError for a scheme other than http(s) or one hop too many."""
    # http.client reads header values as Latin-1: the bytes the server sent, read as UTF-8 (as browsers do)
    target = urllib.parse.urljoin(current, location.strip().encode("latin-1", "replace").decode("utf-8", "replace"))
    parts = urllib.parse.urlsplit(target)
    if parts.scheme.lower() not in SCHEMES:
        raise FetchError(f"the server redirected to {shown(target)}; Kiroku fetches http and https only", retry=False)
    if not parts.hostname:
        raise FetchError(f"the server redirected to {shown(target)}, which names no host", retry=False)
    if hops > MAX_REDIRECTS:
        raise FetchError(f"the server redirected more than {MAX_REDIRECTS} times (the last to {shown(target)}); "
                         f"Kiroku follows at most {MAX_REDIRECTS} redirects: fetch the page they end at", retry=False)
    return ascii_url(target)


def ascii_url(url: str) -> str:
    """The URL as HTTP sends it: an international host name in IDNA, other characters percent-encoded (UTF-8)."""
    if url.isascii() and url.isprintable() and " " not in url:
        return url
    parts = urllib.parse.urlsplit(url.strip())
    netloc = parts.netloc
    if not netloc.isascii():
        try:
            host = (parts.hostname or "").encode("idna").decode("ascii")
            port = f":{parts.port}" if parts.port is not None else ""
        except (UnicodeError, ValueError):
            raise FetchError(f"{shown(url)} does not name a valid host", retry=False) from None
        user = netloc.rpartition("@")[0]
        netloc = f"{urllib.parse.quote(user, safe=_SAFE)}@{host}{port}" if user else f"{host}{port}"
    return urllib.parse.urlunsplit((parts.scheme, netloc, urllib.parse.quote(parts.path, safe=_SAFE),
                                    urllib.parse.quote(parts.query, safe=_SAFE), ""))


def _body(response: http.client.HTTPResponse, deadline: _Deadline, max_bytes: int) -> bytes:
    """Read the body in chunks, stopping at ``max_bytes`` or the deadline."""
    expected = response.length  # None: chunked, or read to the end of the connection
    if expected is not None and expected > max_bytes:
        raise _too_large(max_bytes, f"the server says {megabytes(expected)}")
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read1(CHUNK)
        if not chunk:
            break
        size += len(chunk)
        deadline.received = size
        if size > max_bytes:
            raise _too_large(max_bytes, "")
        chunks.append(chunk)
        deadline.left()  # FetchError once the deadline has passed, however steadily the bytes come
    if deadline.passed():  # the deadline's timer shut the connection: the end seen is not the page's
        raise deadline.error()
    if expected is not None and size < expected:
        raise FetchError(f"the connection closed before the whole page came ({size} of {expected} bytes)",
                         retry=True)
    return b"".join(chunks)


def _too_large(max_bytes: int, said: str) -> FetchError:
    said = f" ({said})" if said else ""
    return FetchError(f"the page is larger than {megabytes(max_bytes)}{said}; not a live blog page? "
                      "If it is one, raise the limit with --max-mb", retry=False)


def decoded(body: bytes, coding: str, max_bytes: int = MAX_BYTES) -> bytes | None:
    """The body with its Content-Encoding undone (None: there is none); FetchError when it cannot be.

    gzip and deflate only (Kiroku asks for no compression, and warcio undoes these two when the seed is read).
    """
    codings = [c.strip().lower() for c in coding.split(",") if c.strip() and c.strip().lower() != "identity"]
    if not codings:
        return None
    if codings not in (["gzip"], ["deflate"]):
        raise FetchError(f"the server sent the page compressed as {shown(coding)!r} (Content-Encoding), which "
                         "Kiroku cannot undo; it reads gzip and deflate only", retry=False)
    failed = ""
    tries = [16 + zlib.MAX_WBITS] if codings == ["gzip"] else [zlib.MAX_WBITS, -zlib.MAX_WBITS]
    for wbits in tries:
        unpack = zlib.decompressobj(wbits)
        try:
            page = unpack.decompress(body, max_bytes + 1)
        except zlib.error as exc:
            failed = str(exc)
            continue
        if len(page) > max_bytes:
            raise _too_large(max_bytes, f"once decompressed; {megabytes(len(body))} as sent")
        if not unpack.eof:
            raise FetchError(f"the server's {codings[0]} body is cut short: it cannot be decompressed whole",
                             retry=True)
        if unpack.unused_data.strip(b"\0"):
            raise FetchError(f"the server's {codings[0]} body holds more than one compressed stream, which "
                             "Kiroku does not read", retry=False)
        return page
    raise FetchError(f"the server said Content-Encoding: {codings[0]}, but the body is not {codings[0]} data "
                     f"({failed}); the page cannot be read", retry=False)


class _Deadline:
    """One fetch's time limit. Each connection's timeout is the time left; when the limit passes, a timer
    shuts down the fetch's open sockets, so a read that waits for a slow server ends then and there."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.received = 0  # body bytes so far, for the message
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def passed(self) -> bool:
        return self.expired or time.monotonic() >= self.at

    def left(self) -> float:
        """Seconds left; FetchError when there are none."""
        if self.passed():
            raise self.error()
        return self.at - time.monotonic()

    def error(self) -> FetchError:
        got = f"; {self.received} bytes of the page came by then" if self.received else ""
        return FetchError(f"no complete answer within {self.seconds:g} s{got} (the time for one whole fetch; "
                          "--timeout SECONDS sets it)", retry=True)

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if self.expired:
                _shut(sock)
            else:
                self._sockets.append(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def stop(self) -> None:
        self._timer.cancel()
        self._timer.join()


def _shut(sock: socket.socket) -> None:
    """Wake a read waiting on ``sock`` (for TLS too: the plain socket's shutdown, leaving the TLS state alone)."""
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:  # already closed
        pass


def _watched(http_class: Any, deadline: _Deadline) -> Any:
    """``http_class`` whose socket, once connected, is handed to the deadline."""

    class Connection(http_class):  # type: ignore[misc]
        def connect(self) -> None:
            super().connect()
            deadline.watch(self.sock)

    return Connection


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def do_open(self, http_class: Any, req: urllib.request.Request, **kwargs: Any) -> http.client.HTTPResponse:
        return super().do_open(_watched(http_class, self.deadline), req, **kwargs)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def do_open(self, http_class: Any, req: urllib.request.Request, **kwargs: Any) -> http.client.HTTPResponse:
        return super().do_open(_watched(http_class, self.deadline), req, **kwargs)


def warc_date(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_warc(fetched: Fetched, *older: Fetched) -> bytes:
    """The exchanges as an uncompressed WARC 1.1: a warcinfo, then a request and a response for each page
    (the live page, then the older pages fetched after it, in order), each dated when it was fetched."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False, warc_version="WARC/1.1")
    info = writer.create_warcinfo_record("kiroku-capture.warc", {"software": f"Kiroku {__version__}",
                                                                  "format": "WARC File Format 1.1"})
    info.rec_headers.replace_header("WARC-Date", warc_date(fetched.when))
    writer.write_record(info)
    for page in (fetched, *older):
        _exchange(writer, page)
    return out.getvalue()


def _exchange(writer: WARCWriter, fetched: Fetched) -> None:
    """One page's request and response records."""
    date = warc_date(fetched.when)
    parts = urllib.parse.urlsplit(fetched.url)
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    host = (("Host", parts.netloc),)
    request_http = StatusAndHeaders(f"GET {target} HTTP/1.1", list(host + fetched.request_headers),
                                    is_http_request=True)
    response_http = StatusAndHeaders(f"{fetched.status} {fetched.reason}", list(fetched.headers), protocol="HTTP/1.1")
    response = writer.create_warc_record(fetched.url, "response", payload=io.BytesIO(fetched.body),
                                         length=len(fetched.body), http_headers=response_http,
                                         warc_headers_dict={"WARC-Date": date})
    request = writer.create_warc_record(fetched.url, "request", payload=io.BytesIO(b""), length=0,
                                        http_headers=request_http,
                                        warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To":
                                                           response.rec_headers.get_header("WARC-Record-ID")})
    writer.write_record(request)
    writer.write_record(response)
