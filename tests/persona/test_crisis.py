"""The crisis scenario records asked_directly, stayed_with, explored_safety and
connected_resources, and gives the trainee room to take each step."""

from __future__ import annotations

import re
from typing import List

from bot.persona import (
    CRISIS_STEPS,
    TurnOutcome,
    hint,
    load_scenarios,
    next_turn,
    start_session,
)
from tests.persona.helpers import EMPATHIC, Step, cycle, turn

CRISIS = "crisis_hopeless"
ASK = (
    "ask_about_safety",
    "Sam, are you thinking about suicide?",
    70,
    98,
    True,
    False,
    (),
)
STAY = (
    "reflect_feeling",
    "Thank you for telling me. I'm here with you.",
    90,
    98,
    True,
    False,
    (),
)
SAFETY = (
    "ask_about_safety",
    "Are you safe tonight? Do you have a plan?",
    70,
    98,
    True,
    False,
    (),
)
CONNECT = (
    "offer_resources",
    "Could we text 988 together while I stay with you?",
    75,
    95,
    True,
    False,
    (),
)


def run(steps: List[Step], difficulty: str = "standard") -> List[TurnOutcome]:
    outcomes = [start_session(CRISIS, difficulty)]
    for step in steps:
        outcomes.append(next_turn(outcomes[-1].state, turn(step)))
    return outcomes


def until_layer(layer: int) -> List[TurnOutcome]:
    outcomes = [start_session(CRISIS, "standard")]
    for step in cycle(EMPATHIC, 30):
        if outcomes[-1].state.layer >= layer:
            break
        outcomes.append(next_turn(outcomes[-1].state, turn(step)))
    return outcomes


def test_all_four_steps_are_recorded_in_order() -> None:
    warm = until_layer(2)
    state = warm[-1].state
    assert state.layer == 2
    assert hint(state) == load_scenarios()[CRISIS].crisis.steps.asked_directly.hint
    outcomes = [warm[-1]]
    for step in (ASK, STAY, SAFETY, CONNECT):
        outcomes.append(next_turn(outcomes[-1].state, turn(step)))
    final = outcomes[-1].state
    assert final.crisis_steps == list(CRISIS_STEPS)
    ids = [o.line.id for o in outcomes[1:]]
    assert ids == [f"{CRISIS}.crisis.{step}.1" for step in CRISIS_STEPS]
    # the direct question opened the disclosure layer
    assert "layer_unlocked:3" in outcomes[1].events
    assert final.layer >= 3
    events = [e for o in outcomes for e in o.events]
    for step in CRISIS_STEPS:
        assert f"crisis_step:{step}" in events
    assert final.distress < state.distress


def test_asking_too_early_is_deflected_but_still_counts() -> None:
    outcomes = run([ASK])
    assert "deflected" in outcomes[-1].events
    assert ".crisis.deflect." in outcomes[-1].line.id
    assert outcomes[-1].state.crisis_steps == ["asked_directly"]
    assert outcomes[-1].state.layer == 0


def test_safety_and_resources_count_only_after_the_disclosure() -> None:
    outcomes = run([SAFETY, CONNECT])
    assert outcomes[-1].state.crisis_steps == []


def test_disclosure_by_trust_alone_then_steps() -> None:
    warm = until_layer(3)
    assert warm[-1].state.layer == 3
    assert ".layer.3.1" in warm[-1].line.id
    state = warm[-1].state
    assert hint(state) == load_scenarios()[CRISIS].crisis.steps.asked_directly.hint
    after = next_turn(state, turn(STAY))
    assert after.state.crisis_steps == ["stayed_with"]


def test_a_judgmental_reply_is_not_staying_with_them() -> None:
    warm = until_layer(3)
    judged = (
        "reflect_feeling",
        "I'm here with you, but suicide is selfish",
        30,
        20,
        False,
        True,
        ("moralising", "criticism"),
    )
    after = next_turn(warm[-1].state, turn(judged))
    assert "stayed_with" not in after.state.crisis_steps


def test_other_scenarios_never_record_crisis_steps() -> None:
    outcome = start_session("grief_widower", "standard")
    outcome = next_turn(outcome.state, turn(ASK))
    assert ".react.ask_about_safety." in outcome.line.id
    for step in cycle([ASK, STAY, SAFETY, CONNECT], 12):
        outcome = next_turn(outcome.state, turn(step))
    assert outcome.state.crisis_steps == []


def test_lines_follow_safe_messaging() -> None:
    """No means or method of suicide or self-harm in any persona's lines."""
    banned = re.compile(
        r"\b(pills?|overdos\w*|guns?|firearms?|rope|jump\w*|bridges?|razors?|"
        r"hang(ed|ing)? (my|him|her|them)sel\w+|methods?|noose|poison\w*)\b",
        re.IGNORECASE,
    )
    for scenario in load_scenarios().values():
        for key in scenario.pool_keys():
            for line in scenario.pool(key):
                assert not banned.search(line.text), line.id


def test_a_judgmental_direct_question_does_not_open_up() -> None:
    warm = until_layer(2)
    harsh = (
        "ask_about_safety",
        "You're not going to do something stupid like kill yourself, are you?",
        20,
        30,
        False,
        True,
        ("criticism",),
    )
    after = next_turn(warm[-1].state, turn(harsh))
    assert after.state.crisis_steps == []
    assert after.state.layer == 2
    assert "pushback" in after.events or "withdrew" in after.events
