"""Block-wise prediction into a styled class map (core/predict.py, core/geotiff.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from lulc_classifier.core import predict as predict_module
from lulc_classifier.core.errors import (
    Cancelled,
    InvalidInputError,
    ModelMismatchError,
    OutputError,
)
from lulc_classifier.core.geotiff import TILE, block_windows, class_dtype
from lulc_classifier.core.model.model_file import Model, load_model
from lulc_classifier.core.predict import PredictionOptions, pixels_per_block, predict_raster
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
    predict_block,
    predict_pixels,
    write_raster,
)

rasterio = pytest.importorskip("rasterio")
pd = pytest.importorskip("pandas")

NAMES = ["water", "forest", "urban", "crop"]


def image_array(rows: int = 200, cols: int = 300, seed: int = 0) -> np.ndarray:
    """3 bands of noisy values with a few nodata (0) pixels, some in one band only."""
    rng = np.random.default_rng(seed)
    data = rng.integers(1, 1000, size=(3, rows, cols)).astype(np.uint16)
    data[:, 0, 0] = 0
    data[1, 10, 20] = 0
    data[2, rows - 1, cols - 1] = 0
    data[0, 150:153, 260:290] = 0
    return data


def training_table(n: int, seed: int, codes: list) -> pd.DataFrame:
    """Random band values; the class depends on the bands, with overlaps, so maps are mixed."""
    rng = np.random.default_rng(seed)
    x = rng.integers(1, 1000, size=(n, 3)).astype(float)
    score = x[:, 0] + 0.5 * x[:, 1] - 0.7 * x[:, 2] + rng.normal(0, 150, n)
    edges = np.quantile(score, np.linspace(0, 1, len(codes) + 1)[1:-1])
    classes = [codes[i] for i in np.searchsorted(edges, score)]
    return pd.DataFrame({"cls": classes, "b1": x[:, 0], "b2": x[:, 1], "b3": x[:, 2]})


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A 300x200 3-band image and a random forest trained on 4 text classes."""
    folder = tmp_path_factory.mktemp("scene")
    image = write_raster(folder / "image.tif", image_array(), nodata=0, tile=16)
    model = folder / "model.lulcmodel"
    train_classifier(
        SampleSource(training_table(300, 1, NAMES), "cls", crs_wkt=None),
        TrainingFiles(model),
        options=TrainingOptions(n_jobs=1),
    )
    return {"image": image, "model": model}


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def whole_image_prediction(image: Path, model: Model) -> np.ndarray:
    """Reference: every valid pixel of the whole image classified in one call."""
    with rasterio.open(image) as src:
        data = src.read().astype(np.float32)
        valid = np.all(src.read_masks() > 0, axis=0)
    out = np.full(valid.shape, 255, dtype=np.uint8)
    out[valid] = predict_pixels(model.estimator, data[:, valid].T, model.estimator.classes_)
    return out


# --------------------------------------------------------------------------- output file


@pytest.mark.slow
def test_output_profile_and_style(scene: dict[str, Path], out_dir: Path) -> None:
    out = out_dir / "map.tif"
    result = predict_raster(
        [scene["image"]], scene["model"], out, options=PredictionOptions(threads=1)
    )
    assert result.output_path == str(out)
    assert result.qml_path == str(out_dir / "map.qml")
    assert sorted(p.name for p in out_dir.iterdir()) == ["map.qml", "map.tif"]
    legend = {c.code: c for c in result.legend}
    assert sorted((c.code, c.name) for c in result.legend) == [
        (1, "crop"),
        (2, "forest"),
        (3, "urban"),
        (4, "water"),
    ]
    with rasterio.open(out) as dst, rasterio.open(scene["image"]) as src:
        assert dst.count == 1
        assert dst.dtypes == ("uint8",)
        assert dst.nodata == 255
        assert dst.crs == src.crs
        assert dst.transform == src.transform
        assert (dst.width, dst.height) == (src.width, src.height)
        assert dst.profile["tiled"] is True
        assert dst.block_shapes == [(TILE, TILE)]
        assert dst.compression is not None
        assert dst.compression.value.lower() == "deflate"
        colormap = dst.colormap(1)
        for code, info in legend.items():
            assert colormap[code] == (*info.rgb(), 255)
        assert colormap[255][3] == 0
        assert dst.descriptions == ("class",)
        tags = dst.tags(1)
        assert {tags[f"CLASS_{code}"] for code in legend} == set(NAMES)
        values = dst.read(1)
    present = set(np.unique(values).tolist())
    assert present <= {1, 2, 3, 4, 255}
    assert len(present - {255}) >= 3  # a mixed map, not one class
    assert result.pixel_counts == {code: int((values == code).sum()) for code in (1, 2, 3, 4)}
    assert sum(result.pixel_counts.values()) == int((values != 255).sum())

    root = ET.fromstring(Path(result.qml_path).read_text(encoding="utf-8"))
    entries = root.findall(".//paletteEntry")
    assert sorted(e.get("label") for e in entries) == sorted(NAMES)
    for entry in entries:
        info = legend[int(entry.get("value"))]
        assert entry.get("color") == info.color
        assert entry.get("label") == info.name


