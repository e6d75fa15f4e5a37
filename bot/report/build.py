"""Turn a finished session (docs/contracts.md, "Session") into a SessionReport."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Dict, List

from bot.report.ids import is_trainee_id
from bot.report.metrics import judgment_counts, mean, miti_summary, oars_counts
from bot.report.model import FlagRow, LayerRow, SessionReport, TurnRow

logger = logging.getLogger(__name__)

LAYER_EVENT = "layer_unlocked:"


class ReportInputError(ValueError):
    """The session dict does not have the contract's shape; the message names where."""


def _get(data: Mapping[str, Any], key: str, where: str, kind: type | tuple) -> Any:
    if not isinstance(data, Mapping):
        kind_name = type(data).__name__
        raise ReportInputError(f"{where}: expected an object, got {kind_name}")
    if key not in data or data[key] is None:
        raise ReportInputError(f"{where}.{key}: missing")
    value = data[key]
    wrong_bool = isinstance(value, bool) and kind is not bool
    if wrong_bool or not isinstance(value, kind):
        raise ReportInputError(f"{where}.{key}: expected {kind}, got {value!r}")
    return value


def _opt(data: Mapping[str, Any], key: str, where: str, kind: type | tuple) -> Any:
    if data.get(key) is None:
        return None
    return _get(data, key, where, kind)


def _score(value: int, where: str) -> int:
    if not 0 <= value <= 100:
        raise ReportInputError(f"{where}: {value} is outside 0-100")
    return value


def _flag(data: Mapping[str, Any], where: str) -> FlagRow:
    return FlagRow(
        category=_get(data, "category", where, str),
        start=_get(data, "start", where, int),
        end=_get(data, "end", where, int),
        text=_opt(data, "text", where, str),
        rewrite=_opt(data, "rewrite", where, str),
        rationale_key=_opt(data, "rationale_key", where, str) or "",
    )


def _str_list(data: Mapping[str, Any], key: str, where: str) -> List[str]:
    values = data.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ReportInputError(f"{where}.{key}: expected a list of strings")
    return list(values)


def _turn(data: Mapping[str, Any], index: int) -> TurnRow:
    where = f"turns[{index}]"
    score = _get(data, "score", where, Mapping)
    state = _get(data, "state", where, Mapping)
    sw, stw = f"{where}.score", f"{where}.state"
    flags = score.get("flags") or []
    if not isinstance(flags, list):
        raise ReportInputError(f"{sw}.flags: expected a list")
    reply = _opt(data, "reply", where, str)
    if reply is None:
        reply = _opt(score, "reply", sw, str)
    return TurnRow(
        turn=_get(data, "turn", where, int),
        at=_opt(data, "at", where, str),
        reply=reply,
        move=_opt(data, "move", where, str) or "",
        validation_score=_score(_get(score, "validation_score", sw, int), sw),
        nonjudgment_score=_score(_get(score, "nonjudgment_score", sw, int), sw),
        oars=_get(score, "oars", sw, str),
        trust=_score(_get(state, "trust", stw, int), stw),
        openness=_opt(state, "openness", stw, int),
        distress=_opt(state, "distress", stw, int),
        layer=_opt(state, "layer", stw, int) or 0,
        flags=[_flag(flag, f"{sw}.flags[{i}]") for i, flag in enumerate(flags)],
        strengths=_str_list(score, "strengths", sw),
        events=_str_list(data, "events", where),
        peer_line_id=_opt(data, "peer_line_id", where, str),
        peer_text=_opt(data, "peer_text", where, str),
    )


def _layer_unlocks(turns: List[TurnRow]) -> Dict[int, int]:
    """Layer number -> first turn at which it was unlocked (events, else state)."""
    unlocked: Dict[int, int] = {}
    previous = 0
    for turn in turns:
        for event in turn.events:
            if event.startswith(LAYER_EVENT):
                try:
                    layer = int(event[len(LAYER_EVENT) :])
                except ValueError:
                    logger.warning("Ignoring malformed event %r", event)
                    continue
                unlocked.setdefault(layer, turn.turn)
        for layer in range(previous + 1, turn.layer + 1):
            unlocked.setdefault(layer, turn.turn)
        previous = max(previous, turn.layer)
    return unlocked


def _layers(
    turns: List[TurnRow], total: int, reached: int | None
) -> tuple[int, List[LayerRow]]:
    unlocks = _layer_unlocks(turns)
    if reached is None:
        reached = max(unlocks, default=0)
    total = max(total, reached)
    rows = [
        LayerRow(layer=n, reached=n <= reached, unlocked_at_turn=unlocks.get(n))
        for n in range(1, total + 1)
    ]
    return reached, rows


def build_report(session: Dict[str, Any]) -> SessionReport:
    """Build the report of one finished session (the contract's "Session" dict).

    Raises ``ReportInputError`` (a ``ValueError``) naming the field that is missing or
    malformed, including a ``trainee`` that is not a pseudonymous id.
    """
    where = "session"
    trainee = _get(session, "trainee", where, str)
    if not is_trainee_id(trainee):
        raise ReportInputError(
            "session.trainee: expected the pseudonymous id from "
            "bot.report.pseudonymise (64 hex characters), not a raw channel id"
        )
    raw_turns = _get(session, "turns", where, list)
    turns = sorted(
        (_turn(turn, i) for i, turn in enumerate(raw_turns)), key=lambda t: t.turn
    )
    counts = oars_counts(turn.oars for turn in turns)
    judgments = judgment_counts(turns)
    reached, layer_rows = _layers(
        turns,
        _opt(session, "layers_total", where, int) or 0,
        _opt(session, "layers_reached", where, int),
    )
    trust = [turn.trust for turn in turns]
    scenario_id = _get(session, "scenario_id", where, str)
    return SessionReport(
        session_id=_get(session, "session_id", where, str),
        trainee=trainee,
        scenario_id=scenario_id,
        scenario_title=_opt(session, "scenario_title", where, str) or scenario_id,
        difficulty=_opt(session, "difficulty", where, str) or "",
        mode=_opt(session, "mode", where, str) or "",
        started_at=_opt(session, "started_at", where, str),
        ended_at=_opt(session, "ended_at", where, str),
        ended_by=_opt(session, "ended_by", where, str) or "trainee",
        transcript_included=True,
        turns=turns,
        oars_counts=counts,
        miti=miti_summary(counts),
        judgment_counts=judgments,
        turns_with_judgment=sum(1 for turn in turns if turn.flags),
        layers_total=len(layer_rows),
        layers_reached=reached,
        layers=layer_rows,
        competencies=_str_list(session, "competencies", where),
        crisis_steps=_str_list(session, "crisis_steps", where),
        mean_validation=mean([turn.validation_score for turn in turns]),
        mean_nonjudgment=mean([turn.nonjudgment_score for turn in turns]),
        trust_start=trust[0] if trust else None,
        trust_end=trust[-1] if trust else None,
    )
