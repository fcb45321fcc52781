"""pyproj on the threads QGIS runs algorithms on."""

from __future__ import annotations

import importlib
import threading
from typing import Any

#: pyproj's per-thread PROJ contexts kept alive (see keep_proj_context).
_PROJ_CONTEXTS: list[Any] = []


def keep_proj_context() -> None:
    """Keep this OS thread's pyproj context alive for the life of the process.

    QGIS runs algorithms on threads of its own pool, which Python did not create, so Python
    makes a thread state for each call and drops it after. pyproj 3.7 (Debian 13 has 3.7.1)
    creates a PROJ context on a thread's first use and records it for the OS thread. It frees
    that context with the thread state, but the OS thread still points to it, so the next
    algorithm on the same pooled thread crashed QGIS inside pyproj (pyproj issues 1509 and
    1622). Here, first thing in every run, the context is made now (a cheap CRS) and the
    manager that would free it is held. That is one small object per pooled thread.
    """
    if threading.current_thread() is threading.main_thread():
        return
    try:
        context = importlib.import_module("pyproj._context")
        crs = importlib.import_module("pyproj").CRS
    except ImportError:  # no pyproj: nothing to keep
        return
    manager = getattr(context, "get_context_manager", None)
    if manager is None:  # pyproj < 3.7 has no per-thread contexts
        return
    crs.from_epsg(4326)  # creates this thread's context unless it exists (and is kept)
    made = manager()  # None when the context was made, and kept, by an earlier run
    if made is not None:
        _PROJ_CONTEXTS.append(made)
