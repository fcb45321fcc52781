"""Registers the repository root as package ``lulc_classifier``, exactly as QGIS imports it."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

os.environ.setdefault("PROJ_DATA", "/usr/share/proj")  # pyproj in a venv looks under sys.prefix

if "lulc_classifier" not in sys.modules:
    _spec = importlib.util.spec_from_file_location(
        "lulc_classifier", ROOT / "__init__.py", submodule_search_locations=[str(ROOT)]
    )
    assert _spec is not None
    assert _spec.loader is not None
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["lulc_classifier"] = _module
    _spec.loader.exec_module(_module)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The real sample data shipped in the repository."""
    return DATA
