"""QGIS glue: the Processing provider, the panel (toolbar button and Raster-menu entry) and the
algorithm dialogs in the Raster menu; ``unload`` removes all of it."""

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
        self.panel_action: Any = None
        self.dock: Any = None

    def initProcessing(self) -> None:
        """Register the provider (qgis_process calls only this)."""
        if self.provider is None:
            from .processing_provider.provider import LulcProvider

            self.provider = LulcProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:
        """Provider, the panel's toolbar button and menu entry, and the algorithm dialogs."""
        self.initProcessing()
        from .ui.launch import menu_actions, panel_action

        self.panel_action = panel_action(self.iface.mainWindow())
        self.panel_action.toggled.connect(self.show_panel)
        self.iface.addRasterToolBarIcon(self.panel_action)
        for action in [self.panel_action, *menu_actions(self.iface.mainWindow())]:
            self.iface.addPluginToRasterMenu(self.MENU, action)
            self.actions.append(action)

    def show_panel(self, visible: bool = True) -> None:
        """Show (creating it the first time) or hide the dock panel."""
        if self.dock is None:
            if not visible:
                return
            from qgis.PyQt.QtCore import Qt

            from .ui.dock import LulcDock

            self.dock = LulcDock(self.iface, self.iface.mainWindow())
            self.dock.visibilityChanged.connect(self.panel_action.setChecked)
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.setUserVisible(visible)

    def unload(self) -> None:
        """Remove everything initGui and initProcessing added."""
        if self.dock is not None:
            self.dock.cleanup()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        if self.panel_action is not None:
            self.iface.removeRasterToolBarIcon(self.panel_action)
            self.panel_action = None
        for action in self.actions:
            self.iface.removePluginRasterMenu(self.MENU, action)
            action.deleteLater()
        self.actions = []
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
