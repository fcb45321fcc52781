"""QGIS 4 readiness: the shipped code uses no Qt5-only spelling that Qt6 / PyQt6 removes.

The scan reads source text (AST for Python, plain text for ``.ui``); nothing here imports QGIS.
Whether ``Class.Member`` is an unscoped enum member (``Qt.AlignLeft``, which must become
``Qt.AlignmentFlag.AlignLeft``) is asked once of the installed PyQt5/QGIS bindings in a child
process (this file run as a script), so class constants (``QgsProcessing.TEMPORARY_OUTPUT``)
and nested enum types (``QgsProcessingParameterNumber.Type``) are never taken for members.
Without the bindings only that rule is skipped (a failure when ``LULC_REQUIRE_QGIS=1``).
"""

from __future__ import annotations

import ast
import enum
import importlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCANNED = (
    "plugin.py",
    "__init__.py",
    "ui/**/*.py",
    "ui/**/*.ui",
    "processing_provider/**/*.py",
    "core/**/*.py",
    "tests/provider/*.py",
    "scripts/screenshots.py",
)

#: A name that may be a Qt or QGIS class (or a PyQt module), the root of an enum spelling.
QT_NAME = re.compile(r"Q[A-Za-z0-9_]+")
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtXml", "QtSvg", "QtPrintSupport")
#: Classes that moved from QtWidgets to QtGui in Qt6.
MOVED_TO_QTGUI = {
    "QAction",
    "QActionGroup",
    "QShortcut",
    "QUndoCommand",
    "QUndoGroup",
    "QUndoStack",
    "QFileSystemModel",
}
#: Classes and modules Qt6 removed, with what replaces them.
REMOVED_NAMES = {
    "QRegExp": "QRegularExpression",
    "QRegExpValidator": "QRegularExpressionValidator",
    "QDesktopWidget": "QScreen (QGuiApplication.primaryScreen() or widget.screen())",
    "QGLWidget": "QOpenGLWidget (module QtOpenGLWidgets in Qt6)",
    "QMatrix": "QTransform",
    "QTextCodec": "Python str/bytes encoding",
    "QtWebKit": "QtWebEngine (or QgsWebView)",
    "QtWebKitWidgets": "QtWebEngineWidgets (or QgsWebView)",
}
#: Enum members Qt6 removed, scoped or not.
REMOVED_MEMBERS = {
    "Qt": {
        "MidButton": "Qt.MouseButton.MiddleButton",
        "ItemIsTristate": "Qt.ItemFlag.ItemIsAutoTristate",
    },
    "QPalette": {
        "Background": "QPalette.ColorRole.Window",
        "Foreground": "QPalette.ColorRole.WindowText",
    },
}
#: Methods PyQt6 renamed (the trailing underscore dodged Python 2 keywords).
RENAMED_METHODS = {"exec_": "exec", "print_": "print"}
BINDINGS = ("PyQt4", "PyQt5", "PyQt6", "PySide2", "PySide6", "sip")
FONT_METRICS = {"QFontMetrics", "QFontMetricsF", "fontMetrics"}
APPLICATIONS = {"QApplication", "QGuiApplication", "QCoreApplication", "qApp"}


class Hit(NamedTuple):
    """A Qt5-only spelling at ``line`` of a file, and what Qt6 wants instead."""

    line: int
    found: str
    fix: str


def scanned_files() -> list[Path]:
    """The plugin's shipped code, the provider tests and the screenshot script."""
    files = {path for pattern in SCANNED for path in ROOT.glob(pattern)}
    return sorted(p for p in files if "__pycache__" not in p.parts)


# --- Python ----------------------------------------------------------------------------------
def dotted(node: ast.AST) -> str | None:
    """``"A.B.C"`` for a chain of attributes on a name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


def _embedded_scripts(tree: ast.AST) -> Iterator[tuple[int, ast.Module]]:
    """(line offset, tree) of string literals that are Python scripts using Qt or QGIS (a
    script run in a child process, as in the provider tests)."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and "\n" in node.value
            and re.search(r"^\s*(from|import) (qgis|PyQt|sip)", node.value, re.MULTILINE)
        ):
            try:
                yield node.lineno - 1, ast.parse(node.value)
            except SyntaxError:
                continue


def _trees(source: str) -> Iterator[tuple[int, ast.Module]]:
    tree = ast.parse(source)
    yield 0, tree
    yield from _embedded_scripts(tree)


