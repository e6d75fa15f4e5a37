"""The scorer's speed in this process: batch throughput and single-reply latency."""

from __future__ import annotations

import time
from typing import Any, Dict

from bench.load import PRACTICE_REPLIES
from bench.progress import Progress
from bench.stats import latency_summary

CONTEXT = "They said I was ready to go home. Home is very quiet."


def measure(bar: Progress, batch: int = 500, singles: int = 200) -> Dict[str, Any]:
    from bot import scoring

    started = time.perf_counter()
    scoring.get_scorer()
    load_s = time.perf_counter() - started
    bar.advance()

    pairs = [
        (PRACTICE_REPLIES[i % len(PRACTICE_REPLIES)] + f" ({i})", CONTEXT)
        for i in range(batch)
    ]
    started = time.perf_counter()
    scoring.score_many(pairs)
    batch_s = time.perf_counter() - started
    bar.advance()

    latencies = []
    for i in range(singles):
        reply = PRACTICE_REPLIES[i % len(PRACTICE_REPLIES)]
        started = time.perf_counter()
        scoring.score(reply, context=CONTEXT)
        latencies.append(time.perf_counter() - started)
    bar.advance()
    return {
        "load_s": round(load_s, 2),
        "batch_replies_per_s": round(batch / batch_s, 1),
        "single": latency_summary(latencies),
        "single_replies_per_s": round(singles / sum(latencies), 1),
    }
