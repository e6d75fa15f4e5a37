"""Deployment settings of the report store, read from the environment when asked."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from bot import PROJECT_ROOT

logger = logging.getLogger(__name__)

ENV_DB_URL = "PEER_PRACTICE_DB_URL"
ENV_ID_KEY = "PEER_PRACTICE_ID_KEY"
ENV_KEEP_TRANSCRIPTS = "PEER_PRACTICE_KEEP_TRANSCRIPTS"
ENV_RETENTION_DAYS = "PEER_PRACTICE_RETENTION_DAYS"
ENV_COHORT_MIN_TRAINEES = "PEER_PRACTICE_COHORT_MIN_TRAINEES"

DEFAULT_DB_PATH = PROJECT_ROOT / "var" / "peer_practice.db"
DEFAULT_RETENTION_DAYS = 180
DEFAULT_COHORT_MIN_TRAINEES = 3

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    db_url: str
    keep_transcripts: bool
    retention_days: int
    cohort_min_trainees: int


def default_db_url(path: Path | None = None) -> str:
    return f"sqlite:///{DEFAULT_DB_PATH if path is None else path}"


def parse_bool(name: str, raw: str | None) -> bool:
    value = (raw or "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name}={raw!r}: expected one of on/off, true/false, 1/0")


def parse_positive_int(name: str, raw: str | None, default: int) -> int:
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: expected a whole number") from None
    if value < 1:
        raise ConfigError(f"{name}={raw!r}: must be 1 or more")
    return value


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    url = (env.get(ENV_DB_URL) or "").strip() or default_db_url()
    return Settings(
        db_url=url,
        keep_transcripts=parse_bool(
            ENV_KEEP_TRANSCRIPTS, env.get(ENV_KEEP_TRANSCRIPTS)
        ),
        retention_days=parse_positive_int(
            ENV_RETENTION_DAYS, env.get(ENV_RETENTION_DAYS), DEFAULT_RETENTION_DAYS
        ),
        cohort_min_trainees=parse_positive_int(
            ENV_COHORT_MIN_TRAINEES,
            env.get(ENV_COHORT_MIN_TRAINEES),
            DEFAULT_COHORT_MIN_TRAINEES,
        ),
    )
