"""Slack practice channel against the running Rasa server and a fake Slack Web API.

Requests are signed with a test secret like Slack signs them; what the bot sends is
recorded by the fake API that the connector's ``base_url`` points at.
"""

from __future__ import annotations

import json
import time
from typing import Any, Dict, List

import pytest

from tests.channels.fake_slack import FakeSlack, SlackCall
from tests.channels.settings import SLACK_CHANNEL, SLACK_SECRET
from tests.channels.slack_events import SlackClient, channel_message, event_callback
from tests.servers import RunningServers

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

START = '/start_scenario{"scenario_id": "grief_widower"}'
SETTLE = 3.0  # seconds to wait before asserting that nothing was sent


@pytest.fixture(scope="module")
def slack(channel_servers: RunningServers) -> SlackClient:
    return SlackClient(
        f"{channel_servers.rasa_url}/webhooks/slack/webhook", SLACK_SECRET
    )


def posts(calls: List[SlackCall], **match: Any) -> List[Dict[str, Any]]:
    return [
        c.args
        for c in calls
        if c.method == "chat.postMessage"
        and all(c.args.get(k) == v for k, v in match.items())
    ]


def ephemerals(calls: List[SlackCall], **match: Any) -> List[Dict[str, Any]]:
    return [
        c.args
        for c in calls
        if c.method == "chat.postEphemeral"
        and all(c.args.get(k) == v for k, v in match.items())
    ]


def coach_like(args: Dict[str, Any]) -> bool:
    blob = json.dumps(args)
    return str(args.get("text", "")).startswith("Coach") or "only you can see" in blob


def start_thread(slack: SlackClient, fake: FakeSlack, user: str) -> str:
    """A top-level message in the practice channel starts a session in its thread."""
    event = channel_message(user, START, SLACK_CHANNEL)
    _, reply = slack.event(event)
    assert reply.status_code == 200
    root = event["ts"]
    fake.wait_for(lambda calls: len(posts(calls, thread_ts=root)) >= 2)
    return root


def say_in_thread(
    slack: SlackClient, fake: FakeSlack, user: str, root: str, text: str
) -> List[SlackCall]:
    before = len(ephemerals(fake.snapshot(), user=user, thread_ts=root))
    slack.event(channel_message(user, text, SLACK_CHANNEL, thread_ts=root))
    return fake.wait_for(
        lambda calls: len(ephemerals(calls, user=user, thread_ts=root)) > before
    )


def test_url_verification_needs_a_valid_signature(slack: SlackClient) -> None:
    challenge = {"type": "url_verification", "challenge": "abc123", "token": "t"}
    assert slack.post_json(challenge).json() == {"challenge": "abc123"}
    assert slack.post_json(challenge, secret="wrong-secret").status_code == 401


