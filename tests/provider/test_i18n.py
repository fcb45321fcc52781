"""Translations (issue 14, item 12): every user-visible string is extractable by pylupdate5 and
translated in the French .ts, placeholders kept; with QGIS in French the plugin loads the
translator, and the dialogs, the panel and the report come out in French."""

from __future__ import annotations

import ast
import dataclasses
import importlib.util
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "i18n" / "lulc_classifier_fr.ts"
#: Functions whose text arguments pylupdate5 extracts (and so must be literals).
MARKERS = {"tr": 1, "translate": 2, "QT_TR_NOOP": 1, "QT_TRANSLATE_NOOP": 2}
#: The helpers themselves pass their argument on.
HELPERS = {"tr", "translate", "translated", "_identity"}
_PROVIDERS: list[Any] = []


def _check_module() -> Any:
    spec = importlib.util.spec_from_file_location("i18n_check", ROOT / "scripts" / "i18n_check.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CHECK = _check_module()


def source_files() -> list[Path]:
    return [
        ROOT / "plugin.py",
        *sorted(p for d in ("core", "processing_provider", "ui") for p in (ROOT / d).rglob("*.py")),
    ]


def _is_text(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _is_qt(func: ast.expr) -> bool:
    """``QCoreApplication.translate``: Qt's, whatever its arguments."""
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "QCoreApplication"
    )


def non_literal_calls(source: str, filename: str = "<test>") -> list[str]:
    """``file:line name(...)`` of every marker call whose text is not a plain string literal, or
    that sits inside an f-string (pylupdate5 reads an f-string as one string and misses it); and
    of every ``translated(...)`` given only literals or f-strings, so no marked constant
    (pylupdate5 does not extract it: the constant is marked with ``QT_TR_NOOP`` where it is
    defined, see processing_provider/i18n.py; core's ``translated`` takes the context first)."""
    found = []

    def visit(node: ast.AST, inside_helper: bool, in_fstring: bool) -> None:
        for child in ast.iter_child_nodes(node):
            helper = inside_helper or (
                isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) and child.name in HELPERS
            )
            fstring = in_fstring or isinstance(child, ast.JoinedStr)
            if isinstance(child, ast.Call) and not helper:
                func = child.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                count = MARKERS.get(name, 0)
                if name == "translate" and not any(_is_text(a) for a in child.args):
                    count = 2 if _is_qt(func) else 0  # else a geometry's translate(geom, dx, dy)
                unmarked = [a for a in child.args if _is_text(a) or isinstance(a, ast.JoinedStr)]
                if name == "translated" and child.args and len(unmarked) == len(child.args):
                    found.append(f"{filename}:{child.lineno} {name}({ast.unparse(unmarked[0])})")
                texts = child.args[:count]
                literal = len(texts) == count and all(_is_text(a) for a in texts)
                if count and (not literal or fstring):
                    found.append(f"{filename}:{child.lineno} {name}({ast.unparse(texts[-1:])})")
            visit(child, helper, fstring)

    visit(ast.parse(source, filename), False, False)
    return found


def marked_texts(source: str) -> set[str]:
    """The literal texts of every marker call of ``source``."""
    texts = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            count = MARKERS.get(name, 0)
            args = node.args[:count]
            if count and len(args) == count and all(_is_text(a) for a in args):
                texts.add(args[-1].value)  # type: ignore[attr-defined]
    return texts


def ts_sources(path: Path = TS) -> dict[tuple[str, str], str]:
    """(context, source) -> translation of the .ts."""
    return {
        (context, m.findtext("source") or ""): m.findtext("translation") or ""
        for context, m in CHECK.messages(path)
    }


def test_scanner_finds_non_literal_calls() -> None:
    code = (
        "tr(text)\ntr(f'a {b}')\nself.tr('a' + b)\ntranslate('C', name)\nf'{tr(\"hidden\")}'\n"
        "QT_TR_NOOP('ok')\ntr('ok' 'too')\ntranslate('C', 'fine')\n"
        "def tr(text):\n    return translate('C', text)\ntranslate(shape, 1, 2)\n"
    )
    assert [hit.split()[0] for hit in non_literal_calls(code)] == [
        "<test>:1",
        "<test>:2",
        "<test>:3",
        "<test>:4",
        "<test>:5",
    ]


def test_scanner_finds_unextractable_forms() -> None:
    code = (
        "QCoreApplication.translate(CONTEXT, text)\ntranslated('not extracted')\n"
        "translated(f'{a}', 'Estimators')\ntranslated(LABEL)\ntranslated(label, 'Sensors')\n"
        "translated('Estimators', label)\n"
        "QCoreApplication.translate('C', 'fine')\n"
        "def tr(text):\n    return QCoreApplication.translate(CONTEXT, text)\n"
    )
    assert [hit.split()[0] for hit in non_literal_calls(code)] == [
        "<test>:1",
        "<test>:2",
        "<test>:3",
    ]


@pytest.mark.parametrize("path", source_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_translated_texts_are_literals(path: Path) -> None:
    """tr()/translate() on a variable or f-string cannot be extracted: mark the literal."""
    assert non_literal_calls(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))) == []


