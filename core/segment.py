"""Image segmentation: segments (objects) from a raster stack, tile by tile with bounded memory.

Segments come from scikit-image's Felzenszwalb graph segmentation or SLIC superpixels, run on
square tiles of ``tile_size`` pixels, each read with ``overlap`` extra pixels on every side. The
tiles are segmented in a thread pool; only the tiles in flight, one row of tiles' overlap
strips (width x 2 overlap labels) and the union-find over provisional ids (O(number of
segments), 8 bytes each, plus one byte each saying whether the id is used) are in memory: neither
the image nor a whole-image label array ever is, so images larger than RAM work.
(scikit-image 0.19's Felzenszwalb holds the GIL, so its tiles gain little from more threads
beyond overlapping with reading and writing; SLIC's run in parallel.)

Band scaling. Felzenszwalb's ``scale`` and SLIC's ``compactness`` depend on the value range, so
every band is normalised with statistics computed ONCE for the whole image (2nd and 98th
percentiles of a decimated read of at most 512 x 512 pixels), the same for every
tile: the 2nd percentile maps to 0 and the 98th to 1 for Felzenszwalb (scikit-image's range of
float images), to 0 and 100 for SLIC (the range of CIELAB's lightness, for which its
compactness is tuned). Values beyond the percentiles are not clipped. Nodata pixels (nodata or
NaN in any band) take the value of the nearest valid pixel while segmenting (no false edges, no
smoothing from a fill value), then get segment id 0; segments are then split into connected
parts, so that no segment joins two areas through nodata.

Stitching. Each tile keeps the labels of its core (its ``tile_size`` square) under provisional
ids in a temporary raster. Two tiles side by side (or one above the other) both segment the
strip of ``2 x overlap`` pixels centred on the edge between their cores: a segment ``a`` of one
tile and a segment ``b`` of the other are merged (union-find over provisional ids) when more
than half of ``a``'s pixels in that strip are ``b``'s pixels and more than half of ``b``'s are
``a``'s (mutual majority). A second block-wise pass renumbers the temporary raster to
consecutive ids 1..n.

What this guarantees at tile edges (seams):

* Where both tiles segment the overlap strip the same way (the same partition of its pixels),
  every segment continues across the seam: segments never stop at a tile edge when both tiles
  agree in the overlap. In particular a homogeneous region spanning several tiles (one segment
  in each tile) becomes ONE segment, and an image of one value is one segment.
* Across one seam a segment is joined to at most one segment of the neighbouring tile (the
  majority is unique), so a seam never merges segments the tiles kept apart.
* Where the tiles disagree in the overlap (a textured area cut differently near the edge), the
  seam may remain a boundary along the tile edge. Tiles that meet only at a corner are joined
  through their side neighbours. SLIC places its superpixels on a grid per tile, so at a seam
  its superpixels are mostly cut along the tile edge (smaller ones there): they still never
  cross an edge in the image that the tiles both see.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import warnings
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .deps import require
from .errors import InvalidInputError, check_choice
from .files import OutputSet, output_transaction, remove_quietly
from .geotiff import block_windows, tiled_profile
from .map_tags import write_product
from .paths import reserve
from .progress import NullProgress, Progress, SubProgress, check_cancel
from .stack import RasterStack

log = logging.getLogger(__name__)

METHODS = ("felzenszwalb", "slic")
#: The ``LULC_PRODUCT`` of a segment raster (:func:`~.map_tags.write_product`).
PRODUCT = "segments"
#: Layer name and fields of the optional polygons.
POLYGON_LAYER = "segments"
#: Percentiles of each band mapped to 0 and to the method's range.
PERCENTILES = (2.0, 98.0)
#: Longest side of the decimated read the band statistics come from (at most 262,144 values).
SCALING_SIDE = 512
#: Bytes per pixel of a tile being segmented, besides 24 per band (measured with tracemalloc on
#: scikit-image 0.19: Felzenszwalb's graph with its sorted edges is about 300 bytes a pixel).
TILE_BYTES_PER_PIXEL = {"felzenszwalb": 300, "slic": 60}
#: Pixels of a block in the renumbering and vectorising passes.
BLOCK_PIXELS = 256 * 256
_Labels = npt.NDArray[np.uint32]


@dataclass(frozen=True)
class SegmentOptions:
    """How to segment: the method and its parameters, tiles, memory and threads, polygons.

    Parameters
    ----------
    method
        ``"felzenszwalb"`` (graph-based; segments follow the image, sizes vary) or ``"slic"``
        (compact superpixels of about ``segment_size`` pixels).
    scale
        Felzenszwalb: larger gives larger segments (bands normalised to 0-1).
    sigma
        Gaussian smoothing (pixels) before segmenting, both methods.
    min_size
        Felzenszwalb: smallest segment, in pixels (smaller ones are merged into a neighbour).
    segment_size
        SLIC: approximate pixels per superpixel (a tile gets valid pixels / segment_size seeds).
    compactness
        SLIC: balance of colour and space (bands normalised to 0-100); larger is squarer.
    tile_size, overlap
        Side of the tiles segmented one at a time, and the extra pixels read on each side
        (used to join segments across tile edges).
    max_memory_mb
        Budget for the tiles in flight: fewer threads when it would be exceeded.
    threads
        Worker threads (None: all cores for SLIC, one for Felzenszwalb, whose scikit-image code
        holds the GIL: a second thread would double the memory without gaining time).
    polygons_path
        Optional GeoPackage of the segments as polygons (layer ``segments``).
    """

    method: str = "felzenszwalb"
    scale: float = 100.0
    sigma: float = 0.5
    min_size: int = 20
    segment_size: int = 100
    compactness: float = 10.0
    tile_size: int = 512
    overlap: int = 64
    max_memory_mb: float = 1024
    threads: int | None = None
    polygons_path: str | None = None

    def __post_init__(self) -> None:
        """Check every option, with a sentence saying what to change."""
        check_choice(
            self.method,
            METHODS,
            f"Unknown segmentation method '{self.method}'; choose one of: {', '.join(METHODS)}.",
        )
        _positive(self.scale, "The scale")
        _positive(self.compactness, "The compactness")
        _positive(self.max_memory_mb, "The memory budget")
        if not (0 <= self.sigma < math.inf):
            raise InvalidInputError(
                f"The smoothing (sigma) must be 0 or a positive number of pixels, not {self.sigma}."
            )
        _at_least(self.min_size, 1, "The minimum segment size (pixels)")
        _at_least(self.segment_size, 4, "The segment size of SLIC (pixels)")
        _at_least(self.tile_size, 64, "The tile size (pixels)")
        _at_least(self.overlap, 1, "The tile overlap (pixels)")
        if self.overlap * 2 > self.tile_size:
            raise InvalidInputError(
                f"The tile overlap ({self.overlap} pixels) must be at most half the tile size "
                f"({self.tile_size}): choose a smaller overlap or larger tiles."
            )
        if self.threads is not None:
            _at_least(self.threads, 1, "The number of threads")


def _positive(value: float, what: str) -> None:
    if not (0 < value < math.inf):
        raise InvalidInputError(f"{what} must be a positive number, not {value}.")


def _at_least(value: int, low: int, what: str) -> None:
    if int(value) != value or value < low:
        raise InvalidInputError(f"{what} must be a whole number of at least {low}, not {value}.")


@dataclass(frozen=True)
class SegmentationResult:
    """A written segment raster: path, number of segments (ids 1..segments), tiles, merges.

    Attributes
    ----------
    output_path
        The segment raster (uint32, 0: nodata).
    segments
        Number of segments (ids 1..segments).
    tiles, seams_merged
        Tiles segmented; joins of segments across tile edges.
    polygons_path
        The segments as polygons, if asked.
    """

    output_path: str
    segments: int
    tiles: int
    seams_merged: int
    polygons_path: str | None


# --------------------------------------------------------------------------- array functions


def normalise(
    data: npt.NDArray[Any],
    valid: npt.NDArray[np.bool_],
    low: npt.NDArray[np.float64],
    high: npt.NDArray[np.float64],
    span: float,
) -> npt.NDArray[np.float64]:
    """Return the bands as (rows, cols, bands) float64, ``low`` -> 0 and ``high`` -> ``span``.

    Nodata pixels take the value of the nearest valid pixel (scipy's Euclidean distance
    transform), so that they add no edge and smoothing spreads no fill value.
    """
    factor = span / (high - low)
    image: npt.NDArray[np.float64] = np.empty((*valid.shape, data.shape[0]), dtype=np.float64)
    for band in range(data.shape[0]):
        image[..., band] = (data[band] - low[band]) * factor[band]
    if not valid.all():
        ndimage = require("scipy.ndimage")
        nearest = ndimage.distance_transform_edt(
            ~valid, return_distances=False, return_indices=True
        )
        image = image[nearest[0], nearest[1]]
    return image


def segment_tile(
    data: npt.NDArray[Any],
    valid: npt.NDArray[np.bool_],
    scaling: tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]],
    options: SegmentOptions,
) -> tuple[npt.NDArray[np.int64], int]:
    """Segment one tile: labels 1..n of connected segments (0 at nodata), and n.

    Parameters
    ----------
    data : ndarray, shape (bands, rows, cols)
    valid : ndarray of bool, shape (rows, cols)
    scaling
        Each band's values mapped to 0 and to the top of the method's range (see the module).
    """
    labels: npt.NDArray[np.int64] = np.zeros(valid.shape, dtype=np.int64)
    if not valid.any():
        return labels, 0
    segmentation = require("skimage.segmentation")
    slic = options.method == "slic"
    image = normalise(data, valid, *scaling, span=100.0 if slic else 1.0)
    if slic:
        n_segments = max(1, int(valid.sum()) // options.segment_size)
        labels[:] = segmentation.slic(
            image,
            n_segments=n_segments,
            compactness=options.compactness,
            sigma=options.sigma,
            convert2lab=False,
            enforce_connectivity=True,
            start_label=1,
            mask=None if valid.all() else valid,
            channel_axis=-1,
        )
    else:
        with warnings.catch_warnings():
            # "Got image with third dimension of N": more than 3 bands is what we mean. (The
            # filters are the process's: a thread's catch may restore another's, which at
            # worst shows or hides this one warning.)
            warnings.filterwarnings("ignore", "Got image with third dimension", RuntimeWarning)
            labels[:] = segmentation.felzenszwalb(
                image,
                scale=options.scale,
                sigma=options.sigma,
                min_size=options.min_size,
                channel_axis=-1,
            )
        labels += 1
    del image
    labels[~valid] = 0
    connected, count = require("skimage.measure").label(
        labels, background=0, connectivity=1, return_num=True
    )
    return connected.astype(np.int64, copy=False), int(count)


def seam_pairs(first: _Labels, second: _Labels) -> npt.NDArray[np.uint32]:
    """Return the (k, 2) pairs of ids to merge across a seam: the mutual majorities.

    ``first`` and ``second`` are the ids two tiles give the same pixels (0: nodata). A pair
    (a, b) is returned when more than half of a's pixels here are b's and more than half of b's
    are a's.
    """
    both = (first > 0) & (second > 0)
    a, b = first[both].astype(np.uint64), second[both].astype(np.uint64)
    if a.size == 0:
        return np.empty((0, 2), dtype=np.uint32)
    keys, counts = np.unique((a << np.uint64(32)) | b, return_counts=True)
    pair_a, pair_b = keys >> np.uint64(32), keys & np.uint64(0xFFFFFFFF)
    ids_a, size_a = np.unique(a, return_counts=True)
    ids_b, size_b = np.unique(b, return_counts=True)
    total_a = size_a[np.searchsorted(ids_a, pair_a)]
    total_b = size_b[np.searchsorted(ids_b, pair_b)]
    keep = (2 * counts > total_a) & (2 * counts > total_b)
    pairs: npt.NDArray[np.uint32] = np.stack([pair_a[keep], pair_b[keep]], axis=1).astype(np.uint32)
    return pairs


class UnionFind:
    """Disjoint sets over provisional ids 1..n, in one growable int64 array (8 bytes an id)."""

    def __init__(self) -> None:
        self.parent: npt.NDArray[np.int64] = np.arange(1024, dtype=np.int64)
        self.size = 1  # ids below are in use (0: nodata)
        self.merged = 0

    def add(self, count: int) -> int:
        """Reserve ``count`` new ids; return the first."""
        first = self.size
        needed = first + count
        if needed > len(self.parent):
            grown = np.arange(max(needed, 2 * len(self.parent)), dtype=np.int64)
            grown[: self.size] = self.parent[: self.size]
            self.parent = grown
        self.size = needed
        return first

    def find(self, item: int) -> int:
        """Return the representative of ``item`` (path halving)."""
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = int(parent[item])
        return item

    def union(self, a: int, b: int) -> None:
        """Join the sets of ``a`` and ``b`` (the smaller id represents the set)."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
            self.merged += 1

    def roots(self) -> npt.NDArray[np.int64]:
        """Every id's representative (vectorised full compression)."""
        roots = self.parent[: self.size].copy()
        while True:
            nxt = roots[roots]
            if np.array_equal(nxt, roots):
                return roots
            roots = nxt


