"""A production as a whole: replace its plan, delete it, its members, its audit log; and a new
production from a workflow template (`picturelock new` then `picturelock db import`)."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Depends, File, Header, Path, Query, Request, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from picturelock.api.deps import Caller, allowed, capability_extra, gate, signed_in
from picturelock.api.errors import ApiError, ErrorOut
from picturelock.api.routers.productions import ImportedOut
from picturelock.api.routers.reference import plan_from_template
from picturelock.api.uploads import plan_suffix, save_upload
from picturelock.api.work import renamed, scratch
from picturelock.domain.access import Capability, Membership, Role
from picturelock.domain.errors import InvalidInput
from picturelock.domain.findings import Problem
from picturelock.domain.plan import Plan
from picturelock.services import editing

router = APIRouter(tags=["administration"])
EDIT = Capability.EDIT_SCHEDULE
MEMBERS = Capability.MANAGE_MEMBERS
AUDIT = Capability.VIEW_AUDIT_LOG
MOST_VERSION = 2**31 - 1
IF_MATCH = re.compile(r'^\s*(?:W/)?"?(\d{1,10})"?\s*$')
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut},
    409: {"model": ErrorOut},
    422: {"model": ErrorOut},
}


class PlanReplaced(BaseModel):
    id: int
    version: int
    warnings: list[str]


class ProductionDeleted(BaseModel):
    deleted: int


class MemberIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    login: str = Field(min_length=1, max_length=320)
    role: Role
    organisation: str | None = Field(None, max_length=200, description="Required for vendors and clients.")


class MemberOut(BaseModel):
    login: str
    role: Role
    organisation: str | None


class MemberRemoved(BaseModel):
    removed: str


class AuditEntryOut(BaseModel):
    sequence: int
    when: str
    who: str
    action: str
    subject: str
    detail: str
    hash: str


class ChainBreakOut(BaseModel):
    position: int
    sequence: int | None
    problem: str


class AuditOut(BaseModel):
    intact: bool = Field(
        description="Whether the hash chain checks from the first entry to the recorded head."
    )
    broken_at: ChainBreakOut | None = Field(description="Where the chain breaks, when it does.")
    entries: list[AuditEntryOut]


def _member(membership: Membership) -> MemberOut:
    return MemberOut(login=membership.user, role=membership.role, organisation=membership.organisation)


def expected_version(query: int | None, if_match: str | None) -> int:
    """The production version a whole-plan change names: `?expected_version=` or `If-Match`."""
    if query is not None:
        return query
    found = IF_MATCH.match(if_match or "")
    if found and 1 <= int(found.group(1)) <= MOST_VERSION:
        return int(found.group(1))
    problem = Problem(
        "query",
        "expected_version",
        "no version given" if not if_match else f"If-Match {if_match[:40]!r} names no version",
        expected='?expected_version=N or If-Match: "N" (the production\'s version the change is based on)',
    )
    raise ApiError(422, "the request is not valid", problems=[problem])


@router.put(
    "/productions/{production_id}/plan.yaml",
    operation_id="replace_plan",
    response_model=PlanReplaced,
    responses={**ERRORS, 413: {"model": ErrorOut}, 415: {"model": ErrorOut}},
    openapi_extra=capability_extra(EDIT),
)
async def replace_plan(
    request: Request,
    file: UploadFile = File(description="The whole plan: a plan file (.yaml) or MS Project XML (.xml)."),
    version: int | None = Query(
        None, alias="expected_version", ge=1, le=MOST_VERSION, description="Or send If-Match."
    ),
    if_match: str | None = Header(None, max_length=100),
    production_id: int = Depends(allowed(EDIT)),
    caller: Caller = Depends(signed_in),
) -> Any:
    """Replace the production's whole plan with an uploaded one, if the production is still at the
    version named; tasks, links and resources that did not change keep their versions."""
    expected = expected_version(version, if_match)
    suffix = plan_suffix(file.filename)
    with scratch() as folder:
        temp = folder / f"upload{suffix}"
        await save_upload(file, temp, request.app.state.max_upload_bytes)
        try:
            from picturelock.services.plans import read_plan

            plan, warnings = read_plan(temp)
        except InvalidInput as error:
            raise renamed(error, temp, file.filename or "upload") from None
    db, by = request.app.state.engine, caller.session.login
    new_version = editing.replace_plan(production_id, plan, expected, db, by=by)
    return PlanReplaced(id=production_id, version=new_version, warnings=[str(w) for w in warnings])


@router.delete(
    "/productions/{production_id}",
    operation_id="delete_production",
    response_model=ProductionDeleted,
    responses=ERRORS,
    openapi_extra=capability_extra(MEMBERS),
)
def delete_production(
    request: Request,
    version: int = Query(
        alias="expected_version", ge=1, le=MOST_VERSION, description="The production's version now."
    ),
    production_id: int = Depends(allowed(MEMBERS)),
    caller: Caller = Depends(signed_in),
) -> Any:
    """Delete the production with its plan, members and audit log (those who manage its members
    may). The deletion is kept in the accounts-wide audit log."""
    state = request.app.state
    key = state.gate.settings.audit_key
    editing.delete_production(production_id, version, state.engine, by=caller.session.login, audit_key=key)
    return ProductionDeleted(deleted=production_id)


@router.get(
    "/productions/{production_id}/members",
    operation_id="list_members",
    response_model=list[MemberOut],
    openapi_extra=capability_extra(AUDIT),
)
def list_members(request: Request, production_id: int = Depends(allowed(AUDIT))) -> Any:
    """Who works on the production, in which role (for those who may read the audit log)."""
    return [_member(m) for m in gate(request).accounts.members(production_id)]


@router.post(
    "/productions/{production_id}/members",
    operation_id="add_member",
    response_model=MemberOut,
    responses=ERRORS,
    openapi_extra=capability_extra(MEMBERS),
)
def add_member(
    request: Request,
    member: MemberIn,
    production_id: int = Depends(allowed(MEMBERS)),
    caller: Caller = Depends(signed_in),
) -> Any:
    """Make an account a member in a role, or change its role (audited). Vendors and clients name
    their organisation; the last member who manages members keeps that role."""
    accounts = gate(request).accounts
    added = accounts.add_member(caller.session, production_id, member.login, member.role, member.organisation)
    return _member(added)


@router.delete(
    "/productions/{production_id}/members/{login}",
    operation_id="remove_member",
    response_model=MemberRemoved,
    responses=ERRORS,
    openapi_extra=capability_extra(MEMBERS),
)
def remove_member(
    request: Request,
    login: str = Path(min_length=1, max_length=320),
    production_id: int = Depends(allowed(MEMBERS)),
    caller: Caller = Depends(signed_in),
) -> Any:
    """Take an account off the production (audited); the last member who manages members stays."""
    gate(request).accounts.remove_member(caller.session, production_id, login)
    return MemberRemoved(removed=login)


@router.get(
    "/productions/{production_id}/audit",
    operation_id="get_audit_log",
    response_model=AuditOut,
    openapi_extra=capability_extra(AUDIT),
)
def get_audit_log(request: Request, production_id: int = Depends(allowed(AUDIT))) -> Any:
    """The production's audit log, oldest first, with its hash chain checked: intact, or the
    first entry where it breaks (changed, removed, reordered or cut short)."""
    accounts = gate(request).accounts
    entries = accounts.audit_log(production_id)
    broken = accounts.verify_audit(production_id)
    return AuditOut(
        intact=broken is None,
        broken_at=None
        if broken is None
        else ChainBreakOut(position=broken.position, sequence=broken.sequence, problem=broken.problem),
        entries=[
            AuditEntryOut(
                sequence=e.sequence,
                when=e.when.isoformat(),
                who=e.who,
                action=e.action.value,
                subject=e.subject,
                detail=e.detail,
                hash=e.hash,
            )
            for e in entries
        ],
    )


@router.post(
    "/templates/{name}/productions",
    operation_id="new_production",
    status_code=201,
    response_model=ImportedOut,
    responses={404: {"model": ErrorOut}, 422: {"model": ErrorOut}},
)
def new_production(
    request: Request, plan: Plan = Depends(plan_from_template), caller: Caller = Depends(signed_in)
) -> Any:
    """A new production from a workflow template (`picturelock new`, then held as `db import`
    would); the caller becomes its producer."""
    production_id = gate(request).import_as_producer(caller.session, plan)
    return ImportedOut(id=production_id, title=plan.production.title, warnings=[])
