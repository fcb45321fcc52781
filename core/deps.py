"""Optional imports with a clear message naming the missing package and how to install it."""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import MissingDependencyError

#: How to install each dependency on Debian/Ubuntu (QGIS's Python); see README "Install".
_INSTALL = {
    "rasterio": "apt install python3-rasterio",
    "sklearn": "apt install python3-sklearn",
    "geopandas": "apt install python3-geopandas",
    "pandas": "apt install python3-pandas",
    "skops": "pip install skops==0.11.0 (QGIS's Python; see the README section 'Install')",
}
_PACKAGE = {"sklearn": "scikit-learn"}


def require(module: str) -> ModuleType:
    """Import ``module`` or raise :class:`MissingDependencyError` naming the package to install."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        top = module.split(".")[0]
        package = _PACKAGE.get(top, top)
        how = _INSTALL.get(top, f"pip install {package}")
        raise MissingDependencyError(
            f"The Python package '{package}' is needed but is not installed in QGIS's Python "
            f"({exc}). Install it with: {how}."
        ) from exc
