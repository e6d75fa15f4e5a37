"""Slack message building (bot/connectors/slack_render.py imports no rasa)."""

from __future__ import annotations

import json

from bot.connectors import slack_render as render

TEXTS = render.load_texts()


def test_escape_stops_mentions_and_links() -> None:
    assert render.escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"


def test_flagged_words_are_bold_and_everything_is_escaped() -> None:
    reply = "You should <b>relax</b>, at least"
    changes = [
        {"start": 0, "end": 10, "text": "You should"},
        {"start": 0, "end": 3, "text": "You"},  # overlaps the first: dropped
        {"start": 99, "end": 120, "text": "at least"},  # bad offsets: found by text
        {"start": 5, "end": 6, "text": "nowhere"},  # text not in the reply: dropped
    ]
    assert render.flag_spans(reply, changes) == [(0, 10), (25, 33)]
    assert render.highlighted(reply, changes) == (
        "*You should* &lt;b&gt;relax&lt;/b&gt;, *at least*"
    )


def test_coach_blocks_quote_good_changes_and_trust() -> None:
    payload = {
        "role": "coach",
        "text": "Coach · …",
        "quote": "You should <!here>",
        "good": ["you asked"],
        "change": [
            {
                "category": "directive",
                "start": 0,
                "end": 10,
                "text": "You should",
                "why": "Directs.",
                "rewrite": "What would help?",
            }
        ],
        "notes": ["Reflect first."],
        "trust": 40,
    }
    text, blocks = render.coach_blocks(payload, "Coach · …", TEXTS)
    blob = json.dumps(blocks, ensure_ascii=False)
    assert text == "Coach · …"
    assert TEXTS["slack"]["coach_header"] in blob
    assert "*You should* &lt;!here&gt;" in blob and "<!here>" not in blob
    assert "What would help?" in blob and "Reflect first." in blob
    assert "Trust 40/100" in blob
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in blocks)


def test_coach_text_alone_still_renders() -> None:
    _, blocks = render.coach_blocks({}, "Coach · nothing else", TEXTS)
    assert "Coach · nothing else" in json.dumps(blocks, ensure_ascii=False)


def test_buttons_come_in_blocks_of_five_that_name_their_owner() -> None:
    buttons = [{"title": f"{n}. Scenario", "payload": f"/start{n}"} for n in range(9)]
    blocks = render.button_blocks("Pick one", buttons, "U1", "123.456")
    actions = [b for b in blocks if b["type"] == "actions"]
    assert [len(b["elements"]) for b in actions] == [5, 4]
    assert len({e["action_id"] for b in actions for e in b["elements"]}) == 9
    assert render.parse_actions_block_id(actions[1]["block_id"]) == ("U1", "123.456")
    assert render.parse_actions_block_id("someone|else") is None


def test_slash_command_words_become_payloads() -> None:
    payloads = TEXTS["payloads"]
    assert render.command_message("", TEXTS) == payloads["scenarios"]
    assert render.command_message("end", TEXTS) == payloads["end"]
    assert render.command_message("HINT", TEXTS) == payloads["hint"]
    assert render.command_message("exam", TEXTS) == '/set_mode{"mode": "exam"}'
    assert render.command_message("hard", TEXTS) == (
        '/set_difficulty{"difficulty": "hard"}'
    )
    assert render.command_message("start walter", TEXTS) == "start walter"
    assert render.command_message("I feel alone", TEXTS) == "I feel alone"
