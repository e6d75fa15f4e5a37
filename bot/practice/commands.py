"""Meta commands typed in plain words ("start 3", "difficulty hard", "exam mode").

Buttons send entities; typed commands in channels without buttons (shell, plain Slack)
arrive as text, so the same choices are also found in the words themselves.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping, Sequence

DIFFICULTIES = ("easy", "standard", "hard")
MODES = ("coach", "exam")

_DIFFICULTY_WORDS = {
    "easy": "easy",
    "easier": "easy",
    "gentle": "easy",
    "standard": "standard",
    "normal": "standard",
    "medium": "standard",
    "hard": "hard",
    "harder": "hard",
    "difficult": "hard",
}
_MODE_WORDS = {
    "coach": "coach",
    "coaching": "coach",
    "exam": "exam",
    "assessment": "exam",
}
_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def find_difficulty(text: str) -> str | None:
    for word in _words(text):
        if word in _DIFFICULTY_WORDS:
            return _DIFFICULTY_WORDS[word]
    return None


def find_mode(text: str) -> str | None:
    words = _words(text)
    if "off" in words and ("coaching" in words or "coach" in words):
        return "exam"  # "turn coaching off"
    for word in words:
        if word in _MODE_WORDS:
            return _MODE_WORDS[word]
    return None


def find_scenario(
    text: str, ids: Sequence[str], titles: Mapping[str, str]
) -> str | None:
    """The scenario a typed command names: its menu number, id, or title words."""
    words = _words(text)
    for word in words:
        if word.isdigit() and 1 <= int(word) <= len(ids):
            return ids[int(word) - 1]
    lowered = text.lower()
    for scenario_id in ids:
        if scenario_id.lower() in lowered:
            return scenario_id
    best, best_hits = None, 0
    for scenario_id in ids:
        hits = _shared_words(words, f"{scenario_id} {titles.get(scenario_id, '')}")
        if hits > best_hits:
            best, best_hits = scenario_id, hits
    return best


_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "with",
        "for",
        "after",
        "at",
        "by",
        "from",
        "is",
        "it",
        "i",
        "me",
        "my",
        "lets",
        "let",
        "s",
        "start",
        "begin",
        "scenario",
        "scenarios",
        "one",
        "please",
        "practise",
        "practice",
        "new",
        "session",
    ]
)


def _shared_words(words: Iterable[str], label: str) -> int:
    label_words = {word for word in _words(label.replace("_", " ")) if len(word) > 2}
    return len({word for word in words if word not in _STOPWORDS} & label_words)
