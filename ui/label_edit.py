"""Adding a label in place: one feature in the user's labels layer, inside its edit session.

The feature is never saved here: the user saves (or discards) the edits with QGIS's own tools,
and the panel's next run reads the layer as it shows, unsaved edits included. A point layer
gets the suggested point; a polygon layer a square of one image pixel around it; both in the
layer's own CRS.
"""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsCoordinateTransform,
    QgsCsException,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsVectorDataProvider,
    QgsVectorLayerUtils,
    QgsWkbTypes,
)

from ..processing_provider.i18n import tr


class LabelError(Exception):
    """A label cannot be added; the message says why and what to do."""


def pixel_square(point: QgsPointXY, pixel: tuple[float, float]) -> QgsGeometry:
    """The square of one pixel (``pixel``: width, height) centred on ``point``."""
    x, y, half_x, half_y = point.x(), point.y(), pixel[0] / 2, pixel[1] / 2
    return QgsGeometry.fromRect(QgsRectangle(x - half_x, y - half_y, x + half_x, y + half_y))


def label_geometry(
    layer: Any, point: QgsPointXY, crs: Any, pixel: tuple[float, float]
) -> QgsGeometry:
    """The geometry of a label at ``point`` (in ``crs``) for ``layer``, in the layer's CRS: the
    point itself, or for a polygon layer the square of one pixel (``pixel``: its width and
    height in ``crs`` units) around it."""
    kind = QgsWkbTypes.geometryType(layer.wkbType())
    if kind == QgsWkbTypes.GeometryType.PointGeometry:
        geometry = QgsGeometry.fromPointXY(point)
    elif kind == QgsWkbTypes.GeometryType.PolygonGeometry:
        geometry = pixel_square(point, pixel)
    else:
        raise LabelError(
            tr(
                "The labels layer '{name}' is not a point or polygon layer ({kind}): labelling "
                "in place adds points or one-pixel squares. Choose a point or polygon layer "
                "under 2. Labels."
            ).format(name=layer.name(), kind=QgsWkbTypes.geometryDisplayString(kind).lower())
        )
    if crs.isValid() and layer.crs().isValid() and crs != layer.crs():
        try:
            geometry.transform(QgsCoordinateTransform(crs, layer.crs(), QgsProject.instance()))
        except QgsCsException as exc:
            raise LabelError(
                tr(
                    "The suggestion cannot be placed in the CRS of the labels layer '{name}' "
                    "({crs}): {error}"
                ).format(name=layer.name(), crs=layer.crs().authid(), error=str(exc))
            ) from exc
    return geometry


def field_value(layer: Any, field_name: str, value: Any) -> Any:
    """``value`` as the layer's class field holds it (an integer field gets an integer, a text
    field text)."""
    index = layer.fields().indexOf(field_name)
    if index < 0:
        raise LabelError(
            tr("The labels layer '{name}' has no field '{field}': choose the class field.").format(
                name=layer.name(), field=field_name
            )
        )
    field = layer.fields().at(index)
    try:
        converted = field.convertCompatible(value)
    except ValueError:
        converted = None
    if converted is None or (hasattr(converted, "isNull") and converted.isNull()):
        raise LabelError(
            tr(
                "The class value '{value}' does not fit the field '{field}' ({type}) of '{name}': "
                "choose the class field the model was trained on."
            ).format(value=value, field=field_name, type=field.typeName(), name=layer.name())
        )
    return converted


def add_label(layer: Any, field_name: str, value: Any, geometry: QgsGeometry) -> None:
    """Add one feature of class ``value`` to ``layer``, in its edit session (started if need
    be, never committed), as one undoable step."""
    converted = field_value(layer, field_name, value)
    capabilities = layer.dataProvider().capabilities() if layer.dataProvider() else 0
    if layer.readOnly() or not capabilities & QgsVectorDataProvider.Capability.AddFeatures:
        raise LabelError(
            tr(
                "The labels layer '{name}' cannot be edited: save it as a GeoPackage and "
                "choose that copy under 2. Labels."
            ).format(name=layer.name())
        )
    if not layer.isEditable() and not layer.startEditing():
        raise LabelError(
            tr("QGIS could not start editing the labels layer '{name}'.").format(name=layer.name())
        )
    feature = QgsVectorLayerUtils.createFeature(
        layer, geometry, {layer.fields().indexOf(field_name): converted}
    )
    compatible = QgsVectorLayerUtils.makeFeatureCompatible(feature, layer)
    layer.beginEditCommand(tr("Label in place: {value}").format(value=value))
    if len(compatible) != 1 or not layer.addFeature(compatible[0]):
        layer.destroyEditCommand()
        raise LabelError(tr("The label could not be added to '{name}'.").format(name=layer.name()))
    layer.endEditCommand()
