"""The typed session report and its JSON form (see bot/report/schema.json)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Dict, List

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class FlagRow:
    """One flagged piece of judgmental language; text fields are None when not kept."""

    category: str
    start: int
    end: int
    text: str | None
    rewrite: str | None
    rationale_key: str

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> FlagRow:
        return cls(
            category=data["category"],
            start=data["start"],
            end=data["end"],
            text=data.get("text"),
            rewrite=data.get("rewrite"),
            rationale_key=data.get("rationale_key", ""),
        )


@dataclass(frozen=True)
class TurnRow:
    turn: int
    at: str | None
    reply: str | None  # None when transcripts are not kept
    move: str
    validation_score: int
    nonjudgment_score: int
    oars: str
    trust: int
    openness: int | None
    distress: int | None
    layer: int
    flags: List[FlagRow] = field(default_factory=list)
    strengths: List[str] = field(default_factory=list)
    events: List[str] = field(default_factory=list)
    peer_line_id: str | None = None
    peer_text: str | None = None  # None when transcripts are not kept

    @property
    def flag_categories(self) -> List[str]:
        return sorted({flag.category for flag in self.flags})

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> TurnRow:
        values = dict(data)
        values["flags"] = [FlagRow.from_dict(flag) for flag in data.get("flags", [])]
        return cls(**values)


@dataclass(frozen=True)
class MitiSummary:
    """Reflection-to-question ratio and share of complex reflections, MITI 4.2 style."""

    reflections: int  # simple + complex + summaries
    questions: int  # open + closed
    complex_reflections: int  # complex + summaries
    rq_ratio: float | None  # reflections / questions; None without questions
    rq_level: str  # "good" | "fair" | "below" | "n/a"
    pct_complex: float | None  # 0-100; None without reflections
    cr_level: str


@dataclass(frozen=True)
class LayerRow:
    layer: int
    reached: bool
    unlocked_at_turn: int | None


@dataclass(frozen=True)
class SessionReport:
    session_id: str
    trainee: str  # pseudonymous id (bot.report.pseudonymise), never the raw one
    scenario_id: str
    scenario_title: str
    difficulty: str
    mode: str
    started_at: str | None
    ended_at: str | None
    ended_by: str
    transcript_included: bool
    turns: List[TurnRow]
    oars_counts: Dict[str, int]
    miti: MitiSummary
    judgment_counts: Dict[str, int]
    turns_with_judgment: int
    layers_total: int
    layers_reached: int
    layers: List[LayerRow]
    competencies: List[str]
    crisis_steps: List[str]
    mean_validation: float | None
    mean_nonjudgment: float | None
    trust_start: int | None
    trust_end: int | None
    schema_version: int = SCHEMA_VERSION

    # -- data ---------------------------------------------------------------------
    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> SessionReport:
        """Rebuild a report from ``to_dict()``/``to_json()`` output (validated)."""
        from bot.report.schema import validate_report_dict

        validate_report_dict(data)
        values = dict(data)
        values["turns"] = [TurnRow.from_dict(turn) for turn in data["turns"]]
        values["miti"] = MitiSummary(**data["miti"])
        values["layers"] = [LayerRow(**layer) for layer in data["layers"]]
        return cls(**values)

    @classmethod
    def from_json(cls, text: str) -> SessionReport:
        return cls.from_dict(json.loads(text))

    def to_json(self, indent: int | None = 2) -> str:
        """JSON validated against bot/report/schema.json (raises if it does not fit)."""
        from bot.report.schema import validate_report_dict

        data = self.to_dict()
        validate_report_dict(data)
        return json.dumps(data, indent=indent, ensure_ascii=False)

    def without_transcript(self) -> SessionReport:
        """The same report with every free text (replies, flagged words, rewrites and
        peer lines, which may quote the trainee) removed; scores and categories stay."""
        turns = [
            replace(
                turn,
                reply=None,
                peer_text=None,
                flags=[replace(flag, text=None, rewrite=None) for flag in turn.flags],
            )
            for turn in self.turns
        ]
        return replace(self, turns=turns, transcript_included=False)

    # -- renderings ---------------------------------------------------------------
    def plot_png(self) -> bytes:
        """PNG of the peer's trust and the two scores per turn."""
        from bot.report.plot import session_plot_png

        return session_plot_png(self)

    def to_markdown(self, image_link: str | None = None) -> str:
        """Markdown; with ``image_link`` (a saved plot_png file) the plot is linked."""
        from bot.report.render import render_markdown

        return render_markdown(self, image_link=image_link)

    def to_html(self) -> str:
        """A self-contained HTML page with the plot embedded as a data: URI."""
        from bot.report.render import render_html

        return render_html(self)

    def summary_text(self) -> str:
        """A few lines of plain text for the shell and Slack."""
        from bot.report.render import render_summary

        return render_summary(self)
