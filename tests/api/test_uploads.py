"""Uploads: too large, malformed or of an unknown kind get a clear 4xx, and nothing is left behind:
no production in the database, no file in the temporary folder."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from picturelock.domain.access import Role
from picturelock.services.productions import list_productions

from .harness import SMALL_PLAN, Api, login_of
from .test_errors import assert_error_shape

PRODUCER = login_of(Role.PRODUCER)


@pytest.fixture
def scratch_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The temporary folder the API writes into during the test (checked empty afterwards)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder


def upload(api: Api, name: str, data: bytes, **headers: str) -> Any:
    files = {"file": (name, data, "application/octet-stream")}
    return api.client.post("/api/v1/productions", files=files, headers={**api.bearer(PRODUCER), **headers})


def held(api: Api) -> int:
    return len(list_productions(api.db))


def test_a_plan_file_upload_becomes_a_production_its_uploader_produces(api: Api, scratch_dir: Path) -> None:
    response = upload(api, "harbour.yaml", SMALL_PLAN.read_bytes())
    assert response.status_code == 201, response.text
    new = response.json()["id"]
    assert response.json()["title"] == "Harbour Lights"
    mine = api.client.get("/api/v1/productions", headers=api.bearer(PRODUCER)).json()
    assert new in [p["id"] for p in mine]
    assert api.accounts.membership_for(PRODUCER, new).role is Role.PRODUCER  # type: ignore[union-attr]
    assert list(scratch_dir.iterdir()) == []


def test_too_large_is_413_and_keeps_nothing(api: Api, scratch_dir: Path) -> None:
    app: Any = api.client.app
    before, limit = held(api), app.state.max_upload_bytes
    app.state.max_upload_bytes = 1000
    try:
        data = SMALL_PLAN.read_bytes()
        assert len(data) > 1000
        error = assert_error_shape(upload(api, "big.yaml", data), 413, "too_large")
        assert "1,000 bytes" in error["message"]
        declared = upload(api, "big.yaml", b"#" * 200_000)  # refused on its Content-Length alone
        assert_error_shape(declared, 413, "too_large")
    finally:
        app.state.max_upload_bytes = limit
    assert held(api) == before
    assert list(scratch_dir.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "data", "status"),
    [
        ("broken.yaml", b"picturelock: 1\nproduction: [unclosed\n", 422),
        ("nonsense.yaml", b"picturelock: 1\ntasks: 7\n", 422),
        ("empty.yaml", b"", 422),
        ("project.xml", b"<Project><Tasks><Task>", 422),
        ("binary.yaml", bytes(range(256)) * 4, 422),
        ("plan.docx", b"PK\x03\x04", 415),
        ("no-suffix", b"picturelock: 1", 415),
    ],
)
def test_malformed_is_a_clear_4xx_and_keeps_nothing(
    api: Api, scratch_dir: Path, name: str, data: bytes, status: int
) -> None:
    before = held(api)
    error = assert_error_shape(upload(api, name, data), status)
    if status == 422 and data:
        assert error["problems"], "what is wrong, and where"
        assert all(str(scratch_dir) not in p["place"] for p in error["problems"]), "no server paths"
        assert any(p["place"] == name for p in error["problems"])
    assert held(api) == before
    assert list(scratch_dir.iterdir()) == []


def test_a_request_without_a_file_is_422(api: Api) -> None:
    response = api.client.post("/api/v1/productions", headers=api.bearer(PRODUCER))
    error = assert_error_shape(response, 422, "invalid_input")
    assert [p["field"] for p in error["problems"]] == ["file"]
