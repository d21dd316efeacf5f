"""argon2id password hashes: verify, refuse, rehash when parameters change; new-password rules."""

from __future__ import annotations

from argon2 import PasswordHasher

from picturelock.adapters.security.passwords import MAX_LENGTH, MIN_LENGTH, Passwords, password_problems

WEAK = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)


def test_a_hash_verifies_its_password_and_no_other() -> None:
    passwords = Passwords()
    stored = passwords.hash("turnover at nine, conform at ten")
    assert stored.startswith("$argon2id$") and "turnover" not in stored
    assert passwords.verify(stored, "turnover at nine, conform at ten")
    assert not passwords.verify(stored, "turnover at nine, conform at ten ")
    assert not passwords.verify(stored, "")


def test_accents_typed_either_way_are_the_same_password() -> None:
    passwords = Passwords(WEAK)
    stored = passwords.hash("caf\u00e9 au lait at the mix stage")  # é as one code point
    assert passwords.verify(stored, "cafe\u0301 au lait at the mix stage")  # e + combining acute
    assert not passwords.verify(stored, "cafe au lait at the mix stage")


def test_the_same_password_hashes_differently_each_time() -> None:
    passwords = Passwords(WEAK)
    assert passwords.hash("picture lock friday") != passwords.hash("picture lock friday")


def test_a_damaged_or_foreign_stored_hash_is_a_refusal_not_an_error() -> None:
    passwords = Passwords(WEAK)
    for stored in ["", "not a hash", "$argon2id$v=19$m=65536,t=3,p=4$broken", "$2b$12$" + "a" * 53]:
        assert not passwords.verify(stored, "anything at all")
        assert passwords.needs_rehash(stored)


def test_hashes_made_with_older_weaker_parameters_need_rehashing() -> None:
    old = Passwords(WEAK).hash("online in the grading suite")
    today = Passwords()
    assert today.verify(old, "online in the grading suite")  # still signs in...
    assert today.needs_rehash(old)  # ...and is stored again with today's parameters
    assert not today.needs_rehash(today.hash("online in the grading suite"))


def test_an_overlong_password_is_refused_without_hashing_it() -> None:
    passwords = Passwords(WEAK)
    assert not passwords.verify(passwords.hash("x" * MAX_LENGTH), "x" * (MAX_LENGTH + 1))


def test_an_unknown_account_is_checked_like_a_real_one_and_refused() -> None:
    passwords = Passwords(WEAK)
    assert not passwords.verify_unknown_account("no account has this password")
    assert not passwords.verify_unknown_account("guess")


def test_new_password_rules_report_every_problem() -> None:
    assert password_problems("a long enough passphrase") == []
    assert [p.expected for p in password_problems("short")] == [f"at least {MIN_LENGTH}"]
    same = password_problems("Kim.Baker@example.com", account="kim.baker@example.com")
    assert [p.message for p in same] == ["is the account name"]
    assert len(password_problems("x" * (MAX_LENGTH + 1))) == 1
