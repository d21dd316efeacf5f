"""The FastAPI app, made by a factory: no settings, engine or secrets exist until `create_app`.

`uvicorn --factory picturelock.api.app:create_app` (what `picturelock serve` runs) builds the
settings from the environment; tests pass their own.
"""

from __future__ import annotations

from fastapi import FastAPI

from picturelock import __version__
from picturelock.api import errors
from picturelock.api.uploads import BodyLimit
from picturelock.services.productions import Database
from picturelock.services.settings import Settings

PREFIX = "/api/v1"
DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # a big MS Project XML is a few megabytes


def create_app(settings: Settings | None = None, *, db: Database | None = None) -> FastAPI:
    """The app over `db` (default: $PICTURELOCK_DATABASE_URL or ./picturelock.db) with the secrets in
    `settings` (default: from the environment). The database must be at the newest schema."""
    from picturelock.api.gate import Gate
    from picturelock.api.routers import (
        administration,
        auth,
        editing,
        jobs,
        plan_items,
        productions,
        reference,
        schedule,
        tasks,
    )

    app = FastAPI(
        title="Picture Lock API",
        version=__version__,
        description="Every capability of the `picturelock` command line, per production, for its members.",
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=f"{PREFIX}/docs",
        redoc_url=None,
    )
    gate = Gate.start(settings, db)
    app.state.gate = gate
    app.state.engine = gate.engine
    app.state.max_upload_bytes = getattr(gate.settings, "max_upload_bytes", DEFAULT_MAX_UPLOAD_BYTES)
    errors.install(app)
    app.add_middleware(BodyLimit, limit=lambda: int(app.state.max_upload_bytes))
    routers = (auth.router, productions.router, schedule.router, tasks.router, reference.router)
    for router in (*routers, editing.router, plan_items.router, administration.router, jobs.router):
        app.include_router(router, prefix=PREFIX, responses={"default": {"model": errors.ErrorOut}})
    jobs.install(app)  # the app's own job workers start and stop with it
    app.router.add_event_handler("shutdown", gate.close)
    return app
