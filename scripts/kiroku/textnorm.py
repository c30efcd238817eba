"""Text normalization for matching names: NFKC, one middle dot, composed kana; with an index map back."""

from __future__ import annotations

import unicodedata

MIDDLE_DOTS = "・･·‧∙⋅•・"  # all become KATAKANA MIDDLE DOT U+30FB
_DOT = "\u30fb"
_COMBINING_SOUND_MARKS = ("\u3099", "\u309a")


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalize ``text`` for matching; ``starts[i]`` is where normalized char i came from.

    A trailing sentinel ``starts[len(norm)] == len(text)`` makes slicing spans easy.
    Half-width kana with a separate sound mark (ｶﾞ) compose into one character (ガ).
    """
    out: list[str] = []
    starts: list[int] = []
    for i, ch in enumerate(text):
        piece = _DOT if ch in MIDDLE_DOTS else unicodedata.normalize("NFKC", ch)
        for sub in piece:
            if sub in _COMBINING_SOUND_MARKS and out:
                composed = unicodedata.normalize("NFC", out[-1] + sub)
                if len(composed) == 1:
                    out[-1] = composed
                    continue
            out.append(sub)
            starts.append(i)
    starts.append(len(text))
    return "".join(out), starts


def normalize(text: str) -> str:
    return normalize_with_map(text)[0]


def is_katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fa" or ch == "\u30fc"


_SMALL = str.maketrans("ぁぃぅぇぉっゃゅょゎ", "あいうえおつやゆよわ")


def reading_key(reading: str) -> str:
    """Sort key for 五十音 order: voiced and small kana sort with their plain forms."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", reading) if c not in _COMBINING_SOUND_MARKS)
    plain = plain.translate(_SMALL)
    return "".join(c for c in plain if c not in "ー・ 　") + "\0" + reading
