"""Label in place (issue 17, item 2, and the panel's learning curve of item 3), through the
panel's buttons on the sample data, offscreen: Suggest labels runs lulc:suggest on the last
model; the panel steps through the places (the canvas centred on each, the predicted class and
confidence shown); class answers add features to the labels layer, unsaved; Retrain uses them."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest


def _rows(path: Path) -> int:
    """The features saved in the GeoPackage's table (never QGIS's edit buffer)."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        (count,) = db.execute("SELECT COUNT(*) FROM train_points").fetchone()
    return int(count)


def _click(dock: Any, button: Any, wait_for: Any) -> tuple[str, dict[str, Any]]:
    """Click a run button; the algorithm and parameters it ran, once it has ended well."""
    button.click()
    assert dock.run is not None, dock.ui.statusLabel.text()
    launched = (dock.run.algorithm_id, dict(dock.run.parameters))
    wait_for(lambda: dock.run is None)
    assert "color: #a94442" not in dock.ui.statusLabel.styleSheet(), dock.ui.statusLabel.text()
    return launched


def _metrics(dock: Any) -> dict[str, Any]:
    return dict(json.loads(Path(dock.trained["OUTPUT_METRICS"]).read_text(encoding="utf-8")))


def _view(dock: Any, image: Any, wait_for: Any) -> Any:
    canvas = dock.iface.mapCanvas()
    canvas.resize(400, 300)
    wait_for(lambda: canvas.mapSettings().outputSize().width() <= 400, timeout=10)
    canvas.setDestinationCrs(image.crs())
    canvas.setExtent(image.extent())
    return canvas


def test_suggest_label_three_skip_one_retrain(
    dock: Any, sample_layers: dict[str, Any], wait_for: Any
) -> None:
    from qgis.core import QgsProject, QgsVectorLayer

    ui = dock.ui
    labels, image = sample_layers["labels"], sample_layers["image"]
    path = Path(labels.source().split("|")[0])
    saved = _rows(path)
    canvas = _view(dock, image, wait_for)
    ui.confidenceCheck.setChecked(False)
    assert not ui.suggestButton.isEnabled()  # no model yet
    assert _click(dock, ui.runButton, wait_for)[0] == "lulc:classify"
    first = _metrics(dock)
    model = dock.trained["OUTPUT_MODEL"]
    assert ui.suggestButton.isEnabled()

    ui.suggestCountSpin.setValue(5)
    algorithm, parameters = _click(dock, ui.suggestButton, wait_for)
    assert algorithm == "lulc:suggest"
    assert parameters["MODEL"] == model
    assert parameters["COUNT"] == 5
    assert parameters["RASTERS"] == [image.source()]
    assert parameters["LABELS"] == labels.source()  # saved: its file
    assert not ui.suggestionBox.isHidden()
    steps = dock.labeller.suggestions
    assert len(steps) == 5
    assert [s.rank for s in steps] == [1, 2, 3, 4, 5]

    # The first place: in the middle of the canvas, zoomed in, what the model says shown.
    shown = dock.labeller.current()
    assert shown is steps[0]
    pixel = image.rasterUnitsPerPixelX()
    assert abs(canvas.center().x() - shown.point.x()) < pixel
    assert abs(canvas.center().y() - shown.point.y()) < pixel
    assert canvas.extent().width() < image.extent().width() / 5
    ring = dock.labeller.ring.center()  # marked on the canvas (the flash is brief)
    assert abs(ring.x() - shown.point.x()) < pixel
    assert abs(ring.y() - shown.point.y()) < pixel
    text = ui.suggestionLabel.text()
    assert "Place 1 of 5" in text
    assert shown.predicted_name in text
    assert f"{100 * shown.confidence:.0f} %" in text
    classes = json.loads(dock.trained["CLASSES"])
    names = [b.text() for b in dock.labeller.buttons]
    assert names == [f"{i + 1} · {c['name']}" for i, c in enumerate(classes)]
    for button, kind in zip(dock.labeller.buttons, classes):
        assert kind["color"] in button.styleSheet()

    # Three answers and one skip: three features, in the edit buffer only.
    answers = [("Water", 0), (None, 1), ("Forest", 2), ("Soil", 3)]
    by_name = {c["name"]: i for i, c in enumerate(classes)}
    for name, step in answers:
        assert dock.labeller.current() is steps[step]
        if name is None:
            ui.skipButton.click()
        else:
            dock.labeller.buttons[by_name[name]].click()
        if step < 3:
            centre = canvas.center()
            following = steps[step + 1].point
            assert abs(centre.x() - following.x()) < pixel  # the next place, centred
            assert abs(centre.y() - following.y()) < pixel
    assert labels.isModified()
    added = list(labels.editBuffer().addedFeatures().values())
    assert len(added) == 3
    assert sorted(f["Type"] for f in added) == ["Forest", "Soil", "Water"]
    placed = {
        (round(s.point.x(), 9), round(s.point.y(), 9)) for s in (steps[0], steps[2], steps[3])
    }
    got = {
        (round(f.geometry().asPoint().x(), 9), round(f.geometry().asPoint().y(), 9)) for f in added
    }
    assert got == placed
    status = ui.labelStatus.text()
    assert "3 labels added, not saved" in status
    assert "1 skipped" in status
    assert "0 not sure" in status
    assert _rows(path) == saved  # nothing written to the file

    # Retrain: the labels as the layer shows them, the three unsaved ones included.
    algorithm, parameters = _click(dock, ui.retrainButton, wait_for)
    assert algorithm == "lulc:classify"
    copy = QgsVectorLayer(parameters["LABELS"], "copy", "ogr")
    assert copy.featureCount() == saved + 3
    del copy
    assert parameters["PREVIOUS_MODEL"] == model  # the history grows
    second = _metrics(dock)
    assert second["n_train"] + second["n_test"] == first["n_train"] + first["n_test"] + 3
    history = second["learning_history"]
    assert len(history) == len(first["learning_history"]) + 1
    assert history[-1]["labels"] == history[-2]["labels"] + 3
    assert dock.curve.isVisibleTo(ui)
    assert labels.isModified()  # never saved behind the user's back
    assert _rows(path) == saved
    assert len(QgsProject.instance().mapLayersByName("Land cover (2)")) == 1
    labels.rollBack()
    assert "discarded" in ui.labelStatus.text()