def _is_qt_root(name: str) -> bool:
    return bool(QT_NAME.fullmatch(name)) or name in QT_MODULES


def _aliases(tree: ast.Module) -> dict[str, str]:
    """Other names for Qt/QGIS classes: ``import ... as`` and module-level assignments such as
    ``Number = QgsProcessingParameterNumber`` (so ``Number.Integer`` is judged too)."""
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.asname and _is_qt_root(alias.name):
                    aliases[alias.asname] = alias.name
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else None
        if isinstance(node, ast.Assign) and isinstance(target, ast.Name):
            chain = dotted(node.value)
            if chain and _is_qt_root(chain.split(".")[0]):
                aliases[target.id] = chain
    return aliases


def _expand(chain: str, aliases: Mapping[str, str]) -> str:
    root, _, rest = chain.partition(".")
    return f"{aliases[root]}.{rest}" if root in aliases and rest else chain


def enum_candidates(source: str) -> set[str]:
    """Every ``Qt....Member`` chain whose last part starts upper-case: maybe an enum member."""
    found = set()
    for _, tree in _trees(source):
        aliases = _aliases(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr[:1].isupper():
                chain = _expand(dotted(node) or "", aliases)
                if chain and _is_qt_root(chain.split(".")[0]):
                    found.add(chain)
    return found


def _fallback_imports(tree: ast.AST) -> set[ast.ImportFrom]:
    """``from ...QtWidgets import QAction`` in the ``except ImportError`` of a ``try`` that
    imports the same names from QtGui: the one accepted way to support QGIS < 3.34."""
    accepted = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Try):
            continue
        from_gui = {
            alias.name
            for statement in node.body
            if isinstance(statement, ast.ImportFrom) and (statement.module or "").endswith("QtGui")
            for alias in statement.names
        }
        for handler in node.handlers:
            caught = ast.unparse(handler.type) if handler.type else ""
            if "ImportError" not in caught and "ModuleNotFoundError" not in caught:
                continue
            for statement in handler.body:
                if (
                    isinstance(statement, ast.ImportFrom)
                    and (statement.module or "").endswith("QtWidgets")
                    and {alias.name for alias in statement.names} <= from_gui
                ):
                    accepted.add(statement)
    return accepted


def _import_hits(node: ast.Import | ast.ImportFrom, accepted: set[ast.ImportFrom]) -> list[Hit]:
    hits = []
    if isinstance(node, ast.Import):
        modules = [alias.name for alias in node.names]
        names: list[str] = []
    else:
        modules = [node.module or ""] if node.level == 0 else []
        names = [alias.name for alias in node.names]
    for module in modules:
        top = module.split(".")[0]
        if top in BINDINGS:
            fix = "qgis.PyQt" if top == "sip" else module.replace(top, "qgis.PyQt", 1)
            hits.append(Hit(node.lineno, f"import of {module}", f"import from {fix}"))
        last = module.split(".")[-1]
        if last in REMOVED_NAMES:
            hits.append(Hit(node.lineno, f"import of {module}", REMOVED_NAMES[last]))
        for name in names:
            if name in REMOVED_NAMES:
                hits.append(Hit(node.lineno, name, REMOVED_NAMES[name]))
        if last == "QtWidgets" and node not in accepted:
            for name in names:
                if name in MOVED_TO_QTGUI:
                    hits.append(
                        Hit(
                            node.lineno,
                            f"{name} from QtWidgets",
                            f"from qgis.PyQt.QtGui import {name} (with a QtWidgets fallback "
                            "for QGIS < 3.34, in one place)",
                        )
                    )
    return hits


