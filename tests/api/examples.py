"""Well-formed requests for the editing and administration routes, for the generated access tests.

Each request is made so that, if access allows it, it succeeds, however many roles send it one
after the other: a removal first adds what it removes (through the services, not the API), an
edit names the version held now, a deletion of a production deletes one made for the purpose
where the caller holds the same role as in "home".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from picturelock.adapters.db.repository import StoredProduction
from picturelock.domain.access import Role
from picturelock.domain.plan import Link, Resource, ResourceKind, Task
from picturelock.services import editing
from picturelock.services.productions import get_production, import_plan

from .harness import PASSWORD, SMALL_PLAN, Api, login_of, organisation_of

SPARE = "spare-member"  # an account that is added to a production to be removed again
TASK = "ep1-offline"
LINK = ("wrap", "ep1-offline")
RESOURCE = "assistant"
_numbers = itertools.count(1)


def scratch_task(api: Api, production: int) -> str:
    """A new task in the production (no links), added as the tests' own set-up."""
    task_id = f"scratch-{next(_numbers)}"
    editing.add_task(production, Task(task_id, "Scratch task", Decimal(1)), api.db, by="tests")
    return task_id


def _role_of(api: Api, headers: dict[str, str]) -> tuple[str, Role | None]:
    token = headers.get("Authorization", "").removeprefix("Bearer ")
    login = next((who for who, held in api.tokens.items() if held == token), "")
    role = next((r for r in Role if login_of(r) == login), None)
    return login, role


def _spare(api: Api) -> None:
    if api.accounts.find_account(SPARE) is None:
        api.accounts.create_account(SPARE, PASSWORD)


def _production_to_delete(api: Api, production: int, headers: dict[str, str]) -> tuple[int, int]:
    """(production, version): a new one where the caller holds their role in `production`."""
    login, role = _role_of(api, headers)
    if role is None or production != api.home:
        return production, get_production(production, api.db).version
    made = import_plan(SMALL_PLAN, api.db)
    api.accounts.grant_membership(made, login, role, organisation_of(role), by="tests")
    if role is not Role.PRODUCER:
        api.accounts.grant_membership(made, login_of(Role.PRODUCER), Role.PRODUCER, by="tests")
    return made, 1


@dataclass
class Example:
    """What to send: path values beyond the defaults, a JSON body, query parameters, files."""

    values: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    params: dict[str, Any] = field(default_factory=dict)
    files: Any = None


def _remove_task(api: Api, production: int, held: StoredProduction, headers: dict[str, str]) -> Example:
    return Example({"task_id": scratch_task(api, production)}, params={"expected_version": 1})


def _remove_link(api: Api, production: int, held: StoredProduction, headers: dict[str, str]) -> Example:
    successor = scratch_task(api, production)
    editing.save_link(production, Link("wrap", successor), None, api.db, by="tests")
    return Example({"successor": successor}, params={"expected_version": 1})


def _remove_resource(api: Api, production: int, held: StoredProduction, headers: dict[str, str]) -> Example:
    resource = f"spare-{next(_numbers)}"
    editing.save_resource(production, Resource(resource, "Spare", ResourceKind.KIT), None, api.db, by="tests")
    return Example({"resource_id": resource}, params={"expected_version": 1})


def _delete_production(api: Api, production: int, held: StoredProduction, headers: dict[str, str]) -> Example:
    chosen, version = _production_to_delete(api, production, headers)
    return Example({"production_id": chosen}, params={"expected_version": version})


def _remove_member(api: Api, production: int, held: StoredProduction, headers: dict[str, str]) -> Example:
    _spare(api)
    api.accounts.grant_membership(production, SPARE, Role.CREW, by="tests")
    return Example()


EXAMPLES: dict[str, Callable[[Api, int, StoredProduction, dict[str, str]], Example]] = {
    "add_task": lambda *_: Example(body={"id": f"new-{next(_numbers)}", "name": "New", "duration_days": "2"}),
    "remove_task": _remove_task,
    "move_task": lambda api, p, held, h: Example(
        body={"start": "2027-01-11", "expected_version": held.tasks[TASK].version}
    ),
    "record_progress": lambda api, p, held, h: Example(body={"expected_version": held.tasks[TASK].version}),
    "add_link": lambda api, p, held, h: Example(
        body={"predecessor": "wrap", "successor": scratch_task(api, p)}
    ),
    "change_link": lambda api, p, held, h: Example(
        body={"type": "FS", "lag_days": "0", "expected_version": held.links[LINK].version}
    ),
    "remove_link": _remove_link,
    "save_resource": lambda api, p, held, h: Example(
        body={
            "name": "Assistant editor",
            "kind": "person",
            "expected_version": held.resources[RESOURCE].version,
        }
    ),
    "remove_resource": _remove_resource,
    "replace_plan": lambda api, p, held, h: Example(
        params={"expected_version": held.version},
        files={"file": ("plan.yaml", SMALL_PLAN.read_bytes(), "application/yaml")},
    ),
    "delete_production": _delete_production,
    "add_member": lambda *_: Example(body={"login": login_of(Role.CREW), "role": "crew"}),
    "remove_member": _remove_member,
}


def send(client: TestClient, api: Api, op: Any, headers: dict[str, str], production: int) -> Any:
    """The request for `op` if it is one of these routes, else None."""
    from . import job_examples

    make = EXAMPLES.get(op.operation_id) or job_examples.EXAMPLES.get(op.operation_id)
    if make is None:
        return None
    example = make(api, production, get_production(production, api.db), headers)
    values: dict[str, Any] = {
        "production_id": production,
        "task_id": TASK,
        "predecessor": LINK[0],
        "successor": LINK[1],
        "resource_id": RESOURCE,
        "login": SPARE,
        "name": "commercial",
    } | example.values
    target = re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), op.path)
    return client.request(
        op.method.upper(),
        target,
        json=example.body,
        params=example.params,
        files=example.files,
        headers=headers,
    )


def aim(case: Any, api: Api) -> None:
    """Point a generated case at things that exist, so its generated values reach the services:
    real ids in the path, the version held now where a version is asked for, and a production
    of its own for a deletion (which would otherwise take "home" away from the cases after it)."""
    from . import job_examples

    job_examples.aim(case, api)
    path = case.path_parameters if isinstance(case.path_parameters, dict) else {}
    operation_id = case.operation.definition.raw.get("operationId")
    if operation_id == "delete_production" and "production_id" in path:
        path["production_id"] = made = import_plan(SMALL_PLAN, api.db)
        api.accounts.grant_membership(made, login_of(Role.PRODUCER), Role.PRODUCER, by="tests")
        return
    real = {"task_id": TASK, "predecessor": LINK[0], "successor": LINK[1], "resource_id": RESOURCE}
    for name in real.keys() & path.keys():
        path[name] = real[name]
    held = get_production(api.home, api.db)
    version = {
        "move_task": held.tasks[TASK].version,
        "record_progress": held.tasks[TASK].version,
        "change_link": held.links[LINK].version if LINK in held.links else None,
        "save_resource": held.resources[RESOURCE].version if RESOURCE in held.resources else None,
        "replace_plan": held.version,
    }.get(operation_id)
    if isinstance(case.body, dict) and isinstance(case.body.get("expected_version"), int) and version:
        case.body["expected_version"] = version
    if isinstance(case.query, dict) and isinstance(case.query.get("expected_version"), int) and version:
        case.query["expected_version"] = version
