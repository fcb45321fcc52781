"""A seeded fuzz pass (Hypothesis) over hostile inputs: valid model files, manifests, sample
tables, rasters and reference points, mutated; modelinfo's reading, prediction, training and
assessment run on each. Every outcome must be a result or an :class:`LulcError` (a sentence,
never a traceback); no file may appear outside the run's output folder; memory stays under a
cap. The number of examples is fixed and the run derandomized, so CI time is bounded and a
failure reproduces.
"""

from __future__ import annotations

import io
import json
import os
import resource
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lulc_classifier.core.deps import require  # noqa: E402
from lulc_classifier.core.errors import LulcError  # noqa: E402
from lulc_classifier.core.model.model_file import load_model, read_manifest  # noqa: E402
from lulc_classifier.core.predict import PredictionOptions, predict_raster  # noqa: E402

from ..helpers import ORIGIN, PIXEL, write_ogr_layer, write_raster  # noqa: E402

rasterio = require("rasterio")
FUZZ = settings(
    # Fixed in CI; LULC_FUZZ_EXAMPLES=1000 for a longer hunt.
    max_examples=int(os.environ.get("LULC_FUZZ_EXAMPLES", "40")),
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
#: Peak memory the whole pass may add (the suite's own peak comes before it).
MEMORY_CAP_MB = 1500


class World:
    """A valid model, image, sample table and map, and a folder the runs write into."""

    def __init__(self, root: Path) -> None:
        from lulc_classifier.core.train import (
            SampleSource,
            TrainingFiles,
            TrainingOptions,
            train_classifier,
        )

        self.root = root
        rng = np.random.default_rng(0)
        x = rng.normal(size=(90, 3)) + np.repeat(np.eye(3) * 3, 30, axis=0)
        table = require("pandas").DataFrame(x, columns=["b1", "b2", "b3"])
        table["cls"] = np.repeat([1, 2, 3], 30)
        self.samples = root / "samples.csv"
        table.to_csv(self.samples, index=False)
        self.model = root / "model.lulcmodel"
        train_classifier(
            SampleSource(table, "cls"),
            TrainingFiles(self.model),
            options=TrainingOptions(algorithm="decision_tree", n_jobs=1),
        )
        self.image = root / "image.tif"
        write_raster(self.image, rng.normal(size=(3, 16, 16)) * 3, dtype="float32")
        self.image_bytes = self.image.read_bytes()
        self.map = root / "map.tif"
        write_raster(self.map, rng.integers(1, 4, size=(1, 16, 16)), dtype="uint8", nodata=0)
        self.out = root / "out"
        self.out.mkdir()

    def files(self) -> set[Path]:
        return {p for p in self.root.rglob("*") if not p.is_relative_to(self.out)}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return World(tmp_path_factory.mktemp("fuzz"))


@pytest.fixture(scope="module", autouse=True)
def _memory_cap() -> Any:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    yield
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown < MEMORY_CAP_MB, f"the fuzz pass grew the peak memory by {grown:.0f} MB"


def outcome(world: World, call: Any) -> None:
    """Run ``call``: a result or an LulcError, and no file outside the output folder."""
    before = world.files()
    message = "(no error)"
    try:
        call()
    except LulcError as exc:
        message = str(exc)
    finally:
        for leftover in world.out.iterdir():
            leftover.unlink()
    assert message.strip(), "an error without a sentence"
    assert world.files() == before, "a file appeared outside the output folder"


def predict(world: World, model: Path) -> None:
    read_manifest(model)  # what lulc:modelinfo shows
    predict_raster(
        [world.image], model, world.out / "map.tif", options=PredictionOptions(threads=1)
    )


# --------------------------------------------------------------------------- model files

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)


