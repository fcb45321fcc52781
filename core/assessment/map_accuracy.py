"""Map accuracy and class areas from a reference sample (Olofsson et al. 2014).

Olofsson et al. (2014), Remote Sensing of Environment 148: 42-57, "Good practices for
estimating area and assessing accuracy of land change".

Rows are map classes, columns reference classes. Three estimators:

- :func:`stratified_estimates`: the strata are the assessed map's classes, each weighted by its
  share of the map (eqs. 1-11). Right for a sample stratified by this map, and, as
  post-stratification, for a simple random or systematic sample of it.
- :func:`.strata_accuracy.stehman_estimates`: the strata are some other classes (e.g. of the
  map the points were drawn from), Stehman (2014).
- :func:`simple_random_estimates`: every point counts the same (plain proportions).

Equation numbers refer to Olofsson et al. (2014) unless said otherwise. None of them uses a
finite population correction, as in the papers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from ..errors import InvalidInputError, check_choice
from ..i18n import QT_TRANSLATE_NOOP

#: Names of the designs, as reported (``MapAccuracy.design``).
DESIGN_MAP = QT_TRANSLATE_NOOP("MapAccuracy", "stratified by the map")
DESIGN_OTHER = QT_TRANSLATE_NOOP("MapAccuracy", "stratified by another map")
DESIGN_SRS = QT_TRANSLATE_NOOP("MapAccuracy", "simple random sample")

#: z of the 95 % interval, as in Olofsson et al. (2014) and common practice.
Z95 = 1.96


@dataclass(frozen=True)
class Estimate:
    """A value, its standard error and the half-width of its 95 % confidence interval."""

    value: float
    se: float

    @property
    def ci95(self) -> float:
        """Half-width of the 95 % confidence interval (value +- ci95)."""
        return Z95 * self.se


@dataclass(frozen=True)
class ClassAccuracy:
    """One class: user's and producer's accuracy, area proportion and area."""

    code: int
    name: str
    users: Estimate
    producers: Estimate
    proportion: Estimate
    area_ha: Estimate
    map_area_ha: float
    sample_count: int


@dataclass(frozen=True)
class MapAccuracy:
    """Accuracy and area estimates of a map from a reference sample.

    Every estimate (:class:`Estimate`) has ``value``, ``se`` and ``ci95`` (half-width of its
    95 % interval).

    Attributes
    ----------
    design
        The estimator used (stratified by map class, by another map's classes, or simple
        random).
    overall
        Overall accuracy.
    classes
        Per class: user's and producer's accuracy, area proportion and area in hectares (with
        their errors), mapped area and reference points (:class:`ClassAccuracy`).
    counts, proportions
        The confusion matrix (map class by row, reference class by column) in points and in
        estimated area proportions.
    total_area_ha
        Mapped area.
    notes, design_reason, points, codes_not_in_map
        Warnings; why this design; points used and left out by reason; reference codes the map
        never assigns.
    """

    design: str
    overall: Estimate
    classes: list[ClassAccuracy]
    counts: list[list[int]]
    proportions: list[list[float]]
    total_area_ha: float
    notes: list[str] = field(default_factory=list)
    #: Why this design was used (filled in by the tool that chose it).
    design_reason: str = ""
    #: Reference points used and left out, by reason (filled in by the tool that read them).
    points: dict[str, int] = field(default_factory=dict)
    #: Reference codes the map never assigns, with their number of points.
    codes_not_in_map: dict[int, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""

        def est(e: Estimate) -> dict[str, float]:
            return {"value": e.value, "se": e.se, "ci95": e.ci95}

        return {
            "design": self.design,
            "design_reason": self.design_reason,
            "points": self.points,
            "reference_codes_not_in_map": [
                {"code": code, "points": count} for code, count in self.codes_not_in_map.items()
            ],
            "overall_accuracy": est(self.overall),
            "total_area_ha": self.total_area_ha,
            "classes": [
                {
                    "code": c.code,
                    "name": c.name,
                    "users_accuracy": est(c.users),
                    "producers_accuracy": est(c.producers),
                    "area_proportion": est(c.proportion),
                    "area_ha": est(c.area_ha),
                    "map_area_ha": c.map_area_ha,
                    "sample_count": c.sample_count,
                }
                for c in self.classes
            ],
            "confusion_counts": self.counts,
            "confusion_area_proportions": self.proportions,
            "notes": self.notes,
        }


def _safe(num: float, den: float) -> float:
    return num / den if den else math.nan


def stratified_estimates(
    counts: npt.ArrayLike,
    map_area_ha: npt.ArrayLike,
    codes: Sequence[int],
    names: Sequence[str],
) -> MapAccuracy:
    """Stratified estimators of accuracy and area (Olofsson et al. 2014, eqs. 1-11).

    A reference class the map never assigns (a row of zero area and no points) is allowed:
    its user's accuracy is undefined (NaN), its producer's accuracy 0 and its area is
    estimated from the points of the other strata.

    Parameters
    ----------
    counts
        (q, q) sample counts n_ij: rows map class i, columns reference class j.
    map_area_ha
        Mapped area of each class (the strata sizes), in hectares.
    codes, names
        Class codes and names, in the order of rows and columns.

    Returns
    -------
    MapAccuracy
        Design "stratified by the map".

    Raises
    ------
    InvalidInputError
        If the shapes disagree or a mapped class has fewer than 2 points.
    """
    n = np.asarray(counts, dtype=np.float64)
    big_n = np.asarray(map_area_ha, dtype=np.float64)
    q = n.shape[0]
    if n.shape != (q, q) or big_n.shape != (q,):
        raise InvalidInputError("The confusion matrix must be square with one map area per row.")
    n_i = n.sum(axis=1)
    _check_strata(big_n, n_i, names)
    est = _olofsson(n, big_n, n_i)
    total_ha = float(big_n.sum())
    classes = _stratified_classes(est, codes, names, big_n, n_i, total_ha)
    return MapAccuracy(
        DESIGN_MAP,
        Estimate(float(np.trace(est.p)), math.sqrt(est.var_overall)),  # eq. 1
        classes,
        _counts(n),
        _shares(est.p),
        total_ha,
    )


class _Olofsson(NamedTuple):
    """The estimates of Olofsson et al. (2014) before they are gathered by class."""

    share: npt.NDArray[Any]  # n_ij / n_i
    p: npt.NDArray[Any]  # estimated area proportions p_ij
    users: npt.NDArray[Any]
    var_users: npt.NDArray[Any]
    producers: npt.NDArray[Any]
    col: npt.NDArray[Any]  # estimated area proportion of each reference class
    var_prop: npt.NDArray[Any]
    dof: npt.NDArray[Any]  # n_i - 1, NaN for a stratum of fewer than 2 points
    var_overall: float


def _olofsson(n: npt.NDArray[Any], big_n: npt.NDArray[Any], n_i: npt.NDArray[Any]) -> _Olofsson:
    """Apply eqs. 2-10 to the counts ``n``, the strata sizes ``big_n`` and their points ``n_i``."""
    w = big_n / big_n.sum()
    share = np.divide(n, n_i[:, None], out=np.zeros_like(n), where=n_i[:, None] > 0)
    p = w[:, None] * share  # eq. 4: estimated area proportions p_ij
    users = np.where(n_i > 0, np.diag(share), np.nan)  # eq. 2
    col = p.sum(axis=0)  # eq. 9
    dof = np.where(n_i > 1, n_i - 1, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        var_users = users * (1 - users) / dof  # eq. 6
        var_overall = float(np.nansum(w**2 * users * (1 - users) / dof))  # eq. 5
        producers = np.diag(p) / col  # eq. 3
        var_prop = np.nansum((w[:, None] * p - p**2) / dof[:, None], axis=0)  # eq. 10
    return _Olofsson(share, p, users, var_users, producers, col, var_prop, dof, var_overall)


def _stratified_classes(
    est: _Olofsson,
    codes: Sequence[int],
    names: Sequence[str],
    big_n: npt.NDArray[Any],
    n_i: npt.NDArray[Any],
    total_ha: float,
) -> list[ClassAccuracy]:
    """Gather the estimates by class, with the variance of producer's accuracy (eq. 7)."""
    return [
        _class_accuracy(
            codes[j],
            names[j],
            (est.users[j], est.var_users[j]),
            (est.producers[j], _var_producers(j, big_n, est.share, est.producers[j], est.dof)),
            (est.col[j], est.var_prop[j]),
            total_ha,
            big_n[j],
            n_i[j],
        )
        for j in range(n_i.size)
    ]


