"""The practice page in headless Chromium: a whole session, coach panel and report.

Also the embed: rasa-webchat (the community widget, from npm) on another origin
shows the menu, the peer and the coach's text from the same server.
"""

from __future__ import annotations

import json

import pytest
import requests

from tests.channels.browser import SCREENSHOTS, run_script
from tests.servers import RunningServers

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.slow]

SCENARIO = "grief_widower"
REPLIES = [
    "hi, I'm Sam, one of the peer supporters here. What's been going on for you?",
    "It sounds like you've been really lonely since June died, and that makes sense.",
    "You should just try to think positive, at least it could be worse.",
    "I'm sorry, that came out wrong. What has been the hardest part for you?",
]
SCRIPT_MESSAGE = (
    '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2"> '
    "<b>bold?</b>"
)


@pytest.fixture(scope="module")
def session(channel_servers: RunningServers) -> dict:
    screenshot = SCREENSHOTS / "practice-midsession.png"
    screenshot.unlink(missing_ok=True)
    return run_script(
        "practice_session.mjs",
        [channel_servers.rasa_url, str(screenshot), SCENARIO],
        env={"REPLIES": json.dumps(REPLIES)},
    )


def test_page_controls_are_labelled_and_connected(session: dict) -> None:
    assert session["accessibility"]["unlabelled"] == []
    assert session["accessibility"]["unnamedButtons"] == 0
    assert session["accessibility"]["status"] == "Connected"
    assert SCENARIO in [s["id"] for s in session["scenarios"]]
    assert not [line for line in session["console"] if line.startswith("error")]


def test_keyboard_skip_link_and_readable_contrast(session: dict) -> None:
    assert session["accessibility"]["firstTab"] == "Skip to the message box"
    assert session["accessibility"]["afterSkip"] == "message"
    contrast = session["contrast"]
    assert contrast["checked"] > 20
    assert contrast["lowest"][0]["ratio"] >= 4.5, contrast["lowest"]  # WCAG AA


def test_a_scenario_starts_with_the_peer_speaking(session: dict) -> None:
    kinds = [m["kind"] for m in session["opening"]]
    assert kinds[0] == "trainee" and "peer" in kinds
    assert "system" in kinds  # "Starting '…'" is the app's voice, not the peer's


def test_every_turn_gets_a_peer_reply_and_coach_feedback(session: dict) -> None:
    assert [t["reply"] for t in session["turns"]] == REPLIES
    peer_lines = [t["peer"] for t in session["turns"]]
    assert all(peer_lines) and len(set(peer_lines)) > 1
    for turn in session["turns"]:
        coach = turn["coach"]
        assert coach is not None
        assert coach["quote"] == turn["reply"]  # the trainee's own words
        assert 0 <= coach["trust"] <= 100 and coach["trustLabel"].endswith("/ 100")


def test_judgmental_words_are_highlighted_with_a_rewrite(session: dict) -> None:
    judgmental = session["turns"][2]["coach"]
    marked = [mark["text"] for mark in judgmental["marks"]]
    assert marked and all(text in REPLIES[2] for text in marked)
    categories = {mark["category"] for mark in judgmental["marks"]}
    assert categories & {"directive", "minimising", "advice"}
    assert judgmental["changes"] and any(
        "Try instead" in c for c in judgmental["changes"]
    )
    warm = session["turns"][1]["coach"]
    assert warm["good"] and warm["trust"] >= judgmental["trust"]


def test_a_script_sent_as_a_message_is_shown_as_text(session: dict) -> None:
    script = session["script"]
    assert script["shownAsText"] is True
    assert script["scriptElementsInLog"] == 0
    assert script["pwned"] is None
    assert script["coachQuote"] == SCRIPT_MESSAGE


def test_ending_shows_the_report(session: dict) -> None:
    report = session["report"]
    assert report["visible"] and report["focused"]
    assert (
        "Session report" in report["text"] and str(len(REPLIES) + 1) in report["text"]
    )
    assert report["frameShown"] and report["frameSandbox"] == ""
    assert report["frameHeading"]
    assert report["downloadShown"]


def test_a_mid_session_screenshot_is_saved(session: dict) -> None:
    shot = SCREENSHOTS / "practice-midsession.png"
    assert shot.is_file() and shot.stat().st_size > 10_000


def test_exam_mode_keeps_the_coach_quiet_until_the_report(
    channel_servers: RunningServers,
) -> None:
    replies = [
        "hi Walter, I'm Sam.",
        "You should just move on, at least you have a dog.",
    ]
    report = run_script(
        "practice_session.mjs",
        [channel_servers.rasa_url, str(SCREENSHOTS / "practice-exam.png"), SCENARIO],
        env={"REPLIES": json.dumps(replies), "MODE": "exam", "BOT_TIMEOUT_MS": "45000"},
    )
    assert all(turn["peer"] for turn in report["turns"])
    assert all(turn["coach"] is None for turn in report["turns"])  # no trust meter
    assert report["coachWaiting"] and "Exam mode" in report["coachWaiting"]
    assert "exam" in report["report"]["text"].lower()


def test_rasa_webchat_embed_shows_peer_and_coach(
    channel_servers: RunningServers,
) -> None:
    report = run_script(
        "webchat_embed.mjs",
        [
            channel_servers.rasa_url,
            str(channel_servers.embed_port),
            str(SCREENSHOTS / "webchat-embed.png"),
        ],
    )
    assert any("Walter" in title for title in report["menuButtons"])
    assert any(text.startswith("Starting") for text in report["opening"])
    coach = [text for text in report["afterReply"] if text.startswith("Coach")]
    assert coach and "get over it" in coach[0]  # the flagged words are quoted
    assert len(report["afterReply"]) >= 2  # the peer's answer came too


def test_only_listed_sites_may_open_a_socket(channel_servers: RunningServers) -> None:
    url = f"{channel_servers.rasa_url}/socket.io/?EIO=4&transport=polling"
    allowed = f"http://127.0.0.1:{channel_servers.embed_port}"
    ok = requests.get(url, headers={"Origin": allowed}, timeout=10)
    assert ok.status_code == 200
    assert ok.headers.get("Access-Control-Allow-Origin") == allowed
    same = requests.get(url, headers={"Origin": channel_servers.rasa_url}, timeout=10)
    assert same.status_code == 200
    other = requests.get(url, headers={"Origin": "http://evil.example"}, timeout=10)
    assert other.status_code == 400
