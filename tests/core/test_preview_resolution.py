"""Prediction at a coarser resolution (issue 16, previews): PredictionOptions.resolution, the
decimated RasterStack (core/stack.py) and grid.decimation.

A map at k times the image's pixel is the full-resolution map where pixels coincide: its pixel
(i, j) is the image's pixel (k i + k // 2, k j + k // 2), the one at its centre (just below and
right of it for an even k), which is what GDAL's nearest-neighbour decimation reads.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lulc_classifier.core.errors import InvalidInputError
from lulc_classifier.core.features.feature_stack import FeatureRecipe, open_stack
from lulc_classifier.core.grid import decimation
from lulc_classifier.core.model.model_file import load_model
from lulc_classifier.core.predict import PredictionOptions, predict_raster
from lulc_classifier.core.samples import SamplingOptions
from lulc_classifier.core.stack import RasterStack
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    train_classifier,
)
from lulc_classifier.core.workflow import WorkflowFiles, WorkflowOptions, classify_image

from ..helpers import CRS, ORIGIN, PIXEL, RecordingProgress, write_raster

rasterio = pytest.importorskip("rasterio")
pd = pytest.importorskip("pandas")
from affine import Affine  # noqa: E402
from rasterio.transform import from_origin  # noqa: E402
from rasterio.windows import Window  # noqa: E402

#: Neither a multiple of 2, 3 nor 4: the coarse grids leave columns and rows over.
ROWS, COLS = 103, 122


def noisy_image(rows: int = ROWS, cols: int = COLS) -> np.ndarray:
    """3 uint16 bands of noise (every pixel its own class, nearly), with nodata (0) pixels."""
    rng = np.random.default_rng(3)
    data = rng.integers(1, 1000, size=(3, rows, cols)).astype(np.uint16)
    data[:, 1, 1] = 0  # the centre of the first coarse pixel for k = 2 and 3
    data[2, 40:46, 7:13] = 0
    return data


def noisy_table(n: int = 300) -> pd.DataFrame:
    """Three overlapping classes from a linear score of the bands (mixed answers per pixel)."""
    rng = np.random.default_rng(4)
    x = rng.integers(1, 1000, size=(n, 3)).astype(float)
    score = x[:, 0] - 0.8 * x[:, 1] + 0.5 * x[:, 2]
    edges = np.quantile(score, [1 / 3, 2 / 3])
    table = pd.DataFrame({f"b{k + 1}": x[:, k] for k in range(3)})
    table.insert(0, "cls", [["forest", "urban", "water"][i] for i in np.searchsorted(edges, score)])
    return table


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The image (10 m pixels, tiled), a model of 10 trees, and its full-resolution map."""
    folder = tmp_path_factory.mktemp("preview_scene")
    image = write_raster(folder / "image.tif", noisy_image(), nodata=0, tile=16)
    model_path = folder / "model.lulcmodel"
    train_classifier(
        SampleSource(noisy_table(), "cls"),
        TrainingFiles(model_path),
        options=TrainingOptions(hyperparameters={"n_estimators": 10}, n_jobs=1),
    )
    model = load_model(model_path)
    full = folder / "full.tif"
    predict_raster([image], model, full, options=PredictionOptions(threads=1))
    return {"image": image, "model": model, "full": full, "folder": folder}


def read(path: Path) -> tuple[np.ndarray, Any]:
    with rasterio.open(path) as src:
        return src.read(1), src.transform


