"""Post-classification regularisation: majority filter, probability smoothing, sieve.

Three ways to clean the salt-and-pepper of a pixel classifier, each block by block with a halo
so that memory stays bounded and the result is, bit for bit, the one of the whole image at once:

* **majority** (:func:`majority_filter`): each valid pixel takes the class most frequent among
  the valid pixels of its square window (the window is cut at the image's edges). Counts are
  exact integers. Ties: the pixel's own class if it is among the most frequent, else the lowest
  class code. Nodata never counts, never wins, and stays nodata.
* **probability** (:func:`smooth_probabilities`): each class's probability is averaged over the
  window (uniform, or gaussian weights with sigma = window / 6) over the valid pixels only
  (weighted sum / weight sum); the class is the most probable smoothed class (ties: the pixel's
  class if among the best, else the first in legend order) and the confidence its smoothed
  probability. Direct weighted sums per pixel (separable ``correlate1d``), never running sums,
  so that a pixel's value does not depend on where its block starts.
* **sieve** (:func:`sieve_pass`), a minimum mapping unit of N pixels: patches are connected
  components (4 or 8 neighbours) of one class; a patch of fewer than N pixels is small. In one
  pass, from the map as it was before the pass, each small patch P looks at the classes of the
  pixels around it. For each such class k: the size of its largest patch touching P, capped at
  N, and the number of neighbouring pixel pairs between P and class k. The best class is the
  largest by (capped size, pairs, lower code); P takes it if it ranks above P itself by (capped
  size, lower code), else P stays (it is the largest of its small neighbours; they join it).
  Passes repeat until nothing changes, at most :data:`MAX_PASSES` times. Small patches with no
  valid neighbour (islands in nodata) stay, and the log counts them.

  Neighbouring patches of one class are counted together (what P would join), not one by one:
  that is what makes a pass exact in a window. Why a halo of 2N pixels suffices: a pixel x
  changes only if its patch P is small; P has at most N - 1 pixels, connected, so every pixel
  of P, and every pixel y next to P, is within N - 1 pixels (Chebyshev) of x. A patch Q through
  y of fewer than N pixels lies within N - 2 of y, so within 2N - 3 of x: the window holds all
  of it and its labelling in the window is exact. A patch Q of N pixels or more holds N pixels
  within N - 1 steps of y (a breadth-first walk from y), so within 2N - 2 of x: its part in the
  window, connected to y, has N pixels or more, and its capped size is N, exact. Parts of one
  class in the window are counted together, so a patch split by the window's edge changes
  nothing; the pairs between P and class k are all within N of x. Whether P itself is small is
  exact by the same argument. So a pass at x depends on the pixels within 2N - 2 of x
  (``tests/core/test_regularize.py`` checks block-wise against whole-image passes).
"""

from __future__ import annotations

import contextlib
import math
import os
import tempfile
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .areas import AreaCounter, ClassArea, row_areas_m2, write_area_table
from .deps import require
from .errors import InvalidInputError, check_choice
from .files import OutputSet, output_transaction, style_path
from .geotiff import class_map_profile, compression
from .legend import ClassInfo, qml_paletted
from .map_tags import read_map_legend, write_map_legend, write_product
from .outputs import LAYERS, RAW_PROBABILITIES, finish_raster, layer_profile, probability_layers
from .progress import NullProgress, Progress, SubProgress, check_cancel

METHODS = ("majority", "probability", "sieve")
WEIGHTINGS = ("uniform", "gaussian")
AREA_UNITS = ("pixels", "hectares")
CONNECTIVITIES = (4, 8)
#: Largest window side (pixels) of the majority filter and probability smoothing.
MAX_WINDOW = 51
#: Most sieve passes over the map.
MAX_PASSES = 10
#: Smallest block side (pixels, without the halo) the memory budget must allow.
MIN_BLOCK = 16
#: Preferred smallest block side: smaller blocks would spend their time on halos.
PREFERRED_BLOCK = 512
#: A map is cut into about this many blocks, so that progress moves and threads have work.
PROGRESS_BLOCKS = 16
#: Dataset tag of a regularised map: what was done (:meth:`SmoothingOptions.describe`).
SMOOTHING_TAG = "LULC_SMOOTHING"

_Array = npt.NDArray[Any]


@dataclass(frozen=True)
class SmoothingOptions:
    """How to regularise a class map.

    Parameters
    ----------
    method
        One of :data:`METHODS`: ``"majority"`` filter, ``"probability"`` smoothing (needs the
        class probabilities) or ``"sieve"`` (minimum mapping unit).
    window
        Side of the square window in pixels (majority and probability): odd, 3 to 51.
    weighting
        ``"uniform"`` or ``"gaussian"`` (sigma = window / 6) weights of the probability method.
    min_area, area_unit
        Minimum mapping unit of the sieve, in ``"pixels"`` or ``"hectares"`` (rounded up to
        whole pixels of the map).
    connectivity
        4 (edges) or 8 (edges and corners): which pixels of a class form one patch.

    Raises
    ------
    InvalidInputError
        On any value out of range, with what to give instead.
    """

    method: str
    window: int = 3
    weighting: str = "uniform"
    min_area: float = 0.0
    area_unit: str = "pixels"
    connectivity: int = 8

    def __post_init__(self) -> None:
        """Check every option."""
        check_choice(
            self.method,
            METHODS,
            f"Unknown regularisation method '{self.method}'; use majority, probability or sieve.",
        )
        check_window(self.window)
        check_choice(
            self.weighting,
            WEIGHTINGS,
            f"Unknown weighting '{self.weighting}' of the probability smoothing; use uniform "
            "or gaussian.",
        )
        check_choice(
            self.area_unit,
            AREA_UNITS,
            f"Unknown unit '{self.area_unit}' of the minimum area; use pixels or hectares.",
        )
        if isinstance(self.connectivity, bool) or self.connectivity not in CONNECTIVITIES:
            raise InvalidInputError(
                f"The connectivity must be 4 (pixels touching by an edge) or 8 (by an edge or a "
                f"corner), not {self.connectivity}."
            )
        area = self.min_area
        if isinstance(area, bool) or not isinstance(area, (int, float)) or not math.isfinite(area):
            raise InvalidInputError(
                f"The minimum area must be a number of {self.area_unit}, not {area!r}."
            )
        if area < 0 or (self.method == "sieve" and area <= 0):
            raise InvalidInputError(
                f"The minimum mapping unit must be a positive area, not {area:g} "
                f"{self.area_unit}: give the smallest patch to keep (e.g. 4 pixels or 0.5 "
                "hectares)."
            )

    def describe(self) -> str:
        """Say what the regularisation does, in a few words (the log and the map's tags)."""
        if self.method == "majority":
            return f"majority filter, {self.window} x {self.window} pixels"
        if self.method == "probability":
            return (
                f"probability smoothing, {self.window} x {self.window} pixels, "
                f"{self.weighting} weights"
            )
        return (
            f"minimum mapping unit (sieve) of {self.min_area:g} {self.area_unit}, "
            f"{self.connectivity}-connectivity"
        )


