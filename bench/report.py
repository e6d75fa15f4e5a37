"""The comparison table on screen and the JSON document on disk."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

# (label, path into a bot's results, higher is better, target description, check)
Row = Tuple[str, Tuple[str, ...], bool]


def dig(data: Dict[str, Any], path: Tuple[str, ...]) -> float | None:
    node: Any = data
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node if isinstance(node, (int, float)) else None


def rows(turns: int) -> List[Row]:
    rows: List[Row] = [
        ("sequential turns/s", ("sequential", "turns_per_s"), True),
        ("sequential p50 ms", ("sequential", "latency", "p50_ms"), False),
        ("sequential p95 ms", ("sequential", "latency", "p95_ms"), False),
        ("sequential p99 ms", ("sequential", "latency", "p99_ms"), False),
        ("sequential no answer", ("sequential", "unanswered"), False),
        ("turn 1 p95 ms", ("sequential", "turn_1", "p95_ms"), False),
        (f"turn {turns} p50 ms", ("sequential", f"turn_{turns}", "p50_ms"), False),
        (f"turn {turns} p95 ms", ("sequential", f"turn_{turns}", "p95_ms"), False),
    ]
    for n in ("50", "200"):
        rows += [
            (f"{n} sessions turns/s", (f"concurrent_{n}", "turns_per_s"), True),
            (f"{n} sessions p95 ms", (f"concurrent_{n}", "latency", "p95_ms"), False),
            (f"{n} sessions errors", (f"concurrent_{n}", "errors"), False),
            (f"{n} sessions no answer", (f"concurrent_{n}", "unanswered"), False),
        ]
    rows += [
        ("cold start to 1st reply s", ("cold_start_s",), False),
        ("training from scratch s", ("train_s",), False),
        ("Rasa server RSS MiB", ("memory", "rasa", "peak_rss_mib"), False),
        ("action server RSS MiB", ("memory", "actions", "peak_rss_mib"), False),
    ]
    return rows


def targets(results: Dict[str, Any], turns: int) -> List[Tuple[str, bool | None]]:
    """Each target of issue 7 and whether it was met (None: not measured)."""
    ours, stock = results["peer_practice"], results["stock"]
    ours_tps = dig(ours, ("sequential", "turns_per_s"))
    stock_tps = dig(stock, ("sequential", "turns_per_s"))
    p95 = dig(ours, ("sequential", f"turn_{turns}", "p95_ms"))
    cold, train = dig(ours, ("cold_start_s",)), dig(ours, ("train_s",))
    errors = dig(ours, ("concurrent_200", "errors"))
    return [
        (
            ">= 3x the stock bot's turns/s",
            None if not (ours_tps and stock_tps) else ours_tps >= 3 * stock_tps,
        ),
        (f"p95 <= 80 ms at turn {turns}", None if p95 is None else p95 <= 80),
        ("cold start <= 20 s", None if cold is None else cold <= 20),
        ("training <= 60 s", None if train is None else train <= 60),
        ("200 sessions, 0 errors", None if errors is None else errors == 0),
    ]


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


def table(results: Dict[str, Any]) -> str:
    turns = results["settings"]["turns"]
    ours, stock = results["peer_practice"], results["stock"]
    lines = [
        f"{'figure':<28}{'Peer Practice':>15}{'stock rasa init':>17}{'ratio':>9}",
        "-" * 69,
    ]
    for label, path, _higher in rows(turns):
        mine, theirs = dig(ours, path), dig(stock, path)
        ratio = f"{mine / theirs:.2f}x" if mine is not None and theirs else "—"
        lines.append(f"{label:<28}{_fmt(mine):>15}{_fmt(theirs):>17}{ratio:>9}")
    scorer = results.get("scorer") or {}
    if scorer:
        lines.append(
            f"{'scorer replies/s (batch)':<28}{_fmt(scorer['batch_replies_per_s']):>15}"
        )
        lines.append(
            f"{'scorer p95 ms (one reply)':<28}{_fmt(scorer['single']['p95_ms']):>15}"
        )
    lines += [
        "",
        "ratio = Peer Practice / stock (turns/s: higher is better; the rest: lower)",
        "errors = HTTP failures; no answer = HTTP 200 without any bot text",
        "",
        "targets:",
    ]
    for name, met in targets(results, turns):
        mark = {True: "met", False: "NOT met", None: "not measured"}[met]
        lines.append(f"  {name:<34} {mark}")
    load = results.get("load_average", {})
    lines.append(
        f"\nload average before/after: {load.get('before')} / {load.get('after')}"
        " (other work on this machine skews every figure)"
    )
    return "\n".join(lines)


def write_json(results: Dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    results["targets"] = {
        name: met for name, met in targets(results, results["settings"]["turns"])
    }
    path.write_text(json.dumps(results, indent=2, sort_keys=False) + "\n")
