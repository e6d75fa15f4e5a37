"""Property tests: the state stays in range; the same inputs give the same session."""

from __future__ import annotations

from typing import List

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.persona import (
    MOVES,
    PeerState,
    TurnInput,
    TurnOutcome,
    load_scenarios,
    next_turn,
    start_session,
)
from bot.persona.schema import FLAG_CATEGORIES, PLACEHOLDER

SCENARIO_IDS = sorted(load_scenarios())

turn_inputs = st.builds(
    TurnInput,
    move=st.sampled_from(list(MOVES) + ["nlu_fallback", ""]),
    text=st.text(max_size=120),
    validation_score=st.integers(-20, 130),
    nonjudgment_score=st.integers(-20, 130),
    validating=st.booleans(),
    judgmental=st.booleans(),
    oars=st.sampled_from(["open_question", "reflection_complex", "other"]),
    flag_categories=st.lists(
        st.sampled_from(list(FLAG_CATEGORIES) + ["unknown"]), max_size=3
    ),
    feelings_named=st.lists(st.sampled_from(["sad", "angry"]), max_size=2),
    wrong_feeling=st.booleans(),
)
sessions = st.tuples(
    st.sampled_from(SCENARIO_IDS),
    st.sampled_from(["easy", "standard", "hard"]),
    st.lists(turn_inputs, min_size=1, max_size=35),
)


def spoken_texts(scenario_id: str, state: PeerState) -> set:
    """Every text the peer could say: file lines (quotes filled in) and silence."""
    scenario = load_scenarios()[scenario_id]
    words = state.last_trainee_words or ""
    texts = {scenario.silence}
    for key in scenario.pool_keys():
        texts |= {line.text.replace(PLACEHOLDER, words) for line in scenario.pool(key)}
    return texts


def run(scenario_id: str, difficulty: str, turns: List[TurnInput]) -> List[TurnOutcome]:
    outcomes = [start_session(scenario_id, difficulty)]
    for item in turns:
        outcomes.append(next_turn(outcomes[-1].state, item))
    return outcomes


@settings(max_examples=150, deadline=None)
@given(sessions)
def test_state_stays_in_range(session: tuple) -> None:
    scenario_id, difficulty, turns = session
    layers = len(load_scenarios()[scenario_id].layers)
    outcomes = run(scenario_id, difficulty, turns)
    for number, outcome in enumerate(outcomes):
        state = outcome.state
        for value in (state.trust, state.openness, state.distress):
            assert 0 <= value <= 100
        assert 0 <= state.layer <= layers
        assert state.turn == number
        assert len(state.used_lines) == len(set(state.used_lines)) == number + 1
        assert outcome.line.id == state.used_lines[-1]
        assert "{" not in outcome.line.text
        assert outcome.line.text in spoken_texts(scenario_id, state)
        assert len(state.crisis_steps) == len(set(state.crisis_steps))
    layers_seen = [o.state.layer for o in outcomes]
    assert layers_seen == sorted(layers_seen)  # disclosures are never taken back


@settings(max_examples=60, deadline=None)
@given(sessions)
def test_same_inputs_same_session(session: tuple) -> None:
    scenario_id, difficulty, turns = session
    first = run(scenario_id, difficulty, turns)
    second = run(scenario_id, difficulty, turns)
    assert [o.line for o in first] == [o.line for o in second]
    assert [o.state for o in first] == [o.state for o in second]
    assert [o.events for o in first] == [o.events for o in second]
