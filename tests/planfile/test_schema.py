"""docs/plan-schema.json is generated from the schema models and agrees with the loader."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from picturelock.adapters.planfile.schema import PlanFile, plan_json_schema, schema_text
from picturelock.adapters.planfile.yamlio import plain, read_yaml

DOC = Path(__file__).resolve().parents[2] / "docs" / "plan-schema.json"
REGENERATE = "python -m picturelock.adapters.planfile.schema > docs/plan-schema.json"


def test_committed_schema_is_up_to_date() -> None:
    assert DOC.is_file(), f"docs/plan-schema.json is missing; run: {REGENERATE}"
    assert DOC.read_text(encoding="utf-8") == schema_text(), (
        f"docs/plan-schema.json is stale; run: {REGENERATE}"
    )


def test_every_field_is_described() -> None:
    undescribed = []
    for definition in [plan_json_schema(), *plan_json_schema()["$defs"].values()]:
        for name, prop in definition.get("properties", {}).items():
            if not prop.get("description"):
                undescribed.append(f"{definition.get('title')}.{name}")
    assert not undescribed


def test_the_fixture_meets_the_published_schema(small_plan_path: Path) -> None:
    data = plain(read_yaml(small_plan_path.read_text(encoding="utf-8")))
    jsonschema.Draft202012Validator(json.loads(DOC.read_text(encoding="utf-8"))).validate(data)
    PlanFile.model_validate(data)


@pytest.mark.parametrize(
    "change",
    [
        {"colour": "red"},
        {"duration": "long"},
        {"priority": 1001},
        {"depends": [{"task": "wrap", "lag": "3 weeks"}]},
        {"depends": [{"task": "wrap", "type": "XS"}]},
        {"constraints": [{"deadline": "2027-03-05"}]},
        {"assign": [{"resource": "editor", "units": "half"}]},
    ],
)
def test_published_schema_and_loader_refuse_the_same_task(
    small_plan_path: Path, change: dict[str, object]
) -> None:
    data = plain(read_yaml(small_plan_path.read_text(encoding="utf-8")))
    data["tasks"][1].update(change)
    validator = jsonschema.Draft202012Validator(json.loads(DOC.read_text(encoding="utf-8")))
    assert list(validator.iter_errors(data)), "the JSON Schema accepts it"
    with pytest.raises(ValueError):
        PlanFile.model_validate(data)
