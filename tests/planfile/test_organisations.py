"""Organisations in the plan file: read, written back, and a bad one refused at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from picturelock.adapters.planfile import load_plan
from picturelock.adapters.planfile.writer import dump_plan
from picturelock.domain.errors import InvalidInput

PLAN = """\
picturelock: 1
production: {title: T, currency: GBP, country: GB, start: 2027-01-04}
people:
  - {id: kemi, name: Kemi Adebayo, organisation: halyard-sound}
resources:
  - {id: dub-1, name: Dubbing Theatre 1, kind: room, organisation: halyard-sound}
tasks:
  - {id: mix, name: Final mix, duration: 2, assign: [dub-1]}
  - {id: tx, name: TX master delivered, milestone: true, after: [mix], organisation: albion-one}
"""


def test_organisations_are_read_and_written_back(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    plan = load_plan(path)
    assert plan.people[0].organisation == plan.resources[0].organisation == "halyard-sound"
    assert [t.organisation for t in plan.tasks] == [None, "albion-one"]  # the mix's comes from its stage
    written = dump_plan(plan)
    assert "organisation: albion-one" in written and written.count("organisation: halyard-sound") == 2
    again = tmp_path / "again.yaml"
    again.write_text(written, encoding="utf-8")
    assert load_plan(again) == plan


@pytest.mark.parametrize("bad", ['"acme sound"', '""', "-acme", "x" * 65])
def test_a_bad_organisation_is_refused_at_its_line(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN.replace("organisation: albion-one", f"organisation: {bad}"), encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        load_plan(path)
    [problem] = refused.value.problems
    assert (problem.field, problem.line) == ("tasks[1].organisation", 9)
    assert "not an organisation id" in problem.message and "at most 64" in problem.message