def _font_metrics_names(tree: ast.AST) -> set[str]:
    """Names assigned a font metrics object (``fm = self.fontMetrics()``)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and _is_font_metrics(node.value, set()):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(ast.unparse(target) for target in targets)
    return names


def _is_font_metrics(node: ast.AST | None, names: set[str]) -> bool:
    if isinstance(node, ast.Call):
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return called in FONT_METRICS
    return node is not None and ast.unparse(node) in names


def _member_hit(
    node: ast.Attribute, chain: str, aliases: Mapping[str, str], enum_fixes: Mapping[str, str]
) -> Hit | None:
    full = _expand(chain, aliases)
    parts = full.split(".")
    if parts[-2] == "QVariant" and node.attr[:1].isupper():
        scoped = "QMetaType.Type" + ("" if node.attr == "Type" else f".{node.attr}")
        return Hit(
            node.lineno,
            chain,
            f"{scoped} (QVariant.Type is gone in Qt6; QgsField takes QMetaType.Type from "
            "QGIS 3.38)",
        )
    for owner, members in REMOVED_MEMBERS.items():
        if owner in parts[:-1] and node.attr in members:
            return Hit(node.lineno, chain, members[node.attr])
    if full in enum_fixes:
        fix, root = enum_fixes[full], chain.split(".")[0]
        if root in aliases and fix.startswith(aliases[root]):
            fix = root + fix[len(aliases[root]) :]  # in the file's own spelling
        return Hit(node.lineno, chain, fix)
    return None


def _tree_hits(tree: ast.Module, enum_fixes: Mapping[str, str]) -> list[Hit]:
    hits: list[Hit] = []
    accepted = _fallback_imports(tree)
    metrics = _font_metrics_names(tree)
    aliases = _aliases(tree)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            hits += _import_hits(node, accepted)
        elif isinstance(node, ast.Name) and node.id in REMOVED_NAMES:
            hits.append(Hit(node.lineno, node.id, REMOVED_NAMES[node.id]))
        elif isinstance(node, ast.Attribute):
            if node.attr in RENAMED_METHODS:
                hits.append(Hit(node.lineno, f".{node.attr}", f".{RENAMED_METHODS[node.attr]}"))
            elif node.attr in REMOVED_NAMES:
                hits.append(Hit(node.lineno, f".{node.attr}", REMOVED_NAMES[node.attr]))
            elif node.attr in MOVED_TO_QTGUI and dotted(node.value) == "QtWidgets":
                hits.append(Hit(node.lineno, f"QtWidgets.{node.attr}", f"QtGui.{node.attr}"))
            chain = dotted(node)
            hit = _member_hit(node, chain, aliases, enum_fixes) if chain else None
            hits += [hit] if hit else []
        elif isinstance(node, ast.Call):
            hits += _call_hits(node, metrics)
    return hits


def _call_hits(node: ast.Call, metrics: set[str]) -> list[Hit]:
    """``QFontMetrics.width()``, ``QApplication.desktop()`` and the null ``QVariant()``."""
    if dotted(node.func) in {"QVariant", "QtCore.QVariant"} and not node.args:
        return [Hit(node.lineno, "QVariant()", "None (QGIS: qgis.core.NULL)")]
    if not isinstance(node.func, ast.Attribute):
        return []
    method, receiver = node.func.attr, node.func.value
    if method == "width" and _is_font_metrics(receiver, metrics):
        found = f"{ast.unparse(receiver)}.width()"
        return [Hit(node.lineno, found, "horizontalAdvance() (Qt >= 5.11)")]
    if method == "desktop" and dotted(receiver) in APPLICATIONS and not node.args:
        return [Hit(node.lineno, f"{dotted(receiver)}.desktop()", REMOVED_NAMES["QDesktopWidget"])]
    return []


def scan_python(source: str, enum_fixes: Mapping[str, str]) -> list[Hit]:
    """Qt5-only spellings in Python ``source``, scripts in its string literals included.

    ``enum_fixes`` maps an unscoped enum chain (``"Qt.AlignLeft"``) to its scoped spelling, as
    :func:`scoped_spellings` finds them.
    """
    hits = []
    for offset, tree in _trees(source):
        hits += [hit._replace(line=hit.line + offset) for hit in _tree_hits(tree, enum_fixes)]
    return sorted(set(hits))


def scan_ui(text: str) -> list[Hit]:
    """Classes Qt6's uic cannot build in a Designer file (``Qt::AlignLeft``-style enum values
    are fine: uic scopes them in both Qt versions)."""
    hits = []
    for number, line in enumerate(text.splitlines(), start=1):
        for name, fix in REMOVED_NAMES.items():
            if re.search(rf"\b{name}\b", line):
                hits.append(Hit(number, name, fix))
    return hits


# --- enum knowledge from the bindings (run in a child process) ---------------------------------
ORACLE_MODULES = (
    "qgis.PyQt.QtCore",
    "qgis.PyQt.QtGui",
    "qgis.PyQt.QtWidgets",
    "qgis.core",
    "qgis.gui",
)


def _is_enum_type(value: Any) -> bool:
    return isinstance(value, enum.EnumMeta) or type(value).__name__ == "enumtype"


def _is_enum_member(value: Any) -> bool:
    if isinstance(value, enum.Enum):
        return True
    return isinstance(value, int) and type(type(value)).__name__ == "enumtype"


def _resolve(chain: list[str], modules: list[Any]) -> Any:
    root, *rest = chain
    if root in QT_MODULES:
        value: Any = importlib.import_module(f"qgis.PyQt.{root}")
    else:
        value = next(getattr(m, root) for m in modules if hasattr(m, root))
    for part in rest:
        value = getattr(value, part)
    return value


def _scoped_spelling(parent: Any, parent_chain: list[str], member: str, value: Any) -> str:
    """``Parent.Enum.Member``, with the enum's name as the parent class exposes it."""
    names = sorted(n for n in dir(parent) if getattr(parent, n, None) is type(value))
    name = type(value).__name__ if type(value).__name__ in names else (names or [None])[0]
    if name is None:
        return f"{type(value).__qualname__}.{member} (not nested in {'.'.join(parent_chain)})"
    spelling = ".".join([*parent_chain, name, member])
    if getattr(getattr(parent, name), member, None) != value:
        return f"{spelling} (does not resolve on this Qt: check)"
    return spelling


