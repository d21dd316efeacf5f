"""The jobs table (on the plans' MetaData): long work run in the background, and its record.

One row per job, whichever worker runs it (a thread pool in the app, or `picturelock worker`
processes fed by a procrastinate queue): the row is the record of its state and progress.

- `state`: queued -> running -> done | failed; queued or running -> cancelled.
- `progress` 0..1 and `message` say where a running job is; `heartbeat_at` is touched every few
  seconds while it runs, so a job whose worker died is found (and queued again or failed).
- `result` (JSON text) is what a done job found; `output` the bytes of a file it made (a report),
  with `output_name` and `output_media_type`; `error` (JSON text) the problems of a failed one.
- `worker` is the host:pid that ran it last; `attempts` how many times one started it.

A job goes with its production.
"""

from __future__ import annotations

import sqlalchemy as sa

from picturelock.adapters.db.tables import metadata

STATES = ("queued", "running", "done", "failed", "cancelled")

jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "production_id", sa.ForeignKey("productions.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("options", sa.Text, nullable=False),
    sa.Column("state", sa.String(16), nullable=False, index=True),
    sa.Column("progress", sa.Float, nullable=False, server_default="0"),
    sa.Column("message", sa.Text, nullable=False, server_default=""),
    sa.Column("result", sa.Text),
    sa.Column("output", sa.LargeBinary),
    sa.Column("output_name", sa.String()),
    sa.Column("output_media_type", sa.String()),
    sa.Column("error", sa.Text),
    sa.Column("submitted_by", sa.String()),
    sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True)),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("heartbeat_at", sa.DateTime(timezone=True)),
    sa.Column("worker", sa.String()),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed', 'cancelled')", name="state"),
)
