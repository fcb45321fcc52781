"""The rasters written beside the class map, and their finishing touches.

Confidence, margin, entropy and probabilities; overviews and Cloud Optimized GeoTIFF.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .deps import require
from .files import remove_quietly
from .geotiff import TILE, tiled_profile

#: Extra layers and their band description. All are uint8 0-100 with nodata 255.
LAYERS = {
    "confidence": "confidence: probability of the chosen class (%)",
    "margin": "margin between the two most probable classes (%)",
    "entropy": "normalised entropy of the class probabilities (%; 100 = undecided)",
    "probabilities": "class probability (%)",
}
NODATA = 255
#: A layer only written for a prediction's probability smoothing (:mod:`.regularize`): one
#: float32 band per class with its probability 0-1, NaN where nodata.
RAW_PROBABILITIES = "raw_probabilities"


def probability_layers(
    proba: npt.NDArray[np.float32], valid: npt.NDArray[np.bool_], layers: Sequence[str]
) -> dict[str, npt.NDArray[Any]]:
    """Compute the layers asked for from the probabilities of the valid pixels (n, classes).

    Returns (rows, cols) arrays, (classes, rows, cols) for ``probabilities``; nodata 255
    where ``valid`` is False (float32 and NaN for :data:`RAW_PROBABILITIES`).
    """
    out: dict[str, npt.NDArray[Any]] = {}
    if not layers:
        return out
    n_classes = proba.shape[1]
    ordered = np.sort(proba, axis=1) if proba.shape[0] else proba
    values: dict[str, npt.NDArray[np.float32]] = {}
    if "confidence" in layers:
        values["confidence"] = ordered[:, -1] if proba.shape[0] else np.zeros(0, np.float32)
    if "margin" in layers:
        second = ordered[:, -2] if n_classes > 1 else np.zeros(proba.shape[0], np.float32)
        values["margin"] = (ordered[:, -1] - second) if proba.shape[0] else np.zeros(0, np.float32)
    if "entropy" in layers:
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(proba > 0, -proba * np.log(proba), 0.0)
        scale = np.log(n_classes) if n_classes > 1 else 1.0
        values["entropy"] = (terms.sum(axis=1) / scale).astype(np.float32)
    for name, value in values.items():
        layer = np.full(valid.shape, NODATA, dtype=np.uint8)
        layer[valid] = _percent(value)
        out[name] = layer
    if "probabilities" in layers:
        stack = np.full((n_classes, *valid.shape), NODATA, dtype=np.uint8)
        for k in range(n_classes):
            stack[k][valid] = _percent(proba[:, k])
        out["probabilities"] = stack
    if RAW_PROBABILITIES in layers:
        raw = np.full((n_classes, *valid.shape), np.nan, dtype=np.float32)
        for k in range(n_classes):
            raw[k][valid] = proba[:, k]
        out[RAW_PROBABILITIES] = raw
    return out


def _percent(values: npt.NDArray[Any]) -> npt.NDArray[np.uint8]:
    return np.asarray(np.clip(np.rint(np.asarray(values) * 100.0), 0, 100), dtype=np.uint8)


def layer_profile(geo: dict[str, Any], name: str, n_classes: int, compress: str) -> dict[str, Any]:
    """Return the GeoTIFF profile of an extra layer: uint8, nodata 255.

    See :func:`.geotiff.tiled_profile`.
    """
    if name == RAW_PROBABILITIES:
        return tiled_profile(
            geo, count=n_classes, dtype="float32", nodata=np.nan, predictor=3, compress=compress
        )
    count = n_classes if name == "probabilities" else 1
    return tiled_profile(
        geo, count=count, dtype="uint8", nodata=NODATA, predictor=2, compress=compress
    )


def finish_raster(
    path: str | os.PathLike[str], *, overviews: bool, cog: bool, categorical: bool, compress: str
) -> None:
    """Add overviews and/or rewrite ``path`` as a Cloud Optimized GeoTIFF, in place.

    Overviews use the mode for classes and the average otherwise; the file is still the
    temporary one of the caller.
    """
    if not (overviews or cog):
        return
    rasterio = require("rasterio")
    resampling = "mode" if categorical else "average"
    if overviews and not cog:
        with rasterio.open(path, "r+") as dst:
            factors = _factors(dst.width, dst.height)
            if factors:
                dst.build_overviews(factors, require("rasterio.enums").Resampling[resampling])
                dst.update_tags(ns="rio_overview", resampling=resampling)
        return
    target = Path(path)
    staged = target.with_name(target.stem + ".cog" + target.suffix)
    try:
        require("rasterio.shutil").copy(
            str(target),
            str(staged),
            driver="COG",
            COMPRESS=compress,
            PREDICTOR="NO" if categorical else "YES",
            BLOCKSIZE=str(TILE * 2),
            OVERVIEWS="AUTO" if overviews else "NONE",
            OVERVIEW_RESAMPLING=resampling.upper(),
            BIGTIFF="IF_SAFER",
        )
        os.replace(staged, target)
    finally:
        remove_quietly(staged)


def _factors(width: int, height: int) -> list[int]:
    factors, factor = [], 2
    while max(width, height) / factor >= TILE:
        factors.append(factor)
        factor *= 2
    return factors or ([2] if max(width, height) > 2 else [])
