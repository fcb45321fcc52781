"""lulc:legend through Processing: rename and recolour classes of a model and its map."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio


@pytest.fixture(scope="module")
def made(qgis_app: Any, synthetic: dict[str, Path], tmp_path_factory: Any) -> dict[str, Path]:
    """A model (classes forest=1, water=2) and the map it predicted, with its style."""
    import processing

    folder = tmp_path_factory.mktemp("legend")
    processing.run(
        "lulc:classify",
        {
            "RASTERS": [str(synthetic["image"])],
            "LABELS": str(synthetic["labels"]),
            "CLASS_FIELD": "cls",
            "ALGORITHM": 2,
            "OUTPUT": str(folder / "map.tif"),
            "OUTPUT_MODEL": str(folder / "m.lulcmodel"),
        },
    )
    return {"model": folder / "m.lulcmodel", "map": folder / "map.tif"}


@pytest.fixture
def files(made: dict[str, Path], tmp_path: Path) -> dict[str, Path]:
    """Copies to edit in place."""
    for name in ("m.lulcmodel", "map.tif", "map.qml"):
        shutil.copy(made["model"].parent / name, tmp_path / name)
    return {"model": tmp_path / "m.lulcmodel", "map": tmp_path / "map.tif"}


def test_edit_model_and_map(run: Any, files: dict[str, Path]) -> None:
    from lulc_classifier.core.model_io import read_manifest

    model_id = read_manifest(files["model"])["model_id"]
    with rasterio.open(files["map"]) as src:
        values = src.read()
    result = run(
        "lulc:legend",
        {
            "MODEL": str(files["model"]),
            "CLASS_MAP": str(files["map"]),
            "LEGEND": ["2", "Open water", "#0000FF"],
        },
    )
    expected = [
        {
            "code": 1,
            "name": "forest",
            "color": read_manifest(files["model"])["classes"][0]["color"],
        },
        {"code": 2, "name": "Open water", "color": "#0000ff"},
    ]
    assert json.loads(result["CLASSES"]) == expected
    assert result["OUTPUT_MODEL"] == str(files["model"])
    assert result["OUTPUT_STYLE"] == str(files["map"].with_suffix(".qml"))
    manifest = read_manifest(files["model"])
    assert manifest["classes"] == expected
    assert manifest["model_id"] == model_id
    with rasterio.open(files["map"]) as src:
        assert np.array_equal(src.read(), values)
        assert src.tags(1)["CLASS_2"] == "Open water"
        assert src.colormap(1)[2] == (0, 0, 255, 255)
    style = Path(result["OUTPUT_STYLE"]).read_text()
    assert 'label="Open water"' in style
    assert 'color="#0000ff"' in style


def test_edit_map_alone_with_json(run: Any, files: dict[str, Path]) -> None:
    model_before = files["model"].read_bytes()
    result = run(
        "lulc:legend",
        {
            "CLASS_MAP": str(files["map"]),
            "LEGEND": json.dumps([{"code": 1, "name": "Woods", "color": "#005500"}]),
        },
    )
    assert result["OUTPUT_MODEL"] is None
    assert json.loads(result["CLASSES"])[0] == {"code": 1, "name": "Woods", "color": "#005500"}
    with rasterio.open(files["map"]) as src:
        assert src.tags(1)["CLASS_1"] == "Woods"
    assert files["model"].read_bytes() == model_before


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"LEGEND": [3, "x", "#000000"]}, r"no class 3; its classes are 1, 2"),
        ({"LEGEND": [1, "WATER", "#000000"]}, r"Classes 1, 2 would all be named 'WATER'"),
        ({"LEGEND": [1, "x", "blue"]}, r"'blue' is not a colour"),
        ({"LEGEND": [1, "x"]}, r"give a code, a name and a colour"),
        ({"MODEL": None, "CLASS_MAP": None}, r"Give a model file, a class map or both"),
    ],
)
def test_bad_input_changes_nothing(
    run: Any, files: dict[str, Path], params: dict[str, Any], expected: str
) -> None:
    from qgis.core import QgsProcessingException

    def digests() -> dict[str, str]:
        return {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in files["map"].parent.iterdir()
        }

    before = digests()
    with pytest.raises(QgsProcessingException, match=expected):
        run(
            "lulc:legend",
            {"MODEL": str(files["model"]), "CLASS_MAP": str(files["map"]), **params},
        )
    assert digests() == before
