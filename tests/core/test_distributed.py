"""Prediction on a Dask cluster (core/distributed.py): a local cluster of worker processes gives
the same map as the threaded run, with smoothing too; a worker killed mid-run changes nothing;
cancel and a bad address leave nothing; the model is loaded once per worker."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import distributed  # in scripts/apt-packages.txt: missing, these tests fail (never skip)
import numpy as np
import pytest

from lulc_classifier.core import distributed as cluster_module
from lulc_classifier.core.errors import Cancelled, InvalidInputError
from lulc_classifier.core.model.model_file import load_model
from lulc_classifier.core.predict import PredictionOptions, predict_raster
from lulc_classifier.core.regularize import SmoothingOptions
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    train_classifier,
)

from ..helpers import RecordingProgress, importable_package, write_raster

rasterio = pytest.importorskip("rasterio")
pd = pytest.importorskip("pandas")

pytestmark = pytest.mark.slow

NAMES = ["water", "forest", "urban", "crop"]
SIDE = 512  # 4 blocks of 256 x 256 pixels' worth (the smallest the plan makes)


def _table(n: int, seed: int) -> Any:
    rng = np.random.default_rng(seed)
    x = rng.integers(1, 1000, size=(n, 3)).astype(float)
    score = x[:, 0] + 0.5 * x[:, 1] - 0.7 * x[:, 2] + rng.normal(0, 150, n)
    edges = np.quantile(score, np.linspace(0, 1, len(NAMES) + 1)[1:-1])
    classes = [NAMES[i] for i in np.searchsorted(edges, score)]
    return pd.DataFrame({"cls": classes, "b1": x[:, 0], "b2": x[:, 1], "b3": x[:, 2]})


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scene")
    rng = np.random.default_rng(0)
    data = rng.integers(1, 1000, size=(3, SIDE, SIDE)).astype(np.uint16)
    data[:, 0, 0] = 0
    data[0, 300:310, 100:200] = 0
    image = write_raster(folder / "image.tif", data, nodata=0, tile=64)
    model = folder / "model.lulcmodel"
    train_classifier(
        SampleSource(_table(300, 1), "cls", crs_wkt=None),
        TrainingFiles(model),
        options=TrainingOptions(n_jobs=1, hyperparameters={"n_estimators": 30}),
    )
    return {"image": image, "model": model}


@pytest.fixture(scope="module")
def address(tmp_path_factory: pytest.TempPathFactory) -> Any:
    env = importable_package(tmp_path_factory.mktemp("env"))
    with cluster_module.local_cluster(2, threads_per_worker=1, env=env) as address:
        yield address


def _options(folder: Path, **kwargs: Any) -> PredictionOptions:
    return PredictionOptions(
        threads=2,
        max_memory_mb=1,
        confidence_path=str(folder / "confidence.tif"),
        probabilities_path=str(folder / "probabilities.tif"),
        area_table_path=str(folder / "areas.csv"),
        **kwargs,
    )


def _run(scene: dict[str, Path], folder: Path, progress: Any = None, **kwargs: Any) -> Any:
    folder.mkdir(parents=True, exist_ok=True)
    return predict_raster(
        [scene["image"]],
        scene["model"],
        folder / "map.tif",
        options=_options(folder, **kwargs),
        progress=progress,
    )


def _same_maps(a: Path, b: Path) -> None:
    for name in ("map.tif", "confidence.tif", "probabilities.tif"):
        with rasterio.open(a / name) as one, rasterio.open(b / name) as two:
            np.testing.assert_array_equal(one.read(), two.read())
            assert one.profile == two.profile
            if name == "map.tif":
                assert one.colormap(1) == two.colormap(1)
                assert one.tags() == two.tags()
    for name in ("areas.csv", "map.qml"):
        assert (a / name).read_text() == (b / name).read_text()
    assert sorted(p.name for p in a.iterdir()) == sorted(p.name for p in b.iterdir())


def _no_leftovers(folder: Path) -> None:
    assert not [p for p in folder.iterdir() if p.name.startswith(".lulc-tiles")]


@pytest.fixture(scope="module")
def threaded(scene: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The single-machine threaded run's outputs (the reference)."""
    folder = tmp_path_factory.mktemp("threaded")
    assert _run(scene, folder).blocks >= 4
    return folder


