"""Prediction: class map (and confidence layers) from a raster stack and a model.

Block by block with bounded memory. The main thread reads and writes, a thread pool created
once per run classifies blocks (tree inference releases the GIL), so reading, prediction and
writing overlap without processes. One ``predict_proba`` pass per block gives the class, the
confidence, the margin, the entropy and the per-class probabilities; nodata and masked pixels
never reach the model.

What predicts, and the log says which: the model file's stored ONNX graph through ONNX Runtime
(forests with early exit when only the class is asked for), a graph converted for the run
(old model files, large images), or the scikit-learn estimator. Each distinct pixel value is
classified once where the imagery has few of them. All give scikit-learn's classes.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .areas import AreaCounter, ClassArea, write_area_table
from .deps import require
from .errors import InvalidInputError, ModelMismatchError
from .features.feature_stack import FeatureRecipe, FeatureStack, open_stack
from .files import OutputSet, output_transaction, style_path
from .geotiff import RasterStack, block_windows, class_dtype, class_map_profile, compression
from .legend import ClassInfo, qml_paletted
from .map_tags import write_map_legend, write_model_tags, write_product
from .model.manifest import ModelManifest
from .model.model_file import Model, load_for_prediction, load_model
from .model.onnx_inference import compiled_forest, first_best, same_classes
from .outputs import (
    LAYERS,
    RAW_PROBABILITIES,
    finish_raster,
    layer_profile,
    probability_layers,
)
from .patches import check_fits, read_with_halo
from .progress import NullProgress, Progress, check_cancel
from .region import Region, region_for
from .regularize import RunSettings, SmoothingOptions, SmoothingResult, smooth_prediction
from .stack import check_stack

#: Converting a forest to ONNX takes seconds: only worth it from this many pixels on (a model
#: file's stored graph is used whatever the size).
COMPILED_MIN_PIXELS = 4_000_000
#: Largest block: compiled inference runs in batches of 65,536 rows anyway, and smaller
#: blocks keep the blocks in flight (threads + 2 of them) small.
MAX_BLOCK_PIXELS = 512 * 512
#: Each distinct pixel value is classified once when the first block has at most this share
#: of distinct values (whole numbers, see :func:`pixel_keys`).
DISTINCT_SHARE = 0.5
#: Pixels of the first block on which a graph converted for the run is checked.
CHECK_PIXELS = 20_000
#: An image of more than one 256 x 256 tile is cut into at least about this many blocks, so
#: that progress moves (block by block) and every thread has work, whatever the memory allows.
PROGRESS_BLOCKS = 16
#: The share of the prediction's progress reached when the last block is written (the rest:
#: overviews, Cloud Optimized layout).
WRITTEN_SHARE = 0.95


@dataclass(frozen=True)
class PredictionOptions:
    """What to write besides the class map, where, and how.

    Parameters
    ----------
    max_memory_mb
        Memory budget for the blocks in flight (the model and libraries come on top).
    threads
        Worker threads classifying blocks (None: all cores).
    confidence_path, margin_path, entropy_path, probabilities_path
        Optional rasters: top probability, margin between the two best classes, normalised
        entropy (all uint8 0-100, nodata 255) and one uint8 band per class probability.
    area_table_path
        Optional CSV of pixels, hectares and percentage per class.
    extent
        (xmin, ymin, xmax, ymax) in the rasters' CRS: only this area is predicted and written.
    mask_path, mask_layer
        Polygons: pixels outside them are nodata; blocks outside them are not read.
    resolution
        Pixel size of the outputs in the rasters' map units (None: the image's own), for a
        quick look at a zoomed-out view: rounded to a whole multiple of the image's pixel, never
        finer, and read decimated with nearest neighbour (from overviews where the rasters
        have them; see :class:`~.stack.RasterStack`). A model with features over neighbouring
        pixels or distances (:attr:`~.features.feature_stack.FeatureRecipe.per_pixel`) is
        applied at the image's resolution, and the log says so: their values depend on the
        pixel size.
    compression
        ``"DEFLATE"`` or ``"ZSTD"`` (any case).
    overviews, cog
        Build overviews (mode for classes, average for the rest); write Cloud Optimized
        GeoTIFFs.
    compiled
        Use ONNX Runtime when it is installed: the model file's stored ONNX graph (checked
        against the estimator when it was trained), or for a forest without one, a graph
        converted for the run on images of at least :data:`COMPILED_MIN_PIXELS` pixels if it
        chooses the same classes as scikit-learn on a sample of the first block. False:
        scikit-learn only.
    distance_layers
        (path, layer name or None) of each vector layer whose distance the model uses as a
        feature, in the model's order. A model file names no file: these are the run's.
    segments_path
        The segment raster (lulc:segment's) of an object-based model, which classifies
        segments: every pixel gets its segment's class (:mod:`.segment_predict`). Required
        by such a model, refused by a pixel model.
    smoothing
        Regularise the map after the prediction (:mod:`.regularize`): the raw map is written to
        a temporary file, then the majority filter, probability smoothing or sieve writes the
        map. With probability smoothing the confidence layers come from the smoothed
        probabilities; otherwise they stay the model's. The area table and the log give the
        areas before and after.
    scheduler
        The address of a Dask scheduler (``tcp://host:8786``): the blocks are classified by
        its workers (:mod:`.distributed`; the same map). The workers must import this
        package and read the rasters by the same paths (or GDAL ``/vsi`` paths), and the
        output's folder must be on storage they share. None: on this machine. Not for
        object-based models.

    Raises
    ------
    InvalidInputError
        On an unknown compression or a resolution that is not a positive number, when the
        options are made (before any file is opened).
    """

    max_memory_mb: float = 1024
    threads: int | None = None
    confidence_path: str | None = None
    margin_path: str | None = None
    entropy_path: str | None = None
    probabilities_path: str | None = None
    area_table_path: str | None = None
    extent: tuple[float, float, float, float] | None = None
    compiled: bool = True
    mask_path: str | None = None
    mask_layer: str | None = None
    compression: str = "DEFLATE"
    overviews: bool = False
    cog: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    distance_layers: list[tuple[str, str | None]] = field(default_factory=list)
    resolution: float | None = None
    segments_path: str | None = None
    smoothing: SmoothingOptions | None = None
    scheduler: str | None = None

    def __post_init__(self) -> None:
        """Check the compression, the resolution and the scheduler's address."""
        compression(self.compression)
        if self.scheduler is not None:
            from .distributed import check_scheduler

            check_scheduler(self.scheduler)
            if self.segments_path:
                raise InvalidInputError(
                    "Object-based models are applied on one machine: leave the Dask scheduler "
                    "empty when giving a segment raster."
                )
        if self.resolution is not None and not (0 < self.resolution < math.inf):
            raise InvalidInputError(
                f"The resolution must be a positive pixel size in the rasters' map units, not "
                f"{self.resolution}; leave it empty to classify at the image's resolution."
            )
        if self.resolution is not None and self.segments_path:
            raise InvalidInputError(
                "Segments are classified at the image's resolution, on the segment raster's "
                "grid: leave the resolution empty when giving a segment raster."
            )

    @property
    def input_paths(self) -> list[str | None]:
        """Return the files the prediction reads besides the rasters and the model.

        They are the mask, the segments and the distance layers, which no output may
        overwrite.
        """
        return [
            self.mask_path,
            self.segments_path,
            *(path for path, _ in self.distance_layers),
        ]


@dataclass(frozen=True)
class ClassificationResult:
    """A written class map: its path, style sidecar, legend, areas and the other layers.

    Attributes
    ----------
    output_path, qml_path
        The class map (GeoTIFF) and its QGIS style.
    legend
        Class codes, names and colours (:class:`~.legend.ClassInfo`).
    pixel_counts
        Pixels of each class code.
    blocks
        Blocks the image was classified in.
    areas
        Pixels, hectares and share of each class (:class:`~.areas.ClassArea`; after smoothing
        when asked).
    layers
        The other rasters written (confidence, margin, entropy, probabilities), by name.
    """

    output_path: str
    qml_path: str
    legend: list[ClassInfo]
    pixel_counts: dict[int, int]
    blocks: int
    areas: list[ClassArea] = field(default_factory=list)
    layers: dict[str, str] = field(default_factory=dict)


def classify_block(
    estimator: Any,
    data: npt.NDArray[Any],
    valid: npt.NDArray[np.bool_],
    class_codes: npt.NDArray[np.int64],
    *,
    nodata: int,
    dtype: str,
    layers: Sequence[str] = (),
    distinct: bool = False,
) -> dict[str, npt.NDArray[Any]]:
    """Classify one block with one ``predict_proba`` pass (or early exit for the class only).

    Parameters
    ----------
    data : ndarray, shape (bands, rows, cols)
    valid : ndarray of bool, shape (rows, cols)
        Pixels to classify; the others are nodata and are not sent to the model.
    layers
        Extra layers wanted: names of :data:`~.outputs.LAYERS`.
    distinct
        Classify each distinct pixel value once (whole-number values, :func:`pixel_keys`);
        the same result.

    Returns
    -------
    dict
        ``"class"``: (rows, cols) of ``dtype``; and each layer asked for.
    """
    out = {"class": np.full(valid.shape, nodata, dtype=dtype)}
    pixels = data[:, valid].T
    keys = pixel_keys(pixels) if distinct and pixels.shape[0] else None
    if keys is not None:
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        pixels = pixels[first]
    proba: npt.NDArray[np.float32] = np.zeros((0, len(class_codes)), dtype=np.float32)
    if pixels.shape[0] and not layers and hasattr(estimator, "predict_index"):
        best = estimator.predict_index(pixels)  # the class only: early exit where it can
    elif pixels.shape[0]:
        proba = np.asarray(estimator.predict_proba(pixels), dtype=np.float32)
        # a compiled graph's float32 sums break scikit-learn's exact ties: the first class wins
        best = first_best(proba) if hasattr(estimator, "predict_index") else np.argmax(proba, 1)
    if pixels.shape[0]:
        if keys is not None:
            best = best[inverse]
            proba = proba[inverse] if len(proba) else proba
        out["class"][valid] = np.asarray(class_codes, dtype=np.int64)[best]
    out.update(probability_layers(proba, valid, layers))
    return out


def pixel_keys(pixels: npt.NDArray[Any]) -> npt.NDArray[np.uint64] | None:
    """Return one integer per row that is the same exactly for rows of the same values.

    For whole-number values (integer rasters, read as floats) whose ranges, multiplied
    over the bands, fit 63 bits: each row's offsets from the bands' minima in mixed radix.
    None otherwise.
    """
    if not pixels.shape[0] or pixels.dtype.kind not in "uif":
        return None
    if pixels.dtype.kind == "f" and not np.array_equal(pixels, np.trunc(pixels)):
        return None
    low, high = pixels.min(axis=0), pixels.max(axis=0)
    spans = [int(h) - int(lo) + 1 for lo, h in zip(low, high)]
    if math.prod(spans) >= 2**63:
        return None
    keys = np.zeros(pixels.shape[0], dtype=np.uint64)
    radix = 1
    for band, span in enumerate(spans):
        offset = (pixels[:, band] - low[band]).astype(np.uint64)
        keys += offset * np.uint64(radix)
        radix *= span
    return keys


def few_distinct(pixels: npt.NDArray[Any]) -> float | None:
    """Return the share of distinct rows if at most :data:`DISTINCT_SHARE`, else None."""
    keys = pixel_keys(pixels)
    if keys is None or not len(keys):
        return None
    share = len(np.unique(keys)) / len(keys)
    return share if share <= DISTINCT_SHARE else None


def pixels_per_block(
    max_memory_mb: float, n_bands: int, n_classes: int, n_threads: int, extra_per_pixel: int = 0
) -> int:
    """Return how many pixels a block may hold so the blocks in flight fit ``max_memory_mb``.

    Per pixel of a block: the band values as read and as the model's input, the mask, the
    class probabilities with the model's temporaries, and the outputs. ``n_threads + 2``
    blocks are in flight (one per worker, one being read, one being written).
    """
    per_pixel = n_bands * 12 + n_classes * 8 * 3 + n_classes + 24 + extra_per_pixel
    in_flight = n_threads + 2
    return max(256 * 256, int(max_memory_mb * 1024 * 1024 * 0.7 / (per_pixel * in_flight)))


def progress_block(budget_pixels: int, total_pixels: int) -> int:
    """Return the pixels of a block.

    That is what the memory budget allows, but no more than a :data:`PROGRESS_BLOCKS`-th of
    the image unless that is under one 256 x 256 tile.
    """
    floor = 256 * 256
    if total_pixels <= floor:
        return budget_pixels
    return min(budget_pixels, max(floor, -(-total_pixels // PROGRESS_BLOCKS)))


def classify_patch_block(
    predictor: Any,
    data: npt.NDArray[Any],
    valid: npt.NDArray[np.bool_],
    class_codes: npt.NDArray[np.int64],
    *,
    nodata: int,
    dtype: str,
    layers: Sequence[str] = (),
    around: npt.NDArray[np.bool_],
) -> dict[str, npt.NDArray[Any]]:
    """Classify one block with a patch network, as :func:`classify_block` does with a model.

    ``data`` is the block with its halo (:func:`~.patches.read_with_halo`) and ``around`` its
    pixels that have a value; ``valid`` the block's pixels to classify.
    """
    out = {"class": np.full(valid.shape, nodata, dtype=dtype)}
    proba = np.zeros((0, len(class_codes)), dtype=np.float32)
    if valid.any():
        proba = predictor.block_proba(data, around)[:, valid].T
        out["class"][valid] = np.asarray(class_codes, dtype=np.int64)[np.argmax(proba, 1)]
    out.update(probability_layers(np.ascontiguousarray(proba), valid, layers))
    return out


_NETWORK_NOTE = (
    "Inference: the network's ONNX graph through ONNX Runtime, on blocks read with a halo of "
    "{halo} pixels (half a patch)."
)


def _patch_block(
    stack: RasterStack | FeatureStack,
    plan: _Plan,
    pool: ThreadPoolExecutor,
    window: Any,
    inside: npt.NDArray[np.bool_] | None,
    layers: list[str],
) -> _Pending:
    """Read a block with half a patch around it and classify it in the pool."""
    halo = _halo(plan.model)
    data, around = read_with_halo(stack, plan.region.source_window(window), halo)
    valid = around[halo:-halo, halo:-halo].copy()
    if inside is not None:
        valid &= inside
    future = pool.submit(
        classify_patch_block,
        plan.model.estimator,
        data,
        valid,
        plan.codes,
        nodata=plan.nodata,
        dtype=plan.dtype,
        layers=layers,
        around=around,
    )
    return window, future, valid


def _check_network_run(model: Model, stack: Any, opts: PredictionOptions) -> None:
    """Refuse what a patch network cannot do: an image smaller than a patch, a Dask cluster."""
    check_fits(2 * _halo(model) + 1, stack.width, stack.height, "the image to classify")
    if opts.scheduler:
        raise InvalidInputError(
            "A convolutional network is not run on a Dask cluster: leave the scheduler address "
            "empty to classify on this machine."
        )


def _halo(model: Model) -> int:
    """Pixels read around each block: half a patch for a patch network, else none."""
    return int(getattr(model.estimator, "halo", 0) or 0)


def _model_bytes_per_pixel(estimator: Any) -> int:
    """Return the model's temporary bytes per pixel beyond the probabilities (MLP activations)."""
    if hasattr(estimator, "bytes_per_pixel"):  # a patch network
        return int(estimator.bytes_per_pixel())
    model = getattr(estimator, "steps", [[None, estimator]])[-1][1]
    sizes = getattr(model, "hidden_layer_sizes", None)
    if sizes is None:
        return 0
    return int(8 * 2 * sum(np.atleast_1d(sizes)))


def _check_stack(model: Model, stack: RasterStack | FeatureStack, progress: Progress) -> None:
    expected = model.manifest.stack_bands or [
        {"name": name, "described": False} for name in model.band_names
    ]
    problem = check_stack(expected, stack.bands)
    if problem:
        raise ModelMismatchError(
            f"{problem} Give the rasters the model was trained on, in the same order."
        )
    crs_wkt = model.manifest.crs_wkt
    if crs_wkt and stack.crs is not None:
        try:
            crs = require("rasterio.crs").CRS.from_wkt(crs_wkt)
        except Exception:  # rasterio's CRSError; the model's CRS is a record only
            progress.warning(
                "The model's coordinate reference system cannot be read; the check that the "
                "rasters are in the training samples' CRS was skipped."
            )
            return
        if crs != stack.crs:
            progress.warning(
                f"The model was trained on samples in {crs.to_string()} and is applied to a "
                f"raster in {stack.crs.to_string()}; check that it is the same kind of image."
            )


def _single_threaded(estimator: Any) -> None:
    """Make each prediction use one thread, as blocks run in parallel (no pool per block)."""
    params = estimator.get_params() if hasattr(estimator, "get_params") else {}
    for name in params:
        if name == "n_jobs" or name.endswith("__n_jobs"):
            estimator.set_params(**{name: 1})


def run_recipe(
    recipe_json: dict[str, Any] | None, distance_layers: Sequence[tuple[str, str | None]]
) -> FeatureRecipe | None:
    """Return the model's feature recipe with this run's distance layers (the model names none).

    Raises
    ------
    ModelMismatchError
        If the model uses distance layers and the run gives another number of them.
    """
    recipe = FeatureRecipe.from_json(recipe_json)
    if recipe is None or (not recipe.distances and not distance_layers):
        return recipe
    wanted = [
        f"'{d['name']}' (distances up to {d['max_distance']:g} map units)" for d in recipe.distances
    ]
    if len(distance_layers) != len(wanted):
        raise ModelMismatchError(
            f"The model uses the distance to {len(wanted)} vector layer(s) as features"
            f"{': ' + ', '.join(wanted) if wanted else ''}, but {len(distance_layers)} were "
            "given. Give the same layer(s) as when it was trained (parameter DISTANCE_TO)."
        )
    distances = [
        {"name": d["name"], "max_distance": d["max_distance"], "path": path, "layer": layer}
        for d, (path, layer) in zip(recipe.distances, distance_layers)
    ]
    return replace(recipe, distances=distances)


def predict_raster(
    raster_paths: Sequence[str | os.PathLike[str]],
    model: str | os.PathLike[str] | Model,
    output_path: str | os.PathLike[str],
    *,
    options: PredictionOptions | None = None,
    progress: Progress | None = None,
    outputs: OutputSet | None = None,
) -> ClassificationResult:
    """Classify a raster stack with a model into a styled uint8 (or uint16) GeoTIFF.

    The map is on the grid and CRS of the first raster (cut to ``options.extent`` or the mask's
    bounds when given), tiled and compressed, with nodata where any input band is nodata, a
    colour table, the class names and the model's identity in the metadata, and a ``.qml``
    style beside it. Every output is checked (writable, not an input nor another output)
    before any work, and all appear together once complete; a failure or a cancel leaves
    none (:class:`~.files.OutputSet`).

    Parameters
    ----------
    raster_paths
        The rasters the model was trained on, in the same order.
    model
        A model file path or a loaded :class:`~.model.model_file.Model`.
    output_path
        The GeoTIFF to write; the style goes to the same name with ``.qml``.
    options
        Memory budget, threads, extra layers, area table, region, compression, overviews
        (:class:`PredictionOptions`).
    progress
        Progress and cancel callback; checked once per block.
    outputs
        The run's :class:`~.files.OutputSet` when the prediction is part of a larger run
        (which commits it); None: the outputs are committed when the prediction ends.

    Returns
    -------
    ClassificationResult
        The map's path, style, legend, pixel counts and areas, and the other layers written.

    Raises
    ------
    ModelMismatchError
        If the stack's bands do not match the model's.
    OutputError
        If an output cannot be written, or would overwrite an input or another output.
    """
    opts = options or PredictionOptions()
    inputs = [*raster_paths, None if isinstance(model, Model) else model, *opts.input_paths]
    progress = progress or NullProgress()
    with output_transaction(outputs, inputs, progress.cancelled) as staged:
        plan_prediction(staged, output_path, opts)
        return _classify(raster_paths, model, output_path, opts, staged, progress)


def plan_prediction(
    outputs: OutputSet, output_path: str | os.PathLike[str], options: PredictionOptions
) -> None:
    """Add the outputs of a prediction to ``outputs``: map, style, extra layers, area table."""
    outputs.add(output_path, "classified raster", raster=True)
    outputs.add(style_path(output_path), "style file of the classified raster")
    for name, path in _layer_paths(options).items():
        if path:
            outputs.add(path, f"{name} raster", raster=True)
    if options.area_table_path:
        outputs.add(options.area_table_path, "class area table")


@dataclass(frozen=True)
class _Plan:
    """How a prediction runs, fixed before the first block is read."""

    model: Model
    legend: list[ClassInfo]
    #: the estimator's class codes, in the order of its probabilities
    codes: npt.NDArray[np.int64]
    dtype: str
    nodata: int
    region: Region
    windows: list[Any]
    threads: int


@dataclass(frozen=True)
class _Targets:
    """The temporary files a prediction writes: the class map and the extra layers by name."""

    class_map: Path
    layers: dict[str, Path]


def _classify(
    raster_paths: Sequence[str | os.PathLike[str]],
    model: str | os.PathLike[str] | Model,
    output_path: str | os.PathLike[str],
    opts: PredictionOptions,
    staged: OutputSet,
    progress: Progress,
) -> ClassificationResult:
    load = load_for_prediction if opts.compiled else load_model
    loaded = model if isinstance(model, Model) else load(model, progress=progress)
    legend = loaded.legend
    codes = np.array([c.code for c in legend], dtype=np.int64)
    if loaded.estimator is not None:
        _single_threaded(loaded.estimator)
    layers = {name: path for name, path in _layer_paths(opts).items() if path}
    manifest = loaded.manifest
    recipe = run_recipe(manifest.recipe, opts.distance_layers)
    with open_stack(
        [str(p) for p in raster_paths],
        resampling=manifest.resampling,
        nodata=manifest.nodata,
        recipe=recipe,
        resolution=_resolution(opts.resolution, recipe, progress, patch=_halo(loaded) > 0),
    ) as stack:
        if isinstance(stack, FeatureStack):
            stack.stop_when(progress.cancelled)  # texture of one block can take seconds
        _check_stack(loaded, stack, progress)
        if _halo(loaded):
            _check_network_run(loaded, stack, opts)
        plan = _plan(loaded, stack, opts, progress)
        from .segment_predict import segment_stream  # it builds on this module

        # an object-based model's segments, classified now; None for a pixel model
        by_segment = segment_stream(stack, plan, opts, progress)
        if opts.scheduler:  # the blocks go to a Dask cluster's workers
            from .distributed import cluster_stream

            by_segment = cluster_stream(model, stack, opts, output_path)
        counter = AreaCounter(int(codes.max()), stack.crs, plan.region.transform)
        targets = _Targets(
            staged.staged(output_path),
            {name: staged.staged(path) for name, path in layers.items()},
        )
        smoothed = _predict_blocks(stack, plan, targets, counter, opts, progress, by_segment)
    staged.staged(style_path(output_path)).write_text(qml_paletted(legend), encoding="utf-8")
    areas = smoothed.areas_after if smoothed else counter.table(legend)
    if opts.area_table_path:
        before = smoothed.areas_before if smoothed else None
        write_area_table(staged.staged(opts.area_table_path), areas, before=before)
    _log_areas(areas, progress)
    return ClassificationResult(
        str(output_path),
        str(style_path(output_path)),
        legend,
        {area.code: area.pixels for area in areas},
        len(plan.windows),
        areas,
        {name: str(path) for name, path in layers.items()},
    )


def _predict_blocks(
    stack: RasterStack | FeatureStack,
    plan: _Plan,
    targets: _Targets,
    counter: AreaCounter,
    opts: PredictionOptions,
    progress: Progress,
    stream: Callable[..., None] | None = None,
) -> SmoothingResult | None:
    """Predict into ``targets``, and return what the regularisation did (None: not asked).

    With ``opts.smoothing``, the prediction goes to temporary files that
    :func:`~.regularize.smooth_prediction` regularises into ``targets``. ``stream``: see
    :func:`_run_blocks` (an object-based model's).
    """
    if opts.smoothing is None:
        _run_blocks(stack, plan, targets, counter, opts, progress, stream)
        return None
    raw_opts = replace(opts, overviews=False, cog=False)  # made once, on the final files

    def write_raw(class_map: Path, layers: dict[str, Path], part: Progress) -> None:
        _run_blocks(stack, plan, _Targets(class_map, layers), counter, raw_opts, part, stream)

    settings = RunSettings(
        opts.max_memory_mb, plan.threads, opts.compression, opts.overviews, opts.cog
    )
    return smooth_prediction(
        write_raw,
        targets.class_map,
        targets.layers,
        options=opts.smoothing,
        settings=settings,
        progress=progress,
    )


def _plan(
    loaded: Model, stack: RasterStack | FeatureStack, opts: PredictionOptions, progress: Progress
) -> _Plan:
    """Plan the region, the blocks (within the memory budget) and the threads of a prediction."""
    legend = loaded.legend
    codes = np.array([c.code for c in legend], dtype=np.int64)
    estimator_codes = np.asarray(getattr(loaded.predictor, "classes_", codes), dtype=np.int64)
    dtype, nodata = class_dtype(int(codes.max()))
    threads = opts.threads or os.cpu_count() or 1
    region = region_for(stack, opts.extent, opts.mask_path, opts.mask_layer)
    block = progress_block(
        min(
            MAX_BLOCK_PIXELS,
            pixels_per_block(
                opts.max_memory_mb,
                stack.count,
                len(codes),
                threads,
                _model_bytes_per_pixel(loaded.estimator),
            ),
        ),
        region.width * region.height,
    )
    windows = list(block_windows(region.width, region.height, block))
    progress.log(
        f"Classifying {region.width} x {region.height} pixels in {len(windows)} blocks "
        f"with {threads} threads."
    )
    if stack.factor != (1, 1):
        progress.log(
            f"Each pixel covers {stack.factor[0]} x {stack.factor[1]} pixels of the image "
            f"({abs(stack.transform.a):g} x {abs(stack.transform.e):g} map units): the rasters "
            "are read decimated (nearest neighbour, from their overviews where they have some)."
        )
    return _Plan(loaded, legend, estimator_codes, dtype, nodata, region, windows, threads)


def _resolution(
    resolution: float | None, recipe: FeatureRecipe | None, progress: Progress, *, patch: bool
) -> float | None:
    """Return the resolution to read at: None for a model whose features are not per pixel."""
    if resolution is not None and patch:
        progress.log(
            "The network learned patterns of pixels at the image's pixel size: it is applied at "
            "the image's resolution, not the one asked for."
        )
        return None
    if resolution is None or recipe is None or recipe.per_pixel:
        return resolution
    progress.log(
        "The model uses features over neighbouring pixels or distances, whose values depend on "
        "the pixel size: it is applied at the image's resolution, not the one asked for."
    )
    return None


def _log_areas(areas: list[ClassArea], progress: Progress) -> None:
    for area in areas:
        progress.log(
            f"{area.name}: {area.pixels} pixels, {area.hectares:.2f} ha ({area.percent:.2f} %)"
        )
    progress.log(
        "Areas by pixel counting are biased; see lulc:assess for estimates with intervals."
    )
    if not any(area.pixels for area in areas):
        progress.warning(
            "Every pixel was nodata in at least one band, so the map holds no class at all. "
            "Check the rasters' nodata values, the extent or mask, and that the rasters are the "
            "ones the model was trained on."
        )
        return
    vanished = [area.name for area in areas if not area.pixels]
    if vanished:
        progress.warning(
            f"{', '.join(vanished)} {'was' if len(vanished) == 1 else 'were'} not predicted "
            "anywhere in the map: no pixel looked enough like the samples of "
            f"{'this class' if len(vanished) == 1 else 'these classes'}. Check the labels, or "
            "add labels where the class occurs."
        )


def _layer_paths(opts: PredictionOptions) -> dict[str, str | None]:
    return {
        "confidence": opts.confidence_path,
        "margin": opts.margin_path,
        "entropy": opts.entropy_path,
        "probabilities": opts.probabilities_path,
    }


def _run_blocks(
    stack: RasterStack | FeatureStack,
    plan: _Plan,
    targets: _Targets,
    counter: AreaCounter,
    opts: PredictionOptions,
    progress: Progress,
    stream: Callable[..., None] | None = None,
) -> None:
    """Open the outputs, classify every block into them, describe and finish them.

    ``stream`` classifies and writes the blocks, called as :func:`_stream` (the default).
    """
    rasterio = require("rasterio")
    region = plan.region
    geo = {
        "width": region.width,
        "height": region.height,
        "crs": stack.crs,
        "transform": region.transform,
    }
    compress = compression(opts.compression)
    n_classes = len(plan.legend)
    with (
        contextlib.ExitStack() as open_files,
        ThreadPoolExecutor(max_workers=plan.threads) as pool,
    ):
        dst = open_files.enter_context(
            rasterio.open(
                targets.class_map, "w", **class_map_profile(geo, plan.dtype, plan.nodata, compress)
            )
        )
        extra = {
            name: open_files.enter_context(
                rasterio.open(path, "w", **layer_profile(geo, name, n_classes, compress))
            )
            for name, path in targets.layers.items()
        }
        write = functools.partial(_write, dst=dst, extra=extra, counter=counter)
        (stream or _stream)(stack, plan, pool, write, list(extra), opts, progress)
        _describe(dst, plan.legend, plan.model.manifest)
        for name, handle in extra.items():
            _describe_layer(handle, name, plan.legend)
    finish_raster(
        targets.class_map,
        overviews=opts.overviews,
        cog=opts.cog,
        categorical=True,
        compress=compress,
    )
    for path in targets.layers.values():
        finish_raster(
            path, overviews=opts.overviews, cog=opts.cog, categorical=False, compress=compress
        )
    progress.report(1.0)


_Pending = tuple[Any, Future[dict[str, npt.NDArray[Any]]], npt.NDArray[np.bool_]]


def _stream(
    stack: RasterStack | FeatureStack,
    plan: _Plan,
    pool: ThreadPoolExecutor,
    write: Callable[[_Pending], None],
    layers: list[str],
    opts: PredictionOptions,
    progress: Progress,
    block: Callable[..., dict[str, npt.NDArray[Any]]] | None = None,
) -> None:
    """Read, classify in the pool, write; at most ``threads + 1`` blocks wait for the pool.

    ``block`` classifies one block, called as :func:`classify_block` (the default); lulc:suggest
    scores blocks instead.
    """
    region, windows = plan.region, plan.windows
    predictor = None  # chosen on the first block read (see _predictor)
    halo = _halo(plan.model) if block is None else 0
    if halo:
        progress.log(_NETWORK_NOTE.format(halo=halo))
    distinct = False
    pending: deque[_Pending] = deque()
    for k, window in enumerate(windows):
        check_cancel(progress)
        inside = region.inside(window)
        if inside is not None and not inside.any():
            empty = np.zeros((int(window.height), int(window.width)), dtype=bool)
            done: Future[dict[str, npt.NDArray[Any]]] = Future()
            done.set_result(_empty_block(empty, plan.nodata, plan.dtype, layers, len(plan.legend)))
            pending.append((window, done, empty))
        elif halo:  # a patch network: the block with its halo, in one ONNX Runtime call
            pending.append(_patch_block(stack, plan, pool, window, inside, layers))
        else:
            data, valid = stack.read(region.source_window(window))
            if inside is not None:
                valid &= inside
            if predictor is None:
                large = region.width * region.height >= COMPILED_MIN_PIXELS
                predictor = _predictor(plan.model, data[:, valid].T, opts, large, progress)
                distinct = _distinct(data[:, valid].T, progress)
            future = pool.submit(
                block or classify_block,
                predictor,
                data,
                valid,
                plan.codes,
                nodata=plan.nodata,
                dtype=plan.dtype,
                layers=layers,
                distinct=distinct,
            )
            pending.append((window, future, valid))
        while len(pending) > plan.threads:
            write(pending.popleft())
            # Blocks written, not read: reading is quick, the pool does the work.
            progress.report(WRITTEN_SHARE * (k + 1 - len(pending)) / len(windows))
    while pending:
        check_cancel(progress)
        write(pending.popleft())
        progress.report(WRITTEN_SHARE * (len(windows) - len(pending)) / len(windows))
    share = getattr(predictor, "evaluated_share", None)
    if share is not None and share() is not None:
        progress.log(f"Early exit: {100 * share():.0f} % of the tree evaluations were needed.")


def _predictor(
    model: Model, sample: npt.NDArray[Any], opts: PredictionOptions, large: bool, progress: Progress
) -> Any:
    """Return what predicts, and log which path that is.

    The model's stored graph if it has one (and ``opts.compiled``); else for a forest on a
    large image, a graph converted now if it chooses the same classes as scikit-learn on
    ``sample`` (valid pixels of the first block, up to :data:`CHECK_PIXELS`); else the
    estimator.
    """
    if opts.compiled and model.compiled is not None:
        progress.log(
            "Inference: the model's stored ONNX graph through ONNX Runtime (no conversion)"
            + _early_exit_note(model.compiled)
        )
        return model.compiled
    estimator = model.estimator
    if estimator is None:  # a model loaded for its graph only, told not to use it
        raise ModelMismatchError("This model was loaded without its estimator; load it again.")
    name = type(estimator).__name__
    compiled = compiled_forest(estimator, sample.shape[1]) if opts.compiled and large else None
    if compiled is not None:
        step = max(1, -(-sample.shape[0] // CHECK_PIXELS))
        if same_classes(estimator, compiled, sample[::step]):
            progress.log(
                "Inference: ONNX Runtime on a graph converted for this run (same classes as "
                "scikit-learn on a sample of the first block)" + _early_exit_note(compiled)
            )
            return compiled
        progress.log("ONNX Runtime disagrees with scikit-learn on some pixels: not used.")
    progress.log(f"Inference: scikit-learn ({name}).")
    return estimator


def _distinct(sample: npt.NDArray[Any], progress: Progress) -> bool:
    share = few_distinct(sample)
    if share is not None:
        progress.log(
            f"Classifying each distinct pixel value once: {100 * share:.0f} % of the first "
            "block's pixels are distinct."
        )
    return share is not None


def _early_exit_note(predictor: Any) -> str:
    if not predictor.stages:
        return "."
    return (
        f"; early exit: a pixel's trees stop once no remaining tree can change its class "
        f"(at least {predictor.first_trees} of {predictor.trees} trees)."
    )


def _empty_block(
    valid: npt.NDArray[np.bool_], nodata: int, dtype: str, layers: list[str], n_classes: int
) -> dict[str, npt.NDArray[Any]]:
    out = {"class": np.full(valid.shape, nodata, dtype=dtype)}
    out.update(probability_layers(np.zeros((0, n_classes), np.float32), valid, layers))
    return out


def _write(
    item: _Pending,
    dst: Any,
    extra: dict[str, Any],
    counter: AreaCounter,
) -> None:
    window, future, valid = item
    result = future.result()
    dst.write(result["class"], 1, window=window)
    counter.add(result["class"], valid, int(window.row_off))
    for name, handle in extra.items():
        values = result[name]
        if values.ndim == 2:
            handle.write(values, 1, window=window)
        else:
            handle.write(values, window=window)


def _describe(dst: Any, legend: Sequence[ClassInfo], manifest: ModelManifest) -> None:
    """Write the legend (colour table, class names), band description and model's identity."""
    write_map_legend(dst, legend)
    dst.set_band_description(1, "class")
    write_model_tags(dst, manifest)


def _describe_layer(handle: Any, name: str, legend: Sequence[ClassInfo]) -> None:
    # what the layer is, so that a panel does not offer it as an image to classify
    write_product(handle, name)
    if name in ("probabilities", RAW_PROBABILITIES):
        for band, info in enumerate(legend, start=1):
            handle.set_band_description(band, f"p({info.name})")
    else:
        handle.set_band_description(1, LAYERS[name])


__all__ = [
    "ClassificationResult",
    "PredictionOptions",
    "classify_block",
    "pixels_per_block",
    "plan_prediction",
    "predict_raster",
]
