"""lulc:suggest through Processing: the layer, its fields and their types, labels, bad input."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from ..helpers import CRS, ORIGIN, PIXEL, pixel_centre


@pytest.fixture(scope="module")
def models(qgis_app: Any, synthetic: dict[str, Path], tmp_path_factory: Any) -> dict[str, Path]:
    """Two models of the synthetic image: text classes (field cls) and integer codes (code)."""
    import processing

    folder = tmp_path_factory.mktemp("suggest_models")
    made = {}
    for kind, field in (("text", "cls"), ("integer", "code")):
        processing.run(
            "lulc:classify",
            {
                "RASTERS": [str(synthetic["image"])],
                "LABELS": str(synthetic["labels"]),
                "CLASS_FIELD": field,
                "ALGORITHM": 0,
                "OUTPUT": str(folder / f"{kind}.tif"),
                "OUTPUT_MODEL": str(folder / f"{kind}.lulcmodel"),
            },
        )
        made[kind] = folder / f"{kind}.lulcmodel"
    return made


def cell(point: Any) -> tuple[int, int]:
    return (
        int(round((ORIGIN[1] - point.y()) / PIXEL - 0.5)),
        int(round((point.x() - ORIGIN[0]) / PIXEL - 0.5)),
    )


@pytest.mark.parametrize(
    ("kind", "field", "qtype"), [("text", "cls", "String"), ("integer", "code", "Int")]
)
def test_the_suggestions_layer_has_the_models_class_field_empty(
    run: Any,
    synthetic: dict[str, Path],
    models: dict[str, Path],
    tmp_path: Path,
    kind: str,
    field: str,
    qtype: str,
) -> None:
    from qgis.core import NULL, QgsVectorLayer

    result = run(
        "lulc:suggest",
        {
            "RASTERS": [str(synthetic["image"])],
            "MODEL": str(models[kind]),
            "LABELS": str(synthetic["labels"]),
            "COUNT": 20,
            "MIN_DISTANCE": 2,
            "DISTANCE_UNIT": 1,  # pixels
            "OUTPUT": str(tmp_path / "suggestions.gpkg"),
        },
    )
    assert result["OUTPUT"] == str(tmp_path / "suggestions.gpkg")
    assert result["COUNT"] == 20
    assert 0 < result["POSSIBLE"] < 64 * 64
    layer = QgsVectorLayer(f"{result['OUTPUT']}|layername=suggestions", "s", "ogr")
    assert layer.isValid()
    assert layer.crs().authid() == CRS
    assert layer.featureCount() == 20
    names = [f.name() for f in layer.fields() if f.name() != "fid"]
    assert names == [
        field,
        "predicted",
        "predicted_name",
        "confidence",
        "margin",
        "uncertainty",
        "rank",
    ]
    fields = layer.fields()
    numeric = {"Integer", "Integer64"}
    wanted = {"String"} if qtype == "String" else numeric
    assert fields.field(field).typeName() in wanted
    assert fields.field("predicted").typeName() in wanted
    assert fields.field("predicted_name").typeName() == "String"
    assert fields.field("confidence").typeName() == "Real"
    assert fields.field("rank").typeName() in numeric
    features = sorted(layer.getFeatures(), key=lambda f: f["rank"])
    assert [f["rank"] for f in features] == list(range(1, 21))
    assert all(f[field] in (None, NULL) for f in features)
    names = {"text": {"forest", "water"}, "integer": {"Class 1", "Class 2"}}[kind]
    assert {f["predicted_name"] for f in features} == names  # balanced
    assert all(0.0 < f["confidence"] <= 1.0 for f in features)
    cells = [cell(f.geometry().asPoint()) for f in features]
    for i, (r, c) in enumerate(cells):
        assert (r, c) != (5, 5)  # the nodata pixel
        for r2, c2 in cells[:i]:
            assert math.hypot(r - r2, c - c2) >= 2
    labelled = _labelled_cells(synthetic["labels"])
    for r, c in cells:
        assert all(math.hypot(r - lr, c - lc) >= 2 for lr, lc in labelled)


def _labelled_cells(path: Path) -> list[tuple[int, int]]:
    import geopandas as gpd

    frame = gpd.read_file(path)
    return [
        (
            int(round((ORIGIN[1] - p.y) / PIXEL - 0.5)),
            int(round((p.x - ORIGIN[0]) / PIXEL - 0.5)),
        )
        for p in frame.geometry
    ]


def test_the_output_loads_in_the_project(
    qgis_app: Any, synthetic: dict[str, Path], models: dict[str, Path], tmp_path: Path
) -> None:
    import processing
    from qgis.core import QgsProject

    out = tmp_path / "loaded.gpkg"
    processing.runAndLoadResults(
        "lulc:suggest",
        {
            "RASTERS": [str(synthetic["image"])],
            "MODEL": str(models["text"]),
            "COUNT": 5,
            "STRATEGY": 1,
            "BALANCE": False,
            "SEED": 3,
            "OUTPUT": str(out),
        },
    )
    loaded = [
        layer
        for layer in QgsProject.instance().mapLayers().values()
        if layer.source().startswith(str(out))
    ]
    try:
        assert len(loaded) == 1
        assert loaded[0].featureCount() == 5
    finally:
        QgsProject.instance().removeMapLayers([layer.id() for layer in loaded])


def test_bad_input_is_a_sentence(
    run: Any, synthetic: dict[str, Path], models: dict[str, Path], tmp_path: Path
) -> None:
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="band"):
        run(
            "lulc:suggest",
            {
                "RASTERS": [str(synthetic["two_bands"])],
                "MODEL": str(models["text"]),
                "OUTPUT": str(tmp_path / "x.gpkg"),
            },
        )
    assert not (tmp_path / "x.gpkg").exists()
    with pytest.raises(QgsProcessingException, match="gpkg"):
        run(
            "lulc:suggest",
            {
                "RASTERS": [str(synthetic["image"])],
                "MODEL": str(models["text"]),
                "OUTPUT": str(tmp_path / "x.csv"),
            },
        )


def test_more_than_possible_writes_what_is_possible_and_warns(
    run: Any, synthetic: dict[str, Path], models: dict[str, Path], tmp_path: Path
) -> None:
    from qgis.core import QgsProcessingFeedback

    class Recording(QgsProcessingFeedback):
        def __init__(self) -> None:
            super().__init__()
            self.errors: list[str] = []

        def reportError(self, error: str, fatal: bool = False) -> None:
            self.errors.append(error)

    x0, y0 = pixel_centre(11, 30)
    x1, y1 = pixel_centre(10, 33)
    feedback = Recording()
    result = run(
        "lulc:suggest",
        {
            "RASTERS": [str(synthetic["image"])],
            "MODEL": str(models["integer"]),
            "COUNT": 50,
            "EXTENT": f"{x0},{x1},{y0},{y1} [{CRS}]",
            "OUTPUT": str(tmp_path / "few.gpkg"),
        },
        feedback,
    )
    assert result["COUNT"] == result["POSSIBLE"] == 8
    assert any("8 suggestions were possible of 50 asked" in e for e in feedback.errors)
