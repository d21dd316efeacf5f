"""`picturelock worker`: run background jobs handed out by the queue (PICTURELOCK_JOBS=queue)."""

from __future__ import annotations

import logging

import click

from picturelock.cli.main import cli, reports_problems
from picturelock.services import productions


@cli.command("worker")
@click.option(
    "--db",
    default=productions.default_database,
    show_default="$PICTURELOCK_DATABASE_URL",
    help="The postgresql:// URL the app uses (the queue lives in the same database).",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Jobs this process runs at once (start more processes to use more cores).",
)
@reports_problems
def worker_command(db: str, concurrency: int) -> None:
    """Run jobs from the queue on a PostgreSQL database until stopped (Ctrl-C or SIGTERM lets the
    running job finish). Start one or more on any machine that reaches the database; the app
    hands jobs to them when it runs with PICTURELOCK_JOBS=queue (docs/jobs.md)."""
    from picturelock.services import job_workers

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    click.echo(f"picturelock worker {job_workers.worker_name()}: starting", err=True)
    job_workers.serve_queue(db, concurrency=concurrency)
