"""The convolutional network on patches (issue 20): patches, training, ONNX, block prediction.

The pattern-only scene (the network separates it, a pixel-only forest does not) is in
test_cnn_pattern.py.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio
from rasterio.windows import Window
from shapely.geometry import box

from lulc_classifier.core.errors import InvalidInputError, MissingDependencyError, ModelFileError
from lulc_classifier.core.model import cnn
from lulc_classifier.core.model.estimators import make_estimator
from lulc_classifier.core.model.model_file import load_for_prediction, load_model
from lulc_classifier.core.model.patch_model import GRAPH
from lulc_classifier.core.patches import read_patch_table, read_patches, read_with_halo
from lulc_classifier.core.predict import PredictionOptions, predict_raster
from lulc_classifier.core.samples import SamplingOptions, sample_labels
from lulc_classifier.core.stack import RasterStack
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    train_classifier,
)
from lulc_classifier.core.workflow import WorkflowFiles, WorkflowOptions, classify_image

from ..helpers import (
    RecordingProgress,
    importable_package,
    pixel_centre,
    write_labels,
    write_raster,
)

SMALL = {"epochs": 4, "width": 8}


def _scene(tmp_path: Path, size: int = 48, *, nodata_block: bool = False) -> tuple[Path, Path]:
    """Two classes: smooth (left half) and striped (right half), same band means; 8 polygons."""
    rng = np.random.default_rng(0)
    rows, cols = np.mgrid[0:size, 0:size]
    stripes = np.where((cols // 2) % 2 == 0, 1.0, -1.0)
    band = np.where(cols < size // 2, 0.0, stripes) + rng.normal(0, 0.2, (size, size))
    data = np.stack([band + 5, -band + 5]).astype(np.float32)
    nodata = None
    if nodata_block:
        data[:, 0:4, 0:4] = -9999
        nodata = -9999
    raster = write_raster(tmp_path / "scene.tif", data, nodata=nodata)
    polygons, classes = [], []
    half = size // 2
    for r0 in range(0, size, half // 2):
        for c0, cls in ((0, 1), (half, 2)):
            x0, y1 = pixel_centre(r0 + 1, c0 + 1)
            x1, y0 = pixel_centre(r0 + half // 2 - 2, c0 + half - 2)
            polygons.append(box(x0, y0, x1, y1))
            classes.append(cls)
    labels = write_labels(tmp_path / "labels.gpkg", polygons, classes)
    return raster, labels


def _patches_table(n_per_class: int = 30, size: int = 5, seed: int = 0) -> tuple[Any, Any]:
    rng = np.random.default_rng(seed)
    y = np.repeat([1, 2], n_per_class)
    x = rng.normal(0, 1, (len(y), 2, size, size)).astype(np.float32)
    x[y == 2, :, :, ::2] += 1.5
    return x.reshape(len(y), -1), y


def _trained(
    tmp_path: Path, patch: int = 5, size: int = 48, **sampling: Any
) -> tuple[Path, Path, Any]:
    raster, labels = _scene(tmp_path, size)
    samples = sample_labels(
        [raster],
        labels,
        "cls",
        options=SamplingOptions(patch_size=patch, **{"max_per_class": 100, **sampling}),
        output_path=tmp_path / "samples.gpkg",
    )
    result = train_classifier(
        SampleSource(tmp_path / "samples.gpkg", "cls"),
        TrainingFiles(tmp_path / "net.lulcmodel"),
        options=TrainingOptions(algorithm="cnn", hyperparameters=SMALL, folds=2, seed=1),
    )
    return raster, tmp_path / "net.lulcmodel", (samples, result)


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A small network (patch 5) on the 48 x 48 scene: raster and model file (read only)."""
    raster, model_path, _ = _trained(tmp_path_factory.mktemp("trained"))
    return raster, model_path


@pytest.fixture
def model_copy(trained: tuple[Path, Path], tmp_path: Path) -> Path:
    """A copy of the trained model file, to tamper with."""
    copy = tmp_path / "net.lulcmodel"
    copy.write_bytes(trained[1].read_bytes())
    return copy


# --------------------------------------------------------------------------- training


