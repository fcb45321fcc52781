"""Segment features block by block (core/segment_features.py) against a whole-image oracle."""

from __future__ import annotations

import math
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from lulc_classifier.core.errors import InvalidInputError
from lulc_classifier.core.segment_features import feature_names, segment_features

from ..helpers import ORIGIN, PIXEL, write_raster

rasterio = pytest.importorskip("rasterio")


def _oracle(
    image: np.ndarray, segments: np.ndarray, valid: np.ndarray
) -> dict[int, tuple[np.ndarray, tuple[float, float], int]]:
    """Whole-image features per segment id: values, centroid, valid pixels."""
    padded = np.pad(segments, 1)
    out = {}
    for seg in np.unique(segments[segments != 0]):
        mine = segments == seg
        good = mine & valid
        if not good.any():
            continue
        stats = []
        for band in image.astype(np.float64):
            stats += [band[good].mean(), band[good].std()]
        inner = padded[1:-1, 1:-1] == seg
        edges = sum(
            int(np.sum(inner & (n != seg)))
            for n in (padded[:-2, 1:-1], padded[2:, 1:-1], padded[1:-1, :-2], padded[1:-1, 2:])
        )
        area = mine.sum()
        rows, cols = np.nonzero(mine)
        x = ORIGIN[0] + (cols.mean() + 0.5) * PIXEL
        y = ORIGIN[1] - (rows.mean() + 0.5) * PIXEL
        values = np.array([*stats, area * PIXEL * PIXEL, 4 * math.pi * area / edges**2])
        out[int(seg)] = (values, (x, y), int(good.sum()))
    return out


