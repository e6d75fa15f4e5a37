"""Each action with a real dispatcher and tracker (no servers): slots in, events out."""

from __future__ import annotations

import os
from typing import Any, Dict, List

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.meta import ActionHint, ActionSetDifficulty, ActionSetMode
from actions.peer import ActionOutOfRole, ActionPeerOpening, ActionPeerRespond
from actions.session import (
    ActionEndSession,
    ActionListScenarios,
    ActionSessionStart,
    ActionStartScenario,
)
from bot import persona
from bot.report import pseudonymise
from bot.report.store import shared_store

REFLECTION = "It sounds like you've been feeling really alone and worn down lately."
JUDGMENT = "Honestly you should stop whining, people like you just need to try harder."


def slot_values(events: List[Any]) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def followups(events: List[Any]) -> List[str]:
    return [e["name"] for e in events if e["event"] == "followup"]


@pytest.fixture
def scenario_id() -> str:
    return next(iter(persona.load_scenarios()))


@pytest.fixture
def started(make_tracker, domain, scenario_id) -> Dict[str, Any]:
    """Slot values right after a scenario started by button."""
    tracker = make_tracker(
        text=f'/start_scenario{{"scenario_id": "{scenario_id}"}}',
        intent="start_scenario",
        entities=[{"entity": "scenario_id", "value": scenario_id}],
    )
    events = ActionStartScenario().run(CollectingDispatcher(), tracker, domain)
    return slot_values(events)


def test_start_by_button_opens_a_session(started, scenario_id):
    assert started["start_result"] == "started"
    assert started["scenario_id"] == scenario_id
    assert started["session_status"] == "active"
    assert started["last_turn"] is None
    assert started["last_peer_line"].strip()
    assert 0 <= started["peer_state"]["trust"] <= 100


def test_start_by_typed_number_and_difficulty(make_tracker, dispatcher, domain):
    tracker = make_tracker(text="start 2 on hard", intent="start_scenario")
    slots = slot_values(ActionStartScenario().run(dispatcher, tracker, domain))
    assert slots["scenario_id"] == list(persona.load_scenarios())[1]
    assert slots["difficulty"] == "hard"


def test_start_of_unknown_scenario_says_so(make_tracker, dispatcher, domain):
    tracker = make_tracker(text="start the zzyzx one", intent="start_scenario")
    events = ActionStartScenario().run(dispatcher, tracker, domain)
    assert slot_values(events) == {"start_result": "unknown"}


def test_peer_opening_speaks_the_first_line(make_tracker, dispatcher, domain, started):
    tracker = make_tracker(slots=started)
    ActionPeerOpening().run(dispatcher, tracker, domain)
    assert [m["text"] for m in dispatcher.messages] == [started["last_peer_line"]]


def test_opening_after_unknown_scenario_shows_the_menu(
    make_tracker, dispatcher, domain
):
    tracker = make_tracker(slots={"start_result": "unknown"})
    ActionPeerOpening().run(dispatcher, tracker, domain)
    assert len(dispatcher.messages[0]["buttons"]) == len(persona.load_scenarios())


def test_list_scenarios_offers_every_scenario(make_tracker, dispatcher, domain):
    ActionListScenarios().run(dispatcher, make_tracker(intent="list_scenarios"), domain)
    (message,) = dispatcher.messages
    titles = [s.title for s in persona.load_scenarios().values()]
    assert [b["title"].split(". ", 1)[1] for b in message["buttons"]] == titles
    assert all(b["payload"].startswith("/start_scenario{") for b in message["buttons"])
    assert all(title in message["text"] for title in titles)


def test_validating_reply_gets_peer_then_coach(
    make_tracker, dispatcher, domain, started
):
    tracker = make_tracker(text=REFLECTION, intent="reflect_feeling", slots=started)
    events = ActionPeerRespond().run(dispatcher, tracker, domain)
    peer, coach = dispatcher.messages
    assert peer["text"] and peer["text"] != started["last_peer_line"]
    assert coach["custom"]["role"] == "coach"
    assert coach["custom"]["quote"] == REFLECTION
    assert coach["custom"]["good"], "a reflection of feeling earns praise"
    assert coach["custom"]["change"] == []
    slots = slot_values(events)
    assert slots["turn_count"] == 1
    entry = slots["last_turn"]
    assert entry["turn"] == 1 and entry["session_id"] == started["session_id"]
    assert entry["reply"] == REFLECTION and entry["move"] == "reflect_feeling"
    assert entry["score"]["validating"] is True
    assert slots["peer_state"]["trust"] > started["peer_state"]["trust"]
    assert slots["last_peer_line"] == peer["text"]


def test_judgmental_reply_is_quoted_with_a_rewrite(
    make_tracker, dispatcher, domain, started
):
    tracker = make_tracker(text=JUDGMENT, intent="judge_criticize", slots=started)
    events = ActionPeerRespond().run(dispatcher, tracker, domain)
    coach = dispatcher.messages[1]["custom"]
    categories = {change["category"] for change in coach["change"]}
    # one flag per span: "you should stop whining" is a directive or criticism
    assert "othering" in categories and categories & {"directive", "criticism"}
    for change in coach["change"]:
        assert JUDGMENT[change["start"] : change["end"]] == change["text"]
        assert change["rewrite"] and change["why"]
    assert slot_values(events)["peer_state"]["trust"] < started["peer_state"]["trust"]


