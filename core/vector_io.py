"""Vector files through whichever engine geopandas uses on this stack: pyogrio or fiona.

Debian 12's geopandas 0.12 reads files with fiona; geopandas 1.x (Debian 13, OSGeo4W, pip)
with pyogrio, and fiona is then a separate package nobody needs. The plugin requires only the
one present (:func:`.deps.vector_engine`), and everything that reads or writes vector files
outside geopandas goes through this module.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .deps import require, vector_engine
from .gpkg_points import append_points, read_points


@dataclass(frozen=True)
class VectorLayer:
    """The features of one layer: ids, geometries and the asked-for attribute columns.

    Point geometries come as coordinates (``x``/``y``, NaN for other features) and other
    geometries as shapely objects in ``shapes`` (None for points and missing geometries):
    a shapely object per point is slow on large layers.
    """

    fields: list[str]  # every attribute field of the layer, in order
    crs_wkt: str | None
    ids: list[int]
    x: npt.NDArray[np.float64]
    y: npt.NDArray[np.float64]
    shapes: list[Any]
    columns: dict[str, list[Any]]


def layer_fields(path: str | os.PathLike[str], layer: str | None = None) -> list[str]:
    """Return the attribute fields of a layer, in order."""
    if vector_engine() == "pyogrio":
        return [str(f) for f in require("pyogrio").read_info(path, layer=layer)["fields"]]
    fiona = require("fiona")
    with fiona.open(path, layer=layer) if layer else fiona.open(path) as src:
        return list(src.schema["properties"])


def read_layer(
    path: str | os.PathLike[str], layer: str | None, columns: Sequence[str]
) -> VectorLayer:
    """Read ids, geometries and ``columns`` (which must exist: see :func:`layer_fields`).

    Missing values come as None, whatever the engine. Raises what the engine raises on a file
    it cannot read.
    """
    points = read_points(path, layer, columns)  # GeoPackage points: fast, either engine
    if points is not None:
        table = points.columns
        if vector_engine() == "pyogrio":
            table = {name: _as_pyogrio(values) for name, values in table.items()}
        return VectorLayer(
            points.fields,
            points.crs_wkt,
            points.ids,
            points.x,
            points.y,
            [None] * len(points.ids),
            table,
        )
    if vector_engine() == "pyogrio":
        return _read_pyogrio(path, layer, list(columns))
    return _read_fiona(path, layer, list(columns))


def _read_pyogrio(
    path: str | os.PathLike[str], layer: str | None, columns: list[str]
) -> VectorLayer:
    pyogrio = require("pyogrio")
    info = pyogrio.read_info(path, layer=layer)
    meta, fids, wkb, data = require("pyogrio.raw").read(
        path, layer=layer, columns=columns, return_fids=True
    )
    crs = meta.get("crs")
    crs_wkt = require("pyproj").CRS.from_user_input(crs).to_wkt() if crs else None
    n = len(fids)
    xs, ys = np.full(n, np.nan), np.full(n, np.nan)
    shapes: list[Any] = [None] * n
    if wkb is not None and n:
        geometries = _from_wkb(wkb)
        for i, geometry in enumerate(geometries):
            if geometry is None or geometry.is_empty:
                continue
            if geometry.geom_type == "Point":
                xs[i], ys[i] = geometry.x, geometry.y
            else:
                shapes[i] = geometry
    names = [str(name) for name in meta["fields"]]
    table = {}
    for name, values in zip(names, data):
        table[name] = _python_values(values)
    return VectorLayer(
        [str(f) for f in info["fields"]],
        crs_wkt,
        [int(f) for f in fids],
        xs,
        ys,
        shapes,
        {name: table[name] for name in columns},
    )


def _from_wkb(wkb: Any) -> list[Any]:
    shapely = require("shapely")
    if hasattr(shapely, "from_wkb"):  # shapely 2: vectorised
        return list(shapely.from_wkb(wkb))
    loads = require("shapely.wkb").loads
    return [loads(bytes(g)) if g is not None else None for g in wkb]


def _as_pyogrio(values: list[Any]) -> list[Any]:
    """Return a column read through SQLite as pyogrio gives it.

    Whole numbers with a null come as floats (numpy has no integer null), so both readers
    give the same values.
    """
    if None in values and any(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return [None if v is None else float(v) for v in values]
    return values


def _python_values(values: Any) -> list[Any]:
    """Convert a pyogrio column to Python values with None for nulls (masked, NaN or None)."""
    if isinstance(values, np.ma.MaskedArray):
        mask = np.zeros(len(values), dtype=bool) | np.asarray(values.mask, dtype=bool)
        plain = values.data.tolist()
        return [None if m else v for v, m in zip(plain, mask)]
    plain = np.asarray(values).tolist()
    return [None if isinstance(v, float) and v != v else v for v in plain]


def _read_fiona(path: str | os.PathLike[str], layer: str | None, columns: list[str]) -> VectorLayer:
    fiona = require("fiona")
    shape = require("shapely.geometry").shape
    ids: list[int] = []
    xs: list[float] = []
    ys: list[float] = []
    shapes: list[Any] = []
    table: dict[str, list[Any]] = {name: [] for name in columns}
    with fiona.open(path, layer=layer) if layer else fiona.open(path) as src:
        fields = list(src.schema["properties"])
        crs_wkt = src.crs_wkt or None
        for feature in src:
            geometry = feature.geometry
            ids.append(int(feature.id))
            if geometry is not None and geometry.type == "Point" and geometry.coordinates:
                xs.append(geometry.coordinates[0])
                ys.append(geometry.coordinates[1])
                shapes.append(None)
            else:
                xs.append(np.nan)
                ys.append(np.nan)
                shapes.append(shape(geometry) if geometry is not None else None)
            for name, column in table.items():
                column.append(feature.properties[name])
    return VectorLayer(
        fields,
        crs_wkt,
        ids,
        np.array(xs, dtype=np.float64),
        np.array(ys, dtype=np.float64),
        shapes,
        table,
    )


def write_gpkg(table: Any, path: str | os.PathLike[str], layer: str, tags: dict[str, str]) -> None:
    """Write a GeoDataFrame as a GeoPackage layer with ``tags`` as the layer's metadata."""
    if vector_engine() == "pyogrio":
        table.to_file(path, driver="GPKG", layer=layer, engine="pyogrio", layer_metadata=tags)
        return
    table.to_file(path, driver="GPKG", layer=layer, engine="fiona")
    write_tags(path, layer, tags)


