"""Running the Node/playwright-core browser scripts in web/tests from pytest."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

from tests.servers import ROOT

WEB = ROOT / "web"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = ROOT / "results" / "screenshots"


def require_browser() -> str:
    """The node executable, or skip with what to install."""
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed (Node 18+ runs the browser tests)")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run web/install_browser.sh as root")
    if not (WEB / "node_modules" / "playwright-core").is_dir():
        pytest.skip("web/node_modules is missing: run `npm ci --prefix web`")
    return node


def run_script(
    script: str,
    args: List[str],
    env: Dict[str, str] | None = None,
    timeout: float = 600,
) -> Dict[str, Any]:
    """Run web/tests/<script>; its JSON report (the test asserts on it)."""
    node = require_browser()
    done = subprocess.run(
        [node, str(WEB / "tests" / script), *args],
        cwd=WEB,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "CHROMIUM": str(CHROMIUM), **(env or {})},
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise AssertionError(
            f"{script} printed no report:\n{done.stdout}\n{done.stderr}"
        )
    report: Dict[str, Any] = json.loads(lines[-1])
    assert not report.get("errors"), "\n".join(report["errors"]) + done.stderr[-2000:]
    assert done.returncode == 0, done.stderr[-2000:]
    return report
