"""Validation that adapts to rare classes (issue 17 item 5): k-fold and spatial CV test a class
with fewer samples or label features than folds in fewer folds instead of refusing, a class with
one is trained on only, and a class the map never shows is named (core/assessment/
cross_validation.py, core/train.py, core/predict.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lulc_classifier.core.assessment.cross_validation import kfold_splits
from lulc_classifier.core.errors import InvalidInputError
from lulc_classifier.core.predict import predict_raster
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    train_classifier,
)

from ..helpers import RecordingProgress, write_raster
from .test_validation import clustered, informative, spatial_options

NAMES = {1: "crop", 2: "forest", 3: "water"}


def rare_water(count: int) -> pd.DataFrame:
    """``informative()`` with only ``count`` water samples."""
    full = informative()
    return pd.concat([full[full["cls"] != "water"], full[full["cls"] == "water"].head(count)])


def train(table: pd.DataFrame, options: TrainingOptions, folder: Path) -> tuple:
    progress = RecordingProgress()
    result = train_classifier(
        SampleSource(table, "cls"),
        TrainingFiles(folder / "m.lulcmodel", metrics_path=folder / "m.json"),
        options=options,
        progress=progress,
    )
    metrics = json.loads((folder / "m.json").read_text(encoding="utf-8"))
    return result, metrics, progress


def test_a_3_sample_class_with_5_fold_kfold_is_tested_in_3_folds(tmp_path: Path) -> None:
    table = rare_water(3)
    options = TrainingOptions(validation="kfold", folds=5, algorithm="decision_tree")
    result, metrics, progress = train(table, options, tmp_path)
    accuracy = result.accuracy
    assert accuracy.folds == 5
    assert accuracy.n_test == len(table)  # every sample predicted once, by a model without it
    assert accuracy.class_folds == {"crop": 5, "forest": 5, "water": 3}
    assert metrics["evaluation"] == {
        "crop": "5 of 5 folds",
        "forest": "5 of 5 folds",
        "water": "3 of 5 folds",
    }
    assert metrics["not_evaluated"] == []
    assert {c["name"]: c["support"] for c in metrics["classes"]}["water"] == 3
    assert "Classes evaluated in fewer folds: water (3 samples: 3 of 5 folds)." in progress.messages
    assert len(metrics["fold_overall_accuracy"]) == 5
    assert not progress.warnings


def test_two_classes_with_3_polygons_each_use_3_folds(tmp_path: Path) -> None:
    table = clustered({"crop": 3, "forest": 3}, per_feature=6)
    options = spatial_options("spatial_features", folds=5, n_jobs=1)
    result, metrics, progress = train(table, options, tmp_path)
    accuracy = result.accuracy
    assert accuracy.folds == 3
    assert accuracy.n_test == len(table)
    assert metrics["evaluation"] == {"crop": "3 of 3 folds", "forest": "3 of 3 folds"}
    assert "Used 3 folds instead of 5: no class has more than 3 label features." in (
        progress.messages
    )
    assert len(metrics["fold_overall_accuracy"]) == 3
    assert (
        metrics["fold_spread"]["min"]
        <= metrics["overall_accuracy"]
        <= metrics["fold_spread"]["max"]
    )
    # The random comparison has samples enough for the user's 5 folds.
    assert metrics["random_cv_comparison"]["folds"] == 5
    assert metrics["random_cv_comparison"]["overall_accuracy_ci"] is not None


@pytest.mark.parametrize("scheme", ["kfold", "spatial_features"])
def test_a_class_with_one_sample_or_polygon_is_trained_on_but_not_evaluated(
    scheme: str, tmp_path: Path
) -> None:
    table = clustered({"crop": 5, "forest": 5, "water": 1}, per_feature=4)
    if scheme == "kfold":
        table = pd.concat([table[table["cls"] != "water"], table[table["cls"] == "water"].head(1)])
    options = spatial_options(scheme, folds=5, n_jobs=1)
    result, metrics, progress = train(table, options, tmp_path)
    water = table["cls"] == "water"
    assert metrics["not_evaluated"] == ["water"]
    assert "water" not in metrics["evaluation"]
    assert "water" not in [c["name"] for c in metrics["classes"]]  # no score: never tested
    assert result.accuracy.n_test == len(table) - int(water.sum())
    assert "water" in [c.name for c in result.legend]  # but the model knows it
    unit = "samples" if scheme == "kfold" else "label features"
    assert progress.warnings == [
        f"Classes with too few {unit} to hold one out, used for training but not evaluated: "
        "water."
    ]


def test_a_single_sample_class_is_always_in_training() -> None:
    codes = np.repeat([1, 2, 3], [10, 10, 1])
    splits = kfold_splits(codes, 5, 0, NAMES)
    assert len(splits) == 5
    for split in splits:
        assert 20 in split.train  # the water sample
        assert 20 not in split.test
        assert set(codes[split.test]) <= set(codes[split.train])
    assert np.array_equal(np.sort(np.concatenate([s.test for s in splits])), np.arange(20))


def test_label_features_are_dealt_to_folds_as_units() -> None:
    """One polygon of each class per fold when each class has as many polygons as folds
    (scikit-learn's StratifiedGroupKFold put two of a class in some folds and none in others)."""
    groups = np.repeat(np.arange(24), np.tile([15, 5, 30], 8))
    codes = np.where(groups % 2, 3, 2)  # 12 polygons of each class, of unequal sizes
    splits = kfold_splits(codes, 12, 42, NAMES, groups, "label features")
    assert len(splits) == 12
    for split in splits:
        tested, first = np.unique(groups[split.test], return_index=True)
        assert tested.size == 2  # two polygons...
        assert sorted(codes[split.test][first].tolist()) == [2, 3]  # ...one of each class
    assert np.array_equal(np.sort(np.concatenate([s.test for s in splits])), np.arange(codes.size))


def test_a_group_holding_an_untestable_class_stays_in_training_whole() -> None:
    """Blocks hold several classes: a block with the only water sample trains in every fold, its
    crop samples too (a block is never split)."""
    groups = np.repeat(np.arange(10), 4)
    codes = np.where(np.arange(40) % 2, 1, 2)
    codes[0] = 3  # water, only in block 0 (with crop and forest samples)
    splits = kfold_splits(codes, 3, 0, NAMES, groups, "blocks of 100 map units")
    for split in splits:
        assert set(np.flatnonzero(groups == 0)) <= set(split.train)
        assert not set(groups[split.train]) & set(groups[split.test])
    tested = np.concatenate([s.test for s in splits])
    assert np.array_equal(np.sort(tested), np.flatnonzero(groups != 0))


def test_no_honest_estimate_is_refused_with_what_to_do(tmp_path: Path) -> None:
    table = rare_water(1)
    table = pd.concat([table[table["cls"] != "forest"], table[table["cls"] == "forest"].head(1)])
    model_path = tmp_path / "m.lulcmodel"
    with pytest.raises(InvalidInputError) as excinfo:
        train_classifier(
            SampleSource(table, "cls"),
            TrainingFiles(model_path),
            options=TrainingOptions(validation="kfold", folds=5, algorithm="decision_tree"),
        )
    message = str(excinfo.value)
    assert "forest (1), water (1)" in message
    assert "at least 2 classes must be tested" in message
    assert "Add samples to these classes." in message
    assert "hold-out" not in message  # it holds out samples too: it would not help
    assert "crop" not in message
    assert not model_path.exists()


# --------------------------------------------------------------------------- prediction


def test_a_class_never_predicted_in_the_map_is_named(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    table = pd.DataFrame(
        {
            "cls": np.repeat(["crop", "forest", "snow"], 20),
            "b1": np.concatenate(
                [rng.uniform(0, 40, 20), rng.uniform(60, 100, 20), rng.uniform(4000, 5000, 20)]
            ),
        }
    )
    model = tmp_path / "m.lulcmodel"
    train_classifier(
        SampleSource(table, "cls"),
        TrainingFiles(model),
        options=TrainingOptions(algorithm="decision_tree"),
    )
    image = write_raster(tmp_path / "image.tif", rng.uniform(1, 100, (1, 20, 20)).astype("f4"))
    progress = RecordingProgress()
    result = predict_raster([image], model, tmp_path / "map.tif", progress=progress)
    pixels = {area.name: area.pixels for area in result.areas}
    assert pixels["snow"] == 0
    assert pixels["crop"] > 0
    assert pixels["forest"] > 0
    vanished = [w for w in progress.warnings if "not predicted anywhere" in w]
    assert vanished == [
        "snow was not predicted anywhere in the map: no pixel looked enough like the samples "
        "of this class. Check the labels, or add labels where the class occurs."
    ]
    # A map that holds every class gives no such warning.
    table_everywhere = table[table["cls"] != "snow"]
    train_classifier(
        SampleSource(table_everywhere, "cls"),
        TrainingFiles(tmp_path / "two.lulcmodel"),
        options=TrainingOptions(algorithm="decision_tree"),
    )
    quiet = RecordingProgress()
    predict_raster([image], tmp_path / "two.lulcmodel", tmp_path / "two.tif", progress=quiet)
    assert not [w for w in quiet.warnings if "not predicted anywhere" in w]


def test_a_new_legend_renames_the_classes_tested_in_fewer_folds(tmp_path: Path) -> None:
    from lulc_classifier.core.legend import ClassInfo
    from lulc_classifier.core.legend_files import renamed_metrics

    table = rare_water(3)
    options = TrainingOptions(validation="kfold", folds=5, algorithm="decision_tree")
    result, metrics, _ = train(table, options, tmp_path)
    legend = [
        ClassInfo(c.code, "lake" if c.name == "water" else c.name, c.color) for c in result.legend
    ]
    renamed = renamed_metrics(metrics, legend, "m.json")
    assert renamed["evaluation"] == {
        "crop": "5 of 5 folds",
        "forest": "5 of 5 folds",
        "lake": "3 of 5 folds",
    }
