"""Reading the labelled corpus and the shared evaluation files (JSONL)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Dict, List

logger = logging.getLogger(__name__)


def read_jsonl(path: Path) -> List[Dict[str, Any]]:
    rows: List[Dict[str, Any]] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.strip()
            if not line:
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{number}: {err}") from err
            if not isinstance(row, dict) or not isinstance(row.get("reply"), str):
                raise ValueError(f"{path}:{number}: expected an object with a 'reply'")
            rows.append(row)
    return rows
