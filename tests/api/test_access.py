"""Every route in the OpenAPI document, for every role: generated from the document itself.

- Unauthenticated: 401 on every route but sign-in.
- A member of another production: 404 on every route of a production (it might not exist).
- Each role: allowed, or 403 / 404 exactly as `decide` says for the capability the route names
  in its `x-capability` (routes naming none need only a session). A route marked `x-scope: own-part`
  answers vendors and clients with their organisation's part (`decide` on an item of their own
  organisation); every other route of a production is not theirs (an item of no organisation).
- A write with the session cookie but no CSRF token: 403.
A new route gets all of this without touching these tests; a route with a path parameter these
tests cannot fill fails `test_every_path_parameter_is_known` instead of being skipped.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from picturelock.api.app import create_app
from picturelock.api.deps import CSRF_HEADER, SESSION_COOKIE
from picturelock.api.scope import OWN_PART
from picturelock.domain.access import Capability, Role, decide
from picturelock.services.productions import upgrade_database
from picturelock.services.settings import Settings

from . import examples
from .harness import OUTSIDER, SMALL_PLAN, Api, login_of

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    capability: Capability | None
    public: bool
    own_part: bool = False  # vendors and clients get their organisation's part

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


def operations(document: dict[str, Any]) -> list[Operation]:
    found = []
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                spec = item[method]
                capability = Capability(spec["x-capability"]) if "x-capability" in spec else None
                found.append(
                    Operation(
                        method,
                        path,
                        spec["operationId"],
                        capability,
                        bool(spec.get("x-public")),
                        spec.get("x-scope") == OWN_PART,
                    )
                )
    return found


def _document() -> dict[str, Any]:
    """The OpenAPI document of an app over an empty database (made here, removed after)."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "doc.db"
        upgrade_database(db)
        app = create_app(Settings.for_tests(), db=str(db))
        document = app.openapi()
        app.state.gate.close()
    return document


DOCUMENT = _document()
OPERATIONS = operations(DOCUMENT)
PRIVATE = [op for op in OPERATIONS if not op.public]
SCOPED = [op for op in OPERATIONS if "{production_id}" in op.path]


def path_values(api: Api, production: int) -> dict[str, str]:
    return {
        "production_id": str(production),
        "task_id": "ep1-offline",
        "format": "csv",
        "name": "commercial",
        "process": "grade",
        "resource_id": examples.RESOURCE,
        "predecessor": examples.LINK[0],
        "successor": examples.LINK[1],
        "login": examples.SPARE,
        "job_id": "1",
    }


def url(api: Api, op: Operation, production: int | None = None) -> str:
    values = path_values(api, production or api.home)
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], op.path)


def send(
    client: TestClient, api: Api, op: Operation, headers: dict[str, str], production: int | None = None
) -> Any:
    """A well-formed request for `op` (so that only access can refuse it)."""
    target = url(api, op, production)
    editing = examples.send(client, api, op, headers, production or api.home)
    if editing is not None:
        return editing
    if op.operation_id == "edit_task":
        version = _task_version(api, production or api.home)
        body = {"expected_version": version, "changes": {"notes": "checked by the access tests"}}
        return client.patch(target, json=body, headers=headers)
    if op.operation_id == "import_production":
        files = {"file": ("plan.yaml", SMALL_PLAN.read_bytes(), "application/yaml")}
        return client.post(target, files=files, headers=headers)
    held = headers.get("Authorization", "").removeprefix("Bearer ")
    if op.operation_id == "sign_out" and held in api.tokens.values():
        token = api.fresh_session(held)
        headers = {**headers, "Authorization": f"Bearer {token}"}
    if op.operation_id == "sign_in":
        return client.post(target, json={"login": "nobody", "password": "x" * 12}, headers=headers)
    return client.request(op.method.upper(), target, headers=headers)


def _task_version(api: Api, production: int) -> int:
    producer = api.tokens[login_of(Role.PRODUCER) if production == api.home else OUTSIDER]
    detail = api.client.get(
        f"/api/v1/productions/{production}", headers={"Authorization": f"Bearer {producer}"}
    ).json()
    return next(int(t["version"]) for t in detail["tasks"] if t["id"] == "ep1-offline")