def _polygon_labels(folder: Path, crs: str) -> Any:
    """An empty GeoPackage polygon layer with a text class field ``Type``, in ``crs``."""
    from qgis.core import QgsProject, QgsVectorFileWriter, QgsVectorLayer

    empty = QgsVectorLayer(f"MultiPolygon?crs={crs}&field=Type:string", "polygons", "memory")
    path = str(folder / "polygons.gpkg")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    written = QgsVectorFileWriter.writeAsVectorFormatV3(
        empty, path, QgsProject.instance().transformContext(), options
    )
    assert written[0] == QgsVectorFileWriter.WriterError.NoError, written
    layer = QgsVectorLayer(path, "polygons", "ogr")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    return layer


def test_a_polygon_layer_gets_pixel_squares_and_a_line_layer_a_sentence(
    dock: Any, sample_layers: dict[str, Any], wait_for: Any
) -> None:
    """Polygons in Web Mercator over a WGS 84 image: each answer is the square of the
    suggested pixel, in the layer's CRS; keys 1-9 answer too; a line layer is refused with a
    sentence and nothing is added."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsProject,
        QgsVectorLayer,
    )
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest

    ui = dock.ui
    image = sample_layers["image"]
    _view(dock, image, wait_for)
    ui.confidenceCheck.setChecked(False)
    _click(dock, ui.runButton, wait_for)
    polygons = _polygon_labels(sample_layers["folder"], "EPSG:3857")
    ui.labelsCombo.setLayer(polygons)
    ui.classFieldCombo.setField("Type")
    ui.suggestCountSpin.setValue(3)
    _click(dock, ui.suggestButton, wait_for)
    steps = dock.labeller.suggestions
    dock.labeller.buttons[0].click()
    QTest.keyClick(dock.labeller.buttons[0], Qt.Key.Key_2)  # the second class, by its key
    added = sorted(polygons.editBuffer().addedFeatures().values(), key=lambda f: f["Type"])
    assert len(added) == 2
    classes = json.loads(dock.trained["CLASSES"])
    assert [f["Type"] for f in added] == sorted([classes[0]["value"], classes[1]["value"]])
    back = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:3857"), image.crs(), QgsProject.instance()
    )
    pixel = (image.rasterUnitsPerPixelX(), image.rasterUnitsPerPixelY())
    for feature in added:
        geometry = feature.geometry()
        geometry.transform(back)
        box = geometry.boundingBox()
        assert abs(box.width() - pixel[0]) < 1e-3 * pixel[0]
        assert abs(box.height() - pixel[1]) < 1e-3 * pixel[1]
        centre = box.center()
        assert any(
            abs(centre.x() - s.point.x()) < 1e-6 and abs(centre.y() - s.point.y()) < 1e-6
            for s in steps[:2]
        )
    assert "2 labels added, not saved" in ui.labelStatus.text()

    lines = QgsVectorLayer("LineString?crs=EPSG:4326&field=Type:string", "lines", "memory")
    QgsProject.instance().addMapLayer(lines)
    ui.labelsCombo.setLayer(lines)
    ui.classFieldCombo.setField("Type")
    dock.labeller.buttons[0].click()
    assert lines.featureCount() == 0
    assert "line" in ui.labelStatus.text().lower()
    assert "Choose a point or polygon layer" in ui.labelStatus.text()
    assert dock.labeller.current() is steps[2]  # still waiting for an answer here
    ui.stopButton.click()
    assert ui.suggestionBox.isHidden()
    assert dock.labeller.ring is None  # the mark is gone
    assert "Stopped at place 3 of 3" in ui.labelStatus.text()
    polygons.rollBack()


def test_classify_retrains_the_model_of_the_same_labels_and_rasters(
    dock: Any, sample_layers: dict[str, Any], wait_for: Any
) -> None:
    """PREVIOUS_MODEL (the learning history goes on) is the last Classify's model while the
    labels layer, class field and rasters are those it was trained on; a preview never
    becomes it."""
    from qgis.PyQt.QtCore import Qt

    ui = dock.ui
    assert "PREVIOUS_MODEL" not in dock.parameters()  # nothing to retrain yet
    _view(dock, sample_layers["image"], wait_for)
    ui.confidenceCheck.setChecked(False)
    _click(dock, ui.runButton, wait_for)
    model = dock.trained["OUTPUT_MODEL"]
    assert dock.parameters()["PREVIOUS_MODEL"] == model
    assert dock.parameters(preview=True)["PREVIOUS_MODEL"] == model

    labels = sample_layers["labels"]
    assert labels.startEditing()
    feature = next(labels.getFeatures())
    assert labels.changeAttributeValue(feature.id(), labels.fields().indexOf("Type"), "Water")
    assert _click(dock, ui.previewButton, wait_for)[0] == "lulc:classify"  # trained again
    assert dock.trained["OUTPUT_MODEL"] != model
    assert dock.parameters()["PREVIOUS_MODEL"] == model  # the preview's model is not retrained
    labels.rollBack()

    ui.classFieldCombo.setField("Class")  # another class field: another history
    assert "PREVIOUS_MODEL" not in dock.parameters()
    ui.classFieldCombo.setField("Type")
    assert dock.parameters()["PREVIOUS_MODEL"] == model
    ui.rasterList.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert "PREVIOUS_MODEL" not in dock.parameters(preview=True)


def test_the_class_value_takes_the_type_of_the_layers_field(qgis_app: Any) -> None:
    from qgis.core import QgsVectorLayer

    from lulc_classifier.ui import label_edit

    layer = QgsVectorLayer(
        "Point?crs=EPSG:4326&field=code:integer&field=name:string", "l", "memory"
    )
    assert label_edit.field_value(layer, "code", "7") == 7
    assert label_edit.field_value(layer, "name", 7) == "7"
    with pytest.raises(label_edit.LabelError, match="does not fit the field 'code'"):
        label_edit.field_value(layer, "code", "Forest")
    with pytest.raises(label_edit.LabelError, match="no field 'class'"):
        label_edit.field_value(layer, "class", 1)


# --- the learning curve -----------------------------------------------------------------
def _entry(labels: int, oa: float, low: float, high: float) -> dict[str, Any]:
    return {
        "labels": labels,
        "samples": labels,
        "overall_accuracy": oa,
        "overall_accuracy_ci": [low, high],
        "scheme": "Stratified hold-out",
        "date": "2026-12-01T10:00:00",
        "algorithm": "random_forest",
    }


def test_the_curve_never_calls_an_overlap_an_improvement(qgis_app: Any) -> None:
    from lulc_classifier.ui import learning_curve

    assert learning_curve.summary([]) == ""
    one = learning_curve.summary([_entry(60, 0.80, 0.72, 0.87)])
    assert "One run so far" in one
    assert "0.800" in one
    assert "60 labels" in one
    overlapping = learning_curve.summary(
        [_entry(60, 0.80, 0.72, 0.87), _entry(80, 0.84, 0.77, 0.90)]
    )
    assert "within the uncertainty" in overlapping
    assert "higher" not in overlapping
    assert "improv" not in overlapping
    apart = learning_curve.summary([_entry(60, 0.70, 0.62, 0.77), _entry(120, 0.90, 0.85, 0.94)])
    assert "higher, beyond the uncertainty" in apart
    lower = learning_curve.summary([_entry(60, 0.90, 0.85, 0.94), _entry(120, 0.70, 0.62, 0.77)])
    assert "lower, beyond the uncertainty" in lower
    unknown = [_entry(60, 0.7, 0.6, 0.8), {**_entry(80, 0.9, 0, 0), "overall_accuracy_ci": None}]
    assert "no interval" in learning_curve.summary(unknown)
    other = [_entry(60, 0.8, 0.7, 0.9), {**_entry(80, 0.82, 0.75, 0.9), "scheme": "5-fold"}]
    assert "measured differently" in learning_curve.summary(other)
    table = learning_curve.table(unknown)
    assert table.count("<tr>") == 3
    assert "0.600–0.800" in table


def test_the_panel_draws_the_curve_of_the_metrics(dock: Any, tmp_path: Path, wait_for: Any) -> None:
    """Hidden without a history; one point drawn for one run; error bars in the picture."""
    from qgis.PyQt.QtGui import QColor

    from lulc_classifier.ui import learning_curve

    curve = dock.curve
    assert not curve.isVisibleTo(dock.ui)
    metrics = tmp_path / "metrics.json"
    history = [
        _entry(40, 0.70, 0.60, 0.79),
        _entry(60, 0.78, 0.70, 0.85),
        _entry(90, 0.86, 0.80, 0.91),
    ]
    for entries, visible in (([], False), (history[:1], True), (history, True)):
        metrics.write_text(json.dumps({"overall_accuracy": 0.8, "learning_history": entries}))
        dock._show_accuracy({"OUTPUT_METRICS": str(metrics)})
        assert curve.isVisibleTo(dock.ui) == visible
    assert "within the uncertainty" in curve.text.text()  # 0.70-0.85 and 0.80-0.91 overlap
    assert "90" in curve.plot.toolTip()
    assert "0.800–0.910" in curve.plot.toolTip()
    curve.plot.resize(300, 160)
    picture = curve.plot.grab().toImage()
    picture.save(str(tmp_path / "curve.png"))
    ink = QColor("#1f78b4")

    def inked(x: int, y: int) -> bool:  # the line's colour, antialiased against the background
        colour = QColor(picture.pixel(x, y))
        return colour.blue() - colour.red() > 40 and colour.blue() > 100

    assert not inked(2, 2)
    axes = curve.plot.area()
    scale = learning_curve.scale(curve.plot.runs, axes)
    for run in curve.plot.runs:  # the ink at each run's bar ends and its point
        x = round(scale.x(run.labels))
        for value in (run.low, run.high, run.accuracy):
            y = round(scale.y(value))
            near = [inked(x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
            assert any(near), (run, value, ink.name())
