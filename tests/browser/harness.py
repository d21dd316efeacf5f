"""A real Picture Lock server and Debian's Chromium, for the browser tests and scripts/screenshots.py.

The server is what `picturelock serve` runs (its app factory, under uvicorn, in a child process) over a
fresh SQLite file holding:
- the demo production (Saltmarsh) with one demo account per role (`create_demo_accounts`, passwords
  known to the tests), a second vendor of another organisation, and
- "elsewhere": a production none of the demo accounts belongs to.
uvicorn picks a free port itself (--port 0) and says which, so two pytest workers never clash.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from picturelock.cli.serve import APP_FACTORY
from picturelock.domain.access import Role
from picturelock.domain.plan import Plan
from picturelock.services import demo, productions
from picturelock.services.accounts import Accounts
from picturelock.services.demo_accounts import DEMO_ORGANISATIONS, create_demo_accounts
from picturelock.services.plans import load_plan
from picturelock.services.settings import SECRET_ENV, Settings

CHROMIUM_ENV = "PICTURELOCK_TEST_CHROMIUM"
# Debian's Chromium in a closed sandbox: without the networking flags it hangs on refused connections.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
LAPTOP = {"width": 1366, "height": 768}
ROOT = Path(__file__).resolve().parents[2]
SMALL_PLAN = ROOT / "tests" / "fixtures" / "small_plan.yaml"
SUPERVISOR = "demo-post-supervisor"
VENDOR = "demo-vendor"
OTHER_VENDOR = "rival-vendor"  # a vendor of another organisation on the same production
OTHER_VENDOR_ORGANISATION = "fenwick-music"
PASSWORD_OF_OTHERS = "rival vendor's long enough password"
STARTED = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")


@dataclass
class Site:
    """A running server: its address, database, and who may sign in with what."""

    url: str
    db: Path
    settings: Settings
    demo: int  # the demo production's id
    elsewhere: int  # a production none of the demo accounts belongs to
    passwords: dict[str, str] = field(default_factory=dict)  # login -> password
    organisations: dict[str, str] = field(default_factory=dict)  # vendor/client login -> organisation
    log: Path | None = None

    def accounts(self) -> Accounts:
        return Accounts(str(self.db), self.settings)

    def fresh_production(self, members: dict[str, Role], plan: Plan | Path | None = None) -> int:
        """Another copy of the demo plan (or `plan`), for a test that changes it, with these members."""
        production_id = productions.import_plan(plan or demo_plan(), str(self.db), by="tests")
        accounts = self.accounts()
        try:
            for login, role in members.items():
                organisation = self.organisations.get(login)
                accounts.grant_membership(production_id, login, role, organisation, by="tests")
        finally:
            accounts.close()
        return production_id


def demo_plan() -> Plan:
    """The demo production's plan as `picturelock demo --write` gives it."""
    with tempfile.TemporaryDirectory(prefix="picturelock-demo-") as folder:
        path = Path(folder) / "plan.yaml"
        path.write_text(demo.demo_plan_text(), encoding="utf-8")
        return load_plan(path)


def with_two_vendors(plan: Plan) -> Plan:
    """The demo plan with two vendors on it: Marrow Lane VFX's crew belongs to the demo vendor's
    organisation (unless the demo already says whose it is) and the composer to a rival vendor, so
    the tasks only they work on are that vendor's."""
    owners = {"vfx-vendor": DEMO_ORGANISATIONS[Role.VENDOR], "composer": OTHER_VENDOR_ORGANISATION}
    resources = tuple(
        replace(r, organisation=owners[r.id]) if r.id in owners and r.organisation is None else r
        for r in plan.resources
    )
    return replace(plan, resources=resources)


def prepare_database(folder: Path, settings: Settings) -> Site:
    """A fresh SQLite file with the demo, its accounts, the rival vendor and a production elsewhere."""
    db = folder / "browser.db"
    productions.upgrade_database(str(db))
    demo_id = productions.import_plan(with_two_vendors(demo_plan()), str(db), by="tests")
    elsewhere = productions.import_plan(SMALL_PLAN, str(db), by="tests")
    site = Site("", db, settings, demo_id, elsewhere)
    for login, password, role in create_demo_accounts(str(db), demo_id, settings=settings):
        site.passwords[login] = password
        if Role(role) in DEMO_ORGANISATIONS:
            site.organisations[login] = DEMO_ORGANISATIONS[Role(role)]
    accounts = site.accounts()
    try:
        accounts.create_account(OTHER_VENDOR, PASSWORD_OF_OTHERS, display_name="Rival vendor")
        accounts.grant_membership(demo_id, OTHER_VENDOR, Role.VENDOR, OTHER_VENDOR_ORGANISATION, by="tests")
    finally:
        accounts.close()
    site.passwords[OTHER_VENDOR] = PASSWORD_OF_OTHERS
    site.organisations[OTHER_VENDOR] = OTHER_VENDOR_ORGANISATION
    return site


@contextmanager
def running_site(folder: Path, *, startup_seconds: float = 60.0) -> Iterator[Site]:
    """The server over a fresh database in `folder`, stopped (and waited for) on the way out."""
    key = secrets.token_urlsafe(48)
    site = prepare_database(folder, Settings(key.encode("utf-8")))
    site.log = folder / "server.log"
    env = {**os.environ, SECRET_ENV: key, productions.DATABASE_ENV: str(site.db)}
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        APP_FACTORY,
        "--host",
        "127.0.0.1",
        "--port",
        "0",
    ]
    with site.log.open("wb") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=folder)
    try:
        site.url = f"http://127.0.0.1:{_port(server, site.log, startup_seconds)}"
        yield site
    finally:
        _stop(server)


def _port(server: subprocess.Popen[bytes], log: Path, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = STARTED.search(log.read_text(errors="replace"))
        if found:
            return int(found.group(1))
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {server.returncode}):\n{log.read_text()}")
        time.sleep(0.05)
    _stop(server)
    raise RuntimeError(f"the server did not start in {seconds} s:\n{log.read_text()}")


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGINT)  # uvicorn's graceful shutdown
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
