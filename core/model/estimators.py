"""Registry of the classifiers users can choose, by stable key, with typed hyperparameters.

Every estimator is built here from whitelisted values (never from user code). Models that need
scaled features get a StandardScaler inside a pipeline (step ``model`` is the classifier).
Parallel work uses threads (forests, kNN) or OpenMP (histogram boosting, LightGBM, XGBoost),
never processes, so training runs inside QGIS.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..deps import install_hint, require
from ..errors import InvalidInputError, MissingDependencyError
from ..i18n import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class Hyper:
    """A hyperparameter users may set.

    It holds the estimator's parameter it maps to, its type and bounds, and the candidates
    tried by the randomized search. ``None`` values mean the estimator's own default ("no
    limit" for depths).
    """

    target: str
    kind: type
    default: Any
    low: float | None = None
    high: float | None = None
    search: Sequence[Any] = ()


@dataclass(frozen=True)
class EstimatorSpec:
    """A classifier choice: stable key, label, builder, hyperparameters and abilities."""

    key: str
    label: str
    build: Callable[[int, int, bool], Any]
    hyper: Mapping[str, Hyper] = field(default_factory=dict)
    scaled: bool = False
    balanced: bool = True
    package: str | None = None
    #: other optional packages it needs (pip names), beside ``package``
    needs: tuple[str, ...] = ()

    def available(self) -> bool:
        """Tell whether this model can be used: False when an optional package is missing.

        PyTorch is looked for, not imported (that takes seconds): listing the models stays
        quick; :func:`check_available` imports it before training.
        """
        return not self.missing(imports=False)

    def missing(self, *, imports: bool = True) -> list[str]:
        """Return the optional packages this model needs that cannot be imported (pip names).

        ``imports=False``: packages of :data:`_HEAVY` are only looked for.
        """
        missing = []
        for name in ([self.package] if self.package else []) + list(self.needs):
            try:
                if name == "onnx":  # its schema only: `import onnx` clashes with QGIS's protobuf
                    from .onnx_proto import proto

                    proto()
                elif name in _HEAVY and not imports:
                    if not _installed(name):
                        missing.append(name)
                else:
                    require(name)
            except MissingDependencyError:
                missing.append(name)
        return missing


#: Packages whose import takes seconds: looked for, not imported, when the models are listed.
_HEAVY = frozenset({"torch"})


def _installed(module: str) -> bool:
    """Tell whether ``module`` can be imported, without importing it (PyTorch takes seconds).

    The estimator's builder imports it (:func:`~..deps.require`, which says what is wrong if
    an installed package cannot be imported).
    """
    if module in sys.modules:
        return sys.modules[module] is not None
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _sk(module: str, name: str) -> Any:
    return getattr(require(f"sklearn.{module}"), name)


def _weight(balanced: bool) -> str | None:
    return "balanced" if balanced else None


def _random_forest(seed: int, n_jobs: int, balanced: bool) -> Any:
    return _sk("ensemble", "RandomForestClassifier")(
        n_estimators=100, n_jobs=n_jobs, random_state=seed, class_weight=_weight(balanced)
    )


def _extra_trees(seed: int, n_jobs: int, balanced: bool) -> Any:
    return _sk("ensemble", "ExtraTreesClassifier")(
        n_estimators=100, n_jobs=n_jobs, random_state=seed, class_weight=_weight(balanced)
    )


def _hist_gradient_boosting(seed: int, n_jobs: int, balanced: bool) -> Any:
    del n_jobs  # OpenMP threads
    # min_samples_leaf 5, not 20: land-cover label sets are often small.
    return _sk("ensemble", "HistGradientBoostingClassifier")(
        random_state=seed,
        class_weight=_weight(balanced),
        early_stopping=False,
        min_samples_leaf=5,
    )


def _svm_rbf(seed: int, n_jobs: int, balanced: bool) -> Any:
    del n_jobs  # libsvm is single-threaded
    return _sk("svm", "SVC")(
        kernel="rbf",
        C=1.0,
        gamma="scale",
        probability=True,
        random_state=seed,
        class_weight=_weight(balanced),
    )


def _knn(seed: int, n_jobs: int, balanced: bool) -> Any:
    del seed, balanced
    return _sk("neighbors", "KNeighborsClassifier")(n_neighbors=5, n_jobs=n_jobs)


def _logistic(seed: int, n_jobs: int, balanced: bool) -> Any:
    del n_jobs
    return _sk("linear_model", "LogisticRegression")(
        C=1.0, max_iter=2000, random_state=seed, class_weight=_weight(balanced)
    )


def _mlp(seed: int, n_jobs: int, balanced: bool) -> Any:
    del n_jobs, balanced
    return _sk("neural_network", "MLPClassifier")(
        hidden_layer_sizes=(100,), max_iter=500, early_stopping=False, random_state=seed
    )


def _decision_tree(seed: int, n_jobs: int, balanced: bool) -> Any:
    del n_jobs
    return _sk("tree", "DecisionTreeClassifier")(random_state=seed, class_weight=_weight(balanced))


def _lightgbm(seed: int, n_jobs: int, balanced: bool) -> Any:
    return require("lightgbm").LGBMClassifier(
        n_estimators=100,
        random_state=seed,
        n_jobs=n_jobs,
        class_weight=_weight(balanced),
        min_child_samples=5,
        verbose=-1,
    )


def _cnn(seed: int, n_jobs: int, balanced: bool) -> Any:
    from .cnn import PatchCNNClassifier

    # patch_size and bands are set by training, from the samples (core/train.py); unbalanced,
    # the network still weighs classes, by the inverse square root of their frequency
    return PatchCNNClassifier(random_state=seed, n_jobs=n_jobs, balanced=balanced)


def _xgboost(seed: int, n_jobs: int, balanced: bool) -> Any:
    from .encoded_classifier import EncodedClassifier

    model = require("xgboost").XGBClassifier(
        n_estimators=100, random_state=seed, n_jobs=n_jobs, tree_method="hist"
    )
    # XGBoost wants classes 0..K-1; the wrapper maps our codes to that and back.
    return EncodedClassifier(model, balanced=balanced)


_TREES = {
    "n_estimators": Hyper("n_estimators", int, 100, 10, 5000, (50, 100, 200, 400)),
    "max_depth": Hyper("max_depth", int, None, 1, 1000, (None, 8, 16, 32)),
    "min_samples_leaf": Hyper("min_samples_leaf", int, 1, 1, 10000, (1, 2, 5, 10)),
}
_BOOSTING = {
    "n_estimators": Hyper("max_iter", int, 100, 10, 5000, (50, 100, 200, 400)),
    "max_depth": Hyper("max_depth", int, None, 1, 1000, (None, 4, 8, 16)),
    "min_samples_leaf": Hyper("min_samples_leaf", int, 5, 1, 10000, (2, 5, 10, 20)),
    "learning_rate": Hyper("learning_rate", float, 0.1, 1e-4, 1.0, (0.03, 0.1, 0.3)),
}

REGISTRY: dict[str, EstimatorSpec] = {
    spec.key: spec
    for spec in (
        # The first three keep their positions: ALGORITHM enum indexes never change.
        EstimatorSpec(
            "random_forest",
            QT_TRANSLATE_NOOP("Estimators", "Random forest"),
            _random_forest,
            _TREES,
        ),
        EstimatorSpec(
            "svm_rbf",
            QT_TRANSLATE_NOOP("Estimators", "Support vector machine (RBF kernel, scaled features)"),
            _svm_rbf,
            {
                "c": Hyper("C", float, 1.0, 1e-4, 1e6, (0.1, 1.0, 10.0, 100.0, 1000.0)),
                "gamma": Hyper("gamma", float, None, 1e-6, 1e3, (None, 0.01, 0.1, 1.0)),
            },
            scaled=True,
        ),
        EstimatorSpec(
            "decision_tree",
            QT_TRANSLATE_NOOP("Estimators", "Decision tree"),
            _decision_tree,
            {k: v for k, v in _TREES.items() if k != "n_estimators"},
        ),
        EstimatorSpec(
            "extra_trees", QT_TRANSLATE_NOOP("Estimators", "Extra trees"), _extra_trees, _TREES
        ),
        EstimatorSpec(
            "hist_gradient_boosting",
            QT_TRANSLATE_NOOP("Estimators", "Histogram gradient boosting"),
            _hist_gradient_boosting,
            _BOOSTING,
        ),
        EstimatorSpec(
            "knn",
            QT_TRANSLATE_NOOP("Estimators", "k-nearest neighbours (scaled features)"),
            _knn,
            {"n_neighbors": Hyper("n_neighbors", int, 5, 1, 1000, (3, 5, 9, 15, 25))},
            scaled=True,
            balanced=False,
        ),
        EstimatorSpec(
            "logistic_regression",
            QT_TRANSLATE_NOOP("Estimators", "Logistic regression (scaled features)"),
            _logistic,
            {"c": Hyper("C", float, 1.0, 1e-4, 1e6, (0.01, 0.1, 1.0, 10.0, 100.0))},
            scaled=True,
        ),
        EstimatorSpec(
            "mlp",
            QT_TRANSLATE_NOOP(
                "Estimators", "Multilayer perceptron neural network (scaled features)"
            ),
            _mlp,
            {
                "hidden_layers": Hyper(
                    "hidden_layer_sizes", str, "100", search=("50", "100", "100,50")
                ),
                "learning_rate": Hyper("learning_rate_init", float, 0.001, 1e-5, 1.0, (1e-3, 1e-2)),
            },
            scaled=True,
            balanced=False,
        ),
        EstimatorSpec(
            "lightgbm",
            QT_TRANSLATE_NOOP("Estimators", "LightGBM (if installed)"),
            _lightgbm,
            {
                "n_estimators": Hyper("n_estimators", int, 100, 10, 5000, (50, 100, 200, 400)),
                "max_depth": Hyper("max_depth", int, None, 1, 1000, (None, 4, 8, 16)),
                "min_samples_leaf": Hyper("min_child_samples", int, 5, 1, 10000, (2, 5, 10, 20)),
                "learning_rate": Hyper("learning_rate", float, 0.1, 1e-4, 1.0, (0.03, 0.1, 0.3)),
            },
            package="lightgbm",
        ),
        EstimatorSpec(
            "xgboost",
            QT_TRANSLATE_NOOP("Estimators", "XGBoost (if installed)"),
            _xgboost,
            {
                "n_estimators": Hyper("n_estimators", int, 100, 10, 5000, (50, 100, 200, 400)),
                "max_depth": Hyper("max_depth", int, None, 1, 1000, (None, 4, 6, 10)),
                "learning_rate": Hyper("learning_rate", float, 0.3, 1e-4, 1.0, (0.03, 0.1, 0.3)),
            },
            package="xgboost",
        ),
        EstimatorSpec(
            "cnn",
            QT_TRANSLATE_NOOP("Estimators", "Convolutional network (patches)"),
            _cnn,
            {
                "epochs": Hyper("epochs", int, 40, 1, 1000),
                "learning_rate": Hyper(
                    "learning_rate", float, 0.003, 1e-5, 1.0, (0.001, 0.003, 0.01)
                ),
                "width": Hyper("width", int, 32, 4, 256, (16, 32, 64)),
            },
            package="torch",
            # the trained network is exported to ONNX, checked (onnx's schema) and run with
            # ONNX Runtime
            needs=("onnxruntime", "onnx"),
        ),
    )
}

#: Models that classify a pixel from the patch around it (samples need patches: lulc:sample's
#: PATCH_SIZE).
PATCH_MODELS = ("cnn",)

#: Hyperparameter names users can set, over all models.
HYPERPARAMETERS = tuple(dict.fromkeys(name for s in REGISTRY.values() for name in s.hyper))


def algorithms() -> dict[str, str]:
    """Return the classifiers :class:`~..train.TrainingOptions` takes, usable here.

    Returns
    -------
    dict of str to str
        ``TrainingOptions.algorithm`` key to label (``"random_forest": "Random forest"``), in
        the registry's order; the optional ones (LightGBM, XGBoost) only when installed.
    """
    return {key: spec.label for key, spec in REGISTRY.items() if spec.available()}


def spec_for(key: str) -> EstimatorSpec:
    """Return the registry entry of ``key``, or raise a clear error."""
    try:
        return REGISTRY[key]
    except KeyError:
        raise InvalidInputError(
            f"Unknown algorithm '{key}'; choose one of: {', '.join(REGISTRY)}."
        ) from None


def check_hyperparameters(key: str, values: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Validate user hyperparameters for model ``key``.

    Returns
    -------
    params : dict
        Estimator parameter name (with the pipeline prefix where scaled) to value.
    ignored : list of str
        Names that do not apply to this model (given values only).

    Raises
    ------
    InvalidInputError
        On a value of the wrong type or outside its bounds.
    """
    spec = spec_for(key)
    params: dict[str, Any] = {}
    ignored = []
    for name, value in values.items():
        if value is None:
            continue
        hyper = spec.hyper.get(name)
        if hyper is None:
            ignored.append(name)
            continue
        params[_path(spec, hyper.target)] = _coerce(spec, name, hyper, value)
    return params, ignored


