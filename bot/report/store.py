"""Where reports live: SQLAlchemy 2 Core, one code path for SQLite and PostgreSQL.

store = open_store()                 # PEER_PRACTICE_DB_URL, else var/peer_practice.db
store.save(report)                   # free text dropped unless transcripts are kept
store.list_sessions(trainee)         # that trainee's sessions only
store.load(session_id, trainee)      # ReportNotFoundError unless it is that trainee's
store.cohort()                       # aggregates only
store.purge(days)                    # delete sessions that ended before now - days
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, List

from bot.report.cohort import CohortSummary
from bot.report.config import ConfigError, load_settings
from bot.report.ids import is_trainee_id
from bot.report.model import SessionReport

logger = logging.getLogger(__name__)


class ReportNotFoundError(LookupError):
    """No such session for this trainee (the same error whether it exists for another
    trainee or not at all, so ids cannot be probed)."""


class ReportConflictError(ValueError):
    """A session id already stored for a different trainee."""


@dataclass(frozen=True)
class SessionSummary:
    session_id: str
    scenario_id: str
    scenario_title: str
    difficulty: str
    mode: str
    ended_by: str
    started_at: datetime | None
    ended_at: datetime
    n_turns: int
    mean_validation: float | None
    mean_nonjudgment: float | None
    trust_end: int | None
    layers_reached: int
    layers_total: int
    transcript_included: bool


@dataclass(frozen=True)
class PurgeResult:
    count: int
    cutoff: datetime  # naive UTC; sessions that ended strictly before it are deleted
    days: int
    dry_run: bool


def utc_naive(value: str | datetime | None) -> datetime | None:
    """ISO 8601 text or datetime -> naive UTC (naive input is taken as UTC)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"not an ISO 8601 time: {value!r}") from None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def normalise_url(url: str) -> str:
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if not url.startswith(("sqlite:", "postgresql:", "postgresql+")):
        raise ConfigError(
            f"database URL {url.split(':', 1)[0]}://...: only sqlite:/// and "
            "postgresql:// URLs are supported"
        )
    return url


def _ensure_sqlite_dir(url: str) -> None:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (
        None,
        "",
        ":memory:",
    ):
        Path(str(parsed.database)).parent.mkdir(parents=True, exist_ok=True)


def open_store(
    url: str | None = None,
    *,
    keep_transcripts: bool | None = None,
    retention_days: int | None = None,
    cohort_min_trainees: int | None = None,
) -> ReportStore:
    """Open (and create the tables of) the report store.

    Arguments left as None come from the environment (bot.report.config): the URL from
    ``PEER_PRACTICE_DB_URL`` (default: SQLite file ``var/peer_practice.db`` under the
    repository root), ``PEER_PRACTICE_KEEP_TRANSCRIPTS`` (default off),
    ``PEER_PRACTICE_RETENTION_DAYS`` (default 180) and
    ``PEER_PRACTICE_COHORT_MIN_TRAINEES`` (default 3).
    """
    from sqlalchemy import create_engine

    from bot.report.tables import metadata

    settings = load_settings()
    url = normalise_url(url or settings.db_url)
    _ensure_sqlite_dir(url)
    sqlite = url.startswith("sqlite")
    engine = create_engine(
        url,
        pool_pre_ping=True,
        # Wait for another writer's lock instead of failing at once (SQLite only).
        connect_args={"timeout": 30} if sqlite else {},
    )
    metadata.create_all(engine)
    return ReportStore(
        engine,
        keep_transcripts=(
            settings.keep_transcripts if keep_transcripts is None else keep_transcripts
        ),
        retention_days=retention_days or settings.retention_days,
        cohort_min_trainees=cohort_min_trainees or settings.cohort_min_trainees,
    )


_SHARED: Dict[str, ReportStore] = {}
_SHARED_LOCK = threading.Lock()


def shared_store(url: str | None = None) -> ReportStore:
    """One open store per database URL for the life of the process (for servers: the
    engine's connection pool is reused instead of opened and leaked per session)."""
    key = normalise_url(url or load_settings().db_url)
    with _SHARED_LOCK:
        store = _SHARED.get(key)
        if store is None:
            store = _SHARED[key] = open_store(key)
        return store


def _check_trainee(trainee: str) -> None:
    if not is_trainee_id(trainee):
        raise ValueError("trainee must be a pseudonymous id (64 hex characters)")


