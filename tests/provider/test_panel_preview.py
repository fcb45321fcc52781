"""The panel's Preview (issue 16, item 3): what the canvas shows at the canvas's resolution, with
the model of the last run while the labels (unsaved edits included), rasters and settings are
those it was trained with, and trained again after a change. Driven through the panel's
buttons on the sample data, offscreen."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _click(dock: Any, button: Any, wait_for: Any) -> tuple[str, dict[str, Any]]:
    """Click ``button``; the algorithm and parameters it ran, once it has ended well."""
    button.click()
    assert dock.run is not None, dock.ui.statusLabel.text()
    launched = (dock.run.algorithm_id, dict(dock.run.parameters))
    wait_for(lambda: dock.run is None)
    assert "ready" in dock.ui.statusLabel.text(), dock.ui.statusLabel.text()
    return launched


def _preview_layer() -> Any:
    from qgis.core import QgsProject

    previews = QgsProject.instance().mapLayersByName("LULC preview")
    assert len(previews) == 1
    return previews[0]


def _add_label(layer: Any, x: float, y: float, kind: str = "Forest") -> None:
    from qgis.core import QgsGeometry, QgsPointXY, QgsVectorLayerUtils

    index = layer.fields().indexOf("Type")
    point = QgsGeometry.fromPointXY(QgsPointXY(x, y))
    assert layer.addFeature(QgsVectorLayerUtils.createFeature(layer, point, {index: kind}))


def _size_canvas(dock: Any, wait_for: Any) -> Any:
    """The canvas, about 400 x 300 pixels (its map settings follow its size)."""
    canvas = dock.iface.mapCanvas()
    canvas.resize(400, 300)
    wait_for(lambda: canvas.mapSettings().outputSize().width() <= 400, timeout=10)
    return canvas


def test_a_preview_applies_the_last_model_until_the_labels_change(
    dock: Any, sample_layers: dict[str, Any], wait_for: Any
) -> None:
    image, labels = sample_layers["image"], sample_layers["labels"]
    canvas = _size_canvas(dock, wait_for)
    canvas.setDestinationCrs(image.crs())
    full = image.extent()
    canvas.setExtent(full)
    dock.ui.confidenceCheck.setChecked(False)
    algorithm, _ = _click(dock, dock.ui.runButton, wait_for)
    assert algorithm == "lulc:classify"
    model = dock.trained["OUTPUT_MODEL"]
    scores = dock.ui.scoresLabel.text()

    # Unchanged labels: the map's model, applied to the canvas's view.
    algorithm, parameters = _click(dock, dock.ui.previewButton, wait_for)
    assert algorithm == "lulc:predict"
    assert parameters["MODEL"] == model
    assert "LABELS" not in parameters
    assert "with the model of the last run" in dock.ui.statusLabel.text()
    assert dock.ui.scoresLabel.text() == scores  # the model's accuracy, still shown
    first_map = _preview_layer().source()

    # An unsaved label: trained again, on the labels as the user sees them.
    assert labels.startEditing()
    _add_label(labels, full.center().x(), full.center().y())
    algorithm, parameters = _click(dock, dock.ui.previewButton, wait_for)
    assert algorithm == "lulc:classify"
    assert "EXTENT" in parameters
    retrained = dock.trained["OUTPUT_MODEL"]
    assert retrained != model
    assert Path(retrained).parent.name == "previews"
    assert not Path(first_map).exists()  # the replaced preview's map is deleted
    assert Path(model).is_file()  # the classified map's model is never touched

    # Nothing changed since: that preview's model, kept while previews replace each other.
    for _ in range(2):
        algorithm, parameters = _click(dock, dock.ui.previewButton, wait_for)
        assert algorithm == "lulc:predict"
        assert parameters["MODEL"] == retrained
        assert Path(retrained).is_file()
    assert dock.legend.target["model"] == model  # the legend edits the classified map

    # An attribute edit, then another algorithm: trained again each time.
    feature = next(labels.getFeatures())
    assert labels.changeAttributeValue(feature.id(), labels.fields().indexOf("Type"), "Water")
    assert _click(dock, dock.ui.previewButton, wait_for)[0] == "lulc:classify"
    assert not Path(retrained).exists()  # the model no preview applies any more is deleted
    dock.ui.algorithmCombo.setCurrentIndex(1)
    assert _click(dock, dock.ui.previewButton, wait_for)[0] == "lulc:classify"
    assert _click(dock, dock.ui.previewButton, wait_for)[0] == "lulc:predict"
    labels.rollBack()


def test_a_preview_is_at_the_canvas_resolution(
    dock: Any, sample_layers: dict[str, Any], wait_for: Any
) -> None:
    from qgis.core import QgsRectangle

    image = sample_layers["image"]
    canvas = _size_canvas(dock, wait_for)
    canvas.setDestinationCrs(image.crs())
    full = image.extent()
    pixel = (image.rasterUnitsPerPixelX(), image.rasterUnitsPerPixelY())
    _click(dock, dock.ui.runButton, wait_for)

    # Zoomed out: the whole image, on 400 x 300 pixels of a canvas showing three times its extent.
    canvas.setExtent(full)
    canvas.zoomByFactor(3)
    wanted = canvas.mapUnitsPerPixel()
    _, parameters = _click(dock, dock.ui.previewButton, wait_for)
    assert abs(parameters["RESOLUTION"] - wanted) < 1e-6 * wanted
    layer = _preview_layer()
    size = (layer.rasterUnitsPerPixelX(), layer.rasterUnitsPerPixelY())
    for got, native in zip(size, pixel):
        factor = got / native
        assert abs(factor - round(factor)) < 1e-6  # whole image pixels
        assert round(factor) == max(1, round(wanted / native))
    assert size[0] > 5 * pixel[0]
    assert layer.width() * layer.height() < 0.05 * image.width() * image.height()
    assert layer.extent().contains(QgsRectangle(full.center(), full.center()))

    # Zoomed in on a sixteenth: finer canvas pixels than the image's, so the image's pixels.
    canvas.setExtent(
        QgsRectangle(
            full.xMinimum(),
            full.yMinimum(),
            full.xMinimum() + full.width() / 4,
            full.yMinimum() + full.height() / 4,
        )
    )
    _click(dock, dock.ui.previewButton, wait_for)
    layer = _preview_layer()
    assert abs(layer.rasterUnitsPerPixelX() - pixel[0]) < 1e-12
    assert abs(layer.rasterUnitsPerPixelY() - pixel[1]) < 1e-12
    assert layer.extent().width() < full.width() / 2


def test_the_fingerprint_follows_what_training_reads(
    dock: Any, sample_layers: dict[str, Any]
) -> None:
    """Labels (geometry, class, unsaved or saved), rasters and settings change it; the view,
    the outputs and the confidence layer do not."""
    from qgis.core import QgsGeometry, QgsPointXY, QgsRasterLayer, QgsRectangle

    labels = sample_layers["labels"]
    before = dock.fingerprint()
    dock.iface.mapCanvas().setExtent(QgsRectangle(0, 0, 1, 1))
    dock.ui.confidenceCheck.setChecked(not dock.ui.confidenceCheck.isChecked())
    dock.ui.outputMapFile.setFilePath("/somewhere/map.tif")
    assert dock.fingerprint() == before

    assert labels.startEditing()
    feature = next(labels.getFeatures())
    point = feature.geometry().asPoint()
    moved = QgsGeometry.fromPointXY(QgsPointXY(point.x() + 1e-4, point.y()))
    assert labels.changeGeometry(feature.id(), moved)
    assert dock.fingerprint() != before
    labels.rollBack()
    assert dock.fingerprint() == before

    dock.ui.presetCombo.setCurrentIndex(1)
    assert dock.fingerprint() != before
    dock.ui.presetCombo.setCurrentIndex(0)
    assert dock.fingerprint() == before

    second = QgsRasterLayer(str(sample_layers["folder"] / "map_compress.tif"), "second", "gdal")
    from qgis.core import QgsProject
    from qgis.PyQt.QtCore import Qt

    QgsProject.instance().addMapLayer(second)
    listed = dock.ui.rasterList
    for row in range(listed.count()):
        listed.item(row).setCheckState(Qt.CheckState.Checked)
    assert dock.fingerprint() != before


def test_a_canvas_in_another_crs_gives_its_pixel_in_the_rasters_units(
    dock: Any, sample_layers: dict[str, Any], wait_for: Any
) -> None:
    """A canvas in Web Mercator (metres) over a WGS 84 image (degrees): RESOLUTION is the
    canvas's pixel in degrees, and the preview's pixels are as many of the image's."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsProject,
    )

    image = sample_layers["image"]
    canvas = _size_canvas(dock, wait_for)
    mercator = QgsCoordinateReferenceSystem("EPSG:3857")
    canvas.setDestinationCrs(mercator)
    try:
        to_mercator = QgsCoordinateTransform(image.crs(), mercator, QgsProject.instance())
        canvas.setExtent(to_mercator.transformBoundingBox(image.extent()))
        canvas.zoomByFactor(3)
        _click(dock, dock.ui.runButton, wait_for)
        _, parameters = _click(dock, dock.ui.previewButton, wait_for)
        metres = canvas.mapUnitsPerPixel()
    finally:  # the canvas is shared by the tests after this one
        canvas.setDestinationCrs(image.crs())
    degrees = parameters["RESOLUTION"]
    # At 43.4 N a Mercator metre is 1 / 111,320 degree of longitude east-west and
    # cos(43.4) / 111,320 = 1 / 153,000 degree of latitude north-south: the finer is chosen.
    assert 0.98 * metres / 153_000 < degrees < 1.02 * metres / 153_000
    layer = _preview_layer()
    factor = layer.rasterUnitsPerPixelX() / image.rasterUnitsPerPixelX()
    assert round(factor) == round(degrees / image.rasterUnitsPerPixelX()) > 2
