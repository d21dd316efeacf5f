"""Links and resources of a held production: list them with their versions, add, change, remove.

As for tasks (`editing`): every change names the version of the item it was based on (a new one
names none); a stale version answers 409, a change leaving the plan invalid 422.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from picturelock.api.deps import Caller, allowed, capability_extra, signed_in
from picturelock.api.routers.editing import (
    EDIT,
    MOST_VERSION,
    VIEW,
    WRITE_ERRORS,
    Removed,
    engine_of,
    expected_query,
    id_field,
    path_key,
)
from picturelock.domain.calendar import DateSpan
from picturelock.domain.plan import Link, LinkType, Resource, ResourceKind
from picturelock.services import editing, productions

router = APIRouter(tags=["editing"])


class LinkTerms(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: LinkType = LinkType.FS
    lag_days: Decimal = Field(Decimal(0), ge=-100_000, le=100_000, max_digits=12, decimal_places=2)
    lag_elapsed: bool = Field(False, description="The lag is in calendar days, not working days.")


class LinkIn(LinkTerms):
    predecessor: str = id_field()
    successor: str = id_field()


class LinkChange(LinkTerms):
    expected_version: int = Field(
        ge=1, le=MOST_VERSION, description="The link's version the change is based on."
    )


class SpanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    first: date
    last: date
    reason: str = Field("", max_length=500)


class ResourceIn(BaseModel):
    """A resource, whole. `expected_version` null adds a new one; else it replaces that version."""

    model_config = ConfigDict(extra="forbid")
    expected_version: int | None = Field(None, ge=1, le=MOST_VERSION)
    name: str = Field(min_length=1, max_length=500)
    kind: ResourceKind
    capacity: Decimal = Field(Decimal(1), gt=0, le=10_000, max_digits=12, decimal_places=2)
    calendar: str | None = Field(None, min_length=1, max_length=200)
    leave: list[SpanIn] = Field(default_factory=list, max_length=200)
    person: str | None = Field(None, min_length=1, max_length=200)
    organisation: str | None = Field(None, min_length=1, max_length=64)

    def domain(self, resource_id: str) -> Resource:
        return Resource(
            id=resource_id,
            name=self.name,
            kind=self.kind,
            capacity=self.capacity,
            calendar=self.calendar,
            leave=tuple(DateSpan(s.first, s.last, s.reason) for s in self.leave),
            person=self.person,
            organisation=self.organisation,
        )


class LinkOut(BaseModel):
    predecessor: str
    successor: str
    type: LinkType
    lag_days: Decimal
    lag_elapsed: bool
    version: int


class SpanOut(BaseModel):
    first: date
    last: date
    reason: str


class LinkSaved(BaseModel):
    predecessor: str
    successor: str
    version: int


class ResourceOut(BaseModel):
    id: str
    name: str
    kind: ResourceKind
    capacity: Decimal
    calendar: str | None
    leave: list[SpanOut]
    person: str | None
    organisation: str | None
    version: int


class ResourceSaved(BaseModel):
    id: str
    version: int


# --- links ----------------------------------------------------------------------------------------


@router.get(
    "/productions/{production_id}/links",
    operation_id="list_links",
    response_model=list[LinkOut],
    openapi_extra=capability_extra(VIEW),
)
def list_links(request: Request, production_id: int = Depends(allowed(VIEW))) -> Any:
    """Every link with its version (what a change must name)."""
    stored = productions.get_production(production_id, engine_of(request))
    return [
        LinkOut(
            predecessor=k.predecessor,
            successor=k.successor,
            type=k.type,
            lag_days=k.lag_days,
            lag_elapsed=k.lag_elapsed,
            version=stored.links[(k.predecessor, k.successor)].version,
        )
        for k in stored.plan.links
    ]


@router.post(
    "/productions/{production_id}/links",
    operation_id="add_link",
    status_code=201,
    response_model=LinkSaved,
    responses=WRITE_ERRORS,
    openapi_extra=capability_extra(EDIT),
)
def add_link(
    request: Request,
    link: LinkIn,
    production_id: int = Depends(allowed(EDIT)),
    caller: Caller = Depends(signed_in),
) -> Any:
    """Make `successor` depend on `predecessor`. A link between them already held answers 409; one
    that would close a loop answers 422 naming the loop."""
    held = Link(link.predecessor, link.successor, link.type, link.lag_days, link.lag_elapsed)
    version = editing.save_link(production_id, held, None, engine_of(request), by=caller.session.login)
    return LinkSaved(predecessor=link.predecessor, successor=link.successor, version=version)


@router.put(
    "/productions/{production_id}/links/{predecessor}/{successor}",
    operation_id="change_link",
    response_model=LinkSaved,
    responses=WRITE_ERRORS,
    openapi_extra=capability_extra(EDIT),
)
def change_link(
    request: Request,
    change: LinkChange,
    predecessor: str = path_key("The task the successor depends on."),
    successor: str = path_key("The task that depends on it."),
    production_id: int = Depends(allowed(EDIT)),
    caller: Caller = Depends(signed_in),
) -> Any:
    """Change the link's type and lag."""
    held = Link(predecessor, successor, change.type, change.lag_days, change.lag_elapsed)
    db, by = engine_of(request), caller.session.login
    version = editing.save_link(production_id, held, change.expected_version, db, by=by)
    return LinkSaved(predecessor=predecessor, successor=successor, version=version)


