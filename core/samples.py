"""Sampling: band values of a raster stack at labelled points, read block by block."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .deps import require
from .errors import InvalidInputError
from .files import atomic_output
from .progress import NullProgress, Progress, check_cancel
from .raster_io import TILE, RasterStack, unique_names

#: Output fields that describe a sample rather than a band value (never used as features).
RESERVED_FIELDS = frozenset({"fid", "feature_id", "x", "y"})


@dataclass(frozen=True)
class ClassTally:
    """What sampling kept and dropped for one class value."""

    value: object
    kept: int
    outside: int
    nodata: int


@dataclass(frozen=True)
class SamplingResult:
    """The sample table (a GeoDataFrame: class field, one field per band, point geometry)."""

    table: Any
    class_field: str
    band_names: list[str]
    tallies: list[ClassTally]
    crs_wkt: str
    output_path: str | None = None

    def summary_lines(self) -> list[str]:
        """One human-readable line per class, then a total."""
        lines = [
            f"Class {t.value!s}: {t.kept} kept, {t.outside} dropped outside the raster, "
            f"{t.nodata} dropped on nodata"
            for t in self.tallies
        ]
        kept = sum(t.kept for t in self.tallies)
        outside = sum(t.outside for t in self.tallies)
        nodata = sum(t.nodata for t in self.tallies)
        lines.append(f"Total: {kept} kept, {outside} outside the raster, {nodata} on nodata")
        return lines


def band_field_names(names: Sequence[str], class_field: str) -> list[str]:
    """Field names for band values that clash with no other column of the sample table.

    A band named like the class field, the geometry or a bookkeeping field (``fid``, ``x``...)
    gets a ``_band`` suffix; repeats are then numbered (case-insensitively, as GeoPackage is).
    """
    taken = {class_field.lower(), "geometry"} | RESERVED_FIELDS
    renamed = [f"{n}_band" if n.lower() in taken else n for n in names]
    return unique_names([class_field, *renamed])[1:]


def world_to_pixel(
    xs: npt.NDArray[np.float64], ys: npt.NDArray[np.float64], transform: Any
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Return the (row, col) of the pixels holding map coordinates ``xs, ys``.

    ``transform`` is an affine pixel-to-map transform (rasterio ``Affine``). Points on a pixel's
    left/top edge belong to that pixel, as in GDAL.
    """
    inverse = ~transform
    cols = inverse.a * xs + inverse.b * ys + inverse.c
    rows = inverse.d * xs + inverse.e * ys + inverse.f
    return np.floor(rows).astype(np.int64), np.floor(cols).astype(np.int64)


