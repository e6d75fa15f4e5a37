"""Lazy, thread-safe loading and the missing-model error."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.scoring import get_scorer, score
from bot.scoring.pipeline import ScorerModelMissingError, load_pipeline

ROOT = Path(__file__).resolve().parents[2]


def test_import_does_no_work() -> None:
    code = "import sys, bot.scoring; print('spacy' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False"


def test_missing_model_says_make_scorer(tmp_path: Path) -> None:
    with pytest.raises(ScorerModelMissingError, match="make scorer"):
        load_pipeline(tmp_path / "nowhere")


def test_loaded_once_and_thread_safe() -> None:
    replies = [
        "You should leave him.",
        "That sounds so lonely.",
        "Why did you do that?",
    ] * 20
    expected = [score(r).to_dict() for r in replies]
    with ThreadPoolExecutor(max_workers=8) as pool:
        scorers = list(pool.map(lambda _: get_scorer(), range(16)))
        got = list(pool.map(lambda r: score(r).to_dict(), replies))
    assert all(s is scorers[0] for s in scorers)
    assert got == expected
