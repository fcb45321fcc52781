"""95 % confidence intervals of accuracy figures measured on test samples.

Proportions (overall accuracy, each class's precision and recall) get a Wilson score interval,
which stays inside [0, 1] and is sound for small counts and for shares near 0 or 1. Figures that
are not proportions (F1, kappa, macro and weighted F1, MCC) get a percentile bootstrap: the test
samples are resampled with replacement within each fold (the hold-out is one fold), keeping the
folds' sizes, and the figure is recomputed on each resample. Every figure is a function of the
confusion matrix, so resampling the samples of a fold is a multinomial draw over the cells of its
confusion matrix: the cost does not depend on the number of samples.

Both treat the test samples as independent. Pixels of one polygon are alike, so when many samples
come from few label features the intervals understate the uncertainty; the spread of the
per-fold accuracies shows more of it.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..deps import require

#: Confidence level of every interval.
CONFIDENCE = 0.95
#: Bootstrap resamples.
RESAMPLES = 1000
#: Seed of the bootstrap: the same predictions always give the same intervals.
BOOTSTRAP_SEED = 20250917

#: A (low, high) interval; (NaN, NaN) where the figure is undefined.
Interval = tuple[float, float]
NO_INTERVAL: Interval = (math.nan, math.nan)

Matrices = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Intervals:
    """Intervals of a report's figures; per-class lists follow the confusion matrix's classes."""

    overall_accuracy: Interval
    precision: list[Interval]
    recall: list[Interval]
    f1: list[Interval]
    kappa: Interval
    f1_macro: Interval
    f1_weighted: Interval
    mcc: Interval
    fold_accuracy: list[float]


def z_value(level: float = CONFIDENCE) -> float:
    """Return the two-sided standard normal quantile of ``level`` (1.96 for 95 %)."""
    stats = require("scipy.stats")
    return float(stats.norm.ppf(0.5 + level / 2.0))


def wilson(
    successes: npt.ArrayLike, trials: npt.ArrayLike, level: float = CONFIDENCE
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Return the Wilson score interval of ``successes`` out of ``trials`` (element-wise).

    Where ``trials`` is 0 the share is undefined and both bounds are NaN.
    """
    k = np.asarray(successes, dtype=np.float64)
    n = np.asarray(trials, dtype=np.float64)
    z2 = z_value(level) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denominator = 1.0 + z2 / n
        centre = (p + z2 / (2.0 * n)) / denominator
        half = math.sqrt(z2) * np.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denominator
    undefined = n <= 0
    # Exact at the ends: none right gives 0 below, all right 1 above (not 1 - 1e-16).
    low = np.where(undefined, np.nan, np.where(k <= 0, 0.0, np.clip(centre - half, 0.0, 1.0)))
    high = np.where(undefined, np.nan, np.where(k >= n, 1.0, np.clip(centre + half, 0.0, 1.0)))
    return low, high


def resample_confusions(
    confusions: Sequence[npt.NDArray[np.int64]], resamples: int, seed: int
) -> Matrices:
    """Return ``resamples`` bootstrap confusion matrices (resamples x classes x classes).

    Each fold's samples are drawn with replacement from that fold, as many as it holds: a
    multinomial draw over the cells of the fold's confusion matrix. The folds' draws are summed.
    """
    rng = np.random.default_rng(seed)
    k = int(np.asarray(confusions[0]).shape[0])
    total = np.zeros((resamples, k * k), dtype=np.float64)
    for matrix in confusions:
        cells = np.asarray(matrix, dtype=np.float64).ravel()
        used = np.flatnonzero(cells)  # an empty cell stays empty: draw only the others
        n = int(cells.sum())
        if n:
            total[:, used] += rng.multinomial(n, cells[used] / n, size=resamples)
    return total.reshape(resamples, k, k)


