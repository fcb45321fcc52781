"""Post-classification regularisation (core/regularize.py): majority filter, probability
smoothing and sieve, on hand-made maps with known answers, and block by block equal to the whole
image, bit for bit."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lulc_classifier.core import regularize
from lulc_classifier.core.errors import Cancelled, InvalidInputError, OutputError
from lulc_classifier.core.geotiff import class_map_profile
from lulc_classifier.core.legend import ClassInfo
from lulc_classifier.core.map_tags import write_map_legend
from lulc_classifier.core.regularize import (
    SmoothingOptions,
    majority_filter,
    patches,
    sieve,
    sieve_pass,
    smooth_probabilities,
    smooth_raster,
    smoothed_classes,
)

from ..helpers import CRS, ORIGIN, PIXEL, RecordingProgress

rasterio = pytest.importorskip("rasterio")
pytest.importorskip("scipy")

ND = 255
LEGEND = [
    ClassInfo(1, "water", "#0000ff"),
    ClassInfo(2, "forest", "#00ff00"),
    ClassInfo(3, "urban", "#ff0000"),
    ClassInfo(4, "crops", "#ffff00"),
]


def write_map(path: Path, classes: np.ndarray, legend: list[ClassInfo] = LEGEND) -> Path:
    """A class map as lulc:predict writes it: uint8, nodata 255, legend and colour table."""
    from rasterio.transform import from_origin

    geo = {
        "width": classes.shape[1],
        "height": classes.shape[0],
        "crs": CRS,
        "transform": from_origin(ORIGIN[0], ORIGIN[1], PIXEL, PIXEL),
    }
    with rasterio.open(path, "w", **class_map_profile(geo, "uint8", ND)) as dst:
        dst.write(classes.astype(np.uint8), 1)
        write_map_legend(dst, legend)
        dst.update_tags(LULC_PRODUCT="class map", LULC_MODEL_ID="m-1")
        dst.set_band_description(1, "class")
    return path


def write_proba(path: Path, proba: np.ndarray, valid: np.ndarray) -> Path:
    """Class probabilities as lulc:predict writes them: uint8 0-100 %, nodata 255."""
    from rasterio.transform import from_origin

    values = np.clip(np.rint(proba * 100), 0, 100).astype(np.uint8)
    values[:, ~valid] = ND
    profile = class_map_profile(
        {
            "width": proba.shape[2],
            "height": proba.shape[1],
            "crs": CRS,
            "transform": from_origin(ORIGIN[0], ORIGIN[1], PIXEL, PIXEL),
        },
        "uint8",
        ND,
    )
    profile["count"] = proba.shape[0]
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(values)
    return path


def read(path: Path) -> np.ndarray:
    with rasterio.open(path) as src:
        return np.asarray(src.read(1))


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def speckled(seed: int = 0, shape: tuple[int, int] = (100, 90)) -> np.ndarray:
    """A map of regions (classes 1-4) with speckle and nodata holes."""
    rng = np.random.default_rng(seed)
    coarse = rng.integers(1, 5, size=(shape[0] // 10 + 1, shape[1] // 10 + 1))
    classes = np.kron(coarse, np.ones((10, 10), dtype=np.int64))[: shape[0], : shape[1]]
    noise = rng.random(shape) < 0.25
    classes[noise] = rng.integers(1, 5, size=int(noise.sum()))
    classes[rng.random(shape) < 0.03] = ND
    classes[40:48, 20:31] = ND  # a hole
    return classes.astype(np.uint8)


def probabilities_for(classes: np.ndarray, seed: int = 1) -> np.ndarray:
    """Random probabilities (4, rows, cols) leaning to ``classes``, summing to 1."""
    rng = np.random.default_rng(seed)
    proba = rng.random((4, *classes.shape)).astype(np.float32)
    for k in range(4):
        proba[k][classes == k + 1] += 1.5
    proba /= proba.sum(axis=0)
    return proba


@pytest.fixture
def blocks(monkeypatch: pytest.MonkeyPatch) -> Callable[[int | None], None]:
    """Force the side of the blocks (None: from the memory budget)."""
    original = regularize.block_side

    def force(side: int | None) -> None:
        monkeypatch.setattr(
            regularize,
            "block_side",
            original if side is None else (lambda *args: side),
        )

    return force


# --------------------------------------------------------------------- majority filter


def test_majority_tie_keeps_the_centre() -> None:
    # centre 2: its window holds 1 x3, 2 x3, 3 x2 (nodata never counts): 2 is among the best
    classes = np.array([[1, 1, 2], [1, 2, 2], [3, 3, ND]], dtype=np.uint8)
    out = majority_filter(classes, window=3, nodata=ND)
    assert out[1, 1] == 2
    np.testing.assert_array_equal(out, classes)


def test_majority_tie_without_the_centre_takes_the_lowest_code() -> None:
    classes = np.array([[3, 2, 3], [2, 4, 2], [3, 2, 3]], dtype=np.uint8)
    assert majority_filter(classes, window=3, nodata=ND)[1, 1] == 2


def test_majority_nodata_never_wins_and_stays() -> None:
    classes = np.full((5, 5), ND, dtype=np.uint8)
    classes[2, 2] = 3
    classes[0, 0] = 1
    out = majority_filter(classes, window=5, nodata=ND)
    np.testing.assert_array_equal(out, classes)


def test_majority_takes_the_most_frequent_class() -> None:
    classes = np.ones((5, 5), dtype=np.uint8)
    classes[2, 2] = 4
    classes[0, :] = 2
    out = majority_filter(classes, window=3, nodata=ND)
    assert out[2, 2] == 1
    assert (out[0, :] == 2).all()  # the edge row: 3 of 2 against 3 of 1 (or 2 vs 2): kept


def test_majority_window_is_cut_at_the_edges() -> None:
    classes = np.array([[2, 1, 1, 1, 1]], dtype=np.uint8)
    # the corner pixel sees 2 and 1 once each (tie: it keeps 2); a window of 5 sees 1 twice more
    assert majority_filter(classes, window=3, nodata=ND)[0, 0] == 2
    assert majority_filter(classes, window=5, nodata=ND)[0, 0] == 1


# --------------------------------------------------------------------------- sieve

DIAGONAL = np.array(
    [
        [1, 1, 1, 1, 1],
        [1, 2, 1, 1, 1],
        [1, 1, 2, 1, 1],
        [1, 1, 1, 2, 1],
        [1, 1, 1, 1, 1],
    ],
    dtype=np.uint8,
)


def test_sieve_8_connectivity_keeps_a_diagonal_patch() -> None:
    out = sieve_pass(DIAGONAL, min_pixels=3, nodata=ND, connectivity=8)
    np.testing.assert_array_equal(out, DIAGONAL)


def test_sieve_4_connectivity_removes_its_single_pixels() -> None:
    out = sieve_pass(DIAGONAL, min_pixels=3, nodata=ND, connectivity=4)
    np.testing.assert_array_equal(out, np.ones_like(DIAGONAL))


def test_sieve_joins_the_class_with_most_neighbouring_pixels() -> None:
    classes = np.array(
        [
            [1, 1, 1, 1, 2, 2, 2],
            [1, 1, 1, 1, 2, 2, 2],
            [1, 1, 1, 4, 2, 2, 2],
            [1, 1, 1, 1, 2, 2, 2],
        ],
        dtype=np.uint8,
    )
    out = sieve_pass(classes, min_pixels=4, nodata=ND, connectivity=8)
    assert out[2, 3] == 1  # 5 pairs with class 1, 3 with class 2; both large
    four = sieve_pass(classes, min_pixels=4, nodata=ND, connectivity=4)
    assert four[2, 3] == 1  # 3 edges with class 1, 1 with class 2


def test_sieve_tie_goes_to_the_lower_code() -> None:
    classes = np.array([[3, 3, 3], [3, 4, 1], [1, 1, 1]], dtype=np.uint8)
    classes = np.kron(np.array([[1]]), classes).astype(np.uint8)
    # the 4 touches class 3 (4 pairs) and class 1 (4 pairs); both of 4 pixels, capped at 2
    out = sieve_pass(classes, min_pixels=2, nodata=ND, connectivity=8)
    assert out[1, 1] == 1


def test_sieve_small_patch_prefers_a_larger_neighbour() -> None:
    # a 1-pixel patch of 3 between a 2-pixel patch of 2 and a large class 1: it joins class 1;
    # the 2-pixel patch (small too) joins class 1 as well.
    classes = np.ones((5, 6), dtype=np.uint8)
    classes[2, 2] = 3
    classes[2, 3:5] = 2
    out = sieve_pass(classes, min_pixels=3, nodata=ND, connectivity=8)
    np.testing.assert_array_equal(out, np.ones_like(classes))


def test_sieve_local_maximum_stays_and_grows() -> None:
    # two small patches in nodata: the single pixel joins the pair, which stays (an island)
    classes = np.full((4, 5), ND, dtype=np.uint8)
    classes[1, 1:3] = 2
    classes[1, 3] = 3
    out, passes = sieve(classes, min_pixels=5, nodata=ND, connectivity=8)
    expected = classes.copy()
    expected[1, 3] = 2
    np.testing.assert_array_equal(out, expected)
    assert passes == 2


def test_sieve_nodata_is_never_joined_and_stays() -> None:
    classes = np.full((3, 3), ND, dtype=np.uint8)
    classes[1, 1] = 2
    np.testing.assert_array_equal(
        sieve_pass(classes, min_pixels=4, nodata=ND, connectivity=8), classes
    )


def test_sieve_removes_every_small_patch_of_a_speckled_map() -> None:
    rng = np.random.default_rng(3)
    classes = np.kron(rng.integers(1, 5, size=(10, 9)), np.ones((10, 10), np.int64))
    noise = rng.random(classes.shape) < 0.3
    classes[noise] = rng.integers(1, 5, size=int(noise.sum()))
    classes = classes.astype(np.uint8)
    out, passes = sieve(classes, min_pixels=6, nodata=ND, connectivity=8)
    found = patches(out, nodata=ND, connectivity=8)
    assert passes < regularize.MAX_PASSES
    assert (found.sizes[1:] >= 6).all()
    assert (out != classes).sum() > 0.1 * classes.size


# ------------------------------------------------------------------- probability smoothing


def test_probability_class_is_the_argmax_of_the_smoothed_probabilities() -> None:
    classes = speckled()
    valid = classes != ND
    proba = probabilities_for(classes)
    for weighting in ("uniform", "gaussian"):
        smoothed = smooth_probabilities(proba, valid, window=5, weighting=weighting)
        current = np.where(valid, classes.astype(np.int64) - 1, -1)
        best = smoothed_classes(smoothed, current)
        chosen = np.take_along_axis(smoothed, best[None], axis=0)[0]
        assert (chosen[valid] == smoothed.max(axis=0)[valid]).all()
        assert (smoothed[:, ~valid] == 0).all()
        np.testing.assert_allclose(smoothed.sum(axis=0)[valid], 1.0, rtol=1e-5)


def test_probability_smoothing_averages_over_valid_pixels_only() -> None:
    proba = np.zeros((2, 3, 3), np.float32)
    proba[0] = 1.0
    proba[:, 0, 0] = [0.0, 1.0]
    valid = np.ones((3, 3), bool)
    valid[2, 2] = False
    proba[:, 2, 2] = [0.0, 1000.0]  # ignored: not valid
    smoothed = smooth_probabilities(proba, valid, window=3, weighting="uniform")
    assert smoothed[1, 1, 1] == pytest.approx(1 / 8)
    assert smoothed[1, 0, 0] == pytest.approx(1 / 4)


def test_probability_tie_keeps_the_current_class() -> None:
    smoothed = np.full((3, 1, 2), 1 / 3, np.float32)
    best = smoothed_classes(smoothed, np.array([[2, -1]]))
    np.testing.assert_array_equal(best, [[2, 0]])


# ---------------------------------------------------------------- the tool, block by block


@pytest.mark.parametrize("side", [7, 16, 33])
@pytest.mark.parametrize(
    "options",
    [
        SmoothingOptions("majority", window=5),
        SmoothingOptions("majority", window=3),
        SmoothingOptions("probability", window=5),
        SmoothingOptions("probability", window=7, weighting="gaussian"),
        SmoothingOptions("sieve", min_area=4),
        SmoothingOptions("sieve", min_area=0.05, area_unit="hectares", connectivity=4),
    ],
    ids=["majority5", "majority3", "proba5", "gauss7", "sieve4", "sieve-ha-4conn"],
)
def test_block_by_block_equals_the_whole_image(
    tmp_path: Path, blocks: Callable[[int | None], None], side: int, options: SmoothingOptions
) -> None:
    classes = speckled()
    valid = classes != ND
    source = write_map(tmp_path / "map.tif", classes)
    proba_path = write_proba(tmp_path / "proba.tif", probabilities_for(classes), valid)
    if options.method == "majority":
        expected = majority_filter(classes, window=options.window, nodata=ND)
    elif options.method == "sieve":
        pixels = 4 if options.area_unit == "pixels" else 5  # 0.05 ha of 100 m² pixels
        expected = sieve(classes, min_pixels=pixels, nodata=ND, connectivity=options.connectivity)[
            0
        ]
    else:
        with rasterio.open(proba_path) as src:
            stored = src.read().astype(np.float32) / np.float32(100)
        smoothed = smooth_probabilities(
            stored, valid, window=options.window, weighting=options.weighting
        )
        index = smoothed_classes(smoothed, np.where(valid, classes.astype(np.int64) - 1, -1))
        expected = np.where(valid, index + 1, ND).astype(np.uint8)
    blocks(side)
    result = smooth_raster(
        source,
        tmp_path / "out.tif",
        probabilities_path=proba_path,
        options=options,
        threads=2,
    )
    np.testing.assert_array_equal(read(tmp_path / "out.tif"), expected)
    assert result.changed_pixels == int((expected != classes).sum())
    assert result.changed_pixels > 0
    blocks(None)
    smooth_raster(
        source, tmp_path / "whole.tif", probabilities_path=proba_path, options=options, threads=1
    )
    np.testing.assert_array_equal(read(tmp_path / "whole.tif"), expected)


def test_sieve_patch_across_a_block_edge(
    tmp_path: Path, blocks: Callable[[int | None], None]
) -> None:
    classes = np.ones((12, 12), dtype=np.uint8)
    classes[3:5, 3:5] = 3  # 4 pixels across the edge at row 4 / col 4: small, joins 1
    classes[6:9, 7:9] = 2  # 6 pixels across the edge at row 8: large enough, stays
    source = write_map(tmp_path / "map.tif", classes)
    blocks(4)
    result = smooth_raster(
        source, tmp_path / "out.tif", options=SmoothingOptions("sieve", min_area=5)
    )
    expected = classes.copy()
    expected[3:5, 3:5] = 1
    np.testing.assert_array_equal(read(tmp_path / "out.tif"), expected)
    assert result.changed_pixels == 4
    assert result.min_pixels == 5
    assert result.small_patches_left == 0


def test_sieve_counts_islands_left_in_nodata(
    tmp_path: Path, blocks: Callable[[int | None], None]
) -> None:
    classes = np.ones((20, 20), dtype=np.uint8)
    classes[5:12, 5:12] = ND
    classes[7:9, 7:9] = 2  # an island of 4 pixels inside nodata: nothing to join
    classes[15, 15] = 3  # a speck: joins class 1
    progress = RecordingProgress()
    blocks(8)
    result = smooth_raster(
        write_map(tmp_path / "map.tif", classes),
        tmp_path / "out.tif",
        options=SmoothingOptions("sieve", min_area=5),
        progress=progress,
    )
    assert result.small_patches_left == 1
    assert result.changed_pixels == 1
    assert any("1 patches under 5 pixels remain" in m for m in progress.messages)
    out = read(tmp_path / "out.tif")
    assert (out[7:9, 7:9] == 2).all()
    assert out[15, 15] == 1


def test_the_output_is_a_styled_class_map_with_areas_before_and_after(tmp_path: Path) -> None:
    classes = speckled()
    progress = RecordingProgress()
    result = smooth_raster(
        write_map(tmp_path / "map.tif", classes),
        tmp_path / "out.tif",
        options=SmoothingOptions("majority", window=5),
        area_table_path=tmp_path / "areas.csv",
        progress=progress,
    )
    with rasterio.open(tmp_path / "out.tif") as src:
        assert src.dtypes[0] == "uint8"
        assert src.nodata == ND
        assert src.tags()["LULC_MODEL_ID"] == "m-1"
        assert src.tags()["LULC_PRODUCT"] == "class map"
        assert "majority filter" in src.tags()[regularize.SMOOTHING_TAG]
        assert src.tags(1)["CLASS_2"] == "forest"
        assert src.colormap(1)[3][:3] == (255, 0, 0)
    assert Path(result.qml_path).read_text(encoding="utf-8").count("paletteEntry") == 4
    rows = read_csv(tmp_path / "areas.csv")
    assert list(rows[0])[:6] == ["code", "class", "pixels", "hectares", "percent", "method"]
    assert list(rows[0])[6:] == ["pixels_before", "hectares_before", "percent_before"]
    for row, before, after in zip(rows, result.areas_before, result.areas_after):
        assert int(row["pixels"]) == after.pixels
        assert int(row["pixels_before"]) == before.pixels
        assert before.pixels == int((classes == before.code).sum())
    assert sum(a.pixels for a in result.areas_after) == sum(a.pixels for a in result.areas_before)
    assert any("->" in m for m in progress.messages)


# ------------------------------------------------------------------- errors, cancel, safety


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"method": "median"}, "Unknown regularisation method 'median'"),
        ({"method": "majority", "window": 4}, "odd number of pixels from 3 to 51"),
        ({"method": "majority", "window": 1}, "odd number of pixels"),
        ({"method": "majority", "window": 53}, "odd number of pixels"),
        ({"method": "majority", "window": True}, "odd number of pixels"),
        ({"method": "probability", "weighting": "box"}, "use uniform or gaussian"),
        ({"method": "sieve"}, "must be a positive area"),
        ({"method": "sieve", "min_area": -1.0}, "must be a positive area"),
        ({"method": "sieve", "min_area": float("nan")}, "must be a number"),
        ({"method": "sieve", "min_area": 4, "connectivity": 6}, "must be 4"),
        ({"method": "sieve", "min_area": 4, "area_unit": "acres"}, "use pixels or hectares"),
    ],
)
def test_options_are_checked_with_sentences(kwargs: dict[str, Any], words: str) -> None:
    with pytest.raises(InvalidInputError, match=words) as caught:
        SmoothingOptions(**kwargs)
    assert str(caught.value).endswith(".")


def test_probability_smoothing_needs_the_probabilities(tmp_path: Path) -> None:
    source = write_map(tmp_path / "map.tif", speckled())
    with pytest.raises(InvalidInputError, match="needs the class probabilities"):
        smooth_raster(source, tmp_path / "out.tif", options=SmoothingOptions("probability"))
    assert not (tmp_path / "out.tif").exists()


def test_a_raster_without_legend_is_refused(tmp_path: Path) -> None:
    from ..helpers import write_raster

    plain = write_raster(tmp_path / "plain.tif", speckled()[None], nodata=ND)
    with pytest.raises(InvalidInputError, match="has no legend"):
        smooth_raster(plain, tmp_path / "out.tif", options=SmoothingOptions("majority"))


def test_the_output_never_overwrites_the_input(tmp_path: Path) -> None:
    source = write_map(tmp_path / "map.tif", speckled())
    before = source.read_bytes()
    with pytest.raises(OutputError, match="input"):
        smooth_raster(source, source, options=SmoothingOptions("majority"))
    assert source.read_bytes() == before


@pytest.mark.parametrize("method", ["majority", "sieve"])
def test_cancel_leaves_no_output(
    tmp_path: Path, blocks: Callable[[int | None], None], method: str
) -> None:
    source = write_map(tmp_path / "map.tif", speckled())
    blocks(16)
    options = SmoothingOptions(method, min_area=4 if method == "sieve" else 0.0)
    with pytest.raises(Cancelled):
        smooth_raster(
            source,
            tmp_path / "out.tif",
            options=options,
            area_table_path=tmp_path / "areas.csv",
            progress=RecordingProgress(cancel_after=12),
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.tif"]


def test_a_minimum_area_too_large_for_the_memory_budget_is_refused(tmp_path: Path) -> None:
    source = write_map(tmp_path / "map.tif", speckled())
    with pytest.raises(InvalidInputError, match="too large for the memory budget"):
        smooth_raster(
            source,
            tmp_path / "out.tif",
            options=SmoothingOptions("sieve", min_area=50),
            max_memory_mb=0.5,
            threads=1,
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.tif"]


def test_hectares_become_whole_pixels_rounded_up(tmp_path: Path) -> None:
    info = regularize.read_class_map(write_map(tmp_path / "map.tif", speckled()))
    progress = RecordingProgress()
    options = SmoothingOptions("sieve", min_area=0.031, area_unit="hectares")
    assert regularize.min_pixels(options, info, progress) == 4  # 310 m² of 100 m² pixels
    assert "4 pixels of 100.00 m²" in progress.messages[0]
    exact = SmoothingOptions("sieve", min_area=0.03, area_unit="hectares")
    assert regularize.min_pixels(exact, info) == 3


# ----------------------------------------------------------------------------- in prediction


def fake_prediction(classes: np.ndarray, proba: np.ndarray) -> regularize.RawWriter:
    """A prediction's raw writer for a known map and float probabilities (no model)."""
    from rasterio.transform import from_origin

    from lulc_classifier.core.outputs import layer_profile, probability_layers

    def write_raw(class_map: Path, layers: dict[str, Path], progress: Any) -> None:
        write_map(class_map, classes)
        geo = {
            "width": classes.shape[1],
            "height": classes.shape[0],
            "crs": CRS,
            "transform": from_origin(ORIGIN[0], ORIGIN[1], PIXEL, PIXEL),
        }
        valid = classes != ND
        values = probability_layers(proba[:, valid].T, valid, list(layers))
        for name, path in layers.items():
            with rasterio.open(path, "w", **layer_profile(geo, name, 4, "DEFLATE")) as dst:
                layer = values[name]
                dst.write(layer[None] if layer.ndim == 2 else layer)

    return write_raw


