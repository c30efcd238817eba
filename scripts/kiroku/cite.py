"""Citations of one entry: Japanese and English styles, BibTeX and CSL-JSON. Pure functions."""

from __future__ import annotations

import json
from typing import Any

_BIBTEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


def bibtex_escape(text: str) -> str:
    """Text for a BibTeX field: LaTeX specials escaped, braces balanced, one line."""
    text = " ".join(text.split())
    return "".join(_BIBTEX.get(ch, ch) for ch in text)


def bibtex_url(url: str) -> str:
    """URLs keep % and # (biblatex reads them verbatim) but may not hold braces or backslashes."""
    if any(ch in url for ch in "{}\\ \n"):
        raise ValueError(f"URL {url!r} cannot go into BibTeX")
    return url


def archive_url(baseurl: str, path: str) -> str:
    """The entry's URL in the archive: absolute with ``html_baseurl``, else the site-relative path."""
    return baseurl.rstrip("/") + "/" + path if baseurl else path


def _date_parts(iso: str) -> list[list[int]]:
    y, m, d = (int(x) for x in iso[:10].split("-"))
    return [[y, m, d]]


def citations(data: dict[str, Any], baseurl: str) -> dict[str, str]:
    """All four citation styles for one entry.

    ``data`` holds: anchor, publisher, blog_title, heading, date (ISO date), when_ja, when_en,
    original_url (or None), path (site-relative URL with anchor), accessed (ISO date or None).
    """
    url = archive_url(baseurl, data["path"])
    original = data.get("original_url")
    accessed = data.get("accessed")
    ja = f"{data['publisher']}「{data['blog_title']}」{data['heading']}（{data['when_ja']}）"
    if original:
        ja += f"、{original}"
    ja += f"、Kiroku アーカイブ {url}"
    ja += f"（{accessed}閲覧）。" if accessed else "。"
    en = f"{data['publisher']}. “{data['heading']}.” In “{data['blog_title']},” {data['when_en']}."
    if original:
        en += f" {original}."
    en += f" Archived at {url}."
    if accessed:
        en += f" Accessed {accessed}."
    fields = [
        ("author", "{" + bibtex_escape(data["publisher"]) + "}"),
        ("title", bibtex_escape(data["heading"])),
        ("maintitle", bibtex_escape(data["blog_title"])),
        ("date", data["date"]),
        ("url", bibtex_url(url)),
    ]
    if accessed:
        fields.append(("urldate", accessed))
    note = f"Entry time: {data['when_en']}"
    if original:
        note += f". Original: {original}"
    fields.append(("note", bibtex_escape(note)))
    key = data["anchor"]
    bib = f"@online{{{key},\n" + ",\n".join(f"  {k} = {{{v}}}" for k, v in fields) + "\n}"
    csl: dict[str, Any] = {
        "id": key,
        "type": "post",
        "title": data["heading"],
        "container-title": data["blog_title"],
        "publisher": data["publisher"],
        "author": [{"literal": data["publisher"]}],
        "issued": {"date-parts": _date_parts(data["date"])},
        "URL": url,
    }
    if accessed:
        csl["accessed"] = {"date-parts": _date_parts(accessed)}
    if original:
        csl["note"] = f"Original: {original}"
    return {"ja": ja, "en": en, "bibtex": bib, "csl": json.dumps([csl], ensure_ascii=False, indent=2)}
