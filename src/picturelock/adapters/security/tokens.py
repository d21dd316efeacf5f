"""Session tokens (stored only as their SHA-256 digest) and CSRF tokens bound to a session.

A session token is 32 random bytes (`secrets.token_urlsafe`): the browser holds the token, the
database holds `token_digest(token)`, so a copy of the database does not let anyone in. A CSRF
token is a fresh random nonce and an HMAC-SHA256, under the server secret, of the session's digest
and that nonce: it is worthless for any other session, cannot be made without the secret, and is
different every time it is issued. Comparisons are constant-time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

SESSION_TOKEN_BYTES = 32
CSRF_NONCE_BYTES = 16
MIN_SECRET_BYTES = 32


@dataclass(frozen=True, slots=True)
class IssuedSession:
    """A new session: `token` goes to the browser (cookie), `digest` into the database."""

    token: str
    digest: str


def token_digest(token: str) -> str:
    """What the database keeps of a session token (and looks a presented token up by)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_session() -> IssuedSession:
    token = secrets.token_urlsafe(SESSION_TOKEN_BYTES)
    return IssuedSession(token, token_digest(token))


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    """How long a session lives: ended after `idle` without use, and `absolute` after sign-in."""

    idle: timedelta = timedelta(hours=8)
    absolute: timedelta = timedelta(days=7)

    def expires_at(self, started: datetime, last_used: datetime) -> datetime:
        return min(last_used + self.idle, started + self.absolute)

    def is_live(self, started: datetime, last_used: datetime, now: datetime) -> bool:
        return now < self.expires_at(started, last_used)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class CsrfTokens:
    """Issues and checks CSRF tokens bound to one session (by its digest), under a server secret."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < MIN_SECRET_BYTES:
            raise ValueError(f"the CSRF secret must be at least {MIN_SECRET_BYTES} random bytes")
        self._secret = secret

    def _mac(self, session_digest: str, nonce: str) -> str:
        message = f"{session_digest}.{nonce}".encode("ascii", "replace")
        return _b64(hmac.new(self._secret, message, hashlib.sha256).digest())

    def issue(self, session_digest: str) -> str:
        nonce = _b64(secrets.token_bytes(CSRF_NONCE_BYTES))
        return f"{nonce}.{self._mac(session_digest, nonce)}"

    def check(self, session_digest: str, token: str) -> bool:
        """True only for a token issued (under this secret) for this very session."""
        nonce, dot, mac = token.partition(".")
        if not dot or not nonce or not mac or not token.isascii():
            return False
        return hmac.compare_digest(mac, self._mac(session_digest, nonce))
