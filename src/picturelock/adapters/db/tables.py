"""The database tables (SQLAlchemy Core): one production per plan, every row belongs to one.

Each table's rows carry `production_id` (productions are the unit of access) and are deleted
with their production. Items with an id in the plan file (calendars, people, resources, groups,
tasks, briefs, confirmations, notes rounds) are keyed by (production_id, key); lists without
ids (links, baselines, agreements, spans) by their place. `position` keeps the plan's order so a
plan exported from the database is the plan imported. Tasks, links and resources carry a
`version` (optimistic concurrency: an edit names the version it was based on) and who changed
them last and when; so does the production itself.

Decimals (durations, lags, units, capacities) are stored as their exact text on every database;
dates as dates; weekday sets as digits ("01234" = Monday to Friday). Names of constraints and
indexes follow `NAMING`, so migrations name them the same way on SQLite and PostgreSQL.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = sa.MetaData(naming_convention=NAMING)


class DecimalText(sa.TypeDecorator[Decimal]):
    """A Decimal kept exactly as its text (SQLite has no exact decimal type)."""

    impl = sa.String()
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        return None if value is None else str(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


KEY = sa.String()  # an id from the plan file: "ep1-grade"


def _production() -> sa.Column[int]:
    return sa.Column(
        "production_id", sa.ForeignKey("productions.id", ondelete="CASCADE"), primary_key=True, nullable=False
    )


def _edited() -> list[sa.Column[Any]]:
    """Optimistic concurrency: the version an edit must name, and who changed the row last, when."""
    return [
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("updated_by", sa.String()),
        sa.Column("updated_at", sa.DateTime(timezone=True)),
    ]


def _owned_by(table: str, key_column: str) -> sa.ForeignKeyConstraint:
    """Rows that belong to an item of `table` go when it goes."""
    return sa.ForeignKeyConstraint(
        ["production_id", key_column], [f"{table}.production_id", f"{table}.key"], ondelete="CASCADE"
    )


productions = sa.Table(
    "productions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("format", sa.String(), nullable=False),
    sa.Column("episodes", sa.Integer, nullable=False),
    sa.Column("runtime_minutes", sa.Integer, nullable=False),
    sa.Column("currency", sa.String(), nullable=False),
    sa.Column("country", sa.String(), nullable=False),
    sa.Column("region", sa.String()),
    sa.Column("start", sa.Date, nullable=False),
    sa.Column("project_calendar", KEY, nullable=False),
    sa.Column("status_date", sa.Date),
    sa.Column("warn_float_days", DecimalText, nullable=False),
    sa.Column("refer_to", KEY),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    *_edited(),
)

calendars = sa.Table(
    "calendars",
    metadata,
    _production(),
    sa.Column("key", KEY, primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("working_weekdays", sa.String(7), nullable=False),
    sa.Column("country", sa.String()),
    sa.Column("region", sa.String()),
    sa.Column("base", KEY),
)

shutdowns = sa.Table(
    "shutdowns",
    metadata,
    _production(),
    sa.Column("calendar", KEY, primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("first_day", sa.Date, nullable=False),
    sa.Column("last_day", sa.Date, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    _owned_by("calendars", "calendar"),
)

extra_working_days = sa.Table(
    "extra_working_days",
    metadata,
    _production(),
    sa.Column("calendar", KEY, primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    _owned_by("calendars", "calendar"),
)

people = sa.Table(
    "people",
    metadata,
    _production(),
    sa.Column("key", KEY, primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("email", sa.Text, nullable=False),
    sa.Column("organisation", sa.String()),
)

resources = sa.Table(
    "resources",
    metadata,
    _production(),
    sa.Column("key", KEY, primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.String(), nullable=False),
    sa.Column("capacity", DecimalText, nullable=False),
    sa.Column("calendar", KEY),
    sa.Column("person", KEY),
    sa.Column("organisation", sa.String()),
    *_edited(),
)

leave = sa.Table(
    "leave",
    metadata,
    _production(),
    sa.Column("resource", KEY, primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("first_day", sa.Date, nullable=False),
    sa.Column("last_day", sa.Date, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    _owned_by("resources", "resource"),
)

groups = sa.Table(
    "groups",
    metadata,
    _production(),
    sa.Column("key", KEY, primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("parent", KEY),
)

tasks = sa.Table(
    "tasks",
    metadata,
    _production(),
    sa.Column("key", KEY, primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("duration_days", DecimalText, nullable=False),
    sa.Column("owner", KEY),
    sa.Column("milestone", sa.Boolean, nullable=False),
    sa.Column("group_key", KEY),
    sa.Column("calendar", KEY),
    sa.Column("pinned_start", sa.Date),
    sa.Column("priority", sa.Integer, nullable=False),
    sa.Column("actual_start", sa.Date),
    sa.Column("actual_finish", sa.Date),
    sa.Column("remaining_days", DecimalText),
    sa.Column("kind", sa.String(), nullable=False),
    sa.Column("notes", sa.Text, nullable=False),
    sa.Column("organisation", sa.String()),
    *_edited(),
)

assignments = sa.Table(
    "assignments",
    metadata,
    _production(),
    sa.Column("task", KEY, primary_key=True),
    sa.Column("resource", KEY, primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("units", DecimalText, nullable=False),
    _owned_by("tasks", "task"),
)

constraints = sa.Table(
    "constraints",
    metadata,
    _production(),
    sa.Column("task", KEY, primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("on_date", sa.Date, nullable=False),
    _owned_by("tasks", "task"),
)

links = sa.Table(
    "links",
    metadata,
    _production(),
    sa.Column("predecessor", KEY, primary_key=True),
    sa.Column("successor", KEY, primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("type", sa.String(2), nullable=False),
    sa.Column("lag_days", DecimalText, nullable=False),
    sa.Column("lag_elapsed", sa.Boolean, nullable=False),
    *_edited(),
)

baselines = sa.Table(
    "baselines",
    metadata,
    _production(),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("taken_on", sa.Date, nullable=False),
)

baseline_entries = sa.Table(
    "baseline_entries",
    metadata,
    _production(),
    sa.Column("baseline", sa.Integer, primary_key=True),
    sa.Column("task", KEY, primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("start", sa.Date, nullable=False),
    sa.Column("finish", sa.Date, nullable=False),
    sa.ForeignKeyConstraint(
        ["production_id", "baseline"], ["baselines.production_id", "baselines.position"], ondelete="CASCADE"
    ),
)

agreements = sa.Table(
    "agreements",
    metadata,
    _production(),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("schedule_version", sa.Text, nullable=False),
    sa.Column("sent_on", sa.Date, nullable=False),
    sa.Column("due_on", sa.Date, nullable=False),
)

sign_offs = sa.Table(
    "sign_offs",
    metadata,
    _production(),
    sa.Column("agreement", sa.Integer, primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("person", KEY, nullable=False),
    sa.Column("signed_on", sa.Date),
    sa.Column("comment", sa.Text, nullable=False),
    sa.ForeignKeyConstraint(
        ["production_id", "agreement"],
        ["agreements.production_id", "agreements.position"],
        ondelete="CASCADE",
    ),
)

briefs = sa.Table(
    "briefs",
    metadata,
    _production(),
    sa.Column("key", KEY, primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("days_before", sa.Integer, nullable=False),
    sa.Column("document", sa.Text, nullable=False),
    sa.Column("issued_on", sa.Date),
)

brief_tasks = sa.Table(
    "brief_tasks",
    metadata,
    _production(),
    sa.Column("brief", KEY, primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("task", KEY, nullable=False),
    _owned_by("briefs", "brief"),
)

acknowledgements = sa.Table(
    "acknowledgements",
    metadata,
    _production(),
    sa.Column("brief", KEY, primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("person", KEY, nullable=False),
    sa.Column("acknowledged_on", sa.Date, nullable=False),
    _owned_by("briefs", "brief"),
)

confirmations = sa.Table(
    "confirmations",
    metadata,
    _production(),
    sa.Column("key", KEY, primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("what", sa.Text, nullable=False),
    sa.Column("party", KEY, nullable=False),
    sa.Column("party_kind", sa.String(), nullable=False),
    sa.Column("before", KEY, nullable=False),
    sa.Column("days_before", sa.Integer, nullable=False),
    sa.Column("confirmed_on", sa.Date),
)

notes_rounds = sa.Table(
    "notes_rounds",
    metadata,
    _production(),
    sa.Column("key", KEY, primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("cut", sa.Text, nullable=False),
    sa.Column("after", KEY, nullable=False),
    sa.Column("turnaround_days", sa.Integer, nullable=False),
    sa.Column("waiting", KEY, nullable=False),
    sa.Column("received_on", sa.Date),
    sa.Column("from_person", KEY),
)

# Children before parents: the order to delete a production's rows in.
PLAN_TABLES = (
    sign_offs, agreements, baseline_entries, baselines, acknowledgements, brief_tasks, briefs,
    confirmations, notes_rounds, links, constraints, assignments, tasks, groups, leave, resources,
    people, extra_working_days, shutdowns, calendars,
)  # fmt: skip

# Accounts, sessions, memberships and the audit log live on the same MetaData (one schema, one
# migration history); importing them here puts them in `metadata` wherever tables are used.
from picturelock.adapters.db import accounts_tables as _accounts_tables  # noqa: E402, F401
from picturelock.adapters.db import jobs_tables as _jobs_tables  # noqa: E402, F401
