"""Benchmark: 50 concurrent users on the real server, SQLite and PostgreSQL, a season-sized production.

Run: `.venv/bin/python benchmarks/bench_load.py` (about 6 minutes), or `--quick` (about 1.5 minutes:
15 s per run, SQLite and PostgreSQL, think time only). PostgreSQL is used when
$PICTURELOCK_TEST_POSTGRES_URL (or $PICTURELOCK_BENCH_POSTGRES_URL) names a server: the benchmark
makes a database of its own there and drops it afterwards. Options: --users N, --seconds S,
--workers N (uvicorn worker processes), --databases sqlite,postgres, --modes think,stress.

The production is benchmarks/season.py's (10 episodes, 3,002 tasks, 4,109 links, 16 resources).
The server is `picturelock serve` in a subprocess (the site: API and pages), over a fresh database.
Fifty accounts are made and signed in before anything is timed (argon2 is slow on purpose): two
producers, three post supervisors, ten coordinators, thirty crew and five executives, so fifteen
of them may edit. Each user is its own HTTP client with its own session cookie (a browser).

A user repeats: pick a request from the mix, send it, wait for the whole answer. The mix (see
MIX): the dashboard page, the task list page, the schedule JSON (`picturelock schedule --json`,
2.9 MB for this season), the production with its task versions, the list of productions, and one
request in fifty an edit (PATCH a task's duration or notes, naming its version: every edit is a
new version of the production, so every cache is exercised). Pages not served yet are left out
and named. Two kinds of user:

- think: 1-3 s (uniformly random) between a user's requests, as a person reading the screen:
  the realistic case, and the target (p95 under 200 ms);
- stress: no pause at all: 50 clients as fast as the server answers (p95 reported, no target).

Each run is warmed up (untimed) first, then timed for --seconds. Latency is from sending the
request to having read the whole answer, measured by the client on the same machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import sqlalchemy as sa

from machine import describe
from picturelock.adapters.db.engine import database_url, make_engine
from picturelock.domain.access import Role
from picturelock.services.accounts import Accounts
from picturelock.services.productions import get_production, import_plan, upgrade_database
from picturelock.services.settings import Settings
from season import season

PASSWORD = "a load benchmark passphrase"
KEEP_ALIVE = 3.0  # seconds a client keeps an idle connection: below uvicorn's 5 s, so none is closed under it
NOTEWORTHY = re.compile(r"error|exception|traceback|died|killed|timeout|warning", re.IGNORECASE)
HEAD_RULE = "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
SECRET = secrets.token_urlsafe(48)
ROLES = (Role.PRODUCER,) * 2 + (Role.POST_SUPERVISOR,) * 3 + (Role.COORDINATOR,) * 10
ROLES += (Role.CREW,) * 30 + (Role.EXECUTIVE,) * 5
EDITORS = {Role.PRODUCER, Role.POST_SUPERVISOR, Role.COORDINATOR}
POSTGRES_ENVS = ("PICTURELOCK_BENCH_POSTGRES_URL", "PICTURELOCK_TEST_POSTGRES_URL")
MIX = (  # (route, weight, path: {p} is the production)
    ("dashboard page", 25, "/productions/{p}"),
    ("task list page", 15, "/productions/{p}/tasks"),
    ("GET schedule JSON", 15, "/api/v1/productions/{p}/schedule"),
    ("GET production", 15, "/api/v1/productions/{p}"),
    ("GET productions (list)", 15, "/api/v1/productions"),
    ("PATCH a task", 2, ""),
)


@dataclass
class User:
    login: str
    role: Role
    client: httpx.AsyncClient | None = None
    csrf: str = ""
    task: str = ""  # the task this user edits (editors only)
    version: int = 0
    edits: int = 0


@dataclass
class Record:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    server_cpu: float = 0.0  # seconds of CPU the server's processes used in the timed part
    elapsed: float = 0.0


# -- setting up: a database, the production, the accounts ------------------------------------


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """A fresh database of `kind` (a SQLite file, or a PostgreSQL database made and then dropped)."""
    if kind == "sqlite":
        yield str(folder / "load.db")
        return
    server = next(os.environ[name] for name in POSTGRES_ENVS if os.environ.get(name))
    admin = sa.create_engine(database_url(server), isolation_level="AUTOCOMMIT")
    name = f"picturelock_load_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(database_url(server)).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def prepare(db: str, users: int) -> tuple[int, list[User]]:
    """The season held in `db`, with `users` accounts that are members; editors get a task each."""
    upgrade_database(db)
    production = import_plan(season(), db, by="bench")
    engine = make_engine(db)
    accounts = Accounts(engine, Settings(SECRET.encode()))
    team = [User(f"user{n:02d}", ROLES[n % len(ROLES)]) for n in range(users)]
    for user in team:
        accounts.create_account(user.login, PASSWORD)
        accounts.grant_membership(production, user.login, user.role, by="bench")
    accounts.close()
    held = get_production(production, engine)
    engine.dispose()
    comps = [t.id for t in held.plan.tasks if t.id.endswith("-comp")]
    for n, user in enumerate(u for u in team if u.role in EDITORS):
        user.task = comps[(n * 37) % len(comps)]
        user.version = held.tasks[user.task].version
    return production, team


# -- the server ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(db: str, workers: int) -> Iterator[tuple[str, int]]:
    """`picturelock serve` over `db` in a subprocess, until the block ends; its base URL and pid."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "picturelock"), "serve", "--db", db, "--port", str(port)]
    if workers > 1:
        command += ["--workers", str(workers)]
    env = os.environ | {"PICTURELOCK_SECRET_KEY": SECRET}
    log = tempfile.TemporaryFile()  # noqa: SIM115  (closed when the server has stopped)
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, server, log)
        yield base, server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.seek(0)
        said = [line for line in log.read().decode(errors="replace").splitlines() if NOTEWORTHY.search(line)]
        for line in said[:20]:
            print(f"  server: {line}")
        log.close()


