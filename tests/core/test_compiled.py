"""Compiled inference: the model file's ONNX graph, early exit, and conversion for old files.

Every compiled path must give the classes scikit-learn gives; a stored graph is used without
conversion and only beside the estimator it was made from; a stranger's graph is checked
before ONNX Runtime sees it.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lulc_classifier.core import predict as predict_module
from lulc_classifier.core.errors import ModelFileError
from lulc_classifier.core.model import onnx_inference, onnx_proto
from lulc_classifier.core.model.model_file import (
    ONNX,
    load_for_prediction,
    load_model,
    read_manifest,
    save_model,
)
from lulc_classifier.core.predict import PredictionOptions, predict_raster
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    train_classifier,
)

from ..helpers import RecordingProgress

rasterio = pytest.importorskip("rasterio")
onnx = pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")

#: The estimators stored as a graph (onnx_inference.CONVERTED), by algorithm key.
STORED = ("random_forest", "extra_trees")
STORED_LOG = "the model's stored ONNX graph"


def _scene(
    make_raster: Callable[..., Path], n_classes: int, noise: float, seed: int
) -> tuple[Path, Any]:
    """A noisy image of vertical class stripes and a sample table of 300 of its pixels."""
    import geopandas as gpd

    rng = np.random.default_rng(seed)
    classes = (np.arange(120)[None, :] * n_classes // 120).repeat(90, axis=0)
    data = (classes[None] * 40 + rng.normal(0, noise, (3, 90, 120))).astype(np.float32)
    data[:, :4, :4] = -9999.0  # nodata never reaches a model
    image = make_raster(data, f"image{n_classes}_{seed}.tif", nodata=-9999.0)
    rows, cols = rng.integers(4, 90, 300), rng.integers(4, 120, 300)
    table = gpd.GeoDataFrame(
        {"cls": classes[rows, cols] + 1, **{f"b{b + 1}": data[b, rows, cols] for b in range(3)}}
    )
    return image, table


def _train(table: Any, path: Path, algorithm: str) -> Path:
    train_classifier(
        SampleSource(table, "cls"),
        TrainingFiles(path),
        options=TrainingOptions(algorithm=algorithm, n_jobs=1),
    )
    return path


def _predict(image: Path, model: Any, out: Path, *, layers: bool, compiled: bool) -> list[str]:
    progress = RecordingProgress()
    confidence = str(out.with_suffix(".conf.tif")) if layers else None
    predict_raster(
        [image],
        model,
        out,
        progress=progress,
        options=PredictionOptions(compiled=compiled, confidence_path=confidence),
    )
    return list(progress.messages)


def _read(path: Path | str) -> np.ndarray:
    with rasterio.open(path) as src:
        return src.read(1)


@pytest.mark.slow
@pytest.mark.parametrize("algorithm", STORED)
@pytest.mark.parametrize(("n_classes", "noise"), [(3, 25.0), (5, 60.0)])
def test_the_stored_graph_gives_scikit_learns_classes(
    make_raster: Callable[..., Path], tmp_path: Path, algorithm: str, n_classes: int, noise: float
) -> None:
    image, table = _scene(make_raster, n_classes, noise, seed=n_classes)
    model = _train(table, tmp_path / f"{algorithm}.lulcmodel", algorithm)
    record = read_manifest(model).onnx
    assert record is not None
    assert record["checked_rows"] == 300
    assert record["classes"] == list(range(1, n_classes + 1))
    plain_log = _predict(image, model, tmp_path / "sk.tif", layers=True, compiled=False)
    assert any(m.startswith("Inference: scikit-learn (") for m in plain_log)
    for layers in (False, True):  # early exit for the class only; probabilities when asked
        out = tmp_path / f"fast{layers}.tif"
        log = _predict(image, model, out, layers=layers, compiled=True)
        assert any(STORED_LOG in m for m in log)
        assert (_read(out) == _read(tmp_path / "sk.tif")).all()
        assert any("early exit" in m for m in log)
        if layers:
            difference = _read(out.with_suffix(".conf.tif")).astype(int) - _read(
                tmp_path / "sk.conf.tif"
            ).astype(int)
            assert np.abs(difference).max() <= 1  # uint8 percent, rounding


@pytest.mark.slow
@pytest.mark.parametrize("max_depth", [None, 3])
@pytest.mark.parametrize("n_classes", [2, 4])
@pytest.mark.parametrize("kind", ["RandomForestClassifier", "ExtraTreesClassifier"])
def test_early_exit_chooses_the_class_of_the_whole_forest(
    max_depth: int | None, n_classes: int, kind: str
) -> None:
    """Exact ties included: pure leaves (max_depth None) give many equal vote counts.

    Two classes are a special case: the graph scores only the second one.
    """
    from sklearn import ensemble

    rng = np.random.default_rng(7)
    x = rng.normal(0, 1, (3000, 4))
    y = (x[:, 0] + rng.normal(0, 1, 3000) > 0).astype(int)
    if n_classes == 4:
        y = y + (x[:, 1] > 0.8) * 2
    forest = getattr(ensemble, kind)(20, max_depth=max_depth, random_state=0).fit(x, y)
    predictor = onnx_inference.compiled_forest(forest, 4)
    assert predictor is not None  # early exit is on
    assert predictor.stages
    # Pure leaves: 11 of 20 trees decide a unanimous pixel. Impure leaves (depth 3) add less
    # than a vote each, so the first check may come sooner.
    assert predictor.first_trees == 11 if max_depth is None else 2 <= predictor.first_trees <= 11
    grid = rng.normal(0, 1.2, (200_000, 4)).astype(np.float32)
    expected = np.argmax(forest.predict_proba(grid), axis=1)
    assert (predictor.predict_index(grid) == expected).all()
    assert (onnx_inference.first_best(predictor.predict_proba(grid)) == expected).all()
    share = predictor.evaluated_share()
    assert share is not None  # it skipped trees, and had to go on
    assert 0.55 < share < 1


def test_early_exit_is_off_where_scores_are_not_forest_votes() -> None:
    from sklearn.ensemble import RandomForestClassifier

    x = np.random.default_rng(1).normal(0, 1, (200, 3))
    y = (x[:, 0] > 0).astype(int) + (x[:, 1] > 0)
    one = RandomForestClassifier(1, random_state=0).fit(x, y)
    graph = onnx_proto.proto().ModelProto.FromString(onnx_proto.forest_graph(one, 3))
    predictor = onnx_inference.OnnxPredictor(graph.SerializeToString(), one.classes_)
    assert not predictor.enable_early_exit(graph)  # one tree: nothing to skip
    assert predictor.evaluated_share() is None
    boosted = onnx_proto.proto().ModelProto()
    boosted.CopyFrom(graph)
    node = boosted.graph.node[0]
    node.attribute.append(onnx_proto.make_attribute("base_values", [0.1, 0.2, 0.7]))
    assert not onnx_inference.OnnxPredictor(
        boosted.SerializeToString(), one.classes_
    ).enable_early_exit(boosted)  # base values: not a forest's mean


@pytest.fixture
def forest_model(make_raster: Callable[..., Path], tmp_path: Path) -> tuple[Path, Path]:
    image, table = _scene(make_raster, 3, 25.0, seed=4)
    return image, _train(table, tmp_path / "rf.lulcmodel", "random_forest")


@pytest.mark.slow
def test_the_stored_graph_is_used_without_conversion_or_the_estimator(
    forest_model: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    image, model = forest_model

    def no_conversion(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("converted at prediction")

    monkeypatch.setattr(onnx_proto, "forest_graph", no_conversion)
    loaded = load_for_prediction(model)
    assert loaded.estimator is None
    assert loaded.compiled is not None
    log = _predict(image, model, tmp_path / "map.tif", layers=False, compiled=True)
    assert any(STORED_LOG in m for m in log)
    plain = _predict(image, model, tmp_path / "sk.tif", layers=False, compiled=False)
    assert not any("ONNX" in m for m in plain)
    assert (_read(tmp_path / "map.tif") == _read(tmp_path / "sk.tif")).all()


def _replace(model: Path, target: Path, graph: bytes, *, record_digest: bool) -> Path:
    """Copy a model file with another graph (and the manifest's digest of it, if asked)."""
    import hashlib

    with zipfile.ZipFile(model) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == ONNX:
                data = graph
            elif info.filename == "manifest.json" and record_digest:
                manifest = json.loads(data)
                manifest["onnx"]["sha256"] = hashlib.sha256(graph).hexdigest()
                data = json.dumps(manifest).encode()
            dst.writestr(info, data)
    return target


@pytest.mark.slow
@pytest.mark.parametrize(
    ("record_digest", "why"),
    [
        (False, "it is not the graph its manifest records"),
        (True, "it was not made from the estimator beside it"),
    ],
)
def test_a_graph_made_from_another_estimator_is_refused(
    forest_model: tuple[Path, Path],
    make_raster: Callable[..., Path],
    tmp_path: Path,
    record_digest: bool,
    why: str,
) -> None:
    image, model = forest_model
    _, other_table = _scene(make_raster, 3, 25.0, seed=9)
    other = _train(other_table, tmp_path / "other.lulcmodel", "random_forest")
    with zipfile.ZipFile(other) as archive:
        foreign = archive.read(ONNX)
    swapped = _replace(model, tmp_path / "swapped.lulcmodel", foreign, record_digest=record_digest)
    progress = RecordingProgress()
    loaded = load_for_prediction(swapped, progress=progress)
    assert loaded.compiled is None
    assert loaded.estimator is not None
    (warning,) = progress.warnings
    assert why in warning
    assert "Predicting with the estimator instead" in warning
    _predict(image, swapped, tmp_path / "swapped.tif", layers=False, compiled=True)
    _predict(image, model, tmp_path / "sk.tif", layers=False, compiled=False)
    assert (_read(tmp_path / "swapped.tif") == _read(tmp_path / "sk.tif")).all()


def _graph_with(node: Any, *, initializer: Any = None, domain: str = "") -> bytes:
    helper, tensor = onnx.helper, onnx.TensorProto
    graph = helper.make_graph(
        [node],
        "g",
        [helper.make_tensor_value_info("X", tensor.FLOAT, [None, 3])],
        [helper.make_tensor_value_info("probabilities", tensor.FLOAT, [None, 3])],
        initializer=[initializer] if initializer is not None else [],
    )
    opsets = [helper.make_opsetid("", 17)] + ([helper.make_opsetid(domain, 1)] if domain else [])
    data: bytes = helper.make_model(graph, opset_imports=opsets).SerializeToString()
    return data


def _with_training_graph() -> bytes:
    proto = onnx.load_model_from_string(
        _graph_with(onnx.helper.make_node("Identity", ["X"], ["probabilities"]))
    )
    proto.training_info.add().algorithm.name = "update"
    data: bytes = proto.SerializeToString()
    return data


def _external_initializer() -> Any:
    weights = onnx.numpy_helper.from_array(np.ones(3, np.float32), "W")
    onnx.external_data_helper.set_external_data(weights, location="/etc/passwd")
    weights.data_location = onnx.TensorProto.EXTERNAL
    weights.ClearField("raw_data")
    return weights


@pytest.mark.parametrize(
    ("graph", "why"),
    [
        (lambda: b"\x08\x07not protobuf at all" * 3, "not an ONNX graph"),
        (
            lambda: _graph_with(
                onnx.helper.make_node("Add", ["X", "W"], ["probabilities"]),
                initializer=_external_initializer(),
            ),
            "names external data files",
        ),
        (
            lambda: _graph_with(
                onnx.helper.make_node("Evil", ["X"], ["probabilities"], domain="com.example"),
                domain="com.example",
            ),
            "operator sets other than ONNX's",
        ),
        (
            lambda: _graph_with(
                onnx.helper.make_node(
                    "If",
                    ["X"],
                    ["probabilities"],
                    then_branch=onnx.helper.make_graph([], "t", [], []),
                    else_branch=onnx.helper.make_graph([], "e", [], []),
                )
            ),
            "holds a subgraph",
        ),
        (lambda: _with_training_graph(), "holds functions or training graphs"),
    ],
    ids=["garbage", "external-data", "custom-domain", "subgraph", "training-graph"],
)
def test_a_hostile_graph_is_refused_before_onnx_runtime_sees_it(
    graph: Callable[[], bytes], why: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import onnxruntime

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("ONNX Runtime was given the graph")

    monkeypatch.setattr(onnxruntime, "InferenceSession", never)
    with pytest.raises(ModelFileError, match=why) as error:
        onnx_inference.read_graph(graph(), "stranger.lulcmodel")
    assert "'stranger.lulcmodel'" in str(error.value)


def _signed(graph: bytes, model: Path) -> bytes:
    """The graph, claiming (in its metadata) to be made from the model's estimator."""
    import hashlib

    with zipfile.ZipFile(model) as archive:
        digest = hashlib.sha256(archive.read("estimator.skops")).hexdigest()
    proto = onnx.load_model_from_string(graph)
    onnx.helper.set_model_props(proto, {onnx_inference.ESTIMATOR_KEY: digest})
    data: bytes = proto.SerializeToString()
    return data


@pytest.mark.slow
@pytest.mark.parametrize(
    ("graph", "why"),
    [
        (
            lambda: _graph_with(
                onnx.helper.make_node("Add", ["X", "W"], ["probabilities"]),
                initializer=_external_initializer(),
            ),
            "names external data files",
        ),
        (  # passes every check of ours, with the estimator's digest: ONNX Runtime refuses it
            lambda: _graph_with(onnx.helper.make_node("NoSuchOperator", ["X"], ["probabilities"])),
            "ONNX Runtime cannot run it",
        ),
    ],
    ids=["external-data", "unknown-operator"],
)
def test_a_model_with_a_hostile_graph_falls_back_to_its_estimator(
    forest_model: tuple[Path, Path], tmp_path: Path, graph: Callable[[], bytes], why: str
) -> None:
    image, model = forest_model
    hostile = _signed(graph(), model)
    swapped = _replace(model, tmp_path / "hostile.lulcmodel", hostile, record_digest=True)
    progress = RecordingProgress()
    loaded = load_for_prediction(swapped, progress=progress)
    assert loaded.compiled is None
    assert loaded.estimator is not None
    assert why in progress.warnings[0]
    _predict(image, swapped, tmp_path / "map.tif", layers=False, compiled=True)  # no traceback


@pytest.mark.slow
def test_an_old_model_file_is_converted_for_a_large_image_only_if_it_agrees(
    forest_model: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model file without a graph (written before 0.8): a forest is converted for the run."""
    image, model = forest_model
    loaded = load_model(model)
    manifest = {k: v for k, v in loaded.manifest.to_json().items() if k != "onnx"}
    old = tmp_path / "old.lulcmodel"
    save_model(old, loaded.estimator, manifest)  # no training table: no graph
    assert read_manifest(old).onnx is None
    log = _predict(image, old, tmp_path / "small.tif", layers=False, compiled=True)
    assert "Inference: scikit-learn (RandomForestClassifier)." in log  # 10,800 pixels
    monkeypatch.setattr(predict_module, "COMPILED_MIN_PIXELS", 0)
    log = _predict(image, old, tmp_path / "converted.tif", layers=False, compiled=True)
    assert any("graph converted for this run" in m and "early exit" in m for m in log)
    assert (_read(tmp_path / "converted.tif") == _read(tmp_path / "small.tif")).all()
    monkeypatch.setattr(predict_module, "same_classes", lambda a, b, sample: False)
    log = _predict(image, old, tmp_path / "fallback.tif", layers=False, compiled=True)
    assert any("disagrees with scikit-learn" in m for m in log)


def test_pixel_keys_are_equal_exactly_for_equal_values() -> None:
    rng = np.random.default_rng(3)
    pixels = rng.integers(-3, 3, (5000, 4)).astype(np.int16)  # 4 x 16 bits: fits 64
    keys = predict_module.pixel_keys(pixels)
    assert keys is not None
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    assert (pixels[first][inverse] == pixels).all()
    assert len(first) == len(np.unique(pixels, axis=0))
    as_read = predict_module.pixel_keys(pixels.astype(np.float32))  # integers read as floats
    assert as_read is not None
    assert (as_read == keys).all()
    assert predict_module.pixel_keys(pixels + np.float32(0.5)) is None  # not whole numbers
    wide = rng.integers(0, 60000, (10, 5)).astype(np.float32)  # 60000**5 > 2**63
    assert predict_module.pixel_keys(wide) is None
    assert predict_module.few_distinct(pixels) is not None  # 6**4 = 1296 values at most
    assert predict_module.few_distinct(rng.integers(0, 60000, (5000, 4)).astype("u2")) is None


@pytest.mark.slow
@pytest.mark.parametrize("layers", [False, True])
def test_each_distinct_pixel_is_classified_once_with_the_same_map(
    make_raster: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    layers: bool,
) -> None:
    """A uint8 image with few distinct values (a scanned map, a quantised product)."""
    import geopandas as gpd

    rng = np.random.default_rng(5)
    classes = (np.arange(120)[None, :] * 3 // 120).repeat(90, axis=0)
    data = (classes[None] * 20 + rng.integers(0, 12, (3, 90, 120))).astype(np.uint8)
    image = make_raster(data, "uint8.tif", nodata=255)
    rows, cols = rng.integers(0, 90, 300), rng.integers(0, 120, 300)
    table = gpd.GeoDataFrame(
        {"cls": classes[rows, cols] + 1, **{f"b{b + 1}": data[b, rows, cols] for b in range(3)}}
    )
    model = _train(table, tmp_path / "rf.lulcmodel", "random_forest")
    log = _predict(image, model, tmp_path / "once.tif", layers=layers, compiled=True)
    assert any("each distinct pixel value once" in m for m in log)
    monkeypatch.setattr(predict_module, "DISTINCT_SHARE", 0.0)
    log = _predict(image, model, tmp_path / "all.tif", layers=layers, compiled=True)
    assert not any("distinct" in m for m in log)
    assert (_read(tmp_path / "once.tif") == _read(tmp_path / "all.tif")).all()
    if layers:
        once, every = _read(tmp_path / "once.conf.tif"), _read(tmp_path / "all.conf.tif")
        assert (once == every).all()


@pytest.mark.slow
def test_a_model_without_a_graph_predicts_with_scikit_learn(
    make_raster: Callable[..., Path], tmp_path: Path
) -> None:
    image, table = _scene(make_raster, 3, 25.0, seed=3)
    model = _train(table, tmp_path / "mlp.lulcmodel", "mlp")
    assert read_manifest(model).onnx is None  # only forests are stored as a graph
    log = _predict(image, model, tmp_path / "mlp.tif", layers=False, compiled=True)
    assert "Inference: scikit-learn (Pipeline)." in log


def test_the_forest_graph_splits_exactly_where_the_trees_do() -> None:
    """Inputs at, just below and just above every threshold (as float32) go the same way."""
    from sklearn.ensemble import RandomForestClassifier

    from lulc_classifier.core.model import onnx_proto

    rng = np.random.default_rng(11)
    x = rng.normal(0, 1, (400, 3)) * np.array([1.0, 1e4, 1e-3])  # thresholds of every scale
    y = (x[:, 0] + x[:, 1] / 1e4 + rng.normal(0, 0.5, 400) > 0).astype(int) + (x[:, 2] > 0)
    forest = RandomForestClassifier(15, random_state=0).fit(x, y)
    cases = []
    for tree in forest.estimators_:
        inner = tree.tree_.feature >= 0
        for feature, threshold in zip(tree.tree_.feature[inner], tree.tree_.threshold[inner]):
            t32 = np.float32(threshold)
            for value in (np.nextafter(t32, -np.inf), t32, np.nextafter(t32, np.inf)):
                row = rng.normal(0, 1, 3).astype(np.float32) * np.float32([1, 1e4, 1e-3])
                row[feature] = value
                cases.append(row)
    grid = np.array(cases, dtype=np.float32)
    graph = onnx_proto.forest_graph(forest, 3)
    predictor = onnx_inference.OnnxPredictor(graph, forest.classes_)
    expected = forest.predict_proba(grid)
    assert np.abs(predictor.predict_proba(grid) - expected).max() < 1e-6
    assert (predictor.predict_index(grid) == np.argmax(expected, axis=1)).all()


@pytest.mark.slow
def test_the_onnx_package_is_never_imported(tmp_path: Path) -> None:
    """``import onnx`` would load a second protobuf into QGIS (random aborts): never done."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    script = f"""
import sys
sys.path.insert(0, r"{root / 'scripts'}")
from checkout import import_plugin
import_plugin()
import numpy as np
from sklearn.ensemble import RandomForestClassifier
from lulc_classifier.core.model.model_file import load_for_prediction, save_model, read_manifest
x = np.random.default_rng(0).normal(0, 1, (200, 3)); y = (x[:, 0] > 0).astype(int) + 1
forest = RandomForestClassifier(10, random_state=0).fit(x, y)
manifest = {{"bands": ["a", "b", "c"], "classes": [
    {{"code": 1, "name": "one", "color": "#112233"}},
    {{"code": 2, "name": "two", "color": "#445566"}}]}}
save_model(r"{tmp_path / 'f.lulcmodel'}", forest, manifest, training=(x, y))
assert read_manifest(r"{tmp_path / 'f.lulcmodel'}").onnx is not None
model = load_for_prediction(r"{tmp_path / 'f.lulcmodel'}")
assert model.compiled is not None
model.compiled.predict_index(x.astype(np.float32))
loaded = sorted(m for m in sys.modules if m == "onnx" or m.startswith("onnx."))
assert loaded == ["onnx.onnx_ml_pb2"], loaded
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
