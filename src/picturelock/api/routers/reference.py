"""Read-only reference: workflow templates, the glossary of the trade, the plan file's schema."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Response

from picturelock.api.deps import Caller, signed_in
from picturelock.domain.plan import Plan
from picturelock.services import templates
from picturelock.services.plans import plan_file_schema

router = APIRouter(tags=["reference"])


def _figure(figure: Any) -> dict[str, Any]:
    return {
        "low": str(figure.low),
        "high": str(figure.high),
        "unit": figure.unit,
        "grade": figure.grade,
        "source": figure.source,
        "checked": figure.checked.isoformat(),
        "note": figure.note,
        "text": figure.text(),
    }


def _entry(entry: Any) -> dict[str, Any]:
    return {
        "id": entry.id,
        "name": entry.name,
        "what": entry.what,
        "inputs": list(entry.inputs),
        "outputs": list(entry.outputs),
        "who": list(entry.who),
        "aliases": list(entry.aliases),
        "typical": [_figure(f) for f in entry.typical],
    }


def plan_from_template(
    name: str = Path(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9-]*$"),
    episodes: int | None = Query(None, ge=1, le=200, description="Default: the template's."),
    runtime: int | None = Query(None, ge=1, le=600, description="Minutes per episode."),
    title: str = Query("Untitled production", min_length=1, max_length=200),
    start: date | None = Query(None, description="First day of post, 1900 to 2200."),
    country: str = Query("GB", pattern=r"^[A-Z]{2}$", description="Holidays: ISO 3166 country."),
    region: str | None = Query("ENG", max_length=10, description="Holidays: region ('' for none)."),
    currency: str = Query("GBP", pattern=r"^[A-Z]{3}$"),
) -> Plan:
    """A dependency: the plan `picturelock new` makes from the template and options in the request."""
    return templates.new_plan(
        name,
        episodes=episodes,
        runtime=runtime,
        title=title,
        start=start,
        country=country,
        region=region or None,
        currency=currency,
    )


@router.get("/templates", operation_id="list_templates")
def list_templates(_caller: Caller = Depends(signed_in)) -> list[dict[str, str]]:
    """The workflow templates a new plan can start from."""
    return [{"name": name, "description": text} for name, text in templates.list_templates()]


@router.get(
    "/templates/{name}/plan.yaml",
    operation_id="template_plan",
    response_class=Response,
    responses={200: {"content": {"application/yaml": {}}}},
)
def template_plan(plan: Plan = Depends(plan_from_template), _caller: Caller = Depends(signed_in)) -> Response:
    """A new post plan from a workflow template, as a plan file (YAML): `picturelock new`."""
    return Response(templates.plan_text(plan), media_type="application/yaml")


@router.get("/glossary", operation_id="list_glossary")
def list_glossary(_caller: Caller = Depends(signed_in)) -> list[dict[str, Any]]:
    """Every process of the trade, in the order work flows."""
    return [_entry(entry) for entry in templates.glossary()]


@router.get("/glossary/{process}", operation_id="get_process")
def get_process(
    process: str = Path(min_length=1, max_length=100), _caller: Caller = Depends(signed_in)
) -> dict[str, Any]:
    """One process, by its id, name or an alias."""
    return _entry(templates.process(process))


@router.get("/plan-schema", operation_id="plan_file_schema")
def plan_schema(_caller: Caller = Depends(signed_in)) -> dict[str, object]:
    """The JSON Schema of the plan file."""
    return plan_file_schema()


@router.get(
    "/demo/plan.yaml",
    operation_id="demo_plan",
    response_class=Response,
    responses={200: {"content": {"application/yaml": {}}}},
)
def demo_plan(_caller: Caller = Depends(signed_in)) -> Response:
    """The demo production's plan file (`picturelock demo --write`): import it to try the API."""
    from picturelock.services.demo import demo_plan_text

    return Response(demo_plan_text(), media_type="application/yaml")
