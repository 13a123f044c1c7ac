"""Pausing Python's cyclic garbage collector around work that makes no reference cycles.

Loading builds trees that stay alive and a reporter builds many short-lived strings
and lists: neither leaves cycles to collect, so every collection in between would
only walk the run's whole data again (the saving is in docs/performance.md).
"""
from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def gc_paused(*, freeze: bool = False) -> Iterator[None]:
    """Disable the cyclic GC inside the block (re-enabled after, if it was on).

    ``freeze=True`` (after loading): move everything alive into the permanent
    generation, since the loaded data lives until the run ends and every later
    collection would walk it once more.  Objects are still freed by reference
    counting; peak RSS is unchanged."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if collecting:
            gc.enable()
