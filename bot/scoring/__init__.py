"""Scores a trainee's reply for validation and non-judgmental language.

``score(reply, context="") -> ReplyScore`` and ``score_many(pairs)``; the spaCy pipeline
(trained classifier + rule components over data/scoring) is loaded lazily, once per
process, on first use. Importing this package does no work.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Iterable, List

from bot.scoring.result import FLAG_CATEGORIES, OARS_CATEGORIES, Flag, ReplyScore

if TYPE_CHECKING:
    from bot.scoring.pipeline import Pair, Scorer

__all__ = [
    "FLAG_CATEGORIES",
    "OARS_CATEGORIES",
    "Flag",
    "ReplyScore",
    "get_scorer",
    "score",
    "score_many",
]

_LOCK = threading.Lock()
_SCORER: Scorer | None = None


def get_scorer() -> Scorer:
    """The process-wide scorer.

    Raises ScorerModelMissingError if `make scorer` never ran.
    """
    global _SCORER
    if _SCORER is None:
        with _LOCK:
            if _SCORER is None:
                from bot.scoring.pipeline import Scorer, load_pipeline

                _SCORER = Scorer(load_pipeline())
    return _SCORER


def score(reply: str, context: str = "") -> ReplyScore:
    return get_scorer().score(reply, context)


def score_many(pairs: Iterable[Pair]) -> List[ReplyScore]:
    """Score (reply, context) pairs (or bare replies) in one nlp.pipe batch."""
    return get_scorer().score_many(pairs)
