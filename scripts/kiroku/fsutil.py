"""Disk writes that are never half-done: atomic files, files changed together, a swapped-in tree, a project lock."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import filecmp
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import KirokuError


@contextlib.contextmanager
def naming(path: Path | str) -> Iterator[None]:
    """An OSError that names no file (a write on a full disk) names ``path``: the file the user knows."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None:
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder and rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        with naming(path), open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def remove_stale_temporaries(folder: Path) -> None:
    """Temporary files of write_atomic that a killed run left behind (callers hold the project lock)."""
    for stale in folder.glob(".*.tmp[0-9]*"):
        stale.unlink()


@dataclass(frozen=True)
class TreeReport:
    written: int
    unchanged: int
    removed: int


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EPERM):  # file system or kernel without exchange
        return False
    raise OSError(err, os.strerror(err), str(a))


def _siblings(target: Path) -> tuple[Path, Path]:
    return target.with_name(f".{target.name}.tmp"), target.with_name(f".{target.name}.old")


def recover_tree(target: Path) -> None:
    """Undo what an interrupted run left beside ``target``: a half-built tree, a tree moved aside."""
    tmp, old = _siblings(target)
    if not target.exists() and old.exists():
        os.rename(old, target)  # killed between the two renames of the fallback swap
    for leftover in (tmp, old):
        if leftover.exists():
            shutil.rmtree(leftover)


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def write_tree(target: Path, files: Mapping[str, str | Path] | Iterable[tuple[str, str | Path]], *,
               known: Callable[[str], bool] | None = None) -> TreeReport:
    """Make ``target`` hold exactly ``files`` (relative path -> text, or such pairs one at a time), all or nothing.

    A value may also be the path of a finished file (a large one written in pieces): it is moved in, or
    dropped when the tree already holds the same bytes. ``known(rel)`` True: the caller knows the tree holds
    this text already (it left it there, untouched since): linked without being read.

    The new tree is assembled beside the old one and exchanged with it in one atomic step
    (where the system cannot, two renames, undone by the next run if interrupted), so a run
    killed at any point leaves the old tree or the new one, never a mix. A file whose text did
    not change is hard-linked from the old tree, keeping its mtime, so Sphinx does not re-read it.
    """
    recover_tree(target)
    tmp, old = _siblings(target)
    written = unchanged = 0
    tmp.mkdir(parents=True)
    pairs = sorted(files.items()) if isinstance(files, Mapping) else files
    names: set[str] = set()
    folders: set[str] = {""}  # made in tmp already (one mkdir per folder, not per file)
    try:
        for rel, text in pairs:
            if rel in names:
                raise ValueError(f"{rel} is generated twice")
            names.add(rel)
            dst, prev = tmp / rel, target / rel
            folder = rel.rpartition("/")[0]
            if folder not in folders:
                dst.parent.mkdir(parents=True, exist_ok=True)
                folders.add(folder)
            if isinstance(text, Path):  # a file written elsewhere: compared in pieces, moved in
                if prev.is_file() and prev.stat().st_size == text.stat().st_size and filecmp.cmp(prev, text, False):
                    text.unlink()
                    _link_or_copy(prev, dst)
                    unchanged += 1
                else:
                    with naming(prev):
                        shutil.move(text, dst)
                    written += 1
                continue
            if known is not None and known(rel) and prev.is_file():
                _link_or_copy(prev, dst)
                unchanged += 1
                continue
            data = text.encode("utf-8")
            if prev.is_file() and prev.stat().st_size == len(data) and prev.read_bytes() == data:
                _link_or_copy(prev, dst)
                unchanged += 1
            else:
                with naming(prev):
                    dst.write_bytes(data)
                written += 1
    except BaseException:  # a file that could not be made (or written): the old tree stays, nothing half-built
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    previous = set(files_under(target)) if target.exists() else set()
    removed = len(previous - names)
    if target.exists() and written == 0 and removed == 0:
        shutil.rmtree(tmp)
        return TreeReport(0, unchanged, 0)
    swap_in(tmp, target)
    return TreeReport(written, unchanged, removed)


