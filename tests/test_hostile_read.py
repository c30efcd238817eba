"""Hostile and broken web input (issue 24): decompression bombs, cut-off and tampered archives, pages nested
past lxml's depth, codecs that are no text encoding. Each is refused with a KirokuError naming the file, saying
what is wrong and, for the page limit, the option that raises it: never a traceback, never a MemoryError.

Every input is generated here (tests/bombs.py, tests/webarchive.py): bombs of a few MB that expand to GiBs,
built without holding what they expand to. The bombs are read in a child process limited to 1 GiB of
address space, through ``kiroku inspect``, as a user would read them.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from kiroku import read
from kiroku.build import Project, parse_seed
from kiroku.cli.main import main
from kiroku.errors import KirokuError
from kiroku.read import Limits, read_file
from kiroku.read.decode import check_encoding, decode_html
from kiroku.read.limits import MB
from kiroku.sources import Snapshot, Source, dump_source, source_from_text
from tests import bombs
from tests.conftest import FIXTURES, ROOT, make_project
from tests.webarchive import chunked, wacz, warc

LIVE = "https://example.org/live/lantern"
PAGE = (FIXTURES / "web" / "lantern_text.html").read_bytes()
HEADINGS = ["灯籠流し 予定どおり終了", "雨で舞台の催しを中止", "まつり始まる"]
GiB = 2**30


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(path: Path, *, url: str | None = None, limits: Limits | None = None, encoding: str | None = None
            ) -> KirokuError:
    """The KirokuError reading ``path`` gives: it names the file (never another path) and says what to do."""
    with pytest.raises(KirokuError) as info:
        read_file(path, encoding, url, limits=limits)
    assert info.value.path == str(path)
    assert info.value.hint
    return info.value


def headings(path: Path, **kwargs: object) -> list[str | None]:
    capture = read_file(path, **kwargs)  # type: ignore[arg-type]
    report = read.parse(capture, seed=path.name, published=dt.date(2025, 9, 13), timezone="Asia/Tokyo")
    return [e.heading for e in report.blog.entries]


# --- decompression bombs, read by `kiroku inspect` in a child limited to 1 GiB -------------------------------

# The child limits its own address space first thing (as a preexec_fn would, without running Python code
# between fork and exec in a test process that has threads).
CHILD = f"""import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({GiB}, {GiB}))
from kiroku.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def inspect_in_child(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``kiroku inspect PATH`` in a process that cannot have more than 1 GiB of memory (a timeout bounds it)."""
    return subprocess.run([sys.executable, "-c", CHILD, "inspect", str(path), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)


def test_the_child_really_has_1_gib() -> None:
    code = CHILD.replace("from kiroku.cli.main import main\nsys.exit(main(sys.argv[1:]))", "bytearray(2 * 2**30)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0
    assert "MemoryError" in done.stderr


def _wacz_member_bomb() -> bytes:
    warc_head, http = bombs.warc_head(LIVE, 3000 * MB)
    member = bombs.deflate_zeros(warc_head + http, 3000, b"\r\n\r\n")
    pages = json.dumps({"format": "json-pages-1.0"}) + "\n" + json.dumps({"url": LIVE}) + "\n"
    return bombs.zip_file([("pages/pages.jsonl", pages.encode()), ("archive/data.warc", member)])


def _wacz_page_list_bomb() -> bytes:
    return bombs.zip_file([("pages/pages.jsonl", bombs.deflate_zeros(b'{"format": "json-pages-1.0"}\n', 3000)),
                           ("archive/data.warc.gz", warc([(LIVE, PAGE, "text/html")]))])


def _chunked_bomb() -> bytes:
    payload = chunked(bombs.gzip_zeros(b"<html><body><p>", 4096), size=1 << 16)
    warc_head, http = bombs.warc_head(LIVE, len(payload),
                                      extra="Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n")
    return warc_head + http + payload + b"\r\n\r\n"


BOMBS = {
    "warc.gz expanding to 4 GiB": ("bomb.warc.gz", lambda: bombs.warc_gz_bomb(LIVE, 4096), "page limit of 50 MB"),
    "response with Content-Encoding: gzip": ("bomb.warc", lambda: bombs.content_encoded_bomb(LIVE, 4096),
                                             "page limit of 50 MB"),
    "chunked and gzip-encoded response": ("chunked.warc", _chunked_bomb, "page limit of 50 MB"),
    "WACZ member expanding to 3 GB": ("member.wacz", _wacz_member_bomb, "page limit of 50 MB"),
    "WACZ page list expanding to 3 GB": ("pages.wacz", _wacz_page_list_bomb, "pages/pages.jsonl is larger than 50 MB"),
}


@pytest.mark.parametrize("case", list(BOMBS))
def test_bombs_stop_at_the_limit_in_bounded_memory(tmp_path: Path, case: str) -> None:
    name, make, said = BOMBS[case]
    path = write(tmp_path, name, make())
    assert path.stat().st_size < 8 * MB  # a few MB on disk
    done = inspect_in_child(path)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"kiroku: error: {path}: "), done.stderr
    assert said in done.stderr
    assert "--max-page-mb" in done.stderr
    assert "decompression bomb" in done.stderr
    assert "Traceback" not in done.stderr
    assert "MemoryError" not in done.stderr


def test_a_page_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as file:  # 200 MB, sparse: the test never holds it
        file.write(b"<!DOCTYPE html><html><body><p>")
        file.truncate(200 * 1000 * 1000)
    error = refused(path)
    assert "this HTML page is 190.7 MB: larger than the page limit of 50 MB (it was not parsed)" in error.message
    assert "--max-page-mb 191" in (error.hint or "")
    assert "max_page_mb: 191" in (error.hint or "")
    done = inspect_in_child(path)
    assert done.returncode == 1
    assert "larger than the page limit" in done.stderr
    assert "Traceback" not in done.stderr
    text = write(tmp_path, "capture.txt", "13日 19:40 まつり始まる\n".encode() * 100_000)
    assert "this capture is" in refused(text, limits=Limits.of(1)).message


# --- the page limit is configurable: --max-page-mb, max_page_mb: in a source ---------------------------------

def _page_of(megabytes: float) -> bytes:
    """An HTML page of about ``megabytes`` MB: posts with <time>, our own words."""
    post = ('<article><h2>Lantern update {n}</h2><time datetime="2025-09-13T{h:02d}:{m:02d}:00+09:00">{h:02d}:{m:02d}'
            '</time><p>The lanterns drift past the bridge while the drums keep time, update {n}.</p></article>\n')
    posts: list[str] = []
    size = 0
    while size < megabytes * MB - 400:
        n = len(posts)
        posts.append(post.format(n=n, h=8 + n // 60 % 12, m=n % 60))
        size += len(posts[-1])
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Lantern festival</title></head>'
            f"<body><main><h1>Lantern festival</h1>{''.join(posts)}</main></body></html>").encode()


@pytest.fixture(scope="module")
def two_mb_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("page") / "big.html"
    path.write_bytes(_page_of(2))
    return path


def test_max_page_mb_raises_the_limit_of_inspect(two_mb_page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(two_mb_page), "--max-page-mb", "1"]) == 1
    err = capsys.readouterr().err
    assert f"{two_mb_page}: this HTML page is 2.0 MB: larger than the page limit of 1 MB" in err
    assert "--max-page-mb 2 " in err
    assert main(["inspect", str(two_mb_page), "--max-page-mb", "2"]) == 0
    assert "time-elements" in capsys.readouterr().out
    with pytest.raises(SystemExit) as info:
        main(["inspect", str(two_mb_page), "--max-page-mb", "0"])
    assert info.value.code == 2
    assert "not a whole number of MB" in capsys.readouterr().err


def test_max_page_mb_raises_the_limit_of_ingest(tmp_path: Path, two_mb_page: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path, with_sources=False)
    given = ["--root", str(root), "ingest", str(two_mb_page), "--source", "lantern-big", "--published", "2025-09-13",
             "--publisher", "Example Post", "--timezone", "Asia/Tokyo"]
    assert main([*given, "--max-page-mb", "1"]) == 1
    assert "larger than the page limit of 1 MB" in capsys.readouterr().err
    assert not (root / "sources" / "lantern-big.yaml").exists()
    assert main([*given, "--max-page-mb", "3"]) == 0
    meta = yaml.safe_load((root / "sources" / "lantern-big.yaml").read_text(encoding="utf-8"))
    assert meta["max_page_mb"] == 3  # recorded, so the build reads the seed with the same limit
    assert main(["--root", str(root), "build"]) == 0


def test_a_sources_max_page_mb_is_kept_and_read_by_the_build(tmp_path: Path, two_mb_page: Path) -> None:
    meta = tmp_path / "sources" / "lantern-big.yaml"
    text = ("slug: lantern-big\ntitle: Lantern festival\npublisher: Example Post\npublished: 2025-09-13\n"
            "timezone: Asia/Tokyo\nlanguage: en\nmax_page_mb: 120\nsnapshots:\n- seed: big.html\n  sha256: " + "ab" * 32
            + "\n")
    source = source_from_text(text, meta)
    assert source.max_page_mb == 120
    assert "max_page_mb: 120\n" in dump_source(source)
    for default in (None, 50):
        assert "max_page_mb" not in dump_source(Source(**{**vars(source), "max_page_mb": default}))
    for bad in ("0", "-3", "big", "true", "1.5"):
        with pytest.raises(KirokuError, match="max_page_mb must be a whole number of MB") as info:
            source_from_text(text.replace("max_page_mb: 120", f"max_page_mb: {bad}"), meta)
        assert info.value.line == 7

    project = Project(tmp_path)
    project.seeds.mkdir()
    (project.seeds / "big.html").write_bytes(two_mb_page.read_bytes())
    small = Source("lantern-big", "Lantern festival", "Example Post", dt.date(2025, 9, 13), "Asia/Tokyo", "en",
                   (Snapshot("big.html", "0" * 64),), max_page_mb=1)
    with pytest.raises(KirokuError, match="larger than the page limit of 1 MB"):
        parse_seed(project, small, "big.html")
    assert len(parse_seed(project, Source(**{**vars(small), "max_page_mb": 3}), "big.html").entries) > 1000


# --- nesting past lxml's depth: refused, never cut ------------------------------------------------------------

def _nested(levels: int) -> bytes:
    """``levels`` <div>s in <body>, a paragraph inside the deepest, and one after them all."""
    return (b"<!DOCTYPE html><html><body>" + b"<div>" * levels + b"<p>deep inside</p>" + b"</div>" * levels
            + b"<p>after the nesting</p></body></html>")


def test_a_page_nested_past_lxmls_depth_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deepest = write(tmp_path, "deepest.html", _nested(253))  # the <p> has 255 ancestors: lxml's limit, read whole
    lines = read_file(deepest).page.lines  # type: ignore[union-attr]
    assert "deep inside" in lines
    assert "after the nesting" in lines
    for levels in (254, 300, 5000):
        path = write(tmp_path, f"deep{levels}.html", _nested(levels))
        error = refused(path)
        assert "nests its elements more than 255 levels deep (line 1)" in error.message
    assert main(["inspect", str(tmp_path / "deep300.html")]) == 1
    err = capsys.readouterr().err
    assert "more than 255 levels deep" in err
    assert "no known format fits" not in err


def test_a_large_inline_image_does_not_cut_the_page(tmp_path: Path) -> None:
    image = b'<img src="data:image/png;base64,' + b"A" * (12 * MB) + b'">'
    path = write(tmp_path, "inline.html", PAGE.replace(b"<body>", b"<body>" + image, 1))
    assert headings(path) == HEADINGS  # libxml2 alone would end the page at the 10 MB attribute, silently


# --- encodings: only text encodings, one judge ----------------------------------------------------------------

NOT_TEXT = ["base64", "hex", "rot13", "uu", "zlib", "bz2", "quopri", "idna", "punycode", "unicode_escape"]


@pytest.mark.parametrize("name", NOT_TEXT)
def test_a_declared_codec_that_is_no_text_encoding_is_ignored(tmp_path: Path, name: str) -> None:
    page = PAGE.replace(b'<meta charset="utf-8">', f'<meta charset="{name}">'.encode())
    assert page != PAGE
    assert headings(write(tmp_path, "page.html", page)) == HEADINGS  # detected as UTF-8
    archive = write(tmp_path, "page.warc.gz", warc([(LIVE, PAGE, f"text/html; charset={name}")]))
    assert headings(archive) == HEADINGS
    assert decode_html(page, "page.html", http_charset=name) == page.decode("utf-8")


@pytest.mark.parametrize("name", ["base64", "rot13", "idna", "klingon", "utf\x00-8"])
def test_encoding_option_and_field_refuse_what_is_no_text_encoding(tmp_path: Path, name: str,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError, match="unknown encoding|not a text encoding|not an encoding"):
        check_encoding(name)
    page = write(tmp_path, "page.html", PAGE)
    assert main(["inspect", str(page), "--encoding", name]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"kiroku: error: {page}: ")
    assert "Traceback" not in err
    assert "LookupError" not in err
    (tmp_path / "project").mkdir()
    root = make_project(tmp_path / "project", with_sources=False)
    assert main(["--root", str(root), "ingest", str(page), "--source", "lantern", "--published", "2025-09-13",
                 "--publisher", "Example Post", "--encoding", name]) == 1
    err = capsys.readouterr().err
    assert "--encoding: " in err
    assert "nothing was written" in err
    meta = tmp_path / "lantern.yaml"
    with pytest.raises(KirokuError) as info:
        source_from_text("slug: lantern\ntitle: T\npublisher: P\npublished: 2025-09-13\ntimezone: Asia/Tokyo\n"
                         f"language: ja\nencoding: {json.dumps(name)}\nsnapshots:\n- seed: a.txt\n  sha256: "
                         + "ab" * 32 + "\n", meta)
    assert info.value.line == 7


def test_text_encodings_are_accepted() -> None:
    assert [check_encoding(n) for n in ("utf8", "Shift_JIS", "cp932", "EUC-JP", "latin1", "utf-16")] == [
        "utf-8", "shift_jis", "cp932", "euc_jp", "iso8859-1", "utf-16"]


# --- integrity: cut off, wrong lengths, digests, hashes ---------------------------------------------------------

def _archive(gz: bool) -> bytes:
    return warc([(LIVE, PAGE, "text/html; charset=utf-8")], gz=gz)


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_a_cut_off_warc_is_refused_naming_the_record(tmp_path: Path, gz: bool,
                                                     capfd: pytest.CaptureFixture[str]) -> None:
    data = _archive(gz)
    path = write(tmp_path, "cut.warc.gz" if gz else "cut.warc", data[: len(data) * 8 // 10])
    error = refused(path)
    assert re.search(r"WARC record <urn:uuid:[0-9a-f-]+> \(https://example\.org/live/lantern\) at byte offset \d+",
                     error.message) or "gzip data ends early" in error.message, error.message
    assert "cut off" in error.message
    assert main(["inspect", str(path)]) == 1
    err = capfd.readouterr().err  # warcio's own warnings (on stderr) are not shown: they are the message
    assert err.startswith("kiroku: error: "), err
    assert err.count("\n") == 2, err  # the message and its hint, nothing before them


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_every_cut_of_a_warc_is_refused(tmp_path: Path, gz: bool) -> None:
    data = _archive(gz)
    end = len(data) - (0 if gz else 4)  # an uncompressed WARC's last 4 bytes are the blank lines after the record
    for cut in range(5, end, 13):  # (a file of a few bytes is not yet a WARC)
        path = write(tmp_path, f"cut{cut}.warc", data[:cut])
        with pytest.raises(KirokuError):
            read_file(path)


def _records(*bodies: tuple[str, bytes, str], gz: bool = False, headers: dict[str, str] | None = None) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for url, body, ctype in bodies:
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                                      http_headers=http, warc_headers_dict=headers or {}))
    return out.getvalue()


def _content_length(data: bytes, change: int) -> bytes:
    """The last record's Content-Length changed by ``change`` bytes."""
    found = list(re.finditer(rb"Content-Length: (\d+)\r\n", data))[-1]
    return data[: found.start(1)] + str(int(found.group(1)) + change).encode() + data[found.end(1):]


def test_a_content_length_longer_than_the_record_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "long.warc", _content_length(_records((LIVE, PAGE, "text/html")), +100))
    error = refused(path)
    assert "is cut off: its Content-Length says" in error.message
    assert "the file holds" in error.message


