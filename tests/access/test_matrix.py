"""The permission matrix against the issue's words, role by role and capability by capability.

Issue 3: "Roles per production: producer, post supervisor, coordinator, accountant, crew, vendor,
client, executive (read only) ... vendors and clients see only what is theirs". The table below
is written from that text and the trade (each row says why); the matrix in domain/access.py must
agree with it cell for cell, so a permission changes only when both are changed on purpose.
"""

from __future__ import annotations

import pytest

from picturelock.domain.access import PERMISSIONS, TERMS, Capability, Membership, Role, can

P, S, CO, A, CR, V, CL, E = (
    Role.PRODUCER, Role.POST_SUPERVISOR, Role.COORDINATOR, Role.ACCOUNTANT,
    Role.CREW, Role.VENDOR, Role.CLIENT, Role.EXECUTIVE,
)  # fmt: skip
EVERYONE = frozenset(Role)

# capability -> the roles that hold it, with the reason.
EXPECTED: dict[Capability, frozenset[Role]] = {
    # Everyone on a production sees its plan; vendors and clients only their own tasks (scope).
    Capability.VIEW_SCHEDULE: EVERYONE,
    # The people who run post change the plan; accountants, crew, vendors, clients, executives do not.
    Capability.EDIT_SCHEDULE: frozenset({P, S, CO}),
    # Whoever does the work reports its progress: crew and vendors (their tasks), and the desk.
    Capability.REPORT_PROGRESS: frozenset({P, S, CO, CR, V}),
    Capability.RUN_JOBS: frozenset({P, S, CO}),
    # "accountant sees and edits money"; "crew see no money"; executives read; vendors and
    # clients never see the production's budget; the coordinator is kept out of money.
    Capability.VIEW_MONEY: frozenset({P, S, A, E}),
    Capability.EDIT_MONEY: frozenset({P, S, A}),
    # Deliverables: all see them (scoped for vendors and clients); the desk edits them.
    Capability.VIEW_DELIVERABLES: EVERYONE,
    Capability.EDIT_DELIVERABLES: frozenset({P, S, CO}),
    # Files come from the cutting room, the desk, and vendors delivering their work.
    Capability.UPLOAD_MEDIA: frozenset({P, S, CO, CR, V}),
    # Picture lock and delivery acceptance: the producer, the post supervisor, the client.
    Capability.SIGN_OFF: frozenset({P, S, CL}),
    # The cut: everyone working from it; the accountant has no need of it.
    Capability.VIEW_CUT: EVERYONE - {A},
    Capability.DOWNLOAD_CUT: EVERYONE - {A},
    # Paperwork (clearances, cue sheets): the production's own people; not vendors or clients.
    Capability.VIEW_PAPERWORK: EVERYONE - {V, CL},
    Capability.EDIT_PAPERWORK: frozenset({P, S, CO}),
    # Confidential documents (contracts, NDAs, deal terms): the money side and the top only.
    Capability.VIEW_CONFIDENTIAL: frozenset({P, S, A, E}),
    # Proposals: written by the producer and the post supervisor; a client sees theirs.
    Capability.VIEW_PROPOSALS: frozenset({P, S, A, CL, E}),
    Capability.EDIT_PROPOSALS: frozenset({P, S}),
    Capability.VIEW_AUDIT_LOG: frozenset({P, S, A, E}),
    # "only producer and post supervisor manage members".
    Capability.MANAGE_MEMBERS: frozenset({P, S}),
}


def member(role: Role) -> Membership:
    org = "acme-sound" if role in (Role.VENDOR, Role.CLIENT) else None
    return Membership("kim", 7, role, org)


def test_the_expectations_cover_every_capability() -> None:
    assert set(EXPECTED) == set(Capability) == set(TERMS)
    assert set(PERMISSIONS) == set(Role) and len(Role) == 8


@pytest.mark.parametrize("capability", list(Capability))
@pytest.mark.parametrize("role", list(Role))
def test_each_cell_of_the_matrix(role: Role, capability: Capability) -> None:
    assert can(member(role), capability) == (role in EXPECTED[capability])


def test_executives_read_everything_and_never_write() -> None:
    for capability, terms in TERMS.items():
        assert can(member(Role.EXECUTIVE), capability) == (not terms.writes), capability


def test_crew_see_no_money() -> None:
    money = [c for c, t in TERMS.items() if t.area == "money"]
    assert money and not any(can(member(Role.CREW), c) for c in money)


def test_the_accountant_sees_and_edits_money() -> None:
    assert can(member(Role.ACCOUNTANT), Capability.VIEW_MONEY)
    assert can(member(Role.ACCOUNTANT), Capability.EDIT_MONEY)


def test_only_producer_and_post_supervisor_manage_members() -> None:
    assert {r for r in Role if can(member(r), Capability.MANAGE_MEMBERS)} == {
        Role.PRODUCER,
        Role.POST_SUPERVISOR,
    }


def test_whoever_writes_can_see_what_they_write() -> None:
    pairs = {
        Capability.EDIT_SCHEDULE: Capability.VIEW_SCHEDULE,
        Capability.REPORT_PROGRESS: Capability.VIEW_SCHEDULE,
        Capability.EDIT_MONEY: Capability.VIEW_MONEY,
        Capability.EDIT_DELIVERABLES: Capability.VIEW_DELIVERABLES,
        Capability.UPLOAD_MEDIA: Capability.VIEW_DELIVERABLES,
        Capability.EDIT_PAPERWORK: Capability.VIEW_PAPERWORK,
        Capability.EDIT_PROPOSALS: Capability.VIEW_PROPOSALS,
    }
    for role in Role:
        for write, read in pairs.items():
            assert not can(member(role), write) or can(member(role), read), (role, write)


def test_sensitive_uses_are_audited() -> None:
    audited = {c for c, t in TERMS.items() if t.audited_as is not None}
    assert {Capability.VIEW_CONFIDENTIAL, Capability.DOWNLOAD_CUT, Capability.EDIT_MONEY} <= audited