def test_every_marked_text_is_in_the_ts() -> None:
    """pylupdate5 extracted every marked literal (it silently skips some call forms, e.g.
    ``translate("C", "text",)`` with a trailing comma)."""
    sources = {source for _, source in ts_sources()}
    missing = sorted(
        f"{path.relative_to(ROOT)}: {text[:70]!r}"
        for path in source_files()
        for text in marked_texts(path.read_text(encoding="utf-8"))
        if text not in sources
    )
    assert missing == []


def test_engine_contexts_are_named_as_their_variables() -> None:
    """pylupdate5 files ``Report.tr("x")`` under the variable's name: it must be the context."""
    from lulc_classifier.core import i18n

    contexts = {k: v for k, v in vars(i18n).items() if isinstance(v, i18n.Context)}
    assert contexts
    assert all(context.name == variable for variable, context in contexts.items())


def test_placeholder_check_catches_a_lost_field() -> None:
    assert CHECK.placeholders("{count} held-out samples, {}%1") == ["%1", "{count}", "{}"]
    assert CHECK.placeholders("{count} échantillons") != CHECK.placeholders("{n} échantillons")


def test_french_ts_is_complete_and_current(tmp_path: Path) -> None:
    """pylupdate5 over today's sources finds nothing new or gone, and every message is
    translated with its placeholders."""
    assert shutil.which("pylupdate5"), "pylupdate5 missing: install pyqt5-dev-tools"
    fresh = tmp_path / TS.name
    shutil.copy(TS, fresh)
    files = [str(p.relative_to(ROOT)) for p in source_files()]
    files += [str(p.relative_to(ROOT)) for p in sorted((ROOT / "ui").glob("*.ui"))]
    subprocess.run(
        ["pylupdate5", "-noobsolete", *files, "-ts", str(fresh)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    assert CHECK.problems(fresh) == []
    assert set(ts_sources(fresh)) == set(ts_sources(TS)), "run: bash scripts/i18n.sh update"
    assert len(ts_sources(TS)) > 100


@pytest.fixture(scope="session")
def qm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .qm files built from the .ts as the package script builds them."""
    folder = tmp_path_factory.mktemp("qm")
    subprocess.run(["bash", "scripts/i18n.sh", "release", str(folder)], cwd=ROOT, check=True)
    assert (folder / "lulc_classifier_fr.qm").stat().st_size > 1000
    return folder


@pytest.fixture
def french(qgis_app: Any, qm_dir: Path) -> Iterator[Any]:
    """The French translator installed as plugin.py installs it."""
    from lulc_classifier import plugin

    translator = plugin.load_translator("fr_FR", qm_dir)
    assert translator is not None
    plugin.install_translator(translator)
    yield translator
    plugin.remove_translator(translator)


def _algorithm_texts(alg: Any) -> dict[str, str]:
    """Every user-visible text of an algorithm's dialog, keyed by where it is."""
    texts = {"displayName": alg.displayName(), "group": alg.group(), "help": alg.shortHelpString()}
    for p in alg.parameterDefinitions():
        texts[f"{p.name()}.description"] = p.description()
        texts[f"{p.name()}.help"] = p.help()
        for i, option in enumerate(getattr(p, "options", lambda: [])()):
            texts[f"{p.name()}.option{i}"] = option
    for o in alg.outputDefinitions():
        texts[f"{o.name()}.output"] = o.description()
    return texts


def _fresh_algorithms() -> list[Any]:
    from qgis.core import QgsApplication

    provider = QgsApplication.processingRegistry().providerById("lulc")
    return [alg.create() for alg in provider.algorithms()]


def test_dialog_texts_are_in_the_ts_and_come_out_in_french(qgis_app: Any, qm_dir: Path) -> None:
    """Every name, description, option and help of every algorithm: English without the
    translator, the .ts translation with it (a text the .ts lacks, or that is looked up in
    another context than the one pylupdate5 filed it under, stays English)."""
    from lulc_classifier import plugin

    translations = ts_sources()
    sources = {source for _, source in translations}
    same = {source for (_, source), text in translations.items() if source == text}
    english = {alg.id(): _algorithm_texts(alg) for alg in _fresh_algorithms()}
    translator = plugin.load_translator("fr", qm_dir)
    plugin.install_translator(translator)
    try:
        french = {alg.id(): _algorithm_texts(alg) for alg in _fresh_algorithms()}
    finally:
        plugin.remove_translator(translator)
    assert len(english) >= 10
    untranslated, missing = [], []
    for alg_id, texts in english.items():
        for where, text in texts.items():
            if not text or text in same or (where.endswith((".option0",)) and text == ""):
                continue
            if french[alg_id][where] == text and not (text.isupper() and text.isalnum()):
                untranslated.append(f"{alg_id} {where}: {text[:80]!r}")
            code = text.isupper() and text.isalnum()  # NDVI, DEFLATE: names, not words
            if not code and not where.endswith("help") and text not in sources:
                missing.append(f"{alg_id} {where}: {text[:80]!r}")
    assert missing == [], "not in the .ts (mark them, then scripts/i18n.sh update)"
    assert untranslated == [], "still English with the French translator"


def test_plugin_loads_the_translation_of_qgis_locale(
    panel_iface: Any, qm_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QGIS set to French (locale/userLocale): initGui installs the translator before the
    provider, so toolbox names are French; unload removes it."""
    from qgis.core import QgsApplication, QgsSettings
    from qgis.PyQt.QtCore import QCoreApplication

    import lulc_classifier
    from lulc_classifier import plugin as plugin_module
    from lulc_classifier.processing_provider.provider import LulcProvider

    registry = QgsApplication.processingRegistry()
    registry.removeProvider("lulc")
    monkeypatch.setattr(plugin_module, "I18N_DIR", qm_dir)
    settings = QgsSettings()
    previous = settings.value("locale/userLocale", "")
    settings.setValue("locale/userLocale", "fr_FR")
    try:
        loaded = lulc_classifier.classFactory(panel_iface)
        loaded.initGui()
        try:
            assert registry.algorithmById("lulc:train").displayName() == "Entraîner le classifieur"
            assert loaded.panel_action.text() == "Panneau LULC Classifier"
            loaded.panel_action.trigger()
            ui = loaded.dock.ui
            assert loaded.dock.windowTitle() == "LULC Classifier"
            assert ui.runButton.text() == "Classer"
            assert ui.labelsGroup.title() == "2. Étiquettes"
            assert ui.outputMapFile.lineEdit().placeholderText().startswith("[vide : enregistré")
        finally:
            loaded.unload()
        assert (
            QCoreApplication.translate("TrainAlgorithm", "Train classifier") == "Train classifier"
        )
    finally:
        settings.setValue("locale/userLocale", previous)
        _PROVIDERS.append(LulcProvider())  # kept alive: the registry does not own it
        assert registry.addProvider(_PROVIDERS[-1])


def test_report_in_french_keeps_its_figures(french: Any) -> None:
    import numpy as np

    from lulc_classifier.core.assessment.accuracy import Importance, evaluate
    from lulc_classifier.core.assessment.cross_validation import SCHEME_NAMES
    from lulc_classifier.core.assessment.report import render_html
    from lulc_classifier.core.legend import ClassInfo

    report = evaluate(
        np.array([1, 1, 2, 2, 2]),
        np.array([1, 2, 2, 2, 2]),
        [ClassInfo(1, "Eau", "#0000ff"), ClassInfo(2, "Forêt", "#00ff00")],
        n_train=10,
        scheme=SCHEME_NAMES["kfold"],
        folds=5,
    )
    page = render_html(
        dataclasses.replace(report, importance=[Importance("b1", 0.1, 0.01)]),
        title="Rapport",
        info={},
    )
    assert '<html lang="fr">' in page
    for french_text in (
        "Par classe",
        "Matrice de confusion",
        "Exactitude globale 0.800",
        "prédictions hors pli de 5 plis (5 échantillons",
        "Validation croisée stratifiée en k plis (aléatoire)",
        "Importance des variables par permutation",
    ):
        assert french_text in page
    for english in ("Confusion matrix", "Per class", "Overall accuracy", "samples"):
        assert english not in page


def test_a_french_report_takes_a_legend_edit(french: Any, tmp_path: Path) -> None:
    """A report written under a French QGIS has a French title: lulc:legend still recognises it
    as ours and writes it again, in French, with the new name."""
    pd = pytest.importorskip("pandas")
    import numpy as np

    from lulc_classifier.core.legend import ClassInfo
    from lulc_classifier.core.legend_edit import edit_legend
    from lulc_classifier.core.train import (
        SampleSource,
        TrainingFiles,
        TrainingOptions,
        train_classifier,
    )

    rng = np.random.default_rng(0)
    table = pd.DataFrame(
        {
            "cls": ["forest"] * 12 + ["water"] * 12,
            "b1": rng.normal(0, 3, 24) + np.repeat([0, 99], 12),
        }
    )
    model, report = tmp_path / "m.lulcmodel", tmp_path / "r.html"
    train_classifier(
        SampleSource(table, "cls"),
        TrainingFiles(model, report_path=report),
        options=TrainingOptions(validation="holdout"),
    )
    assert "<title>LULC Classifier : exactitude du modèle</title>" in report.read_text("utf-8")
    edit_legend([ClassInfo(2, "Lac", "#0000ff")], model_path=model, report_path=report)
    text = report.read_text("utf-8")
    assert ">Lac<" in text
    assert "Matrice de confusion" in text


def test_search_tags_in_english_and_french(french: Any) -> None:
    """The toolbox finds an algorithm by its English tags and by their French translation."""
    from qgis.core import QgsApplication

    train = QgsApplication.processingRegistry().algorithmById("lulc:train").create()
    tags = train.tags()
    assert {"random forest", "machine learning", "land cover"} <= set(tags)
    assert {"forêt aléatoire", "apprentissage automatique", "occupation du sol"} <= set(tags)
    assert len(tags) == len(set(tags))
