"""Percentiles and process figures (RSS from /proc)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Dict, List, Sequence


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100) of ``values``; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def latency_summary(seconds: Sequence[float]) -> Dict[str, float | int | None]:
    """p50/p95/p99 in milliseconds and the sample count."""
    millis = [s * 1000 for s in seconds]
    return {
        "n": len(millis),
        "p50_ms": _round(percentile(millis, 50)),
        "p95_ms": _round(percentile(millis, 95)),
        "p99_ms": _round(percentile(millis, 99)),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _status_kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    return 0


def group_pids(pgid: int) -> List[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            pids.append(int(entry.name))
    return pids


def rss_mib(pgid: int) -> Dict[str, float]:
    """Current and peak resident memory of a process group, in MiB."""
    pids = group_pids(pgid)
    return {
        "rss_mib": round(sum(_status_kib(p, "VmRSS") for p in pids) / 1024, 1),
        "peak_rss_mib": round(sum(_status_kib(p, "VmHWM") for p in pids) / 1024, 1),
        "processes": len(pids),
    }


def load_average() -> List[float]:
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return []
