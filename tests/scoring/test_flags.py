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
    assert "telling your sister" in flag.rewrite
    assert not flag.rewrite.lower().startswith("you should")


def test_minimising_rewrite_reflects_the_peers_feeling() -> None:
    flags = score("At least you have a job.", "I'm so lonely since the move.").flags
    assert flags[0].category == "minimising"
    assert "lonely" in flags[0].rewrite


def test_curly_quotes_and_apostrophes() -> None:
    assert score("You shouldn\u2019t feel that way.", "").judgmental
    assert not score("There\u2019s no \u201cshould\u201d here.", "").flags


# --- one span, one flag (category precedence) ---

OVERLAPPING = [
    ("You should just try to think positive.", ["minimising"]),
    ("You're probably just exhausted and overreacting.", ["presumption"]),
    ("You need to stop being so dramatic about it.", ["criticism"]),
    ("Maybe you should talk to the principal.", ["advice"]),
    ("You need to stop hanging out with junkies.", ["directive", "label"]),
]


@pytest.mark.parametrize(("reply", "categories"), OVERLAPPING)
def test_one_flag_per_span(reply: str, categories: list[str]) -> None:
    flags = score(reply, CONTEXT).flags
    assert [f.category for f in flags] == categories, flags
    for a, b in zip(flags, flags[1:], strict=False):
        assert a.end <= b.start, flags


def test_no_reply_has_overlapping_flags() -> None:
    replies = (
        [r for _, r in FLAGGED]
        + [r for r, _ in OVERLAPPING]
        + [
            "Honestly you should stop whining, people like you just need to try harder",
            "You should just relax and stop worrying, it's not that bad.",
            "Just get over it and move on with your life.",
        ]
    )
    for reply in replies:
        flags = score(reply, CONTEXT).flags
        for i, a in enumerate(flags):
            for b in flags[i + 1 :]:
                assert a.end <= b.start or b.end <= a.start, (reply, flags)


def test_label_inside_a_directive_is_said_person_first_in_the_rewrite() -> None:
    flags = score("You need to stop hanging out with junkies.", CONTEXT).flags
    directive = next(f for f in flags if f.category == "directive")
    assert "junkies" not in directive.rewrite
    assert "people who use drugs" in directive.rewrite


# --- the othering bug: an exception must not swallow "people like you" ---


def test_people_like_you_need_is_othering() -> None:
    reply = "Honestly you should stop whining, people like you just need to try harder."
    cats = score(reply, CONTEXT).flag_categories
    assert "othering" in cats and "criticism" in cats


@pytest.mark.parametrize(
    "reply",
    [
        "It feels like you have to be strong for everyone.",
        "It sounds like you need to be perfect all the time.",
        "Since you have to be there anyway, what would make it bearable?",
    ],
)
def test_feel_like_you_have_to_is_not_a_directive(reply: str) -> None:
    assert "directive" not in score(reply, CONTEXT).flag_categories


# --- new general patterns ---

NEW_PATTERNS = [
    ("intimidation", "This is your last chance to get it together."),
    ("intimidation", "If you keep skipping meetings I'm going to tell your sponsor."),
    ("intimidation", "Unless you stop, I'll call your parents."),
    ("intimidation", "Don't come crying to me when it goes wrong."),
    ("moralising", "You owe it to your kids to stay sober."),
    ("moralising", "It's wrong to lie to your wife like that."),
    ("moralising", "You ought to be ashamed of yourself."),
    ("moralising", "Do the decent thing and call her, it's the right thing."),
    ("moralising", "Think of your kids."),
    ("criticism", "Well, you brought this on yourself."),
    ("criticism", "What did you expect?"),
    ("criticism", "That was a stupid thing to do."),
    ("criticism", "You always mess things up like this."),
    ("criticism", "Wow, great job."),
    ("criticism", "Did you even try?"),
    ("label", "She's a hoarder, that's the problem."),
    ("label", "He's an ex-con, nobody will hire him."),
    ("othering", "You're one of those people who never asks for help."),
    ("othering", "You're not like the others in that group."),
    ("label", "lol u sound crazy"),
    ("criticism", "why did u do that"),
]


@pytest.mark.parametrize(("category", "reply"), NEW_PATTERNS)
def test_new_patterns(category: str, reply: str) -> None:
    result = score(reply, CONTEXT)
    assert category in result.flag_categories, result.flags
    assert result.judgmental


NEW_CLEAN = [
    "You did the right thing telling someone.",
    "What else have you tried so far?",
    "You're feeling like they'd be better off without you.",
    "Your dad said it was wrong to cry, and that must have hurt.",
    "I'm not saying you brought this on yourself.",
    'There\'s no "right thing" here, only what fits you.',
    "Would it be okay if I shared an idea? Maybe you could try a sober app.",
    "You should be really proud of how far you've come.",
    "Keep your head up, I'm here with you.",
    "I really think you'll come out the other side of this.",
    "What kind of treatments have you tried?",
    "You're not a failure and you're not crazy.",
]


@pytest.mark.parametrize("reply", NEW_CLEAN)
def test_new_patterns_do_not_flag(reply: str) -> None:
    result = score(reply, CONTEXT)
    assert result.flags == [], result.flags


# --- rewrites read naturally ---


@pytest.mark.parametrize(
    ("reply", "rewrite"),
    [
        (
            "You should tell your sister.",
            "What do you think about telling your sister?",
        ),
        ("You need to stop drinking.", "What do you think about stopping drinking?"),
        (
            "You shouldn't drink tonight.",
            "What do you think about not drinking tonight?",
        ),
        (
            "Stop drinking and go to a meeting.",
            "stopping drinking and going to a meeting",
        ),
        ("Why did you drink again?", "What was going on for you when you drank again?"),
        ("Why didn't you call someone?", "when you didn't call someone?"),
        ("Why would you do that to yourself?", "when you did that to yourself?"),
    ],
)
def test_rewrites_are_grammatical(reply: str, rewrite: str) -> None:
    (flag,) = score(reply, "").flags
    assert rewrite in flag.rewrite, flag.rewrite
    assert "the idea to" not in flag.rewrite