def sample_pixels(
    stack: RasterStack,
    rows: npt.NDArray[np.int64],
    cols: npt.NDArray[np.int64],
    progress: Progress,
) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
    """Read the band values at pixels ``rows, cols`` (inside the grid), chunk by chunk.

    Only the chunks (groups of internal blocks) that hold a pixel are read, and of each chunk
    only the bounding window of its pixels.

    Returns
    -------
    values : ndarray, shape (n, bands)
    valid : ndarray of bool, shape (n,)
        False where a band is nodata.
    """
    windows = require("rasterio.windows")
    block_rows, block_cols = stack.block_shape
    chunk_rows = max(1, -(-TILE // block_rows)) * block_rows
    chunk_cols = max(1, -(-TILE // block_cols)) * block_cols
    n = rows.size
    values = np.empty((n, stack.count), dtype=stack.feature_dtype)
    valid = np.zeros(n, dtype=bool)
    if n == 0:
        return values, valid
    chunk_id = (rows // chunk_rows) * (stack.width // chunk_cols + 1) + cols // chunk_cols
    order = np.argsort(chunk_id, kind="stable")
    bounds = np.flatnonzero(np.diff(chunk_id[order])) + 1
    groups = np.split(order, bounds)
    for k, idx in enumerate(groups):
        check_cancel(progress)
        r, c = rows[idx], cols[idx]
        r0, c0 = int(r.min()), int(c.min())
        window = windows.Window(c0, r0, int(c.max()) - c0 + 1, int(r.max()) - r0 + 1)
        data, ok = stack.read(window)
        values[idx] = data[:, r - r0, c - c0].T
        valid[idx] = ok[r - r0, c - c0]
        progress.report((k + 1) / len(groups))
    return values, valid


def read_labels(path: str | os.PathLike[str], class_field: str, *, layer: str | None = None) -> Any:
    """Read a label layer and check its class field; rows with an empty class are dropped.

    Raises
    ------
    InvalidInputError
        If the layer cannot be read, is empty, lacks the field, or the field is empty.
    """
    gpd = require("geopandas")
    try:
        labels = gpd.read_file(path, layer=layer) if layer else gpd.read_file(path)
    except Exception as exc:  # fiona raises many types; all mean "cannot read"
        raise InvalidInputError(f"Cannot read the label layer '{path}': {exc}.") from exc
    if len(labels) == 0:
        raise InvalidInputError(
            f"The label layer '{path}' has no features: add labelled points and run again."
        )
    if class_field not in labels.columns:
        fields = ", ".join(str(c) for c in labels.columns if c != "geometry")
        raise InvalidInputError(
            f"The class field '{class_field}' is not in the label layer '{path}'. "
            f"Its fields are: {fields}."
        )
    values = labels[class_field]
    if values.dtype == object:
        values = values.map(lambda v: v.strip() if isinstance(v, str) else v).replace("", None)
        labels[class_field] = values
    labels = labels[values.notna()]
    if len(labels) == 0:
        raise InvalidInputError(
            f"The class field '{class_field}' of '{path}' is empty in every feature: fill it "
            "with the class of each label, or choose another field."
        )
    return labels


def _to_points(labels: Any, crs: Any, progress: Progress) -> Any:
    """Reproject labels to ``crs`` and check they are points (multipoints are split)."""
    geoms = labels.geometry
    kinds = set(geoms.geom_type.dropna().unique())
    if not kinds <= {"Point", "MultiPoint"}:
        raise InvalidInputError(
            f"The label layer holds {', '.join(sorted(kinds))} geometries; lulc:sample takes "
            "points. Convert polygons to points (e.g. 'Random points inside polygons') first."
        )
    labels = labels[geoms.notna() & ~geoms.is_empty].explode(index_parts=False)
    if labels.crs is None or crs is None:
        progress.warning(
            "The labels or the raster have no CRS; the labels are taken to be in the raster's "
            "coordinates."
        )
    elif not labels.crs.equals(crs):
        progress.log(f"Reprojecting labels from {labels.crs.to_string()} to the raster's CRS.")
        labels = labels.to_crs(crs)
    return labels


def sample_points(
    raster_paths: Sequence[str | os.PathLike[str]],
    labels_path: str | os.PathLike[str],
    class_field: str,
    *,
    layer: str | None = None,
    output_path: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
) -> SamplingResult:
    """Sample a raster stack at labelled points.

    Parameters
    ----------
    raster_paths
        Rasters on one grid, stacked in order.
    labels_path, layer
        Point layer (any OGR format) and, for multi-layer files, the layer name.
    class_field
        Integer or text field holding each label's class.
    output_path
        If given, the table is written there as a GeoPackage.
    progress
        Progress and cancel callback.

    Returns
    -------
    SamplingResult
        One row per usable label: the class, one field per band, point geometry.

    Raises
    ------
    InvalidInputError
        On an unreadable or empty label layer, a missing class field, or when no label falls
        on a valid pixel of the raster.
    """
    progress = progress or NullProgress()
    gpd = require("geopandas")
    labels = read_labels(labels_path, class_field, layer=layer)
    with RasterStack(raster_paths) as stack:
        labels = _to_points(labels, stack.crs, progress)
        xs = labels.geometry.x.to_numpy(dtype=np.float64)
        ys = labels.geometry.y.to_numpy(dtype=np.float64)
        rows, cols = world_to_pixel(xs, ys, stack.transform)
        inside = (rows >= 0) & (rows < stack.height) & (cols >= 0) & (cols < stack.width)
        values = np.full((len(labels), stack.count), np.nan)
        ok = np.zeros(len(labels), dtype=bool)
        if inside.any():
            values[inside], ok[inside] = sample_pixels(stack, rows[inside], cols[inside], progress)
        band_names = band_field_names(stack.band_names, class_field)
        crs = stack.crs
        crs_wkt = stack.grid.crs_wkt
    classes = labels[class_field].to_numpy()
    tallies = _tally(classes, inside, ok)
    if not inside.any():
        raise InvalidInputError(
            f"None of the {len(labels)} labels falls inside the raster. Check that the labels "
            "cover the image and that both layers have the right CRS."
        )
    if not ok.any():
        raise InvalidInputError(
            f"All {int(inside.sum())} labels inside the raster fall on nodata pixels; "
            "move them onto valid pixels or check the raster's nodata value."
        )
    data = {class_field: classes[ok]}
    data.update({name: values[ok, i].astype(np.float64) for i, name in enumerate(band_names)})
    table = gpd.GeoDataFrame(data, geometry=labels.geometry.to_numpy()[ok], crs=crs)
    result = SamplingResult(table, class_field, band_names, tallies, crs_wkt)
    for line in result.summary_lines():
        progress.log(line)
    if output_path is not None:
        write_samples(table, output_path)
        result = SamplingResult(table, class_field, band_names, tallies, crs_wkt, str(output_path))
    return result


def _tally(
    classes: npt.NDArray[Any], inside: npt.NDArray[np.bool_], ok: npt.NDArray[np.bool_]
) -> list[ClassTally]:
    tallies = []
    for value in sorted(set(classes.tolist()), key=lambda v: (str(type(v)), v)):
        sel = classes == value
        tallies.append(
            ClassTally(
                value,
                kept=int((sel & ok).sum()),
                outside=int((sel & ~inside).sum()),
                nodata=int((sel & inside & ~ok).sum()),
            )
        )
    return tallies


def write_samples(table: Any, output_path: str | os.PathLike[str]) -> None:
    """Write a sample table to a GeoPackage, atomically (layer named after the file)."""
    with atomic_output(output_path, "sample table") as tmp:
        table.to_file(tmp, driver="GPKG", layer=os.path.splitext(os.path.basename(output_path))[0])