def test_same_map_as_threaded_and_one_load_per_worker(
    scene: dict[str, Path], address: str, threaded: Path, tmp_path: Path
) -> None:
    progress = RecordingProgress()
    result = _run(scene, tmp_path / "cluster", progress, scheduler=address)
    assert result.blocks >= 4
    _same_maps(threaded, tmp_path / "cluster")
    _no_leftovers(tmp_path / "cluster")
    assert any("Dask cluster" in m for m in progress.messages)
    assert progress.fractions == sorted(progress.fractions)
    assert progress.fractions[-1] == 1.0
    with distributed.Client(address, set_as_default=False) as client:
        loads = client.run(cluster_module.worker_loads)
    counts = [n for per_worker in loads.values() for n in per_worker.values()]
    assert counts
    assert all(n == 1 for n in counts)  # once per worker, not per block


def test_same_map_with_smoothing(scene: dict[str, Path], address: str, tmp_path: Path) -> None:
    smoothing = SmoothingOptions("majority", window=3)
    _run(scene, tmp_path / "threaded", smoothing=smoothing)
    _run(scene, tmp_path / "cluster", smoothing=smoothing, scheduler=address)
    _same_maps(tmp_path / "threaded", tmp_path / "cluster")
    _no_leftovers(tmp_path / "cluster")


def test_loaded_model_without_its_file(
    scene: dict[str, Path], address: str, tmp_path: Path
) -> None:
    model = load_model(scene["model"])
    for name, scheduler in (("threaded", None), ("cluster", address)):
        folder = tmp_path / name
        folder.mkdir()
        predict_raster(
            [scene["image"]],
            model,
            folder / "map.tif",
            options=_options(folder, scheduler=scheduler),
        )
    _same_maps(tmp_path / "threaded", tmp_path / "cluster")


class _CancelAfterFirstTile(RecordingProgress):
    def cancelled(self) -> bool:
        return any(0 < f < 0.95 for f in self.fractions)


def test_cancel_leaves_nothing(scene: dict[str, Path], address: str, tmp_path: Path) -> None:
    progress = _CancelAfterFirstTile()
    with pytest.raises(Cancelled):
        _run(scene, tmp_path / "out", progress, scheduler=address)
    assert list((tmp_path / "out").iterdir()) == []
    assert any(0 < f < 0.95 for f in progress.fractions)  # it was mid-run


class _KillAWorker(RecordingProgress):
    """Kills one worker process (SIGKILL) when the first tile is written."""

    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address
        self.killed: int | None = None

    def report(self, fraction: float) -> None:
        super().report(fraction)
        if self.killed is None and 0 < fraction < 0.5:
            with distributed.Client(self.address, set_as_default=False) as client:
                pids = client.run(os.getpid)
            self.killed = sorted(pids.values())[0]
            os.kill(self.killed, signal.SIGKILL)


def test_killed_worker_still_gives_the_same_map(
    scene: dict[str, Path], address: str, threaded: Path, tmp_path: Path
) -> None:
    progress = _KillAWorker(address)
    _run(scene, tmp_path / "cluster", progress, scheduler=address)
    assert progress.killed is not None
    _same_maps(threaded, tmp_path / "cluster")
    _no_leftovers(tmp_path / "cluster")


def test_bad_address_is_a_sentence(
    scene: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT", 2.0)
    with pytest.raises(InvalidInputError, match="not a Dask scheduler address"):
        PredictionOptions(scheduler="http//nowhere")
    with pytest.raises(InvalidInputError, match="Object-based models"):
        PredictionOptions(scheduler="tcp://localhost:8786", segments_path="segments.tif")
    with pytest.raises(InvalidInputError, match="Cannot connect to the Dask scheduler"):
        _run(scene, tmp_path / "out", scheduler="tcp://127.0.0.1:9")
    assert list((tmp_path / "out").iterdir()) == []


def test_core_never_starts_a_cluster() -> None:
    root = Path(cluster_module.__file__).resolve().parent.parent
    for folder in ("core", "processing_provider"):
        for path in (root / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if path.name != "distributed.py":
                assert "LocalCluster" not in text, path
                assert "local_cluster" not in text, path
