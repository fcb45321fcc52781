"""LULC Classifier QGIS plugin entry point (nothing from qgis imported at module level)."""


def classFactory(iface):
    """Return the plugin instance QGIS loads."""
    from .plugin import LulcClassifierPlugin

    return LulcClassifierPlugin(iface)
