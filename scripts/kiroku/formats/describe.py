"""Plain text for ``kiroku inspect FILE``: the format, its score, the entries with times, the skipped lines."""

from __future__ import annotations

from ..model import Entry
from .base import ParseReport


def _when(entry: Entry) -> str:
    if entry.time is not None:
        t = entry.time
        extra = "" if t.qualifier == "exact" else f" ({t.qualifier})"
        return f"{t.iso} [{t.precision}]{extra}"
    b = entry.bounds
    after = b.after.iso if b and b.after else "?"
    before = b.before.iso if b and b.before else "?"
    return f"no time (between {after} and {before})"


def describe(report: ParseReport) -> str:
    """Several lines of text, ending with a newline."""
    blog = report.blog
    fit = f", score {report.fit.score:.2f}: {report.fit.found}" if report.fit else ""
    out = [
        f"format: {report.format} (lang={report.language}{fit})",
        f"title: {blog.title}",
        f"order: {blog.order}, {len(blog.entries)} entries",
    ]
    for entry in blog.entries:
        named = "  [named from its first sentence]" if entry.position in report.named_from_text else ""
        out.append(f"  L{entry.lines[0]:<5} {_when(entry):44} {entry.heading}{named}")
    for section in blog.background:
        out.append(f"  L{section.lines[0]:<5} {'(background)':44} {section.heading}")
    if report.skipped:
        out.append("skipped:")
        out.extend(f"  L{s.line:<5} {s.reason:28} {s.text}" for s in report.skipped)
    out.extend(f"warning: {w}" for w in blog.warnings)
    return "\n".join(out) + "\n"
