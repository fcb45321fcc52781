"""Class areas: pixel counts to hectares, for projected and geographic CRSs."""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .escape import csv_row
from .files import atomic_output
from .legend import ClassInfo

#: Radius of the sphere of the same area as the WGS 84 ellipsoid (authalic), in metres.
AUTHALIC_RADIUS = 6371007.2


@dataclass(frozen=True)
class ClassArea:
    """Pixels, hectares and share of the mapped area of one class.

    Attributes
    ----------
    code, name
        The class.
    pixels, hectares, percent
        Its pixels, their area, and its share of the mapped (not nodata) area in percent.
    """

    code: int
    name: str
    pixels: int
    hectares: float
    percent: float


def row_areas_m2(crs: Any, transform: Any, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """Area in m² of one pixel in each of ``rows`` (north-up grids).

    Projected CRS: pixel width x height in metres (constant). Geographic CRS: the area of the
    pixel's cell on the authalic sphere, which shrinks towards the poles.
    """
    width, height = abs(transform.a), abs(transform.e)
    if crs is not None and crs.is_geographic:
        top = transform.f + rows * transform.e
        lat1 = np.radians(top)
        lat2 = np.radians(top + transform.e)
        return np.asarray(
            AUTHALIC_RADIUS**2 * math.radians(width) * np.abs(np.sin(lat1) - np.sin(lat2)),
            dtype=np.float64,
        )
    factor = 1.0
    if crs is not None:
        try:
            factor = float(crs.linear_units_factor[1])
        except Exception:  # no linear unit known: assume metres
            factor = 1.0
    return np.full(rows.shape, width * height * factor * factor, dtype=np.float64)


class AreaCounter:
    """Accumulates pixels and m² per class code, block by block, while the map is written."""

    def __init__(self, max_code: int, crs: Any, transform: Any) -> None:
        self.pixels = np.zeros(max_code + 1, dtype=np.int64)
        self.m2 = np.zeros(max_code + 1, dtype=np.float64)
        self.crs = crs
        self.transform = transform

    def add(self, block: npt.NDArray[Any], valid: npt.NDArray[np.bool_], row_off: int) -> None:
        """Count the valid pixels of a class block whose first row is ``row_off``."""
        size = self.pixels.size
        rows = np.arange(row_off, row_off + block.shape[0])
        per_row = row_areas_m2(self.crs, self.transform, rows)
        codes = block[valid].astype(np.int64)
        weights = np.broadcast_to(per_row[:, None], block.shape)[valid]
        self.pixels += np.bincount(codes, minlength=size)[:size]
        self.m2 += np.bincount(codes, weights=weights, minlength=size)[:size]

    def table(self, legend: Sequence[ClassInfo]) -> list[ClassArea]:
        """One row per class of the legend."""
        total = float(sum(self.m2[c.code] for c in legend)) or 1.0
        return [
            ClassArea(
                c.code,
                c.name,
                int(self.pixels[c.code]),
                float(self.m2[c.code] / 1e4),
                float(100.0 * self.m2[c.code] / total),
            )
            for c in legend
        ]


def write_area_table(
    path: str | os.PathLike[str],
    areas: Sequence[ClassArea],
    before: Sequence[ClassArea] | None = None,
) -> None:
    """Write the class areas as CSV (labelled as pixel counting, which is biased).

    ``before``: the areas before a regularisation (:mod:`.regularize`), in extra columns
    ``pixels_before``, ``hectares_before`` and ``percent_before`` after the usual ones.
    """
    earlier = {a.code: a for a in before or ()}
    with atomic_output(path, "class area table") as tmp, open(tmp, "w", newline="") as handle:
        writer = csv.writer(handle)
        header = ["code", "class", "pixels", "hectares", "percent", "method"]
        writer.writerow(
            header
            + (["pixels_before", "hectares_before", "percent_before"] if before is not None else [])
        )
        for a in areas:
            row: list[object] = [
                a.code,
                a.name,
                a.pixels,
                f"{a.hectares:.4f}",
                f"{a.percent:.4f}",
                "pixel counting (biased)",
            ]
            if before is not None:
                old = earlier.get(a.code, ClassArea(a.code, a.name, 0, 0.0, 0.0))
                row += [old.pixels, f"{old.hectares:.4f}", f"{old.percent:.4f}"]
            writer.writerow(csv_row(row))
