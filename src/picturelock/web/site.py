"""The web site: the API app (api.app.create_app) plus the pages and `/static`, in one FastAPI app.

`picturelock serve` runs `create_site`. Page routers are registered in ONE list, `PAGE_ROUTERS`:
a new page module appends its router there. Pages answer failures as HTML (web/errors.py); the
API under /api/v1 keeps its JSON.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from picturelock.api.app import create_app
from picturelock.services.productions import Database
from picturelock.services.settings import Settings
from picturelock.web import (
    admin,
    auth,
    dashboard,
    errors,
    gantt,
    home,
    jobs,
    links,
    resources,
    tasks,
    uploads,
)
from picturelock.web.pages import STATIC

PAGE_ROUTERS: list[APIRouter] = [
    auth.router,
    home.router,
    uploads.router,
    dashboard.router,
    tasks.router,
    links.router,
    resources.router,
    admin.router,
    gantt.router,
    jobs.router,
]


def create_site(settings: Settings | None = None, *, db: Database | None = None) -> FastAPI:
    """The API app over `db` with the pages and their static assets (see create_app for defaults)."""
    app = create_app(settings, db=db)
    app.title = "Picture Lock"
    for router in PAGE_ROUTERS:
        app.include_router(router, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC, packages=None), name="static")
    errors.install(app)
    app.add_middleware(errors.PageBodyLimit, limit=lambda: int(app.state.max_upload_bytes))
    return app
