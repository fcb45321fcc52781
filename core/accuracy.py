"""Accuracy of a classifier on held-out samples."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .deps import require
from .legend import ClassInfo


@dataclass(frozen=True)
class ClassScore:
    """Per-class precision (user's accuracy), recall (producer's accuracy), F1 and support."""

    code: int
    name: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class AccuracyReport:
    """Hold-out accuracy: overall figures, per-class scores and the confusion matrix.

    ``confusion[i][j]`` counts test samples of class ``codes[i]`` predicted as ``codes[j]``.
    ``not_evaluated`` names classes with too few samples to appear in the test set.
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

    def to_json(self) -> dict[str, object]:
        """Plain JSON-ready dict."""
        return {
            "overall_accuracy": self.overall_accuracy,
            "kappa": self.kappa,
            "n_train": self.n_train,
            "n_test": self.n_test,
            "not_evaluated": self.not_evaluated,
            "classes": [s.__dict__ for s in self.scores],
            "confusion": {"codes": self.codes, "matrix": self.confusion},
        }


def evaluate(
    y_true: npt.NDArray[np.int64],
    y_pred: npt.NDArray[np.int64],
    legend: Sequence[ClassInfo],
    *,
    n_train: int,
    not_evaluated: Sequence[str] = (),
) -> AccuracyReport:
    """Compare predicted and true class codes of a test set.

    The confusion matrix covers every class of ``legend``; per-class scores are listed for the
    classes present in ``y_true``.
    """
    metrics = require("sklearn.metrics")
    codes = [c.code for c in legend]
    names = [c.name for c in legend]
    matrix = metrics.confusion_matrix(y_true, y_pred, labels=codes)
    precision, recall, f1, support = metrics.precision_recall_fscore_support(
        y_true, y_pred, labels=codes, zero_division=0
    )
    scores = [
        ClassScore(code, name, float(p), float(r), float(f), int(s))
        for code, name, p, r, f, s in zip(codes, names, precision, recall, f1, support)
        if s > 0
    ]
    return AccuracyReport(
        overall_accuracy=float(metrics.accuracy_score(y_true, y_pred)),
        kappa=float(metrics.cohen_kappa_score(y_true, y_pred, labels=codes)),
        scores=scores,
        codes=codes,
        names=names,
        confusion=matrix.astype(int).tolist(),
        n_train=int(n_train),
        n_test=len(y_true),
        not_evaluated=list(not_evaluated),
    )