def _flags_enum(value: Any) -> str | None:
    """For a PyQt5 QFlags class (``Qt.ItemFlags``, gone in PyQt6), its enum's name."""
    if not isinstance(value, type) or not value.__module__.startswith("PyQt5"):
        return None
    # "(f: Union[Qt.ItemFlags, Qt.ItemFlag])" (PyQt 5.15.9) or "(f: Qt.ItemFlags|Qt.ItemFlag)"
    # (PyQt 5.15.11)
    name = re.escape(value.__qualname__)
    match = re.search(
        rf"\(f: (?:Union\[{name}, ([\w.]+)\]|{name}\|([\w.]+))\)", value.__doc__ or ""
    )
    return (match.group(1) or match.group(2)).split(".")[-1] if match else None


def oracle(chains: Iterable[str]) -> dict[str, str]:
    """Unscoped enum members (and PyQt5 QFlags class names) among ``chains``, each mapped to
    its Qt6 spelling; decided by introspecting the installed bindings."""
    modules = [importlib.import_module(name) for name in ORACLE_MODULES]
    fixes = {}
    for chain in chains:
        *parent_chain, member = chain.split(".")
        try:
            parent = _resolve(parent_chain, modules)
            value = getattr(parent, member)
        except (AttributeError, StopIteration, ImportError, TypeError):
            continue  # not a Qt/QGIS class (or not in this version): nothing to judge
        if not isinstance(parent, type) or _is_enum_type(parent):
            continue  # a module, or already scoped (Qt.AlignmentFlag.AlignLeft)
        if _is_enum_member(value):
            fixes[chain] = _scoped_spelling(parent, parent_chain, member, value)
        elif flags := _flags_enum(value):
            fixes[chain] = f"{'.'.join(parent_chain)}.{flags} (PyQt6 has no QFlags class names)"
    return fixes


