"""95 % confidence intervals on every accuracy figure (issue 17 item 4): Wilson intervals for
shares, a seeded bootstrap within folds for the rest, the spread across folds; in the JSON, the
HTML report and the log (core/assessment/intervals.py, accuracy.py, report.py, core/train.py)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from lulc_classifier.core import train as train_module
from lulc_classifier.core.assessment.accuracy import (
    AccuracyReport,
    evaluate,
    fold_confusions,
    report_from_json,
)
from lulc_classifier.core.assessment.intervals import (
    NO_INTERVAL,
    confidence_intervals,
    figures,
    overlap,
    resample_confusions,
    wilson,
)
from lulc_classifier.core.assessment.report import render_html
from lulc_classifier.core.legend import build_legend

from ..helpers import RecordingProgress

metrics = pytest.importorskip("sklearn.metrics")

LEGEND = build_legend([1, 2, 3], ["crop", "forest", "water"])
Z95 = 1.959963984540054  # the standard normal's 97.5 % quantile, from tables


def wilson_by_hand(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson bounds as the roots of (p_hat - p)^2 = z^2 p (1 - p) / n, a quadratic in p."""
    p_hat = k / n
    # (1 + z^2/n) p^2 - (2 p_hat + z^2/n) p + p_hat^2 = 0
    roots = np.roots([1 + z * z / n, -(2 * p_hat + z * z / n), p_hat * p_hat])
    low, high = sorted(float(r.real) for r in roots)
    return low, high


