"""A sign-in through the gate: wrong password, unknown account, lockout, rehash on success."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher

from picturelock.adapters.security.passwords import Passwords
from picturelock.adapters.security.ratelimit import LoginLimiter
from picturelock.adapters.security.signin import REFUSED, SignInGate

WEAK = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def gate(passwords: Passwords, clock: list[datetime]) -> SignInGate:
    return SignInGate(passwords, LoginLimiter(lambda: clock[0], per_account=3, window=timedelta(minutes=15)))


def test_right_password_signs_in_and_wrong_one_is_refused_plainly() -> None:
    passwords = Passwords(WEAK)
    stored = passwords.hash("dailies at eight sharp")
    doors = gate(passwords, [NOW])
    assert doors.sign_in("kim", "dailies at eight sharp", "203.0.113.7", stored).ok
    wrong = doors.sign_in("kim", "dailies at nine", "203.0.113.7", stored)
    assert not wrong.ok and wrong.message == REFUSED and wrong.lockout is None


def test_an_unknown_account_gets_the_same_answer_and_counts_towards_a_lockout() -> None:
    doors = gate(Passwords(WEAK), [NOW])
    answers = [doors.sign_in("nobody", "guess", "203.0.113.7", None) for _ in range(3)]
    assert [a.message for a in answers[:2]] == [REFUSED, REFUSED]
    assert answers[2].locked_now and "Try again after 09:15 UTC" in answers[2].message


def test_a_locked_account_is_refused_even_with_the_right_password_until_the_window_passes() -> None:
    passwords, clock = Passwords(WEAK), [NOW]
    stored = passwords.hash("dailies at eight sharp")
    doors = gate(passwords, clock)
    for _ in range(3):
        doors.sign_in("kim", "wrong", "203.0.113.7", stored)
    locked = doors.sign_in("kim", "dailies at eight sharp", "203.0.113.7", stored)
    assert not locked.ok and locked.lockout is not None and not locked.locked_now
    clock[0] = NOW + timedelta(minutes=15)
    assert doors.sign_in("kim", "dailies at eight sharp", "203.0.113.7", stored).ok


def test_a_good_sign_in_with_an_old_hash_hands_back_a_new_one() -> None:
    old = Passwords(WEAK).hash("dailies at eight sharp")
    today = Passwords(PasswordHasher(time_cost=2, memory_cost=16 * 1024, parallelism=1))
    result = gate(today, [NOW]).sign_in("kim", "dailies at eight sharp", "203.0.113.7", old)
    assert result.ok and result.new_hash is not None and not today.needs_rehash(result.new_hash)
    assert today.verify(result.new_hash, "dailies at eight sharp")
