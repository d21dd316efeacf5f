"""Who may do what on a production: roles, capabilities and THE permission matrix, in one place.

A production is the unit of access: a user holds a `Membership` (one role) in each production
they work on, and nothing in another. Vendors and clients are scoped to their organisation: they
see only items tagged with it (`visible_to`). Executives read and never write; crew see no money;
only the producer and the post supervisor manage members. docs/permissions.md is generated from
`PERMISSIONS` (python -m picturelock.adapters.security.permissions_doc > docs/permissions.md).

Pure: the API asks `decide(...)` and turns a refusal into its own answer; a refusal that
`hides_existence` should look like "not found" so nobody learns what another production, vendor
or client holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from picturelock.domain.audit import AuditAction
from picturelock.domain.errors import DomainError, InvalidInput
from picturelock.domain.findings import Problem

T = TypeVar("T")


class Role(StrEnum):
    """A person's role on one production (issue 3: eight roles)."""

    PRODUCER = "producer"
    POST_SUPERVISOR = "post_supervisor"
    COORDINATOR = "coordinator"
    ACCOUNTANT = "accountant"
    CREW = "crew"
    VENDOR = "vendor"
    CLIENT = "client"
    EXECUTIVE = "executive"


class Area(StrEnum):
    """The part of the one model a capability touches."""

    PLAN = "plan"
    MONEY = "money"
    DELIVERABLES = "deliverables"
    CUT = "cut"
    PAPERWORK = "paperwork"
    PROPOSALS = "proposals"
    PRODUCTION = "production"


class Capability(StrEnum):
    VIEW_SCHEDULE = "view_schedule"
    EDIT_SCHEDULE = "edit_schedule"
    REPORT_PROGRESS = "report_progress"
    RUN_JOBS = "run_jobs"
    VIEW_MONEY = "view_money"
    EDIT_MONEY = "edit_money"
    VIEW_DELIVERABLES = "view_deliverables"
    EDIT_DELIVERABLES = "edit_deliverables"
    UPLOAD_MEDIA = "upload_media"
    SIGN_OFF = "sign_off"
    VIEW_CUT = "view_cut"
    DOWNLOAD_CUT = "download_cut"
    VIEW_PAPERWORK = "view_paperwork"
    EDIT_PAPERWORK = "edit_paperwork"
    VIEW_CONFIDENTIAL = "view_confidential"
    VIEW_PROPOSALS = "view_proposals"
    EDIT_PROPOSALS = "edit_proposals"
    VIEW_AUDIT_LOG = "view_audit_log"
    MANAGE_MEMBERS = "manage_members"


@dataclass(frozen=True, slots=True)
class CapabilityTerms:
    """What a capability covers, whether using it changes anything, and what the audit log records."""

    area: Area
    writes: bool
    meaning: str
    audited_as: AuditAction | None = None


C = Capability
TERMS: Mapping[Capability, CapabilityTerms] = {
    C.VIEW_SCHEDULE: CapabilityTerms(
        Area.PLAN, False, "see tasks, dates, float, critical path and the Gantt"
    ),
    C.EDIT_SCHEDULE: CapabilityTerms(
        Area.PLAN, True, "change tasks, links, calendars, resources, bookings and baselines"
    ),
    C.REPORT_PROGRESS: CapabilityTerms(Area.PLAN, True, "record progress and actual dates on tasks"),
    C.RUN_JOBS: CapabilityTerms(Area.PLAN, True, "run scheduling, levelling, QC and report jobs"),
    C.VIEW_MONEY: CapabilityTerms(
        Area.MONEY, False, "see the budget, cost report, EFC, rate cards, bids, POs and invoices"
    ),
    C.EDIT_MONEY: CapabilityTerms(
        Area.MONEY,
        True,
        "change budget lines, rates, POs, invoices and exchange rates",
        AuditAction.CHANGE_MONEY,
    ),
    C.VIEW_DELIVERABLES: CapabilityTerms(
        Area.DELIVERABLES, False, "see the deliverables plan, specs, due dates and QC verdicts"
    ),
    C.EDIT_DELIVERABLES: CapabilityTerms(Area.DELIVERABLES, True, "change deliverables, specs and due dates"),
    C.UPLOAD_MEDIA: CapabilityTerms(Area.DELIVERABLES, True, "deliver files and timelines for QC"),
    C.SIGN_OFF: CapabilityTerms(
        Area.DELIVERABLES, True, "sign off a cut or a delivery (picture lock, QC acceptance)"
    ),
    C.VIEW_CUT: CapabilityTerms(
        Area.CUT, False, "see running times, VFX/titles/archive/music lists and cut-to-cut changes"
    ),
    C.DOWNLOAD_CUT: CapabilityTerms(
        Area.CUT, False, "download a cut or a turnover", AuditAction.DOWNLOAD_CUT
    ),
    C.VIEW_PAPERWORK: CapabilityTerms(
        Area.PAPERWORK, False, "see clearances, cue sheets, the E&O checklist and who holds which cut"
    ),
    C.EDIT_PAPERWORK: CapabilityTerms(Area.PAPERWORK, True, "change clearances, cue sheets and checklists"),
    C.VIEW_CONFIDENTIAL: CapabilityTerms(
        Area.PAPERWORK,
        False,
        "open confidential documents: contracts, NDAs, deal terms",
        AuditAction.VIEW_CONFIDENTIAL,
    ),
    C.VIEW_PROPOSALS: CapabilityTerms(
        Area.PROPOSALS, False, "see enquiries, options (time, cost, carbon) and proposals"
    ),
    C.EDIT_PROPOSALS: CapabilityTerms(Area.PROPOSALS, True, "write options and proposals for a client"),
    C.VIEW_AUDIT_LOG: CapabilityTerms(Area.PRODUCTION, False, "read the audit log of sensitive actions"),
    C.MANAGE_MEMBERS: CapabilityTerms(
        Area.PRODUCTION, True, "add and remove members and change their roles", AuditAction.CHANGE_MEMBERS
    ),
}

