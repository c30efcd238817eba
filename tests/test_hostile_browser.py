"""Every page of an archive built from hostile input, loaded in Chromium: nothing the input says runs.

Payloads go into every field a capture, the command line, source metadata or the register can set.
Each payload carries a marker; the test fails if any page sets ``window.__pwned``, reports a CSP
violation, holds a ``javascript:``/``data:`` link or an ``on…`` attribute, has JSON-LD that is not
JSON, or lacks the Content-Security-Policy; and every marker must still be readable as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kiroku.cli.main import main
from tests.browserkit import Watch, chromium, local_context, serve, watched_page
from tests.conftest import build, make_project

pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAYLOADS = [
    '<script>window.__pwned="{m}"</script>',
    '<img src=x onerror="window.__pwned=\'{m}\'">',
    '<svg onload="window.__pwned=\'{m}\'"></svg>',
    '</script><script>window.__pwned="{m}"</script>',
    ']]><script>window.__pwned="{m}"</script><![CDATA[',
    '[link {m}](javascript:window.__pwned="{m}")',
    '[data {m}](data:text/html,<script>window.__pwned=1</script>)',
    '{{raw}}`<b onmouseover="window.__pwned=1">{m}</b>` {{eval-rst}}`x`',
    '"\'\\" \\\\ {m} "); window.__pwned="{m}"; //',
    '\u2028{m}\u2029 </title><script>window.__pwned=1</script>',
    '\u202e{m}\u202c <a href="javascript:alert(1)">x</a>',
]


def payload(field: str, n: int) -> tuple[str, str]:
    marker = f"pw{field}{n}"
    return marker, PAYLOADS[n % len(PAYLOADS)].format(m=marker)


def hostile_capture() -> tuple[str, list[str]]:
    markers: list[str] = []

    def p(field: str, n: int) -> str:
        marker, text = payload(field, n)
        markers.append(marker)
        return text

    lines = [f"【詳しく】検証用ページ {p('title', 0)}", "", f"前文 {p('lead', 1)} みなと市長が話しました。", "",
             f"※注記 {p('note', 2)}", "", "※時刻の表記はすべて日本時間です。", "", "目次", ""]
    for n in range(len(PAYLOADS)):
        minute = 59 - n
        lines += [f"21:{minute:02d} 見出し{n} {p('head', n)}", "", f"本文 {p('para', n + 3)} みなと市長とナナシ::ハナコ--x/yが述べました。",
                  "", "挙げられたのは", f"▼{p('item', n + 5)}", "▼二つ目", "の2つです。", ""]
    lines += ["検証の背景とは", "", f"背景の本文 {p('back', 4)}", ""]
    return "\n".join(lines), markers


# A curator's register entry: fields that pass validation still carry breakers and URLs.
REGISTER = """
  - id: person-minato-mayor
    name: みなと市長
    family_name: みなと
    aliases: [ミナト市長]
    reading: みなとしちょう
    romanized: Minato Mayor pwromanized0 'quoted'
    titles: [市長]
    role: "]] javascript:window.__pwned=1 data:text/html,x pwrole0 ' ; ) ("
    role_en: "Mayor's office; (test) pwroleen0 ]] javascript:alert(1)"
  - id: person-nanashi
    name: ナナシ::ハナコ--x/y
    reading: ななし
    romanized: Hanako Nanashi pwromanized1
