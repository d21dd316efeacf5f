"""`picturelock serve`: run the web site and the API (with its OpenAPI document) over a database."""

from __future__ import annotations

import os

import click

from picturelock.cli.main import cli, reports_problems
from picturelock.services import jobs, productions
from picturelock.services.settings import Settings

APP_FACTORY = "picturelock.web.site:create_site"  # named, not imported: the doors stay independent


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Server processes (each keeps its own cache of schedules); about one per CPU.",
)
@click.option(
    "--db",
    default=productions.default_database,
    show_default="$PICTURELOCK_DATABASE_URL or ./picturelock.db",
    help="A SQLite file or a postgresql:// URL; upgraded to the newest schema first.",
)
@reports_problems
def serve_command(host: str, port: int, workers: int, db: str) -> None:
    """Run the web site at http://HOST:PORT/ and the API at /api/v1 (needs $PICTURELOCK_SECRET_KEY)."""
    import uvicorn

    Settings.from_environment()  # every missing or wrong variable named before anything starts
    jobs.check_mode(db)
    revision = productions.upgrade_database(db)
    os.environ[productions.DATABASE_ENV] = db
    click.echo(f"{db}: at schema revision {revision}")
    click.echo(f"Picture Lock web site at http://{host}:{port}/")
    click.echo(f"Picture Lock API at http://{host}:{port}/api/v1 (OpenAPI: /api/v1/openapi.json)")
    uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, workers=workers, log_level="info")
