"""Issue 4 through Processing: models, spatial validation, outputs, lulc:modelinfo."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="module")
def polygon_samples(qgis_app: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Samples from 12 polygons per class: clustered, so random folds are optimistic."""
    import geopandas as gpd
    import numpy as np

    rng = np.random.default_rng(5)
    rows = []
    for feature in range(24):
        cls = "water" if feature % 2 else "forest"
        offset = rng.normal(0, 30, 3)  # each polygon has its own look
        centre = np.array([100.0, 100.0, 100.0]) + (20 if cls == "water" else 0) + offset
        x0, y0 = rng.uniform(0, 10000, 2)
        for _ in range(15):
            b = centre + rng.normal(0, 2, 3)
            rows.append(
                {
                    "cls": cls,
                    "feature_id": feature,
                    "x": x0 + rng.uniform(0, 50),
                    "y": y0 + rng.uniform(0, 50),
                    "b1": b[0],
                    "b2": b[1],
                    "b3": b[2],
                }
            )
    frame = gpd.GeoDataFrame(
        rows,
        geometry=gpd.points_from_xy([r["x"] for r in rows], [r["y"] for r in rows]),
        crs="EPSG:32633",
    )
    path = tmp_path_factory.mktemp("clustered") / "samples.gpkg"
    frame.to_file(path, driver="GPKG")
    return path


def test_spatial_validation_outputs(run: Any, polygon_samples: Path, tmp_path: Path) -> None:
    result = run(
        "lulc:train",
        {
            "SAMPLES": str(polygon_samples),
            "CLASS_FIELD": "cls",
            "ALGORITHM": 0,
            "VALIDATION": 2,
            "FOLDS": 4,
            "N_ESTIMATORS": 30,
            "OUTPUT_MODEL": str(tmp_path / "m.lulcmodel"),
            "OUTPUT_REPORT": str(tmp_path / "r.html"),
            "OUTPUT_METRICS": str(tmp_path / "m.json"),
            "OUTPUT_CONFUSION": str(tmp_path / "c.csv"),
        },
    )
    assert result["RANDOM_CV_ACCURACY"] > result["OVERALL_ACCURACY"]
    metrics = json.loads((tmp_path / "m.json").read_text())
    assert metrics["overall_accuracy"] == pytest.approx(result["OVERALL_ACCURACY"])
    assert metrics["mcc"] == pytest.approx(result["MCC"])
    assert metrics["validation"].startswith("Spatial cross-validation by label feature")
    with open(tmp_path / "c.csv") as handle:
        table = list(csv.reader(handle))
    assert table[0][1:] == ["forest", "water"]
    assert sum(int(v) for row in table[1:] for v in row[1:]) == 24 * 15
    report = (tmp_path / "r.html").read_text()
    assert "Stratified k-fold cross-validation (random)" in report
    assert "feature importance" in report

    info = run("lulc:modelinfo", {"MODEL": str(tmp_path / "m.lulcmodel")})
    assert info["ALGORITHM"] == "random_forest"
    assert (info["BAND_COUNT"], info["CLASS_COUNT"]) == (3, 2)
    assert info["OVERALL_ACCURACY"] == pytest.approx(result["OVERALL_ACCURACY"])
    assert json.loads(info["MANIFEST"])["hyperparameters"] == {"n_estimators": 30}


