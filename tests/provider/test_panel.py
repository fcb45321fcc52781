"""The dock panel, offscreen with pytest-qgis: it fills from the project, runs the algorithms as
background tasks, shows the accuracy, adds the styled map, previews, edits the legend, cancels,
and reports missing packages."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest


def _classes_in_labels(layer: Any, field: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for feature in layer.getFeatures():
        counts[str(feature[field])] = counts.get(str(feature[field]), 0) + 1
    return counts


def test_panel_fills_from_the_project(dock: Any, sample_layers: dict[str, Any]) -> None:
    ui = dock.ui
    assert ui.rasterList.count() == 1
    assert dock.checked_raster_ids() == [sample_layers["image"].id()]
    fields = [ui.classFieldCombo.itemText(i) for i in range(ui.classFieldCombo.count())]
    assert "Type" in fields
    expected = _classes_in_labels(sample_layers["labels"], "Type")
    shown = {
        ui.classCountTable.item(r, 0).text(): int(ui.classCountTable.item(r, 1).text())
        for r in range(ui.classCountTable.rowCount())
    }
    assert shown == expected
    assert ui.algorithmCombo.count() >= 8
    assert ui.presetCombo.count() > 1
    assert ui.indicesCombo.count() == 11
    assert not ui.dependencyBanner.isVisible()


def test_counts_follow_unsaved_edits_and_warn(dock: Any, wait_for: Any) -> None:
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    layer = dock.ui.labelsCombo.currentLayer()
    extent = layer.extent()
    assert layer.startEditing()
    feature = QgsFeature(layer.fields())
    feature.setAttribute("Type", "Glacier")
    feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(extent.center())))
    assert layer.addFeature(feature)

    def glacier_row() -> int | None:
        table = dock.ui.classCountTable
        for r in range(table.rowCount()):
            if table.item(r, 0).text() == "Glacier":
                return int(table.item(r, 1).text())
        return None

    wait_for(lambda: glacier_row() == 1, timeout=5)
    assert "Glacier (1)" in dock.ui.labelsWarning.text()
    layer.rollBack()
    wait_for(lambda: glacier_row() is None, timeout=5)
    assert "Glacier" not in dock.ui.labelsWarning.text()


def test_run_adds_a_styled_map_above_the_image(
    dock: Any, sample_layers: dict[str, Any], wait_for: Any
) -> None:
    from qgis.core import (
        QgsPalettedRasterRenderer,
        QgsProject,
        QgsRasterSymbolLegendNode,
        QgsSingleBandGrayRenderer,
    )

    ui = dock.ui
    assert ui.runButton.isEnabled()
    seen: list[int] = []
    ui.progressBar.valueChanged.connect(seen.append)
    ui.runButton.click()
    assert ui.cancelButton.isEnabled()
    assert not ui.runButton.isEnabled()
    wait_for(lambda: dock.run is None)
    assert "ready" in ui.statusLabel.text(), ui.statusLabel.text()
    # Progress arrived while the task ran (the event loop kept turning).
    assert any(0 < value < 100 for value in seen)
    assert seen[-1] == 100

    root = QgsProject.instance().layerTreeRoot()
    order = [node.layer().name() for node in root.findLayers()]
    assert order.index("Land cover") < order.index("Confidence (%)") < order.index("historical map")
    class_map = QgsProject.instance().mapLayersByName("Land cover")[0]
    renderer = class_map.renderer()
    assert isinstance(renderer, QgsPalettedRasterRenderer)
    expected = _classes_in_labels(sample_layers["labels"], "Type")
    assert sorted(c.label for c in renderer.classes()) == sorted(expected)
    node = root.findLayer(class_map.id())
    legend_nodes = class_map.legend().createLayerTreeModelLegendNodes(node)
    entries = [n for n in legend_nodes if isinstance(n, QgsRasterSymbolLegendNode)]
    assert len(entries) == len(expected)  # one legend entry per class (after the band title)
    confidence = QgsProject.instance().mapLayersByName("Confidence (%)")[0]
    assert isinstance(confidence.renderer(), QgsSingleBandGrayRenderer)

    assert "Overall accuracy" in ui.scoresLabel.text()
    assert ui.confusionTable.rowCount() == len(expected)
    assert ui.classScoresTable.rowCount() == len(expected)
    assert "file://" in ui.reportLink.text()
    report = ui.reportLink.text().split('"')[1].replace("file://", "")
    assert "Kappa" in Path(report).read_text()
    assert ui.legendTable.rowCount() == len(expected)
    # The panel's rasters are still only the image.
    assert dock.checked_raster_ids() == [sample_layers["image"].id()]
    assert ui.rasterList.count() == 1


def test_preview_covers_the_canvas_extent_and_replaces_itself(
    dock: Any, sample_layers: dict[str, Any], wait_for: Any
) -> None:
    from qgis.core import QgsProject, QgsRectangle

    image = sample_layers["image"]
    canvas = dock.iface.mapCanvas()
    canvas.setDestinationCrs(image.crs())
    full = image.extent()
    part = QgsRectangle(
        full.xMinimum(),
        full.yMinimum(),
        full.xMinimum() + full.width() / 4,
        full.yMinimum() + full.height() / 4,
    )
    canvas.setExtent(part)
    for _ in range(2):
        dock.ui.previewButton.click()
        wait_for(lambda: dock.run is None)
        assert "ready" in dock.ui.statusLabel.text(), dock.ui.statusLabel.text()
    previews = QgsProject.instance().mapLayersByName("LULC preview")
    assert len(previews) == 1
    shown = previews[0].extent()
    assert shown.width() < full.width() / 2
    assert shown.height() < full.height() / 2
    assert shown.intersects(canvas.extent())
    assert not QgsProject.instance().mapLayersByName("Confidence (%)")


def test_cancel_stops_the_run_and_leaves_no_file(
    dock: Any, sample_layers: dict[str, Any], tmp_path: Path, wait_for: Any
) -> None:
    from qgis.core import QgsProject

    out = tmp_path / "out"
    out.mkdir()
    dock.ui.outputMapFile.setFilePath(str(out / "map.tif"))
    dock.ui.outputModelFile.setFilePath(str(out / "model.lulcmodel"))
    dock.ui.runButton.click()
    dock.ui.cancelButton.click()
    wait_for(lambda: dock.run is None)
    assert "Cancel" in dock.ui.statusLabel.text()
    assert list(out.iterdir()) == []
    assert not QgsProject.instance().mapLayersByName("Land cover")
    assert dock.ui.runButton.isEnabled()


def test_a_failed_run_says_why(dock: Any, wait_for: Any) -> None:
    dock.ui.classFieldCombo.setField("fid")  # every label its own class: one label each
    dock.ui.validationCombo.setCurrentIndex(1)  # k-fold
    dock.ui.runButton.click()
    wait_for(lambda: dock.run is None)
    text = dock.ui.statusLabel.text()
    assert "ready" not in text
    assert len(text) > 20


def test_legend_editor_updates_layer_and_model(
    dock: Any, sample_layers: dict[str, Any], wait_for: Any
) -> None:
    from qgis.core import QgsProject
    from qgis.PyQt.QtGui import QColor

    dock.ui.confidenceCheck.setChecked(False)
    dock.ui.runButton.click()
    wait_for(lambda: dock.run is None)
    table = dock.ui.legendTable
    assert dock.ui.applyLegendButton.isEnabled()
    first = table.item(0, 1).text()
    table.item(0, 1).setText("Renamed class")
    table.cellWidget(0, 2).setColor(QColor("#123456"))
    dock.ui.applyLegendButton.click()
    wait_for(lambda: dock.run is None)
    assert "Legend applied" in dock.ui.statusLabel.text(), dock.ui.statusLabel.text()
    layer = QgsProject.instance().mapLayersByName("Land cover")[0]
    labels = {c.label: c.color.name() for c in layer.renderer().classes()}
    assert labels["Renamed class"] == "#123456"
    assert first not in labels
    with zipfile.ZipFile(dock.result["model"]) as archive:
        manifest_name = next(n for n in archive.namelist() if n.endswith(".json"))
        manifest = json.loads(archive.read(manifest_name))
    names = [c["name"] for c in manifest["classes"]]
    assert "Renamed class" in names
    assert first not in names


def test_missing_package_is_reported(plugin: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sklearn", None)  # what find_spec sees when it is absent
    monkeypatch.setattr(sys, "platform", "linux")
    plugin.panel_action.trigger()
    banner = plugin.dock.ui.dependencyBanner
    assert banner.isVisible()
    assert "scikit-learn" in banner.text()
    assert "apt install python3-sklearn" in banner.text()
    assert not plugin.dock.ui.runButton.isEnabled()


def test_a_rerun_uses_unsaved_label_edits(
    dock: Any, sample_layers: dict[str, Any], wait_for: Any
) -> None:
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsProject, QgsVectorLayer

    layer = sample_layers["labels"]
    extent = sample_layers["image"].extent()
    assert layer.startEditing()
    for i in range(12):
        feature = QgsFeature(layer.fields())
        feature.setAttribute("Type", "Glacier")
        x = extent.xMinimum() + extent.width() * (0.1 + 0.07 * i)
        y = extent.yMinimum() + extent.height() * 0.5
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        assert layer.addFeature(feature)
    dock.ui.confidenceCheck.setChecked(False)
    copy = QgsVectorLayer(dock.parameters()["LABELS"], "copy", "ogr")
    assert copy.featureCount() == layer.featureCount()  # a saved copy, with the 12 new points
    assert "Glacier" in {f["Type"] for f in copy.getFeatures()}
    del copy
    dock.ui.runButton.click()
    assert dock.run.context.project() is None  # the worker never reaches the project's layers
    wait_for(lambda: dock.run is None)
    assert "ready" in dock.ui.statusLabel.text(), dock.ui.statusLabel.text()
    class_map = QgsProject.instance().mapLayersByName("Land cover")[0]
    assert "Glacier" in [c.label for c in class_map.renderer().classes()]
    assert layer.isModified()  # the edits are the user's: never saved behind their back
    layer.rollBack()


def test_choices_become_the_algorithm_parameters(dock: Any, sample_layers: dict[str, Any]) -> None:
    from qgis.core import QgsProject, QgsRasterLayer
    from qgis.PyQt.QtCore import Qt

    second = QgsRasterLayer(str(sample_layers["folder"] / "map_compress.tif"), "second", "gdal")
    QgsProject.instance().addMapLayer(second)
    ui = dock.ui
    assert ui.rasterList.count() == 2
    for row in range(ui.rasterList.count()):
        ui.rasterList.item(row).setCheckState(Qt.CheckState.Checked)
    ui.presetCombo.setCurrentIndex(2)
    ui.indicesCombo.setItemCheckState(0, Qt.CheckState.Checked)
    ui.indicesCombo.setItemCheckState(3, Qt.CheckState.Checked)
    ui.algorithmCombo.setCurrentIndex(1)
    ui.validationCombo.setCurrentIndex(2)
    parameters = dock.parameters()
    listed = [ui.rasterList.item(r).data(Qt.ItemDataRole.UserRole) for r in range(2)]
    assert parameters["RASTERS"] == [QgsProject.instance().mapLayer(i).source() for i in listed]
    # a saved file layer: its file, never the layer object (the run is on another thread)
    assert parameters["LABELS"] == sample_layers["labels"].source()
    assert parameters["CLASS_FIELD"] == "Type"
    assert parameters["PRESET"] == 2
    assert parameters["INDICES"] == [0, 3]
    assert parameters["ALGORITHM"] == 1
    assert parameters["VALIDATION"] == 2
    # a first run needs no path: outputs go to a folder beside the project, not to temporary
    # files that vanish when QGIS quits
    folder = sample_layers["folder"] / "trial_lulc"
    for name in ("OUTPUT", "OUTPUT_MODEL", "OUTPUT_REPORT", "OUTPUT_METRICS", "OUTPUT_CONFIDENCE"):
        assert Path(parameters[name]).parent == folder
    assert len({parameters[n] for n in parameters if n.startswith("OUTPUT")}) == 5
    ui.confidenceCheck.setChecked(False)
    ui.outputMapFile.setFilePath("/somewhere/map.tif")
    parameters = dock.parameters()
    assert "OUTPUT_CONFIDENCE" not in parameters
    assert parameters["OUTPUT"] == "/somewhere/map.tif"


def test_the_background_run_gets_files_not_layers(dock: Any, sample_layers: dict[str, Any]) -> None:
    """A task must not use a layer of the GUI thread: a memory labels layer is copied to a
    GeoPackage for the run, and a layer object among the parameters is refused."""
    from qgis.core import QgsFeatureRequest, QgsProject, QgsVectorLayer

    from lulc_classifier.ui.runner import AlgorithmRun

    memory = sample_layers["labels"].materialize(QgsFeatureRequest())
    QgsProject.instance().addMapLayer(memory)
    dock.ui.labelsCombo.setLayer(memory)
    dock.ui.classFieldCombo.setField("Type")
    path = dock.parameters()["LABELS"]
    assert path.split("|")[0].endswith(".gpkg"), path
    copy = QgsVectorLayer(path, "copy", "ogr")
    assert copy.featureCount() == memory.featureCount() > 0
    del copy
    with pytest.raises(RuntimeError, match="LABELS is a Qt object"):
        AlgorithmRun("lulc:classify", {"LABELS": memory})
