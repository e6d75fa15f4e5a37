"""Shared fixtures: the process-wide scorer (needs `make scorer` to have run)."""

from __future__ import annotations

import pytest

from bot.scoring import get_scorer
from bot.scoring.pipeline import Scorer


@pytest.fixture(scope="session")
def scorer() -> Scorer:
    return (
        get_scorer()
    )  # raises ScorerModelMissingError ("run `make scorer`") if not built