@pytest.mark.slow
def test_nodata_in_any_band_is_nodata_in_output(scene: dict[str, Path], out_dir: Path) -> None:
    out = out_dir / "map.tif"
    predict_raster([scene["image"]], scene["model"], out, options=PredictionOptions(threads=1))
    data = image_array()
    invalid = np.any(data == 0, axis=0)
    assert invalid.sum() == 3 + 90  # the fixture's nodata pixels
    with rasterio.open(out) as dst:
        values = dst.read(1)
        mask = dst.read_masks(1)
    assert np.all(values[invalid] == 255)
    assert np.all(values[~invalid] != 255)
    assert np.array_equal(mask == 0, invalid)
    for r, c in [(0, 0), (10, 20), (199, 299), (151, 270)]:
        assert values[r, c] == 255


# --------------------------------------------------------------------------- block-wise == whole


@pytest.mark.slow
@pytest.mark.parametrize("max_memory_mb", [0.0001, 24.0, 1024.0])
def test_memory_budget_does_not_change_the_map(
    scene: dict[str, Path], out_dir: Path, max_memory_mb: float
) -> None:
    model = load_model(scene["model"])
    out = out_dir / "map.tif"
    result = predict_raster(
        [scene["image"]],
        model,
        out,
        options=PredictionOptions(max_memory_mb=max_memory_mb, threads=1),
    )
    with rasterio.open(out) as dst:
        values = dst.read(1)
    np.testing.assert_array_equal(values, whole_image_prediction(scene["image"], model))
    # 300 columns need two 256-wide blocks when a 256-row strip does not fit the budget.
    expected_blocks = 2 if pixels_per_block(max_memory_mb, 3, 4, 1) < 300 * 256 else 1
    assert result.blocks == expected_blocks


@pytest.mark.slow
@pytest.mark.parametrize(("align", "max_pixels"), [(16, 12000), (16, 3000), (32, 5000), (48, 1)])
def test_small_odd_blocks_give_the_whole_image_prediction(
    scene: dict[str, Path],
    out_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    align: int,
    max_pixels: int,
) -> None:
    seen: list = []

    def small_blocks(width: int, height: int, budget: int, **_: object):
        for window in block_windows(width, height, max_pixels, align=align):
            seen.append(window)
            yield window

    monkeypatch.setattr(predict_module, "pixels_per_block", lambda *args: max_pixels)
    monkeypatch.setattr(predict_module, "block_windows", small_blocks)
    model = load_model(scene["model"])
    out = out_dir / "map.tif"
    result = predict_raster([scene["image"]], model, out, options=PredictionOptions(threads=1))
    assert result.blocks == len(seen) > 4
    assert any(300 % int(w.width) or 200 % int(w.height) for w in seen)  # blocks do not divide
    with rasterio.open(out) as dst:
        values = dst.read(1)
    np.testing.assert_array_equal(values, whole_image_prediction(scene["image"], model))


def test_predict_block_leaves_invalid_pixels_alone() -> None:
    class Recorder:
        def __init__(self) -> None:
            self.seen: list[np.ndarray] = []

        def predict_proba(self, pixels: np.ndarray) -> np.ndarray:
            self.seen.append(pixels)
            # class index 1 where band 0 > 5, else 0
            return np.stack([pixels[:, 0] <= 5, pixels[:, 0] > 5], axis=1).astype(float)

    data = np.arange(2 * 3 * 4, dtype=np.float32).reshape(2, 3, 4)
    valid = np.ones((3, 4), dtype=bool)
    valid[0, 1] = valid[2, 3] = False
    estimator = Recorder()
    block = predict_block(estimator, data, valid, np.array([10, 20]), nodata=255, dtype="uint8")
    assert block.dtype == np.uint8
    assert block.tolist() == [[10, 255, 10, 10], [10, 10, 20, 20], [20, 20, 20, 255]]
    assert estimator.seen[0].shape == (10, 2)
    assert estimator.seen[0][:, 1].tolist() == data[1][valid].tolist()


def test_predict_block_of_only_nodata_does_not_call_the_model() -> None:
    class Refuse:
        def predict_proba(self, pixels: np.ndarray) -> np.ndarray:
            raise AssertionError("called")

    block = predict_block(
        Refuse(),
        np.zeros((3, 2, 2), dtype=np.float32),
        np.zeros((2, 2), dtype=bool),
        np.array([1, 2]),
        nodata=65535,
        dtype="uint16",
    )
    assert block.dtype == np.uint16
    assert np.all(block == 65535)


