"""``python -m bot.persona [DIR]``: validate every scenario file (exit 1 on errors).

``python -m bot.persona --schema`` prints the scenario file's JSON Schema (for editors).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bot.persona.loader import SCENARIO_DIR, scenario_files, validate_all
from bot.persona.schema import Scenario


def main(argv: list[str]) -> int:
    if argv[:1] == ["--schema"]:
        print(json.dumps(Scenario.model_json_schema(), indent=2))
        return 0
    folder = Path(argv[0]) if argv else SCENARIO_DIR
    errors = validate_all(folder)
    for error in errors:
        print(error, file=sys.stderr)
    total = len(scenario_files(folder))
    print(f"{total - len(errors)}/{total} scenario files valid in {folder}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
