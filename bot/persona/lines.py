"""Choosing the peer's line: never twice in a session, seeded from the state."""

from __future__ import annotations

import hashlib
from typing import List, Sequence

from bot.persona.schema import PLACEHOLDER, Scenario
from bot.persona.types import PeerLine, PeerState


def seed(*parts: object) -> int:
    """A stable number from the parts (Python's hash() is salted per process)."""
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def unused(scenario: Scenario, state: PeerState, key: str) -> List[PeerLine]:
    used = set(state.used_lines)
    return [line for line in scenario.pool(key) if line.id not in used]


def pick(
    scenario: Scenario, state: PeerState, key: str, ordered: bool = False
) -> PeerLine | None:
    """An unused line of pool ``key``: the first if ``ordered``, else a seeded one."""
    candidates = unused(scenario, state, key)
    if not candidates:
        return None
    if ordered:
        return candidates[0]
    index = seed(scenario.id, state.difficulty, state.turn, key, len(state.used_lines))
    return candidates[index % len(candidates)]


def pick_first(
    scenario: Scenario, state: PeerState, keys: Sequence[str]
) -> PeerLine | None:
    for key in keys:
        line = pick(scenario, state, key)
        if line is not None:
            return line
    return None


def silence(scenario: Scenario, state: PeerState) -> PeerLine:
    """The neutral line when every pool is used up; its id is fresh each turn."""
    return PeerLine(id=f"{scenario.id}.silence.{state.turn}", text=scenario.silence)


def render(line: PeerLine, trainee_words: str | None) -> PeerLine:
    if PLACEHOLDER not in line.text:
        return line
    return PeerLine(
        id=line.id, text=line.text.replace(PLACEHOLDER, trainee_words or "")
    )
