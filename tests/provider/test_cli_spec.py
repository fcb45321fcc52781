"""cli/algorithms.json (the command line's parameters and --help) is what the algorithms say."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
REGENERATE = "export LULC_VENV=...; source scripts/env.sh; $VENV/bin/python scripts/cli_spec.py"


def _script() -> Any:
    spec = importlib.util.spec_from_file_location("cli_spec", ROOT / "scripts" / "cli_spec.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_spec_matches_the_algorithms(qgis_app: Any) -> None:
    from qgis.core import QgsApplication

    script = _script()
    provider = QgsApplication.processingRegistry().providerById("lulc")
    assert provider is not None
    fresh = script.render(script.build_spec(provider))
    committed = script.SPEC.read_text(encoding="utf-8")
    assert fresh == committed, (
        "cli/algorithms.json is out of date with the Processing algorithms (a parameter or a "
        f"help text changed): regenerate it with `{REGENERATE}` and commit it."
    )


def test_spec_lists_every_algorithm(qgis_app: Any) -> None:
    import json

    from qgis.core import QgsApplication

    provider = QgsApplication.processingRegistry().providerById("lulc")
    names = {a.name() for a in provider.algorithms()}
    data = json.loads((ROOT / "cli" / "algorithms.json").read_text(encoding="utf-8"))
    assert {a["id"] for a in data["algorithms"]} == names
