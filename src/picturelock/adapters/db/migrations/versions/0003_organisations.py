"""organisations on people, resources and tasks (the vendor, facility or client an item belongs to)

Revision ID: 0003_organisations
Revises: 0002
Create Date: 2026-11-22 05:30:00

Nullable text: an item with no organisation belongs to the production itself (a task with none
belongs to the single organisation of its assigned resources, worked out in the domain).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_organisations"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("people", "resources", "tasks")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("organisation", sa.String(), nullable=True))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("organisation")
