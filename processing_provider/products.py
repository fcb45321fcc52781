"""The plugin's own files, as the panel needs to know them (``ui`` reaches the engine only
through this package): which product a raster is, and the files written beside one."""

from __future__ import annotations

from ..core.files import side_files, style_path
from ..core.map_tags import lulc_product

__all__ = ["lulc_product", "side_files", "style_path"]
