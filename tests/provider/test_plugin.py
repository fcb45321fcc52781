"""The plugin object: provider and menu entries added by init, all removed by unload."""

from __future__ import annotations

from typing import Any

_RESTORED: list[Any] = []


class FakeIface:
    """The parts of QgisInterface the plugin uses."""

    def __init__(self) -> None:
        from qgis.PyQt.QtWidgets import QMainWindow

        self.window = QMainWindow()
        self.menu: list[tuple[str, Any]] = []

    def mainWindow(self) -> Any:
        return self.window

    def addPluginToRasterMenu(self, name: str, action: Any) -> None:
        self.menu.append((name, action))

    def removePluginRasterMenu(self, name: str, action: Any) -> None:
        self.menu.remove((name, action))


def test_load_and_unload_are_symmetric(qgis_app: Any) -> None:
    from qgis.core import QgsApplication

    import lulc_classifier

    registry = QgsApplication.processingRegistry()
    before = [p.id() for p in registry.providers()]
    registry.removeProvider("lulc")  # the session fixture's; restored below
    iface = FakeIface()
    plugin = lulc_classifier.classFactory(iface)
    plugin.initProcessing()
    plugin.initGui()
    assert registry.providerById("lulc") is not None
    assert [a.objectName() for _, a in iface.menu] == [
        "lulc_classify",
        "lulc_sample",
        "lulc_train",
        "lulc_predict",
    ]
    plugin.unload()
    assert registry.providerById("lulc") is None
    assert iface.menu == []
    from lulc_classifier.processing_provider.provider import LulcProvider

    _RESTORED.append(LulcProvider())  # the registry does not keep the Python side alive
    registry.addProvider(_RESTORED[-1])
    assert [p.id() for p in registry.providers()] == before