def test_training_is_deterministic_with_a_seed() -> None:
    x, y = _patches_table()

    def fit(seed: int) -> Any:
        return cnn.PatchCNNClassifier(5, 2, epochs=3, width=8, random_state=seed, n_jobs=2).fit(
            x, y
        )

    first, again, other = fit(7), fit(7), fit(8)
    assert np.array_equal(first.predict_proba(x), again.predict_proba(x))
    assert not np.array_equal(first.predict_proba(x), other.predict_proba(x))


def test_the_onnx_graph_reproduces_pytorch_within_1e_5() -> None:
    x, y = _patches_table()
    model = cnn.PatchCNNClassifier(5, 2, epochs=3, width=8, random_state=0, n_jobs=1).fit(x, y)
    graph, difference = model.onnx_graph(x)
    assert difference <= 1e-5
    unseen, _ = _patches_table(seed=5)
    unseen[0, :7] = np.nan  # pixels without a value: filled the same way on both sides
    predictor = cnn.PatchPredictor(graph, model.classes_, 5, model.fill_)
    ours, theirs = predictor.predict_proba(unseen), model.predict_proba(unseen)
    assert np.abs(ours - theirs).max() <= 1e-5
    assert np.allclose(ours.sum(axis=1), 1.0, atol=1e-5)


def test_too_few_samples_for_the_network_say_the_minimum() -> None:
    x, y = _patches_table(n_per_class=30)
    y[:25] = 2  # class 1 keeps 5 samples
    with pytest.raises(InvalidInputError, match=r"at least 10 samples of each class.*1 \(5\)"):
        cnn.PatchCNNClassifier(5, 2, epochs=1, width=8).fit(x, y)


@pytest.mark.parametrize("size", [0, 2, 4, 33, 1])
def test_a_patch_size_must_be_odd_from_3_to_31(size: int) -> None:
    if size == 0:
        assert SamplingOptions(patch_size=0).patch_size == 0  # 0: no patches
        return
    with pytest.raises(InvalidInputError, match="odd number of pixels from 3 to 31"):
        SamplingOptions(patch_size=size)


def test_a_missing_pytorch_names_the_package_and_the_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch fails
    with pytest.raises(MissingDependencyError, match="torch") as caught:
        make_estimator("cnn")
    assert "python3-torch" in str(caught.value) or "pip" in str(caught.value)


# --------------------------------------------------------------------------- patches


def test_patches_at_the_edges_and_on_nodata_have_no_value(tmp_path: Path) -> None:
    raster, _ = _scene(tmp_path, size=20, nodata_block=True)
    with rasterio.open(raster) as src:
        image = src.read().astype(np.float32)
    rows, cols = np.array([0, 10, 19, 4]), np.array([10, 0, 19, 4])
    with RasterStack([str(raster)]) as stack:
        patches = read_patches(stack, rows, cols, 5, RecordingProgress())
    assert patches.shape == (4, 2, 5, 5)
    # top edge: the two rows above the image have no value, the rest is the image
    assert np.isnan(patches[0, :, :2]).all()
    assert np.array_equal(patches[0, :, 2:], image[:, 0:3, 8:13])
    assert np.isnan(patches[1, :, :, :2]).all()  # left edge
    assert np.isnan(patches[2, :, 3:]).all()  # corner
    assert np.isnan(patches[2, :, :, 3:]).all()
    # nodata pixels (rows and columns 0-3) inside a patch have no value either
    assert np.isnan(patches[3, :, :2, :2]).all()
    assert np.array_equal(patches[3, :, 2:, 2:], image[:, 4:7, 4:7])


def test_polygon_samples_keep_their_patches_in_the_geopackage(tmp_path: Path) -> None:
    raster, labels = _scene(tmp_path)
    progress = RecordingProgress()
    result = sample_labels(
        [raster],
        labels,
        "cls",
        options=SamplingOptions(patch_size=7),
        output_path=tmp_path / "s.gpkg",
        progress=progress,
    )
    assert result.patches is not None
    assert result.patches.shape == (result.count, 2, 7, 7)
    assert result.metadata["patches"] == {"size": 7, "bands": 2}
    stored = read_patch_table(tmp_path / "s.gpkg", np.arange(result.count)[::-1], 2, 7)
    assert np.array_equal(stored, result.patches[::-1], equal_nan=True)
    # the centre pixel is the sample's band values
    assert np.array_equal(result.patches[:, :, 3, 3], result.frame[result.band_names].to_numpy())
    assert any("Patches of 7 x 7 pixels" in m for m in progress.messages)
    # GDAL still sees one layer (the patch table is not a layer)
    from osgeo import ogr

    source = ogr.Open(str(tmp_path / "s.gpkg"))
    assert [source.GetLayer(i).GetName() for i in range(source.GetLayerCount())] == ["s"]
    source = None


