"""Prediction: a class map from a raster stack and a model, block by block with bounded memory."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .deps import require
from .errors import ModelMismatchError
from .files import atomic_output
from .legend import ClassInfo, qml_paletted
from .model_io import Model, load_model
from .progress import NullProgress, Progress, check_cancel
from .raster_io import RasterStack, block_windows, class_dtype, class_map_profile, grid_profile
from .stack import check_stack


@dataclass(frozen=True)
class ClassificationResult:
    """A written class map: its path, style sidecar, legend and pixel count per class code."""

    output_path: str
    qml_path: str
    legend: list[ClassInfo]
    pixel_counts: dict[int, int]
    blocks: int


def predict_pixels(
    estimator: Any, pixels: npt.NDArray[Any], class_codes: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Class codes of ``pixels`` (n, bands): the class of highest probability."""
    if pixels.shape[0] == 0:
        return np.empty(0, dtype=np.int64)
    proba = estimator.predict_proba(pixels)
    codes: npt.NDArray[np.int64] = np.asarray(class_codes, dtype=np.int64)[np.argmax(proba, axis=1)]
    return codes


def predict_block(
    estimator: Any,
    data: npt.NDArray[Any],
    valid: npt.NDArray[np.bool_],
    class_codes: npt.NDArray[np.int64],
    *,
    nodata: int,
    dtype: str,
) -> npt.NDArray[Any]:
    """Classify one block.

    Parameters
    ----------
    data : ndarray, shape (bands, rows, cols)
    valid : ndarray of bool, shape (rows, cols)
        Pixels to classify; the others get ``nodata`` and are not sent to the model.

    Returns
    -------
    ndarray, shape (rows, cols), of ``dtype``
    """
    out = np.full(valid.shape, nodata, dtype=dtype)
    pixels = data[:, valid].T
    out[valid] = predict_pixels(estimator, pixels, class_codes)
    return out


def pixels_per_block(max_memory_mb: float, n_bands: int, n_classes: int, n_threads: int) -> int:
    """How many pixels a block may hold so that one block's arrays fit the memory budget.

    Per pixel: the band values as read and as float64 for the model, the per-thread and summed
    class probabilities, the mask and the output. Half the budget is kept for the model and
    the I/O buffers.
    """
    per_pixel = n_bands * (8 + 8) + n_classes * 8 * (n_threads + 2) + 16
    return max(256 * 256, int(max_memory_mb * 1024 * 1024 * 0.5 / per_pixel))


def _check_stack(model: Model, stack: RasterStack, progress: Progress) -> None:
    expected = model.manifest.get("stack", {}).get("bands") or [
        {"name": name, "described": False} for name in model.band_names
    ]
    problem = check_stack(expected, stack.bands)
    if problem:
        raise ModelMismatchError(
            f"{problem} Give the rasters the model was trained on, in the same order."
        )
    crs_wkt = model.manifest.get("crs_wkt")
    if crs_wkt and stack.crs is not None:
        crs = require("rasterio.crs").CRS.from_wkt(crs_wkt)
        if crs != stack.crs:
            progress.warning(
                f"The model was trained on samples in {crs.to_string()} and is applied to a "
                f"raster in {stack.crs.to_string()}; check that it is the same kind of image."
            )


