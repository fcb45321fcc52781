"""Accuracy of a classifier on samples it did not see: metrics, importances, comparisons."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from ..deps import require
from ..legend import ClassInfo


@dataclass(frozen=True)
class ClassScore:
    """Per-class precision (user's accuracy), recall (producer's accuracy), F1 and support.

    The precision of a class the model never predicted is undefined: NaN (null in JSON, "n/a"
    shown). Its F1 is 0 (scikit-learn's ``zero_division=0``): the class was never found.
    """

    code: int
    name: str
    precision: float
    recall: float
    f1: float
    support: int


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
                "validation": self.scheme,
                "folds": self.folds,
                "n_train": self.n_train,
                "n_test": self.n_test,
                "not_evaluated": self.not_evaluated,
                "classes": [asdict(s) for s in self.scores],
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

    Raises
    ------
    KeyError, TypeError, ValueError
        If ``data`` is not such a dict.
    """
    confusion = data["confusion"]
    comparison = data.get("random_cv_comparison")
    if isinstance(comparison, dict):
        comparison = {k: math.nan if v is None else v for k, v in comparison.items()}
    return AccuracyReport(
        overall_accuracy=_nan(data["overall_accuracy"]),
        kappa=_nan(data["kappa"]),
        scores=[
            ClassScore(
                int(s["code"]),
                str(s["name"]),
                _nan(s["precision"]),
                _nan(s["recall"]),
                _nan(s["f1"]),
                int(s["support"]),
            )
            for s in data["classes"]
        ],
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
    )


def _nan(value: Any) -> float:
    return math.nan if value is None else float(value)


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
) -> AccuracyReport:
    """Compare predicted and true class codes of the test samples.

    The confusion matrix covers every class of ``legend``; per-class scores are listed for the
    classes present in ``y_true``. Macro and weighted F1 average over those classes.
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
    scores = [
        ClassScore(code, name, float(p), float(r), float(f), int(s))
        for code, name, p, r, f, s in zip(codes, names, precision, recall, f1, support)
        if s > 0
    ]
    with np.errstate(divide="ignore", invalid="ignore"):
        kappa = float(metrics.cohen_kappa_score(y_true, y_pred, labels=codes))
        mcc = float(metrics.matthews_corrcoef(y_true, y_pred))
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
        f1_macro=float(
            metrics.f1_score(y_true, y_pred, labels=present, average="macro", zero_division=0)
        ),
        f1_weighted=float(
            metrics.f1_score(y_true, y_pred, labels=present, average="weighted", zero_division=0)
        ),
        mcc=mcc,
        scheme=scheme,
        folds=folds,
    )