def test_patches_need_a_geopackage_and_fit_in_the_image(tmp_path: Path) -> None:
    raster, labels = _scene(tmp_path, size=20)
    with pytest.raises(InvalidInputError, match="give the sample table a .gpkg name"):
        sample_labels(
            [raster],
            labels,
            "cls",
            options=SamplingOptions(patch_size=5),
            output_path=tmp_path / "s.csv",
        )
    assert not (tmp_path / "s.csv").exists()
    with pytest.raises(InvalidInputError, match=r"patch size \(21 x 21 pixels\) is larger than"):
        sample_labels([raster], labels, "cls", options=SamplingOptions(patch_size=21))


def test_the_network_refuses_samples_without_patches(tmp_path: Path) -> None:
    raster, labels = _scene(tmp_path)
    sample_labels([raster], labels, "cls", output_path=tmp_path / "plain.gpkg")
    with pytest.raises(InvalidInputError, match="sample the labels again with a patch size"):
        train_classifier(
            SampleSource(tmp_path / "plain.gpkg", "cls"),
            TrainingFiles(tmp_path / "m.lulcmodel"),
            options=TrainingOptions(algorithm="cnn", hyperparameters=SMALL),
        )
    assert not (tmp_path / "m.lulcmodel").exists()


# --------------------------------------------------------------------------- training runs


def test_training_validates_spatially_and_writes_the_graph_only(tmp_path: Path) -> None:
    progress = RecordingProgress()
    raster, labels = _scene(tmp_path)
    sample_labels(
        [raster],
        labels,
        "cls",
        options=SamplingOptions(patch_size=5, max_per_class=100),
        output_path=tmp_path / "s.gpkg",
    )
    result = train_classifier(
        SampleSource(tmp_path / "s.gpkg", "cls"),
        TrainingFiles(tmp_path / "net.lulcmodel"),
        options=TrainingOptions(algorithm="cnn", hyperparameters=SMALL, folds=2),
        progress=progress,
    )
    assert result.accuracy.scheme.startswith("Spatial cross-validation by label feature")
    assert any("patches of neighbouring pixels overlap" in m for m in progress.messages)
    with zipfile.ZipFile(tmp_path / "net.lulcmodel") as archive:
        assert sorted(archive.namelist()) == ["manifest.json", GRAPH]
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["algorithm"] == "cnn"
    assert manifest["patch"]["size"] == 5
    assert manifest["patch"]["max_probability_difference"] <= 1e-5
    assert manifest["bands"] == ["b1", "b2"]
    assert len(manifest["patch"]["fill"]) == 2


def test_blockwise_prediction_equals_the_whole_image_and_each_pixels_patch(tmp_path: Path) -> None:
    raster, model_path, _ = _trained(tmp_path, size=300, max_per_class=150)
    progress = RecordingProgress()
    result = predict_raster(
        [raster],
        model_path,
        tmp_path / "map.tif",
        options=PredictionOptions(probabilities_path=str(tmp_path / "p.tif")),
        progress=progress,
    )
    assert result.blocks > 1
    assert any("halo of 2 pixels" in m for m in progress.messages)
    model = load_for_prediction(model_path)
    with RasterStack([str(raster)]) as stack:  # the whole image as one block
        data, around = read_with_halo(stack, Window(0, 0, 300, 300), 2)
        whole = model.estimator.block_proba(data, around)
        rows, cols = np.array([0, 0, 299, 150, 10, 255]), np.array([0, 299, 299, 151, 3, 256])
        patches = read_patches(stack, rows, cols, 5, RecordingProgress())
    with rasterio.open(tmp_path / "map.tif") as src:
        classes = src.read(1)
    with rasterio.open(tmp_path / "p.tif") as src:
        percent = src.read().astype(np.float64)
    assert np.array_equal(classes, model.estimator.classes_[np.argmax(whole, 0)])
    assert np.abs(percent - 100 * whole).max() <= 0.5 + 1e-3
    # and each pixel's probabilities are its own patch's, edges included
    own = model.estimator.predict_proba(patches.reshape(len(rows), -1))
    assert np.abs(own - whole[:, rows, cols].T).max() <= 1e-5


