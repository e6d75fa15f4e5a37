"""Validation of report JSON against bot/report/schema.json."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict

SCHEMA_PATH = Path(__file__).resolve().with_name("schema.json")


class ReportSchemaError(ValueError):
    """Report data does not fit the schema; the message names the path and problem."""


@lru_cache(maxsize=1)
def load_schema() -> Dict[str, Any]:
    with SCHEMA_PATH.open(encoding="utf-8") as handle:
        schema: Dict[str, Any] = json.load(handle)
    return schema


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def validate_report_dict(data: Dict[str, Any]) -> None:
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        where = "/".join(str(part) for part in first.path) or "(root)"
        raise ReportSchemaError(
            f"report does not fit {SCHEMA_PATH.name} at {where}: {first.message}"
            + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")
        )
