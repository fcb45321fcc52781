"""Every classifier of the registry: building, hyperparameters, class weights, training,
model files, optional packages, and training without processes (core/model/estimators.py,
core/model/encoded_classifier.py, core/model/model_file.py, core/train.py)."""

from __future__ import annotations

import multiprocessing
import multiprocessing.process
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lulc_classifier.core import deps
from lulc_classifier.core import train as train_module
from lulc_classifier.core.deps import require
from lulc_classifier.core.errors import InvalidInputError, MissingDependencyError
from lulc_classifier.core.model.archive import ALLOWED, audit_estimator
from lulc_classifier.core.model.encoded_classifier import EncodedClassifier
from lulc_classifier.core.model.estimators import (
    HYPERPARAMETERS,
    PATCH_MODELS,
    REGISTRY,
    check_hyperparameters,
    make_estimator,
    search_space,
)
from lulc_classifier.core.model.model_file import load_model, read_manifest, save_model
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    train_classifier,
)

from ..helpers import RecordingProgress, one_openmp_thread

pd = pytest.importorskip("pandas")
joblib = pytest.importorskip("joblib")
sio = require("skops.io")
LEGEND = [
    {"code": 1, "name": "One", "color": "#112233"}
]  # bundled in ext/ where QGIS's Python has no skops
ensemble = pytest.importorskip("sklearn.ensemble")
sk_pipeline = pytest.importorskip("sklearn.pipeline")
preprocessing = pytest.importorskip("sklearn.preprocessing")
tree = pytest.importorskip("sklearn.tree")

BANDS = ["b1", "b2", "b3", "b4"]
#: Class centres per band; noise sd 10, so the classes are many sd apart.
CENTRES = {
    "crop": (100.0, 300.0, 200.0, 400.0),
    "forest": (300.0, 100.0, 400.0, 200.0),
    "water": (200.0, 200.0, 100.0, 100.0),
}
AVAILABLE = [key for key, spec in REGISTRY.items() if spec.available()]
#: Models of a pixel table (the patch network has its own tests: test_cnn.py).
PIXEL_MODELS = [key for key in AVAILABLE if key not in PATCH_MODELS]


@pytest.fixture(autouse=True)
def _one_openmp_thread() -> Iterator[None]:
    """OpenMP models (histogram boosting, LightGBM) on one thread: spinning OpenMP threads on
    a small shared VM make their timings erratic. Results do not depend on it."""
    with one_openmp_thread():
        yield


def blobs(n_per_class: int = 150, seed: int = 0) -> pd.DataFrame:
    """Three well-separated Gaussian classes in 4 bands, one sample per label feature."""
    rng = np.random.default_rng(seed)
    frames = []
    for k, (name, centre) in enumerate(CENTRES.items()):
        frame = pd.DataFrame(rng.normal(centre, 10.0, size=(n_per_class, 4)), columns=BANDS)
        frame.insert(0, "cls", name)
        frame["feature_id"] = np.arange(n_per_class) + k * n_per_class
        frame["x"] = rng.uniform(500000.0, 501000.0, n_per_class)
        frame["y"] = rng.uniform(4099000.0, 4100000.0, n_per_class)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def final_model(estimator: Any) -> Any:
    """The classifier inside a scaling pipeline, or the estimator itself."""
    return estimator.named_steps["model"] if hasattr(estimator, "named_steps") else estimator


def model_params(key: str, **kwargs: Any) -> tuple[Any, dict[str, Any]]:
    estimator = make_estimator(key, n_jobs=1, **kwargs)
    return estimator, final_model(estimator).get_params()


# --------------------------------------------------------------------------- registry


def test_registry_holds_the_documented_models_and_lightgbm_is_usable() -> None:
    assert set(REGISTRY) == {
        "random_forest",
        "svm_rbf",
        "decision_tree",
        "extra_trees",
        "hist_gradient_boosting",
        "knn",
        "logistic_regression",
        "mlp",
        "lightgbm",
        "xgboost",
        "cnn",
    }
    # The ALGORITHM enum of lulc:train indexes the first three by position.
    assert list(REGISTRY)[:3] == ["random_forest", "svm_rbf", "decision_tree"]
    assert all(spec.key == key for key, spec in REGISTRY.items())
    # lightgbm is installed in the development venv: the training test below covers it.
    assert REGISTRY["lightgbm"].available()
    assert all(REGISTRY[k].available() for k in REGISTRY if REGISTRY[k].package is None)
    assert set(HYPERPARAMETERS) == {n for s in REGISTRY.values() for n in s.hyper}


