"""The public Python API (api.py, re-exported lazily by the package's __init__.py): its names,
their docstrings, the model a training returns, and predicting with the user's own estimator."""

from __future__ import annotations

import dataclasses
import inspect
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import lulc_classifier
from lulc_classifier import api
from lulc_classifier.core.errors import InvalidInputError, LulcError
from lulc_classifier.core.model.model_file import Model, load_model, read_manifest, save_model

from ..helpers import importable_package, write_points, write_raster

rasterio = pytest.importorskip("rasterio")
ensemble = pytest.importorskip("sklearn.ensemble")
linear_model = pytest.importorskip("sklearn.linear_model")

ROOT = Path(__file__).resolve().parents[2]

# --------------------------------------------------------------------------- names


def test_the_package_lists_the_api_names() -> None:
    assert tuple(api.__all__) == lulc_classifier.API_NAMES
    assert list(lulc_classifier.__all__) == ["classFactory", *api.__all__]
    assert len(set(api.__all__)) == len(api.__all__)
    assert set(api.__all__) <= set(dir(lulc_classifier))


@pytest.mark.parametrize("name", api.__all__)
def test_every_name_imports_from_the_top(name: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"from lulc_classifier import {name}", namespace)
    assert namespace[name] is getattr(api, name)


def test_importing_the_package_imports_no_library(tmp_path: Path) -> None:
    """QGIS imports the package to load the plugin: numpy, scikit-learn and rasterio stay out
    (QGIS starts fast, and the provider can say which package is missing), and names QGIS
    probes are not there without importing anything."""
    code = """
import sys
import lulc_classifier as L
assert "numpy" not in sys.modules and "lulc_classifier.api" not in sys.modules
for probe in ("serverClassFactory", "api_names", "__path_hooks__"):
    assert not hasattr(L, probe), probe
assert "numpy" not in sys.modules and "lulc_classifier.core" not in sys.modules
assert "train_classifier" in dir(L) and "classFactory" in L.__all__
from lulc_classifier import predict_raster, TrainingResult
assert "numpy" in sys.modules and predict_raster.__module__ == "lulc_classifier.core.predict"
print("ok")
"""
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=importable_package(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "ok"


def _section(doc: str, name: str) -> bool:
    return f"{name}\n{'-' * len(name)}" in doc


@pytest.mark.parametrize("name", api.__all__)
def test_every_name_has_a_numpydoc_docstring(name: str) -> None:
    obj = getattr(api, name)
    doc = inspect.getdoc(obj) or ""
    assert doc.strip(), f"{name} has no docstring"
    if inspect.isclass(obj):
        if dataclasses.is_dataclass(obj):
            assert _section(doc, "Parameters") or _section(doc, "Attributes"), name
        return
    signature = inspect.signature(obj)
    if signature.parameters:
        assert _section(doc, "Parameters"), f"{name}: no Parameters section"
    if signature.return_annotation not in ("None", None, inspect.Signature.empty):
        assert _section(doc, "Returns"), f"{name}: no Returns section"


# --------------------------------------------------------------------------- rasters


def _image(tmp_path: Path, bands: int = 3) -> tuple[Path, np.ndarray]:
    """A (bands, 40, 48) float32 image whose classes follow band 1 and band 2."""
    rng = np.random.default_rng(7)
    data = rng.normal(0.0, 1.0, (bands, 40, 48)).astype(np.float32)
    path = write_raster(tmp_path / "image.tif", data, tile=16)
    return path, data


def _pixels(data: np.ndarray) -> np.ndarray:
    return data.reshape(data.shape[0], -1).T


def _fit(estimator: object, data: np.ndarray, codes: tuple[int, int, int] = (3, 7, 12)) -> None:
    x = _pixels(data)
    y = np.where(x[:, 0] > 0.5, codes[0], np.where(x[:, 1] > 0, codes[1], codes[2]))
    rows = np.random.default_rng(1).choice(len(x), 600, replace=False)
    estimator.fit(x[rows], y[rows])  # type: ignore[attr-defined]


def _read(path: Path) -> np.ndarray:
    with rasterio.open(path) as src:
        return src.read(1)


# --------------------------------------------------------------------------- own estimator


@pytest.mark.slow
@pytest.mark.parametrize(
    "make",
    [
        lambda: ensemble.RandomForestClassifier(n_estimators=15, random_state=0, n_jobs=1),
        lambda: linear_model.LogisticRegression(max_iter=500),
    ],
    ids=["random_forest", "logistic_regression"],
)
def test_own_estimator_predicts_as_scikit_learn(tmp_path: Path, make: object) -> None:
    image, data = _image(tmp_path)
    estimator = make()  # type: ignore[operator]
    _fit(estimator, data)
    model = api.model_from_estimator(
        estimator, [image], class_names={3: "Water", 7: "Forest", 12: "Urban"}
    )
    assert [c.name for c in model.legend] == ["Water", "Forest", "Urban"]
    assert model.band_names == ["b1", "b2", "b3"]
    result = api.predict_raster([image], model, tmp_path / "map.tif")
    expected = estimator.predict(_pixels(data)).reshape(data.shape[1:])
    np.testing.assert_array_equal(_read(tmp_path / "map.tif"), expected)
    assert Path(result.qml_path).is_file()
    assert "Forest" in Path(result.qml_path).read_text()
    assert sum(result.pixel_counts.values()) == data.shape[1] * data.shape[2]


@pytest.mark.slow
def test_own_forest_is_saved_and_loaded(tmp_path: Path) -> None:
    image, data = _image(tmp_path)
    forest = ensemble.RandomForestClassifier(n_estimators=5, random_state=0)
    _fit(forest, data)
    model = api.model_from_estimator(forest, [image], colours=["#0000ff", "", "ff0000"])
    assert [c.color for c in model.legend][::2] == ["#0000ff", "#ff0000"]
    written = save_model(tmp_path / "own.lulcmodel", model.estimator, model.manifest)
    assert written.model_id == model.manifest.model_id
    loaded = load_model(tmp_path / "own.lulcmodel")
    assert read_manifest(tmp_path / "own.lulcmodel").bands == ["b1", "b2", "b3"]
    api.predict_raster([image], loaded, tmp_path / "map.tif")
    expected = forest.predict(_pixels(data)).reshape(data.shape[1:])
    np.testing.assert_array_equal(_read(tmp_path / "map.tif"), expected)


def test_own_estimator_of_a_type_not_allowed_is_not_saved(tmp_path: Path) -> None:
    naive_bayes = pytest.importorskip("sklearn.naive_bayes")
    image, data = _image(tmp_path)
    estimator = naive_bayes.GaussianNB()
    _fit(estimator, data)
    model = api.model_from_estimator(estimator, [image])
    with pytest.raises(LulcError, match="GaussianNB cannot be saved as a model file"):
        save_model(tmp_path / "nb.lulcmodel", model.estimator, model.manifest)
    assert not (tmp_path / "nb.lulcmodel").exists()


def test_own_estimator_bands_are_checked_at_prediction(tmp_path: Path) -> None:
    image, data = _image(tmp_path)
    forest = ensemble.RandomForestClassifier(n_estimators=3, random_state=0)
    _fit(forest, data)
    model = api.model_from_estimator(forest, [image])
    other = write_raster(tmp_path / "two.tif", data[:2])
    with pytest.raises(api.ModelMismatchError, match="trained on 3 bands"):
        api.predict_raster([other], model, tmp_path / "map.tif")
    assert not (tmp_path / "map.tif").exists()


def test_unfitted_estimator_is_refused(tmp_path: Path) -> None:
    image, _ = _image(tmp_path)
    with pytest.raises(InvalidInputError, match="is not fitted: call its fit"):
        api.model_from_estimator(ensemble.RandomForestClassifier(), [image])


def test_estimator_of_another_band_count_is_refused(tmp_path: Path) -> None:
    image, data = _image(tmp_path)
    forest = ensemble.RandomForestClassifier(n_estimators=3)
    _fit(forest, data[:2])
    with pytest.raises(
        InvalidInputError, match="fitted on 2 features but the rasters given have 3"
    ):
        api.model_from_estimator(forest, [image])


def test_text_classes_are_refused(tmp_path: Path) -> None:
    image, data = _image(tmp_path)
    forest = ensemble.RandomForestClassifier(n_estimators=3)
    x = _pixels(data)[:100]
    forest.fit(x, np.where(x[:, 0] > 0, "water", "forest"))
    with pytest.raises(InvalidInputError, match="not whole numbers .* LabelEncoder"):
        api.model_from_estimator(forest, [image])


def test_estimator_without_probabilities_is_refused(tmp_path: Path) -> None:
    svm = pytest.importorskip("sklearn.svm")
    image, data = _image(tmp_path)
    estimator = svm.LinearSVC(dual=True)
    _fit(estimator, data)
    with pytest.raises(InvalidInputError, match="predict_proba"):
        api.model_from_estimator(estimator, [image])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"class_names": ["a", "b"]}, "gives 2 values for 3 classes"),
        ({"class_names": {4: "x"}}, r"codes the estimator does not have \(\[4\]\)"),
        ({"colours": ["#00ff00", "blue", ""]}, "not a colour as #rrggbb"),
        ({"band_names": ["red", "nir"]}, "gives 2 names for the 3 bands"),
        ({"band_names": ["red", "Red", "nir"]}, "distinct"),
    ],
)
def test_bad_names_are_refused(tmp_path: Path, kwargs: dict[str, object], message: str) -> None:
    image, data = _image(tmp_path)
    forest = ensemble.RandomForestClassifier(n_estimators=3)
    _fit(forest, data)
    with pytest.raises(InvalidInputError, match=message):
        api.model_from_estimator(forest, [image], **kwargs)  # type: ignore[arg-type]


