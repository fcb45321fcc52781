"""JSON metadata kept in a vector layer's tags.

A GeoPackage layer is written atomically with it, and it is read back: the sampling definition
of a sample table, the design of validation points.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from . import vector_io
from .files import atomic_output


def write_tagged_gpkg(
    table: Any, path: str | os.PathLike[str], what: str, key: str, metadata: dict[str, Any]
) -> None:
    """Write a GeoDataFrame atomically as a GeoPackage layer named after the file.

    ``metadata`` goes as JSON into the layer's tag ``key``.
    """
    target = Path(path)
    with atomic_output(target, what) as tmp:
        vector_io.write_gpkg(table, tmp, target.stem, {key: json.dumps(metadata, default=str)})


def write_tagged_points(
    frame: Any,
    crs: Any,
    path: str | os.PathLike[str],
    what: str,
    key: str,
    metadata: dict[str, Any],
) -> None:
    """Write a DataFrame atomically as a GeoPackage point layer named after the file.

    Each row is a point at its ``x`` and ``y`` (:func:`.vector_io.write_points_gpkg`), in
    ``crs``; ``metadata`` goes as JSON into the layer's tag ``key``.
    """
    target = Path(path)
    with atomic_output(target, what) as tmp:
        tags = {key: json.dumps(metadata, default=str)}
        vector_io.write_points_gpkg(frame, tmp, target.stem, tags, crs)


def read_layer_tag(path: str | os.PathLike[str], layer: str | None, key: str) -> dict[str, Any]:
    """Return the JSON stored in a vector layer's tag ``key`` ({} when absent or unreadable)."""
    try:
        data = json.loads(vector_io.read_tags(path, layer).get(key, "{}"))
    except Exception:  # formats without layer metadata (CSV...), or no such tag
        return {}
    return data if isinstance(data, dict) else {}
