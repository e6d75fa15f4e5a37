"""The fragment of the trainee's words a peer quotes back."""

from __future__ import annotations

import pytest

from bot.persona.words import MAX_CHARS, MAX_WORDS, fragment


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "It sounds like you're exhausted by all of it",
            "you're exhausted by all of it",
        ),
        ("So, the evenings are the hardest part.", "the evenings are the hardest part"),
        ("ok", ""),
        ("", ""),
        ("{evil} <b>bold</b> text here", "evil bbold/b text here"),
        (
            "You should try going for a walk every single day this week",
            "You should try going for a…",
        ),
        ("You should try, going for a walk every day", "going for a walk every day"),
    ],
)
def test_fragment(text: str, expected: str) -> None:
    assert fragment(text) == expected


def test_fragment_is_short() -> None:
    long = " ".join(["word"] * 50)
    quoted = fragment(long)
    assert len(quoted.split()) <= MAX_WORDS
    assert len(quoted) <= MAX_CHARS + 1
    assert fragment(" ".join(["abcdefghijklmnopqrstuvwxyz"] * 8)).endswith("…")
