"""The scenario file format (one YAML file per persona), validated with pydantic.

Every field is described in ``bot/persona/README.md``. Line ids are derived from where
a line sits in the file (``<scenario>.<pool>.<n>``, 1-based), so an instructor writes
plain strings and never invents ids.
"""

from __future__ import annotations

import re
from typing import Annotated, Dict, List, Sequence

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from bot.persona.types import PeerLine

# The trainee moves (NLU intents) the peer reacts to.
MOVES = (
    "greet",
    "introduce_self",
    "open_question",
    "closed_question",
    "reflect_feeling",
    "reflect_content",
    "validate_normalize",
    "affirm_strength",
    "summarize",
    "self_disclose",
    "give_advice",
    "reassure_minimize",
    "judge_criticize",
    "ask_about_safety",
    "offer_resources",
    "goodbye",
    "out_of_scope",
)
BANDS = ("low", "mid", "high")
# Mirrors bot.scoring.result.FLAG_CATEGORIES (a test keeps them in step).
FLAG_CATEGORIES = (
    "directive",
    "criticism",
    "label",
    "minimising",
    "advice",
    "moralising",
    "presumption",
    "othering",
    "intimidation",
)
REQUIRED_FLAGS = (
    "label",
    "intimidation",
    "othering",
    "minimising",
    "criticism",
    "directive",
)
DIFFICULTIES = ("easy", "standard", "hard")
CRISIS_STEPS = (
    "asked_directly",
    "stayed_with",
    "explored_safety",
    "connected_resources",
)
# SAMHSA Core Competencies for Peer Workers in Behavioral Health Services (2015).
SAMHSA_COMPETENCIES = (
    "engages_peers",  # I. engages peers in collaborative and caring relationships
    "provides_support",  # II. provides support
    "shares_lived_experience",  # III. shares lived experiences of recovery
    "personalizes_support",  # IV. personalizes peer support
    "supports_recovery_planning",  # V. supports recovery planning
    "links_to_resources",  # VI. links to resources, services and supports
    "provides_wellness_information",  # VII. skills for health, wellness, recovery
    "helps_manage_crises",  # VIII. helps peers to manage crises
    "values_communication",  # IX. values communication
    "supports_collaboration",  # X. supports collaboration and teamwork
    "promotes_leadership_advocacy",  # XI. promotes leadership and advocacy
    "promotes_growth",  # XII. promotes growth and development
)
OARS_SKILLS = ("open_questions", "affirmations", "reflections", "summaries")
STYLES = ("reserved", "tangential", "hostile", "testing", "over_pleasing", "guarded")
PLACEHOLDER = "{trainee_words}"

