"""Scripted trainees over every persona: empathic, judgmental and mixed."""

from __future__ import annotations

import pytest

from bot.persona import load_scenarios
from bot.persona.rules import HIGH_BAND_FROM
from tests.persona.helpers import EMPATHIC, JUDGMENTAL, cycle, line_ids, mixed, play

SCENARIOS = sorted(load_scenarios())
DIFFICULTIES = ("easy", "standard", "hard")


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_empathic_trainee_reaches_the_deepest_layer(
    scenario_id: str, difficulty: str
) -> None:
    scenario = load_scenarios()[scenario_id]
    outcomes = play(scenario_id, difficulty, cycle(EMPATHIC, 30))
    final = outcomes[-1].state
    assert final.layer == len(scenario.layers)
    assert final.trust >= HIGH_BAND_FROM + 15
    assert not final.left
    ids = line_ids(outcomes)
    # every layer was opened with its first line, in order
    firsts = [f"{scenario_id}.layer.{n}.1" for n in range(1, len(scenario.layers) + 1)]
    assert [i for i in ids if i in firsts] == firsts
    unlocked = [e for o in outcomes for e in o.events if e.startswith("layer_unlocked")]
    assert len(unlocked) == len(scenario.layers)
    assert not any(".withdrawal." in i or ".leaving." in i for i in ids)
    assert final.distress < outcomes[0].state.distress


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_judgmental_trainee_causes_withdrawal(
    scenario_id: str, difficulty: str
) -> None:
    outcomes = play(scenario_id, difficulty, cycle(JUDGMENTAL, 30))
    start, final = outcomes[0].state, outcomes[-1].state
    assert final.trust < start.trust
    assert final.trust < 15
    assert final.layer == 0
    assert final.distress > start.distress
    ids = line_ids(outcomes)
    events = {e for o in outcomes for e in o.events}
    assert any(".withdrawal." in i or ".leaving." in i for i in ids)
    assert "withdrew" in events or "left" in events
    if difficulty == "easy":
        assert not final.left  # the easy preset never leaves
        assert sum(".withdrawal." in i for i in ids) >= 3
    if difficulty == "hard":
        assert final.left
        assert any(".leaving." in i for i in ids)
        assert outcomes[-1].events == ["already_left"]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_mixed_trainee_lands_between(scenario_id: str) -> None:
    scenario = load_scenarios()[scenario_id]
    good = play(scenario_id, "standard", cycle(EMPATHIC, 30))[-1].state
    bad = play(scenario_id, "standard", cycle(JUDGMENTAL, 30))[-1].state
    outcomes = play(scenario_id, "standard", mixed(30))
    middle = outcomes[-1].state
    assert bad.trust < middle.trust < good.trust
    assert bad.layer <= middle.layer < len(scenario.layers) == good.layer
    assert not middle.left
    ids = line_ids(outcomes)
    events = {e for o in outcomes for e in o.events}
    assert "pushback" in events  # the slips were noticed...
    assert any(".layer." in i for i in ids)  # ...but the peer still opened up some
    assert not any(".leaving." in i for i in ids)


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_no_line_repeats_in_thirty_turns(scenario_id: str, difficulty: str) -> None:
    for script in (cycle(EMPATHIC, 30), cycle(JUDGMENTAL, 30), mixed(30)):
        outcomes = play(scenario_id, difficulty, script)
        ids = line_ids(outcomes)
        assert len(ids) == len(set(ids)) == 31
        spoken = [o.line.text for o in outcomes if ".silence." not in o.line.id]
        assert len(spoken) == len(set(spoken))
        assert all("{" not in o.line.text for o in outcomes)


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_the_peer_has_something_to_say_for_thirty_empathic_turns(
    scenario_id: str,
) -> None:
    outcomes = play(scenario_id, "easy", cycle(EMPATHIC, 30))
    assert not [o for o in outcomes if ".silence." in o.line.id]
