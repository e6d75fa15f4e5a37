"""``python -m bot.persona [DIR]``: validate every scenario file (exit 1 on errors)."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.persona.loader import SCENARIO_DIR, scenario_files, validate_all


def main(argv: list[str]) -> int:
    folder = argv[0] if argv else str(SCENARIO_DIR)
    errors = validate_all(folder)
    for error in errors:
        print(error, file=sys.stderr)
    total = len(scenario_files(Path(folder)))
    print(f"{total - len(errors)}/{total} scenario files valid in {folder}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