Text = Annotated[str, Field(min_length=1)]
Lines = Annotated[List[Text], Field(min_length=1)]
Percent = Annotated[int, Field(ge=0, le=100)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Person(_Strict):
    name: Text
    age: Annotated[int, Field(ge=10, le=110)]
    pronouns: Text
    background: Text


class Style(_Strict):
    kind: Text  # one of STYLES
    notes: Text

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        return _one_of(value, STYLES, "style")


class Competencies(_Strict):
    samhsa: Lines  # SAMHSA_COMPETENCIES keys
    oars: Lines  # OARS_SKILLS keys
    practises: Lines  # free text: what this scenario lets a trainee practise

    @field_validator("samhsa")
    @classmethod
    def _known_samhsa(cls, value: List[str]) -> List[str]:
        return [_one_of(tag, SAMHSA_COMPETENCIES, "SAMHSA competency") for tag in value]

    @field_validator("oars")
    @classmethod
    def _known_oars(cls, value: List[str]) -> List[str]:
        return [_one_of(tag, OARS_SKILLS, "OARS skill") for tag in value]


class Preset(_Strict):
    trust: Percent
    openness: Percent
    distress: Percent
    gain: Annotated[float, Field(gt=0, le=3)]  # multiplies improvements
    loss: Annotated[float, Field(gt=0, le=3)]  # multiplies set-backs
    can_leave: bool
    leave_at: Percent = 5  # leaves after a judgmental turn that takes trust this low
    # ...or after any of these flags while trust is below the high band
    leave_on_flags: List[str] = Field(default_factory=list)

    @field_validator("leave_on_flags")
    @classmethod
    def _known_flags(cls, value: List[str]) -> List[str]:
        return [_one_of(flag, FLAG_CATEGORIES, "flag category") for flag in value]


class Difficulty(_Strict):
    easy: Preset
    standard: Preset
    hard: Preset


class Layer(_Strict):
    title: Text
    threshold: Percent  # trust needed to unlock
    hint: Text  # what a good next reply would address while this is the deepest layer
    lines: Annotated[List[Text], Field(min_length=2)]


class BandLines(_Strict):
    low: Lines
    mid: Lines
    high: Lines


class Callbacks(_Strict):
    warm: Lines  # with {trainee_words}: the peer picks up the trainee's words gladly
    sharp: Lines  # with {trainee_words}: the peer throws a judgmental phrase back


class Hints(_Strict):
    surface: Text  # before any layer is unlocked
    low_trust: Text  # after judgment or while trust is low
    left: Text  # after the peer has left


class CrisisStep(_Strict):
    hint: Text
    moves: List[str] = Field(default_factory=list)  # moves that count for this step
    patterns: List[Text] = Field(default_factory=list)  # regexes that count, any move
    needs_disclosure: bool = True  # only counts once the disclosure layer is open
    needs_validating: bool = False  # a listed move only counts if validating
    counts_if_judgmental: bool = True  # False: a judgmental turn never counts
    lines: Lines

    @model_validator(mode="after")
    def _patterns_compile(self) -> CrisisStep:
        for pattern in self.patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                problem = f"pattern {pattern!r} is not a valid regex: {exc}"
                raise ValueError(problem) from exc
        unknown = [move for move in self.moves if move not in MOVES]
        if unknown:
            raise ValueError(f"unknown moves {unknown}; known moves: {list(MOVES)}")
        if not self.moves and not self.patterns:
            raise ValueError(
                "a crisis step needs at least one of 'moves' or 'patterns'"
            )
        return self


class CrisisSteps(_Strict):
    asked_directly: CrisisStep
    stayed_with: CrisisStep
    explored_safety: CrisisStep
    connected_resources: CrisisStep


class Crisis(_Strict):
    disclosure_layer: Annotated[int, Field(ge=1)]  # the layer where thoughts are shared
    ask_gate: Annotated[int, Field(ge=0, le=100)] = 20  # a direct question unlocks it
    # ...at (threshold - ask_gate) trust
    resources: Text  # e.g. the 988 Suicide & Crisis Lifeline, for reports and coach
    deflect: Lines  # a direct question asked before the peer is ready
    steps: CrisisSteps


class Scenario(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    title: Text
    summary: Annotated[str, Field(min_length=1, max_length=140)]
    person: Person
    facts: Annotated[List[Text], Field(min_length=3)]
    style: Style
    competencies: Competencies
    difficulty: Difficulty
    opening: Lines
    layers: Annotated[List[Layer], Field(min_length=2)]
    reactions: Dict[str, BandLines]  # every move in MOVES
    flag_reactions: Dict[str, Lines]  # REQUIRED_FLAGS at least, any FLAG_CATEGORIES
    pushback: Lines
    withdrawal: Lines
    leaving: Lines
    callbacks: Callbacks
    fallback: Lines
    silence: Text = "…"  # said (under a fresh id) only if every pool is used up
    hints: Hints
    crisis: Crisis | None = None

    _pools: Dict[str, List[PeerLine]] = PrivateAttr(default_factory=dict)

    @field_validator("reactions")
    @classmethod
    def _known_moves(cls, value: Dict[str, BandLines]) -> Dict[str, BandLines]:
        for move in value:
            _one_of(move, MOVES, "move")
        return value

    @field_validator("flag_reactions")
    @classmethod
    def _known_flag_keys(cls, value: Dict[str, List[str]]) -> Dict[str, List[str]]:
        for flag in value:
            _one_of(flag, FLAG_CATEGORIES, "flag category")
        return value

    @model_validator(mode="after")
    def _check(self) -> Scenario:
        missing = [move for move in MOVES if move not in self.reactions]
        if missing:
            raise ValueError(f"reactions: missing moves {missing}")
        missing = [flag for flag in REQUIRED_FLAGS if flag not in self.flag_reactions]
        if missing:
            raise ValueError(f"flag_reactions: missing categories {missing}")
        thresholds = [layer.threshold for layer in self.layers]
        if thresholds != sorted(set(thresholds)):
            raise ValueError(f"layers: thresholds must rise strictly, got {thresholds}")
        if self.crisis and self.crisis.disclosure_layer > len(self.layers):
            raise ValueError(
                f"crisis.disclosure_layer: {self.crisis.disclosure_layer} but only "
                f"{len(self.layers)} layers"
            )
        self._pools = build_pools(self)
        _check_lines(self._pools)
        return self

    @property
    def is_crisis(self) -> bool:
        return self.crisis is not None

    def pool(self, key: str) -> List[PeerLine]:
        return self._pools.get(key, [])

    def pool_keys(self) -> List[str]:
        return list(self._pools)

    def preset(self, difficulty: str) -> Preset:
        if difficulty not in DIFFICULTIES:
            raise ValueError(f"unknown difficulty {difficulty!r}; use {DIFFICULTIES}")
        preset: Preset = getattr(self.difficulty, difficulty)
        return preset

    def competency_tags(self) -> List[str]:
        """SAMHSA and OARS tags, e.g. for the session report's ``competencies``."""
        samhsa = [f"samhsa:{tag}" for tag in self.competencies.samhsa]
        return samhsa + [f"oars:{tag}" for tag in self.competencies.oars]


def build_pools(scenario: Scenario) -> Dict[str, List[PeerLine]]:
    """Every line of a scenario, grouped by pool key, with its stable id."""
    raw: Dict[str, List[str]] = {"opening": list(scenario.opening)}
    for number, layer in enumerate(scenario.layers, start=1):
        raw[f"layer.{number}"] = list(layer.lines)
    for move, bands in scenario.reactions.items():
        for band in BANDS:
            raw[f"react.{move}.{band}"] = list(getattr(bands, band))
    for category, lines in scenario.flag_reactions.items():
        raw[f"flag.{category}"] = list(lines)
    for name in ("pushback", "withdrawal", "leaving", "fallback"):
        raw[name] = list(getattr(scenario, name))
    raw["callback.warm"] = list(scenario.callbacks.warm)
    raw["callback.sharp"] = list(scenario.callbacks.sharp)
    if scenario.crisis:
        raw["crisis.deflect"] = list(scenario.crisis.deflect)
        for step in CRISIS_STEPS:
            raw[f"crisis.{step}"] = list(getattr(scenario.crisis.steps, step).lines)
    return {
        key: [
            PeerLine(id=f"{scenario.id}.{key}.{n}", text=text.strip())
            for n, text in enumerate(texts, start=1)
        ]
        for key, texts in raw.items()
    }


def yaml_path(line_id: str) -> str:
    """Where a line sits in its file, e.g. ``reactions.greet.low[1]``."""
    _, key = line_id.split(".", 1)
    key, number = key.rsplit(".", 1)
    parts = key.split(".")
    if parts[0] == "react":
        key = "reactions." + ".".join(parts[1:])
    elif parts[0] == "flag":
        key = "flag_reactions." + ".".join(parts[1:])
    elif parts[0] == "layer":
        key = f"layers[{int(parts[1]) - 1}].lines"
    elif parts[0] == "callback":
        key = "callbacks." + ".".join(parts[1:])
    elif parts[0] == "crisis" and parts[1] in CRISIS_STEPS:
        key = f"crisis.steps.{parts[1]}.lines"
    return f"{key}[{int(number) - 1}]"


def _check_lines(pools: Dict[str, List[PeerLine]]) -> None:
    problems: List[str] = []
    seen: Dict[str, str] = {}
    for key, lines in pools.items():
        for line in lines:
            where = yaml_path(line.id)
            if key.startswith("callback.") and PLACEHOLDER not in line.text:
                problems.append(f"{where}: callback lines must contain {PLACEHOLDER}")
            rest = line.text.replace(PLACEHOLDER, "")
            if "{" in rest or "}" in rest:
                problems.append(
                    f"{where}: stray brace; {PLACEHOLDER} is the only placeholder"
                )
            if line.text in seen:
                problems.append(f"{where}: repeats {seen[line.text]} (same text)")
            seen.setdefault(line.text, where)
    if problems:
        raise ValueError("\n".join(problems))


def _one_of(value: str, allowed: Sequence[str], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r}; expected one of {list(allowed)}")
    return value
