"""Scripted trainees and small builders shared by the persona tests."""

from __future__ import annotations

from typing import List, Sequence, Tuple

from bot.persona import TurnInput, TurnOutcome, next_turn, start_session

# (move, text, validation, nonjudgment, validating, judgmental, flags)
Step = Tuple[str, str, int, int, bool, bool, Tuple[str, ...]]

EMPATHIC: List[Step] = [
    ("open_question", "What has this week been like for you?", 75, 98, True, False, ()),
    (
        "reflect_feeling",
        "It sounds like you feel really alone with this",
        88,
        97,
        True,
        False,
        (),
    ),
    (
        "validate_normalize",
        "Anyone would feel worn down after all of that",
        85,
        96,
        True,
        False,
        (),
    ),
    (
        "reflect_content",
        "So it's been one loss after another, and little rest",
        82,
        97,
        True,
        False,
        (),
    ),
    (
        "affirm_strength",
        "You reached out today even though it was hard",
        84,
        98,
        True,
        False,
        (),
    ),
    (
        "summarize",
        "So there's the loss, the quiet at home, and the worry",
        86,
        97,
        True,
        False,
        (),
    ),
]
JUDGMENTAL: List[Step] = [
    (
        "judge_criticize",
        "Honestly you brought this on yourself",
        8,
        15,
        False,
        True,
        ("criticism",),
    ),
    (
        "give_advice",
        "You need to just get over it and move on",
        10,
        30,
        False,
        True,
        ("directive", "minimising"),
    ),
    (
        "judge_criticize",
        "People like you always make excuses",
        5,
        10,
        False,
        True,
        ("othering", "criticism"),
    ),
    (
        "reassure_minimize",
        "At least it's not that bad, calm down",
        12,
        35,
        False,
        True,
        ("minimising",),
    ),
    (
        "judge_criticize",
        "That's a crazy way to act, you're an addict",
        5,
        10,
        False,
        True,
        ("label",),
    ),
]
MILD_SLIP: List[Step] = [
    (
        "give_advice",
        "You should try going for a walk every day",
        40,
        65,
        False,
        True,
        ("directive",),
    ),
    (
        "reassure_minimize",
        "I'm sure it will all be fine soon",
        35,
        70,
        False,
        True,
        ("minimising",),
    ),
]


def turn(step: Step) -> TurnInput:
    move, text, validation, nonjudgment, validating, judgmental, flags = step
    return TurnInput(
        move=move,
        text=text,
        validation_score=validation,
        nonjudgment_score=nonjudgment,
        validating=validating,
        judgmental=judgmental,
        oars="other",
        flag_categories=list(flags),
    )


def mixed(length: int = 30) -> List[Step]:
    """Two empathic turns, then a mild slip (advice or minimising), repeated."""
    steps: List[Step] = []
    for index in range(length):
        if index % 3 == 2:
            steps.append(MILD_SLIP[(index // 3) % len(MILD_SLIP)])
        else:
            steps.append(EMPATHIC[index % len(EMPATHIC)])
    return steps


def cycle(steps: Sequence[Step], length: int = 30) -> List[Step]:
    return [steps[index % len(steps)] for index in range(length)]


def play(scenario_id: str, difficulty: str, steps: Sequence[Step]) -> List[TurnOutcome]:
    """The opening, then one outcome per step (the caller may stop at 'left')."""
    outcomes = [start_session(scenario_id, difficulty)]
    for step in steps:
        outcomes.append(next_turn(outcomes[-1].state, turn(step)))
    return outcomes


def line_ids(outcomes: Sequence[TurnOutcome]) -> List[str]:
    return [outcome.line.id for outcome in outcomes]
