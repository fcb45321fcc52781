"""Segment features: per-segment statistics of a raster stack, block by block.

A segment raster (from lulc:segment, or any tool) is one band of whole numbers on the grid of
the first raster: 0 (or the raster's nodata, or a negative value) is no segment, every other
value a segment id. Ids need not be consecutive and may be large: accumulators are indexed by
the ids present (``np.unique`` per block), so memory grows with the number of distinct ids,
never with the largest id, and the image is never held whole.

Features, in this order (:func:`feature_names`):

* ``<band>_mean``, ``<band>_std`` for each band of the stack (the model's feature recipe
  applied, as at prediction): mean and population standard deviation over the segment's
  valid pixels (a pixel that is nodata in any band does not count);
* ``area``: the segment's area in m² (all its pixels; per row on the sphere for a geographic
  CRS, see :func:`~.areas.row_areas_m2`);
* ``shape``: compactness 4πA/P², A the segment's pixels and P the pixel edges on its boundary
  (pixel units). On a pixel grid the highest value is π/4 ≈ 0.785 (a square); a digital disc
  gives about 0.6, a line of n pixels about π/n.

The standard deviations are combined across blocks with Chan et al.'s pairwise formula (each
block's sum of squared deviations from its own mean), so they are as accurate as a whole-image
computation.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .areas import row_areas_m2
from .deps import require
from .errors import InvalidInputError
from .features.feature_stack import FeatureRecipe, FeatureStack, open_stack
from .geotiff import RasterStack, block_windows
from .progress import NullProgress, Progress, check_cancel

#: Share of the memory budget given to one block (the rest: the accumulators, libraries).
BLOCK_SHARE = 0.5
#: Blocks are aligned on this many pixels (small, so that small budgets give small blocks).
ALIGN = 16
#: An image larger than one 256 x 256 tile is cut into at least about this many blocks.
PROGRESS_BLOCKS = 16
#: Segments always allowed, whatever the budget (some 20 MB of sums with 4 bands).
MIN_SEGMENTS = 65_536
#: Per-block partial sums are merged once they hold this many rows.
MERGE_ROWS = 1_000_000
#: Geometric features after the band statistics.
GEOMETRY_FEATURES = ("area", "shape")
#: Window as (row_off, col_off, height, width) of the grid.
Bounds = tuple[int, int, int, int]


@dataclass(frozen=True)
class SegmentFeatures:
    """The features of every segment with at least one valid pixel.

    Attributes
    ----------
    ids : ndarray of uint32 (or wider), shape (n,)
        Segment ids, sorted.
    names : list of str
        Feature names (:func:`feature_names`).
    values : ndarray of float64, shape (n, f)
    centroids : ndarray of float64, shape (n, 2)
        Map x, y of the mean of the segment's pixel centres (all its pixels).
    pixels : ndarray of int64, shape (n,)
        Valid pixels of each segment (those its band statistics use).
    """

    ids: npt.NDArray[Any]
    names: list[str]
    values: npt.NDArray[np.float64]
    centroids: npt.NDArray[np.float64]
    pixels: npt.NDArray[np.int64]

    def rows_of(self, ids: npt.NDArray[Any]) -> npt.NDArray[np.int64]:
        """Return the row of each id in this table, -1 where the id has no row."""
        flat = np.asarray(ids).astype(np.int64, copy=False)
        if not self.ids.size:
            return np.full(flat.shape, -1, dtype=np.int64)
        known = self.ids.astype(np.int64)
        pos = np.searchsorted(known, flat).clip(0, known.size - 1)
        return np.where(known[pos] == flat, pos, -1).astype(np.int64)


def feature_names(band_names: Sequence[str]) -> list[str]:
    """Return the segment feature names of a stack with ``band_names``."""
    names = [f"{band}_{stat}" for band in band_names for stat in ("mean", "std")]
    return [*names, *GEOMETRY_FEATURES]


def segment_features(
    raster_paths: Sequence[str | os.PathLike[str]],
    segments_path: str | os.PathLike[str],
    *,
    max_memory_mb: float = 1024,
    progress: Progress | None = None,
    recipe: FeatureRecipe | None = None,
    resampling: str | None = None,
    nodata: float | None = None,
    bounds: Bounds | None = None,
) -> SegmentFeatures:
    """Compute the features of each segment (see the module's docstring), block by block.

    Parameters
    ----------
    raster_paths
        The image's rasters, stacked as for prediction (the first one's grid).
    segments_path
        The segment raster, on the first raster's grid.
    max_memory_mb
        Memory budget of a block.
    recipe, resampling, nodata
        As :func:`~.features.feature_stack.open_stack` takes them (a model's).
    bounds
        (row_off, col_off, height, width): only this part of the grid, taken as the whole
        image (a segment cut by it is described by its part inside).

    Raises
    ------
    InvalidInputError
        If the segment raster is not one band of whole numbers on the rasters' grid.
    """
    progress = progress or NullProgress()
    with (
        open_stack(
            [str(p) for p in raster_paths],
            resampling=resampling or "nearest",
            nodata=nodata,
            recipe=recipe,
        ) as stack,
        open_segments(segments_path, stack) as segments,
    ):
        if isinstance(stack, FeatureStack):
            stack.stop_when(progress.cancelled)
        return features_of(stack, segments, max_memory_mb, progress, bounds)


def features_of(
    stack: RasterStack | FeatureStack,
    segments: SegmentRaster,
    max_memory_mb: float,
    progress: Progress,
    bounds: Bounds | None = None,
) -> SegmentFeatures:
    """Compute the segment features of an open stack and segment raster (see above)."""
    row0, col0, height, width = bounds or (0, 0, stack.height, stack.width)
    per_pixel = stack.count * 40 + 96
    budget = int(max_memory_mb * 1024 * 1024 * BLOCK_SHARE / per_pixel)
    total = height * width
    block = min(budget, max(256 * 256, -(-total // PROGRESS_BLOCKS)))
    windows = list(block_windows(width, height, max(block, 1), align=ALIGN))
    acc = _Accumulator(stack.count, segment_limit(max_memory_mb, stack.count), segments.path)
    for k, window in enumerate(windows):
        check_cancel(progress)
        top, left = row0 + int(window.row_off), col0 + int(window.col_off)
        rows, cols = int(window.height), int(window.width)
        ids = segments.read_padded(top, left, rows, cols, (row0, col0, height, width))
        source = require("rasterio.windows").Window(left, top, cols, rows)
        data, valid = stack.read(source)
        areas = row_areas_m2(stack.crs, stack.transform, np.arange(top, top + rows))
        acc.add(_block_sums(ids, data, valid, (top, left), areas))
        progress.report((k + 1) / len(windows))
    return acc.result(stack.transform, feature_names(stack.band_names))


def segment_limit(max_memory_mb: float, bands: int) -> int:
    """Return how many segments the features of ``bands`` bands may hold in the budget.

    The sums take 56 + 16 x bands bytes a segment (ids, counts, means, squared deviations,
    geometry); merging holds them about twice. The blocks take :data:`BLOCK_SHARE` of the
    budget, the sums the rest; at least :data:`MIN_SEGMENTS`.
    """
    per_segment = 2 * (56 + 16 * bands)
    return max(MIN_SEGMENTS, int(max_memory_mb * 1024 * 1024 * (1 - BLOCK_SHARE) / per_segment))


class SegmentRaster:
    """An open segment raster, checked against the stack's grid; read with a halo."""

    def __init__(self, path: str, dataset: Any) -> None:
        self.path = path
        self.dataset = dataset
        nodata = dataset.nodata
        self.nodata = None if nodata is None or not math.isfinite(nodata) else int(nodata)

    def read_padded(self, top: int, left: int, rows: int, cols: int, bounds: Bounds) -> Any:
        """Read ``rows x cols`` pixels at (top, left) with one pixel around them.

        Beyond ``bounds`` (row_off, col_off, height, width), and at nodata, negative or 0
        values: 0 (no segment). Ids come back as int64 (uint64 ids past 2**63 are refused).
        """
        b_top, b_left, b_rows, b_cols = bounds
        r0, c0 = max(top - 1, b_top), max(left - 1, b_left)
        r1 = min(top + rows + 1, b_top + b_rows)
        c1 = min(left + cols + 1, b_left + b_cols)
        out = np.zeros((rows + 2, cols + 2), dtype=np.int64)
        window = require("rasterio.windows").Window(c0, r0, c1 - c0, r1 - r0)
        part = self.dataset.read(1, window=window)
        if part.dtype == np.uint64 and part.size and int(part.max()) >= 2**63:
            raise InvalidInputError(
                f"The segment raster '{self.path}' holds ids of 2**63 or more; number the "
                "segments from 1 (lulc:segment does)."
            )
        values = part.astype(np.int64)
        if self.nodata is not None:
            values[part == self.nodata] = 0
        values[values < 0] = 0
        out[r0 - top + 1 : r1 - top + 1, c0 - left + 1 : c1 - left + 1] = values
        return out

    def at(self, rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64]) -> Any:
        """Return the segment id (int64, 0: none) at each pixel, read chunk by chunk."""
        out = np.zeros(rows.size, dtype=np.int64)
        if not rows.size:
            return out
        chunk = 512
        key = (rows // chunk) * (self.dataset.width // chunk + 1) + cols // chunk
        order = np.argsort(key, kind="stable")
        bounds = (0, 0, self.dataset.height, self.dataset.width)
        for idx in np.split(order, np.flatnonzero(np.diff(key[order])) + 1):
            r0, c0 = int(rows[idx].min()), int(cols[idx].min())
            height, width = int(rows[idx].max()) - r0 + 1, int(cols[idx].max()) - c0 + 1
            block = self.read_padded(r0, c0, height, width, bounds)
            out[idx] = block[rows[idx] - r0 + 1, cols[idx] - c0 + 1]
        return out

    def __enter__(self) -> SegmentRaster:
        """Return the raster itself."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the dataset."""
        self.dataset.close()


def open_segments(path: str | os.PathLike[str], stack: Any) -> SegmentRaster:
    """Open a segment raster and check it: one band of whole numbers on ``stack``'s grid.

    Raises
    ------
    InvalidInputError
        Naming the file, what is wrong and what to do.
    """
    rasterio = require("rasterio")
    try:
        dataset = rasterio.open(str(path))
    except Exception as exc:  # rasterio's RasterioIOError and kin: cannot be read
        raise InvalidInputError(
            f"The segment raster '{path}' cannot be read ({exc}); give the GeoTIFF made by "
            "lulc:segment for this image."
        ) from exc
    try:
        check_segments(dataset, str(path), stack)
    except BaseException:
        dataset.close()
        raise
    return SegmentRaster(str(path), dataset)


def check_segments(dataset: Any, path: str, stack: Any) -> None:
    """Refuse a segment raster of several bands, of non-integer values or on another grid."""
    fix = "give the segment raster made by lulc:segment for this image"
    if dataset.count != 1:
        raise InvalidInputError(
            f"The segment raster '{path}' has {dataset.count} bands; a segment raster has one "
            f"band of segment ids: {fix}."
        )
    dtype = np.dtype(dataset.dtypes[0])
    if dtype.kind not in "iu":
        raise InvalidInputError(
            f"The segment raster '{path}' holds {dtype.name} values, not whole numbers; segment "
            f"ids are integers (uint32, 0 for no segment): {fix}."
        )
    same_size = (dataset.width, dataset.height) == (stack.width, stack.height)
    # within a thousandth of a pixel: the same grid written by another program
    tolerance = 1e-3 * min(abs(stack.transform.a), abs(stack.transform.e))
    same_transform = all(
        abs(a - b) <= tolerance for a, b in zip(dataset.transform[:6], stack.transform[:6])
    )
    crs_ok = dataset.crs is None or stack.crs is None or dataset.crs == stack.crs
    if not (same_size and same_transform and crs_ok):
        first = stack.paths[0] if getattr(stack, "paths", None) else "the first raster"
        raise InvalidInputError(
            f"The segment raster '{path}' ({dataset.width} x {dataset.height} pixels, "
            f"{_describe_grid(dataset.transform, dataset.crs)}) is not on the grid of "
            f"'{first}' ({stack.width} x {stack.height} pixels, "
            f"{_describe_grid(stack.transform, stack.crs)}): segments must be made on the "
            f"image's own grid; {fix}."
        )


def _describe_grid(transform: Any, crs: Any) -> str:
    where = f"origin {transform.c:g}, {transform.f:g}, pixel {abs(transform.a):g}"
    return f"{where}, {crs.to_string() if crs is not None else 'no CRS'}"


@dataclass(frozen=True)
class _Sums:
    """Per-segment partial sums of one block (or of several, merged).

    ``n`` counts valid pixels; ``mean`` and ``m2`` are the band means and sums of squared
    deviations over them; ``geometry`` holds all pixels, edges, sum of rows, sum of cols, m².
    """

    ids: npt.NDArray[np.int64]
    n: npt.NDArray[np.float64]
    mean: npt.NDArray[np.float64]
    m2: npt.NDArray[np.float64]
    geometry: npt.NDArray[np.float64]


def _block_sums(
    padded: npt.NDArray[np.int64],
    data: npt.NDArray[Any],
    valid: npt.NDArray[np.bool_],
    origin: tuple[int, int],
    row_m2: npt.NDArray[np.float64],
) -> _Sums:
    """Return the partial sums of one block: ``padded`` ids with a 1-pixel halo."""
    ids = padded[1:-1, 1:-1]
    inside = ids != 0
    edges = np.zeros(ids.shape, dtype=np.int64)
    for neighbour in (padded[:-2, 1:-1], padded[2:, 1:-1], padded[1:-1, :-2], padded[1:-1, 2:]):
        edges += neighbour != ids
    found, inverse = np.unique(ids[inside], return_inverse=True)
    inverse = inverse.ravel()
    k = found.size
    rows, cols = np.nonzero(inside)
    geometry = np.stack(
        [
            np.bincount(inverse, minlength=k).astype(np.float64),
            np.bincount(inverse, weights=edges[inside], minlength=k),
            np.bincount(inverse, weights=rows + origin[0] + 0.5, minlength=k),
            np.bincount(inverse, weights=cols + origin[1] + 0.5, minlength=k),
            np.bincount(inverse, weights=row_m2[rows], minlength=k),
        ],
        axis=1,
    ).astype(np.float64, copy=False)  # float64 already; typed so for numpy 2's stubs
    good = valid[inside]
    idx = inverse[good]
    n = np.bincount(idx, minlength=k).astype(np.float64)
    values = data[:, inside][:, good].astype(np.float64)
    mean = np.zeros((k, values.shape[0]))
    m2 = np.zeros((k, values.shape[0]))
    with np.errstate(invalid="ignore", divide="ignore"):
        for band, v in enumerate(values):
            mean[:, band] = np.bincount(idx, weights=v, minlength=k) / n
            deviation = v - mean[idx, band]
            m2[:, band] = np.bincount(idx, weights=deviation * deviation, minlength=k)
    mean[n == 0] = 0.0
    return _Sums(found.astype(np.int64), n, mean, m2, geometry)


def _merge(parts: Sequence[_Sums]) -> _Sums:
    """Combine partial sums by id: counts add, means weighted, deviations by Chan's formula."""
    if len(parts) == 1:
        return parts[0]
    all_ids = np.concatenate([p.ids for p in parts])
    found, inverse = np.unique(all_ids, return_inverse=True)
    inverse = inverse.ravel()
    k = found.size
    n_i = np.concatenate([p.n for p in parts])
    mean_i = np.concatenate([p.mean for p in parts])
    m2_i = np.concatenate([p.m2 for p in parts])
    geo_i = np.concatenate([p.geometry for p in parts])
    n = np.bincount(inverse, weights=n_i, minlength=k).astype(np.float64)
    geometry = np.stack(
        [np.bincount(inverse, weights=g, minlength=k) for g in geo_i.T], axis=1
    ).astype(np.float64)
    mean = np.zeros((k, mean_i.shape[1]))
    m2 = np.zeros((k, mean_i.shape[1]))
    with np.errstate(invalid="ignore", divide="ignore"):
        for band in range(mean_i.shape[1]):
            mean[:, band] = np.bincount(inverse, weights=n_i * mean_i[:, band], minlength=k) / n
            shift = mean_i[:, band] - mean[inverse, band]
            extra = n_i * shift * shift
            m2[:, band] = np.bincount(inverse, weights=m2_i[:, band] + extra, minlength=k)
    mean[n == 0] = 0.0
    return _Sums(found.astype(np.int64), n, mean, m2, geometry)


class _Accumulator:
    """Partial sums of the blocks read so far, merged whenever they grow large.

    At most ``limit`` distinct segments are accumulated: a segment raster with more (a hostile
    one can give every pixel its own id) is refused with a sentence naming ``path`` before
    the sums outgrow the memory budget.
    """

    def __init__(self, bands: int, limit: int, path: str) -> None:
        self.bands = bands
        self.limit = limit
        self.path = path
        self.parts: list[_Sums] = []
        self.rows = 0
        self.merged_rows = 0

    def add(self, sums: _Sums) -> None:
        self.parts.append(sums)
        self.rows += sums.ids.size
        if self.rows > max(min(MERGE_ROWS, self.limit), 2 * self.merged_rows):
            self.parts = [self._merged()]
            self.rows = self.merged_rows = self.parts[0].ids.size

    def _merged(self) -> _Sums:
        merged = _merge(self.parts)
        if merged.ids.size > self.limit:
            raise InvalidInputError(
                f"The segment raster '{self.path}' has more than {self.limit:,} segments, more "
                "than the memory budget allows for their features: make larger segments "
                "(lulc:segment's minimum size or segment size) or give a larger memory budget."
            )
        return merged

    def result(self, transform: Any, names: list[str]) -> SegmentFeatures:
        """Return the features of the segments with at least one valid pixel."""
        if not self.parts:
            return SegmentFeatures(
                np.zeros(0, np.uint32), names, np.zeros((0, len(names))),
                np.zeros((0, 2)), np.zeros(0, np.int64),
            )  # fmt: skip
        total = self._merged()
        keep = total.n > 0
        n = total.n[keep]
        pixels, edges, row_sum, col_sum, m2_area = total.geometry[keep].T
        std = np.sqrt(total.m2[keep] / n[:, None])
        stats = np.empty((n.size, 2 * self.bands))
        stats[:, 0::2] = total.mean[keep]
        stats[:, 1::2] = std
        shape = 4.0 * math.pi * pixels / np.maximum(edges, 1.0) ** 2
        values = np.column_stack([stats, m2_area, shape])
        rows, cols = row_sum / pixels, col_sum / pixels
        xs = transform.c + cols * transform.a + rows * transform.b
        ys = transform.f + cols * transform.d + rows * transform.e
        ids = total.ids[keep]
        out_dtype = np.uint32 if not ids.size or ids.max() < 2**32 else np.uint64
        return SegmentFeatures(
            ids.astype(out_dtype), names, values, np.column_stack([xs, ys]), n.astype(np.int64)
        )
