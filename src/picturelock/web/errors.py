"""Failures on page routes answer as friendly HTML pages; the API (paths under /api/) keeps its JSON.

`install(app)` wraps each exception handler the API installed: a page request gets an HTML page
with the same status (403, 404, 409, 422, 500...) and the problems listed, a request needing a
session is redirected to /login?next=..., and an API request is answered exactly as before.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from picturelock.api.errors import STATUS_CODES, ApiError, _validation_problems, domain_status
from picturelock.api.uploads import MULTIPART_ALLOWANCE, too_large_message
from picturelock.domain.access import AccessDenied
from picturelock.domain.errors import DomainError, InvalidInput
from picturelock.web.pages import CsrfRefused, SignInNeeded, local_path, render

log = logging.getLogger("picturelock.web")
Handler = Callable[[Request, Exception], Awaitable[Response] | Response]

TITLES = {
    400: "That request was not understood",
    401: "Sign in first",
    403: "Not allowed",
    404: "Not found",
    405: "Not possible here",
    409: "Someone else changed this first",
    413: "The file is too large",
    415: "That kind of file cannot be read",
    422: "Some values need fixing",
    429: "Too many attempts",
    500: "Something went wrong",
    503: "The database is not ready",
}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_page(request: Request, status: int, message: str, problems: Any = ()) -> Response:
    """The friendly HTML error page (never a traceback)."""
    title = TITLES.get(status, STATUS_CODES.get(status, "Error"))
    try:
        return render(
            request,
            "error.html",
            status_code=status,
            status=status,
            title=title,
            message=message,
            problems=list(problems),
        )
    except Exception:  # the page itself failed (database gone...): plain text, still no traceback
        log.exception("error page failed for %s", request.url.path)
        return Response(f"{status} {title}: {message}", status_code=status, media_type="text/plain")


def sign_in_redirect(request: Request, next_path: str) -> Response:
    target = "/login?next=" + _quote(local_path(next_path))
    if request.headers.get("HX-Request"):
        return Response(status_code=401, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")


def page_answer(request: Request, error: Exception) -> Response:
    """The HTML answer to a failure on a page route."""
    if isinstance(error, SignInNeeded):
        return sign_in_redirect(request, error.next_path)
    if isinstance(error, CsrfRefused):
        return error_page(request, 403, str(error))
    if isinstance(error, AccessDenied):
        status, _ = domain_status(error)
        message = (
            "there is nothing here, or it is not yours to see" if status == 404 else error.decision.reason
        )
        return error_page(request, status, message)
    if isinstance(error, DomainError):
        status, _ = domain_status(error)
        problems = error.problems if isinstance(error, InvalidInput) else ()
        return error_page(request, status, str(error), problems)
    if isinstance(error, ApiError):
        return error_page(request, error.status, error.message, error.problems)
    if isinstance(error, RequestValidationError):
        return error_page(
            request, 422, "some values in the request are not valid", _validation_problems(error)
        )
    if isinstance(error, StarletteHTTPException):
        detail = error.detail if isinstance(error.detail, str) else ""
        return error_page(request, error.status_code, detail or TITLES.get(error.status_code, ""))
    log.exception("unexpected error answering %s %s", request.method, request.url.path, exc_info=error)
    return error_page(request, 500, "something went wrong on the server; it has been logged")


def _wrapped(api_handler: Handler) -> Handler:
    async def handle(request: Request, error: Exception) -> Response:
        if is_api(request):
            answer = api_handler(request, error)
            return await answer if not isinstance(answer, Response) else answer
        return page_answer(request, error)

    return handle


def install(app: FastAPI) -> None:
    """Give page routes HTML error pages, keeping the API's handlers for /api/ paths."""
    for kind in (ApiError, DomainError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, _wrapped(app.exception_handlers[kind]))


class PageBodyLimit:
    """A page request whose declared body passes the upload limit gets the HTML 413 page before any
    of it is read (the API's own limit, outside /api/, would answer JSON)."""

    def __init__(self, app: ASGIApp, limit: Callable[[], int]) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not str(scope.get("path", "")).startswith("/api/"):
            declared = dict(scope.get("headers", [])).get(b"content-length")
            limit = self.limit()
            if declared is not None and declared.isdigit() and int(declared) > limit + MULTIPART_ALLOWANCE:
                request = Request(scope, receive)
                response = error_page(request, 413, too_large_message(limit))
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