def consecutive_ids(
    roots: npt.NDArray[np.int64], used: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.uint32], int]:
    """Return the table provisional id -> final id (1..n, 0 for ids in no pixel) and n."""
    kept = np.unique(roots[used])
    kept = kept[kept > 0]
    table = np.zeros(len(roots), dtype=np.uint32)
    if kept.size:
        position = np.searchsorted(kept, roots)
        found = (position < kept.size) & (kept[np.minimum(position, kept.size - 1)] == roots)
        table[found] = (position[found] + 1).astype(np.uint32)
    table[0] = 0
    return table, int(kept.size)


# --------------------------------------------------------------------------- tiles


@dataclass(frozen=True)
class Tile:
    """One tile: its position in the tile grid, its core and the window read (core + overlap)."""

    row: int
    col: int
    core: tuple[int, int, int, int]  # row0, col0, row1, col1
    read: tuple[int, int, int, int]


def tiles(width: int, height: int, size: int, overlap: int) -> list[Tile]:
    """Return the tiles covering the grid, row by row."""
    out = []
    for i, row0 in enumerate(range(0, height, size)):
        for j, col0 in enumerate(range(0, width, size)):
            row1, col1 = min(row0 + size, height), min(col0 + size, width)
            read = (
                max(row0 - overlap, 0),
                max(col0 - overlap, 0),
                min(row1 + overlap, height),
                min(col1 + overlap, width),
            )
            out.append(Tile(i, j, (row0, col0, row1, col1), read))
    return out


