"""1,000 generated inputs through the scorer: no exception, sane scores, exact spans."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import scoring
from tests.fuzz.strategies import reply_texts

pytestmark = pytest.mark.slow


@settings(
    max_examples=1_000,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(reply=reply_texts(), context=st.one_of(st.just(""), reply_texts()))
def test_the_scorer_answers_every_input(reply: str, context: str):
    result = scoring.score(reply, context=context)

    assert result.reply == reply
    assert 0 <= result.validation_score <= 100
    assert 0 <= result.nonjudgment_score <= 100
    assert 0.0 <= result.p_validating <= 1.0 and 0.0 <= result.p_judgmental <= 1.0
    assert result.oars in scoring.OARS_CATEGORIES
    for flag in result.flags:
        assert flag.category in scoring.FLAG_CATEGORIES
        assert 0 <= flag.start < flag.end <= len(reply)
        assert reply[flag.start : flag.end] == flag.text
    json.dumps(result.to_dict())  # what the action server sends must serialise
