"""Demo accounts: one per role on a production, so the demo can be tried from every seat.

from picturelock.services.demo_accounts import create_demo_accounts
for login, password, role in create_demo_accounts(db, production_id, settings=settings): ...
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import sqlalchemy as sa

from picturelock.adapters.db.accounts import AccountRepository, AuditRepository, MembershipRepository
from picturelock.adapters.db.engine import make_engine
from picturelock.adapters.security.passwords import Passwords
from picturelock.domain.access import Membership, Role
from picturelock.domain.audit import AuditAction
from picturelock.domain.errors import NotFound
from picturelock.services.account_rules import describe_change
from picturelock.services.accounts import Database, require_newest_schema
from picturelock.services.settings import Settings

DEMO_ORGANISATIONS = {Role.VENDOR: "demo-vendor", Role.CLIENT: "demo-client"}


def create_demo_accounts(
    db: Database, production_id: int, *, settings: Settings | None = None
) -> list[tuple[str, str, str]]:
    """One account per role on the production, for the demo: [(login, password, role)].

    Logins are `demo-<role>` (the vendor and the client belong to `demo-vendor` and `demo-client`);
    passwords are new random ones each run (an existing demo account gets a new password and is
    enabled again). With `settings`, each membership is audited as granted by "demo"; without,
    no audit entry is written (there is no key to seal it with)."""
    passwords = Passwords()
    made = [(f"demo-{r.value.replace('_', '-')}", secrets.token_urlsafe(12), r) for r in Role]
    hashes = {login: passwords.hash(password) for login, password, _ in made}
    with _connected(db) as engine, engine.begin() as connection:
        if not MembershipRepository(connection).production_exists(production_id):
            raise NotFound(f"production {production_id}")
        now = datetime.now(UTC)
        for login, _, role in made:
            account_id = _demo_account(connection, login, hashes[login], now)
            membership = Membership(login, production_id, role, DEMO_ORGANISATIONS.get(role))
            MembershipRepository(connection).put(account_id, membership, by="demo", at=now)
            if settings is not None:
                AuditRepository(connection, key=settings.audit_key).append(
                    production_id, when=now, who="demo", production=production_id,
                    action=AuditAction.CHANGE_MEMBERS, subject=f"member {login}",
                    detail=describe_change(None, membership),
                )  # fmt: skip
    return [(login, password, role.value) for login, password, role in made]


def _demo_account(connection: sa.Connection, login: str, password_hash: str, now: datetime) -> int:
    repository = AccountRepository(connection)
    account = repository.find(login)
    if account is None:
        name = login.removeprefix("demo-").replace("-", " ").capitalize() + " (demo)"
        return repository.add(login, display_name=name, email=None, password_hash=password_hash, at=now).id
    repository.set_password_hash(account.id, password_hash)
    repository.set_disabled(account.id, False)
    return account.id


@contextmanager
def _connected(db: Database) -> Iterator[sa.Engine]:
    """The caller's engine as it is, or one made for a URL or path (checked, then disposed of)."""
    engine = db if isinstance(db, sa.Engine) else make_engine(db)
    try:
        require_newest_schema(engine)
        yield engine
    finally:
        if engine is not db:
            engine.dispose()
