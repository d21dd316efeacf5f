"""Repositories of accounts, sessions, memberships and the audit log, on a connection in a
transaction that the caller owns (they never commit).

Logins are kept casefolded (`login_key`), so "Maya" and "maya" are one account. Times are stored
aware (UTC) and given back aware: SQLite hands them back without a zone, read here as UTC.
The audit log is appended under a lock on the chain's head row (PostgreSQL: `FOR UPDATE`;
SQLite: the write lock the head's insert-or-nothing takes), so two appends at once never fork
the chain: the second waits and follows the first.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from picturelock.adapters.db import accounts_tables as a
from picturelock.adapters.db.tables import productions
from picturelock.domain.access import Membership, Role
from picturelock.domain.audit import GENESIS, AuditAction, AuditEntry, next_entry
from picturelock.domain.errors import InvalidInput
from picturelock.domain.findings import Problem

ACCOUNTS_CHAIN = 0  # the audit chain of events that belong to no production (lockouts, passwords)


def login_key(login: str) -> str:
    """The form a login is kept and looked up in: trimmed and casefolded."""
    return login.strip().casefold()


def aware(moment: datetime) -> datetime:
    """A stored time as an aware UTC datetime (SQLite gives it back without its zone)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Account:
    """Someone who signs in. The password hash is not part of it (see `AccountRepository.hash_of`)."""

    id: int
    login: str
    display_name: str
    email: str | None
    created_at: datetime
    disabled: bool = False


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """A session as held: the token's digest, whose it is, and its times."""

    digest: str
    account: Account
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    client_address: str | None = None


def _account(row: Any) -> Account:
    return Account(row.id, row.login, row.display_name, row.email, aware(row.created_at), bool(row.disabled))


_ACCOUNT_COLUMNS = (
    a.accounts.c.id,
    a.accounts.c.login,
    a.accounts.c.display_name,
    a.accounts.c.email,
    a.accounts.c.created_at,
    a.accounts.c.disabled,
)


class AccountRepository:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def add(
        self, login: str, *, display_name: str, email: str | None, password_hash: str, at: datetime
    ) -> Account:
        key = login_key(login)
        if self.find(key) is not None:
            raise InvalidInput([Problem("account", "login", f"{key!r} is taken", expected="a new login")])
        name, address = display_name.strip() or key, email.strip() if email else None
        values = {
            "login": key,
            "display_name": name,
            "email": address,
            "password_hash": password_hash,
            "created_at": at,
            "disabled": False,
        }
        new_id = self._c.execute(a.accounts.insert().values(values).returning(a.accounts.c.id)).scalar_one()
        return Account(new_id, key, name, address, at)

    def find(self, login: str) -> Account | None:
        query = sa.select(*_ACCOUNT_COLUMNS).where(a.accounts.c.login == login_key(login))
        row = self._c.execute(query).first()
        return None if row is None else _account(row)

    def get(self, account_id: int) -> Account | None:
        row = self._c.execute(sa.select(*_ACCOUNT_COLUMNS).where(a.accounts.c.id == account_id)).first()
        return None if row is None else _account(row)

    def hash_of(self, login: str) -> tuple[Account, str] | None:
        """The account and its stored password hash, for a sign-in."""
        query = sa.select(*_ACCOUNT_COLUMNS, a.accounts.c.password_hash).where(
            a.accounts.c.login == login_key(login)
        )
        row = self._c.execute(query).first()
        return None if row is None else (_account(row), row.password_hash)

    def set_password_hash(self, account_id: int, password_hash: str) -> None:
        self._c.execute(
            a.accounts.update().where(a.accounts.c.id == account_id).values(password_hash=password_hash)
        )

    def set_disabled(self, account_id: int, disabled: bool) -> None:
        self._c.execute(a.accounts.update().where(a.accounts.c.id == account_id).values(disabled=disabled))

    def list(self) -> list[Account]:
        rows = self._c.execute(sa.select(*_ACCOUNT_COLUMNS).order_by(a.accounts.c.login))
        return [_account(row) for row in rows]


