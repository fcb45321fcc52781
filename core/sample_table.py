"""The sample table, the file between sampling and training.

Its columns, building it, writing it (GeoPackage, or CSV with a ``.lulc.json`` sidecar) with
its sampling definition, and reading both back.

One row per sample: the class field, ``feature_id`` (the label feature it came from), ``x``,
``y`` (its map coordinates), one numeric field per band, and a point geometry. An
object-based table (:mod:`.segment_samples`) has one row per segment, with its
``segment_id`` and its features instead of band values.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .deps import require
from .errors import InvalidInputError
from .escape import csv_cell, csv_uncell
from .files import atomic_output
from .geotiff import unique_names
from .layer_metadata import read_layer_tag, write_tagged_points
from .patches import write_patch_table
from .vector_io import points, write_points_gpkg

#: Output fields that describe a sample rather than a band value (never used as features).
RESERVED_FIELDS = frozenset({"fid", "feature_id", "x", "y", "segment_id", "patch_id"})
#: Layer metadata key (GeoPackage) holding the sampling definition; CSV gets a sidecar.
METADATA_KEY = "LULC_SAMPLING"
SIDECAR_SUFFIX = ".lulc.json"


def band_field_names(names: Sequence[str], class_field: str) -> list[str]:
    """Return field names for band values that clash with no other column of the table.

    A band named like the class field, the geometry or a bookkeeping field (``fid``, ``x``...)
    gets a ``_band`` suffix; repeats are then numbered (case-insensitively, as GeoPackage is).
    """
    taken = {class_field.lower(), "geometry"} | RESERVED_FIELDS
    renamed = [f"{n}_band" if n.lower() in taken else n for n in names]
    return unique_names([class_field, *renamed])[1:]


def build_frame(
    class_field: str,
    classes: npt.NDArray[Any],
    feature_ids: npt.NDArray[Any],
    xs: npt.NDArray[np.float64],
    ys: npt.NDArray[np.float64],
    bands: Mapping[str, npt.NDArray[Any]],
) -> Any:
    """Build the sample table's fields as a DataFrame, without geometry (cheap).

    One row per sample: ``bands`` (field name: values, see :func:`band_field_names`) as 64-bit
    floats. :func:`with_points` adds the point geometries.
    """
    pandas = require("pandas")
    data: dict[str, Any] = {class_field: classes, "feature_id": feature_ids, "x": xs, "y": ys}
    data.update({name: values.astype(np.float64) for name, values in bands.items()})
    return pandas.DataFrame(data)


def with_points(frame: Any, crs: Any) -> Any:
    """Return the sample table as a GeoDataFrame: ``frame`` with a point at each ``x, y``.

    Building a shapely point costs about 15 µs (shapely 1.8), so this is done only when the
    table is asked for.
    """
    gpd = require("geopandas")
    xs = np.asarray(frame["x"], dtype=np.float64)
    ys = np.asarray(frame["y"], dtype=np.float64)
    return gpd.GeoDataFrame(frame, geometry=points(xs, ys), crs=crs)


def write_samples(
    frame: Any,
    output_path: str | os.PathLike[str],
    metadata: dict[str, Any] | None = None,
    *,
    crs: Any = None,
    patches: npt.NDArray[np.float32] | None = None,
) -> None:
    """Write a sample table atomically: GeoPackage (layer named after the file) or CSV.

    ``frame`` holds the fields (:func:`build_frame`); in a GeoPackage each row is a point at
    its ``x, y`` in ``crs``. The sampling definition goes into the GeoPackage layer's
    metadata, or beside a CSV file as ``<name>.lulc.json``. ``patches`` (by ``patch_id``)
    go into the GeoPackage (:mod:`.patches`); a CSV table cannot hold them.
    """
    path = Path(output_path)
    if patches is not None:
        if path.suffix.lower() != ".gpkg":
            raise InvalidInputError(
                f"Patches are stored in a GeoPackage, not in '{path.name}': give the sample "
                "table a .gpkg name."
            )
        with atomic_output(path, "sample table") as tmp:
            tags = {METADATA_KEY: json.dumps(metadata or {}, default=str)}
            write_points_gpkg(frame, tmp, path.stem, tags, crs)
            write_patch_table(tmp, patches)
        return
    if path.suffix.lower() != ".csv":
        write_tagged_points(frame, crs, path, "sample table", METADATA_KEY, metadata or {})
        return
    with atomic_output(path, "sample table") as tmp:
        csv_safe(frame).to_csv(tmp, index=False)
        with atomic_output(sidecar_path(path), "sample definition") as tmp_json:
            tmp_json.write_text(json.dumps(metadata or {}, default=str), encoding="utf-8")


def csv_safe(frame: Any) -> Any:
    """Return a copy of a DataFrame with its text cells and column names escaped.

    They are escaped by :func:`~.escape.csv_cell`; numbers are untouched.
    """
    out = frame.rename(columns=lambda c: csv_cell(str(c)))
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(csv_cell)
    return out


def sidecar_path(path: str | os.PathLike[str]) -> Path:
    """Return where the sampling definition of a CSV sample table is kept."""
    return Path(path).with_suffix(SIDECAR_SUFFIX)


def load_samples(path: str | os.PathLike[str], *, layer: str | None = None) -> Any:
    """Read a sample table: GeoPackage or any OGR vector, or CSV.

    A CSV file is read through pandas, its text cells and column names unescaped (see
    :func:`~.escape.csv_cell`).
    """
    if str(path).lower().endswith(".csv"):
        table = require("pandas").read_csv(path)
        table = table.rename(columns=lambda c: csv_uncell(str(c)))
        for column in table.columns:
            if table[column].dtype == object:
                table[column] = table[column].map(csv_uncell)
        return table
    gpd = require("geopandas")
    try:
        return gpd.read_file(path, layer=layer) if layer else gpd.read_file(path)
    except Exception as exc:  # fiona raises many types; all mean "cannot read"
        raise InvalidInputError(f"Cannot read the sample table '{path}': {exc}.") from exc


def read_sampling_metadata(
    path: str | os.PathLike[str], layer: str | None = None
) -> dict[str, Any]:
    """Read the sampling definition stored with a sample table ({} if there is none)."""
    if not str(path).lower().endswith(".csv"):
        return read_layer_tag(path, layer, METADATA_KEY)
    try:
        data = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
