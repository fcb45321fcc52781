"""The panel's legend editor as a user meets it (issue 14, item 6): an applied legend reaches the
accuracy tables and the report, lasts into the next run, and edits the map the section names,
never silently a preview."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _run(dock: Any, wait_for: Any, button: Any) -> None:
    button.click()
    wait_for(lambda: dock.run is None)
    assert "ready" in dock.ui.statusLabel.text(), dock.ui.statusLabel.text()


def _apply(dock: Any, wait_for: Any, edits: dict[str, tuple[str, str]]) -> None:
    """Rename and recolour rows of the legend table (by their current name), then Apply."""
    from qgis.PyQt.QtGui import QColor

    table = dock.ui.legendTable
    names = [table.item(r, 1).text() for r in range(table.rowCount())]
    for old, (new, colour) in edits.items():
        row = names.index(old)
        table.item(row, 1).setText(new)
        table.cellWidget(row, 2).setColor(QColor(colour))
    dock.ui.applyLegendButton.click()
    wait_for(lambda: dock.run is None)
    assert "Legend applied" in dock.ui.statusLabel.text(), dock.ui.statusLabel.text()


def _classes(layer: Any) -> dict[int, tuple[str, str]]:
    return {int(c.value): (c.label, c.color.name()) for c in layer.renderer().classes()}


def _report_path(dock: Any) -> Path:
    return Path(dock.ui.reportLink.text().split('"')[1].replace("file://", ""))


def _legend_label(dock: Any) -> str:
    from qgis.PyQt.QtWidgets import QLabel

    label = dock.ui.findChild(QLabel, "legendTargetLabel")
    assert label is not None, "the legend section does not say which map it edits"
    return str(label.text())


def test_a_legend_edit_reaches_the_accuracy_tables_and_the_report(dock: Any, wait_for: Any) -> None:
    ui = dock.ui
    ui.confidenceCheck.setChecked(False)
    _run(dock, wait_for, ui.runButton)
    report = _report_path(dock)
    assert ">Forest<" in report.read_text(encoding="utf-8")
    _apply(dock, wait_for, {"Forest": ("Woodland", "#123456")})

    scores = [ui.classScoresTable.item(r, 0).text() for r in range(ui.classScoresTable.rowCount())]
    assert "Woodland" in scores
    assert "Forest" not in scores
    table = ui.confusionTable
    columns = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    rows = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    assert "Woodland" in columns
    assert "Woodland" in rows
    assert "Forest" not in columns + rows
    text = _report_path(dock).read_text(encoding="utf-8")
    assert ">Woodland<" in text
    assert "Woodland: " in text  # the run details' samples per class
    assert "Forest" not in text
    metrics = json.loads(Path(dock.legend.target["metrics"]).read_text(encoding="utf-8"))
    assert "Woodland" in metrics["confusion"]["names"]
    assert "Woodland" in [c["name"] for c in metrics["classes"]]


def test_an_applied_legend_lasts_into_the_next_classify(
    dock: Any, sample_layers: dict[str, Any], wait_for: Any
) -> None:
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsProject

    ui = dock.ui
    ui.confidenceCheck.setChecked(False)
    _run(dock, wait_for, ui.runButton)
    before = _classes(QgsProject.instance().mapLayer(dock.result["layer_id"]))
    forest = next(code for code, (name, _) in before.items() if name == "Forest")
    _apply(dock, wait_for, {"Forest": ("Woodland", "#123456"), "Water": ("Lake", "#00ffff")})
    legend = dock.parameters()["LEGEND"]  # by class value: "Forest" is the value in "Type"
    assert legend[legend.index("Forest") : legend.index("Forest") + 3] == [
        "Forest",
        "Woodland",
        "#123456",
    ]
    ui.classFieldCombo.setField("fid")  # another class field: its classes are others
    assert "LEGEND" not in dock.parameters()
    ui.classFieldCombo.setField("Type")

    # A new class that sorts first: text classes are numbered in sorted order, so every code
    # shifts, and the kept legend must follow the class values, not the codes.
    labels = sample_layers["labels"]
    extent = sample_layers["image"].extent()
    assert labels.startEditing()
    for i in range(12):
        feature = QgsFeature(labels.fields())
        feature.setAttribute("Type", "Aaa new")
        x = extent.xMinimum() + extent.width() * (0.1 + 0.07 * i)
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, extent.center().y())))
        assert labels.addFeature(feature)
    assert labels.commitChanges()

    _run(dock, wait_for, ui.runButton)
    after = _classes(QgsProject.instance().mapLayer(dock.result["layer_id"]))
    assert after[forest + 1] == ("Woodland", "#123456")
    assert ("Lake", "#00ffff") in after.values()
    assert "Aaa new" in [name for name, _ in after.values()]
    assert not {"Forest", "Water"} & {name for name, _ in after.values()}
    metrics = json.loads(Path(dock.legend.target["metrics"]).read_text(encoding="utf-8"))
    assert {"Woodland", "Lake", "Aaa new"} <= set(metrics["confusion"]["names"])
    assert ">Woodland<" in _report_path(dock).read_text(encoding="utf-8")


def test_the_legend_edits_the_map_it_names_not_a_later_preview(
    dock: Any, sample_layers: dict[str, Any], wait_for: Any
) -> None:
    from qgis.core import QgsProject, QgsRectangle

    ui = dock.ui
    ui.confidenceCheck.setChecked(False)
    image = sample_layers["image"]
    canvas = dock.iface.mapCanvas()
    canvas.setDestinationCrs(image.crs())
    full = image.extent()
    canvas.setExtent(
        QgsRectangle(
            full.xMinimum(),
            full.yMinimum(),
            full.xMinimum() + full.width() / 3,
            full.yMinimum() + full.height() / 3,
        )
    )
    _run(dock, wait_for, ui.previewButton)
    preview = QgsProject.instance().mapLayer(dock.result["layer_id"])
    assert "preview" in _legend_label(dock)  # no classified map yet: it edits the preview
    assert preview.name() in _legend_label(dock)

    _run(dock, wait_for, ui.runButton)
    classified = QgsProject.instance().mapLayer(dock.result["layer_id"])
    assert f"classified map '{classified.name()}'" in _legend_label(dock)
    _run(dock, wait_for, ui.previewButton)
    preview = QgsProject.instance().mapLayer(dock.result["layer_id"])
    assert preview.id() != classified.id()
    assert f"classified map '{classified.name()}'" in _legend_label(dock)

    _apply(dock, wait_for, {"Forest": ("Woodland", "#123456")})
    assert ("Woodland", "#123456") in _classes(classified).values()
    assert "Woodland" not in [name for name, _ in _classes(preview).values()]
    assert classified.name() in ui.statusLabel.text()
