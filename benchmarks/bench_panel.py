"""Times the panel on the sample data: full runs (map + confidence + report) and canvas
previews of a quarter and a sixteenth of the image, as a user iterates while labelling.

Run offscreen with QGIS's Python: ``QT_QPA_PLATFORM=offscreen .venv/bin/python
benchmarks/bench_panel.py``. Prints seconds per run and the preview/full ratios.
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts" / "screenshots.py")
assert _spec is not None
assert _spec.loader is not None
shots = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shots)  # the offscreen QGIS set-up and the stand-in interface

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.gui import QgsMapCanvas  # noqa: E402
from qgis.PyQt.QtWidgets import QMainWindow  # noqa: E402


def timed(dock: object, button: object) -> float:
    start = time.perf_counter()
    button.click()  # type: ignore[attr-defined]
    shots.wait_until(lambda: dock.run is None)  # type: ignore[attr-defined]
    if "ready" not in dock.ui.statusLabel.text():  # type: ignore[attr-defined]
        raise SystemExit(dock.ui.statusLabel.text())  # type: ignore[attr-defined]
    return time.perf_counter() - start


def main() -> None:
    app = QgsApplication([], True)
    app.initQgis()
    import sys

    sys.path.append("/usr/share/qgis/python/plugins")
    from processing.core.Processing import Processing

    Processing.initialize()
    work = Path(tempfile.mkdtemp(prefix="lulc-bench-"))
    for name in ("map_compress.tif", "train_points.gpkg"):
        shutil.copy(ROOT / "data" / "historical_map" / name, work / name)
    window = QMainWindow()
    canvas = QgsMapCanvas(window)
    window.setCentralWidget(canvas)
    image = QgsRasterLayer(str(work / "map_compress.tif"), "image", "gdal")
    labels = QgsVectorLayer(str(work / "train_points.gpkg"), "labels", "ogr")
    QgsProject.instance().addMapLayers([image, labels])
    canvas.setDestinationCrs(image.crs())
    plugin = shots.import_plugin().classFactory(shots.Iface(window, canvas))
    plugin.initGui()
    plugin.show_panel(True)
    dock = plugin.dock
    dock.ui.labelsCombo.setLayer(labels)
    dock.ui.classFieldCombo.setField("Type")
    full = image.extent()
    print(f"image: {image.width()} x {image.height()} px, {image.bandCount()} bands")
    times = {"first full run (loads the libraries)": timed(dock, dock.ui.runButton)}
    times["full run (map, confidence, report)"] = timed(dock, dock.ui.runButton)
    for share in (2, 4):
        canvas.setExtent(
            QgsRectangle(
                full.xMinimum(),
                full.yMinimum(),
                full.xMinimum() + full.width() / share,
                full.yMinimum() + full.height() / share,
            )
        )
        times[f"preview of 1/{share * share} of the image"] = timed(dock, dock.ui.previewButton)
    base = times["full run (map, confidence, report)"]
    for name, seconds in times.items():
        print(f"{name:40s} {seconds:6.1f} s   ratio to full run {seconds / base:.2f}")
    plugin.unload()
    QgsProject.instance().removeAllMapLayers()
    app.exitQgis()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
