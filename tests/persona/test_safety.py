"""Out-of-role detection: the trainee's own distress, not the role-play."""

from __future__ import annotations

import pytest

from bot.persona.safety import trainee_in_distress

POSITIVES = [
    "(ooc) I'm really struggling right now",
    "(OOC) honestly I'm not okay",
    "out of character: I want to die",
    "Out of character for a sec, I've been having thoughts of suicide",
    "for real though, I can't cope anymore",
    "for real though, I feel like giving up",
    "not role-playing, this is too close to home for me, I need help",
    "stepping out of character - i'm in a dark place",
    "I want to kill myself",
    "honestly i've been thinking about suicide",
    "I'm suicidal",
    "im not safe tonight",
    "i dont want to be alive anymore",
    "I’m going to end it all",
    "I've been cutting myself again",
    "I can't keep myself safe",
    "I've been suicidal lately and I don't know what to do",
    "ooc: honestly I'm having a really hard time myself",
    "(ooc) sorry, this is bringing up a lot for me",
]
NEGATIVES = [
    "are you thinking about killing yourself?",
    "I hear you want to die",
    "You said I want to die, that sounds so heavy",
    "When you say I want to die, what does that look like?",
    'when you said "I want to die" that hit me',
    "Have you had thoughts of suicide?",
    "I want to ask you something directly: are you thinking about suicide?",
    "I need to ask, are you thinking of ending your life?",
    "I'm worried you might hurt yourself",
    "I'm glad you told me you've been thinking about killing yourself",
    "I'm not going to judge you for thinking about suicide",
    "I'm here with you, you don't have to go through this alone",
    "I'm really struggling to understand, can you say more?",
    "Are you safe tonight?",
    "Would you be willing to call 988 with me?",
    "that's so hard, I'm sorry",
    "Do you ever feel I want to die?",
    "I've been suicidal before too, and I'm still here",
    "I've been thinking about suicide in the past, so I get it a little",
    "Are you having thoughts of killing yourself?",
    "I don't want you to die, and I'm staying right here",
    "I want to help you stay safe tonight",
    "I need you to know I'm here",
    "I will die on this hill: your feelings make sense",
    "I'm having a hard time hearing you over the noise, can you say that again?",
    "",
    "   ",
]


@pytest.mark.parametrize("text", POSITIVES)
def test_trainee_distress_is_detected(text: str) -> None:
    assert trainee_in_distress(text)


@pytest.mark.parametrize("text", NEGATIVES)
def test_in_role_replies_are_not_distress(text: str) -> None:
    assert not trainee_in_distress(text)


def test_marker_alone_is_not_distress() -> None:
    assert not trainee_in_distress("(ooc) can we switch to the hard setting?")
    assert not trainee_in_distress("out of character: that was a great exercise")
