"""Label geometries to pixels: which pixels of a raster grid each point, line or polygon gives."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .deps import require
from .grid import pixel_centres, world_to_pixel
from .labels import LabelGeometry
from .progress import Progress, check_cancel

_EMPTY = np.empty(0, dtype=np.int64)


@dataclass(frozen=True)
class LabelPixels:
    """Pixels given by label features: one entry per (feature, pixel) inside the grid.

    ``outside`` flags the features that give no pixel inside the grid.
    """

    feature: npt.NDArray[np.int64]
    rows: npt.NDArray[np.int64]
    cols: npt.NDArray[np.int64]
    xs: npt.NDArray[np.float64]
    ys: npt.NDArray[np.float64]
    outside: npt.NDArray[np.bool_]


@dataclass
class _Gathered:
    """Pixels gathered so far.

    The points (coordinates) and the shapes' pixels (rows, cols), each with its feature index.
    """

    point_idx: list[npt.NDArray[np.int64]]
    point_x: list[npt.NDArray[np.float64]]
    point_y: list[npt.NDArray[np.float64]]
    features: list[npt.NDArray[np.int64]]
    rows: list[npt.NDArray[np.int64]]
    cols: list[npt.NDArray[np.int64]]


def label_pixels(
    geometries: Sequence[Any] | LabelGeometry,
    transform: Any,
    width: int,
    height: int,
    *,
    all_touched: bool,
    progress: Progress,
) -> LabelPixels:
    """Return the pixels of each geometry (shapely geometries or a :class:`LabelGeometry`).

    Points give the pixel they fall in; polygons the pixels whose centre is inside (or every
    pixel they touch, with ``all_touched``), and the pixel of their representative point when
    they are smaller than a pixel; lines the pixels they touch. Multipart geometries give the
    pixels of all parts. ``xs, ys`` are point coordinates for points, pixel centres otherwise.
    """
    geom = (
        geometries
        if isinstance(geometries, LabelGeometry)
        else LabelGeometry.from_shapes(geometries)
    )
    single = np.flatnonzero(np.isfinite(geom.xs))
    got = _Gathered([single], [geom.xs[single]], [geom.ys[single]], [], [], [])
    others = [i for i, g in enumerate(geom.shapes) if g is not None]
    for k, i in enumerate(others):
        _gather_shape(got, i, geom.shapes[i], transform, (width, height), all_touched)
        if k % 256 == 0:
            check_cancel(progress)
            progress.report(k / len(others))
    return _merge(got, transform, width, height, geom.xs.size)


def _gather_shape(
    got: _Gathered,
    index: int,
    shape: Any,
    transform: Any,
    size: tuple[int, int],
    all_touched: bool,
) -> None:
    """Add one non-point geometry: the parts of a multipoint as points, else its pixels."""
    kind = shape.geom_type
    if kind in ("Point", "MultiPoint"):
        parts = list(getattr(shape, "geoms", [shape]))
        got.point_idx.append(np.full(len(parts), index, dtype=np.int64))
        got.point_x.append(np.array([p.x for p in parts]))
        got.point_y.append(np.array([p.y for p in parts]))
        return
    r, c = _shape_pixels(
        shape,
        transform,
        *size,
        lines=kind.endswith("LineString"),
        all_touched=all_touched,
    )
    got.features.append(np.full(r.size, index, dtype=np.int64))
    got.rows.append(r)
    got.cols.append(c)


def _merge(got: _Gathered, transform: Any, width: int, height: int, n: int) -> LabelPixels:
    """Merge the points' pixels inside the grid and the shapes' pixels.

    They come out in the layer's feature order; there are ``n`` features in all.
    """
    px, py = np.concatenate(got.point_x), np.concatenate(got.point_y)
    # Layer order: single points were gathered first, multipoint parts with the shapes.
    idx = np.concatenate(got.point_idx)
    first = np.argsort(idx, kind="stable")
    pidx = idx[first].astype(np.int64)
    px, py = px[first], py[first]
    pr, pc = world_to_pixel(px, py, transform)
    inside = (pr >= 0) & (pr < height) & (pc >= 0) & (pc < width)
    feature = np.concatenate([pidx[inside], *got.features])
    all_rows = np.concatenate([pr[inside], *got.rows])
    all_cols = np.concatenate([pc[inside], *got.cols])
    centre_x, centre_y = pixel_centres(all_rows, all_cols, transform)
    n_points = int(inside.sum())
    centre_x[:n_points], centre_y[:n_points] = px[inside], py[inside]
    order = np.argsort(feature, kind="stable")  # samples in the layer's feature order
    outside = np.ones(n, dtype=bool)
    outside[feature] = False
    return LabelPixels(
        feature[order], all_rows[order], all_cols[order], centre_x[order], centre_y[order], outside
    )


def _shape_pixels(
    geom: Any, transform: Any, width: int, height: int, *, lines: bool, all_touched: bool
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Pixels of one polygon or line, rasterized over its bounding window only."""
    features = require("rasterio.features")
    windows = require("rasterio.windows")
    minx, miny, maxx, maxy = geom.bounds
    bounds = windows.from_bounds(minx, miny, maxx, maxy, transform)
    row0 = max(int(np.floor(bounds.row_off)) - 1, 0)
    col0 = max(int(np.floor(bounds.col_off)) - 1, 0)
    row1 = min(int(np.ceil(bounds.row_off + bounds.height)) + 1, height)
    col1 = min(int(np.ceil(bounds.col_off + bounds.width)) + 1, width)
    if row1 <= row0 or col1 <= col0:
        return _EMPTY, _EMPTY
    window = windows.Window(col0, row0, col1 - col0, row1 - row0)
    burned = features.rasterize(
        [(geom, 1)],
        out_shape=(row1 - row0, col1 - col0),
        transform=windows.transform(window, transform),
        all_touched=all_touched or lines,
        dtype="uint8",
    )
    r, c = np.nonzero(burned)
    if r.size == 0 and not lines:
        # Smaller than a pixel and missing every pixel centre: its representative point's pixel.
        point = geom.representative_point()
        pr, pc = world_to_pixel(np.array([point.x]), np.array([point.y]), transform)
        if 0 <= pr[0] < height and 0 <= pc[0] < width:
            return pr, pc
        return _EMPTY, _EMPTY
    return r.astype(np.int64) + row0, c.astype(np.int64) + col0