@pytest.mark.parametrize("side", [7, 33])
def test_prediction_probability_layers_block_by_block_equal_the_whole_image(
    tmp_path: Path, blocks: Callable[[int | None], None], side: int
) -> None:
    classes = speckled()
    proba = probabilities_for(classes)
    options = SmoothingOptions("probability", window=5, weighting="gaussian")
    maps = {}
    for name, forced in (("blocks", side), ("whole", None)):
        folder = tmp_path / name
        folder.mkdir()
        layers = {n: folder / f"{n}.tif" for n in ("confidence", "probabilities", "entropy")}
        blocks(forced)
        result = regularize.smooth_prediction(
            fake_prediction(classes, proba),
            folder / "map.tif",
            layers,
            options=options,
            settings=regularize.RunSettings(threads=2),
            progress=RecordingProgress(),
        )
        assert result.changed_pixels > 0
        maps[name] = {
            n: rasterio.open(p).read() for n, p in {"map": folder / "map.tif", **layers}.items()
        }
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            ["map.tif", "confidence.tif", "probabilities.tif", "entropy.tif"]
        )
    for name, values in maps["whole"].items():
        np.testing.assert_array_equal(maps["blocks"][name], values, err_msg=name)
    valid = classes != ND
    smoothed = smooth_probabilities(proba, valid, window=5, weighting="gaussian")
    index = smoothed_classes(smoothed, np.where(valid, classes.astype(np.int64) - 1, -1))
    np.testing.assert_array_equal(maps["whole"]["map"][0], np.where(valid, index + 1, ND))
    percent = np.clip(np.rint(smoothed.max(axis=0) * 100), 0, 100)
    np.testing.assert_array_equal(maps["whole"]["confidence"][0][valid], percent[valid])


