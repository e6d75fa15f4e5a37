"""The stock `rasa init --no-prompt` bot, built and trained in a temporary folder."""

from __future__ import annotations

import logging
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict

from tests.servers import ROOT

logger = logging.getLogger(__name__)

RASA = ROOT / ".venv" / "bin" / "rasa"


def rasa_env(cache_dir: Path) -> Dict[str, str]:
    """No telemetry, and a fresh training cache: every training is from scratch."""
    return {
        **os.environ,
        "RASA_TELEMETRY_ENABLED": "false",
        "RASA_CACHE_DIRECTORY": str(cache_dir),
    }


@dataclass
class StockBot:
    project: Path
    model: Path
    train_s: float


def build(parent: Path) -> StockBot:
    """`rasa init --no-prompt` (copies the template, then trains it): timed."""
    project = parent / "stock-bot"
    project.mkdir(parents=True, exist_ok=True)  # rasa init wants it to exist
    log = parent / "stock-init.log"
    started = time.monotonic()
    with log.open("wb") as output:
        subprocess.run(
            [str(RASA), "init", "--no-prompt", "--init-dir", str(project)],
            cwd=parent,
            env=rasa_env(parent / "stock-cache"),
            stdout=output,
            stderr=subprocess.STDOUT,
            check=True,
            timeout=3600,
        )
    train_s = time.monotonic() - started
    models = sorted((project / "models").glob("*.tar.gz"), key=os.path.getmtime)
    if not models:
        raise RuntimeError(f"rasa init trained no model; see {log}")
    return StockBot(project, models[-1], train_s)


def train_ours(parent: Path) -> float:
    """`rasa train` of Peer Practice into a temporary folder, from scratch: seconds."""
    parent.mkdir(parents=True, exist_ok=True)
    log = parent / "train.log"
    started = time.monotonic()
    with log.open("wb") as output:
        subprocess.run(
            [
                str(RASA),
                "train",
                "--config",
                "config.yml",
                "--domain",
                "domain.yml",
                "--data",
                "data/nlu",
                "data/rules",
                "data/stories",
                "--out",
                str(parent / "models"),
            ],
            cwd=ROOT,
            env=rasa_env(parent / "train-cache"),
            stdout=output,
            stderr=subprocess.STDOUT,
            check=True,
            timeout=3600,
        )
    return time.monotonic() - started
