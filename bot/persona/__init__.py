"""The simulated peer: scenarios from YAML, a hidden state, and one line per turn.

Public API (see docs/contracts.md and README.md in this folder)::

    load_scenarios(directory=None) -> dict[str, Scenario]
    start_session(scenario_id, difficulty="standard") -> TurnOutcome
    next_turn(state, turn_input) -> TurnOutcome
    hint(state) -> str
    bot.persona.safety.trainee_in_distress(text) -> bool
"""

from bot.persona.engine import hint, next_turn, start_session
from bot.persona.loader import (
    ScenarioError,
    UnknownScenarioError,
    get_scenario,
    load_scenarios,
)
from bot.persona.schema import CRISIS_STEPS, DIFFICULTIES, MOVES, Scenario
from bot.persona.types import PeerLine, PeerState, TurnInput, TurnOutcome

__all__ = [
    "CRISIS_STEPS",
    "DIFFICULTIES",
    "MOVES",
    "PeerLine",
    "PeerState",
    "Scenario",
    "ScenarioError",
    "TurnInput",
    "TurnOutcome",
    "UnknownScenarioError",
    "get_scenario",
    "hint",
    "load_scenarios",
    "next_turn",
    "start_session",
]
