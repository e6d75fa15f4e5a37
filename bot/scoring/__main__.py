"""Batch CLI: ``python -m bot.scoring < in.jsonl > out.jsonl``.

Each input line is ``{"context": "...", "reply": "..."}`` (context optional); each
output line is that object plus the scores. A bad line gets
``{"error": ..., "line": n}`` on its own output line, so output line n always answers
input line n.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import IO, Any, Dict, List, Sequence, Tuple

from bot.scoring.result import ReplyScore

logger = logging.getLogger(__name__)
CHUNK = 512


def parse(line: str, number: int) -> Tuple[Dict[str, Any] | None, str | None]:
    """The input object, or an error message."""
    if not line.strip():
        return None, "empty line"
    try:
        row = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as err:
        return None, f"invalid JSON: {err}"
    if not isinstance(row, dict):
        return None, "expected a JSON object"
    if not isinstance(row.get("reply"), str):
        return None, "missing or non-string 'reply'"
    context = row.get("context", "")
    if context is not None and not isinstance(context, str):
        return None, "'context' must be a string"
    return row, None


def output(row: Dict[str, Any], score: ReplyScore) -> Dict[str, Any]:
    out = dict(row)
    out.update(
        validating=score.validating,
        judgmental=score.judgmental,
        validation_score=score.validation_score,
        nonjudgment_score=score.nonjudgment_score,
        oars=score.oars,
        emotional_reaction=score.emotional_reaction,
        interpretation=score.interpretation,
        exploration=score.exploration,
        strengths=score.strengths,
        flags=[
            {
                "category": f.category,
                "start": f.start,
                "end": f.end,
                "text": f.text,
                "rewrite": f.rewrite,
                "rationale_key": f.rationale_key,
            }
            for f in score.flags
        ],
    )
    return out


def _chunk(lines: Sequence[str], first: int, scorer: Any, out: IO[str]) -> None:
    parsed = [parse(line, first + i) for i, line in enumerate(lines)]
    good = [(i, row) for i, (row, _) in enumerate(parsed) if row is not None]
    scores: List[ReplyScore] = []
    try:
        scores = scorer.score_many(
            [(r["reply"], r.get("context") or "") for _, r in good]
        )
    except Exception:  # one bad reply must not sink the batch: retry one by one
        logger.exception("batch failed; scoring lines one at a time")
    results: Dict[int, Dict[str, Any]] = {}
    for k, (i, row) in enumerate(good):
        try:
            score = (
                scores[k]
                if scores
                else scorer.score(row["reply"], row.get("context") or "")
            )
            results[i] = output(row, score)
        except Exception as exc:  # noqa: BLE001 - reported on the line
            results[i] = {"error": f"scoring failed: {exc}", "line": first + i}
    for i, (_, err) in enumerate(parsed):
        out.write(
            json.dumps(results.get(i) or {"error": err, "line": first + i}) + "\n"
        )
    out.flush()


def run(stream: IO[bytes], out: IO[str]) -> int:
    """Score ``stream`` line by line, CHUNK lines per ``nlp.pipe`` batch."""
    from bot.scoring import get_scorer

    scorer = get_scorer()
    lines: List[str] = []
    first = 1
    for raw in stream:
        lines.append(raw.decode("utf-8", errors="replace").rstrip("\r\n"))
        if len(lines) == CHUNK:
            _chunk(lines, first, scorer, out)
            first += len(lines)
            lines = []
    if lines:
        _chunk(lines, first, scorer, out)
    return 0


def main(argv: Sequence[str] | None = None, stdin: IO[bytes] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    from bot.scoring.pipeline import ScorerModelMissingError

    try:
        return run(stdin or sys.stdin.buffer, sys.stdout)
    except ScorerModelMissingError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
