"""The coach: turns a ReplyScore into feedback a trainee can act on.

Wording comes from data/coach/messages.yml and data/scoring/rationales.yml; this module
only chooses which pieces apply and fills in the trainee's own words.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List

import yaml

from bot import DATA_DIR
from bot.scoring.result import ReplyScore

MESSAGES_FILE = DATA_DIR / "coach" / "messages.yml"
RATIONALES_FILE = DATA_DIR / "scoring" / "rationales.yml"
STRENGTHS_FILE = DATA_DIR / "scoring" / "strengths.yml"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CoachMessage:
    text: str  # what a text-only channel shows
    payload: Dict[str, Any]  # what rich channels render (custom payload, role "coach")


@functools.cache
def _load_yaml(path: Path) -> Dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data


def _why(rationale_key: str, category: str) -> str:
    """The rationale's text; the category's own entry if the key has none."""
    rationales = _load_yaml(RATIONALES_FILE)
    entry = rationales.get(rationale_key) or rationales.get(category)
    if not entry:
        logger.error("no rationale for %r (category %r)", rationale_key, category)
        return ""
    return str(entry.get("why", "")).strip()


def _praise(score: ReplyScore) -> List[str]:
    strengths = _load_yaml(STRENGTHS_FILE)
    praise = []
    for key in score.strengths:
        if key in strengths:
            praise.append(str(strengths[key]["why"]))
        else:
            logger.error("no praise wording for strength %r", key)
    return praise


def _nudges(score: ReplyScore, messages: Dict[str, Any]) -> List[str]:
    nudges = messages["nudges"]
    chosen: List[str] = []
    if not score.validating and not score.flags:
        chosen.append(nudges["no_validation"])
    if score.oars == "closed_question":
        chosen.append(nudges["closed_question"])
    if score.oars == "advice" and not score.flags:
        chosen.append(nudges["advice_without_permission"])
    return chosen


def coach_message(score: ReplyScore, trust: int | None = None) -> CoachMessage:
    """Feedback on one reply. ``trust`` is shown only when given (coach mode)."""
    messages = _load_yaml(MESSAGES_FILE)
    frame = messages["frame"]
    good = _praise(score)
    changes = []
    for flag in score.flags:
        why = _why(flag.rationale_key, flag.category)
        line = frame["flag_item"].format(text=flag.text, why=why, rewrite=flag.rewrite)
        changes.append({**flag.to_dict(), "why": why, "line": line})
    notes = _nudges(score, messages)
    if score.wrong_feeling and score.feelings_in_context:
        notes.append(
            frame["wrong_feeling"].format(
                named=", ".join(score.feelings_named),
                expected=" or ".join(score.feelings_in_context),
            )
        )

    parts = [frame["label"]]
    parts.append(
        f"{frame['good_intro']} {' '.join(good) if good else frame['nothing_good']}"
    )
    change_lines = [change["line"] for change in changes] + notes
    parts.append(
        f"{frame['change_intro']} "
        + (" ".join(change_lines) if change_lines else frame["nothing_to_change"])
    )
    if trust is not None:
        parts.append(frame["trust"].format(trust=trust))
    text = frame["separator"].join(parts)

    payload: Dict[str, Any] = {
        "role": "coach",
        "text": text,
        "quote": score.reply,
        "good": good,
        "change": [
            {
                key: change[key]
                for key in ("category", "start", "end", "text", "why", "rewrite")
            }
            for change in changes
        ],
        "notes": notes,
        "validation_score": score.validation_score,
        "nonjudgment_score": score.nonjudgment_score,
        "oars": score.oars,
    }
    if trust is not None:
        payload["trust"] = trust
    return CoachMessage(text=text, payload=payload)
