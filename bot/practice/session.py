"""The practice session's commands and turns, as functions from slot values to a Step.

Actions only set slots and send peer/coach/report messages; the app's own sentences are
domain responses that rules run next (conditional variations read the slots set here).
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timezone
from typing import Any, Dict, List, Mapping

from bot import persona, scoring
from bot.coach import coach_message
from bot.persona.safety import trainee_in_distress
from bot.persona.types import PeerState, TurnInput, TurnOutcome
from bot.practice import commands
from bot.practice.report import finish_report
from bot.practice.step import Message, Step

logger = logging.getLogger(__name__)

Slots = Mapping[str, Any]
MENU = "utter_choose_scenario"  # heading; a rule runs action_list_scenarios after it


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _active(slots: Slots) -> bool:
    return slots.get("session_status") == "active" and bool(slots.get("peer_state"))


def list_scenarios(slots: Slots) -> Step:
    """The scenario menu: a numbered list for text channels, buttons for the others."""
    scenarios = persona.load_scenarios()
    lines, buttons = [], []
    for number, (scenario_id, scenario) in enumerate(scenarios.items(), start=1):
        lines.append(f"{number}. {scenario.title} — {scenario.summary}")
        buttons.append(
            {
                "title": f"{number}. {scenario.title}",
                "payload": f'/start_scenario{{"scenario_id": "{scenario_id}"}}',
            }
        )
    return Step([Message(text="\n".join(lines), buttons=buttons)])


def start_session(
    slots: Slots, text: str, scenario_id: str | None, difficulty: str | None
) -> Step:
    """Start the scenario a button (``scenario_id``) or the typed ``text`` names."""
    scenarios = persona.load_scenarios()
    titles = {key: scenario.title for key, scenario in scenarios.items()}
    chosen = scenario_id if scenario_id in scenarios else None
    chosen = chosen or commands.find_scenario(text, list(scenarios), titles)
    if chosen is None:
        return Step(slots={"start_result": "unknown"})

    level = difficulty or commands.find_difficulty(text) or slots.get("difficulty")
    level = level if level in commands.DIFFICULTIES else "standard"
    outcome = persona.start_session(chosen, level)
    return Step(
        slots={
            "start_result": "started",
            "scenario_id": chosen,
            "scenario_title": scenarios[chosen].title,
            "difficulty": level,
            "session_status": "active",
            "session_id": uuid.uuid4().hex,
            "session_started_at": _now(),
            "ended_by": None,
            "peer_state": outcome.state.to_dict(),
            "last_turn": None,
            "last_peer_line": outcome.line.text,
            "hint": None,
            **_running_figures([], outcome.state.trust),
        }
    )


def peer_opening(slots: Slots) -> Step:
    """After 'Starting …': the peer's first line, or the menu if nothing started."""
    if slots.get("start_result") == "started" and _active(slots):
        return Step([Message(text=slots.get("last_peer_line") or "")])
    return list_scenarios(slots)


def _turn_input(intent: str, score: scoring.ReplyScore) -> TurnInput:
    return TurnInput(
        move=intent,
        text=score.reply,
        validation_score=score.validation_score,
        nonjudgment_score=score.nonjudgment_score,
        validating=score.validating,
        judgmental=score.judgmental,
        oars=score.oars,
        flag_categories=score.flag_categories,
        feelings_named=list(score.feelings_named),
        wrong_feeling=score.wrong_feeling,
    )


def _log_entry(
    session_id: str,
    number: int,
    score: scoring.ReplyScore,
    intent: str,
    outcome: TurnOutcome,
) -> Dict[str, Any]:
    state = outcome.state
    return {
        "session_id": session_id,
        "turn": number,
        "at": _now(),
        "reply": score.reply,
        "move": intent,
        "score": score.to_dict(),
        "peer_line_id": outcome.line.id,
        "peer_text": outcome.line.text,
        "state": {
            "trust": state.trust,
            "openness": state.openness,
            "distress": state.distress,
            "layer": state.layer,
        },
        "events": list(outcome.events),
    }


def _running_figures(turn_log: List[Dict[str, Any]], trust: int) -> Dict[str, Any]:
    count = len(turn_log)

    def average(key: str) -> int:
        return round(sum(t["score"][key] for t in turn_log) / count) if count else 0

    return {
        "turn_count": count,
        "trust": trust,
        "avg_validation": average("validation_score"),
        "avg_nonjudgment": average("nonjudgment_score"),
    }


def play_turn(slots: Slots, text: str, intent: str) -> Step:
    """The peer answers one in-role message; in coach mode the coach follows."""
    if trainee_in_distress(text):
        return Step(followup="action_out_of_role")
    if not _active(slots):
        return Step(followup=MENU)

    score = scoring.score(text, context=slots.get("last_peer_line") or "")
    state = PeerState.from_dict(slots["peer_state"])
    outcome = persona.next_turn(state, _turn_input(intent or "nlu_fallback", score))
    turn_log = list(slots.get("turn_log") or [])
    entry = _log_entry(slots["session_id"], len(turn_log) + 1, score, intent, outcome)
    turn_log.append(entry)

    messages = [Message(text=outcome.line.text)]
    if slots.get("mode") != "exam":
        coach = coach_message(score, trust=outcome.state.trust)
        messages.append(Message(text=coach.text, custom=coach.payload))
    new_slots = {
        "peer_state": outcome.state.to_dict(),
        "last_turn": entry,
        "last_peer_line": outcome.line.text,
        **_running_figures(turn_log, outcome.state.trust),
    }
    if outcome.state.left:
        new_slots["ended_by"] = "peer_left"
        return Step(messages, new_slots, followup="action_end_session")
    return Step(messages, new_slots)


def file_report(slots: Slots, trainee: str) -> Any:
    """Store the open session's report; None when there is no session to close."""
    if slots.get("session_status") not in ("active", "paused") or not slots.get(
        "scenario_id"
    ):
        return None
    return finish_report(slots, trainee, _ended_by(slots), _now())


def end_session(slots: Slots, trainee: str) -> Step:
    """File the report and show it; 'utter_session_ended' follows by rule."""
    report = file_report(slots, trainee)
    if report is None:
        return Step()
    summary = report.summary_text()
    payload = {
        "role": "report",
        "session_id": slots.get("session_id"),
        "summary": summary,
        "markdown": report.to_markdown(),
        "html": report.to_html(),
    }
    return Step(
        [Message(text=summary, custom=payload)],
        {"session_status": "ended", "ended_by": _ended_by(slots)},
    )


def _ended_by(slots: Slots) -> str:
    return str(slots.get("ended_by") or "trainee")


def give_hint(slots: Slots) -> Step:
    if not _active(slots):
        return Step()
    return Step(slots={"hint": persona.hint(PeerState.from_dict(slots["peer_state"]))})


def set_mode(slots: Slots, text: str, mode: str | None) -> Step:
    chosen = mode if mode in commands.MODES else commands.find_mode(text)
    chosen = chosen or ("exam" if slots.get("mode") != "exam" else "coach")
    return Step(slots={"mode": chosen})


def set_difficulty(slots: Slots, text: str, difficulty: str | None) -> Step:
    chosen = difficulty if difficulty in commands.DIFFICULTIES else None
    chosen = chosen or commands.find_difficulty(text) or "standard"
    return Step(slots={"difficulty": chosen})


def out_of_role(slots: Slots) -> Step:
    """Pause the role-play; the resources (utter_out_of_role) follow by rule."""
    if slots.get("session_status") == "active":
        return Step(slots={"session_status": "paused"})
    return Step()
