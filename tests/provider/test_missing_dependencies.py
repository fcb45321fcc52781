"""Without scikit-learn and rasterio the plugin still loads, and every run names the command.

Runs in a fresh QGIS Python process whose import system refuses both packages before the
plugin is imported, as on a machine where they were never installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.qgis

ROOT = Path(__file__).resolve().parent.parent.parent

SCRIPT = r"""
import importlib.abc
import importlib.util
import json
import sys
import types
from pathlib import Path

BLOCKED = {"sklearn", "rasterio"}


class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (hidden by the test)", name=name)
        return None


sys.meta_path.insert(0, Refuse())
root, out = Path(sys.argv[1]), Path(sys.argv[2])
spec = importlib.util.spec_from_file_location(
    "lulc_classifier", root / "__init__.py", submodule_search_locations=[str(root)]
)
module = importlib.util.module_from_spec(spec)
sys.modules["lulc_classifier"] = module
spec.loader.exec_module(module)

from qgis.core import QgsApplication, QgsProcessingException, QgsProject

app = QgsApplication([], False)
app.initQgis()
sys.path.append("/usr/share/qgis/python/plugins")
from processing.core.Processing import Processing

Processing.initialize()
import processing

import lulc_classifier
from lulc_classifier.core.deps import missing_requirements

plugin = lulc_classifier.classFactory(types.SimpleNamespace())
plugin.initProcessing()
provider = QgsApplication.processingRegistry().providerById("lulc")
result = {
    "missing": missing_requirements(),
    "algorithms": sorted(a.id() for a in provider.algorithms()) if provider else None,
    "sklearn_imported": "sklearn" in sys.modules,
    "rasterio_imported": "rasterio" in sys.modules,
}
samples = out / "samples.csv"
samples.write_text("cls,b1\nwater,1\nforest,9\n")
try:
    processing.run(
        "lulc:train",
        {"SAMPLES": str(samples), "CLASS_FIELD": "cls", "OUTPUT_MODEL": str(out / "m.lulcmodel")},
    )
    result["error"] = None
except QgsProcessingException as exc:
    result["error"] = str(exc)
result["outputs"] = sorted(p.name for p in out.iterdir())
QgsProject.instance().removeAllMapLayers()
plugin.unload()
result["unloaded"] = QgsApplication.processingRegistry().providerById("lulc") is None
print(json.dumps(result))
app.exitQgis()
"""


@pytest.fixture(scope="module")
def without_sklearn_and_rasterio(
    qgis_app: Any, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The JSON the QGIS process printed (``qgis_app`` gives the skip-or-fail rule)."""
    out = tmp_path_factory.mktemp("missing")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(ROOT), str(out)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_the_plugin_loads_with_every_algorithm(
    qgis_app: Any, without_sklearn_and_rasterio: dict[str, Any]
) -> None:
    from qgis.core import QgsApplication

    expected = sorted(
        a.id() for a in QgsApplication.processingRegistry().providerById("lulc").algorithms()
    )
    assert "lulc:train" in expected
    assert without_sklearn_and_rasterio["algorithms"] == expected
    assert without_sklearn_and_rasterio["missing"] == ["rasterio", "scikit-learn"]
    # Loading never touched them (the check looks modules up without importing them).
    assert not without_sklearn_and_rasterio["sklearn_imported"]
    assert not without_sklearn_and_rasterio["rasterio_imported"]
    assert without_sklearn_and_rasterio["unloaded"]


def test_a_run_names_the_packages_and_the_install_command(
    without_sklearn_and_rasterio: dict[str, Any],
) -> None:
    from lulc_classifier.core.deps import install_command

    error = without_sklearn_and_rasterio["error"]
    assert error is not None
    assert "missing from QGIS's Python: rasterio, scikit-learn." in error
    assert "never installs packages" in error
    if sys.platform.startswith("linux"):
        assert "sudo apt install python3-rasterio python3-sklearn" in error
    assert install_command(["rasterio", "scikit-learn"]) in error
    assert "skops" not in error  # installed: only what is missing is named
    assert without_sklearn_and_rasterio["outputs"] == ["samples.csv"]
