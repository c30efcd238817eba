"""What ``kiroku verify`` checked and what differs: one line per check, one line per file that differs."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("changed", "missing", "extra", "damaged")


@dataclass(frozen=True)
class Problem:
    kind: str  # changed | missing | extra | damaged (a file that cannot be read as what it should be)
    path: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.path}: {self.detail}"


@dataclass
class Report:
    checks: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    _seen: set[tuple[str, str]] = field(default_factory=set, repr=False)

    def checked(self, line: str) -> None:
        self.checks.append(line)

    def problem(self, kind: str, path: str, detail: str) -> None:
        """Record that ``path`` differs; once per file and kind (a changed file fails every algorithm)."""
        assert kind in KINDS, kind
        if (kind, path) not in self._seen:
            self._seen.add((kind, path))
            self.problems.append(Problem(kind, path, detail))

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [f"checked: {c}" for c in self.checks]
        out += [str(p) for p in self.problems]
        return out
