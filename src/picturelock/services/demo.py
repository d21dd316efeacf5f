"""The demo production's files (package data in `picturelock/data/demo/`), and writing them out.

`write_demo` copies the demo folder to a target folder. It never overwrites a file that differs
from the demo's unless told to, and a refused or failed write leaves nothing half-written: every
file is written to a temporary file beside its target and moved into place with `os.replace`.
"""

from __future__ import annotations

import os
import tempfile
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from picturelock.domain.errors import InvalidInput
from picturelock.domain.findings import Problem


def demo_folder() -> Traversable:
    return files("picturelock").joinpath("data").joinpath("demo")


def demo_files() -> list[Traversable]:
    """The demo's files (plan.yaml first, then the rest by name); folders and caches are skipped."""
    found = [
        entry
        for entry in demo_folder().iterdir()
        if entry.is_file() and not entry.name.startswith((".", "__")) and not entry.name.endswith(".pyc")
    ]
    return sorted(found, key=lambda entry: (entry.name != "plan.yaml", entry.name))


def demo_plan_text() -> str:
    """The demo production's plan file, as text."""
    return demo_folder().joinpath("plan.yaml").read_text(encoding="utf-8")


def _clashes(target: Path, contents: dict[str, bytes], *, overwrite: bool) -> list[Problem]:
    """Folders in the way always; differing files unless `overwrite`."""
    problems = []
    for name, data in contents.items():
        path = target / name
        if path.is_dir():
            problems.append(Problem(str(path), "", "is a folder", expected="a file or nothing"))
        elif not overwrite and path.exists() and path.read_bytes() != data:
            problems.append(
                Problem(
                    str(path),
                    "",
                    "exists and differs from the demo's file; not overwritten",
                    expected="an empty folder, or --overwrite",
                )
            )
    return problems


def _write_atomic(path: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_demo(target: Path, *, overwrite: bool = False) -> list[Path]:
    """Write the demo folder's files into `target` (created if missing); returns the paths written.

    A file already there with the same content is left as it is (and still listed). Without
    `overwrite`, any differing file refuses the whole write, listing every clash: nothing is written.
    """
    contents = {entry.name: entry.read_bytes() for entry in demo_files()}
    if target.exists() and not target.is_dir():
        problem = Problem(str(target), "", "is a file", expected="a folder to write the demo into")
        raise InvalidInput([problem])
    problems = _clashes(target, contents, overwrite=overwrite)
    if problems:
        raise InvalidInput(problems)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in contents.items():
        path = target / name
        if not (path.is_file() and path.read_bytes() == data):
            _write_atomic(path, data)
        written.append(path)
    return written
