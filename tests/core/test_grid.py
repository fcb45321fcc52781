"""Grid maths: map coordinates to pixels (core/grid.py)."""

from __future__ import annotations

import numpy as np
import pytest

from lulc_classifier.core.grid import world_to_pixel

from ..helpers import ORIGIN, PIXEL, pixel_centre

pytest.importorskip("rasterio")
from rasterio.transform import from_origin  # noqa: E402

# --------------------------------------------------------------------------- world_to_pixel


def test_world_to_pixel_centres_and_edges() -> None:
    transform = from_origin(*ORIGIN, PIXEL, PIXEL)
    cells = [(0, 0), (3, 7), (39, 49), (12, 0)]
    xs = np.array([pixel_centre(r, c)[0] for r, c in cells])
    ys = np.array([pixel_centre(r, c)[1] for r, c in cells])
    rows, cols = world_to_pixel(xs, ys, transform)
    assert rows.tolist() == [r for r, _ in cells]
    assert cols.tolist() == [c for _, c in cells]
    # The top-left corner of a pixel belongs to that pixel (GDAL convention).
    rows, cols = world_to_pixel(
        np.array([ORIGIN[0] + 2 * PIXEL]), np.array([ORIGIN[1] - 5 * PIXEL]), transform
    )
    assert (rows[0], cols[0]) == (5, 2)


def test_world_to_pixel_floors_negative_coordinates() -> None:
    """Just left of / above the raster is pixel -1, not 0 (floor, not truncation)."""
    transform = from_origin(*ORIGIN, PIXEL, PIXEL)
    rows, cols = world_to_pixel(
        np.array([ORIGIN[0] - 0.1, ORIGIN[0] + 1.0]),
        np.array([ORIGIN[1] - 1.0, ORIGIN[1] + 0.1]),
        transform,
    )
    assert rows.tolist() == [0, -1]
    assert cols.tolist() == [-1, 0]
    assert rows.dtype == np.int64
