"""Building many small values at once (a large plan, a 200,000-task schedule) without the cyclic
garbage collector walking the whole heap again and again for nothing."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause cyclic collection for the block. Reference counting still frees everything; the
    collector runs again afterwards. Measured: a third of the critical path's time at 50,000 tasks,
    and a read of large plans or MS Project files that grew faster than their size."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
