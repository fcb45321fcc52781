"""The panel's preview: what the map canvas shows, at the canvas's resolution, with the model of
the last run while nothing it was trained on has changed.

A preview classifies the canvas's extent at the size of the canvas's pixels (the algorithms'
RESOLUTION), so zooming out does not make it slower. Whether the last model still fits is told
by a fingerprint of everything training reads: the labels as the user sees them (unsaved edits
included), the class and name fields, the rasters (path, size, modification time) and the
training choices. Equal fingerprints: the preview applies the model (lulc:predict); else it
trains again (lulc:classify).
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

from qgis.core import (
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeatureRequest,
    QgsProject,
    QgsRectangle,
    QgsReferencedRectangle,
)


def canvas_view(canvas: Any, raster_crs: Any) -> tuple[Any, float | None]:
    """The canvas's extent (in the canvas's CRS) and the size of its pixels in the rasters'
    CRS units (None when unknown: the canvas has no size yet, or its extent cannot be
    transformed to the rasters' CRS)."""
    settings = canvas.mapSettings()
    extent = canvas.extent()
    crs = settings.destinationCrs()
    referenced = QgsReferencedRectangle(extent, crs)
    pixel = settings.mapUnitsPerPixel()
    size = settings.outputSize()
    if size.width() <= 0 or size.height() <= 0 or extent.isEmpty() or pixel <= 0:
        return referenced, None
    if raster_crs.isValid() and crs.isValid() and raster_crs != crs:
        transform = QgsCoordinateTransform(crs, raster_crs, QgsProject.instance())
        try:
            there = transform.transformBoundingBox(QgsRectangle(extent))
        except QgsCsException:
            return referenced, None
        # The finer of the two directions: a preview is never coarser than the screen.
        pixel *= min(there.width() / extent.width(), there.height() / extent.height())
    return referenced, pixel if pixel > 0 else None


def fingerprint(settings: dict[str, Any], labels: Any, fields: list[str]) -> str:
    """A digest of what training reads: ``settings`` (the run's parameters without labels and
    outputs; RASTERS among them), the files of the rasters, and the features of ``labels``
    (geometry and ``fields``) as the layer shows them, unsaved edits included."""
    digest = hashlib.sha256()
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    for source in settings.get("RASTERS", []):
        path = str(source).split("|")[0]
        try:
            stat = os.stat(path)
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        except OSError:
            digest.update(str(source).encode())
    digest.update(labels.crs().toWkt().encode())
    indexes = [labels.fields().indexOf(name) for name in fields if name]
    request = QgsFeatureRequest().setSubsetOfAttributes([i for i in indexes if i >= 0])
    for feature in labels.getFeatures(request):
        digest.update(bytes(feature.geometry().asWkb()))
        values = [_plain(feature.attribute(i)) for i in indexes if i >= 0]
        digest.update(json.dumps(values, default=str).encode())
    return digest.hexdigest()


def _plain(value: Any) -> Any:
    """An attribute value as Python (None for NULL, whose Qt object would print its address)."""
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    return value
