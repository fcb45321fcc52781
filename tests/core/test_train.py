"""Training, class encoding, hold-out split and accuracy (core/train.py,
core/assessment/accuracy.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lulc_classifier.core.assessment.accuracy import evaluate
from lulc_classifier.core.errors import Cancelled, InvalidInputError
from lulc_classifier.core.legend import ClassInfo, build_legend
from lulc_classifier.core.model.estimators import REGISTRY, make_estimator
from lulc_classifier.core.model.model_file import load_model, read_manifest
from lulc_classifier.core.samples import sample_labels
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    encode_classes,
    feature_columns,
    holdout_split,
    train_classifier,
)

from ..helpers import RecordingProgress

pd = pytest.importorskip("pandas")
metrics = pytest.importorskip("sklearn.metrics")


@pytest.fixture
def samples(two_class_image: Path, two_class_labels: Path):
    """The sample table of the two-class fixture (40 points, 'water' and 'forest')."""
    return sample_labels([two_class_image], two_class_labels, "cls").table


def synthetic_table(counts: dict[str, int], seed: int = 0) -> pd.DataFrame:
    """Well-separated classes: class k has band values around 100 * (k + 1)."""
    rng = np.random.default_rng(seed)
    frames = []
    for k, (name, n) in enumerate(counts.items()):
        centre = 100.0 * (k + 1)
        frames.append(
            pd.DataFrame(
                {
                    "cls": [name] * n,
                    "b1": rng.normal(centre, 3, n),
                    "b2": rng.normal(centre, 3, n),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- encode_classes


def test_encode_text_classes_sorted_from_one() -> None:
    codes, legend, kind = encode_classes(
        ["water", "urban", "forest", "water", " urban "], "landcover"
    )
    assert kind == "text"
    assert codes.tolist() == [3, 2, 1, 3, 2]
    assert codes.dtype == np.int64
    assert [(c.code, c.name) for c in legend] == [(1, "forest"), (2, "urban"), (3, "water")]
    assert len({c.color for c in legend}) == 3


def test_encode_integer_classes_keep_their_values() -> None:
    codes, legend, kind = encode_classes(pd.Series([7, 0, 42, 7], dtype="int64"), "code")
    assert kind == "integer"
    assert codes.tolist() == [7, 0, 42, 7]
    assert [(c.code, c.name) for c in legend] == [(0, "Class 0"), (7, "Class 7"), (42, "Class 42")]


def test_encode_whole_floats_as_integers() -> None:
    """An integer field with nulls is read as float; whole values keep their codes."""
    codes, legend, kind = encode_classes(pd.Series([3.0, 1.0, 3.0]), "code")
    assert kind == "integer"
    assert codes.tolist() == [3, 1, 3]
    assert [c.code for c in legend] == [1, 3]


@pytest.mark.parametrize(
    ("values", "pattern"),
    [
        ([1, -2, 3], r"'code' has codes \[-2\] outside 0\.\.65534"),
        ([1, 70000], r"'code' has codes \[70000\] outside 0\.\.65534"),
        ([1.5, 2.0], r"'code' holds decimal numbers"),
    ],
)
def test_encode_bad_numbers_is_refused(values: list, pattern: str) -> None:
    with pytest.raises(InvalidInputError, match=pattern):
        encode_classes(pd.Series(values), "code")


# --------------------------------------------------------------------------- holdout_split


def test_holdout_split_is_stratified() -> None:
    codes = np.array([1] * 10 + [2] * 3 + [5] * 2 + [9] * 1 + [4] * 20, dtype=np.int64)
    rng = np.random.default_rng(3)
    codes = codes[rng.permutation(codes.size)]
    train, test, not_evaluated = holdout_split(codes, 0.3, seed=0)
    assert np.intersect1d(train, test).size == 0
    assert np.union1d(train, test).tolist() == list(range(codes.size))
    assert train.tolist() == sorted(train.tolist())
    for code, n_test in {1: 3, 2: 1, 5: 1, 4: 6}.items():
        assert int((codes[test] == code).sum()) == n_test, code
        assert int((codes[train] == code).sum()) == int((codes == code).sum()) - n_test, code
    assert not_evaluated == [9]
    assert int((codes[train] == 9).sum()) == 1
    assert int((codes[test] == 9).sum()) == 0


@pytest.mark.parametrize("fraction", [0.01, 0.5, 0.99])
def test_holdout_keeps_both_sides_for_every_class(fraction: float) -> None:
    codes = np.repeat(np.arange(1, 6), [2, 3, 4, 7, 50]).astype(np.int64)
    train, test, not_evaluated = holdout_split(codes, fraction, seed=1)
    assert not_evaluated == []
    for code in range(1, 6):
        assert (codes[train] == code).sum() >= 1
        assert (codes[test] == code).sum() >= 1


def test_holdout_is_deterministic_for_a_seed() -> None:
    codes = np.repeat([1, 2, 3], 30).astype(np.int64)
    first = holdout_split(codes, 0.3, seed=7)
    again = holdout_split(codes, 0.3, seed=7)
    other = holdout_split(codes, 0.3, seed=8)
    assert first[0].tolist() == again[0].tolist()
    assert first[1].tolist() == again[1].tolist()
    assert first[1].tolist() != other[1].tolist()


@pytest.mark.parametrize("fraction", [0.0, 1.0, -0.1, 1.5])
def test_holdout_refuses_bad_fraction(fraction: float) -> None:
    with pytest.raises(InvalidInputError, match="test fraction"):
        TrainingOptions(test_fraction=fraction)


# --------------------------------------------------------------------------- feature_columns


def test_feature_columns_are_numeric_non_reserved() -> None:
    table = pd.DataFrame(
        {
            "cls": [1, 2],
            "fid": [1, 2],
            "X": [0.0, 1.0],
            "red": [1.0, 2.0],
            "name": ["a", "b"],
            "flag": [True, False],
            "nir": np.array([3, 4], dtype=np.uint16),
        }
    )
    assert feature_columns(table, "cls") == ["red", "nir"]


# --------------------------------------------------------------------------- train_classifier


@pytest.mark.slow
@pytest.mark.parametrize(
    "algorithm",
    # LightGBM puts split thresholds at training values: 14 samples per class are too few
    # here. test_models.py trains every model, LightGBM included, on a larger separable set.
    # The patch network trains on patches, not on this table: test_cnn.py.
    sorted(k for k, s in REGISTRY.items() if s.available() and k not in ("lightgbm", "cnn")),
)
def test_train_every_algorithm(samples, tmp_path: Path, algorithm: str) -> None:
    model_path = tmp_path / "model.lulcmodel"
    report_path = tmp_path / "report.html"
    progress = RecordingProgress()
    result = train_classifier(
        SampleSource(samples, "cls"),
        TrainingFiles(model_path, report_path=report_path),
        options=TrainingOptions(algorithm=algorithm, n_jobs=1),
        progress=progress,
    )
    assert result.accuracy.overall_accuracy >= 0.95
    assert result.accuracy.kappa >= 0.9
    assert result.accuracy.n_test + result.accuracy.n_train == 40
    assert result.accuracy.n_test == 12  # round(0.3 * 20) per class
    assert result.n_samples == 40
    assert result.band_names == ["b1", "b2", "b3"]
    assert [(c.code, c.name) for c in result.legend] == [(1, "forest"), (2, "water")]
    assert result.model_path == str(model_path)
    assert result.report_path == str(report_path)

    model = load_model(model_path)
    assert model.manifest["algorithm"] == algorithm
    assert model.band_names == ["b1", "b2", "b3"]
    assert model.manifest["label_type"] == "text"
    assert model.manifest["samples_per_class"] == {"1": 20, "2": 20}
    assert "32633" in model.manifest["crs_wkt"]
    assert model.manifest["metrics"]["overall_accuracy"] == result.accuracy.overall_accuracy
    # The saved model classifies the training pixels.
    x = samples[["b1", "b2", "b3"]].to_numpy(float)
    expected = np.where(samples["cls"] == "water", 2, 1)
    assert (model.estimator.predict(x) == expected).mean() >= 0.95

    text = report_path.read_text(encoding="utf-8")
    assert f"Overall accuracy {result.accuracy.overall_accuracy:.3f}" in text
    assert f"Kappa {result.accuracy.kappa:.3f}" in text
    assert "water" in text
    assert "forest" in text
    assert "<svg" in text
    assert REGISTRY[algorithm].label in text
    assert any("Stratified hold-out: overall accuracy" in m for m in progress.messages)


def test_train_from_a_geopackage_path(
    two_class_image: Path, two_class_labels: Path, tmp_path: Path
) -> None:
    sample_path = tmp_path / "samples.gpkg"
    sample_labels([two_class_image], two_class_labels, "cls", output_path=sample_path)
    result = train_classifier(
        SampleSource(sample_path, "cls"),
        TrainingFiles(tmp_path / "m.lulcmodel"),
        options=TrainingOptions(algorithm="decision_tree", n_jobs=1),
    )
    assert result.n_samples == 40
    assert result.band_names == ["b1", "b2", "b3"]
    assert "32633" in read_manifest(tmp_path / "m.lulcmodel")["crs_wkt"]


def test_train_from_a_csv_with_integer_classes(tmp_path: Path) -> None:
    table = synthetic_table({"a": 15, "b": 15})
    table["cls"] = table["cls"].map({"a": 10, "b": 20})
    table["x"] = 0.0  # bookkeeping field: not a feature
    csv = tmp_path / "samples.csv"
    table.to_csv(csv, index=False)
    result = train_classifier(
        SampleSource(csv, "cls"),
        TrainingFiles(tmp_path / "m.lulcmodel"),
        options=TrainingOptions(algorithm="decision_tree"),
    )
    assert result.band_names == ["b1", "b2"]
    assert [(c.code, c.name) for c in result.legend] == [(10, "Class 10"), (20, "Class 20")]
    manifest = read_manifest(tmp_path / "m.lulcmodel")
    assert manifest["label_type"] == "integer"
    assert manifest["crs_wkt"] == ""
    assert result.report_path is None


def test_one_class_is_refused(tmp_path: Path) -> None:
    table = synthetic_table({"water": 10})
    model = tmp_path / "m.lulcmodel"
    with pytest.raises(InvalidInputError, match=r"1 class \(water\); at least 2"):
        train_classifier(SampleSource(table, "cls"), TrainingFiles(model))
    assert not model.exists()


def test_single_sample_class_is_trained_but_not_evaluated(tmp_path: Path) -> None:
    table = synthetic_table({"forest": 12, "urban": 1, "water": 12})
    report = tmp_path / "r.html"
    progress = RecordingProgress()
    result = train_classifier(
        SampleSource(table, "cls"),
        TrainingFiles(tmp_path / "m.lulcmodel", report_path=report),
        options=TrainingOptions(algorithm="random_forest", n_jobs=1),
        progress=progress,
    )
    assert result.accuracy.not_evaluated == ["urban"]
    assert [s.name for s in result.accuracy.scores] == ["forest", "water"]
    assert result.accuracy.names == ["forest", "urban", "water"]
    assert any("urban" in w for w in progress.warnings)
    model = load_model(tmp_path / "m.lulcmodel")
    assert model.estimator.classes_.tolist() == [1, 2, 3]  # urban was trained on
    assert model.manifest["metrics"]["not_evaluated"] == ["urban"]
    text = report.read_text(encoding="utf-8")
    assert "Not evaluated" in text
    assert "used for training only): urban." in text


@pytest.mark.slow
def test_training_is_reproducible_for_a_seed(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    table = synthetic_table({"a": 30, "b": 30, "c": 30})
    # Overlapping classes, so that the model and the split matter.
    table[["b1", "b2"]] = table[["b1", "b2"]] + rng.normal(0, 60, (90, 2))
    runs = [
        train_classifier(
            SampleSource(table, "cls"),
            TrainingFiles(tmp_path / f"m{k}.lulcmodel"),
            options=TrainingOptions(seed=seed, n_jobs=1),
        )
        for k, seed in enumerate([11, 11, 12])
    ]
    grid = np.stack(np.meshgrid(np.arange(0, 400, 10.0), np.arange(0, 400, 10.0)), -1)
    grid = grid.reshape(-1, 2)
    probas = [load_model(r.model_path).estimator.predict_proba(grid) for r in runs]
    assert runs[0].accuracy == runs[1].accuracy
    np.testing.assert_array_equal(probas[0], probas[1])
    assert not np.array_equal(probas[0], probas[2])


def test_missing_class_field_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="'landcover' is not in the sample table") as info:
        train_classifier(
            SampleSource(synthetic_table({"a": 5, "b": 5}), "landcover"),
            TrainingFiles(tmp_path / "m"),
        )
    assert "cls, b1, b2" in str(info.value)


def test_no_features_is_refused(tmp_path: Path) -> None:
    table = pd.DataFrame({"cls": ["a", "b"], "note": ["x", "y"]})
    with pytest.raises(InvalidInputError, match="no numeric feature fields"):
        train_classifier(SampleSource(table, "cls"), TrainingFiles(tmp_path / "m.lulcmodel"))


def test_empty_table_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="no rows"):
        train_classifier(
            SampleSource(pd.DataFrame({"cls": [], "b1": []}), "cls"),
            TrainingFiles(tmp_path / "m.lulcmodel"),
        )


def test_unknown_algorithm_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="Unknown algorithm 'boosting'"):
        train_classifier(
            SampleSource(synthetic_table({"a": 5, "b": 5}), "cls"),
            TrainingFiles(tmp_path / "m"),
            options=TrainingOptions(algorithm="boosting"),
        )
    with pytest.raises(InvalidInputError, match="random_forest"):
        make_estimator("nope")


def test_incomplete_rows_are_skipped_with_a_warning(tmp_path: Path) -> None:
    table = synthetic_table({"a": 10, "b": 10})
    table.loc[0, "b1"] = np.nan
    table.loc[1, "cls"] = ""
    table.loc[2, "cls"] = None
    progress = RecordingProgress()
    result = train_classifier(
        SampleSource(table, "cls"),
        TrainingFiles(tmp_path / "m.lulcmodel"),
        options=TrainingOptions(algorithm="decision_tree"),
        progress=progress,
    )
    assert result.n_samples == 17
    assert any("3 samples without a class or a usable value" in w for w in progress.warnings)
    assert [c.name for c in result.legend] == ["a", "b"]


def test_training_can_be_cancelled(tmp_path: Path) -> None:
    model = tmp_path / "m.lulcmodel"
    with pytest.raises(Cancelled):
        train_classifier(
            SampleSource(synthetic_table({"a": 10, "b": 10}), "cls"),
            TrainingFiles(model),
            options=TrainingOptions(algorithm="decision_tree"),
            progress=RecordingProgress(cancel_after=0),
        )
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- accuracy.evaluate


def test_evaluate_matches_sklearn() -> None:
    legend = build_legend([1, 2, 3, 4], ["water", "forest", "urban", "crop"])
    y_true = np.array([1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 1, 2], dtype=np.int64)
    y_pred = np.array([1, 1, 2, 1, 2, 2, 3, 3, 3, 1, 3, 4, 1, 2], dtype=np.int64)
    report = evaluate(y_true, y_pred, legend, n_train=30, not_evaluated=["crop"])

    assert report.overall_accuracy == pytest.approx(10 / 14)
    assert report.overall_accuracy == pytest.approx(metrics.accuracy_score(y_true, y_pred))
    assert report.kappa == pytest.approx(metrics.cohen_kappa_score(y_true, y_pred))
    assert 0.0 < report.kappa < report.overall_accuracy
    codes = [1, 2, 3]
    precision = metrics.precision_score(y_true, y_pred, labels=codes, average=None)
    recall = metrics.recall_score(y_true, y_pred, labels=codes, average=None)
    f1 = metrics.f1_score(y_true, y_pred, labels=codes, average=None)
    # Class 4 (crop) never occurs in y_true: it has no score but is in the matrix.
    assert [s.code for s in report.scores] == codes
    assert [s.name for s in report.scores] == ["water", "forest", "urban"]
    assert [s.precision for s in report.scores] == pytest.approx(precision.tolist())
    assert [s.recall for s in report.scores] == pytest.approx(recall.tolist())
    assert [s.f1 for s in report.scores] == pytest.approx(f1.tolist())
    assert [s.support for s in report.scores] == [5, 4, 5]
    # Hand-checked: water precision 4/5 (one urban predicted water), recall 4/5.
    assert report.scores[0].precision == pytest.approx(4 / 5)
    assert report.scores[2].recall == pytest.approx(3 / 5)
    assert report.codes == [1, 2, 3, 4]
    assert (
        report.confusion == metrics.confusion_matrix(y_true, y_pred, labels=[1, 2, 3, 4]).tolist()
    )
    assert report.confusion[0] == [4, 1, 0, 0]  # rows: reference; columns: predicted
    assert report.confusion[2] == [1, 0, 3, 1]
    assert (report.n_train, report.n_test) == (30, 14)
    assert report.not_evaluated == ["crop"]
    # Averages over the classes present in the reference, as scikit-learn computes them.
    assert report.f1_macro == pytest.approx(
        metrics.f1_score(y_true, y_pred, labels=codes, average="macro")
    )
    assert report.f1_weighted == pytest.approx(
        metrics.f1_score(y_true, y_pred, labels=codes, average="weighted")
    )
    assert report.mcc == pytest.approx(metrics.matthews_corrcoef(y_true, y_pred))
    assert report.confusion_normalised[0] == pytest.approx([0.8, 0.2, 0.0, 0.0])
    assert report.confusion_normalised[3] == [0.0, 0.0, 0.0, 0.0]  # no crop in the reference
    as_json = report.to_json()
    assert as_json["confusion"]["codes"] == [1, 2, 3, 4]
    assert as_json["confusion"]["counts"] == report.confusion
    assert as_json["confusion"]["row_normalised"] == report.confusion_normalised
    assert as_json["mcc"] == pytest.approx(report.mcc)
    assert [c["name"] for c in as_json["classes"]] == ["water", "forest", "urban"]


def test_evaluate_perfect_prediction() -> None:
    legend = [ClassInfo(1, "a", "#000000"), ClassInfo(2, "b", "#ffffff")]
    y = np.array([1, 2, 2, 1, 2], dtype=np.int64)
    report = evaluate(y, y.copy(), legend, n_train=10)
    assert report.overall_accuracy == 1.0
    assert report.kappa == 1.0
    assert all(s.precision == s.recall == s.f1 == 1.0 for s in report.scores)
    assert report.not_evaluated == []
