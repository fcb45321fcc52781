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
        "toolbar": ["lulc_panel"],
        "menus": ["LULC Classifier"],
        "docks": ["LulcClassifierDock"],
    }
    plugin.unload()
    assert registry.providerById("lulc") is None
    assert panel_iface.plugin_widgets() == {"toolbar": [], "menus": [], "docks": []}


def test_reload_leaves_one_of_each(panel_iface: Any, plugin: Any) -> None:
    import lulc_classifier

    plugin.panel_action.trigger()
    plugin.unload()
    again = lulc_classifier.classFactory(panel_iface)
    again.initGui()
    again.panel_action.trigger()
    assert panel_iface.plugin_widgets() == {
        "toolbar": ["lulc_panel"],
        "menus": ["LULC Classifier"],
        "docks": ["LulcClassifierDock"],
    }
    assert len(panel_iface.submenus["LULC Classifier"].actions()) == 5
    again.unload()
    assert panel_iface.plugin_widgets() == {"toolbar": [], "menus": [], "docks": []}


def test_panel_toggles_with_its_button(plugin: Any) -> None:
    plugin.panel_action.trigger()
    assert plugin.dock.isUserVisible()
    plugin.panel_action.trigger()
    assert not plugin.dock.isUserVisible()
    plugin.dock.setUserVisible(True)  # closing/opening the dock itself keeps the button in step
    assert plugin.panel_action.isChecked()