def _last_printed(script: str, tmp_path: Path) -> str:
    """Run ``script`` in a fresh Python that imports this checkout; return what it printed last."""
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=importable_package(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split()[-1]


def test_prediction_needs_no_pytorch(trained: tuple[Path, Path], tmp_path: Path) -> None:
    raster, model_path = trained
    script = (
        "import sys; sys.modules['torch'] = None\n"
        "from lulc_classifier.core.predict import predict_raster\n"
        f"r = predict_raster([{str(raster)!r}], {str(model_path)!r}, {str(tmp_path / 'm.tif')!r})\n"
        "print(sum(r.pixel_counts.values()))\n"
    )
    assert int(_last_printed(script, tmp_path)) == 48 * 48


def test_an_image_smaller_than_a_patch_is_refused_at_prediction(
    trained: tuple[Path, Path], tmp_path: Path
) -> None:
    model_path = trained[1]
    tiny = write_raster(tmp_path / "tiny.tif", np.ones((2, 3, 3), np.float32))
    with pytest.raises(InvalidInputError, match="larger than the image to classify"):
        predict_raster([tiny], model_path, tmp_path / "out.tif")
    assert not (tmp_path / "out.tif").exists()


def test_classify_takes_patches_of_9_for_the_network(tmp_path: Path) -> None:
    raster, labels = _scene(tmp_path)
    progress = RecordingProgress()
    result = classify_image(
        [raster],
        labels,
        "cls",
        WorkflowFiles(tmp_path / "map.tif", TrainingFiles(tmp_path / "m.lulcmodel")),
        options=WorkflowOptions(
            sampling=SamplingOptions(max_per_class=100),
            training=TrainingOptions(algorithm="cnn", hyperparameters=SMALL, folds=2),
        ),
        progress=progress,
    )
    assert any("patches of 9 x 9 pixels (the default" in m for m in progress.messages)
    assert load_model(tmp_path / "m.lulcmodel").manifest.patch["size"] == 9
    assert sum(result.classification.pixel_counts.values()) == 48 * 48


# --------------------------------------------------------------------------- hostile files


def _rewrite(path: Path, graph: bytes | None = None, **patch: Any) -> None:
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        old = archive.read(GRAPH)
    graph = old if graph is None else graph
    manifest["patch"].update(patch)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr(GRAPH, graph)
    path.write_bytes(buffer.getvalue())


def _other_network(patch: int, bands: int = 2, classes: int = 2) -> bytes:
    x, y = _patches_table(size=patch)
    if bands != 2:
        x = x.reshape(len(y), 2, patch, patch)[:, :1].reshape(len(y), -1)
    model = cnn.PatchCNNClassifier(patch, bands, epochs=1, width=4).fit(x, y)
    return model.onnx_graph(x[:5])[0]


def test_a_tampered_graph_is_refused(model_copy: Path) -> None:
    model_path = model_copy
    with zipfile.ZipFile(model_path) as archive:
        graph = bytearray(archive.read(GRAPH))
    graph[len(graph) // 2] ^= 0xFF  # a weight changed, the manifest's digest kept
    _rewrite(model_path, bytes(graph))
    with pytest.raises(ModelFileError, match="not the graph its manifest records"):
        load_for_prediction(model_path)


@pytest.mark.parametrize(
    ("graph", "message"),
    [
        (lambda: _other_network(7), r"see 7 x 7 pixels, not the 5 x 5 patch"),
        (lambda: _other_network(5, bands=1), r"does not take 2 band\(s\)"),
        (lambda: b"not a graph", "not an ONNX graph"),
    ],
)
def test_a_graph_that_is_not_its_manifests_network_is_refused(
    model_copy: Path, graph: Any, message: str
) -> None:
    model_path = model_copy
    data = graph()
    _rewrite(model_path, data, sha256=hashlib.sha256(data).hexdigest())  # digest made to match
    with pytest.raises(ModelFileError, match=message):
        load_for_prediction(model_path)


def test_a_graph_with_other_operators_is_refused(model_copy: Path) -> None:
    from lulc_classifier.core.model import onnx_proto

    model_path = model_copy
    pb = onnx_proto.proto()
    model = pb.ModelProto.FromString(_other_network(5))
    model.graph.node[0].op_type = "Upsample"  # an operator the network does not use
    data = model.SerializeToString()
    _rewrite(model_path, data, sha256=hashlib.sha256(data).hexdigest())
    with pytest.raises(ModelFileError, match="operators a patch network does not"):
        load_model(model_path)


def test_a_manifest_whose_fill_values_do_not_match_the_bands_is_refused(model_copy: Path) -> None:
    model_path = model_copy
    _rewrite(model_path, fill=[0.0])
    with pytest.raises(ModelFileError, match="fill values are not one per band"):
        load_model(model_path)


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("UPDATE gpkgext_lulc_patches SET patch = zeroblob(1000000) WHERE id = 3", "not 2 band"),
        ("DELETE FROM gpkgext_lulc_patches WHERE id = 3", "lacks the patches of 1 samples"),
        ("DROP TABLE gpkgext_lulc_patches", "no readable patches"),
    ],
)
def test_a_damaged_patch_table_is_a_sentence(tmp_path: Path, sql: str, message: str) -> None:
    import sqlite3

    raster, labels = _scene(tmp_path)
    table = tmp_path / "s.gpkg"
    sample_labels(
        [raster],
        labels,
        "cls",
        options=SamplingOptions(patch_size=5, max_per_class=20),
        output_path=table,
    )
    with sqlite3.connect(table) as db:
        db.execute(sql)
    db.close()
    with pytest.raises(InvalidInputError, match=message):
        train_classifier(
            SampleSource(table, "cls"),
            TrainingFiles(tmp_path / "m.lulcmodel"),
            options=TrainingOptions(algorithm="cnn", hyperparameters=SMALL),
        )
    assert not (tmp_path / "m.lulcmodel").exists()


