"""Shared fixtures: Rasa SDK test doubles, and one pair of servers per session."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from tests.channels.fake_slack import FakeSlack
from tests.channels.settings import channel_credentials
from tests.servers import HOST, MODEL, RunningServers, free_port, start_servers

ROOT = Path(__file__).resolve().parent.parent

# Reports written by tests go to a throwaway database, never the developer's own.
os.environ.setdefault("PEER_PRACTICE_ID_KEY", "test-key-not-secret")


@pytest.fixture(autouse=True)
def _isolated_report_store(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch
) -> None:
    if "PEER_PRACTICE_DB_URL" not in os.environ:
        db = tmp_path_factory.getbasetemp() / "reports.db"
        monkeypatch.setenv("PEER_PRACTICE_DB_URL", f"sqlite:///{db}")


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    with (ROOT / "domain.yml").open() as handle:
        return yaml.safe_load(handle)


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


TrackerFactory = Callable[..., Tracker]


@pytest.fixture
def make_tracker(domain: Dict[str, Any]) -> TrackerFactory:
    """A tracker as the action server receives it, with the domain's initial slots."""

    def factory(
        text: str = "",
        intent: str = "",
        slots: Dict[str, Any] | None = None,
        entities: List[Dict[str, Any]] | None = None,
        sender_id: str = "trainee-1",
        turns: List[Dict[str, Any]] | None = None,
    ) -> Tracker:
        initial = {
            name: spec.get("initial_value") for name, spec in domain["slots"].items()
        }
        initial.update(slots or {})
        return Tracker.from_dict(
            {
                "sender_id": sender_id,
                "slots": initial,
                "latest_message": {
                    "text": text,
                    "intent": {"name": intent, "confidence": 0.9},
                    "entities": entities or [],
                },
                "events": [
                    # each earlier turn set the last_turn slot once
                    *(
                        {"event": "slot", "name": "last_turn", "value": t}
                        for t in turns or []
                    ),
                    {"event": "user", "text": text, "input_channel": "rest"},
                ],
                "paused": False,
                "followup_action": None,
                "active_loop": {},
                "latest_action_name": "action_listen",
            }
        )

    return factory


@pytest.fixture(scope="session")
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture(scope="session")
def servers(fake_slack: FakeSlack) -> Iterator[RunningServers]:
    """The action server and a Rasa server on free loopback ports, per session, with
    REST, the practice socket.io channel and Slack (against the fake Slack API)."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: `make test` trains it first (make train)")
    embed_port = free_port()
    channels = channel_credentials(fake_slack.base_url, f"http://{HOST}:{embed_port}")
    running = start_servers(credentials=channels)
    running.slack_api, running.embed_port = fake_slack.base_url, embed_port
    try:
        yield running
    finally:
        running.stop()
