"""bot.shell against a fake REST server: merging, labels, colour rules, exits."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, Iterator, List

import pytest

from bot import shell
from tests.servers import ROOT

COACH = {
    "role": "coach",
    "text": "Coach · To change: …",
    "quote": "You should relax, at least it's over.",
    "good": [],
    "change": [
        {
            "category": "directive",
            "start": 0,
            "end": 10,
            "text": "You should",
            "why": "It tells them what to do.",
            "rewrite": "What might help?",
        },
        {
            "category": "minimising",
            "start": 18,
            "end": 26,
            "text": "at least",
            "why": "It shrinks the pain.",
            "rewrite": "That sounds hard.",
        },
    ],
    "notes": [],
    "trust": 42,
}
REPORT = {"role": "report", "summary": "Session report: 1 turns.", "html": "<p>x</p>"}


def reply_for(message: str) -> List[Dict[str, Any]]:
    if message == "/list_scenarios":
        return [
            {
                "recipient_id": "s",
                "text": "1. Walter",
                "buttons": [
                    {
                        "title": "1. Walter",
                        "payload": '/start_scenario{"scenario_id": "w"}',
                    }
                ],
            }
        ]
    if message.startswith("/start_scenario"):
        return [{"recipient_id": "s", "text": "Well, hi."}]
    if message == "/end_session":
        return [
            {"recipient_id": "s", "text": REPORT["summary"]},
            {"recipient_id": "s", "custom": REPORT},
        ]
    return [
        {"recipient_id": "s", "text": "Mm."},
        {"recipient_id": "s", "text": "Coach · To change: …"},
        {"recipient_id": "s", "custom": COACH},
    ]


@pytest.fixture(scope="module")
def fake_rest() -> Iterator[str]:
    received: List[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["content-length"])))
            received.append(body["message"])
            data = json.dumps(reply_for(body["message"])).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def run_shell(url: str, lines: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot.shell", "--url", url],
        input=lines,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", **env},
    )


def test_merges_rest_split_coach_and_labels_speakers(fake_rest: str) -> None:
    done = run_shell(fake_rest, "1\nYou should relax, at least it's over.\n/end\n")
    out = done.stdout
    assert done.returncode == 0, done.stderr
    assert "/hint" in out and "/feedback" in out  # commands listed first
    assert "Peer: Well, hi." in out and "Peer: Mm." in out
    assert out.count("Coach:") == 1  # the REST text + custom pair shown once
    assert "[You should] relax, [at least] it's over." in out  # no colour: brackets
    assert "Try instead: “What might help?”" in out
    assert "Trust 42/100 [####......]" in out
    assert "Session report\n==============\nSession report: 1 turns." in out
    assert "\x1b[" not in out  # a pipe is not a terminal
    assert out.rstrip().endswith("Goodbye — practice again any time.")


def test_eof_with_a_session_running_shows_the_report(fake_rest: str) -> None:
    done = run_shell(fake_rest, "1\nhello\n")
    assert done.returncode == 0
    assert "Ending the session" in done.stdout and "Session report" in done.stdout


def test_unknown_commands_are_not_sent(fake_rest: str) -> None:
    done = run_shell(fake_rest, "/bogus\n")
    assert "Unknown command /bogus" in done.stdout


def test_unreachable_server_is_a_clear_error() -> None:
    done = run_shell("http://127.0.0.1:9", "")
    assert done.returncode == 1
    assert "Cannot reach the Rasa server at http://127.0.0.1:9" in done.stdout


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_without_no_color(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert shell.use_colour(Tty()) is True
    assert shell.use_colour(io.StringIO()) is False
    assert shell.use_colour(Tty(), disabled=True) is False
    monkeypatch.setenv("NO_COLOR", "")
    assert shell.use_colour(Tty()) is False


def test_system_messages_are_recognised_from_the_domain() -> None:
    renderer = shell.Renderer(shell.load_texts(), False, shell.response_patterns())
    started = "Starting 'Walter' (standard, coach mode: feedback after each reply). "
    started += "You are the peer supporter; the peer speaks first."
    assert renderer.kind({"text": started}) == "system"
    assert renderer.kind({"text": "Well, hi. Greg set it up."}) == "peer"
    assert renderer.kind({"text": "Coach · x"}) == "coach"
    assert renderer.kind({"text": "x", "custom": {"role": "report"}}) == "report"


def test_merge_keeps_separate_messages_apart() -> None:
    merged = shell.merge_split_messages(
        [{"text": "a"}, {"text": "Coach · b"}, {"custom": {"role": "coach"}}]
    )
    assert merged == [{"text": "a"}, {"text": "Coach · b", "custom": {"role": "coach"}}]