def recorded_params(key: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Check estimator parameters as a model file records them, as strictly as user values.

    They are keyed by estimator parameter name, as :func:`check_hyperparameters` or the
    search gave them.

    Raises
    ------
    InvalidInputError
        On a parameter model ``key`` does not have, or a value of the wrong type or bounds.
    """
    spec = spec_for(key)
    by_path = {_path(spec, h.target): (name, h) for name, h in spec.hyper.items()}
    params: dict[str, Any] = {}
    for path, value in values.items():
        if path not in by_path:
            raise InvalidInputError(f"'{path}' is not a hyperparameter of {spec.label}.")
        name, hyper = by_path[path]
        if value is None or (hyper.target == "gamma" and value == "scale"):
            params[path] = value  # the estimator's own default
        elif hyper.target == "hidden_layer_sizes" and isinstance(value, (list, tuple)):
            params[path] = _coerce(spec, name, hyper, ",".join(str(v) for v in value))
        else:
            params[path] = _coerce(spec, name, hyper, value)
    return params


def _path(spec: EstimatorSpec, target: str) -> str:
    if spec.key == "xgboost":
        return f"estimator__{target}"
    return f"model__{target}" if spec.scaled else target


def _coerce(spec: EstimatorSpec, name: str, hyper: Hyper, value: Any) -> Any:
    if hyper.target == "hidden_layer_sizes":
        try:
            sizes = tuple(int(v) for v in str(value).replace(";", ",").split(",") if v.strip())
        except ValueError:
            sizes = ()
        if not sizes or min(sizes) < 1:
            raise InvalidInputError(
                f"Hidden layers must be positive layer sizes separated by commas (e.g. "
                f"'100,50'), not '{value}'."
            )
        return sizes
    try:
        number = hyper.kind(value)
        if hyper.kind is int and float(value) != number:
            raise ValueError(value)
    except (TypeError, ValueError):
        raise InvalidInputError(
            f"The {name} of {spec.label} must be a{'' if hyper.kind is float else 'n integer'} "
            f"number, not '{value}'."
        ) from None
    if (
        not math.isfinite(number)
        or (hyper.low is not None and number < hyper.low)
        or (hyper.high is not None and number > hyper.high)
    ):
        raise InvalidInputError(
            f"The {name} of {spec.label} must be between {hyper.low:g} and {hyper.high:g}, "
            f"not {value}."
        )
    return number


def search_space(key: str) -> dict[str, list[Any]]:
    """Return the candidates of the randomized search, by estimator parameter name."""
    spec = spec_for(key)
    space = {}
    for hyper in spec.hyper.values():
        if hyper.search:
            values = list(hyper.search)
            if hyper.target == "hidden_layer_sizes":
                values = [tuple(int(v) for v in str(s).split(",")) for s in values]
            if hyper.target == "gamma":
                values = ["scale" if v is None else v for v in values]
            space[_path(spec, hyper.target)] = values
    return space


def check_available(key: str) -> EstimatorSpec:
    """Return the registry entry of ``key`` if its optional packages are installed.

    Raises
    ------
    MissingDependencyError
        Naming the missing packages and the command that installs them.
    """
    spec = spec_for(key)
    missing = spec.missing()
    if missing:
        names = " and ".join(f"'{name}'" for name in missing)
        raise MissingDependencyError(
            f"{spec.label.replace(' (if installed)', '')} needs the Python "
            f"package{'s' if len(missing) > 1 else ''} {names}, which "
            f"{'are' if len(missing) > 1 else 'is'} not installed in QGIS's Python. Choose "
            f"another algorithm, or {install_hint(missing)}."
        )
    return spec


def make_estimator(
    key: str,
    *,
    seed: int = 0,
    n_jobs: int = -1,
    params: Mapping[str, Any] | None = None,
    balanced: bool = False,
) -> Any:
    """Build a fresh, unfitted estimator for registry ``key``.

    Parameters
    ----------
    params
        Estimator parameters from :func:`check_hyperparameters`.
    balanced
        Weight classes inversely to their frequency, where the model supports it.

    Raises
    ------
    InvalidInputError
        If ``key`` is not in the registry.
    MissingDependencyError
        If the model needs a package that is not installed (LightGBM, XGBoost).
    """
    spec = check_available(key)
    estimator = spec.build(seed, n_jobs, balanced and spec.balanced)
    if spec.scaled:
        pipeline = require("sklearn.pipeline")
        preprocessing = require("sklearn.preprocessing")
        estimator = pipeline.Pipeline(
            [("scale", preprocessing.StandardScaler()), ("model", estimator)]
        )
    if params:
        estimator.set_params(**params)
    return estimator