def figures(matrices: Matrices) -> dict[str, npt.NDArray[np.float64]]:
    """Return the figures of a stack of confusion matrices (rows: reference, columns: predicted).

    ``f1`` is per class (NaN where the class has no reference sample); ``f1_macro`` and
    ``f1_weighted`` average over the classes with reference samples, as :func:`.evaluate` does.
    """
    tp = np.diagonal(matrices, axis1=-2, axis2=-1)
    rows, cols = matrices.sum(axis=-1), matrices.sum(axis=-2)
    n = matrices.sum(axis=(-2, -1))
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = np.where(rows > 0, 2.0 * tp / (rows + cols), np.nan)
        present = rows > 0
        f1_macro = np.where(present, f1, 0.0).sum(axis=-1) / present.sum(axis=-1)
        f1_weighted = np.where(present, f1 * rows, 0.0).sum(axis=-1) / n
        correct = tp.sum(axis=-1)
        chance = (rows * cols).sum(axis=-1) / (n * n)
        kappa = (correct / n - chance) / (1.0 - chance)
        mcc = (correct * n - (rows * cols).sum(axis=-1)) / np.sqrt(
            (n * n - (cols * cols).sum(axis=-1)) * (n * n - (rows * rows).sum(axis=-1))
        )
    return {
        "f1": f1,
        "f1_macro": f1_macro,
        "f1_weighted": f1_weighted,
        "kappa": kappa,
        "mcc": np.where(np.isfinite(mcc), mcc, 0.0),  # scikit-learn's value when undefined
    }


def percentile_interval(
    values: npt.NDArray[np.float64], level: float = CONFIDENCE
) -> npt.NDArray[np.float64]:
    """Return the percentile interval of bootstrap ``values`` along the first axis (low, high).

    Resamples where the figure is undefined (NaN) are left out; NaN if all are.
    """
    tail = 100.0 * (1.0 - level) / 2.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN: the figure is undefined
        return np.asarray(np.nanpercentile(values, [tail, 100.0 - tail], axis=0))


def confidence_intervals(
    confusions: Sequence[npt.NDArray[np.int64]],
    *,
    level: float = CONFIDENCE,
    resamples: int = RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> Intervals:
    """Return the intervals of the figures of pooled per-fold confusion matrices.

    ``confusions`` holds one matrix per fold (one for a hold-out), all over the same classes.
    """
    folds = [np.asarray(m, dtype=np.int64) for m in confusions]
    pooled = np.sum(folds, axis=0)
    tp, rows, cols = np.diagonal(pooled), pooled.sum(axis=1), pooled.sum(axis=0)
    oa = wilson(tp.sum(), pooled.sum(), level)
    precision = wilson(tp, cols, level)
    recall = wilson(tp, rows, level)
    boot = figures(resample_confusions(folds, resamples, seed))
    spans = {key: percentile_interval(values, level) for key, values in boot.items()}
    f1 = np.where(rows > 0, spans["f1"], np.nan)  # classes without support have no F1

    def pair(span: npt.NDArray[np.float64]) -> Interval:
        return float(span[0]), float(span[1])

    def pairs(low: npt.NDArray[np.float64], high: npt.NDArray[np.float64]) -> list[Interval]:
        return [(float(a), float(b)) for a, b in zip(low, high)]

    return Intervals(
        overall_accuracy=(float(oa[0]), float(oa[1])),
        precision=pairs(*precision),
        recall=pairs(*recall),
        f1=pairs(f1[0], f1[1]),
        kappa=pair(spans["kappa"]),
        f1_macro=pair(spans["f1_macro"]),
        f1_weighted=pair(spans["f1_weighted"]),
        mcc=pair(spans["mcc"]),
        fold_accuracy=[float(np.trace(m) / m.sum()) for m in folds if m.sum()],
    )


def method_text(folds: int, resamples: int = RESAMPLES) -> str:
    """Return how the intervals were computed, in a line (English: it goes into the JSON)."""
    where = " within each fold" if folds else ""
    return (
        "Wilson score interval (overall accuracy, precision, recall); percentile bootstrap of "
        f"{resamples} resamples of the test samples{where} (F1, kappa, macro and weighted F1, "
        "MCC); samples treated as independent"
    )


def overlap(first: Sequence[float] | None, second: Sequence[float] | None) -> bool:
    """Return whether two intervals overlap (False when either is missing or undefined)."""
    if not first or not second:
        return False
    bounds = [first[0], first[1], second[0], second[1]]
    if any(b is None or not math.isfinite(float(b)) for b in bounds):
        return False
    return float(first[0]) <= float(second[1]) and float(second[0]) <= float(first[1])