def _check_strata(size: npt.NDArray[Any], points: npt.NDArray[Any], names: Sequence[str]) -> None:
    """Every stratum of the map needs 2 points for a variance."""
    short = [names[i] for i in range(size.size) if size[i] > 0 and points[i] < 2]
    if short:
        raise InvalidInputError(
            f"Strata with fewer than 2 reference points: {', '.join(short)}. Stratified "
            "estimates need at least 2 in each (Olofsson et al. recommend 50 or more): add "
            "points there, or, if the points are a simple random sample, choose the simple "
            "random sample design."
        )


def _var_producers(
    j: int,
    big_n: npt.NDArray[Any],
    share: npt.NDArray[Any],
    producers: float,
    dof: npt.NDArray[Any],
) -> float:
    """Variance of producer's accuracy of class j (eq. 7); strata of no area add nothing."""
    big_n_j = float(big_n @ share[:, j])  # estimated reference area of class j
    others = np.where(big_n > 0, big_n**2 * share[:, j] * (1 - share[:, j]) / dof, 0.0)
    others[j] = 0.0
    own = 0.0
    if big_n[j] > 0:
        own = big_n[j] ** 2 * (1 - producers) ** 2 * share[j, j] * (1 - share[j, j]) / dof[j]
    return _safe(own + producers**2 * float(others.sum()), big_n_j**2)


