"""Seed files: their bytes guarded by SHA-256 (reading them is ``kiroku.read``'s)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import KirokuError

if TYPE_CHECKING:
    from .sources import Source


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verify_seeds(source: Source, seeds_dir: Path) -> None:
    """Every recorded seed exists and still has the bytes it was ingested with."""
    for snap in source.snapshots:
        seed_path = seeds_dir / snap.seed
        if seed_path.is_symlink() or seed_path.resolve().parent != seeds_dir.resolve():
            raise KirokuError(
                f"seed {snap.seed} is a symbolic link or lies outside {seeds_dir}; seeds must be regular files in it",
                path=source.path,
                hint=f"replace the link with a copy of the capture: 'kiroku ingest FILE --source {source.slug}'",
            )
        if not seed_path.is_file():
            raise KirokuError(
                f"seed {snap.seed} is listed but missing from {seeds_dir}",
                path=source.path,
                hint="restore it (git checkout -- seeds/) or remove the snapshot from the metadata",
            )
        actual = sha256_file(seed_path)
        if actual != snap.sha256:
            raise KirokuError(
                f"seed {seed_path} has changed since it was ingested: sha256 is {actual}, "
                f"the metadata records {snap.sha256}",
                path=source.path,
                hint=f"seeds are never edited: restore it with 'git checkout -- {seed_path}'; "
                "a newer capture is added with 'kiroku ingest FILE --source SLUG'",
            )
