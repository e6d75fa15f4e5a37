"""Markdown, HTML and plain-text renderings of a SessionReport (templates in
data/report/templates, words in data/report/labels.yml)."""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from bot.report.texts import TEMPLATES_DIR, label, summary_line
from bot.report.view import build_view, fmt_number, fmt_pct, fmt_ratio

if TYPE_CHECKING:
    from bot.report.model import SessionReport

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_WHITESPACE = re.compile(r"\s+")


def md_escape(value: Any) -> str:
    """Text safe in a Markdown table cell: one line, HTML and Markdown escaped."""
    text = _WHITESPACE.sub(" ", str(value)).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


@lru_cache(maxsize=2)
def _environment(html: bool) -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=html,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters["md"] = md_escape
    return env


def render_markdown(report: SessionReport, image_link: str | None = None) -> str:
    template = _environment(False).get_template("report.md.j2")
    text: str = template.render(v=build_view(report), image_link=image_link)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_html(report: SessionReport) -> str:
    plot_b64 = base64.b64encode(report.plot_png()).decode("ascii")
    template = _environment(True).get_template("report.html.j2")
    html: str = template.render(
        v=build_view(report), plot_b64=plot_b64, scenario_title=report.scenario_title
    )
    return html


def render_summary(report: SessionReport) -> str:
    lines = [
        summary_line(
            "headline",
            scenario=report.scenario_title,
            difficulty=label("difficulty", report.difficulty),
            mode=label("mode", report.mode),
            turns=len(report.turns),
            ended_by=label("ended_by", report.ended_by),
        )
    ]
    if not report.turns:
        lines.append(summary_line("no_turns"))
    else:
        lines.append(
            summary_line(
                "scores",
                validation=fmt_number(report.mean_validation),
                nonjudgment=fmt_number(report.mean_nonjudgment),
                trust_start=report.trust_start,
                trust_end=report.trust_end,
            )
        )
        lines.append(
            summary_line(
                "miti",
                rq=fmt_ratio(report.miti),
                rq_level=label("levels", report.miti.rq_level),
                cr=fmt_pct(report.miti.pct_complex),
                cr_level=label("levels", report.miti.cr_level),
            )
        )
        judged = [
            f"{label('flags', key)} {count}"
            for key, count in report.judgment_counts.items()
            if count
        ]
        lines.append(
            summary_line("judgments", judgments=", ".join(judged))
            if judged
            else summary_line("no_judgments")
        )
    if report.layers_total:
        lines.append(
            summary_line(
                "layers", reached=report.layers_reached, total=report.layers_total
            )
        )
    if report.crisis_steps:
        steps = ", ".join(label("crisis_steps", key) for key in report.crisis_steps)
        lines.append(summary_line("crisis", steps=steps))
    return "\n".join(lines)
