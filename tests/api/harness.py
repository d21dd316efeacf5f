"""The API under test: a real SQLite file: two productions of the small plan, one account per role on the
first ("home"), and an outsider who produces the second. Sessions are opened through the same
accounts service the app uses; requests go through the real app (FastAPI's TestClient).

Home's plan tags items with organisations (`organised_plan`): the grading suite, the colourist and
Ines belong to the vendor's organisation, so its grades are the vendor's; the dubbing theatre to
another vendor (`OTHER_VENDOR`), so the Ep 1 mix is theirs; Ep 1's delivery and Priya to the
client's. Everything else is the production's own."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from fastapi.testclient import TestClient

from picturelock.api.app import create_app
from picturelock.domain.access import SCOPED_ROLES, Membership, Role
from picturelock.domain.plan import Plan
from picturelock.services.accounts import Accounts
from picturelock.services.plans import load_plan
from picturelock.services.productions import import_plan, upgrade_database
from picturelock.services.settings import Settings

SMALL_PLAN = Path(__file__).resolve().parents[1] / "fixtures" / "small_plan.yaml"
PASSWORD = "a long enough test password"
OUTSIDER = "outsider"
OTHER_VENDOR = "other-vendor-org"


def login_of(role: Role) -> str:
    return f"{role.value.replace('_', '-')}-a"


def organisation_of(role: Role) -> str | None:
    return f"{role.value}-org" if role in SCOPED_ROLES else None


def organised_plan() -> Plan:
    """The small plan with organisations on some of its people, resources and tasks."""
    plan = load_plan(SMALL_PLAN)
    vendor, client = organisation_of(Role.VENDOR), organisation_of(Role.CLIENT)
    resources = {"grade-1": vendor, "colourist": vendor, "dub-a": OTHER_VENDOR}
    people = {"ines": vendor, "exec": client}
    return dataclasses.replace(
        plan,
        people=tuple(dataclasses.replace(p, organisation=people.get(p.id)) for p in plan.people),
        resources=tuple(dataclasses.replace(r, organisation=resources.get(r.id)) for r in plan.resources),
        tasks=tuple(
            dataclasses.replace(t, organisation=client if t.id == "ep1-delivery" else None)
            for t in plan.tasks
        ),
    )


@dataclass
class Api:
    client: TestClient
    accounts: Accounts
    db: Path
    home: int
    other: int
    tokens: dict[str, str] = field(default_factory=dict)

    def membership(self, role: Role) -> Membership:
        return Membership(login_of(role), self.home, role, organisation_of(role))

    def fresh_session(self, token: str) -> str:
        """Another session of the account `token` belongs to (to sign out without losing this one)."""
        login = next(login for login, held in self.tokens.items() if held == token)
        return self.accounts.sign_in(login, PASSWORD, client_address="192.0.2.2").token

    def bearer(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def start_api(folder: Path) -> tuple[Api, TestClient]:
    db = folder / "api.db"
    upgrade_database(db)
    home, other = import_plan(organised_plan(), db), import_plan(SMALL_PLAN, db)
    app = create_app(Settings.for_tests(), db=str(db))
    client = TestClient(app, raise_server_exceptions=False)
    accounts: Accounts = app.state.gate.accounts
    api = Api(client, accounts, db, home, other)
    for role in Role:
        accounts.create_account(login_of(role), PASSWORD)
        accounts.grant_membership(home, login_of(role), role, organisation_of(role), by="tests")
    accounts.create_account(OUTSIDER, PASSWORD)
    accounts.grant_membership(other, OUTSIDER, Role.PRODUCER, by="tests")
    for login in [*(login_of(role) for role in Role), OUTSIDER]:
        api.tokens[login] = accounts.sign_in(login, PASSWORD, client_address="192.0.2.1").token
    return api, client
