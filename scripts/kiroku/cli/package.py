"""The ``kiroku package`` and ``kiroku verify`` commands: their arguments and what they print."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..build import Project
from ..errors import KirokuError
from ..fsutil import project_lock
from ..package import Report, is_project, make_package, verify_package, verify_project
from ..package.webarchive import DEFAULT_BASE_URL
from .project import project_of


def _epoch(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time in seconds since 1970 (SOURCE_DATE_EPOCH)")
    return value


def cmd_package(args: argparse.Namespace) -> int:
    project = project_of(args)
    with project_lock(project.root):
        result = make_package(project, base_url=args.base_url, epoch=args.epoch)
    print(result.describe())
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    report = Report()
    if args.target is None or is_project(Path(args.target)):
        project = project_of(args) if args.target is None else Project(Path(args.target).resolve())
        with project_lock(project.root):
            verify_project(project, report)
    else:
        target = Path(args.target)
        if not target.exists():
            raise KirokuError("no such file or folder", path=target,
                              hint="give a project folder, _build/package, its bag/ or its archive.wacz")
        verify_package(target, report)
    for line in report.lines():
        print(line)
    if not report.ok:
        kinds = sorted({p.kind for p in report.problems})
        raise KirokuError(f"{len(report.problems)} file(s) differ ({', '.join(kinds)}): see the lines above",
                          hint="restore changed seeds and sources from git; rebuild and package again with "
                          "make html package")
    print(f"kiroku: verify: everything checked matches ({len(report.checks)} checks)")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``package`` and ``verify`` on the ``kiroku`` command line."""
    p = sub.add_parser("package", help="write _build/package/: a BagIt bag of seeds, sources and the built site, "
                       "and a WACZ of the site")
    p.add_argument("--base-url", metavar="URL",
                   help=f"the address the site's files have in the WACZ (default: {DEFAULT_BASE_URL}; make package "
                   "BASEURL=…)")
    p.add_argument("--epoch", type=_epoch, metavar="SECONDS",
                   help="the package's time, for Bagging-Date and the WARC dates (make passes SOURCE_DATE_EPOCH; "
                   "default: the last commit's time)")
    p.set_defaults(func=cmd_package)
    v = sub.add_parser("verify", help="check a project (seeds, anchors) or a package (bag manifests, WACZ hashes); "
                       "exit 1 naming each file that differs")
    v.add_argument("target", nargs="?", metavar="PACKAGE|.",
                   help="a project folder (default: the project here), _build/package, a bag or a .wacz")
    v.set_defaults(func=cmd_verify)
