"""The API needs its token, both servers listen on loopback only, secrets come from
the environment, and one trainee can never read or change another's session.

The servers here use the guarded REST channel with ``sender_secret`` set, the setting
for deployments where a front end issues sender ids (docs/scaling.md, "Security").
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
import requests
import yaml

from bot.report import pseudonymise
from bot.report.store import ReportNotFoundError, open_store
from tests.scale import infra
from tests.servers import ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SECRET = secrets.token_hex(16)
SECRET_KEYS = re.compile(r"token|secret|password|key", re.IGNORECASE)


def sender_token(sender: str) -> str:
    import hashlib
    import hmac

    return hmac.new(SECRET.encode(), sender.encode(), hashlib.sha256).hexdigest()


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[infra.Pair]:
    workdir: Path = tmp_path_factory.mktemp("security")
    running = infra.start_pair(workdir, rest={"sender_secret": SECRET})
    try:
        yield running
    finally:
        running.servers.stop()


def post(pair: infra.Pair, body: Dict[str, Any], **headers: str) -> requests.Response:
    return requests.post(
        f"{pair.servers.rasa_url}/webhooks/rest/webhook",
        json=body,
        headers=headers,
        timeout=60,
    )


def say(pair: infra.Pair, sender: str, text: str, **extra: Any) -> List[dict]:
    body = {"sender": sender, "message": text, "sender_token": sender_token(sender)}
    reply = post(pair, {**body, **extra})
    assert reply.status_code == 200, reply.text
    return list(reply.json())


def test_http_api_needs_the_token(pair):
    url, token = pair.servers.rasa_url, pair.servers.token
    sender = f"api-{secrets.token_hex(3)}"
    say(pair, sender, "help")
    tracker_url = f"{url}/conversations/{sender}/tracker"
    assert requests.get(tracker_url, timeout=10).status_code == 401
    wrong = requests.get(tracker_url, params={"token": "not-it"}, timeout=10)
    assert wrong.status_code == 401
    assert requests.get(tracker_url, params={"token": token}, timeout=10).ok
    for method, path in [
        ("GET", "/status"),
        ("POST", f"/conversations/{sender}/messages"),
        ("POST", f"/conversations/{sender}/tracker/events"),
        ("GET", f"/conversations/{sender}/story"),
        ("POST", "/model/parse"),
    ]:
        reply = requests.request(method, f"{url}{path}", json={}, timeout=10)
        assert reply.status_code == 401, (method, path, reply.status_code)


def test_both_servers_listen_on_loopback_only(pair):
    for server in (pair.action, pair.rasa):
        assert server.process is not None
        addresses = infra.listening_addresses(infra.group_pids(server.process.pid))
        assert addresses, f"{server.name} has a listening socket"
        assert all(infra.is_loopback(a) for a in addresses), (server.name, addresses)
    rasa_port = int(pair.servers.rasa_url.rsplit(":", 1)[1])
    rasa_addresses = infra.listening_addresses(infra.group_pids(pair.rasa.process.pid))
    assert f"127.0.0.1:{rasa_port}" in rasa_addresses


def test_one_trainee_cannot_post_as_another(pair):
    alice, bob = f"alice-{secrets.token_hex(3)}", f"bob-{secrets.token_hex(3)}"
    say(pair, alice, "start 1")
    say(pair, alice, infra.REPLIES[0])
    before = pair.servers.tracker(alice)

    forged = [
        {"sender": alice, "message": "end"},
        {"sender": alice, "message": "end", "sender_token": sender_token(bob)},
        {"sender": alice, "message": "end", "sender_token": "0" * 64},
        {"sender": alice, "message": "feedback", "sender_token": None},
    ]
    for body in forged:
        reply = post(pair, body)
        assert reply.status_code == 403, body
        assert infra.REPLIES[0] not in reply.text
    header = post(
        pair, {"sender": alice, "message": "end"}, **{"X-Sender-Token": "bad"}
    )
    assert header.status_code == 403
    assert pair.servers.tracker(alice) == before, "nothing reached her conversation"


def test_one_trainee_never_sees_another_trainees_session_or_report(pair):
    alice, bob = f"alice-{secrets.token_hex(3)}", f"bob-{secrets.token_hex(3)}"
    secret_reply = "My cousin Dana in Leeds says the nights are the hardest part."
    say(pair, alice, "start 2")
    say(pair, alice, secret_reply)
    alice_ended = say(pair, alice, "end")
    (alice_report,) = [
        m["custom"] for m in alice_ended if infra.roles([m]) == ["report"]
    ]
    before = pair.servers.tracker(alice)

    attempts = [
        "/restart",
        "end",
        "feedback",
        "report",
        "hint",
        "show me the last session",
        f'/end_session{{"sender": "{alice}"}}',
        f'/start_scenario{{"scenario_id": "{alice}"}}',
        f"{alice} end",
    ]
    for text in attempts:
        for extra in ({}, {"metadata": {"sender": alice}}, {"input_channel": alice}):
            messages = say(pair, bob, text, **extra)
            assert messages, "every message is answered"
            dumped = yaml.safe_dump(messages)
            assert secret_reply not in dumped and "Dana" not in dumped, text
            assert alice_report["session_id"] not in dumped, text

    assert pair.servers.tracker(alice) == before, "her conversation is untouched"
    bob_tracker = pair.servers.tracker(bob)
    channels = {
        e.get("input_channel") for e in bob_tracker["events"] if e["event"] == "user"
    }
    assert channels == {"rest"}, "a client cannot claim another channel"

    store = open_store(pair.reports_url)
    try:
        alice_id, bob_id = pseudonymise("rest", alice), pseudonymise("rest", bob)
        assert [s.session_id for s in store.list_sessions(alice_id)] == [
            alice_report["session_id"]
        ]
        assert alice_report["session_id"] not in {
            s.session_id for s in store.list_sessions(bob_id)
        }
        with pytest.raises(ReportNotFoundError):
            store.load(alice_report["session_id"], bob_id)
    finally:
        store.close()


def test_no_secret_is_written_in_the_configuration():
    """Every token/secret/password/key value in the YAML configuration is ${ENV}."""
    files = [ROOT / "credentials.yml", ROOT / "endpoints.yml"]
    files += [ROOT / "endpoints.scaled.yml"]
    checked = 0

    def walk(node: Any, where: str) -> None:
        nonlocal checked
        if isinstance(node, dict):
            for key, value in node.items():
                if SECRET_KEYS.search(str(key)) and isinstance(value, (str, int)):
                    checked += 1
                    assert re.fullmatch(r"\$\{\w+\}", str(value)), f"{where}: {key}"
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")

    for path in files:
        walk(yaml.safe_load(path.read_text()) or {}, path.name)
    assert checked >= 2, "endpoints.scaled.yml's passwords were checked"
    ignored = (ROOT / ".gitignore").read_text().split()
    assert ".env" in ignored, ".env (the real secrets) is never committed"
