"""Registry of the classifiers users can choose, by stable key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .deps import require
from .errors import InvalidInputError


@dataclass(frozen=True)
class EstimatorSpec:
    """A classifier choice: stable key, label shown to users, and a factory."""

    key: str
    label: str
    factory: Callable[[int, int], Any]


def _random_forest(seed: int, n_jobs: int) -> Any:
    ensemble = require("sklearn.ensemble")
    # Forests fit and predict with threads (joblib prefer="threads"): safe inside QGIS.
    return ensemble.RandomForestClassifier(n_estimators=100, n_jobs=n_jobs, random_state=seed)


def _svm_rbf(seed: int, n_jobs: int) -> Any:
    del n_jobs  # libsvm is single-threaded
    pipeline = require("sklearn.pipeline")
    preprocessing = require("sklearn.preprocessing")
    svm = require("sklearn.svm")
    return pipeline.Pipeline(
        [
            ("scale", preprocessing.StandardScaler()),
            (
                "svc",
                svm.SVC(kernel="rbf", C=1.0, gamma="scale", probability=True, random_state=seed),
            ),
        ]
    )


def _decision_tree(seed: int, n_jobs: int) -> Any:
    del n_jobs
    tree = require("sklearn.tree")
    return tree.DecisionTreeClassifier(random_state=seed)


REGISTRY: dict[str, EstimatorSpec] = {
    spec.key: spec
    for spec in (
        EstimatorSpec("random_forest", "Random forest", _random_forest),
        EstimatorSpec("svm_rbf", "Support vector machine (RBF kernel, scaled features)", _svm_rbf),
        EstimatorSpec("decision_tree", "Decision tree", _decision_tree),
    )
}


def make_estimator(key: str, *, seed: int = 0, n_jobs: int = -1) -> Any:
    """Build a fresh, unfitted estimator for registry ``key``.

    Raises
    ------
    InvalidInputError
        If ``key`` is not in the registry.
    """
    try:
        spec = REGISTRY[key]
    except KeyError:
        raise InvalidInputError(
            f"Unknown algorithm '{key}'; choose one of: {', '.join(REGISTRY)}."
        ) from None
    return spec.factory(seed, n_jobs)
