"""Option objects check themselves when made, before any file is opened; the model manifest is
typed and keeps the fields it does not know (core/train.py, core/predict.py,
core/features/feature_stack.py, core/workflow.py, core/model/manifest.py)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pytest

from lulc_classifier.core.errors import InvalidInputError
from lulc_classifier.core.features.feature_stack import FeatureRecipe
from lulc_classifier.core.legend import ClassInfo, build_legend, legend_to_json
from lulc_classifier.core.legend_edit import edit_legend
from lulc_classifier.core.model.manifest import ModelManifest, validate_manifest
from lulc_classifier.core.model.model_file import MANIFEST, read_manifest, save_model
from lulc_classifier.core.predict import PredictionOptions, predict_raster
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    train_classifier,
)
from lulc_classifier.core.workflow import WorkflowFiles, WorkflowOptions, classify_image

tree = pytest.importorskip("sklearn.tree")

# --------------------------------------------------------------------------- options

#: (how to make the options, what the error says)
INVALID: list[tuple[Callable[[], Any], str]] = [
    (lambda: TrainingOptions(validation="loo"), "Unknown validation 'loo'"),
    (lambda: TrainingOptions(test_fraction=1.0), "test fraction must be between 0 and 1"),
    (lambda: TrainingOptions(validation="kfold", folds=1), "at least 2 folds, not 1"),
    (lambda: TrainingOptions(validation="spatial_blocks"), "block size greater than 0"),
    (lambda: TrainingOptions(algorithm="boosting"), "Unknown algorithm 'boosting'"),
    (
        lambda: TrainingOptions(algorithm="random_forest", hyperparameters={"n_estimators": 3}),
        "between 10 and 5000",
    ),
    (lambda: TrainingOptions(algorithm="knn", hyperparameters={"n_neighbors": "x"}), "integer"),
    (lambda: PredictionOptions(compression="LZW"), "Unknown compression 'LZW'"),
    (lambda: FeatureRecipe(focal_bands=[1], focal_size=4), "odd and at least 3, not 4"),
    (lambda: FeatureRecipe(texture_band=1, texture_size=1), "odd and at least 3, not 1"),
    (lambda: FeatureRecipe(indices=["NDXI"]), "Unknown spectral index 'NDXI'"),
    (lambda: FeatureRecipe(indices=["NDVI"]), "no sensor preset is chosen"),
]


@pytest.mark.parametrize(("make", "message"), INVALID)
def test_invalid_options_are_refused_when_made(make: Callable[[], Any], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        make()


def test_valid_options_are_made() -> None:
    TrainingOptions()
    TrainingOptions(validation="spatial_blocks", block_size=500.0, folds=3)
    TrainingOptions(algorithm="svm_rbf", hyperparameters={"c": 3.0, "n_estimators": None})
    PredictionOptions(compression="zstd")  # any case
    FeatureRecipe.from_preset("sentinel2_l2a", indices=["NDVI"])


def test_hyperparameters_of_another_model_are_not_checked_against_this_one() -> None:
    """Names another model uses are ignored with a warning at training, as before."""
    TrainingOptions(algorithm="knn", hyperparameters={"n_estimators": 3})


def test_a_bad_option_is_the_error_even_when_no_file_exists(tmp_path: Path) -> None:
    """The options are checked before any file is opened: a missing input is not reached."""
    missing = tmp_path / "missing"
    with pytest.raises(InvalidInputError, match="at least 2 folds"):
        train_classifier(
            SampleSource(missing / "samples.gpkg", "cls"),
            TrainingFiles(tmp_path / "m.lulcmodel"),
            options=TrainingOptions(validation="kfold", folds=1),
        )
    with pytest.raises(InvalidInputError, match="Unknown compression"):
        predict_raster(
            [missing / "image.tif"],
            missing / "m.lulcmodel",
            tmp_path / "map.tif",
            options=PredictionOptions(compression="JPEG"),
        )
    with pytest.raises(InvalidInputError, match="Unknown validation"):
        classify_image(
            [missing / "image.tif"],
            missing / "labels.gpkg",
            "cls",
            WorkflowFiles(tmp_path / "map.tif", TrainingFiles(tmp_path / "m.lulcmodel")),
            options=WorkflowOptions(training=TrainingOptions(validation="leave_one_out")),
        )
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- manifest


def _model(path: Path, **fields: Any) -> Path:
    x = np.array([[1.0, 1.0], [5.0, 5.0], [9.0, 9.0]] * 2)
    estimator = tree.DecisionTreeClassifier(random_state=0).fit(x, [1, 2, 3] * 2)
    manifest = {
        "algorithm": "decision_tree",
        "bands": ["b1", "b2"],
        "band_count": 2,
        "classes": legend_to_json(build_legend([1, 2, 3], ["water", "forest", "urban"])),
        "crs_wkt": "",
        **fields,
    }
    save_model(path, estimator, manifest)
    return path


def _stored(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as archive:
        data: dict[str, Any] = json.loads(archive.read(MANIFEST))
    return data


def test_the_manifest_is_typed() -> None:
    manifest = validate_manifest(
        {
            "bands": ["red", "nir"],
            "classes": [{"code": 4, "name": "forest", "color": "#00ff00"}],
            "seed": 7,
            "versions": {"lulc_classifier": "1.2.3"},
            "stack": {"resampling": "bilinear", "bands": [{"name": "red"}, {"name": "nir"}]},
        },
        "m.lulcmodel",
    )
    assert isinstance(manifest, ModelManifest)
    assert manifest.bands == ["red", "nir"]
    assert manifest.legend == [ClassInfo(4, "forest", "#00ff00")]
    assert manifest.seed == 7
    assert manifest.algorithm is None  # an older file without it
    assert manifest.resampling == "bilinear"
    assert manifest.nodata is None
    assert manifest.recipe is None
    assert [b["name"] for b in manifest.stack_bands or []] == ["red", "nir"]
    assert manifest.version_of("lulc_classifier") == "1.2.3"
    assert manifest.version_of("sklearn") == ""
    assert manifest.extra == {}
    assert "algorithm" not in manifest  # the JSON form has only the fields the file has
    assert manifest["seed"] == 7


def test_unknown_fields_are_kept_and_survive_a_legend_edit(tmp_path: Path) -> None:
    future = {"calibration": {"method": "isotonic", "bins": [0.1, 0.5]}, "note": "newer"}
    path = _model(tmp_path / "m.lulcmodel", **future)
    manifest = read_manifest(path)
    assert manifest.extra == future
    assert manifest.to_json()["calibration"] == future["calibration"]

    edit_legend([ClassInfo(2, "Woodland", "#00ff00")], model_path=path)

    after = read_manifest(path)
    assert after.extra == future
    assert [c.name for c in after.legend] == ["water", "Woodland", "urban"]
    stored = _stored(path)
    assert {k: stored[k] for k in future} == future
    assert after.model_id == manifest.model_id


def test_an_unknown_field_that_is_not_bounded_json_is_left_out(tmp_path: Path) -> None:
    deep: Any = "x"
    for _ in range(20):
        deep = [deep]
    path = _model(tmp_path / "m.lulcmodel")
    with zipfile.ZipFile(path) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    raw = json.loads(members[MANIFEST])
    raw.update({"deep": deep, "control": "a\x01b", "kept": [1, 2], "refitted": {"x": 1}})
    members[MANIFEST] = json.dumps(raw).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    manifest = read_manifest(path)
    assert manifest.extra == {"kept": [1, 2]}
    assert manifest.refitted is None  # set by a refit in this session, never by a file
