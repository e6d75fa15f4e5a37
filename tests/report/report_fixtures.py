"""The scripted practice session of the report tests (a contract "Session" dict).

A module with a unique name (not conftest) so that test files can import it.
"""

from __future__ import annotations

import copy
from typing import Any, Dict, List

from bot.report import pseudonymise

TEST_KEY = "test-key-not-secret"
ALICE = pseudonymise("rest", "alice@example.org", TEST_KEY)
BOB = pseudonymise("rest", "bob@example.org", TEST_KEY)
CAROL = pseudonymise("slack", "U0CAROL", TEST_KEY)

SCRIPT_REPLY = "<script>alert('x')</script> It sounds like you're carrying this alone."

# Per turn: reply, OARS code, validation (v) and non-judgment (nj) scores, trust and
# layer after the turn, flags as (category, flagged words, rewrite), events.
# Numbers checked by hand in test_report_build.py.
SCRIPT: List[Dict[str, Any]] = [
    {
        "reply": "That sounds really hard. You're feeling overwhelmed.",
        "oars": "reflection_simple",
        "v": 70,
        "nj": 100,
        "trust": 35,
        "layer": 0,
    },
    {
        "reply": "What has this week been like for you?",
        "oars": "open_question",
        "v": 55,
        "nj": 100,
        "trust": 40,
        "layer": 1,
        "events": ["layer_unlocked:1"],
    },
    {
        "reply": "You should just talk to your boss.",
        "oars": "advice",
        "v": 10,
        "nj": 40,
        "trust": 30,
        "layer": 1,
        "flags": [
            ("directive", "You should", "Would it help to talk to your boss?"),
            ("advice", "talk to your boss", "Would it help to talk to your boss?"),
        ],
    },
    {
        "reply": SCRIPT_REPLY,
        "oars": "reflection_complex",
        "v": 85,
        "nj": 100,
        "trust": 45,
        "layer": 2,
        "events": ["layer_unlocked:2"],
    },
    {
        "reply": "At least you still have your job, right?",
        "oars": "closed_question",
        "v": 20,
        "nj": 50,
        "trust": 38,
        "layer": 2,
        "flags": [
            ("minimising", "At least", "Losing him and keeping the job going is a lot.")
        ],
    },
    {
        "reply": "So you've lost your dad, work's piling up, and nobody sees it.",
        "oars": "summary",
        "v": 90,
        "nj": 100,
        "trust": 55,
        "layer": 2,
    },
]


def _turn(number: int, spec: Dict[str, Any]) -> Dict[str, Any]:
    reply = spec["reply"]
    flags = [
        {
            "category": category,
            "start": reply.index(words),
            "end": reply.index(words) + len(words),
            "text": words,
            "rationale_key": f"{category}_default",
            "rewrite": rewrite,
        }
        for category, words, rewrite in spec.get("flags", [])
    ]
    return {
        "turn": number,
        "at": f"2026-11-20T10:0{number}:00Z",
        "reply": reply,
        "move": "reflect_feeling",
        "score": {
            "reply": reply,
            "validating": spec["v"] >= 50,
            "judgmental": bool(flags),
            "validation_score": spec["v"],
            "nonjudgment_score": spec["nj"],
            "emotional_reaction": 1,
            "interpretation": 1,
            "exploration": 0,
            "oars": spec["oars"],
            "flags": flags,
            "feelings_named": [],
            "feelings_in_context": [],
            "wrong_feeling": False,
            "strengths": [],
        },
        "peer_line_id": f"grief.line.{number}",
        "peer_text": f"Peer line {number}: you said '{reply[:12]}'",
        "state": {
            "trust": spec["trust"],
            "openness": 30 + number,
            "distress": 70 - number,
            "layer": spec["layer"],
        },
        "events": spec.get("events", []),
    }


def make_session(
    trainee: str = ALICE,
    session_id: str = "s-1",
    ended_at: str = "2026-11-20T10:30:00Z",
    scenario_id: str = "grief",
    script: List[Dict[str, Any]] | None = None,
) -> Dict[str, Any]:
    turns = [_turn(i, spec) for i, spec in enumerate(script or SCRIPT, start=1)]
    return {
        "session_id": session_id,
        "trainee": trainee,
        "scenario_id": scenario_id,
        "scenario_title": "Losing a parent",
        "difficulty": "standard",
        "mode": "coach",
        "started_at": "2026-11-20T10:00:00Z",
        "ended_at": ended_at,
        "ended_by": "trainee",
        "turns": copy.deepcopy(turns),
        "layers_total": 4,
        "layers_reached": 2,
        "competencies": [
            "samhsa:provides_support",
            "reflections",
            "samhsa:something_new",
            "Staying with someone after a disclosure",
        ],
        "crisis_steps": [],
    }