"""
# A name that would be Mermaid syntax (`::`, `--`) if it were written into a diagram unquoted.
DIAGRAM_NAME = "ナナシ::ハナコ--x/y"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = make_project(tmp_path_factory.mktemp("hostile"))
    register = (root / "sources" / "register.yaml").read_text(encoding="utf-8")
    (root / "sources" / "register.yaml").write_text(register.replace("people:\n", "people:" + REGISTER, 1),
                                                   encoding="utf-8")
    text, markers = hostile_capture()
    capture = root / "capture.txt"
    capture.write_text(text, encoding="utf-8")
    pub_marker, publisher = payload("publisher", 0)
    title_marker, title = payload("cli", 3)
    assert main(["--root", str(root), "ingest", str(capture), "--source", "test-hostile", "--published", "2025-09-01",
                 "--publisher", publisher, "--title", title, "--url", "https://example.org/live?a=]]&b=pwurl0",
                 "--captured", "2025-09-01"]) == 0
    capture.unlink()
    # --title is the title the pages show, in place of the capture's first line (pwtitle0)
    markers = [title_marker if m == "pwtitle0" else m for m in markers]
    return build(root), [*markers, pub_marker, "pwurl0", "pwromanized0", "pwrole0", "pwroleen0", "pwromanized1"]


@pytest.fixture(scope="module")
def hostile_server(hostile_site: tuple[Path, list[str]]) -> Iterator[str]:
    with serve(hostile_site[0]) as base:
        yield base


@contextmanager
def tab(watch: Watch) -> Iterator[object]:
    """One tab of a fresh browser that loads nothing from another host, its events going to ``watch``."""
    with chromium() as browser:
        context = local_context(browser, watch)
        yield watched_page(context, watch)


CHECK = """() => {
  const bad = [];
  if (window.__pwned !== undefined) bad.push('window.__pwned = ' + window.__pwned);
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.trim().toLowerCase();
      if (a.name.startsWith('on')) bad.push('handler attribute ' + a.name + ' on ' + el.tagName);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(a.name) &&
          (v.startsWith('javascript:') || v.startsWith('data:'))) bad.push(a.name + '=' + a.value);
    }
  }
  for (const s of document.querySelectorAll('script[type="application/ld+json"]')) {
    try { JSON.parse(s.textContent); } catch (e) { bad.push('JSON-LD does not parse: ' + e); }
  }
  for (const s of document.querySelectorAll('script:not([src])')) {
    if (s.textContent.includes('__pwned') && s.type !== 'application/ld+json') bad.push('inline script from input');
  }
  const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
  if (!csp) bad.push('no Content-Security-Policy');
  else {
    const c = csp.content;
    const script = (c.split(';').find(d => d.trim().startsWith('script-src')) || '');
    if (script.includes('unsafe-inline') || !c.includes("object-src 'none'") || !c.includes("base-uri 'self'"))
      bad.push('weak policy: ' + c);
  }
  return {bad, text: document.body.innerText + ' ' + document.title};
}"""


def test_no_hostile_input_runs_on_any_page(hostile_site: tuple[Path, list[str]], hostile_server: str) -> None:
    site, markers = hostile_site
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) > 20
    problems: list[str] = []
    texts: list[str] = []
    diagrams: list[str] = []
    watch = Watch()
    violations = watch.violations
    with tab(watch) as page:
        for name in pages:
            violations.clear()
            page.goto(f"{hostile_server}/{name}", wait_until="load")
            if page.locator("pre.mermaid").count():
                # The drawn nodes, not just the svg element: its labels are what the diagram check reads.
                page.wait_for_selector("pre.mermaid svg .node", timeout=60000)
            page.wait_for_timeout(50)
            result = page.evaluate(CHECK)
            if page.locator("pre.mermaid").count():
                diagrams.append(page.locator("pre.mermaid svg").first.text_content() or "")
            problems += [f"{name}: {b}" for b in result["bad"]]
            problems += [f"{name}: CSP violation: {v}" for v in violations]
            texts.append(result["text"])
    assert watch.remote == []
    assert problems == []
    everything = "\n".join(texts)
    missing = [m for m in markers if m not in everything]
    assert missing == [], f"payloads not shown as text anywhere: {missing}"
    # The co-occurrence diagram shows the name as one label, exactly as written.
    assert any(DIAGRAM_NAME in d for d in diagrams), diagrams


def test_the_site_works_under_its_policy(hostile_site: tuple[Path, list[str]], hostile_server: str) -> None:
    """The theme switcher and Mermaid run with the Content-Security-Policy in force (search: the next test)."""
    watch = Watch()
    with tab(watch) as page:
        page.goto(f"{hostile_server}/archive/test-hostile/index.html")
        state = "[document.documentElement.dataset.mode, document.documentElement.dataset.theme]"
        seen = []
        for mode in ("dark", "light", "dark"):
            page.locator(".theme-switch-button:visible").first.click()
            page.locator(f".theme-change-button[data-mode={mode}]:visible").first.click()
            seen.append(tuple(page.evaluate(state)))
        assert seen == [("dark", "dark"), ("light", "light"), ("dark", "dark")], f"the theme switcher: {seen}"
        page.reload()
        assert tuple(page.evaluate(state)) == seen[-1], "the chosen mode did not survive a reload"
    watch.assert_clean()


def test_search_works_under_its_policy(hostile_site: tuple[Path, list[str]], hostile_server: str) -> None:
    """Pagefind's module, worker and WebAssembly run under the Content-Security-Policy, and hostile text is found."""
    watch = Watch()
    with tab(watch) as page:
        page.goto(f"{hostile_server}/search.html?q=pwpara3")
        page.wait_for_selector("#kiroku-search[data-ready='yes']", timeout=60000)
        link = page.locator("#kiroku-results li .kiroku-result-title a").first
        assert "test-hostile" in (link.get_attribute("href") or "")
    watch.assert_clean()