def test_a_content_length_shorter_than_the_record_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                             ) -> None:
    data = _records((LIVE, PAGE, "text/html"), (LIVE + "/more", PAGE, "text/html"))
    first = re.search(rb"Content-Length: (\d+)\r\n", data)
    assert first is not None
    short = data[: first.start(1)] + str(int(first.group(1)) - 500).encode() + data[first.end(1):]
    path = write(tmp_path, "short.warc", short)
    assert "is followed by data where a blank line should end it: its Content-Length" in refused(path).message
    assert main(["inspect", str(path)]) == 1
    assert "no known format fits" not in capsys.readouterr().err


def test_a_record_without_content_length_is_refused(tmp_path: Path) -> None:
    data = re.sub(rb"Content-Length: \d+\r\n", b"", _records((LIVE, PAGE, "text/html")), count=1)
    assert "has no Content-Length" in refused(write(tmp_path, "none.warc", data)).message


@pytest.mark.parametrize("which", ["block", "payload"])
@pytest.mark.parametrize("record", ["page", "stylesheet"])
def test_a_record_that_does_not_match_its_digest_is_refused(tmp_path: Path, which: str, record: str) -> None:
    data = _records(("https://example.org/site.css", b"body { color: black }", "text/css"),
                    (LIVE, PAGE, "text/html"))
    start = data.index(b"WARC-Target-URI: " + (LIVE if record == "page" else "https://example.org/site.css").encode())
    if which == "block":  # one byte of the payload changed: the block digest fails (and the payload digest)
        at = data.index(b"body {" if record == "stylesheet" else b"<body", start)
        data = data[:at] + data[at:at + 5].upper() + data[at + 5:]
        header = "WARC-Block-Digest"
    else:  # the payload digest header changed, the block intact
        at = data.index(b"WARC-Payload-Digest: sha1:", start) + len(b"WARC-Payload-Digest: sha1:")
        data = data[:at] + (b"A" if data[at:at + 1] != b"A" else b"B") + data[at + 1:]
        header = "WARC-Payload-Digest"
    error = refused(write(tmp_path, "tampered.warc", data))
    assert re.search(rf"WARC record <urn:uuid:[0-9a-f-]+> \(\S+\) at byte offset \d+ does not match its {header}",
                     error.message), error.message


