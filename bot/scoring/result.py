"""Typed result of scoring one trainee reply.

This is the contract between the scorer, the persona engine, the coach and the report:
change a field here and all four follow.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List

# Non-judgment flag categories (keys; the words a trainee sees live in YAML).
FLAG_CATEGORIES = (
    "directive",  # "you should", "you need to", bare imperatives
    "criticism",  # blame, "why did you...", "that was stupid"
    "label",  # stigmatising terms: "addict", "crazy", "committed suicide"
    "minimising",  # "at least...", "calm down", toxic positivity
    "advice",  # unsolicited fixing
    "moralising",  # "the right thing to do", lecturing about values
    "presumption",  # "I know exactly how you feel"
    "othering",  # "people like you"
    "intimidation",  # threats, ultimatums
)

OARS_CATEGORIES = (
    "open_question",
    "closed_question",
    "affirmation",
    "reflection_simple",
    "reflection_complex",
    "summary",
    "advice",
    "information",
    "other",
)


@dataclass(frozen=True)
class Flag:
    """One piece of judgmental language, with where it is and a better way to say it."""

    category: str
    start: int  # character offsets into the reply, end exclusive
    end: int
    text: str  # reply[start:end], the trainee's exact words
    rationale_key: str  # key into data/scoring/rationales.yml
    rewrite: str  # the trainee's sentence said without judgment

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ReplyScore:
    """Everything the scorer says about one reply (see bot/scoring/README in docs)."""

    reply: str
    validating: bool
    judgmental: bool
    validation_score: int  # 0-100
    nonjudgment_score: int  # 0-100, 100 = no judgment at all
    emotional_reaction: int  # 0-2 warmth, concern, acknowledgement
    interpretation: int  # 0-2 reflecting feeling or meaning (1 simple, 2 complex)
    exploration: int  # 0-2 open questions about the person's experience
    oars: str  # one of OARS_CATEGORIES
    flags: List[Flag] = field(default_factory=list)
    # Feelings named in the reply / expressed in the peer's context (lexicon keys).
    feelings_named: List[str] = field(default_factory=list)
    feelings_in_context: List[str] = field(default_factory=list)
    wrong_feeling: bool = False  # reflected a feeling the peer did not express
    # Keys of what the reply did well, e.g. "named_feeling", "normalised", "affirmed",
    # "open_question", "asked_permission"; the coach turns them into praise from YAML.
    strengths: List[str] = field(default_factory=list)
    # The trained classifier's own probabilities (0-1) before they are combined with
    # the rule evidence (data/scoring/weights.yml); for explanations and debugging.
    p_validating: float = 0.0
    p_judgmental: float = 0.0

    @property
    def flag_categories(self) -> List[str]:
        return sorted({flag.category for flag in self.flags})

    def to_dict(self) -> Dict[str, Any]:
        data = asdict(self)
        data["flags"] = [flag.to_dict() for flag in self.flags]
        return data
