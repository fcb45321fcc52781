"""Accuracy and area when the strata are not the assessed map's classes (Stehman 2014).

Stehman (2014), "Estimating area and map accuracy for stratified random sampling when the
strata are different from the map classes", International Journal of Remote Sensing 35(13):
4923-4939.

The typical case: reference points drawn stratified by one map (lulc:validationpoints) and used
to assess another map, or a later version of the same map. Like :mod:`.map_accuracy`, no finite
population correction.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from ..errors import InvalidInputError
from .map_accuracy import (
    DESIGN_OTHER,
    Estimate,
    MapAccuracy,
    _check_strata,
    _class_accuracy,
    _counts,
)


def stehman_estimates(
    strata: npt.ArrayLike,
    stratum_sizes: Mapping[int, float],
    mapped: npt.ArrayLike,
    reference: npt.ArrayLike,
    codes: Sequence[int],
    names: Sequence[str],
    map_area_ha: npt.ArrayLike,
    total_area_ha: float | None = None,
) -> MapAccuracy:
    """Estimate accuracy and areas from a sample whose strata are not the map's classes.

    The estimators of Stehman (2014) for a stratified random sample, e.g. points drawn
    stratified by another map.

    Every estimate is a stratified mean of a 0/1 indicator per point (area proportions,
    overall accuracy, cells of the error matrix) or a ratio of two such means (user's and
    producer's accuracy), with the usual variance of a stratified (ratio) estimator. When the
    strata are the map's classes, the results equal :func:`stratified_estimates`.

    Parameters
    ----------
    strata
        Stratum code of each point.
    stratum_sizes
        Size of every stratum (pixels or hectares: only their shares matter), by stratum code.
    mapped, reference
        Map class and reference class of each point, codes among ``codes``.
    codes, names
        Class codes and names, in the order of rows and columns.
    map_area_ha
        Mapped area of each class of the assessed map, in hectares.
    total_area_ha
        Area the proportions are of; the sum of ``map_area_ha`` by default.

    Returns
    -------
    MapAccuracy
        Design "stratified by another map".

    Raises
    ------
    InvalidInputError
        If a point's stratum is not in ``stratum_sizes`` or a stratum has fewer than 2 points.
    """
    h, size = _stratum_index(np.asarray(strata, dtype=np.int64), stratum_sizes)
    n_h = np.bincount(h, minlength=size.size).astype(np.float64)
    _check_strata(size, n_h, [f"stratum {c}" for c in sorted(stratum_sizes)])
    w = size / size.sum()
    position = {int(c): i for i, c in enumerate(codes)}
    k = np.array([position[int(c)] for c in np.asarray(mapped)], dtype=np.int64)
    r = np.array([position[int(c)] for c in np.asarray(reference)], dtype=np.int64)
    big_n = np.asarray(map_area_ha, dtype=np.float64)
    total_ha = float(big_n.sum() if total_area_ha is None else total_area_ha)
    return _stehman_accuracy(k, r, h, w, codes, names, big_n, total_ha)


def _stehman_accuracy(
    k: npt.NDArray[np.int64],
    r: npt.NDArray[np.int64],
    h: npt.NDArray[np.int64],
    w: npt.NDArray[np.float64],
    codes: Sequence[int],
    names: Sequence[str],
    big_n: npt.NDArray[np.float64],
    total_ha: float,
) -> MapAccuracy:
    """Estimate from each point's map class ``k``, reference class ``r`` and stratum ``h``.

    ``k`` and ``r`` are positions in ``codes``; ``w`` holds the strata weights, ``big_n`` the
    mapped area of each class and ``total_ha`` the area the proportions are of.
    """
    q = len(codes)
    in_map, in_ref = np.eye(q)[k], np.eye(q)[r]
    hit = in_map * in_ref
    cells, _ = _stratified_mean((in_map[:, :, None] * in_ref[:, None, :]).reshape(k.size, -1), h, w)
    prop, var_prop = _stratified_mean(in_ref, h, w)
    overall, var_overall = _stratified_mean((k == r)[:, None].astype(np.float64), h, w)
    users, var_users = _stratified_ratio(hit, in_map, h, w)
    producers, var_producers = _stratified_ratio(hit, in_ref, h, w)
    counts = np.zeros((q, q))
    np.add.at(counts, (k, r), 1.0)
    classes = [
        _class_accuracy(
            codes[j],
            names[j],
            (users[j], var_users[j]),
            (producers[j], var_producers[j]),
            (prop[j], var_prop[j]),
            total_ha,
            big_n[j],
            in_map[:, j].sum(),
        )
        for j in range(q)
    ]
    return MapAccuracy(
        DESIGN_OTHER,
        Estimate(float(overall[0]), math.sqrt(max(float(var_overall[0]), 0.0))),
        classes,
        _counts(counts),
        cells.reshape(q, q).tolist(),
        total_ha,
    )


def _stratum_index(
    strata: npt.NDArray[np.int64], sizes: Mapping[int, float]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Index of each point's stratum among the sorted stratum codes, and the strata sizes."""
    order = sorted(int(c) for c in sizes)
    unknown = sorted({int(c) for c in np.unique(strata)} - set(order))
    if unknown:
        raise InvalidInputError(
            f"Points in strata the design does not list: {', '.join(map(str, unknown[:10]))} "
            f"(strata: {', '.join(map(str, order))}). Give the stratum each point was drawn in."
        )
    index = np.searchsorted(np.array(order, dtype=np.int64), strata).astype(np.int64)
    return index, np.array([float(sizes[c]) for c in order], dtype=np.float64)


def _stratified_mean(
    y: npt.NDArray[np.float64], h: npt.NDArray[np.int64], w: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Return the stratified mean of each column of ``y`` (points x m) and its variance.

    The mean is sum_h W_h ybar_h, its variance sum_h W_h^2 s_h^2 / n_h (Stehman 2014,
    eqs. 2-3; Cochran 1977, 5.6).
    """
    n_h = np.bincount(h, minlength=w.size).astype(np.float64)[:, None]
    sums = np.zeros((w.size, y.shape[1]))
    np.add.at(sums, h, y)
    ybar = np.divide(sums, n_h, out=np.zeros_like(sums), where=n_h > 0)
    squares = np.zeros_like(sums)
    np.add.at(squares, h, (y - ybar[h]) ** 2)
    s2 = np.divide(squares, n_h - 1, out=np.zeros_like(sums), where=n_h > 1)
    per_point = np.divide(w[:, None] ** 2, n_h, out=np.zeros_like(n_h), where=n_h > 0)
    return w @ ybar, (per_point * s2).sum(axis=0)


def _stratified_ratio(
    y: npt.NDArray[np.float64],
    x: npt.NDArray[np.float64],
    h: npt.NDArray[np.int64],
    w: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Return the ratio of two stratified means per column, R = ybar/xbar, and its variance.

    The variance is that of the mean of y - R x over xbar^2 (Stehman 2014, eqs. 27-28).
    NaN where xbar=0.
    """
    mean_y, _ = _stratified_mean(y, h, w)
    mean_x, _ = _stratified_mean(x, h, w)
    defined = mean_x > 0
    ratio = np.divide(mean_y, mean_x, out=np.full_like(mean_y, np.nan), where=defined)
    _, var_d = _stratified_mean(y - np.where(defined, ratio, 0.0) * x, h, w)
    var = np.divide(var_d, mean_x**2, out=np.full_like(var_d, np.nan), where=defined)
    return ratio, var
