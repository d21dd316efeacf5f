"""Accounts, sign-in, sessions and memberships held in the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from picturelock.adapters.db import migrate
from picturelock.adapters.db.engine import make_engine
from picturelock.adapters.db.repository import ProductionRepository
from picturelock.adapters.security.passwords import Passwords
from picturelock.adapters.security.ratelimit import PER_ACCOUNT, WINDOW
from picturelock.adapters.security.signin import REFUSED
from picturelock.adapters.security.tokens import SessionPolicy, token_digest
from picturelock.domain.access import AccessDenied, Capability, Refusal, Role
from picturelock.domain.audit import AuditAction
from picturelock.domain.errors import InvalidInput, NotFound
from picturelock.services.accounts import ACCOUNTS_CHAIN, Accounts, Session, SignInRefused
from picturelock.services.plans import load_plan
from picturelock.services.productions import DatabaseNotReady, import_plan, upgrade_database
from picturelock.services.settings import Settings

PASSWORD = "correct horse battery"
ADDRESS = "203.0.113.7"


class Clock:
    """A clock the tests move by hand."""

    def __init__(self) -> None:
        self.now = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, by: timedelta) -> None:
        self.now += by


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(db: str, clock: Clock) -> Iterator[Accounts]:
    cheap = Passwords(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    service = Accounts(db, Settings.for_tests(), clock=clock, passwords=cheap)
    yield service
    service.close()


@pytest.fixture
def production(db: str, small_plan_path: Path) -> int:
    return import_plan(small_plan_path, db)


def _signed_in(accounts: Accounts, login: str) -> Session:
    if accounts.find_account(login) is None:
        accounts.create_account(login, PASSWORD)
    return accounts.sign_in(login, PASSWORD, ADDRESS)


def test_an_account_signs_in_and_its_session_is_found_by_the_token_until_signed_out(
    accounts: Accounts,
) -> None:
    made = accounts.create_account("Maya", PASSWORD, display_name="Maya Rao", email="maya@example.com")
    assert (made.login, made.display_name, made.email) == ("maya", "Maya Rao", "maya@example.com")
    session = accounts.sign_in("MAYA", PASSWORD, ADDRESS)
    assert session.token and session.digest == token_digest(session.token)
    found = accounts.session_for(session.token)
    assert found is not None and found.login == "maya" and found.token == ""
    assert accounts.session_for(session.token + "x") is None
    assert accounts.sign_out(session.token)
    assert accounts.session_for(session.token) is None
    assert not accounts.sign_out(session.token)


def test_a_wrong_password_and_an_unknown_login_get_the_same_refusal(accounts: Accounts) -> None:
    accounts.create_account("maya", PASSWORD)
    with pytest.raises(SignInRefused) as wrong:
        accounts.sign_in("maya", PASSWORD + "!", ADDRESS)
    with pytest.raises(SignInRefused) as unknown:
        accounts.sign_in("nobody", PASSWORD, ADDRESS)
    assert wrong.value.message == unknown.value.message == REFUSED
    assert wrong.value.lockout is None


def test_five_failures_lock_the_account_even_for_the_right_password_and_the_lockout_is_audited(
    accounts: Accounts, clock: Clock
) -> None:
    accounts.create_account("maya", PASSWORD)
    for attempt in range(PER_ACCOUNT):
        with pytest.raises(SignInRefused) as refused:
            accounts.sign_in("maya", f"guess number {attempt}", f"198.51.100.{attempt}")
    assert refused.value.lockout is not None and refused.value.lockout.by == "account"
    with pytest.raises(SignInRefused, match="Too many failed sign-ins") as locked:
        accounts.sign_in("maya", PASSWORD, ADDRESS)
    assert locked.value.lockout is not None
    log = accounts.audit_log(ACCOUNTS_CHAIN)
    assert [(e.action, e.subject) for e in log] == [(AuditAction.ACCOUNT_LOCKED, "account maya")]
    assert accounts.verify_audit(ACCOUNTS_CHAIN) is None
    clock.advance(WINDOW)
    assert accounts.sign_in("maya", PASSWORD, ADDRESS).login == "maya"


def test_a_session_ends_after_the_idle_time_without_use(accounts: Accounts, clock: Clock) -> None:
    session = _signed_in(accounts, "maya")
    idle = SessionPolicy().idle
    clock.advance(idle - timedelta(minutes=1))
    assert accounts.session_for(session.token) is not None, "used just in time: still live"
    clock.advance(idle - timedelta(minutes=1))
    assert accounts.session_for(session.token) is not None, "the idle time counts from the last use"
    clock.advance(idle)
    assert accounts.session_for(session.token) is None
    clock.now -= idle
    assert accounts.session_for(session.token) is None, "an expired session is removed, not just hidden"


def test_a_session_in_constant_use_still_ends_at_its_absolute_limit(accounts: Accounts, clock: Clock) -> None:
    session = _signed_in(accounts, "maya")
    policy = SessionPolicy()
    steps = int(policy.absolute / timedelta(hours=4))
    for _ in range(steps - 1):
        clock.advance(timedelta(hours=4))
        assert accounts.session_for(session.token) is not None
    clock.advance(timedelta(hours=4))
    assert accounts.session_for(session.token) is None


def test_expired_sessions_are_swept(accounts: Accounts, clock: Clock) -> None:
    old = _signed_in(accounts, "maya")
    clock.advance(timedelta(days=1))
    new = _signed_in(accounts, "sam")
    assert accounts.sweep_sessions() == 1
    assert accounts.session_for(new.token) is not None
    assert accounts.session_for(old.token) is None


def test_new_accounts_are_checked_and_every_problem_is_named(accounts: Accounts) -> None:
    with pytest.raises(InvalidInput) as bad:
        accounts.create_account(" bad login!", "short", email="not-an-address")
    assert {p.field for p in bad.value.problems} == {"login", "password", "email"}
    accounts.create_account("maya", PASSWORD)
    with pytest.raises(InvalidInput, match="taken"):
        accounts.create_account("MAYA", PASSWORD)
    assert [a.login for a in accounts.list_accounts()] == ["maya"]


def test_a_disabled_account_loses_its_sessions_and_cannot_sign_in(accounts: Accounts) -> None:
    session = _signed_in(accounts, "maya")
    assert accounts.set_disabled("maya").disabled
    assert accounts.session_for(session.token) is None
    with pytest.raises(SignInRefused, match="disabled"):
        accounts.sign_in("maya", PASSWORD, ADDRESS)
    accounts.set_disabled("maya", False)
    assert accounts.sign_in("maya", PASSWORD, ADDRESS).login == "maya"
    with pytest.raises(NotFound):
        accounts.set_disabled("nobody")


def test_a_password_change_needs_the_current_one_ends_other_sessions_and_is_audited(
    accounts: Accounts,
) -> None:
    here = _signed_in(accounts, "maya")
    elsewhere = accounts.sign_in("maya", PASSWORD, "198.51.100.1")
    new_password = "a much longer passphrase"
    with pytest.raises(InvalidInput, match="current password"):
        accounts.change_password(here, "wrong current password", new_password)
    accounts.change_password(here, PASSWORD, new_password)
    assert accounts.session_for(here.token) is not None
    assert accounts.session_for(elsewhere.token) is None
    with pytest.raises(SignInRefused):
        accounts.sign_in("maya", PASSWORD, ADDRESS)
    assert accounts.sign_in("maya", new_password, ADDRESS).login == "maya"
    assert [e.action for e in accounts.audit_log(ACCOUNTS_CHAIN)] == [AuditAction.PASSWORD_CHANGED]


def test_the_csrf_token_is_bound_to_its_session(accounts: Accounts) -> None:
    maya, sam = _signed_in(accounts, "maya"), _signed_in(accounts, "sam")
    token = accounts.csrf_token(maya)
    assert accounts.check_csrf(maya, token)
    assert not accounts.check_csrf(sam, token)


def test_the_service_refuses_a_database_without_the_accounts_tables(empty_db: str) -> None:
    with pytest.raises(DatabaseNotReady, match="picturelock db upgrade"):
        Accounts(empty_db, Settings.for_tests())


def test_a_missing_sqlite_file_is_refused_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    with pytest.raises(DatabaseNotReady, match="no Picture Lock tables"):
        Accounts(missing, Settings.for_tests())
    assert not missing.exists()


def test_settings_come_from_the_environment_and_name_what_is_wrong() -> None:
    with pytest.raises(InvalidInput) as missing:
        Settings.from_environment({"PICTURELOCK_SESSION_DAYS": "soon"})
    assert {p.field for p in missing.value.problems} == {
        "PICTURELOCK_SECRET_KEY",
        "PICTURELOCK_SESSION_DAYS",
    }
    with pytest.raises(InvalidInput, match="at least 32 bytes"):
        Settings.from_environment({"PICTURELOCK_SECRET_KEY": "too short"})
    settings = Settings.from_environment(
        {"PICTURELOCK_SECRET_KEY": "k" * 40, "PICTURELOCK_SESSION_IDLE_HOURS": "2"}
    )
    assert settings.session_policy.idle == timedelta(hours=2)
    assert settings.audit_key != settings.csrf_secret
    assert "k" * 40 not in repr(settings)


def test_roles_are_checked_when_a_membership_is_granted(accounts: Accounts, production: int) -> None:
    accounts.create_account("ven", PASSWORD)
    with pytest.raises(InvalidInput, match="organisation"):
        accounts.grant_membership(production, "ven", Role.VENDOR, by="setup")
    with pytest.raises(InvalidInput, match="not a role"):
        accounts.grant_membership(production, "ven", "director", by="setup")
    with pytest.raises(NotFound):
        accounts.grant_membership(production + 1, "ven", Role.CREW, by="setup")
    with pytest.raises(NotFound):
        accounts.grant_membership(production, "nobody", Role.CREW, by="setup")
    held = accounts.grant_membership(production, "ven", "vendor", " acme-sound ", by="setup")
    assert (held.role, held.organisation) == (Role.VENDOR, "acme-sound")
    assert accounts.membership_for("ven", production) == held


def test_only_managers_change_members_and_refusals_are_audited(accounts: Accounts, production: int) -> None:
    producer, coordinator = _signed_in(accounts, "pat"), _signed_in(accounts, "cody")
    accounts.create_account("sam", PASSWORD)
    accounts.grant_membership(production, "pat", Role.PRODUCER, by="setup")
    accounts.grant_membership(production, "cody", Role.COORDINATOR, by="setup")
    with pytest.raises(AccessDenied) as refused:
        accounts.add_member(coordinator, production, "sam", Role.CREW)
    assert refused.value.decision.refusal is Refusal.NOT_PERMITTED
    assert accounts.membership_for("sam", production) is None
    accounts.add_member(producer, production, "sam", Role.CREW)
    accounts.add_member(producer, production, "sam", Role.POST_SUPERVISOR)
    accounts.remove_member(producer, production, "cody")
    with pytest.raises(NotFound):
        accounts.remove_member(producer, production, "cody")
    assert {(m.user, m.role) for m in accounts.members(production)} == {
        ("pat", Role.PRODUCER),
        ("sam", Role.POST_SUPERVISOR),
    }
    details = [(e.who, e.detail) for e in accounts.audit_log(production)]
    assert details[-4:] == [
        ("cody", "refused: a coordinator may not manage_members"),
        ("pat", "added as crew"),
        ("pat", "role changed from crew to post_supervisor"),
        ("pat", "removed (was coordinator)"),
    ]
    assert accounts.verify_audit(production) is None


def test_the_last_member_who_manages_members_cannot_leave(accounts: Accounts, production: int) -> None:
    producer = _signed_in(accounts, "pat")
    accounts.grant_membership(production, "pat", Role.PRODUCER, by="setup")
    with pytest.raises(InvalidInput, match="last member who manages members"):
        accounts.remove_member(producer, production, "pat")
    with pytest.raises(InvalidInput, match="last member who manages members"):
        accounts.add_member(producer, production, "pat", Role.CREW)
    assert accounts.membership_for("pat", production) is not None
    accounts.create_account("sue", PASSWORD)
    accounts.add_member(producer, production, "sue", Role.POST_SUPERVISOR)
    accounts.remove_member(producer, production, "pat")
    assert accounts.memberships("pat") == []


def test_a_member_of_one_production_is_refused_on_another_as_if_it_did_not_exist(
    accounts: Accounts, db: str, small_plan_path: Path
) -> None:
    first, second = import_plan(small_plan_path, db), import_plan(small_plan_path, db)
    session = _signed_in(accounts, "pat")
    accounts.grant_membership(first, "pat", Role.PRODUCER, by="setup")
    assert accounts.authorise(session, first, Capability.EDIT_SCHEDULE).allowed
    refused = accounts.authorise(session, second, Capability.VIEW_SCHEDULE)
    assert refused.refusal is Refusal.NOT_A_MEMBER and refused.hides_existence
    assert [m.production for m in accounts.memberships(session)] == [first]


def test_a_vendor_sees_only_their_own_organisations_items(accounts: Accounts, production: int) -> None:
    vendor = _signed_in(accounts, "ven")
    accounts.grant_membership(production, "ven", Role.VENDOR, "acme-sound", by="setup")
    assert accounts.authorise(vendor, production, Capability.UPLOAD_MEDIA, owner_org="acme-sound").allowed
    theirs = accounts.authorise(vendor, production, Capability.VIEW_SCHEDULE, owner_org="other-post")
    assert theirs.refusal is Refusal.NOT_THEIRS and theirs.hides_existence
    money = accounts.authorise(vendor, production, Capability.VIEW_MONEY, owner_org="acme-sound")
    assert money.refusal is Refusal.NOT_PERMITTED and not money.hides_existence


def test_a_database_holding_productions_at_the_first_schema_upgrades_to_accounts(
    empty_db: str, small_plan_path: Path, clock: Clock
) -> None:
    migrate.upgrade(empty_db, "0001")
    engine = make_engine(empty_db)
    # Today's repository writes today's columns: the production is held without the people,
    # resources and tasks whose tables later migrations widen (0003_organisations).
    plan = dataclasses.replace(
        load_plan(small_plan_path), people=(), resources=(), tasks=(), links=(), baselines=(),
        agreements=(), briefs=(), confirmations=(), notes_rounds=(),
    )  # fmt: skip
    try:
        with engine.begin() as connection:
            production = ProductionRepository(connection).add(plan)
    finally:
        engine.dispose()
    with pytest.raises(DatabaseNotReady, match="not the newest"):
        Accounts(empty_db, Settings.for_tests())
    upgrade_database(empty_db)
    accounts = Accounts(empty_db, Settings.for_tests(), clock=clock)
    try:
        accounts.create_account("pat", PASSWORD)
        assert accounts.grant_membership(production, "pat", Role.PRODUCER, by="setup").role is Role.PRODUCER
        assert accounts.verify_audit(production) is None
    finally:
        accounts.close()
