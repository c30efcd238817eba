"""``kiroku package`` and ``kiroku verify`` (issue 28): a BagIt bag and a WACZ of the seed's archive that their own
tools accept, that pywb replays offline, that are the same bytes when made twice, and a verify that names each file
that differs. Built from the session's seed site (copied, never changed in place)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

from kiroku.cli.main import main
from kiroku.errors import KirokuError
from kiroku.package import facts as facts_module
from kiroku.package import webarchive
from kiroku.package.facts import walk
from tests.conftest import SEED, SEED_EPOCH

BIN = Path(sys.executable).parent
SLUG = "nhk-20230913-putin-kim-summit"
ENTRY = "e-20230913-1940-c0d57c"
ENTRY_PAGE = f"archive/{SLUG}/{ENTRY}.html"
BASE = "http://archive.example/kiroku/"


def copy_project(built: Path, dest: Path, *, with_package: bool = True) -> Path:
    """The project's inputs and its built site (without Sphinx's doctrees, with or without its package) in ``dest``."""
    leave = [".doctrees", ".package*", "cache", ".kiroku.lock"] + ([] if with_package else ["package"])
    shutil.copytree(built, dest, symlinks=True, ignore=shutil.ignore_patterns(*leave))
    return dest


def package(root: Path, *extra: str) -> int:
    return main(["--root", str(root), "package", "--epoch", SEED_EPOCH, "--base-url", BASE, *extra])


@pytest.fixture(scope="module")
def packaged(seed_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seed project, packaged once; tests only read it (or copy it)."""
    root = copy_project(seed_site.parent.parent, tmp_path_factory.mktemp("packaged") / "project", with_package=False)
    assert package(root) == 0
    return root


@pytest.fixture
def project_copy(packaged: Path, tmp_path: Path) -> Path:
    """A copy of the packaged project that a test may change."""
    return copy_project(packaged, tmp_path / "project")


@pytest.fixture
def package_copy(packaged: Path, tmp_path: Path) -> Path:
    """A copy of the package alone (_build/package) that a test may change."""
    return Path(shutil.copytree(packaged / "_build" / "package", tmp_path / "package"))


def payload_count(root: Path) -> int:
    """Files of the bag's payload: every seed, every file of sources/, every site file but hidden ones."""
    return sum(len(list(walk(root / folder))) for folder in ("seeds", "sources", "_build/html"))


def flip(path: Path, offset: int | None = None) -> None:
    """Change one byte of ``path`` (the middle one, or at ``offset``)."""
    data = bytearray(path.read_bytes())
    at = len(data) // 2 if offset is None else offset
    data[at] = ord("0") if data[at] != ord("0") else ord("1")
    path.write_bytes(bytes(data))


def verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["verify", *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_the_bag_validates_with_bagit_and_describes_the_archive(packaged: Path) -> None:
    bag = packaged / "_build" / "package" / "bag"
    result = subprocess.run([str(BIN / "bagit.py"), "--validate", str(bag)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"{bag} is valid" in result.stderr
    assert (bag / "data" / "seeds" / SEED.name).read_bytes() == SEED.read_bytes()
    assert (bag / "data" / "sources" / "anchors.lock").is_file()
    assert (bag / "data" / "site" / ENTRY_PAGE).read_bytes() == (packaged / "_build" / "html" / ENTRY_PAGE).read_bytes()
    assert not list(bag.rglob(".doctrees"))
    assert {p.name for p in bag.glob("*manifest-*.txt")} == {
        "manifest-sha256.txt", "manifest-sha512.txt", "tagmanifest-sha256.txt", "tagmanifest-sha512.txt"}
    info = dict(line.split(": ", 1) for line in (bag / "bag-info.txt").read_text(encoding="utf-8").splitlines())
    assert info["Source-Organization"] == "NHK"
    assert info["Live-Blog-Count"] == "1"
    assert info["Entry-Count"] == "38"
    assert info["Capture-Date-Range"] == "2023-09-13/2023-09-13"  # no captured date recorded: the publication date
    assert info["Entry-Date-Range"] == "2023-09-12/2023-09-13"
    assert info["Bagging-Date"] == "2023-09-13"  # SEED_EPOCH, not the clock
    assert info["Title"] == "Kiroku 記録"
    assert info["Kiroku-Version"] == "0.1.0"
    assert info["Kiroku-Commit"] == "unknown (not a git repository)"
    manifest = (bag / "manifest-sha256.txt").read_text(encoding="utf-8").splitlines()
    paths = [line.split("  ", 1)[1] for line in manifest]
    assert len(paths) == int(info["Payload-Oxum"].split(".")[1]) == payload_count(packaged)
    assert f"data/seeds/{SEED.name}" in paths
    assert f"data/site/{ENTRY_PAGE}" in paths


def test_the_wacz_validates_and_lists_every_entry_page(packaged: Path) -> None:
    wacz = packaged / "_build" / "package" / "archive.wacz"
    result = subprocess.run([str(BIN / "wacz"), "validate", "-f", str(wacz)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "Validation succeeded" in result.stdout
    entries = json.loads((packaged / "_build" / "html" / "data" / "entries.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile(wacz) as zf:
        pages = [json.loads(line) for line in zf.read("pages/pages.jsonl").decode("utf-8").splitlines()]
        index = zf.read("indexes/index.idx").decode("utf-8")
        package = json.loads(zf.read("datapackage.json"))
        assert zf.getinfo("archive/data.warc.gz").compress_type == zipfile.ZIP_STORED
    assert pages[0]["format"] == "json-pages-1.0"
    assert len(pages) - 1 == len(entries["entries"]) == 38
    by_id = {p["id"]: p for p in pages[1:]}
    for entry in entries["entries"]:
        page = by_id[entry["id"]]
        assert page["url"] == BASE + entry["url"].split("#")[0]
        assert page["title"] == entry["heading"]
        assert page["entryTime"] == entry["datetime"]
        assert page["ts"] == "2023-09-13T00:00:00Z"
    assert "cdxj-gzip-1.0" in index
    assert package["mainPageURL"] == BASE + "index.html"
    assert package["created"] == "2023-09-13T00:00:00Z"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), ""


def test_pywb_replays_an_entry_page_by_its_url_offline(packaged: Path, tmp_path: Path) -> None:
    wacz = packaged / "_build" / "package" / "archive.wacz"
    for cmd in (["init", "kiroku"], ["add", "--unpack-wacz", "kiroku", str(wacz)]):
        result = subprocess.run([str(BIN / "wb-manager"), *cmd], cwd=tmp_path, capture_output=True, text=True,
                                check=False)
        assert result.returncode == 0, result.stderr[-2000:]
    port = _free_port()
    server = subprocess.Popen([str(BIN / "wayback"), "-b", "127.0.0.1", "-p", str(port)], cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        replay = f"http://127.0.0.1:{port}/kiroku/20230913000000id_/"
        deadline = time.monotonic() + 30
        while True:
            try:
                status, body, ctype = _get(replay + BASE + ENTRY_PAGE)
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, "pywb's wayback exited"
                assert time.monotonic() < deadline, "pywb did not answer within 30 s"
                time.sleep(0.2)
        assert status == 200
        assert ctype.startswith("text/html")
        assert body == (packaged / "_build" / "html" / ENTRY_PAGE).read_bytes()
        assert f'id="{ENTRY}"'.encode() in body
        assert _get(replay + BASE + f"archive/{SLUG}/e-20230913-0000-000000.html")[0] == 404
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_packaging_again_elsewhere_gives_the_same_bytes(packaged: Path, project_copy: Path) -> None:
    # project_copy holds a copy of the package made in another folder: packaging there swaps a new one in whole
    a, b = packaged / "_build" / "package", project_copy / "_build" / "package"
    (b / "archive.wacz").write_bytes(b"stale")
    assert package(project_copy) == 0
    names = ["bag/bag-info.txt", "bag/bagit.txt", "bag/manifest-sha256.txt", "bag/manifest-sha512.txt",
             "bag/tagmanifest-sha256.txt", "bag/tagmanifest-sha512.txt", "archive.wacz"]
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert sorted(p.name for p in b.iterdir()) == ["archive.wacz", "bag"]
    assert not list((project_copy / "_build").glob(".package*"))


def test_verify_passes_on_the_project_and_on_the_package(packaged: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = verify(capsys, str(packaged))
    assert code == 0, out
    assert "checked: 1 seed(s) in seeds/ against the SHA-256" in out
    assert "checked: 186 anchor(s) of sources/anchors.lock" in out
    code, out = verify(capsys, str(packaged / "_build" / "package"))
    assert code == 0, out
    site_files = len(list(walk(packaged / "_build" / "html")))
    assert "checked: bag" in out
    assert f"{payload_count(packaged)} payload files" in out
    assert "checked: WACZ" in out
    assert f"{site_files + 1} WARC records" in out


def test_verify_names_a_page_changed_by_one_byte(package_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flip(package_copy / "bag" / "data" / "site" / ENTRY_PAGE)
    code, out = verify(capsys, str(package_copy))
    assert code == 1
    assert f"changed: {package_copy}/bag/data/site/{ENTRY_PAGE}: its sha256 is" in out
    assert out.count("changed:") == 1
    assert "Traceback" not in out
    assert "kiroku: error: 1 file(s) differ (changed)" in out


def test_verify_names_a_seed_changed_by_one_byte(project_copy: Path, package_copy: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    flip(project_copy / "seeds" / SEED.name)
    code, out = verify(capsys, str(project_copy))
    assert code == 1
    assert f"changed: seeds/{SEED.name}: its sha256 is" in out
    assert "Traceback" not in out
    flip(package_copy / "bag" / "data" / "seeds" / SEED.name)
    code, out = verify(capsys, str(package_copy / "bag"))
    assert code == 1
    assert f"changed: {package_copy}/bag/data/seeds/{SEED.name}" in out
    # and a project that does not verify is not packaged: the previous package stays as it was
    before = (project_copy / "_build" / "package" / "archive.wacz").read_bytes()
    assert package(project_copy) == 1
    assert f"seeds/{SEED.name}" in capsys.readouterr().err
    assert (project_copy / "_build" / "package" / "archive.wacz").read_bytes() == before


def test_verify_names_a_manifest_changed_by_one_byte(package_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = package_copy / "bag" / "manifest-sha256.txt"
    first = manifest.read_text(encoding="utf-8").splitlines()[0]
    flip(manifest, offset=0)  # the first hex digit of the first file's digest
    code, out = verify(capsys, str(package_copy / "bag"))
    assert code == 1
    assert f"changed: {package_copy}/bag/manifest-sha256.txt: its sha256 is" in out  # its tag manifest says so
    assert f"changed: {package_copy}/bag/{first.split('  ', 1)[1]}" in out  # and the file no longer matches it
    assert "Traceback" not in out


def test_verify_names_files_missing_from_and_extra_in_the_bag(package_copy: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    site = package_copy / "bag" / "data" / "site"
    (site / ENTRY_PAGE).unlink()
    (site / "stray.html").write_text("<p>not in the manifest</p>", encoding="utf-8")
    code, out = verify(capsys, str(package_copy / "bag"))
    assert code == 1
    assert f"missing: {package_copy}/bag/data/site/{ENTRY_PAGE}" in out
    assert f"extra: {package_copy}/bag/data/site/stray.html" in out


def test_verify_names_the_wacz_member_changed_by_one_byte(package_copy: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    wacz = package_copy / "archive.wacz"
    with zipfile.ZipFile(wacz) as zf:
        info = zf.getinfo("archive/data.warc.gz")
    flip(wacz, offset=info.header_offset + info.compress_size // 2)  # inside the stored WARC
    code, out = verify(capsys, str(wacz))
    assert code == 1
    assert f"changed: {wacz}:archive/data.warc.gz" in out
    assert "Traceback" not in out


def test_verify_names_a_page_that_lost_a_locked_anchor(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = project_copy / "_build" / "html" / ENTRY_PAGE
    page.write_text(page.read_text(encoding="utf-8").replace(f'id="{ENTRY}"', 'id="elsewhere"'), encoding="utf-8")
    code, out = verify(capsys, str(project_copy))
    assert code == 1
    assert f"changed: _build/html/{ENTRY_PAGE}: holds no id {ENTRY} (recorded in sources/anchors.lock)" in out


def test_a_failed_package_run_leaves_the_previous_package(project_copy: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    target = project_copy / "_build" / "package"
    before = {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()}

    def disk_full(*args: object) -> int:
        raise OSError(28, "No space left on device", "archive.wacz")

    monkeypatch.setattr(webarchive, "write_warc", disk_full)
    assert package(project_copy) == 1
    assert {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()} == before
    assert not list((project_copy / "_build").glob(".package*"))


def test_entries_are_read_one_at_a_time_across_any_window(packaged: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = packaged / "_build" / "html" / "data" / "entries.json"
    whole = json.loads(path.read_text(encoding="utf-8"))["entries"]
    monkeypatch.setattr(facts_module, "_CHUNK", 7)  # every entry straddles many windows
    streamed = list(facts_module.iter_entries(path))
    assert [e.id for e in streamed] == [e["id"] for e in whole]
    assert [e.heading for e in streamed] == [e["heading"] for e in whole]
    cut = tmp_path / "entries.json"
    cut.write_text(path.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    with pytest.raises(KirokuError, match="entries file"):
        list(facts_module.iter_entries(cut))


def test_base_url_must_be_http() -> None:
    assert webarchive.base_url(None) == "http://localhost/"
    assert webarchive.base_url("https://example.org/kiroku") == "https://example.org/kiroku/"
    with pytest.raises(KirokuError, match="is not an http"):
        webarchive.base_url("file:///etc/")
