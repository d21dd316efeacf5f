"""The plan file (YAML, format version 1): load it into a `Plan`, write a `Plan` back.

    from picturelock.adapters.planfile import load_plan, parse_plan, dump_plan, write_plan

The format is documented in docs/plan-file.md and described by docs/plan-schema.json. The names
are imported on first use, so `python -m picturelock.adapters.planfile.schema` runs cleanly.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from picturelock.adapters.planfile.loader import load_plan, parse_plan
    from picturelock.adapters.planfile.writer import dump_plan, write_plan

__all__ = ["dump_plan", "load_plan", "parse_plan", "write_plan"]
_HOMES = {"load_plan": "loader", "parse_plan": "loader", "dump_plan": "writer", "write_plan": "writer"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
