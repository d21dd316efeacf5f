"""One sign-in, in the safe order: rate limit, password check, count the outcome, rehash if due.

The caller looks the account up and passes its stored hash, or None when no account has that
name; the answer is the same refusal either way, reached in the same time (`Passwords` checks a
throwaway hash), so nobody can learn which names exist. When a failure brings on a lockout,
`locked_now` is set: record `AuditAction.ACCOUNT_LOCKED` in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from picturelock.adapters.security.passwords import Passwords
from picturelock.adapters.security.ratelimit import Lockout, LoginLimiter

REFUSED = "The account name or password is wrong."


@dataclass(frozen=True, slots=True)
class SignInResult:
    """`ok`: signed in. `new_hash`: store it (parameters changed). `message`: what to show."""

    ok: bool
    message: str = ""
    lockout: Lockout | None = None
    locked_now: bool = False
    new_hash: str | None = None


class SignInGate:
    def __init__(self, passwords: Passwords, limiter: LoginLimiter) -> None:
        self._passwords = passwords
        self._limiter = limiter

    def sign_in(self, account: str, password: str, address: str, stored_hash: str | None) -> SignInResult:
        lockout = self._limiter.check(account, address)
        if lockout is not None:
            return SignInResult(False, lockout.message, lockout)
        if stored_hash is None:
            self._passwords.verify_unknown_account(password)  # the time a real check takes
            return self._failed(account, address)
        if not self._passwords.verify(stored_hash, password):
            return self._failed(account, address)
        self._limiter.succeeded(account, address)
        rehash = self._passwords.hash(password) if self._passwords.needs_rehash(stored_hash) else None
        return SignInResult(True, new_hash=rehash)

    def _failed(self, account: str, address: str) -> SignInResult:
        lockout = self._limiter.failed(account, address)
        message = lockout.message if lockout else REFUSED
        return SignInResult(False, message, lockout, locked_now=lockout is not None)
