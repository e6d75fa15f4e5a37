"""Paths and data files of the scorer (lexicons, rationales, rewrites, weights).

Everything a trainee can read, and every word list, lives in ``data/scoring``; this
module
only loads it (once per process) and checks its shape.
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, cast

import yaml

from bot import DATA_DIR, PROJECT_ROOT

logger = logging.getLogger(__name__)

SCORING_DIR = DATA_DIR / "scoring"
LEXICON_DIR = SCORING_DIR / "lexicons"
CORPUS_DIR = SCORING_DIR / "corpus"
CONFIG_PATH = Path(__file__).resolve().parent / "textcat.cfg"
MODEL_ENV = "PEER_PRACTICE_SCORER_MODEL"
DEFAULT_MODEL_DIR = PROJECT_ROOT / "build" / "scorer" / "model-best"


def model_dir() -> Path:
    """Where the trained classifier lives ($PEER_PRACTICE_SCORER_MODEL overrides)."""
    return Path(os.environ.get(MODEL_ENV) or DEFAULT_MODEL_DIR)


def shared_eval_dir() -> Path:
    """``../shared/eval`` next to the repository (human-annotated, measuring only)."""
    return PROJECT_ROOT.parent / "shared" / "eval"


@functools.cache
def load_yaml(path: str) -> Any:
    """Load a YAML file under ``data/scoring`` (``path`` is relative to that folder)."""
    full = SCORING_DIR / path
    with full.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{full}: expected a mapping at the top level")
    return data


def macros() -> Dict[str, str]:
    return {str(k): str(v) for k, v in load_yaml("lexicons/macros.yml").items()}


def word_set(name: str) -> FrozenSet[str]:
    """A ``|``-separated word list from macros.yml as a set."""
    return frozenset(w for w in macros()[name].split("|") if w)


def rationales() -> Dict[str, Dict[str, str]]:
    return cast(Dict[str, Dict[str, str]], load_yaml("rationales.yml"))


def rewrites() -> Dict[str, Dict[str, str]]:
    return cast(Dict[str, Dict[str, str]], load_yaml("rewrites.yml"))


def weights() -> Dict[str, Any]:
    return cast(Dict[str, Any], load_yaml("weights.yml"))


def pattern_list(value: Any, where: str) -> List[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: expected a list of pattern strings")
    return value
