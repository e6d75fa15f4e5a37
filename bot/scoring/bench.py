"""``python -m bot.scoring.bench``: accuracy tables, throughput and latency.

Own frozen test split (data/scoring/corpus/test.jsonl) and, when present, the
human-annotated files in ../shared/eval (measuring only), reported per source.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Dict, Iterable, List, Sequence, Tuple

from bot.scoring import get_scorer, resources
from bot.scoring.corpus import read_jsonl
from bot.scoring.result import FLAG_CATEGORIES, ReplyScore

logger = logging.getLogger(__name__)


def prf(gold: Sequence[bool], pred: Sequence[bool]) -> Dict[str, float]:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    tn = len(gold) - tp - fp - fn

    def f1(t: int, a: int, b: int) -> float:
        return 2 * t / (2 * t + a + b) if t else 0.0

    return {
        "n": len(gold),
        "acc": (tp + tn) / len(gold) if gold else 0.0,
        "p": tp / (tp + fp) if tp + fp else 0.0,
        "r": tp / (tp + fn) if tp + fn else 0.0,
        "f1": f1(tp, fp, fn),
        "macro_f1": (f1(tp, fp, fn) + f1(tn, fn, fp)) / 2,
        "support": tp + fn,
    }


def _row(name: str, m: Dict[str, float]) -> str:
    return (
        f"| {name} | {m['n']} | {m['support']} | {m['acc']:.3f} | {m['p']:.3f} | "
        f"{m['r']:.3f} | {m['f1']:.3f} | {m['macro_f1']:.3f} |"
    )


HEADER = (
    "| set | n | positives | acc | P | R | F1 | macro-F1 |\n"
    "|---|---|---|---|---|---|---|---|"
)


def score_rows(rows: Sequence[Dict[str, Any]]) -> List[ReplyScore]:
    pairs = [(str(r["reply"]), str(r.get("context") or "")) for r in rows]
    return get_scorer().score_many(pairs)


def own_split(path: Path) -> List[str]:
    rows = read_jsonl(path)
    scores = score_rows(rows)
    out = [f"\n## Own corpus: {path.name} ({len(rows)} replies)\n", HEADER]
    for label in ("validating", "judgmental"):
        gold = [bool(r[label]) for r in rows]
        pred = [bool(getattr(s, label)) for s in scores]
        out.append(_row(label, prf(gold, pred)))
    out += ["\nFlag categories (reply level: category present or not)\n", HEADER]
    for cat in FLAG_CATEGORIES:
        gold = [any(f["category"] == cat for f in r.get("flags", [])) for r in rows]
        pred = [cat in s.flag_categories for s in scores]
        out.append(_row(cat, prf(gold, pred)))
    oars = sum(
        r.get("oars") == s.oars for r, s in zip(rows, scores, strict=True)
    ) / max(1, len(rows))
    dims = {
        d: sum(r.get(d) == getattr(s, d) for r, s in zip(rows, scores, strict=True))
        / max(1, len(rows))
        for d in ("emotional_reaction", "interpretation", "exploration")
    }
    out.append(
        f"\nOARS accuracy {oars:.3f}; dimension accuracy "
        + ", ".join(f"{d} {v:.3f}" for d, v in dims.items())
    )
    return out


def shared(dir_: Path) -> List[str]:
    out: List[str] = []
    for name, label in (
        ("dev_validation", "validating"),
        ("dev_judgmental", "judgmental"),
    ):
        path = dir_ / f"{name}.jsonl"
        if not path.is_file():
            continue
        rows = read_jsonl(path)
        scores = score_rows(rows)
        by_source: Dict[str, List[Tuple[bool, bool]]] = defaultdict(list)
        for r, s in zip(rows, scores, strict=True):
            pair = (bool(r[label]), bool(getattr(s, label)))
            by_source[str(r.get("source", "?"))].append(pair)
            by_source["ALL"].append(pair)
        out += [f"\n## Shared eval: {name} ({label})\n", HEADER]
        for source in sorted(by_source, key=lambda s: (s != "ALL", s)):
            gold, pred = zip(*by_source[source], strict=True)
            out.append(_row(source, prf(gold, pred)))
    if not out:
        out.append(f"\n(shared eval not found at {dir_}; skipped)")
    return out


def speed(replies: Sequence[Tuple[str, str]], n_batch: int, n_single: int) -> List[str]:
    """Wall-clock and CPU-time figures (CPU time is what counts on a shared machine)."""
    scorer = get_scorer()
    batch = [replies[i % len(replies)] for i in range(n_batch)]
    scorer.score_many(batch[:200])  # warm up
    w0, c0 = time.perf_counter(), time.process_time()
    scorer.score_many(batch)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    walls: List[float] = []
    cpus: List[float] = []
    for i in range(n_single):
        reply, context = replies[i % len(replies)]
        w, c = time.perf_counter(), time.thread_time()
        scorer.score(reply, context)
        walls.append((time.perf_counter() - w) * 1000)
        cpus.append((time.thread_time() - c) * 1000)

    def pct(values: List[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[int(q * (len(ordered) - 1))]

    return [
        "\n## Speed (one core)\n",
        f"batch ({len(batch)} replies, score_many): {len(batch) / cpu:,.0f} replies/s "
        f"of CPU time, {len(batch) / wall:,.0f} replies/s wall clock",
        f"single reply ({len(walls)} calls to score): CPU p50 {pct(cpus, 0.5):.2f} ms, "
        f"p95 {pct(cpus, 0.95):.2f} ms; wall p50 {pct(walls, 0.5):.2f} ms, "
        f"p95 {pct(walls, 0.95):.2f} ms",
        f"(load average during the run: {os.getloadavg()[0]:.1f})",
    ]


def _one_core() -> None:
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        except OSError:  # pragma: no cover - containers without permission
            logger.warning("could not pin to one core")


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--split", action="append", help="corpus file(s); default test.jsonl"
    )
    parser.add_argument("--eval-dir", type=Path, default=resources.shared_eval_dir())
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--single", type=int, default=1000)
    args = parser.parse_args(list(argv) if argv is not None else None)
    logging.basicConfig(level=logging.WARNING)
    _one_core()
    splits = [Path(p) for p in args.split or [resources.CORPUS_DIR / "test.jsonl"]]
    lines = ["# Scorer benchmark"]
    replies: List[Tuple[str, str]] = []
    for path in splits:
        if path.is_file():
            lines += own_split(path)
            replies += [(r["reply"], r.get("context") or "") for r in read_jsonl(path)]
        else:
            lines.append(f"\n(own split {path} not found; skipped)")
    lines += shared(args.eval_dir)
    if not args.no_speed:
        lines += speed(
            replies or [("That sounds really hard.", "")], args.batch, args.single
        )
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
