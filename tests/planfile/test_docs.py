"""docs/plan-file.md stays honest: its examples are valid plan-file sections, and it covers every key."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from picturelock.adapters.planfile.schema import PlanFile
from picturelock.adapters.planfile.yamlio import read_data

DOC = Path(__file__).resolve().parents[2] / "docs" / "plan-file.md"
BLOCKS = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("block", BLOCKS, ids=[b.split(":")[0] for b in BLOCKS])
def test_each_example_is_a_valid_section(block: str) -> None:
    data: dict[str, Any] = read_data(block)
    for key, value in data.items():
        TypeAdapter(PlanFile.model_fields[key].annotation).validate_python(value)


def test_every_top_level_key_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [key for key in PlanFile.model_fields if f"`{key}`" not in text]
    assert not missing


def test_every_field_of_every_section_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    schema = PlanFile.model_json_schema()
    missing = sorted(
        f"{definition.get('title')}.{name}"
        for definition in schema["$defs"].values()
        for name in definition.get("properties", {})
        if not re.search(rf"\b{name}\b", text)
    )
    assert not missing
