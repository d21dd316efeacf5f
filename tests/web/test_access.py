"""Every page route, for every role, generated from the site's own routes (as tests/api does from
the OpenAPI document):

- not signed in: a redirect to /login?next=<the page>;
- a member of another production: the 404 page on every page of a production;
- each role: the page, or 403 / 404 exactly as `decide` says for the capability the route declares
  (`page_extra`); a route marked own-part shows vendors and clients their organisation's part (an
  item of another organisation is 404); every other page of a production is not theirs (404);
- a form post without the session's CSRF token: 403, and nothing changes.
A page route with a path parameter these tests cannot fill fails `test_every_path_parameter_is_known`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from picturelock.domain.access import Capability, Role, decide
from picturelock.domain.organisations import is_scoped
from picturelock.web.site import PAGE_ROUTERS

from .harness import CLIENT_TASK, OUTSIDER, VENDOR_RESOURCE, VENDOR_TASK, Site, csrf_of

PUBLIC = {"/login"}
ITEM_ORGANISATION = {"task_id": "vendor-org", "resource_id": "vendor-org"}


@dataclass(frozen=True)
class Page:
    method: str
    path: str
    capability: Capability | None
    own_part: bool

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def parameters(self) -> set[str]:
        return set(re.findall(r"\{(\w+)\}", self.path))


def pages() -> list[Page]:
    """Every route of the site's page routers (PAGE_ROUTERS: included without a prefix), per method."""
    found = []
    for router in PAGE_ROUTERS:
        for route in router.routes:
            assert isinstance(route, APIRoute), route
            extra = route.openapi_extra or {}
            capability = Capability(extra["x-capability"]) if "x-capability" in extra else None
            for method in sorted(route.methods - {"HEAD"}):
                found.append(Page(method, route.path, capability, extra.get("x-scope") == "own-part"))
    return found


PAGES = pages()
PRIVATE = [p for p in PAGES if p.path not in PUBLIC and p.path != "/logout"]
OF_A_PRODUCTION = [p for p in PRIVATE if "production_id" in p.parameters]
DECLARED = [p for p in OF_A_PRODUCTION if p.capability is not None]
READS = [p for p in PRIVATE if p.method == "GET"]
WRITES = [p for p in PAGES if p.method == "POST" and p.path not in PUBLIC]


def values(site: Site, production: int) -> dict[str, str]:
    return {"production_id": str(production), "task_id": VENDOR_TASK, "resource_id": VENDOR_RESOURCE}


def url(site: Site, page: Page, production: int | None = None) -> str:
    known = values(site, production or site.home)
    return re.sub(r"\{(\w+)\}", lambda m: known[m.group(1)], page.path)


def send(client: TestClient, site: Site, page: Page, csrf: str | None, production: int | None = None) -> Any:
    target = url(site, page, production)
    if page.method == "GET":
        return client.get(target)
    data = {"csrf_token": csrf} if csrf is not None else {}
    files = {"file": ("plan.yaml", b"not: a plan\n", "application/yaml")}
    return client.post(target, data=data, files=files)


def test_every_path_parameter_is_known(site: Site) -> None:
    known = set(values(site, site.home))
    for page in PAGES:
        assert page.parameters <= known, f"{page}: teach these tests its parameters"


def test_the_pages_are_found() -> None:
    paths = {p.path for p in PAGES}
    assert {"/", "/login", "/productions/{production_id}", "/productions/{production_id}/tasks"} <= paths
    assert len(DECLARED) >= 10


@pytest.mark.parametrize("page", PRIVATE, ids=str)
def test_not_signed_in_goes_to_the_sign_in_form(site: Site, page: Page) -> None:
    response = send(site.anonymous(), site, page, csrf="anything")
    assert response.status_code == 303, f"{page}: {response.status_code}"
    target = url(site, page)
    assert response.headers["location"] == "/login?next=" + quote(target, safe="/")


@pytest.mark.parametrize("page", OF_A_PRODUCTION, ids=str)
def test_a_member_of_another_production_finds_nothing(site: Site, page: Page) -> None:
    browser = site.browser(OUTSIDER)
    response = send(browser, site, page, csrf=site.csrf(browser))
    assert response.status_code == 404, f"{page}: {response.status_code}"
    assert response.headers["content-type"].startswith("text/html")
    assert 'data-status="404"' in response.text


def expected(site: Site, page: Page, role: Role) -> int | str:
    if page.capability is None:
        return "success"
    member = site.membership(role)
    own = member.organisation if page.own_part and is_scoped(member) else None
    decision = decide(member, page.capability, production=site.home, owner_org=own)
    if not decision.allowed:
        return 404 if decision.hides_existence else 403
    item_orgs = {ITEM_ORGANISATION[name] for name in page.parameters if name in ITEM_ORGANISATION}
    if is_scoped(member) and any(org != member.organisation for org in item_orgs):
        return 404
    return "success"


@pytest.mark.parametrize("role", list(Role), ids=str)
@pytest.mark.parametrize("page", [p for p in DECLARED if p.method == "GET"], ids=str)
def test_each_role_sees_what_the_matrix_says(site: Site, page: Page, role: Role) -> None:
    response = send(site.browser(role), site, page, csrf=None)
    got = "success" if response.status_code < 300 else response.status_code
    assert got == expected(site, page, role), f"{role} {page}: {response.status_code}"


@pytest.mark.parametrize("role", list(Role), ids=str)
@pytest.mark.parametrize("page", [p for p in DECLARED if p.method == "POST"], ids=str)
def test_each_role_refused_a_write_is_told_so(site: Site, page: Page, role: Role) -> None:
    if expected(site, page, role) == "success":
        pytest.skip("allowed: the editing tests make these writes")
    browser = site.browser(role)
    response = send(browser, site, page, csrf=site.csrf(browser))
    assert response.status_code == expected(site, page, role), f"{role} {page}: {response.status_code}"


@pytest.mark.parametrize("page", WRITES, ids=str)
def test_a_form_post_needs_the_csrf_token(site: Site, page: Page) -> None:
    browser = site.browser(Role.PRODUCER)
    before = browser.get(f"/api/v1/productions/{site.home}").json()["version"]
    for token in (None, "made.up"):
        response = send(browser, site, page, csrf=token)
        assert response.status_code == 403, f"{page}: {response.status_code}"
        assert "reload the page" in response.text
    assert browser.get(f"/api/v1/productions/{site.home}").json()["version"] == before


def test_a_client_sees_their_own_task_and_not_the_vendors(site: Site) -> None:
    client = site.browser(Role.CLIENT)
    assert client.get(f"/productions/{site.home}/tasks/{CLIENT_TASK}").status_code == 200
    assert client.get(f"/productions/{site.home}/tasks/{VENDOR_TASK}").status_code == 404


def test_the_sign_out_form_needs_its_token(site: Site) -> None:
    browser = site.browser(Role.CREW)
    assert browser.post("/logout", data={}).status_code == 403
    assert browser.get("/").status_code == 200
    page = browser.get("/").text
    assert csrf_of(page)