def test_a_chunked_payload_digested_without_its_chunks_is_believed(tmp_path: Path) -> None:
    import base64
    import hashlib

    body = chunked(PAGE)
    digest = "sha1:" + base64.b32encode(hashlib.sha1(PAGE).digest()).decode()  # the WARC standard's reading
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")],
                            protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(LIVE, "response", payload=io.BytesIO(body), length=len(body),
                                                  http_headers=http,
                                                  warc_headers_dict={"WARC-Payload-Digest": digest}))
    assert headings(write(tmp_path, "dechunked.warc", out.getvalue())) == HEADINGS
    wrong = out.getvalue().replace(digest.encode(), b"sha1:" + b"A" * 32)
    assert "does not match its WARC-Payload-Digest" in refused(write(tmp_path, "wrong.warc", wrong)).message


def test_damaged_gzip_data_is_refused_naming_the_record(tmp_path: Path) -> None:
    data = bytearray(_archive(True))
    last = data.rindex(b"\x1f\x8b\x08")  # the page's gzip member
    for at in range(last + 40, last + 60):
        data[at] ^= 0x55
    error = refused(write(tmp_path, "damaged.warc.gz", bytes(data)))
    assert re.match(r"the WARC record at byte offset \d+: its gzip data is damaged \(Error -3", error.message)


