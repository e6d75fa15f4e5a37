"""Every flag category, negation, quotation and permission-asking."""

from __future__ import annotations

import pytest

from bot.scoring import FLAG_CATEGORIES, score
from bot.scoring.resources import rationales

CONTEXT = "I relapsed last night after eight months and I feel like such a failure."

FLAGGED = [
    ("directive", "You should just call your sponsor."),
    ("directive", "You need to stop drinking right now."),
    ("directive", "Stop drinking and go to a meeting."),
    ("criticism", "Why did you drink again?"),
    ("criticism", "That was a really stupid decision."),
    ("criticism", "It's your own fault for going to that party."),
    ("label", "Once an addict, always an addict."),
    ("label", "His brother committed suicide last year."),
    ("label", "How long were you clean before this?"),
    ("label", "You're crazy if you think that."),
    ("minimising", "At least you made it eight months."),
    ("minimising", "Calm down, it's not that bad."),
    ("minimising", "Others have it much worse than you."),
    ("minimising", "Everything happens for a reason."),
    ("advice", "Have you tried going to more meetings?"),
    ("advice", "You could try journaling when the cravings hit."),
    ("advice", "If I were you I'd change my phone number."),
    ("moralising", "The right thing to do is tell your family."),
    ("moralising", "Think about your kids."),
    ("presumption", "I know exactly how you feel."),
    ("presumption", "You're probably just looking for attention."),
    ("othering", "People like you never really change."),
    ("intimidation", "If you don't stop drinking I'll call your boss."),
    ("intimidation", "Do it again and you'll regret it."),
]


@pytest.mark.parametrize(("category", "reply"), FLAGGED)
def test_flagged(category: str, reply: str) -> None:
    result = score(reply, CONTEXT)
    assert category in result.flag_categories, result.flags
    assert result.judgmental
    assert result.nonjudgment_score < 50
    for flag in result.flags:
        assert reply[flag.start : flag.end] == flag.text
        assert flag.category in FLAG_CATEGORIES
        assert flag.rationale_key in rationales()
        assert flag.rewrite and flag.rewrite != reply


CLEAN = [
    "There's no 'should' here.",
    "I'm not judging you.",
    "I'm not saying you should do anything.",
    "You're not crazy, and you're not a failure.",
    'Your mom called you an "addict"? That must have stung.',
    "It sounds like people keep telling you to calm down.",
    "It wasn't your fault.",
    "You don't have to figure it all out tonight.",
    "Would it be okay if I shared an idea that helped someone I know?",
    "If you'd like, I could share a few things other people have tried.",
    "It sounds like you're really disappointed in yourself after working so hard.",
    "What was the hardest part of last night?",
    "Take your time. I'm here.",
    "You should be proud of those eight months.",
    "You shouldn't have to carry this alone.",
]


@pytest.mark.parametrize("reply", CLEAN)
def test_not_flagged(reply: str) -> None:
    result = score(reply, CONTEXT)
    assert result.flags == [], result.flags
    assert not result.judgmental


def test_permission_then_advice_is_not_flagged() -> None:
    reply = "Would it be ok if I shared an idea? Some people find a sober app helps."
    result = score(reply, CONTEXT)
    assert "advice" not in result.flag_categories
    assert "asked_permission" in result.strengths


def test_advice_without_permission_is_flagged() -> None:
    assert "advice" in score("You could try a sober app.", CONTEXT).flag_categories


def test_label_rewrite_uses_person_first_language() -> None:
    result = score("He's an addict.", "")
    (flag,) = result.flags
    assert flag.text == "an addict"
    assert flag.rewrite == "He's a person who uses drugs."
    suicide = score("She committed suicide in May.", "").flags[0]
    assert suicide.rewrite == "She died by suicide in May."
    clean = score("Are you still clean?", "").flags[0]
    assert clean.text == "clean" and clean.rewrite == "Are you still in recovery?"


def test_directive_rewrite_keeps_the_trainees_idea() -> None:
    (flag,) = score("You should tell your sister.", "").flags
    assert "tell your sister" in flag.rewrite
    assert not flag.rewrite.lower().startswith("you should")


def test_minimising_rewrite_reflects_the_peers_feeling() -> None:
    flags = score("At least you have a job.", "I'm so lonely since the move.").flags
    assert flags[0].category == "minimising"
    assert "lonely" in flags[0].rewrite


def test_curly_quotes_and_apostrophes() -> None:
    assert score("You shouldn\u2019t feel that way.", "").judgmental
    assert not score("There\u2019s no \u201cshould\u201d here.", "").flags