@pytest.mark.parametrize("key", [k for k in REGISTRY if k not in PATCH_MODELS])
def test_every_available_model_trains_and_its_saved_model_predicts_new_samples(
    key: str, tmp_path: Path
) -> None:
    if not REGISTRY[key].available():
        pytest.skip(f"{REGISTRY[key].package} is not installed")
    model_path = tmp_path / f"{key}.lulcmodel"
    result = train_classifier(
        SampleSource(blobs(), "cls"),
        TrainingFiles(model_path),
        options=TrainingOptions(algorithm=key, test_fraction=0.3, seed=3, n_jobs=1),
    )

    accuracy = result.accuracy
    assert accuracy.n_test == 3 * 45  # 30 % of 150 per class, held out
    assert accuracy.overall_accuracy > 0.95
    assert accuracy.f1_macro > 0.95

    model = load_model(model_path)
    assert model.manifest["algorithm"] == key
    assert model.band_names == BANDS
    new = blobs(60, seed=99)
    predicted = model.estimator.predict(new[BANDS].to_numpy(dtype=np.float64))
    names = {c.code: c.name for c in model.legend}
    assert np.mean([names[int(p)] == c for p, c in zip(predicted, new["cls"])]) > 0.95


@pytest.mark.parametrize("key", AVAILABLE)
def test_scaled_models_standardise_inside_a_pipeline(key: str) -> None:
    spec = REGISTRY[key]
    estimator = make_estimator(key, n_jobs=1)
    if spec.scaled:
        assert isinstance(estimator, sk_pipeline.Pipeline)
        assert [name for name, _ in estimator.steps] == ["scale", "model"]
        assert isinstance(estimator.steps[0][1], preprocessing.StandardScaler)
    else:
        assert not isinstance(estimator, sk_pipeline.Pipeline)
    assert hasattr(final_model(estimator), "predict_proba")


def test_scaled_and_unscaled_models_are_the_documented_ones() -> None:
    scaled = {k for k, s in REGISTRY.items() if s.scaled}
    assert scaled == {"svm_rbf", "knn", "logistic_regression", "mlp"}
    assert {k for k, s in REGISTRY.items() if not s.balanced} == {"knn", "mlp"}


@pytest.mark.parametrize("key", AVAILABLE)
def test_balanced_sets_class_weight_where_the_model_supports_it(key: str) -> None:
    spec = REGISTRY[key]
    balanced_model, balanced = model_params(key, balanced=True)
    _, plain = model_params(key, balanced=False)
    if isinstance(balanced_model, EncodedClassifier):  # XGBoost: weights from the wrapper
        assert balanced_model.balanced is spec.balanced
        return
    if key in PATCH_MODELS:  # unbalanced, the network weighs classes by 1 / sqrt(frequency)
        assert balanced["balanced"] is True
        assert plain["balanced"] is False
        return
    if spec.balanced:
        assert balanced["class_weight"] == "balanced"
        assert plain["class_weight"] is None
    else:
        assert balanced.get("class_weight") is None


def test_balanced_is_recorded_and_ignored_with_a_warning_where_unsupported(
    tmp_path: Path,
) -> None:
    options = TrainingOptions(balanced=True, hyperparameters={"n_estimators": 10}, n_jobs=1)
    result = train_classifier(
        SampleSource(blobs(30), "cls"), TrainingFiles(tmp_path / "rf.lulcmodel"), options=options
    )
    model = load_model(result.model_path)
    assert model.estimator.class_weight == "balanced"
    assert model.manifest["balanced"] is True

    progress = RecordingProgress()
    train_classifier(
        SampleSource(blobs(30), "cls"),
        TrainingFiles(tmp_path / "knn.lulcmodel"),
        options=TrainingOptions(balanced=True, algorithm="knn", n_jobs=1),
        progress=progress,
    )
    assert any("cannot weight classes" in w for w in progress.warnings)


# --------------------------------------------------------------------------- hyperparameters


