"""The toolbox and the algorithm dialogs as a new user meets them (issue 14 item 10): search
words, icons, the class field's preselection, labels without parameter ids, help without enum
indexes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SEARCHES = ["random forest", "supervised", "machine learning", "land cover", "classification"]


def _algorithms() -> list[Any]:
    from qgis.core import QgsApplication

    algorithms = QgsApplication.processingRegistry().providerById("lulc").algorithms()
    assert len(algorithms) >= 10
    return sorted(algorithms, key=lambda a: a.id())


def _toolbox_ids(proxy: Any, parent: Any = None) -> Iterator[str]:
    from qgis.core import QgsProcessingAlgorithm
    from qgis.PyQt.QtCore import QModelIndex

    parent = parent or QModelIndex()
    for row in range(proxy.rowCount(parent)):
        index = proxy.index(row, 0, parent)
        alg = proxy.toolboxModel().algorithmForIndex(proxy.mapToSource(index))
        if isinstance(alg, QgsProcessingAlgorithm):
            yield alg.id()
        yield from _toolbox_ids(proxy, index)


@pytest.mark.parametrize("words", SEARCHES)
def test_toolbox_search_finds_the_classifiers(qgis_app: Any, words: str) -> None:
    from qgis.core import QgsApplication
    from qgis.gui import QgsProcessingToolboxProxyModel

    proxy = QgsProcessingToolboxProxyModel(None, QgsApplication.processingRegistry())
    proxy.setFilterString(words)
    found = {i for i in _toolbox_ids(proxy) if i.startswith("lulc:")}
    assert {"lulc:classify", "lulc:train", "lulc:predict"} <= found
    if words != "random forest":
        assert found == {a.id() for a in _algorithms()}


def test_every_algorithm_has_its_own_icon(qgis_app: Any) -> None:
    from qgis.PyQt.QtSvg import QSvgRenderer

    paths = [a.svgIconPath() for a in _algorithms()]
    assert len(set(paths)) == len(paths)
    for alg, path in zip(_algorithms(), paths):
        assert Path(path).is_file(), alg.id()
        assert QSvgRenderer(path).isValid(), path
        assert not alg.icon().isNull(), alg.id()


def _class_field_shown(alg_id: str, parent: str, layer: Any) -> Any:
    """The Class field value the real algorithm dialog shows once ``layer`` is chosen."""
    from processing.gui.AlgorithmDialog import AlgorithmDialog
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProject

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    dialog = AlgorithmDialog(QgsApplication.processingRegistry().createAlgorithmById(alg_id))
    try:
        wrappers = dialog.mainWidget().wrappers
        wrappers[parent].setParameterValue(layer.id(), context)
        QgsApplication.processEvents()
        return wrappers["CLASS_FIELD"].parameterValue()
    finally:
        dialog.deleteLater()


@pytest.mark.parametrize(
    ("alg_id", "parent"), [("lulc:sample", "LABELS"), ("lulc:train", "SAMPLES")]
)
def test_class_field_preselects_class_never_fid(
    qgis_app: Any, monkeypatch: pytest.MonkeyPatch, alg_id: str, parent: str
) -> None:
    from processing.gui import AlgorithmDialog, ParametersPanel
    from qgis.core import QgsProject, QgsVectorLayer

    # pytest-qgis's stand-in interface has no browser model; the dialog works without an iface
    monkeypatch.setattr(ParametersPanel, "iface", None)
    monkeypatch.setattr(AlgorithmDialog, "iface", None)

    with_class = QgsVectorLayer(
        "Point?crs=EPSG:4326&field=fid:integer&field=Type:string&field=Class:integer", "a", "memory"
    )
    without = QgsVectorLayer(
        "Point?crs=EPSG:4326&field=fid:integer&field=name:string&field=cover:integer", "b", "memory"
    )
    QgsProject.instance().addMapLayers([with_class, without])
    try:
        assert _class_field_shown(alg_id, parent, with_class) == "Class"
        # no class-like field: nothing preselected (the dialog asks), not the feature id
        assert _class_field_shown(alg_id, parent, without) in (None, "")
    finally:
        QgsProject.instance().removeMapLayers([with_class.id(), without.id()])


def _labels(alg: Any) -> Iterator[tuple[str, str, str]]:
    """(parameter or output, what, text) of every label and help text of ``alg``."""
    for d in alg.parameterDefinitions():
        yield d.name(), "description", d.description()
        yield d.name(), "help", d.help()
        if d.type() == "enum":
            for option in d.options():
                yield d.name(), "option", option
    for o in alg.outputDefinitions():
        yield o.name(), "output", o.description()


def test_no_parameter_id_in_labels_options_or_help(qgis_app: Any) -> None:
    ids = {d.name() for a in _algorithms() for d in a.parameterDefinitions()}
    ids |= {o.name() for a in _algorithms() for o in a.outputDefinitions()}
    leaks = []
    for alg in _algorithms():
        for name, what, text in _labels(alg):
            others = sorted(ids - {name}, key=len, reverse=True)
            found = re.findall(r"\b(" + "|".join(others) + r")\b", text)
            if found:
                leaks.append(f"{alg.id()} {name} {what}: {found} in {text!r}")
    assert leaks == []


def test_help_names_enum_options_by_their_text(qgis_app: Any) -> None:
    indexed = [
        f"{alg.id()} {name}: {text!r}"
        for alg in _algorithms()
        for name, _, text in _labels(alg)
        if re.search(r"\b\d+ ?= ", text)
    ]
    assert indexed == []
    for alg in _algorithms():
        assert not re.search(r"\b\d+ ?= ", alg.shortHelpString()), alg.id()