def test_class_weights_favour_rare_classes_and_average_one() -> None:
    counts = np.array([900.0, 100.0])
    full = cnn.class_weights(counts, full=True)
    root = cnn.class_weights(counts, full=False)
    assert full[1] / full[0] == pytest.approx(9.0)
    assert root[1] / root[0] == pytest.approx(3.0)
    for weights in (full, root):
        assert (weights * counts).sum() == pytest.approx(counts.sum())


def test_without_onnx_runtime_the_network_is_refused_before_any_work(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The network's graph is checked and run with ONNX Runtime: without it, training would
    end in an error after minutes of work; it is said at once instead, with the command."""
    raster, labels = _scene(tmp_path)
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(MissingDependencyError, match="'onnxruntime'") as caught:
        classify_image(
            [raster],
            labels,
            "cls",
            WorkflowFiles(tmp_path / "map.tif", TrainingFiles(tmp_path / "m.lulcmodel")),
            options=WorkflowOptions(training=TrainingOptions(algorithm="cnn")),
        )
    assert "pip install" in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["labels.gpkg", "scene.tif"]


def test_predicting_with_a_network_without_onnx_runtime_says_what_to_install(
    trained: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from lulc_classifier.core.model import onnx_inference

    monkeypatch.setattr(onnx_inference, "available", lambda: False)
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(MissingDependencyError, match="convolutional network, run with ONNX"):
        load_for_prediction(trained[1])


def test_training_leaves_pytorchs_global_state_as_it_was() -> None:
    import torch

    x, y = _patches_table()
    torch.manual_seed(123)
    expected = torch.rand(3)
    threads = torch.get_num_threads()
    torch.manual_seed(123)
    cnn.PatchCNNClassifier(5, 2, epochs=1, width=4, n_jobs=1).fit(x, y)
    assert torch.equal(torch.rand(3), expected)
    assert torch.get_num_threads() == threads
    assert not torch.are_deterministic_algorithms_enabled()


def test_listing_the_algorithms_does_not_import_pytorch(tmp_path: Path) -> None:
    """Importing PyTorch takes seconds and hundreds of MB: only training the network does."""
    script = (
        "import sys\n"
        "from lulc_classifier.core.model.estimators import algorithms\n"
        "assert 'cnn' in algorithms()\n"
        "print('torch' in sys.modules)\n"
    )
    assert _last_printed(script, tmp_path) == "False"
