"""A real conversation over REST against running action and Rasa servers."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

import pytest
import requests

from bot import persona
from tests.servers import turn_log

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def split(messages: List[Dict[str, Any]]) -> Tuple[List[str], List[Dict[str, Any]]]:
    """Plain texts, and the custom payloads (coach/report) that came with them."""
    customs = [m["custom"] for m in messages if m.get("custom")]
    coach_texts = {c.get("text") for c in customs} | {c.get("summary") for c in customs}
    texts = [
        m["text"] for m in messages if m.get("text") and m["text"] not in coach_texts
    ]
    return texts, customs


def test_six_turn_conversation_with_coach(servers):
    sender = "e2e-trainee"
    scenario = persona.load_scenarios()[list(persona.load_scenarios())[0]]

    texts, _ = split(servers.say(sender, "start 1"))
    assert scenario.title in texts[0], "the app announces the scenario"
    opening = texts[-1]
    assert opening and opening != texts[0], "the peer speaks first"

    turns = [
        ("hi, I'm Alex, one of the peer supporters here", None),
        (
            "It sounds like you've been feeling really alone since all this started.",
            True,
        ),
        ("What has the last week been like for you?", True),
        (
            "You should just stop feeling sorry for yourself, "
            "people like you always do this.",
            False,
        ),
        (
            "That makes a lot of sense. "
            "Anyone carrying that much would feel exhausted.",
            True,
        ),
        ("I really appreciate you telling me this, it took courage.", True),
    ]
    peer_lines = [opening]
    for reply, validating in turns:
        messages = servers.say(sender, reply)
        texts, customs = split(messages)
        coaches = [c for c in customs if c.get("role") == "coach"]
        assert len(coaches) == 1 and len(texts) == 1, messages
        (coach,), (peer,) = (coaches, texts)
        assert peer not in peer_lines, "the peer does not repeat itself"
        peer_lines.append(peer)
        assert coach["quote"] == reply
        assert 0 <= coach["trust"] <= 100
        if validating is True:
            assert coach["good"] and not coach["change"], reply
        if validating is False:
            categories = {change["category"] for change in coach["change"]}
            # one flag per span: "You should just stop…" is a directive or criticism
            assert "othering" in categories and categories & {"directive", "criticism"}
            for change in coach["change"]:
                assert reply[change["start"] : change["end"]] == change["text"]
                assert change["rewrite"]

    texts, customs = split(servers.say(sender, "end session"))
    (report,) = [c for c in customs if c.get("role") == "report"]
    assert report["summary"] and "<html" in report["html"].lower()
    assert any("Session ended" in text for text in texts)

    tracker = servers.tracker(sender)
    assert tracker["slots"]["turn_count"] == 6
    assert tracker["slots"]["session_status"] == "ended"
    assert [turn["reply"] for turn in turn_log(tracker)] == [r for r, _ in turns]


def test_http_api_needs_the_token(servers):
    response = requests.get(
        f"{servers.rasa_url}/conversations/anyone/tracker", timeout=10
    )
    assert response.status_code == 401


def test_commands_work_over_rest(servers):
    sender = "e2e-commands"
    texts, _ = split(servers.say(sender, "help"))
    assert "hint" in texts[0] and "end" in texts[0]
    messages = servers.say(sender, "scenarios")
    buttons = [b for m in messages for b in m.get("buttons", [])]
    assert len(buttons) == len(persona.load_scenarios())
    servers.say(sender, buttons[-1]["payload"])
    texts, _ = split(servers.say(sender, "hint"))
    assert texts[0].startswith("Hint:")
    texts, _ = split(servers.say(sender, "exam mode"))
    assert "Exam mode" in texts[0]
    texts, customs = split(
        servers.say(sender, "That sounds incredibly painful, I'm glad you told me.")
    )
    assert len(texts) == 1 and not customs, "exam mode: the peer answers, no coach"
    texts, _ = split(servers.say(sender, "feedback"))
    assert "exam mode" in texts[0]


def test_out_of_role_distress_pauses_with_resources(servers):
    sender = "e2e-distress"
    servers.say(sender, "start 1")
    texts, customs = split(
        servers.say(sender, "(out of character) honestly I want to kill myself lately")
    )
    assert any("988" in text for text in texts)
    assert not customs, "no coach and no peer line while out of role"
    assert servers.tracker(sender)["slots"]["session_status"] == "paused"
