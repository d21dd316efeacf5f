"""Write a file all at once: to a temporary file in the same folder, then `os.replace`.

A failed export (an exception while writing) leaves neither a partial file nor the temporary.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Call `write(temp_path)`, then move the temporary file onto `path`."""
    path = Path(path)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or Path("."))
    os.close(handle)
    temp = Path(name)
    try:
        write(temp)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_bytes_atomic(path: Path, data: bytes) -> None:
    def write(temp: Path) -> None:
        temp.write_bytes(data)

    write_atomic(path, write)
