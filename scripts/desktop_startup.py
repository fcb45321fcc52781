"""Runs inside the real QGIS desktop (``qgis --code``, started by scripts/desktop.py): does
what a user does, writes what it saw to ``$LULC_DESKTOP_OUT`` (JSON) and quits.

``$LULC_DESKTOP_MODE``: ``first`` (a fresh profile: the toolbar, then open the panel with its
button and measure it), ``restart`` (is the panel back?), ``screenshot`` (the sample data,
Classify through the panel, the main window saved to ``$LULC_DESKTOP_PNG``), ``preview``
(Classify, then previews zoomed out and in, one after an unsaved label: what each ran, the
preview's pixel size, what the canvas shows; the window saved to ``$LULC_DESKTOP_PNG`` if
set), ``label`` (Classify, Suggest labels, one class button clicked: what the panel showed and
added; the window, stepping through the places, saved to ``$LULC_DESKTOP_PNG`` if set).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from qgis.core import (
    QgsGeometry,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsVectorLayer,
    QgsVectorLayerUtils,
)
from qgis.PyQt.QtCore import QPoint, Qt, QTimer
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QApplication, QDockWidget, QToolBar
from qgis.utils import iface, plugins

OUT = Path(os.environ["LULC_DESKTOP_OUT"])
MODE = os.environ["LULC_DESKTOP_MODE"]
DATA = Path(os.environ["LULC_DESKTOP_ROOT"]) / "data" / "historical_map"  # exec'd: no __file__
seen: dict[str, Any] = {"mode": MODE}


def later(seconds: float, step: Any) -> None:
    """Run ``step`` after ``seconds`` of the event loop; a failure is written and QGIS quits."""

    def guarded() -> None:
        try:
            step()
        except Exception:
            seen["error"] = traceback.format_exc()
            finish(hard=True)

    QTimer.singleShot(int(seconds * 1000), guarded)


def finish(hard: bool = False) -> None:
    """Write what was seen and quit (``hard``: without saving anything)."""
    OUT.write_text(json.dumps(seen, indent=1))
    if hard:
        os._exit(0)
    iface.actionExit().trigger()  # QGIS saves its window state and settings


def toolbar_seen() -> dict[str, Any]:
    window = iface.mainWindow()
    ours = window.findChild(QToolBar, "LulcClassifierToolbar")
    raster = window.findChild(QToolBar, "mRasterToolBar")
    plugin = plugins["lulc_classifier"]
    return {
        "ours_visible": ours is not None and ours.isVisible(),
        "ours_actions": [a.objectName() for a in ours.actions()] if ours else [],
        "raster_visible": raster.isVisible(),
        "raster_actions": [a.objectName() for a in raster.actions()],
        "button_visible": bool(ours and ours.widgetForAction(plugin.panel_action).isVisible()),
    }


def dock_seen() -> dict[str, Any]:
    window = iface.mainWindow()
    dock = window.findChild(QDockWidget, "LulcClassifierDock")
    if dock is None:
        return {"exists": False, "visible": False}
    area = dock.widget().scrollArea
    return {
        "exists": True,
        "visible": dock.isVisible(),
        "area": int(window.dockWidgetArea(dock)),
        "width": dock.width(),
        "viewport_width": area.viewport().width(),
        "contents_min_width": area.widget().minimumSizeHint().width(),
        "hscroll_max": area.horizontalScrollBar().maximum(),
        "hscroll_visible": area.horizontalScrollBar().isVisible(),
    }


def click_panel_button() -> None:
    """Its toolbar button; failing that, its Raster menu entry."""
    plugin = plugins["lulc_classifier"]
    ours = iface.mainWindow().findChild(QToolBar, "LulcClassifierToolbar")
    if ours is not None:
        QTest.mouseClick(ours.widgetForAction(plugin.panel_action), Qt.MouseButton.LeftButton)
    else:
        plugin.panel_action.trigger()


def first() -> None:
    seen["toolbar"] = toolbar_seen()
    click_panel_button()
    later(1.5, first_dock)


def first_dock() -> None:
    seen["dock"] = dock_seen()
    finish()


def restart() -> None:
    seen["dock"] = dock_seen()
    finish()


# --- screenshot ------------------------------------------------------------------------
def screenshot() -> None:
    window = iface.mainWindow()
    window.setGeometry(0, 0, 1600, 1000)
    project = QgsProject.instance()
    image = QgsRasterLayer(str(DATA / "map_compress.tif"), "Historical map", "gdal")
    labels = QgsVectorLayer(str(DATA / "train_points.gpkg"), "Labelled points", "ogr")
    project.addMapLayers([image, labels])
    iface.mapCanvas().setExtent(image.extent())
    click_panel_button()
    later(1.5, classify)


def classify() -> None:
    dock = plugins["lulc_classifier"].dock
    ui = dock.ui
    ui.classFieldCombo.setField("Type")
    ui.confidenceCheck.setChecked(False)  # the class map on top, nothing to untick
    if os.environ.get("LULC_DESKTOP_ALGORITHM"):  # issue 20: the network, say (10)
        ui.algorithmCombo.setCurrentIndex(int(os.environ["LULC_DESKTOP_ALGORITHM"]))
    if os.environ.get("LULC_DESKTOP_CLEAN"):  # issue 18: a minimum mapping unit of 20 pixels
        ui.smoothingCombo.setCurrentIndex(3)
        ui.smoothSizeSpin.setValue(20)
    ui.scrollArea.ensureWidgetVisible(ui.runButton)
    seen["started"] = time.monotonic()
    QTest.mouseClick(ui.runButton, Qt.MouseButton.LeftButton)
    later(1.0, wait_for_map)


def wait_for_map() -> None:
    dock = plugins["lulc_classifier"].dock
    if dock.run is not None:
        if time.monotonic() - seen["started"] > 600:
            raise TimeoutError("The run did not finish in 10 minutes.")
        later(0.5, wait_for_map)
        return
    seen["status"] = dock.ui.statusLabel.text()
    seen["scores"] = dock.ui.scoresLabel.text()
    canvas = iface.mapCanvas()
    canvas.mapCanvasRefreshed.connect(lambda: later(1.0, shoot))
    canvas.refreshAllLayers()


def shoot() -> None:
    if "shot" in seen:
        return
    dock = plugins["lulc_classifier"].dock
    ui = dock.ui
    bar = ui.scrollArea.verticalScrollBar()
    # The run's end: buttons, status, accuracy and the confusion matrix in view (with
    # LULC_DESKTOP_CLEAN, the model and output settings above them).
    top = ui.modelGroup if os.environ.get("LULC_DESKTOP_CLEAN") else ui.runButton
    bar.setValue(top.mapTo(ui.scrollContents, QPoint(0, 0)).y() - 8)
    view = iface.layerTreeView()
    for node in QgsProject.instance().layerTreeRoot().findLayers():
        renderer = getattr(node.layer(), "renderer", lambda: None)()
        classes = renderer is not None and renderer.type() == "paletted"  # the map's legend
        node.setExpanded(classes)
        view.setExpanded(view.node2index(node), classes)
    QApplication.processEvents()
    path = os.environ["LULC_DESKTOP_PNG"]
    window = iface.mainWindow()
    grabbed = QApplication.primaryScreen().grabWindow(window.winId())
    seen["shot"] = grabbed.save(path)
    seen["size"] = [grabbed.width(), grabbed.height()]
    seen["layers"] = [n.name() for n in QgsProject.instance().layerTreeRoot().findLayers()]
    seen["dock"] = dock_seen()
    finish(hard=True)  # the project has unsaved layers: no "save?" question


# --- preview ---------------------------------------------------------------------------
#: The steps of the preview mode: (what the canvas shows, add an unsaved label first).
PREVIEWS = [("zoomed out", False), ("zoomed out", True), ("zoomed out", False), ("1/16", False)]


def editable_sample(prefix: str) -> tuple[Any, Any]:
    """Copies of the sample image and labels (the run edits the labels) in the project, the
    window at 1600 x 1000 and the canvas on the image."""
    iface.mainWindow().setGeometry(0, 0, 1600, 1000)
    work = Path(tempfile.mkdtemp(prefix=prefix))
    for name in ("map_compress.tif", "train_points.gpkg"):
        shutil.copy(DATA / name, work / name)
    image = QgsRasterLayer(str(work / "map_compress.tif"), "Historical map", "gdal")
    labels = QgsVectorLayer(str(work / "train_points.gpkg"), "Labelled points", "ogr")
    QgsProject.instance().addMapLayers([image, labels])
    iface.mapCanvas().setExtent(image.extent())
    return image, labels


def preview() -> None:
    """Classify, then previews as a user iterates: the whole image zoomed out (the model
    reused), after an unsaved label (trained again), again (reused), zoomed in on 1/16."""
    image, labels = editable_sample("lulc-preview-")
    seen["image"] = {
        "pixel": [image.rasterUnitsPerPixelX(), image.rasterUnitsPerPixelY()],
        "size": [image.width(), image.height()],
    }
    seen["previews"] = []
    click_panel_button()
    later(1.5, lambda: press("runButton", next_preview))


def press(button: str, then: Any) -> None:
    """Click a run button of the panel; ``then()`` once the run has ended."""
    dock = plugins["lulc_classifier"].dock
    dock.ui.classFieldCombo.setField("Type")
    dock.ui.confidenceCheck.setChecked(False)
    widget = getattr(dock.ui, button)
    dock.ui.scrollArea.ensureWidgetVisible(widget)
    started = time.monotonic()
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    run = {"algorithm": dock.run.algorithm_id if dock.run else None}

    def wait() -> None:
        if dock.run is not None:
            if time.monotonic() - started > 600:
                raise TimeoutError("The run did not finish in 10 minutes.")
            later(0.05, wait)
            return
        run["seconds"] = time.monotonic() - started
        run["status"] = dock.ui.statusLabel.text()
        seen.setdefault("runs", []).append(run)
        then()

    later(0.05, wait)


def next_preview() -> None:
    step = len(seen["previews"])
    if step == len(PREVIEWS):
        later(0.5, shoot_preview)
        return
    view, edit = PREVIEWS[step]
    project = QgsProject.instance()
    image = project.mapLayersByName("Historical map")[0]
    canvas = iface.mapCanvas()
    full = image.extent()
    if view == "zoomed out":
        canvas.setExtent(full)
        canvas.zoomByFactor(3)
    else:
        canvas.setExtent(
            QgsRectangle(
                full.xMinimum(),
                full.yMinimum(),
                full.xMinimum() + full.width() / 4,
                full.yMinimum() + full.height() / 4,
            )
        )
    if edit:  # an unsaved point, as digitized
        labels = project.mapLayersByName("Labelled points")[0]
        labels.startEditing()
        field = labels.fields().indexOf("Type")
        point = QgsGeometry.fromPointXY(full.center())
        labels.addFeature(QgsVectorLayerUtils.createFeature(labels, point, {field: "Forest"}))
    seen["previews"].append(
        {
            "view": view,
            "edit": edit,
            "canvas_units_per_pixel": canvas.mapUnitsPerPixel(),
            "canvas_size": [canvas.width(), canvas.height()],
        }
    )
    press("previewButton", record_preview)


def record_preview() -> None:
    layers = QgsProject.instance().mapLayersByName("LULC preview")
    entry = seen["previews"][-1]
    entry["run"] = seen["runs"][-1]
    entry["layers"] = len(layers)
    if layers:
        layer = layers[0]
        entry["pixel"] = [layer.rasterUnitsPerPixelX(), layer.rasterUnitsPerPixelY()]
        entry["size"] = [layer.width(), layer.height()]
    entry["tree"] = [n.name() for n in QgsProject.instance().layerTreeRoot().findLayers()]
    later(0.3, next_preview)


def shoot_preview() -> None:
    """What the canvas shows once drawn: the share of its pixels in the preview's colours,
    with the classified map (the same colours) and the labels hidden."""
    canvas = iface.mapCanvas()
    root = QgsProject.instance().layerTreeRoot()
    for node in root.findLayers():
        if node.name() in ("Land cover", "Labelled points"):
            node.setItemVisibilityChecked(False)

    def drawn() -> None:
        if "canvas" in seen:
            return
        layer = QgsProject.instance().mapLayersByName("LULC preview")[0]
        colours = {c.color.name() for c in layer.renderer().classes()}
        shot = canvas.grab().toImage()
        step = 4
        hits = total = 0
        for y in range(0, shot.height(), step):
            for x in range(0, shot.width(), step):
                total += 1
                hits += QColor(shot.pixel(x, y)).name() in colours
        seen["canvas"] = {"class_colour_share": hits / total, "colours": sorted(colours)}
        path = os.environ.get("LULC_DESKTOP_PNG")
        if path:
            grabbed = QApplication.primaryScreen().grabWindow(iface.mainWindow().winId())
            seen["shot"] = grabbed.save(path)
        finish(hard=True)  # unsaved edits and layers: no "save?" question

    canvas.mapCanvasRefreshed.connect(lambda: later(0.5, drawn))
    canvas.refreshAllLayers()


# --- label in place ---------------------------------------------------------------------
def label() -> None:
    """Classify, Suggest labels, answer the first place with a class button."""
    image, labels = editable_sample("lulc-label-")
    seen["labels_before"] = labels.featureCount()
    click_panel_button()
    later(1.5, lambda: press("runButton", suggest))


def suggest() -> None:
    dock = plugins["lulc_classifier"].dock
    dock.ui.resultsGroup.setCollapsed(True)  # the labelling controls in view
    for node in QgsProject.instance().layerTreeRoot().findLayers():
        if node.name() == "Land cover":  # the user labels what the image shows
            node.setItemVisibilityChecked(False)
    dock.ui.suggestCountSpin.setValue(10)
    seen["suggest_enabled"] = dock.ui.suggestButton.isEnabled()
    press("suggestButton", answer)


def answer() -> None:
    dock = plugins["lulc_classifier"].dock
    ui = dock.ui
    steps = dock.labeller.suggestions
    seen["suggest_status"] = ui.statusLabel.text()
    if not dock.labeller.buttons:
        raise RuntimeError(f"No class buttons after Suggest labels: {seen['suggest_status']}")
    seen["suggestions"] = len(steps)
    seen["first_text"] = ui.suggestionLabel.text()
    canvas = iface.mapCanvas()
    seen["canvas_centre"] = [canvas.center().x(), canvas.center().y()]
    seen["first_point"] = [steps[0].point.x(), steps[0].point.y()] if steps else None
    seen["buttons"] = [b.text() for b in dock.labeller.buttons]
    seen["box_visible"] = ui.suggestionBox.isVisible()
    button = dock.labeller.buttons[2]
    ui.scrollArea.ensureWidgetVisible(button)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    later(0.5, record_label)


def record_label() -> None:
    dock = plugins["lulc_classifier"].dock
    ui = dock.ui
    labels = QgsProject.instance().mapLayersByName("Labelled points")[0]
    added = list(labels.editBuffer().addedFeatures().values()) if labels.editBuffer() else []
    seen["added"] = [
        {"Type": f["Type"], "point": [f.geometry().asPoint().x(), f.geometry().asPoint().y()]}
        for f in added
    ]
    seen["labels_after"] = labels.featureCount()
    seen["modified"] = labels.isModified()
    seen["status"] = ui.labelStatus.text()
    seen["second_text"] = ui.suggestionLabel.text()
    bar = ui.scrollArea.verticalScrollBar()
    bar.setValue(ui.labelGroup.mapTo(ui.scrollContents, QPoint(0, 0)).y() - 8)
    canvas = iface.mapCanvas()

    def shoot_label() -> None:
        if "shot" in seen:
            return
        path = os.environ.get("LULC_DESKTOP_PNG")
        if path:
            QApplication.processEvents()
            grabbed = QApplication.primaryScreen().grabWindow(iface.mainWindow().winId())
            seen["shot"] = grabbed.save(path)
            seen["size"] = [grabbed.width(), grabbed.height()]
        finish(hard=True)  # unsaved edits: no "save?" question

    canvas.mapCanvasRefreshed.connect(lambda: later(0.8, shoot_label))
    canvas.refreshAllLayers()


later(
    3.0,
    {
        "first": first,
        "restart": restart,
        "screenshot": screenshot,
        "preview": preview,
        "label": label,
    }[MODE],
)