def scoped_spellings(chains: Iterable[str]) -> dict[str, str] | str:
    """:func:`oracle` in a child process, so this test process never imports QGIS; the reason
    instead when the bindings cannot be introspected."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    done = subprocess.run(
        [sys.executable, __file__],
        input=json.dumps(sorted(set(chains))),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        return f"PyQt5/QGIS bindings cannot be introspected: {done.stderr.strip()[-800:]}"
    fixes: dict[str, str] = json.loads(done.stdout)
    return fixes


def _without_bindings(reason: str) -> None:
    """Skip the enum check, or fail when QGIS is required (CI)."""
    if os.environ.get("LULC_REQUIRE_QGIS") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


# --- tests -----------------------------------------------------------------------------------
def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.fixture(scope="module")
def enum_fixes() -> dict[str, str] | str:
    """The scoped spelling of every unscoped enum member the scanned files use (or why there
    is no answer)."""
    chains = set()
    for path in scanned_files():
        if path.suffix == ".py":
            chains |= enum_candidates(path.read_text(encoding="utf-8"))
    return scoped_spellings(chains)


def test_the_scan_covers_the_shipped_code() -> None:
    names = {_relative(p) for p in scanned_files()}
    expected = {
        "plugin.py",
        "__init__.py",
        "ui/dock.py",
        "ui/launch.py",
        "ui/panel.ui",
        "processing_provider/provider.py",
        "core/train.py",
        "tests/provider/conftest.py",
        "scripts/screenshots.py",
    }
    assert expected <= names


@pytest.mark.parametrize("path", scanned_files(), ids=_relative)
def test_no_qt5_only_spelling(path: Path, enum_fixes: dict[str, str] | str) -> None:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ui":
        hits = scan_ui(text)
    else:
        hits = scan_python(text, enum_fixes if isinstance(enum_fixes, dict) else {})
    report = "\n".join(f"{_relative(path)}:{h.line}: {h.found} -> {h.fix}" for h in hits)
    assert not hits, f"Qt5-only spellings (QGIS 4 uses Qt6):\n{report}"
    if isinstance(enum_fixes, str) and path.suffix == ".py":
        _without_bindings(enum_fixes)  # every other rule passed; unscoped enums unchecked


def test_qtwidgets_fallback_lives_in_one_module() -> None:
    """The QGIS < 3.34 fallback for QAction & co. is written once, not copied around."""
    holders = [
        _relative(path)
        for path in scanned_files()
        if path.suffix == ".py" and _fallback_imports(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert len(holders) <= 1, holders


BAD = '''
from PyQt5.QtCore import pyqtSignal, QRegExp
import sip
from qgis.PyQt.QtWidgets import QAction, QDialog
from qgis.PyQt import QtWidgets
from qgis.PyQt.QtCore import Qt

label.setAlignment(Qt.AlignLeft)
dialog.exec_()
width = QFontMetrics(font).width("text")
metrics = widget.fontMetrics()
other = metrics.width("text")
screen = QApplication.desktop().screenGeometry()
menu = QtWidgets.QAction("x")
button = Qt.MidButton
field_type = QVariant.Int
value = QVariant()
SCRIPT = """
from qgis.PyQt.QtCore import Qt
print(Qt.Checked)
"""
Number = QgsProcessingParameterNumber
kind = Number.Integer
'''
BAD_HITS = [
    Hit(2, "QRegExp", "QRegularExpression"),
    Hit(2, "import of PyQt5.QtCore", "import from qgis.PyQt.QtCore"),
    Hit(3, "import of sip", "import from qgis.PyQt"),
    Hit(
        4,
        "QAction from QtWidgets",
        "from qgis.PyQt.QtGui import QAction (with a QtWidgets fallback for QGIS < 3.34, in one "
        "place)",
    ),
    Hit(8, "Qt.AlignLeft", "Qt.AlignmentFlag.AlignLeft"),
    Hit(9, ".exec_", ".exec"),
    Hit(10, "QFontMetrics(font).width()", "horizontalAdvance() (Qt >= 5.11)"),
    Hit(12, "metrics.width()", "horizontalAdvance() (Qt >= 5.11)"),
    Hit(13, "QApplication.desktop()", REMOVED_NAMES["QDesktopWidget"]),
    Hit(14, "QtWidgets.QAction", "QtGui.QAction"),
    Hit(15, "Qt.MidButton", "Qt.MouseButton.MiddleButton"),
    Hit(
        16,
        "QVariant.Int",
        "QMetaType.Type.Int (QVariant.Type is gone in Qt6; QgsField takes QMetaType.Type from "
        "QGIS 3.38)",
    ),
    Hit(17, "QVariant()", "None (QGIS: qgis.core.NULL)"),
    Hit(20, "Qt.Checked", "Qt.CheckState.Checked"),
    Hit(23, "Number.Integer", "Number.Type.Integer"),
]
FAKE_FIXES = {
    "Qt.AlignLeft": "Qt.AlignmentFlag.AlignLeft",
    "Qt.Checked": "Qt.CheckState.Checked",
    "QgsProcessingParameterNumber.Integer": "QgsProcessingParameterNumber.Type.Integer",
}


def test_scanner_catches_qt5_spellings() -> None:
    assert scan_python(BAD, FAKE_FIXES) == BAD_HITS
    assert {"Qt.AlignLeft", "Qt.Checked", "QgsProcessingParameterNumber.Integer"} <= (
        enum_candidates(BAD)
    )


def test_scanner_flags_a_removed_class_in_use_and_in_ui_files() -> None:
    assert scan_python("validator = QRegExpValidator(QRegExp('[0-9]+'))", {}) == [
        Hit(1, "QRegExp", "QRegularExpression"),
        Hit(1, "QRegExpValidator", "QRegularExpressionValidator"),
    ]
    ui = '<ui>\n <widget class="QDesktopWidget" name="w"/>\n <enum>Qt::AlignLeft</enum>\n</ui>'
    assert scan_ui(ui) == [Hit(2, "QDesktopWidget", REMOVED_NAMES["QDesktopWidget"])]


GOOD = """
try:  # QGIS >= 3.34 and Qt6 builds; QtWidgets before
    from qgis.PyQt.QtGui import QAction