def test_exam_mode_keeps_the_coach_quiet(make_tracker, dispatcher, domain, started):
    slots = {**started, "mode": "exam"}
    tracker = make_tracker(text=REFLECTION, intent="reflect_feeling", slots=slots)
    ActionPeerRespond().run(dispatcher, tracker, domain)
    (peer,) = dispatcher.messages
    assert peer["text"] and not peer.get("custom")


def test_in_role_message_without_session_shows_menu(make_tracker, dispatcher, domain):
    tracker = make_tracker(text="hey how are you", intent="greet")
    events = ActionPeerRespond().run(dispatcher, tracker, domain)
    assert followups(events) == ["utter_choose_scenario"]
    assert dispatcher.messages == []


def test_trainee_in_distress_steps_out_of_role(
    make_tracker, dispatcher, domain, started
):
    text = "ooc: sorry, this is hitting home. I've been thinking about killing myself."
    tracker = make_tracker(text=text, intent="reflect_feeling", slots=started)
    events = ActionPeerRespond().run(dispatcher, tracker, domain)
    assert followups(events) == ["action_out_of_role"]
    assert dispatcher.messages == [], "the peer must not answer in role"

    paused = ActionOutOfRole().run(
        dispatcher, make_tracker(text=text, slots=started), domain
    )
    assert slot_values(paused) == {"session_status": "paused"}


def test_peer_respond_after_pause_does_not_continue(
    make_tracker, dispatcher, domain, started
):
    slots = {**started, "session_status": "paused"}
    tracker = make_tracker(text=REFLECTION, intent="reflect_feeling", slots=slots)
    events = ActionPeerRespond().run(dispatcher, tracker, domain)
    assert followups(events) == ["utter_choose_scenario"]


def test_end_session_sends_the_report(make_tracker, dispatcher, domain, started):
    tracker = make_tracker(text=REFLECTION, intent="reflect_feeling", slots=started)
    played = slot_values(
        ActionPeerRespond().run(CollectingDispatcher(), tracker, domain)
    )
    tracker = make_tracker(
        text="end", intent="end_session", slots={**started, **played}
    )
    events = ActionEndSession().run(dispatcher, tracker, domain)
    (message,) = dispatcher.messages
    report = message["custom"]
    assert report["role"] == "report"
    assert report["session_id"] == started["session_id"]
    assert "<html" in report["html"].lower() and report["markdown"]
    assert message["text"] == report["summary"]
    assert slot_values(events) == {"session_status": "ended", "ended_by": "trainee"}


def test_end_without_session_only_lets_the_response_speak(
    make_tracker, dispatcher, domain
):
    events = ActionEndSession().run(dispatcher, make_tracker(text="end"), domain)
    assert events == [] and dispatcher.messages == []


def test_session_start_files_the_abandoned_session(
    make_tracker, dispatcher, domain, started
):
    tracker = make_tracker(slots=started, sender_id="idle-trainee")
    events = ActionSessionStart().run(dispatcher, tracker, domain)
    assert [e["event"] for e in events] == ["session_started", "action"]
    trainee = pseudonymise("rest", "idle-trainee", os.environ["PEER_PRACTICE_ID_KEY"])
    (stored,) = shared_store().list_sessions(trainee)
    assert stored.session_id == started["session_id"]
    assert stored.ended_by == "inactivity"


def test_hint_is_stored_for_the_response(make_tracker, dispatcher, domain, started):
    tracker = make_tracker(text="hint", intent="request_hint", slots=started)
    slots = slot_values(ActionHint().run(dispatcher, tracker, domain))
    assert slots["hint"].strip()


@pytest.mark.parametrize(
    "text,entity,expected",
    [
        ("exam mode please", None, "exam"),
        ("coach mode", None, "coach"),
        ("turn coaching off", None, "exam"),
        ("/set_mode", "exam", "exam"),
    ],
)
def test_set_mode(make_tracker, dispatcher, domain, text, entity, expected):
    entities = [{"entity": "mode", "value": entity}] if entity else []
    tracker = make_tracker(text=text, intent="set_mode", entities=entities)
    assert slot_values(ActionSetMode().run(dispatcher, tracker, domain)) == {
        "mode": expected
    }


@pytest.mark.parametrize(
    "text,expected",
    [
        ("difficulty hard", "hard"),
        ("make it easier", "easy"),
        ("normal please", "standard"),
    ],
)
def test_set_difficulty(make_tracker, dispatcher, domain, text, expected):
    tracker = make_tracker(text=text, intent="set_difficulty")
    events = ActionSetDifficulty().run(dispatcher, tracker, domain)
    assert slot_values(events) == {"difficulty": expected}
