"""Closing a session: the session record, its report, and storing it."""

from __future__ import annotations

import logging
from typing import Any, Dict, Mapping

from bot import persona, report
from bot.report.store import shared_store

logger = logging.getLogger(__name__)


def session_record(
    slots: Mapping[str, Any], trainee: str, ended_by: str, ended_at: str
) -> Dict[str, Any]:
    """The session as bot.report takes it (docs/contracts.md, "Session")."""
    scenario = persona.load_scenarios()[slots["scenario_id"]]
    state = slots.get("peer_state") or {}
    return {
        "session_id": slots.get("session_id"),
        "trainee": trainee,
        "scenario_id": slots["scenario_id"],
        "scenario_title": scenario.title,
        "difficulty": slots.get("difficulty") or "standard",
        "mode": slots.get("mode") or "coach",
        "started_at": slots.get("session_started_at") or ended_at,
        "ended_at": ended_at,
        "ended_by": ended_by,
        "turns": list(slots.get("turn_log") or []),
        "layers_total": len(scenario.layers),
        "layers_reached": state.get("layer", 0),
        "competencies": list(scenario.competencies.samhsa),
        "crisis_steps": list(state.get("crisis_steps") or []),
    }


def finish_report(
    slots: Mapping[str, Any], trainee: str, ended_by: str, ended_at: str
) -> Any:
    """Build the session's report and store it; the report is returned either way."""
    session = session_record(slots, trainee, ended_by, ended_at)
    session_report = report.build_report(session)
    try:
        shared_store().save(session_report)
    except Exception:
        # The trainee still sees the report; the lost copy is logged for the operator.
        logger.exception(
            "could not store the report of session %s", session["session_id"]
        )
    return session_report
