"""Prediction at scale (core/predict.py, outputs.py, region.py, areas.py).

Block-wise output equals the whole-image prediction, nodata never reaches the model, the extra
layers agree with each other, extents and masks cut the work, areas are right for projected and
geographic grids, output formats, clean failure, bounded memory and uint16 class maps.
"""

from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lulc_classifier.core import predict as predict_module
from lulc_classifier.core.areas import AUTHALIC_RADIUS
from lulc_classifier.core.errors import Cancelled, InvalidInputError
from lulc_classifier.core.geotiff import block_windows
from lulc_classifier.core.model.model_file import Model, load_model, read_manifest
from lulc_classifier.core.predict import PredictionOptions, classify_block, predict_raster
from lulc_classifier.core.stack import RasterStack
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    train_classifier,
)

from ..helpers import (
    CRS,
    ORIGIN,
    PIXEL,
    RecordingProgress,
    pixel_centre,
    write_raster,
    write_shapes,
)

rasterio = pytest.importorskip("rasterio")
pd = pytest.importorskip("pandas")
gpd = pytest.importorskip("geopandas")
from rasterio.transform import from_origin  # noqa: E402
from shapely.geometry import MultiPolygon, Polygon  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
ROWS, COLS = 257, 300
NAMES = ["forest", "urban", "water"]  # text classes: codes 1, 2, 3 in sorted order
LAYERS = ("confidence", "margin", "entropy", "probabilities")
PATHS = {name: f"{name}_path" for name in LAYERS}


# --------------------------------------------------------------------------- data


def image_array(rows: int = ROWS, cols: int = COLS, seed: int = 0) -> np.ndarray:
    """3 noisy uint16 bands (1..999) with nodata (0) pixels, some in one band only."""
    rng = np.random.default_rng(seed)
    data = rng.integers(1, 1000, size=(3, rows, cols)).astype(np.uint16)
    data[:, 0, 0] = 0
    data[1, 100, 150] = 0
    data[2, rows - 1, cols - 1] = 0  # in the last, cut edge block
    data[0, 200:203, 10:60] = 0
    return data


def training_table(n: int, seed: int, codes: list[Any], bands: int = 3) -> pd.DataFrame:
    """Class from a noisy linear score of the bands: overlapping classes, mixed probabilities."""
    rng = np.random.default_rng(seed)
    x = rng.integers(1, 1000, size=(n, bands)).astype(float)
    score = x[:, 0] + 0.5 * x[:, 1] - 0.7 * x[:, 2] + rng.normal(0, 150, n)
    edges = np.quantile(score, np.linspace(0, 1, len(codes) + 1)[1:-1])
    table = pd.DataFrame({f"b{k + 1}": x[:, k] for k in range(bands)})
    table.insert(0, "cls", [codes[i] for i in np.searchsorted(edges, score)])
    return table


def read_band(path: Path | str, band: int | None = 1) -> np.ndarray:
    with rasterio.open(path) as src:
        return src.read(band) if band else src.read()


def layer_options(folder: Path, **kwargs: Any) -> PredictionOptions:
    """Options asking for every extra layer, written in ``folder``."""
    paths = {PATHS[name]: str(folder / f"{name}.tif") for name in LAYERS}
    return PredictionOptions(**paths, **kwargs)


def read_outputs(class_map: Path, folder: Path) -> dict[str, np.ndarray]:
    out = {"class": read_band(class_map)}
    for name in LAYERS:
        out[name] = read_band(folder / f"{name}.tif", None if name == "probabilities" else 1)
    return out


def assert_same_outputs(got: dict[str, np.ndarray], expected: dict[str, np.ndarray]) -> None:
    for name in ("class", *LAYERS):
        assert got[name].shape == expected[name].shape, name
        np.testing.assert_array_equal(got[name], expected[name], err_msg=name)


def centres_inside(shape: Any, rows: int, cols: int) -> np.ndarray:
    """(rows, cols) bool: pixel centres of the synthetic grid strictly inside ``shape``."""
    try:
        from shapely import contains_xy  # shapely >= 2
    except ImportError:  # shapely 1.8
        from shapely.vectorized import contains as contains_xy
    rr, cc = np.mgrid[0:rows, 0:cols]
    xs, ys = pixel_centre(rr, cc)
    return np.asarray(contains_xy(shape, xs, ys), dtype=bool)


def grid_polygon(points: list[tuple[float, float]]) -> Polygon:
    """A polygon from (row, col) positions in pixel units (fractions allowed)."""
    return Polygon([(ORIGIN[0] + c * PIXEL, ORIGIN[1] - r * PIXEL) for r, c in points])


def recording_windows(monkeypatch: pytest.MonkeyPatch, max_pixels: int, align: int) -> list[Any]:
    """Make predict_raster use blocks of ``block_windows(..., max_pixels, align=align)``;
    return the list the windows are recorded in."""
    seen: list[Any] = []

    def windows(width: int, height: int, budget: int, **_: object) -> Iterator[Any]:
        for window in block_windows(width, height, max_pixels, align=align):
            seen.append(window)
            yield window

    monkeypatch.setattr(predict_module, "block_windows", windows)
    return seen


