"""The one word-splitting rule for Japanese search, on the index side (Python) and the query side (JS).

Any string that occurs in a page must find that page, so the index and the search box split
text the same way: NFKC, lower case, one middle dot; then each run of Japanese (kanji, kana,
Hangul) becomes overlapping two-character pieces, written with and without its middle dots,
plus any Latin or digit run inside it whole; other runs stay whole. One-character queries miss.
"""

from __future__ import annotations

import re
import unicodedata

DOTS = "･·‧∙⋅•・"  # all become KATAKANA MIDDLE DOT
CJK = "\u3005-\u3007\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
WORD = "0-9a-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
_DOT_RE = re.compile(f"[{DOTS}]")
_RUN_RE = re.compile(f"[{WORD}{CJK}]+")
_CJK_RE = re.compile(f"[{CJK}]")
_WORD_RE = re.compile(f"[{WORD}]+")


def split(text: str) -> list[str]:
    """Search terms of ``text``, in order of first appearance, without repeats."""
    norm = _DOT_RE.sub("・", unicodedata.normalize("NFKC", text).lower())
    out: dict[str, None] = {}
    for match in _RUN_RE.finditer(norm):
        run = match.group().strip("・")
        if not run:
            continue
        if _CJK_RE.search(run):
            for form in dict.fromkeys((run, run.replace("・", ""))):
                if len(form) == 1:
                    out.setdefault(form, None)
                for i in range(len(form) - 1):
                    out.setdefault(form[i : i + 2], None)
            for word in _WORD_RE.findall(run):
                out.setdefault(word, None)
        else:
            for word in run.split("・"):
                if word:
                    out.setdefault(word, None)
    return list(out)


def _js_class(chars: str) -> str:
    return "".join(c if c.isascii() and c.isalnum() or c == "-" else f"\\u{ord(c):04x}" for c in chars)


# The same rule in the browser: keep the two in step (tests run both on the same strings).
_JS_TEMPLATE = """
/* Kiroku: Japanese query splitter, the same rule as kiroku.searchsplit.split (Python). */
var splitQuery = function (query) {
  var dots = new RegExp("[%(dots)s]", "g");
  var runRe = new RegExp("[%(word)s%(cjk)s]+", "g");
  var cjkRe = new RegExp("[%(cjk)s]");
  var wordRe = new RegExp("[%(word)s]+", "g");
  var norm = query.normalize("NFKC").toLowerCase().replace(dots, "\\u30fb");
  var out = [];
  var seen = new Set();
  var add = function (w) { if (!seen.has(w)) { seen.add(w); out.push(w); } };
  var runs = norm.match(runRe) || [];
  runs.forEach(function (raw) {
    var run = raw.replace(/^\\u30fb+|\\u30fb+$/g, "");
    if (!run) return;
    if (cjkRe.test(run)) {
      var forms = [run];
      var plain = run.split("\\u30fb").join("");
      if (plain !== run) forms.push(plain);
      forms.forEach(function (form) {
        var chars = Array.from(form);
        if (chars.length === 1) add(form);
        for (var i = 0; i + 1 < chars.length; i++) add(chars[i] + chars[i + 1]);
      });
      (run.match(wordRe) || []).forEach(add);
    } else {
      run.split("\\u30fb").forEach(function (w) { if (w) add(w); });
    }
  });
  return out;
};
"""
JS_SPLITTER = (
    _JS_TEMPLATE.replace("%(dots)s", _js_class(DOTS))
    .replace("%(word)s", _js_class(WORD))
    .replace("%(cjk)s", _js_class(CJK))
)
