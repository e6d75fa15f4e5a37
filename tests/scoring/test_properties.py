"""Property tests: any unicode input gives a well-formed result."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.scoring import FLAG_CATEGORIES, OARS_CATEGORIES, ReplyScore, score, score_many
from bot.scoring.resources import rationales

ANY_TEXT = st.text(alphabet=st.characters(codec=None), max_size=300)
WORDY = st.lists(
    st.sampled_from(
        [
            "you",
            "should",
            "just",
            "at",
            "least",
            "addict",
            "clean",
            "why",
            "did",
            "calm",
            "down",
            "I",
            "know",
            "exactly",
            "how",
            "feel",
            "sad",
            "alone",
            "sounds",
            "like",
            "must",
            "be",
            "hard",
            "'",
            '"',
            ",",
            ".",
            "?",
            "!",
            "not",
            "no",
            "never",
            "people",
            "like",
            "would",
            "it",
            "be",
            "okay",
            "if",
            "I",
            "shared",
            "an",
            "idea",
            "committed",
            "suicide",
            "’",
            "\n",
            "\t",
            "\x00",
        ]
    ),
    max_size=40,
).map(" ".join)


def check(result: ReplyScore, reply: str) -> None:
    assert result.reply == reply
    assert 0 <= result.validation_score <= 100
    assert 0 <= result.nonjudgment_score <= 100
    assert result.oars in OARS_CATEGORIES
    assert all(
        d in (0, 1, 2) for d in (result.emotional_reaction, result.interpretation)
    )
    assert result.exploration in (0, 1, 2)
    for flag in result.flags:
        assert flag.category in FLAG_CATEGORIES
        assert 0 <= flag.start < flag.end <= len(reply)
        assert reply[flag.start : flag.end] == flag.text
        assert flag.rationale_key in rationales()
        assert isinstance(flag.rewrite, str) and flag.rewrite
    result.to_dict()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reply=ANY_TEXT, context=ANY_TEXT)
def test_any_unicode(reply: str, context: str) -> None:
    check(score(reply, context), reply)


@settings(max_examples=150, deadline=None)
@given(reply=WORDY, context=WORDY)
def test_cue_words_in_any_order(reply: str, context: str) -> None:
    check(score(reply, context), reply)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(ANY_TEXT, ANY_TEXT), max_size=8))
def test_batch_matches_single(pairs: list) -> None:
    batch = score_many(pairs)
    assert [r.to_dict() for r in batch] == [score(r, c).to_dict() for r, c in pairs]


def test_edge_inputs() -> None:
    for reply in (
        "",
        " ",
        "\x00\x01\x7f",
        "\ud800\udfff lone surrogates",
        "a" * 20_000,
        "you should " * 2_000,
        "\u202e\u200b\ufeff",
        "\U0001f62d\U0001f494 " * 50,
        "?" * 500,
        "'" * 300 + '"' * 301,
        "?!." * 7_000,  # long runs without spaces (spaCy's tokenizer is slow on them)
        "a" * 20_000 + "!" * 3_000,
    ):
        check(score(reply, reply[:100]), reply)
