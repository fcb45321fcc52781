"""Tiled segmentation (core/segment.py): seam guarantee, ids, nodata, polygons, safety, memory."""

from __future__ import annotations

import sys
import tracemalloc
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio

from lulc_classifier.core import segment
from lulc_classifier.core.errors import Cancelled, InvalidInputError, OutputConflictError
from lulc_classifier.core.segment import (
    METHODS,
    SegmentOptions,
    UnionFind,
    seam_pairs,
    segment_raster,
)

from ..helpers import RecordingProgress, write_raster

pytest.importorskip("skimage")

#: Flat rectangles (value per band) on a background, several crossing tile edges of 64 and 96.
RECTANGLES = [
    ((slice(20, 180), slice(10, 150)), (60.0, 20.0)),
    ((slice(100, 290), slice(120, 390)), (90.0, 70.0)),
    ((slice(200, 260), slice(20, 100)), (30.0, 90.0)),
]


def rectangles() -> tuple[np.ndarray, np.ndarray]:
    """(2, 300, 400) image of distinct flat regions, and the region of each pixel."""
    data = np.full((2, 300, 400), 10.0, dtype=np.float32)
    truth = np.zeros((300, 400), dtype=np.int64)
    for k, (box, values) in enumerate(RECTANGLES, start=1):
        data[0][box], data[1][box] = values
        truth[box] = k
    return data, truth


def read(path: Path) -> np.ndarray:
    with rasterio.open(path) as src:
        return src.read(1)


def same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    """True when ``a`` and ``b`` cut the pixels the same way (ids may differ)."""
    pairs = np.unique(np.stack([a.ravel(), b.ravel()]), axis=1).shape[1]
    return pairs == len(np.unique(a)) == len(np.unique(b))


def test_an_image_of_one_value_is_one_segment_with_tiny_tiles(tmp_path: Path) -> None:
    image = write_raster(tmp_path / "flat.tif", np.full((1, 300, 300), 7, dtype=np.uint16))
    opts = SegmentOptions(tile_size=64, overlap=8)
    result = segment_raster([image], tmp_path / "seg.tif", options=opts)
    assert result.tiles == 25
    assert result.segments == 1
    assert np.all(read(tmp_path / "seg.tif") == 1)


def test_a_homogeneous_region_across_tiles_is_one_segment(tmp_path: Path) -> None:
    """The seam guarantee: a flat field spanning 3 x 4 tiles inside noise is ONE segment."""
    rng = np.random.default_rng(0)
    data = rng.uniform(0, 100, size=(1, 320, 320)).astype(np.float32)
    data[0, 30:230, 40:290] = 50.0
    image = write_raster(tmp_path / "field.tif", data)
    opts = SegmentOptions(tile_size=64, overlap=16, sigma=0.0, scale=50)
    segment_raster([image], tmp_path / "seg.tif", options=opts)
    field = read(tmp_path / "seg.tif")[31:229, 41:289]
    assert len(np.unique(field)) == 1


@pytest.mark.parametrize("tile_size", [64, 96, 512])
def test_flat_rectangles_give_one_felzenszwalb_segment_each_whatever_the_tiles(
    tmp_path: Path, tile_size: int
) -> None:
    """One segment per region (background and three rectangles), for every tile size: the
    tiled results agree with the untiled one (512: one tile) exactly."""
    data, truth = rectangles()
    image = write_raster(tmp_path / "rect.tif", data)
    opts = SegmentOptions(tile_size=tile_size, overlap=16, sigma=0.0)
    result = segment_raster([image], tmp_path / "seg.tif", options=opts)
    assert result.segments == 4
    assert same_partition(read(tmp_path / "seg.tif"), truth)
    assert (result.seams_merged > 0) == (tile_size < 300)


