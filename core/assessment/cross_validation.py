"""Validation schemes: stratified hold-out, k-fold, and spatial cross-validation.

Spatial cross-validation keeps neighbours on one side of every split: samples are grouped by
the label feature they came from (a polygon gives many alike pixels) or by square blocks of a
given size in map units, and whole groups are assigned to folds.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
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
    """Out-of-sample predictions pooled over the splits, and permutation importances.

    ``y_true`` and ``y_pred`` hold the splits' test samples one split after the other;
    ``fold_sizes`` says how many each split has.
    """

    y_true: npt.NDArray[np.int64]
    y_pred: npt.NDArray[np.int64]
    n_train: int
    importance: npt.NDArray[np.float64]
    importance_std: npt.NDArray[np.float64]
    best_params: list[dict[str, Any]]
    fold_sizes: list[int] = field(default_factory=list)


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
    A class's *units* are its samples, or with ``groups`` the groups holding it.

    Rare classes are not refused. The user's folds are kept and a class with fewer units than
    folds is tested in as many folds as it has units (one unit each); in the other folds all its
    samples train the model. A class is tested in a fold only while some of its samples stay in
    that fold's training part: a test sample of a class the training part lacks (a class with a
    single unit, or every unit of a class in one fold) moves to training, with its whole group,
    so a class with a single unit is never tested (see :func:`class_folds`). Only when no
    class has more units than ``folds`` does the number of folds drop, to the most units of a
    class; folds left without a test sample are dropped.

    Raises
    ------
    InvalidInputError
        If fewer than 2 classes could be tested, naming the classes with a single unit and
        ``fix`` (or the usual fixes).
    """
    units = _units(codes, groups)
    if sum(count >= 2 for count in units.values()) < 2:
        _refuse([code for code, count in units.items() if count < 2], units, names, what, fix)
    n_splits = min(folds, max(units.values()))
    splits = [
        _keep_classes_trained(s, codes, groups) for s in _split(codes, n_splits, seed, groups)
    ]
    splits = [s for s in splits if s.test.size]
    tested = set(codes[np.concatenate([s.test for s in splits])].tolist()) if splits else set()
    if len(tested) < 2:
        _refuse([code for code in units if code not in tested], units, names, what, fix)
    return splits


def _units(codes: npt.NDArray[np.int64], groups: npt.NDArray[np.int64] | None) -> dict[int, int]:
    """Return the units (samples, or groups holding it) of each class."""
    return {
        int(code): int(np.unique(groups[codes == code]).size)
        if groups is not None
        else int(np.sum(codes == code))
        for code in np.unique(codes)
    }


def _refuse(
    untested: list[int], units: dict[int, int], names: dict[int, str], what: str, fix: str | None
) -> None:
    """Say that no honest cross-validation exists: fewer than 2 classes can be tested."""
    unit = what or "samples"
    short = [f"{names.get(code, code)} ({units[code]})" for code in untested]
    # The hold-out splits samples, not groups: it helps only where groups were too few.
    advice = fix or (
        f"Add {unit} to these classes"
        + (", use smaller blocks" if "block" in unit else "")
        + (", or choose the hold-out validation." if unit != "samples" else ".")
    )
    raise InvalidInputError(
        f"Too few {unit} per class for cross-validation: {', '.join(short)}. A class is tested "
        f"only while another of its {unit} trains the model, and at least 2 classes must be "
        f"tested. {advice}"
    )


def _split(
    codes: npt.NDArray[np.int64], folds: int, seed: int, groups: npt.NDArray[np.int64] | None
) -> list[Split]:
    """Return stratified (grouped) k-fold splits.

    Groups that each hold one class (label features) are stratified as units: scikit-learn's
    ``StratifiedKFold`` over the groups, so a class with ``n`` groups has one in each of
    ``min(n, folds)`` folds. ``StratifiedGroupKFold`` balances sample counts and can put two
    polygons of a class in one fold and none in another (scikit-learn issue 24656); it is used
    only for groups that hold several classes (blocks).
    """
    selection = require("sklearn.model_selection")
    x = np.zeros((codes.size, 1))
    with warnings.catch_warnings():
        # "The least populated class has only n members": such classes are handled after.
        warnings.filterwarnings("ignore", "The least populated class", UserWarning)
        if groups is None:
            splitter = selection.StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
            parts = list(splitter.split(x, codes))
        elif _pure(codes, groups):
            ids, first, inverse = np.unique(groups, return_index=True, return_inverse=True)
            splitter = selection.StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
            parts = [
                (np.flatnonzero(np.isin(inverse, a)), np.flatnonzero(np.isin(inverse, b)))
                for a, b in splitter.split(np.zeros((ids.size, 1)), codes[first])
            ]
        else:
            splitter = selection.StratifiedGroupKFold(
                n_splits=folds, shuffle=True, random_state=seed
            )
            parts = list(splitter.split(x, codes, groups))
    return [Split(np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)) for a, b in parts]


def _pure(codes: npt.NDArray[np.int64], groups: npt.NDArray[np.int64]) -> bool:
    """Return whether every group holds a single class."""
    pairs = np.unique(np.stack([groups, codes], axis=1), axis=0)
    return bool(pairs.shape[0] == np.unique(groups).size)


def _keep_classes_trained(
    split: Split, codes: npt.NDArray[np.int64], groups: npt.NDArray[np.int64] | None
) -> Split:
    """Move to training the test samples of classes the training part lacks (whole groups)."""
    untrained = np.isin(codes[split.test], codes[split.train], invert=True)
    if not untrained.any():
        return split
    moved = split.test[untrained]
    if groups is not None:
        moved = split.test[np.isin(groups[split.test], groups[moved])]
    return Split(np.sort(np.concatenate([split.train, moved])), np.setdiff1d(split.test, moved))


def class_folds(
    codes: npt.NDArray[np.int64], splits: Sequence[Split], names: dict[int, str]
) -> dict[str, int]:
    """Return in how many of ``splits`` each class is tested, by name (0: never)."""
    return {
        names.get(int(code), str(code)): sum(bool(np.any(codes[s.test] == code)) for s in splits)
        for code in np.unique(codes)
    }


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
        [int(s.test.size) for s in splits],
    )
