"""Fixtures for the channel tests: a fake Slack Web API and one pair of servers whose
credentials enable the practice socket.io and Slack connectors.

Until tests/conftest.py's ``servers`` can take extra credentials and environment, this
starts its own pair with the building blocks of tests/servers.py.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from tests.channels.fake_slack import FakeSlack
from tests.servers import (
    HOST,
    MODEL,
    ROOT,
    RunningServers,
    action_server,
    free_port,
    rasa_server,
    write_yaml,
)

SLACK_SECRET = "test-signing-secret-not-real"
SLACK_TOKEN = "xoxb-test-token"
SLACK_CHANNEL = "C0PRACTICE"
SLACK_BOT_USER = "UBOT"
SOCKET_CONNECTOR = "bot.connectors.practice_socketio.PracticeSocketIOInput"
SLACK_CONNECTOR = "bot.connectors.practice_slack.PracticeSlackInput"


@dataclass
class ChannelServers(RunningServers):
    slack_api: str = ""
    embed_port: int = 0  # a site on 127.0.0.1:embed_port may embed rasa-webchat


def channel_credentials(slack_api: str, embed_origin: str) -> dict:
    return {
        "rest": None,
        SOCKET_CONNECTOR: {
            "session_persistence": True,
            "cors_allowed_origins": [embed_origin],
        },
        SLACK_CONNECTOR: {
            "slack_token": SLACK_TOKEN,
            "slack_signing_secret": SLACK_SECRET,
            "slack_channel": SLACK_CHANNEL,
            "bot_user_id": SLACK_BOT_USER,
            "base_url": slack_api,
        },
    }


@pytest.fixture(scope="session")
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture(scope="session")
def channel_servers(fake_slack: FakeSlack) -> Iterator[ChannelServers]:
    """Action server + Rasa server with REST, practice socket.io and practice Slack."""
    if not MODEL.exists():
        pytest.skip(f"{MODEL.relative_to(ROOT)} is missing: run `make train` first")
    workdir = Path(tempfile.mkdtemp(prefix="peer-practice-channels-"))
    action_port, rasa_port, embed_port = free_port(), free_port(), free_port()
    token = secrets.token_urlsafe(16)
    endpoints = write_yaml(
        {
            "action_endpoint": {"url": f"http://{HOST}:{action_port}/webhook"},
            "tracker_store": {
                "type": "SQL",
                "dialect": "sqlite",
                "db": str(workdir / "tracker.db"),
            },
        },
        workdir,
        "endpoints.yml",
    )
    credentials = write_yaml(
        channel_credentials(fake_slack.base_url, f"http://{HOST}:{embed_port}"),
        workdir,
        "credentials.yml",
    )
    # Rasa imports the connectors from bot/connectors: the repo must be on its path.
    python_path = os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])
    )
    actions = action_server(action_port).start()
    try:
        rasa = rasa_server(
            rasa_port, endpoints, credentials, token, env={"PYTHONPATH": python_path}
        ).start()
    except Exception:
        actions.stop()
        raise
    running = ChannelServers(
        rasa_url=f"http://{HOST}:{rasa_port}",
        action_url=f"http://{HOST}:{action_port}",
        token=token,
        workdir=workdir,
        credentials=credentials,
        processes=[actions, rasa],
        slack_api=fake_slack.base_url,
        embed_port=embed_port,
    )
    try:
        yield running
    finally:
        running.stop()
        shutil.rmtree(workdir, ignore_errors=True)
