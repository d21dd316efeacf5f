"""The audit log of sensitive actions: append-only and hash-chained, so tampering shows.

Each entry carries its place (`sequence`, from 1), the hash of the entry before it and its own
hash over all of that. Changing an entry breaks its hash; removing or reordering entries breaks
the chain at the next one; removing the first entry shows as a chain that does not start at
sequence 1. Removing entries from the END shows only against a head kept elsewhere (the last
hash, e.g. printed in a report or held by a second store): pass it as `head` to `verify_chain`.
With a `key` (a server secret) the hashes are HMACs, so someone who can write the store but does
not hold the key cannot forge a consistent chain.

Pure: the clock reading (`when`) and the key come from the caller.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from picturelock.domain.errors import InvalidInput
from picturelock.domain.findings import Problem

GENESIS = "0" * 64  # the "previous hash" of the first entry


class AuditAction(StrEnum):
    """Sensitive actions recorded (issue 3: confidential documents, cuts, money) and account events."""

    VIEW_CONFIDENTIAL = "view_confidential"
    DOWNLOAD_CUT = "download_cut"
    CHANGE_MONEY = "change_money"
    CHANGE_MEMBERS = "change_members"
    ACCOUNT_LOCKED = "account_locked"
    PASSWORD_CHANGED = "password_changed"
    DELETE_PRODUCTION = "delete_production"  # kept in the accounts-wide chain: the production's goes with it


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One sensitive action: when (UTC), who, on which production, what, on what, with detail."""

    sequence: int
    when: datetime
    who: str
    production: int
    action: AuditAction
    subject: str  # what it was done to: "contract nda-acme", "cut ep1-v3", "budget line 4100"
    detail: str
    previous_hash: str
    hash: str


def _digest(
    sequence: int,
    when: datetime,
    who: str,
    production: int,
    action: str,
    subject: str,
    detail: str,
    previous_hash: str,
    key: bytes,
) -> str:
    fields = [sequence, when.isoformat(), who, production, action, subject, detail, previous_hash]
    body = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if key:
        return hmac.new(key, body, hashlib.sha256).hexdigest()
    return hashlib.sha256(body).hexdigest()


def entry_hash(entry: AuditEntry, key: bytes = b"") -> str:
    """The hash an entry should carry, computed from its content and the previous hash."""
    return _digest(
        entry.sequence,
        entry.when,
        entry.who,
        entry.production,
        entry.action.value,
        entry.subject,
        entry.detail,
        entry.previous_hash,
        key,
    )


def next_entry(
    previous: AuditEntry | None,
    *,
    when: datetime,
    who: str,
    production: int,
    action: AuditAction,
    subject: str,
    detail: str = "",
    key: bytes = b"",
) -> AuditEntry:
    """The entry that follows `previous` (None: the first), sealed with its hash."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise InvalidInput([Problem("audit", "when", "has no time zone", expected="an aware UTC time")])
    when = when.astimezone(UTC)
    sequence = 1 if previous is None else previous.sequence + 1
    previous_hash = GENESIS if previous is None else previous.hash
    digest = _digest(sequence, when, who, production, action.value, subject, detail, previous_hash, key)
    return AuditEntry(sequence, when, who, production, action, subject, detail, previous_hash, digest)


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """Where a chain stops being trustworthy: the first tampered entry and what is wrong."""

    position: int  # index in the list checked (0-based); len(entries) when the head is missing
    sequence: int | None  # the sequence the entry claims, None when entries are missing at the end
    problem: str

    def __str__(self) -> str:
        return f"audit log entry {self.position + 1}: {self.problem}"


def verify_chain(
    entries: Sequence[AuditEntry], *, key: bytes = b"", head: str | None = None
) -> ChainBreak | None:
    """None when the chain is intact, else the first entry where it breaks.

    `head`, when given, is the hash the last entry must carry (kept apart from the log).
    """
    previous_hash, expected_sequence = GENESIS, 1
    for position, entry in enumerate(entries):
        if entry.sequence != expected_sequence:
            return ChainBreak(
                position,
                entry.sequence,
                f"has sequence {entry.sequence} where {expected_sequence} was expected: "
                "entries were removed or reordered",
            )
        if entry.previous_hash != previous_hash:
            return ChainBreak(
                position,
                entry.sequence,
                "does not follow the entry before it: entries were removed or reordered",
            )
        if not hmac.compare_digest(entry.hash, entry_hash(entry, key)):
            return ChainBreak(
                position, entry.sequence, "was changed after it was written (its hash does not match)"
            )
        previous_hash, expected_sequence = entry.hash, expected_sequence + 1
    if head is not None and not hmac.compare_digest(previous_hash, head):
        return ChainBreak(
            len(entries), None, "the log does not end at the recorded head: entries are missing"
        )
    return None


@dataclass(frozen=True, slots=True)
class AuditLog:
    """An append-only log held in memory: `append` returns a longer log, nothing removes."""

    entries: tuple[AuditEntry, ...] = ()

    @property
    def head(self) -> str:
        return self.entries[-1].hash if self.entries else GENESIS

    def append(
        self,
        *,
        when: datetime,
        who: str,
        production: int,
        action: AuditAction,
        subject: str,
        detail: str = "",
        key: bytes = b"",
    ) -> AuditLog:
        last = self.entries[-1] if self.entries else None
        entry = next_entry(
            last,
            when=when,
            who=who,
            production=production,
            action=action,
            subject=subject,
            detail=detail,
            key=key,
        )
        return AuditLog((*self.entries, entry))

    def for_production(self, production: int) -> tuple[AuditEntry, ...]:
        """The entries of one production (what its audit-log readers are shown)."""
        return tuple(e for e in self.entries if e.production == production)
