"""Headless QGIS for provider tests: pytest-qgis's offscreen QgsApplication + Processing with the
lulc provider.

pytest-qgis starts QGIS for the whole session (without QGIS, run the core tier with
``-p no:pytest_qgis tests/core``). A missing QGIS skips, except when LULC_REQUIRE_QGIS=1 (CI),
where it is a failure.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ..helpers import pixel_centre, write_labels, write_raster

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _require_qgis() -> None:
    try:
        import qgis.core  # noqa: F401
    except ImportError as exc:
        if os.environ.get("LULC_REQUIRE_QGIS") == "1":
            pytest.fail(f"QGIS is required (LULC_REQUIRE_QGIS=1) but cannot be imported: {exc}")
        pytest.skip(f"QGIS not installed: {exc}")


@pytest.fixture(scope="session")
def qgis_app(qgis_app: Any) -> Iterator[Any]:
    """pytest-qgis's offscreen QgsApplication, plus Processing with the provider registered."""
    _require_qgis()
    from qgis.core import QgsApplication, QgsProject

    sys.path.append("/usr/share/qgis/python/plugins")
    from processing.core.Processing import Processing

    Processing.initialize()
    from lulc_classifier.processing_provider.provider import LulcProvider

    provider = LulcProvider()
    assert QgsApplication.processingRegistry().addProvider(provider)
    yield qgis_app
    QgsProject.instance().removeAllMapLayers()  # before pytest-qgis's exitQgis, or it segfaults
    QgsApplication.processingRegistry().removeProvider("lulc")


@pytest.fixture
def run(qgis_app: Any) -> Any:
    """``processing.run`` with a fresh context and feedback."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    def _run(alg: str, params: dict[str, Any], feedback: Any = None) -> dict[str, Any]:
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        return processing.run(
            alg, params, context=context, feedback=feedback or QgsProcessingFeedback()
        )

    return _run


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A 3-band 64x64 image (two separable halves, one nodata pixel) and label layers."""
    from shapely.affinity import translate
    from shapely.geometry import Point

    folder = tmp_path_factory.mktemp("synthetic")
    rng = np.random.default_rng(0)
    data = np.empty((3, 64, 64), dtype=np.uint16)
    data[:, :, :32] = rng.integers(100, 200, size=(3, 64, 32))
    data[:, :, 32:] = rng.integers(800, 900, size=(3, 64, 32))
    data[:, 5, 5] = 0
    image = write_raster(folder / "image.tif", data, nodata=0)
    two_bands = write_raster(folder / "two_bands.tif", data[:2], nodata=0)

    cells = [(int(r), int(c)) for r, c in rng.integers(0, 64, size=(60, 2))]
    points = [Point(*pixel_centre(r, c)) for r, c in cells]
    classes = ["water" if c < 32 else "forest" for _, c in cells]
    columns: dict[str, Any] = {
        "code": [1 if c < 32 else 2 for _, c in cells],
        "one": ["water"] * len(cells),
        "empty": [None] * len(cells),
    }
    labels = write_labels(folder / "labels.gpkg", points, classes, **columns)
    elsewhere = [translate(point, 1e6, 0) for point in points]
    outside = write_labels(folder / "outside.gpkg", elsewhere, classes, **columns)
    return {"image": image, "two_bands": two_bands, "labels": labels, "outside": outside}


class PanelIface:
    """pytest-qgis's QgisInterface stub plus the parts it lacks (raster menu and toolbar, dock
    removal), backed by real widgets of its main window so tests can see what is left behind."""

    def __init__(self, base: Any) -> None:
        from qgis.PyQt.QtWidgets import QToolBar

        self.base = base
        self.window = base.mainWindow()
        self.toolbar = QToolBar("Raster", self.window)
        self.window.addToolBar(self.toolbar)
        self.raster_menu = self.window.menuBar().addMenu("Raster")
        self.submenus: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.base, name)

    def addToolBar(self, name: str) -> Any:
        """A new toolbar in the main window, shown, as QGIS adds one."""
        toolbar = self.window.addToolBar(name)
        toolbar.setObjectName(name)  # QGIS names it after the title too
        return toolbar

    def addRasterToolBarIcon(self, action: Any) -> None:
        self.toolbar.addAction(action)

    def removeRasterToolBarIcon(self, action: Any) -> None:
        self.toolbar.removeAction(action)

    def addPluginToRasterMenu(self, name: str, action: Any) -> None:
        if name not in self.submenus:
            self.submenus[name] = self.raster_menu.addMenu(name)
        self.submenus[name].addAction(action)

    def removePluginRasterMenu(self, name: str, action: Any) -> None:
        menu = self.submenus[name]
        menu.removeAction(action)
        if menu.isEmpty():  # as QGIS does
            self.raster_menu.removeAction(menu.menuAction())
            del self.submenus[name]

    def addDockWidget(self, area: Any, dock: Any) -> None:
        self.window.addDockWidget(area, dock)

    def removeDockWidget(self, dock: Any) -> None:
        self.window.removeDockWidget(dock)

    def plugin_widgets(self) -> dict[str, list[str]]:
        """Object names of what plugins added: Raster toolbar actions, their own toolbars and
        the actions on them (hidden ones in brackets), raster submenus, docks."""
        from qgis.PyQt.QtCore import QCoreApplication, QEvent
        from qgis.PyQt.QtWidgets import QDockWidget, QToolBar

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # deleteLater()
        QCoreApplication.processEvents()  # the main window lays out (and shows) new toolbars

        return {
            "toolbar": [a.objectName() for a in self.toolbar.actions()],
            "toolbars": [
                f"{t.objectName()}: {', '.join(a.objectName() for a in t.actions())}"
                + ("" if t.isVisible() else " (hidden)")
                for t in self.window.findChildren(QToolBar)
                if t.parent() is self.window and t is not self.toolbar
            ],
            "menus": [a.text() for a in self.raster_menu.actions()],
            "docks": [d.objectName() for d in self.window.findChildren(QDockWidget)],
        }


