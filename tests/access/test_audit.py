"""The audit log: a chain that verifies, and names the first entry changed, removed or reordered."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from picturelock.domain.audit import GENESIS, AuditAction, AuditEntry, AuditLog, next_entry, verify_chain
from picturelock.domain.errors import InvalidInput

KEY = b"k" * 32
START = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)

actions = st.sampled_from(list(AuditAction))
texts = st.text(max_size=20)
records = st.tuples(st.sampled_from(["ana", "sam", "lee"]), st.integers(1, 3), actions, texts, texts)


def build(rows: list[tuple[str, int, AuditAction, str, str]], key: bytes = b"") -> AuditLog:
    log = AuditLog()
    for minute, (who, production, action, subject, detail) in enumerate(rows):
        log = log.append(
            when=START + timedelta(minutes=minute), who=who, production=production, action=action,
            subject=subject, detail=detail, key=key,
        )  # fmt: skip
    return log


logs = st.lists(records, min_size=2, max_size=12).map(build)


@given(logs)
def test_an_untouched_log_verifies(log: AuditLog) -> None:
    assert verify_chain(log.entries) is None
    assert verify_chain(log.entries, head=log.head) is None
    assert log.entries[0].previous_hash == GENESIS
    assert [e.sequence for e in log.entries] == list(range(1, len(log.entries) + 1))


@given(logs, st.data())
def test_a_changed_entry_is_named(log: AuditLog, data: st.DataObject) -> None:
    entries = list(log.entries)
    at = data.draw(st.integers(0, len(entries) - 1))
    field, value = data.draw(
        st.sampled_from(
            [
                ("who", "mallory"),
                ("detail", entries[at].detail + "!"),
                ("subject", entries[at].subject + " (edited)"),
                ("production", entries[at].production + 1),
                ("when", entries[at].when + timedelta(seconds=1)),
                (
                    "action",
                    AuditAction.PASSWORD_CHANGED
                    if entries[at].action != "password_changed"
                    else "download_cut",
                ),
            ]
        )
    )
    entries[at] = dataclasses.replace(
        entries[at], **{field: AuditAction(value) if field == "action" else value}
    )
    found = verify_chain(entries)
    assert found is not None and found.position == at, (field, found)


@given(logs, st.data())
def test_a_removed_entry_is_noticed_where_it_was(log: AuditLog, data: st.DataObject) -> None:
    entries = list(log.entries)
    at = data.draw(st.integers(0, len(entries) - 2))  # the last one: see the head test
    del entries[at]
    found = verify_chain(entries)
    assert found is not None and found.position == at


@given(logs, st.data())
def test_reordered_entries_are_noticed_at_the_first_moved(log: AuditLog, data: st.DataObject) -> None:
    entries = list(log.entries)
    order = data.draw(st.permutations(range(len(entries))).filter(lambda p: list(p) != sorted(p)))
    shuffled = [entries[i] for i in order]
    found = verify_chain(shuffled)
    first_moved = next(i for i, j in enumerate(order) if i != j)
    assert found is not None and found.position == first_moved


@given(logs)
def test_entries_cut_from_the_end_show_against_the_head(log: AuditLog) -> None:
    assert verify_chain(log.entries[:-1]) is None  # the chain alone cannot tell
    found = verify_chain(log.entries[:-1], head=log.head)
    assert found is not None and found.position == len(log.entries) - 1 and found.sequence is None


def test_a_rewritten_entry_with_a_recomputed_plain_hash_breaks_the_next_link() -> None:
    log = build([("ana", 1, AuditAction.CHANGE_MONEY, "budget line 4100", "+£2,000")] * 3)
    forged = next_entry(
        log.entries[0], when=log.entries[1].when, who="ana", production=1,
        action=AuditAction.CHANGE_MONEY, subject="budget line 4100", detail="+£20",
    )  # fmt: skip
    found = verify_chain([log.entries[0], forged, log.entries[2]])
    assert found is not None and found.position == 2


def test_with_a_key_a_forger_without_it_cannot_rebuild_the_chain() -> None:
    rows = [("ana", 1, AuditAction.VIEW_CONFIDENTIAL, "contract nda-acme", "")] * 3
    keyed = build(rows, key=KEY)
    assert verify_chain(keyed.entries, key=KEY) is None
    forged = build([("ana", 1, AuditAction.VIEW_CONFIDENTIAL, "contract nda-other", ""), *rows[1:]])
    found = verify_chain(forged.entries, key=KEY)
    assert found is not None and found.position == 0


def test_times_are_held_in_utc_and_must_say_their_zone() -> None:
    paris = timezone(timedelta(hours=1))
    entry = next_entry(
        None, when=datetime(2026, 11, 2, 10, 30, tzinfo=paris), who="ana", production=1,
        action=AuditAction.DOWNLOAD_CUT, subject="cut ep1-v3",
    )  # fmt: skip
    assert entry.when == START and entry.when.tzinfo is UTC
    with pytest.raises(InvalidInput):
        next_entry(
            None,
            when=datetime(2026, 11, 2),
            who="ana",
            production=1,
            action=AuditAction.DOWNLOAD_CUT,
            subject="x",
        )


def test_a_log_shows_one_productions_entries() -> None:
    log = build(
        [("ana", 1, AuditAction.DOWNLOAD_CUT, "a", ""), ("sam", 2, AuditAction.DOWNLOAD_CUT, "b", "")]
    )
    assert [e.subject for e in log.for_production(2)] == ["b"]
    assert isinstance(log.entries[0], AuditEntry)
