"""1,000 generated inputs through the guarded REST channel against running servers.

Every input gets an answer (HTTP 200, at least one message with text), nothing
crashes (both servers still up, no action failed), and a trainee who is not part of
the sweep finds their session exactly as it was.
"""

from __future__ import annotations

import secrets
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator, List

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.strategies import reply_texts
from tests.scale import infra

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

FUZZ_PREFIX = f"fuzz-{secrets.token_hex(2)}"
# Senders rotate every few examples: sessions stay short (a long one's tracker makes
# every turn slower), and several examples still share one conversation.
TURNS_PER_SENDER = 12
BAD_NOTICES = {"failed", "unavailable"}  # an action raised, or the server went away


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[infra.Pair]:
    workdir: Path = tmp_path_factory.mktemp("fuzz")
    running = infra.start_pair(workdir)
    try:
        yield running
    finally:
        running.servers.stop()


def post(url: str, sender: str, text: str) -> List[dict]:
    reply = requests.post(
        f"{url}/webhooks/rest/webhook",
        json={"sender": sender, "message": text},  # lone surrogates go as \\udXXX
        timeout=120,
    )
    assert reply.status_code == 200, (text[:80], reply.status_code, reply.text[:300])
    return list(reply.json())


def test_every_generated_input_gets_an_answer_and_nothing_leaks(pair):
    url = pair.servers.rasa_url
    bystander = f"bystander-{secrets.token_hex(3)}"
    infra.say(url, bystander, "start 1")
    infra.say(url, bystander, infra.REPLIES[0])
    before = pair.servers.tracker(bystander)
    answered = 0
    bad: List[str] = []

    @settings(
        max_examples=1_000,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        text=reply_texts(),
        lane=st.integers(0, 2),
        # Rasa polls a busy conversation's lock once a second, so a burst costs
        # seconds: a few here, and a bigger burst in its own test below.
        repeats=st.sampled_from([1] * 24 + [2]),
    )
    def sweep(text: str, lane: int, repeats: int) -> None:
        nonlocal answered
        sender = f"{FUZZ_PREFIX}-{lane}-{answered // TURNS_PER_SENDER}"
        if repeats == 1:
            answers = [post(url, sender, text)]
        else:  # the same message, fast, several times at once
            with ThreadPoolExecutor(max_workers=repeats) as pool:
                answers = list(
                    pool.map(lambda _: post(url, sender, text), range(repeats))
                )
        for messages in answers:
            assert any(m.get("text") for m in messages), (text[:80], messages)
            bad.extend(set(infra.notices(messages)) & BAD_NOTICES)
            if len(text) > 2_000:
                assert "truncated" in infra.notices(messages)
        answered += len(answers)

    sweep()

    assert answered >= 1_000
    assert not bad, f"actions failed during the sweep: {bad[:5]}"
    for server in (pair.action, pair.rasa):
        assert server.process is not None and server.process.poll() is None
    assert "Encountered an exception while running action" not in (
        pair.rasa.log_path.read_text(errors="replace")
    )
    assert pair.servers.tracker(bystander) == before, "the bystander is untouched"
    follow_up = infra.say(url, bystander, infra.REPLIES[1])
    assert infra.coach_quotes(follow_up) == [infra.REPLIES[1]]
    assert pair.servers.tracker(bystander)["slots"]["turn_count"] == 2


def test_a_burst_of_the_same_reply_is_answered_every_time(pair):
    sender = f"burst-{secrets.token_hex(3)}"
    url = pair.servers.rasa_url
    infra.say(url, sender, "start 4")
    reply = infra.REPLIES[2]
    with ThreadPoolExecutor(max_workers=5) as pool:
        answers = list(pool.map(lambda _: post(url, sender, reply), range(5)))
    assert all(infra.coach_quotes(messages) == [reply] for messages in answers)
    log = pair.servers.turn_log(sender)
    assert [entry["turn"] for entry in log] == [1, 2, 3, 4, 5], "one turn each"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[1, 2, 3]",
        b'{"message": "no sender"}',
        b'{"sender": 42, "message": "hi"}',
        b'{"sender": "a\\u0000b", "message": "hi"}',
        b'{"sender": "\\ud800", "message": "hi"}',
        b'{"sender": "' + b"x" * 300 + b'", "message": "hi"}',
        b"\xff\xfe\x00garbage",
    ],
)
def test_malformed_requests_get_a_json_error_not_a_crash(pair, body: bytes):
    reply = requests.post(
        f"{pair.servers.rasa_url}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert reply.status_code == 400, reply.text
    assert reply.json()["error"]
    assert pair.rasa.process is not None and pair.rasa.process.poll() is None


def test_non_string_messages_are_answered(pair):
    sender = f"types-{secrets.token_hex(3)}"
    for message in (None, 42, 3.5, True, ["a", "b"], {"text": "hi"}):
        reply = requests.post(
            f"{pair.servers.rasa_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=30,
        )
        assert reply.status_code == 200
        assert any(m.get("text") for m in reply.json()), message
