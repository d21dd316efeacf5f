"""The API under test: a real SQLite file: two productions of the small plan, one account per role on the
first ("home"), and an outsider who produces the second. Sessions are opened through the same
accounts service the app uses; requests go through the real app (FastAPI's TestClient)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fastapi.testclient import TestClient

from picturelock.api.app import create_app
from picturelock.domain.access import SCOPED_ROLES, Membership, Role
from picturelock.services.accounts import Accounts
from picturelock.services.productions import import_plan, upgrade_database
from picturelock.services.settings import Settings

SMALL_PLAN = Path(__file__).resolve().parents[1] / "fixtures" / "small_plan.yaml"
PASSWORD = "a long enough test password"
OUTSIDER = "outsider"


def login_of(role: Role) -> str:
    return f"{role.value.replace('_', '-')}-a"


def organisation_of(role: Role) -> str | None:
    return f"{role.value}-org" if role in SCOPED_ROLES else None


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
    home, other = import_plan(SMALL_PLAN, db), import_plan(SMALL_PLAN, db)
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
