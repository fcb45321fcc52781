"""pyproj on the threads QGIS runs algorithms on."""

from __future__ import annotations

import importlib
import threading
from typing import Any

#: pyproj's per-thread PROJ contexts kept alive (see keep_proj_context).
_PROJ_CONTEXTS: list[Any] = []


def keep_proj_context() -> None:
    """Keep this thread's pyproj context alive for the life of the process.

    QGIS runs algorithms on threads of its own pool, which Python did not create: Python
    makes a thread state for each call and drops it after. pyproj 3.7 frees its per-thread
    PROJ context with that thread state but keeps the pointer for the OS thread, so the next
    algorithm on the same pooled thread crashes QGIS inside pyproj (pyproj issues 1509 and
    1622; Debian 13's pyproj 3.7.1). Holding each context manager pyproj makes here keeps the
    pointer valid; there is one per pooled thread and run, a few bytes each.
    """
    try:
        context = importlib.import_module("pyproj._context")
    except ImportError:  # no pyproj, or one without thread-local contexts (< 3.7)
        return
    manager = getattr(context, "get_context_manager", None)
    if manager is not None and threading.current_thread() is not threading.main_thread():
        _PROJ_CONTEXTS.append(manager())
