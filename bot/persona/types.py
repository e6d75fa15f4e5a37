"""Types shared by the persona engine and its callers (actions, reports, tests).

The peer's hidden state is plain data so that it round-trips through Rasa slots:
the action server keeps nothing in memory between turns.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List


@dataclass(frozen=True)
class TurnInput:
    """What the peer reacts to: the trainee's move (intent) and the scorer's verdict."""

    move: str  # trainee intent (NLU), e.g. "reflect_feeling", "judge_criticize"
    text: str  # the trainee's reply as typed
    validation_score: int  # 0-100
    nonjudgment_score: int  # 0-100
    validating: bool
    judgmental: bool
    oars: str
    flag_categories: List[str] = field(default_factory=list)
    feelings_named: List[str] = field(default_factory=list)
    wrong_feeling: bool = False


@dataclass(frozen=True)
class PeerLine:
    """One thing the peer says; ``id`` is stable so tests and reports can name it."""

    id: str
    text: str


@dataclass
class PeerState:
    scenario_id: str
    difficulty: str
    trust: int  # 0-100
    openness: int  # 0-100
    distress: int  # 0-100
    layer: int = 0  # deepest disclosure layer unlocked (0 = surface)
    turn: int = 0
    used_lines: List[str] = field(default_factory=list)
    left: bool = False  # the peer has left the conversation
    crisis_steps: List[str] = field(default_factory=list)  # crisis scenario only
    last_trainee_words: str | None = None
    strikes: int = 0  # consecutive judgmental turns (resets on a non-judgmental one)

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> PeerState:
        known = {name for name in cls.__dataclass_fields__}
        return cls(**{key: value for key, value in data.items() if key in known})


@dataclass(frozen=True)
class TurnOutcome:
    state: PeerState
    line: PeerLine
    events: List[str] = field(default_factory=list)  # e.g. "layer_unlocked:2", "left"
