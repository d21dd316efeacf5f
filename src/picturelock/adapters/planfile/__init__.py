"""The plan file (YAML, format version 1): load it into a `Plan`, write a `Plan` back.

    from picturelock.adapters.planfile import load_plan, parse_plan, dump_plan, write_plan

The format is documented in docs/plan-file.md and described by docs/plan-schema.json.
"""

from __future__ import annotations

from picturelock.adapters.planfile.loader import load_plan, parse_plan
from picturelock.adapters.planfile.writer import dump_plan, write_plan

__all__ = ["dump_plan", "load_plan", "parse_plan", "write_plan"]
