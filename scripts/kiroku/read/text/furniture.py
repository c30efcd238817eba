"""Page furniture: lines around and between the entries that are not text (navigation, share buttons,
publication stamps, credits, paywall labels...), and the notes before the entries that say the zone.

``junk_ja``/``junk_en`` say why a line is furniture (None: it is text); ``note_ja`` reads a Japanese
note such as 「※時刻の表記はすべて日本時間です。」; ``is_rule`` says whether a line is a rule between
entries (``___``, ``* * *``): a separator, never a heading or text.
"""

from __future__ import annotations

import re

from .grammar_ja import TOKYO, fold

# --- Japanese pages ------------------------------------------------------------------------------
_PUBLICATION = re.compile(
    r"^(?:(?:更新|配信|公開|掲載|最終更新)(?:日時?)?\s*[:：]?\s*)?"
    r"(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}[/.-]\d{1,2}[/.-]\d{1,2})\s*(?:\([月火水木金土日](?:曜日?)?\))?\s*"
    r"(?:午前|午後)?\s*(?:\d{1,2}:\d{2}(?::\d{2})?|\d{1,2}時(?:\d{1,2}分)?)?\s*(?:更新|配信|公開|掲載|現在)?$"
)
_NAVIGATION = re.compile(
    r"▶|►|→$|こちら(?:から|を|へ)?[。.]?$|^関連(?:記事|ニュース|リンク)|動きを(?:み|見)る|"
    r"^(?:続きを読む|もっと(?:見る|読む)|一覧(?:へ|を見る)?|前の記事|次の記事|トップ(?:へ|に戻る)|ページの先頭へ)$"
)
_SHARE = re.compile(r"^(?:シェア|ツイート|ポスト|ブックマーク|LINE|Facebook|X|はてブ|印刷|コメント)(?:する)?$")
_CONTROL = re.compile(r"^[×✕✖︎✗＋+\-−]$|^(?:閉じる|メニュー|検索|ログイン)$")
_PAYWALL = re.compile(r"^(?:有料|会員限定|有料会員|会員)(?:会員)?記事$|^この記事は有料")
_CATEGORY = re.compile(r"^(?:カテゴリー?|ジャンル|タグ)\s*[:：]")
_CREDIT = re.compile(
    r"^[(（〔][^()（）〔〕]{1,40}(?:支局|総局|記者|報道部|局|撮影|取材|通信員|特派員|写真)[^()（）〔〕]{0,20}[)）〕][。.]?$"
)


def junk_ja(text: str, *, preamble: bool) -> str | None:
    """Why a line of a Japanese page is furniture, not text."""
    folded = fold(text)
    if _CONTROL.match(folded):
        return "page control"
    if _PAYWALL.search(folded):
        return "paywall label"
    if _CATEGORY.match(folded):
        return "category label"
    if _SHARE.match(folded):
        return "share button"
    if _PUBLICATION.match(folded):
        return "publication stamp"
    if _CREDIT.match(folded):
        return "credit line"
    if _NAVIGATION.search(folded):
        return "navigation"
    return None


_NOTE_START = ("※", "＊", "*")
_NOTE_ABOUT_TIME = re.compile(
    r"(?:時刻|時間|タイムスタンプ|表記).*(?:日本時間|現地時間)|(?:日本時間|現地時間).*(?:表記|です|で表示)"
)


def note_ja(text: str) -> str | None:
    """A note before the entries: 「※時刻の表記はすべて日本時間です。」, 「(※情報は随時、更新します)」.

    Returns "Asia/Tokyo" for a note that says the times are Japan time, "" for another note, None otherwise.
    """
    folded = fold(text)
    inner = folded.lstrip("(〔[【 ")
    if not (inner.startswith(_NOTE_START) or _NOTE_ABOUT_TIME.search(folded)):
        return None
    about_zone = _NOTE_ABOUT_TIME.search(folded)
    if about_zone and "日本時間" in about_zone.group():
        head = about_zone.group().split("日本時間")[0]
        if "現地時間" not in head:  # 「現地時間、括弧内は日本時間」 puts Japan time second
            return TOKYO
    return ""


# --- English pages -------------------------------------------------------------------------------
_JUNK: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:share|copy link|link copied|print|email|reuse this content|comments?)$", re.I), "share button"),
    (
        re.compile(
            r"^(?:advertisement|advert|sponsored|skip (?:past|to) .*"
            r"|anzeige|werbung|publicité|pubblicità|publicidad|advertentie)$",  # other Latin-script pages
            re.I,
        ),
        "advertisement",
    ),
    (
        re.compile(
            r"^(?:show key events|key events|read more|see more|load more|show more|sign up.*|"
            r"back to top|follow (?:us|live).*|next|previous|newer|older)$",
            re.I,
        ),
        "navigation",
    ),
    (re.compile(r"^(?:pinned|pinned post|featured)$", re.I), "pinned label"),
    (re.compile(r"^(?:updated|last updated)\b.*$", re.I), "update stamp"),
    (re.compile(r"^(?:live|live updates?|live blog|live coverage|as it happened|breaking)$", re.I), "section label"),
    (re.compile(r"^(?:photograph|photo|image|video|illustration)(?: credit)?\s*:", re.I), "credit line"),
]
_RULE = re.compile(r"^(?:[_\-–—*=~#•·]\s*){3,}$")
_BYLINE = re.compile(r"^by\s+\S.{0,80}$", re.I)
_PUBLISHED = re.compile(r"^(?:published|first published|posted)\b.*$", re.I)


def is_rule(text: str) -> bool:
    """A rule line between entries: ``___``, ``---``, ``***``, ``* * *``."""
    return bool(_RULE.match(text.strip()))


def junk_en(text: str, *, preamble: bool) -> str | None:
    """Why a line of an English page is furniture, not text."""
    if is_rule(text):
        return "rule"
    for pattern, reason in _JUNK:
        if pattern.match(text):
            return reason
    if _PUBLISHED.match(text):
        return "publication stamp"
    if preamble and _BYLINE.match(text) and not text.rstrip().endswith((".", "!", "?")):
        return "byline"
    return None
