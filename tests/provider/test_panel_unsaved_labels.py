"""Unsaved edits of a project layer reach every algorithm (issue 17, item 2): Processing's
``parameterAsCompatibleSourceLayerPathAndLayerName`` gives the file of a GeoPackage layer even
when its edit buffer holds changes not yet saved, and those were silently left out (checked:
the sample table had none of the unsaved points). ``BaseAlgorithm.vector_path`` now copies
such a layer as it shows, edits included, says so, and never saves it."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import Any


class _Log:
    """A feedback that keeps the informative messages."""

    def __init__(self) -> None:
        from qgis.core import QgsProcessingFeedback

        self.lines: list[str] = []
        outer = self

        class Feedback(QgsProcessingFeedback):
            def pushInfo(self, info: str) -> None:
                outer.lines.append(info)
                super().pushInfo(info)

        self.feedback = Feedback()


def _edited_labels(tmp_path: Path, data_dir: Path) -> tuple[Any, Path]:
    """The sample labels in the project, with 8 points of a new class and one deletion,
    unsaved; and the file's bytes as they were."""
    from qgis.core import QgsGeometry, QgsPointXY, QgsProject, QgsVectorLayer, QgsVectorLayerUtils

    path = tmp_path / "labels.gpkg"
    shutil.copy(data_dir / "historical_map" / "train_points.gpkg", path)
    layer = QgsVectorLayer(str(path), "my labels", "ogr")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    assert layer.startEditing()
    index = layer.fields().indexOf("Type")
    features = list(layer.getFeatures())
    origin = features[0].geometry().asPoint()
    for i in range(8):  # a GeoPackage's new feature holds 'Autogenerate' as its fid
        point = QgsGeometry.fromPointXY(QgsPointXY(origin.x() + 2e-3 * (i + 1), origin.y()))
        assert layer.addFeature(QgsVectorLayerUtils.createFeature(layer, point, {index: "Glacier"}))
    assert layer.deleteFeature(features[-1].id())
    return layer, path


def _rows(path: Path) -> list[tuple[Any, ...]]:
    """The rows of the file's table as SQLite reads them (the saved state, never QGIS's)."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT * FROM train_points ORDER BY fid").fetchall()


def _types(path: str) -> dict[str, int]:
    from qgis.core import QgsVectorLayer

    table = QgsVectorLayer(path, "samples", "ogr")
    assert table.isValid(), path
    counts: dict[str, int] = {}
    for feature in table.getFeatures():
        counts[feature["Type"]] = counts.get(feature["Type"], 0) + 1
    return counts


def test_a_project_layer_with_unsaved_edits_is_sampled_as_it_shows(
    run: Any, data_dir: Path, tmp_path: Path
) -> None:
    from qgis.core import QgsProject, QgsVectorLayer

    layer, path = _edited_labels(tmp_path, data_dir)
    on_disk = QgsVectorLayer(str(path), "on disk", "ogr").featureCount()
    assert layer.featureCount() == on_disk + 8 - 1
    image = str(data_dir / "historical_map" / "map_compress.tif")
    parameters = {"RASTERS": [image], "CLASS_FIELD": "Type"}
    log = _Log()
    try:
        edited = run(
            "lulc:sample",
            {**parameters, "LABELS": layer.id(), "OUTPUT": str(tmp_path / "edited.gpkg")},
            log.feedback,
        )
    finally:
        assert layer.isModified()  # still the user's to save or not
        layer.rollBack()
        QgsProject.instance().removeMapLayer(layer.id())
    # (while the file is a project layer, Processing resolves its path to that layer)
    saved = run(
        "lulc:sample", {**parameters, "LABELS": str(path), "OUTPUT": str(tmp_path / "s.gpkg")}
    )
    with_edits, from_file = _types(edited["OUTPUT"]), _types(saved["OUTPUT"])
    assert "Glacier" not in from_file
    assert with_edits["Glacier"] == 8
    assert edited["SAMPLE_COUNT"] - saved["SAMPLE_COUNT"] in (8 - 1, 8)  # the deleted one
    assert _rows(path) == _rows(data_dir / "historical_map" / "train_points.gpkg")  # unsaved
    assert any("'my labels' has unsaved edits" in line for line in log.lines), log.lines


def test_a_saved_layer_is_read_from_its_file(run: Any, data_dir: Path, tmp_path: Path) -> None:
    """No copy while nothing is unsaved (an edit session without changes included)."""
    from qgis.core import QgsProject, QgsVectorLayer

    path = tmp_path / "labels.gpkg"
    shutil.copy(data_dir / "historical_map" / "train_points.gpkg", path)
    layer = QgsVectorLayer(str(path), "my labels", "ogr")
    QgsProject.instance().addMapLayer(layer)
    assert layer.startEditing()
    log = _Log()
    try:
        run(
            "lulc:sample",
            {
                "RASTERS": [str(data_dir / "historical_map" / "map_compress.tif")],
                "LABELS": layer.id(),
                "CLASS_FIELD": "Type",
                "OUTPUT": str(tmp_path / "s.gpkg"),
            },
            log.feedback,
        )
    finally:
        layer.rollBack()
        QgsProject.instance().removeMapLayer(layer.id())
    assert not any("unsaved edits" in line for line in log.lines)
