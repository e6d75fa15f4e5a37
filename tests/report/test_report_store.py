"""Storage on SQLite and PostgreSQL (same code path): round-trip, trainee isolation,
transcript policy, retention and cohort aggregates."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Callable, Dict

import pytest

from bot.report import build_report
from bot.report.store import (
    ReportConflictError,
    ReportNotFoundError,
    ReportStore,
    open_store,
)
from tests.report.report_fixtures import ALICE, BOB, CAROL, SCRIPT_REPLY

Factory = Callable[..., Dict[str, Any]]
NOW = datetime(2026, 11, 26, 12, 0, 0)


def iso(moment: datetime) -> str:
    return moment.isoformat() + "Z"


def test_round_trip_with_transcripts(db_url: str, session_factory: Factory) -> None:
    report = build_report(session_factory())
    with open_store(db_url, keep_transcripts=True) as store:
        assert store.save(report) == "s-1"
        loaded = store.load("s-1", ALICE)
    assert loaded == report
    assert loaded.turns[3].reply == SCRIPT_REPLY
    assert loaded.to_markdown() == report.to_markdown()  # same order of rows too


def test_without_transcripts_only_scores_and_categories_are_stored(
    db_url: str, session_factory: Factory
) -> None:
    from sqlalchemy import select

    from bot.report.tables import sessions

    report = build_report(session_factory())
    with open_store(db_url, keep_transcripts=False) as store:
        store.save(report)
        loaded = store.load("s-1", ALICE)
        with store.engine.connect() as conn:
            raw = conn.execute(select(sessions.c.report_json)).scalar_one()
    assert loaded == report.without_transcript()
    assert loaded.judgment_counts == report.judgment_counts
    assert [t.flag_categories for t in loaded.turns] == [
        (
            ["advice", "directive"]
            if t.turn == 3
            else ["minimising"] if t.turn == 5 else []
        )
        for t in loaded.turns
    ]
    for turn in report.turns:
        assert turn.reply is not None and turn.reply not in raw
    assert "You should" not in raw and "boss" not in raw


def test_keep_transcripts_follows_the_environment(
    db_url: str, session_factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = build_report(session_factory())
    monkeypatch.setenv("PEER_PRACTICE_KEEP_TRANSCRIPTS", "1")
    with open_store(db_url) as store:
        store.save(report)
        assert store.load("s-1", ALICE).transcript_included is True
    monkeypatch.setenv("PEER_PRACTICE_KEEP_TRANSCRIPTS", "off")
    with open_store(db_url) as store:
        store.save(report)  # saving again replaces the stored copy
        assert store.load("s-1", ALICE).transcript_included is False
        assert len(store.list_sessions(ALICE)) == 1


def test_trainee_isolation(db_url: str, session_factory: Factory) -> None:
    with open_store(db_url) as store:
        store.save(build_report(session_factory(ALICE, "a-1")))
        store.save(build_report(session_factory(ALICE, "a-2")))
        store.save(build_report(session_factory(BOB, "b-1")))
        assert [s.session_id for s in store.list_sessions(ALICE)] == ["a-1", "a-2"]
        assert [s.session_id for s in store.list_sessions(BOB)] == ["b-1"]
        assert store.list_sessions(CAROL) == []
        assert store.load("b-1", BOB).trainee == BOB
        with pytest.raises(ReportNotFoundError):
            store.load("b-1", ALICE)
        with pytest.raises(ReportNotFoundError):
            store.load("no-such-session", ALICE)
        with pytest.raises(ValueError, match="pseudonymous"):
            store.list_sessions("bob@example.org")
        # Bob's session id cannot be overwritten by Alice.
        with pytest.raises(ReportConflictError):
            store.save(build_report(session_factory(ALICE, "b-1")))
        assert store.load("b-1", BOB).trainee == BOB
        assert [r.session_id for r in store.trend_reports(ALICE)] == ["a-1", "a-2"]


def test_list_sessions_summary(db_url: str, session_factory: Factory) -> None:
    with open_store(db_url) as store:
        store.save(
            build_report(session_factory(ALICE, "late", ended_at="2026-11-21T09:00Z"))
        )
        store.save(
            build_report(session_factory(ALICE, "early", ended_at="2026-11-19T09:00Z"))
        )
        rows = store.list_sessions(ALICE)
    assert [r.session_id for r in rows] == ["early", "late"]
    assert rows[0].ended_at == datetime(2026, 11, 19, 9, 0)
    assert (rows[0].n_turns, rows[0].mean_validation, rows[0].mean_nonjudgment) == (
        6,
        55.0,
        81.7,
    )
    assert (rows[0].trust_end, rows[0].layers_reached, rows[0].layers_total) == (
        55,
        2,
        4,
    )


def _store_at(store: ReportStore, factory: Factory, sid: str, ended: datetime) -> None:
    store.save(build_report(factory(ALICE, sid, ended_at=iso(ended))))


def test_retention_deletes_exactly_what_is_older(
    db_url: str, session_factory: Factory
) -> None:
    cutoff = NOW - timedelta(days=30)
    with open_store(db_url, retention_days=30) as store:
        _store_at(store, session_factory, "ancient", NOW - timedelta(days=400))
        _store_at(store, session_factory, "just-older", cutoff - timedelta(seconds=1))
        _store_at(store, session_factory, "at-cutoff", cutoff)
        _store_at(store, session_factory, "just-newer", cutoff + timedelta(seconds=1))
        _store_at(store, session_factory, "today", NOW - timedelta(hours=1))
        # ended_at with an offset: 2026-10-27T13:00+02:00 = 11:00Z, one hour older
        # than the cutoff (2026-10-27T12:00Z).
        store.save(
            build_report(
                session_factory(ALICE, "offset", ended_at="2026-10-27T13:00:00+02:00")
            )
        )

        dry = store.purge(now=NOW, dry_run=True)
        assert (dry.count, dry.cutoff, dry.days) == (3, cutoff, 30)
        assert len(store.list_sessions(ALICE)) == 6

        result = store.purge(now=NOW)
        assert result.count == 3
        left = [s.session_id for s in store.list_sessions(ALICE)]
        assert left == ["at-cutoff", "just-newer", "today"]
        assert store.cohort(min_trainees=1).judgment_counts == {
            "advice": 3,
            "directive": 3,
            "minimising": 3,
        }
        assert store.purge(now=NOW).count == 0
        assert store.purge(days=0, now=NOW).count == 3
        assert store.list_sessions(ALICE) == []


def test_cohort_aggregates_only(db_url: str, session_factory: Factory) -> None:
    script_b = [
        # Bob: 2 simple reflections, 1 open question -> R:Q 2:1 (good), 0 % complex.
        {"reply": "b1", "oars": "reflection_simple", "v": 60, "nj": 90, "trust": 50,
         "layer": 0},
        {"reply": "b2", "oars": "reflection_simple", "v": 60, "nj": 90, "trust": 60,
         "layer": 0},
        {"reply": "b3", "oars": "open_question", "v": 60, "nj": 90, "trust": 70,
         "layer": 0,
         "flags": [("label", "b3", "ok")]},
    ]  # fmt: skip
    with open_store(db_url, cohort_min_trainees=3) as store:
        store.save(build_report(session_factory(ALICE, "a-1")))
        store.save(build_report(session_factory(BOB, "b-1", script=script_b)))
        few = store.cohort()
        assert (few.suppressed, few.sessions, few.trainees) == (True, 2, 2)
        assert few.mean_validation is None and few.judgment_counts == {}

        store.save(build_report(session_factory(CAROL, "c-1", scenario_id="other")))
        summary = store.cohort()
    assert (summary.suppressed, summary.sessions, summary.trainees) == (False, 3, 3)
    # Session means: Alice 55.0, Bob 60.0, Carol 55.0 -> 170 / 3 = 56.7
    assert summary.mean_validation == 56.7
    # Non-judgment: 81.7, 90.0, 81.7 -> 253.4 / 3 = 84.47 -> 84.5
    assert summary.mean_nonjudgment == 84.5
    # Final trust: 55, 70, 55 -> 60.0
    assert summary.mean_trust_end == 60.0
    # Pooled: reflections 3 + 2 + 3 = 8, questions 2 + 1 + 2 = 5 -> 1.6 (fair);
    # complex 2 + 0 + 2 = 4 of 8 = 50 % (good).
    assert (summary.pooled_rq_ratio, summary.pooled_rq_level) == (1.6, "fair")
    assert (summary.pooled_pct_complex, summary.pooled_cr_level) == (50.0, "good")
    # Per session R:Q levels fair, good, fair -> 3/3 at fair or better, 1/3 good.
    assert (summary.share_rq_fair, summary.share_rq_good) == (100.0, 33.3)
    # %CR levels good, below, good -> 2/3 fair or better, 2/3 good.
    assert (summary.share_cr_fair, summary.share_cr_good) == (66.7, 66.7)
    assert summary.judgment_counts == {
        "advice": 2,
        "directive": 2,
        "label": 1,
        "minimising": 2,
    }
    # Only scenarios with at least 3 trainees are broken out: none here.
    assert summary.scenarios == []
    assert store_has_no_trainee_ids(summary.to_dict())
    lowered = open_store(db_url, cohort_min_trainees=1)
    try:
        scenarios = {s.scenario_id: s for s in lowered.cohort().scenarios}
    finally:
        lowered.close()
    assert (scenarios["grief"].sessions, scenarios["grief"].trainees) == (2, 2)
    assert scenarios["grief"].mean_validation == 57.5


def store_has_no_trainee_ids(data: Any) -> bool:
    text = repr(data)
    return all(trainee not in text for trainee in (ALICE, BOB, CAROL))


def test_default_url_is_a_sqlite_file_under_var(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    from bot.report import config

    monkeypatch.delenv("PEER_PRACTICE_DB_URL", raising=False)
    monkeypatch.setattr(config, "DEFAULT_DB_PATH", tmp_path / "var" / "pp.db")
    with open_store() as store:
        assert store.engine.url.get_backend_name() == "sqlite"
    assert (tmp_path / "var" / "pp.db").exists()


def test_unsupported_url_is_refused() -> None:
    from bot.report import ConfigError

    with pytest.raises(ConfigError, match="only sqlite"):
        open_store("mysql://root@localhost/db")


def test_shared_store_is_one_per_url(tmp_path: Any) -> None:
    from bot.report.store import shared_store

    url = f"sqlite:///{tmp_path / 'shared.db'}"
    first = shared_store(url)
    try:
        assert shared_store(url) is first
    finally:
        first.close()