def points(xs: npt.NDArray[np.float64], ys: npt.NDArray[np.float64]) -> Any:
    """Return a GeometryArray of points, built from WKB.

    With shapely 1.8 and no pygeos (Debian 12) this is several times faster than
    ``geopandas.points_from_xy``.
    """
    gpd = require("geopandas")
    wkb = require("shapely.wkb")
    record = np.dtype([("order", "u1"), ("kind", "<u4"), ("x", "<f8"), ("y", "<f8")])
    buffer = np.empty(xs.size, dtype=record)
    buffer["order"], buffer["kind"], buffer["x"], buffer["y"] = 1, 1, xs, ys
    raw = buffer.tobytes()
    size = record.itemsize
    shapes = np.empty(xs.size, dtype=object)
    for k, start in enumerate(range(0, len(raw), size)):
        shapes[k] = wkb.loads(raw[start : start + size])
    return gpd.array.GeometryArray(shapes)


def write_points_gpkg(
    frame: Any, path: str | os.PathLike[str], layer: str, tags: dict[str, str], crs: Any
) -> None:
    """Write a DataFrame as a GeoPackage point layer, a point at each row's ``x`` and ``y``.

    The same file as :func:`write_gpkg` of the GeoDataFrame with those points, written fast:
    the vector engine writes the first row (creating the layer, its fields, CRS, spatial
    index and ``tags``) and :func:`.gpkg_points.append_points` appends the others in one
    SQLite transaction. Should the layer GDAL made not have the frame's fields, the whole
    table goes through the engine instead.
    """
    gpd = require("geopandas")
    xs = np.asarray(frame["x"], dtype=np.float64)
    ys = np.asarray(frame["y"], dtype=np.float64)

    def table(rows: slice) -> Any:
        return gpd.GeoDataFrame(
            frame.iloc[rows].reset_index(drop=True), geometry=points(xs[rows], ys[rows]), crs=crs
        )

    head = slice(0, min(1, len(frame)))
    write_gpkg(table(head), path, layer, tags)
    rest = {str(name): frame[name].to_numpy()[head.stop :] for name in frame.columns}
    if len(rest) != len(frame.columns) or not append_points(path, layer, rest):
        os.remove(path)
        write_gpkg(table(slice(None)), path, layer, tags)


def write_tags(path: str | os.PathLike[str], layer: str, tags: dict[str, str]) -> None:
    """Set metadata items of an existing layer (others are kept).

    pyogrio writes layers whole, so with it the layer is read and written again with the
    merged metadata.
    """
    if vector_engine() == "pyogrio":
        pyogrio = require("pyogrio")
        frame = pyogrio.read_dataframe(path, layer=layer)
        merged = {**read_tags(path, layer), **tags}
        pyogrio.write_dataframe(frame, path, layer=layer, driver="GPKG", layer_metadata=merged)
        return
    fiona = require("fiona")
    with fiona.open(path, "a", layer=layer) as dst:
        dst.update_tags(tags)


def read_tags(path: str | os.PathLike[str], layer: str | None = None) -> dict[str, str]:
    """Read the layer's metadata items ({} for formats without any)."""
    if vector_engine() == "pyogrio":
        found = require("pyogrio").read_info(path, layer=layer).get("layer_metadata")
        return {str(k): str(v) for k, v in (found or {}).items()}
    fiona = require("fiona")
    with fiona.open(path, layer=layer) if layer else fiona.open(path) as src:
        return dict(src.tags())


__all__ = [
    "VectorLayer",
    "layer_fields",
    "points",
    "read_layer",
    "read_tags",
    "write_gpkg",
    "write_points_gpkg",
    "write_tags",
]
