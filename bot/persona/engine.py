"""The peer's turn: update the hidden state, unlock layers, choose a line.

Pure functions of (scenario file, state, trainee turn): the same inputs give the same
outcome. See README.md for the rules in words.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import List, Tuple

from bot.persona import crisis, rules
from bot.persona.lines import pick, pick_first, render, seed, silence
from bot.persona.loader import get_scenario
from bot.persona.schema import DIFFICULTIES, MOVES, Scenario
from bot.persona.types import PeerLine, PeerState, TurnInput, TurnOutcome
from bot.persona.words import fragment

logger = logging.getLogger(__name__)

OPENNESS_MARGIN = 15  # a layer also needs openness >= threshold - this
KEEP_TELLING_FROM = 30  # openness needed to go on telling the current layer
REFLECTIVE = frozenset({"reflect_feeling", "reflect_content", "summarize"})
ADJACENT = {
    "low": ("low", "mid"),
    "mid": ("mid", "low", "high"),
    "high": ("high", "mid"),
}


def start_session(
    scenario_id: str, difficulty: str = "standard", directory: Path | None = None
) -> TurnOutcome:
    """A fresh state from the difficulty preset, and the peer's opening line."""
    scenario = get_scenario(scenario_id, directory)
    preset = scenario.preset(difficulty)
    state = PeerState(
        scenario_id=scenario.id,
        difficulty=difficulty,
        trust=preset.trust,
        openness=preset.openness,
        distress=preset.distress,
    )
    line = pick(scenario, state, "opening") or silence(scenario, state)
    state.used_lines.append(line.id)
    return TurnOutcome(state=state, line=line, events=["session_started"])


def next_turn(
    state: PeerState, turn: TurnInput, directory: Path | None = None
) -> TurnOutcome:
    """The peer's reaction to one trainee turn; ``state`` itself is not modified."""
    scenario = get_scenario(state.scenario_id, directory)
    new = PeerState.from_dict(state.to_dict())
    if new.difficulty not in DIFFICULTIES:
        logger.warning("unknown difficulty %r, using standard", new.difficulty)
        new.difficulty = "standard"
    preset = scenario.preset(new.difficulty)
    new.turn += 1
    if new.left:
        return _finish(new, silence(scenario, new), ["already_left"])

    move = turn.move if turn.move in MOVES else "out_of_scope"
    new.last_trainee_words = fragment(turn.text) or None
    delta = rules.scale(rules.raw_delta(move, turn, state.trust), preset)
    new.trust, new.openness, new.distress = rules.apply(
        new.trust, new.openness, new.distress, delta
    )
    new.strikes = new.strikes + 1 if turn.judgmental else 0
    events: List[str] = []
    if move == "goodbye":
        events.append("trainee_goodbye")

    steps = crisis.detect(scenario, new, move, turn)
    for step in steps:
        new.crisis_steps.append(step)
        events.append(f"crisis_step:{step}")
        bonus = rules.scale(rules.Delta(*rules.CRISIS_STEP_EFFECT), preset)
        new.trust, new.openness, new.distress = rules.apply(
            new.trust, new.openness, new.distress, bonus
        )

    if _leaves(scenario, new, turn):
        new.left = True
        events.append("left")
        keys = ["leaving", "withdrawal", "fallback"]
        line = pick_first(scenario, new, keys) or silence(scenario, new)
        return _finish(new, line, events)

    line, more = _respond(scenario, new, move, turn, steps, state.trust)
    return _finish(new, line, events + more)


def hint(state: PeerState, directory: Path | None = None) -> str:
    """What a good next reply would address (from the file), not the reply itself."""
    scenario = get_scenario(state.scenario_id, directory)
    if state.left:
        return scenario.hints.left
    plan = scenario.crisis
    if plan is not None and state.layer >= plan.disclosure_layer - 1:
        if "asked_directly" not in state.crisis_steps:
            return plan.steps.asked_directly.hint
        if state.layer >= plan.disclosure_layer:
            for name in ("stayed_with", "explored_safety", "connected_resources"):
                if name not in state.crisis_steps:
                    return str(getattr(plan.steps, name).hint)
    difficulty = state.difficulty if state.difficulty in DIFFICULTIES else "standard"
    start = scenario.preset(difficulty).trust
    if state.strikes > 0 or (state.turn > 0 and state.trust < start):
        return scenario.hints.low_trust
    if state.layer == 0:
        return scenario.hints.surface
    return scenario.layers[state.layer - 1].hint


def _leaves(scenario: Scenario, state: PeerState, turn: TurnInput) -> bool:
    preset = scenario.preset(state.difficulty)
    if not (turn.judgmental and preset.can_leave):
        return False
    if state.trust <= preset.leave_at:
        return True
    hurtful = set(turn.flag_categories) & set(preset.leave_on_flags)
    return bool(hurtful) and rules.band(state.trust) != "high"