def test_n_estimators_reaches_the_random_forest(tmp_path: Path) -> None:
    # QGIS passes every number as a double: 17.0 must become 17 trees.
    options = TrainingOptions(hyperparameters={"n_estimators": 17.0}, n_jobs=1)
    result = train_classifier(
        SampleSource(blobs(30), "cls"), TrainingFiles(tmp_path / "m.lulcmodel"), options=options
    )
    model = load_model(result.model_path)
    assert len(model.estimator.estimators_) == 17
    assert model.manifest["hyperparameters"] == {"n_estimators": 17}


def test_c_reaches_the_svm_inside_its_pipeline(tmp_path: Path) -> None:
    params, ignored = check_hyperparameters("svm_rbf", {"c": 3.0})
    assert params == {"model__C": 3.0}
    assert ignored == []
    assert make_estimator("svm_rbf", params=params).get_params()["model__C"] == 3.0

    options = TrainingOptions(hyperparameters={"c": 3.0, "gamma": 0.5}, algorithm="svm_rbf")
    result = train_classifier(
        SampleSource(blobs(30), "cls"), TrainingFiles(tmp_path / "m.lulcmodel"), options=options
    )
    svc = load_model(result.model_path).estimator.named_steps["model"]
    assert svc.C == 3.0
    assert svc.gamma == 0.5


def test_user_names_map_to_each_models_own_parameter() -> None:
    cases = [
        ("hist_gradient_boosting", {"n_estimators": 50}, {"max_iter": 50}),
        ("lightgbm", {"min_samples_leaf": 7}, {"min_child_samples": 7}),
        (
            "mlp",
            {"hidden_layers": "100, 50", "learning_rate": 0.01},
            {"model__hidden_layer_sizes": (100, 50), "model__learning_rate_init": 0.01},
        ),
        ("xgboost", {"max_depth": 4}, {"estimator__max_depth": 4}),
    ]
    for key, given, expected in cases:
        assert check_hyperparameters(key, given) == (expected, []), key


@pytest.mark.parametrize(
    ("key", "name"),
    [(key, name) for key in AVAILABLE for name in REGISTRY[key].hyper],
)
def test_every_hyperparameter_reaches_its_estimator(key: str, name: str) -> None:
    hyper = REGISTRY[key].hyper[name]
    value = next((v for v in hyper.search if v is not None), hyper.default)
    params, ignored = check_hyperparameters(key, {name: value})
    assert ignored == []
    ((path, coerced),) = params.items()
    assert path.split("__")[-1] == hyper.target
    assert isinstance(coerced, tuple if hyper.kind is str else hyper.kind)
    assert make_estimator(key, n_jobs=1, params=params).get_params()[path] == coerced


@pytest.mark.parametrize("key", AVAILABLE)
def test_search_space_names_real_parameters_with_valid_candidates(key: str) -> None:
    space = search_space(key)
    assert space, f"{key} has nothing to search"
    estimator = make_estimator(key, n_jobs=1)
    known = estimator.get_params()
    for path, candidates in space.items():
        assert path in known
        assert len(candidates) >= 2
        for candidate in candidates:
            assert candidate is not None or "depth" in path
            estimator.set_params(**{path: candidate})  # raises on an unknown parameter
    if key == "svm_rbf":
        assert "scale" in space["model__gamma"]


@pytest.mark.parametrize(
    ("key", "name", "value", "message"),
    [
        (
            "random_forest",
            "n_estimators",
            "many",
            "n_estimators of Random forest must be an integer",
        ),
        ("random_forest", "n_estimators", 2.5, "n_estimators of Random forest must be an integer"),
        ("random_forest", "n_estimators", 5, "n_estimators of Random forest must be between 10"),
        ("random_forest", "max_depth", 0, "max_depth of Random forest must be between 1"),
        ("random_forest", "min_samples_leaf", [2], "min_samples_leaf of Random forest"),
        ("svm_rbf", "c", 0.0, "The c of Support vector machine"),
        ("svm_rbf", "c", -1.0, "The c of Support vector machine"),
        ("svm_rbf", "gamma", "wide", "The gamma of Support vector machine"),
        ("knn", "n_neighbors", 0, "The n_neighbors of k-nearest"),
        ("lightgbm", "learning_rate", 2.0, "The learning_rate of LightGBM"),
        ("hist_gradient_boosting", "learning_rate", 0.0, "learning_rate of Histogram"),
        ("mlp", "hidden_layers", "100,-5", "Hidden layers must be positive"),
        ("mlp", "hidden_layers", "wide", "Hidden layers must be positive"),
    ],
)
def test_bad_hyperparameter_is_refused_naming_it(
    key: str, name: str, value: Any, message: str, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInputError) as excinfo:
        check_hyperparameters(key, {name: value})
    assert message in str(excinfo.value)
    assert repr(value) in str(excinfo.value) or str(value) in str(excinfo.value)

    model_path = tmp_path / "m.lulcmodel"
    with pytest.raises(InvalidInputError, match=re.escape(message)):
        train_classifier(
            SampleSource(blobs(10), "cls"),
            TrainingFiles(model_path),
            options=TrainingOptions(hyperparameters={name: value}, algorithm=key),
        )
    assert not model_path.exists()