class SpyEstimator:
    """Wraps an estimator; records every batch sent to predict_proba (thread-safe)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.classes_ = inner.classes_
        self.batches: list[np.ndarray] = []
        self._lock = threading.Lock()

    def predict_proba(self, pixels: np.ndarray) -> np.ndarray:
        with self._lock:
            self.batches.append(np.array(pixels, copy=True))
        return self.inner.predict_proba(pixels)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A 300 x 257 3-band image and a 20-tree random forest on 3 overlapping text classes."""
    folder = tmp_path_factory.mktemp("scale_scene")
    image = write_raster(folder / "image.tif", image_array(), nodata=0, tile=16)
    model = folder / "model.lulcmodel"
    train_classifier(
        SampleSource(training_table(400, 1, NAMES), "cls"),
        TrainingFiles(model),
        options=TrainingOptions(hyperparameters={"n_estimators": 20}, n_jobs=1),
    )
    return {"image": image, "model": model}


@pytest.fixture(scope="module")
def model(scene: dict[str, Path]) -> Model:
    loaded = load_model(scene["model"])
    loaded.estimator.set_params(n_jobs=1)
    return loaded


@pytest.fixture(scope="module")
def reference(scene: dict[str, Path], model: Model) -> dict[str, np.ndarray]:
    """Every layer of the whole image from one classify_block call."""
    with rasterio.open(scene["image"]) as src:
        data = src.read().astype(np.float32)
        valid = np.all(src.read_masks() > 0, axis=0)
    out = classify_block(
        model.estimator,
        data,
        valid,
        model.estimator.classes_,
        nodata=255,
        dtype="uint8",
        layers=list(LAYERS),
    )
    out["valid"] = valid
    return out


