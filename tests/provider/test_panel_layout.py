"""The panel's layout as a user meets it (issue 14 item 11): the wheel scrolls the panel and
changes no setting, the panel is wide enough for its contents, Classify does not make it jump,
and a run's progress moves steadily. The real desktop checks are in tests/desktop/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def small_dock(plugin: Any, panel_iface: Any, synthetic: dict[str, Path]) -> Any:
    """The panel on the synthetic image, in a main window short enough for it to scroll."""
    from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer
    from qgis.PyQt.QtCore import QCoreApplication
    from qgis.PyQt.QtWidgets import QApplication

    image = QgsRasterLayer(str(synthetic["image"]), "image", "gdal")
    labels = QgsVectorLayer(str(synthetic["labels"]), "labels", "ogr")
    QgsProject.instance().addMapLayers([image, labels])
    panel_iface.window.resize(1000, 500)
    plugin.panel_action.trigger()
    dock = plugin.dock
    dock.ui.labelsCombo.setLayer(labels)
    dock.ui.classFieldCombo.setField("cls")
    panel_iface.window.activateWindow()
    QApplication.setActiveWindow(panel_iface.window)
    QCoreApplication.processEvents()
    return dock


def _wheel(widget: Any, steps: int = -3) -> None:
    """Turn the wheel over ``widget`` as the window system delivers it (down for steps < 0)."""
    from qgis.PyQt.QtCore import QPoint, QPointF, Qt
    from qgis.PyQt.QtGui import QWheelEvent
    from qgis.PyQt.QtWidgets import QApplication

    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_wheel_scrolls_the_panel_and_changes_no_setting(small_dock: Any) -> None:
    """The wheel over the Spectral indices box made it show "BSI" with nothing ticked, and
    the other boxes changed value while the user scrolled the panel."""
    ui = small_dock.ui
    bar = ui.scrollArea.verticalScrollBar()
    assert bar.maximum() > 0  # the panel scrolls in this window
    for combo in (ui.indicesCombo, ui.presetCombo, ui.algorithmCombo, ui.validationCombo):
        ui.scrollArea.ensureWidgetVisible(combo)
        before = (combo.currentIndex(), combo.currentText(), bar.value())
        _wheel(combo)
        assert (combo.currentIndex(), combo.currentText()) == before[:2], combo.objectName()
        assert bar.value() > before[2] or bar.value() == bar.maximum(), combo.objectName()
    assert ui.indicesCombo.checkedItems() == []
    assert "INDICES" not in small_dock.parameters()


def test_wheel_still_changes_a_focused_box(small_dock: Any) -> None:
    ui = small_dock.ui
    ui.scrollArea.ensureWidgetVisible(ui.algorithmCombo)
    ui.algorithmCombo.setCurrentIndex(0)
    ui.algorithmCombo.setFocus()
    assert ui.algorithmCombo.hasFocus()
    _wheel(ui.algorithmCombo)
    assert ui.algorithmCombo.currentIndex() == 1


def test_panel_is_as_wide_as_its_contents(small_dock: Any) -> None:
    """The dock opened narrower than its contents, with a horizontal scroll bar."""
    area = small_dock.ui.scrollArea
    assert area.horizontalScrollBar().maximum() == 0
    assert area.viewport().width() >= area.widget().minimumSizeHint().width()


def test_classify_does_not_move_the_panel(small_dock: Any, wait_for: Any) -> None:
    """Clicking Classify disabled the focused button; Qt handed the focus down the tab order and
    the panel scrolled ~240 px to show it, so Cancel was not where Classify had been."""
    from qgis.PyQt.QtCore import QPoint, Qt
    from qgis.PyQt.QtTest import QTest

    ui = small_dock.ui
    ui.scrollArea.ensureWidgetVisible(ui.runButton)
    bar = ui.scrollArea.verticalScrollBar()
    scrolled = bar.value()
    where = ui.runButton.mapTo(small_dock, QPoint(0, 0))
    QTest.mouseClick(ui.runButton, Qt.MouseButton.LeftButton)
    try:
        assert small_dock.run is not None  # the run started
        assert bar.value() == scrolled
        assert ui.runButton.mapTo(small_dock, QPoint(0, 0)) == where
        assert ui.cancelButton.isEnabled()
        assert ui.cancelButton.hasFocus()  # Space now cancels
    finally:
        wait_for(lambda: small_dock.run is None)
    assert "ready" in ui.statusLabel.text(), ui.statusLabel.text()
    assert bar.value() == scrolled
    assert ui.runButton.hasFocus()


def test_progress_moves_steadily_through_the_run(
    plugin: Any, panel_iface: Any, data_dir: Path, wait_for: Any
) -> None:
    """Progress sat at 37-40 % for most of the run, then jumped to 100 %: the prediction was one
    block. A run on the sample data now reports progress block by block."""
    from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer

    folder = data_dir / "historical_map"
    image = QgsRasterLayer(str(folder / "map_compress.tif"), "map", "gdal")
    labels = QgsVectorLayer(str(folder / "train_points.gpkg"), "labels", "ogr")
    QgsProject.instance().addMapLayers([image, labels])
    plugin.panel_action.trigger()
    dock = plugin.dock
    dock.ui.labelsCombo.setLayer(labels)
    dock.ui.classFieldCombo.setField("Type")
    dock.ui.confidenceCheck.setChecked(False)
    seen: list[float] = []
    dock.classify()
    dock.run.progressChanged.connect(seen.append)
    wait_for(lambda: dock.run is None, timeout=300)
    assert "ready" in dock.ui.statusLabel.text(), dock.ui.statusLabel.text()
    assert seen == sorted(seen)
    assert seen[-1] == pytest.approx(100)
    late = {round(v) for v in seen if 40 < v < 100}
    assert len(late) >= 8, seen
