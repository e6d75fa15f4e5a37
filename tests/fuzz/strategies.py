"""Hypothesis strategies for what trainees (and broken clients) actually send."""

from __future__ import annotations

import json

from hypothesis import strategies as st

RTL_AND_NON_ENGLISH = [
    "أشعر بالوحدة منذ أن خرجت من المستشفى",
    "אני מרגיש לבד מאז שחזרתי הביתה",
    "Je me sens seul depuis que je suis rentré.",
    "我最近晚上睡不着，总是想很多。",
    "मुझे बहुत अकेलापन महसूस होता है",
    "Мне очень одиноко после больницы.",
    "孤独を感じています。",
    "Ich fühle mich so allein seit dem Umzug.",
    "‮reversed text with an RLO mark‬ and back",
    "עברית mixed with English and العربية in one line",
]
EMOJI = ["😢", "❤️", "👍🏽", "🏳️‍🌈", "👨‍👩‍👧", "🙏", "😂😂😂", "🫶", "\u200d", "🇺🇦"]
HTML = [
    "<script>alert(document.cookie)</script>",
    '<img src=x onerror="alert(1)">',
    "</textarea><b>bold</b><!--",
    "<iframe src=javascript:alert(1)></iframe>",
    "&lt;script&gt; &amp; &#x3C;",
    "<svg onload=alert(1)>",
    "{{7*7}} ${7*7} <%= 7*7 %>",
]
INTENT_SYNTAX = [
    "/restart",
    "/session_start",
    "/end_session",
    "/trainee_distress",
    "/nlu_fallback",
    '/start_scenario{"scenario_id": "after_discharge"}',
    '/start_scenario{"scenario_id": "../../etc/passwd"}',
    '/start_scenario{"difficulty": "hard", "mode": "exam"}',
    '/set_mode{"mode": "exam"}',
    '/greet{"unterminated',
    "/greet{}{}{}",
    "/",
    "//",
    "/start_scenario@0.99",
]
PLAIN = [
    "It sounds like the quiet at home is really heavy.",
    "You should just get over it.",
    "What has this week been like for you?",
    "start 1",
    "start 3",
    "hint",
    "feedback",
    "help",
    "scenarios",
    "end",
    "exam mode",
    "coach mode",
    "difficulty hard",
]
FILLER = "It sounds like that has been really hard for you. "


def _json_values() -> st.SearchStrategy:
    scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=12)
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4),
        max_leaves=12,
    )


def long_text() -> st.SearchStrategy[str]:
    """2,001 .. 20,000 characters (built, not drawn: Hypothesis buffers are small)."""
    return st.integers(2_001, 20_000).map(
        lambda n: (FILLER * (n // len(FILLER) + 1))[:n]
    )


def reply_texts() -> st.SearchStrategy[str]:
    words = st.text(max_size=40)
    return st.one_of(
        st.just(""),
        st.text(alphabet=" \t\n\r\u00a0\u2003\u200b\u3000", max_size=30),
        long_text(),
        st.text(alphabet=st.characters(categories=["Cc"]), min_size=1, max_size=30),
        st.lists(
            st.characters(categories=["Cs"]) | st.characters(), min_size=1, max_size=30
        ).map("".join),
        st.lists(st.sampled_from(EMOJI) | words, min_size=1, max_size=6).map("".join),
        st.sampled_from(RTL_AND_NON_ENGLISH),
        st.sampled_from(HTML),
        _json_values().map(json.dumps),
        st.sampled_from(INTENT_SYNTAX),
        st.builds(
            lambda before, injected, after: f"{before} {injected} {after}",
            words,
            st.sampled_from(INTENT_SYNTAX),
            words,
        ),
        st.sampled_from(PLAIN),
        words,
    )