@router.delete(
    "/productions/{production_id}/links/{predecessor}/{successor}",
    operation_id="remove_link",
    response_model=Removed,
    responses=WRITE_ERRORS,
    openapi_extra=capability_extra(EDIT),
)
def remove_link(
    request: Request,
    predecessor: str = path_key("The task the successor depends on."),
    successor: str = path_key("The task that depends on it."),
    expected_version: int = expected_query("link"),
    production_id: int = Depends(allowed(EDIT)),
    caller: Caller = Depends(signed_in),
) -> Any:
    """Remove the link."""
    db, by = engine_of(request), caller.session.login
    version = editing.remove_link(production_id, predecessor, successor, expected_version, db, by=by)
    return Removed(removed=f"link {predecessor!r} -> {successor!r}", production_version=version)


# --- resources ------------------------------------------------------------------------------------


@router.get(
    "/productions/{production_id}/resources",
    operation_id="list_resources",
    response_model=list[ResourceOut],
    openapi_extra=capability_extra(VIEW),
)
def list_resources(request: Request, production_id: int = Depends(allowed(VIEW))) -> Any:
    """Every resource with its version (what a change must name)."""
    stored = productions.get_production(production_id, engine_of(request))
    return [
        ResourceOut(
            id=r.id,
            name=r.name,
            kind=r.kind,
            capacity=r.capacity,
            calendar=r.calendar,
            leave=[SpanOut(first=s.first, last=s.last, reason=s.reason) for s in r.leave],
            person=r.person,
            organisation=r.organisation,
            version=stored.resources[r.id].version,
        )
        for r in stored.plan.resources
    ]


@router.put(
    "/productions/{production_id}/resources/{resource_id}",
    operation_id="save_resource",
    response_model=ResourceSaved,
    responses=WRITE_ERRORS,
    openapi_extra=capability_extra(EDIT),
)
def save_resource(
    request: Request,
    resource: ResourceIn,
    resource_id: str = path_key("The resource's id."),
    production_id: int = Depends(allowed(EDIT)),
    caller: Caller = Depends(signed_in),
) -> Any:
    """Add the resource (`expected_version` null) or replace it whole; its version."""
    db, by = engine_of(request), caller.session.login
    held = resource.domain(resource_id)
    version = editing.save_resource(production_id, held, resource.expected_version, db, by=by)
    return ResourceSaved(id=resource_id, version=version)


@router.delete(
    "/productions/{production_id}/resources/{resource_id}",
    operation_id="remove_resource",
    response_model=Removed,
    responses=WRITE_ERRORS,
    openapi_extra=capability_extra(EDIT),
)
def remove_resource(
    request: Request,
    resource_id: str = path_key("The resource's id."),
    expected_version: int = expected_query("resource"),
    production_id: int = Depends(allowed(EDIT)),
    caller: Caller = Depends(signed_in),
) -> Any:
    """Remove the resource. Refused (422) while tasks are assigned to it: each is named."""
    db, by = engine_of(request), caller.session.login
    version = editing.remove_resource(production_id, resource_id, expected_version, db, by=by)
    return Removed(removed=f"resource {resource_id!r}", production_version=version)
