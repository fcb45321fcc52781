"""Validation schemes: stratified hold-out, k-fold, and spatial cross-validation.

Spatial cross-validation keeps neighbours on one side of every split: samples are grouped by
the label feature they came from (a polygon gives many alike pixels) or by square blocks of a
given size in map units, and whole groups are assigned to folds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..deps import require
from ..errors import InvalidInputError
from ..i18n import QT_TRANSLATE_NOOP
from ..progress import Progress, check_cancel

#: Validation scheme keys, in the order of the lulc:train VALIDATION enum (never reorder).
SCHEMES = ("holdout", "kfold", "spatial_features", "spatial_blocks")
#: Display name of each scheme (translated in context "Validation").
SCHEME_NAMES = {
    "holdout": QT_TRANSLATE_NOOP("Validation", "Stratified hold-out"),
    "kfold": QT_TRANSLATE_NOOP("Validation", "Stratified k-fold cross-validation (random)"),
    "spatial_features": QT_TRANSLATE_NOOP(
        "Validation", "Spatial cross-validation by label feature (polygon)"
    ),
    "spatial_blocks": QT_TRANSLATE_NOOP("Validation", "Spatial cross-validation by blocks"),
}


@dataclass(frozen=True)
class Split:
    """Indexes of one train/test split."""

    train: npt.NDArray[np.int64]
    test: npt.NDArray[np.int64]


@dataclass(frozen=True)
class Outcome:
    """Out-of-sample predictions pooled over the splits, and permutation importances."""

    y_true: npt.NDArray[np.int64]
    y_pred: npt.NDArray[np.int64]
    n_train: int
    importance: npt.NDArray[np.float64]
    importance_std: npt.NDArray[np.float64]
    best_params: list[dict[str, Any]]


def holdout_split(
    codes: npt.NDArray[np.int64], test_fraction: float, seed: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], list[int]]:
    """Split the samples into a training set and a stratified random hold-out.

    About ``test_fraction`` of each class goes to the test set. Every class with at least 2
    samples has at least one sample on each side. Classes with a single sample go to training
    only and are returned as not evaluated.

    ``test_fraction`` is between 0 and 1 (exclusive), as :class:`~..train.TrainingOptions`
    checks.

    Returns
    -------
    train_idx, test_idx, not_evaluated_codes
    """
    rng = np.random.default_rng(seed)
    train: list[npt.NDArray[np.int64]] = []
    test: list[npt.NDArray[np.int64]] = []
    not_evaluated: list[int] = []
    for code in np.unique(codes):
        idx = rng.permutation(np.flatnonzero(codes == code))
        if idx.size < 2:
            train.append(idx)
            not_evaluated.append(int(code))
            continue
        n_test = min(idx.size - 1, max(1, round(idx.size * test_fraction)))
        test.append(idx[:n_test])
        train.append(idx[n_test:])
    empty = np.empty(0, dtype=np.int64)
    return (
        np.sort(np.concatenate(train or [empty])),
        np.sort(np.concatenate(test or [empty])),
        not_evaluated,
    )


def block_groups(
    xs: npt.NDArray[np.float64], ys: npt.NDArray[np.float64], size: float
) -> npt.NDArray[np.int64]:
    """Return the group id of the ``size`` x ``size`` map-unit block holding each sample.

    ``size`` is above 0, as :class:`~..train.TrainingOptions` checks.
    """
    bx = np.floor(xs / size).astype(np.int64)
    by = np.floor(ys / size).astype(np.int64)
    _, groups = np.unique(np.stack([bx, by], axis=1), axis=0, return_inverse=True)
    return np.asarray(groups, dtype=np.int64).ravel()


def kfold_splits(
    codes: npt.NDArray[np.int64],
    folds: int,
    seed: int,
    names: dict[int, str],
    groups: npt.NDArray[np.int64] | None = None,
    what: str = "",
    fix: str | None = None,
) -> list[Split]:
    """Make stratified k-fold splits; with ``groups``, whole groups go to one fold.

    ``folds`` is at least 2 (:class:`~..train.TrainingOptions` checks the user's choice).

    Raises
    ------
    InvalidInputError
        If a class has fewer samples (or groups) than folds, with ``fix`` (or the usual fixes).
    """
    selection = require("sklearn.model_selection")
    short = []
    for code in np.unique(codes):
        sel = codes == code
        count = int(np.unique(groups[sel]).size) if groups is not None else int(sel.sum())
        if count < folds:
            short.append(f"{names.get(int(code), code)} ({count})")
    if short:
        unit = what or "samples"
        advice = fix or (
            f"Use fewer folds (at least 2), add {unit} to these classes"
            + (", use smaller blocks" if "block" in unit else "")
            + ", or choose the hold-out validation."
        )
        raise InvalidInputError(
            f"Too few {unit} per class for {folds}-fold cross-validation: "
            f"{', '.join(short)}. {advice}"
        )
    x = np.zeros((codes.size, 1))
    if groups is None:
        splitter = selection.StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
        parts = splitter.split(x, codes)
    else:
        splitter = selection.StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
        parts = splitter.split(x, codes, groups)
    splits = [Split(np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)) for a, b in parts]
    if any(s.test.size == 0 for s in splits):
        raise InvalidInputError(
            f"Some of the {folds} folds are empty; use fewer folds or add more {what or 'samples'}."
        )
    return splits


def evaluate_splits(
    fit: Callable[[npt.NDArray[np.int64]], Any],
    x: npt.NDArray[np.float64],
    codes: npt.NDArray[np.int64],
    splits: Sequence[Split],
    *,
    seed: int,
    progress: Progress,
    importance: bool = True,
) -> Outcome:
    """Fit a model on each split's training part and predict its test part, which it never saw.

    ``fit(train_idx)`` returns the model fitted on the training part.
    A fitted search is unwrapped to its best estimator. Permutation importance is measured on
    each test part and averaged, weighted by the part's size.
    """
    inspection = require("sklearn.inspection")
    y_true, y_pred = [], []
    weights, means, spreads, best = [], [], [], []
    for k, split in enumerate(splits):
        check_cancel(progress)
        fitted = fit(split.train)
        if hasattr(fitted, "best_params_"):
            best.append(dict(fitted.best_params_))
        estimator = getattr(fitted, "best_estimator_", fitted)
        predicted = np.asarray(estimator.predict(x[split.test]), dtype=np.int64)
        y_true.append(codes[split.test])
        y_pred.append(predicted)
        if importance:
            result = inspection.permutation_importance(
                estimator,
                x[split.test],
                codes[split.test],
                n_repeats=5,
                random_state=seed,
                n_jobs=1,
            )
            weights.append(split.test.size)
            means.append(result.importances_mean)
            spreads.append(result.importances_std)
        progress.report((k + 1) / len(splits))
    w = np.asarray(weights, dtype=np.float64)
    n_features = x.shape[1]
    return Outcome(
        np.concatenate(y_true),
        np.concatenate(y_pred),
        int(np.mean([s.train.size for s in splits])),
        np.average(means, axis=0, weights=w) if means else np.zeros(n_features),
        np.average(spreads, axis=0, weights=w) if spreads else np.zeros(n_features),
        best,
    )
