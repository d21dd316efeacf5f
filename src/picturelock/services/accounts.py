"""Accounts, sessions, memberships and the audit log: the use cases behind the API's doors.

One `Accounts` per running server (it holds the engine, the sign-in rate limiter and the clock):

    accounts = Accounts(engine_or_url, Settings.from_environment())
    session = accounts.sign_in("maya", password, client_address="203.0.113.7")  # SignInRefused
    session = accounts.session_for(cookie_token)          # None: signed out, expired or unknown
    decision = accounts.authorise(session, production_id, Capability.DOWNLOAD_CUT,
                                  owner_org=item_org, subject="cut ep1-v3")
    if not decision.allowed: ... 404 when decision.hides_existence, else 403

Every use case runs in one transaction. Audited capabilities (`TERMS[...].audited_as`) are written
to the production's hash-chained audit log when used, and when refused (with the reason);
lockouts and password changes go to the accounts-wide chain (`ACCOUNTS_CHAIN`, 0). Reading the log
(`audit_log`) does not check permissions: the API asks `authorise(..., VIEW_AUDIT_LOG)` first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext

from picturelock.adapters.db import migrate
from picturelock.adapters.db.accounts import (
    ACCOUNTS_CHAIN,
    Account,
    AccountRepository,
    AuditRepository,
    MembershipRepository,
    SessionRecord,
    SessionRepository,
    head_seal,
    login_key,
)
from picturelock.adapters.db.engine import make_engine
from picturelock.adapters.security.passwords import Passwords, password_problems
from picturelock.adapters.security.ratelimit import Lockout, LoginLimiter
from picturelock.adapters.security.signin import SignInGate
from picturelock.adapters.security.tokens import CsrfTokens, new_session, token_digest
from picturelock.domain.access import (
    TERMS,
    AccessDenied,
    Capability,
    Decision,
    Membership,
    Role,
    decide,
)
from picturelock.domain.audit import AuditAction, AuditEntry, ChainBreak, verify_chain
from picturelock.domain.errors import DomainError, InvalidInput, NotFound
from picturelock.domain.findings import Problem
from picturelock.services.account_rules import (
    account_problems,
    describe_change,
    keep_a_manager,
    manages,
    new_membership,
    role_text,
)
from picturelock.services.productions import DatabaseNotReady
from picturelock.services.settings import Settings

__all__ = [
    "ACCOUNTS_CHAIN",
    "Account",
    "Accounts",
    "Session",
    "SignInRefused",
]

Database = str | Path | sa.Engine
Clock = Callable[[], datetime]
TOUCH_EVERY = timedelta(minutes=1)  # a session's last use is written at most this often
DISABLED = "This account is disabled: ask the production's producer or post supervisor."


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SignInRefused(DomainError):
    """A sign-in that did not succeed: `message` is what to show; `lockout` is set when locked out
    (the API answers 429 with `lockout.retry_after`), else it was a wrong name or password (401)."""

    def __init__(self, message: str, lockout: Lockout | None = None) -> None:
        self.message = message
        self.lockout = lockout
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Session:
    """A signed-in person. `token` (for the cookie) is set only on the Session `sign_in` returns."""

    account: Account
    digest: str
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    token: str = field(default="", repr=False)

    @property
    def login(self) -> str:
        return self.account.login


def _session(record: SessionRecord, token: str = "") -> Session:
    return Session(
        record.account, record.digest, record.created_at, record.last_used_at, record.expires_at, token
    )


class Accounts:
    """The accounts use cases on one database, with one rate limiter and one clock."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        *,
        clock: Clock = _utc_now,
        passwords: Passwords | None = None,
        limiter: LoginLimiter | None = None,
    ) -> None:
        self._owns_engine = not isinstance(db, sa.Engine)
        self._engine = db if isinstance(db, sa.Engine) else make_engine(db)
        try:
            require_newest_schema(self._engine)
        except DatabaseNotReady:
            self.close()
            raise
        self._settings = settings
        self._clock = clock
        self._passwords = passwords or Passwords()
        self._gate = SignInGate(self._passwords, limiter or LoginLimiter(clock))
        self._csrf = CsrfTokens(settings.csrf_secret)

    def close(self) -> None:
        """Dispose of the engine if it was made here (not one the caller passed)."""
        if self._owns_engine:
            self._engine.dispose()

    # accounts -----------------------------------------------------------------------------------

    def create_account(
        self, login: str, password: str, *, display_name: str = "", email: str | None = None
    ) -> Account:
        """A new account; InvalidInput listing every problem (login taken, password too short...)."""
        problems = account_problems(login, password, email)
        if problems:
            raise InvalidInput(problems)
        password_hash = self._passwords.hash(password)
        with self._begin() as connection:
            return AccountRepository(connection).add(
                login, display_name=display_name, email=email, password_hash=password_hash, at=self._clock()
            )

    def find_account(self, login: str) -> Account | None:
        with self._begin() as connection:
            return AccountRepository(connection).find(login)

    def list_accounts(self) -> list[Account]:
        with self._begin() as connection:
            return AccountRepository(connection).list()

    def change_password(self, session: Session, current: str, new: str) -> None:
        """Change the signed-in person's password (the current one is asked again); their other
        sessions end; audited on the accounts-wide chain."""
        problems = password_problems(new, account=session.login)
        if problems:
            raise InvalidInput(problems)
        with self._begin() as connection:
            found = AccountRepository(connection).hash_of(session.login)
        if found is None or not self._passwords.verify(found[1], current):
            raise InvalidInput([Problem("account", "current password", "is wrong")])
        new_hash = self._passwords.hash(new)
        with self._begin() as connection:
            AccountRepository(connection).set_password_hash(session.account.id, new_hash)
            SessionRepository(connection).delete_for_account(session.account.id, keep=session.digest)
            self._audit(connection).append(
                ACCOUNTS_CHAIN,
                when=self._clock(),
                who=session.login,
                production=ACCOUNTS_CHAIN,
                action=AuditAction.PASSWORD_CHANGED,
                subject=f"account {session.login}",
            )

    def set_disabled(self, login: str, disabled: bool = True) -> Account:
        """Disable (or enable again) an account; disabling ends its sessions at once."""
        with self._begin() as connection:
            repository = AccountRepository(connection)
            account = repository.find(login)
            if account is None:
                raise NotFound(f"account {login_key(login)!r}")
            repository.set_disabled(account.id, disabled)
            if disabled:
                SessionRepository(connection).delete_for_account(account.id)
            return repository.get(account.id) or account

    # sessions -----------------------------------------------------------------------------------

    def sign_in(self, login: str, password: str, client_address: str) -> Session:
        """A new session for a right login and password; SignInRefused otherwise (rate limited:
        a failure that brings on a lockout is audited as `account_locked`)."""
        with self._begin() as connection:
            found = AccountRepository(connection).hash_of(login)
        account, stored_hash = found if found is not None else (None, None)
        result = self._gate.sign_in(login, password, client_address, stored_hash)
        if not result.ok:
            if result.locked_now and result.lockout is not None:
                self._audit_lockout(login, client_address, result.lockout)
            raise SignInRefused(result.message, result.lockout)
        assert account is not None  # the gate accepts only a stored hash
        if account.disabled:
            raise SignInRefused(DISABLED)
        return self._open_session(account, client_address, result.new_hash)

    def session_for(self, token: str) -> Session | None:
        """The live session a token names; None when unknown, expired (idle or absolute: the
        session is then removed) or its account is disabled. Marks the session as used."""
        if not token:
            return None
        digest, now, policy = token_digest(token), self._clock(), self._settings.session_policy
        with self._begin() as connection:
            repository = SessionRepository(connection)
            record = repository.get(digest)
            if record is None:
                return None
            if record.account.disabled or not policy.is_live(record.created_at, record.last_used_at, now):
                repository.delete(digest)
                return None
            if now - record.last_used_at >= TOUCH_EVERY:
                expires = policy.expires_at(record.created_at, now)
                repository.touch(digest, now, expires)
                record = SessionRecord(
                    digest, record.account, record.created_at, now, expires, record.client_address
                )
            return _session(record)

    def sign_out(self, token: str) -> bool:
        """End the session a token names; whether there was one."""
        with self._begin() as connection:
            return SessionRepository(connection).delete(token_digest(token))

    def sweep_sessions(self) -> int:
        """Remove every expired session (a periodic chore); how many went."""
        with self._begin() as connection:
            return SessionRepository(connection).sweep(self._clock())

    def csrf_token(self, session: Session) -> str:
        """A CSRF token for this session (a new one each time; all stay valid for the session)."""
        return self._csrf.issue(session.digest)

    def check_csrf(self, session: Session, token: str) -> bool:
        return self._csrf.check(session.digest, token)

    # memberships and permissions ----------------------------------------------------------------

    def membership_for(self, account: Account | Session | str, production_id: int) -> Membership | None:
        """The account's membership in the production (None: not a member)."""
        with self._begin() as connection:
            return self._membership(connection, account, production_id)

    def memberships(self, account: Account | Session | str) -> list[Membership]:
        """Every production the account works on, with its role there."""
        with self._begin() as connection:
            found = self._account(connection, account)
            return [] if found is None else MembershipRepository(connection).for_account(found.id)

    def members(self, production_id: int) -> list[Membership]:
        with self._begin() as connection:
            return MembershipRepository(connection).for_production(production_id)

    def authorise(
        self,
        session: Session,
        production_id: int,
        capability: Capability,
        owner_org: str | None = None,
        *,
        subject: str = "",
        detail: str = "",
    ) -> Decision:
        """May the signed-in person use `capability` on the production (on an item of `owner_org`)?
        Audited capabilities are written to the production's audit log, allowed or refused;
        `subject` names what was touched ("cut ep1-v3")."""
        with self._begin() as connection:
            membership = self._membership(connection, session.account, production_id)
            decision = decide(membership, capability, production=production_id, owner_org=owner_org)
            self._audit_decision(connection, session, production_id, decision, subject, detail)
            return decision

    def add_member(
        self,
        session: Session,
        production_id: int,
        login: str,
        role: Role | str,
        organisation: str | None = None,
    ) -> Membership:
        """Make an account a member of the production (or change its role there). Only roles that
        manage members may; AccessDenied otherwise. Audited as `change_members`."""
        membership = new_membership(login, production_id, role, organisation)
        with self._managing(session, production_id, f"member {membership.user}") as connection:
            return self._grant(connection, membership, by=session.login)

    def remove_member(self, session: Session, production_id: int, login: str) -> None:
        """Take an account off the production; the last member who manages members stays."""
        subject = f"member {login_key(login)}"
        with self._managing(session, production_id, subject) as connection:
            self._revoke(connection, production_id, login, by=session.login)

    def grant_membership(
        self,
        production_id: int,
        login: str,
        role: Role | str,
        organisation: str | None = None,
        *,
        by: str,
    ) -> Membership:
        """Set-up by whoever runs the server (CLI, demo): no session, audited as done `by` them."""
        membership = new_membership(login, production_id, role, organisation)
        with self._begin() as connection:
            if not MembershipRepository(connection).production_exists(production_id):
                raise NotFound(f"production {production_id}")
            return self._grant(connection, membership, by=by)

    # the audit log ------------------------------------------------------------------------------

    def audit_log(self, production_id: int) -> list[AuditEntry]:
        """The production's audit log, oldest first (ACCOUNTS_CHAIN: the accounts-wide one)."""
        with self._begin() as connection:
            return self._audit(connection).entries(production_id)

    def verify_audit(self, production_id: int) -> ChainBreak | None:
        """None when the production's audit log is intact, else where it breaks: an entry changed,
        removed or reordered, entries missing from the end, or a head moved without the key."""
        with self._begin() as connection:
            audit = self._audit(connection)
            entries, head = audit.entries(production_id), audit.head(production_id)
        key = self._settings.audit_key
        if head is None:
            if entries:
                return ChainBreak(len(entries), None, "the log's recorded head is missing")
            return None
        if head.seal != head_seal(production_id, head.sequence, head.hash, key):
            return ChainBreak(
                len(entries), None, "the log's recorded head was changed (its seal does not match)"
            )
        return verify_chain(entries, key=key, head=head.hash)

    # inside -------------------------------------------------------------------------------------

    @contextmanager
    def _begin(self) -> Iterator[sa.Connection]:
        with self._engine.begin() as connection:
            yield connection

    def _audit(self, connection: sa.Connection) -> AuditRepository:
        return AuditRepository(connection, key=self._settings.audit_key)

    def _account(self, connection: sa.Connection, account: Account | Session | str) -> Account | None:
        if isinstance(account, Session):
            return account.account
        if isinstance(account, Account):
            return account
        return AccountRepository(connection).find(account)

    def _membership(
        self, connection: sa.Connection, account: Account | Session | str, production_id: int
    ) -> Membership | None:
        found = self._account(connection, account)
        return None if found is None else MembershipRepository(connection).get(found.id, production_id)

    def _open_session(self, account: Account, client_address: str, new_hash: str | None) -> Session:
        issued, now = new_session(), self._clock()
        expires = self._settings.session_policy.expires_at(now, now)
        record = SessionRecord(issued.digest, account, now, now, expires, client_address or None)
        with self._begin() as connection:
            if new_hash is not None:
                AccountRepository(connection).set_password_hash(account.id, new_hash)
            SessionRepository(connection).add(record)
        return _session(record, issued.token)

    def _audit_lockout(self, login: str, client_address: str, lockout: Lockout) -> None:
        with self._begin() as connection:
            self._audit(connection).append(
                ACCOUNTS_CHAIN,
                when=self._clock(),
                who=login_key(login),
                production=ACCOUNTS_CHAIN,
                action=AuditAction.ACCOUNT_LOCKED,
                subject=f"account {login_key(login)}",
                detail=f"locked by {lockout.by} until {lockout.retry_at.isoformat()} "
                f"(last failure from {client_address})",
            )

    def _audit_decision(
        self,
        connection: sa.Connection,
        session: Session,
        production_id: int,
        decision: Decision,
        subject: str,
        detail: str,
    ) -> None:
        action = TERMS[decision.capability].audited_as
        if action is None:
            return
        if not decision.allowed:
            if not MembershipRepository(connection).production_exists(production_id):
                return  # nothing there to keep a log for
            detail = f"refused: {decision.reason}" + (f"; {detail}" if detail else "")
        self._audit(connection).append(
            production_id,
            when=self._clock(),
            who=session.login,
            production=production_id,
            action=action,
            subject=subject or decision.capability.value,
            detail=detail,
        )

    @contextmanager
    def _managing(self, session: Session, production_id: int, subject: str) -> Iterator[sa.Connection]:
        """A transaction in which `session` manages the production's members; a refusal is
        audited (and kept) before AccessDenied is raised."""
        with self._begin() as connection:
            membership = self._membership(connection, session.account, production_id)
            decision = decide(membership, Capability.MANAGE_MEMBERS, production=production_id)
            if decision.allowed:
                yield connection
                return
            self._audit_decision(connection, session, production_id, decision, subject, "")
        raise AccessDenied(decision)

    def _grant(self, connection: sa.Connection, membership: Membership, *, by: str) -> Membership:
        target = AccountRepository(connection).find(membership.user)
        if target is None:
            raise NotFound(f"account {membership.user!r}")
        repository = MembershipRepository(connection)
        previous = repository.get(target.id, membership.production)
        if previous is not None and manages(previous) and not manages(membership):
            keep_a_manager(repository, membership.production, target.login)
        repository.put(target.id, membership, by=by, at=self._clock())
        self._audit_members(
            connection, membership.production, by, target.login, describe_change(previous, membership)
        )
        return membership

    def _revoke(self, connection: sa.Connection, production_id: int, login: str, *, by: str) -> None:
        target = AccountRepository(connection).find(login)
        repository = MembershipRepository(connection)
        previous = None if target is None else repository.get(target.id, production_id)
        if target is None or previous is None:
            raise NotFound(f"member {login_key(login)!r} of production {production_id}")
        if manages(previous):
            keep_a_manager(repository, production_id, target.login)
        repository.remove(target.id, production_id)
        self._audit_members(
            connection, production_id, by, target.login, f"removed (was {role_text(previous)})"
        )

    def _audit_members(
        self, connection: sa.Connection, production_id: int, by: str, login: str, detail: str
    ) -> None:
        self._audit(connection).append(
            production_id,
            when=self._clock(),
            who=by,
            production=production_id,
            action=AuditAction.CHANGE_MEMBERS,
            subject=f"member {login}",
            detail=detail,
        )


def require_newest_schema(engine: sa.Engine) -> None:
    """DatabaseNotReady unless the database is at the newest schema (a missing SQLite file is
    not created by asking)."""
    url = engine.url
    at = None
    if not (url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists()):
        with engine.connect() as connection:
            at = MigrationContext.configure(connection).get_current_revision()
    newest = migrate.head()
    if at != newest:
        where = engine.url.render_as_string(hide_password=True)
        state = (
            "has no Picture Lock tables" if at is None else f"is at schema {at}, not the newest ({newest})"
        )
        raise DatabaseNotReady(f"the database {where} {state}: run `picturelock db upgrade` first")
