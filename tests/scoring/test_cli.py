"""The JSONL batch CLI: every input line gets exactly one output line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_cli(text: bytes) -> list:
    proc = subprocess.run(
        [sys.executable, "-m", "bot.scoring"],
        input=text,
        capture_output=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    return [json.loads(line) for line in proc.stdout.decode().splitlines()]


def test_good_and_bad_lines() -> None:
    lines = [
        json.dumps(
            {"context": "I feel so alone.", "reply": "That sounds really lonely."}
        ),
        "this is not json",
        "",
        json.dumps({"reply": 3}),
        json.dumps([1, 2]),
        json.dumps({"reply": "You should just get over it.", "context": None}),
        json.dumps({"reply": "ok", "context": {"not": "a string"}}),
        json.dumps({"reply": "\ud800 broken surrogate \x00"}),
        '{"reply": "truncated',
    ]
    out = run_cli(("\n".join(lines) + "\n").encode())
    assert len(out) == len(lines)
    first = out[0]
    assert first["reply"] == "That sounds really lonely." and first["context"]
    assert first["validating"] is True and first["judgmental"] is False
    for key in ("validation_score", "nonjudgment_score", "oars", "flags"):
        assert key in first
    for n in (1, 2, 3, 4, 6, 8):
        assert "error" in out[n] and out[n]["line"] == n + 1
    flagged = out[5]
    assert flagged["judgmental"] is True
    flag = flagged["flags"][0]
    assert {"category", "start", "end", "text", "rewrite"} <= set(flag)
    assert flagged["reply"][flag["start"] : flag["end"]] == flag["text"]
    assert "error" not in out[7]


def test_invalid_utf8_does_not_crash() -> None:
    out = run_cli(b'{"reply": "caf\xe9 ok"}\n\xff\xfe\n')
    assert len(out) == 2
    assert "validating" in out[0]
    assert "error" in out[1]


def test_empty_input() -> None:
    assert run_cli(b"") == []
