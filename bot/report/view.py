"""The report as plain, labelled values ready for a template (no markup here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List

from bot.report.metrics import CR_FAIR, CR_GOOD, RQ_FAIR, RQ_GOOD
from bot.report.model import MitiSummary, SessionReport
from bot.report.texts import label, labels, rationale_title


@dataclass(frozen=True)
class FlagView:
    category: str
    text: str | None
    rewrite: str | None
    why: str | None


@dataclass(frozen=True)
class TurnView:
    turn: int
    reply: str | None
    validation: int
    nonjudgment: int
    oars: str
    trust: int
    flags: List[FlagView] = field(default_factory=list)


@dataclass(frozen=True)
class MitiRow:
    measure: str
    value: str
    fair: str
    good: str
    level: str
    level_key: str


@dataclass(frozen=True)
class LayerView:
    layer: int
    reached: str
    at_turn: str


@dataclass(frozen=True)
class ReportView:
    labels: dict
    title: str
    overview: List[tuple]
    turns: List[TurnView]
    oars: List[tuple]
    miti: List[MitiRow]
    miti_counts: List[tuple]
    judgments: List[tuple]
    layers: List[LayerView]
    competencies: List[str]
    crisis_steps: List[str]
    transcript_included: bool


def not_applicable() -> str:
    return str(labels().get("not_applicable", "n/a"))


def fmt_number(value: float | None) -> str:
    return not_applicable() if value is None else f"{value:g}"


def fmt_ratio(miti: MitiSummary) -> str:
    if miti.rq_ratio is not None:
        return f"{miti.rq_ratio:g}:1"
    if miti.reflections:
        return f"{miti.reflections}:0"
    return not_applicable()


def fmt_pct(value: float | None) -> str:
    return not_applicable() if value is None else f"{value:g} %"


def _trust(report: SessionReport) -> str:
    if report.trust_start is None:
        return not_applicable()
    return f"{report.trust_start} → {report.trust_end}"


def _overview(report: SessionReport) -> List[tuple]:
    def row(key: str, value: str) -> tuple:
        return (label("overview", key), value)

    return [
        row("scenario", report.scenario_title),
        row("difficulty", label("difficulty", report.difficulty)),
        row("mode", label("mode", report.mode)),
        row("started", report.started_at or ""),
        row("ended", report.ended_at or ""),
        row("ended_by", label("ended_by", report.ended_by)),
        row("turns", str(len(report.turns))),
        row("mean_validation", fmt_number(report.mean_validation)),
        row("mean_nonjudgment", fmt_number(report.mean_nonjudgment)),
        row("trust", _trust(report)),
        row("session_id", report.session_id),
    ]


def _miti(miti: MitiSummary) -> List[MitiRow]:
    return [
        MitiRow(
            label("miti", "rq_ratio"),
            fmt_ratio(miti),
            f"{RQ_FAIR:g}:1",
            f"{RQ_GOOD:g}:1",
            label("levels", miti.rq_level),
            miti.rq_level,
        ),
        MitiRow(
            label("miti", "pct_complex"),
            fmt_pct(miti.pct_complex),
            f"{CR_FAIR:g} %",
            f"{CR_GOOD:g} %",
            label("levels", miti.cr_level),
            miti.cr_level,
        ),
    ]


def build_view(report: SessionReport) -> ReportView:
    turns = [
        TurnView(
            turn=turn.turn,
            reply=turn.reply,
            validation=turn.validation_score,
            nonjudgment=turn.nonjudgment_score,
            oars=label("oars", turn.oars),
            trust=turn.trust,
            flags=[
                FlagView(
                    category=label("flags", flag.category),
                    text=flag.text,
                    rewrite=flag.rewrite,
                    why=rationale_title(flag.rationale_key),
                )
                for flag in turn.flags
            ],
        )
        for turn in report.turns
    ]
    yes, no = labels().get("reached_yes", "yes"), labels().get("reached_no", "no")
    return ReportView(
        labels=labels(),
        title=str(labels().get("title", "")),
        overview=_overview(report),
        turns=turns,
        oars=[(label("oars", k), v) for k, v in report.oars_counts.items()],
        miti=_miti(report.miti),
        miti_counts=[
            (label("miti", "reflections"), report.miti.reflections),
            (label("miti", "questions"), report.miti.questions),
            (label("miti", "complex"), report.miti.complex_reflections),
        ],
        judgments=[
            (label("flags", k), v) for k, v in report.judgment_counts.items() if v
        ],
        layers=[
            LayerView(
                layer=row.layer,
                reached=str(yes if row.reached else no),
                at_turn=(
                    "" if row.unlocked_at_turn is None else str(row.unlocked_at_turn)
                ),
            )
            for row in report.layers
        ],
        competencies=[label("competencies", key) for key in report.competencies],
        crisis_steps=[label("crisis_steps", key) for key in report.crisis_steps],
        transcript_included=report.transcript_included,
    )