def test_missing_optional_package_is_named(
    run: Any, polygon_samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qgis.core import QgsProcessingException

    from lulc_classifier.core import deps
    from lulc_classifier.processing_provider.training_params import ALGORITHM_KEYS

    real_import = deps.importlib.import_module

    def import_module(name: str, package: str | None = None) -> Any:
        if name.split(".")[0] == "xgboost":  # as if it were not installed
            raise ImportError(f"No module named '{name}'")
        return real_import(name, package)

    monkeypatch.setattr(deps.importlib, "import_module", import_module)

    with pytest.raises(QgsProcessingException, match="'xgboost'") as raised:
        run(
            "lulc:train",
            {
                "SAMPLES": str(polygon_samples),
                "CLASS_FIELD": "cls",
                "ALGORITHM": ALGORITHM_KEYS.index("xgboost"),
                "OUTPUT_MODEL": str(tmp_path / "m.lulcmodel"),
            },
        )
    # the platform's command (Debian's python3-xgboost here), never a bare pip of another Python
    assert deps.install_command(["xgboost"]) in str(raised.value)
    assert not list(tmp_path.iterdir())


def test_more_folds_than_polygons_uses_the_folds_the_data_allow(
    run: Any, polygon_samples: Path, tmp_path: Path
) -> None:
    """Issue 17 item 5: 20 folds for 12 polygons per class were refused ("Too few label
    features per class ... fewer folds"); now 12 folds are used, and the log says so."""
    from qgis.core import QgsProcessingFeedback

    class Feedback(QgsProcessingFeedback):
        def __init__(self) -> None:
            super().__init__()
            self.lines: list[str] = []

        def pushInfo(self, info: str) -> None:
            self.lines.append(info)
            super().pushInfo(info)

    feedback = Feedback()
    result = run(
        "lulc:train",
        {
            "SAMPLES": str(polygon_samples),
            "CLASS_FIELD": "cls",
            "VALIDATION": 2,
            "FOLDS": 20,
            "N_ESTIMATORS": 20,
            "OUTPUT_MODEL": str(tmp_path / "m.lulcmodel"),
            "OUTPUT_METRICS": str(tmp_path / "m.json"),
        },
        feedback,
    )
    assert (tmp_path / "m.lulcmodel").exists()
    metrics = json.loads((tmp_path / "m.json").read_text())
    assert metrics["folds"] == 12
    assert metrics["evaluation"] == {"forest": "12 of 12 folds", "water": "12 of 12 folds"}
    assert len(metrics["fold_overall_accuracy"]) == 12
    low, high = metrics["overall_accuracy_ci"]
    assert low < result["OVERALL_ACCURACY"] < high
    assert any(
        "Used 12 folds instead of 20: no class has more than 12 label features." in line
        for line in feedback.lines
    )


def test_previous_model_carries_the_learning_history(
    run: Any, synthetic: dict[str, Path], tmp_path: Path
) -> None:
    """lulc:classify with PREVIOUS_MODEL (the panel's Retrain) adds one history entry."""
    base = {
        "RASTERS": [str(synthetic["image"])],
        "LABELS": str(synthetic["labels"]),
        "CLASS_FIELD": "cls",
        "N_ESTIMATORS": 10,
    }
    paths = {}
    for k, previous in enumerate((None, 0, 1)):
        paths[k] = tmp_path / f"m{k}.lulcmodel"
        run(
            "lulc:classify",
            {
                **base,
                "OUTPUT": str(tmp_path / f"map{k}.tif"),
                "OUTPUT_MODEL": str(paths[k]),
                "OUTPUT_METRICS": str(tmp_path / f"metrics{k}.json"),
                **({} if previous is None else {"PREVIOUS_MODEL": str(paths[previous])}),
            },
        )
    histories = [
        json.loads((tmp_path / f"metrics{k}.json").read_text())["learning_history"]
        for k in range(3)
    ]
    assert [len(h) for h in histories] == [1, 2, 3]
    assert histories[2][:2] == histories[1]
    assert histories[2][-1]["labels"] == histories[0][0]["labels"] > 0


def test_previous_model_may_not_be_overwritten(
    run: Any, synthetic: dict[str, Path], tmp_path: Path
) -> None:
    from qgis.core import QgsProcessingException

    base = {
        "RASTERS": [str(synthetic["image"])],
        "LABELS": str(synthetic["labels"]),
        "CLASS_FIELD": "cls",
        "N_ESTIMATORS": 10,
        "OUTPUT": str(tmp_path / "map.tif"),
        "OUTPUT_MODEL": str(tmp_path / "m.lulcmodel"),
    }
    run("lulc:classify", base)
    before = (tmp_path / "m.lulcmodel").read_bytes()
    (tmp_path / "map.tif").unlink()
    with pytest.raises(QgsProcessingException, match="m.lulcmodel"):
        run("lulc:classify", {**base, "PREVIOUS_MODEL": str(tmp_path / "m.lulcmodel")})
    assert (tmp_path / "m.lulcmodel").read_bytes() == before
