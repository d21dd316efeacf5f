"""Uploads: size-limited, suffix-checked, held in a private temporary folder, never left behind."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePath

from fastapi import UploadFile
from starlette.types import ASGIApp, Receive, Scope, Send

from picturelock.api.errors import ApiError, error_response
from picturelock.services.plans import PLAN_SUFFIXES

CHUNK = 1 << 16
MULTIPART_ALLOWANCE = 64 * 1024  # headers and boundaries around the file in a multipart body


def too_large_message(limit: int) -> str:
    return f"the upload is larger than the limit of {limit:,} bytes; nothing was saved"


def plan_suffix(filename: str | None) -> str:
    """The upload's suffix if it is one we read as a plan, else 415 naming those we read."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in PLAN_SUFFIXES:
        known = ", ".join(f"{s} ({what})" for s, what in PLAN_SUFFIXES.items())
        raise ApiError(415, f"cannot read a plan from {suffix or 'a file without a suffix'}; send {known}")
    return suffix


async def save_upload(upload: UploadFile, target: Path, limit: int) -> None:
    """Copy the upload into `target`, refusing (413) once it passes `limit` bytes."""
    written = 0
    with target.open("wb") as out:
        while chunk := await upload.read(CHUNK):
            written += len(chunk)
            if written > limit:
                raise ApiError(413, too_large_message(limit))
            out.write(chunk)
    if written == 0:
        raise ApiError(422, "the uploaded file is empty", code="invalid_input")


class BodyLimit:
    """Refuse a request whose declared body is larger than the limit before reading any of it."""

    def __init__(self, app: ASGIApp, limit: Callable[[], int]) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            declared = dict(scope.get("headers", [])).get(b"content-length")
            limit = self.limit()
            if declared is not None and declared.isdigit() and int(declared) > limit + MULTIPART_ALLOWANCE:
                response = error_response(413, too_large_message(limit))
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
