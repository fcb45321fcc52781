"""Where to label next: lulc:suggest's parameters from the panel, its output read back, and the
map canvas brought to one suggestion.

lulc:suggest writes a point layer ``suggestions`` (a GeoPackage, in the rasters' CRS) sorted by
``rank``, with the predicted class (``predicted``, ``predicted_name``) and its ``confidence``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from qgis.core import (
    QgsApplication,
    QgsCoordinateTransform,
    QgsCsException,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)

from ..processing_provider.i18n import tr
from . import outputs
from .label_edit import pixel_square

ALGORITHM = "lulc:suggest"
#: The canvas shows this many image pixels across when it is brought to the first suggestion.
VIEW_PIXELS = 80


@dataclass(frozen=True)
class Suggestion:
    """One place to label: the point (in the suggestions' CRS) and what the model predicts."""

    point: QgsPointXY
    predicted: Any
    predicted_name: str
    confidence: float | None
    rank: int


def available() -> bool:
    """Whether lulc:suggest is registered."""
    return QgsApplication.processingRegistry().algorithmById(ALGORITHM) is not None


def output_path() -> str:
    """A new GeoPackage in the results folder, stamped with the time."""
    folder = outputs.results_folder()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for attempt in range(1000):
        path = folder / f"suggestions_{stamp}{f'_{attempt + 1}' if attempt else ''}.gpkg"
        if not path.exists():
            return str(path)
    raise OSError(
        tr("No free file name in '{folder}': remove old results from it.").format(folder=folder)
    )


def read(path: str) -> tuple[list[Suggestion], Any]:
    """The suggestions in ``path``, first rank first, and their CRS."""
    layer = QgsVectorLayer(f"{path}|layername=suggestions", "suggestions", "ogr")
    if not layer.isValid():
        layer = QgsVectorLayer(path, "suggestions", "ogr")
    if not layer.isValid():
        raise OSError(tr("QGIS cannot open the suggestions '{path}'.").format(path=path))
    names = set(layer.fields().names())
    found: list[Suggestion] = []
    for feature in layer.getFeatures():
        geometry = feature.geometry()
        if geometry is None or geometry.isEmpty():
            continue
        confidence = _value(feature, "confidence", names)
        rank = _value(feature, "rank", names)
        found.append(
            Suggestion(
                geometry.centroid().asPoint(),
                _value(feature, "predicted", names),
                str(_value(feature, "predicted_name", names) or ""),
                float(confidence) if confidence is not None else None,
                int(rank) if rank is not None else len(found) + 1,
            )
        )
    found.sort(key=lambda s: s.rank)
    return found, layer.crs()


def _value(feature: Any, name: str, names: set[str]) -> Any:
    if name not in names:
        return None
    value = feature[name]
    return None if value is None or (hasattr(value, "isNull") and value.isNull()) else value


def bring_into_view(
    canvas: Any, suggestion: Suggestion, crs: Any, pixel: tuple[float, float], zoom: bool
) -> QgsGeometry:
    """Centre the canvas on ``suggestion`` (``zoom``: showing :data:`VIEW_PIXELS` image pixels
    across) and flash its pixel; returns that pixel as a geometry in the canvas's CRS."""
    target = canvas.mapSettings().destinationCrs()
    point = suggestion.point
    square = pixel_square(point, pixel)
    side = VIEW_PIXELS / 2
    view = QgsRectangle(
        point.x() - side * pixel[0],
        point.y() - side * pixel[1],
        point.x() + side * pixel[0],
        point.y() + side * pixel[1],
    )
    centre = QgsPointXY(point)
    if crs.isValid() and target.isValid() and crs != target:
        transform = QgsCoordinateTransform(crs, target, QgsProject.instance())
        try:
            square.transform(transform)
            view = transform.transformBoundingBox(view)
            centre = transform.transform(point)
        except QgsCsException:
            return square
    if zoom:
        canvas.setExtent(view)
    canvas.setCenter(centre)
    canvas.refresh()
    canvas.flashGeometries([square], target)
    return square