@pytest.fixture
def panel_iface(qgis_app: Any, qgis_iface: Any) -> Iterator[PanelIface]:
    """A fresh interface per test; the project is emptied afterwards."""
    from qgis.core import QgsProject

    iface = PanelIface(qgis_iface)
    iface.window.show()  # offscreen: docks become visible as in QGIS
    yield iface
    QgsProject.instance().removeAllMapLayers()
    iface.window.removeToolBar(iface.toolbar)
    iface.toolbar.deleteLater()
    iface.window.menuBar().removeAction(iface.raster_menu.menuAction())


@pytest.fixture
def wait_for(qgis_app: Any) -> Any:
    """``wait_for(condition, timeout)``: process Qt events until ``condition()`` holds
    (background tasks report through them)."""
    import time

    from qgis.PyQt.QtCore import QCoreApplication

    def _wait(condition: Any, timeout: float = 120.0) -> None:
        end = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError(f"Still waiting after {timeout} s")
            QCoreApplication.processEvents()
            time.sleep(0.01)

    return _wait


PANEL_VISIBLE_KEY = "lulc_classifier/panel_visible"  # plugin.PANEL_VISIBLE_KEY
_PROVIDERS: list[Any] = []  # the registry does not keep the Python side of a provider alive


@pytest.fixture
def plugin(panel_iface: PanelIface) -> Iterator[Any]:
    """The plugin loaded as QGIS loads it (initGui) in place of the session's provider;
    unloaded afterwards (if the test did not) and the session's provider put back."""
    from qgis.core import QgsApplication, QgsSettings

    import lulc_classifier
    from lulc_classifier.processing_provider.provider import LulcProvider

    registry = QgsApplication.processingRegistry()
    registry.removeProvider("lulc")
    QgsSettings().remove(PANEL_VISIBLE_KEY)  # as in a fresh profile
    loaded = lulc_classifier.classFactory(panel_iface)
    loaded.initGui()
    yield loaded
    if loaded.provider is not None:
        loaded.unload()
    QgsSettings().remove(PANEL_VISIBLE_KEY)
    _PROVIDERS.append(LulcProvider())
    assert registry.addProvider(_PROVIDERS[-1])


@pytest.fixture
def sample_layers(data_dir: Path, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """The historical map and its labelled points, copied (the panel must not touch inputs),
    in a project named ``trial.qgz`` in ``tmp_path`` (so the panel's results folder is
    ``tmp_path/trial_lulc``)."""
    import shutil

    from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer

    folder = data_dir / "historical_map"
    for name in ("map_compress.tif", "train_points.gpkg"):
        shutil.copy(folder / name, tmp_path / name)
    image = QgsRasterLayer(str(tmp_path / "map_compress.tif"), "historical map", "gdal")
    labels = QgsVectorLayer(str(tmp_path / "train_points.gpkg"), "labels", "ogr")
    assert image.isValid()
    assert labels.isValid()
    QgsProject.instance().setFileName(str(tmp_path / "trial.qgz"))
    QgsProject.instance().addMapLayers([image, labels])
    yield {"image": image, "labels": labels, "folder": tmp_path}
    QgsProject.instance().clear()


@pytest.fixture
def dock(plugin: Any, sample_layers: dict[str, Any]) -> Iterator[Any]:
    plugin.panel_action.trigger()
    panel = plugin.dock
    panel.ui.labelsCombo.setLayer(sample_layers["labels"])
    panel.ui.classFieldCombo.setField("Type")
    yield panel
    # The canvas draws the test's layers in threads of its own: let it finish before the
    # project is cleared and the layers deleted (their renderers still read them).
    canvas = panel.iface.mapCanvas()
    canvas.stopRendering()
    canvas.waitWhileRendering()
