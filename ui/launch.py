"""Actions: the panel's toggle, and menu entries that open an ``lulc`` algorithm's dialog."""

from __future__ import annotations

from typing import Any

from qgis.PyQt.QtGui import QIcon

from ..processing_provider.i18n import QT_TR_NOOP, tr, translated
from ..processing_provider.provider import ICON

try:  # QtGui on Qt6 builds and from QGIS 3.34; only QtWidgets has it on QGIS 3.22 (our minimum)
    from qgis.PyQt.QtGui import QAction
except ImportError:
    from qgis.PyQt.QtWidgets import QAction

#: (algorithm id, menu text), in workflow order.
ENTRIES = (
    ("lulc:classify", QT_TR_NOOP("Classify image (one step)…")),
    ("lulc:sample", QT_TR_NOOP("Sample raster at labels…")),
    ("lulc:train", QT_TR_NOOP("Train classifier…")),
    ("lulc:predict", QT_TR_NOOP("Predict land-cover map…")),
)


def open_dialog(algorithm_id: str) -> None:
    """Open the standard Processing dialog; runs go through the same validated algorithm."""
    import processing

    processing.execAlgorithmDialog(algorithm_id)


#: The toolbar's object name: QGIS saves and restores toolbars by it.
TOOLBAR = "LulcClassifierToolbar"


def panel_action(parent: Any) -> Any:
    """The toolbar button and menu entry that show or hide the panel."""
    action = QAction(QIcon(ICON), tr("LULC Classifier panel"), parent)
    action.setObjectName("lulc_panel")
    action.setCheckable(True)
    action.setToolTip(tr("LULC Classifier: classify an image from labelled points or polygons"))
    return action


def add_toolbar(iface: Any, action: Any) -> Any:
    """The plugin's own toolbar, holding ``action``: shown in a fresh profile (the Raster
    toolbar, where such buttons often go, is hidden there), and listed by name under
    View › Toolbars so it can be hidden."""
    toolbar = iface.addToolBar(tr("LULC Classifier"))
    toolbar.setObjectName(TOOLBAR)
    toolbar.addAction(action)
    return toolbar


def menu_actions(parent: Any) -> list[Any]:
    """One action per algorithm, each opening its dialog."""
    actions = []
    for algorithm_id, text in ENTRIES:
        action = QAction(QIcon(ICON), translated(text), parent)
        action.setObjectName(f"lulc_{algorithm_id.split(':')[1]}")
        action.triggered.connect(lambda _checked=False, a=algorithm_id: open_dialog(a))
        actions.append(action)
    return actions
