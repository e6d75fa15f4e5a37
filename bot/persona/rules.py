"""How the peer's hidden state moves each turn (the numbers; README.md explains them).

All values are integers 0-100. One turn:

1. ``raw`` deltas = the move's base effect (MOVE_EFFECTS)
   + quality: ``(validation_score - 50) // 20`` to trust (-3..+2), half of it to
   openness and, negated, to distress
   - judgment: when ``judgmental``, ``(100 - nonjudgment_score) // 20`` off trust (0..5)
   - flags: FLAG_PENALTY of the worst flag category + 1 for each further category, off
   trust; half of it off openness and onto distress
   - 2 trust for a wrongly named feeling, - 1 for advice while trust is still low.
2. Difficulty: improvements (trust/openness up, distress down) are multiplied by the
   preset's ``gain``, set-backs by its ``loss``; then rounded.
3. Openness drifts a fifth of the way towards the new trust (people open up to those
   they trust), then everything is clamped to 0..100.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Tuple

from bot.persona.schema import Preset
from bot.persona.types import TurnInput

# move -> (trust, openness, distress) before scaling
MOVE_EFFECTS: Dict[str, Tuple[int, int, int]] = {
    "greet": (1, 1, 0),
    "introduce_self": (2, 1, 0),
    "open_question": (3, 4, 0),
    "closed_question": (0, -1, 0),
    "reflect_feeling": (3, 3, -3),
    "reflect_content": (2, 2, -2),
    "validate_normalize": (3, 2, -3),
    "affirm_strength": (2, 2, -2),
    "summarize": (3, 3, -2),
    "self_disclose": (2, 2, -1),
    "give_advice": (-2, -2, 1),
    "reassure_minimize": (-2, -2, 2),
    "judge_criticize": (-5, -4, 4),
    "ask_about_safety": (2, 1, -1),
    "offer_resources": (1, 0, -1),
    "goodbye": (0, 0, 0),
    "out_of_scope": (-2, -2, 1),
}
# flag category -> trust penalty (the worst harm first)
FLAG_PENALTY: Dict[str, int] = {
    "intimidation": 8,
    "othering": 7,
    "label": 6,
    "criticism": 4,
    "moralising": 3,
    "minimising": 2,
    "presumption": 2,
    "directive": 1,
    "advice": 1,
}
# judgment this harmful makes a peer at low trust withdraw rather than push back
SEVERE_FLAGS = frozenset({"intimidation", "othering", "label", "criticism"})
WITHDRAW_BELOW = 20  # below this trust any judgment meets withdrawal
# crisis step recorded this turn -> (trust, openness, distress)
CRISIS_STEP_EFFECT = (4, 3, -6)
LOW_BAND_BELOW = 35  # trust < 35: low; < 65: mid; otherwise high
HIGH_BAND_FROM = 65
DEEPENING_MOVES = frozenset(
    {
        "open_question",
        "reflect_feeling",
        "reflect_content",
        "validate_normalize",
        "affirm_strength",
        "summarize",
        "self_disclose",
    }
)


@dataclass(frozen=True)
class Delta:
    trust: int
    openness: int
    distress: int


def band(trust: int) -> str:
    if trust < LOW_BAND_BELOW:
        return "low"
    if trust < HIGH_BAND_FROM:
        return "mid"
    return "high"


def clamp(value: float) -> int:
    return int(max(0, min(100, round(value))))


def worst_flag(flags: list[str]) -> str | None:
    known = [flag for flag in FLAG_PENALTY if flag in flags]
    return known[0] if known else None


def raw_delta(move: str, turn: TurnInput, trust: int) -> Delta:
    """The unscaled effect of one trainee turn."""
    base_t, base_o, base_d = MOVE_EFFECTS.get(move, MOVE_EFFECTS["out_of_scope"])
    quality = (max(0, min(100, turn.validation_score)) - 50) // 20
    judgment = 0
    if turn.judgmental:
        judgment = (100 - max(0, min(100, turn.nonjudgment_score))) // 20
    penalties = sorted(
        (
            FLAG_PENALTY[flag]
            for flag in set(turn.flag_categories)
            if flag in FLAG_PENALTY
        ),
        reverse=True,
    )
    flags = penalties[0] + len(penalties) - 1 if penalties else 0
    trust_delta = base_t + quality - judgment - flags
    if turn.wrong_feeling:
        trust_delta -= 2
    if move == "give_advice" and band(trust) == "low":
        trust_delta -= 1
    return Delta(
        trust=trust_delta,
        openness=base_o + quality // 2 - flags // 2,
        distress=base_d - quality // 2 + flags // 2 + (2 if turn.judgmental else 0),
    )


def scale(delta: Delta, preset: Preset) -> Delta:
    """Improvements times ``gain``, set-backs times ``loss`` (distress down is good)."""

    def up_is_good(value: int) -> int:
        return round(value * (preset.gain if value > 0 else preset.loss))

    def down_is_good(value: int) -> int:
        return round(value * (preset.gain if value < 0 else preset.loss))

    return Delta(
        trust=up_is_good(delta.trust),
        openness=up_is_good(delta.openness),
        distress=down_is_good(delta.distress),
    )


def apply(
    trust: int, openness: int, distress: int, delta: Delta
) -> Tuple[int, int, int]:
    """New (trust, openness, distress), openness drifting towards trust, clamped."""
    new_trust = clamp(trust + delta.trust)
    moved = openness + delta.openness
    drifted = moved + (new_trust - moved) / 5
    return new_trust, clamp(drifted), clamp(distress + delta.distress)
