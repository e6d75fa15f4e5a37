"""The action server goes away: the trainee is told (never silence), nothing of the
session changes, and the turn is answered once the server is back.

The guarded REST channel (bot.connectors.practice_rest) is configured with a long
health-check cache here, so the first message after the stop still reaches Rasa and
fails inside the turn (the rollback path); later ones are held before Rasa.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Iterator, List

import pytest

from tests.scale import infra

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[infra.Pair]:
    workdir: Path = tmp_path_factory.mktemp("action-down")
    running = infra.start_pair(workdir, rest={"health_ttl": 60})
    try:
        yield running
    finally:
        running.servers.stop()


def say(pair: infra.Pair, sender: str, text: str) -> List[dict]:
    return pair.servers.say(sender, text)


def user_texts(tracker: dict) -> List[str]:
    """The trainee's messages that still count (after any rollback)."""
    texts: List[str] = []
    for event in tracker["events"]:
        if event["event"] == "user":
            texts.append(event.get("text"))
        elif event["event"] == "rewind":  # UserUtteranceReverted
            texts.pop()
    return texts


def test_turns_sent_while_the_action_server_is_down_are_answered_later(pair):
    sender = f"down-{secrets.token_hex(3)}"
    r = infra.REPLIES
    say(pair, sender, "start 1")
    assert infra.coach_quotes(say(pair, sender, r[0])) == [r[0]]

    pair.action.stop()
    during = [say(pair, sender, r[1]), say(pair, sender, r[2])]
    for messages in during:
        assert infra.notices(messages) == ["unavailable"], messages
        assert infra.roles(messages) == ["system"], "no peer line, no coach"
        assert "988" in messages[0]["text"], "safety resources while unattended"
    tracker = pair.servers.tracker(sender)
    assert tracker["slots"]["turn_count"] == 1, "nothing of the session changed"
    assert user_texts(tracker)[-1] == r[0], "the failed turn was rolled back"

    pair.restart_action()
    back = say(pair, sender, r[3])
    assert infra.notices(back) == ["replayed", "replayed"]
    assert infra.coach_quotes(back) == [r[1], r[2], r[3]], "in order, none lost"
    log = pair.servers.turn_log(sender)
    assert [entry["reply"] for entry in log] == r[:4]

    ended = say(pair, sender, "end")
    (report,) = [m["custom"] for m in ended if infra.roles([m]) == ["report"]]
    assert report["summary"]
    assert pair.servers.tracker(sender)["slots"]["turn_count"] == 4


def test_a_command_and_a_retyped_reply_while_down(pair):
    sender = f"down-retype-{secrets.token_hex(3)}"
    reply = infra.REPLIES[4]

    pair.action.stop()
    held = say(pair, sender, "start 2")
    assert infra.roles(held) == ["system"], "no half-made 'Starting ...' message"
    assert pair.servers.tracker(sender)["slots"]["session_status"] in (None, "none")
    pair.restart_action()
    started = say(pair, sender, "hello, I'm here to listen")
    assert infra.notices(started)[0] == "replayed"
    assert pair.servers.tracker(sender)["slots"]["session_status"] == "active"

    pair.action.stop()
    assert infra.notices(say(pair, sender, reply)) == ["unavailable"]
    pair.restart_action()
    again = say(pair, sender, reply)  # the trainee types it again
    assert infra.notices(again) == [], "answered once, not replayed"
    assert infra.coach_quotes(again) == [reply]
    log = pair.servers.turn_log(sender)
    assert [entry["reply"] for entry in log].count(reply) == 1