class SessionRepository:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def add(self, record: SessionRecord) -> None:
        self._c.execute(
            a.sessions.insert().values(
                token_digest=record.digest,
                account_id=record.account.id,
                created_at=record.created_at,
                last_used_at=record.last_used_at,
                expires_at=record.expires_at,
                client_address=record.client_address,
            )
        )

    def get(self, digest: str) -> SessionRecord | None:
        s = a.sessions.c
        query = (
            sa.select(*_ACCOUNT_COLUMNS, s.created_at.label("s_created"), s.last_used_at, s.expires_at)
            .add_columns(s.client_address)
            .join_from(a.sessions, a.accounts)
            .where(s.token_digest == digest)
        )
        row = self._c.execute(query).first()
        if row is None:
            return None
        return SessionRecord(
            digest,
            _account(row),
            aware(row.s_created),
            aware(row.last_used_at),
            aware(row.expires_at),
            row.client_address,
        )

    def touch(self, digest: str, last_used_at: datetime, expires_at: datetime) -> None:
        self._c.execute(
            a.sessions.update()
            .where(a.sessions.c.token_digest == digest)
            .values(last_used_at=last_used_at, expires_at=expires_at)
        )

    def delete(self, digest: str) -> bool:
        result = self._c.execute(a.sessions.delete().where(a.sessions.c.token_digest == digest))
        return result.rowcount > 0

    def delete_for_account(self, account_id: int, *, keep: str | None = None) -> int:
        """End every session of the account (but `keep`, the digest of one to leave open)."""
        s = a.sessions.c
        where = s.account_id == account_id
        if keep is not None:
            where = where & (s.token_digest != keep)
        return self._c.execute(a.sessions.delete().where(where)).rowcount

    def sweep(self, now: datetime) -> int:
        """Remove every session expired by `now`; how many went."""
        return self._c.execute(a.sessions.delete().where(a.sessions.c.expires_at <= now)).rowcount


class MembershipRepository:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def production_exists(self, production_id: int) -> bool:
        query = sa.select(productions.c.id).where(productions.c.id == production_id)
        return self._c.execute(query).first() is not None

    def get(self, account_id: int, production_id: int) -> Membership | None:
        found = self._select(
            (a.memberships.c.account_id == account_id) & (a.memberships.c.production_id == production_id)
        )
        return found[0] if found else None

    def for_production(self, production_id: int) -> list[Membership]:
        return self._select(a.memberships.c.production_id == production_id)

    def for_account(self, account_id: int) -> list[Membership]:
        return self._select(a.memberships.c.account_id == account_id)

    def put(self, account_id: int, membership: Membership, *, by: str | None, at: datetime) -> None:
        """Hold `membership` (a new one, or the account's new role in that production)."""
        self.remove(account_id, membership.production)
        self._c.execute(
            a.memberships.insert().values(
                account_id=account_id,
                production_id=membership.production,
                role=membership.role.value,
                organisation=membership.organisation,
                added_by=by,
                added_at=at,
            )
        )

    def remove(self, account_id: int, production_id: int) -> bool:
        m = a.memberships.c
        result = self._c.execute(
            a.memberships.delete().where((m.account_id == account_id) & (m.production_id == production_id))
        )
        return result.rowcount > 0

    def _select(self, where: sa.ColumnElement[bool]) -> list[Membership]:
        m = a.memberships.c
        query = (
            sa.select(a.accounts.c.login, m.production_id, m.role, m.organisation)
            .join_from(a.memberships, a.accounts)
            .where(where)
            .order_by(m.production_id, a.accounts.c.login)
        )
        return [
            Membership(row.login, row.production_id, Role(row.role), row.organisation)
            for row in self._c.execute(query)
        ]