def test_a_warc_gzipped_whole_is_refused_with_what_to_do(tmp_path: Path) -> None:
    whole = gzip.compress(_records((LIVE + "/a", PAGE, "text/html"), (LIVE, PAGE, "text/html")))
    error = refused(write(tmp_path, "whole.warc.gz", whole))
    assert "gzipped as one whole" in error.message
    assert "warcio recompress" in (error.hint or "")


def _wacz_of(page: bytes = PAGE, **kwargs: object) -> dict[str, bytes]:
    pages = json.dumps({"format": "json-pages-1.0"}) + "\n" + json.dumps({"url": LIVE}) + "\n"
    return {"archive/data.warc.gz": warc([(LIVE, page, "text/html")]), "pages/pages.jsonl": pages.encode()}


def test_a_wacz_is_checked_against_its_datapackage_hashes(tmp_path: Path) -> None:
    files = _wacz_of()
    good = write(tmp_path, "good.wacz", bombs.wacz_files(files))
    assert headings(good) == HEADINGS
    for member in files:
        tampered = write(tmp_path, "bad.wacz", bombs.wacz_files(files, hashes={member: "sha256:" + "0" * 64}))
        error = refused(tampered)
        assert f"the WACZ's file {member} does not match the hash datapackage.json gives it" in error.message
    missing = {**files, "indexes/index.cdx": b""}
    data = bombs.wacz_files(missing)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buffer, "w") as out:
        for item in src.infolist():
            if item.filename != "indexes/index.cdx":
                out.writestr(item, src.read(item))
    error = refused(write(tmp_path, "missing.wacz", buffer.getvalue()))
    assert "datapackage.json lists indexes/index.cdx, which the WACZ does not hold" in error.message


