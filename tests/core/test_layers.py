"""The plugin's layers: ui → processing_provider → core, never the other way and never ui → core.

``core/`` is the engine, ``processing_provider/`` the thin Processing algorithms over it, ``ui/``
the panel over those. A static scan of every import (nested ones too) of the three packages;
``plugin.py`` and the root ``__init__.py`` sit above all three and are not checked here
(tests/core/test_architecture.py keeps QGIS out of core and of the root ``__init__.py``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: The plugin's own packages, each with the ones it must never import.
FORBIDDEN = {
    "core": {"processing_provider", "ui", "plugin", "cli"},
    "processing_provider": {"ui", "plugin", "cli"},
    "ui": {"core", "plugin", "cli"},
    # The command line: the engine's other front end, beside the algorithms, without QGIS.
    "cli": {"processing_provider", "ui", "plugin"},
}
#: (file, imported module) pairs allowed despite the rule, each with its reason. Keep it short.
ALLOWED: dict[tuple[str, str], str] = {}
#: The name the plugin is imported under by the tests (an absolute import of it is still ours).
PLUGIN = "lulc_classifier"
DYNAMIC_IMPORTERS = {"import_module", "__import__"}


def package_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def plugin_modules(source: str, path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of a module of the plugin in ``source``, dotted from the
    plugin's root (``core.deps``), for a file at ``path`` under :data:`ROOT`.

    Relative imports are resolved against the file's package; absolute ones count when they name
    the plugin (``lulc_classifier.core``); so do literal ``importlib.import_module`` and
    ``__import__`` calls with an absolute name of the plugin.
    """
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    package = parts if parts[-1] == "__init__" else parts[:-1]
    package = [p for p in package if p != "__init__"]
    found: list[tuple[int, str]] = []

    def ours(name: str) -> str | None:
        head, _, rest = name.partition(".")
        return (rest or None) if head == PLUGIN else None

    for node in ast.walk(ast.parse(source, str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, m) for a in node.names if (m := ours(a.name))]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                module = ours(node.module or "")
                if module is None:
                    if node.module == PLUGIN:  # from lulc_classifier import core
                        found += [(node.lineno, a.name) for a in node.names]
                    continue
                found.append((node.lineno, module))
                continue
            up = node.level - 1
            if up > len(package):
                found.append((node.lineno, "." * node.level + (node.module or "")))  # outside
                continue
            base = package[: len(package) - up]
            if node.module:
                found.append((node.lineno, ".".join([*base, node.module])))
            else:  # from .. import core, ui
                found += [(node.lineno, ".".join([*base, a.name])) for a in node.names]
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            arg = node.args[0]
            literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            if name in DYNAMIC_IMPORTERS and literal and (module := ours(arg.value)):  # type: ignore[attr-defined]
                found.append((node.lineno, module))
    return found


def violations(source: str, path: Path) -> list[str]:
    """``line: module`` of every import that breaks the layer rule of ``path``'s package."""
    layer = path.relative_to(ROOT).parts[0]
    relative = str(path.relative_to(ROOT))
    bad = []
    for line, module in plugin_modules(source, path):
        top = module.split(".")[0]
        outside = module.startswith(".")
        if (outside or top in FORBIDDEN[layer]) and (relative, module) not in ALLOWED:
            bad.append(f"{line}: {module}")
    return bad


def test_every_layer_has_files() -> None:
    for package in FORBIDDEN:
        assert len(package_files(package)) > 3, package


@pytest.mark.parametrize(
    "path",
    [p for package in FORBIDDEN for p in package_files(package)],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_imports_follow_the_layers(path: Path) -> None:
    """ui → processing_provider → core: the panel reaches the engine through the algorithms'
    layer (add a function there), the algorithms never import the panel, the engine neither."""
    assert violations(path.read_text(encoding="utf-8"), path) == []


def test_allow_list_entries_are_still_needed() -> None:
    """An allowed import that is gone leaves the list (so that it stays short and true)."""
    for (relative, module), reason in ALLOWED.items():
        assert reason
        found = {
            m for _, m in plugin_modules((ROOT / relative).read_text("utf-8"), ROOT / relative)
        }
        assert module in found, f"{relative} no longer imports {module}: drop it from ALLOWED"


UI = ROOT / "ui" / "panel_file.py"
PROVIDER = ROOT / "processing_provider" / "alg.py"
CORE_SUB = ROOT / "core" / "assessment" / "report.py"
CORE_INIT = ROOT / "core" / "model" / "__init__.py"


@pytest.mark.parametrize(
    ("source", "path"),
    [
        ("from ..core.deps import missing_message", UI),
        ("from ..core import deps", UI),
        ("from .. import core", UI),
        ("from .. import processing_provider, core", UI),
        ("import lulc_classifier.core.deps", UI),
        ("from lulc_classifier.core.assessment import report", UI),
        ("from lulc_classifier import core", UI),
        ("def f():\n    from ..core.assessment.report import heat_rgb", UI),
        ("import importlib\nimportlib.import_module('lulc_classifier.core')", UI),
        ("from ... import x", UI),  # above the plugin
        ("from ..ui.dock import LulcDock", PROVIDER),
        ("from .. import ui", PROVIDER),
        ("from ..plugin import LulcClassifierPlugin", PROVIDER),
        ("from ...processing_provider import params", CORE_SUB),
        ("from ...ui import results", CORE_SUB),
        ("from ... import ui", CORE_INIT),
        ("try:\n    from ..ui import dock\nexcept ImportError:\n    pass", PROVIDER),
    ],
)
def test_scanner_catches(source: str, path: Path) -> None:
    assert violations(source, path) != []


@pytest.mark.parametrize(
    ("source", "path"),
    [
        ("from ..processing_provider.i18n import tr", UI),
        ("from . import layers, results", UI),
        ("from .outputs import FILES", UI),
        ("from qgis.core import QgsProject", UI),
        ("import processing", UI),  # QGIS's Processing plugin, not ours
        ("from ..core.deps import missing_message", PROVIDER),
        ("from .i18n import tr", PROVIDER),
        ("from ..legend import ClassInfo", CORE_SUB),
        ("from .accuracy import AccuracyReport", CORE_SUB),
        ("from .. import deps", CORE_INIT),
        ("import core", UI),  # an absolute ``core`` is not the plugin's
        ("text = 'from ..core import deps'", UI),
    ],
)
def test_scanner_allows(source: str, path: Path) -> None:
    assert violations(source, path) == []