@pytest.mark.parametrize("tile_size", [64, 512])
def test_slic_superpixels_stay_inside_the_rectangles(tmp_path: Path, tile_size: int) -> None:
    """SLIC's documented bound: superpixels of about the size asked for (cut at tile edges, so
    up to half as many again), and as few pixels across rectangle edges as SLIC untiled leaves
    (under 5 %)."""
    data, truth = rectangles()
    image = write_raster(tmp_path / "rect.tif", data)
    opts = SegmentOptions(method="slic", tile_size=tile_size, overlap=16, sigma=0.0)
    result = segment_raster([image], tmp_path / "seg.tif", options=opts)
    labels = read(tmp_path / "seg.tif")
    assert 0.5 * truth.size / 100 <= result.segments <= 1.5 * truth.size / 100
    misplaced = sum(
        int((labels == i).sum() - np.bincount(truth[labels == i]).max()) for i in np.unique(labels)
    )
    assert misplaced / truth.size < 0.05


@pytest.mark.parametrize("method", METHODS)
def test_ids_are_consecutive_uint32_with_nodata_zero(tmp_path: Path, method: str) -> None:
    rng = np.random.default_rng(1)
    data = rng.integers(1, 255, size=(3, 150, 170)).astype(np.uint8)
    data[:, 40:60, 50:120] = 0  # nodata
    data[1, 100, 10] = 0
    image = write_raster(tmp_path / "img.tif", data, nodata=0)
    opts = SegmentOptions(method=method, tile_size=64, overlap=8)
    result = segment_raster([image], tmp_path / "seg.tif", options=opts)
    with rasterio.open(tmp_path / "seg.tif") as src, rasterio.open(image) as ref:
        labels = src.read(1)
        assert src.dtypes == ("uint32",)
        assert src.nodata == 0
        assert src.descriptions == ("segment",)
        assert src.tags()["LULC_PRODUCT"] == "segments"
        assert src.crs == ref.crs
        assert src.transform == ref.transform
        assert src.profile["tiled"]
        assert src.profile["compress"].lower() == "deflate"
    invalid = np.any(data == 0, axis=0)
    assert np.all((labels == 0) == invalid)
    assert np.array_equal(np.unique(labels[~invalid]), np.arange(1, result.segments + 1))


def test_polygons_one_per_segment_and_dissolved_across_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gpd = pytest.importorskip("geopandas")
    monkeypatch.setattr(segment, "BLOCK_PIXELS", 256 * 256)  # 300 x 400: 2 x 2 blocks
    data, truth = rectangles()
    image = write_raster(tmp_path / "rect.tif", data)
    polygons = tmp_path / "seg.gpkg"
    opts = SegmentOptions(tile_size=64, overlap=16, sigma=0.0, polygons_path=str(polygons))
    result = segment_raster([image], tmp_path / "seg.tif", options=opts)
    frame = gpd.read_file(polygons, layer="segments")
    assert len(frame) == result.segments == 4
    assert sorted(frame["segment"]) == [1, 2, 3, 4]
    labels = read(tmp_path / "seg.tif")
    for _, row in frame.iterrows():
        assert row["pixels"] == (labels == row["segment"]).sum()
        assert row.geometry.area == pytest.approx(row["pixels"] * 100.0)  # 10 m pixels
    assert frame.crs is not None


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"method": "watershed"}, "Unknown segmentation method"),
        ({"scale": 0}, "scale must be a positive"),
        ({"sigma": -1}, "smoothing"),
        ({"min_size": 0}, "minimum segment size"),
        ({"segment_size": 2}, "segment size"),
        ({"compactness": -2}, "compactness"),
        ({"tile_size": 32}, "tile size"),
        ({"overlap": 0}, "overlap"),
        ({"tile_size": 100, "overlap": 60}, "at most half the tile size"),
        ({"threads": 0}, "threads"),
        ({"max_memory_mb": 0}, "memory budget"),
    ],
)
def test_options_are_checked_with_a_sentence(options: dict[str, Any], words: str) -> None:
    with pytest.raises(InvalidInputError, match=words):
        SegmentOptions(**options)


