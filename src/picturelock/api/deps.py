"""What every route depends on: the app's state, the caller's session, CSRF, production access.

The order of checks (docs/permissions.md): a live session from the cookie or a bearer token, else
401; for a cookie session, an unsafe method without a CSRF token bound to that session, 403; then
`authorise(session, production, capability)`: refused hiding existence (not a member, another
organisation's item) answers 404, refused otherwise 403.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, Path, Request, Response

from picturelock.api.errors import ApiError
from picturelock.api.gate import Gate
from picturelock.domain.access import AccessDenied, Capability
from picturelock.services.accounts import Session

SESSION_COOKIE = "picturelock_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking: their session, its token, and whether it came in a cookie (CSRF applies)."""

    session: Session
    token: str
    from_cookie: bool


def client_address(request: Request) -> str:
    """The address a request came from, as the sign-in limiter counts it."""
    return request.client.host if request.client else "unknown"


def hand_session_cookie(response: Response, request: Request, token: str) -> None:
    """The session cookie, set the one way both doors set it: script-proof, same-site only, secure
    over HTTPS."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )


def gate(request: Request) -> Gate:
    found: Gate = request.app.state.gate
    return found


def _presented_token(request: Request) -> tuple[str | None, bool]:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip(), False
    cookie = request.cookies.get(SESSION_COOKIE)
    return (cookie, True) if cookie else (None, False)


def signed_in(request: Request) -> Caller:
    """The caller's live session; 401 without one; 403 for a cookie write without a good CSRF token."""
    token, from_cookie = _presented_token(request)
    session = gate(request).session_for(token) if token else None
    if session is None:
        raise ApiError(
            401,
            "sign in first: POST /api/v1/session, then send the session cookie or 'Authorization: Bearer'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if from_cookie and request.method not in SAFE_METHODS:
        csrf = request.headers.get(CSRF_HEADER, "")
        if not gate(request).csrf_ok(session, csrf):
            raise ApiError(403, f"a write from a browser session needs the {CSRF_HEADER} header", code="csrf")
    return Caller(session, token or "", from_cookie)


def allowed(capability: Capability) -> Callable[..., Awaitable[int]]:
    """A dependency: the production id in the path, once the caller may use `capability` on it."""

    async def check(
        request: Request,
        production_id: int = Path(ge=1, le=2**31 - 1, description="The production's id."),
        caller: Caller = Depends(signed_in),
    ) -> int:
        decision = gate(request).authorise(caller.session, production_id, capability)
        if not decision.allowed:
            raise AccessDenied(decision)
        return production_id

    check.capability = capability  # type: ignore[attr-defined]
    return check


def capability_extra(capability: Capability) -> dict[str, Any]:
    """OpenAPI extension naming the capability a route needs (tests are generated from it)."""
    return {"x-capability": capability.value}
