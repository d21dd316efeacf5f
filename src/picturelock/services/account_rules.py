"""The rules of accounts and memberships: what a login may be, what a new account must have, who
manages members (and that a production always keeps one), and how a membership change is worded
in the audit log."""

from __future__ import annotations

import re

from picturelock.adapters.db.accounts import MembershipRepository, login_key
from picturelock.adapters.security.passwords import password_problems
from picturelock.domain.access import Capability, Membership, Role, decide
from picturelock.domain.errors import InvalidInput
from picturelock.domain.findings import Problem
from picturelock.domain.organisations import ORGANISATION_EXPECTED, organisation_problem

LOGIN = re.compile(r"[a-z0-9][a-z0-9._@+-]{0,99}")


def manages(membership: Membership) -> bool:
    return decide(membership, Capability.MANAGE_MEMBERS, production=membership.production).allowed


def keep_a_manager(repository: MembershipRepository, production_id: int, leaving: str) -> None:
    others = [m for m in repository.for_production(production_id) if m.user != leaving and manages(m)]
    if not others:
        raise InvalidInput(
            [
                Problem(
                    "membership",
                    "role",
                    f"{leaving} is the production's last member who manages members",
                    expected="another producer or post supervisor added first",
                )
            ]
        )


def role_text(membership: Membership) -> str:
    org = f" of {membership.organisation}" if membership.organisation else ""
    return membership.role.value + org


def describe_change(previous: Membership | None, new: Membership) -> str:
    if previous is None:
        return f"added as {role_text(new)}"
    return f"role changed from {role_text(previous)} to {role_text(new)}"


def new_membership(login: str, production_id: int, role: Role | str, organisation: str | None) -> Membership:
    try:
        chosen = Role(role)
    except ValueError:
        expected = "one of " + ", ".join(r.value for r in Role)
        raise InvalidInput(
            [Problem("membership", "role", f"{role!r} is not a role", expected=expected)]
        ) from None
    org = organisation.strip() if organisation and organisation.strip() else None
    if org is not None and organisation_problem(org):
        problem = Problem("membership", "organisation", f"{org[:80]!r} is not an organisation id",
                          expected=ORGANISATION_EXPECTED + " (as the plan's items name it)")  # fmt: skip
        raise InvalidInput([problem])
    return Membership(login_key(login), production_id, chosen, org)


def account_problems(login: str, password: str, email: str | None) -> list[Problem]:
    problems = []
    if not LOGIN.fullmatch(login_key(login)):
        problems.append(
            Problem(
                "account",
                "login",
                f"{login!r} is not a login",
                expected="1 to 100 letters, digits or . _ @ + -, starting with a letter or digit",
            )
        )
    if email is not None and email.strip() and "@" not in email:
        problems.append(Problem("account", "email", f"{email!r} is not an address", expected="name@domain"))
    return problems + password_problems(password, account=login_key(login))