def _class_accuracy(
    code: int,
    name: str,
    users: tuple[float, float],
    producers: tuple[float, float],
    proportion: tuple[float, float],
    total_ha: float,
    map_area_ha: float,
    sample_count: float,
) -> ClassAccuracy:
    """One class from (value, variance) pairs; the area is the proportion times the total."""

    def est(pair: tuple[float, float], scale: float = 1.0) -> Estimate:
        value, var = float(pair[0]), float(pair[1])
        se = math.sqrt(var) if var > 0 else (0.0 if var <= 0 else math.nan)  # NaN stays NaN
        return Estimate(value * scale, se * scale)

    return ClassAccuracy(
        int(code),
        str(name),
        est(users),
        est(producers),
        est(proportion),
        est(proportion, total_ha),
        float(map_area_ha),
        int(sample_count),
    )


def simple_random_estimates(
    counts: npt.ArrayLike,
    map_area_ha: npt.ArrayLike,
    codes: Sequence[int],
    names: Sequence[str],
) -> MapAccuracy:
    """Estimators for a simple random sample: every point counts the same.

    Parameters
    ----------
    counts
        (q, q) sample counts n_ij: rows map class i, columns reference class j.
    map_area_ha
        Mapped area of each class, in hectares (their sum is the area the proportions are of).
    codes, names
        Class codes and names, in the order of rows and columns.

    Returns
    -------
    MapAccuracy
        Design "simple random sample".
    """
    n = np.asarray(counts, dtype=np.float64)
    big_n = np.asarray(map_area_ha, dtype=np.float64)
    total = n.sum()
    if total < 2:
        raise InvalidInputError("At least 2 reference points are needed to assess a map.")
    n_i, n_j = n.sum(axis=1), n.sum(axis=0)
    overall = float(np.trace(n) / total)
    total_ha = float(big_n.sum())

    def binomial(hits: float, size: float) -> tuple[float, float]:
        value = _safe(hits, size)
        return value, value * (1 - value) / (size - 1) if size > 1 else math.nan

    classes = [
        _class_accuracy(
            codes[j],
            names[j],
            binomial(n[j, j], n_i[j]),
            binomial(n[j, j], n_j[j]),
            binomial(n_j[j], total),
            total_ha,
            big_n[j],
            n_i[j],
        )
        for j in range(n.shape[0])
    ]
    return MapAccuracy(
        DESIGN_SRS,
        Estimate(overall, math.sqrt(overall * (1 - overall) / (total - 1))),
        classes,
        _counts(n),
        _shares(n / total),
        total_ha,
        [
            "Simple random sample: every reference point counts the same, which is right only "
            "if every pixel of the map had the same chance of being drawn."
        ],
    )


