"""Session reports: build, render (Markdown, HTML, JSON, text), store and compare.

    from bot.report import build_report, pseudonymise
    report = build_report(session)          # the contract's "Session" dict
    report.to_html(); report.to_json(); report.summary_text()

Nothing heavy happens at import time: matplotlib, jinja2, jsonschema and SQLAlchemy are
imported when first used.
"""

from bot.report.build import ReportInputError, build_report
from bot.report.config import ConfigError
from bot.report.ids import pseudonymise
from bot.report.model import FlagRow, LayerRow, MitiSummary, SessionReport, TurnRow

__all__ = [
    "ConfigError",
    "FlagRow",
    "LayerRow",
    "MitiSummary",
    "ReportInputError",
    "SessionReport",
    "TurnRow",
    "build_report",
    "pseudonymise",
]
