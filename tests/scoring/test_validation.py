"""Validation dimensions, feelings in context, OARS and strengths."""

from __future__ import annotations

import pytest

from bot.scoring import OARS_CATEGORIES, score

GRIEF = "My mom died three weeks ago and I just feel so empty and alone."


def test_complex_reflection_of_the_right_feeling() -> None:
    reply = (
        "It sounds like you're feeling really alone, especially now that the house "
        "is so quiet without her."
    )
    result = score(reply, GRIEF)
    assert result.validating
    assert result.interpretation == 2
    assert "lonely" in result.feelings_named
    assert "lonely" in result.feelings_in_context
    assert not result.wrong_feeling
    assert {"named_feeling", "matched_feeling", "reflected_meaning"} <= set(
        result.strengths
    )
    assert result.oars == "reflection_complex"


def test_wrong_feeling_is_noted() -> None:
    result = score("You sound really angry at her.", GRIEF)
    assert result.feelings_named == ["angry"]
    assert result.wrong_feeling
    assert "matched_feeling" not in result.strengths


def test_matched_feeling_scores_higher_than_generic() -> None:
    matched = score("You must feel so alone right now.", GRIEF)
    generic = score("That sucks.", GRIEF)
    assert matched.validation_score > generic.validation_score


def test_emotional_reaction_and_normalising() -> None:
    result = score(
        "I'm so sorry. Anyone would feel lost after losing their mom.", GRIEF
    )
    assert result.validating
    assert result.emotional_reaction == 2
    assert "normalised" in result.strengths
    assert "showed_warmth" in result.strengths


def test_affirmation() -> None:
    result = score("It took real courage to tell me this.", GRIEF)
    assert result.validating
    assert "affirmed" in result.strengths
    assert result.oars == "affirmation"


def test_open_question_about_feelings() -> None:
    result = score("What has this last week been like for you?", GRIEF)
    assert result.exploration == 2
    assert result.oars == "open_question"
    assert "open_question" in result.strengths
    assert not result.validating


def test_closed_question() -> None:
    result = score("Did you go to the funeral?", GRIEF)
    assert result.oars == "closed_question"
    assert result.exploration == 0


def test_advice_oars_and_not_validating() -> None:
    result = score("You should join a grief support group.", GRIEF)
    assert result.oars == "advice"
    assert not result.validating


def test_summary() -> None:
    reply = (
        "Let me see if I've got this: you feel empty, the house is quiet, and part of "
        "you is angry that nobody calls. Did I get that right?"
    )
    assert score(reply, GRIEF).oars == "summary"


def test_negated_feeling_in_context_is_ignored() -> None:
    result = score("That sounds sad.", "I'm not sad, I'm furious.")
    assert "sad" not in result.feelings_in_context
    assert "angry" in result.feelings_in_context


def test_speaker_own_feeling_is_not_a_reflection() -> None:
    result = score("I feel sad hearing this.", GRIEF)
    assert "sad" not in result.feelings_named


def test_scores_in_range_and_consistent() -> None:
    for reply in ("", "ok", "What?", "That sounds so hard.", "Just get over it."):
        result = score(reply, GRIEF)
        assert 0 <= result.validation_score <= 100
        assert 0 <= result.nonjudgment_score <= 100
        assert result.oars in OARS_CATEGORIES
        for dim in (
            result.emotional_reaction,
            result.interpretation,
            result.exploration,
        ):
            assert dim in (0, 1, 2)
        assert result.judgmental == (result.nonjudgment_score <= 50)


JOB = "They let me go this morning after twelve years. I don't know how I'll pay rent."


@pytest.mark.parametrize(
    "reply",
    [
        "I'm so sorry you're going through this.",
        "You're not alone in this.",
        "I'm here for you, whatever you need.",
        "I believe in you.",
        "It's okay to feel this way.",
        "I really hope things start to ease up for you soon.",
        "You're stronger than you think right now.",
        "I am sure you will get through this, you have handled hard things before.",
    ],
)
def test_supportive_reassurance_is_validating(reply: str) -> None:
    """Sympathy, reassurance, encouragement and solidarity affirm (corpus guideline)."""
    result = score(reply, JOB)
    assert result.validating
    assert not result.judgmental
    assert result.emotional_reaction >= 1


def test_stock_sympathy_then_advice_is_advice() -> None:
    result = score(
        "I'm sorry to hear that. Have you tried talking to your manager?", JOB
    )
    assert not result.validating
    assert "advice" in result.flag_categories
    assert result.oars == "advice"


def test_stock_sympathy_then_question_is_a_question() -> None:
    result = score("I'm sorry to hear that. What happened?", JOB)
    assert not result.validating
    assert not result.judgmental


@pytest.mark.parametrize(
    "reply",
    [
        "Cheer up, it's not that bad.",
        "At least you still have your health.",
        "Look on the bright side, now you have more free time.",
    ],
)
def test_minimising_reassurance_is_not_validating(reply: str) -> None:
    result = score(reply, JOB)
    assert not result.validating
    assert "minimising" in result.flag_categories
