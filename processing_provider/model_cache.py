"""The last model loaded in this QGIS session, kept for the next run that applies it.

The panel's previews apply one model again and again as the user pans and zooms; loading it
(reading the zip, checking its ONNX graph and making the ONNX Runtime sessions, or checking
every type the estimator holds and rebuilding it) can take longer than classifying what the
canvas shows. The model is reused while its file is unchanged: same path,
size and modification time. Only the last one is kept, so memory stays bounded.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from ..core.model.model_file import Model, load_for_prediction

_LOCK = threading.Lock()
_LAST: dict[tuple[str, int, int], Model] = {}


def _key(path: str) -> tuple[str, int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None  # load_model says what is wrong with the path
    return os.path.realpath(path), stat.st_size, stat.st_mtime_ns


def model(path: str, progress: Any) -> Model:
    """The model in ``path``: the one loaded last if the file is unchanged, else loaded now."""
    key = _key(path)
    with _LOCK:
        kept = _LAST.get(key) if key is not None else None
    if kept is not None:
        progress.log("The model file is unchanged since it was last loaded: reused as loaded.")
        return kept
    loaded = load_for_prediction(path, progress=progress)
    remember(path, loaded, key)
    return loaded


def remember(path: str, loaded: Model, key: tuple[str, int, int] | None = None) -> None:
    """Keep ``loaded`` as the model of the file ``path`` (just written or read)."""
    key = key or _key(path)
    with _LOCK:
        _LAST.clear()
        if key is not None:
            _LAST[key] = loaded


def forget() -> None:
    """Drop the model kept (the plugin is unloading)."""
    with _LOCK:
        _LAST.clear()
