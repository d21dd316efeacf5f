"""`picturelock db ...`: keep productions in a database (SQLite by default, or PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import click

from picturelock.cli.display import console
from picturelock.cli.main import cli, reports_problems
from picturelock.services import productions

DB_OPTION = click.option(
    "--db",
    default=productions.default_database,
    show_default="$PICTURELOCK_DATABASE_URL or ./picturelock.db",
    help="A SQLite file or a postgresql:// URL.",
)


@cli.group("db")
def db_group() -> None:
    """Keep productions in a database: upgrade it, import and export plans, list them."""


@db_group.command("upgrade")
@DB_OPTION
@reports_problems
def upgrade_command(db: str) -> None:
    """Create the database or bring it to the newest schema."""
    revision = productions.upgrade_database(db)
    click.echo(f"{db}: at schema revision {revision}")


@db_group.command("import")
@click.argument("plan", type=click.Path(path_type=Path, dir_okay=False))
@DB_OPTION
@click.option("--by", help="Who is importing (recorded with the change).")
@reports_problems
def import_command(plan: Path, db: str, by: str | None) -> None:
    """Import PLAN (a plan file or MS Project XML) as a new production."""
    production_id = productions.import_plan(plan, db, by=by)
    click.echo(f"imported {plan} as production {production_id}")


@db_group.command("export")
@click.argument("production_id", type=int)
@click.option(
    "--to",
    "target",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The plan file to write (.yaml).",
)
@DB_OPTION
@reports_problems
def export_command(production_id: int, target: Path, db: str) -> None:
    """Write production PRODUCTION_ID back to a plan file."""
    productions.export_plan(production_id, target, db)
    click.echo(f"wrote {target}")


@db_group.command("list")
@DB_OPTION
@reports_problems
def list_command(db: str) -> None:
    """The productions in the database."""
    for summary in productions.list_productions(db):
        console.print(f"{summary.id:>4}  {summary.title}  (version {summary.version})")
