"""ONNX Runtime inference for forests: same map as scikit-learn, used only when it agrees."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from lulc_classifier.core import predict as predict_module
from lulc_classifier.core.predict import PredictionOptions, predict_raster
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    train_classifier,
)

from ..helpers import RecordingProgress

rasterio = pytest.importorskip("rasterio")
pytest.importorskip("onnxruntime")
pytest.importorskip("skl2onnx")


@pytest.fixture
def forest(make_raster: Callable[..., Path], tmp_path: Path) -> tuple[Path, Path]:
    """A noisy 3-class image and a random forest trained on it."""
    import geopandas as gpd

    rng = np.random.default_rng(4)
    classes = (np.arange(120)[None, :] // 40).repeat(90, axis=0)
    data = (classes[None] * 40 + rng.normal(0, 25, (3, 90, 120))).astype(np.float32)
    image = make_raster(data, nodata=-9999.0)
    rows, cols = rng.integers(0, 90, 300), rng.integers(0, 120, 300)
    table = gpd.GeoDataFrame(
        {
            "cls": classes[rows, cols] + 1,
            "b1": data[0, rows, cols],
            "b2": data[1, rows, cols],
            "b3": data[2, rows, cols],
        },
    )
    model = tmp_path / "rf.lulcmodel"
    train_classifier(
        SampleSource(table, "cls"),
        TrainingFiles(model),
        options=TrainingOptions(algorithm="random_forest", n_jobs=1),
    )
    return image, model


@pytest.mark.slow
def test_onnx_gives_the_same_map(
    forest: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    image, model = forest
    monkeypatch.setattr(predict_module, "COMPILED_MIN_PIXELS", 0)
    progress = RecordingProgress()
    fast = predict_raster(
        [image],
        model,
        tmp_path / "onnx.tif",
        progress=progress,
        options=PredictionOptions(confidence_path=str(tmp_path / "c1.tif")),
    )
    assert any("ONNX Runtime (same classes" in m for m in progress.messages)
    plain = predict_raster(
        [image],
        model,
        tmp_path / "sk.tif",
        options=PredictionOptions(compiled=False, confidence_path=str(tmp_path / "c2.tif")),
    )
    with rasterio.open(fast.output_path) as a, rasterio.open(plain.output_path) as b:
        assert (a.read(1) == b.read(1)).all()
    with rasterio.open(tmp_path / "c1.tif") as a, rasterio.open(tmp_path / "c2.tif") as b:
        assert np.abs(a.read(1).astype(int) - b.read(1).astype(int)).max() <= 1  # rounding


@pytest.mark.slow
def test_onnx_is_not_used_when_it_disagrees_or_the_image_is_small(
    forest: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    image, model = forest
    progress = RecordingProgress()
    predict_raster([image], model, tmp_path / "small.tif", progress=progress)
    assert not any("ONNX" in m for m in progress.messages)  # 10,800 pixels: not worth it
    monkeypatch.setattr(predict_module, "COMPILED_MIN_PIXELS", 0)
    monkeypatch.setattr(predict_module, "same_classes", lambda a, b, sample: False)
    progress = RecordingProgress()
    predict_raster([image], model, tmp_path / "fallback.tif", progress=progress)
    assert any("disagrees with scikit-learn" in m for m in progress.messages)
