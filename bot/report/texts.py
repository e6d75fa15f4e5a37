"""The words of reports and the CLI, loaded from data/report/*.yml."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Mapping

import yaml

from bot import DATA_DIR

logger = logging.getLogger(__name__)

REPORT_DATA_DIR = DATA_DIR / "report"
TEMPLATES_DIR = REPORT_DATA_DIR / "templates"
RATIONALES_PATH = DATA_DIR / "scoring" / "rationales.yml"


class TextsError(ValueError):
    """A YAML file of words is missing or malformed; the message names the file."""


def _load_yaml(path: Path) -> Dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as error:
        raise TextsError(f"{path}: {error}") from error
    if not isinstance(data, dict):
        raise TextsError(f"{path}: expected a mapping at the top level")
    return data


@lru_cache(maxsize=1)
def labels() -> Dict[str, Any]:
    return _load_yaml(REPORT_DATA_DIR / "labels.yml")


@lru_cache(maxsize=1)
def messages() -> Dict[str, Any]:
    return _load_yaml(REPORT_DATA_DIR / "messages.yml")


@lru_cache(maxsize=1)
def rationales() -> Dict[str, Any]:
    """The scorer's rationale titles (optional: empty when the file is not there)."""
    if not RATIONALES_PATH.exists():
        return {}
    try:
        return _load_yaml(RATIONALES_PATH)
    except TextsError:
        logger.exception(
            "Could not read %s; reports go without rationale titles", RATIONALES_PATH
        )
        return {}


def humanise(key: str) -> str:
    """A readable form of an unlisted key; free text (with spaces) stays as it is."""
    if " " in key.strip():
        return key.strip()
    key = key.rsplit(":", 1)[-1]
    return key.replace("_", " ").strip().capitalize()


def label(section: str, key: str, table: Mapping[str, Any] | None = None) -> str:
    """``labels()[section][key]``, or a readable form of ``key`` when not listed."""
    source = labels() if table is None else table
    entries = source.get(section) or {}
    value = entries.get(key)
    if value is None and ":" in key:  # "samhsa:provides_support" -> "provides_support"
        value = entries.get(key.rsplit(":", 1)[-1])
    return str(value) if value is not None else humanise(key)


def message(section: str, key: str, **values: Any) -> str:
    template = (messages().get(section) or {}).get(key)
    if template is None:
        raise TextsError(f"data/report/messages.yml: no {section}.{key}")
    return str(template).format(**values)


def summary_line(key: str, **values: Any) -> str:
    template = (labels().get("summary") or {}).get(key)
    if template is None:
        raise TextsError(f"data/report/labels.yml: no summary.{key}")
    return str(template).format(**values)


def rationale_title(key: str) -> str | None:
    entry = rationales().get(key)
    if isinstance(entry, dict) and entry.get("title"):
        return str(entry["title"])
    return None
