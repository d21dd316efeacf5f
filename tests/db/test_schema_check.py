"""A database not at the newest schema is refused, and the check is remembered only once passed."""

from __future__ import annotations

from pathlib import Path

import pytest

from picturelock.adapters.db.engine import make_engine
from picturelock.services import productions


def test_an_engine_refused_before_its_upgrade_is_accepted_after(
    tmp_path: Path, small_plan_path: Path
) -> None:
    db = tmp_path / "post.db"
    db.touch()  # an empty SQLite file: no tables yet
    engine = make_engine(str(db))
    with pytest.raises(productions.DatabaseNotReady, match="db upgrade"):
        productions.list_productions(engine)
    productions.upgrade_database(engine)
    production_id = productions.import_plan(small_plan_path, engine)
    assert [p.id for p in productions.list_productions(engine)] == [production_id]
    engine.dispose()
