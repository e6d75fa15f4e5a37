"""Where one Peer Practice turn spends its time, early and late in a session.

``python -m bench.breakdown`` starts the action and Rasa servers (like `make bench`),
plays one session, and at turn 1 and at the last turn times: the whole REST turn,
NLU alone (``/model/parse``), the action server alone (``action_peer_respond`` with
that turn's tracker), and reading the tracker; it also prints the tracker's size.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

import requests

from bench.load import PRACTICE_REPLIES
from bench.stack import start_ours
from bench.stats import latency_summary

logger = logging.getLogger(__name__)


def timed(call: Callable[[], Any], repeat: int) -> Dict[str, Any]:
    seconds: List[float] = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return latency_summary(seconds)


def probe(url: str, action_url: str, token: str, sender: str, repeat: int) -> dict:
    auth = {"token": token}
    tracker = requests.get(
        f"{url}/conversations/{sender}/tracker", params=auth, timeout=60
    ).json()
    domain = requests.get(
        f"{url}/domain", params=auth, headers={"Accept": "application/json"}, timeout=60
    ).json()
    reply = PRACTICE_REPLIES[0]
    action_body = {
        "next_action": "action_peer_respond",
        "sender_id": sender,
        "tracker": tracker,
        "domain": domain,
        "version": "3.6.21",
    }
    return {
        "events": len(tracker["events"]),
        "tracker_kib": round(len(json.dumps(tracker)) / 1024, 1),
        "nlu_parse": timed(
            lambda: requests.post(
                f"{url}/model/parse", params=auth, json={"text": reply}, timeout=60
            ),
            repeat,
        ),
        "action_server": timed(
            lambda: requests.post(action_url, json=action_body, timeout=60), repeat
        ),
        "read_tracker": timed(
            lambda: requests.get(
                f"{url}/conversations/{sender}/tracker", params=auth, timeout=60
            ),
            repeat,
        ),
    }


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.breakdown")
    parser.add_argument("--turns", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    running = start_ours(Path(tempfile.mkdtemp(prefix="peer-practice-breakdown-")))
    rasa = running.servers[-1]
    token = rasa.command[rasa.command.index("--auth-token") + 1]
    action_url = running.servers[0].ready_url.replace("/health", "/webhook")
    sender = "breakdown"
    results: Dict[str, Any] = {}
    try:
        requests.post(
            f"{running.url}/webhooks/rest/webhook",
            json={"sender": sender, "message": "start 1"},
            timeout=60,
        )
        for number in range(1, args.turns + 1):
            text = PRACTICE_REPLIES[(number - 1) % len(PRACTICE_REPLIES)]
            started = time.perf_counter()
            requests.post(
                f"{running.url}/webhooks/rest/webhook",
                json={"sender": sender, "message": text},
                timeout=60,
            )
            turn_ms = round((time.perf_counter() - started) * 1000, 1)
            if number in (1, args.turns):
                results[f"turn_{number}"] = {
                    "rest_turn_ms": turn_ms,
                    **probe(running.url, action_url, token, sender, args.repeat),
                }
    finally:
        running.stop()
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