def test_forged_and_stale_requests_are_refused(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    calls_before = len(fake_slack.snapshot())
    forged = channel_message("UFORGE", START, SLACK_CHANNEL)
    assert (
        slack.post_json(event_callback(forged), secret="not-the-secret").status_code
        == 401
    )
    stale = channel_message("UFORGE", START, SLACK_CHANNEL)
    old = int(time.time()) - 10 * 60
    assert slack.post_json(event_callback(stale), timestamp=old).status_code == 401
    future = channel_message("UFORGE", START, SLACK_CHANNEL)
    ahead = int(time.time()) + 10 * 60
    assert slack.post_json(event_callback(future), timestamp=ahead).status_code == 401
    unsigned = slack.post_json(
        event_callback(forged), headers={"X-Slack-Signature": ""}
    )
    assert unsigned.status_code == 401
    time.sleep(SETTLE)
    assert len(fake_slack.snapshot()) == calls_before


def test_thread_session_peer_in_thread_coach_only_to_trainee(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    user = "UTHREAD1"
    root = start_thread(slack, fake_slack, user)
    calls = say_in_thread(
        slack,
        fake_slack,
        user,
        root,
        "It sounds like you've been really lonely since June died. What's that like?",
    )
    in_thread = posts(calls, thread_ts=root)
    assert all(post["channel"] == SLACK_CHANNEL for post in in_thread)
    assert len(in_thread) >= 3  # started + opening line + the peer's answer
    coach = ephemerals(calls, user=user, thread_ts=root)
    assert coach and all(c["channel"] == SLACK_CHANNEL for c in coach)
    assert "lonely" in json.dumps(coach[-1]["blocks"])  # the trainee's words, quoted
    # privacy: nothing coach-like was ever posted where the channel can see it
    assert not [post for post in posts(calls) if coach_like(post)]
    # every message the bot posted for this session stayed in its thread
    assert not [
        p
        for p in posts(calls, channel=SLACK_CHANNEL)
        if p.get("thread_ts") is None and user in json.dumps(p) and "metadata" not in p
    ]


def test_other_users_are_not_answered_in_someone_elses_thread(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    root = start_thread(slack, fake_slack, "UOWNER")
    count = len(posts(fake_slack.snapshot(), thread_ts=root))
    slack.event(
        channel_message(
            "UOTHER",
            "hey what about me",
            SLACK_CHANNEL,
            thread_ts=root,
            parent_user="UOWNER",
        )
    )
    calls = fake_slack.wait_for(lambda c: ephemerals(c, user="UOTHER"))
    notice = ephemerals(calls, user="UOTHER")[-1]
    assert notice["thread_ts"] == root and "someone else" in notice["text"]
    time.sleep(SETTLE)
    assert len(posts(fake_slack.snapshot(), thread_ts=root)) == count


def test_retries_and_duplicates_are_not_answered_twice(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    user = "URETRY"
    root = start_thread(slack, fake_slack, user)
    event = channel_message(
        user,
        "That sounds so hard. How are you sleeping?",
        SLACK_CHANNEL,
        thread_ts=root,
    )
    payload = event_callback(event)
    assert slack.post_json(payload).status_code == 200
    fake_slack.wait_for(lambda c: ephemerals(c, user=user, thread_ts=root))
    time.sleep(SETTLE)
    settled = len(posts(fake_slack.snapshot(), thread_ts=root))
    retry = slack.post_json(
        payload,
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    assert retry.status_code == 200 and retry.headers.get("X-Slack-No-Retry") == "1"
    assert slack.post_json(payload).status_code == 200  # same event id again
    mention = {**event, "type": "app_mention"}  # the same message as an app_mention
    assert slack.post_json(event_callback(mention)).status_code == 200
    time.sleep(SETTLE)
    assert len(posts(fake_slack.snapshot(), thread_ts=root)) == settled
    assert len(ephemerals(fake_slack.snapshot(), user=user, thread_ts=root)) == 1


def test_bot_messages_edits_and_joins_do_not_trigger_the_peer(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    user = "UEDIT"
    root = start_thread(slack, fake_slack, user)
    settled = len(fake_slack.snapshot())
    ignored = [
        channel_message(
            user, "a bot said this", SLACK_CHANNEL, thread_ts=root, bot_id="B0OTHER"
        ),
        channel_message("UBOT", "our own message", SLACK_CHANNEL, thread_ts=root),
        channel_message(user, "bot", SLACK_CHANNEL, subtype="bot_message"),
        {
            "type": "message",
            "subtype": "message_changed",
            "channel": SLACK_CHANNEL,
            "hidden": True,
            "ts": "1.0",
            "thread_ts": root,
            "message": {"type": "message", "user": user, "text": "edited", "ts": root},
        },
        {
            "type": "message",
            "subtype": "message_deleted",
            "channel": SLACK_CHANNEL,
            "hidden": True,
            "ts": "2.0",
            "deleted_ts": root,
        },
        channel_message(
            user,
            f"<@{user}> has joined the channel",
            SLACK_CHANNEL,
            subtype="channel_join",
        ),
        channel_message("UELSEWHERE", "not the practice channel", "C0RANDOM"),
    ]
    for event in ignored:
        assert slack.event(event)[1].status_code == 200
    time.sleep(SETTLE)
    assert len(fake_slack.snapshot()) == settled


def test_direct_message_session_keeps_coach_in_the_dm(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    user, dm = "UDM1", "D0DMUSER1"

    def dm_event(text: str) -> Dict[str, Any]:
        return {
            "type": "message",
            "channel": dm,
            "channel_type": "im",
            "user": user,
            "text": text,
            "ts": channel_message(user, "", dm)["ts"],
        }

    slack.event(dm_event(START))
    fake_slack.wait_for(lambda c: len(posts(c, channel=dm)) >= 2)
    before = len(posts(fake_slack.snapshot(), channel=dm))
    slack.event(dm_event("I'm sorry you're going through this. What's been hardest?"))
    calls = fake_slack.wait_for(
        lambda c: any(coach_like(p) for p in posts(c, channel=dm)[before:])
    )
    mine = posts(calls, channel=dm)
    assert all("thread_ts" not in post for post in mine)
    assert not ephemerals(calls, channel=dm)
    assert not [p for p in posts(calls) if user in json.dumps(p) and p["channel"] != dm]


def test_slash_command_and_buttons_start_and_end_a_session(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    user = "USLASH"
    assert slack.command(user, SLACK_CHANNEL).status_code == 200
    calls = fake_slack.wait_for(
        lambda c: any(
            p.get("metadata") and user in json.dumps(p["metadata"]) for p in posts(c)
        )
    )
    root_post = [
        p
        for p in posts(calls)
        if p.get("metadata") and user in json.dumps(p["metadata"])
    ][-1]
    root = next(
        ts
        for ts, m in fake_slack.messages.items()
        if m is not None
        and m.get("metadata") == root_post["metadata"]
        and m.get("text") == root_post["text"]
    )
    assert f"<@{user}>" in root_post["text"] and root_post["channel"] == SLACK_CHANNEL
    # the scenario menu arrives in the thread as buttons whose block ids name the owner
    calls = fake_slack.wait_for(
        lambda c: any(
            b.get("type") == "actions"
            for p in posts(c, thread_ts=root)
            for b in p.get("blocks") or []
        )
    )
    menu = [
        b
        for p in posts(calls, thread_ts=root)
        for b in p.get("blocks") or []
        if b.get("type") == "actions"
    ]
    button = menu[0]["elements"][0]
    assert menu[0]["block_id"].startswith(f"pp|{user}|{root}")
    # someone else clicking the trainee's button is refused
    slack.click(
        "UINTRUDER",
        SLACK_CHANNEL,
        button["value"],
        menu[0]["block_id"],
        message_ts=root,
        thread_ts=root,
    )
    fake_slack.wait_for(lambda c: ephemerals(c, user="UINTRUDER"))
    # the trainee's click starts the scenario in the thread
    count = len(posts(fake_slack.snapshot(), thread_ts=root))
    slack.click(
        user,
        SLACK_CHANNEL,
        button["value"],
        menu[0]["block_id"],
        message_ts=root,
        thread_ts=root,
    )
    fake_slack.wait_for(lambda c: len(posts(c, thread_ts=root)) >= count + 2)
    # a reply in the bot-started thread is the owner's (parent is the bot)
    slack.event(
        channel_message(
            user,
            "That sounds really painful.",
            SLACK_CHANNEL,
            thread_ts=root,
            parent_user="UBOT",
        )
    )
    fake_slack.wait_for(lambda c: ephemerals(c, user=user, thread_ts=root))
    # /practice end ends the latest session; the report goes to the trainee only
    assert slack.command(user, SLACK_CHANNEL, "end").status_code == 200
    calls = fake_slack.wait_for(
        lambda c: any(
            "report" in json.dumps(e).lower()
            for e in ephemerals(c, user=user, thread_ts=root)
        )
    )
    assert not [p for p in posts(calls) if "report · only you" in json.dumps(p)]

    # ...and the full HTML report arrives as a file in the trainee's own DM
    def uploaded(calls: List[SlackCall]) -> List[Dict[str, Any]]:
        return [
            c.args
            for c in calls
            if c.method == "files.completeUploadExternal"
            and c.args.get("channel_id") == f"D{user}"  # the trainee's own DM
        ]

    calls = fake_slack.wait_for(uploaded)
    assert [c.args for c in calls if c.method == "conversations.open"][-1] == {
        "users": user
    }
    assert all(
        c.args.get("channel_id", "").startswith("D")
        for c in calls
        if c.method == "files.completeUploadExternal"
    ), "report files never go to the practice channel"
    contents = [c.args["content"] for c in calls if c.method.startswith("F")]
    assert contents and "<html" in contents[-1].lower()


def test_thread_owner_is_read_from_the_root_message_metadata(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    # a root message the bot posted before a restart: only its metadata names the owner
    root = "1700000000.000777"
    fake_slack.messages[root] = {
        "channel": SLACK_CHANNEL,
        "ts": root,
        "text": "practice thread",
        "metadata": {
            "event_type": "peer_practice_session",
            "event_payload": {"owner": "UEARLIER"},
        },
    }
    slack.event(
        channel_message(
            "USTRANGER", "hello?", SLACK_CHANNEL, thread_ts=root, parent_user="UBOT"
        )
    )
    calls = fake_slack.wait_for(lambda c: ephemerals(c, user="USTRANGER"))
    assert any(c.method == "conversations.history" for c in calls)
    assert not posts(calls, thread_ts=root)


def test_threads_in_other_channels_are_not_practice_threads(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    # the app is in #random (someone mentioned it once); people talk in a thread there
    settled = [c for c in fake_slack.snapshot() if c.method != "conversations.history"]
    root = channel_message("UCHAT", "lunch?", "C0RANDOM")["ts"]
    for _ in range(2):
        reply = channel_message("UCHAT", "sure", "C0RANDOM", thread_ts=root)
        assert slack.event(reply)[1].status_code == 200
    time.sleep(SETTLE)
    calls = [c for c in fake_slack.snapshot() if c.method != "conversations.history"]
    assert calls == settled
    lookups = [
        c
        for c in fake_slack.snapshot()
        if c.method == "conversations.history" and c.args.get("latest") == root
    ]
    assert len(lookups) == 1  # looked up once, then remembered


def test_slash_command_in_a_dm_answers_in_the_dm(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    user, dm = "UDMSLASH", "D0DMSLASH"
    assert slack.command(user, dm, "start walter").status_code == 200
    calls = fake_slack.wait_for(lambda c: len(posts(c, channel=dm)) >= 2)
    assert all("thread_ts" not in post for post in posts(calls, channel=dm))
    assert not [p for p in posts(calls) if p.get("metadata") and user in json.dumps(p)]
