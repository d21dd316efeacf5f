"""What every page uses: the signed-in caller, the production and its membership, the CSRF token,
and `render` (a template inside base.html with the caller, the production and its nav).

Pages share the API's session cookie (`picturelock_session`) and its CSRF tokens. Reading needs no
JavaScript; every unsafe request carries the CSRF token: forms in a hidden `csrf_token` field, htmx
and fetch() in the `X-CSRF-Token` header (base.html puts the token in a meta tag and in hx-headers).

    @router.get("/productions/{production_id}/things")
    def things(request: Request, production_id: int) -> HTMLResponse:
        caller, member = page_production(request, production_id, Capability.VIEW_SCHEDULE)
        return render(request, "things.html", things=...)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from picturelock.api.deps import CSRF_HEADER, SAFE_METHODS, SESSION_COOKIE, Caller, gate
from picturelock.domain.access import TERMS, AccessDenied, Capability, Membership, decide
from picturelock.domain.errors import DomainError
from picturelock.domain.organisations import is_scoped

TEMPLATES = Path(__file__).with_name("templates")
PAGE_HEADERS = {  # every page: never cached (it shows a member's data), never framed by another site
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
STATIC = Path(__file__).with_name("static")
CSRF_FIELD = "csrf_token"


class SignInNeeded(DomainError):
    """A page asked for without a live session: the site answers with a redirect to /login."""

    def __init__(self, next_path: str) -> None:
        super().__init__("sign in first")
        self.next_path = next_path


class CsrfRefused(DomainError):
    """An unsafe page request without the CSRF token of its session (answered 403)."""


@dataclass(frozen=True, slots=True)
class NavItem:
    key: str
    label: str
    href: str
    accesskey: str


def show_date(value: date | str | None) -> str:
    """A date as people read it on the pages: 'Mon 3 Nov 2026' (ISO strings accepted)."""
    if value is None or value == "":
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(day, datetime):
        day = day.date()
    return f"{day:%a} {day.day} {day:%b %Y}"


def show_days(value: Any) -> str:
    """Working days without a useless '.0' (3, 2.5)."""
    if value is None:
        return ""
    number = float(value)
    return str(int(number)) if number == int(number) else f"{number:g}"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["day"] = show_date
    env.filters["days"] = show_days
    return env


templates = _environment()


def local_path(candidate: str | None, default: str = "/") -> str:
    """`candidate` if it is a path on this site ('/productions/3'), else `default` (no open redirects)."""
    if not candidate or not candidate.startswith("/") or candidate.startswith(("//", "/\\")):
        return default
    parts = urlsplit(candidate)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in candidate):
        return default
    return candidate


def _here(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def login_url(request: Request) -> str:
    return "/login?next=" + quote(local_path(_here(request)), safe="/")


def current_caller(request: Request) -> Caller | None:
    """The caller of a live cookie session, or None (pages never take bearer tokens)."""
    if hasattr(request.state, "page_caller"):
        found: Caller | None = request.state.page_caller
        return found
    token = request.cookies.get(SESSION_COOKIE)
    session = gate(request).session_for(token) if token else None
    caller = Caller(session, token or "", True) if session is not None else None
    request.state.page_caller = caller
    return caller


def _csrf_presented(request: Request) -> str:
    header = request.headers.get(CSRF_HEADER, "")
    if header:
        return header
    form = getattr(request, "_form", None)  # parsed by FastAPI before dependencies when a route takes Form
    value = form.get(CSRF_FIELD) if form is not None else None
    return value if isinstance(value, str) else ""


def page_caller(request: Request) -> Caller:
    """The signed-in caller; not signed in: redirect to /login?next=here. An unsafe request without
    its session's CSRF token (form field `csrf_token` or header X-CSRF-Token) is refused (403).
    Routes reading a form must declare their Form fields so the form is parsed before this runs."""
    caller = current_caller(request)
    if caller is None:
        raise SignInNeeded(_here(request))
    if request.method not in SAFE_METHODS and not gate(request).csrf_ok(
        caller.session, _csrf_presented(request)
    ):
        raise CsrfRefused(
            "this form has expired or did not come from this site; reload the page and try again"
        )
    return caller


def membership_of(request: Request, caller: Caller, production_id: int) -> Membership | None:
    finder = getattr(gate(request), "membership", None)
    if finder is not None:
        found: Membership | None = finder(caller.session, production_id)
        return found
    return gate(request).accounts.membership_for(caller.session, production_id)


def page_production(
    request: Request, production_id: int, capability: Capability, *, own_part: bool = False
) -> tuple[Caller, Membership]:
    """The caller and their membership once they may use `capability` on the production; a 404 page
    when they are not a member (existence hidden), a 403 page when their role may not.

    Vendors and clients see only their organisation's part of a production: a page that shows them
    just that part (it reads through `views.member_view`) passes `own_part=True` and declares
    `openapi_extra=page_extra(capability, own_part=True)`; every other page answers them 404."""
    caller = page_caller(request)
    membership = membership_of(request, caller, production_id)
    own = membership.organisation if own_part and membership is not None and is_scoped(membership) else None
    if TERMS[capability].audited_as is not None:
        decision = gate(request).accounts.authorise(caller.session, production_id, capability, own)
    else:
        decision = decide(membership, capability, production=production_id, owner_org=own)
    if not decision.allowed or membership is None:
        raise AccessDenied(decision)
    request.state.page_membership = membership
    return caller, membership


def page_extra(capability: Capability, *, own_part: bool = False) -> dict[str, Any]:
    """What a page route declares (route.openapi_extra; pages stay out of the OpenAPI document): the
    capability it needs and whether vendors and clients get their own part (the tests read it)."""
    extra: dict[str, Any] = {"x-capability": capability.value}
    if own_part:
        extra["x-scope"] = OWN_PART
    return extra


OWN_PART = "own-part"
V = Capability.VIEW_SCHEDULE
NAV = (  # key, label, path under the production, accesskey, capability, shown to vendors and clients
    ("dashboard", "Dashboard", "", "d", V, True),
    ("gantt", "Gantt", "/gantt", "g", V, True),
    ("tasks", "Tasks", "/tasks", "t", V, True),
    ("links", "Links", "/links", "l", V, True),
    ("resources", "Resources", "/resources", "r", V, True),
    ("jobs", "Jobs", "/jobs", "j", V, False),
    ("audit", "Audit log", "/audit", "a", Capability.VIEW_AUDIT_LOG, False),
    ("members", "Members", "/members", "m", Capability.MANAGE_MEMBERS, False),
    ("plan", "Plan file", "/plan", "p", V, False),
)


def production_nav(membership: Membership) -> list[NavItem]:
    """The production's pages this member may open, in order."""
    base = f"/productions/{membership.production}"
    return [
        NavItem(key, label, base + suffix, accesskey)
        for key, label, suffix, accesskey, capability, own_part in NAV
        if may(membership, capability, own_part=own_part)
    ]


