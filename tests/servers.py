"""Start and stop real action and Rasa servers on free loopback ports for tests.

Loading the Rasa model takes a while, so tests share one pair per session (see the
``servers`` fixture); tests of restarts and replicas start their own with these classes.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List

import requests
import yaml

from bot.practice.step import turns_from_events

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "peer-practice.tar.gz"
HOST = "127.0.0.1"


# In-role replies that keep a Peer Practice session going (validating, no judgment).
PRACTICE_REPLIES = [
    "It sounds like the quiet at home is really heavy right now.",
    "What has the last week been like for you?",
    "That makes a lot of sense, anyone would feel worn out carrying that.",
    "I'm really glad you told me, that took courage.",
    "You said nobody calls anymore. That sounds lonely.",
    "How have you been getting through the evenings?",
    "It makes sense that you'd feel unsure about what comes next.",
    "Thank you for trusting me with this.",
    "What would help, even a little, this week?",
    "You've been carrying a lot on your own.",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


class Server:
    """One server process and its log; ``start`` returns once ``ready_url`` answers."""

    def __init__(
        self, name: str, command: List[str], env: Dict[str, str], ready_url: str
    ):
        self.name, self.command, self.env, self.ready_url = (
            name,
            command,
            env,
            ready_url,
        )
        self.log_path = Path(tempfile.mkstemp(prefix=f"{name}-", suffix=".log")[1])
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 300) -> Server:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.log_tail()}")
            try:
                urllib.request.urlopen(self.ready_url, timeout=1)
                return self
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"{self.name} not ready in {timeout}s:\n{self.log_tail()}")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(
            self.log_path.read_text(errors="replace").splitlines()[-lines:]
        )


def action_server(port: int) -> Server:
    env = {**os.environ, "SANIC_HOST": HOST}
    command = [
        str(ROOT / ".venv-actions/bin/python"),
        "-m",
        "rasa_sdk",
        "--actions",
        "actions",
        "--port",
        str(port),
    ]
    return Server("actions", command, env, f"http://{HOST}:{port}/health")


def rasa_server(
    port: int,
    endpoints: Path,
    credentials: Path,
    token: str,
    env: dict | None = None,
) -> Server:
    command = [
        str(ROOT / ".venv/bin/rasa"),
        "run",
        "--model",
        str(MODEL),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(credentials),
        "--interface",
        HOST,
        "--port",
        str(port),
        "--enable-api",
        "--auth-token",
        token,
        "--cors",
        f"http://{HOST}:{port}",
    ]
    return Server(
        "rasa", command, {**os.environ, **(env or {})}, f"http://{HOST}:{port}/"
    )


def sqlite_endpoints(
    workdir: Path, action_port: int, tracker_db: Path | None = None
) -> Path:
    """endpoints.yml: one action server and a SQLite tracker store (as `make run`)."""
    return write_yaml(
        {
            "action_endpoint": {"url": f"http://{HOST}:{action_port}/webhook"},
            "tracker_store": {
                "type": "SQL",
                "dialect": "sqlite",
                "db": str(tracker_db or workdir / "tracker.db"),
            },
        },
        workdir,
        "endpoints.yml",
    )


def turn_log(tracker: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The turn log of a tracker fetched over the HTTP API (see turns_from_events)."""
    return turns_from_events(tracker["events"], tracker["slots"].get("session_id"))


def write_yaml(data: Dict[str, Any], directory: Path, name: str) -> Path:
    path = directory / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@dataclass
class RunningServers:
    rasa_url: str
    action_url: str
    token: str
    workdir: Path
    credentials: Path
    processes: List[Server] = field(default_factory=list)
    slack_api: str = ""  # the fake Slack Web API the Slack connector talks to, if any
    embed_port: int = 0  # a site on 127.0.0.1:embed_port may embed rasa-webchat

    def say(self, sender: str, message: str) -> List[Dict[str, Any]]:
        """One REST turn; the list of bot messages."""
        response = requests.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=60,
        )
        response.raise_for_status()
        return list(response.json())

    def tracker(self, sender: str) -> Dict[str, Any]:
        response = requests.get(
            f"{self.rasa_url}/conversations/{sender}/tracker",
            params={"token": self.token},
            timeout=30,
        )
        response.raise_for_status()
        return dict(response.json())

    def turn_log(self, sender: str) -> List[Dict[str, Any]]:
        """The current practice session's turns, as the actions read them."""
        return turn_log(self.tracker(sender))

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()


def start_servers(
    credentials: Dict[str, Any] | None = None, tracker_db: Path | None = None
) -> RunningServers:
    """An action server and a Rasa server with a fresh SQLite tracker store."""
    workdir = Path(tempfile.mkdtemp(prefix="peer-practice-e2e-"))
    action_port, rasa_port = free_port(), free_port()
    token = secrets.token_hex(16)  # urlsafe ones may start with "-": argparse rejects
    endpoints = sqlite_endpoints(workdir, action_port, tracker_db)
    channels = yaml.safe_load((ROOT / "credentials.yml").read_text()) or {}
    channels.update(credentials or {})
    credentials_path = write_yaml(channels, workdir, "credentials.yml")
    actions = action_server(action_port).start()
    try:
        rasa = rasa_server(rasa_port, endpoints, credentials_path, token).start()
    except Exception:
        actions.stop()
        raise
    return RunningServers(
        rasa_url=f"http://{HOST}:{rasa_port}",
        action_url=f"http://{HOST}:{action_port}",
        token=token,
        workdir=workdir,
        credentials=credentials_path,
        processes=[actions, rasa],
    )