def classify_raster(
    raster_paths: Sequence[str | os.PathLike[str]],
    model: str | os.PathLike[str] | Model,
    output_path: str | os.PathLike[str],
    *,
    max_memory_mb: float = 1024,
    n_threads: int | None = None,
    progress: Progress | None = None,
) -> ClassificationResult:
    """Classify a raster stack with a model into a styled uint8 (or uint16) GeoTIFF.

    The output is on the grid and CRS of the first raster, tiled and compressed, with nodata
    where any input band is nodata, a colour table, the class names in the band metadata,
    and a ``.qml`` style beside it. Both files appear only when complete.

    Parameters
    ----------
    raster_paths
        The rasters the model was trained on, in the same order.
    model
        A model file path or a loaded :class:`~.model_io.Model`.
    output_path
        The GeoTIFF to write; the style goes to the same name with ``.qml``.
    max_memory_mb
        Memory budget that sizes the blocks.
    n_threads
        Threads for the model (None: all cores).
    progress
        Progress and cancel callback; checked once per block.

    Raises
    ------
    ModelMismatchError
        If the stack's band count differs from the model's.
    """
    progress = progress or NullProgress()
    rasterio = require("rasterio")
    loaded = model if isinstance(model, Model) else load_model(model, progress=progress)
    legend = loaded.legend
    codes = np.array([c.code for c in legend], dtype=np.int64)
    estimator_codes = np.asarray(getattr(loaded.estimator, "classes_", codes), dtype=np.int64)
    dtype, nodata = class_dtype(int(codes.max()))
    threads = n_threads or os.cpu_count() or 1
    _set_threads(loaded.estimator, threads)
    qml_path = Path(output_path).with_suffix(".qml")
    counts = np.zeros(int(codes.max()) + 1, dtype=np.int64)
    definition = loaded.manifest.get("stack", {})
    with RasterStack(
        raster_paths,
        resampling=definition.get("resampling", "nearest"),
        nodata=definition.get("nodata"),
    ) as stack:
        _check_stack(loaded, stack, progress)
        budget = pixels_per_block(max_memory_mb, stack.count, len(codes), threads)
        windows = list(block_windows(stack.width, stack.height, budget))
        profile = class_map_profile(grid_profile(stack), dtype, nodata)
        with (
            atomic_output(output_path, "classified raster") as tmp,
            atomic_output(qml_path, "style file") as tmp_qml,
        ):
            with rasterio.open(tmp, "w", **profile) as dst:
                for k, window in enumerate(windows):
                    check_cancel(progress)
                    data, valid = stack.read(window)
                    block = predict_block(
                        loaded.estimator, data, valid, estimator_codes, nodata=nodata, dtype=dtype
                    )
                    counts += np.bincount(block[valid], minlength=counts.size)[: counts.size]
                    dst.write(block, 1, window=window)
                    progress.report((k + 1) / len(windows))
                _describe(dst, legend, loaded.manifest, nodata)
            tmp_qml.write_text(qml_paletted(legend), encoding="utf-8")
    pixel_counts = {int(c): int(counts[c]) for c in codes}
    total = max(sum(pixel_counts.values()), 1)
    for info in legend:
        share = 100.0 * pixel_counts[info.code] / total
        progress.log(f"{info.name}: {pixel_counts[info.code]} pixels ({share:.1f} % of the map)")
    return ClassificationResult(str(output_path), str(qml_path), legend, pixel_counts, len(windows))


def _set_threads(estimator: Any, threads: int) -> None:
    """Use ``threads`` for prediction where the estimator has ``n_jobs`` (forests: threads)."""
    params = estimator.get_params() if hasattr(estimator, "get_params") else {}
    if "n_jobs" in params:
        estimator.set_params(n_jobs=threads)


def _describe(dst: Any, legend: Sequence[ClassInfo], manifest: dict[str, Any], nodata: int) -> None:
    """Colour table, band description and class names in the file's metadata."""
    if dst.dtypes[0] == "uint8":
        colormap = {i: (0, 0, 0, 0) for i in range(256)}
        colormap.update({c.code: (*c.rgb(), 255) for c in legend})
        colormap[nodata] = (0, 0, 0, 0)
        dst.write_colormap(1, colormap)
    dst.set_band_description(1, "class")
    dst.update_tags(
        1,
        LULC_CLASSES=json.dumps(
            [{"code": c.code, "name": c.name, "color": c.color} for c in legend]
        ),
        **{f"CLASS_{c.code}": c.name for c in legend},
    )
    dst.update_tags(
        LULC_MODEL_ALGORITHM=str(manifest.get("algorithm", "")),
        LULC_MODEL_CREATED=str(manifest.get("created", "")),
        LULC_PLUGIN_VERSION=str(manifest.get("versions", {}).get("lulc_classifier", "")),
    )
