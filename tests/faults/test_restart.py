"""The embedded default (SQLite tracker store): stop both servers mid-session, start
them again, and the same conversation carries on with its state and full report."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import List

import pytest

from bot.report import pseudonymise
from bot.report.store import open_store
from tests.scale import infra
from tests.servers import RunningServers, start_servers

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def take_turns(servers: RunningServers, sender: str, replies: List[str]) -> None:
    for reply in replies:
        assert infra.coach_quotes(servers.say(sender, reply)) == [reply]


def test_stopping_both_servers_mid_session_loses_nothing(tmp_path: Path):
    tracker_db = tmp_path / "tracker.db"
    sender = f"restart-{secrets.token_hex(3)}"
    replies = infra.REPLIES[:6]

    first = start_servers(tracker_db=tracker_db)
    try:
        opening = first.say(sender, "start 1")
        take_turns(first, sender, replies[:3])
        before = first.tracker(sender)["slots"]
    finally:
        first.stop()
    assert all(p.process and p.process.poll() is not None for p in first.processes)

    second = start_servers(tracker_db=tracker_db)
    try:
        after = second.tracker(sender)["slots"]
        assert after == before, "the session comes back exactly as it was"
        assert after["session_status"] == "active" and after["turn_count"] == 3
        take_turns(second, sender, replies[3:])
        log = second.turn_log(sender)
        assert [entry["reply"] for entry in log] == replies
        assert [entry["turn"] for entry in log] == [1, 2, 3, 4, 5, 6]

        ended = second.say(sender, "end")
        (report,) = [m["custom"] for m in ended if infra.roles([m]) == ["report"]]
        assert report["session_id"] == before["session_id"]
    finally:
        second.stop()

    assert opening, "the peer spoke first"
    store = open_store(os.environ["PEER_PRACTICE_DB_URL"])
    try:
        trainee = pseudonymise("rest", sender)
        (summary,) = store.list_sessions(trainee)
        assert summary.session_id == before["session_id"]
        assert summary.n_turns == len(replies)
        assert len(store.load(summary.session_id, trainee).turns) == len(replies)
    finally:
        store.close()
