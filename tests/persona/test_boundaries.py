"""bot.persona stays independent of Rasa and of the scorer's internals."""

from __future__ import annotations

import re
from pathlib import Path

import bot.persona

PACKAGE = Path(bot.persona.__file__).parent
FORBIDDEN = re.compile(r"^\s*(from|import)\s+(rasa|rasa_sdk|bot\.scoring)\b", re.M)


def test_no_rasa_or_scoring_imports() -> None:
    for path in PACKAGE.rglob("*.py"):
        assert not FORBIDDEN.search(path.read_text(encoding="utf-8")), path
