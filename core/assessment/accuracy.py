"""Accuracy of a classifier on samples it did not see: metrics, importances, comparisons."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from ..deps import require
from ..legend import ClassInfo
from .intervals import CONFIDENCE, NO_INTERVAL, Interval, confidence_intervals, method_text


@dataclass(frozen=True)
class ClassScore:
    """Per-class precision (user's accuracy), recall (producer's accuracy), F1 and support.

    The precision of a class the model never predicted is undefined: NaN (null in JSON, "n/a"
    shown). Its F1 is 0 (scikit-learn's ``zero_division=0``): the class was never found.
    Each score has its 95 % interval (:mod:`.intervals`): Wilson for precision (out of the
    samples predicted as the class) and recall (out of the class's samples), bootstrap for F1;
    (NaN, NaN) where undefined.

    Attributes
    ----------
    code, name
        The class.
    precision, recall, f1
        The scores, 0 to 1 (precision NaN when the class was never predicted).
    support
        Test samples of the class.
    precision_ci, recall_ci, f1_ci
        Their 95 % intervals (low, high).
    """

    code: int
    name: str
    precision: float
    recall: float
    f1: float
    support: int
    precision_ci: Interval = NO_INTERVAL
    recall_ci: Interval = NO_INTERVAL
    f1_ci: Interval = NO_INTERVAL

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready dict; an undefined interval is None."""
        data = asdict(self)
        for key in ("precision_ci", "recall_ci", "f1_ci"):
            data[key] = interval_json(data[key])
        return data


@dataclass(frozen=True)
class Importance:
    """Permutation importance of one feature: mean drop of accuracy when it is shuffled."""

    feature: str
    mean: float
    std: float


@dataclass(frozen=True)
class AccuracyReport:
    """Out-of-sample accuracy: overall figures, per-class scores and the confusion matrix.

    ``confusion[i][j]`` counts test samples of class ``codes[i]`` predicted as ``codes[j]``.
    ``not_evaluated`` names classes with too few samples to appear in a test set.
    ``comparison`` holds the same figures under random k-fold cross-validation, when the
    main scheme is spatial, so that the optimism of random splits is visible.

    The ``*_ci`` fields are 95 % intervals (``confidence_level``) computed as
    ``interval_method`` says (:mod:`.intervals`); (NaN, NaN) where undefined or not computed.
    Under cross-validation ``fold_overall_accuracy`` holds each fold's overall accuracy and
    ``class_folds`` the number of folds that tested each class (by name), out of ``folds``.

    Attributes
    ----------
    overall_accuracy, kappa, f1_macro, f1_weighted, mcc
        The headline figures; each has its interval ``<figure>_ci`` (low, high).
    scores
        Per class (:class:`ClassScore`).
    codes, names, confusion
        Class codes and names, in the order of the rows and columns of the confusion matrix.
    n_train, n_test
        Samples trained on (per fold, summed) and tested.
    not_evaluated
        Classes with too few samples to be tested.
    scheme, folds
        The validation scheme's name and its number of folds (0: hold-out).
    importance
        Permutation importance of each feature.
    comparison
        Random k-fold figures beside a spatial scheme's (None otherwise).
    best_params
        The hyperparameters a search chose in each fold.
    confidence_level, interval_method
        The intervals' level (0.95) and how they were computed.
    fold_overall_accuracy, class_folds
        Overall accuracy of each fold; folds that tested each class.
    """

    overall_accuracy: float
    kappa: float
    scores: list[ClassScore]
    codes: list[int]
    names: list[str]
    confusion: list[list[int]]
    n_train: int
    n_test: int
    not_evaluated: list[str]
    f1_macro: float = math.nan
    f1_weighted: float = math.nan
    mcc: float = math.nan
    scheme: str = "Stratified hold-out"
    folds: int = 0
    importance: list[Importance] = field(default_factory=list)
    comparison: dict[str, Any] | None = None
    best_params: list[dict[str, Any]] = field(default_factory=list)
    overall_accuracy_ci: Interval = NO_INTERVAL
    kappa_ci: Interval = NO_INTERVAL
    f1_macro_ci: Interval = NO_INTERVAL
    f1_weighted_ci: Interval = NO_INTERVAL
    mcc_ci: Interval = NO_INTERVAL
    confidence_level: float = CONFIDENCE
    interval_method: str = ""
    fold_overall_accuracy: list[float] = field(default_factory=list)
    class_folds: dict[str, int] = field(default_factory=dict)

    @property
    def fold_spread(self) -> dict[str, float] | None:
        """Spread of the per-fold overall accuracies; None without folds.

        Mean, standard deviation (numpy's, ddof 0), min and max.
        """
        folds = np.asarray(self.fold_overall_accuracy, dtype=np.float64)
        if not folds.size:
            return None
        return {
            "mean": float(folds.mean()),
            "std": float(folds.std()),
            "min": float(folds.min()),
            "max": float(folds.max()),
        }

    @property
    def evaluation(self) -> dict[str, str]:
        """How each class was evaluated under cross-validation: ``{"water": "3 of 5 folds"}``."""
        return {name: f"{count} of {self.folds} folds" for name, count in self.class_folds.items()}

    def intervals(self) -> dict[str, Interval]:
        """Return the intervals of the headline figures, keyed ``<figure>_ci``."""
        return {
            "overall_accuracy_ci": self.overall_accuracy_ci,
            "kappa_ci": self.kappa_ci,
            "f1_macro_ci": self.f1_macro_ci,
            "f1_weighted_ci": self.f1_weighted_ci,
            "mcc_ci": self.mcc_ci,
        }

    @property
    def confusion_normalised(self) -> list[list[float]]:
        """Each row divided by its total (the reference class's share predicted as each)."""
        rows = np.asarray(self.confusion, dtype=np.float64)
        totals = rows.sum(axis=1, keepdims=True)
        shares = np.divide(rows, totals, out=np.zeros_like(rows), where=totals > 0)
        return [[float(v) for v in row] for row in shares]

    def summary(self) -> dict[str, float]:
        """Return the headline figures."""
        return {
            "overall_accuracy": self.overall_accuracy,
            "kappa": self.kappa,
            "f1_macro": self.f1_macro,
            "f1_weighted": self.f1_weighted,
            "mcc": self.mcc,
        }

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready dict (non-finite numbers become null)."""
        data: dict[str, Any] = _finite(
            {
                **self.summary(),
                **{key: interval_json(ci) for key, ci in self.intervals().items()},
                "confidence_level": self.confidence_level,
                "interval_method": self.interval_method,
                "validation": self.scheme,
                "folds": self.folds,
                "fold_overall_accuracy": self.fold_overall_accuracy,
                "fold_spread": self.fold_spread,
                "evaluation": self.evaluation,
                "n_train": self.n_train,
                "n_test": self.n_test,
                "not_evaluated": self.not_evaluated,
                "classes": [s.to_json() for s in self.scores],
                "confusion": {
                    "codes": self.codes,
                    "names": self.names,
                    "counts": self.confusion,
                    "row_normalised": self.confusion_normalised,
                },
                "permutation_importance": [asdict(i) for i in self.importance],
                "random_cv_comparison": self.comparison,
                "best_params": self.best_params,
            }
        )
        return data


def report_from_json(data: dict[str, Any]) -> AccuracyReport:
    """Read back what :meth:`AccuracyReport.to_json` wrote (nulls become NaN).

    Files written before the intervals existed still load: their intervals are (NaN, NaN).

    Raises
    ------
    KeyError, TypeError, ValueError
        If ``data`` is not such a dict.
    """
    confusion = data["confusion"]
    comparison = data.get("random_cv_comparison")
    if isinstance(comparison, dict):
        comparison = {k: _comparison_value(v) for k, v in comparison.items()}
    report = AccuracyReport(
        overall_accuracy=_nan(data["overall_accuracy"]),
        kappa=_nan(data["kappa"]),
        scores=[_score_from_json(s) for s in data["classes"]],
        codes=[int(c) for c in confusion["codes"]],
        names=[str(n) for n in confusion["names"]],
        confusion=[[int(v) for v in row] for row in confusion["counts"]],
        n_train=int(data["n_train"]),
        n_test=int(data["n_test"]),
        not_evaluated=[str(n) for n in data.get("not_evaluated") or []],
        f1_macro=_nan(data.get("f1_macro")),
        f1_weighted=_nan(data.get("f1_weighted")),
        mcc=_nan(data.get("mcc")),
        scheme=str(data.get("validation", "Stratified hold-out")),
        folds=int(data.get("folds") or 0),
        importance=[
            Importance(str(i["feature"]), _nan(i["mean"]), _nan(i["std"]))
            for i in data.get("permutation_importance") or []
        ],
        comparison=comparison,
        best_params=list(data.get("best_params") or []),
        confidence_level=float(data.get("confidence_level") or CONFIDENCE),
        interval_method=str(data.get("interval_method") or ""),
        fold_overall_accuracy=[_nan(v) for v in data.get("fold_overall_accuracy") or []],
        class_folds={
            str(name): int(str(text).split(" ", 1)[0])
            for name, text in (data.get("evaluation") or {}).items()
        },
    )
    read: dict[str, Any] = {key: _interval(data.get(key)) for key in report.intervals()}
    return replace(report, **read)


def _score_from_json(score: dict[str, Any]) -> ClassScore:
    return ClassScore(
        int(score["code"]),
        str(score["name"]),
        _nan(score["precision"]),
        _nan(score["recall"]),
        _nan(score["f1"]),
        int(score["support"]),
        _interval(score.get("precision_ci")),
        _interval(score.get("recall_ci")),
        _interval(score.get("f1_ci")),
    )


def _nan(value: Any) -> float:
    return math.nan if value is None else float(value)


def _interval(value: Any) -> Interval:
    """Return an interval read from JSON: None (or missing) is (NaN, NaN)."""
    if not value:
        return NO_INTERVAL
    return _nan(value[0]), _nan(value[1])


def _comparison_value(value: Any) -> Any:
    if isinstance(value, list):
        return [math.nan if v is None else v for v in value]
    return math.nan if value is None else value


def interval_json(interval: Sequence[float] | None) -> list[float] | None:
    """Return an interval for JSON: ``[low, high]``, or None where undefined."""
    if interval is None or not all(math.isfinite(float(v)) for v in interval):
        return None
    return [float(interval[0]), float(interval[1])]


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def evaluate(
    y_true: npt.NDArray[np.int64],
    y_pred: npt.NDArray[np.int64],
    legend: Sequence[ClassInfo],
    *,
    n_train: int,
    not_evaluated: Sequence[str] = (),
    scheme: str = "Stratified hold-out",
    folds: int = 0,
    fold_sizes: Sequence[int] = (),
) -> AccuracyReport:
    """Compare predicted and true class codes of the test samples.

    The confusion matrix covers every class of ``legend``; per-class scores are listed for the
    classes present in ``y_true``. Macro and weighted F1 average over those classes.

    ``fold_sizes`` gives the test samples of each fold, in the order of ``y_true`` (empty: one
    hold-out). Every figure gets its 95 % interval (:mod:`.intervals`: Wilson for proportions,
    a seeded bootstrap within the folds otherwise); with ``folds`` (cross-validation), each
    fold's overall accuracy is kept too.
    """
    metrics = require("sklearn.metrics")
    codes = [c.code for c in legend]
    names = [c.name for c in legend]
    present = [c for c in codes if np.any(y_true == c)]
    matrix = metrics.confusion_matrix(y_true, y_pred, labels=codes)
    precision, recall, f1, support = metrics.precision_recall_fscore_support(
        y_true, y_pred, labels=codes, zero_division=0
    )
    # zero_division=np.nan needs scikit-learn 1.3: mark the undefined precisions ourselves.
    precision = np.where(matrix.sum(axis=0) > 0, precision, np.nan)
    ci = confidence_intervals(fold_confusions(y_true, y_pred, codes, fold_sizes))
    scores = [
        ClassScore(code, name, float(p), float(r), float(f), int(s), *cis)
        for code, name, p, r, f, s, *cis in zip(
            codes, names, precision, recall, f1, support, ci.precision, ci.recall, ci.f1
        )
        if s > 0
    ]
    with np.errstate(divide="ignore", invalid="ignore"):
        kappa = float(metrics.cohen_kappa_score(y_true, y_pred, labels=codes))
        mcc = float(metrics.matthews_corrcoef(y_true, y_pred))
    average = {"labels": present, "zero_division": 0}
    return AccuracyReport(
        overall_accuracy=float(metrics.accuracy_score(y_true, y_pred)),
        kappa=kappa,
        scores=scores,
        codes=codes,
        names=names,
        confusion=matrix.astype(int).tolist(),
        n_train=int(n_train),
        n_test=int(len(y_true)),
        not_evaluated=list(not_evaluated),
        f1_macro=float(metrics.f1_score(y_true, y_pred, average="macro", **average)),
        f1_weighted=float(metrics.f1_score(y_true, y_pred, average="weighted", **average)),
        mcc=mcc,
        scheme=scheme,
        folds=folds,
        overall_accuracy_ci=ci.overall_accuracy,
        kappa_ci=ci.kappa,
        f1_macro_ci=ci.f1_macro,
        f1_weighted_ci=ci.f1_weighted,
        mcc_ci=ci.mcc,
        interval_method=method_text(folds),
        fold_overall_accuracy=ci.fold_accuracy if folds else [],
    )


def fold_confusions(
    y_true: npt.NDArray[np.int64],
    y_pred: npt.NDArray[np.int64],
    codes: Sequence[int],
    fold_sizes: Sequence[int] = (),
) -> list[npt.NDArray[np.int64]]:
    """Return the confusion matrix over ``codes`` of each fold's test samples (one: hold-out).

    Rows are reference classes, columns predicted ones; a code outside ``codes`` is not counted.
    """
    sizes = list(fold_sizes) or [len(y_true)]
    if sum(sizes) != len(y_true):
        raise ValueError(f"The fold sizes {sizes} do not add up to {len(y_true)} samples.")
    k = len(codes)
    order = np.argsort(np.asarray(codes, dtype=np.int64))
    ranked = np.asarray(codes, dtype=np.int64)[order]

    def index(values: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        at = np.clip(np.searchsorted(ranked, values), 0, k - 1)
        return np.where(ranked[at] == values, order[at], -1)

    t, p = index(np.asarray(y_true)), index(np.asarray(y_pred))
    fold = np.repeat(np.arange(len(sizes)), sizes)
    known = (t >= 0) & (p >= 0)
    cells = (fold * k + t) * k + p
    counts = np.bincount(cells[known], minlength=len(sizes) * k * k)
    return list(counts.reshape(len(sizes), k, k).astype(np.int64))
