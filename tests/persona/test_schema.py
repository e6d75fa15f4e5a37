"""Every scenario file validates; broken files fail with file, field and problem."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, Callable, Dict

import pytest
import yaml

from bot.persona import load_scenarios
from bot.persona.__main__ import main as validate_cli
from bot.persona.loader import (
    SCENARIO_DIR,
    ScenarioError,
    load_scenario_file,
    scenario_files,
    validate_all,
)
from bot.persona.schema import (
    BANDS,
    CRISIS_STEPS,
    FLAG_CATEGORIES,
    MOVES,
    REQUIRED_FLAGS,
    Scenario,
)
from bot.scoring.result import FLAG_CATEGORIES as SCORER_FLAGS

FILES = scenario_files(SCENARIO_DIR)
SAMPLE = SCENARIO_DIR / "grief_widower.yml"


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_every_scenario_file_is_valid(path: Path) -> None:
    scenario = load_scenario_file(path)
    assert scenario.id == path.stem
    for move in MOVES:
        for band in BANDS:
            assert scenario.pool(f"react.{move}.{band}"), (move, band)
    for flag in REQUIRED_FLAGS:
        assert scenario.pool(f"flag.{flag}")
    assert len(scenario.layers) >= 3
    assert len(scenario.summary) <= 140


def test_catalogue_has_eight_personas_and_one_crisis() -> None:
    scenarios = load_scenarios()
    crisis = [s for s in scenarios.values() if s.is_crisis]
    assert len(scenarios) >= 9
    assert len(scenarios) - len(crisis) >= 8
    assert len(crisis) == 1
    kinds = {scenario.style.kind for scenario in scenarios.values()}
    assert {"reserved", "tangential", "hostile", "testing", "over_pleasing"} <= kinds


def test_crisis_scenario_has_all_steps_and_988() -> None:
    (crisis,) = [s for s in load_scenarios().values() if s.crisis is not None]
    assert crisis.crisis is not None
    assert "988" in crisis.crisis.resources
    for step in CRISIS_STEPS:
        assert crisis.pool(f"crisis.{step}")
    assert "helps_manage_crises" in crisis.competencies.samhsa


def test_flag_categories_match_the_scorer() -> None:
    assert set(FLAG_CATEGORIES) == set(SCORER_FLAGS)


def test_files_starting_with_underscore_are_not_scenarios() -> None:
    assert all(not path.name.startswith("_") for path in FILES)
    assert (SCENARIO_DIR / "_safety.yml").exists()


def test_load_is_cached() -> None:
    assert load_scenarios() is load_scenarios()
    assert load_scenarios(SCENARIO_DIR) is load_scenarios()


def test_competency_tags() -> None:
    tags = load_scenarios()["grief_widower"].competency_tags()
    assert "samhsa:engages_peers" in tags and "oars:reflections" in tags


def test_cli_reports_all_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate_cli([]) == 0
    assert f"{len(FILES)}/{len(FILES)}" in capsys.readouterr().out


def test_cli_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate_cli(["--schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "reactions" in schema["properties"]


# --- broken files -------------------------------------------------------------------


def _broken(tmp_path: Path, change: Callable[[Dict[str, Any]], None]) -> Path:
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "grief_widower.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _set_trust(data: Dict[str, Any]) -> None:
    data["difficulty"]["standard"]["trust"] = 150


def _drop_move(data: Dict[str, Any]) -> None:
    del data["reactions"]["summarize"]


def _unknown_move(data: Dict[str, Any]) -> None:
    data["reactions"]["shout"] = data["reactions"]["greet"]


def _empty_band(data: Dict[str, Any]) -> None:
    data["reactions"]["greet"]["mid"] = []


def _callback_placeholder(data: Dict[str, Any]) -> None:
    data["callbacks"]["warm"][0] = "No quote here."


def _duplicate_line(data: Dict[str, Any]) -> None:
    data["pushback"].append(data["opening"][0])


def _thresholds(data: Dict[str, Any]) -> None:
    data["layers"][1]["threshold"] = 10


def _bad_competency(data: Dict[str, Any]) -> None:
    data["competencies"]["samhsa"].append("mind_reading")


def _extra_field(data: Dict[str, Any]) -> None:
    data["mood"] = "grumpy"


def _stray_brace(data: Dict[str, Any]) -> None:
    data["fallback"][0] = "Hello {name}"


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (_set_trust, "difficulty.standard.trust", "less than or equal to 100"),
        (_drop_move, "reactions", "missing moves ['summarize']"),
        (_unknown_move, "reactions", "unknown move 'shout'"),
        (_empty_band, "reactions.greet.mid", "at least 1 item"),
        (_callback_placeholder, "callbacks.warm[0]", "{trainee_words}"),
        (_duplicate_line, "pushback[4]", "repeats opening[0]"),
        (_thresholds, "layers", "thresholds must rise"),
        (_bad_competency, "competencies.samhsa", "unknown SAMHSA competency"),
        (_extra_field, "mood", "Extra inputs are not permitted"),
        (_stray_brace, "fallback[0]", "stray brace"),
    ],
)
def test_broken_file_names_file_field_and_problem(
    tmp_path: Path, change: Callable[[Dict[str, Any]], None], field: str, problem: str
) -> None:
    path = _broken(tmp_path, change)
    with pytest.raises(ScenarioError) as caught:
        load_scenario_file(path)
    message = str(caught.value)
    assert "grief_widower.yml" in message
    assert f"grief_widower.yml: {field}" in message
    assert problem in message


def test_id_must_match_file_name(tmp_path: Path) -> None:
    path = tmp_path / "someone_else.yml"
    shutil.copy(SAMPLE, path)
    with pytest.raises(ScenarioError, match="must match the file name 'someone_else'"):
        load_scenario_file(path)


def test_yaml_syntax_error_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.yml"
    path.write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"broken\.yml: \(yaml\)"):
        load_scenario_file(path)


def test_directory_with_a_broken_file_fails_loudly(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    (tmp_path / "empty.yml").write_text("- just a list\n", encoding="utf-8")
    (tmp_path / "_notes.yml").write_text("not: a scenario\n", encoding="utf-8")
    errors = validate_all(tmp_path)
    assert [error.path.name for error in errors] == ["empty.yml"]
    with pytest.raises(ScenarioError, match="expected a mapping"):
        load_scenarios(tmp_path)
    assert validate_cli([str(tmp_path)]) == 1


def test_new_persona_needs_no_code(tmp_path: Path) -> None:
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    data["id"] = "new_persona"
    (tmp_path / "new_persona.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    scenarios = load_scenarios(tmp_path)
    assert isinstance(scenarios["new_persona"], Scenario)
    assert scenarios["new_persona"].pool("opening")[0].id == "new_persona.opening.1"