def check_window(window: object) -> None:
    """Refuse a window that is not an odd whole number of pixels from 3 to :data:`MAX_WINDOW`.

    Raises
    ------
    InvalidInputError
        Saying which windows are allowed.
    """
    if (
        isinstance(window, bool)
        or not isinstance(window, (int, np.integer))
        or not 3 <= int(window) <= MAX_WINDOW
        or int(window) % 2 == 0
    ):
        raise InvalidInputError(
            f"The smoothing window must be an odd number of pixels from 3 to {MAX_WINDOW} "
            f"(3, 5, 7 ...), not {window!r}: it is centred on each pixel."
        )


@dataclass(frozen=True)
class SmoothingResult:
    """A regularised class map: where, how, what changed, and the class areas before and after.

    ``passes``: passes over the map (1 for the majority filter and probability smoothing);
    ``min_pixels``: the sieve's minimum patch in pixels (0 for the other methods);
    ``small_patches_left``: small patches that could not be merged (islands in nodata).

    Attributes
    ----------
    output_path, qml_path
        The regularised map and its style.
    method
        ``majority``, ``probability`` or ``sieve``.
    changed_pixels, passes, min_pixels, small_patches_left
        As above.
    areas_before, areas_after
        Class areas (:class:`~.areas.ClassArea`) of the map before and after.
    layers
        The other layers written (by name), when run by a prediction.
    """

    output_path: str
    method: str
    changed_pixels: int
    passes: int
    areas_before: list[ClassArea]
    areas_after: list[ClassArea]
    qml_path: str = ""
    min_pixels: int = 0
    small_patches_left: int = 0
    layers: dict[str, str] = field(default_factory=dict)


# --- array functions ------------------------------------------------------------------------


def box_sum(values: npt.NDArray[np.int32], radius: int) -> npt.NDArray[np.int32]:
    """Return the exact integer sum of ``values`` over the square of ``radius`` around each pixel.

    Outside the array counts as 0 (the window is cut at the edges).
    """
    out = values
    for axis in (0, 1):
        n = out.shape[axis]
        cumulative = np.zeros(
            (n + 1, out.shape[1]) if axis == 0 else (out.shape[0], n + 1), np.int32
        )
        np.cumsum(out, axis=axis, out=cumulative[1:] if axis == 0 else cumulative[:, 1:])
        index = np.arange(n)
        high = np.minimum(index + radius + 1, n)
        low = np.maximum(index - radius, 0)
        out = np.take(cumulative, high, axis=axis) - np.take(cumulative, low, axis=axis)
    return out


def majority_filter(classes: _Array, *, window: int, nodata: int) -> _Array:
    """Return ``classes`` with each valid pixel set to the majority class of its window.

    Parameters
    ----------
    classes : ndarray (rows, cols) of integer class codes
    window
        Odd side of the square window (3 to :data:`MAX_WINDOW`), cut at the array's edges.
    nodata
        The code of pixels without a class: they never count, never win and stay nodata.

    Ties: the pixel's own class if it is among the most frequent, otherwise the lowest code.
    """
    check_window(window)
    radius = int(window) // 2
    valid = classes != nodata
    codes = _codes_present(classes, valid)
    out = classes.copy()
    if not codes.size:
        return out
    best = np.zeros(classes.shape, np.int32)
    best_code = np.full(classes.shape, codes[0], dtype=classes.dtype)
    centre = np.zeros(classes.shape, np.int32)
    for code in codes:  # ascending: a later (higher) code must beat a count strictly
        is_code = classes == code
        count = box_sum(is_code.astype(np.int32), radius)
        better = count > best
        np.putmask(best_code, better, code)
        np.maximum(best, count, out=best)
        np.putmask(centre, is_code, count)
    change = valid & (centre < best)
    out[change] = best_code[change]
    return out


def _codes_present(classes: _Array, valid: npt.NDArray[np.bool_]) -> _Array:
    values = classes[valid]
    if not values.size:
        return np.zeros(0, classes.dtype)
    return np.flatnonzero(np.bincount(values.ravel())).astype(classes.dtype)


