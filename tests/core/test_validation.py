"""Validation schemes, spatial cross-validation, hyperparameter search and the accuracy outputs
(core/assessment/cross_validation.py, core/train.py, core/assessment/accuracy.py and report.py)."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lulc_classifier.core import train as train_module
from lulc_classifier.core.assessment import cross_validation as validation
from lulc_classifier.core.assessment.accuracy import AccuracyReport, Importance, evaluate
from lulc_classifier.core.assessment.cross_validation import (
    SCHEME_NAMES,
    SCHEMES,
    block_groups,
    evaluate_splits,
    holdout_split,
    kfold_splits,
)
from lulc_classifier.core.assessment.report import heatmap_svg, importance_svg
from lulc_classifier.core.errors import Cancelled, InvalidInputError
from lulc_classifier.core.legend import build_legend
from lulc_classifier.core.model.estimators import search_space
from lulc_classifier.core.model.model_file import load_model, read_manifest
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    train_classifier,
)

from ..helpers import CRS, RecordingProgress, one_openmp_thread

pd = pytest.importorskip("pandas")
model_selection = pytest.importorskip("sklearn.model_selection")
tree = pytest.importorskip("sklearn.tree")

BANDS = ["b1", "b2", "b3", "b4"]
NAMES = {1: "crop", 2: "forest", 3: "water"}
#: Side of the map cell each label feature lies in (its samples within 100 m of a corner).
CELL = 1000.0


@pytest.fixture(autouse=True)
def _one_openmp_thread() -> Iterator[None]:
    """Steady timings on a small shared VM; results do not depend on it."""
    with one_openmp_thread():
        yield


def clustered(
    features: dict[str, int] | None = None, per_feature: int = 12, seed: int = 0
) -> pd.DataFrame:
    """Samples of polygons, as lulc:sample makes them.

    All samples of one label feature share an offset in feature space (sd 3 per band), far
    larger than the noise within the feature (sd 0.2); class means differ by only 1 per band.
    A model can recognise a polygon it has seen, not the class of a new polygon. Feature ``k``
    lies in its own 1 km map cell, classes interleaved over a 6-column grid.
    """
    features = features or {"crop": 8, "forest": 8, "water": 8}
    rng = np.random.default_rng(seed)
    frames = []
    fid = 0
    for k, (name, count) in enumerate(features.items()):
        for _ in range(count):
            centre = k * 1.0 + rng.normal(0.0, 3.0, 4)
            frame = pd.DataFrame(
                centre + rng.normal(0.0, 0.2, size=(per_feature, 4)), columns=BANDS
            )
            frame.insert(0, "cls", name)
            frame["feature_id"] = fid
            frame["x"] = 500000.0 + (fid % 6) * CELL + rng.uniform(0, 100, per_feature)
            frame["y"] = 4100000.0 - (fid // 6) * CELL - rng.uniform(0, 100, per_feature)
            frames.append(frame)
            fid += 1
    return pd.concat(frames, ignore_index=True)


def informative(n_per_class: int = 60, seed: int = 0) -> pd.DataFrame:
    """b1 separates three classes (with some overlap); b2 is pure noise."""
    rng = np.random.default_rng(seed)
    cls = np.repeat(list(NAMES.values()), n_per_class)
    return pd.DataFrame(
        {
            "cls": cls,
            "b1": rng.normal(0.0, 1.0, cls.size) + np.repeat([0.0, 2.5, 5.0], n_per_class),
            "b2": rng.normal(0.0, 1.0, cls.size),
        }
    )


def spatial_options(scheme: str, **kwargs: Any) -> TrainingOptions:
    return TrainingOptions(
        validation=scheme,
        folds=kwargs.pop("folds", 4),
        block_size=kwargs.pop("block_size", CELL if scheme == "spatial_blocks" else 0.0),
        hyperparameters=kwargs.pop("hyperparameters", {"n_estimators": 30}),
        **kwargs,
    )


# --------------------------------------------------------------------------- schemes


def test_scheme_keys_keep_their_enum_order() -> None:
    assert SCHEMES == ("holdout", "kfold", "spatial_features", "spatial_blocks")
    assert set(SCHEME_NAMES) == set(SCHEMES)
    assert len(set(SCHEME_NAMES.values())) == len(SCHEMES)


def test_unknown_scheme_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="Unknown validation 'loo'"):
        train_classifier(
            SampleSource(informative(), "cls"),
            TrainingFiles(tmp_path / "m.lulcmodel"),
            options=TrainingOptions("loo"),
        )


def test_holdout_split_is_stratified_and_disjoint() -> None:
    codes = np.repeat([1, 2, 3], [50, 20, 10])
    train, test, skipped = holdout_split(codes, 0.3, seed=4)
    assert skipped == []
    assert np.intersect1d(train, test).size == 0
    assert np.array_equal(np.sort(np.concatenate([train, test])), np.arange(codes.size))
    assert np.bincount(codes[test]).tolist() == [0, 15, 6, 3]
    again = holdout_split(codes, 0.3, seed=4)
    assert np.array_equal(again[1], test)


def test_holdout_single_sample_class_trains_but_is_not_evaluated() -> None:
    codes = np.array([1, 1, 1, 1, 2, 2, 7])
    train, test, skipped = holdout_split(codes, 0.5, seed=0)
    assert skipped == [7]
    assert 6 in train
    assert 6 not in test
    assert set(codes[test].tolist()) == {1, 2}


@pytest.mark.parametrize("fraction", [0.0, 1.0, -0.2, 1.5])
def test_holdout_rejects_a_fraction_outside_0_1(fraction: float) -> None:
    with pytest.raises(InvalidInputError, match="test fraction must be between 0 and 1"):
        TrainingOptions(test_fraction=fraction)


def test_block_groups_share_an_id_per_square_block() -> None:
    xs = np.array([10.0, 990.0, 1010.0, 10.0, -10.0, 2500.0])
    ys = np.array([10.0, 20.0, 10.0, 1500.0, 10.0, 10.0])
    groups = block_groups(xs, ys, 1000.0)
    assert groups.dtype == np.int64
    assert groups.shape == (6,)
    assert groups[0] == groups[1]  # same block
    assert len(set(groups[[0, 2, 3, 4, 5]].tolist())) == 5  # neighbours over each edge differ
    # One huge block holds everything on the same side of the origin.
    assert block_groups(xs[xs >= 0], ys[xs >= 0], 1e6).tolist() == [0, 0, 0, 0, 0]


@pytest.mark.parametrize("size", [0.0, -100.0, math.nan])
def test_block_groups_need_a_positive_size(size: float) -> None:
    with pytest.raises(InvalidInputError, match="block size greater than 0"):
        TrainingOptions(validation="spatial_blocks", block_size=size)


def test_kfold_predicts_each_sample_in_exactly_one_fold() -> None:
    codes = np.repeat([1, 2, 3], [30, 20, 10])
    splits = kfold_splits(codes, 5, seed=0, names=NAMES)
    assert len(splits) == 5
    tests = np.concatenate([s.test for s in splits])
    assert np.array_equal(np.sort(tests), np.arange(codes.size))
    for split in splits:
        assert np.intersect1d(split.train, split.test).size == 0
        assert split.train.size + split.test.size == codes.size
        assert np.bincount(codes[split.test]).tolist() == [0, 6, 4, 2]  # stratified


def test_grouped_kfold_keeps_every_group_on_one_side() -> None:
    rng = np.random.default_rng(2)
    groups = np.repeat(np.arange(24), rng.integers(3, 15, 24))
    codes = 1 + groups % 3  # each group holds one class; 8 groups per class
    splits = kfold_splits(codes, 4, seed=0, names=NAMES, groups=groups, what="label features")
    tests = np.concatenate([s.test for s in splits])
    assert np.array_equal(np.sort(tests), np.arange(codes.size))
    for split in splits:
        assert not set(groups[split.train]) & set(groups[split.test])
    # The same samples without groups would have split groups across folds.
    plain = kfold_splits(codes, 4, seed=0, names=NAMES)
    assert any(set(groups[s.train]) & set(groups[s.test]) for s in plain)


def test_fewer_groups_than_folds_tests_the_class_in_fewer_folds() -> None:
    """Issue 17 item 5: it was refused ("Too few label features per class")."""
    groups = np.repeat(np.arange(13), 5)
    codes = np.where(groups < 10, 1 + groups % 2, 3)  # crop 5, forest 5, water 3 groups
    splits = kfold_splits(codes, 4, seed=0, names=NAMES, groups=groups, what="label features")
    assert len(splits) == 4  # the user's folds are kept
    tests = np.concatenate([s.test for s in splits])
    assert np.array_equal(np.sort(tests), np.arange(codes.size))  # each sample tested once
    for split in splits:
        assert not set(groups[split.train]) & set(groups[split.test])
        # a class is tested only where another of its groups trains the model
        assert set(codes[split.test]) <= set(codes[split.train])
    tested = validation.class_folds(codes, splits, NAMES)
    assert tested == {
        name: sum(bool(np.any(codes[s.test] == code)) for s in splits)
        for code, name in NAMES.items()
    }
    assert tested == {"crop": 4, "forest": 4, "water": 3}  # 3 groups: one in each of 3 folds


def test_too_few_blocks_suggests_smaller_blocks() -> None:
    codes = np.repeat([1, 2], 10)
    groups = np.zeros(20, dtype=np.int64)
    with pytest.raises(InvalidInputError, match="smaller blocks") as excinfo:
        kfold_splits(codes, 2, 0, NAMES, groups, "blocks of 5000 map units")
    assert "crop (1), forest (1)" in str(excinfo.value)
    # Fewer folds cannot help one block (the message said so before issue 17 item 5).
    assert "fewer folds" not in str(excinfo.value)
    assert "hold-out" in str(excinfo.value)


def test_fewer_samples_than_folds_tests_the_class_in_fewer_folds() -> None:
    """Issue 17 item 5: it was refused ("Too few samples per class ... forest (3)")."""
    codes = np.repeat([1, 2], [10, 3])
    splits = kfold_splits(codes, 5, 0, NAMES)
    assert len(splits) == 5
    assert np.array_equal(np.sort(np.concatenate([s.test for s in splits])), np.arange(13))
    forest = [s for s in splits if np.any(codes[s.test] == 2)]
    assert len(forest) == 3  # one sample per fold: 3 of 5 folds
    assert all(np.sum(codes[s.test] == 2) == 1 and np.sum(codes[s.train] == 2) == 2 for s in forest)
    assert validation.class_folds(codes, splits, NAMES) == {"crop": 5, "forest": 3}


@pytest.mark.parametrize("folds", [1, 0])
def test_kfold_needs_two_folds(folds: int) -> None:
    with pytest.raises(InvalidInputError, match="at least 2 folds"):
        TrainingOptions(validation="kfold", folds=folds)


# --------------------------------------------------------------------------- evaluate_splits


class FirstFeature:
    """Predicts round(first feature); records the training rows it was fitted on."""

    def __init__(self, seen: list[np.ndarray], rows: np.ndarray) -> None:
        seen.append(rows)
        self.classes_ = np.array([1, 2, 3])

    def fit(self, x: np.ndarray, y: np.ndarray) -> FirstFeature:
        return self

    def predict(self, x: np.ndarray) -> np.ndarray:
        return np.clip(np.rint(x[:, 0]), 1, 3).astype(np.int64)

    def score(self, x: np.ndarray, y: np.ndarray) -> float:
        return float(np.mean(self.predict(x) == y))


def test_evaluate_splits_pools_predictions_of_unseen_samples() -> None:
    rng = np.random.default_rng(0)
    codes = np.repeat([1, 2, 3], 20)
    x = np.column_stack([codes + rng.normal(0, 0.3, 60), rng.normal(0, 1, 60)])
    splits = kfold_splits(codes, 4, 0, NAMES)
    seen: list[np.ndarray] = []
    progress = RecordingProgress()
    outcome = evaluate_splits(
        lambda rows: FirstFeature(seen, rows), x, codes, splits, seed=0, progress=progress
    )
    assert outcome.y_true.size == outcome.y_pred.size == 60
    assert np.array_equal(outcome.y_true, np.concatenate([codes[s.test] for s in splits]))
    expected = np.concatenate([np.clip(np.rint(x[s.test, 0]), 1, 3) for s in splits])
    assert np.array_equal(outcome.y_pred, expected)
    for rows, split in zip(seen, splits):
        assert np.array_equal(rows, split.train)
    assert outcome.n_train == 45
    assert outcome.best_params == []
    assert progress.fractions[-1] == pytest.approx(1.0)
    # Only the first feature is used: shuffling the second changes nothing.
    assert outcome.importance.shape == (2,)
    assert outcome.importance[0] > 0.3
    assert outcome.importance[1] == 0.0


def test_evaluate_splits_unwraps_a_search_and_keeps_its_best_params() -> None:
    rng = np.random.default_rng(0)
    codes = np.repeat([1, 2], 30)
    x = (codes + rng.normal(0, 0.3, 60))[:, None]
    splits = kfold_splits(codes, 3, 0, NAMES)

    def fit(rows: np.ndarray) -> Any:
        search = model_selection.RandomizedSearchCV(
            tree.DecisionTreeClassifier(random_state=0),
            {"max_depth": [1, 2, 3]},
            n_iter=2,
            cv=3,
            random_state=0,
        )
        return search.fit(x[rows], codes[rows])

    outcome = evaluate_splits(
        fit, x, codes, splits, seed=0, progress=RecordingProgress(), importance=False
    )
    assert len(outcome.best_params) == 3
    assert all(set(p) == {"max_depth"} for p in outcome.best_params)
    assert np.all(outcome.importance == 0.0)
    assert np.mean(outcome.y_true == outcome.y_pred) > 0.9


def test_evaluate_splits_stops_when_cancelled() -> None:
    codes = np.repeat([1, 2], 10)
    x = codes[:, None].astype(float)
    splits = kfold_splits(codes, 2, 0, NAMES)
    fitted: list[np.ndarray] = []
    with pytest.raises(Cancelled):
        evaluate_splits(
            lambda rows: FirstFeature(fitted, rows),
            x,
            codes,
            splits,
            seed=0,
            progress=RecordingProgress(cancel_after=1),
        )
    assert len(fitted) == 1


# --------------------------------------------------------------------------- spatial CV


@pytest.mark.parametrize("scheme", ["spatial_features", "spatial_blocks"])
def test_spatial_cv_is_lower_than_random_cv_and_both_are_reported(
    scheme: str, tmp_path: Path
) -> None:
    table = clustered()
    if scheme == "spatial_blocks":
        table = table.drop(columns="feature_id")  # blocks need only coordinates
    report = tmp_path / "report.html"
    metrics = tmp_path / "metrics.json"
    progress = RecordingProgress()
    result = train_classifier(
        SampleSource(table, "cls"),
        TrainingFiles(tmp_path / "m.lulcmodel", report_path=report, metrics_path=metrics),
        options=spatial_options(scheme, seed=0, n_jobs=1),
        progress=progress,
    )
    accuracy = result.accuracy
    comparison = accuracy.comparison
    assert comparison is not None
    assert comparison["validation"] == SCHEME_NAMES["kfold"]
    assert comparison["folds"] == 4
    assert accuracy.scheme == SCHEME_NAMES[scheme]
    # Random folds see every polygon in training: near perfect. New polygons: far from it.
    assert comparison["overall_accuracy"] > 0.95
    assert accuracy.overall_accuracy < 0.7
    assert comparison["overall_accuracy"] - accuracy.overall_accuracy > 0.3
    assert comparison["f1_macro"] > accuracy.f1_macro
    assert accuracy.n_test == len(table)

    html = report.read_text(encoding="utf-8")
    assert SCHEME_NAMES[scheme] in html
    assert SCHEME_NAMES["kfold"] in html
    assert "Random folds put neighbouring" in html
    figures = json.loads(metrics.read_text(encoding="utf-8"))
    assert figures["validation"] == SCHEME_NAMES[scheme]
    assert figures["random_cv_comparison"]["overall_accuracy"] == pytest.approx(
        comparison["overall_accuracy"]
    )
    assert read_manifest(result.model_path)["validation"]["scheme"] == scheme
    assert any("Random k-fold for comparison" in m for m in progress.messages)


def test_spatial_blocks_use_point_geometry_without_x_y(tmp_path: Path) -> None:
    gpd = pytest.importorskip("geopandas")
    table = clustered({"crop": 4, "forest": 4, "water": 4}, per_feature=5)
    frame = gpd.GeoDataFrame(
        table.drop(columns=["x", "y", "feature_id"]),
        geometry=gpd.points_from_xy(table["x"], table["y"]),
        crs=CRS,
    )
    options = spatial_options(
        "spatial_blocks", folds=3, hyperparameters={}, algorithm="decision_tree"
    )
    result = train_classifier(
        SampleSource(frame, "cls"), TrainingFiles(tmp_path / "m.lulcmodel"), options=options
    )
    assert result.accuracy.scheme == SCHEME_NAMES["spatial_blocks"]
    assert result.accuracy.n_test == len(frame)
    assert "32633" in read_manifest(result.model_path)["crs_wkt"]


def test_fewer_label_features_than_folds_trains_and_says_how_classes_were_tested(
    tmp_path: Path,
) -> None:
    """Issue 17 item 5: it was refused ("water (3) ... fewer folds")."""
    table = clustered({"crop": 6, "forest": 6, "water": 3})
    model_path = tmp_path / "m.lulcmodel"
    progress = RecordingProgress()
    result = train_classifier(
        SampleSource(table, "cls"),
        TrainingFiles(model_path, metrics_path=tmp_path / "m.json"),
        options=spatial_options("spatial_features", folds=5, n_jobs=1),
        progress=progress,
    )
    assert model_path.exists()
    accuracy = result.accuracy
    assert accuracy.folds == 5
    assert accuracy.n_test == len(table)  # every sample predicted once
    water = accuracy.class_folds["water"]
    assert accuracy.class_folds == {"crop": 5, "forest": 5, "water": 3}
    fewer = [m for m in progress.messages if m.startswith("Classes evaluated in fewer folds:")]
    assert len(fewer) == 1
    assert f"water (3 label features: {water} of 5 folds)" in fewer[0]
    metrics = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert metrics["evaluation"]["water"] == f"{water} of 5 folds"
    assert metrics["not_evaluated"] == []


def test_too_few_blocks_per_class_for_the_folds(tmp_path: Path) -> None:
    options = spatial_options("spatial_blocks", block_size=1e6)  # one block holds everything
    with pytest.raises(InvalidInputError, match="smaller blocks") as excinfo:
        train_classifier(
            SampleSource(clustered(), "cls"),
            TrainingFiles(tmp_path / "m.lulcmodel"),
            options=options,
        )
    assert "crop (1), forest (1), water (1)" in str(excinfo.value)


@pytest.mark.parametrize("size", [0.0, -500.0])
def test_spatial_blocks_need_a_positive_block_size(size: float, tmp_path: Path) -> None:
    model_path = tmp_path / "m.lulcmodel"
    with pytest.raises(InvalidInputError, match="BLOCK_SIZE"):
        train_classifier(
            SampleSource(clustered(), "cls"),
            TrainingFiles(model_path),
            options=spatial_options("spatial_blocks", block_size=size),
        )
    assert not model_path.exists()


def test_spatial_features_need_the_feature_id_field(tmp_path: Path) -> None:
    model_path = tmp_path / "m.lulcmodel"
    with pytest.raises(InvalidInputError, match="'feature_id'") as excinfo:
        train_classifier(
            SampleSource(clustered().drop(columns="feature_id"), "cls"),
            TrainingFiles(model_path),
            options=spatial_options("spatial_features"),
        )
    assert "spatial blocks" in str(excinfo.value)
    assert not model_path.exists()


def test_spatial_blocks_need_coordinates(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="coordinates"):
        train_classifier(
            SampleSource(clustered().drop(columns=["x", "y"]), "cls"),
            TrainingFiles(tmp_path / "m.lulcmodel"),
            options=spatial_options("spatial_blocks"),
        )


# --------------------------------------------------------------------------- search


@dataclass
class SearchCall:
    cv: list[tuple[np.ndarray, np.ndarray]]
    x: np.ndarray
    n_iter: int
    candidates: int


@pytest.fixture
def searches(monkeypatch: pytest.MonkeyPatch) -> list[SearchCall]:
    """Every RandomizedSearchCV fit: its inner splits, its rows and its candidates."""
    calls: list[SearchCall] = []
    real_fit = model_selection.RandomizedSearchCV.fit

    def fit(self: Any, x: Any, y: Any = None, **kwargs: Any) -> Any:
        fitted = real_fit(self, x, y, **kwargs)
        cv = [(np.asarray(a), np.asarray(b)) for a, b in self.cv]
        calls.append(SearchCall(cv, np.asarray(x), self.n_iter, len(self.cv_results_["params"])))
        return fitted

    monkeypatch.setattr(model_selection.RandomizedSearchCV, "fit", fit)
    return calls


def test_search_best_params_reach_the_report_and_the_manifest(
    searches: list[SearchCall], tmp_path: Path
) -> None:
    options = TrainingOptions(
        validation="kfold", folds=3, search_iterations=4, algorithm="decision_tree"
    )
    result = train_classifier(
        SampleSource(informative(), "cls"), TrainingFiles(tmp_path / "m.lulcmodel"), options=options
    )
    space = search_space("decision_tree")
    best = result.accuracy.best_params
    assert len(best) == 3  # one search per outer fold
    for params in best:
        assert set(params) == set(space)
        assert all(params[k] in space[k] for k in params)

    manifest = read_manifest(result.model_path)
    assert manifest["search_iterations"] == 4
    assert manifest["metrics"]["best_params"] == json.loads(json.dumps(best))
    # 3 outer folds and the final refit; 4 candidates each, out of 16 possible.
    assert len(searches) == 4
    assert all(call.candidates == 4 for call in searches)
    assert all(len(call.cv) == 3 for call in searches)
    # The saved model is the refitted best estimator, not the search.
    estimator = load_model(result.model_path).estimator
    assert type(estimator).__name__ == "DecisionTreeClassifier"


def test_search_candidates_are_bounded_by_the_grid(
    searches: list[SearchCall], tmp_path: Path
) -> None:
    options = TrainingOptions(validation="holdout", search_iterations=50, algorithm="knn")
    result = train_classifier(
        SampleSource(informative(), "cls"), TrainingFiles(tmp_path / "m.lulcmodel"), options=options
    )
    grid = len(search_space("knn")["model__n_neighbors"])
    assert grid == 5
    assert [call.candidates for call in searches] == [grid, grid]  # hold-out and final
    assert all(call.n_iter == grid for call in searches)
    assert len(result.accuracy.best_params) == 1


def _groups_of(rows: np.ndarray, lookup: dict[bytes, int]) -> np.ndarray:
    return np.array([lookup[row.tobytes()] for row in rows])


def _shares_groups(call: SearchCall, lookup: dict[bytes, int]) -> bool:
    groups = _groups_of(call.x, lookup)
    return any(set(groups[train]) & set(groups[test]) for train, test in call.cv)


@pytest.mark.parametrize("scheme", ["spatial_features", "spatial_blocks"])
def test_search_inner_folds_are_grouped_under_spatial_validation(
    scheme: str, searches: list[SearchCall], tmp_path: Path
) -> None:
    table = clustered()
    x = table[BANDS].to_numpy(dtype=np.float64)
    if scheme == "spatial_features":
        groups = table["feature_id"].to_numpy()
    else:
        groups = block_groups(table["x"].to_numpy(), table["y"].to_numpy(), CELL)
    lookup = {row.tobytes(): int(g) for row, g in zip(x, groups)}
    assert len(lookup) == len(table)  # every row is unique, so rows map back to groups

    options = spatial_options(
        scheme, folds=3, search_iterations=4, hyperparameters={}, algorithm="decision_tree"
    )
    result = train_classifier(
        SampleSource(table, "cls"), TrainingFiles(tmp_path / "m.lulcmodel"), options=options
    )
    assert len(result.accuracy.best_params) == 3
    # 3 spatial folds, then 3 random k-fold folds (the comparison), then the final refit.
    assert len(searches) == 7
    for call in [*searches[:3], searches[-1]]:
        assert len(call.cv) == 3
        tests = np.concatenate([test for _, test in call.cv])
        assert np.array_equal(np.sort(tests), np.arange(len(call.x)))
        assert not _shares_groups(call, lookup)
    # The random comparison's inner folds are random: the check above can tell them apart.
    assert all(_shares_groups(call, lookup) for call in searches[3:6])


def test_search_inner_folds_use_kfold_splits_with_the_groups(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[tuple[int, bool, str]] = []
    real = validation.kfold_splits

    def spy(
        codes: Any,
        folds: int,
        seed: int,
        names: Any,
        groups: Any = None,
        what: str = "",
        fix: Any = None,
    ):
        calls.append((folds, groups is not None, what))
        return real(codes, folds, seed, names, groups, what, fix)

    monkeypatch.setattr(train_module, "kfold_splits", spy)
    options = spatial_options(
        "spatial_features",
        folds=3,
        search_iterations=2,
        hyperparameters={},
        algorithm="decision_tree",
    )
    train_classifier(
        SampleSource(clustered(), "cls"), TrainingFiles(tmp_path / "m.lulcmodel"), options=options
    )
    outer, *inner = calls
    assert outer == (3, True, "label features")
    inner_spatial = [c for c in inner if c[0] == 3 and "inner folds" in c[2]]
    # 3 searches of the spatial folds and the final one are grouped; the 3 of the random
    # comparison are not.
    assert sum(grouped for _, grouped, _ in inner_spatial) == 4
    assert sum(not grouped for _, grouped, _ in inner_spatial) == 3


def test_too_few_samples_for_the_search_gives_advice_that_applies(tmp_path: Path) -> None:
    """The search's 3 inner folds are fixed: under hold-out validation, "fewer folds" and
    "choose the hold-out validation" cannot help; fewer candidates (no search) or more samples
    can."""
    full = informative()
    # 2 samples per class: 1 held out, 1 left to train on: no class can be tested inside
    table = full.groupby("cls").head(2)
    options = TrainingOptions(validation="holdout", search_iterations=2, algorithm="decision_tree")
    with pytest.raises(InvalidInputError) as excinfo:
        train_classifier(
            SampleSource(table, "cls"), TrainingFiles(tmp_path / "m.lulcmodel"), options=options
        )
    message = str(excinfo.value)
    assert "crop (1), forest (1), water (1)" in message
    assert "search" in message
    assert "choose the hold-out validation" not in message
    assert "fewer folds" not in message


def test_the_search_tests_a_rare_class_in_fewer_inner_folds(
    searches: list[SearchCall], tmp_path: Path
) -> None:
    """Issue 17 item 5: 2 water samples in the training part were refused for 3 inner folds."""
    full = informative()
    # water has 3 samples: 1 held out, 2 left to train on, for 3 inner folds
    table = pd.concat([full[full["cls"] != "water"], full[full["cls"] == "water"].head(3)])
    options = TrainingOptions(validation="holdout", search_iterations=2, algorithm="decision_tree")
    result = train_classifier(
        SampleSource(table, "cls"), TrainingFiles(tmp_path / "m.lulcmodel"), options=options
    )
    assert len(result.accuracy.best_params) == 1
    water = table[table["cls"] == "water"][["b1", "b2"]].to_numpy(dtype=np.float64)
    first = searches[0]  # the hold-out's training part
    is_water = np.array([any(np.array_equal(row, w) for w in water) for row in first.x])
    assert is_water.sum() == 2
    assert len(first.cv) == 3
    assert sum(bool(is_water[test].any()) for _, test in first.cv) == 2  # 2 of 3 inner folds
    assert all(is_water[train].any() for train, _ in first.cv)


# --------------------------------------------------------------------------- metrics


def test_permutation_importance_ranks_informative_above_noise(tmp_path: Path) -> None:
    options = TrainingOptions(
        validation="kfold", folds=3, hyperparameters={"n_estimators": 30}, n_jobs=1
    )
    result = train_classifier(
        SampleSource(informative(), "cls"), TrainingFiles(tmp_path / "m.lulcmodel"), options=options
    )
    importance = {i.feature: i for i in result.accuracy.importance}
    assert list(importance) == ["b1", "b2"]
    assert importance["b1"].mean > 0.3
    assert importance["b1"].mean > importance["b2"].mean + 5 * importance["b1"].std
    assert abs(importance["b2"].mean) < 0.05


def test_metrics_files_report_and_manifest_agree(tmp_path: Path) -> None:
    paths = {
        "report_path": tmp_path / "report.html",
        "metrics_path": tmp_path / "metrics.json",
        "confusion_path": tmp_path / "confusion.csv",
    }
    options = TrainingOptions(
        validation="kfold", folds=5, hyperparameters={"n_estimators": 30}, n_jobs=1
    )
    table = informative()
    result = train_classifier(
        SampleSource(table, "cls"),
        TrainingFiles(tmp_path / "m.lulcmodel", **paths),
        options=options,
    )
    accuracy = result.accuracy
    assert accuracy.names == ["crop", "forest", "water"]
    # Overlapping classes: some errors, so the shares are not all 0 or 1.
    assert 0.7 < accuracy.overall_accuracy < 1.0

    # k-fold: every sample predicted exactly once, by a model that did not see it.
    assert accuracy.n_test == len(table)
    assert sum(map(sum, accuracy.confusion)) == len(table)
    assert accuracy.n_train == len(table) * 4 // 5
    assert accuracy.folds == 5
    assert accuracy.comparison is None

    expected = json.loads(json.dumps(accuracy.to_json()))
    written = json.loads(paths["metrics_path"].read_text(encoding="utf-8"))
    # The metrics file adds the model's learning history (one entry: this training).
    assert written.pop("learning_history") == read_manifest(result.model_path).learning_history
    assert written == expected
    assert read_manifest(result.model_path)["metrics"] == expected
    assert expected["f1_macro"] == pytest.approx(accuracy.f1_macro)
    assert expected["mcc"] == pytest.approx(accuracy.mcc)
    assert expected["confusion"]["row_normalised"] == accuracy.confusion_normalised

    with open(paths["confusion_path"], newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    assert header == ["reference \\ predicted", *accuracy.names]
    assert [row[0] for row in rows] == accuracy.names
    counts = [[int(v) for v in row[1:]] for row in rows]
    assert counts == accuracy.confusion
    support = {s.name: s.support for s in accuracy.scores}
    assert {name: sum(row) for name, row in zip(accuracy.names, counts)} == support
    assert sum(support.values()) == len(table)

    html = paths["report_path"].read_text(encoding="utf-8")
    assert "Row-normalised" in html
    for name, shares in zip(accuracy.names, accuracy.confusion_normalised):
        assert sum(shares) == pytest.approx(1.0)
        row = f'<tr><th class="name">{name}</th>' + "".join(f"<td>{v:.2f}</td>" for v in shares)
        assert row + "</tr>" in html
    assert 'aria-label="confusion matrix"' in html
    svg = html[html.index('aria-label="feature importance"') :]
    assert svg.index(">b1<") < svg.index(">b2<")  # ranked, informative first


def test_kfold_and_spatial_predict_each_sample_exactly_once(tmp_path: Path) -> None:
    table = clustered({"crop": 5, "forest": 5, "water": 5}, per_feature=4)
    for scheme in ("kfold", "spatial_features", "spatial_blocks"):
        options = spatial_options(scheme, folds=5, hyperparameters={}, algorithm="decision_tree")
        result = train_classifier(
            SampleSource(table, "cls"),
            TrainingFiles(tmp_path / f"{scheme}.lulcmodel"),
            options=options,
        )
        assert result.accuracy.n_test == len(table) == 60, scheme
        assert sum(s.support for s in result.accuracy.scores) == 60


def test_confusion_normalised_divides_rows_and_leaves_absent_classes_at_zero() -> None:
    legend = build_legend([1, 2, 3], ["crop", "forest", "water"])
    y_true = np.array([1, 1, 1, 1, 2, 2])
    y_pred = np.array([1, 1, 1, 2, 2, 1])
    report = evaluate(y_true, y_pred, legend, n_train=10)
    assert report.confusion == [[3, 1, 0], [1, 1, 0], [0, 0, 0]]
    assert report.confusion_normalised == [[0.75, 0.25, 0.0], [0.5, 0.5, 0.0], [0.0, 0.0, 0.0]]
    assert [s.name for s in report.scores] == ["crop", "forest"]  # water has no support
    # F1 of crop 3/4, of forest 1/2; water (absent) is left out of the averages.
    assert report.f1_macro == pytest.approx((0.75 + 0.5) / 2)
    assert report.f1_weighted == pytest.approx((4 * 0.75 + 2 * 0.5) / 6)
    assert -1.0 <= report.mcc <= 1.0


def test_to_json_turns_non_finite_numbers_into_null() -> None:
    report = AccuracyReport(
        overall_accuracy=1.0,
        kappa=math.nan,
        scores=[],
        codes=[1, 2],
        names=["a", "b"],
        confusion=[[2, 0], [0, 0]],
        n_train=4,
        n_test=2,
        not_evaluated=[],
        mcc=math.inf,
        importance=[Importance("b1", math.nan, 0.0)],
        comparison={"overall_accuracy": math.nan},
    )
    data = report.to_json()
    json.dumps(data, allow_nan=False)  # raises on NaN or infinity
    assert data["kappa"] is None
    assert data["mcc"] is None
    assert data["f1_macro"] is None
    assert data["permutation_importance"] == [{"feature": "b1", "mean": None, "std": 0.0}]
    assert data["random_cv_comparison"] == {"overall_accuracy": None}
    assert data["confusion"]["row_normalised"] == [[1.0, 0.0], [0.0, 0.0]]


def test_report_svgs() -> None:
    svg = importance_svg([Importance("low", 0.01, 0.0), Importance("<high>", 0.4, 0.05)])
    assert svg.startswith("<svg")
    assert svg.index("&lt;high&gt;") < svg.index(">low<")
    assert importance_svg([]) == ""
    heatmap = heatmap_svg([[3, 1], [0, 0]], ["a", "b"])
    assert heatmap.count("<rect") == 4
    # Colour is the share of the row: 3/4 and 1/4 of row a; row b is empty (all white).
    assert heatmap.count('fill="rgb(105,105,255)"') == 1
    assert heatmap.count('fill="rgb(205,205,255)"') == 1
    assert heatmap.count('fill="rgb(255,255,255)"') == 2
