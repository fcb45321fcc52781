"""Registers the repository root as package ``lulc_classifier``, exactly as QGIS imports it, and
``tests/helpers.py`` as ``tests.helpers``."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

os.environ.setdefault("PROJ_DATA", "/usr/share/proj")  # pyproj in a venv looks under sys.prefix


def _register(name: str, path: Path, **spec_options: Any) -> None:
    """Import the file ``path`` as module ``name``, unless a module of that name is loaded."""
    if name in sys.modules:
        return
    spec = importlib.util.spec_from_file_location(name, path, **spec_options)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


_register("lulc_classifier", ROOT / "__init__.py", submodule_search_locations=[str(ROOT)])
# The helpers every tier imports as ``from ..helpers import ...``: pytest's importlib mode leaves
# ``tests`` an empty placeholder when the repository root is not on sys.path (``pytest`` rather
# than ``python -m pytest``), where that import would fail.
_register("tests.helpers", ROOT / "tests" / "helpers.py")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The real sample data shipped in the repository."""
    return DATA


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Under pytest-xdist (``scripts/test.sh`` runs ``-n 2 --dist loadgroup``), every test that
    starts QGIS (provider, panel, desktop, ``qgis_process``) runs in one worker, in order, as
    it would alone: one QgsApplication, one virtual screen at a time; the engine's tests
    (``tests/core``, no QGIS) share the other workers."""
    core = ROOT / "tests" / "core"
    for item in items:
        if core not in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.xdist_group("qgis"))