def test_not_an_estimator_is_refused(tmp_path: Path) -> None:
    image, _ = _image(tmp_path)
    with pytest.raises(InvalidInputError, match="not a scikit-learn classifier"):
        api.model_from_estimator(object(), [image])


# --------------------------------------------------------------------------- training


@pytest.mark.slow
def test_training_returns_the_fitted_model(tmp_path: Path) -> None:
    image, data = _image(tmp_path, bands=2)
    cells = [
        (r, c, 1 if data[0, r, c] > 0 else 2) for r in range(0, 40, 3) for c in range(0, 48, 3)
    ]
    labels = write_points(tmp_path / "labels.gpkg", cells)
    samples = api.sample_labels([image], labels, "cls")
    trained = api.train_classifier(
        api.SampleSource(samples.table, "cls", metadata=samples.metadata),
        api.TrainingFiles(tmp_path / "model.lulcmodel"),
        options=api.TrainingOptions(hyperparameters={"n_estimators": 10}, n_jobs=1),
    )
    assert isinstance(trained.model, Model)
    assert trained.model.estimator is not None
    assert trained.model.manifest.model_id == read_manifest(trained.model_path).model_id
    assert trained.model.legend == trained.legend
    first = api.predict_raster([image], trained.model, tmp_path / "from_result.tif")
    second = api.predict_raster([image], trained.model_path, tmp_path / "from_file.tif")
    np.testing.assert_array_equal(
        _read(tmp_path / "from_result.tif"), _read(tmp_path / "from_file.tif")
    )
    assert first.pixel_counts == second.pixel_counts