def test_a_cancel_leaves_no_output(tmp_path: Path) -> None:
    data, _ = rectangles()
    image = write_raster(tmp_path / "rect.tif", data)
    opts = SegmentOptions(tile_size=64, overlap=8, polygons_path=str(tmp_path / "seg.gpkg"))
    with pytest.raises(Cancelled):
        segment_raster(
            [image], tmp_path / "seg.tif", options=opts, progress=RecordingProgress(cancel_after=5)
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rect.tif"]


def test_an_output_naming_an_input_is_refused(tmp_path: Path) -> None:
    data, _ = rectangles()
    image = write_raster(tmp_path / "rect.tif", data)
    before = image.read_bytes()
    with pytest.raises(OutputConflictError):
        segment_raster([image], image)
    polygons = SegmentOptions(polygons_path=str(image))
    with pytest.raises(OutputConflictError):
        segment_raster([image], tmp_path / "seg.tif", options=polygons)
    assert image.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rect.tif"]


def test_scikit_image_is_an_optional_package_with_its_install_command() -> None:
    from lulc_classifier.core import deps

    assert "scikit-image" not in deps.REQUIREMENTS
    assert deps.install_command(["scikit-image"], "linux") == "sudo apt install python3-skimage"
    assert deps.install_command(["scikit-image"], "win32").endswith(
        "pip install --user scikit-image"
    )


def test_without_scikit_image_the_run_names_the_package_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lulc_classifier.core.errors import MissingDependencyError

    monkeypatch.setitem(sys.modules, "skimage.segmentation", None)  # import fails
    image = write_raster(tmp_path / "img.tif", np.ones((1, 70, 70), dtype=np.uint8))
    with pytest.raises(MissingDependencyError, match="scikit-image"):
        segment_raster([image], tmp_path / "seg.tif")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["img.tif"]


def test_more_than_three_bands_segment_without_warnings(tmp_path: Path) -> None:
    data = np.random.default_rng(3).integers(0, 50, size=(5, 80, 80)).astype(np.uint8)
    image = write_raster(tmp_path / "five.tif", data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = segment_raster([image], tmp_path / "seg.tif")
    assert result.segments >= 1


def test_seam_pairs_are_mutual_majorities() -> None:
    first = np.array([[1, 1, 1, 2], [1, 1, 3, 3], [0, 4, 4, 4]], dtype=np.uint32)
    second = np.array([[7, 7, 7, 7], [7, 7, 8, 8], [0, 9, 9, 8]], dtype=np.uint32)
    # 1 -> 7 (5 of 5; 7 has 6 pixels, 5 of them 1's); 2 -> 7 is a minority of 7's;
    # 3 -> 8 (2 of 2, 8 has 3); 4 -> 9 (2 of 3, 9 has 2)
    assert seam_pairs(first, second).tolist() == [[1, 7], [3, 8], [4, 9]]


def test_union_find_grows_and_compresses() -> None:
    sets = UnionFind()
    first = sets.add(5000)
    sets.union(first, first + 4999)
    sets.union(first + 4999, first + 10)
    sets.union(first + 10, first)  # already one set
    roots = sets.roots()
    assert sets.merged == 2
    assert roots[first + 10] == roots[first + 4999] == first


@pytest.mark.slow
def test_traced_memory_stays_far_below_the_whole_label_array(tmp_path: Path) -> None:
    """An image of 32 x 32 tiles: the peak of traced allocations (numpy included, scikit-image's
    graph too) is a fraction of the whole-image label array (uint32) the method never holds."""
    segment_raster(  # imports and first-use caches are not the run's
        [write_raster(tmp_path / "warm.tif", np.ones((1, 70, 70), dtype=np.uint8))],
        tmp_path / "warm_seg.tif",
        options=SegmentOptions(tile_size=64, overlap=8, polygons_path=str(tmp_path / "w.gpkg")),
    )
    side = 2048
    rng = np.random.default_rng(2)
    data = (rng.integers(0, 4, size=(1, side // 16, side // 16)) * 60).astype(np.uint8)
    data = np.kron(data, np.ones((1, 16, 16), dtype=np.uint8))  # 16-pixel fields
    image = write_raster(tmp_path / "big.tif", data, tile=256)
    del data
    opts = SegmentOptions(tile_size=64, overlap=8, threads=1, sigma=0.0)
    tracemalloc.start()
    try:
        result = segment_raster([image], tmp_path / "seg.tif", options=opts)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.tiles == 1024
    whole_labels = side * side * 4
    assert peak < whole_labels / 4, (peak, whole_labels)
