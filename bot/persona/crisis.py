"""Crisis scenario: which of the four steps a trainee turn achieves.

Steps (``CRISIS_STEPS``): asked_directly, stayed_with, explored_safety,
connected_resources. What counts for each is data (``crisis.steps`` in the scenario
file): a trainee move listed in ``moves`` or a match of any regex in ``patterns``.
"""

from __future__ import annotations

import re
from typing import List

from bot.persona.schema import CRISIS_STEPS, CrisisStep, Scenario
from bot.persona.types import PeerState, TurnInput


def _matches(step: CrisisStep, move: str, turn: TurnInput) -> bool:
    if turn.judgmental and not step.counts_if_judgmental:
        return False
    text = turn.text.lower()
    if any(re.search(pattern, text) for pattern in step.patterns):
        return True
    if move not in step.moves:
        return False
    return turn.validating or not step.needs_validating


def asks_directly(scenario: Scenario, move: str, turn: TurnInput) -> bool:
    """The trainee asks about suicide in so many words."""
    if scenario.crisis is None:
        return False
    return _matches(scenario.crisis.steps.asked_directly, move, turn)


def detect(
    scenario: Scenario, state: PeerState, move: str, turn: TurnInput
) -> List[str]:
    """Steps newly achieved this turn, in CRISIS_STEPS order."""
    if scenario.crisis is None:
        return []
    disclosed = state.layer >= scenario.crisis.disclosure_layer
    found = []
    for name in CRISIS_STEPS:
        step: CrisisStep = getattr(scenario.crisis.steps, name)
        if name in state.crisis_steps or (step.needs_disclosure and not disclosed):
            continue
        if _matches(step, move, turn):
            found.append(name)
    return found


def can_unlock_by_asking(scenario: Scenario, state: PeerState) -> bool:
    """A direct question opens the disclosure layer before trust alone would."""
    crisis = scenario.crisis
    if crisis is None or state.layer != crisis.disclosure_layer - 1:
        return False
    threshold = scenario.layers[crisis.disclosure_layer - 1].threshold
    return state.trust >= threshold - crisis.ask_gate
