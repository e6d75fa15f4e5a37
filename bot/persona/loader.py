"""Load and validate every scenario file (lazily, once per directory per process)."""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path
from typing import Any, Dict, List, Tuple, Union

import yaml
from pydantic import ValidationError

from bot import DATA_DIR
from bot.persona.schema import Scenario

logger = logging.getLogger(__name__)

SCENARIO_DIR = DATA_DIR / "scenarios"
_cache: Dict[Path, Dict[str, Scenario]] = {}
_LOCATED = re.compile(r"^([A-Za-z_][\w.\[\]]*): (.+)$", re.S)
_lock = threading.Lock()


class ScenarioError(ValueError):
    """An invalid scenario file; the message names the file, field and problem."""

    def __init__(self, path: Path, problems: List[Tuple[str, str]]) -> None:
        self.path = path
        self.problems = problems
        listed = "\n".join(
            f"  {path.name}: {where}: {what}" for where, what in problems
        )
        super().__init__(f"invalid scenario file {path}:\n{listed}")


class UnknownScenarioError(KeyError):
    """No scenario with this id was loaded."""


def scenario_files(directory: Path) -> List[Path]:
    """Scenario files in ``directory``; names starting with ``_`` are not scenarios."""
    return sorted(
        path
        for path in directory.iterdir()
        if path.suffix in (".yml", ".yaml") and not path.name.startswith("_")
    )


def load_scenario_file(path: Path) -> Scenario:
    """Parse and validate one file; raises ScenarioError naming field and problem."""
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ScenarioError(path, [("(yaml)", str(exc).replace("\n", " "))]) from exc
    if not isinstance(raw, dict):
        raise ScenarioError(path, [("(top level)", "expected a mapping of fields")])
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError(path, _problems(exc)) from exc
    if scenario.id != path.stem:
        problem = f"{scenario.id!r} must match the file name {path.stem!r}"
        raise ScenarioError(path, [("id", problem)])
    return scenario


def load_scenarios(directory: Union[str, Path] | None = None) -> Dict[str, Scenario]:
    """All scenarios by id, validated; cached per directory. Invalid files raise."""
    folder = Path(directory) if directory is not None else SCENARIO_DIR
    folder = folder.resolve()
    with _lock:
        if folder not in _cache:
            scenarios: Dict[str, Scenario] = {}
            for path in scenario_files(folder):
                scenario = load_scenario_file(path)
                scenarios[scenario.id] = scenario
            logger.info("loaded %d scenarios from %s", len(scenarios), folder)
            _cache[folder] = scenarios
        return _cache[folder]


def validate_all(directory: Union[str, Path] | None = None) -> List[ScenarioError]:
    """Check every scenario file (uncached); one error per invalid file."""
    folder = Path(directory) if directory is not None else SCENARIO_DIR
    errors: List[ScenarioError] = []
    for path in scenario_files(folder):
        try:
            load_scenario_file(path)
        except ScenarioError as exc:
            errors.append(exc)
    return errors


def get_scenario(scenario_id: str, directory: Path | None = None) -> Scenario:
    scenarios = load_scenarios(directory)
    if scenario_id not in scenarios:
        raise UnknownScenarioError(
            f"unknown scenario {scenario_id!r}; known: {sorted(scenarios)}"
        )
    return scenarios[scenario_id]


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def _problems(exc: ValidationError) -> List[Tuple[str, str]]:
    problems: List[Tuple[str, str]] = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        for part in message.split("\n"):
            located = _LOCATED.match(part)
            if located:  # "reactions: missing moves ..." from a whole-file check
                problems.append(
                    (".".join(filter(None, [where, located[1]])), located[2])
                )
            else:
                problems.append((where or "(scenario)", part))
    return problems
