"""LULC Classifier engine: pure Python (numpy, rasterio, scikit-learn), no QGIS."""

from __future__ import annotations

from .version import plugin_version

__all__ = ["plugin_version"]
