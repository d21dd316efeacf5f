"""Deciding a request: another production, a refused role, another organisation's item."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from picturelock.domain.access import (
    PERMISSIONS,
    SCOPED_ROLES,
    AccessDenied,
    Capability,
    Membership,
    Refusal,
    Role,
    decide,
    require,
    visible_items,
    visible_to,
)
from picturelock.domain.audit import AuditAction
from picturelock.domain.errors import DomainError, InvalidInput

VENDOR = Membership("sam", 3, Role.VENDOR, "acme-vfx")
CLIENT = Membership("lee", 3, Role.CLIENT, "northern-tv")
SUPERVISOR = Membership("ana", 3, Role.POST_SUPERVISOR)


def test_a_member_of_one_production_is_nobody_in_another() -> None:
    decision = decide(SUPERVISOR, Capability.VIEW_SCHEDULE, production=4)
    assert decision.refusal is Refusal.NOT_A_MEMBER and decision.hides_existence
    assert decide(None, Capability.VIEW_SCHEDULE, production=3).refusal is Refusal.NOT_A_MEMBER


def test_vendors_and_clients_see_only_their_organisations_items() -> None:
    assert visible_to(VENDOR, "acme-vfx")
    assert not visible_to(VENDOR, "other-vfx")
    assert not visible_to(VENDOR, None)  # the production's own items are not theirs
    assert not visible_to(CLIENT, "acme-vfx")
    assert visible_to(SUPERVISOR, "acme-vfx") and visible_to(SUPERVISOR, None)


def test_another_vendors_item_is_answered_as_not_found() -> None:
    mine = decide(VENDOR, Capability.DOWNLOAD_CUT, production=3, owner_org="acme-vfx")
    theirs = decide(VENDOR, Capability.DOWNLOAD_CUT, production=3, owner_org="other-vfx")
    assert mine.allowed and mine.audited_as is AuditAction.DOWNLOAD_CUT
    assert theirs.refusal is Refusal.NOT_THEIRS and theirs.hides_existence and theirs.audited_as is None


def test_a_refused_capability_says_which_role_may_not() -> None:
    decision = decide(VENDOR, Capability.VIEW_MONEY, production=3, owner_org="acme-vfx")
    assert decision.refusal is Refusal.NOT_PERMITTED and not decision.hides_existence
    assert "vendor" in decision.reason and "view_money" in decision.reason


def test_require_raises_a_domain_error_carrying_the_decision() -> None:
    assert require(SUPERVISOR, Capability.EDIT_MONEY, production=3).audited_as is AuditAction.CHANGE_MONEY
    with pytest.raises(AccessDenied) as raised:
        require(CLIENT, Capability.EDIT_SCHEDULE, production=3)
    assert isinstance(raised.value, DomainError)
    assert raised.value.decision.refusal is Refusal.NOT_PERMITTED


def test_visible_items_keeps_the_order_and_only_their_own() -> None:
    items = [
        ("turnover-1", "acme-vfx"),
        ("turnover-2", "other-vfx"),
        ("budget", None),
        ("turnover-3", "acme-vfx"),
    ]
    assert [n for n, _ in visible_items(VENDOR, items, lambda i: i[1])] == ["turnover-1", "turnover-3"]
    assert len(visible_items(SUPERVISOR, items, lambda i: i[1])) == 4


@pytest.mark.parametrize("role", [Role.VENDOR, Role.CLIENT])
def test_vendors_and_clients_must_name_their_organisation(role: Role) -> None:
    with pytest.raises(InvalidInput) as raised:
        Membership("sam", 3, role, "  ")
    assert [p.field for p in raised.value.problems] == ["organisation"]


def test_every_problem_of_a_membership_is_reported_at_once() -> None:
    with pytest.raises(InvalidInput) as raised:
        Membership("", 3, Role.CLIENT)
    assert [p.field for p in raised.value.problems] == ["user", "organisation"]


orgs = st.sampled_from(["acme-vfx", "other-vfx", "northern-tv"])


@given(
    st.sampled_from(list(Role)), st.sampled_from(list(Capability)), orgs, st.none() | orgs, st.integers(1, 3)
)
def test_no_decision_ever_crosses_a_production_or_an_organisation(
    role: Role, capability: Capability, own: str, item: str | None, production: int
) -> None:
    decision = decide(Membership("sam", 2, role, own), capability, production=production, owner_org=item)
    if production != 2:
        assert decision.refusal is Refusal.NOT_A_MEMBER
    elif role in (Role.VENDOR, Role.CLIENT) and item != own:
        assert not decision.allowed and decision.hides_existence == (decision.refusal is Refusal.NOT_THEIRS)
    assert decision.allowed == (
        production == 2 and capability in PERMISSIONS[role] and (role not in SCOPED_ROLES or item == own)
    )
