"""The audit log in the database: sensitive actions appended to a hash chain, and tampering shown."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from picturelock.adapters.db import accounts_tables as t
from picturelock.adapters.db.engine import make_engine
from picturelock.adapters.security.passwords import Passwords
from picturelock.domain.access import Capability, Role
from picturelock.domain.audit import AuditAction, AuditEntry
from picturelock.services.accounts import Accounts, Session
from picturelock.services.demo_accounts import create_demo_accounts
from picturelock.services.productions import delete_production, get_production, import_plan
from picturelock.services.settings import Settings

PASSWORD = "correct horse battery"


@pytest.fixture
def accounts(db: str) -> Iterator[Accounts]:
    cheap = Passwords(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    service = Accounts(db, Settings.for_tests(), passwords=cheap)
    yield service
    service.close()


@pytest.fixture
def production(db: str, small_plan_path: Path) -> int:
    return import_plan(small_plan_path, db)


def _member(accounts: Accounts, production: int, login: str, role: Role, org: str | None = None) -> Session:
    accounts.create_account(login, PASSWORD)
    accounts.grant_membership(production, login, role, org, by="setup")
    return accounts.sign_in(login, PASSWORD, "203.0.113.7")


def _sensitive_actions(accounts: Accounts, production: int) -> None:
    accountant = _member(accounts, production, "acc", Role.ACCOUNTANT)
    crew = _member(accounts, production, "crew", Role.CREW)
    accounts.authorise(accountant, production, Capability.VIEW_CONFIDENTIAL, subject="contract nda-acme")
    accounts.authorise(accountant, production, Capability.EDIT_MONEY, subject="budget line 4100")
    accounts.authorise(crew, production, Capability.DOWNLOAD_CUT, subject="cut ep1-v3")
    accounts.authorise(crew, production, Capability.VIEW_MONEY)  # not audited
    accounts.authorise(crew, production, Capability.EDIT_MONEY, subject="budget line 4100")


def _execute(db: str, statement: sa.Executable) -> None:
    engine = make_engine(db)
    try:
        with engine.begin() as connection:
            connection.execute(statement)
    finally:
        engine.dispose()


def test_sensitive_actions_are_appended_to_the_chain_and_verify(accounts: Accounts, production: int) -> None:
    _sensitive_actions(accounts, production)
    log = accounts.audit_log(production)
    sensitive = [(e.who, e.action, e.subject, e.detail) for e in log if e.who != "setup"]
    assert sensitive == [
        ("acc", AuditAction.VIEW_CONFIDENTIAL, "contract nda-acme", ""),
        ("acc", AuditAction.CHANGE_MONEY, "budget line 4100", ""),
        ("crew", AuditAction.DOWNLOAD_CUT, "cut ep1-v3", ""),
        ("crew", AuditAction.CHANGE_MONEY, "budget line 4100", "refused: a crew may not edit_money"),
    ]
    assert [e.sequence for e in log] == list(range(1, len(log) + 1))
    assert all(e.production == production and e.when.tzinfo is not None for e in log)
    assert accounts.verify_audit(production) is None


def test_a_changed_row_is_found(accounts: Accounts, production: int, db: str) -> None:
    _sensitive_actions(accounts, production)
    e = t.audit_entries.c
    _execute(
        db,
        t.audit_entries.update()
        .where((e.chain == production) & (e.subject == "cut ep1-v3"))
        .values(who="someone else"),
    )
    broken = accounts.verify_audit(production)
    assert broken is not None and "changed after it was written" in broken.problem
    assert accounts.audit_log(production)[broken.position].subject == "cut ep1-v3"


def test_a_removed_row_in_the_middle_or_at_the_end_is_found(
    accounts: Accounts, production: int, db: str
) -> None:
    _sensitive_actions(accounts, production)
    last = accounts.audit_log(production)[-1].sequence
    e = t.audit_entries.c
    _execute(db, t.audit_entries.delete().where((e.chain == production) & (e.sequence == last)))
    broken = accounts.verify_audit(production)
    assert broken is not None and "entries are missing" in broken.problem
    _execute(db, t.audit_entries.delete().where((e.chain == production) & (e.sequence == 2)))
    broken = accounts.verify_audit(production)
    assert broken is not None and broken.sequence == 3


def test_a_head_moved_back_without_the_key_is_found(accounts: Accounts, production: int, db: str) -> None:
    _sensitive_actions(accounts, production)
    log = accounts.audit_log(production)
    e = t.audit_entries.c
    _execute(db, t.audit_entries.delete().where((e.chain == production) & (e.sequence == log[-1].sequence)))
    h = t.audit_heads.c
    _execute(
        db,
        t.audit_heads.update()
        .where(h.chain == production)
        .values(sequence=log[-2].sequence, hash=log[-2].hash),
    )
    broken = accounts.verify_audit(production)
    assert broken is not None and "seal" in broken.problem


def test_a_chain_continues_from_its_head_so_a_cut_off_end_stays_visible(
    accounts: Accounts, production: int, db: str
) -> None:
    _sensitive_actions(accounts, production)
    last = accounts.audit_log(production)[-1].sequence
    e = t.audit_entries.c
    _execute(db, t.audit_entries.delete().where((e.chain == production) & (e.sequence == last)))
    crew = accounts.sign_in("crew", PASSWORD, "203.0.113.7")
    accounts.authorise(crew, production, Capability.DOWNLOAD_CUT, subject="cut ep2-v1")
    assert accounts.audit_log(production)[-1].sequence == last + 1
    assert accounts.verify_audit(production) is not None


def test_another_key_does_not_verify_the_log(accounts: Accounts, production: int, db: str) -> None:
    _sensitive_actions(accounts, production)
    other = Accounts(db, Settings(b"another server's secret key, 32 bytes or more"))
    try:
        assert other.verify_audit(production) is not None
    finally:
        other.close()


def test_appends_at_the_same_time_never_fork_the_chain(accounts: Accounts, production: int) -> None:
    crew = _member(accounts, production, "crew", Role.CREW)
    errors: list[BaseException] = []

    def download(worker: int) -> None:
        try:
            for n in range(5):
                accounts.authorise(crew, production, Capability.DOWNLOAD_CUT, subject=f"cut {worker}-{n}")
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=download, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    downloads = [e for e in accounts.audit_log(production) if e.action is AuditAction.DOWNLOAD_CUT]
    assert len(downloads) == 20
    assert accounts.verify_audit(production) is None


def test_demo_accounts_give_one_sign_in_per_role(accounts: Accounts, production: int, db: str) -> None:
    settings = Settings.for_tests()
    made = create_demo_accounts(db, production, settings=settings)
    assert sorted(role for _, _, role in made) == sorted(r.value for r in Role)
    for login, password, role in made:
        session = accounts.sign_in(login, password, "203.0.113.7")
        membership = accounts.membership_for(session, production)
        assert membership is not None and membership.role.value == role
    again = create_demo_accounts(db, production, settings=settings)
    assert {login for login, _, _ in again} == {login for login, _, _ in made}
    assert all(new != old for (_, new, _), (_, old, _) in zip(again, made, strict=True))
    assert len(accounts.members(production)) == len(Role)
    assert accounts.verify_audit(production) is None


def test_a_production_deleted_takes_its_log_and_an_id_used_again_starts_a_new_chain(
    accounts: Accounts, production: int, db: str, small_plan_path: Path
) -> None:
    _sensitive_actions(accounts, production)
    delete_production(production, get_production(production, db).version, db)
    assert accounts.audit_log(production) == []
    again = import_plan(small_plan_path, db)
    pat = _member(accounts, again, "pat", Role.PRODUCER)
    accounts.authorise(pat, again, Capability.DOWNLOAD_CUT, subject="cut ep1-v1")
    assert [e.sequence for e in accounts.audit_log(again)] == [1, 2]
    assert accounts.verify_audit(again) is None
    assert accounts.memberships("crew") == []


TAMPERABLE = ("at", "who", "production", "action", "subject", "detail", "previous_hash", "hash")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_single_change_to_any_stored_entry_is_found(
    accounts: Accounts, production: int, db: str, data: st.DataObject
) -> None:
    if not accounts.audit_log(production):
        _sensitive_actions(accounts, production)
    log = accounts.audit_log(production)
    target = data.draw(st.sampled_from(log), label="entry")
    column = data.draw(st.sampled_from(TAMPERABLE), label="column")
    value = _other_value(target, column, data)
    e = t.audit_entries.c
    where = (e.chain == production) & (e.sequence == target.sequence)
    _execute(db, t.audit_entries.update().where(where).values({column: value}))
    assert accounts.verify_audit(production) is not None, f"{column} of entry {target.sequence}"
    _execute(db, t.audit_entries.update().where(where).values({column: _stored(target, column)}))
    assert accounts.verify_audit(production) is None, "put back, the log verifies again"


def _stored(entry: AuditEntry, column: str) -> object:
    value = getattr(entry, "when" if column == "at" else column)
    return value.value if isinstance(value, AuditAction) else value


def _other_value(entry: AuditEntry, column: str, data: st.DataObject) -> object:
    now = _stored(entry, column)
    if column == "at":
        return now + timedelta(seconds=data.draw(st.integers(1, 10**6)))  # type: ignore[operator]
    if column == "production":
        return data.draw(st.integers(0, 10**6).filter(lambda n: n != now))
    if column == "action":
        return data.draw(st.sampled_from([a.value for a in AuditAction if a.value != now]))
    if column in ("previous_hash", "hash"):
        return data.draw(st.text("0123456789abcdef", min_size=64, max_size=64).filter(lambda h: h != now))
    return data.draw(st.text(min_size=0, max_size=20).filter(lambda s: s != now and "\0" not in s))
