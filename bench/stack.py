"""Start a bot's servers, time the cold start to the first reply, read their memory."""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List

import requests

from bench.stats import rss_mib
from bench.stock_bot import RASA, StockBot, rasa_env
from tests.servers import (
    HOST,
    ROOT,
    Server,
    action_server,
    free_port,
    rasa_server,
    sqlite_endpoints,
)

logger = logging.getLogger(__name__)


@dataclass
class Stack:
    name: str
    url: str
    cold_start_s: float
    servers: List[Server] = field(default_factory=list)

    def memory(self) -> Dict[str, Dict[str, float]]:
        return {
            server.name: rss_mib(server.process.pid)
            for server in self.servers
            if server.process is not None and server.process.poll() is None
        }

    def stop(self) -> None:
        for server in reversed(self.servers):
            server.stop()


def first_reply(url: str, messages: List[str], timeout: float = 600) -> None:
    """Send ``messages`` in one new conversation until the last one is answered."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sender = f"cold-{secrets.token_hex(3)}"
        try:
            for message in messages:
                reply = requests.post(
                    f"{url}/webhooks/rest/webhook",
                    json={"sender": sender, "message": message},
                    timeout=120,
                )
            if reply.ok and any(m.get("text") for m in reply.json()):
                return
        except (requests.RequestException, ValueError):
            logger.debug("no reply yet from %s", url)
        time.sleep(0.1)
    raise RuntimeError(f"no reply from {url} in {timeout}s")


def timed_start(
    name: str, rasa: Server, url: str, messages: List[str], others: List[Server]
) -> Stack:
    started = time.monotonic()
    try:
        rasa.start(timeout=600)
        first_reply(url, messages)
    except Exception:
        for server in [rasa, *others]:
            server.stop()
        raise
    return Stack(name, url, time.monotonic() - started, [*others, rasa])


def start_ours(workdir: Path) -> Stack:
    """Action server, then `rasa run` (cached model, SQLite tracker store, like
    `make run`); the cold start is `rasa run` to the first in-role reply answered
    (which includes the action server loading the scorer on first use)."""
    action_port, rasa_port = free_port(), free_port()
    endpoints = sqlite_endpoints(workdir, action_port)
    actions = action_server(action_port)
    actions.env = {**actions.env, "PEER_PRACTICE_DB_URL": f"sqlite:///{workdir}/r.db"}
    actions.env.setdefault("PEER_PRACTICE_ID_KEY", "bench-key-not-secret")
    actions.start()
    rasa = rasa_server(
        rasa_port,
        endpoints,
        ROOT / "credentials.yml",
        secrets.token_hex(16),
        env={"RASA_TELEMETRY_ENABLED": "false"},
    )
    url = f"http://{HOST}:{rasa_port}"
    # Ready to practise: a scenario started and the first reply scored and answered.
    first = ["start 1", "It sounds like the quiet is really heavy."]
    return timed_start("peer-practice", rasa, url, first, [actions])


def start_stock(bot: StockBot, workdir: Path) -> Stack:
    port = free_port()
    command = [
        str(RASA),
        "run",
        "--model",
        str(bot.model),
        "--endpoints",
        str(bot.project / "endpoints.yml"),
        "--credentials",
        str(bot.project / "credentials.yml"),
        "--interface",
        HOST,
        "--port",
        str(port),
        "--enable-api",
        "--auth-token",
        secrets.token_hex(16),
    ]
    url = f"http://{HOST}:{port}"
    server = Server("stock-rasa", command, rasa_env(workdir / "cache"), f"{url}/")
    return timed_start("stock", server, url, ["hello"], [])