# --------------------------------------------------------------------------- block_windows


@pytest.mark.parametrize(
    ("width", "height", "max_pixels", "align"),
    [(300, 200, 65536, 256), (300, 200, 10**9, 256), (1000, 700, 70000, 256), (77, 53, 300, 16)],
)
def test_block_windows_tile_the_grid(width: int, height: int, max_pixels: int, align: int) -> None:
    cover = np.zeros((height, width), dtype=int)
    windows = list(block_windows(width, height, max_pixels, align=align))
    for w in windows:
        assert w.width > 0
        assert w.height > 0
        assert w.width * w.height <= max(max_pixels, align * align)
        assert w.col_off % align == 0
        assert w.row_off % align == 0
        cover[w.row_off : w.row_off + w.height, w.col_off : w.col_off + w.width] += 1
    assert np.all(cover == 1)


def test_pixels_per_block_grows_with_budget_and_has_a_floor() -> None:
    assert pixels_per_block(0.0, 3, 4, 8) == 256 * 256
    small = pixels_per_block(512, 3, 4, 1)
    assert pixels_per_block(1024, 3, 4, 1) > small > 256 * 256
    assert pixels_per_block(1024, 3, 40, 16) < pixels_per_block(1024, 3, 4, 16)


# --------------------------------------------------------------------------- errors


@pytest.mark.slow
def test_band_count_mismatch(scene: dict[str, Path], tmp_path: Path, out_dir: Path) -> None:
    two_bands = write_raster(tmp_path / "two.tif", image_array(40, 40)[:2], nodata=0, tile=16)
    out = out_dir / "map.tif"
    with pytest.raises(ModelMismatchError) as info:
        predict_raster([two_bands], scene["model"], out)
    message = str(info.value)
    assert "trained on 3 bands" in message
    assert "have 2 bands" in message
    assert list(out_dir.iterdir()) == []


@pytest.mark.slow
def test_stacked_rasters_with_the_right_band_count_work(
    scene: dict[str, Path], tmp_path: Path, out_dir: Path
) -> None:
    data = image_array()
    first = write_raster(tmp_path / "a.tif", data[:2], nodata=0, tile=16)
    second = write_raster(tmp_path / "b.tif", data[2:], nodata=0, tile=16)
    stacked = out_dir / "stacked.tif"
    single = out_dir / "single.tif"
    model = load_model(scene["model"])
    predict_raster([first, second], model, stacked, options=PredictionOptions(threads=1))
    predict_raster([scene["image"]], model, single, options=PredictionOptions(threads=1))
    with rasterio.open(stacked) as a, rasterio.open(single) as b:
        np.testing.assert_array_equal(a.read(1), b.read(1))


@pytest.mark.slow
@pytest.mark.parametrize("cancel_after", [0, 1, 3])
def test_cancel_leaves_no_output(
    scene: dict[str, Path],
    out_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    cancel_after: int,
) -> None:
    monkeypatch.setattr(
        predict_module,
        "block_windows",
        lambda w, h, budget: block_windows(w, h, 2000, align=16),
    )
    progress = RecordingProgress(cancel_after)
    with pytest.raises(Cancelled):
        predict_raster([scene["image"]], scene["model"], out_dir / "map.tif", progress=progress)
    assert progress.calls == cancel_after + 1
    assert list(out_dir.iterdir()) == []  # no .tif, .qml, hidden .part file or .aux.xml


@pytest.mark.slow
def test_cancel_keeps_an_existing_output(
    scene: dict[str, Path], out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        predict_module,
        "block_windows",
        lambda w, h, budget: block_windows(w, h, 2000, align=16),
    )
    (out_dir / "map.tif").write_bytes(b"previous map")
    (out_dir / "map.qml").write_text("previous style")
    with pytest.raises(Cancelled):
        predict_raster(
            [scene["image"]], scene["model"], out_dir / "map.tif", progress=RecordingProgress(2)
        )
    assert sorted(p.name for p in out_dir.iterdir()) == ["map.qml", "map.tif"]
    assert (out_dir / "map.tif").read_bytes() == b"previous map"
    assert (out_dir / "map.qml").read_text() == "previous style"


def test_missing_output_folder(scene: dict[str, Path], tmp_path: Path) -> None:
    before = sorted(p.name for p in tmp_path.iterdir())
    out = tmp_path / "no" / "such" / "map.tif"
    with pytest.raises(OutputError, match="does not exist"):
        predict_raster([scene["image"]], scene["model"], out)
    assert not (tmp_path / "no").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert sorted(p.name for p in scene["image"].parent.iterdir()) == [
        "image.tif",
        "model.lulcmodel",
    ]


