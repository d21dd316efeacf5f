"""Load a production's post plan from a plan file or an MS Project XML file, by suffix."""

from __future__ import annotations

from pathlib import Path

from picturelock.domain.errors import InvalidInput, UnsupportedFormat
from picturelock.domain.findings import Problem
from picturelock.domain.plan import Plan

PLAN_SUFFIXES = {".yaml": "plan file", ".yml": "plan file", ".xml": "MS Project XML (MSPDI)"}


def load_plan(path: Path) -> Plan:
    """The plan in `path`: YAML plan files and MS Project XML are read; anything else refused."""
    return read_plan(path)[0]


def read_plan(path: Path) -> tuple[Plan, tuple[Problem, ...]]:
    """The plan in `path` and the warnings of its import (what MS Project XML carried with a loss)."""
    suffix = path.suffix.lower()
    if suffix not in PLAN_SUFFIXES:
        known = ", ".join(f"{s} ({what})" for s, what in PLAN_SUFFIXES.items())
        raise UnsupportedFormat(
            f"{path}: cannot read a plan from {suffix or 'a file without a suffix'}; available: {known}"
        )
    if not path.is_file():
        raise InvalidInput([Problem(str(path), "", "no such file", expected="a plan file")])
    if suffix == ".xml":
        from picturelock.adapters.msproject.reader import load_mspdi

        reading = load_mspdi(path)
        return reading.plan, reading.warnings
    from picturelock.adapters.planfile.loader import load_plan as load_plan_file

    return load_plan_file(path), ()


def plan_file_schema() -> dict[str, object]:
    """The JSON Schema of the plan file, generated from its models."""
    from picturelock.adapters.planfile.schema import plan_json_schema

    return plan_json_schema()