def _scene(rows: int = 70, cols: int = 90, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """3 bands of large reflectance-like values and irregular segments spanning blocks."""
    rng = np.random.default_rng(seed)
    image = (rng.normal(5000, 30, size=(3, rows, cols))).astype(np.float32)
    yy, xx = np.mgrid[:rows, :cols]
    segments = (yy // 23) * 10 + (xx // 31) + 1
    segments[(yy - 35) ** 2 + (xx - 45) ** 2 < 150] = 999  # a disc across blocks
    segments[5, :] = 4_000_000_000  # a long line with a huge id
    segments[60:, 80:] = 0  # no segment
    return image, segments.astype(np.uint32)


def _check(features: object, oracle: dict) -> None:
    assert list(features.ids) == sorted(oracle)
    assert features.ids.dtype == np.uint32
    for k, seg in enumerate(features.ids):
        values, (x, y), pixels = oracle[int(seg)]
        assert np.allclose(features.values[k], values, rtol=1e-10, atol=0), int(seg)
        assert np.allclose(features.centroids[k], [x, y], rtol=1e-12)
        assert features.pixels[k] == pixels


@pytest.mark.parametrize("memory", [0.005, 0.05, 0.5, 1024])
def test_features_equal_whole_image_oracle(tmp_path: Path, memory: float) -> None:
    image, segments = _scene()
    image[:, 10:14, 10:20] = 0  # nodata in every band
    image[1, 40, 40:50] = 0  # nodata in one band only
    valid = np.all(image != 0, axis=0)
    raster = write_raster(tmp_path / "image.tif", image, nodata=0, tile=16)
    seg = write_raster(tmp_path / "seg.tif", segments[None], tile=16)
    features = segment_features([raster], seg, max_memory_mb=memory)
    assert features.names == feature_names(["b1", "b2", "b3"])
    assert features.names[:2] == ["b1_mean", "b1_std"]
    assert features.names[-2:] == ["area", "shape"]
    _check(features, _oracle(image, segments, valid))


def test_segment_without_valid_pixel_is_left_out(tmp_path: Path) -> None:
    image = np.ones((1, 32, 32), dtype=np.float32)
    segments = np.ones((32, 32), dtype=np.uint32)
    segments[:, 16:] = 2
    image[0, :, 16:] = -9
    raster = write_raster(tmp_path / "image.tif", image, nodata=-9)
    seg = write_raster(tmp_path / "seg.tif", segments[None])
    features = segment_features([raster], seg)
    assert list(features.ids) == [1]
    assert features.pixels.tolist() == [32 * 16]


def test_shape_of_a_square_and_a_line(tmp_path: Path) -> None:
    segments = np.zeros((40, 40), dtype=np.uint32)
    segments[2:22, 2:22] = 1  # 20 x 20 square
    segments[30, 0:40] = 2  # a line of 40 pixels
    raster = write_raster(tmp_path / "image.tif", np.ones((1, 40, 40), dtype=np.float32))
    seg = write_raster(tmp_path / "seg.tif", segments[None])
    features = segment_features([raster], seg, max_memory_mb=0.01)
    shape = dict(zip(features.ids.tolist(), features.values[:, -1]))
    assert shape[1] == pytest.approx(math.pi / 4)
    assert shape[2] == pytest.approx(4 * math.pi * 40 / (2 * 40 + 2) ** 2)
    assert shape[2] < 0.1 < shape[1]


@pytest.mark.parametrize(
    ("data", "dtype", "match"),
    [
        (np.ones((1, 8, 8)), "float32", "float32 values, not whole numbers"),
        (np.ones((2, 8, 8)), "uint32", "has 2 bands"),
    ],
)
def test_hostile_segment_rasters_are_refused(
    tmp_path: Path, data: np.ndarray, dtype: str, match: str
) -> None:
    raster = write_raster(tmp_path / "image.tif", np.ones((1, 8, 8), dtype=np.float32))
    seg = write_raster(tmp_path / "seg.tif", data, dtype=dtype)
    with pytest.raises(InvalidInputError, match=rf"segment raster '.*seg\.tif'.*{match}.*lulc:seg"):
        segment_features([raster], seg)


def test_segments_on_another_grid_are_refused(tmp_path: Path) -> None:
    from rasterio.transform import from_origin

    raster = write_raster(tmp_path / "image.tif", np.ones((1, 8, 8), dtype=np.float32))
    shifted = from_origin(ORIGIN[0] + 5, ORIGIN[1], PIXEL, PIXEL)
    seg = write_raster(tmp_path / "seg.tif", np.ones((1, 8, 8), np.uint32), transform=shifted)
    with pytest.raises(InvalidInputError, match="is not on the grid of .*image.tif"):
        segment_features([raster], seg)
    small = write_raster(tmp_path / "small.tif", np.ones((1, 8, 7), np.uint32))
    with pytest.raises(InvalidInputError, match=r"7 x 8 pixels.*not on the grid"):
        segment_features([raster], small)
    other_crs = write_raster(tmp_path / "crs.tif", np.ones((1, 8, 8), np.uint32), crs="EPSG:3857")
    with pytest.raises(InvalidInputError, match="not on the grid"):
        segment_features([raster], other_crs)


def test_huge_ids_keep_memory_bounded(tmp_path: Path) -> None:
    """Ids near 2**32 (a few distinct ones): memory follows the distinct ids, not the largest."""
    rows = cols = 256
    yy, xx = np.mgrid[:rows, :cols]
    segments = (4_294_967_295 - (yy // 64) * 4 - xx // 64).astype(np.uint32)
    image = np.arange(rows * cols, dtype=np.float32).reshape(1, rows, cols)
    raster = write_raster(tmp_path / "image.tif", image)
    seg = write_raster(tmp_path / "seg.tif", segments[None], tile=64)
    tracemalloc.start()
    try:
        features = segment_features([raster], seg, max_memory_mb=0.2)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert features.ids.size == 16
    assert int(features.ids.max()) == 4_294_967_295
    assert peak < 20 * 1024 * 1024  # an array indexed by id would be 32 GB
    _check(features, _oracle(image, segments, np.ones((rows, cols), bool)))


def test_bounds_cut_the_image(tmp_path: Path) -> None:
    image, segments = _scene(40, 50)
    raster = write_raster(tmp_path / "image.tif", image)
    seg = write_raster(tmp_path / "seg.tif", segments[None])
    features = segment_features([raster], seg, bounds=(10, 20, 25, 30), max_memory_mb=0.01)
    part = segments[10:35, 20:50]
    oracle = _oracle(image[:, 10:35, 20:50], part, np.ones(part.shape, bool))
    assert list(features.ids) == sorted(oracle)
    for k, seg_id in enumerate(features.ids):
        assert np.allclose(features.values[k], oracle[int(seg_id)][0], rtol=1e-10)


def test_a_segment_per_pixel_beyond_the_budget_is_refused(tmp_path: Path) -> None:
    """A hostile segment raster giving every pixel its own id cannot make the sums outgrow the
    memory budget: past the segments it allows, a sentence names the file."""
    from lulc_classifier.core.segment_features import MIN_SEGMENTS, segment_limit

    side = 300  # 90,000 segments, more than the 65,536 any budget allows
    segments = np.arange(1, side * side + 1, dtype=np.uint32).reshape(1, side, side)
    raster = write_raster(tmp_path / "image.tif", np.ones((1, side, side), np.float32))
    seg = write_raster(tmp_path / "seg.tif", segments)
    assert segment_limit(0.01, 1) == MIN_SEGMENTS < side * side
    with pytest.raises(InvalidInputError, match="seg.tif.*more than 65,536 segments"):
        segment_features([raster], seg, max_memory_mb=0.01)
    assert segment_features([raster], seg, max_memory_mb=64).ids.size == side * side