def _window(box: tuple[int, int, int, int]) -> Any:
    row0, col0, row1, col1 = box
    return require("rasterio.windows").Window(col0, row0, col1 - col0, row1 - row0)


@dataclass
class _Stitch:
    """The state of pass 1: provisional ids, which are used, the strips waiting for a neighbour."""

    overlap: int
    sets: UnionFind = field(default_factory=UnionFind)
    used: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(1024, dtype=bool))
    strips: dict[tuple[str, int, int], _Labels] = field(default_factory=dict)

    def add_tile(self, tile: Tile, labels: npt.NDArray[np.int64], count: int) -> _Labels:
        """Give the tile's segments provisional ids, join them across seams; return the core."""
        first = self.sets.add(count)
        if first + count > np.iinfo(np.uint32).max:
            raise InvalidInputError(
                "The image has too many segments for 32-bit ids: increase the scale or the "
                "minimum size (Felzenszwalb), or the segment size (SLIC)."
            )
        ids: _Labels = np.where(labels > 0, labels + (first - 1), 0).astype(np.uint32)
        r0, c0 = tile.read[0], tile.read[1]
        row0, col0, row1, col1 = tile.core
        core = ids[row0 - r0 : row1 - r0, col0 - c0 : col1 - c0]
        if len(self.used) < self.sets.size:
            grown = np.zeros(max(self.sets.size, 2 * len(self.used)), dtype=bool)
            grown[: len(self.used)] = self.used
            self.used = grown
        self.used[np.unique(core)] = True
        o = self.overlap
        # the strips centred on the core's edges that have a neighbour (clipped at the image)
        if col0 > 0:
            self._meet(("v", tile.row, tile.col), ids[:, col0 - o - c0 : col0 + o - c0])
        if tile.read[3] > col1:
            self._meet(("v", tile.row, tile.col + 1), ids[:, col1 - o - c0 : col1 + o - c0])
        if row0 > 0:
            self._meet(("h", tile.row, tile.col), ids[row0 - o - r0 : row0 + o - r0])
        if tile.read[2] > row1:
            self._meet(("h", tile.row + 1, tile.col), ids[row1 - o - r0 : row1 + o - r0])
        return core

    def _meet(self, key: tuple[str, int, int], strip: _Labels) -> None:
        other = self.strips.pop(key, None)
        if other is None:
            self.strips[key] = strip.copy()
            return
        for a, b in seam_pairs(other, strip):
            self.sets.union(int(a), int(b))


