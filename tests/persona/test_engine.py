"""The engine's contract: sessions, state round-trips, lines, hints, difficulty."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.persona import (
    PeerState,
    UnknownScenarioError,
    hint,
    load_scenarios,
    next_turn,
    start_session,
)
from bot.persona.rules import band
from tests.persona.helpers import EMPATHIC, JUDGMENTAL, cycle, play, turn

ID = re.compile(r"^[a-z_]+\.[a-z_]+(\.[a-z_0-9]+)*\.\d+$")


def test_start_session_uses_the_preset_and_an_opening_line() -> None:
    scenario = load_scenarios()["grief_widower"]
    for difficulty in ("easy", "standard", "hard"):
        outcome = start_session("grief_widower", difficulty)
        preset = scenario.preset(difficulty)
        state = outcome.state
        assert (state.trust, state.openness, state.distress) == (
            preset.trust,
            preset.openness,
            preset.distress,
        )
        assert outcome.line.id.startswith("grief_widower.opening.")
        assert state.used_lines == [outcome.line.id]
        assert outcome.events == ["session_started"]


def test_unknown_scenario_and_difficulty() -> None:
    with pytest.raises(UnknownScenarioError, match="nobody"):
        start_session("nobody", "standard")
    with pytest.raises(ValueError, match="unknown difficulty"):
        start_session("grief_widower", "nightmare")


def test_next_turn_does_not_modify_its_input() -> None:
    opening = start_session("relapse_shame", "standard")
    before = json.dumps(opening.state.to_dict(), sort_keys=True)
    next_turn(opening.state, turn(EMPATHIC[1]))
    assert json.dumps(opening.state.to_dict(), sort_keys=True) == before


def test_state_round_trips_through_json_slots() -> None:
    outcome = start_session("eviction_stress", "standard")
    direct = outcome
    for step in cycle(EMPATHIC, 12):
        slot = json.loads(json.dumps(outcome.state.to_dict()))
        outcome = next_turn(PeerState.from_dict(slot), turn(step))
        direct = next_turn(direct.state, turn(step))
        assert outcome.line == direct.line
    assert outcome.state == direct.state


def test_from_dict_ignores_unknown_keys_and_defaults_new_fields() -> None:
    data = start_session("grief_widower", "easy").state.to_dict()
    data.pop("strikes")
    data["future_field"] = 1
    state = PeerState.from_dict(data)
    assert state.strikes == 0


def test_line_ids_are_stable_and_well_formed() -> None:
    outcomes = play("hearing_voices", "standard", cycle(EMPATHIC + JUDGMENTAL, 30))
    for outcome in outcomes:
        assert ID.match(outcome.line.id), outcome.line.id
        assert outcome.line.text


def test_unknown_move_is_out_of_scope() -> None:
    opening = start_session("grief_widower", "standard")
    step = ("nlu_fallback", "what's the capital of Peru", 50, 100, False, False, ())
    outcome = next_turn(opening.state, turn(step))
    assert ".react.out_of_scope." in outcome.line.id


def test_difficulty_changes_how_fast_trust_moves() -> None:
    def trust_after(difficulty: str, steps: list) -> int:
        outcome = start_session("after_discharge", difficulty)
        start = outcome.state.trust
        for step in steps:
            outcome = next_turn(outcome.state, turn(step))
        return outcome.state.trust - start

    good = cycle(EMPATHIC, 4)
    assert trust_after("easy", good) > trust_after("standard", good)
    assert trust_after("standard", good) > trust_after("hard", good)
    bad = [JUDGMENTAL[3]]  # one minimising remark
    assert trust_after("easy", bad) > trust_after("standard", bad)
    assert trust_after("standard", bad) > trust_after("hard", bad)


def test_severe_flags_hurt_more_than_mild_ones() -> None:
    opening = start_session("veteran_nightmares", "easy")

    def drop(flags: tuple) -> int:
        step = ("judge_criticize", "text here", 30, 40, False, True, flags)
        return opening.state.trust - next_turn(opening.state, turn(step)).state.trust

    assert drop(("intimidation",)) > drop(("label",)) > drop(("criticism",))
    assert drop(("criticism",)) > drop(("directive",))


def test_hard_preset_leaves_on_othering_below_high_trust() -> None:
    opening = start_session("eviction_stress", "hard")
    step = ("judge_criticize", "People like you", 40, 60, False, True, ("othering",))
    outcome = next_turn(opening.state, turn(step))
    assert outcome.state.left
    assert "left" in outcome.events
    assert ".leaving." in outcome.line.id
    after = next_turn(outcome.state, turn(EMPATHIC[1]))
    assert after.events == ["already_left"]
    assert ".silence." in after.line.id
    assert after.state.trust == outcome.state.trust


def test_pushback_at_middle_trust_quotes_or_names_the_judgment() -> None:
    outcome = start_session("relapse_shame", "easy")
    for step in cycle(EMPATHIC, 6):
        outcome = next_turn(outcome.state, turn(step))
    assert band(outcome.state.trust) in ("mid", "high")
    slip = ("judge_criticize", "you're an alcoholic", 20, 40, False, True, ("label",))
    outcome = next_turn(outcome.state, turn(slip))
    assert "pushback" in outcome.events
    assert re.search(
        r"\.(flag\.label|callback\.sharp|react\.judge_criticize)\.", (outcome.line.id)
    )


def test_callbacks_quote_the_trainee() -> None:
    outcomes = play("grief_widower", "standard", cycle(EMPATHIC, 30))
    callbacks = [o for o in outcomes if "callback" in o.events]
    assert callbacks
    for outcome in callbacks:
        words = outcome.state.last_trainee_words
        assert words and words in outcome.line.text
        assert "{" not in outcome.line.text
        assert band(outcome.state.trust) != "low"


def test_hint_is_from_the_file_and_follows_the_state() -> None:
    scenario = load_scenarios()["after_discharge"]
    outcomes = play("after_discharge", "standard", cycle(EMPATHIC, 30))
    assert hint(outcomes[0].state) == scenario.hints.surface
    layer_hints = {layer.hint for layer in scenario.layers}
    for outcome in outcomes[1:]:
        text = hint(outcome.state)
        if outcome.state.layer:
            assert text in layer_hints
    bad = play("after_discharge", "easy", cycle(JUDGMENTAL, 3))
    assert hint(bad[-1].state) == scenario.hints.low_trust
    gone = play("after_discharge", "hard", cycle(JUDGMENTAL, 3))
    assert hint(gone[-1].state) == scenario.hints.left


def test_exhausted_pools_fall_back_to_silence(tmp_path: Path) -> None:
    outcome = start_session("grief_widower", "easy")
    for _ in range(200):
        outcome = next_turn(outcome.state, turn(JUDGMENTAL[0]))
    assert outcome.line.id == f"grief_widower.silence.{outcome.state.turn}"
    assert "exhausted" in outcome.events
    ids = outcome.state.used_lines
    assert len(ids) == len(set(ids))
