"""kiroku.web: WARC and WACZ captures (built here with warcio) read as their HTML page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiroku import read
from kiroku.cli.main import main
from kiroku.errors import KirokuError
from kiroku.read import detect, read_file
from tests.conftest import FIXTURES
from tests.webarchive import wacz, warc

WEB = FIXTURES / "web"
LIVE = "https://example.org/live/lantern"
HEADINGS = ["灯籠流し 予定どおり終了", "雨で舞台の催しを中止", "まつり始まる"]
HTML = (WEB / "lantern_text.html").read_bytes()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def parse(path: Path, url: str | None = None) -> read.ParseReport:
    return read.parse(read_file(path, url=url), seed=path.name, published=dt.date(2025, 9, 13),
                                 timezone="Asia/Tokyo")


@pytest.mark.parametrize("gz", [True, False])
def test_warc_page_among_css_and_images(tmp_path: Path, gz: bool) -> None:
    path = write(tmp_path, "capture.bin", warc([(LIVE, HTML, "text/html; charset=utf-8")], gz=gz))
    assert detect.kind(path.read_bytes()) == "warc"
    report = parse(path)
    assert [e.heading for e in report.blog.entries] == HEADINGS
    assert report.blog.entries[2].time
    assert report.blog.entries[2].time.iso == "2025-09-13T18:02:15+09:00"
    meta = read_file(path).page.meta
    assert meta.url == LIVE
    assert meta.captured == "2025-09-13"


def test_warc_with_gzip_chunked_shift_jis_response(tmp_path: Path) -> None:
    """The HTTP header's charset wins over none in the page; warcio undoes chunking and gzip."""
    sjis = HTML.decode("utf-8").replace('<meta charset="utf-8">', "").encode("cp932")
    path = write(tmp_path, "sjis.warc.gz", warc([(LIVE, sjis, "text/html; charset=Shift_JIS")], encode=True))
    assert [e.heading for e in parse(path).blog.entries] == HEADINGS


def test_wacz_page(tmp_path: Path) -> None:
    other = "https://example.org/about"
    inner = warc([(LIVE, HTML, "text/html"), (other, b"<html><body><p>about us</p></body></html>", "text/html")])
    path = write(tmp_path, "capture.wacz", wacz(inner, [LIVE]))
    assert detect.kind(path.read_bytes()) == "wacz"
    assert [e.heading for e in parse(path).blog.entries] == HEADINGS  # the page list names one page
    assert read_file(path).page.meta.url == LIVE


def test_several_pages_are_listed_and_url_chooses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = "https://example.org/live/other"
    path = write(tmp_path, "two.warc.gz", warc([(LIVE, HTML, "text/html"), (other, HTML, "text/html")]))
    with pytest.raises(KirokuError, match="holds 2 HTML pages") as info:
        parse(path)
    assert LIVE in str(info.value)
    assert other in str(info.value)
    assert "--url" in str(info.value)
    assert "two.warc.gz" in str(info.value)
    assert [e.heading for e in parse(path, url=LIVE + "/").blog.entries] == HEADINGS
    assert main(["inspect", str(path), "--url", LIVE]) == 0
    assert "灯籠流し 予定どおり終了" in capsys.readouterr().out
    assert main(["inspect", str(path)]) == 1
    assert "--url" in capsys.readouterr().err


@pytest.mark.parametrize(("data", "message"), [
    (warc([]), "holds no HTML page"),
    (warc([(LIVE, HTML, "text/html")])[:300], "WARC"),
    (b"PK\x03\x04broken", "damaged zip"),
])
def test_bad_archives_name_the_file_and_say_what_to_do(tmp_path: Path, data: bytes, message: str) -> None:
    path = write(tmp_path, "bad.warc.gz", data)
    with pytest.raises(KirokuError, match=message) as info:
        parse(path)
    assert "bad.warc.gz" in str(info.value)
    assert "hint:" in str(info.value)


def test_inspect_works_for_every_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = {
        "text": FIXTURES / "festival.txt",
        "html": WEB / "lantern_ld.html",
        "warc": write(tmp_path, "a.warc.gz", warc([(LIVE, HTML, "text/html")])),
        "wacz": write(tmp_path, "a.wacz", wacz(warc([(LIVE, HTML, "text/html")]), [LIVE])),
    }
    for kind, path in files.items():
        extra = ["--published", "2025-09-01"] if kind == "text" else []
        assert main(["inspect", str(path), *extra]) == 0, kind
        out = capsys.readouterr().out
        assert "entries" in out, kind
        assert "dates assume" not in out, kind  # a web page says its own date
