"""QGIS glue: the Processing provider, the panel (its own toolbar's button and a Raster-menu
entry) and the algorithm dialogs in the Raster menu; ``unload`` removes all of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

from .core import i18n

#: Compiled translations, ``lulc_classifier_<locale>.qm`` (built by scripts/i18n.sh release and
#: by scripts/package.sh; the ``.ts`` sources sit beside them in a checkout).
I18N_DIR = Path(__file__).resolve().parent / "i18n"


def user_locale() -> str:
    """The locale QGIS shows its own interface in (Settings › Options › General), e.g. ``fr_FR``."""
    value = QgsSettings().value("locale/userLocale", "")
    return str(value or QLocale().name())


def load_translator(locale: str, folder: Path | None = None) -> Any:
    """A QTranslator with the ``.qm`` of ``locale`` (``fr_FR``, then ``fr``), or None."""
    folder = folder or I18N_DIR
    for name in dict.fromkeys((locale, locale.split("_")[0])):
        translator = QTranslator()
        if name and translator.load(str(folder / f"lulc_classifier_{name}.qm")):
            return translator
    return None


def install_translator(translator: Any) -> None:
    """Install ``translator`` for Qt and for the engine's report (core/i18n.py)."""
    QCoreApplication.installTranslator(translator)
    i18n.set_translator(QCoreApplication.translate)


def remove_translator(translator: Any) -> None:
    """Undo :func:`install_translator`."""
    QCoreApplication.removeTranslator(translator)
    i18n.set_translator(None)


#: Whether the panel was open when QGIS last closed (it reopens at the next start).
PANEL_VISIBLE_KEY = "lulc_classifier/panel_visible"


class LulcClassifierPlugin:
    """The plugin object QGIS creates through ``classFactory``."""

    MENU = "LULC Classifier"

    def __init__(self, iface: Any) -> None:
        self.iface = iface
        self.provider: Any = None
        self.actions: list[Any] = []
        self.panel_action: Any = None
        self.toolbar: Any = None
        self.dock: Any = None
        self.translator: Any = None

    def initProcessing(self) -> None:
        """Translations, then the provider, so that its dialogs are translated (qgis_process
        calls only this)."""
        if self.translator is None:
            self.translator = load_translator(user_locale())
            if self.translator is not None:
                install_translator(self.translator)
        if self.provider is None:
            from .processing_provider.provider import LulcProvider

            self.provider = LulcProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:
        """Provider, the panel's toolbar and menu entry, the algorithm dialogs; the panel
        reopens if it was open when QGIS closed."""
        self.initProcessing()
        from .ui.launch import add_toolbar, menu_actions, panel_action

        self.panel_action = panel_action(self.iface.mainWindow())
        self.panel_action.toggled.connect(self.show_panel)
        self.panel_action.toggled.connect(_remember_panel)
        self.toolbar = add_toolbar(self.iface, self.panel_action)
        for action in [self.panel_action, *menu_actions(self.iface.mainWindow())]:
            self.iface.addPluginToRasterMenu(self.MENU, action)
            self.actions.append(action)
        if QgsSettings().value(PANEL_VISIBLE_KEY, False, type=bool):
            self.panel_action.setChecked(True)

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
            # Where the user left it last time (QGIS restored the other docks before).
            self.iface.mainWindow().restoreDockWidget(self.dock)
        self.dock.setUserVisible(visible)

    def unload(self) -> None:
        """Remove everything initGui and initProcessing added."""
        if self.panel_action is not None:
            # Unloading (or quitting) hides the panel: that is not the user closing it.
            self.panel_action.toggled.disconnect(_remember_panel)
        if self.dock is not None:
            self.dock.cleanup()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        if self.toolbar is not None:
            self.iface.mainWindow().removeToolBar(self.toolbar)
            self.toolbar.deleteLater()
            self.toolbar = None
        self.panel_action = None
        for action in self.actions:
            self.iface.removePluginRasterMenu(self.MENU, action)
            action.deleteLater()
        self.actions = []
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            remove_translator(self.translator)
            self.translator = None


def _remember_panel(visible: bool) -> None:
    QgsSettings().setValue(PANEL_VISIBLE_KEY, visible)