def _shares(p: npt.NDArray[Any]) -> list[list[float]]:
    """Return a matrix of shares as nested lists of Python floats."""
    return [[float(v) for v in row] for row in p]


def _counts(n: npt.NDArray[Any]) -> list[list[int]]:
    """Return a matrix of counts as nested lists of Python ints."""
    return [[int(v) for v in row] for row in n]


#: Ways to share reference points among the map classes (:func:`allocate`).
ALLOCATIONS = ("equal", "proportional", "minimum")


def check_target_se(target_se: float) -> None:
    """Refuse a target standard error of overall accuracy outside (0, 1).

    Raises
    ------
    InvalidInputError
        Naming the value and an example.
    """
    if not 0 < target_se < 1:
        raise InvalidInputError(
            f"The target standard error of overall accuracy must be between 0 and 1, "
            f"not {target_se} (e.g. 0.01)."
        )


def check_allocation(scheme: str) -> None:
    """Refuse an allocation that is not one of :data:`ALLOCATIONS`.

    Raises
    ------
    InvalidInputError
        Naming the allocation and the choices.
    """
    check_choice(
        scheme,
        ALLOCATIONS,
        f"Unknown allocation '{scheme}'; choose equal, proportional or minimum.",
    )


def sample_size(weights: Sequence[float], users: Sequence[float], target_se: float) -> int:
    """Return the total sample size for a target standard error of overall accuracy (eq. 13).

    n = (sum_i W_i S_i / S(O))^2 with S_i = sqrt(U_i (1 - U_i)).
    """
    check_target_se(target_se)
    w = np.asarray(weights, dtype=np.float64)
    u = np.clip(np.asarray(users, dtype=np.float64), 0.0, 1.0)
    s = np.sqrt(u * (1 - u))
    return max(int(math.ceil((float(np.sum(w * s)) / target_se) ** 2)), 1)


def allocate(
    total: int,
    weights: Sequence[float],
    available: Sequence[int],
    *,
    scheme: str,
    minimum: int = 50,
) -> list[int]:
    """Share the points among the strata: ``equal``, ``proportional``, or ``minimum``.

    With ``minimum``, each class gets at least ``minimum`` and the rest goes proportionally.
    Never more than a class's pixels.
    """
    check_allocation(scheme)
    w = np.asarray(weights, dtype=np.float64)
    cap = np.asarray(available, dtype=np.int64)
    q = len(w)
    alloc: npt.NDArray[np.int64]
    if scheme == "equal":
        alloc = np.full(q, total // q, dtype=np.int64) + (np.arange(q) < total % q).astype(np.int64)
    elif scheme == "proportional":
        alloc = _largest_remainder(total, w)
    else:  # minimum
        base = np.minimum(np.full(q, minimum, dtype=np.int64), cap)
        rest = max(total - int(base.sum()), 0)
        alloc = base + _largest_remainder(rest, w)
    return [int(v) for v in np.minimum(alloc, cap)]


def _largest_remainder(total: int, weights: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    raw = total * weights / weights.sum()
    alloc: npt.NDArray[np.int64] = np.floor(raw).astype(np.int64)
    for k in np.argsort(-(raw - alloc))[: total - int(alloc.sum())]:
        alloc[k] += 1
    return alloc