def files_under(folder: Path | str, rel: str = "") -> Iterator[str]:
    """The relative paths (posix) of the files under ``folder``, at any depth (os.scandir: no Path per file)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from files_under(entry.path, f"{rel}{entry.name}/")
            elif entry.is_file():
                yield f"{rel}{entry.name}"


def staging(target: Path) -> Path:
    """Where a new ``target`` tree is assembled before ``swap_in`` (and ``recover_tree`` cleans it up)."""
    return _siblings(target)[0]


def swap_in(tmp: Path, target: Path) -> None:
    """``tmp`` (a complete tree at ``staging(target)``) becomes ``target``.

    One atomic exchange where the system has it; else two renames, which ``recover_tree`` undoes
    if a run is killed between them. The old tree is removed.
    """
    _, old = _siblings(target)
    if not target.exists():
        os.rename(tmp, target)
    elif _exchange(tmp, target):
        shutil.rmtree(tmp)  # now the old tree
    else:
        os.rename(target, old)
        os.rename(tmp, target)
        shutil.rmtree(old)


@contextlib.contextmanager
def project_lock(root: Path) -> Iterator[int]:
    """One kiroku run at a time per project; a second one stops with a clear message.

    Yields the lock file's descriptor. The lock is an ``flock`` on it, held until every descriptor of
    it is closed: a child given the descriptor (``kiroku html`` passes it to sphinx-build) holds the
    lock with this process, and keeps it while it lives, so it is never unlocked explicitly.
    """
    path = root / ".kiroku.lock"
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise KirokuError(
                    "another kiroku command is running on this project",
                    path=path,
                    hint="wait for it to finish, then run this command again",
                ) from None
            raise
        recover_files(root)  # finish what a killed run decided (kiroku ingest)
        yield fh.fileno()


STAGING = ".kiroku-commit"  # in the project root: files staged by write_files, and their journal
_JOURNAL = "journal.json"


def write_files(root: Path, files: Mapping[Path, bytes]) -> None:
    """Change several files under ``root`` together (callers hold the project lock): all of them or none.

    Every file is first written and synced in ``root/.kiroku-commit/``; then a journal naming them all
    is written atomically, and only then is each moved into place, in the order given. An error before
    the journal leaves every file as it was; an error while moving puts back the ones already moved. A
    run killed after the journal is finished by the next locked run (``recover_files``), one killed
    before it is forgotten: the files are either all old or all new.
    """
    staging = root / STAGING
    recover_files(root)
    targets = [Path(p) for p in files]
    previous = {p: (p.read_bytes() if p.exists() else None) for p in targets}
    try:
        staging.mkdir()
        moves = []
        for n, (path, data) in enumerate(files.items()):
            staged = staging / f"{n}{Path(path).suffix}"
            with naming(path), open(staged, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            moves.append([staged.name, Path(path).relative_to(root).as_posix()])
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(staging / _JOURNAL, json.dumps(moves).encode("utf-8"))
        _sync_folders([staging / _JOURNAL])  # the journal's name is on disk before anything moves
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    moved: list[Path] = []
    try:
        for (name, _), target in zip(moves, targets, strict=True):
            os.replace(staging / name, target)
            moved.append(target)
    except BaseException:
        os.unlink(staging / _JOURNAL)  # undone, not to be finished by the next run
        for target in reversed(moved):  # put back what was there
            old = previous[target]
            if old is None:
                target.unlink(missing_ok=True)
            else:
                write_atomic(target, old)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _sync_folders(targets)
    os.unlink(staging / _JOURNAL)
    shutil.rmtree(staging)


def recover_files(root: Path) -> None:
    """Finish a ``write_files`` that was killed after its journal; forget one killed before it."""
    staging = root / STAGING
    if not staging.exists():
        return
    try:
        moves = json.loads((staging / _JOURNAL).read_text(encoding="utf-8"))
    except FileNotFoundError:
        moves = []  # killed while staging: nothing was decided
    targets = []
    for name, rel in moves:
        target = root / rel
        targets.append(target)
        if (staging / name).exists():  # not moved yet (a moved file is already the new one)
            os.replace(staging / name, target)
    _sync_folders(targets)
    shutil.rmtree(staging)


def _sync_folders(paths: list[Path]) -> None:
    """Make the renames into these files' folders reach the disk."""
    for folder in sorted({p.parent for p in paths}):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
