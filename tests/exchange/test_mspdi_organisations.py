"""Organisations travel through MS Project in the custom field Text2 (alias "Picture Lock
organisation"), for tasks and resources; a file without them reads as items of the production."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exchange.sample import sample_plan, sample_schedule
from picturelock.adapters.msproject import codes, mspdi_bytes, read_mspdi, write_mspdi
from picturelock.domain.errors import InvalidInput
from picturelock.domain.plan import Plan

NS = {"p": codes.NAMESPACE}
ORGS = st.none() | st.sampled_from(["acme-sound", "Grade.House_2", "tv-client"])


def organised(plan: Plan, draw_task: list[str | None], draw_resource: list[str | None]) -> Plan:
    return dataclasses.replace(
        plan,
        tasks=tuple(
            dataclasses.replace(t, organisation=o) for t, o in zip(plan.tasks, draw_task, strict=False)
        ),
        resources=tuple(
            dataclasses.replace(r, organisation=o)
            for r, o in zip(plan.resources, draw_resource, strict=False)
        ),
    )


@settings(max_examples=25, deadline=None)
@given(st.lists(ORGS, min_size=20, max_size=20), st.lists(ORGS, min_size=10, max_size=10))
def test_organisations_of_tasks_and_resources_survive_the_round_trip(
    tmp_path_factory: pytest.TempPathFactory, tasks: list[str | None], resources: list[str | None]
) -> None:
    plan = organised(sample_plan(), tasks, resources)
    path = tmp_path_factory.mktemp("mspdi") / "plan.xml"
    write_mspdi(plan, sample_schedule(), path)
    back = read_mspdi(path)
    assert {t.id: t.organisation for t in back.tasks} == {t.id: t.organisation for t in plan.tasks}
    assert {r.id: r.organisation for r in back.resources} == {r.id: r.organisation for r in plan.resources}


def test_the_field_is_declared_only_when_the_plan_names_an_organisation() -> None:
    def aliases(plan: Plan) -> list[str]:
        root = ET.fromstring(mspdi_bytes(plan, sample_schedule()))
        return [
            a.findtext("p:Alias", namespaces=NS) or ""
            for a in root.findall("p:ExtendedAttributes/p:ExtendedAttribute", NS)
        ]

    assert codes.ORGANISATION_ALIAS not in aliases(sample_plan())
    some = organised(sample_plan(), ["acme-sound"], [])
    assert aliases(some).count(codes.ORGANISATION_ALIAS) == 1


def test_a_bad_organisation_in_ms_project_is_refused_at_its_element(tmp_path: Path) -> None:
    plan = organised(sample_plan(), ["acme-sound"], [])
    text = (
        mspdi_bytes(plan, sample_schedule())
        .decode()
        .replace("<Value>acme-sound</Value>", "<Value>acme sound</Value>")
    )
    path = tmp_path / "bad.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        read_mspdi(path)
    [problem] = refused.value.problems
    assert problem.field.startswith("Tasks/Task[UID=") and problem.field.endswith(".organisation")
    assert problem.line is not None