def test_every_path_parameter_is_known(api: Api) -> None:
    known = set(path_values(api, api.home))
    for op in OPERATIONS:
        assert set(re.findall(r"\{(\w+)\}", op.path)) <= known, f"{op}: teach these tests its parameters"


def test_the_document_names_every_operation_once() -> None:
    ids = [op.operation_id for op in OPERATIONS]
    assert len(ids) == len(set(ids))
    assert DOCUMENT["openapi"].startswith("3.")
    assert all(op.path.startswith("/api/v1/") for op in OPERATIONS)


@pytest.mark.parametrize("op", PRIVATE, ids=str)
def test_unauthenticated_is_refused(api: Api, op: Operation) -> None:
    fresh = TestClient(api.client.app, raise_server_exceptions=False)
    response = send(fresh, api, op, {})
    assert response.status_code == 401, f"{op}: {response.status_code} {response.text[:200]}"
    assert response.json()["error"]["code"] == "unauthenticated"
    bogus = send(fresh, api, op, {"Authorization": "Bearer not-a-session"})
    assert bogus.status_code == 401


@pytest.mark.parametrize("op", SCOPED, ids=str)
def test_a_member_of_another_production_finds_nothing(api: Api, op: Operation) -> None:
    response = send(api.client, api, op, api.bearer(OUTSIDER), production=api.home)
    assert response.status_code == 404, f"{op}: {response.status_code} {response.text[:200]}"
    assert response.json()["error"]["message"] == "not found"


@pytest.mark.parametrize("role", list(Role), ids=str)
@pytest.mark.parametrize("op", PRIVATE, ids=str)
def test_each_role_gets_what_the_matrix_says(api: Api, op: Operation, role: Role) -> None:
    response = send(api.client, api, op, api.bearer(login_of(role)))
    if op.capability is None:
        expected: int | str = "success"
    else:
        member = api.membership(role)
        owner = member.organisation if op.own_part else None
        decision = decide(member, op.capability, production=api.home, owner_org=owner)
        expected = "success" if decision.allowed else 404 if decision.hides_existence else 403
    got = "success" if response.status_code < 300 else response.status_code
    assert got == expected, f"{role} {op}: {response.status_code} {response.text[:300]}"


@pytest.mark.parametrize("op", [op for op in PRIVATE if op.method != "get"], ids=str)
def test_a_cookie_write_needs_the_csrf_token(api: Api, op: Operation) -> None:
    producer = api.tokens[login_of(Role.PRODUCER)]
    browser = TestClient(api.client.app, raise_server_exceptions=False, cookies={SESSION_COOKIE: producer})
    refused = send(browser, api, op, {})
    assert refused.status_code == 403, f"{op}: {refused.status_code} {refused.text[:200]}"
    assert refused.json()["error"]["code"] == "csrf"
    forged = send(browser, api, op, {CSRF_HEADER: "made.up"})
    assert forged.status_code == 403


def test_a_cookie_write_with_its_csrf_token_goes_through(api: Api) -> None:
    producer = api.tokens[login_of(Role.PRODUCER)]
    browser = TestClient(api.client.app, raise_server_exceptions=False, cookies={SESSION_COOKIE: producer})
    csrf = browser.get("/api/v1/session").json()["csrf_token"]
    op = next(op for op in OPERATIONS if op.operation_id == "edit_task")
    assert send(browser, api, op, {CSRF_HEADER: csrf}).status_code == 200
    other = api.tokens[login_of(Role.COORDINATOR)]
    stolen = TestClient(api.client.app, raise_server_exceptions=False, cookies={SESSION_COOKIE: other})
    assert send(stolen, api, op, {CSRF_HEADER: csrf}).status_code == 403, "a token of another session"


def test_docs_list_every_operation() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    missing = [str(op) for op in OPERATIONS if f"`{op.operation_id}`" not in doc or f"`{op}`" not in doc]
    assert not missing, f"docs/api.md does not list {missing}"
