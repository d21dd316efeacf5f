"""MS Project XML (MSPDI): read a plan from it, write a plan and its schedule to it."""

from __future__ import annotations

from picturelock.adapters.msproject.reader import MspdiReading, load_mspdi, read_mspdi
from picturelock.adapters.msproject.writer import mspdi_bytes, write_mspdi

__all__ = ["MspdiReading", "load_mspdi", "mspdi_bytes", "read_mspdi", "write_mspdi"]