@pytest.mark.parametrize(
    ("key", "name"),
    [("random_forest", "n_estimators"), ("svm_rbf", "c"), ("lightgbm", "learning_rate")],
)
def test_nan_hyperparameter_is_refused(key: str, name: str) -> None:
    """NaN is within no range. QgsProcessingParameterNumber accepts it (qgis_process --C=nan);
    let through, it fails later inside the library (LightGBM: a LightGBMError from C++)."""
    with pytest.raises(InvalidInputError, match=f"The {name} of"):
        check_hyperparameters(key, {name: float("nan")})


def test_hyperparameter_not_of_the_model_is_ignored_with_a_warning(tmp_path: Path) -> None:
    params, ignored = check_hyperparameters(
        "random_forest", {"n_neighbors": 7, "c": 2.0, "max_depth": None, "n_estimators": 12}
    )
    assert params == {"n_estimators": 12}
    assert ignored == ["n_neighbors", "c"]  # None means "default", not "ignored"

    progress = RecordingProgress()
    options = TrainingOptions(hyperparameters={"n_neighbors": 7, "n_estimators": 12}, n_jobs=1)
    result = train_classifier(
        SampleSource(blobs(30), "cls"),
        TrainingFiles(tmp_path / "m.lulcmodel"),
        options=options,
        progress=progress,
    )
    warnings = [w for w in progress.warnings if "ignored" in w]
    assert len(warnings) == 1
    assert "n_neighbors" in warnings[0]
    assert "Random forest" in warnings[0]
    assert read_manifest(result.model_path)["hyperparameters"] == {"n_estimators": 12}


# --------------------------------------------------------------------------- optional packages


def hide_package(monkeypatch: pytest.MonkeyPatch, package: str) -> None:
    """Make importing ``package`` fail, as when it is not installed."""
    real_import = deps.importlib.import_module

    def import_module(name: str, pkg: str | None = None) -> Any:
        if name.split(".")[0] == package:
            raise ImportError(f"No module named '{name}'")
        return real_import(name, pkg)

    monkeypatch.setattr(deps.importlib, "import_module", import_module)


def test_xgboost_not_installed_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hide_package(monkeypatch, "xgboost")
    assert not REGISTRY["xgboost"].available()
    with pytest.raises(MissingDependencyError) as excinfo:
        make_estimator("xgboost")
    message = str(excinfo.value)
    assert "'xgboost'" in message
    # The platform's command (Debian's python3-xgboost on Linux; the pip of QGIS's Python
    # elsewhere), not a bare "pip install xgboost", and a README section that exists.
    assert deps.install_command(["xgboost"]) in message
    assert "README, section 'Install in QGIS'" in message

    model_path = tmp_path / "m.lulcmodel"
    with pytest.raises(MissingDependencyError, match="Install in QGIS") as trained:
        train_classifier(
            SampleSource(blobs(10), "cls"),
            TrainingFiles(model_path),
            options=TrainingOptions(algorithm="xgboost"),
        )
    assert deps.install_command(["xgboost"]) in str(trained.value)
    assert not model_path.exists()