@FUZZ
@given(data=st.data())
def test_mutated_model_bytes(world: World, data: Any) -> None:
    raw = bytearray(world.model.read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.sampled_from([None, len(raw) // 2, len(raw) - 22]))
    path = world.root / "bytes.lulcmodel"
    path.write_bytes(bytes(raw[:cut]))
    outcome(world, lambda: predict(world, path))


def manifest_paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    paths = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            paths += manifest_paths(item, (*prefix, key))
    elif isinstance(value, list):
        for k, item in enumerate(value[:5]):
            paths += manifest_paths(item, (*prefix, k))
    return paths


@FUZZ
@given(data=st.data())
def test_mutated_manifests(world: World, data: Any) -> None:
    with zipfile.ZipFile(world.model) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(members["manifest.json"])
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(manifest_paths(manifest)[1:]))
        parent = manifest
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = data.draw(JSON)
    members["manifest.json"] = json.dumps(manifest).encode()
    target = world.root / "manifest.lulcmodel"
    with zipfile.ZipFile(target, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    outcome(world, lambda: predict(world, target))


@FUZZ
@given(data=st.data())
def test_mutated_skops_schemas(world: World, data: Any) -> None:
    with zipfile.ZipFile(world.model) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    inner = zipfile.ZipFile(io.BytesIO(members["estimator.skops"]))
    schema = json.loads(inner.read("schema.json"))
    path = data.draw(st.sampled_from(manifest_paths(schema)[1:]))
    parent = schema
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = data.draw(
        JSON | st.sampled_from(["builtins.eval", "os", "system", "MethodNode", "../x.npy"])
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name in inner.namelist():
            out.writestr(name, json.dumps(schema) if name == "schema.json" else inner.read(name))
    members["estimator.skops"] = buffer.getvalue()
    target = world.root / "schema.lulcmodel"
    with zipfile.ZipFile(target, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    outcome(world, lambda: load_model(target))


# --------------------------------------------------------------------------- tables, rasters


@FUZZ
@given(
    cells=st.lists(
        st.one_of(st.text(max_size=12), st.floats(), st.integers(-(10**20), 10**20), st.none()),
        min_size=1,
        max_size=6,
    ),
    rows=st.lists(st.integers(0, 89), min_size=1, max_size=6),
)
def test_mutated_sample_tables(world: World, cells: list[Any], rows: list[int]) -> None:
    from lulc_classifier.core.train import (
        SampleSource,
        TrainingFiles,
        TrainingOptions,
        train_classifier,
    )

    table = require("pandas").read_csv(world.samples).astype(object)
    for row, cell in zip(rows, cells):
        table.iloc[row, row % table.shape[1]] = cell
    path = world.out.parent / "mutated.csv"
    table.to_csv(path, index=False)
    # the table's reading is under test, not the forest: a small one is as good (made here, so
    # that a wrong option fails the test instead of passing as the error of every example)
    options = TrainingOptions(n_jobs=1, hyperparameters={"n_estimators": 10})
    outcome(
        world,
        lambda: train_classifier(
            SampleSource(path, "cls"), TrainingFiles(world.out / "m.lulcmodel"), options=options
        ),
    )
    path.unlink()


@FUZZ
@given(data=st.data())
def test_mutated_rasters(world: World, data: Any) -> None:
    raw = bytearray(world.image_bytes)
    for _ in range(data.draw(st.integers(1, 16))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.sampled_from([None, len(raw) // 3, len(raw) - 100]))
    path = world.root / "image-mutated.tif"
    path.write_bytes(bytes(raw[:cut]))
    outcome(
        world,
        lambda: predict_raster(
            [path], world.model, world.out / "map.tif", options=PredictionOptions(threads=1)
        ),
    )


@FUZZ
@given(
    values=st.lists(
        st.one_of(st.text(max_size=10), st.floats(), st.integers(-5, 300), st.none()),
        min_size=1,
        max_size=30,
    )
)
def test_mutated_reference_points(world: World, values: list[Any]) -> None:
    from shapely.geometry import Point

    from lulc_classifier.core.assessment.reference import AssessmentOptions, assess_map

    x0, y0 = ORIGIN
    features = [
        (Point(x0 + (k % 16 + 0.5) * PIXEL, y0 - (k // 16 % 16 + 0.5) * PIXEL), {"ref": str(v)})
        for k, v in enumerate(values)
    ]
    points = world.out.parent / "points.gpkg"
    points.unlink(missing_ok=True)
    write_ogr_layer(points, "Point", {"ref": "str"}, features)
    outcome(
        world,
        lambda: assess_map(
            world.map, points, "ref", options=AssessmentOptions(csv_path=world.out / "a.csv")
        ),
    )
    points.unlink()


def test_a_sample_value_beyond_32_bit_floats_is_skipped_not_a_traceback(world: World) -> None:
    """Found by this pass: 3.4028235677973366e+38 in a feature made scikit-learn raise
    ValueError (infinity in float32) from inside training."""
    from lulc_classifier.core.train import (
        SampleSource,
        TrainingFiles,
        TrainingOptions,
        train_classifier,
    )

    from ..helpers import RecordingProgress

    table = require("pandas").read_csv(world.samples)
    table.iloc[0, 0] = 3.4028235677973366e38
    progress = RecordingProgress()
    train_classifier(
        SampleSource(table, "cls"),
        TrainingFiles(world.out / "m.lulcmodel"),
        options=TrainingOptions(n_jobs=1),
        progress=progress,
    )
    assert any("1 samples without a class or a usable value" in w for w in progress.warnings)
    (world.out / "m.lulcmodel").unlink()
