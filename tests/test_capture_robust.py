"""Any text through detection and every profile: a KirokuError or a parse that holds together, never a crash."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiroku.errors import KirokuError
from kiroku.read import text as capture
from tests.conftest import FIXTURES

# Lines of every shape the profiles know, mixed with lines of arbitrary text.
FIXTURE_LINES = sorted(
    {
        line
        for path in (FIXTURES / "formats").glob("*.txt")
        for line in path.read_text(encoding="utf-8").splitlines()
    }
)
STAMPS = [
    "【31日 25:00】見出し", "【0日】", "23:59", "24:00", "0:00(現地)", "12:00 a.m. ET, February 30, 2026",
    "11:59 p.m. EST, Dec 31, 2025", "■■2月30日■■", "■■12月31日■■", "見出し(31日24時 日本時間)", "13日 25:00 見出し",
    "noon", "5.51pm BST", "Pinned", "", " ", "▼", "※", "目次",
]
LINE = st.one_of(
    st.sampled_from(FIXTURE_LINES),
    st.sampled_from(STAMPS),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=30),
)
PAGE = st.lists(LINE, max_size=25).map("\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGE, st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_any_text_parses_or_says_why(text: str, published: dt.date) -> None:
    for profile in capture.PROFILES:
        assert 0.0 <= profile.score(text) <= 1.0
        try:
            report = profile.parse(text, seed="h.txt", published=published, timezone="Asia/Tokyo", strict_order=False)
        except KirokuError:
            continue
        blog = report.blog
        assert blog.order in ("newest-first", "oldest-first")
        assert [e.position for e in blog.entries] == list(range(len(blog.entries)))
        assert report.named_from_text <= {e.position for e in blog.entries}
        for entry in blog.entries:
            assert entry.lines[0] <= entry.lines[1]
            assert (entry.time is None) != (entry.bounds is None)
            dt.date.fromisoformat(entry.day)
            if entry.time is not None:
                if "T" in entry.time.iso:
                    assert dt.datetime.fromisoformat(entry.time.iso).tzinfo is not None
                else:
                    dt.date.fromisoformat(entry.time.iso)
    try:
        capture.parse_capture(text, seed="h.txt", published=published, timezone="Asia/Tokyo", strict_order=False)
    except KirokuError:
        pass