def window_weights(window: int, weighting: str) -> npt.NDArray[np.float64]:
    """Return the 1-D weights of a window: ones, or a gaussian with sigma = window / 6."""
    check_window(window)
    offsets = np.arange(window, dtype=np.float64) - window // 2
    if weighting == "gaussian":
        sigma = window / 6.0
        return np.asarray(np.exp(-0.5 * (offsets / sigma) ** 2), dtype=np.float64)
    check_choice(
        weighting, WEIGHTINGS, f"Unknown weighting '{weighting}'; use uniform or gaussian."
    )
    return np.ones(window, dtype=np.float64)


def _correlate(values: npt.NDArray[np.float32], weights: npt.NDArray[np.float64]) -> _Array:
    ndimage = require("scipy.ndimage")
    rows = ndimage.correlate1d(values, weights, axis=0, mode="constant", cval=0.0)
    return np.asarray(
        ndimage.correlate1d(rows, weights, axis=1, mode="constant", cval=0.0), dtype=np.float32
    )


def smooth_probabilities(
    proba: npt.NDArray[np.float32],
    valid: npt.NDArray[np.bool_],
    *,
    window: int,
    weighting: str,
) -> npt.NDArray[np.float32]:
    """Return the class probabilities averaged over each pixel's window of valid pixels.

    Parameters
    ----------
    proba : ndarray (classes, rows, cols) of float32
        Probabilities in legend order; values of invalid pixels are ignored.
    valid : ndarray (rows, cols) of bool
    window, weighting
        See :class:`SmoothingOptions`.

    Returns
    -------
    ndarray (classes, rows, cols) of float32
        Weighted sum over the valid neighbours / their weight sum; 0 where not valid.
    """
    weights = window_weights(window, weighting)
    total = _correlate(valid.astype(np.float32), weights)
    out = np.zeros(proba.shape, dtype=np.float32)
    inside = valid & (total > 0)
    for k in range(proba.shape[0]):
        values = np.where(valid, proba[k], np.float32(0)).astype(np.float32)
        summed = _correlate(values, weights)
        out[k][inside] = summed[inside] / total[inside]
    return out


