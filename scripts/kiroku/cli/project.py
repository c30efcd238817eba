"""The project a command works on: ``--root``, else the folder above the working directory that holds one."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..build import Project, find_root


def project_of(args: argparse.Namespace) -> Project:
    return Project(Path(args.root).resolve() if args.root else find_root(Path.cwd()))
