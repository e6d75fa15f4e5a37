"""Two Rasa replicas sharing a PostgreSQL tracker store and a Redis lock store.

The scaled-out profile is ``endpoints.scaled.yml`` (docs/scaling.md). Each replica has
its own action server, so these tests also show that the action servers keep nothing
in memory. A fresh PostgreSQL database and a unique Redis key prefix per module.
"""

from __future__ import annotations

import secrets
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List, Set

import pytest

from bot.report import pseudonymise
from bot.report.store import open_store
from tests.scale import infra
from tests.servers import HOST, Server, free_port, rasa_server, turn_log, write_yaml

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@dataclass
class Cluster:
    database: str
    prefix: str
    redis: infra.Redis
    token: str
    actions: List[Server]
    replicas: List[Server]
    urls: List[str]

    def say(self, replica: int, sender: str, text: str) -> List[dict]:
        return infra.say(self.urls[replica], sender, text)

    def tracker(self, replica: int, sender: str) -> dict:
        return infra.tracker(self.urls[replica], self.token, sender)

    def stored_reports(self, sender: str) -> list:
        store = open_store(infra.postgres_url(self.database))
        try:
            trainee = pseudonymise("rest", sender)
            return [
                store.load(summary.session_id, trainee)
                for summary in store.list_sessions(trainee)
            ]
        finally:
            store.close()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    redis = infra.redis_or_skip()
    prefix = f"pptest{secrets.token_hex(4)}"  # Rasa ignores a non-alphanumeric one
    with infra.fresh_postgres_database() as database:
        workdir: Path = tmp_path_factory.mktemp("cluster")
        credentials = write_yaml(infra.practice_credentials(), workdir, "creds.yml")
        token = secrets.token_hex(16)
        reports = infra.report_env(infra.postgres_url(database))
        started: List[Server] = []
        try:
            actions = []
            for _ in range(2):
                actions.append(infra.start_action(free_port(), reports))
                started.append(actions[-1])
            replicas, urls = [], []
            # One after the other: the first creates the tracker store's tables.
            for action in actions:
                port = free_port()
                env = infra.scaled_env(
                    database, prefix, action.ready_url.replace("/health", "/webhook")
                )
                replica = rasa_server(
                    port, infra.SCALED_ENDPOINTS, credentials, token, env
                )
                started.append(replica)
                replicas.append(replica.start())
                urls.append(f"http://{HOST}:{port}")
            yield Cluster(database, prefix, redis, token, actions, replicas, urls)
        finally:
            for server in reversed(started):
                server.stop()
            redis.delete_prefix(prefix)


def replies_in_log(tracker: dict) -> List[str]:
    return [entry["reply"] for entry in turn_log(tracker)]


def test_turns_alternating_between_replicas_keep_state_and_report(cluster):
    sender = f"alternating-{secrets.token_hex(3)}"
    opening = cluster.say(0, sender, "start 1")
    assert infra.roles(opening)[-1] == "peer", opening

    replies = infra.REPLIES[:6]
    for number, reply in enumerate(replies, start=1):
        replica = number % 2  # 1, 0, 1, 0, ...
        messages = cluster.say(replica, sender, reply)
        assert infra.coach_quotes(messages) == [reply], messages
        # The other replica sees the turn at once: the state is in PostgreSQL.
        other = cluster.tracker(1 - replica, sender)
        assert other["slots"]["turn_count"] == number
        assert replies_in_log(other) == replies[:number]

    assert cluster.tracker(0, sender)["slots"] == cluster.tracker(1, sender)["slots"]
    ended = cluster.say(1, sender, "end")
    (report,) = [m["custom"] for m in ended if infra.roles([m]) == ["report"]]
    assert report["summary"] and "<html" in report["html"].lower()

    (stored,) = cluster.stored_reports(sender)
    assert len(stored.turns) == len(replies)
    assert stored.session_id == report["session_id"]
    assert cluster.tracker(0, sender)["slots"]["session_status"] == "ended"


def test_concurrent_turns_on_both_replicas_are_serialised_by_redis(cluster):
    sender = f"concurrent-{secrets.token_hex(3)}"
    cluster.say(0, sender, "start 2")
    replies = [f"{reply} ({n})" for n, reply in enumerate(infra.REPLIES[:6])]
    lock_key = f"{cluster.prefix}:lock:{sender}"
    seen: Set[str] = set()
    done = threading.Event()

    def watch_locks() -> None:
        deadline = time.monotonic() + 120
        while not done.is_set() and time.monotonic() < deadline:
            seen.update(cluster.redis.keys(cluster.prefix))
            time.sleep(0.005)

    watcher = threading.Thread(target=watch_locks, daemon=True)
    watcher.start()
    try:
        with ThreadPoolExecutor(max_workers=len(replies)) as pool:
            answers = list(
                pool.map(
                    lambda pair: cluster.say(pair[0] % 2, sender, pair[1]),
                    enumerate(replies),
                )
            )
    finally:
        done.set()
        watcher.join(timeout=10)

    assert lock_key in seen, "the replicas lock the conversation in Redis"
    for reply, messages in zip(replies, answers, strict=True):
        assert infra.coach_quotes(messages) == [reply], messages
    tracker = cluster.tracker(1, sender)
    log = turn_log(tracker)
    # No lost update: every turn is in the log once, numbered 1..6 in order.
    assert [entry["turn"] for entry in log] == list(range(1, len(replies) + 1))
    assert sorted(replies_in_log(tracker)) == sorted(replies)
    assert tracker["slots"]["turn_count"] == len(replies)


def test_killing_a_replica_mid_session_loses_no_turn(cluster):
    """Runs last in this module: replica 0 does not come back."""
    sender = f"killed-{secrets.token_hex(3)}"
    cluster.say(0, sender, "start 3")
    replies = infra.REPLIES[:6]
    for number, reply in enumerate(replies[:4], start=1):
        messages = cluster.say(number % 2, sender, reply)  # turn 4 on replica 0
        assert infra.coach_quotes(messages) == [reply]

    victim = cluster.replicas[0]
    assert victim.process is not None
    victim.stop(signal.SIGKILL)
    assert victim.process.poll() == -signal.SIGKILL

    for reply in replies[4:]:
        messages = cluster.say(1, sender, reply)
        assert infra.coach_quotes(messages) == [reply]
    tracker = cluster.tracker(1, sender)
    assert replies_in_log(tracker) == replies
    assert tracker["slots"]["turn_count"] == len(replies)

    cluster.say(1, sender, "end")
    (stored,) = cluster.stored_reports(sender)
    assert len(stored.turns) == len(replies)