@pytest.fixture(scope="module")
def model_scene(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A noisy 3-band 120 x 100 image and a random forest with 3 classes: a speckled map."""
    pd = pytest.importorskip("pandas")
    from lulc_classifier.core.train import (
        SampleSource,
        TrainingFiles,
        TrainingOptions,
        train_classifier,
    )

    from ..helpers import write_raster

    folder = tmp_path_factory.mktemp("scene")
    rng = np.random.default_rng(0)
    base = np.kron(rng.integers(0, 3, size=(12, 10)), np.ones((10, 10), np.int64))
    data = (base[None] * 300 + rng.normal(0, 180, size=(3, *base.shape)) + 500).clip(1, 2000)
    data[:, 0, 0] = 0
    image = write_raster(folder / "image.tif", data.astype(np.uint16), nodata=0, tile=16)
    n = 300
    x = rng.integers(0, 3, n)
    table = pd.DataFrame(
        {
            "cls": [["water", "forest", "urban"][k] for k in x],
            **{f"b{b}": x * 300 + rng.normal(0, 180, n) + 500 for b in (1, 2, 3)},
        }
    )
    model = folder / "model.lulcmodel"
    train_classifier(
        SampleSource(table, "cls", crs_wkt=None),
        TrainingFiles(model),
        options=TrainingOptions(n_jobs=1),
    )
    return {"image": image, "model": model}


@pytest.mark.slow
@pytest.mark.parametrize("method", ["majority", "probability", "sieve"])
def test_prediction_with_smoothing(
    model_scene: dict[str, Path], tmp_path: Path, method: str
) -> None:
    from lulc_classifier.core.predict import PredictionOptions, predict_raster

    plain, smooth = tmp_path / "plain", tmp_path / "smooth"
    plain.mkdir()
    smooth.mkdir()
    options = SmoothingOptions(method, window=5, min_area=6)
    for folder, smoothing in ((plain, None), (smooth, options)):
        predict_raster(
            [model_scene["image"]],
            model_scene["model"],
            folder / "map.tif",
            options=PredictionOptions(
                threads=2,
                smoothing=smoothing,
                confidence_path=str(folder / "confidence.tif"),
                probabilities_path=str(folder / "proba.tif"),
                area_table_path=str(folder / "areas.csv"),
                overviews=True,
            ),
        )
    assert sorted(p.name for p in smooth.iterdir()) == sorted(p.name for p in plain.iterdir())
    raw, final = read(plain / "map.tif"), read(smooth / "map.tif")
    assert (raw != final).sum() > 0.02 * raw.size
    assert ((raw == ND) == (final == ND)).all()
    before = len(patches(raw, nodata=ND, connectivity=8).sizes)
    assert len(patches(final, nodata=ND, connectivity=8).sizes) < before / 2
    if method != "probability":
        expected = {"majority": majority_filter, "sieve": None}[method]
        if expected is not None:
            np.testing.assert_array_equal(final, majority_filter(raw, window=5, nodata=ND))
        else:
            np.testing.assert_array_equal(
                final, sieve(raw, min_pixels=6, nodata=ND, connectivity=8)[0]
            )
        for name in ("confidence.tif", "proba.tif"):  # the model's layers
            np.testing.assert_array_equal(
                rasterio.open(smooth / name).read(), rasterio.open(plain / name).read()
            )
    else:
        with rasterio.open(smooth / "proba.tif") as src:
            percent = src.read()
        valid = final != ND
        index = np.where(valid, final.astype(np.int64) - 1, 0)
        chosen = np.take_along_axis(percent, index[None], 0)[0]
        assert (chosen[valid] == percent.max(axis=0)[valid]).all()
        assert (read(smooth / "confidence.tif")[valid] == percent.max(axis=0)[valid]).all()
    with rasterio.open(smooth / "map.tif") as src:
        assert src.overviews(1)
        assert src.tags()["LULC_PRODUCT"] == "class map"
        assert src.tags()[regularize.SMOOTHING_TAG] == options.describe()
    rows = read_csv(smooth / "areas.csv")
    for row in rows:
        assert int(row["pixels_before"]) == int((raw == int(row["code"])).sum())
        assert int(row["pixels"]) == int((final == int(row["code"])).sum())


def test_block_side_fits_the_budget_or_takes_the_whole_map() -> None:
    assert regularize.block_side(5000, 5000, 1, 4_000_000) == 1250  # a 16th of the map
    assert regularize.block_side(5000, 5000, 200, 4_000_000) == 1250
    assert regularize.block_side(5000, 5000, 600, 4_000_000) == 2000 - 1200
    assert regularize.block_side(3000, 10, 400, 100_000) == 3000  # fits whole: one block
    with pytest.raises(InvalidInputError, match="too large for the memory budget"):
        regularize.block_side(5000, 5000, 2000, 4_000_000)


def test_hectares_in_geographic_coordinates_use_the_centre_row() -> None:
    import rasterio.crs
    from rasterio.transform import from_origin

    info = regularize.MapInfo(
        LEGEND, "uint8", ND, 100, 100, rasterio.crs.CRS.from_epsg(4326),
        from_origin(10.0, 60.0, 0.001, 0.001), {}, {},
    )  # fmt: skip
    progress = RecordingProgress()
    pixels = regularize.min_pixels(
        SmoothingOptions("sieve", min_area=1, area_unit="hectares"), info, progress
    )
    # a 0.001° pixel near 59.95° N: about 111 m x 55.7 m
    assert 1e4 / pixels < 111.2 * 55.8 < 1e4 / (pixels - 1)
    assert "geographic coordinates" in progress.messages[0]


@pytest.mark.slow
def test_cancel_during_the_regularisation_of_a_prediction_leaves_no_output(
    model_scene: dict[str, Path], tmp_path: Path
) -> None:
    from lulc_classifier.core.predict import PredictionOptions, predict_raster

    class CancelWhenSmoothing(RecordingProgress):
        def cancelled(self) -> bool:
            return any(m.startswith("Regularisation") for m in self.messages)

    with pytest.raises(Cancelled):
        predict_raster(
            [model_scene["image"]],
            model_scene["model"],
            tmp_path / "map.tif",
            options=PredictionOptions(
                smoothing=SmoothingOptions("sieve", min_area=4),
                area_table_path=str(tmp_path / "areas.csv"),
                confidence_path=str(tmp_path / "confidence.tif"),
            ),
            progress=CancelWhenSmoothing(),
        )
    assert list(tmp_path.iterdir()) == []
