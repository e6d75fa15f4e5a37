"""Counts and MITI-style summary measures over a session's turns."""

from __future__ import annotations

from collections import Counter
from typing import Dict, Iterable, List, Sequence

from bot.report.model import MitiSummary, TurnRow
from bot.scoring.result import FLAG_CATEGORIES, OARS_CATEGORIES

# MITI 4.2.1 proficiency thresholds.
RQ_FAIR = 1.0
RQ_GOOD = 2.0
CR_FAIR = 40.0  # percent of reflections that are complex
CR_GOOD = 50.0

REFLECTION_CODES = ("reflection_simple", "reflection_complex", "summary")
COMPLEX_CODES = ("reflection_complex", "summary")  # MITI codes summaries as reflections
QUESTION_CODES = ("open_question", "closed_question")


def oars_counts(oars_codes: Iterable[str]) -> Dict[str, int]:
    """Every OARS category with its count (zeros included), unknown codes as "other"."""
    counts = dict.fromkeys(OARS_CATEGORIES, 0)
    for code in oars_codes:
        counts[code if code in counts else "other"] += 1
    return counts


def judgment_counts(turns: Sequence[TurnRow]) -> Dict[str, int]:
    """Flags per category over all turns (each flag counted), known categories first."""
    counted = Counter(flag.category for turn in turns for flag in turn.flags)
    result = {category: counted.pop(category, 0) for category in FLAG_CATEGORIES}
    result.update(sorted(counted.items()))
    return result


def rq_level(reflections: int, questions: int) -> str:
    if reflections == 0 and questions == 0:
        return "n/a"
    if questions == 0:
        return "good"
    ratio = reflections / questions
    if ratio >= RQ_GOOD:
        return "good"
    if ratio >= RQ_FAIR:
        return "fair"
    return "below"


def cr_level(pct_complex: float | None) -> str:
    if pct_complex is None:
        return "n/a"
    if pct_complex >= CR_GOOD:
        return "good"
    if pct_complex >= CR_FAIR:
        return "fair"
    return "below"


def miti_summary(counts: Dict[str, int]) -> MitiSummary:
    reflections = sum(counts.get(code, 0) for code in REFLECTION_CODES)
    questions = sum(counts.get(code, 0) for code in QUESTION_CODES)
    complex_ = sum(counts.get(code, 0) for code in COMPLEX_CODES)
    ratio = round(reflections / questions, 2) if questions else None
    pct = round(100.0 * complex_ / reflections, 1) if reflections else None
    return MitiSummary(
        reflections=reflections,
        questions=questions,
        complex_reflections=complex_,
        rq_ratio=ratio,
        rq_level=rq_level(reflections, questions),
        pct_complex=pct,
        cr_level=cr_level(pct),
    )


def mean(values: List[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None