def may(membership: Membership | None, capability: Capability, *, own_part: bool = False) -> bool:
    """Whether the member may use `capability` on their production (on their own part of it, for
    vendors and clients, when `own_part`): for showing a link or a control."""
    if membership is None:
        return False
    own = membership.organisation if own_part and is_scoped(membership) else None
    return decide(membership, capability, production=membership.production, owner_org=own).allowed


def _production_context(request: Request, membership: Membership | None) -> dict[str, Any]:
    if membership is None:
        return {"production": None, "membership": None, "nav": []}
    from picturelock.services import snapshots

    plan = snapshots.current(membership.production, request.app.state.engine, viewer=membership.user).plan
    production = {
        "id": membership.production,
        "title": plan.production.title,
        "status_date": plan.status_date,
    }
    return {"production": production, "membership": membership, "nav": production_nav(membership)}


def render(request: Request, template_name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """The template, extending base.html, with the caller, a CSRF token, the production and its nav
    (from the last `page_production` of this request, or `membership=` given here)."""
    caller = current_caller(request)
    csrf = gate(request).describe(caller.session).csrf_token if caller is not None else ""
    membership = context.pop("membership", None) or getattr(request.state, "page_membership", None)
    full = {
        "request": request,
        "caller": caller,
        "login": caller.session.login if caller is not None else None,
        "csrf_token": csrf,
        "csrf_field": CSRF_FIELD,
        "may": may,
        "Capability": Capability,
        "active": context.pop("active", ""),
        **_production_context(request, membership),
        **context,
    }
    html = templates.get_template(template_name).render(full)
    return HTMLResponse(html, status_code=status_code, headers=PAGE_HEADERS)
