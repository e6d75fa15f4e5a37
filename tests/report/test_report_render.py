"""Markdown, HTML (parsed), PNG, JSON (schema) and text renderings of a report."""

from __future__ import annotations

import base64
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import jsonschema
import pytest

from bot.report import SessionReport, build_report
from bot.report.render import md_escape
from bot.report.schema import SCHEMA_PATH, ReportSchemaError, load_schema
from tests.report.report_fixtures import SCRIPT_REPLY

Factory = Callable[..., Dict[str, Any]]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class PageParser(HTMLParser):
    """Collects tags, attributes and the text of every table cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: List[Tuple[str, Dict[str, str]]] = []
        self.cells: List[str] = []
        self.text: List[str] = []
        self._cell: List[str] | None = None

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag == "td":
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.cells.append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture
def report(session_factory: Factory) -> SessionReport:
    return build_report(session_factory())


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser


def test_png_is_produced(report: SessionReport, tmp_path: Path) -> None:
    png = report.plot_png()
    assert png.startswith(PNG_MAGIC)
    assert len(png) > 5000  # a real chart, not an empty canvas
    empty = report.__class__(**{**report.__dict__, "turns": []}).plot_png()
    assert empty.startswith(PNG_MAGIC)


def test_html_is_self_contained_and_escaped(report: SessionReport) -> None:
    html = report.to_html()
    page = parse(html)
    tag_names = [tag for tag, _ in page.tags]

    # The trainee's "<script>" reply is text, never an element.
    assert "script" not in tag_names
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert SCRIPT_REPLY in page.cells

    # Plot embedded as a data: URI holding a PNG; nothing is fetched from elsewhere.
    images = [attrs for tag, attrs in page.tags if tag == "img"]
    assert len(images) == 1
    src = images[0]["src"]
    assert src.startswith("data:image/png;base64,")
    assert base64.b64decode(src.split(",", 1)[1]).startswith(PNG_MAGIC)
    assert images[0]["alt"]
    for _tag, attrs in page.tags:
        for name in ("src", "href"):
            assert not attrs.get(name, "data:").startswith(("http", "//"))
    assert ("html", {"lang": "en"}) in page.tags

    # Numbers and words from the report are on the page.
    assert "Validation" in page.text and "Practice session report" in page.text
    assert "1.5:1" in page.cells and "66.7 %" in page.cells
    assert "You should" in html and "Would it help to talk to your boss?" in html
    assert "Unsolicited advice" in page.cells
    assert page.cells[page.cells.index("Directive") :][:2] == ["Directive", "1"]


def test_html_escapes_bot_and_scenario_text(session_factory: Factory) -> None:
    session = session_factory()
    session["scenario_title"] = "<b>Grief</b> & <i>loss</i>"
    session["turns"][0]["score"]["flags"] = [
        {
            "category": "criticism",
            "start": 0,
            "end": 4,
            "text": "<img src=x onerror=alert(1)>",
            "rationale_key": "x",
            "rewrite": "</td><script>bad()</script>",
        }
    ]
    page = parse(build_report(session).to_html())
    tags = [tag for tag, _ in page.tags]
    assert "script" not in tags and "b" not in tags and "i" not in tags
    assert tags.count("img") == 1  # only the plot
    assert "<b>Grief</b> & <i>loss</i>" in page.cells


def test_html_contrast_colours_are_readable(report: SessionReport) -> None:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
            for c in channels
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    def contrast(a: str, b: str) -> float:
        high, low = sorted((luminance(a), luminance(b)), reverse=True)
        return (high + 0.05) / (low + 0.05)

    html = report.to_html()
    for colour in ("#1b1b1b", "#0a5c2c", "#7a4b00", "#a1141b", "#3e4c59", "#0a4d2a"):
        assert colour in html
        assert contrast(colour, "#ffffff") >= 4.5, colour
    assert contrast("#1b1b1b", "#fff3bf") >= 4.5
    assert contrast("#1b1b1b", "#e4e7eb") >= 4.5


def test_markdown(report: SessionReport) -> None:
    text = report.to_markdown()
    assert text.startswith("# Practice session report\n")
    assert "| 3 | You should just talk to your boss. | 10 | 40 | Advice | 30 |" in text
    assert "&lt;script&gt;" in text and "<script>" not in text
    assert "| Reflection-to-question ratio | 1.5:1 | 1:1 | 2:1 | fair |" in text
    assert (
        "| Complex reflections (share of reflections) | 66.7 % | 40 % | 50 % | good |"
        in text
    )
    assert "| Minimising | 1 |" in text
    assert "| 2 | yes | 4 |" in text
    assert "- Reflections (OARS)" in text
    assert "![" not in text
    assert "![" in report.to_markdown(image_link="plot.png")


def test_markdown_escape_keeps_table_intact() -> None:
    assert md_escape("a | b\nc") == r"a \| b c"
    assert md_escape("**x** [y](z) <b>") == r"\*\*x\*\* \[y\](z) &lt;b&gt;"


def test_summary_text(report: SessionReport) -> None:
    assert report.summary_text().splitlines() == [
        "Session report: Losing a parent (standard, coach). 6 turns, ended by you.",
        "Average validation 55, non-judgment 81.7. Trust 35 → 55.",
        "Reflections:questions 1.5:1 (fair); complex reflections 66.7 % (good).",
        "Judgmental language: Directive 1, Minimising 1, Unsolicited advice 1.",
        "Peer opened up: 2 of 4 layers.",
    ]


def test_json_fits_the_schema_and_round_trips(report: SessionReport) -> None:
    data = json.loads(report.to_json())
    jsonschema.Draft202012Validator.check_schema(load_schema())
    jsonschema.validate(data, load_schema(), cls=jsonschema.Draft202012Validator)
    assert data["miti"]["rq_ratio"] == 1.5
    assert data["turns"][3]["reply"] == SCRIPT_REPLY
    assert SessionReport.from_json(report.to_json()) == report
    assert SCHEMA_PATH.name == "schema.json"


def test_schema_rejects_bad_reports(report: SessionReport) -> None:
    data = report.to_dict()
    data["trainee"] = "alice@example.org"
    with pytest.raises(ReportSchemaError, match="trainee"):
        SessionReport.from_dict(data)
    data = report.to_dict()
    data["turns"][0]["validation_score"] = 101
    with pytest.raises(ReportSchemaError, match="turns/0/validation_score"):
        SessionReport.from_dict(data)
    data = report.to_dict()
    data["surprise"] = 1
    with pytest.raises(ReportSchemaError):
        SessionReport.from_dict(data)


def test_without_transcript_drops_all_free_text(report: SessionReport) -> None:
    bare = report.without_transcript()
    assert bare.transcript_included is False
    for turn in bare.turns:
        assert turn.reply is None and turn.peer_text is None
        assert all(f.text is None and f.rewrite is None for f in turn.flags)
    assert bare.judgment_counts == report.judgment_counts
    assert [t.flag_categories for t in bare.turns] == [
        t.flag_categories for t in report.turns
    ]
    text = bare.to_json()
    for turn in report.turns:
        assert turn.reply is not None and turn.reply not in text
    assert "(text not kept)" in bare.to_markdown()
    assert "(text not kept)" in bare.to_html()