def test_a_cut_off_wacz_is_refused(tmp_path: Path) -> None:
    data = wacz(warc([(LIVE, PAGE, "text/html")]), [LIVE])
    error = refused(write(tmp_path, "cut.wacz", data[: len(data) * 8 // 10]))
    assert "damaged zip file, or one cut off" in error.message


# --- messages that said too little ------------------------------------------------------------------------------

def test_a_gzipped_html_page_says_what_it_is(tmp_path: Path) -> None:
    error = refused(write(tmp_path, "page.html.gz", gzip.compress(PAGE)))
    assert "a gzip-compressed HTML page, not a WARC web archive" in error.message
    assert "gunzip" in (error.hint or "")


def test_a_warc_of_a_file_address_says_the_address_is_not_http(tmp_path: Path) -> None:
    path = write(tmp_path, "local.warc.gz", warc([("file:///home/me/page.html", PAGE, "text/html")]))
    error = refused(path)
    assert "file:///home/me/page.html has an address that is not http(s)" in error.message


# --- the other limits (far above any live blog's archive), lowered to be reached quickly -------------------------

def test_too_many_records(tmp_path: Path) -> None:
    path = write(tmp_path, "many.warc.gz", warc([(LIVE, PAGE, "text/html")]))  # 3 records
    assert "holds more than 2 records" in refused(path, limits=Limits(records=2)).message
    assert headings(path) == HEADINGS


def test_an_archive_that_expands_past_the_archive_limit(tmp_path: Path) -> None:
    image = bombs.warc_gz_bomb("https://example.org/static/big.png", 8, content_type="image/png")
    path = write(tmp_path, "big.warc.gz", image + warc([(LIVE, PAGE, "text/html")]))
    error = refused(path, limits=Limits(archive_bytes=4 * MB, page_bytes=MB))
    assert "the WARC expands to more than 4 MB" in error.message
    assert headings(path) == HEADINGS  # within the default limits, the image is walked over


def test_a_wacz_with_too_many_files_or_bytes(tmp_path: Path) -> None:
    files = {**_wacz_of(), **{f"indexes/part{n}.cdx": b"x" for n in range(10)}}
    path = write(tmp_path, "many.wacz", bombs.wacz_files(files))
    assert "the WACZ holds 13 files: more than the 5" in refused(path, limits=Limits(members=5)).message
    heavy = write(tmp_path, "heavy.wacz", bombs.wacz_files({**_wacz_of(), "indexes/big.cdx": bytes(3 * MB)}))
    assert "the WACZ expands to more than 2 MB" in refused(heavy, limits=Limits(archive_bytes=2 * MB,
                                                                                page_bytes=MB)).message


def test_headers_past_their_limit(tmp_path: Path) -> None:
    warc_head, http = bombs.warc_head(LIVE, len(PAGE), extra="X-Padding: " + "p" * (2 * MB) + "\r\n")
    path = write(tmp_path, "headers.warc", warc_head + http + PAGE + b"\r\n\r\n")
    assert "more than 1 MB of WARC and HTTP headers" in refused(path).message


def _dense_page(path: Path, elements: int) -> Path:
    """A page of ``elements`` tiny inline elements inside one paragraph (the densest a page can be)."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write("<!DOCTYPE html><html><head><title>Dense</title></head><body><main><h1>Dense</h1><p>")
        for _ in range(elements // 1000):
            fh.write("<b>x</b>" * 1000)
        fh.write("</p></main></body></html>")
    return path


def test_a_page_too_dense_to_fit_in_memory_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = _dense_page(tmp_path / "dense.html", 2_000_000)  # 16 MB: within the page limit, not the element limit
    assert path.stat().st_size < 50 * MB
    done = inspect_in_child(path)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"kiroku: error: {path}: the page has more than 500,000 elements"), done.stderr
    assert "Traceback" not in done.stderr
    assert "MemoryError" not in done.stderr


def test_a_page_just_under_the_element_limit_is_read_in_bounded_memory(tmp_path: Path) -> None:
    path = _dense_page(tmp_path / "dense.html", 499_000)
    done = inspect_in_child(path, "--published", "2025-09-13", "--timezone", "UTC")
    assert "MemoryError" not in done.stderr
    assert "Traceback" not in done.stderr
    assert "more than 500,000 elements" not in done.stderr
