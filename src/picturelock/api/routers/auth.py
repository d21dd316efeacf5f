"""Sign in and out: POST /api/v1/session gives a session (cookie and token), DELETE ends it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from picturelock.api.deps import SESSION_COOKIE, Caller, client_address, gate, hand_session_cookie, signed_in
from picturelock.api.errors import ErrorOut

router = APIRouter(tags=["session"])


class Credentials(BaseModel):
    model_config = ConfigDict(extra="forbid")
    login: str = Field(min_length=1, max_length=320)
    password: str = Field(min_length=1, max_length=1024)


class SessionOut(BaseModel):
    login: str
    token: str | None = Field(None, description="For 'Authorization: Bearer'; only given at sign-in.")
    csrf_token: str = Field(description="Send as X-CSRF-Token with every write made with the cookie.")
    expires: str | None = None


@router.post(
    "/session",
    operation_id="sign_in",
    status_code=201,
    response_model=SessionOut,
    responses={401: {"model": ErrorOut}, 429: {"model": ErrorOut}},
    openapi_extra={"x-public": True},
)
def sign_in(credentials: Credentials, request: Request, response: Response) -> Any:
    """Sign in with a login and password; the session comes back as a cookie and as a token."""
    signed = gate(request).sign_in(credentials.login, credentials.password, client_address(request))
    hand_session_cookie(response, request, signed.token)
    return SessionOut(
        login=signed.login, token=signed.token, csrf_token=signed.csrf_token, expires=signed.expires
    )


@router.get("/session", operation_id="current_session", response_model=SessionOut)
def current_session(request: Request, caller: Caller = Depends(signed_in)) -> Any:
    """Who is signed in, with a fresh CSRF token for writes made with the cookie."""
    found = gate(request).describe(caller.session)
    return SessionOut(login=found.login, token=None, csrf_token=found.csrf_token, expires=found.expires)


@router.delete("/session", operation_id="sign_out", status_code=204)
def sign_out(request: Request, caller: Caller = Depends(signed_in)) -> Response:
    """End this session; the cookie is cleared."""
    gate(request).sign_out(caller.token)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
