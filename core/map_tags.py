"""The GDAL metadata tags LULC Classifier writes in its rasters, and their one reader.

A class map carries its legend (colour table; band tags ``LULC_CLASSES``, the legend as JSON,
and ``CLASS_<code>``, each class's name; dataset tag ``LULC_LEGEND``, the same JSON) and the
model it came from (``LULC_MODEL_ID``, ``LULC_MODEL_ALGORITHM``, ``LULC_MODEL_CREATED``,
``LULC_PLUGIN_VERSION``). Every raster the plugin writes says what it is in ``LULC_PRODUCT``
(``class map``, ``confidence``...), so that nothing offers it as an image to classify.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from typing import Any

from .deps import require
from .legend import ClassInfo, legend_from_json, legend_to_json
from .model.manifest import ModelManifest, legend_items

#: Band tag: the legend as JSON (:func:`~.legend.legend_to_json`).
CLASSES_TAG = "LULC_CLASSES"
#: Dataset tag: the same JSON (maps from before ``LULC_PRODUCT`` are known by it).
LEGEND_TAG = "LULC_LEGEND"
#: Dataset tag: what the raster is (:data:`CLASS_MAP`, or the name of an extra layer).
PRODUCT_TAG = "LULC_PRODUCT"
CLASS_MAP = "class map"


def write_map_legend(dst: Any, legend: Sequence[ClassInfo]) -> None:
    """Write the legend into an open class map: colour table, class names and legend tags.

    The one writer of a class map's legend, used when the map is predicted and when its legend
    is edited: a uint8 map gets a colour table (classes opaque, every other value and nodata
    transparent); band 1 gets the tags ``LULC_CLASSES`` (the legend as JSON) and
    ``CLASS_<code>`` (each class's name); the dataset gets ``LULC_LEGEND`` (the same JSON).

    Parameters
    ----------
    dst
        A single-band rasterio dataset open for writing (mode ``"w"`` or ``"r+"``).
    legend
        The classes, in legend order.
    """
    if dst.dtypes[0] == "uint8":
        colormap = {i: (0, 0, 0, 0) for i in range(256)}
        colormap.update({c.code: (*c.rgb(), 255) for c in legend})
        if dst.nodata is not None:
            colormap[int(dst.nodata)] = (0, 0, 0, 0)
        dst.write_colormap(1, colormap)
    classes = json.dumps(legend_to_json(legend))
    dst.update_tags(1, **{CLASSES_TAG: classes}, **{f"CLASS_{c.code}": c.name for c in legend})
    dst.update_tags(**{LEGEND_TAG: classes})


def write_model_tags(dst: Any, manifest: ModelManifest) -> None:
    """Mark an open class map as one (``LULC_PRODUCT``) and name the model it came from."""
    dst.update_tags(
        **{PRODUCT_TAG: CLASS_MAP},
        LULC_MODEL_ID=manifest.model_id or "",
        LULC_MODEL_ALGORITHM=manifest.algorithm or "",
        LULC_MODEL_CREATED=manifest.created or "",
        LULC_PLUGIN_VERSION=manifest.version_of("lulc_classifier"),
    )


def write_product(dst: Any, name: str) -> None:
    """Say what an open raster of ours is (``LULC_PRODUCT``: ``confidence``, ``margin``...)."""
    dst.update_tags(**{PRODUCT_TAG: name})


def read_map_legend(band_tags: Mapping[str, str]) -> list[ClassInfo] | None:
    """Read the legend in a class map's band tags, checked as a model's is.

    Returns None when the band has no legend.

    Raises
    ------
    ValueError
        If the ``LULC_CLASSES`` tag is damaged (not JSON, or a class is invalid), saying how.
    """
    text = band_tags.get(CLASSES_TAG)
    if text is None:
        return None
    try:
        return legend_from_json(legend_items(json.loads(text)))
    except RecursionError as exc:  # JSON nested too deep
        raise ValueError(str(exc)) from exc


def product(tags: Mapping[str, str]) -> str:
    """Tell what a raster with these dataset tags was written as.

    Returns '' when it was not written by LULC Classifier.
    """
    return str(tags.get(PRODUCT_TAG) or (CLASS_MAP if tags.get(LEGEND_TAG) else ""))


def lulc_product(path: str | os.PathLike[str]) -> str:
    """Tell what LULC Classifier wrote the raster ``path`` as ('class map', 'confidence', ...).

    This is the ``LULC_PRODUCT`` tag, or a map legend from before that tag. Returns '' for any
    other raster or one that cannot be read (the caller's own open says why), or when rasterio
    is missing.
    """
    try:
        with require("rasterio").open(path) as src:
            tags = src.tags()
    except Exception:  # any unreadable raster is reported by the real open
        return ""
    return product(tags)


__all__ = [
    "CLASSES_TAG",
    "CLASS_MAP",
    "LEGEND_TAG",
    "PRODUCT_TAG",
    "lulc_product",
    "product",
    "read_map_legend",
    "write_map_legend",
    "write_model_tags",
    "write_product",
]
