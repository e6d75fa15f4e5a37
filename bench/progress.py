"""A small progress bar on stderr (no dependency beyond the standard library)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """``steps`` units of work; ``advance`` moves the bar, ``phase`` names the work."""

    def __init__(self, steps: int, stream: TextIO = sys.stderr, width: int = 30):
        self.steps, self.stream, self.width = max(steps, 1), stream, width
        self.done, self.label, self.started = 0, "", time.monotonic()
        self.interactive = stream.isatty()
        self._last_draw = 0.0

    def phase(self, label: str) -> None:
        self.label = label
        if not self.interactive:
            elapsed = time.monotonic() - self.started
            self.stream.write(f"[bench {elapsed:6.0f}s] {label}\n")
            self.stream.flush()
        self._draw(force=True)

    def advance(self, units: int = 1) -> None:
        self.done = min(self.steps, self.done + units)
        self._draw()

    def _draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if not self.interactive or (not force and now - self._last_draw < 0.2):
            return
        self._last_draw = now
        filled = int(self.width * self.done / self.steps)
        bar = "#" * filled + "-" * (self.width - filled)
        percent = 100 * self.done / self.steps
        elapsed = now - self.started
        line = f"\r[{bar}] {percent:5.1f}% {elapsed:5.0f}s  {self.label[:40]:<40}"
        self.stream.write(line)
        self.stream.flush()

    def close(self) -> None:
        self.done = self.steps
        self._draw(force=True)
        if self.interactive:
            self.stream.write("\n")
            self.stream.flush()