# --------------------------------------------------------------------------- the tool


def band_scaling(
    stack: RasterStack, progress: Progress, span: float = 1.0
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Return each band's 2nd and 98th percentiles over the whole image (a decimated read).

    Computed once, so that every tile is normalised the same way; logged.
    """
    lows, highs = [], []
    for band in range(1, stack.count + 1):
        values = stack.decimated(band, SCALING_SIDE)
        if values.dtype.kind == "f":
            values = values[np.isfinite(values)]
        low, high = np.percentile(values, PERCENTILES) if values.size else (0.0, 1.0)
        lows.append(float(low))
        highs.append(float(high) if high > low else float(low) + 1.0)
    names = stack.band_names
    progress.log(
        "Band scaling, the same for every tile (from a decimated read of the whole image): "
        + "; ".join(
            f"{name}: {low:g} -> 0, {high:g} -> {span:g}"
            for name, low, high in zip(names, lows, highs)
        )
        + " (2nd and 98th percentiles; values beyond them are not clipped)."
    )
    return np.array(lows), np.array(highs)


def tile_threads(options: SegmentOptions, bands: int, progress: Progress) -> int:
    """Threads such that the tiles in flight fit the memory budget.

    Each thread segments a tile (:data:`TILE_BYTES_PER_PIXEL`, 24 more a band) and one more
    tile waits, read (4 bytes a band and its mask).
    """
    side = options.tile_size + 2 * options.overlap
    work = side * side * (TILE_BYTES_PER_PIXEL[options.method] + 24 * bands)
    read = side * side * (4 * bands + 1)
    default = 1 if options.method == "felzenszwalb" else os.cpu_count() or 1
    wanted = options.threads or default
    fit = int((options.max_memory_mb * 2**20 - read) // (work + read))
    if fit < 1:
        progress.warning(
            f"Segmenting a tile of {side} x {side} pixels needs about "
            f"{(work + 2 * read) / 2**20:.0f} MB, more than the memory budget of "
            f"{options.max_memory_mb:g} MB: one thread is used. Choose smaller tiles to stay "
            "within the budget."
        )
        return 1
    return max(1, min(wanted, fit))


def segment_raster(
    raster_paths: Sequence[str | os.PathLike[str]],
    output_path: str | os.PathLike[str],
    *,
    options: SegmentOptions | None = None,
    progress: Progress | None = None,
    outputs: OutputSet | None = None,
) -> SegmentationResult:
    """Segment a raster stack into a uint32 GeoTIFF of segment ids 1..n (0: nodata).

    Tile by tile with overlap, joined across tile edges (see the module for the scaling and
    what is guaranteed at seams); on the first raster's grid and CRS, tiled and compressed,
    band description ``segment``, tagged ``LULC_PRODUCT=segments``. Optionally the segments as
    polygons (GeoPackage layer ``segments``, fields ``segment`` and ``pixels``). Every output is
    staged and appears only when complete; a failure or cancel leaves none.

    Parameters
    ----------
    raster_paths
        The rasters to segment, stacked in order (on the first one's grid).
    output_path
        The segment raster to write.
    options
        Method, its settings, tiles and the optional polygons (:class:`SegmentOptions`).
    progress
        Progress and cancel callback.
    outputs
        See :func:`~.predict.predict_raster`.

    Returns
    -------
    SegmentationResult
        The raster written and its number of segments.

    Raises
    ------
    MissingDependencyError
        If scikit-image is not installed (naming the install command).
    OutputError
        If an output cannot be written or would overwrite an input or another output.
    """
    opts = options or SegmentOptions()
    progress = progress or NullProgress()
    require("skimage.segmentation")
    with output_transaction(outputs, raster_paths, progress.cancelled) as staged:
        staged.add(output_path, "segment raster", raster=True)
        if opts.polygons_path:
            staged.add(opts.polygons_path, "segment polygons")
        return _segment(raster_paths, output_path, opts, staged, progress)


def _segment(
    raster_paths: Sequence[str | os.PathLike[str]],
    output_path: str | os.PathLike[str],
    opts: SegmentOptions,
    staged: OutputSet,
    progress: Progress,
) -> SegmentationResult:
    share = 0.8 if opts.polygons_path else 1.0
    target = staged.staged(output_path)
    temp = reserve(Path(output_path), "temporary segment raster")
    with RasterStack([str(p) for p in raster_paths]) as stack, _removed(temp):
        geo = {
            "width": stack.width,
            "height": stack.height,
            "crs": stack.crs,
            "transform": stack.transform,
        }
        stitch, n_tiles = _segment_tiles(stack, temp, opts, SubProgress(progress, 0, 0.8 * share))
        table, count = consecutive_ids(stitch.sets.roots(), stitch.used[: stitch.sets.size])
        merged = stitch.sets.merged
        del stitch
        totals = _renumber(
            temp, target, table, count, geo, SubProgress(progress, 0.8 * share, share)
        )
    progress.log(
        f"{count} segments from {n_tiles} tiles; {merged} joins of segments across tile edges."
    )
    if count == 0:
        progress.warning("Every pixel is nodata in at least one band: the raster has no segment.")
    if opts.polygons_path:
        write_polygons(
            target, staged.staged(opts.polygons_path), totals, SubProgress(progress, share, 1.0)
        )
    progress.report(1.0)
    return SegmentationResult(str(output_path), count, n_tiles, merged, opts.polygons_path)


@contextlib.contextmanager
def _removed(path: Path) -> Iterator[Path]:
    """Yield ``path``; delete it (and GDAL's side file) when the block ends, however it ends."""
    try:
        yield path
    finally:
        remove_quietly(path)


def _segment_tiles(
    stack: RasterStack, temp: Path, opts: SegmentOptions, progress: Progress
) -> tuple[_Stitch, int]:
    """Pass 1: segment every tile in the pool, write its core's provisional ids, stitch."""
    rasterio = require("rasterio")
    grid = tiles(stack.width, stack.height, opts.tile_size, opts.overlap)
    threads = tile_threads(opts, stack.count, progress)
    span = 100.0 if opts.method == "slic" else 1.0
    scaling = band_scaling(stack, progress, span)
    progress.log(
        f"Segmenting {stack.width} x {stack.height} pixels ({opts.method}) in {len(grid)} tiles "
        f"of {opts.tile_size} pixels with {opts.overlap} pixels of overlap, {threads} threads."
    )
    stitch = _Stitch(opts.overlap)
    geo = {
        "width": stack.width,
        "height": stack.height,
        "crs": stack.crs,
        "transform": stack.transform,
    }
    profile = tiled_profile(geo, count=1, dtype="uint32", nodata=0, predictor=2)
    pending: deque[tuple[Tile, Future[tuple[npt.NDArray[np.int64], int]]]] = deque()
    with rasterio.open(temp, "w", **profile) as dst, ThreadPoolExecutor(threads) as pool:

        def finish() -> None:
            tile, future = pending.popleft()
            core = stitch.add_tile(tile, *future.result())
            dst.write(core, 1, window=_window(tile.core))
            finished.append(tile)
            progress.report(len(finished) / len(grid))

        finished: list[Tile] = []
        try:
            for tile in grid:
                check_cancel(progress)
                data, valid = stack.read(_window(tile.read))
                pending.append((tile, pool.submit(segment_tile, data, valid, scaling, opts)))
                del data, valid
                while len(pending) > threads:
                    finish()
            while pending:
                check_cancel(progress)
                finish()
        finally:
            for _, future in pending:
                future.cancel()
    return stitch, len(grid)


def _renumber(
    temp: Path,
    target: Path,
    table: npt.NDArray[np.uint32],
    count: int,
    geo: dict[str, Any],
    progress: Progress,
) -> npt.NDArray[np.int64]:
    """Pass 2: provisional ids -> 1..n, block by block; return the pixels of each final id."""
    rasterio = require("rasterio")
    totals: npt.NDArray[np.int64] = np.zeros(count + 1, dtype=np.int64)
    profile = tiled_profile(geo, count=1, dtype="uint32", nodata=0, predictor=2)
    windows = list(block_windows(geo["width"], geo["height"], BLOCK_PIXELS))
    with rasterio.open(temp) as src, rasterio.open(target, "w", **profile) as dst:
        for k, window in enumerate(windows):
            check_cancel(progress)
            block = table[src.read(1, window=window)]
            ids, pixels = np.unique(block, return_counts=True)
            totals[ids] += pixels
            dst.write(block, 1, window=window)
            progress.report((k + 1) / len(windows))
        dst.set_band_description(1, "segment")
        write_product(dst, PRODUCT)
    return totals


# --------------------------------------------------------------------------- polygons


def polygon_pieces(
    raster: Path, totals: npt.NDArray[np.int64], progress: Progress
) -> Iterator[list[tuple[int, Any]]]:
    """Yield, block by block, the segments completed in that block as (id, MultiPolygon).

    A segment is complete when the pixels seen so far equal its total: its pieces (one per
    block it spans) are then dissolved into one geometry. Only the pieces of segments spanning
    blocks not yet read are kept, besides one block's polygons.
    """
    rasterio = require("rasterio")
    features = require("rasterio.features")
    shape = require("shapely.geometry").shape
    seen = np.zeros_like(totals)
    pending: dict[int, list[Any]] = {}
    with rasterio.open(raster) as src:
        windows = list(block_windows(src.width, src.height, BLOCK_PIXELS))
        for k, window in enumerate(windows):
            check_cancel(progress)
            block = src.read(1, window=window).astype(np.int32)
            ids, counts = np.unique(block, return_counts=True)
            seen[ids] += counts
            transform = src.window_transform(window)
            for geom, value in features.shapes(block, mask=block > 0, transform=transform):
                pending.setdefault(int(value), []).append(shape(geom))
            done = ids[(ids > 0) & (seen[ids] == totals[ids])]
            yield [(int(i), _dissolve(pending.pop(int(i)))) for i in done]
            progress.report((k + 1) / len(windows))


def _dissolve(pieces: list[Any]) -> Any:
    geometry = require("shapely.geometry")
    whole = pieces[0] if len(pieces) == 1 else require("shapely.ops").unary_union(pieces)
    if whole.geom_type == "Polygon":
        return geometry.MultiPolygon([whole])
    return whole


def write_polygons(
    raster: Path, target: Path, totals: npt.NDArray[np.int64], progress: Progress
) -> int:
    """Write the segments of ``raster`` as polygons (one MultiPolygon a segment); return them."""
    gpd = require("geopandas")
    with require("rasterio").open(raster) as src:
        crs = src.crs.to_wkt() if src.crs else None
    written = 0
    for batch in polygon_pieces(raster, totals, progress):
        if batch:
            _append(gpd, target, batch, totals, crs, written > 0)
            written += len(batch)
    if not written:  # no segment: an empty layer
        _append(gpd, target, [], totals, crs, False)
    return written


def _append(
    gpd: Any,
    target: Path,
    batch: list[tuple[int, Any]],
    totals: npt.NDArray[np.int64],
    crs: str | None,
    append: bool,
) -> None:
    """Write (``append``: add) a batch of segment polygons to the GeoPackage layer."""
    from .deps import vector_engine

    ids = np.array([i for i, _ in batch], dtype=np.int64)
    frame = gpd.GeoDataFrame(
        {"segment": ids, "pixels": totals[ids]},
        geometry=gpd.GeoSeries([g for _, g in batch], crs=crs),
        crs=crs,
    )
    frame.to_file(
        target,
        driver="GPKG",
        layer=POLYGON_LAYER,
        engine=vector_engine(),
        mode="a" if append else "w",
        **({} if batch else {"schema": _EMPTY_SCHEMA}),
    )


_EMPTY_SCHEMA = {"geometry": "MultiPolygon", "properties": {"segment": "int", "pixels": "int"}}
