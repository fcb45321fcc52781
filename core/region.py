"""The part of the grid to predict: an extent and/or mask polygons, snapped to the pixels."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .deps import require
from .errors import InvalidInputError
from .labels import LabelGeometry, read_geometries


@dataclass(frozen=True)
class Region:
    """A window of the stack's grid, its transform and the mask polygons.

    The window is ``row_off``, ``col_off``, ``height``, ``width``; the mask polygons are in
    the grid's CRS (None: the whole window).
    """

    row_off: int
    col_off: int
    height: int
    width: int
    transform: Any
    shapes: list[Any] | None

    def source_window(self, window: Any) -> Any:
        """Return the stack window of a window of the region."""
        windows = require("rasterio.windows")
        return windows.Window(
            window.col_off + self.col_off,
            window.row_off + self.row_off,
            window.width,
            window.height,
        )

    def inside(self, window: Any) -> npt.NDArray[np.bool_] | None:
        """Pixels of ``window`` (region coordinates) inside the mask; None without a mask."""
        if self.shapes is None:
            return None
        windows = require("rasterio.windows")
        features = require("rasterio.features")
        shape = (int(window.height), int(window.width))
        left, bottom, right, top = windows.bounds(window, self.transform)
        hits = [
            g
            for g in self.shapes
            if g.bounds[0] <= right
            and g.bounds[2] >= left
            and g.bounds[1] <= top
            and g.bounds[3] >= bottom
        ]
        if not hits:
            return np.zeros(shape, dtype=bool)
        burned = features.rasterize(
            [(g, 1) for g in hits],
            out_shape=shape,
            transform=windows.transform(window, self.transform),
            dtype="uint8",
        )
        return np.asarray(burned > 0)


def region_for(
    stack: Any,
    extent: tuple[float, float, float, float] | None,
    mask_path: str | None,
    mask_layer: str | None = None,
) -> Region:
    """Return the region of ``stack`` to predict.

    The whole grid, cut to ``extent`` and to the bounds of the mask polygons, whose pixels
    (centres inside) are kept.
    """
    shapes = None
    bounds = [(-math.inf, -math.inf, math.inf, math.inf)]
    if extent is not None:
        bounds.append(extent)
    if mask_path:
        geometry = read_geometries(mask_path, layer=mask_layer, what="mask layer")
        geometry = geometry.in_crs(stack.grid.crs_wkt)
        shapes = _polygons(geometry, mask_path)
        xs = [b for g in shapes for b in (g.bounds[0], g.bounds[2])]
        ys = [b for g in shapes for b in (g.bounds[1], g.bounds[3])]
        bounds.append((min(xs), min(ys), max(xs), max(ys)))
    xmin = max(b[0] for b in bounds)
    ymin = max(b[1] for b in bounds)
    xmax = min(b[2] for b in bounds)
    ymax = min(b[3] for b in bounds)
    if extent is None and shapes is None:
        return Region(0, 0, stack.height, stack.width, stack.transform, None)
    inverse = ~stack.transform
    c0, r0 = inverse * (xmin, ymax)
    c1, r1 = inverse * (xmax, ymin)
    col0 = max(int(math.floor(min(c0, c1))), 0)
    row0 = max(int(math.floor(min(r0, r1))), 0)
    col1 = min(int(math.ceil(max(c0, c1))), stack.width)
    row1 = min(int(math.ceil(max(r0, r1))), stack.height)
    if col1 <= col0 or row1 <= row0:
        raise InvalidInputError(
            "The extent (or the mask) does not overlap the rasters: choose an area inside the "
            "image, in the image's CRS."
        )
    windows = require("rasterio.windows")
    window = windows.Window(col0, row0, col1 - col0, row1 - row0)
    return Region(
        row0, col0, row1 - row0, col1 - col0, windows.transform(window, stack.transform), shapes
    )


def _polygons(geometry: LabelGeometry, path: str) -> list[Any]:
    shapes = [g for g in geometry.shapes if g is not None and g.geom_type.endswith("Polygon")]
    if not shapes:
        raise InvalidInputError(
            f"The mask layer '{path}' holds no polygons: give a polygon layer for the area "
            "of interest."
        )
    return shapes
