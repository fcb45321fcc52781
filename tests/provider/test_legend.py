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
            "OUTPUT_METRICS": str(folder / "metrics.json"),
            "OUTPUT_REPORT": str(folder / "report.html"),
        },
    )
    return {"model": folder / "m.lulcmodel", "map": folder / "map.tif"}


NAMES = {
    "model": "m.lulcmodel",
    "map": "map.tif",
    "qml": "map.qml",
    "metrics": "metrics.json",
    "report": "report.html",
}


@pytest.fixture
def files(made: dict[str, Path], tmp_path: Path) -> dict[str, Path]:
    """Copies to edit in place."""
    for name in NAMES.values():
        shutil.copy(made["model"].parent / name, tmp_path / name)
    return {key: tmp_path / name for key, name in NAMES.items()}


def test_edit_model_and_map(run: Any, files: dict[str, Path]) -> None:
    from lulc_classifier.core.model.model_file import read_manifest

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


def test_edit_reaches_the_runs_metrics_and_report(run: Any, files: dict[str, Path]) -> None:
    assert ">water<" in files["report"].read_text(encoding="utf-8")
    result = run(
        "lulc:legend",
        {
            "MODEL": str(files["model"]),
            "CLASS_MAP": str(files["map"]),
            "METRICS": str(files["metrics"]),
            "REPORT": str(files["report"]),
            "LEGEND": ["2", "Open water", "#0000FF"],
        },
    )
    assert result["OUTPUT_METRICS"] == str(files["metrics"])
    assert result["OUTPUT_REPORT"] == str(files["report"])
    metrics = json.loads(files["metrics"].read_text(encoding="utf-8"))
    assert metrics["confusion"]["names"] == ["forest", "Open water"]
    assert [c["name"] for c in metrics["classes"]] == ["forest", "Open water"]
    report = files["report"].read_text(encoding="utf-8")
    assert ">Open water<" in report
    assert ">water<" not in report


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"LEGEND": [3, "x", "#000000"]}, r"no class 3; its classes are 1, 2"),
        ({"LEGEND": [1, "WATER", "#000000"]}, r"Classes 1, 2 would all be named 'WATER'"),
        ({"LEGEND": [1, "x", "blue"]}, r"'blue' is not a colour"),
        ({"LEGEND": [1, "x"]}, r"give a code, a name and a colour"),
        ({"MODEL": None, "CLASS_MAP": None}, r"Give a model file, a class map or both"),
        ({"MODEL": None, "REPORT": "report"}, r"give its model too"),
        ({"METRICS": "notes_json"}, r"is not a metrics file of lulc:train"),
        ({"REPORT": "notes_html"}, r"is not an accuracy report of LULC Classifier"),
        ({"METRICS": "huge_json"}, r"metrics file .* is over 16 MB"),
        ({"REPORT": "huge_html"}, r"report .* is over 16 MB"),
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

    folder = files["map"].parent
    paths = {**files, "notes_json": folder / "notes.json", "notes_html": folder / "notes.html"}
    paths["notes_json"].write_text('{"notes": []}', encoding="utf-8")
    paths["notes_html"].write_text("<html><title>My notes</title></html>", encoding="utf-8")
    for name in ("huge.json", "huge.html"):  # a stranger's file is not read whole (sparse)
        paths[name.replace(".", "_")] = folder / name
        with open(folder / name, "wb") as handle:
            handle.truncate(17 << 20)
    before = digests()
    given = {"MODEL": str(files["model"]), "CLASS_MAP": str(files["map"])}
    given["METRICS"], given["REPORT"] = str(files["metrics"]), str(files["report"])
    for key, value in params.items():  # a key of ``paths`` stands for that file
        given[key] = str(paths[value]) if isinstance(value, str) and value in paths else value
    with pytest.raises(QgsProcessingException, match=expected):
        run("lulc:legend", given)
    assert digests() == before


def test_classify_keeps_a_legend_by_class_value(
    run: Any, synthetic: dict[str, Path], tmp_path: Path
) -> None:
    """LEGEND names classes by their value in the class field (here text: forest, water)."""
    common = {
        "RASTERS": [str(synthetic["image"])],
        "LABELS": str(synthetic["labels"]),
        "CLASS_FIELD": "cls",
        "ALGORITHM": 2,
        "OUTPUT_MODEL": str(tmp_path / "m.lulcmodel"),
        "OUTPUT_METRICS": str(tmp_path / "metrics.json"),
    }
    result = run(
        "lulc:classify",
        {**common, "OUTPUT": str(tmp_path / "a.tif"), "LEGEND": ["water", "Lake", "#00FFFF"]},
    )
    assert json.loads(result["CLASSES"]) == [
        {"code": 1, "value": "forest", "name": "forest", "color": "#1b7837"},
        {"code": 2, "value": "water", "name": "Lake", "color": "#00ffff"},
    ]
    with rasterio.open(tmp_path / "a.tif") as src:
        assert src.tags(1)["CLASS_2"] == "Lake"
        assert src.colormap(1)[2] == (0, 255, 255, 255)
    assert 'label="Lake"' in (tmp_path / "a.qml").read_text(encoding="utf-8")
    metrics = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["confusion"]["names"] == ["forest", "Lake"]
    # The same as JSON (the form of the CLASSES output), by value.
    legend = json.dumps([{"value": "forest", "name": "Woods", "color": "#005500"}])
    result = run("lulc:classify", {**common, "OUTPUT": str(tmp_path / "b.tif"), "LEGEND": legend})
    assert json.loads(result["CLASSES"])[0]["name"] == "Woods"


def test_a_legend_naming_two_classes_alike_is_refused(
    run: Any, synthetic: dict[str, Path], tmp_path: Path
) -> None:
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match=r"would all be named 'forest'"):
        run(
            "lulc:classify",
            {
                "RASTERS": [str(synthetic["image"])],
                "LABELS": str(synthetic["labels"]),
                "CLASS_FIELD": "cls",
                "OUTPUT": str(tmp_path / "a.tif"),
                "OUTPUT_MODEL": str(tmp_path / "m.lulcmodel"),
                "LEGEND": ["water", "Forest", "#00FFFF"],
            },
        )
    assert list(tmp_path.iterdir()) == []


def test_train_takes_the_legend_too(qgis_app: Any) -> None:
    from qgis.core import QgsApplication

    for algorithm_id in ("lulc:train", "lulc:classify"):
        algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
        assert algorithm.parameterDefinition("LEGEND").headers() == [
            "Class value",
            "Name",
            "Colour",
        ]
        assert "CLASSES" in [o.name() for o in algorithm.outputDefinitions()]
