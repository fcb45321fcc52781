"""Neighbourhood features on a padded block.

Focal statistics, grey-level co-occurrence texture and slope.

Every function takes an array that carries a halo of ``h`` pixels on each side (pixels beyond
the image are invalid) and returns values for the inner part. Window sums use integral images,
so a block with its halo gives the same values as the whole image.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from ..deps import require

F64 = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]


def box_sum(values: npt.NDArray[Any], r0: int, r1: int, c0: int, c1: int, h: int) -> F64:
    """Sum ``values`` over a window offset from each inner pixel.

    For each inner pixel (r, c): the sum of ``values[r + r0 : r + r1 + 1, c + c0 : c + c1 + 1]``
    in padded coordinates (the inner part starts at ``h``).
    """
    rows, cols = values.shape
    integral = np.zeros((rows + 1, cols + 1), dtype=np.float64)
    integral[1:, 1:] = np.cumsum(np.cumsum(values, axis=0, dtype=np.float64), axis=1)
    ri = np.arange(h, rows - h)
    ci = np.arange(h, cols - h)
    top, bottom = ri + r0, ri + r1 + 1
    left, right = ci + c0, ci + c1 + 1
    return np.asarray(
        integral[bottom][:, right]
        - integral[top][:, right]
        - integral[bottom][:, left]
        + integral[top][:, left]
    )


def focal_mean_std(band: F64, valid: Mask, size: int) -> tuple[F64, F64]:
    """Mean and standard deviation over ``size`` x ``size`` windows of the valid pixels."""
    h = size // 2
    v = np.where(valid, band, 0.0)
    count = box_sum(valid.astype(np.float64), -h, h, -h, h, h)
    total = box_sum(v, -h, h, -h, h, h)
    squares = box_sum(v * v, -h, h, -h, h, h)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = total / count
        std = np.sqrt(np.maximum(squares / count - mean * mean, 0.0))
    return mean, std


def quantize(band: F64, valid: Mask, low: float, high: float, levels: int) -> npt.NDArray[np.int64]:
    """Grey levels 0..levels-1 over [low, high] (clipped); -1 where invalid."""
    scaled = np.floor((band - low) / max(high - low, 1e-12) * levels)
    q = np.clip(np.nan_to_num(scaled, nan=0.0), 0, levels - 1).astype(np.int64)
    return np.where(valid, q, -1)


def glcm_features(
    q: npt.NDArray[np.int64],
    size: int,
    levels: int,
    check: Callable[[], None] | None = None,
) -> dict[str, F64]:
    """Compute grey-level co-occurrence contrast, homogeneity and entropy.

    The symmetric co-occurrence matrix is that of horizontal neighbour pairs inside each
    ``size`` x ``size`` window (pairs with an invalid pixel are left out).

    ``check`` is called before each pair of grey levels (the loop that takes the time on a
    large block); it may raise to stop, e.g. :class:`~.errors.Cancelled`.
    """
    h = size // 2
    a, b = q[:, :-1], q[:, 1:]
    ok = (a >= 0) & (b >= 0)
    pad = np.zeros((q.shape[0], 1))

    def pair_sum(values: npt.NDArray[Any]) -> F64:
        # Pairs start at columns c-h .. c+h-1 of the window: both pixels inside it.
        return box_sum(np.hstack([np.where(ok, values, 0.0), pad]), -h, h, -h, h - 1, h)

    n = pair_sum(np.ones_like(a, dtype=np.float64))
    diff = (a - b).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        contrast = pair_sum(diff * diff) / n
        homogeneity = pair_sum(1.0 / (1.0 + diff * diff)) / n
        entropy = np.zeros_like(n)
        for i in range(levels):
            for j in range(i, levels):
                if check is not None:
                    check()
                c = pair_sum(((a == i) & (b == j)) | ((a == j) & (b == i)))
                # Symmetric matrix: a pair (i, j) fills (i, j) and (j, i); (i, i) twice.
                p = c / n if i == j else c / (2 * n)
                term = np.where(p > 0, -p * np.log(np.where(p > 0, p, 1.0)), 0.0)
                entropy += term if i == j else 2 * term
    return {"contrast": contrast, "homogeneity": homogeneity, "entropy": entropy}


def slope_degrees(dem: F64, valid: Mask, transform: Any, geographic: bool, row_off: int) -> F64:
    """Compute the slope in degrees (Horn 1981) from a DEM padded by one pixel.

    The inner rows start at grid row ``row_off``. Geographic grids use metres per degree at
    each row's latitude.
    """
    rows = dem.shape[0] - 2
    dx = abs(transform.a) * np.ones(rows)
    dy = abs(transform.e) * np.ones(rows)
    if geographic:
        lat = np.radians(transform.f + (row_off + np.arange(rows) + 0.5) * transform.e)
        dx = dx * 111_320.0 * np.cos(lat)
        dy = dy * 110_540.0
    z = np.where(valid, dem, np.nan)

    def at(dr: int, dc: int) -> F64:
        return z[1 + dr : z.shape[0] - 1 + dr, 1 + dc : z.shape[1] - 1 + dc]

    gx = (at(-1, 1) + 2 * at(0, 1) + at(1, 1)) - (at(-1, -1) + 2 * at(0, -1) + at(1, -1))
    gy = (at(1, -1) + 2 * at(1, 0) + at(1, 1)) - (at(-1, -1) + 2 * at(-1, 0) + at(-1, 1))
    gx = gx / (8 * dx[:, None])
    gy = gy / (8 * dy[:, None])
    return np.asarray(np.degrees(np.arctan(np.hypot(gx, gy))))


def distance_to(mask: Mask, pixel: tuple[float, float], cap: float, h: int) -> F64:
    """Measure the distance from each inner pixel to the nearest True pixel of ``mask``.

    In map units, capped at ``cap``; ``mask`` is padded by ``h``.
    """
    ndimage = require("scipy.ndimage")
    if not mask.any():
        return np.full((mask.shape[0] - 2 * h, mask.shape[1] - 2 * h), cap)
    dist = ndimage.distance_transform_edt(~mask, sampling=(pixel[1], pixel[0]))
    inner = dist[h : mask.shape[0] - h, h : mask.shape[1] - h]
    return np.asarray(np.minimum(inner, cap))


def halo_for_distance(cap: float, pixel: tuple[float, float]) -> int:
    """Pixels of halo so that distances up to ``cap`` are exact."""
    return int(math.ceil(cap / min(pixel))) + 1
