"""Fetching a live blog's page once and keeping it as a WARC: a ``warcinfo``, a ``request`` and a
``response`` record (warcio). urllib undoes chunked transfer encoding, so the response keeps the
payload as received after it and drops ``Transfer-Encoding``; a gzip ``Content-Encoding`` stays,
and warcio undoes it when the seed is read. Nothing here touches the project: ``watch`` ingests.
"""

from __future__ import annotations

import datetime as dt
import http.client
import io
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .. import __version__

USER_AGENT = f"Kiroku/{__version__} (live-blog archiver; one request per check)"
TIMEOUT = 30.0  # seconds for connecting and for each read
MAX_BYTES = 50 * 1024 * 1024  # a live blog page; anything larger is not one
ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"


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
    body: bytes
    when: dt.datetime


Fetcher = Callable[[str, dt.datetime], Fetched]


def fetch(url: str, when: dt.datetime, *, timeout: float = TIMEOUT) -> Fetched:
    """GET the page (redirects followed); FetchError with a message saying what went wrong."""
    headers = (("User-Agent", USER_AGENT), ("Accept", ACCEPT))
    request = urllib.request.Request(url, headers=dict(headers))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) checked by the CLI
            body = response.read(MAX_BYTES + 1)
            status, reason = response.status, response.reason
            final = response.geturl() or url  # after redirects: the URL that answered
            got = tuple((k, v) for k, v in response.headers.items() if k.lower() != "transfer-encoding")
    except urllib.error.HTTPError as exc:
        retry = exc.code >= 500 or exc.code in (408, 429)
        raise FetchError(f"the server answered {exc.code} {exc.reason}", retry=retry) from None
    except urllib.error.URLError as exc:
        reason_ = exc.reason.strerror if isinstance(exc.reason, OSError) and exc.reason.strerror else exc.reason
        raise FetchError(f"cannot reach the server: {reason_}", retry=True) from None
    except TimeoutError:
        raise FetchError(f"no answer within {timeout:g} s", retry=True) from None
    except (http.client.HTTPException, ConnectionError, OSError) as exc:
        raise FetchError(f"the connection failed: {exc}", retry=True) from None
    if len(body) > MAX_BYTES:
        raise FetchError(f"the page is larger than {MAX_BYTES // (1024 * 1024)} MB; not a live blog page?", retry=False)
    return Fetched(final, headers, status, reason, got, body, when)


def warc_date(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_warc(fetched: Fetched) -> bytes:
    """The exchange as an uncompressed WARC 1.1: warcinfo, request, response (all dated ``fetched.when``)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False, warc_version="WARC/1.1")
    date = warc_date(fetched.when)
    info = writer.create_warcinfo_record("kiroku-capture.warc", {"software": f"Kiroku {__version__}",
                                                                  "format": "WARC File Format 1.1"})
    info.rec_headers.replace_header("WARC-Date", date)
    writer.write_record(info)
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
    return out.getvalue()
