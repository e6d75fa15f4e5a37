"""`python -m bot.report` smoke tests, run as a subprocess like a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Dict

import pytest

from bot import PROJECT_ROOT
from bot.report import build_report
from bot.report.store import open_store
from tests.report.report_fixtures import ALICE, BOB, CAROL, TEST_KEY

Factory = Callable[..., Dict[str, Any]]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def ago(**delta: float) -> str:
    moment = datetime.now(timezone.utc) - timedelta(**delta)
    return moment.isoformat(timespec="seconds")


@pytest.fixture
def db(tmp_path: Path, session_factory: Factory) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    with open_store(url, keep_transcripts=True) as store:
        for trainee, session_id, ended_at in [
            (ALICE, "a-old", ago(days=1000)),
            (ALICE, "a-new", ago(days=1)),
            (BOB, "b-1", ago(hours=2)),
        ]:
            session = session_factory(trainee, session_id, ended_at=ended_at)
            store.save(build_report(session))
    return url


def run(*args: str, db: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PEER_PRACTICE_")
    }
    environment.update({"PEER_PRACTICE_DB_URL": db, "MPLBACKEND": "Agg", **env})
    return subprocess.run(
        [sys.executable, "-m", "bot.report", *args],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_list(db: str) -> None:
    result = run("list", "--trainee", ALICE, db=db)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"2 session(s) for trainee {ALICE}:"
    assert "a-old" in lines[1] and "a-new" in lines[2]
    assert "b-1" not in result.stdout
    assert "validation 55" in lines[1]
    empty = run("list", "--trainee", CAROL, db=db)
    assert empty.returncode == 0 and "No sessions stored" in empty.stdout


def test_list_with_channel_hashes_the_raw_id(db: str) -> None:
    result = run(
        "list",
        "--trainee",
        "alice@example.org",
        "--channel",
        "rest",
        db=db,
        PEER_PRACTICE_ID_KEY=TEST_KEY,
    )
    assert result.returncode == 0, result.stderr
    assert "2 session(s)" in result.stdout
    assert "alice@example.org" not in result.stdout
    missing_key = run(
        "list", "--trainee", "alice@example.org", "--channel", "rest", db=db
    )
    assert missing_key.returncode == 2
    assert "PEER_PRACTICE_ID_KEY is not set" in missing_key.stderr
    raw = run("list", "--trainee", "alice@example.org", db=db)
    assert raw.returncode == 2 and "Not a pseudonymous trainee id" in raw.stderr


@pytest.mark.parametrize("fmt", ["md", "html", "json", "text"])
def test_show(db: str, fmt: str, tmp_path: Path) -> None:
    result = run("show", "a-new", "--trainee", ALICE, "--format", fmt, db=db)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    if fmt == "json":
        data = json.loads(out)
        assert data["session_id"] == "a-new" and data["miti"]["rq_ratio"] == 1.5
    elif fmt == "html":
        assert out.startswith("<!DOCTYPE html>") and "data:image/png;base64," in out
        assert "<script>" not in out
    elif fmt == "md":
        assert out.startswith("# Practice session report")
    else:
        assert out.startswith("Session report: Losing a parent")
    target = tmp_path / f"report.{fmt}"
    written = run(
        "show",
        "a-new",
        "--trainee",
        ALICE,
        "--format",
        fmt,
        "--out",
        str(target),
        db=db,
    )
    assert written.returncode == 0 and target.read_text("utf-8").strip() == out.strip()


def test_show_refuses_another_trainees_session(db: str) -> None:
    result = run("show", "b-1", "--trainee", ALICE, db=db)
    assert result.returncode == 1
    assert result.stdout == "" and "No session b-1 for this trainee." in result.stderr


def test_trend(db: str, tmp_path: Path) -> None:
    out = tmp_path / "trend.png"
    result = run("trend", "--trainee", ALICE, "--out", str(out), db=db)
    assert result.returncode == 0, result.stderr
    assert "2 session(s)" in result.stdout
    assert out.read_bytes().startswith(PNG_MAGIC) and out.stat().st_size > 5000
    none = run("trend", "--trainee", CAROL, "--out", str(tmp_path / "x.png"), db=db)
    assert none.returncode == 1 and not (tmp_path / "x.png").exists()


def test_cohort_has_aggregates_only(db: str) -> None:
    result = run("cohort", db=db, PEER_PRACTICE_COHORT_MIN_TRAINEES="2")
    assert result.returncode == 0, result.stderr
    assert "Cohort summary: 3 session(s) by 2 trainee(s)." in result.stdout
    for private in (ALICE, BOB, "a-old", "a-new", "b-1", "boss"):
        assert private not in result.stdout
    data = json.loads(
        run("cohort", "--format", "json", "--min-trainees", "2", db=db).stdout
    )
    assert data["sessions"] == 3 and data["suppressed"] is False
    withheld = run("cohort", db=db)  # default minimum: 3 trainees
    assert withheld.returncode == 0 and "Only 2 trainee(s)" in withheld.stdout


def test_purge(db: str) -> None:
    dry = run("purge", "--days", "365", "--dry-run", db=db)
    assert dry.returncode == 0 and "Would delete 1 session(s)" in dry.stdout
    result = run("purge", db=db, PEER_PRACTICE_RETENTION_DAYS="365")
    assert result.returncode == 0, result.stderr
    assert (
        "Deleted 1 session(s)" in result.stdout
        and "retention 365 days" in result.stdout
    )
    remaining = run("list", "--trainee", ALICE, db=db).stdout
    assert "a-old" not in remaining and "a-new" in remaining


def test_help_lists_the_commands(db: str) -> None:
    result = run("--help", db=db)
    assert result.returncode == 0
    for command in ("list", "show", "trend", "cohort", "purge"):
        assert command in result.stdout
