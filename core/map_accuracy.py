"""Map accuracy and class areas from a reference sample (Olofsson et al. 2014, Remote Sensing of
Environment 148: 42-57, "Good practices for estimating area and assessing accuracy of land
change").

Rows are map classes (strata), columns reference classes. With a sample stratified by the map,
each cell is weighted by its stratum's share of the map; a sample not drawn that way is treated
as one simple random sample. Equation numbers refer to the paper.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from .errors import InvalidInputError

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
    """Accuracy and area estimates of a map from a reference sample."""

    design: str
    overall: Estimate
    classes: list[ClassAccuracy]
    counts: list[list[int]]
    proportions: list[list[float]]
    total_area_ha: float
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""

        def est(e: Estimate) -> dict[str, float]:
            return {"value": e.value, "se": e.se, "ci95": e.ci95}

        return {
            "design": self.design,
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
    """Stratified estimators of accuracy and area (Olofsson et al. 2014, eqs. 2-11).

    Parameters
    ----------
    counts
        (q, q) sample counts n_ij: rows map class i, columns reference class j.
    map_area_ha
        Mapped area of each class (the strata sizes), in hectares.
    codes, names
        Class codes and names, in the order of rows and columns.
    """
    n = np.asarray(counts, dtype=np.float64)
    big_n = np.asarray(map_area_ha, dtype=np.float64)
    q = n.shape[0]
    if n.shape != (q, q) or big_n.shape != (q,):
        raise InvalidInputError("The confusion matrix must be square with one map area per row.")
    n_i = n.sum(axis=1)
    if np.any((big_n > 0) & (n_i < 2)):
        short = [names[i] for i in range(q) if big_n[i] > 0 and n_i[i] < 2]
        raise InvalidInputError(
            f"Map classes with fewer than 2 reference points: {', '.join(short)}. Each mapped "
            "class needs at least 2 (Olofsson et al. recommend 50 or more): add points."
        )
    w = big_n / big_n.sum()
    share = np.divide(n, n_i[:, None], out=np.zeros_like(n), where=n_i[:, None] > 0)
    p = w[:, None] * share  # eq. 4: estimated area proportions p_ij
    overall = float(np.trace(p))  # eq. 1
    users = np.diag(share)  # eq. 2
    col = p.sum(axis=0)  # eq. 9
    with np.errstate(divide="ignore", invalid="ignore"):
        dof = np.where(n_i > 1, n_i - 1, np.nan)
        var_users = users * (1 - users) / dof  # eq. 6
        var_overall = float(np.nansum(w**2 * users * (1 - users) / dof))  # eq. 5
        producers = np.diag(p) / col  # eq. 3
        var_prop = np.nansum((w[:, None] * p - p**2) / dof[:, None], axis=0)  # eq. 10
    total_ha = float(big_n.sum())
    big_n_j = big_n @ share  # estimated reference pixels per class
    classes = []
    for j in range(q):
        others = [i for i in range(q) if i != j]
        var_prod = _safe(1.0, big_n_j[j] ** 2) * (  # eq. 7
            big_n[j] ** 2 * (1 - producers[j]) ** 2 * users[j] * (1 - users[j]) / dof[j]
            + producers[j] ** 2
            * sum(big_n[i] ** 2 * share[i, j] * (1 - share[i, j]) / dof[i] for i in others)
        )
        classes.append(
            ClassAccuracy(
                int(codes[j]),
                str(names[j]),
                Estimate(float(users[j]), math.sqrt(max(var_users[j], 0.0))),
                Estimate(float(producers[j]), math.sqrt(max(var_prod, 0.0))),
                Estimate(float(col[j]), math.sqrt(max(var_prop[j], 0.0))),
                Estimate(float(col[j] * total_ha), math.sqrt(max(var_prop[j], 0.0)) * total_ha),
                float(big_n[j]),
                int(n_i[j]),
            )
        )
    return MapAccuracy(
        "stratified by the map",
        Estimate(overall, math.sqrt(var_overall)),
        classes,
        _counts(n),
        p.tolist(),
        total_ha,
    )


def simple_random_estimates(
    counts: npt.ArrayLike,
    map_area_ha: npt.ArrayLike,
    codes: Sequence[int],
    names: Sequence[str],
) -> MapAccuracy:
    """Estimators for a simple random sample (points not drawn stratified by this map)."""
    n = np.asarray(counts, dtype=np.float64)
    big_n = np.asarray(map_area_ha, dtype=np.float64)
    total = n.sum()
    if total < 2:
        raise InvalidInputError("At least 2 reference points are needed to assess a map.")
    p = n / total
    n_i, n_j = n.sum(axis=1), n.sum(axis=0)
    overall = float(np.trace(n) / total)
    total_ha = float(big_n.sum())
    classes = []
    for j in range(n.shape[0]):
        users = _safe(n[j, j], n_i[j])
        producers = _safe(n[j, j], n_j[j])
        prop = float(n_j[j] / total)
        se_prop = math.sqrt(prop * (1 - prop) / (total - 1))
        classes.append(
            ClassAccuracy(
                int(codes[j]),
                str(names[j]),
                Estimate(
                    users, math.sqrt(users * (1 - users) / (n_i[j] - 1)) if n_i[j] > 1 else math.nan
                ),
                Estimate(
                    producers,
                    math.sqrt(producers * (1 - producers) / (n_j[j] - 1))
                    if n_j[j] > 1
                    else math.nan,
                ),
                Estimate(prop, se_prop),
                Estimate(prop * total_ha, se_prop * total_ha),
                float(big_n[j]),
                int(n_i[j]),
            )
        )
    return MapAccuracy(
        "simple random sample",
        Estimate(overall, math.sqrt(overall * (1 - overall) / (total - 1))),
        classes,
        _counts(n),
        p.tolist(),
        total_ha,
        [
            "The reference points were not drawn stratified by this map: they are treated as one "
            "simple random sample of it."
        ],
    )


def _counts(n: npt.NDArray[Any]) -> list[list[int]]:
    """A matrix of counts as nested lists of Python ints."""
    return [[int(v) for v in row] for row in n]


def sample_size(weights: Sequence[float], users: Sequence[float], target_se: float) -> int:
    """Total sample size for a target standard error of overall accuracy (eq. 13):
    n = (sum_i W_i S_i / S(O))^2 with S_i = sqrt(U_i (1 - U_i))."""
    if not 0 < target_se < 1:
        raise InvalidInputError(
            f"The target standard error of overall accuracy must be between 0 and 1, "
            f"not {target_se} (e.g. 0.01)."
        )
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
    """Points per stratum: ``equal``, ``proportional``, or ``minimum`` (each class gets at least
    ``minimum`` and the rest goes proportionally). Never more than a class's pixels."""
    w = np.asarray(weights, dtype=np.float64)
    cap = np.asarray(available, dtype=np.int64)
    q = len(w)
    alloc: npt.NDArray[np.int64]
    if scheme == "equal":
        alloc = np.full(q, total // q, dtype=np.int64) + (np.arange(q) < total % q).astype(np.int64)
    elif scheme == "proportional":
        alloc = _largest_remainder(total, w)
    elif scheme == "minimum":
        base = np.minimum(np.full(q, minimum, dtype=np.int64), cap)
        rest = max(total - int(base.sum()), 0)
        alloc = base + _largest_remainder(rest, w)
    else:
        raise InvalidInputError(
            f"Unknown allocation '{scheme}'; choose equal, proportional or minimum."
        )
    return [int(v) for v in np.minimum(alloc, cap)]


def _largest_remainder(total: int, weights: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    raw = total * weights / weights.sum()
    alloc: npt.NDArray[np.int64] = np.floor(raw).astype(np.int64)
    for k in np.argsort(-(raw - alloc))[: total - int(alloc.sum())]:
        alloc[k] += 1
    return alloc
