"""SudachiPy for ``kiroku suggest``: loaded lazily and once, and only if installed (a tagger suggests, NOTES §6)."""

from __future__ import annotations

import functools
from typing import Any

_SUDACHI_CHUNK = 4000  # characters; SudachiPy refuses input over 49,149 bytes



@functools.cache
def _sudachi() -> tuple[Any, Any] | None:
    """(dictionary, tokenizer) for the core dictionary in split mode C, or None if unavailable."""
    try:
        from sudachipy import Dictionary, SplitMode

        dictionary = Dictionary(dict="core")
        return dictionary, dictionary.tokenizer(mode=SplitMode.C)
    except Exception:  # not installed, no dictionary package, or a broken install: rule 1 only
        return None


def sudachi_available() -> bool:
    """Whether SudachiPy and its core dictionary load (loads them on first call)."""
    return _sudachi() is not None


@functools.cache
def also_common_noun(surface: str) -> bool:
    """The dictionary also lists this surface as a common noun (見方, 小池, グループ)."""
    sudachi = _sudachi()
    if sudachi is None:
        return False
    return any(m.part_of_speech()[1] == "普通名詞" for m in sudachi[0].lookup(surface))


Token = tuple[int, int, str, tuple[str, ...]]  # begin, end, surface, part of speech


def tokens(tokenizer: Any, norm: str) -> list[Token]:
    out: list[Token] = []
    pos = 0
    while pos < len(norm):
        end = min(len(norm), pos + _SUDACHI_CHUNK)
        if end < len(norm):  # cut after a sentence end where possible
            cut = norm.rfind("。", pos, end)
            end = cut + 1 if cut > pos else end
        for m in tokenizer.tokenize(norm[pos:end]):
            out.append((pos + m.begin(), pos + m.end(), m.surface(), tuple(m.part_of_speech())))
        pos = end
    return out


# --- finding --------------------------------------------------------------------------------
