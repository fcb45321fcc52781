"""Imports this checkout as the package ``lulc_classifier``, as QGIS imports the plugin.

For the scripts and benchmarks; ``tests/conftest.py`` does the same for pytest.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def import_plugin() -> ModuleType:
    """Register and return the repository root as package ``lulc_classifier``."""
    spec = importlib.util.spec_from_file_location(
        "lulc_classifier", ROOT / "__init__.py", submodule_search_locations=[str(ROOT)]
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["lulc_classifier"] = module
    spec.loader.exec_module(module)
    return module
