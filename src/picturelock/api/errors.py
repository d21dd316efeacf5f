"""ONE error shape for every failure the API answers, and the handlers that give it.

Every refusal, whatever raised it, is `{"error": {"code", "message", "problems": [...]}}` where
each problem is `{place, line, field, message, expected}` (a `Problem` from the domain). No
traceback ever reaches a client: an unexpected exception is logged and answered 500 `internal`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from picturelock.domain.access import AccessDenied
from picturelock.domain.errors import (
    DependencyLoop,
    DomainError,
    EditConflict,
    InvalidInput,
    NotFound,
    UnsupportedFormat,
)
from picturelock.domain.findings import Problem

log = logging.getLogger("picturelock.api")

STATUS_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_format",
    422: "invalid_input",
    429: "too_many_attempts",
    500: "internal",
    503: "not_ready",
}


class ProblemOut(BaseModel):
    place: str
    line: int | None
    field: str
    message: str
    expected: str


class ErrorBody(BaseModel):
    code: str
    message: str
    problems: list[ProblemOut]


class ErrorOut(BaseModel):
    """What every failure answers."""

    error: ErrorBody


class ApiError(Exception):
    """A refusal decided by the API itself (not signed in, CSRF, too large...)."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        problems: Sequence[Problem] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or STATUS_CODES.get(status, "error")
        self.message = message
        self.problems = tuple(problems)
        self.headers = headers


def problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "place": problem.place,
        "line": problem.line,
        "field": problem.field,
        "message": problem.message,
        "expected": problem.expected,
    }


def error_response(
    status: int,
    message: str,
    *,
    code: str | None = None,
    problems: Iterable[Problem] = (),
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = {
        "error": {
            "code": code or STATUS_CODES.get(status, "error"),
            "message": message,
            "problems": [problem_json(p) for p in problems],
        }
    }
    return JSONResponse(body, status_code=status, headers=headers)


def _field_of(location: Sequence[Any]) -> str:
    parts = [str(part) for part in location]
    return ".".join(parts[1:]) if parts and parts[0] in ("body", "query", "path", "header", "cookie") else ""


def _validation_problems(error: RequestValidationError) -> list[Problem]:
    problems = []
    for item in error.errors():
        location = list(item.get("loc", ()))
        place = str(location[0]) if location else "request"
        expected = str(item.get("type", ""))
        problems.append(Problem(place, _field_of(location), str(item.get("msg", "invalid")), None, expected))
    return problems


def domain_status(error: DomainError) -> tuple[int, str]:
    """The HTTP status and error code of a domain error."""
    if isinstance(error, AccessDenied):
        return (404, "not_found") if error.decision.hides_existence else (403, "forbidden")
    if isinstance(error, NotFound):
        return 404, "not_found"
    if isinstance(error, EditConflict):
        return 409, "edit_conflict"
    if isinstance(error, UnsupportedFormat):
        return 415, "unsupported_format"
    if isinstance(error, InvalidInput | DependencyLoop):
        return 422, "invalid_input"
    if type(error).__name__ == "DatabaseNotReady":
        return 503, "not_ready"
    return 400, "refused"


async def _on_api_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ApiError)
    return error_response(
        error.status, error.message, code=error.code, problems=error.problems, headers=error.headers
    )


async def _on_domain_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    status, code = domain_status(error)
    problems = error.problems if isinstance(error, InvalidInput) else ()
    message = str(error) if not problems else f"{len(problems)} problem(s) in the input; nothing was saved"
    if isinstance(error, AccessDenied) and error.decision.hides_existence:
        message = "not found"
    return error_response(status, message, code=code, problems=problems)


async def _on_validation(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = _validation_problems(error)
    return error_response(422, "the request is not valid", problems=problems)


async def _on_http(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    status = error.status_code
    message = error.detail if isinstance(error.detail, str) else STATUS_CODES.get(status, "error")
    headers = dict(error.headers) if error.headers else None
    return error_response(status, message, headers=headers)


async def _on_unexpected(request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error answering %s %s", request.method, request.url.path)
    return error_response(500, "something went wrong on the server; it has been logged")


def install(app: FastAPI) -> None:
    """Make every failure answer in the one error shape."""
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(DomainError, _on_domain_error)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(Exception, _on_unexpected)