except ImportError:
    from qgis.PyQt.QtWidgets import QAction
from qgis.PyQt.QtCore import Qt
from qgis.core import QgsProcessing, QgsProcessingParameterNumber

item.setTextAlignment(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
output = QgsProcessing.TEMPORARY_OUTPUT
kind = QgsProcessingParameterNumber.Type
integer = kind.Integer
spec.loader.exec_module(module)
half = extent.width() / 2
dialog.exec()
note = "Qt.AlignLeft and exec_() in a string are only text"
"""


def test_scanner_accepts_qt6_spellings() -> None:
    assert scan_python(GOOD, FAKE_FIXES) == []


REAL = {
    "Qt.AlignLeft": "Qt.AlignmentFlag.AlignLeft",
    "Qt.Checked": "Qt.CheckState.Checked",
    "QtCore.Qt.UserRole": "QtCore.Qt.ItemDataRole.UserRole",
    "QSizePolicy.Expanding": "QSizePolicy.Policy.Expanding",
    "QMessageBox.Yes": "QMessageBox.StandardButton.Yes",
    "QDialogButtonBox.Ok": "QDialogButtonBox.StandardButton.Ok",
    "QHeaderView.Stretch": "QHeaderView.ResizeMode.Stretch",
    "QAbstractItemView.NoEditTriggers": "QAbstractItemView.EditTrigger.NoEditTriggers",
    "QFrame.NoFrame": "QFrame.Shape.NoFrame",
    "QFont.Bold": "QFont.Weight.Bold",
    "QPalette.Window": "QPalette.ColorRole.Window",
    "QEvent.DeferredDelete": "QEvent.Type.DeferredDelete",
    "QgsProcessing.TypeRaster": "QgsProcessing.SourceType.TypeRaster",
    "QgsProcessingParameterNumber.Integer": "QgsProcessingParameterNumber.Type.Integer",
    "QgsProcessingAlgorithm.FlagNoThreading": "QgsProcessingAlgorithm.Flag.FlagNoThreading",
    "QgsMapLayer.RasterLayer": "QgsMapLayer.LayerType.RasterLayer",
    "Qgis.Info": "Qgis.MessageLevel.Info",
    "Qt.ItemFlags": "Qt.ItemFlag (PyQt6 has no QFlags class names)",
}
NOT_MEMBERS = [
    "Qt.AlignmentFlag",  # an enum type
    "Qt.AlignmentFlag.AlignLeft",  # already scoped
    "QEvent.Type",
    "QEvent.Type.DeferredDelete",
    "QgsProcessing.SourceType.TypeRaster",
    "QgsProcessing.TEMPORARY_OUTPUT",  # a class constant
    "QgsProcessingParameterNumber.Type",
    "Qgis.QGIS_VERSION",
    "QgsVectorLayer.LayerOptions",  # a nested class
    "QgsProcessingAlgorithm.Flags",  # QGIS flags classes are QGIS's business, not PyQt6's
    "QtCore.Qt",
    "QMyOwnWidget.Something",  # not a Qt or QGIS class
]


def test_bindings_tell_enum_members_from_constants_and_types() -> None:
    fixes = scoped_spellings([*REAL, *NOT_MEMBERS, *enum_candidates(BAD + GOOD)])
    if isinstance(fixes, str):
        _without_bindings(fixes)
        return
    assert {
        chain: fix for chain, fix in fixes.items() if chain in REAL or chain in NOT_MEMBERS
    } == REAL
    assert scan_python(BAD, fixes) == BAD_HITS  # the whole pipeline, real bindings
    assert scan_python(GOOD, fixes) == []


def main() -> None:
    """Child-process entry: chains as JSON on stdin, their Qt6 spellings as JSON on stdout."""
    json.dump(oracle(json.load(sys.stdin)), sys.stdout)


if __name__ == "__main__":
    main()