def test_output_path_that_is_a_folder(scene: dict[str, Path], out_dir: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"):
        predict_raster([scene["image"]], scene["model"], out_dir)
    assert list(out_dir.iterdir()) == []


# --------------------------------------------------------------------------- class codes > 254


@pytest.mark.parametrize(
    ("max_code", "expected"),
    [
        (0, ("uint8", 255)),
        (254, ("uint8", 255)),
        (255, ("uint16", 65535)),
        (65534, ("uint16", 65535)),
    ],
)
def test_class_dtype(max_code: int, expected: tuple[str, int]) -> None:
    assert class_dtype(max_code) == expected


def test_class_dtype_refuses_too_large_codes() -> None:
    with pytest.raises(InvalidInputError, match="65535"):
        class_dtype(65535)


@pytest.mark.slow
def test_large_class_codes_give_uint16(make_raster: Callable[..., Path], tmp_path: Path) -> None:
    data = image_array(40, 50, seed=3)
    image = make_raster(data, nodata=0)
    table = training_table(120, 2, [300, 7, 1000])
    model = tmp_path / "m.lulcmodel"
    train_classifier(
        SampleSource(table, "cls"),
        TrainingFiles(model),
        options=TrainingOptions(algorithm="decision_tree"),
    )
    out = tmp_path / "map.tif"
    result = predict_raster([image], model, out, options=PredictionOptions(threads=1))
    with rasterio.open(out) as dst:
        assert dst.dtypes == ("uint16",)
        assert dst.nodata == 65535
        values = dst.read(1)
    invalid = np.any(data == 0, axis=0)
    assert np.all(values[invalid] == 65535)
    assert set(np.unique(values[~invalid]).tolist()) <= {7, 300, 1000}
    assert len(set(np.unique(values[~invalid]).tolist())) >= 2
    assert result.pixel_counts == {c: int((values == c).sum()) for c in (7, 300, 1000)}
    qml = ET.fromstring(Path(result.qml_path).read_text(encoding="utf-8"))
    assert sorted(int(e.get("value")) for e in qml.findall(".//paletteEntry")) == [7, 300, 1000]


# --------------------------------------------------------------------------- one-step workflow


@pytest.mark.slow
def test_classify_image_workflow(
    two_class_image: Path, two_class_labels: Path, tmp_path: Path
) -> None:
    from lulc_classifier.core.workflow import WorkflowFiles, WorkflowOptions, classify_image

    out = tmp_path / "map.tif"
    model = tmp_path / "m.lulcmodel"
    report = tmp_path / "report.html"
    result = classify_image(
        [two_class_image],
        two_class_labels,
        "cls",
        WorkflowFiles(output_path=out, training=TrainingFiles(model, report_path=report)),
        options=WorkflowOptions(training=TrainingOptions(algorithm="decision_tree")),
    )
    assert result.training.accuracy.overall_accuracy >= 0.95
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "image.tif",
        "labels.gpkg",
        "m.lulcmodel",
        "map.qml",
        "map.tif",
        "report.html",
    ]
    codes = {c.name: c.code for c in result.classification.legend}
    with rasterio.open(out) as dst:
        values = dst.read(1)
    assert values[0, 0] == 255  # the fixture's nodata pixel
    assert np.mean(values[:, 1:32] == codes["water"]) > 0.95
    assert np.mean(values[:, 32:] == codes["forest"]) > 0.95


@pytest.mark.parametrize("spelling", ["deflate", "DEFLATE", "Zstd"])
def test_class_maps_and_extra_layers_share_one_profile_and_one_compression_spelling(
    spelling: str,
) -> None:
    """Profiles were built in three places, one lowercasing the compression (issue 15)."""
    from rasterio.transform import from_origin

    from lulc_classifier.core.geotiff import class_map_profile, compression, tiled_profile
    from lulc_classifier.core.outputs import layer_profile

    geo = {"width": 10, "height": 8, "crs": CRS, "transform": from_origin(*ORIGIN, PIXEL, PIXEL)}
    profiles = [
        class_map_profile(geo, "uint8", 255, spelling),
        class_map_profile(geo, "uint16", 65535, spelling),
        layer_profile(geo, "confidence", 3, spelling),
        layer_profile(geo, "probabilities", 3, spelling),
        tiled_profile(geo, count=2, dtype="float32", nodata=0.0, predictor=3, compress=spelling),
    ]
    assert compression(spelling) == spelling.upper()
    assert {p["compress"] for p in profiles} == {spelling.upper()}
    layout = ("driver", "tiled", "blockxsize", "blockysize", "bigtiff", "interleave", *geo)
    for profile in profiles:
        assert {k: profile[k] for k in layout} == {k: profiles[0][k] for k in layout}
    assert profiles[0]["blockxsize"] == TILE
    with pytest.raises(InvalidInputError, match="Unknown compression 'lzw'"):
        compression("lzw")