def test_lightgbm_failing_to_import_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    hide_package(monkeypatch, "lightgbm")
    assert not REGISTRY["lightgbm"].available()
    assert REGISTRY["random_forest"].available()
    with pytest.raises(MissingDependencyError) as excinfo:
        make_estimator("lightgbm")
    message = str(excinfo.value)
    assert "LightGBM needs the Python package 'lightgbm'" in message
    assert deps.install_command(["lightgbm"]) in message
    assert "pip install --user lightgbm" in deps.install_command(["lightgbm"], "linux")
    assert "(if installed)" not in message


# --------------------------------------------------------------------------- EncodedClassifier


def encoded_data(counts: dict[int, int], seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = np.concatenate([np.full(n, code) for code, n in counts.items()])
    x = rng.normal(0.0, 1.0, size=(y.size, 2))
    x[:, 0] += y  # classes 3, 7, 9 lie apart along the first feature
    return x, y


def test_encoded_classifier_fits_on_0_to_k_and_answers_in_codes() -> None:
    x, y = encoded_data({3: 30, 7: 30, 9: 30})
    inner = tree.DecisionTreeClassifier(random_state=0)
    model = EncodedClassifier(inner).fit(x, y)

    assert model.classes_.tolist() == [3, 7, 9]
    assert model.estimator_.classes_.tolist() == [0, 1, 2]
    assert not hasattr(inner, "tree_")  # the given estimator is cloned, not fitted
    predicted = model.predict(x)
    assert set(predicted.tolist()) == {3, 7, 9}
    assert np.mean(predicted == y) > 0.95
    proba = model.predict_proba(x)
    assert proba.shape == (90, 3)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert np.array_equal(model.classes_[proba.argmax(axis=1)], predicted)


def test_encoded_classifier_balanced_weights_classes_equally() -> None:
    x, y = encoded_data({3: 60, 7: 20, 9: 10})
    plain = EncodedClassifier(tree.DecisionTreeClassifier(random_state=0)).fit(x, y)
    balanced = EncodedClassifier(tree.DecisionTreeClassifier(random_state=0), balanced=True).fit(
        x, y
    )

    # The root node holds the weighted share of each class (scikit-learn >= 1.4 stores shares
    # in tree_.value, older versions weighted counts: normalise), over the same total weight.
    def root_shares(model: EncodedClassifier) -> Any:
        value = model.estimator_.tree_.value[0][0]
        return value / value.sum()

    assert np.allclose(root_shares(plain), [60 / 90, 20 / 90, 10 / 90])
    assert np.allclose(root_shares(balanced), [1 / 3, 1 / 3, 1 / 3])
    assert plain.estimator_.tree_.weighted_n_node_samples[0] == pytest.approx(90)
    assert balanced.estimator_.tree_.weighted_n_node_samples[0] == pytest.approx(90)


def test_encoded_classifier_round_trips_through_a_model_file(tmp_path: Path) -> None:
    assert (
        "lulc_classifier.core.model.encoded_classifier.EncodedClassifier" in ALLOWED["ObjectNode"]
    )
    x, y = encoded_data({3: 30, 7: 30, 9: 30})
    model = EncodedClassifier(tree.DecisionTreeClassifier(random_state=0), balanced=True).fit(x, y)
    present = audit_estimator(sio.dumps(model), "encoded")
    assert "lulc_classifier.core.model.encoded_classifier.EncodedClassifier" in present

    path = tmp_path / "encoded.lulcmodel"
    save_model(path, model, {"bands": ["a", "b"], "classes": LEGEND})
    loaded = load_model(path).estimator
    assert isinstance(loaded, EncodedClassifier)
    assert loaded.balanced is True
    assert loaded.classes_.tolist() == [3, 7, 9]
    probe = encoded_data({3: 5, 7: 5, 9: 5}, seed=1)[0]
    assert np.array_equal(loaded.predict(probe), model.predict(probe))
    assert np.array_equal(loaded.predict_proba(probe), model.predict_proba(probe))


def test_encoded_classifier_works_in_a_search_and_permutation_importance() -> None:
    """As XGBoost is used: cloned per candidate, tuned through ``estimator__`` parameters."""
    base = pytest.importorskip("sklearn.base")
    inspection = pytest.importorskip("sklearn.inspection")
    model_selection = pytest.importorskip("sklearn.model_selection")
    x, y = encoded_data({3: 30, 7: 30, 9: 30})
    model = EncodedClassifier(tree.DecisionTreeClassifier(random_state=0), balanced=True)
    assert base.is_classifier(model)
    assert base.clone(model).get_params()["estimator__random_state"] == 0
    search = model_selection.RandomizedSearchCV(
        model, {"estimator__max_depth": [1, 2, 4]}, n_iter=3, cv=3, scoring="f1_macro"
    ).fit(x, y)
    assert search.best_params_["estimator__max_depth"] > 1  # one split cannot part 3 classes
    assert search.best_estimator_.classes_.tolist() == [3, 7, 9]
    result = inspection.permutation_importance(
        search.best_estimator_, x, y, n_repeats=3, random_state=0
    )
    assert result.importances_mean[0] > 0.3
    assert result.importances_mean[0] > result.importances_mean[1]


def test_lightgbm_model_round_trips_with_identical_predictions(tmp_path: Path) -> None:
    table = blobs(40)
    x = table[BANDS].to_numpy(dtype=np.float64)
    y = table["cls"].map({"crop": 1, "forest": 2, "water": 5}).to_numpy(dtype=np.int64)
    model = make_estimator("lightgbm", seed=0, n_jobs=1, params={"n_estimators": 20}).fit(x, y)

    path = tmp_path / "lgbm.lulcmodel"
    save_model(path, model, {"bands": BANDS, "classes": LEGEND})
    loaded = load_model(path).estimator
    assert type(loaded).__name__ == "LGBMClassifier"
    probe = blobs(20, seed=5)[BANDS].to_numpy(dtype=np.float64)
    assert np.array_equal(loaded.classes_, [1, 2, 5])
    assert np.array_equal(loaded.predict(probe), model.predict(probe))
    assert np.allclose(loaded.predict_proba(probe), model.predict_proba(probe))
    assert loaded.n_estimators == 20


# --------------------------------------------------------------------------- no processes


def _no_process(*args: Any, **kwargs: Any) -> None:
    raise AssertionError("training started a process")


@pytest.mark.slow
def test_training_never_starts_a_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Inside QGIS sys.executable is QGIS: a process would start another QGIS."""
    monkeypatch.setattr(multiprocessing.Process, "start", _no_process)
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", _no_process)  # loky
    monkeypatch.setattr(subprocess.Popen, "__init__", _no_process)
    # The guards are live: these would have started processes.
    with pytest.raises(AssertionError, match="started a process"):
        multiprocessing.get_context("spawn").Process(target=print).start()
    with pytest.raises(AssertionError, match="started a process"):
        subprocess.run(["true"], check=False)

    # Where forests run their trees in parallel, record the joblib backend in force.
    backends: list[str] = []
    real_fit = ensemble.RandomForestClassifier.fit

    def fit(self: Any, *args: Any, **kwargs: Any) -> Any:
        backends.append(type(joblib.parallel.get_active_backend()[0]).__name__)
        return real_fit(self, *args, **kwargs)

    monkeypatch.setattr(ensemble.RandomForestClassifier, "fit", fit)
    # Small forests keep the search quick; the search itself is unchanged.
    real_space = train_module.search_space
    monkeypatch.setattr(
        train_module, "search_space", lambda key: {**real_space(key), "n_estimators": [10, 20]}
    )
    rng = np.random.default_rng(0)
    table = pd.DataFrame(
        {
            "cls": np.repeat(["a", "b", "c"], 30),
            "b1": rng.normal(0, 1, 90) + np.repeat([0.0, 4.0, 8.0], 30),
            "b2": rng.normal(0, 1, 90),
        }
    )
    options = TrainingOptions(validation="kfold", folds=3, search_iterations=3, seed=1, n_jobs=2)
    result = train_classifier(
        SampleSource(table, "cls"), TrainingFiles(tmp_path / "m.lulcmodel"), options=options
    )

    accuracy = result.accuracy
    assert accuracy.n_test == 90
    assert accuracy.overall_accuracy > 0.9
    assert len(accuracy.best_params) == 3
    assert {i.feature for i in accuracy.importance} == {"b1", "b2"}
    assert any(i.mean > 0 for i in accuracy.importance)
    # 3 folds + the final fit, each a search of 3 candidates x 3 inner folds plus a refit.
    assert len(backends) == 4 * (3 * 3 + 1)
    assert set(backends) == {"ThreadingBackend"}
    assert Path(result.model_path).is_file()