@dataclass(frozen=True, slots=True)
class AuditHead:
    """The last entry of a chain as recorded apart from the entries, with its seal."""

    sequence: int
    hash: str
    seal: str


def head_seal(chain: int, sequence: int, entry_hash: str, key: bytes) -> str:
    """The seal of a chain's head: only the holder of the key can move a head (say, back)."""
    body = f"audit-head|{chain}|{sequence}|{entry_hash}".encode()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


class AuditRepository:
    """The audit log's chains; entries are appended, never changed or removed."""

    def __init__(self, connection: sa.Connection, *, key: bytes) -> None:
        self._c = connection
        self._key = key

    def append(
        self,
        chain: int,
        *,
        when: datetime,
        who: str,
        production: int,
        action: AuditAction,
        subject: str,
        detail: str = "",
    ) -> AuditEntry:
        head = self._locked_head(chain)
        entry = next_entry(
            _stand_in(head, when) if head.sequence else None,
            when=when,
            who=who,
            production=production,
            action=action,
            subject=subject,
            detail=detail,
            key=self._key,
        )
        owner = _owner(chain)
        self._c.execute(
            a.audit_entries.insert().values(chain=chain, production_id=owner, **_entry_values(entry))
        )
        seal = head_seal(chain, entry.sequence, entry.hash, self._key)
        self._c.execute(
            a.audit_heads.update()
            .where(a.audit_heads.c.chain == chain)
            .values(sequence=entry.sequence, hash=entry.hash, seal=seal)
        )
        return entry

    def entries(self, chain: int) -> list[AuditEntry]:
        e = a.audit_entries.c
        query = sa.select(a.audit_entries).where(e.chain == chain).order_by(e.sequence)
        return [_entry(row) for row in self._c.execute(query)]

    def head(self, chain: int) -> AuditHead | None:
        h = a.audit_heads.c
        row = self._c.execute(sa.select(h.sequence, h.hash, h.seal).where(h.chain == chain)).first()
        return None if row is None else AuditHead(row.sequence, row.hash, row.seal)

    def _locked_head(self, chain: int) -> AuditHead:
        """The chain's head row, created when missing, locked until the transaction ends."""
        values = {"chain": chain, "production_id": _owner(chain), "sequence": 0, "hash": GENESIS, "seal": ""}
        dialect = self._c.dialect.name
        if dialect == "postgresql":
            insert: Any = postgresql.insert(a.audit_heads).values(values).on_conflict_do_nothing()
        else:
            insert = sqlite.insert(a.audit_heads).values(values).on_conflict_do_nothing()
        self._c.execute(insert)
        h = a.audit_heads.c
        query = sa.select(h.sequence, h.hash, h.seal).where(h.chain == chain).with_for_update()
        row = self._c.execute(query).one()
        return AuditHead(row.sequence, row.hash, row.seal)


def _entry_values(entry: AuditEntry) -> dict[str, Any]:
    return {
        "sequence": entry.sequence,
        "at": entry.when,
        "who": entry.who,
        "production": entry.production,
        "action": entry.action.value,
        "subject": entry.subject,
        "detail": entry.detail,
        "previous_hash": entry.previous_hash,
        "hash": entry.hash,
    }


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(
        row.sequence,
        aware(row.at),
        row.who,
        row.production,
        AuditAction(row.action),
        row.subject,
        row.detail,
        row.previous_hash,
        row.hash,
    )


def _owner(chain: int) -> int | None:
    """The production a chain belongs to (and goes with), None for the accounts-wide chain."""
    return None if chain == ACCOUNTS_CHAIN else chain


def _stand_in(head: AuditHead, when: datetime) -> AuditEntry:
    """The recorded head as the entry to follow: a chain continues from its head, never from
    whatever row happens to be last (so rows removed from the end stay noticed)."""
    return AuditEntry(head.sequence, when, "", 0, AuditAction.CHANGE_MEMBERS, "", "", "", head.hash)
