"""The coach message: the trainee's words, what worked, what to change, the rewrite."""

from bot.coach import STRENGTHS_FILE, _load_yaml, coach_message
from bot.scoring.result import Flag, ReplyScore


def make_score(**overrides) -> ReplyScore:
    values = dict(
        reply="You should call your sister.",
        validating=False,
        judgmental=True,
        validation_score=10,
        nonjudgment_score=60,
        emotional_reaction=0,
        interpretation=0,
        exploration=0,
        oars="advice",
        flags=[
            Flag(
                category="directive",
                start=0,
                end=10,
                text="You should",
                rationale_key="directive_should",
                rewrite="Would it help to talk with your sister?",
            )
        ],
    )
    values.update(overrides)
    return ReplyScore(**values)  # type: ignore[arg-type]


def test_flag_is_quoted_with_why_and_rewrite():
    message = coach_message(make_score(), trust=30)
    (change,) = message.payload["change"]
    assert change["text"] == "You should" and (change["start"], change["end"]) == (
        0,
        10,
    )
    assert change["why"], "the rationale text comes from data/scoring/rationales.yml"
    assert change["rewrite"] == "Would it help to talk with your sister?"
    assert "“You should”" in message.text and change["rewrite"] in message.text
    assert message.payload["trust"] == 30 and "30/100" in message.text
    assert message.payload["role"] == "coach"
    assert message.payload["quote"] == "You should call your sister."


def test_strengths_become_praise_and_nothing_to_change():
    score = make_score(
        reply="It sounds like you feel really alone.",
        validating=True,
        judgmental=False,
        flags=[],
        oars="reflection_simple",
        strengths=["named_feeling", "matched_feeling"],
    )
    message = coach_message(score)
    assert len(message.payload["good"]) == 2
    assert message.payload["change"] == [] and message.payload["notes"] == []
    assert "trust" not in message.payload, "no trust meter unless coach mode asks"


def test_wrong_feeling_is_noted():
    score = make_score(
        flags=[],
        judgmental=False,
        oars="reflection_simple",
        feelings_named=["angry"],
        feelings_in_context=["scared"],
        wrong_feeling=True,
    )
    notes = coach_message(score).payload["notes"]
    assert any("angry" in note and "scared" in note for note in notes)


def test_closed_question_gets_a_nudge_not_a_flag():
    score = make_score(
        reply="Did you sleep?", flags=[], judgmental=False, oars="closed_question"
    )
    message = coach_message(score)
    assert message.payload["change"] == []
    assert len(message.payload["notes"]) == 2  # no validation yet, and closed question


def test_unknown_rationale_key_falls_back_to_the_category():
    flag = Flag("othering", 0, 10, "people like", "no_such_key", "Some people…")
    (change,) = coach_message(make_score(flags=[flag])).payload["change"]
    assert change["why"]


def test_every_strength_the_scorer_knows_has_praise():
    strengths = _load_yaml(STRENGTHS_FILE)
    score = make_score(flags=[], judgmental=False, strengths=list(strengths))
    assert len(coach_message(score).payload["good"]) == len(strengths)
