"""Fixtures of the report tests: a scripted session and stores on SQLite and PostgreSQL.

PostgreSQL: a throwaway database is created per test on PEER_PRACTICE_TEST_PG_URL
(default postgresql://postgres@127.0.0.1:5432/postgres) and dropped afterwards. When the
server cannot be reached the PostgreSQL cases fail under CI=true and skip otherwise.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any, Callable, Dict, Iterator

import pytest

from tests.report.report_fixtures import TEST_KEY, make_session


@pytest.fixture(autouse=True)
def _hermetic_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests state their settings; none leak in from the developer's or CI's shell."""
    for name in list(os.environ):
        if name.startswith("PEER_PRACTICE_") and name != "PEER_PRACTICE_TEST_PG_URL":
            monkeypatch.delenv(name)


@pytest.fixture
def session_factory() -> Callable[..., Dict[str, Any]]:
    return make_session


@pytest.fixture
def id_key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PEER_PRACTICE_ID_KEY", TEST_KEY)
    return TEST_KEY


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def pg_admin_url() -> str:
    return os.environ.get(
        "PEER_PRACTICE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """URL of a fresh PostgreSQL database, dropped after the test."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    admin_url = pg_admin_url()
    admin = create_engine(
        admin_url,
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": 5},
    )
    name = f"pp_report_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        admin.dispose()
        reason = f"PostgreSQL unreachable at {admin_url}: {error.orig}"
        if in_ci():
            pytest.fail(f"{reason} (CI=true: the PostgreSQL storage tests must run)")
        pytest.skip(reason)
    try:
        yield make_url(admin_url).set(database=name).render_as_string(
            hide_password=False
        )
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'reports.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url
