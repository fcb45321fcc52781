"""QGIS glue: registers the Processing provider and a Raster-menu entry; unloads symmetrically."""

from __future__ import annotations

from typing import Any

from qgis.core import QgsApplication


class LulcClassifierPlugin:
    """The plugin object QGIS creates through ``classFactory``."""

    MENU = "LULC Classifier"

    def __init__(self, iface: Any) -> None:
        self.iface = iface
        self.provider: Any = None
        self.actions: list[Any] = []

    def initProcessing(self) -> None:
        """Register the provider (qgis_process calls only this)."""
        if self.provider is None:
            from .processing_provider.provider import LulcProvider

            self.provider = LulcProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:
        """Provider plus Raster-menu entries that open the algorithm dialogs."""
        self.initProcessing()
        from .ui.launch import menu_actions

        for action in menu_actions(self.iface.mainWindow()):
            self.iface.addPluginToRasterMenu(self.MENU, action)
            self.actions.append(action)

    def unload(self) -> None:
        """Remove everything initGui and initProcessing added."""
        for action in self.actions:
            self.iface.removePluginRasterMenu(self.MENU, action)
            action.deleteLater()
        self.actions = []
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
