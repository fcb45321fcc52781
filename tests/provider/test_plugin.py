"""The plugin object: what initGui adds (provider, panel button and menu entries, dock) and
unload removes, also across a reload."""

from __future__ import annotations

from typing import Any


def test_init_adds_and_unload_removes_everything(panel_iface: Any, plugin: Any) -> None:
    from qgis.core import QgsApplication

    registry = QgsApplication.processingRegistry()
    assert registry.providerById("lulc") is not None
    assert [a.objectName() for a in plugin.actions] == [
        "lulc_panel",
        "lulc_classify",
        "lulc_sample",
        "lulc_train",
        "lulc_predict",
    ]
    plugin.panel_action.trigger()  # the toolbar button opens the panel
    assert plugin.dock.isVisible()
    assert panel_iface.plugin_widgets() == {
        "toolbar": [],
        "toolbars": ["LulcClassifierToolbar: lulc_panel"],
        "menus": ["LULC Classifier"],
        "docks": ["LulcClassifierDock"],
    }
    plugin.unload()
    assert registry.providerById("lulc") is None
    assert panel_iface.plugin_widgets() == {"toolbar": [], "toolbars": [], "menus": [], "docks": []}


def test_reload_leaves_one_of_each(panel_iface: Any, plugin: Any) -> None:
    import lulc_classifier

    plugin.panel_action.trigger()
    plugin.unload()
    again = lulc_classifier.classFactory(panel_iface)
    again.initGui()
    again.panel_action.trigger()
    assert panel_iface.plugin_widgets() == {
        "toolbar": [],
        "toolbars": ["LulcClassifierToolbar: lulc_panel"],
        "menus": ["LULC Classifier"],
        "docks": ["LulcClassifierDock"],
    }
    assert len(panel_iface.submenus["LULC Classifier"].actions()) == 5
    again.unload()
    assert panel_iface.plugin_widgets() == {"toolbar": [], "toolbars": [], "menus": [], "docks": []}


def test_panel_toggles_with_its_button(plugin: Any) -> None:
    plugin.panel_action.trigger()
    assert plugin.dock.isUserVisible()
    plugin.panel_action.trigger()
    assert not plugin.dock.isUserVisible()
    plugin.dock.setUserVisible(True)  # closing/opening the dock itself keeps the button in step
    assert plugin.panel_action.isChecked()


def test_own_toolbar_is_shown_raster_toolbar_untouched(panel_iface: Any, plugin: Any) -> None:
    """Issue 14 item 7: the Raster toolbar is hidden in a fresh QGIS profile; a button there
    is invisible. The plugin's own toolbar is shown, named so QGIS restores it."""
    from qgis.PyQt.QtCore import QCoreApplication, QEvent
    from qgis.PyQt.QtWidgets import QToolBar

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # earlier tests' ones
    QCoreApplication.processEvents()  # the main window lays out its toolbars
    toolbar = panel_iface.window.findChild(QToolBar, "LulcClassifierToolbar")
    assert toolbar is not None
    assert toolbar.isVisible()
    assert plugin.panel_action in toolbar.actions()
    assert plugin.panel_action not in panel_iface.toolbar.actions()  # not on Raster


def test_panel_reopens_at_the_next_start_only_if_left_open(panel_iface: Any, plugin: Any) -> None:
    """Issue 14 item 11: the panel did not reopen after a restart. Quitting (unload) is not
    closing it; closing it is remembered."""
    import lulc_classifier

    plugin.panel_action.trigger()
    plugin.unload()  # QGIS quits with the panel open
    again = lulc_classifier.classFactory(panel_iface)
    again.initGui()
    assert again.dock is not None
    assert again.dock.isUserVisible()
    assert again.panel_action.isChecked()
    again.panel_action.trigger()  # the user closes it, then quits
    again.unload()
    third = lulc_classifier.classFactory(panel_iface)
    third.initGui()
    assert third.dock is None
    assert not third.panel_action.isChecked()
    third.unload()
