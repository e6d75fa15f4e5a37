"""Pseudonymous trainee ids and settings from the environment."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from bot.report import ConfigError, pseudonymise
from bot.report.config import load_settings
from bot.report.ids import is_trainee_id


def test_pseudonymise_is_a_keyed_hmac() -> None:
    value = pseudonymise("slack", "U123", "k1")
    expected = hmac.new(b"k1", b"slack\x1fU123", hashlib.sha256).hexdigest()
    assert value == expected and is_trainee_id(value)
    assert pseudonymise("slack", "U123", b"k1") == value
    assert pseudonymise("slack", "U123", "k2") != value
    assert pseudonymise("rest", "U123", "k1") != value
    assert pseudonymise("slack:U", "123", "k1") != pseudonymise("slack", "U:123", "k1")
    assert "U123" not in value


def test_key_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEER_PRACTICE_ID_KEY", "from-env")
    assert pseudonymise("rest", "a") == pseudonymise("rest", "a", "from-env")


def test_missing_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PEER_PRACTICE_ID_KEY", raising=False)
    with pytest.raises(ConfigError, match="PEER_PRACTICE_ID_KEY is not set"):
        pseudonymise("rest", "a")
    with pytest.raises(ConfigError):
        pseudonymise("rest", "a", "")


def test_settings_defaults_and_parsing() -> None:
    settings = load_settings({})
    assert settings.db_url.startswith("sqlite:///")
    assert settings.db_url.endswith("var/peer_practice.db")
    assert settings.keep_transcripts is False
    assert settings.retention_days == 180
    settings = load_settings(
        {
            "PEER_PRACTICE_DB_URL": "postgresql://u@h/db",
            "PEER_PRACTICE_KEEP_TRANSCRIPTS": "on",
            "PEER_PRACTICE_RETENTION_DAYS": "30",
        }
    )
    assert (settings.db_url, settings.keep_transcripts, settings.retention_days) == (
        "postgresql://u@h/db",
        True,
        30,
    )
    with pytest.raises(ConfigError, match="PEER_PRACTICE_RETENTION_DAYS"):
        load_settings({"PEER_PRACTICE_RETENTION_DAYS": "soon"})
    with pytest.raises(ConfigError, match="PEER_PRACTICE_KEEP_TRANSCRIPTS"):
        load_settings({"PEER_PRACTICE_KEEP_TRANSCRIPTS": "maybe"})