_READS = frozenset(c for c, t in TERMS.items() if not t.writes)
_PLANNING = frozenset({C.VIEW_SCHEDULE, C.VIEW_DELIVERABLES, C.VIEW_CUT})

# THE permission matrix. Change it here only; docs/permissions.md and the tests follow it.
PERMISSIONS: Mapping[Role, frozenset[Capability]] = {
    Role.PRODUCER: frozenset(Capability),
    Role.POST_SUPERVISOR: frozenset(Capability),
    Role.COORDINATOR: _PLANNING
    | {C.EDIT_SCHEDULE, C.REPORT_PROGRESS, C.RUN_JOBS, C.EDIT_DELIVERABLES, C.UPLOAD_MEDIA}
    | {C.DOWNLOAD_CUT, C.VIEW_PAPERWORK, C.EDIT_PAPERWORK},
    Role.ACCOUNTANT: frozenset(
        {C.VIEW_SCHEDULE, C.VIEW_DELIVERABLES, C.VIEW_MONEY, C.EDIT_MONEY, C.VIEW_PAPERWORK}
        | {C.VIEW_CONFIDENTIAL, C.VIEW_PROPOSALS, C.VIEW_AUDIT_LOG}
    ),
    Role.CREW: _PLANNING | {C.REPORT_PROGRESS, C.UPLOAD_MEDIA, C.DOWNLOAD_CUT, C.VIEW_PAPERWORK},
    Role.VENDOR: _PLANNING | {C.REPORT_PROGRESS, C.UPLOAD_MEDIA, C.DOWNLOAD_CUT},
    Role.CLIENT: _PLANNING | {C.DOWNLOAD_CUT, C.SIGN_OFF, C.VIEW_PROPOSALS},
    Role.EXECUTIVE: _READS,
}

# Roles that see only the items tagged with their own organisation.
SCOPED_ROLES = frozenset({Role.VENDOR, Role.CLIENT})


@dataclass(frozen=True, slots=True)
class Membership:
    """`user` holds `role` on `production`; vendors and clients name their `organisation`."""

    user: str
    production: int
    role: Role
    organisation: str | None = None

    def __post_init__(self) -> None:
        problems = []
        if not self.user.strip():
            problems.append(Problem("membership", "user", "is empty", expected="the user's account name"))
        if self.role in SCOPED_ROLES and not (self.organisation or "").strip():
            problems.append(
                Problem(
                    "membership",
                    "organisation",
                    f"a {self.role.value} must name their organisation",
                    expected="the organisation whose items they may see, e.g. 'acme-sound'",
                )
            )
        if problems:
            raise InvalidInput(problems)


def can(membership: Membership, capability: Capability) -> bool:
    """Whether the member's role carries `capability` (the matrix only; see `decide` for scope)."""
    return capability in PERMISSIONS[membership.role]


def visible_to(membership: Membership, item_owner_org: str | None) -> bool:
    """Vendors and clients see only items tagged with their organisation; other roles see all."""
    if membership.role not in SCOPED_ROLES:
        return True
    return item_owner_org is not None and item_owner_org == membership.organisation


def visible_items(
    membership: Membership, items: Iterable[T], owner_org: Callable[[T], str | None]
) -> list[T]:
    """The items of a list this member may see, in their order."""
    return [item for item in items if visible_to(membership, owner_org(item))]


class Refusal(StrEnum):
    NOT_A_MEMBER = "not_a_member"  # no membership in this production
    NOT_PERMITTED = "not_permitted"  # the role does not carry the capability
    NOT_THEIRS = "not_theirs"  # the item belongs to another vendor or client


@dataclass(frozen=True, slots=True)
class Decision:
    """The answer to "may this member do this here?", with the reason when refused."""

    capability: Capability
    refusal: Refusal | None = None
    reason: str = ""

    @property
    def allowed(self) -> bool:
        return self.refusal is None

    @property
    def hides_existence(self) -> bool:
        """Answer as if the thing did not exist: another production's or organisation's item."""
        return self.refusal in (Refusal.NOT_A_MEMBER, Refusal.NOT_THEIRS)

    @property
    def audited_as(self) -> AuditAction | None:
        """The audit log action to record when this allowed use happens (None: not audited)."""
        return TERMS[self.capability].audited_as if self.allowed else None


def decide(
    membership: Membership | None, capability: Capability, *, production: int, owner_org: str | None = None
) -> Decision:
    """May `membership` use `capability` on `production` (on an item of `owner_org`, if any)?"""
    if membership is None or membership.production != production:
        return Decision(capability, Refusal.NOT_A_MEMBER, f"not a member of production {production}")
    if not can(membership, capability):
        return Decision(
            capability, Refusal.NOT_PERMITTED, f"a {membership.role.value} may not {capability.value}"
        )
    if not visible_to(membership, owner_org):
        return Decision(capability, Refusal.NOT_THEIRS, f"not an item of {membership.organisation}")
    return Decision(capability)


class AccessDenied(DomainError):
    """An action the member may not take; `decision` says why (the API chooses 403 or 404)."""

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        super().__init__(f"access denied: {decision.reason}")


def require(
    membership: Membership | None, capability: Capability, *, production: int, owner_org: str | None = None
) -> Decision:
    """`decide`, raising AccessDenied when refused; returns the allowed decision (for auditing)."""
    decision = decide(membership, capability, production=production, owner_org=owner_org)
    if not decision.allowed:
        raise AccessDenied(decision)
    return decision