@pytest.fixture(scope="module")
def full_run(scene: dict[str, Path], model: Model, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The whole image classified once with every layer and the area table."""
    folder = tmp_path_factory.mktemp("scale_full")
    out = folder / "map.tif"
    result = predict_raster(
        [scene["image"]],
        model,
        out,
        options=layer_options(folder, area_table_path=str(folder / "areas.csv"), threads=2),
    )
    return result, folder, read_outputs(out, folder)


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


# --------------------------------------------------------------------------- 1. block-wise


def test_reference_is_a_mixed_map_with_graded_probabilities(
    reference: dict[str, np.ndarray],
) -> None:
    valid = reference["valid"]
    assert set(np.unique(reference["class"][valid]).tolist()) == {1, 2, 3}
    probabilities = reference["probabilities"][:, valid]
    graded = (probabilities > 0) & (probabilities < 100)
    assert graded.mean() > 0.3  # not all 0/1: rounding and ties are exercised


@pytest.mark.slow
@pytest.mark.parametrize("threads", [1, 3])
@pytest.mark.parametrize(
    "blocks",
    [None, (3000, 16), (5000, 32), (1, 48), (COLS * 48, 16)],
    ids=["budget-256", "16px", "64px", "48px", "strips-48"],
)
def test_blockwise_equals_whole_image(
    scene: dict[str, Path],
    model: Model,
    reference: dict[str, np.ndarray],
    out_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    blocks: tuple[int, int] | None,
    threads: int,
) -> None:
    out = out_dir / "map.tif"
    if blocks is None:
        # A tiny budget gives the floor of 256 x 256 blocks: 4 blocks, cut at both edges.
        result = predict_raster(
            [scene["image"]],
            model,
            out,
            options=layer_options(out_dir, max_memory_mb=0.0001, threads=threads),
        )
        assert result.blocks == 4
    else:
        seen = recording_windows(monkeypatch, *blocks)
        result = predict_raster(
            [scene["image"]], model, out, options=layer_options(out_dir, threads=threads)
        )
        assert result.blocks == len(seen) > 4
        assert any(COLS % int(w.width) or ROWS % int(w.height) for w in seen)
    assert_same_outputs(read_outputs(out, out_dir), reference)


# --------------------------------------------------------------------------- 2. nodata


@pytest.mark.slow
def test_nodata_is_nodata_everywhere_and_never_reaches_the_model(
    scene: dict[str, Path], model: Model, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recording_windows(monkeypatch, 3000, 16)
    spy = SpyEstimator(model.estimator)
    out = out_dir / "map.tif"
    predict_raster(
        [scene["image"]],
        Model(spy, model.manifest),
        out,
        options=layer_options(out_dir, threads=3),
    )
    data = image_array()
    invalid = np.any(data == 0, axis=0)
    assert invalid.sum() == 1 + 1 + 1 + 150

    rows = np.concatenate(spy.batches)
    assert rows.shape == (int((~invalid).sum()), 3)  # each valid pixel once, no other
    assert np.all(rows != 0)  # no nodata value was sent
    pixels = data[:, ~invalid].T.astype(np.float32)
    np.testing.assert_array_equal(rows[np.lexsort(rows.T)], pixels[np.lexsort(pixels.T)])

    outputs = read_outputs(out, out_dir)
    for name in ("class", "confidence", "margin", "entropy"):
        assert np.all(outputs[name][invalid] == 255), name
        assert np.all(outputs[name][~invalid] != 255), name
    probabilities = outputs["probabilities"]
    assert probabilities.shape == (3, ROWS, COLS)
    assert np.all(probabilities[:, invalid] == 255)
    assert np.all(probabilities[:, ~invalid] <= 100)
    for name in ("confidence", "margin", "entropy", "probabilities"):
        with rasterio.open(out_dir / f"{name}.tif") as src:
            assert src.nodata == 255
            assert set(src.dtypes) == {"uint8"}


# --------------------------------------------------------------------------- 3. consistency


def test_class_is_the_argmax_of_the_probabilities(full_run: Any, model: Model) -> None:
    result, folder, outputs = full_run
    valid = outputs["class"] != 255
    probabilities = outputs["probabilities"][:, valid].astype(int)  # (classes, n)
    codes = np.asarray(model.estimator.classes_)
    with rasterio.open(folder / "probabilities.tif") as src:
        assert src.descriptions == tuple(f"p({c.name})" for c in result.legend)
    assert [c.code for c in result.legend] == codes.tolist()  # bands in legend order
    band_of_class = np.searchsorted(codes, outputs["class"][valid])
    chosen = probabilities[band_of_class, np.arange(valid.sum())]
    # Rounding to whole % is monotonic, so the chosen class still has the (possibly tied)
    # highest rounded probability.
    np.testing.assert_array_equal(chosen, probabilities.max(axis=0))
    assert np.any((probabilities == probabilities.max(axis=0)).sum(axis=0) > 1)  # ties occur
    assert np.all(np.abs(probabilities.sum(axis=0) - 100) <= 2)


def test_confidence_margin_entropy_agree_with_probabilities(full_run: Any) -> None:
    _, _, outputs = full_run
    valid = outputs["class"] != 255
    probabilities = np.sort(outputs["probabilities"][:, valid].astype(int), axis=0)
    top, second = probabilities[-1], probabilities[-2]
    confidence = outputs["confidence"][valid].astype(int)
    margin = outputs["margin"][valid].astype(int)
    entropy = outputs["entropy"][valid].astype(int)
    np.testing.assert_array_equal(confidence, top)
    assert np.all(np.abs(margin - (top - second)) <= 1)
    assert np.all(confidence >= 34)  # 3 classes: the top one has at least a third
    certain = top == 100
    assert certain.any()
    assert np.all(entropy[certain] <= 3)  # p >= 0.995 of 3 classes: H <= 3 %
    near_uniform = top <= 40
    assert near_uniform.any()
    assert np.all(entropy[near_uniform] >= 95)
    assert np.corrcoef(entropy, confidence)[0, 1] < -0.8


def test_entropy_bounds_exactly() -> None:
    """0 for a certain pixel, 100 for uniform probabilities, from one predict_proba call."""

    class Fixed:
        def predict_proba(self, pixels: np.ndarray) -> np.ndarray:
            return np.array([[1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0.0]])[
                : len(pixels)
            ]

    out = classify_block(
        Fixed(),
        np.ones((2, 1, 4), dtype=np.float32),
        np.array([[True, True, False, True]]),
        np.array([4, 5, 6]),
        nodata=255,
        dtype="uint8",
        layers=list(LAYERS),
    )
    assert out["class"].tolist() == [[4, 4, 255, 4]]
    assert out["entropy"].tolist() == [[0, 100, 255, round(100 * math.log(2) / math.log(3))]]
    assert out["confidence"].tolist() == [[100, 33, 255, 50]]
    assert out["margin"].tolist() == [[100, 0, 255, 0]]
    assert out["probabilities"][:, 0, 3].tolist() == [50, 50, 0]


# --------------------------------------------------------------------------- 4. extent, mask


@pytest.mark.slow
@pytest.mark.parametrize(
    ("extent_px", "window"),
    [
        # (col0, row_bottom, col1, row_top) in pixel units -> (row0, row1, col0, col1)
        ((37.3, 201.6, 181.2, 55.5), (55, 202, 37, 182)),
        ((250.5, 300.0, 400.0, 230.2), (230, ROWS, 250, COLS)),  # past the edge: clipped
    ],
)
def test_extent_cuts_the_map_on_the_grid(
    scene: dict[str, Path],
    model: Model,
    reference: dict[str, np.ndarray],
    out_dir: Path,
    extent_px: tuple[float, float, float, float],
    window: tuple[int, int, int, int],
) -> None:
    c0, rb, c1, rt = extent_px
    extent = (
        ORIGIN[0] + c0 * PIXEL,
        ORIGIN[1] - rb * PIXEL,
        ORIGIN[0] + c1 * PIXEL,
        ORIGIN[1] - rt * PIXEL,
    )
    out = out_dir / "map.tif"
    result = predict_raster(
        [scene["image"]], model, out, options=layer_options(out_dir, extent=extent, threads=2)
    )
    row0, row1, col0, col1 = window
    with rasterio.open(out) as dst:
        assert (dst.height, dst.width) == (row1 - row0, col1 - col0)
        assert dst.res == (PIXEL, PIXEL)
        assert dst.transform == from_origin(
            ORIGIN[0] + col0 * PIXEL, ORIGIN[1] - row0 * PIXEL, PIXEL, PIXEL
        )
        assert ((dst.transform.c - ORIGIN[0]) / PIXEL).is_integer()
        assert ((ORIGIN[1] - dst.transform.f) / PIXEL).is_integer()
    cut = {
        name: value[..., row0:row1, col0:col1]
        for name, value in reference.items()
        if name != "valid"
    }
    assert_same_outputs(read_outputs(out, out_dir), cut)
    assert sum(result.pixel_counts.values()) == int((cut["class"] != 255).sum())


@pytest.mark.slow
def test_mask_polygon_keeps_inside_pixels_only(
    scene: dict[str, Path],
    model: Model,
    reference: dict[str, np.ndarray],
    out_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shape = grid_polygon([(20.3, 30.7), (40.2, 250.4), (230.6, 180.9), (150.1, 60.2)])
    mask = write_shapes(tmp_path / "mask.gpkg", [shape])
    # Whatever reaches the scikit-learn model is recorded (pixel values are unique triples).
    sent: list[np.ndarray] = []
    forest = type(model.estimator)
    original = forest.predict_proba

    def recording(self: Any, x: np.ndarray) -> Any:
        sent.append(np.array(x, copy=True))
        return original(self, x)

    monkeypatch.setattr(forest, "predict_proba", recording)
    out = out_dir / "map.tif"
    predict_raster(
        [scene["image"]],
        model,
        out,
        options=layer_options(out_dir, mask_path=str(mask), threads=2),
    )
    full_inside = centres_inside(shape, ROWS, COLS)
    allowed = {tuple(p) for p in image_array()[:, full_inside & reference["valid"]].T.tolist()}
    rows = np.concatenate(sent) if sent else np.empty((0, 3))
    assert len(sent) > 0
    outside = [tuple(r) for r in rows.astype(int).tolist() if tuple(r) not in allowed]
    assert outside[:5] == []  # masked (and nodata) pixels never reach the model
    # The region is the polygon's bounds snapped outwards: rows 20..230, cols 30..250.
    row0, row1, col0, col1 = 20, 231, 30, 251
    inside = full_inside[row0:row1, col0:col1]
    assert inside.mean() > 0.3
    assert (~inside).mean() > 0.2
    outputs = read_outputs(out, out_dir)
    with rasterio.open(out) as dst:
        assert dst.transform == from_origin(
            ORIGIN[0] + col0 * PIXEL, ORIGIN[1] - row0 * PIXEL, PIXEL, PIXEL
        )
    for name in ("class", *LAYERS):
        got = outputs[name]
        expected = reference[name][..., row0:row1, col0:col1]
        assert got.shape == expected.shape, name
        assert np.all(got[..., ~inside] == 255), name
        np.testing.assert_array_equal(got[..., inside], expected[..., inside], err_msg=name)


@pytest.mark.slow
def test_blocks_outside_the_mask_are_not_read(
    scene: dict[str, Path],
    model: Model,
    reference: dict[str, np.ndarray],
    out_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Two small polygons in the top-right and bottom-left corners: most blocks of their
    # bounding box are empty, the first one (top-left) included.
    corners = MultiPolygon(
        [
            grid_polygon([(2.2, 255.4), (2.2, 290.6), (30.3, 270.7)]),
            grid_polygon([(220.4, 5.2), (250.6, 45.3), (250.6, 10.1)]),
        ]
    )
    mask = write_shapes(tmp_path / "corners.gpkg", [corners])
    seen = recording_windows(monkeypatch, 1, 16)
    reads: list[tuple[int, int, int, int]] = []
    original = RasterStack.read

    def spy(self: RasterStack, window: Any) -> Any:
        reads.append(
            (int(window.row_off), int(window.col_off), int(window.height), int(window.width))
        )
        return original(self, window)

    monkeypatch.setattr(RasterStack, "read", spy)
    out = out_dir / "map.tif"
    result = predict_raster(
        [scene["image"]], model, out, options=PredictionOptions(mask_path=str(mask), threads=2)
    )
    inside = centres_inside(corners, ROWS, COLS)
    row0, col0 = 2, 5  # the region's origin in the image
    wanted = {
        (int(w.row_off) + row0, int(w.col_off) + col0, int(w.height), int(w.width))
        for w in seen
        if inside[
            row0 + int(w.row_off) : row0 + int(w.row_off) + int(w.height),
            col0 + int(w.col_off) : col0 + int(w.col_off) + int(w.width),
        ].any()
    }
    assert result.blocks == len(seen) > 150
    assert 0 < len(wanted) < len(seen) // 4
    assert not inside[row0 : row0 + 16, col0 : col0 + 16].any()  # the first block is empty
    assert [r for r in reads if r not in wanted] == []  # no block outside the mask was read
    assert set(reads) == wanted  # every block with a mask pixel was
    values = read_band(out)
    expected = reference["class"][row0 : row0 + values.shape[0], col0 : col0 + values.shape[1]]
    keep = inside[row0 : row0 + values.shape[0], col0 : col0 + values.shape[1]]
    assert np.all(values[~keep] == 255)
    np.testing.assert_array_equal(values[keep], expected[keep])


def test_extent_outside_the_raster_is_refused(
    scene: dict[str, Path], model: Model, out_dir: Path
) -> None:
    far = (ORIGIN[0] + 1e5, ORIGIN[1] + 1e5, ORIGIN[0] + 2e5, ORIGIN[1] + 2e5)
    with pytest.raises(InvalidInputError, match="does not overlap"):
        predict_raster(
            [scene["image"]], model, out_dir / "map.tif", options=PredictionOptions(extent=far)
        )
    assert files_in(out_dir) == []


def test_mask_without_polygons_is_refused(
    scene: dict[str, Path],
    model: Model,
    out_dir: Path,
    make_points: Callable[..., Path],
) -> None:
    points = make_points([(5, 5, 1), (100, 100, 2)], name="points.gpkg")
    with pytest.raises(InvalidInputError, match="no polygons"):
        predict_raster(
            [scene["image"]],
            model,
            out_dir / "map.tif",
            options=PredictionOptions(mask_path=str(points)),
        )
    assert files_in(out_dir) == []


# --------------------------------------------------------------------------- 5. areas


def test_areas_of_a_projected_map(full_run: Any) -> None:
    result, folder, outputs = full_run
    values = outputs["class"]
    counts = np.bincount(values[values != 255], minlength=4)
    assert result.pixel_counts == {c: int(counts[c]) for c in (1, 2, 3)}
    assert [a.code for a in result.areas] == [1, 2, 3]
    for area in result.areas:
        assert area.pixels == counts[area.code]
        assert area.hectares == pytest.approx(area.pixels * 0.01, rel=1e-12)  # 10 m pixels
        assert area.percent == pytest.approx(100 * counts[area.code] / counts.sum(), rel=1e-9)
    assert sum(a.percent for a in result.areas) == pytest.approx(100.0, abs=1e-9)

    with open(folder / "areas.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["code"] for r in rows] == ["1", "2", "3"]
    assert [r["class"] for r in rows] == NAMES
    for row, area in zip(rows, result.areas):
        assert int(row["pixels"]) == area.pixels
        assert float(row["hectares"]) == pytest.approx(area.hectares, abs=1e-4)
    assert sum(float(r["percent"]) for r in rows) == pytest.approx(100.0, abs=1e-3)


@pytest.mark.slow
def test_areas_of_a_geographic_map(
    scene: dict[str, Path], model: Model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 1-degree pixels from 70 N to 30 N: the north (one class) has much smaller cells.
    rng = np.random.default_rng(5)
    data = np.empty((3, 40, 20), dtype=np.uint16)
    data[:, :20] = np.array([990, 990, 10])[:, None, None]  # highest score: one class
    data[:, 20:] = np.array([10, 10, 990])[:, None, None]  # lowest score: another
    data += rng.integers(0, 9, size=data.shape).astype(np.uint16)
    data[:, 5, 5] = 0
    transform = from_origin(10.0, 70.0, 1.0, 1.0)
    image = write_raster(
        tmp_path / "geo.tif", data, crs="EPSG:4326", transform=transform, nodata=0, tile=16
    )
    seen = recording_windows(monkeypatch, 1, 16)  # 16-row blocks: row offsets matter
    out = tmp_path / "geo_map.tif"
    table = tmp_path / "geo_areas.csv"
    result = predict_raster(
        [image], model, out, options=PredictionOptions(area_table_path=str(table), threads=1)
    )
    assert len(seen) == 6
    values = read_band(out)
    north = np.bincount(values[:20][values[:20] != 255]).argmax()
    south = np.bincount(values[20:][values[20:] != 255]).argmax()
    assert north != south

    lat_top = 70.0 - np.arange(40)
    row_m2 = (
        AUTHALIC_RADIUS**2
        * math.radians(1.0)
        * np.abs(np.sin(np.radians(lat_top)) - np.sin(np.radians(lat_top - 1.0)))
    )
    centre_m2 = AUTHALIC_RADIUS**2 * math.radians(1.0) ** 2 * math.cos(math.radians(50.0))
    by_code = {a.code: a for a in result.areas}
    for code in (1, 2, 3):
        per_row = (values == code).sum(axis=1)
        expected_ha = float((per_row * row_m2).sum() / 1e4)
        assert by_code[code].pixels == per_row.sum()
        assert by_code[code].hectares == pytest.approx(expected_ha, rel=1e-9)
    for code in (north, south):
        constant_ha = by_code[code].pixels * centre_m2 / 1e4
        assert abs(by_code[code].hectares / constant_ha - 1) > 0.1
    assert by_code[north].hectares / by_code[north].pixels < centre_m2 / 1e4
    assert by_code[south].hectares / by_code[south].pixels > centre_m2 / 1e4
    total = sum(a.hectares for a in result.areas)
    for area in result.areas:
        assert area.percent == pytest.approx(100 * area.hectares / total, rel=1e-9)
    with open(table, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3
    assert sum(float(r["percent"]) for r in rows) == pytest.approx(100.0, abs=1e-3)
    assert float(rows[0]["hectares"]) == pytest.approx(by_code[1].hectares, abs=1e-4)


# --------------------------------------------------------------------------- 6. output format


@pytest.mark.slow
@pytest.mark.parametrize("compression", ["DEFLATE", "ZSTD"])
def test_compression(
    scene: dict[str, Path],
    model: Model,
    reference: dict[str, np.ndarray],
    out_dir: Path,
    compression: str,
) -> None:
    out = out_dir / "map.tif"
    predict_raster(
        [scene["image"]],
        model,
        out,
        options=PredictionOptions(
            compression=compression.lower(),
            confidence_path=str(out_dir / "confidence.tif"),
            threads=2,
        ),
    )
    for path, expected in ((out, reference["class"]), (out_dir / "confidence.tif", None)):
        with rasterio.open(path) as src:
            assert src.compression is not None
            assert src.compression.value.upper() == compression
            assert str(src.profile["compress"]).upper() == compression
            values = src.read(1)
        if expected is not None:
            np.testing.assert_array_equal(values, expected)
    np.testing.assert_array_equal(read_band(out_dir / "confidence.tif"), reference["confidence"])


def test_unknown_compression_is_refused(
    scene: dict[str, Path], model: Model, out_dir: Path
) -> None:
    with pytest.raises(InvalidInputError, match="compression"):
        predict_raster(
            [scene["image"]],
            model,
            out_dir / "map.tif",
            options=PredictionOptions(compression="LZW"),
        )
    assert files_in(out_dir) == []


@pytest.mark.slow
def test_overviews_use_mode_for_classes(
    scene: dict[str, Path], model: Model, reference: dict[str, np.ndarray], out_dir: Path
) -> None:
    # The first 256 rows: even sizes, so each overview pixel is exactly a 2 x 2 block.
    extent = (ORIGIN[0], ORIGIN[1] - 256 * PIXEL, ORIGIN[0] + COLS * PIXEL, ORIGIN[1])
    out = out_dir / "map.tif"
    predict_raster(
        [scene["image"]],
        model,
        out,
        options=PredictionOptions(
            extent=extent,
            overviews=True,
            confidence_path=str(out_dir / "confidence.tif"),
            threads=2,
        ),
    )
    with rasterio.open(out) as src:
        assert src.overviews(1) == [2]
        assert src.tags(ns="rio_overview").get("resampling") == "mode"
        full = src.read(1)
    with rasterio.open(out, overview_level=0) as src:
        overview = src.read(1)
    with rasterio.open(out_dir / "confidence.tif") as src:
        assert src.overviews(1) == [2]
        assert src.tags(ns="rio_overview").get("resampling") == "average"
    np.testing.assert_array_equal(full, reference["class"][:256])
    assert overview.shape == (128, 150)
    assert set(np.unique(overview).tolist()) <= {1, 2, 3, 255}
    # Where 3 or 4 of a 2 x 2 block agree the mode is unambiguous: neither nearest nor average.
    quads = full.reshape(128, 2, 150, 2).transpose(0, 2, 1, 3).reshape(128, 150, 4)
    checked = 0
    for code in (1, 2, 3):
        majority = (quads == code).sum(axis=2) >= 3
        checked += int(majority.sum())
        np.testing.assert_array_equal(overview[majority], code)
    assert checked > 500


def _assert_class_metadata(path: Path, result: Any) -> None:
    with rasterio.open(path) as src:
        colormap = src.colormap(1)
        for info in result.legend:
            assert colormap[info.code] == (*info.rgb(), 255)
        assert colormap[255][3] == 0
        assert src.nodata == 255
        assert src.descriptions == ("class",)
        band_tags = src.tags(1)
        assert {band_tags[f"CLASS_{c.code}"] for c in result.legend} == set(NAMES)
        assert json.loads(band_tags["LULC_CLASSES"])[0]["name"] == "forest"


@pytest.mark.slow
def test_cloud_optimized_geotiff(
    scene: dict[str, Path],
    model: Model,
    reference: dict[str, np.ndarray],
    out_dir: Path,
) -> None:
    out = out_dir / "map.tif"
    result = predict_raster(
        [scene["image"]],
        model,
        out,
        options=layer_options(out_dir, cog=True, overviews=True, threads=2),
    )
    paths = [out, *(out_dir / f"{name}.tif" for name in LAYERS)]
    for path in paths:
        with rasterio.open(path) as src:
            assert src.tags(ns="IMAGE_STRUCTURE").get("LAYOUT") == "COG", path.name
    try:
        from osgeo_utils.samples.validate_cloud_optimized_geotiff import validate
    except ImportError:
        validate = None
    if validate is not None:
        for path in paths:
            _, errors, _ = validate(str(path), full_check=True)
            assert errors == [], (path.name, errors)
    _assert_class_metadata(out, result)
    assert_same_outputs(read_outputs(out, out_dir), reference)
    assert files_in(out_dir) == sorted(["map.tif", "map.qml", *(f"{n}.tif" for n in LAYERS)])


def test_model_identity_and_legend_in_tags(full_run: Any, scene: dict[str, Path]) -> None:
    result, folder, _ = full_run
    manifest = read_manifest(scene["model"])
    assert manifest.get("model_id")
    _assert_class_metadata(folder / "map.tif", result)
    with rasterio.open(folder / "map.tif") as src:
        tags = src.tags()
    assert tags["LULC_MODEL_ID"] == manifest["model_id"]
    assert tags["LULC_MODEL_ALGORITHM"] == "random_forest"
    assert json.loads(tags["LULC_LEGEND"]) == [
        {"code": c.code, "name": c.name, "color": c.color} for c in result.legend
    ]
    assert [c["name"] for c in json.loads(tags["LULC_LEGEND"])] == NAMES


# --------------------------------------------------------------------------- 7. clean failure


@pytest.mark.slow
@pytest.mark.parametrize("cancel_after", [3, 7])
def test_cancel_mid_run_leaves_nothing(
    scene: dict[str, Path],
    model: Model,
    out_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    cancel_after: int,
) -> None:
    seen = recording_windows(monkeypatch, 3000, 16)
    progress = RecordingProgress(cancel_after=cancel_after)
    with pytest.raises(Cancelled):
        predict_raster(
            [scene["image"]],
            model,
            out_dir / "map.tif",
            options=layer_options(out_dir, area_table_path=str(out_dir / "areas.csv"), threads=2),
            progress=progress,
        )
    assert progress.calls == cancel_after + 1
    # Progress is reported per block written; the first 2 blocks fill the pool of 2 threads.
    assert len(progress.fractions) == cancel_after - 2  # a few blocks were done
    assert len(seen) > 4 * cancel_after
    assert files_in(out_dir) == []  # no .tif, .qml, .csv, .part or .aux.xml


@pytest.mark.slow
def test_failure_mid_run_leaves_nothing(
    scene: dict[str, Path], model: Model, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recording_windows(monkeypatch, 3000, 16)
    calls: list[int] = []
    lock = threading.Lock()
    original = predict_module.classify_block

    def failing(*args: Any, **kwargs: Any) -> Any:
        with lock:
            calls.append(1)
            n = len(calls)
        if n == 3:
            raise RuntimeError("block 3 failed")
        return original(*args, **kwargs)

    monkeypatch.setattr(predict_module, "classify_block", failing)
    with pytest.raises(RuntimeError, match="block 3 failed"):
        predict_raster(
            [scene["image"]],
            model,
            out_dir / "map.tif",
            options=layer_options(
                out_dir, area_table_path=str(out_dir / "areas.csv"), overviews=True, threads=2
            ),
        )
    assert 3 <= len(calls) < 20
    assert files_in(out_dir) == []


# --------------------------------------------------------------------------- 8. memory

_MEMORY_SCRIPT = textwrap.dedent(
    """
    import importlib.util, resource, sys
    root, image, model, out, mode = sys.argv[1:6]
    spec = importlib.util.spec_from_file_location(
        "lulc_classifier", root + "/__init__.py", submodule_search_locations=[root]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["lulc_classifier"] = module
    spec.loader.exec_module(module)
    import numpy, rasterio, rasterio.features, rasterio.windows, sklearn.ensemble
    try:  # optional compiled inference: a library, not the blocks in flight
        import onnxruntime
        from lulc_classifier.core.model import onnx_proto
        onnx_proto.proto()
    except ImportError:
        pass
    from lulc_classifier.core.model.model_file import load_model
    from lulc_classifier.core.predict import PredictionOptions, predict_raster
    loaded = load_model(model)
    with rasterio.open(image) as src:
        src.profile
    if mode == "predict":
        options = PredictionOptions(max_memory_mb=64, threads=2)
        result = predict_raster([image], loaded, out, options=options)
        print("blocks", result.blocks)
    # ru_maxrss is carried over from the parent across fork/exec on Linux (the pytest
    # process's size), so the peak of this process's own memory is VmHWM.
    print("maxrss_kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    with open("/proc/self/status") as status:
        print(*[s.strip() for s in status if s.startswith("VmHWM")])
    """
)


def _peak_mb(args: list[str]) -> tuple[float, str]:
    env = dict(os.environ, PROJ_DATA="/usr/share/proj")
    done = subprocess.run(
        [sys.executable, "-c", _MEMORY_SCRIPT, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    hwm = [x for x in lines if x.startswith("VmHWM")]
    if hwm:
        return int(hwm[-1].split()[1]) / 1024.0, done.stdout
    line = [x for x in lines if x.startswith("maxrss_kb")][-1]
    return int(line.split()[1]) / 1024.0, done.stdout


@pytest.mark.slow
def test_memory_stays_within_the_budget(tmp_path: Path) -> None:
    size, bands = 4000, 4
    image = tmp_path / "big.tif"
    rng = np.random.default_rng(11)
    with rasterio.open(
        image,
        "w",
        driver="GTiff",
        width=size,
        height=size,
        count=bands,
        dtype="float32",
        crs=CRS,
        transform=from_origin(*ORIGIN, PIXEL, PIXEL),
        tiled=True,
        blockxsize=256,
        blockysize=256,
    ) as dst:
        for row in range(0, size, 500):
            strip = rng.uniform(1, 1000, size=(bands, 500, size)).astype(np.float32)
            dst.write(strip, window=rasterio.windows.Window(0, row, size, 500))
    image_mb = image.stat().st_size / 2**20
    assert image_mb > 250
    model = tmp_path / "small.lulcmodel"
    train_classifier(
        SampleSource(training_table(300, 4, [1, 2, 3], bands=bands), "cls"),
        TrainingFiles(model),
        options=TrainingOptions(hyperparameters={"n_estimators": 10, "max_depth": 6}, n_jobs=1),
    )
    out = tmp_path / "big_map.tif"
    baseline, _ = _peak_mb([str(ROOT), str(image), str(model), str(out), "baseline"])
    peak, stdout = _peak_mb([str(ROOT), str(image), str(model), str(out), "predict"])
    blocks = int(next(x for x in stdout.splitlines() if x.startswith("blocks")).split()[1])
    assert blocks >= 64  # the budget forces many blocks
    with rasterio.open(out) as dst:
        assert (dst.width, dst.height) == (size, size)
        sample = dst.read(1, window=rasterio.windows.Window(3744, 3744, 256, 256))
    assert set(np.unique(sample).tolist()) <= {1, 2, 3}
    growth = peak - baseline
    print(f"baseline {baseline:.0f} MB, peak {peak:.0f} MB, growth {growth:.0f} MB")
    assert growth < 64 + 100
    assert growth < image_mb / 2


# --------------------------------------------------------------------------- 9. uint16


@pytest.mark.slow
def test_more_than_254_classes_give_uint16(tmp_path: Path) -> None:
    # 300 classes, codes 1..300, each a band-1 interval of width 3: a tree separates them.
    codes = np.repeat(np.arange(1, 301), 3)
    table = pd.DataFrame(
        {
            "cls": codes,
            "b1": codes * 3.0 + np.tile([0.0, 1.0, 2.0], 300),
            "b2": 5.0,  # constant: the tree can only split on b1
            "b3": 5.0,
        }
    )
    model = tmp_path / "many.lulcmodel"
    train_classifier(
        SampleSource(table, "cls"),
        TrainingFiles(model),
        options=TrainingOptions(algorithm="decision_tree", n_jobs=1),
    )
    data = np.empty((3, 30, 40), dtype=np.uint16)
    data[0] = (3 * np.arange(1, 1201).reshape(30, 40) % 903).clip(3, 902)
    data[1:] = 5
    data[:, 0, 0] = 0
    data[2, 29, 39] = 0
    image = tmp_path / "image.tif"
    write_raster(image, data, nodata=0, tile=16)
    out = tmp_path / "map.tif"
    result = predict_raster(
        [image],
        model,
        out,
        options=PredictionOptions(
            confidence_path=str(tmp_path / "confidence.tif"),
            area_table_path=str(tmp_path / "areas.csv"),
            threads=2,
        ),
    )
    invalid = np.any(data == 0, axis=0)
    with rasterio.open(out) as dst:
        assert dst.dtypes == ("uint16",)
        assert dst.nodata == 65535
        values = dst.read(1)
        assert dst.tags(1)["CLASS_300"] == "Class 300"
    assert np.all(values[invalid] == 65535)
    np.testing.assert_array_equal(values[~invalid], data[0][~invalid] // 3)
    assert values[~invalid].max() > 254
    assert len(result.legend) == 300
    counts = np.bincount(values[~invalid], minlength=301)
    assert result.pixel_counts == {c: int(counts[c]) for c in range(1, 301)}
    confidence = read_band(tmp_path / "confidence.tif")
    assert np.all(confidence[invalid] == 255)
    assert np.all(confidence[~invalid] == 100)
    with open(tmp_path / "areas.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 300
    assert {int(r["code"]): int(r["pixels"]) for r in rows} == result.pixel_counts