class ReportStore:
    def __init__(
        self,
        engine: Any,
        *,
        keep_transcripts: bool,
        retention_days: int,
        cohort_min_trainees: int,
    ) -> None:
        self.engine = engine
        self.keep_transcripts = keep_transcripts
        self.retention_days = retention_days
        self.cohort_min_trainees = cohort_min_trainees

    # -- lifecycle ----------------------------------------------------------------
    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> ReportStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------
    def save(self, report: SessionReport, *, stored_at: datetime | None = None) -> str:
        """Store (or replace) a report; returns its session id.

        Free text is removed first unless transcripts are kept. A session id that is
        already stored for another trainee raises ``ReportConflictError``.
        """
        from sqlalchemy import delete, insert, select

        from bot.report.tables import judgments, sessions

        _check_trainee(report.trainee)
        if not self.keep_transcripts:
            report = report.without_transcript()
        document = report.to_json(indent=None)  # validated against the schema
        stored = utc_naive(stored_at) or utc_now()
        ended = utc_naive(report.ended_at) or utc_naive(report.started_at) or stored
        row = {
            "session_id": report.session_id,
            "trainee": report.trainee,
            "scenario_id": report.scenario_id,
            "scenario_title": report.scenario_title,
            "difficulty": report.difficulty,
            "mode": report.mode,
            "ended_by": report.ended_by,
            "started_at": utc_naive(report.started_at),
            "ended_at": ended,
            "stored_at": stored,
            "n_turns": len(report.turns),
            "mean_validation": report.mean_validation,
            "mean_nonjudgment": report.mean_nonjudgment,
            "trust_end": report.trust_end,
            "reflections": report.miti.reflections,
            "questions": report.miti.questions,
            "complex_reflections": report.miti.complex_reflections,
            "rq_level": report.miti.rq_level,
            "cr_level": report.miti.cr_level,
            "layers_reached": report.layers_reached,
            "layers_total": report.layers_total,
            "transcript_included": report.transcript_included,
            "report_json": document,
        }
        counts = [
            {"session_id": report.session_id, "category": key, "count": value}
            for key, value in report.judgment_counts.items()
            if value
        ]
        with self.engine.begin() as conn:
            owner = conn.execute(
                select(sessions.c.trainee).where(
                    sessions.c.session_id == report.session_id
                )
            ).scalar_one_or_none()
            if owner is not None and owner != report.trainee:
                raise ReportConflictError(
                    f"session {report.session_id} is stored for another trainee"
                )
            if owner is not None:
                conn.execute(
                    delete(judgments).where(judgments.c.session_id == report.session_id)
                )
                conn.execute(
                    delete(sessions).where(sessions.c.session_id == report.session_id)
                )
            conn.execute(insert(sessions), [row])
            if counts:
                conn.execute(insert(judgments), counts)
        logger.info(
            "Stored report of session %s (%d turns, transcript %s)",
            report.session_id,
            len(report.turns),
            "kept" if report.transcript_included else "not kept",
        )
        return report.session_id

    # -- one trainee --------------------------------------------------------------
    def list_sessions(self, trainee: str) -> List[SessionSummary]:
        """The trainee's sessions, oldest first."""
        from sqlalchemy import select

        from bot.report.tables import sessions

        _check_trainee(trainee)
        fields = [
            getattr(sessions.c, name) for name in SessionSummary.__dataclass_fields__
        ]
        query = (
            select(*fields)
            .where(sessions.c.trainee == trainee)
            .order_by(sessions.c.ended_at, sessions.c.session_id)
        )
        with self.engine.connect() as conn:
            return [SessionSummary(**row._asdict()) for row in conn.execute(query)]

    def load(self, session_id: str, trainee: str) -> SessionReport:
        """The report of ``session_id`` if, and only if, it belongs to ``trainee``."""
        from sqlalchemy import select

        from bot.report.tables import sessions

        _check_trainee(trainee)
        query = select(sessions.c.report_json).where(
            sessions.c.session_id == session_id, sessions.c.trainee == trainee
        )
        with self.engine.connect() as conn:
            document = conn.execute(query).scalar_one_or_none()
        if document is None:
            raise ReportNotFoundError(session_id)
        return SessionReport.from_json(document)

    def trend_reports(self, trainee: str) -> List[SessionReport]:
        """All of the trainee's reports, oldest first (for the trend plot)."""
        from sqlalchemy import select

        from bot.report.tables import sessions

        _check_trainee(trainee)
        query = (
            select(sessions.c.report_json)
            .where(sessions.c.trainee == trainee)
            .order_by(sessions.c.ended_at, sessions.c.session_id)
        )
        with self.engine.connect() as conn:
            return [
                SessionReport.from_json(doc) for doc in conn.execute(query).scalars()
            ]

    # -- everyone -----------------------------------------------------------------
    def cohort(self, min_trainees: int | None = None) -> CohortSummary:
        """Aggregates over all trainees, withheld below ``min_trainees`` trainees."""
        from bot.report.cohort import cohort_summary

        minimum = self.cohort_min_trainees if min_trainees is None else min_trainees
        with self.engine.connect() as conn:
            return cohort_summary(conn, minimum)

    def purge(
        self,
        days: int | None = None,
        *,
        now: datetime | None = None,
        dry_run: bool = False,
    ) -> PurgeResult:
        """Delete every session that ended strictly before ``now - days``."""
        from sqlalchemy import delete, func, select

        from bot.report.tables import judgments, sessions

        days = self.retention_days if days is None else days
        if days < 0:
            raise ValueError("retention days must not be negative")
        cutoff = (utc_naive(now) or utc_now()) - timedelta(days=days)
        old = select(sessions.c.session_id).where(sessions.c.ended_at < cutoff)
        with self.engine.begin() as conn:
            count = conn.execute(
                select(func.count()).select_from(old.subquery())
            ).scalar_one()
            if not dry_run and count:
                conn.execute(delete(judgments).where(judgments.c.session_id.in_(old)))
                conn.execute(delete(sessions).where(sessions.c.ended_at < cutoff))
        logger.info(
            "%s %d session(s) that ended before %s",
            "Would purge" if dry_run else "Purged",
            count,
            cutoff.isoformat(),
        )
        return PurgeResult(count=count, cutoff=cutoff, days=days, dry_run=dry_run)
