"""Map layers for the panel: label counts per class, and adding the results to the project."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qgis.core import (
    QgsContrastEnhancement,
    QgsFeatureRequest,
    QgsMapLayer,
    QgsProcessingUtils,
    QgsProject,
    QgsProviderRegistry,
    QgsRasterLayer,
    QgsSingleBandGrayRenderer,
    QgsVectorFileWriter,
)

from ..processing_provider import products
from ..processing_provider.i18n import tr
from ..processing_provider.styling import load_class_map_style

#: Fewer labels than this in a class earn a warning: its accuracy is a guess, and folds of
#: cross-validation may get none of it.
FEW_LABELS = 10


@dataclass(frozen=True)
class ClassCount:
    """Labels of one class value (``value`` None: features without a class)."""

    value: Any
    name: str
    count: int


def count_labels(layer: Any, class_field: str, name_field: str = "") -> list[ClassCount]:
    """Count the features of ``layer`` per value of ``class_field``, with its unsaved edits."""
    fields = layer.fields()
    index = fields.indexOf(class_field)
    if index < 0:
        return []
    name_index = fields.indexOf(name_field) if name_field else -1
    wanted = [index] + ([name_index] if name_index >= 0 else [])
    request = QgsFeatureRequest().setSubsetOfAttributes(wanted)
    request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
    counts: dict[Any, list[Any]] = {}
    for feature in layer.getFeatures(request):
        value = feature.attribute(index)
        if value is None or (hasattr(value, "isNull") and value.isNull()) or value == "":
            value = None
        entry = counts.setdefault(value, [0, ""])
        entry[0] += 1
        if name_index >= 0 and not entry[1]:
            name = feature.attribute(name_index)
            entry[1] = "" if name is None or str(name) == "NULL" else str(name)
    ordered = sorted((v for v in counts if v is not None), key=lambda v: (str(type(v)), v))
    result = [ClassCount(v, counts[v][1] or str(v), counts[v][0]) for v in ordered]
    if None in counts:
        result.append(ClassCount(None, tr("(no class)"), counts[None][0]))
    return result


def with_unsaved_edits(layer: Any, fields: list[str]) -> Any:
    """A memory copy of ``layer`` as the user sees it, unsaved edits included, with only
    ``fields``: a new feature's other fields may hold the provider's placeholder (a
    GeoPackage's ``fid`` is 'Autogenerate' until saved), which makes Processing's export
    drop that feature without a word."""
    indexes = [layer.fields().indexOf(name) for name in fields if name]
    request = QgsFeatureRequest().setSubsetOfAttributes([i for i in indexes if i >= 0])
    return layer.materialize(request)


def labels_source(layer: Any, fields: list[str]) -> str:
    """A file the background run reads the labels from, never the layer object itself: a
    task must not touch a layer that lives on the GUI thread (the canvas draws it, the user
    edits it). A saved file layer gives its own source; unsaved edits, or a layer that is not
    a file (a database, a service, a memory layer), are copied to a temporary GeoPackage
    first, with ``fields`` only (see :func:`with_unsaved_edits`)."""
    if layer.providerType() == "ogr" and not layer.isModified():
        return str(layer.source())
    copy = with_unsaved_edits(layer, fields)
    path = QgsProcessingUtils.generateTempFilename("labels.gpkg")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = "labels"
    written = QgsVectorFileWriter.writeAsVectorFormatV3(
        copy, path, QgsProject.instance().transformContext(), options
    )
    if written[0] != QgsVectorFileWriter.WriterError.NoError:
        raise OSError(
            tr("The labels layer '{name}' could not be copied for the run: {error}").format(
                name=layer.name(), error=written[1]
            )
        )
    return f"{path}|layername=labels"


def count_warning(counts: list[ClassCount]) -> str:
    """A warning about classes with too few labels, or '' when all is well."""
    classes = [c for c in counts if c.value is not None]
    notes = []
    if len(classes) < 2:
        notes.append(
            tr("{count} class found: a classifier needs at least 2.").format(count=len(classes))
        )
    few = [c for c in classes if c.count < FEW_LABELS]
    if few:
        listed = ", ".join(f"{c.name} ({c.count})" for c in few)
        notes.append(
            tr(
                "Few labels in {classes}: add at least {minimum} per class for a usable model "
                "and an honest accuracy."
            ).format(classes=listed, minimum=FEW_LABELS)
        )
    empty = [c for c in counts if c.value is None]
    if empty:
        notes.append(
            tr("{count} features have no class and are ignored.").format(count=empty[0].count)
        )
    return " ".join(notes)


def project_rasters() -> list[Any]:
    """The project's raster layers, in layer-tree order (top first)."""
    root = QgsProject.instance().layerTreeRoot()
    return [
        node.layer()
        for node in root.findLayers()
        if node.layer() is not None and node.layer().type() == QgsMapLayer.LayerType.RasterLayer
    ]


def lulc_product(layer: Any) -> str:
    """What LULC Classifier wrote this raster as ('class map', 'confidence', ...; tag
    ``LULC_PRODUCT``, or a legend from before that tag), '' for anything else."""
    if layer.providerType() != "gdal":
        return ""
    path = QgsProviderRegistry.instance().decodeUri("gdal", layer.source()).get("path", "")
    return products.lulc_product(path) if path else ""


def topmost(layer_ids: list[str]) -> Any:
    """The layer among ``layer_ids`` that is highest in the layer tree (None if none is)."""
    wanted = set(layer_ids)
    for node in QgsProject.instance().layerTreeRoot().findLayers():
        if node.layerId() in wanted and node.layer() is not None:
            return node.layer()
    return None


def free_number(*bases: str) -> int:
    """The first run number n for which no project layer is named ``numbered(base, n)``."""
    taken = {layer.name() for layer in QgsProject.instance().mapLayers().values()}
    n = 1
    while any(numbered(base, n) in taken for base in bases):
        n += 1
    return n


def numbered(base: str, n: int) -> str:
    """``base`` for the first run, ``base (n)`` after."""
    return base if n == 1 else f"{base} ({n})"


def add_above(layer: Any, anchor: Any) -> Any:
    """Add ``layer`` to the project just above ``anchor`` in the layer tree (top if None)."""
    project = QgsProject.instance()
    project.addMapLayer(layer, False)
    root = project.layerTreeRoot()
    node = root.findLayer(anchor.id()) if anchor is not None else None
    if node is None:
        root.insertLayer(0, layer)
    else:
        parent = node.parent()
        parent.insertLayer(parent.children().index(node), layer)
    return layer


def class_map_layer(path: str, name: str) -> Any:
    """The class map with its paletted style (one legend entry per class) from its ``.qml``."""
    layer = QgsRasterLayer(path, name, "gdal")
    if not layer.isValid():
        raise RuntimeError(tr("QGIS cannot open the map '{path}'.").format(path=path))
    problem = load_class_map_style(layer)
    if problem:
        raise RuntimeError(problem)
    return layer


def confidence_layer(path: str, name: str) -> Any:
    """The confidence raster on a grey ramp from 0 % (black) to 100 % (white)."""
    layer = QgsRasterLayer(path, name, "gdal")
    if not layer.isValid():
        raise RuntimeError(tr("QGIS cannot open the confidence layer '{path}'.").format(path=path))
    provider = layer.dataProvider()
    renderer = QgsSingleBandGrayRenderer(provider, 1)
    stretch = QgsContrastEnhancement(provider.dataType(1))
    stretch.setContrastEnhancementAlgorithm(
        QgsContrastEnhancement.ContrastEnhancementAlgorithm.StretchToMinimumMaximum
    )
    stretch.setMinimumValue(0)
    stretch.setMaximumValue(100)
    renderer.setContrastEnhancement(stretch)
    layer.setRenderer(renderer)
    return layer


def remove_layers(layer_ids: list[str]) -> None:
    """Remove the layers still in the project among ``layer_ids``."""
    project = QgsProject.instance()
    present = [i for i in layer_ids if project.mapLayer(i) is not None]
    if present:
        project.removeMapLayers(present)
