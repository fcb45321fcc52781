"""Object-based prediction: classify each segment once, then paint its pixels.

An object-based model (trained on a table of segments, see :mod:`.segment_samples`) needs the
segment raster of the image it classifies. The segments' features are computed block by block
(:mod:`.segment_features`, over the region predicted), the model classifies them in batches,
and the class map is written block by block by looking up each pixel's segment: every pixel of
a segment gets its class (and its confidence, margin, entropy and probabilities); a pixel of
no segment (id 0), or nodata in a band, is nodata. The outputs, their styles, tags and area
table are :mod:`.predict`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt

from .errors import ModelMismatchError
from .outputs import NODATA
from .predict import (
    WRITTEN_SHARE,
    PredictionOptions,
    _layer_paths,
    _Pending,
    _Plan,
    _predictor,
    classify_block,
)
from .progress import Progress, SubProgress, check_cancel
from .segment_features import SegmentFeatures, features_of, open_segments

#: Segments classified per call of the model.
BATCH = 65_536
#: Share of the prediction's progress spent on the segment features and their classes.
FEATURES_SHARE = 0.45


@dataclass(frozen=True)
class SegmentClasses:
    """Each segment's class code and extra layer values (uint8 0-100), in the features' order.

    ``segments_path`` is the segment raster they come from.
    """

    segments_path: str
    features: SegmentFeatures
    codes: npt.NDArray[Any]
    layers: dict[str, npt.NDArray[np.uint8]]


def check_segment_model(manifest: Any, segments_path: str | None) -> None:
    """Refuse an object-based model without segments, and a pixel model with them.

    Raises
    ------
    ModelMismatchError
        Saying which model it is and what to give.
    """
    if manifest.object_based and not segments_path:
        raise ModelMismatchError(
            "This model classifies segments (object-based, trained with a segment raster); "
            "give the segment raster made by lulc:segment for this image (parameter SEGMENTS)."
        )
    if segments_path and not manifest.object_based:
        raise ModelMismatchError(
            "This model classifies pixels (it was trained without a segment raster), so it "
            "cannot classify segments: leave the segment raster (parameter SEGMENTS) empty, or "
            "train an object-based model by sampling with that segment raster."
        )


def segment_stream(
    stack: Any, plan: _Plan, opts: PredictionOptions, progress: Progress
) -> Callable[..., None] | None:
    """Classify the segments of the region; return what writes the blocks (None: pixels).

    The return value is called as :func:`.predict._stream` is.

    Raises
    ------
    ModelMismatchError
        See :func:`check_segment_model`; or when the model's segment features are not the
        ones of these rasters.
    InvalidInputError
        If the segment raster is not one band of ids on the rasters' grid.
    """
    manifest = plan.model.manifest
    check_segment_model(manifest, opts.segments_path)
    if not opts.segments_path:
        return None
    region = plan.region
    bounds = (region.row_off, region.col_off, region.height, region.width)
    with open_segments(opts.segments_path, stack) as segments:
        features = features_of(
            stack,
            segments,
            opts.max_memory_mb,
            SubProgress(progress, 0.0, FEATURES_SHARE * 0.9),
            bounds,
        )
    expected = list(manifest.segment_features or [])
    if [n.lower() for n in features.names] != [n.lower() for n in expected]:
        raise ModelMismatchError(
            f"The model was trained on the segment features {', '.join(expected)}, but these "
            f"rasters give {', '.join(features.names)}. Give the rasters the model was "
            "trained on, in the same order."
        )
    if (
        region.row_off
        or region.col_off
        or (region.height, region.width)
        != (
            stack.height,
            stack.width,
        )
    ):
        progress.log(
            "Segments cut by the extent or the mask's bounds are described by their part "
            "inside it."
        )
    layers = [name for name, path in _layer_paths(opts).items() if path]
    classes = classify_segments(plan, features, layers, opts, progress)
    progress.report(FEATURES_SHARE)
    return partial(_write_blocks, classes=classes)


def classify_segments(
    plan: _Plan,
    features: SegmentFeatures,
    layers: list[str],
    opts: PredictionOptions,
    progress: Progress,
) -> SegmentClasses:
    """Classify every segment from its features, :data:`BATCH` segments at a time."""
    values = features.values.astype(np.float32)
    predictor = _predictor(plan.model, values[:BATCH], opts, False, progress)
    n = values.shape[0]
    codes = np.full(n, plan.nodata, dtype=plan.dtype)
    n_classes = len(plan.legend)
    out: dict[str, npt.NDArray[np.uint8]] = {
        name: np.zeros((n_classes, n) if name == "probabilities" else (n,), np.uint8)
        for name in layers
    }
    for start in range(0, n, BATCH):
        check_cancel(progress)
        stop = min(n, start + BATCH)
        batch = values[start:stop].T[:, :, None]
        valid = np.ones((stop - start, 1), dtype=bool)
        result = classify_block(
            predictor,
            batch,
            valid,
            plan.codes,
            nodata=plan.nodata,
            dtype=plan.dtype,
            layers=layers,
        )
        codes[start:stop] = result["class"][:, 0]
        for name in layers:
            out[name][..., start:stop] = result[name][..., 0]
    progress.log(f"Object-based: {n} segments classified; each pixel gets its segment's class.")
    return SegmentClasses(str(opts.segments_path), features, codes, out)


def _write_blocks(
    stack: Any,
    plan: _Plan,
    pool: Any,
    write: Callable[[_Pending], None],
    layers: list[str],
    opts: PredictionOptions,
    progress: Progress,
    *,
    classes: SegmentClasses,
) -> None:
    """Write the class map (and layers) block by block from each pixel's segment."""
    region, windows = plan.region, plan.windows
    full = (0, 0, stack.height, stack.width)
    with open_segments(classes.segments_path, stack) as segments:
        for k, window in enumerate(windows):
            check_cancel(progress)
            source = region.source_window(window)
            rows, cols = int(window.height), int(window.width)
            top, left = int(source.row_off), int(source.col_off)
            ids = segments.read_padded(top, left, rows, cols, full)[1:-1, 1:-1]
            _, valid = stack.read(source)
            inside = region.inside(window)
            if inside is not None:
                valid &= inside
            at = classes.features.rows_of(ids)
            valid &= at >= 0
            done: Future[dict[str, npt.NDArray[Any]]] = Future()
            done.set_result(_paint(classes, at, valid, plan, layers))
            write((window, done, valid))
            share = FEATURES_SHARE + (WRITTEN_SHARE - FEATURES_SHARE) * (k + 1) / len(windows)
            progress.report(share)


def _paint(
    classes: SegmentClasses,
    at: npt.NDArray[np.int64],
    valid: npt.NDArray[np.bool_],
    plan: _Plan,
    layers: list[str],
) -> dict[str, npt.NDArray[Any]]:
    """Return a block's class and layers: each valid pixel takes its segment's values."""
    out: dict[str, npt.NDArray[Any]] = {"class": np.full(valid.shape, plan.nodata, plan.dtype)}
    rows = at[valid]
    out["class"][valid] = classes.codes[rows]
    for name in layers:
        table = classes.layers[name]
        if name == "probabilities":
            block = np.full((table.shape[0], *valid.shape), NODATA, dtype=np.uint8)
            block[:, valid] = table[:, rows]
        else:
            block = np.full(valid.shape, NODATA, dtype=np.uint8)
            block[valid] = table[rows]
        out[name] = block
    return out
