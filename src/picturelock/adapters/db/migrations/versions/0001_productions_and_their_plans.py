"""productions and their plans

Revision ID: 0001
Revises:
Create Date: 2026-11-22 03:57:22.282825
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "productions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("format", sa.String(), nullable=False),
        sa.Column("episodes", sa.Integer(), nullable=False),
        sa.Column("runtime_minutes", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(), nullable=False),
        sa.Column("country", sa.String(), nullable=False),
        sa.Column("region", sa.String(), nullable=True),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("project_calendar", sa.String(), nullable=False),
        sa.Column("status_date", sa.Date(), nullable=True),
        sa.Column("warn_float_days", sa.String(), nullable=False),
        sa.Column("refer_to", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_by", sa.String(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_productions")),
    )
    op.create_table(
        "agreements",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("schedule_version", sa.Text(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["productions.id"],
            name=op.f("fk_agreements_production_id_productions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("production_id", "position", name=op.f("pk_agreements")),
    )
    op.create_table(
        "baselines",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["productions.id"],
            name=op.f("fk_baselines_production_id_productions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("production_id", "position", name=op.f("pk_baselines")),
    )
    op.create_table(
        "briefs",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("days_before", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["productions.id"],
            name=op.f("fk_briefs_production_id_productions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("production_id", "key", name=op.f("pk_briefs")),
    )
    op.create_table(
        "calendars",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("working_weekdays", sa.String(length=7), nullable=False),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("region", sa.String(), nullable=True),
        sa.Column("base", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["productions.id"],
            name=op.f("fk_calendars_production_id_productions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("production_id", "key", name=op.f("pk_calendars")),
    )
    op.create_table(
        "confirmations",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("party", sa.String(), nullable=False),
        sa.Column("party_kind", sa.String(), nullable=False),
        sa.Column("before", sa.String(), nullable=False),
        sa.Column("days_before", sa.Integer(), nullable=False),
        sa.Column("confirmed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["productions.id"],
            name=op.f("fk_confirmations_production_id_productions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("production_id", "key", name=op.f("pk_confirmations")),
    )
    op.create_table(
        "groups",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("parent", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["productions.id"],
            name=op.f("fk_groups_production_id_productions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("production_id", "key", name=op.f("pk_groups")),
    )
    op.create_table(
        "links",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("predecessor", sa.String(), nullable=False),
        sa.Column("successor", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=2), nullable=False),
        sa.Column("lag_days", sa.String(), nullable=False),
        sa.Column("lag_elapsed", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_by", sa.String(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["productions.id"],
            name=op.f("fk_links_production_id_productions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("production_id", "predecessor", "successor", name=op.f("pk_links")),
    )
    op.create_table(
        "notes_rounds",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("cut", sa.Text(), nullable=False),
        sa.Column("after", sa.String(), nullable=False),
        sa.Column("turnaround_days", sa.Integer(), nullable=False),
        sa.Column("waiting", sa.String(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("from_person", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["productions.id"],
            name=op.f("fk_notes_rounds_production_id_productions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("production_id", "key", name=op.f("pk_notes_rounds")),
    )
    op.create_table(
        "people",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["productions.id"],
            name=op.f("fk_people_production_id_productions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("production_id", "key", name=op.f("pk_people")),
    )
    op.create_table(
        "resources",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("capacity", sa.String(), nullable=False),
        sa.Column("calendar", sa.String(), nullable=True),
        sa.Column("person", sa.String(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_by", sa.String(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["productions.id"],
            name=op.f("fk_resources_production_id_productions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("production_id", "key", name=op.f("pk_resources")),
    )
    op.create_table(
        "tasks",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("duration_days", sa.String(), nullable=False),
        sa.Column("owner", sa.String(), nullable=True),
        sa.Column("milestone", sa.Boolean(), nullable=False),
        sa.Column("group_key", sa.String(), nullable=True),
        sa.Column("calendar", sa.String(), nullable=True),
        sa.Column("pinned_start", sa.Date(), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("actual_start", sa.Date(), nullable=True),
        sa.Column("actual_finish", sa.Date(), nullable=True),
        sa.Column("remaining_days", sa.String(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_by", sa.String(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["productions.id"],
            name=op.f("fk_tasks_production_id_productions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("production_id", "key", name=op.f("pk_tasks")),
    )
    op.create_table(
        "acknowledgements",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("brief", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("person", sa.String(), nullable=False),
        sa.Column("acknowledged_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["production_id", "brief"],
            ["briefs.production_id", "briefs.key"],
            name=op.f("fk_acknowledgements_production_id_brief_briefs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["productions.id"],
            name=op.f("fk_acknowledgements_production_id_productions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("production_id", "brief", "position", name=op.f("pk_acknowledgements")),
    )
    op.create_table(
        "assignments",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("task", sa.String(), nullable=False),
        sa.Column("resource", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("units", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["production_id", "task"],
            ["tasks.production_id", "tasks.key"],
            name=op.f("fk_assignments_production_id_task_tasks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["productions.id"],
            name=op.f("fk_assignments_production_id_productions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("production_id", "task", "resource", name=op.f("pk_assignments")),
    )
    op.create_table(
        "baseline_entries",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("baseline", sa.Integer(), nullable=False),
        sa.Column("task", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("finish", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["production_id", "baseline"],
            ["baselines.production_id", "baselines.position"],
            name=op.f("fk_baseline_entries_production_id_baseline_baselines"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["productions.id"],
            name=op.f("fk_baseline_entries_production_id_productions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("production_id", "baseline", "task", name=op.f("pk_baseline_entries")),
    )
    op.create_table(
        "brief_tasks",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("brief", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("task", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["production_id", "brief"],
            ["briefs.production_id", "briefs.key"],
            name=op.f("fk_brief_tasks_production_id_brief_briefs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["productions.id"],
            name=op.f("fk_brief_tasks_production_id_productions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("production_id", "brief", "position", name=op.f("pk_brief_tasks")),
    )
    op.create_table(
        "constraints",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("task", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["production_id", "task"],
            ["tasks.production_id", "tasks.key"],
            name=op.f("fk_constraints_production_id_task_tasks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["productions.id"],
            name=op.f("fk_constraints_production_id_productions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("production_id", "task", "position", name=op.f("pk_constraints")),
    )
    op.create_table(
        "extra_working_days",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("calendar", sa.String(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["production_id", "calendar"],
            ["calendars.production_id", "calendars.key"],
            name=op.f("fk_extra_working_days_production_id_calendar_calendars"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["productions.id"],
            name=op.f("fk_extra_working_days_production_id_productions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("production_id", "calendar", "day", name=op.f("pk_extra_working_days")),
    )
    op.create_table(
        "leave",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("resource", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["production_id", "resource"],
            ["resources.production_id", "resources.key"],
            name=op.f("fk_leave_production_id_resource_resources"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["productions.id"],
            name=op.f("fk_leave_production_id_productions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("production_id", "resource", "position", name=op.f("pk_leave")),
    )
    op.create_table(
        "shutdowns",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("calendar", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["production_id", "calendar"],
            ["calendars.production_id", "calendars.key"],
            name=op.f("fk_shutdowns_production_id_calendar_calendars"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["productions.id"],
            name=op.f("fk_shutdowns_production_id_productions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("production_id", "calendar", "position", name=op.f("pk_shutdowns")),
    )
    op.create_table(
        "sign_offs",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("agreement", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("person", sa.String(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["production_id", "agreement"],
            ["agreements.production_id", "agreements.position"],
            name=op.f("fk_sign_offs_production_id_agreement_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["productions.id"],
            name=op.f("fk_sign_offs_production_id_productions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("production_id", "agreement", "position", name=op.f("pk_sign_offs")),
    )


def downgrade() -> None:

    op.drop_table("sign_offs")
    op.drop_table("shutdowns")
    op.drop_table("leave")
    op.drop_table("extra_working_days")
    op.drop_table("constraints")
    op.drop_table("brief_tasks")
    op.drop_table("baseline_entries")
    op.drop_table("assignments")
    op.drop_table("acknowledgements")
    op.drop_table("tasks")
    op.drop_table("resources")
    op.drop_table("people")
    op.drop_table("notes_rounds")
    op.drop_table("links")
    op.drop_table("groups")
    op.drop_table("confirmations")
    op.drop_table("calendars")
    op.drop_table("briefs")
    op.drop_table("baselines")
    op.drop_table("agreements")
    op.drop_table("productions")
