"""`picturelock demo --run DIR --serve`: the demo production held in a fresh database and served.

After the main job (`demo --run`), the demo plan is imported into DIR/picturelock.db (made afresh
each time, so the demo always starts from the same story), one account per role is made with a new
password each run, and the web app starts on localhost. The logins are printed and kept in
DIR/demo-logins.txt (readable by the owner only); the server's secret key is made once and kept in
DIR/secret.key so sessions and the audit log stay valid from one run to the next.
"""

from __future__ import annotations

import os
import secrets
import socket
from pathlib import Path

from rich.table import Table

from picturelock.cli.display import console
from picturelock.services import productions
from picturelock.services.demo_accounts import create_demo_accounts
from picturelock.services.settings import SECRET_ENV, Settings

FIRST_SEAT = "demo-post-supervisor"  # the seat the demo is meant to be tried from first


def serve_demo(folder: Path, host: str, port: int) -> None:
    """Hold the demo in a fresh database, make the demo logins, print them and serve until Ctrl-C."""
    import uvicorn

    from picturelock.cli.serve import APP_FACTORY

    database = _fresh_database(folder)
    production_id = productions.import_plan(folder / "plan.yaml", database, by="demo")
    os.environ[SECRET_ENV] = _secret_key(folder)
    os.environ[productions.DATABASE_ENV] = str(database)
    logins = create_demo_accounts(database, production_id, settings=Settings.from_environment())
    chosen = _free_port(host, port)
    url = f"http://{host}:{chosen}/"
    _show_logins(logins, folder / "demo-logins.txt", url, production_id)
    uvicorn.run(APP_FACTORY, factory=True, host=host, port=chosen, log_level="warning")


def _fresh_database(folder: Path) -> Path:
    database = folder / "picturelock.db"
    for leftover in (database, *(database.with_name(database.name + s) for s in ("-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
    productions.upgrade_database(database)
    return database


def _secret_key(folder: Path) -> str:
    """The demo server's key: made once, kept beside the demo, readable by the owner only."""
    path = folder / "secret.key"
    if path.exists() and len(path.read_text().strip()) >= 43:
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    _write_private(path, key + "\n")
    return key


def _free_port(host: str, wanted: int) -> int:
    """`wanted` if nothing listens there, else a free port the system picks (and says so)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, wanted))
            return wanted
        except OSError:
            probe.bind((host, 0))
            port = int(probe.getsockname()[1])
    console.print(f"[yellow]port {wanted} is busy on {host}: using {port}[/]")
    return port


def _show_logins(logins: list[tuple[str, str, str]], path: Path, url: str, production_id: int) -> None:
    table = Table(title="Demo logins (one per role; new passwords each run)")
    for column in ("login", "password", "role"):
        table.add_column(column)
    for login, password, role in logins:
        table.add_row(login, password, role.replace("_", " "))
    console.print(table)
    lines = [f"{login}\t{password}\t{role}" for login, password, role in logins]
    _write_private(path, f"# Picture Lock demo at {url}\n" + "\n".join(lines) + "\n")
    password = next(p for login, p, _ in logins if login == FIRST_SEAT)
    console.print(f"Logins kept in {path}")
    console.print(
        f"\n[bold]Picture Lock is at {url}[/]  (demo production {production_id}: Saltmarsh)\n"
        f"Sign in as [bold]{FIRST_SEAT}[/] with password [bold]{password}[/]. Ctrl-C stops the server."
    )


def _write_private(path: Path, text: str) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(text)
    path.chmod(0o600)