def _respond(
    scenario: Scenario,
    state: PeerState,
    move: str,
    turn: TurnInput,
    steps: List[str],
    trust_before: int,
) -> Tuple[PeerLine, List[str]]:
    events: List[str] = []
    asking = not turn.judgmental and crisis.asks_directly(scenario, move, turn)
    if asking and state.layer < _disclosure_layer(scenario):
        if _unlock_by_asking(scenario, state):
            line = pick(scenario, state, "crisis.asked_directly", ordered=True)
            line = line or pick(scenario, state, f"layer.{state.layer}", ordered=True)
            if line is not None:
                return line, [f"layer_unlocked:{state.layer}"]
        else:
            line = pick(scenario, state, "crisis.deflect")
            if line is not None:
                return line, ["deflected"]
    if steps:
        line = pick(scenario, state, f"crisis.{steps[-1]}", ordered=True)
        if line is not None:
            return line, events

    if turn.judgmental:
        return _judged(scenario, state, move, turn, trust_before)

    if _unlock_by_trust(scenario, state):
        events.append(f"layer_unlocked:{state.layer}")
        line = pick(scenario, state, f"layer.{state.layer}", ordered=True)
        if line is not None:
            return line, events

    band = rules.band(state.trust)
    keys: List[str] = []
    draw = seed(scenario.id, state.difficulty, state.turn, "callback")
    warm = band != "low" and state.last_trainee_words
    if move in REFLECTIVE and warm and draw % 4 == 0:
        keys.append("callback.warm")
    if (
        move in rules.DEEPENING_MOVES
        and state.layer > 0
        and band != "low"
        and state.openness >= KEEP_TELLING_FROM
    ):
        keys.append(f"layer.{state.layer}")
    keys += [f"react.{move}.{near}" for near in ADJACENT[band]]
    return _first(scenario, state, keys, events)


def _judged(
    scenario: Scenario,
    state: PeerState,
    move: str,
    turn: TurnInput,
    trust_before: int,
) -> Tuple[PeerLine, List[str]]:
    """Pushback (the peer answers the judgment) or withdrawal (the peer closes up)."""
    band = rules.band(state.trust)
    worst = rules.worst_flag(list(turn.flag_categories))
    flag_keys = [f"flag.{worst}"] if worst else []
    move_keys = [f"react.{move}.{near}" for near in ADJACENT[band]]
    severe = worst in rules.SEVERE_FLAGS and rules.band(trust_before) == "low"
    if state.trust < rules.WITHDRAW_BELOW or state.strikes >= 2 or severe:
        keys = ["withdrawal"] + flag_keys + move_keys + ["pushback"]
        return _first(scenario, state, keys, ["withdrew"])
    keys = []
    draw = seed(scenario.id, state.difficulty, state.turn, "sharp")
    if state.last_trainee_words and draw % 3 == 0:
        keys.append("callback.sharp")
    keys += flag_keys + move_keys + ["pushback"]
    return _first(scenario, state, keys, ["pushback"])


def _first(
    scenario: Scenario, state: PeerState, keys: List[str], events: List[str]
) -> Tuple[PeerLine, List[str]]:
    for key in keys + ["fallback"]:
        ordered = key.startswith("layer.")
        line = pick(scenario, state, key, ordered=ordered)
        if line is not None:
            if key.startswith("callback."):
                events = events + ["callback"]
            if key == "fallback":
                events = events + ["fallback"]
            return line, events
    logger.info("%s: every pool used up at turn %d", scenario.id, state.turn)
    return silence(scenario, state), events + ["exhausted"]


def _disclosure_layer(scenario: Scenario) -> int:
    return scenario.crisis.disclosure_layer if scenario.crisis else 0


def _unlock_by_asking(scenario: Scenario, state: PeerState) -> bool:
    if crisis.can_unlock_by_asking(scenario, state):
        state.layer += 1
        return True
    return False


def _unlock_by_trust(scenario: Scenario, state: PeerState) -> bool:
    """Open the next layer (one per turn) when trust and openness are high enough."""
    if state.layer >= len(scenario.layers):
        return False
    threshold = scenario.layers[state.layer].threshold
    if state.trust >= threshold and state.openness >= threshold - OPENNESS_MARGIN:
        state.layer += 1
        return True
    return False


def _finish(state: PeerState, line: PeerLine, events: List[str]) -> TurnOutcome:
    state.used_lines.append(line.id)
    return TurnOutcome(
        state=state, line=render(line, state.last_trainee_words), events=events
    )