def where_pixels_coincide(full: np.ndarray, kx: int, ky: int) -> np.ndarray:
    """The full-resolution map at the centres of the pixels of a (kx, ky)-times coarser grid."""
    rows, cols = full.shape[0] // ky, full.shape[1] // kx
    return full[ky // 2 :: ky, kx // 2 :: kx][:rows, :cols]


@pytest.mark.parametrize("k", [2, 3, 4])
def test_a_coarser_map_is_the_full_map_where_pixels_coincide(
    scene: dict[str, Any], tmp_path: Path, k: int
) -> None:
    progress = RecordingProgress()
    out = tmp_path / "coarse.tif"
    result = predict_raster(
        [scene["image"]],
        scene["model"],
        out,
        options=PredictionOptions(resolution=k * PIXEL, threads=2),
        progress=progress,
    )
    full, full_transform = read(scene["full"])
    coarse, transform = read(out)
    assert coarse.shape == (ROWS // k, COLS // k)
    assert transform == full_transform * Affine.scale(k, k)
    expected = where_pixels_coincide(full, k, k)
    np.testing.assert_array_equal(coarse, expected)
    assert (coarse == 255).any()  # nodata too: pixel (1, 1) is nodata in the image
    assert sum(result.pixel_counts.values()) == int((coarse != 255).sum())
    assert any(f"covers {k} x {k} pixels" in m for m in progress.messages), progress.messages


def test_a_coarser_map_of_an_extent_is_cut_from_the_coarser_map_of_the_image(
    scene: dict[str, Any], tmp_path: Path
) -> None:
    """The coarse grid starts at the image's corner whatever the extent: previews of
    neighbouring extents line up, and still equal the full map where pixels coincide."""
    k = 3
    whole, part = tmp_path / "whole.tif", tmp_path / "part.tif"
    predict_raster(
        [scene["image"]], scene["model"], whole, options=PredictionOptions(resolution=30)
    )
    x0, y0 = ORIGIN
    extent = (x0 + 125.0, y0 - 700.0, x0 + 610.0, y0 - 245.0)  # not on the coarse grid
    predict_raster(
        [scene["image"]],
        scene["model"],
        part,
        options=PredictionOptions(resolution=k * PIXEL, extent=extent),
    )
    coarse, transform = read(whole)
    piece, piece_transform = read(part)
    col, row = ~transform * (piece_transform.c, piece_transform.f)
    assert (col, row) == (round(col), round(row))  # on the coarse grid
    col, row = round(col), round(row)
    left, bottom, right, top = rasterio.transform.array_bounds(*piece.shape, piece_transform)
    assert left <= extent[0]
    assert bottom <= extent[1]
    assert right >= extent[2]
    assert top >= extent[3]
    np.testing.assert_array_equal(
        piece, coarse[row : row + piece.shape[0], col : col + piece.shape[1]]
    )
    full, _ = read(scene["full"])
    np.testing.assert_array_equal(
        piece,
        where_pixels_coincide(full, k, k)[row : row + piece.shape[0], col : col + piece.shape[1]],
    )


def test_non_square_pixels_get_a_factor_per_direction(
    scene: dict[str, Any], tmp_path: Path
) -> None:
    image = write_raster(
        tmp_path / "tall.tif",
        noisy_image(),
        nodata=0,
        transform=from_origin(*ORIGIN, 10.0, 20.0),
    )
    full, coarse = tmp_path / "full.tif", tmp_path / "coarse.tif"
    predict_raster([image], scene["model"], full)
    predict_raster([image], scene["model"], coarse, options=PredictionOptions(resolution=41.0))
    full_map, full_transform = read(full)
    coarse_map, transform = read(coarse)
    assert transform == full_transform * Affine.scale(4, 2)  # 41 m: 4 x 10 m, 2 x 20 m
    np.testing.assert_array_equal(coarse_map, where_pixels_coincide(full_map, 4, 2))


@pytest.mark.parametrize("resolution", [None, 1.0, 14.9])
def test_never_finer_than_the_image(
    scene: dict[str, Any], tmp_path: Path, resolution: float | None
) -> None:
    out = tmp_path / "map.tif"
    predict_raster(
        [scene["image"]], scene["model"], out, options=PredictionOptions(resolution=resolution)
    )
    got, transform = read(out)
    full, full_transform = read(scene["full"])
    assert transform == full_transform
    np.testing.assert_array_equal(got, full)


def test_a_resolution_coarser_than_the_image_gives_one_pixel(
    scene: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "map.tif"
    predict_raster([scene["image"]], scene["model"], out, options=PredictionOptions(resolution=1e6))
    got, transform = read(out)
    full, _ = read(scene["full"])
    assert got.shape == (1, 1)
    assert got[0, 0] == full[ROWS // 2, COLS // 2]
    assert (abs(transform.a), abs(transform.e)) == (COLS * PIXEL, ROWS * PIXEL)


@pytest.mark.parametrize("bad", [0.0, -10.0, math.nan, math.inf])
def test_a_resolution_that_is_not_a_pixel_size_is_refused(bad: float) -> None:
    with pytest.raises(InvalidInputError, match="resolution must be a positive pixel size"):
        PredictionOptions(resolution=bad)


@pytest.mark.parametrize(
    ("pixel", "resolution", "factors"),
    [
        ((10.0, 10.0), None, (1, 1)),
        ((10.0, 10.0), 5.0, (1, 1)),
        ((10.0, 10.0), 24.9, (2, 2)),
        ((10.0, 10.0), 25.1, (3, 3)),
        ((10.0, 20.0), 60.0, (6, 3)),
        ((0.5, 0.25), 1.0, (2, 4)),
    ],
)
def test_decimation_factors(
    pixel: tuple[float, float], resolution: float | None, factors: tuple[int, int]
) -> None:
    assert decimation(pixel, resolution) == factors


def test_the_stack_reads_the_overviews_when_the_raster_has_them(tmp_path: Path) -> None:
    """GDAL reads a decimated window from the overview of that resolution: a preview of a
    large image reads a fraction of it (here, averaged overviews give other values)."""
    image = write_raster(tmp_path / "ov.tif", noisy_image(96, 96), nodata=0, tile=16)
    with rasterio.open(image, "r+") as dst:
        dst.build_overviews([2], rasterio.enums.Resampling.average)
    with rasterio.open(image, overview_level=0) as overview:
        expected = overview.read()
    with RasterStack([image], resolution=2 * PIXEL) as stack:
        assert (stack.width, stack.height) == (48, 48)
        data, _ = stack.read(Window(0, 0, 48, 48))
    np.testing.assert_array_equal(data, expected)
    assert not np.array_equal(data, noisy_image(96, 96)[:, 1::2, 1::2])


def test_a_raster_on_another_grid_is_decimated_through_its_warped_view(tmp_path: Path) -> None:
    """A raster off the first one's grid (20 m, shifted) is read decimated through the warped
    VRT: at an odd factor, the pixels whose centres coincide with the full-resolution stack's."""
    first = write_raster(tmp_path / "first.tif", noisy_image(60, 60), nodata=0, tile=16)
    rng = np.random.default_rng(5)
    other = rng.integers(1, 1000, size=(1, 40, 40)).astype(np.float32)
    second = write_raster(
        tmp_path / "second.tif",
        other,
        nodata=-1,
        transform=from_origin(ORIGIN[0] - 35.0, ORIGIN[1] + 25.0, 20.0, 20.0),
        crs=CRS,
    )
    with RasterStack([first, second]) as stack:
        full, full_valid = stack.read(Window(0, 0, 60, 60))
    with RasterStack([first, second], resolution=3 * PIXEL) as stack:
        assert stack.factor == (3, 3)
        coarse, valid = stack.read(Window(0, 0, 20, 20))
    np.testing.assert_array_equal(coarse, full[:, 1::3, 1::3])
    np.testing.assert_array_equal(valid, full_valid[1::3, 1::3])


def test_features_over_neighbours_are_applied_at_the_image_resolution(
    two_class_image: Path, two_class_labels: Path, tmp_path: Path
) -> None:
    """Focal statistics (and texture, slope, distances) depend on the pixel size: the map of
    such a model is at the image's resolution, and the log says why."""
    recipe = FeatureRecipe(focal_bands=[1], focal_size=3)
    progress = RecordingProgress()
    out = tmp_path / "map.tif"
    classify_image(
        [two_class_image],
        two_class_labels,
        "cls",
        WorkflowFiles(out, TrainingFiles(tmp_path / "m.lulcmodel")),
        options=WorkflowOptions(
            sampling=SamplingOptions(recipe=recipe),
            training=TrainingOptions(hyperparameters={"n_estimators": 10}, n_jobs=1),
            prediction=PredictionOptions(resolution=4 * PIXEL),
        ),
        progress=progress,
    )
    got, transform = read(out)
    assert got.shape == (64, 64)
    assert abs(transform.a) == PIXEL
    assert any("neighbouring pixels" in m for m in progress.messages), progress.messages
    with pytest.raises(InvalidInputError, match="leave the resolution empty"):
        open_stack([str(two_class_image)], recipe=recipe, resolution=4 * PIXEL)


def test_which_recipes_are_per_pixel() -> None:
    assert FeatureRecipe(roles={"red": 1, "nir": 2}, indices=["NDVI"]).per_pixel
    assert FeatureRecipe().per_pixel
    distance = {"path": "x.gpkg", "layer": None, "name": "x", "max_distance": 10.0}
    for recipe in (
        FeatureRecipe(focal_bands=[1]),
        FeatureRecipe(texture_band=1),
        FeatureRecipe(slope_band=1),
        FeatureRecipe(distances=[distance]),
    ):
        assert not recipe.per_pixel


def test_per_pixel_features_are_read_decimated(
    make_raster: Callable[..., Path], tmp_path: Path
) -> None:
    """Spectral indices come from the pixel alone: the feature stack of a decimated read is
    the full stack's where pixels coincide."""
    rng = np.random.default_rng(6)
    image = make_raster(rng.integers(1, 1000, size=(2, 30, 30)).astype(np.uint16), "ndvi.tif")
    recipe = FeatureRecipe(roles={"red": 1, "nir": 2}, indices=["NDVI"])
    with open_stack([str(image)], recipe=recipe) as stack:
        full, _ = stack.read(Window(0, 0, 30, 30))
    with open_stack([str(image)], recipe=recipe, resolution=3 * PIXEL) as stack:
        assert stack.factor == (3, 3)
        coarse, _ = stack.read(Window(0, 0, 10, 10))
    np.testing.assert_array_equal(coarse, full[:, 1::3, 1::3])