def smoothed_classes(
    smoothed: npt.NDArray[np.float32], current: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Return, per pixel, the legend index of the most probable smoothed class.

    Ties: ``current`` (the pixel's class before, as a legend index; -1 unknown) if it is among
    the most probable, else the first in legend order.
    """
    best = smoothed.max(axis=0)
    first = np.argmax(smoothed, axis=0).astype(np.int64)
    known = current >= 0
    mine = np.take_along_axis(smoothed, np.where(known, current, 0)[None], axis=0)[0]
    return np.where(known & (mine == best), current, first)


@dataclass(frozen=True)
class _Patches:
    """Connected patches of one class: label per pixel (0 nodata), code and size per label."""

    labels: npt.NDArray[np.int32]
    codes: _Array
    sizes: npt.NDArray[np.int64]


def patches(classes: _Array, *, nodata: int, connectivity: int) -> _Patches:
    """Label the connected patches of each class (4 or 8 neighbours); label 0 is nodata."""
    ndimage = require("scipy.ndimage")
    structure = ndimage.generate_binary_structure(2, 1 if connectivity == 4 else 2)
    labels = np.zeros(classes.shape, np.int32)
    codes = [np.array([nodata], dtype=classes.dtype)]
    offset = 0
    for code in _codes_present(classes, classes != nodata):
        found, count = ndimage.label(classes == code, structure=structure)
        inside = found > 0
        labels[inside] = found[inside] + offset
        codes.append(np.full(count, code, dtype=classes.dtype))
        offset += count
    sizes = np.bincount(labels.ravel(), minlength=offset + 1).astype(np.int64)
    return _Patches(labels, np.concatenate(codes), sizes)


def _neighbour_pairs(
    labels: npt.NDArray[np.int32], connectivity: int
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """Return (a, b): the labels of every pair of neighbouring pixels of two patches."""
    shifts = [(0, 1), (1, 0)] + ([(1, 1), (1, -1)] if connectivity == 8 else [])
    rows, cols = labels.shape
    found_a, found_b = [], []
    for dr, dc in shifts:
        a = labels[: rows - dr, max(0, -dc) : cols - max(0, dc)]
        b = labels[dr:, max(0, dc) : cols - max(0, -dc)]
        touch = (a != b) & (a > 0) & (b > 0)
        found_a.append(a[touch])
        found_b.append(b[touch])
    return np.concatenate(found_a), np.concatenate(found_b)


def _best_classes(
    found: _Patches, small: npt.NDArray[np.bool_], min_pixels: int, connectivity: int
) -> _Array:
    """Return the class of each patch after one sieve pass (see the module's description)."""
    a, b = _neighbour_pairs(found.labels, connectivity)
    patch, other = np.concatenate([a, b]), np.concatenate([b, a])
    keep = small[patch]
    patch, other = patch[keep].astype(np.int64), other[keep]
    kind = found.codes[other].astype(np.int64)
    capped = np.minimum(found.sizes[other], min_pixels)
    order = np.lexsort((capped, kind, patch))
    patch, kind, capped = patch[order], kind[order], capped[order]
    new_codes = found.codes.copy()
    if not patch.size:
        return new_codes
    starts = np.flatnonzero(np.r_[True, (patch[1:] != patch[:-1]) | (kind[1:] != kind[:-1])])
    ends = np.r_[starts[1:], patch.size]
    g_patch, g_kind, g_pairs, g_cap = patch[starts], kind[starts], ends - starts, capped[ends - 1]
    order = np.lexsort((g_kind, -g_pairs, -g_cap, g_patch))
    g_patch, g_kind, g_cap = g_patch[order], g_kind[order], g_cap[order]
    first = np.r_[True, g_patch[1:] != g_patch[:-1]]
    best_patch, best_kind, best_cap = g_patch[first], g_kind[first], g_cap[first]
    own_size = found.sizes[best_patch]
    own_code = found.codes[best_patch].astype(np.int64)
    take = (best_cap > own_size) | ((best_cap == own_size) & (best_kind < own_code))
    new_codes[best_patch[take]] = best_kind[take]
    return new_codes


def _sieve(
    classes: _Array, min_pixels: int, nodata: int, connectivity: int
) -> tuple[_Array, _Patches, npt.NDArray[np.bool_]]:
    """One sieve pass: the new classes, the patches before it, and which labels were small."""
    found = patches(classes, nodata=nodata, connectivity=connectivity)
    small = found.sizes < min_pixels
    small[0] = False
    if not small.any():
        return classes.copy(), found, small
    new_codes = _best_classes(found, small, min_pixels, connectivity)
    return new_codes[found.labels], found, small


def sieve_pass(classes: _Array, *, min_pixels: int, nodata: int, connectivity: int) -> _Array:
    """Return ``classes`` after one pass of the sieve (see the module's description).

    Parameters
    ----------
    classes : ndarray (rows, cols) of integer class codes
    min_pixels
        Patches of fewer pixels are small and join their best neighbouring class.
    nodata
        Code of pixels without a class: never a neighbour to join, and they stay nodata.
    connectivity
        4 or 8: the neighbours that make one patch (and count as neighbouring pixels).
    """
    if connectivity not in CONNECTIVITIES:
        raise InvalidInputError(f"The connectivity must be 4 or 8, not {connectivity}.")
    return _sieve(classes, int(min_pixels), nodata, connectivity)[0]


def sieve(
    classes: _Array, *, min_pixels: int, nodata: int, connectivity: int
) -> tuple[_Array, int]:
    """Return the classes after sieve passes until nothing changes (at most :data:`MAX_PASSES`).

    Also returns the number of passes run (the last one changed nothing, unless the limit was
    reached).
    """
    current = classes
    for done in range(1, MAX_PASSES + 1):
        result = sieve_pass(
            current, min_pixels=min_pixels, nodata=nodata, connectivity=connectivity
        )
        if np.array_equal(result, current):
            return result, done
        current = result
    return current, MAX_PASSES


# --- the class map and its blocks -----------------------------------------------------------


@dataclass(frozen=True)
class MapInfo:
    """What a class map holds besides its pixels: legend, type, grid and tags."""

    legend: list[ClassInfo]
    dtype: str
    nodata: int
    width: int
    height: int
    crs: Any
    transform: Any
    tags: dict[str, str]
    band_tags: dict[str, str]

    @property
    def geo(self) -> dict[str, Any]:
        """The grid, as :func:`~.geotiff.tiled_profile` takes it."""
        return {
            "width": self.width,
            "height": self.height,
            "crs": self.crs,
            "transform": self.transform,
        }


def read_class_map(path: str | os.PathLike[str]) -> MapInfo:
    """Read a class map's legend, type, grid and tags (a map from lulc:predict or classify).

    Raises
    ------
    InvalidInputError
        If it cannot be read, is not a single-band uint8/uint16 raster, or has no legend.
    """
    rasterio = require("rasterio")
    try:
        with rasterio.open(path) as src:
            count, dtype, nodata = src.count, src.dtypes[0], src.nodata
            grid = (src.width, src.height, src.crs, src.transform)
            tags, band_tags = dict(src.tags()), dict(src.tags(1))
    except rasterio.errors.RasterioIOError as exc:
        raise InvalidInputError(f"The class map '{path}' cannot be read: {exc}.") from exc
    if count != 1 or dtype not in ("uint8", "uint16"):
        raise InvalidInputError(
            f"'{path}' is not a class map: it has {count} band(s) of {dtype}, where a map from "
            "lulc:predict or lulc:classify has one band of uint8 or uint16."
        )
    try:
        legend = read_map_legend(band_tags)
    except ValueError as exc:
        raise InvalidInputError(
            f"The legend in the class map '{path}' is damaged ({exc}); predict it again."
        ) from exc
    if not legend:
        raise InvalidInputError(
            f"The class map '{path}' has no legend (LULC_CLASSES tag): it was not written by "
            "lulc:predict or lulc:classify. Regularise a map written by them."
        )
    fallback = 255 if dtype == "uint8" else 65535
    nodata_value = int(nodata) if nodata is not None else fallback
    return MapInfo(legend, dtype, nodata_value, *grid, tags, band_tags)


@dataclass(frozen=True)
class _Window:
    """A block: the core it writes, and the rows and columns it reads (core plus halo)."""

    row: int
    col: int
    rows: int
    cols: int
    outer: tuple[int, int, int, int]  # row, col, rows, cols

    @property
    def core(self) -> tuple[slice, slice]:
        """The core's place inside the outer window."""
        top, left = self.row - self.outer[0], self.col - self.outer[1]
        return slice(top, top + self.rows), slice(left, left + self.cols)


def block_side(width: int, height: int, halo: int, budget_pixels: int) -> int:
    """Return the side of square blocks (without halo) for a map, within the memory budget.

    Blocks of about a :data:`PROGRESS_BLOCKS`-th of the map, at least :data:`PREFERRED_BLOCK`
    and 4 halos wide (halos cost reading and work twice), never past the budget.

    Raises
    ------
    InvalidInputError
        If not even a block of :data:`MIN_BLOCK` pixels with its halo fits the budget.
    """
    largest = math.isqrt(max(budget_pixels, 0)) - 2 * halo
    whole = max(width, height)
    if width * height <= budget_pixels and (4 * halo >= PREFERRED_BLOCK or largest < MIN_BLOCK):
        return whole  # one block: no halo to read twice
    if largest < min(MIN_BLOCK, whole):
        raise InvalidInputError(
            f"The memory budget allows blocks of {math.isqrt(max(budget_pixels, 0))} x "
            f"{math.isqrt(max(budget_pixels, 0))} pixels, too few for the halo of {halo} pixels "
            "each block needs around it: the minimum area (or window) is too large for the "
            "memory budget. Raise the memory budget, use fewer threads, or give a smaller "
            "minimum area."
        )
    wanted = max(PREFERRED_BLOCK, 4 * halo, math.isqrt(-(-width * height // PROGRESS_BLOCKS)))
    return max(1, min(largest, wanted, whole))


def block_windows(width: int, height: int, side: int, halo: int) -> list[_Window]:
    """Return the blocks of ``side`` pixels covering the map, each with its halo (cut at edges)."""
    windows = []
    for row in range(0, height, side):
        for col in range(0, width, side):
            rows, cols = min(side, height - row), min(side, width - col)
            top, left = max(0, row - halo), max(0, col - halo)
            bottom, right = min(height, row + rows + halo), min(width, col + cols + halo)
            windows.append(_Window(row, col, rows, cols, (top, left, bottom - top, right - left)))
    return windows


@dataclass(frozen=True)
class _Block:
    """What a kernel gets: the outer window's classes (and probabilities) and where its core is."""

    classes: _Array
    proba: npt.NDArray[np.float32] | None
    valid_proba: npt.NDArray[np.bool_] | None
    window: _Window


#: A kernel: one block in, the core's "class" (and layers, "changed", "small") out.
_Kernel = Callable[[_Block], dict[str, Any]]


@dataclass(frozen=True)
class _Job:
    """One regularisation: the map, its probabilities, how, and the run's settings."""

    class_map: Path
    probabilities: Path | None
    info: MapInfo
    options: SmoothingOptions
    max_memory_mb: float = 1024
    threads: int | None = None
    compress: str = "DEFLATE"
    #: forced block side (tests); None: from the memory budget
    block: int | None = None


@dataclass
class _PassStats:
    changed: int = 0
    small: int = 0
    blocks: int = 0


def _bytes_per_pixel(job: _Job) -> int:
    """Working bytes per pixel of a block's outer window (inputs, temporaries, outputs)."""
    if job.options.method == "probability":
        return 16 * len(job.info.legend) + 48
    return 48


def _windows(job: _Job, halo: int) -> list[_Window]:
    info = job.info
    threads = job.threads or os.cpu_count() or 1
    budget = int(job.max_memory_mb * 1024 * 1024 * 0.7 / (_bytes_per_pixel(job) * (threads + 2)))
    side = job.block or block_side(info.width, info.height, halo, budget)
    return block_windows(info.width, info.height, side, halo)


def _read_block(sources: dict[str, Any], window: _Window, info: MapInfo, n_classes: int) -> _Block:
    """Read the outer window of the class map (and of the probabilities, as floats 0-1)."""
    row, col, rows, cols = window.outer
    frame = require("rasterio.windows").Window(col, row, cols, rows)
    classes = sources["class"].read(1, window=frame)
    proba, valid = None, None
    if "proba" in sources:
        src = sources["proba"]
        raw = src.read(window=frame)
        if raw.shape[0] != n_classes:
            raise InvalidInputError("The probabilities do not have one band per class.")
        if raw.dtype == np.uint8:
            valid = ~(raw == (src.nodata if src.nodata is not None else 255)).any(axis=0)
            proba = raw.astype(np.float32) / np.float32(100)
        else:
            proba = raw.astype(np.float32)
            valid = np.isfinite(proba).all(axis=0)
            if src.nodata is not None and np.isfinite(src.nodata):
                valid &= ~(raw == src.nodata).any(axis=0)
        valid &= classes != info.nodata
    return _Block(classes, proba, valid, window)


# --- kernels ----------------------------------------------------------------------------------


def _majority_kernel(options: SmoothingOptions, nodata: int) -> _Kernel:
    def kernel(block: _Block) -> dict[str, Any]:
        before = block.classes[block.window.core]
        after = majority_filter(block.classes, window=options.window, nodata=nodata)
        after = after[block.window.core]
        return {"class": after, "before": before, "changed": int(np.count_nonzero(after != before))}

    return kernel


def _sieve_kernel(options: SmoothingOptions, min_pixels: int, nodata: int) -> _Kernel:
    def kernel(block: _Block) -> dict[str, Any]:
        core = block.window.core
        before = block.classes[core]
        result, found, small = _sieve(block.classes, min_pixels, nodata, options.connectivity)
        after = result[core]
        return {
            "class": after,
            "before": before,
            "changed": int(np.count_nonzero(after != before)),
            "small": _small_in_core(found.labels, small, core),
        }

    return kernel


def _small_in_core(
    labels: npt.NDArray[np.int32], small: npt.NDArray[np.bool_], core: tuple[slice, slice]
) -> int:
    """Count the small patches whose first pixel (in row order) is in the block's core.

    A small patch is whole in the window (see the module's description), so each is counted
    by exactly one block.
    """
    if not small.any():
        return 0
    flat = labels.ravel()
    where = np.flatnonzero(small[flat])
    _, first = np.unique(flat[where], return_index=True)
    rows, cols = np.divmod(where[first], labels.shape[1])
    inside = (
        (rows >= core[0].start)
        & (rows < core[0].stop)
        & (cols >= core[1].start)
        & (cols < core[1].stop)
    )
    return int(np.count_nonzero(inside))


def _probability_kernel(options: SmoothingOptions, info: MapInfo, layers: Sequence[str]) -> _Kernel:
    codes = np.array([c.code for c in info.legend], dtype=np.int64)
    index = np.full(max(int(codes.max()), info.nodata) + 1, -1, dtype=np.int64)
    index[codes] = np.arange(codes.size)

    def kernel(block: _Block) -> dict[str, Any]:
        assert block.proba is not None
        assert block.valid_proba is not None
        core = block.window.core
        smoothed = smooth_probabilities(
            block.proba, block.valid_proba, window=options.window, weighting=options.weighting
        )[(slice(None), *core)]
        valid = block.valid_proba[core]
        before = block.classes[core]
        best = smoothed_classes(smoothed, index[before.astype(np.int64)])
        after = np.where(valid, codes[best], before).astype(before.dtype)
        out = {"class": after, "before": before, "changed": int(np.count_nonzero(after != before))}
        out.update(probability_layers(smoothed[:, valid].T, valid, list(layers)))
        return out

    return kernel


# --- running passes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pass:
    """One pass over the map: what to read, what to compute, where to write."""

    source: Path
    target: Path
    kernel: _Kernel
    halo: int
    layers: dict[str, Path] = field(default_factory=dict)


def _open_targets(
    job: _Job, step: _Pass, files: contextlib.ExitStack
) -> tuple[Any, dict[str, Any]]:
    rasterio = require("rasterio")
    info = job.info
    dst = files.enter_context(
        rasterio.open(
            step.target, "w", **class_map_profile(info.geo, info.dtype, info.nodata, job.compress)
        )
    )
    n_classes = len(info.legend)
    extra = {
        name: files.enter_context(
            rasterio.open(path, "w", **layer_profile(info.geo, name, n_classes, job.compress))
        )
        for name, path in step.layers.items()
    }
    return dst, extra


def _run_pass(
    job: _Job,
    step: _Pass,
    counters: tuple[AreaCounter | None, AreaCounter],
    progress: Progress,
) -> _PassStats:
    """Read every block with its halo, compute it in a thread pool, write its core in order."""
    rasterio = require("rasterio")
    windows = _windows(job, step.halo)
    threads = job.threads or os.cpu_count() or 1
    stats = _PassStats(blocks=len(windows))
    pending: deque[tuple[_Window, Future[dict[str, Any]]]] = deque()
    with contextlib.ExitStack() as files, ThreadPoolExecutor(max_workers=threads) as pool:
        sources = {"class": files.enter_context(rasterio.open(step.source))}
        if job.options.method == "probability" and job.probabilities is not None:
            sources["proba"] = files.enter_context(rasterio.open(job.probabilities))
        dst, extra = _open_targets(job, step, files)

        def write(window: _Window, future: Future[dict[str, Any]]) -> None:
            result = future.result()
            frame = require("rasterio.windows").Window(
                window.col, window.row, window.cols, window.rows
            )
            dst.write(result["class"], 1, window=frame)
            for name, handle in extra.items():
                values = result[name]
                handle.write(values[None] if values.ndim == 2 else values, window=frame)
            before, after = counters
            if before is not None:
                original = result["before"]
                before.add(original, original != job.info.nodata, window.row)
            after.add(result["class"], result["class"] != job.info.nodata, window.row)
            stats.changed += result.get("changed", 0)
            stats.small += result.get("small", 0)

        for k, window in enumerate(windows):
            check_cancel(progress)
            block = _read_block(sources, window, job.info, len(job.info.legend))
            pending.append((window, pool.submit(step.kernel, block)))
            while len(pending) > threads:
                write(*pending.popleft())
                progress.report((k + 1 - len(pending)) / len(windows))
        while pending:
            check_cancel(progress)
            write(*pending.popleft())
            progress.report((len(windows) - len(pending)) / len(windows))
        _describe(dst, extra, job)
    return stats


def _describe(dst: Any, extra: dict[str, Any], job: _Job) -> None:
    """Copy the map's tags and legend to the regularised map, and say what the layers are."""
    info = job.info
    dst.update_tags(**info.tags)
    dst.update_tags(**{SMOOTHING_TAG: job.options.describe()})
    dst.update_tags(1, **info.band_tags)
    write_map_legend(dst, info.legend)
    dst.set_band_description(1, "class")
    for name, handle in extra.items():
        write_product(handle, name)
        if name in ("probabilities", RAW_PROBABILITIES):
            for band, item in enumerate(info.legend, start=1):
                handle.set_band_description(band, f"p({item.name})")
        else:
            handle.set_band_description(1, LAYERS[name])


@dataclass(frozen=True)
class _Outcome:
    changed: int
    passes: int
    before: list[ClassArea]
    after: list[ClassArea]
    min_pixels: int = 0
    small_left: int = 0


def min_pixels(options: SmoothingOptions, info: MapInfo, progress: Progress | None = None) -> int:
    """Return the sieve's minimum patch in whole pixels of the map (the area rounded up).

    Hectares become pixels through the map's pixel area; in a geographic CRS, the area of a
    pixel of the map's centre row (:func:`~.areas.row_areas_m2`), and the log says so.
    """
    progress = progress or NullProgress()
    if options.area_unit == "pixels":
        return max(1, math.ceil(round(options.min_area, 9)))
    m2 = float(row_areas_m2(info.crs, info.transform, np.array([info.height // 2]))[0])
    pixels = max(1, math.ceil(round(options.min_area * 1e4 / m2, 9)))
    where = ""
    if info.crs is not None and info.crs.is_geographic:
        where = " (geographic coordinates: the area of a pixel of the map's centre row)"
    elif info.crs is None:
        where = " (the map has no CRS: its units are taken as metres)"
    progress.log(
        f"Minimum mapping unit: {options.min_area:g} ha = {pixels} pixels of {m2:.2f} m²{where}."
    )
    return pixels


def _counters(info: MapInfo) -> tuple[AreaCounter, AreaCounter]:
    top = max(max(c.code for c in info.legend), 1)
    return (
        AreaCounter(top, info.crs, info.transform),
        AreaCounter(top, info.crs, info.transform),
    )


def _regularise(job: _Job, target: Path, layers: dict[str, Path], progress: Progress) -> _Outcome:
    """Regularise ``job``'s map into ``target`` (and the probability layers into ``layers``)."""
    options, info = job.options, job.info
    progress.log(f"Regularisation: {options.describe()}.")
    if options.method == "sieve":
        return _sieve_passes(job, target, progress)
    before, after = _counters(info)
    if options.method == "majority":
        kernel = _majority_kernel(options, info.nodata)
    else:
        kernel = _probability_kernel(options, info, list(layers))
    step = _Pass(job.class_map, target, kernel, options.window // 2, layers)
    stats = _run_pass(job, step, (before, after), progress)
    return _Outcome(stats.changed, 1, before.table(info.legend), after.table(info.legend))


def _sieve_passes(job: _Job, target: Path, progress: Progress) -> _Outcome:
    """Sieve passes, each from the previous pass's temporary map, until nothing changes."""
    info = job.info
    pixels = min_pixels(job.options, info, progress)
    kernel = _sieve_kernel(job.options, pixels, info.nodata)
    before, after = _counters(info)
    changed, stats = 0, _PassStats()
    with tempfile.TemporaryDirectory(prefix=".lulc-sieve-", dir=target.parent) as folder:
        source = job.class_map
        for done in range(1, MAX_PASSES + 1):
            after = _counters(info)[1]
            step = _Pass(source, Path(folder) / f"pass{done}.tif", kernel, 2 * pixels)
            part = SubProgress(progress, (done - 1) / MAX_PASSES, done / MAX_PASSES)
            stats = _run_pass(job, step, (before if done == 1 else None, after), part)
            changed += stats.changed
            progress.log(
                f"Sieve pass {done}: {stats.small} patches under {pixels} pixels, "
                f"{stats.changed} pixels changed."
            )
            source = step.target
            if not stats.changed:
                break
        os.replace(source, target)
    changed = _count_changed(job.class_map, target, job) if done > 1 else changed
    progress.report(1.0)
    left = stats.small
    if stats.changed:
        progress.warning(
            f"The sieve stopped after {MAX_PASSES} passes with pixels still changing; some "
            f"patches under {pixels} pixels may remain. Run lulc:smooth again on the result."
        )
    elif left:
        progress.log(
            f"{left} patches under {pixels} pixels remain: they touch no other class (islands "
            "surrounded by nodata or the map's edge)."
        )
    table = info.legend
    return _Outcome(changed, done, before.table(table), after.table(table), pixels, left)


def _count_changed(original: Path, final: Path, job: _Job) -> int:
    """Count the pixels whose class differs between two maps (read in strips, no halo)."""
    rasterio = require("rasterio")
    windows = _windows(job, 0)
    changed = 0
    with rasterio.open(original) as old, rasterio.open(final) as new:
        for window in windows:
            frame = require("rasterio.windows").Window(
                window.col, window.row, window.cols, window.rows
            )
            changed += int(np.count_nonzero(old.read(1, window=frame) != new.read(1, window=frame)))
    return changed


def _check_probabilities(
    options: SmoothingOptions, path: str | os.PathLike[str] | None, info: MapInfo
) -> None:
    """Refuse the probability method without probabilities, or with ones that do not fit."""
    if options.method != "probability":
        return
    if path is None or not str(path):
        raise InvalidInputError(
            "Probability smoothing needs the class probabilities (one band per class, as "
            "lulc:predict writes them with 'Class probabilities'): give them, or choose the "
            "majority filter or the sieve."
        )
    rasterio = require("rasterio")
    try:
        with rasterio.open(path) as src:
            count, size, transform = src.count, (src.width, src.height), src.transform
    except rasterio.errors.RasterioIOError as exc:
        raise InvalidInputError(f"The probabilities '{path}' cannot be read: {exc}.") from exc
    if count != len(info.legend) or size != (info.width, info.height):
        raise InvalidInputError(
            f"The probabilities '{path}' ({count} bands of {size[0]} x {size[1]} pixels) do not "
            f"fit the class map ({len(info.legend)} classes, {info.width} x {info.height} "
            "pixels): give the probabilities written with this map."
        )
    if not transform.almost_equals(info.transform):
        raise InvalidInputError(
            f"The probabilities '{path}' are not on the class map's grid: give the "
            "probabilities written with this map."
        )


def _log_outcome(outcome: _Outcome, progress: Progress) -> None:
    total = sum(a.pixels for a in outcome.before)
    share = 100.0 * outcome.changed / total if total else 0.0
    progress.log(f"{outcome.changed} pixels changed class ({share:.2f} % of the mapped pixels).")
    for old, new in zip(outcome.before, outcome.after):
        progress.log(
            f"{new.name}: {old.pixels} -> {new.pixels} pixels, {old.hectares:.2f} -> "
            f"{new.hectares:.2f} ha ({old.percent:.2f} -> {new.percent:.2f} %)"
        )


def smooth_raster(
    class_map_path: str | os.PathLike[str],
    output_path: str | os.PathLike[str],
    *,
    probabilities_path: str | os.PathLike[str] | None = None,
    options: SmoothingOptions,
    area_table_path: str | os.PathLike[str] | None = None,
    max_memory_mb: float = 1024,
    threads: int | None = None,
    progress: Progress | None = None,
    outputs: OutputSet | None = None,
) -> SmoothingResult:
    """Regularise a class map from lulc:predict into a new, styled class map.

    The output keeps the input's grid, type, nodata, legend, colour table and tags (plus
    ``LULC_SMOOTHING``, what was done), with a ``.qml`` style beside it; it is written block by
    block (a halo around each) with bounded memory on a thread pool, through an output
    transaction (nothing is left on failure or cancel; no output may overwrite an input).

    Parameters
    ----------
    class_map_path
        A class map written by lulc:predict or lulc:classify (its legend is in its tags).
    output_path
        The regularised GeoTIFF.
    probabilities_path
        The class probabilities written with the map (one band per class, legend order,
        0-100 % or floats 0-1); needed by the probability method only.
    options
        The method and its settings (:class:`SmoothingOptions`).
    area_table_path
        Optional CSV of the class areas after, with the areas before in extra columns.
    max_memory_mb, threads
        Memory budget of the blocks in flight; worker threads (None: all cores).
    progress, outputs
        See :func:`~.predict.predict_raster`.

    Returns
    -------
    SmoothingResult
        The map written, the pixels changed, the class areas before and after.

    Raises
    ------
    InvalidInputError
        If the map is not a class map, the probabilities are missing or do not fit, or the
        minimum area is too large for the memory budget.
    OutputError
        If an output cannot be written or would overwrite an input.
    """
    progress = progress or NullProgress()
    info = read_class_map(class_map_path)
    _check_probabilities(options, probabilities_path, info)
    probabilities = None
    if options.method == "probability" and probabilities_path is not None:
        probabilities = Path(probabilities_path)
    inputs = [class_map_path, probabilities_path]
    with output_transaction(outputs, inputs, progress.cancelled) as staged:
        target = staged.add(output_path, "regularised class map", raster=True)
        qml = staged.add(style_path(output_path), "style file of the regularised class map")
        if area_table_path:
            staged.add(area_table_path, "class area table")
        job = _Job(Path(class_map_path), probabilities, info, options, max_memory_mb, threads)
        outcome = _regularise(job, target, {}, progress)
        qml.write_text(qml_paletted(info.legend), encoding="utf-8")
        if area_table_path:
            write_area_table(staged.staged(area_table_path), outcome.after, before=outcome.before)
        _log_outcome(outcome, progress)
    return _result(outcome, options, str(output_path), {})


def _result(
    outcome: _Outcome, options: SmoothingOptions, output: str, layers: dict[str, str]
) -> SmoothingResult:
    return SmoothingResult(
        output,
        options.method,
        outcome.changed,
        outcome.passes,
        outcome.before,
        outcome.after,
        str(style_path(output)),
        outcome.min_pixels,
        outcome.small_left,
        layers,
    )


@dataclass(frozen=True)
class RunSettings:
    """How a prediction's regularisation runs: memory, threads, and how its files are written."""

    max_memory_mb: float = 1024
    threads: int | None = None
    compress: str = "DEFLATE"
    overviews: bool = False
    cog: bool = False


#: What a prediction calls to write its raw map: (class map, layers by name, progress).
RawWriter = Callable[[Path, dict[str, Path], Progress], None]


def smooth_prediction(
    write_raw: RawWriter,
    class_map: Path,
    layers: dict[str, Path],
    *,
    options: SmoothingOptions,
    settings: RunSettings,
    progress: Progress,
) -> SmoothingResult:
    """Run a prediction into temporary files, then regularise them into its (staged) outputs.

    ``write_raw`` writes the model's class map (and the layers it is given) block by block. For
    the probability method it is given float32 probabilities (:data:`RAW_PROBABILITIES`) and
    the confidence layers (``layers``) are written from the smoothed probabilities; for the
    majority filter and the sieve, the layers stay the model's and go straight to their files.
    Overviews and Cloud Optimized layout are made once, on the final files.
    """
    with tempfile.TemporaryDirectory(prefix=".lulc-raw-", dir=class_map.parent) as folder:
        raw = Path(folder) / "classes.tif"
        smoothed: dict[str, Path] = {}
        raw_layers = dict(layers)
        if options.method == "probability":
            smoothed, raw_layers = raw_layers, {RAW_PROBABILITIES: Path(folder) / "proba.tif"}
        elif layers:
            progress.log(
                f"The confidence layers are the model's: the {options.describe()} changes the "
                "classes only."
            )
        write_raw(raw, raw_layers, SubProgress(progress, 0.0, 0.7))
        info = read_class_map(raw)
        job = _Job(
            raw,
            raw_layers.get(RAW_PROBABILITIES),
            info,
            options,
            settings.max_memory_mb,
            settings.threads,
            compression(settings.compress),
        )
        outcome = _regularise(job, class_map, smoothed, SubProgress(progress, 0.7, 0.97))
    _finish(class_map, layers, settings)
    _log_outcome(outcome, progress)
    return _result(outcome, options, str(class_map), {k: str(v) for k, v in layers.items()})


def _finish(class_map: Path, layers: dict[str, Path], settings: RunSettings) -> None:
    for path, categorical in [(class_map, True), *((p, False) for p in layers.values())]:
        finish_raster(
            path,
            overviews=settings.overviews,
            cog=settings.cog,
            categorical=categorical,
            compress=compression(settings.compress),
        )


__all__ = [
    "METHODS",
    "RunSettings",
    "SmoothingOptions",
    "SmoothingResult",
    "majority_filter",
    "min_pixels",
    "read_class_map",
    "sieve",
    "sieve_pass",
    "smooth_prediction",
    "smooth_probabilities",
    "smooth_raster",
    "smoothed_classes",
]
