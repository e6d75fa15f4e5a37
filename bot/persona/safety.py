"""Out-of-role check: is the trainee themselves in real distress?

The patterns live in ``data/scenarios/_safety.yml`` (the rules are described there).
When this returns True the caller steps out of the role-play at once, shows crisis
resources and pauses the session.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import List, Pattern

import yaml

from bot import DATA_DIR

logger = logging.getLogger(__name__)

SAFETY_FILE = DATA_DIR / "scenarios" / "_safety.yml"
_QUOTED = re.compile(r'"[^"]*"')
_LOOKBACK = 40  # characters either side of a self-harm match checked for context


@dataclass(frozen=True)
class SafetyPatterns:
    out_of_role: List[Pattern[str]]
    self_harm: List[Pattern[str]]
    reported_speech: List[Pattern[str]]
    past_context: List[Pattern[str]]
    distress: List[Pattern[str]]


@lru_cache(maxsize=4)
def load_patterns(path: Path | None = None) -> SafetyPatterns:
    source = path or SAFETY_FILE
    raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    try:
        return SafetyPatterns(
            **{
                name: [re.compile(pattern) for pattern in raw[name]]
                for name in SafetyPatterns.__dataclass_fields__
            }
        )
    except (KeyError, TypeError, re.error) as exc:
        raise ValueError(f"{source}: invalid safety patterns: {exc}") from exc


def normalise(text: str) -> str:
    text = text.lower()
    for curly, straight in (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"')):
        text = text.replace(curly, straight)
    return _QUOTED.sub(" ", text)


def _self_harm(text: str, patterns: SafetyPatterns) -> bool:
    for pattern in patterns.self_harm:
        for match in pattern.finditer(text):
            before = text[max(0, match.start() - _LOOKBACK) : match.start()]
            after = text[match.end() : match.end() + _LOOKBACK]
            if any(quote.search(before) for quote in patterns.reported_speech):
                continue
            if any(past.search(after) for past in patterns.past_context):
                continue
            return True
    return False


def trainee_in_distress(text: str, path: Path | None = None) -> bool:
    """True when the trainee signals real distress of their own (step out of role)."""
    if not text or not text.strip():
        return False
    patterns = load_patterns(path)
    clean = normalise(text)
    if _self_harm(clean, patterns):
        logger.info("out-of-role check: first-person self-harm language")
        return True
    marked = any(pattern.search(clean) for pattern in patterns.out_of_role)
    if marked and any(pattern.search(clean) for pattern in patterns.distress):
        logger.info("out-of-role check: out-of-role marker with distress")
        return True
    return False
