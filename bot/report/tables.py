"""SQLAlchemy Core tables of the report store (identical on SQLite and PostgreSQL).

Only pseudonymous trainee ids are stored. ``report_json`` is the SessionReport JSON,
without free text unless transcripts are kept. The other columns are copies of its
numbers so that lists and cohort aggregates are plain SQL.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

sessions = Table(
    "pp_report_sessions",
    metadata,
    Column("session_id", String(128), primary_key=True),
    Column("trainee", String(64), nullable=False),
    Column("scenario_id", String(128), nullable=False),
    Column("scenario_title", String(256), nullable=False),
    Column("difficulty", String(32), nullable=False),
    Column("mode", String(32), nullable=False),
    Column("ended_by", String(32), nullable=False),
    Column("started_at", DateTime(), nullable=True),  # naive UTC
    Column("ended_at", DateTime(), nullable=False),  # naive UTC; retention key
    Column("stored_at", DateTime(), nullable=False),
    Column("n_turns", Integer, nullable=False),
    Column("mean_validation", Float, nullable=True),
    Column("mean_nonjudgment", Float, nullable=True),
    Column("trust_end", Integer, nullable=True),
    Column("reflections", Integer, nullable=False),
    Column("questions", Integer, nullable=False),
    Column("complex_reflections", Integer, nullable=False),
    Column("rq_level", String(8), nullable=False),
    Column("cr_level", String(8), nullable=False),
    Column("layers_reached", Integer, nullable=False),
    Column("layers_total", Integer, nullable=False),
    Column("transcript_included", Boolean, nullable=False),
    Column("report_json", Text, nullable=False),
    Index("ix_pp_report_sessions_trainee_ended", "trainee", "ended_at"),
    Index("ix_pp_report_sessions_ended", "ended_at"),
)

judgments = Table(
    "pp_report_judgments",
    metadata,
    Column(
        "session_id",
        String(128),
        ForeignKey("pp_report_sessions.session_id"),
        primary_key=True,
    ),
    Column("category", String(32), primary_key=True),
    Column("count", Integer, nullable=False),
)
