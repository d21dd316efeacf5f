"""Password hashing with argon2id (argon2-cffi), and the few rules a new password must meet.

Only the hash is stored. `verify` answers False for a wrong password or an unreadable stored hash
(never an exception a user could see); `needs_rehash` says when the hash was made with weaker
parameters than today's, so the caller can store `hash(password)` again after a good sign-in.
`verify_unknown_account` spends the same time as a real check, so a sign-in for a name that has
no account cannot be told apart by its speed. Passwords are NFKC-normalised first (NIST SP
800-63B), so the same password typed on a keyboard that composes accents differently still works.
"""

from __future__ import annotations

import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from picturelock.domain.findings import Problem

MIN_LENGTH = 12
MAX_LENGTH = 1024  # longer input is refused before hashing: hashing is deliberately slow


class Passwords:
    """argon2id hashing with the RFC 9106 low-memory profile (argon2-cffi's defaults) unless given."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()
        self._dummy_hash: str | None = None

    def hash(self, password: str) -> str:
        return self._hasher.hash(_normal(password))

    def verify(self, stored_hash: str, password: str) -> bool:
        if len(password) > MAX_LENGTH:
            return False
        try:
            return self._hasher.verify(stored_hash, _normal(password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored_hash: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(stored_hash)
        except (InvalidHashError, ValueError):
            return True

    def verify_unknown_account(self, password: str) -> bool:
        """Check against a throwaway hash (always False), taking as long as a real check."""
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash("no account has this password")
        self.verify(self._dummy_hash, password + "\0")
        return False


def _normal(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


def password_problems(password: str, *, account: str = "") -> list[Problem]:
    """What is wrong with a new password (empty when it will do), all at once."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(
            Problem(
                "account", "password", f"has {len(password)} characters", expected=f"at least {MIN_LENGTH}"
            )
        )
    if len(password) > MAX_LENGTH:
        problems.append(
            Problem("account", "password", "is too long", expected=f"at most {MAX_LENGTH} characters")
        )
    if account and password.strip().casefold() == account.strip().casefold():
        problems.append(
            Problem("account", "password", "is the account name", expected="something other than the name")
        )
    return problems
