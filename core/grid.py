"""Grid maths: map coordinates to pixel rows and columns and back.

Both directions go through a raster's affine pixel-to-map transform (rasterio ``Affine``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt


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


def pixel_centres(
    rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64], transform: Any
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Map coordinates of the centres of pixels ``rows, cols``."""
    c = cols.astype(np.float64) + 0.5
    r = rows.astype(np.float64) + 0.5
    return (
        transform.a * c + transform.b * r + transform.c,
        transform.d * c + transform.e * r + transform.f,
    )


def decimation(pixel_size: tuple[float, float], resolution: float | None) -> tuple[int, int]:
    """Return the whole factors (columns, rows) that bring pixels closest to ``resolution``.

    ``pixel_size`` is the image's pixel (width, height) and ``resolution`` the pixel size
    wanted, both in the same map units (None: the image's own). A factor is never below 1:
    the pixels are never made finer than the image's.
    """
    if resolution is None:
        return 1, 1
    width, height = pixel_size
    return max(1, round(resolution / width)), max(1, round(resolution / height))
