"""Golden plan files: what each template builds, as a plan file a person can read and review.

`UPDATE_GOLDEN=1 pytest tests/templates` rewrites them; review the diff before committing.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from picturelock.services import templates

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "templates"
CASES = {
    "drama-series-6x60": ("drama-series", 6, 60),
    "drama-series-3x30": ("drama-series", 3, 30),
    "feature-film-1x100": ("feature-film", 1, 100),
    "documentary-3x60": ("documentary", 3, 60),
    "commercial-3x1": ("commercial", 3, 1),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_template_builds_its_golden_plan(case: str) -> None:
    name, episodes, runtime = CASES[case]
    plan = templates.new_plan(
        name, episodes=episodes, runtime=runtime, title=f"Golden {case}", start=date(2027, 1, 4)
    )
    text = templates.plan_text(plan)
    path = GOLDEN / f"{case}.yaml"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"missing {path}: run UPDATE_GOLDEN=1 pytest tests/templates"
    assert text == path.read_text(encoding="utf-8"), f"{case} changed: UPDATE_GOLDEN=1 pytest tests/templates"
