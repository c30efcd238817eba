"""Kiroku's own main-content rules against trafilatura, measured on the page corpus (``tests/pages/``).

The question (should Kiroku hand main-content extraction to a maintained library?) is decided by
this measurement, not by reputation. For every ``NAME.html`` fixture with ``NAME.expect.yaml``
(bare ``.json``/``.jsonld`` documents have no markup and are skipped), three extractors are run:

* ``kiroku``: ``read.read_file(path).page.lines`` joined by newlines, the main-content text
  Kiroku's text reader sees (``read/html.py`` ``clean`` + ``blocks``, via ``read/webpage.py``);
* ``traf-recall``: ``trafilatura.extract(html, include_comments=False, include_tables=False,
  favor_recall=True)``;
* ``traf-default``: ``trafilatura.extract(html)`` with its default settings.

Per fixture and extractor:

* headings kept: how many of the expectation's entry ``heading`` strings occur in the text
  (white space collapsed on both sides; Japanese compared as is, as a plain substring);
* chrome leaked: how many chrome strings occur in the text. Chrome strings are the visible text
  (script/style dropped, split into text nodes and lines, white space collapsed, >= 4 characters)
  of elements that are obviously site chrome: ``<nav>`` and its descendants; ``<header>``/``<footer>``
  outside ``<article>``/``<main>``; elements whose class or id contains one of ``CHROME_WORDS``. The
  structural words (header, footer, nav, menu) count only outside ``<article>``/``<main>`` and not on
  the live blog's own title block (``liveblog-header``, ``lx-header``, ``story-header``,
  ``entry-header``: these hold the blog's title and standfirst). A string that also occurs inside
  an expected heading or the expected title, or that the page also shows as a text node outside
  chrome (a key-events box repeating the posts' times), is not chrome. Latin strings must match on word
  boundaries ("News" does not leak through "Newsroom"); CJK strings match as substrings;
* times kept (extra): how many visible ``<time>`` texts outside chrome occur in the text (a live
  blog's post times; fixtures that print times as plain text have none to count).

Each extractor is also timed over the whole corpus from bytes in memory (``time.perf_counter``,
20 repetitions, ms per page): ``read.load(raw, path)`` for Kiroku, decode + ``extract`` for trafilatura.

trafilatura is deliberately NOT a project dependency: this script is the measurement that decided
it (see the README). To run it, install trafilatura into a throwaway venv beside Kiroku's reading
dependencies and point ``PYTHONPATH`` at the checkout::

    python3 -m venv /tmp/trafvenv
    /tmp/trafvenv/bin/pip install trafilatura lxml lxml_html_clean pyyaml charset-normalizer warcio tzdata
    PYTHONPATH=scripts:. /tmp/trafvenv/bin/python tools/compare_extractors.py

(``python tools/compare_extractors.py`` works in any environment where both ``kiroku`` and
``trafilatura`` import.) Options: ``--reps N`` (timing repetitions, default 20), ``--show NAME``
(print each extractor's text for one fixture), ``--verbose`` (list the headings missed and the
chrome leaked).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

import lxml.html  # noqa: E402
import yaml  # noqa: E402

try:
    import trafilatura  # noqa: E402
except ImportError:  # pragma: no cover - the script is run by hand
    raise SystemExit("trafilatura is not importable: run this in a throwaway venv (see the docstring)") from None

from kiroku import read  # noqa: E402

CORPUS = ROOT / "tests" / "pages"
CHROME_WORDS = ("menu", "nav", "header", "footer", "cookie", "ranking", "related", "share", "ad-slot",
                "advert", "newsletter", "key-events", "most-read", "breadcrumb")
STRUCTURAL = ("menu", "nav", "header", "footer")
TITLE_BLOCKS = ("liveblog-header", "lx-header", "story-header", "entry-header")
MIN_CHARS = 4
CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


def norm(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).split())


def occurs(needle: str, hay: str) -> bool:
    if CJK.search(needle):
        return needle in hay
    return re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", hay) is not None


def _inside(el, tags: tuple[str, ...]) -> bool:
    return any(a.tag in tags for a in el.iterancestors())


def _is_chrome(el) -> bool:
    if not isinstance(el.tag, str):
        return False
    if el.tag == "nav":
        return True
    in_content = _inside(el, ("article", "main"))
    if el.tag in ("header", "footer") and not in_content:
        marks = (el.get("class") or "") + " " + (el.get("id") or "")
        return not any(t in marks.lower() for t in TITLE_BLOCKS)
    marks = ((el.get("class") or "") + " " + (el.get("id") or "")).lower()
    hits = [w for w in CHROME_WORDS if w in marks]
    if not hits:
        return False
    if any(t in marks for t in TITLE_BLOCKS):
        return False
    if all(w in STRUCTURAL for w in hits) and in_content:
        return False
    return True


def _strings(el) -> list[str]:
    out = []
    for chunk in el.itertext():
        for line in chunk.splitlines():
            s = norm(line)
            if len(s) >= MIN_CHARS:
                out.append(s)
    return out


@dataclass
class Truth:
    name: str
    headings: list[str]
    chrome: list[str]
    times: list[str]
    html: str
    raw: bytes
    path: Path


def truth(html_path: Path, expect_path: Path) -> Truth:
    exp = yaml.safe_load(expect_path.read_text(encoding="utf-8"))
    headings = [norm(e["heading"]) for e in exp.get("entries") or [] if e.get("heading")]
    title = norm(exp.get("title") or "")
    raw = html_path.read_bytes()
    html = raw.decode("utf-8", errors="replace")
    doc = lxml.html.document_fromstring(raw)
    for bad in doc.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    chrome_els = [el for el in doc.iter() if _is_chrome(el)]
    chrome_set = set(chrome_els)
    # Text the page also shows outside chrome (a key-events box repeating the posts' times) is no
    # evidence of chrome leaking.
    body = doc.find("body")
    content = set()
    for el in (body.iter() if body is not None else ()):
        if el in chrome_set or any(a in chrome_set for a in el.iterancestors()):
            continue
        for chunk in (el.text, ):
            for line in (chunk or "").splitlines():
                content.add(norm(line))
        if el.getparent() is not None and el.getparent() not in chrome_set and not any(
                a in chrome_set for a in el.getparent().iterancestors()):
            for line in (el.tail or "").splitlines():
                content.add(norm(line))
    chrome: list[str] = []
    for el in chrome_els:
        if any(a in chrome_set for a in el.iterancestors()):
            continue  # its text is collected with its chrome ancestor
        for s in _strings(el):
            if s in chrome or s in content or any(s in h for h in headings) or (title and s in title):
                continue
            chrome.append(s)
    times = []
    for t in doc.iter("time"):
        if t in chrome_set or any(a in chrome_set for a in t.iterancestors()):
            continue
        s = norm(t.text_content())
        if s and s not in times:
            times.append(s)
    return Truth(html_path.stem, headings, chrome, times, html, raw, html_path)


def fixtures() -> list[Truth]:
    out = []
    for expect in sorted(CORPUS.glob("*.expect.yaml")):
        stem = expect.name.removesuffix(".expect.yaml")
        html = CORPUS / f"{stem}.html"
        if html.is_file():
            out.append(truth(html, expect))
    return out


def ex_kiroku(t: Truth) -> str:
    cap = read.read_file(t.path)
    return "\n".join(cap.page.lines) if cap.page is not None else ""


def ex_recall(t: Truth) -> str:
    return trafilatura.extract(t.html, include_comments=False, include_tables=False, favor_recall=True) or ""


def ex_default(t: Truth) -> str:
    return trafilatura.extract(t.html) or ""


EXTRACTORS = {"kiroku": ex_kiroku, "traf-recall": ex_recall, "traf-default": ex_default}


@dataclass
class Score:
    kept: int = 0
    leaked: int = 0
    times: int = 0
    missed: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)


def score(t: Truth, text: str) -> Score:
    hay = norm(text)
    s = Score()
    for h in t.headings:
        if h in hay:
            s.kept += 1
        else:
            s.missed.append(h)
    for c in t.chrome:
        if occurs(c, hay):
            s.leaked += 1
            s.leaks.append(c)
    s.times = sum(1 for tm in t.times if occurs(tm, hay))
    return s


def timing(corpus: list[Truth], reps: int) -> dict[str, float]:
    def kiroku_bytes(t: Truth) -> None:
        read.load(t.raw, t.path)

    def recall_bytes(t: Truth) -> None:
        trafilatura.extract(t.raw.decode("utf-8", errors="replace"), include_comments=False,
                            include_tables=False, favor_recall=True)

    def default_bytes(t: Truth) -> None:
        trafilatura.extract(t.raw.decode("utf-8", errors="replace"))

    out = {}
    for name, fn in (("kiroku", kiroku_bytes), ("traf-recall", recall_bytes), ("traf-default", default_bytes)):
        for t in corpus:  # warm up (imports, caches)
            fn(t)
        start = time.perf_counter()
        for _ in range(reps):
            for t in corpus:
                fn(t)
        out[name] = (time.perf_counter() - start) * 1000 / (reps * len(corpus))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--show", metavar="NAME")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args(argv)

    corpus = fixtures()
    if args.show:
        t = next(t for t in corpus if t.name == args.show)
        for name, fn in EXTRACTORS.items():
            print(f"===== {name} =====\n{fn(t)}\n")
        return 0

    names = list(EXTRACTORS)
    totals = {n: Score() for n in names}
    exp_h = exp_c = exp_t = 0
    def cells(head: str, chrome: str, times: str) -> str:
        return f" | {head:>7} {chrome:>7} {times:>6}"

    head = f"{'':<28}" + "".join(f" | {n:<22}" for n in names)
    print(head)
    head = f"{'fixture':<28}" + "".join(cells("heads", "chrome", "times") for n in names)
    print(head)
    print("-" * len(head))
    details = []
    for t in corpus:
        row = f"{t.name:<28}"
        for n in names:
            s = score(t, EXTRACTORS[n](t))
            tot = totals[n]
            tot.kept += s.kept
            tot.leaked += s.leaked
            tot.times += s.times
            row += cells(f"{s.kept}/{len(t.headings)}", f"{s.leaked}/{len(t.chrome)}", f"{s.times}/{len(t.times)}")
            if args.verbose and (s.missed or s.leaks):
                details.append(f"{t.name} [{n}] missed={s.missed} leaked={s.leaks}")
        exp_h += len(t.headings)
        exp_c += len(t.chrome)
        exp_t += len(t.times)
        print(row)
    print("-" * len(head))
    row = f"{'TOTAL (' + str(len(corpus)) + ' pages)':<28}"
    for n in names:
        tot = totals[n]
        row += cells(f"{tot.kept}/{exp_h}", f"{tot.leaked}/{exp_c}", f"{tot.times}/{exp_t}")
    print(row)
    print()
    for n in names:
        tot = totals[n]
        print(f"{n:<13} headings kept {tot.kept}/{exp_h} ({100 * tot.kept / exp_h:.1f}%), "
              f"chrome leaked {tot.leaked}/{exp_c} ({100 * tot.leaked / exp_c:.1f}%), "
              f"post times kept {tot.times}/{exp_t}")
    print()
    ms = timing(corpus, args.reps)
    print(f"time per page ({args.reps} repetitions over {len(corpus)} pages, from bytes in memory):")
    for n in names:
        print(f"  {n:<13} {ms[n]:7.2f} ms/page")
    print(f"\ntrafilatura {getattr(trafilatura, '__version__', '?')}, lxml {lxml.etree.__version__}, "
          f"Python {sys.version.split()[0]}")
    if details:
        print()
        print("\n".join(details))
    return 0


if __name__ == "__main__":
    sys.exit(main())
