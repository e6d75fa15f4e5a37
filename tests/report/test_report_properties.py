"""Property tests: any reply text stays text in HTML and inside its Markdown cell."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import List, Tuple

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.report import build_report
from tests.report.report_fixtures import make_session

TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80
).filter(lambda s: s.strip() != "")
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


class Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: List[str] = []
        self.replies: List[str] = []
        self._in_reply = False
        self._parts: List[str] = []

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "td" and ("class", "reply") in attrs:
            self._in_reply, self._parts = True, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._in_reply:
            self.replies.append("".join(self._parts))
            self._in_reply = False

    def handle_data(self, data: str) -> None:
        if self._in_reply:
            self._parts.append(data)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reply=TEXT)
def test_any_reply_is_escaped(reply: str) -> None:
    session = make_session()
    session["turns"] = session["turns"][:1]
    session["turns"][0]["reply"] = reply
    report = build_report(session)

    parser = Cells()
    parser.feed(report.to_html())
    parser.close()
    assert parser.replies == [reply]
    assert parser.tags.count("img") == 1 and "script" not in parser.tags

    row = next(
        line for line in report.to_markdown().splitlines() if line.startswith("| 1 |")
    )
    assert len(UNESCAPED_PIPE.findall(row)) == 8  # 7 cells, whatever the reply holds
    assert "<" not in row.split("|")[2]
