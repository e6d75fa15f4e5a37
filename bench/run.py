"""`make bench`: measure Peer Practice and a stock `rasa init` bot in the same run.

Phases (servers of one bot at a time, so they do not compete for the 2 cores):
scorer speed in this process; training from scratch (Peer Practice: `rasa train` into
a temporary folder; stock: `rasa init --no-prompt`, which trains); then for each bot:
cold start to the first reply, sequential sessions, 50 and 200 concurrent sessions,
and the memory of each server process. Prints a table, writes results/bench.json.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

from bench import load, scorer, stack, stock_bot
from bench.progress import Progress
from bench.report import table, write_json
from bench.stats import load_average
from tests.servers import ROOT

logger = logging.getLogger(__name__)


def parse_args(argv: List[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sessions", type=int, default=12, help="sequential sessions")
    parser.add_argument("--turns", type=int, default=30, help="replies per session")
    parser.add_argument(
        "--concurrency", type=int, nargs="+", default=[50, 200], help="sessions at once"
    )
    parser.add_argument(
        "--concurrent-turns", type=int, default=4, help="replies per concurrent session"
    )
    parser.add_argument("--no-train", action="store_true", help="skip our training")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "bench.json")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    return parser.parse_args(argv)


def measure_bot(
    start: Callable[[], stack.Stack],
    script: load.Script,
    tag: str,
    args: argparse.Namespace,
    bar: Progress,
) -> Dict[str, Any]:
    bar.phase(f"{tag}: cold start")
    running = start()
    bar.advance()
    try:
        figures: Dict[str, Any] = {"cold_start_s": round(running.cold_start_s, 2)}
        bar.phase(f"{tag}: {args.sessions} sequential sessions")
        figures["sequential"] = load.sequential(
            running.url, script, tag, args.sessions, args.turns, bar
        )
        for sessions in args.concurrency:
            bar.phase(f"{tag}: {sessions} concurrent sessions")
            figures[f"concurrent_{sessions}"] = load.concurrent(
                running.url, script, tag, sessions, args.concurrent_turns, bar
            )
        figures["memory"] = {
            "rasa" if "rasa" in name else name: value
            for name, value in running.memory().items()
        }
        return figures
    finally:
        running.stop()


def planned_steps(args: argparse.Namespace) -> int:
    per_bot = 1 + args.sessions * (args.turns + 1)
    per_bot += sum(n * (args.concurrent_turns + 1) for n in args.concurrency)
    return 3 + 2 + 2 * per_bot


def main(argv: List[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    args = parse_args(argv)
    os.chdir(ROOT)
    workdir = Path(tempfile.mkdtemp(prefix="peer-practice-bench-"))
    bar = Progress(planned_steps(args))
    results: Dict[str, Any] = {
        "settings": {
            "sessions": args.sessions,
            "turns": args.turns,
            "concurrency": args.concurrency,
            "concurrent_turns": args.concurrent_turns,
        },
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "load_average": {"before": load_average()},
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    try:
        bar.phase("scorer throughput")
        results["scorer"] = scorer.measure(bar)

        ours: Dict[str, Any] = {}
        if not args.no_train:
            bar.phase("training Peer Practice from scratch")
            ours["train_s"] = round(stock_bot.train_ours(workdir / "ours"), 1)
        bar.advance()
        bar.phase("rasa init --no-prompt (stock bot, trains)")
        stock = stock_bot.build(workdir)
        bar.advance()

        ours.update(
            measure_bot(
                lambda: stack.start_ours(workdir), load.PRACTICE, "ours", args, bar
            )
        )
        stock_figures = {"train_s": round(stock.train_s, 1)}
        stock_figures.update(
            measure_bot(
                lambda: stack.start_stock(stock, workdir),
                load.STOCK,
                "stock",
                args,
                bar,
            )
        )
        results["peer_practice"], results["stock"] = ours, stock_figures
    finally:
        bar.close()
        if args.keep:
            print(f"bench files kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    results["load_average"]["after"] = load_average()
    write_json(results, args.out)
    print(table(results))
    print(f"\nJSON: {args.out}")
    return 0
