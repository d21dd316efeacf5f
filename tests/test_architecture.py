"""The layers of DESIGN.md hold: checked by import-linter on every test run."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import picturelock.domain

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept() -> None:
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is installed with the dev extras"
    result = subprocess.run([lint_imports], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_domain_values_are_frozen() -> None:
    mutable = []
    for info in pkgutil.walk_packages(picturelock.domain.__path__, "picturelock.domain."):
        module = importlib.import_module(info.name)
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if obj.__module__ != info.name or not dataclasses.is_dataclass(obj):
                continue
            if not obj.__dataclass_params__.frozen and not getattr(obj, "__mutable_by_design__", False):
                mutable.append(f"{info.name}.{name}")
    assert not mutable, f"domain dataclasses must be frozen: {mutable}"
