"""The web site under test: create_site over a real SQLite file holding two productions of the small
plan: "home", where one account per role is a member (vendor-org's part: ep1-grade and its grading
suite; client-org's: ep2-grade), and "other", produced by an outsider. Requests go through the real
app (FastAPI's TestClient), each signed-in person with their own cookie jar."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from picturelock.api.deps import SESSION_COOKIE
from picturelock.domain.access import SCOPED_ROLES, Membership, Role
from picturelock.domain.plan import Plan
from picturelock.services.accounts import Accounts
from picturelock.services.plans import load_plan
from picturelock.services.productions import import_plan, upgrade_database
from picturelock.services.settings import Settings
from picturelock.web.site import create_site

SMALL_PLAN = Path(__file__).resolve().parents[1] / "fixtures" / "small_plan.yaml"
PASSWORD = "a long enough test password"
OUTSIDER = "outsider"
VENDOR_TASK, CLIENT_TASK, VENDOR_RESOURCE = "ep1-grade", "ep2-grade", "grade-1"
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]*)">')


def login_of(role: Role) -> str:
    return f"{role.value.replace('_', '-')}-w"


def organisation_of(role: Role) -> str | None:
    return f"{role.value}-org" if role in SCOPED_ROLES else None


def home_plan() -> Plan:
    """The small plan with one task (and its grading suite) of vendor-org and one of client-org."""
    plan = load_plan(SMALL_PLAN)
    owners = {VENDOR_TASK: "vendor-org", CLIENT_TASK: "client-org"}
    tasks = tuple(replace(t, organisation=owners.get(t.id)) for t in plan.tasks)
    resources = tuple(
        replace(r, organisation="vendor-org") if r.id == VENDOR_RESOURCE else r for r in plan.resources
    )
    return replace(plan, tasks=tasks, resources=resources)


def csrf_of(html: str) -> str:
    found = CSRF_META.search(html)
    assert found is not None and found.group(1), "the page carries no CSRF token"
    return found.group(1)


@dataclass
class Site:
    app: Any
    accounts: Accounts
    db: Path
    home: int
    other: int
    tokens: dict[str, str] = field(default_factory=dict)

    def membership(self, role: Role) -> Membership:
        return Membership(login_of(role), self.home, role, organisation_of(role))

    def anonymous(self) -> TestClient:
        return TestClient(self.app, raise_server_exceptions=False, follow_redirects=False)

    def browser(self, who: str | Role) -> TestClient:
        """A client signed in as `who` (a login or a role), with its own cookie jar."""
        login = login_of(who) if isinstance(who, Role) else who
        client = self.anonymous()
        client.cookies.set(SESSION_COOKIE, self.tokens[login])
        return client

    def csrf(self, client: TestClient) -> str:
        return csrf_of(client.get("/").text)


def start_site(folder: Path, *, max_upload_bytes: int | None = None) -> Site:
    db = folder / "web.db"
    upgrade_database(db)
    home, other = import_plan(home_plan(), db), import_plan(SMALL_PLAN, db)
    app = create_site(Settings.for_tests(), db=str(db))
    if max_upload_bytes is not None:
        app.state.max_upload_bytes = max_upload_bytes
    accounts: Accounts = app.state.gate.accounts
    site = Site(app, accounts, db, home, other)
    for role in Role:
        accounts.create_account(login_of(role), PASSWORD)
        accounts.grant_membership(home, login_of(role), role, organisation_of(role), by="tests")
    accounts.create_account(OUTSIDER, PASSWORD)
    accounts.grant_membership(other, OUTSIDER, Role.PRODUCER, by="tests")
    for login in [*(login_of(role) for role in Role), OUTSIDER]:
        site.tokens[login] = accounts.sign_in(login, PASSWORD, client_address="192.0.2.1").token
    return site
