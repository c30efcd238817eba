"""The one error class for problems a user can act on."""

from __future__ import annotations

from pathlib import Path


class KirokuError(Exception):
    """A user error: names the file (and line), says what is wrong and what to do.

    The command line prints it without a traceback and exits non-zero.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint
        super().__init__(self.__str__())

    def __reduce__(self) -> tuple[object, ...]:
        """Whole across processes (a blog rendered in a worker process): message, file, line and hint."""
        return (_rebuild, (type(self), self.message, self.path, self.line, self.hint))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        text = f"{where}{self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


def _rebuild(cls: type[KirokuError], message: str, path: str | None, line: int | None,
             hint: str | None) -> KirokuError:
    error = KirokuError.__new__(cls)
    KirokuError.__init__(error, message, path=path, line=line, hint=hint)
    return error