def wait_until_up(base: str, server: subprocess.Popen[bytes], log: tempfile._TemporaryFileWrapper) -> None:  # type: ignore[type-arg]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise SystemExit(f"the server stopped:\n{log.read().decode(errors='replace')}")
        try:
            if httpx.get(f"{base}/api/v1/session", timeout=2).status_code == 401:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not answer within 60 s")


# -- the users ----------------------------------------------------------------------------------


async def sign_in(base: str, user: User) -> None:
    user.client = httpx.AsyncClient(
        base_url=base, timeout=60, limits=httpx.Limits(max_connections=4, keepalive_expiry=KEEP_ALIVE)
    )
    answer = await user.client.post("/api/v1/session", json={"login": user.login, "password": PASSWORD})
    answer.raise_for_status()
    user.csrf = answer.json()["csrf_token"]


async def served_routes(user: User, production: int) -> tuple[list[tuple[str, int, str]], list[str]]:
    """The mix without the pages this server does not serve yet (and their names)."""
    assert user.client is not None
    kept, missing = [], []
    for name, weight, path in MIX:
        if path and (await user.client.get(path.format(p=production))).status_code == 404:
            missing.append(name)
        else:
            kept.append((name, weight, path))
    return kept, missing


async def edit(user: User, production: int) -> httpx.Response:
    """Change the user's own task: its duration one time, its notes the next."""
    assert user.client is not None
    user.edits += 1
    changes = (
        {"duration_days": str(3 + user.edits % 3)} if user.edits % 2 else {"notes": f"edit {user.edits}"}
    )
    body = {"expected_version": user.version, "changes": changes}
    answer = await user.client.patch(
        f"/api/v1/productions/{production}/tasks/{user.task}", json=body, headers={"X-CSRF-Token": user.csrf}
    )
    if answer.status_code == 200:
        user.version = answer.json()["version"]
    return answer


async def one_user(
    user: User, production: int, mix: list[tuple[str, int, str]], until: float, think: bool, record: Record
) -> None:
    assert user.client is not None
    rng = random.Random(user.login)
    names = [m[0] for m in mix]
    weights = [m[1] for m in mix]
    paths = {m[0]: m[2] for m in mix}
    if think:
        await asyncio.sleep(rng.uniform(0, 3))  # users arrive spread out, not all at once
    while time.monotonic() < until:
        name = rng.choices(names, weights)[0]
        if name == "PATCH a task" and not user.task:
            name = "dashboard page" if "dashboard page" in paths else names[0]
        began = time.perf_counter()
        try:
            if name == "PATCH a task":
                answer = await edit(user, production)
            else:
                answer = await user.client.get(paths[name].format(p=production))
                if name == "dashboard page" and answer.status_code == 200:  # a browser then fetches its chart
                    chart = await user.client.get(f"/productions/{production}/critical-path.svg")
                    answer = chart if chart.status_code >= 400 else answer
            status = answer.status_code
        except httpx.HTTPError as error:
            status, answer = 0, None
            record.failures.append(f"{name}: {error!r}")
        elapsed = time.perf_counter() - began
        record.latencies.setdefault(name, []).append(elapsed)
        if status == 0 or status >= 400:
            record.errors[name] = record.errors.get(name, 0) + 1
            if answer is not None and len(record.failures) < 10:
                record.failures.append(f"{name}: {status} {answer.text[:200]}")
        if think:
            await asyncio.sleep(rng.uniform(1, 3))


