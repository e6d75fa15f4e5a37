"""REST load: sequential sessions and many sessions at once, timed per turn."""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Dict, List

import requests

from bench.progress import Progress
from bench.stats import latency_summary
from tests.servers import PRACTICE_REPLIES

logger = logging.getLogger(__name__)

# What a user says to the stock `rasa init` bot (its intents: greet, mood, bot ...).
STOCK_MESSAGES = [
    "hello",
    "I am feeling sad",
    "yes",
    "that was great, thanks",
    "no",
    "are you a bot?",
    "I'm happy",
    "goodbye",
]


@dataclass(frozen=True)
class Script:
    """What one session sends: ``opening`` (turn 0) then turns 1..n."""

    opening: Callable[[int], List[str]]
    turn: Callable[[int], str]


PRACTICE = Script(
    opening=lambda session: [f"start {session % 9 + 1}"],
    turn=lambda n: PRACTICE_REPLIES[(n - 1) % len(PRACTICE_REPLIES)],
)
STOCK = Script(
    opening=lambda session: [],
    turn=lambda n: STOCK_MESSAGES[(n - 1) % len(STOCK_MESSAGES)],
)


@dataclass
class Turn:
    turn: int
    seconds: float
    ok: bool  # HTTP 200 with a JSON list: the server handled it
    answered: bool  # ... and at least one bot message with text


def one_turn(http: requests.Session, url: str, sender: str, text: str) -> Turn:
    started = time.perf_counter()
    ok = answered = False
    try:
        reply = http.post(
            f"{url}/webhooks/rest/webhook",
            json={"sender": sender, "message": text},
            timeout=180,
        )
        messages = reply.json() if reply.status_code == 200 else None
        ok = isinstance(messages, list)
        answered = ok and any(m.get("text") for m in messages)
    except (requests.RequestException, ValueError):
        logger.exception("turn failed for %s", sender)
    return Turn(0, time.perf_counter() - started, ok, answered)


def run_session(
    url: str, script: Script, sender: str, index: int, turns: int, bar: Progress
) -> List[Turn]:
    results: List[Turn] = []
    with requests.Session() as http:
        for text in script.opening(index):
            results.append(one_turn(http, url, sender, text))
            bar.advance()
        for number in range(1, turns + 1):
            result = one_turn(http, url, sender, script.turn(number))
            result.turn = number
            results.append(result)
            bar.advance()
    return results


def summarise(results: List[Turn], wall: float, turns: int) -> Dict[str, Any]:
    def seconds(selected: List[Turn]) -> List[float]:
        return [r.seconds for r in selected if r.ok]

    return {
        "requests": len(results),
        "errors": sum(not r.ok for r in results),
        "unanswered": sum(r.ok and not r.answered for r in results),
        "wall_s": round(wall, 2),
        "turns_per_s": round(len(results) / wall, 2) if wall else None,
        "latency": latency_summary(seconds(results)),
        "turn_1": latency_summary(seconds([r for r in results if r.turn == 1])),
        f"turn_{turns}": latency_summary(
            seconds([r for r in results if r.turn == turns])
        ),
    }


def sequential(
    url: str, script: Script, tag: str, sessions: int, turns: int, bar: Progress
) -> Dict[str, Any]:
    started = time.perf_counter()
    results: List[Turn] = []
    for index in range(sessions):
        sender = f"bench-{tag}-seq-{index}"
        results += run_session(url, script, sender, index, turns, bar)
    return summarise(results, time.perf_counter() - started, turns)


def concurrent(
    url: str, script: Script, tag: str, sessions: int, turns: int, bar: Progress
) -> Dict[str, Any]:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=sessions) as pool:
        batches = list(
            pool.map(
                lambda index: run_session(
                    url, script, f"bench-{tag}-c{sessions}-{index}", index, turns, bar
                ),
                range(sessions),
            )
        )
    results = [turn for batch in batches for turn in batch]
    summary = summarise(results, time.perf_counter() - started, turns)
    summary["sessions"] = sessions
    return summary
