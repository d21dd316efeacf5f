"""`picturelock serve` refuses to start without its settings, naming what is missing."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from picturelock.cli import serve  # noqa: F401  (registers `serve`)
from picturelock.cli.main import cli
from picturelock.services.settings import SECRET_ENV


def test_serve_without_a_secret_key_names_it_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "never.db"
    result = CliRunner().invoke(cli, ["serve", "--db", str(db)], env={SECRET_ENV: ""})
    assert result.exit_code == 1
    assert SECRET_ENV in result.output and "Traceback" not in result.output
    assert not db.exists()


def test_serve_with_the_queue_on_sqlite_says_the_queue_needs_postgresql(tmp_path: Path) -> None:
    db = tmp_path / "never.db"
    env = {SECRET_ENV: "k" * 48, "PICTURELOCK_JOBS": "queue"}
    result = CliRunner().invoke(cli, ["serve", "--db", str(db)], env=env)
    assert result.exit_code == 1
    assert "PICTURELOCK_JOBS" in result.output and "PostgreSQL" in result.output
    assert "Traceback" not in result.output
    assert not db.exists()