def server_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of the server process and all its workers so far."""
    total, waiting = 0.0, [pid]
    tick = os.sysconf("SC_CLK_TCK")
    while waiting:
        current = waiting.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / tick
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        waiting += [int(child) for child in children]
    return total


async def run(
    base: str, pid: int, team: list[User], production: int, seconds: float, warm: float, think: bool
) -> Record:
    await asyncio.gather(*(sign_in(base, user) for user in team if user.client is None))
    mix, _ = await served_routes(team[0], production)
    try:
        if warm:
            await asyncio.gather(
                *(one_user(u, production, mix, time.monotonic() + warm, think, Record()) for u in team)
            )
        record = Record()
        until = time.monotonic() + seconds
        began, cpu = time.perf_counter(), server_cpu_seconds(pid)
        await asyncio.gather(*(one_user(u, production, mix, until, think, record) for u in team))
        record.elapsed = time.perf_counter() - began
        record.server_cpu = server_cpu_seconds(pid) - cpu
        return record
    finally:
        for user in team:
            if user.client is not None:
                await user.client.aclose()
                user.client = None


async def sign_in_all(base: str, team: list[User], production: int) -> list[str]:
    """Sign every user in once (not timed); the routes left out of the mix."""
    for user in team:  # one after another: the server may throttle a burst of sign-ins
        await sign_in(base, user)
    _, missing = await served_routes(team[0], production)
    for user in team:
        assert user.client is not None
        await user.client.aclose()
        user.client = None
    return missing


# -- the report ---------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(share * len(ordered) + 0.5) - 1))]


def table(record: Record) -> list[str]:
    elapsed = record.elapsed
    every = [v for values in record.latencies.values() for v in values]
    lines = ["| route | requests | p50 ms | p95 ms | p99 ms | max ms | errors |", HEAD_RULE]
    rows = [*sorted(record.latencies.items()), ("**all**", every)]
    for name, values in rows:
        errors = record.errors.get(name, 0) if name != "**all**" else sum(record.errors.values())
        cells = [percentile(values, q) * 1000 for q in (0.5, 0.95, 0.99)] + [max(values) * 1000]
        lines.append(
            f"| {name} | {len(values)} | " + " | ".join(f"{c:.0f}" for c in cells) + f" | {errors} |"
        )
    lines.append(
        f"\nThroughput: {len(every) / elapsed:.1f} requests/s over {elapsed:.0f} s; the server used "
        f"{record.server_cpu:.1f} s of CPU ({record.server_cpu / len(every) * 1000:.1f} ms a request, "
        f"{record.server_cpu / elapsed:.2f} CPUs)."
    )
    return lines


def main() -> None:
    options = arguments()
    kinds = [k for k in options.databases.split(",") if k]
    if "postgres" in kinds and not any(os.environ.get(name) for name in POSTGRES_ENVS):
        print("PostgreSQL left out: set PICTURELOCK_TEST_POSTGRES_URL (scripts/postgres-for-tests.sh)")
        kinds.remove("postgres")
    print(f"Machine: {describe()}")
    print(f"{options.users} users, {options.workers} server worker(s), {options.seconds:.0f} s timed per run")
    for kind in kinds:
        with tempfile.TemporaryDirectory() as folder, database(kind, Path(folder)) as db:
            production, team = prepare(db, options.users)
            with serving(db, options.workers) as (base, pid):
                missing = asyncio.run(sign_in_all(base, team, production))
                if missing:
                    print(f"Not served yet, left out of the mix: {', '.join(missing)}")
                for mode in options.modes.split(","):
                    think = mode == "think"
                    record = asyncio.run(
                        run(base, pid, team, production, options.seconds, options.warm, think)
                    )
                    print(f"\n### {kind}, {mode} ({'1-3 s between requests' if think else 'no pause'})\n")
                    print("\n".join(table(record)))
                    for failure in record.failures[:10]:
                        print(f"  failed: {failure}")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="15 s per run, think time only")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--warm", type=float, default=10.0, help="untimed seconds before each run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--modes", default="think,stress")
    options = parser.parse_args()
    if options.quick:
        options.seconds, options.warm, options.modes = 15.0, 5.0, "think"
    return options


if __name__ == "__main__":
    main()
