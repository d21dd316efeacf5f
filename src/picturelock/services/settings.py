"""The server's secrets and session rules, built once at startup and passed in (never at import).

    settings = Settings.from_environment()        # picturelock serve
    settings = Settings.for_tests()               # a fixed key: tests only

PICTURELOCK_SECRET_KEY (required to serve): at least 32 bytes of random text, e.g. the output of
`python -c "import secrets; print(secrets.token_urlsafe(48))"`. The audit log's HMAC key and the
CSRF secret are derived from it (one secret to keep, two keys that never mix). Keep it stable:
a new key makes the existing audit log fail verification and every CSRF token invalid.
PICTURELOCK_SESSION_IDLE_HOURS and PICTURELOCK_SESSION_DAYS change how long sessions live.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from picturelock.adapters.security.tokens import MIN_SECRET_BYTES, SessionPolicy
from picturelock.domain.errors import InvalidInput
from picturelock.domain.findings import Problem

SECRET_ENV = "PICTURELOCK_SECRET_KEY"
IDLE_ENV = "PICTURELOCK_SESSION_IDLE_HOURS"
ABSOLUTE_ENV = "PICTURELOCK_SESSION_DAYS"
DEFAULT_POLICY = SessionPolicy()
_TEST_SECRET = b"picturelock tests only: never a real server's secret key"


@dataclass(frozen=True, slots=True)
class Settings:
    """Secrets and rules of one running server."""

    secret_key: bytes = field(repr=False)
    session_policy: SessionPolicy = DEFAULT_POLICY

    def __post_init__(self) -> None:
        if len(self.secret_key) < MIN_SECRET_BYTES:
            raise InvalidInput(
                [
                    Problem(
                        "settings",
                        SECRET_ENV,
                        f"has {len(self.secret_key)} bytes",
                        expected=f"at least {MIN_SECRET_BYTES} bytes of random text",
                    )
                ]
            )

    @property
    def audit_key(self) -> bytes:
        """The HMAC key of the audit log's hashes and heads."""
        return _derive(self.secret_key, "audit log")

    @property
    def csrf_secret(self) -> bytes:
        """The secret CSRF tokens are made and checked with."""
        return _derive(self.secret_key, "csrf")

    @classmethod
    def for_tests(cls, session_policy: SessionPolicy = DEFAULT_POLICY) -> Settings:
        return cls(_TEST_SECRET, session_policy)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from the environment; InvalidInput naming every variable that is wrong."""
        env = os.environ if environ is None else environ
        problems: list[Problem] = []
        secret = env.get(SECRET_ENV, "").strip()
        if not secret:
            problems.append(
                Problem(
                    "environment",
                    SECRET_ENV,
                    "is not set",
                    expected=f"at least {MIN_SECRET_BYTES} bytes of random text "
                    '(python -c "import secrets; print(secrets.token_urlsafe(48))")',
                )
            )
        idle = _number(env, IDLE_ENV, DEFAULT_POLICY.idle / timedelta(hours=1), problems)
        days = _number(env, ABSOLUTE_ENV, DEFAULT_POLICY.absolute / timedelta(days=1), problems)
        if problems:
            raise InvalidInput(problems)
        return cls(secret.encode("utf-8"), SessionPolicy(timedelta(hours=idle), timedelta(days=days)))


def _derive(secret: bytes, purpose: str) -> bytes:
    return hmac.new(secret, f"picturelock {purpose}".encode(), hashlib.sha256).digest()


def _number(env: Mapping[str, str], name: str, default: float, problems: list[Problem]) -> float:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 10_000:
        problems.append(Problem("environment", name, f"is {text!r}", expected="a positive number"))
        return default
    return value
