"""Renders the README pictures: the panel after a run on the sample data, and the resulting map.

Run offscreen with QGIS's Python (``make screenshots`` or
``QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py``); writes
``docs/panel.png`` and ``docs/map.png``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PROJ_DATA", "/usr/share/proj")

from checkout import import_plugin  # noqa: E402
from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsProject,
    QgsRasterLayer,
    QgsVectorLayer,
)
from qgis.gui import QgsMapCanvas  # noqa: E402
from qgis.PyQt.QtCore import QCoreApplication, QSize, Qt  # noqa: E402
from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter  # noqa: E402
from qgis.PyQt.QtWidgets import QMainWindow  # noqa: E402


class Iface:
    """The parts of QgisInterface the plugin uses, on a plain main window."""

    def __init__(self, window: Any, canvas: Any) -> None:
        self.window = window
        self.canvas = canvas

    def mainWindow(self) -> Any:
        return self.window

    def mapCanvas(self) -> Any:
        return self.canvas

    def addToolBar(self, name: str) -> Any:
        return self.window.addToolBar(name)

    def addPluginToRasterMenu(self, name: str, action: Any) -> None:
        pass

    def removePluginRasterMenu(self, name: str, action: Any) -> None:
        pass

    def addDockWidget(self, area: Any, dock: Any) -> None:
        self.window.addDockWidget(area, dock)

    def removeDockWidget(self, dock: Any) -> None:
        self.window.removeDockWidget(dock)


def wait_until(condition: Any, timeout: float = 300.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the run did not finish")
        QCoreApplication.processEvents()
        time.sleep(0.02)


def render_map(layers: list[Any], legend: list[tuple[str, str]], path: Path) -> None:
    """The map at 900 px wide with a legend box on its right."""
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(layers[0].crs())
    extent = layers[0].extent()
    width = 900
    height = round(width * extent.height() / extent.width())
    settings.setOutputSize(QSize(width, height))
    settings.setExtent(extent)
    settings.setBackgroundColor(QColor("white"))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = QImage(width + 220, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(0, 0, job.renderedImage())
    painter.setFont(QFont("DejaVu Sans", 11))
    painter.drawText(width + 20, 30, "Land cover")
    for i, (name, colour) in enumerate(legend):
        y = 50 + i * 28
        painter.fillRect(width + 20, y, 20, 20, QColor(colour))
        painter.setPen(QColor("black"))
        painter.drawRect(width + 20, y, 20, 20)
        painter.drawText(width + 50, y + 15, name)
    painter.end()
    image.save(str(path))


@dataclass
class Session:
    """Offscreen QGIS with the sample image and labels loaded and the panel open on them."""

    app: Any
    work: Path
    window: Any
    canvas: Any
    image: Any
    labels: Any
    plugin: Any

    @property
    def dock(self) -> Any:
        return self.plugin.dock

    def close(self) -> None:
        self.plugin.unload()
        QgsProject.instance().removeAllMapLayers()
        self.app.exitQgis()
        shutil.rmtree(self.work, ignore_errors=True)


def open_sample_session() -> Session:
    """Start QGIS and Processing, load the historical map sample (copies) and open the panel
    with its labels layer and class field chosen."""
    app = QgsApplication([], True)
    app.initQgis()
    sys.path.append("/usr/share/qgis/python/plugins")
    from processing.core.Processing import Processing

    Processing.initialize()
    work = Path(tempfile.mkdtemp(prefix="lulc-session-"))
    data = ROOT / "data" / "historical_map"
    for name in ("map_compress.tif", "train_points.gpkg"):
        shutil.copy(data / name, work / name)
    window = QMainWindow()
    canvas = QgsMapCanvas(window)
    window.setCentralWidget(canvas)
    window.resize(1400, 1500)
    window.show()
    image = QgsRasterLayer(str(work / "map_compress.tif"), "historical map", "gdal")
    labels = QgsVectorLayer(str(work / "train_points.gpkg"), "labels", "ogr")
    QgsProject.instance().addMapLayers([image, labels])
    canvas.setDestinationCrs(image.crs())
    canvas.setLayers([labels, image])
    canvas.setExtent(image.extent())
    plugin = import_plugin().classFactory(Iface(window, canvas))
    plugin.initGui()
    plugin.show_panel(True)
    plugin.dock.ui.labelsCombo.setLayer(labels)
    plugin.dock.ui.classFieldCombo.setField("Type")
    return Session(app, work, window, canvas, image, labels, plugin)


def click_and_wait(dock: Any, button: Any) -> float:
    """Press a run button of the panel; seconds until the run ended (exits if it failed)."""
    start = time.perf_counter()
    button.click()
    wait_until(lambda: dock.run is None)
    if "ready" not in dock.ui.statusLabel.text():
        raise SystemExit("The run failed: " + dock.ui.statusLabel.text())
    return time.perf_counter() - start


def main() -> None:
    session = open_sample_session()
    dock, window = session.dock, session.window
    click_and_wait(dock, dock.ui.runButton)
    print(dock.ui.statusLabel.text())

    DOCS.mkdir(exist_ok=True)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.ui.scrollContents.setMinimumHeight(dock.ui.scrollContents.sizeHint().height())
    dock.resize(460, dock.ui.scrollContents.sizeHint().height() + 40)
    dock.setFloating(True)
    dock.resize(460, dock.ui.scrollContents.sizeHint().height() + 40)
    QCoreApplication.processEvents()
    dock.grab().save(str(DOCS / "panel.png"))

    class_map = QgsProject.instance().mapLayersByName("Land cover")[0]
    legend = [(c.label, c.color.name()) for c in class_map.renderer().classes()]
    render_map([class_map], legend, DOCS / "map.png")
    print(f"Wrote {DOCS / 'panel.png'} and {DOCS / 'map.png'}")

    session.close()


if __name__ == "__main__":
    main()
