"""Cohort aggregates for instructors: numbers over all trainees, never per trainee.

Aggregates are withheld (``suppressed``) when fewer than ``min_trainees`` distinct
trainees have sessions, and a scenario is listed only when it has that many trainees,
so no aggregate describes one identifiable person.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List

from bot.report.metrics import cr_level, rq_level


@dataclass(frozen=True)
class ScenarioAggregate:
    scenario_id: str
    sessions: int
    trainees: int
    mean_validation: float | None
    mean_nonjudgment: float | None


@dataclass(frozen=True)
class CohortSummary:
    sessions: int
    trainees: int
    min_trainees: int
    suppressed: bool  # True: too few trainees, only the two counts above are given
    mean_validation: float | None = None  # mean of session means
    mean_nonjudgment: float | None = None
    mean_trust_end: float | None = None
    pooled_rq_ratio: float | None = None  # sum of reflections / sum of questions
    pooled_rq_level: str = "n/a"
    pooled_pct_complex: float | None = None
    pooled_cr_level: str = "n/a"
    share_rq_fair: float | None = None  # % of measurable sessions at fair or good
    share_rq_good: float | None = None
    share_cr_fair: float | None = None
    share_cr_good: float | None = None
    judgment_counts: Dict[str, int] = field(default_factory=dict)
    scenarios: List[ScenarioAggregate] = field(default_factory=list)

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)


def _round(value: Any, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


def _share(part: Any, whole: Any) -> float | None:
    return round(100.0 * float(part or 0) / float(whole), 1) if whole else None


def cohort_summary(conn: Any, min_trainees: int) -> CohortSummary:
    from sqlalchemy import case, distinct, func, select

    from bot.report.tables import judgments, sessions

    s = sessions.c

    def count_if(condition: Any) -> Any:
        return func.sum(case((condition, 1), else_=0))

    totals = conn.execute(
        select(
            func.count().label("sessions"),
            func.count(distinct(s.trainee)).label("trainees"),
            func.avg(s.mean_validation).label("validation"),
            func.avg(s.mean_nonjudgment).label("nonjudgment"),
            func.avg(s.trust_end).label("trust"),
            func.sum(s.reflections).label("reflections"),
            func.sum(s.questions).label("questions"),
            func.sum(s.complex_reflections).label("complex"),
            count_if(s.rq_level != "n/a").label("rq_measured"),
            count_if(s.rq_level.in_(("fair", "good"))).label("rq_fair"),
            count_if(s.rq_level == "good").label("rq_good"),
            count_if(s.cr_level != "n/a").label("cr_measured"),
            count_if(s.cr_level.in_(("fair", "good"))).label("cr_fair"),
            count_if(s.cr_level == "good").label("cr_good"),
        )
    ).one()
    n_sessions, n_trainees = int(totals.sessions), int(totals.trainees)
    if n_sessions == 0 or n_trainees < min_trainees:
        return CohortSummary(n_sessions, n_trainees, min_trainees, suppressed=True)

    reflections, questions = int(totals.reflections), int(totals.questions)
    complex_ = int(totals.complex)
    pct = round(100.0 * complex_ / reflections, 1) if reflections else None
    judged = conn.execute(
        select(judgments.c.category, func.sum(judgments.c.count))
        .group_by(judgments.c.category)
        .order_by(judgments.c.category)
    ).all()
    per_scenario = conn.execute(
        select(
            s.scenario_id,
            func.count(),
            func.count(distinct(s.trainee)),
            func.avg(s.mean_validation),
            func.avg(s.mean_nonjudgment),
        )
        .group_by(s.scenario_id)
        .having(func.count(distinct(s.trainee)) >= min_trainees)
        .order_by(s.scenario_id)
    ).all()
    return CohortSummary(
        sessions=n_sessions,
        trainees=n_trainees,
        min_trainees=min_trainees,
        suppressed=False,
        mean_validation=_round(totals.validation),
        mean_nonjudgment=_round(totals.nonjudgment),
        mean_trust_end=_round(totals.trust),
        pooled_rq_ratio=round(reflections / questions, 2) if questions else None,
        pooled_rq_level=rq_level(reflections, questions),
        pooled_pct_complex=pct,
        pooled_cr_level=cr_level(pct),
        share_rq_fair=_share(totals.rq_fair, totals.rq_measured),
        share_rq_good=_share(totals.rq_good, totals.rq_measured),
        share_cr_fair=_share(totals.cr_fair, totals.cr_measured),
        share_cr_good=_share(totals.cr_good, totals.cr_measured),
        judgment_counts={category: int(total) for category, total in judged},
        scenarios=[
            ScenarioAggregate(
                scenario_id=row[0],
                sessions=int(row[1]),
                trainees=int(row[2]),
                mean_validation=_round(row[3]),
                mean_nonjudgment=_round(row[4]),
            )
            for row in per_scenario
        ],
    )
