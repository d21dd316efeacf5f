"""Session tokens kept as digests; CSRF tokens good for their own session only."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from picturelock.adapters.security.tokens import CsrfTokens, SessionPolicy, new_session, token_digest

SECRET = secrets.token_bytes(32)


def test_session_tokens_are_long_random_and_never_repeat() -> None:
    issued = [new_session() for _ in range(1000)]
    assert len({s.token for s in issued}) == 1000
    assert all(len(s.token) >= 43 for s in issued)  # 32 random bytes in URL-safe base64


def test_the_database_keeps_the_digest_not_the_token() -> None:
    session = new_session()
    assert session.digest == token_digest(session.token)
    assert session.token not in session.digest and len(session.digest) == 64
    assert token_digest(session.token + "x") != session.digest


def test_a_csrf_token_passes_for_its_own_session() -> None:
    csrf = CsrfTokens(SECRET)
    session = new_session()
    token = csrf.issue(session.digest)
    assert csrf.check(session.digest, token)
    assert csrf.issue(session.digest) != token  # a fresh nonce each time; both are good
    assert csrf.check(session.digest, csrf.issue(session.digest))


def test_a_csrf_token_for_another_session_is_refused() -> None:
    csrf = CsrfTokens(SECRET)
    mine, theirs = new_session(), new_session()
    assert not csrf.check(mine.digest, csrf.issue(theirs.digest))


def test_a_csrf_token_made_under_another_secret_is_refused() -> None:
    session = new_session()
    forged = CsrfTokens(secrets.token_bytes(32)).issue(session.digest)
    assert not CsrfTokens(SECRET).check(session.digest, forged)


@given(st.text(max_size=80))
def test_any_made_up_csrf_token_is_refused(token: str) -> None:
    assert not CsrfTokens(SECRET).check(token_digest("s"), token)


def test_a_tampered_csrf_token_is_refused() -> None:
    csrf = CsrfTokens(SECRET)
    token = csrf.issue("d")
    nonce, mac = token.split(".")
    assert not csrf.check("d", f"{nonce[:-1]}{'A' if nonce[-1] != 'A' else 'B'}.{mac}")
    assert not csrf.check("d", nonce) and not csrf.check("d", f".{mac}")


def test_a_short_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 32"):
        CsrfTokens(b"password")


def test_sessions_end_after_idling_and_after_their_whole_life() -> None:
    policy = SessionPolicy(idle=timedelta(hours=8), absolute=timedelta(days=7))
    start = datetime(2026, 11, 2, 9, tzinfo=UTC)
    assert policy.is_live(start, start, start + timedelta(hours=7))
    assert not policy.is_live(start, start, start + timedelta(hours=8))
    used_daily = start + timedelta(days=6, hours=23)
    assert policy.is_live(start, used_daily, start + timedelta(days=6, hours=23, minutes=30))
    assert not policy.is_live(start, used_daily, start + timedelta(days=7))