def predictions(n: int = 600, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Three classes, about 80 % right, errors spread over the other classes."""
    rng = np.random.default_rng(seed)
    y_true = rng.choice([1, 2, 3], size=n, p=[0.5, 0.3, 0.2])
    wrong = rng.random(n) < 0.2
    y_pred = np.where(wrong, rng.choice([1, 2, 3], size=n), y_true)
    return y_true.astype(np.int64), y_pred.astype(np.int64)


# --------------------------------------------------------------------------- Wilson


def test_wilson_matches_the_hand_computation() -> None:
    low, high = wilson(90, 100)
    assert (float(low), float(high)) == pytest.approx(wilson_by_hand(90, 100), abs=1e-12)
    assert float(low) == pytest.approx(0.8256, abs=5e-5)
    assert float(high) == pytest.approx(0.9448, abs=5e-5)


@pytest.mark.parametrize(("k", "n"), [(0, 10), (10, 10), (1, 3), (37, 250)])
def test_wilson_stays_in_0_1_and_matches_by_hand(k: int, n: int) -> None:
    low, high = (float(v) for v in wilson(k, n))
    by_hand = wilson_by_hand(k, n)
    assert (low, high) == pytest.approx((max(by_hand[0], 0.0), min(by_hand[1], 1.0)), abs=1e-9)
    assert 0.0 <= low <= k / n <= high <= 1.0
    assert high - low > 0


def test_wilson_of_nothing_is_undefined() -> None:
    low, high = wilson(np.array([0, 3]), np.array([0, 4]))
    assert math.isnan(low[0])
    assert math.isnan(high[0])
    assert np.isfinite([low[1], high[1]]).all()


def test_class_scores_get_wilson_intervals_on_their_own_denominators() -> None:
    y_true, y_pred = predictions()
    report = evaluate(y_true, y_pred, LEGEND, n_train=100)
    matrix = np.asarray(report.confusion)
    for i, score in enumerate(report.scores):
        tp = int(matrix[i, i])
        assert score.precision_ci == pytest.approx(wilson_by_hand(tp, int(matrix[:, i].sum())))
        assert score.recall_ci == pytest.approx(wilson_by_hand(tp, int(matrix[i].sum())))
    right = int(np.trace(matrix))
    assert report.overall_accuracy_ci == pytest.approx(wilson_by_hand(right, len(y_true)))


# --------------------------------------------------------------------------- bootstrap


def test_figures_of_a_confusion_matrix_are_scikit_learns() -> None:
    y_true, y_pred = predictions(n=300, seed=3)
    matrix = metrics.confusion_matrix(y_true, y_pred, labels=[1, 2, 3]).astype(float)
    got = figures(matrix[None])
    assert got["f1"][0] == pytest.approx(metrics.f1_score(y_true, y_pred, average=None))
    assert got["f1_macro"][0] == pytest.approx(metrics.f1_score(y_true, y_pred, average="macro"))
    assert got["f1_weighted"][0] == pytest.approx(
        metrics.f1_score(y_true, y_pred, average="weighted")
    )
    assert got["kappa"][0] == pytest.approx(metrics.cohen_kappa_score(y_true, y_pred))
    assert got["mcc"][0] == pytest.approx(metrics.matthews_corrcoef(y_true, y_pred))


def test_bootstrap_resamples_each_fold_with_its_own_size() -> None:
    first = np.array([[5, 1], [0, 4]])  # 10 samples
    second = np.array([[7, 0], [3, 0]])  # 10 samples, never predicts the second class
    boot = resample_confusions([first, second], 2000, seed=1)
    assert boot.shape == (2000, 2, 2)
    assert np.all(boot.sum(axis=(1, 2)) == 20)
    # Predictions of the second class come from the first fold only: at most its 10 samples.
    assert boot[:, :, 1].sum(axis=1).max() == 10
    # Pooled resampling (one fold of 20) draws more of them in some resamples.
    pooled = resample_confusions([first + second], 2000, seed=1)
    assert pooled[:, :, 1].sum(axis=1).max() > 10
    assert boot.mean(axis=0) == pytest.approx(first + second, abs=0.2)


def test_bootstrap_is_seeded_and_holds_the_point_estimates() -> None:
    y_true, y_pred = predictions()
    first = evaluate(y_true, y_pred, LEGEND, n_train=100)
    again = evaluate(y_true, y_pred, LEGEND, n_train=100)
    assert first.to_json() == again.to_json()  # same predictions, same intervals
    for value, (low, high) in [
        (first.kappa, first.kappa_ci),
        (first.f1_macro, first.f1_macro_ci),
        (first.f1_weighted, first.f1_weighted_ci),
        (first.mcc, first.mcc_ci),
        *((s.f1, s.f1_ci) for s in first.scores),
    ]:
        assert low < value < high
        assert high - low < 0.2  # 600 samples: a narrow interval
    other = confidence_intervals(
        [np.asarray(first.confusion)], resamples=1000, seed=7
    )  # another seed: close, not equal
    assert other.kappa != first.kappa_ci
    assert other.kappa == pytest.approx(first.kappa_ci, abs=0.02)


def test_intervals_narrow_with_more_samples() -> None:
    small = evaluate(*predictions(n=100), LEGEND, n_train=10)
    large = evaluate(*predictions(n=10_000), LEGEND, n_train=10)
    width = lambda ci: ci[1] - ci[0]  # noqa: E731
    assert width(large.overall_accuracy_ci) < width(small.overall_accuracy_ci) / 5
    assert width(large.kappa_ci) < width(small.kappa_ci) / 5


# --------------------------------------------------------------------------- folds


def test_fold_spread_is_numpys_over_the_per_fold_accuracies() -> None:
    y_true, y_pred = predictions(n=500, seed=2)
    sizes = [100, 120, 80, 100, 100]
    report = evaluate(y_true, y_pred, LEGEND, n_train=400, folds=5, fold_sizes=sizes)
    bounds = np.cumsum([0, *sizes])
    by_fold = [np.mean(y_true[a:b] == y_pred[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
    assert report.fold_overall_accuracy == pytest.approx(by_fold)
    spread = report.fold_spread
    assert spread == pytest.approx(
        {
            "mean": np.mean(by_fold),
            "std": np.std(by_fold),
            "min": np.min(by_fold),
            "max": np.max(by_fold),
        }
    )
    assert "within each fold" in report.interval_method
    # A hold-out has no folds.
    holdout = evaluate(y_true, y_pred, LEGEND, n_train=400)
    assert holdout.fold_overall_accuracy == []
    assert holdout.fold_spread is None
    assert holdout.to_json()["fold_spread"] is None


def test_fold_sizes_must_add_up() -> None:
    y_true, y_pred = predictions(n=50)
    with pytest.raises(ValueError, match="do not add up to 50"):
        evaluate(y_true, y_pred, LEGEND, n_train=10, folds=2, fold_sizes=[20, 20])


# --------------------------------------------------------------------------- JSON


def test_json_holds_the_intervals_and_reads_back() -> None:
    y_true, y_pred = predictions(n=400, seed=5)
    report = evaluate(y_true, y_pred, LEGEND, n_train=300, folds=4, fold_sizes=[100] * 4)
    data = json.loads(json.dumps(report.to_json(), allow_nan=False))
    assert data["overall_accuracy_ci"] == list(report.overall_accuracy_ci)
    assert data["confidence_level"] == 0.95
    assert "Wilson" in data["interval_method"]
    assert "bootstrap" in data["interval_method"]
    assert data["kappa_ci"] == list(report.kappa_ci)
    assert data["f1_macro_ci"] == list(report.f1_macro_ci)
    assert len(data["fold_overall_accuracy"]) == 4
    assert set(data["fold_spread"]) == {"mean", "std", "min", "max"}
    for entry, score in zip(data["classes"], report.scores):
        assert entry["precision_ci"] == list(score.precision_ci)
        assert entry["recall_ci"] == list(score.recall_ci)
        assert entry["f1_ci"] == list(score.f1_ci)
    back = report_from_json(data)
    assert back.to_json() == data
    assert back.overall_accuracy_ci == report.overall_accuracy_ci


def test_old_metrics_without_intervals_still_load() -> None:
    data = evaluate(*predictions(n=60), LEGEND, n_train=10).to_json()
    for key in [k for k in data if k.endswith("_ci") or k.startswith("fold_")] + [
        "confidence_level",
        "interval_method",
        "evaluation",
    ]:
        del data[key]
    for entry in data["classes"]:
        for key in ("precision_ci", "recall_ci", "f1_ci"):
            del entry[key]
    old = report_from_json(data)
    assert all(math.isnan(v) for v in old.overall_accuracy_ci + old.kappa_ci)
    assert all(math.isnan(v) for s in old.scores for v in s.precision_ci + s.f1_ci)
    assert old.fold_spread is None
    page = render_html(old, title="t", info={})  # no interval shown, nothing breaks
    assert 'class="ci"' not in page


def test_an_undefined_interval_is_null() -> None:
    legend = build_legend([1, 2], ["a", "b"])
    report = evaluate(np.array([1, 1, 2]), np.array([1, 1, 1]), legend, n_train=4)
    b = report.to_json()["classes"][1]
    assert b["precision"] is None  # b never predicted
    assert b["precision_ci"] is None
    assert b["recall_ci"] is not None
    plain = AccuracyReport(1.0, 1.0, [], [1], ["a"], [[1]], 1, 1, [])
    assert plain.overall_accuracy_ci == NO_INTERVAL
    assert plain.to_json()["overall_accuracy_ci"] is None


# --------------------------------------------------------------------------- report and log


def comparison_report(random_ci: tuple[float, float]) -> AccuracyReport:
    report = evaluate(
        *predictions(n=200, seed=1), LEGEND, n_train=100, folds=2, fold_sizes=[100, 100]
    )
    comparison = {
        "validation": "Stratified k-fold cross-validation (random)",
        "folds": 2,
        **report.summary(),
        "overall_accuracy": sum(random_ci) / 2,
        "overall_accuracy_ci": list(random_ci),
    }
    return AccuracyReport(**{**report.__dict__, "comparison": comparison})


def test_the_report_does_not_call_overlapping_figures_different() -> None:
    report = comparison_report((0.5, 0.99))
    low, high = report.overall_accuracy_ci
    assert overlap(report.comparison["overall_accuracy_ci"], (low, high))
    page = render_html(report, title="t", info={})
    assert "within the uncertainty" in page
    assert "their overall accuracy is" not in page
    # Apart: the gap is the optimism of random splits.
    apart = comparison_report((high + 0.01, min(high + 0.05, 1.0)))
    page = render_html(apart, title="t", info={})
    assert "within the uncertainty" not in page
    assert "their overall accuracy is" in page


def test_the_report_shows_each_figures_interval() -> None:
    y_true, y_pred = predictions(n=300)
    report = evaluate(y_true, y_pred, LEGEND, n_train=100, folds=3, fold_sizes=[100] * 3)
    page = render_html(report, title="t", info={})
    low, high = report.overall_accuracy_ci
    assert f"(95 % confidence interval {low:.3f}\u2013{high:.3f})" in page
    assert f'<td>{report.overall_accuracy:.3f} <span class="ci">({low:.3f}\u2013{high:.3f})' in page
    crop = report.scores[0]
    p_low, p_high = crop.precision_ci
    assert f'<td>{crop.precision:.3f} <span class="ci">({p_low:.3f}\u2013{p_high:.3f})' in page
    spread = report.fold_spread
    assert spread is not None
    assert f"mean {spread['mean']:.3f}, std {spread['std']:.3f}" in page
    assert "Wilson score intervals" in page


def test_the_log_shows_the_intervals_and_n_a() -> None:
    legend = build_legend([1, 2, 3], ["crop", "forest", "roofs"])
    y_true, y_pred = predictions(n=300, seed=4)
    y_pred = np.where(y_pred == 3, 1, y_pred)  # roofs never predicted
    report = evaluate(y_true, y_pred, legend, n_train=100, folds=3, fold_sizes=[100] * 3)
    progress = RecordingProgress()
    train_module._log(report, progress)
    low, high = report.overall_accuracy_ci
    assert f"(95 % CI {low:.3f}\u2013{high:.3f})" in progress.messages[0]
    assert any(m.startswith("Overall accuracy across the 3 folds: mean") for m in progress.messages)
    crop = next(m for m in progress.messages if m.startswith("  crop:"))
    p_low, p_high = report.scores[0].precision_ci
    assert f"precision {report.scores[0].precision:.3f} ({p_low:.3f}\u2013{p_high:.3f})" in crop
    roofs = next(m for m in progress.messages if m.startswith("  roofs:"))
    assert "precision n/a," in roofs
    assert "recall 0.000 (0.000\u2013" in roofs


def test_fold_confusions_are_scikit_learns_per_fold() -> None:
    y_true, y_pred = predictions(n=300, seed=6)
    codes = [3, 1, 2]  # any order: the matrices follow it
    folds = fold_confusions(y_true, y_pred, codes, [100, 50, 150])
    bounds = [0, 100, 150, 300]
    for matrix, a, b in zip(folds, bounds[:-1], bounds[1:]):
        expected = metrics.confusion_matrix(y_true[a:b], y_pred[a:b], labels=codes)
        assert matrix.tolist() == expected.tolist()
    # One matrix for a hold-out; codes outside the list are not counted.
    (whole,) = fold_confusions(y_true, y_pred, [1, 2])
    assert whole.tolist() == metrics.confusion_matrix(y_true, y_pred, labels=[1, 2]).tolist()
