"""Feature recipes: spectral indices, neighbourhood features and covariates
(core/features/: indices.py, neighbourhood.py, feature_stack.py), from sampling to prediction."""

from __future__ import annotations

import json
import math
import time
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lulc_classifier.core.errors import Cancelled, InvalidInputError, ModelMismatchError
from lulc_classifier.core.features.feature_stack import (
    GLCM_LEVELS,
    FeatureRecipe,
    FeatureStack,
    measure_range,
    open_stack,
    write_feature_stack,
)
from lulc_classifier.core.features.indices import (
    INDICES,
    PRESETS,
    ROLES,
    check_indices,
    compute_index,
    parse_roles,
)
from lulc_classifier.core.geotiff import TILE
from lulc_classifier.core.model.model_file import load_model
from lulc_classifier.core.predict import PredictionOptions, predict_raster, run_recipe
from lulc_classifier.core.samples import SamplingOptions, sample_labels
from lulc_classifier.core.stack import RasterStack
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    train_classifier,
)

from ..helpers import (
    ORIGIN,
    PIXEL,
    RecordingProgress,
    pixel_centre,
    write_shapes,
)

rasterio = pytest.importorskip("rasterio")
gpd = pytest.importorskip("geopandas")
from rasterio.windows import Window  # noqa: E402
from shapely.geometry import LineString, Point, Polygon  # noqa: E402

RMNP = Path(__file__).resolve().parents[2] / "data" / "rmnp"

# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------


def whole(stack: Any) -> tuple[np.ndarray, np.ndarray]:
    """Features of the whole image in one read."""
    return stack.read(Window(0, 0, stack.width, stack.height))


def by_windows(stack: Any, height: int = 23, width: int = 31) -> tuple[np.ndarray, np.ndarray]:
    """Features of the whole image assembled from reads of ``height`` x ``width`` windows."""
    out = np.full((stack.count, stack.height, stack.width), -12345.0, dtype=np.float32)
    ok = np.zeros((stack.height, stack.width), dtype=bool)
    for row in range(0, stack.height, height):
        for col in range(0, stack.width, width):
            h, w = min(height, stack.height - row), min(width, stack.width - col)
            data, valid = stack.read(Window(col, row, w, h))
            assert data.shape == (stack.count, h, w)
            out[:, row : row + h, col : col + w] = data
            ok[row : row + h, col : col + w] = valid
    return out, ok


def rows_cols(transform: Any, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    inverse = ~transform
    cols, rows = inverse * (np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))
    return np.floor(rows).astype(int), np.floor(cols).astype(int)


# --------------------------------------------------------------------------------------
# 1. Spectral indices
# --------------------------------------------------------------------------------------

#: Reflectance of three pixels: vegetation (the brief's example), water, bare soil.
PIXELS = {
    "blue": [0.05, 0.08, 0.12],
    "green": [0.08, 0.10, 0.16],
    "red": [0.10, 0.06, 0.22],
    "rededge": [0.20, 0.04, 0.26],
    "nir": [0.50, 0.03, 0.30],
    "swir1": [0.20, 0.02, 0.38],
    "swir2": [0.15, 0.01, 0.31],
}


def hand_formulas(b: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Awesome Spectral Indices formulas, written out here independently of the code."""
    n, r, g, bl, s1, s2 = b["nir"], b["red"], b["green"], b["blue"], b["swir1"], b["swir2"]
    return {
        "NDVI": (n - r) / (n + r),
        "EVI": 2.5 * (n - r) / (n + 6 * r - 7.5 * bl + 1),
        "SAVI": (1 + 0.5) * (n - r) / (n + r + 0.5),
        "MSAVI": 0.5 * (2 * n + 1 - np.sqrt((2 * n + 1) ** 2 - 8 * (n - r))),
        "GNDVI": (n - g) / (n + g),
        "NDWI": (g - n) / (g + n),
        "MNDWI": (g - s1) / (g + s1),
        "NDBI": (s1 - n) / (s1 + n),
        "NBR": (n - s2) / (n + s2),
        "NDMI": (n - s1) / (n + s1),
        "BSI": ((s1 + r) - (n + bl)) / ((s1 + r) + (n + bl)),
    }


#: The first pixel (blue .05, green .08, red .1, nir .5, swir1 .2, swir2 .15) worked out by
#: hand on paper.
FIRST_PIXEL = {
    "NDVI": 0.4 / 0.6,
    "EVI": 1.0 / 1.725,
    "SAVI": 0.6 / 1.1,
    "MSAVI": 0.5 * (2.0 - math.sqrt(0.8)),
    "GNDVI": 0.42 / 0.58,
    "NDWI": -0.42 / 0.58,
    "MNDWI": -0.12 / 0.28,
    "NDBI": -0.3 / 0.7,
    "NBR": 0.35 / 0.65,
    "NDMI": 0.3 / 0.7,
    "BSI": -0.25 / 0.85,
}


def test_every_index_has_a_hand_formula() -> None:
    b = {k: np.array(v) for k, v in PIXELS.items()}
    assert set(hand_formulas(b)) == set(INDICES) == set(FIRST_PIXEL)
    for index in INDICES.values():
        assert set(index.roles) <= set(ROLES)


@pytest.mark.parametrize("name", sorted(INDICES))
def test_index_values_match_the_formula_by_hand(name: str) -> None:
    reflectance = {k: np.array(v, dtype=np.float32) for k, v in PIXELS.items()}
    expected = hand_formulas({k: np.array(v, dtype=np.float64) for k, v in PIXELS.items()})[name]
    got = compute_index(name, reflectance)
    assert got.dtype == np.float32
    assert got.shape == (3,)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    assert got[0] == pytest.approx(FIRST_PIXEL[name], rel=1e-5)
    # Names are case-insensitive.
    np.testing.assert_array_equal(compute_index(name.lower(), reflectance), got)


#: Per index, reflectances (others 0.1) giving a zero denominator (or, for MSAVI, a negative
#: square root).
UNDEFINED = {
    "NDVI": {"nir": 0.25, "red": -0.25},
    "EVI": {"nir": 0.5, "red": 0.375, "blue": 0.5},  # 0.5 + 2.25 - 3.75 + 1 = 0
    "SAVI": {"nir": -0.125, "red": -0.375},  # -0.125 - 0.375 + 0.5 = 0
    "MSAVI": {"nir": 0.5, "red": -0.5},  # 4 - 8 < 0
    "GNDVI": {"nir": 0.25, "green": -0.25},
    "NDWI": {"green": 0.25, "nir": -0.25},
    "MNDWI": {"green": 0.25, "swir1": -0.25},
    "NDBI": {"swir1": 0.25, "nir": -0.25},
    "NBR": {"nir": 0.25, "swir2": -0.25},
    "NDMI": {"nir": 0.25, "swir1": -0.25},
    "BSI": {"swir1": 0.25, "red": 0.25, "nir": -0.25, "blue": -0.25},
}


@pytest.mark.parametrize("name", sorted(INDICES))
def test_division_by_zero_gives_nan_never_inf(name: str) -> None:
    assert set(UNDEFINED) == set(INDICES)
    values = {role: [0.1, UNDEFINED[name].get(role, 0.1), 0.0] for role in ROLES}
    reflectance = {k: np.array(v, dtype=np.float32) for k, v in values.items()}
    with np.errstate(all="raise"):  # no floating-point warning escapes either
        got = compute_index(name, reflectance)
    assert np.isfinite(got[0])
    assert np.isnan(got[1])
    assert not np.isinf(got).any()
    # All zero: 0/0 for the normalised differences, never inf.
    if name in ("EVI", "SAVI", "MSAVI"):
        assert got[2] == 0.0
    else:
        assert np.isnan(got[2])


def test_indices_are_never_inf_on_any_reflectance() -> None:
    grid = np.array([-0.5, -0.25, -0.2, -0.125, 0.0, 0.125, 0.25, 0.375, 0.5, 1.0], np.float32)
    rng = np.random.default_rng(3)
    reflectance = {role: rng.choice(grid, size=20_000).astype(np.float32) for role in ROLES}
    for name in INDICES:
        got = compute_index(name, reflectance)
        assert not np.isinf(got).any(), name
        assert np.isnan(got).any(), name  # some pixel is undefined


def test_undefined_index_and_nodata_pixels_are_invalid_in_the_feature_stack(
    make_raster: Callable[..., Path],
) -> None:
    rng = np.random.default_rng(0)
    data = rng.uniform(0.01, 0.6, size=(2, 12, 14)).astype(np.float32)  # red, nir
    data[:, 3, 4] = 0.0  # NDVI 0/0
    data[:, 7, 9] = -9999.0  # nodata
    path = make_raster(data, nodata=-9999.0)
    recipe = FeatureRecipe(roles={"red": 1, "nir": 2}, indices=["NDVI", "savi"])
    with open_stack([str(path)], recipe=recipe) as stack:
        assert isinstance(stack, FeatureStack)
        assert stack.band_names == ["b1", "b2", "NDVI", "SAVI"]
        assert stack.feature_dtype == np.float32
        out, ok = whole(stack)
    assert out.dtype == np.float32
    expected_ok = np.ones((12, 14), dtype=bool)
    expected_ok[3, 4] = expected_ok[7, 9] = False
    np.testing.assert_array_equal(ok, expected_ok)
    assert np.isfinite(out[:, ok]).all()
    assert np.isnan(out[2, 3, 4])
    red, nir = data[0][ok].astype(np.float64), data[1][ok].astype(np.float64)
    np.testing.assert_allclose(out[2][ok], (nir - red) / (nir + red), rtol=1e-5)
    np.testing.assert_allclose(out[3][ok], 1.5 * (nir - red) / (nir + red + 0.5), rtol=1e-5)
    np.testing.assert_array_equal(out[:2][:, ok], data[:, ok])  # raw bands kept unscaled


def test_scale_and_offset_are_applied(make_raster: Callable[..., Path]) -> None:
    recipe = FeatureRecipe.from_preset("landsat_oli", indices=["NDVI", "EVI"])
    assert (recipe.scale, recipe.offset) == (2.75e-5, -0.2)
    rng = np.random.default_rng(1)
    dn = rng.integers(9000, 30000, size=(7, 6, 5)).astype(np.uint16)  # SR_B1..SR_B7
    path = make_raster(dn)
    with open_stack([str(path)], recipe=recipe) as stack:
        out, ok = whole(stack)
    assert ok.all()
    refl = dn.astype(np.float64) * 2.75e-5 - 0.2
    blue, red, nir = refl[1], refl[3], refl[4]
    ndvi = (nir - red) / (nir + red)
    evi = 2.5 * (nir - red) / (nir + 6 * red - 7.5 * blue + 1)
    np.testing.assert_allclose(out[7], ndvi, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(out[8], evi, rtol=1e-4, atol=1e-5)
    # The scaling matters: without it NDVI of the DNs is quite different.
    raw = dn.astype(np.float64)
    assert np.abs((raw[4] - raw[3]) / (raw[4] + raw[3]) - ndvi).max() > 0.05


def test_an_index_whose_role_is_missing_is_refused(make_raster: Callable[..., Path]) -> None:
    with pytest.raises(InvalidInputError, match="MNDWI") as info:
        check_indices(["NDVI", "MNDWI"], {"red": 1, "nir": 2})
    assert "green" in str(info.value)
    assert "short-wave infrared 1" in str(info.value)
    with pytest.raises(InvalidInputError, match="blue"):
        check_indices(["evi"], {"red": 1, "nir": 2})
    with pytest.raises(InvalidInputError, match="Unknown spectral index 'NDXI'"):
        check_indices(["NDXI"], {"red": 1, "nir": 2})
    check_indices(["ndvi", "SAVI", "MSAVI"], {"red": 1, "nir": 2})  # no error
    path = make_raster(np.ones((2, 8, 8), dtype=np.uint16))
    with (
        pytest.raises(InvalidInputError, match="short-wave infrared 2"),
        open_stack([str(path)], recipe=FeatureRecipe(roles={"red": 1, "nir": 2}, indices=["NBR"])),
    ):
        pass


def test_parse_roles() -> None:
    assert parse_roles("blue=2, green=3; RED = 4,nir=8,") == {
        "blue": 2,
        "green": 3,
        "red": 4,
        "nir": 8,
    }
    assert parse_roles("") == {}
    assert parse_roles(" swir1=11 ; swir2=12 ; rededge=5") == {
        "swir1": 11,
        "swir2": 12,
        "rededge": 5,
    }


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("red=4, nri=8", "nri=8"),
        ("red=0", "red=0"),
        ("red=-1", "red=-1"),
        ("red=four", "red=four"),
        ("red", "red"),
        ("red=4.5", "red=4.5"),
        ("=4", "=4"),
    ],
)
def test_parse_roles_errors(text: str, bad: str) -> None:
    with pytest.raises(InvalidInputError, match="role=band") as info:
        parse_roles(text)
    assert f"'{bad}'" in str(info.value)


#: The band order of each sensor's product, by hand.
PRESET_ROLES = {
    # B01 B02 B03 B04 B05 B06 B07 B08 B8A B09 B11 B12
    "sentinel2_l2a": (
        {"blue": 2, "green": 3, "red": 4, "rededge": 5, "nir": 8, "swir1": 11, "swir2": 12},
        1e-4,
        0.0,
    ),
    # SR_B1 (coastal) .. SR_B7
    "landsat_oli": (
        {"blue": 2, "green": 3, "red": 4, "nir": 5, "swir1": 6, "swir2": 7},
        2.75e-5,
        -0.2,
    ),
    # SR_B1 SR_B2 SR_B3 SR_B4 SR_B5 SR_B7
    "landsat_tm": (
        {"blue": 1, "green": 2, "red": 3, "nir": 4, "swir1": 5, "swir2": 6},
        2.75e-5,
        -0.2,
    ),
    "planetscope_4band": ({"blue": 1, "green": 2, "red": 3, "nir": 4}, 1e-4, 0.0),
    "naip": ({"red": 1, "green": 2, "blue": 3, "nir": 4}, 1 / 255, 0.0),
}


@pytest.mark.parametrize("preset", sorted(PRESET_ROLES))
def test_presets_map_roles(preset: str) -> None:
    roles, scale, offset = PRESET_ROLES[preset]
    assert set(PRESETS) == set(PRESET_ROLES)
    assert dict(PRESETS[preset].roles) == roles
    recipe = FeatureRecipe.from_preset(preset, indices=["NDVI"], keep_raw=False)
    assert recipe.roles == roles
    assert (recipe.scale, recipe.offset) == pytest.approx((scale, offset))
    assert recipe.indices == ["NDVI"]
    assert not recipe.keep_raw


def test_naip_preset_reads_red_from_band_1(make_raster: Callable[..., Path]) -> None:
    data = np.zeros((4, 4, 4), dtype=np.uint8)
    data[0], data[1], data[2], data[3] = 40, 90, 20, 200  # red, green, blue, nir
    path = make_raster(data)
    recipe = FeatureRecipe.from_preset("naip", indices=["NDVI", "NDWI"], keep_raw=False)
    with open_stack([str(path)], recipe=recipe) as stack:
        assert stack.band_names == ["NDVI", "NDWI"]
        out, ok = whole(stack)
    assert ok.all()
    np.testing.assert_allclose(out[0], 160 / 240, rtol=1e-6)
    np.testing.assert_allclose(out[1], -110 / 290, rtol=1e-6)


# --------------------------------------------------------------------------------------
# 2. Neighbourhood features: halo at block edges
# --------------------------------------------------------------------------------------

ROWS, COLS = 70, 90
#: Nodata pixels on image borders and next to the 23 x 31 window edges.
NODATA_CELLS = [(0, 0), (0, 45), (5, 30), (22, 31), (23, 30), (46, 61), (47, 62), (69, 89), (40, 0)]


@pytest.fixture
def halo_image(make_raster: Callable[..., Path]) -> Path:
    """70 x 90: band 1 noise, band 2 noise in 100..900, band 3 a rough surface (a DEM)."""
    rng = np.random.default_rng(7)
    data = np.empty((3, ROWS, COLS), dtype=np.float32)
    data[0] = rng.uniform(0, 1000, (ROWS, COLS))
    data[1] = rng.uniform(100, 900, (ROWS, COLS))
    r, c = np.mgrid[0:ROWS, 0:COLS]
    data[2] = 300 + 2.0 * r + 40 * np.sin(c / 6.0) + rng.normal(0, 1.5, (ROWS, COLS))
    for cell in NODATA_CELLS:
        data[(slice(None), *cell)] = -9999.0
    return make_raster(data, "halo.tif", nodata=-9999.0)


@pytest.fixture
def halo_vector(tmp_path: Path) -> str:
    """Points, a line and a polygon, one point and part of the polygon beyond the image."""
    x0, y0 = ORIGIN
    shapes = [
        Point(*pixel_centre(30, 20)),
        Point(*pixel_centre(-4, 50)),  # above the image: only its halo sees it
        LineString([(x0 + 603.7, y0 - 101.3), (x0 + 852.9, y0 - 648.1)]),
        Polygon(
            [(x0 - 50, y0 - 500), (x0 + 80, y0 - 500), (x0 + 80, y0 - 640), (x0 - 50, y0 - 640)]
        ),
    ]
    return str(write_shapes(tmp_path / "features.gpkg", shapes))


def halo_recipe(kind: str, vector: str) -> FeatureRecipe:
    distance = {"path": vector, "layer": None, "name": "feat", "max_distance": 120.0}
    return {
        "focal": FeatureRecipe(focal_bands=[1, 3], focal_size=5),
        "focal9": FeatureRecipe(focal_bands=[2], focal_size=9, keep_raw=False),
        "glcm": FeatureRecipe(texture_band=2, texture_size=7, texture_range=(100.0, 900.0)),
        "glcm_measured": FeatureRecipe(texture_band=1, texture_size=5),
        "slope": FeatureRecipe(slope_band=3),
        "distance": FeatureRecipe(distances=[distance]),
        "all": FeatureRecipe(
            roles={"red": 1, "nir": 2},
            indices=["NDVI"],
            focal_bands=[3],
            focal_size=3,
            texture_band=1,
            texture_size=9,
            slope_band=3,
            distances=[distance],
            keep_raw=False,
        ),
    }[kind]


@pytest.mark.parametrize(
    "kind", ["focal", "focal9", "glcm", "glcm_measured", "slope", "distance", "all"]
)
def test_windowed_features_equal_whole_image_features(
    kind: str, halo_image: Path, halo_vector: str
) -> None:
    recipe = halo_recipe(kind, halo_vector)
    with open_stack([str(halo_image)], recipe=recipe) as stack:
        assert isinstance(stack, FeatureStack)
        full, full_ok = whole(stack)
        parts, parts_ok = by_windows(stack, 23, 31)
        odd, odd_ok = by_windows(stack, 17, 13)
        names = stack.band_names
    assert full.shape == (len(names), ROWS, COLS)
    np.testing.assert_array_equal(parts_ok, full_ok)
    np.testing.assert_array_equal(odd_ok, full_ok)
    assert np.allclose(parts, full, rtol=1e-6, equal_nan=True)
    assert np.allclose(odd, full, rtol=1e-6, equal_nan=True)
    # Nodata pixels are invalid, the rest mostly valid, and each feature varies.
    for cell in NODATA_CELLS:
        assert not full_ok[cell]
    assert full_ok.mean() > 0.85
    assert np.isfinite(full[:, full_ok]).all()
    for band, name in enumerate(names):
        assert np.ptp(full[band][full_ok]) > 0, name


def test_distance_to_lines_through_pixel_corners_is_the_same_in_any_window(
    halo_image: Path, tmp_path: Path
) -> None:
    # Vertices on pixel corners (snapped digitising, polygonised rasters): the line passes
    # exactly through the corner (650, -210) of pixel (21, 64), among others.
    x0, y0 = ORIGIN
    line = LineString([(x0 + 600, y0 - 100), (x0 + 850, y0 - 650)])
    vector = str(write_shapes(tmp_path / "snapped.gpkg", [line]))
    spec = {"path": vector, "layer": None, "name": "line", "max_distance": 120.0}
    recipe = FeatureRecipe(distances=[spec], keep_raw=False)
    with open_stack([str(halo_image)], recipe=recipe) as stack:
        full, _ = whole(stack)
        parts, _ = by_windows(stack, 23, 31)
    differ = ~np.isclose(parts, full, rtol=1e-6)
    assert not differ.any(), (
        f"{int(differ.sum())} pixels differ, e.g. at {np.argwhere(differ[0])[:3].tolist()}: "
        f"whole {full[differ][:3]}, windowed {parts[differ][:3]}"
    )


def direct_focal(band: np.ndarray, valid: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean and population std of the valid pixels in each window, by plain numpy."""
    h = size // 2
    rows, cols = band.shape
    mean = np.full(band.shape, np.nan)
    std = np.full(band.shape, np.nan)
    for r in range(rows):
        for c in range(cols):
            win = band[max(r - h, 0) : r + h + 1, max(c - h, 0) : c + h + 1]
            ok = valid[max(r - h, 0) : r + h + 1, max(c - h, 0) : c + h + 1]
            if ok.any():
                mean[r, c] = win[ok].mean()
                std[r, c] = win[ok].std()
    return mean, std


def test_focal_mean_and_std_equal_a_direct_computation(halo_image: Path) -> None:
    with rasterio.open(halo_image) as src:
        band = src.read(1).astype(np.float64)
        valid = src.read_masks(1) > 0
    mean, std = direct_focal(band, valid, 5)
    recipe = FeatureRecipe(focal_bands=[1], focal_size=5, keep_raw=False)
    with open_stack([str(halo_image)], recipe=recipe) as stack:
        assert stack.band_names == ["b1_mean5", "b1_std5"]
        out, ok = by_windows(stack, 23, 31)
    np.testing.assert_array_equal(ok, valid)
    np.testing.assert_allclose(out[0][ok], mean[ok], rtol=1e-6)
    np.testing.assert_allclose(out[1][ok], std[ok], rtol=1e-5)
    # A few pixels spelled out: a corner, beside a nodata pixel, a bottom-border pixel.
    assert out[0, 0, 1] == pytest.approx(
        np.mean([band[r, c] for r in range(3) for c in range(4) if (r, c) != (0, 0)]), rel=1e-6
    )
    assert out[0, 5, 29] == pytest.approx(
        np.mean([band[r, c] for r in range(3, 8) for c in range(27, 32) if (r, c) != (5, 30)]),
        rel=1e-6,
    )
    assert out[0, 69, 44] == pytest.approx(np.mean(band[67:70, 42:47][valid[67:70, 42:47]]))


def hand_glcm(levels: np.ndarray) -> tuple[float, float, float]:
    """Contrast, homogeneity, entropy of the symmetric horizontal co-occurrence matrix of one
    window of grey levels (-1: invalid), built explicitly."""
    matrix = np.zeros((GLCM_LEVELS, GLCM_LEVELS))
    for row in levels:
        for a, b in zip(row[:-1], row[1:]):
            if a >= 0 and b >= 0:
                matrix[a, b] += 1
                matrix[b, a] += 1
    p = matrix / matrix.sum()
    i, j = np.indices(p.shape)
    contrast = float((p * (i - j) ** 2).sum())
    homogeneity = float((p / (1 + (i - j) ** 2)).sum())
    entropy = float(-(p[p > 0] * np.log(p[p > 0])).sum())
    return contrast, homogeneity, entropy


def test_glcm_of_a_window_worked_out_by_hand(make_raster: Callable[..., Path]) -> None:
    # Grey levels [[0,1,2],[0,0,1],[3,3,3]] (range 0..8, 8 levels: level = floor(value)).
    levels = np.array([[0, 1, 2], [0, 0, 1], [3, 3, 3]])
    path = make_raster((levels + 0.5).astype(np.float32)[None])
    recipe = FeatureRecipe(texture_band=1, texture_size=3, texture_range=(0.0, 8.0))
    with open_stack([str(path)], recipe=recipe) as stack:
        assert stack.band_names[1:] == [
            "b1_glcm_contrast3",
            "b1_glcm_homogeneity3",
            "b1_glcm_entropy3",
        ]
        out, ok = whole(stack)
    assert ok.all()
    # Pairs (0,1) (1,2) (0,0) (0,1) (3,3) (3,3): squared differences 1 1 0 1 0 0.
    assert out[1, 1, 1] == pytest.approx(3 / 6)
    assert out[2, 1, 1] == pytest.approx((0.5 + 0.5 + 1 + 0.5 + 1 + 1) / 6)
    # Symmetric matrix over 12 entries: (0,1) and (1,0) 2 each, (1,2) and (2,1) 1 each,
    # (0,0) 2, (3,3) 4.
    p = np.array([2, 2, 1, 1, 2, 4]) / 12
    assert out[3, 1, 1] == pytest.approx(float(-(p * np.log(p)).sum()), rel=1e-6)
    assert out[3, 1, 1] == pytest.approx(1.676235, abs=1e-6)
    # Corner (0, 0): its window holds pairs (0,1) and (0,0) only.
    assert out[1, 0, 0] == pytest.approx(0.5)
    assert hand_glcm(levels) == pytest.approx(tuple(out[1:, 1, 1]), rel=1e-6)


def test_glcm_equals_a_hand_computed_window(halo_image: Path) -> None:
    low, high = 100.0, 900.0
    with rasterio.open(halo_image) as src:
        band = src.read(2).astype(np.float64)
        valid = src.read_masks(2) > 0
    grey = np.clip(np.floor((band - low) / (high - low) * GLCM_LEVELS), 0, GLCM_LEVELS - 1)
    grey = np.where(valid, grey, -1).astype(int)
    recipe = FeatureRecipe(
        texture_band=2, texture_size=7, texture_range=(low, high), keep_raw=False
    )
    with open_stack([str(halo_image)], recipe=recipe) as stack:
        out, ok = by_windows(stack, 23, 31)
    # Interior, beside nodata (22,31)/(23,30) on a window corner, image corner and border.
    for r, c in [(35, 45), (22, 30), (24, 31), (0, 1), (69, 88), (40, 1), (46, 60)]:
        assert ok[r, c]
        window = grey[max(r - 3, 0) : r + 4, max(c - 3, 0) : c + 4]
        expected = hand_glcm(window)
        assert tuple(out[:, r, c]) == pytest.approx(expected, rel=1e-5), (r, c)


def test_slope_of_a_plane(make_raster: Callable[..., Path]) -> None:
    r, c = np.mgrid[0:20, 0:25]
    dem = (1000 + 2.0 * r + 1.0 * c).astype(np.float32)[None]  # 10 m pixels
    path = make_raster(dem)
    with open_stack([str(path)], recipe=FeatureRecipe(slope_band=1)) as stack:
        out, ok = by_windows(stack, 7, 9)
    expected = math.degrees(math.atan(math.hypot(1.0 / PIXEL, 2.0 / PIXEL)))
    assert expected == pytest.approx(12.6044, abs=1e-4)
    inner = np.zeros_like(ok)
    inner[1:-1, 1:-1] = True
    np.testing.assert_array_equal(ok, inner)  # the border lacks a neighbour
    np.testing.assert_allclose(out[1][ok], expected, rtol=1e-5)


def test_distance_to_points_is_the_distance_between_pixel_centres(
    make_raster: Callable[..., Path], tmp_path: Path
) -> None:
    path = make_raster(np.ones((1, 30, 40), dtype=np.uint8))
    vector = str(write_shapes(tmp_path / "p.gpkg", [Point(*pixel_centre(10, 12))]))
    spec = {"path": vector, "layer": None, "name": "well", "max_distance": 100.0}
    with open_stack([str(path)], recipe=FeatureRecipe(distances=[spec])) as stack:
        assert stack.band_names == ["b1", "distance_well"]
        out, ok = by_windows(stack, 23, 31)
    assert ok.all()
    r, c = np.mgrid[0:30, 0:40]
    expected = np.minimum(PIXEL * np.hypot(r - 10, c - 12), 100.0)
    np.testing.assert_allclose(out[1], expected, rtol=1e-6)
    assert out[1, 10, 12] == 0.0
    assert out[1].max() == 100.0


# --------------------------------------------------------------------------------------
# 3. The recipe through sampling, the model file and prediction
# --------------------------------------------------------------------------------------


@pytest.fixture
def scene(
    make_raster: Callable[..., Path], make_points: Callable[..., Path], tmp_path: Path
) -> dict[str, Any]:
    """A 4-band uint16 image (blue, green, red, nir): forest left, town right; 64 labels."""
    rng = np.random.default_rng(11)
    rows, cols = 60, 64
    data = np.empty((4, rows, cols), dtype=np.uint16)
    left = (slice(None), slice(None), slice(0, 32))
    right = (slice(None), slice(None), slice(32, None))
    data[left] = rng.integers(
        [[[300]], [[600]], [[400]], [[3500]]],
        [[[500]], [[900]], [[600]], [[4500]]],
        size=(4, rows, 32),
    )
    data[right] = rng.integers(
        [[[900]], [[1000]], [[1100]], [[1500]]],
        [[[1300]], [[1400]], [[1500]], [[2500]]],
        size=(4, rows, 32),
    )
    data[:, 20, 40] = 0  # nodata
    data[:, 0, 5] = 0
    image = make_raster(data, "scene.tif", nodata=0)
    road = str(
        write_shapes(
            tmp_path / "road.gpkg", [LineString([pixel_centre(0, 48), pixel_centre(59, 48)])]
        )
    )
    cells: list[tuple[int, int, object]] = []
    for _ in range(30):
        cells.append((int(rng.integers(0, rows)), int(rng.integers(0, 30)), "forest"))
        cells.append((int(rng.integers(0, rows)), int(rng.integers(34, cols)), "town"))
    cells += [(0, 0, "forest"), (59, 63, "town"), (21, 40, "town"), (1, 5, "forest")]
    labels = make_points(cells)
    recipe = FeatureRecipe(
        roles={"blue": 1, "green": 2, "red": 3, "nir": 4},
        scale=1e-4,
        indices=["NDVI", "EVI", "NDWI"],
        focal_bands=[4],
        focal_size=5,
        texture_band=3,
        texture_size=7,
        slope_band=1,
        distances=[{"path": road, "layer": None, "name": "road", "max_distance": 200.0}],
    )
    return {"image": image, "labels": labels, "recipe": recipe}


@pytest.mark.slow
def test_recipe_round_trips_through_the_model_file(scene: dict[str, Any], tmp_path: Path) -> None:
    recipe: FeatureRecipe = scene["recipe"]
    assert recipe.texture_range is None
    samples_path = tmp_path / "samples.gpkg"
    sampled = sample_labels(
        [scene["image"]],
        scene["labels"],
        "cls",
        options=SamplingOptions(recipe=recipe),
        output_path=samples_path,
    )
    with RasterStack([str(scene["image"])]) as raw:
        measured = measure_range(raw, 3)
    expected = replace(recipe, texture_range=measured).to_json()
    assert expected["texture_range"] is not None
    assert sampled.metadata["stack"]["recipe"] == expected
    names = [
        "b1", "b2", "b3", "b4", "NDVI", "EVI", "NDWI", "b4_mean5", "b4_std5",
        "b3_glcm_contrast7", "b3_glcm_homogeneity7", "b3_glcm_entropy7", "slope",
        "distance_road",
    ]  # fmt: skip
    assert sampled.band_names == names

    model_path = tmp_path / "model.lulcmodel"
    train_classifier(
        SampleSource(samples_path, "cls"),
        TrainingFiles(model_path),
        options=TrainingOptions(n_jobs=1),
    )
    model = load_model(model_path)
    stack_def = model.manifest["stack"]
    # The model file keeps each distance layer's name and cap, never its path.
    portable = {
        **expected,
        "distances": [
            {"name": "road", "max_distance": d["max_distance"]} for d in recipe.distances
        ],
    }
    assert stack_def["recipe"] == portable
    assert "road.gpkg" not in zipfile.ZipFile(model_path).read("manifest.json").decode()
    layers = [(d["path"], d.get("layer")) for d in recipe.distances]
    replay = run_recipe(stack_def["recipe"], layers)
    assert replay == replace(recipe, texture_range=measured)
    with pytest.raises(ModelMismatchError, match="distance to 1 vector layer.*'road'.*DISTANCE_TO"):
        run_recipe(stack_def["recipe"], [])
    assert model.manifest["bands"] == names
    assert [b["name"] for b in stack_def["bands"]] == names

    # The features at prediction, at the sampled pixels, are the sampled values.
    table = gpd.read_file(samples_path)
    assert len(table) > 50
    with open_stack([str(scene["image"])], recipe=replay) as stack:
        assert stack.band_names == names
        feats, ok = whole(stack)
        transform = stack.transform
    rows, cols = rows_cols(transform, table["x"], table["y"])
    assert ok[rows, cols].all()
    assert not ok[20, 40]
    np.testing.assert_array_equal(feats[:, rows, cols].T, table[names].to_numpy(np.float32))

    # Classification needs the raw raster and the distance layer; its classes at the samples
    # are the model's.
    out = tmp_path / "map.tif"
    run = PredictionOptions(distance_layers=layers, threads=2)
    result = predict_raster([scene["image"]], model_path, out, options=run)
    with rasterio.open(out) as src:
        classes = src.read(1)
        nodata = src.nodata
    assert classes.shape == (60, 64)
    assert classes[20, 40] == nodata
    assert classes[0, 5] == nodata
    predicted = model.estimator.predict(table[names].to_numpy(np.float64))
    np.testing.assert_array_equal(classes[rows, cols], predicted)
    codes = {c.name: c.code for c in result.legend}
    assert (classes[:, :28] == codes["forest"]).mean() > 0.9
    assert (classes[:, 36:] == codes["town"]).mean() > 0.9

    # An extent cut from the map gives the same classes (the halo reaches outside it).
    x0, y0 = ORIGIN
    extent = (x0 + 170.0, y0 - 470.0, x0 + 530.0, y0 - 130.0)  # cols 17..52, rows 13..46
    part = tmp_path / "part.tif"
    run = PredictionOptions(extent=extent, distance_layers=layers)
    predict_raster([scene["image"]], model_path, part, options=run)
    with rasterio.open(part) as src:
        cut = src.read(1)
        r0, c0 = rows_cols(transform, [src.transform.c + 1], [src.transform.f - 1])
    r0, c0 = int(r0[0]), int(c0[0])
    assert cut.shape[0] > 20
    assert cut.shape[1] > 20
    np.testing.assert_array_equal(cut, classes[r0 : r0 + cut.shape[0], c0 : c0 + cut.shape[1]])


def test_recipe_json_round_trip() -> None:
    recipe = FeatureRecipe.from_preset(
        "sentinel2_l2a",
        indices=["NDVI", "NBR"],
        focal_bands=[8],
        focal_size=7,
        texture_band=4,
        texture_range=(0.0, 3000.0),
        slope_band=13,
        distances=[{"path": "roads.gpkg", "layer": "roads", "name": "roads", "max_distance": 500}],
    )
    data = json.loads(json.dumps(recipe.to_json()))
    assert data["texture_range"] == [0.0, 3000.0]
    assert FeatureRecipe.from_json(data) == recipe
    assert FeatureRecipe.from_json(None) is None
    assert FeatureRecipe.from_json({}) is None
    assert recipe.halo() == 3
    assert replace(recipe, focal_bands=[], texture_band=None).halo() == 1
    assert not recipe.empty
    assert FeatureRecipe().empty
    assert FeatureRecipe(keep_raw=False, focal_size=9).empty


def test_open_stack_without_features_is_the_raw_stack(halo_image: Path) -> None:
    assert isinstance(open_stack([str(halo_image)]), RasterStack)
    assert isinstance(open_stack([str(halo_image)], recipe=FeatureRecipe()), RasterStack)
    stack = open_stack([str(halo_image)], recipe=FeatureRecipe(texture_band=2))
    assert isinstance(stack, FeatureStack)
    low, high = stack.recipe.texture_range
    with rasterio.open(halo_image) as src:
        band = src.read(2)
    values = band[band != -9999.0]
    assert low == pytest.approx(np.percentile(values, 2), rel=0.02)
    assert high == pytest.approx(np.percentile(values, 98), rel=0.02)


# --------------------------------------------------------------------------------------
# 4. A covariate on another grid (real data)
# --------------------------------------------------------------------------------------


def horn_slope_geographic(dem: np.ndarray, transform: Any, row: int, col: int) -> float:
    """Horn's slope at (row, col) of a DEM on a lat/lon grid, written out for one pixel."""
    z = dem[row - 1 : row + 2, col - 1 : col + 2].astype(np.float64)
    lat = math.radians(transform.f + (row + 0.5) * transform.e)
    dx = abs(transform.a) * 111_320.0 * math.cos(lat)
    dy = abs(transform.e) * 110_540.0
    gx = ((z[0, 2] + 2 * z[1, 2] + z[2, 2]) - (z[0, 0] + 2 * z[1, 0] + z[2, 0])) / (8 * dx)
    gy = ((z[2, 0] + 2 * z[2, 1] + z[2, 2]) - (z[0, 0] + 2 * z[0, 1] + z[0, 2])) / (8 * dy)
    return math.degrees(math.atan(math.hypot(gx, gy)))


@pytest.mark.slow
def test_slope_from_a_dem_on_another_grid() -> None:
    rgb, dem_path = RMNP / "rmnp-rgb.tif", RMNP / "rmnp-dem.tif"
    recipe = FeatureRecipe(slope_band=4)
    with open_stack([str(rgb), str(dem_path)], resampling="bilinear", recipe=recipe) as stack:
        assert stack.band_names == ["b1", "b2", "b3", "b4", "slope"]
        assert stack.raw.bands[3].resampled
        full, ok = whole(stack)
        parts, parts_ok = by_windows(stack, 23, 31)
        transform, width, height = stack.transform, stack.width, stack.height
    with rasterio.open(rgb) as src:
        assert (src.width, src.height) == (width, height)  # on the RGB grid
        assert src.transform == transform
        rgb_valid = src.read_masks(1) > 0
    with rasterio.open(dem_path) as src:
        bounds, dem_pixel = src.bounds, src.res
        assert src.nodata == 65535
    assert full.shape == (5, height, width)
    np.testing.assert_array_equal(parts_ok, ok)
    assert np.allclose(parts, full, rtol=1e-6, equal_nan=True)

    rows, cols = np.mgrid[0:height, 0:width]
    x = transform.c + (cols + 0.5) * transform.a
    y = transform.f + (rows + 0.5) * transform.e
    margin_x, margin_y = 2 * dem_pixel[0], 2 * dem_pixel[1]
    inside = (
        (x > bounds.left + margin_x)
        & (x < bounds.right - margin_x)
        & (y > bounds.bottom + margin_y)
        & (y < bounds.top - margin_y)
    )
    outside = (x < bounds.left) | (x > bounds.right) | (y < bounds.bottom) | (y > bounds.top)
    assert inside.sum() > 20_000
    assert outside.sum() > 20_000
    assert not ok[outside].any()  # no DEM: nodata
    assert ok[inside].mean() > 0.98  # only RGB nodata pixels (and their neighbours) are lost
    assert (ok[inside] == rgb_valid[inside]).mean() > 0.98
    slope = full[4][inside & ok]
    assert slope.min() >= 0.0
    assert slope.max() <= 60.0
    assert slope.max() > 25.0  # the Rockies
    assert 5.0 < np.median(slope) < 25.0
    # The slope of the DEM resampled on the RGB grid, by hand, at a few pixels.
    dem_on_grid = full[3]
    for r, c in [(100, 150), (200, 300), (250, 200), (150, 350)]:
        assert inside[r, c]
        assert ok[r - 1 : r + 2, c - 1 : c + 2].all()
        assert full[4, r, c] == pytest.approx(
            horn_slope_geographic(dem_on_grid, transform, r, c), rel=1e-4
        )


def test_distance_from_the_park_boundary() -> None:
    rgb, park = RMNP / "rmnp-rgb.tif", RMNP / "rmnp.shp"
    cap = 0.03  # degrees, 20 pixels
    spec = {"path": str(park), "layer": None, "name": "park", "max_distance": cap}
    recipe = FeatureRecipe(distances=[spec], keep_raw=False)
    with open_stack([str(rgb)], recipe=recipe) as stack:
        assert stack.band_names == ["distance_park"]
        full, ok = whole(stack)
        parts, parts_ok = by_windows(stack, 23, 31)
        transform, width, height = stack.transform, stack.width, stack.height
        pixel = abs(transform.a)
    np.testing.assert_array_equal(parts_ok, ok)
    assert np.allclose(parts, full, rtol=1e-6, equal_nan=True)
    distance = full[0]
    polygon = gpd.read_file(park).geometry.iloc[0]

    rows, cols = np.mgrid[0:height:4, 0:width:4]
    rows, cols = rows.ravel(), cols.ravel()
    true = np.array(
        [
            polygon.distance(
                Point(transform.c + (c + 0.5) * transform.a, transform.f + (r + 0.5) * transform.e)
            )
            for r, c in zip(rows, cols)
        ]
    )
    got = distance[rows, cols]
    sel = ok[rows, cols]
    assert sel.mean() > 0.9
    got, true = got[sel], true[sel]
    # On and inside the park: 0.
    assert (got[true == 0] == 0).all()
    assert (true == 0).sum() > 1000
    # Outside: the distance to the boundary within a pixel's half diagonal (all_touched
    # rasterising), capped.
    near = (true > 0) & (true < cap - pixel)
    assert near.sum() > 200
    assert np.abs(got[near] - true[near]).max() <= 0.75 * pixel
    far = true > cap + pixel
    assert far.sum() > 1000
    assert np.allclose(got[far], cap, rtol=1e-6)
    assert got.max() == pytest.approx(cap)
    # Distances rise away from the park.
    assert np.corrcoef(got[near], true[near])[0, 1] > 0.99
    bins = np.digitize(true[near], np.linspace(0, cap, 6))
    means = [got[near][bins == k].mean() for k in range(1, 6)]
    assert all(a < b for a, b in zip(means, means[1:]))


# --------------------------------------------------------------------------------------
# 5. Texture separates classes with the same band means
# --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_texture_separates_classes_with_the_same_means(
    make_raster: Callable[..., Path], make_points: Callable[..., Path], tmp_path: Path
) -> None:
    rng = np.random.default_rng(5)
    patch, n = 24, 4
    size = patch * n
    band = np.empty((size, size), dtype=np.float64)
    cells: list[tuple[int, int, object]] = []
    for i in range(n):
        for j in range(n):
            rows = slice(i * patch, (i + 1) * patch)
            cols = slice(j * patch, (j + 1) * patch)
            smooth = (i + j) % 2 == 0
            values = rng.uniform(500, 900, (patch, patch))  # rough: pixel by pixel
            if smooth:  # the same values sorted along a snake path: a gentle ramp
                inner = np.sort(values[4:-4, 4:-4].ravel()).reshape(patch - 8, patch - 8)
                inner[1::2] = inner[1::2, ::-1]
                values = np.pad(inner, 4, mode="reflect")
            band[rows, cols] = values
            for _ in range(25):
                r = i * patch + int(rng.integers(4, patch - 4))
                c = j * patch + int(rng.integers(4, patch - 4))
                cells.append((r, c, "smooth" if smooth else "rough"))
    image = make_raster(np.round(band).astype(np.uint16)[None], "texture.tif")
    labels = make_points(cells, "texture.gpkg")
    # The two classes have the same value distribution.
    smooth_px = np.concatenate(
        [band[i * patch : (i + 1) * patch, j * patch : (j + 1) * patch].ravel()
         for i in range(n) for j in range(n) if (i + j) % 2 == 0]
    )  # fmt: skip
    rough_px = np.concatenate(
        [band[i * patch : (i + 1) * patch, j * patch : (j + 1) * patch].ravel()
         for i in range(n) for j in range(n) if (i + j) % 2 == 1]
    )  # fmt: skip
    assert abs(smooth_px.mean() - rough_px.mean()) < 10
    assert abs(np.median(smooth_px) - np.median(rough_px)) < 15

    def accuracy(recipe: FeatureRecipe | None, name: str) -> float:
        sampled = sample_labels([image], labels, "cls", options=SamplingOptions(recipe=recipe))
        result = train_classifier(
            SampleSource(sampled.table, "cls", metadata=sampled.metadata),
            TrainingFiles(tmp_path / f"{name}.lulcmodel"),
            options=TrainingOptions(test_fraction=0.3, seed=1, n_jobs=1),
        )
        assert result.accuracy.n_test >= 100
        return float(result.accuracy.overall_accuracy)

    raw = accuracy(None, "raw")
    focal = accuracy(FeatureRecipe(focal_bands=[1], focal_size=5), "focal")
    glcm = accuracy(FeatureRecipe(texture_band=1, texture_size=7), "glcm")
    assert raw < 0.7
    assert focal > 0.9
    assert glcm > 0.9


# --------------------------------------------------------------------------------------
# 6. Writing the features
# --------------------------------------------------------------------------------------


def test_write_feature_stack(halo_image: Path, halo_vector: str, tmp_path: Path) -> None:
    recipe = halo_recipe("all", halo_vector)
    out = tmp_path / "features.tif"
    progress = RecordingProgress()
    names = write_feature_stack(
        [str(halo_image)], recipe, str(out), max_memory_mb=0.05, progress=progress
    )
    assert names == [
        "NDVI",
        "b3_mean3",
        "b3_std3",
        "b1_glcm_contrast9",
        "b1_glcm_homogeneity9",
        "b1_glcm_entropy9",
        "slope",
        "distance_feat",
    ]
    assert progress.fractions[-1] == 1.0
    with rasterio.open(out) as src:
        assert src.count == len(names)
        assert set(src.dtypes) == {"float32"}
        assert list(src.descriptions) == names
        assert src.nodata is not None
        assert math.isnan(src.nodata)
        # The layout and compression of every raster the engine writes (geotiff.tiled_profile).
        assert src.block_shapes[0] == (TILE, TILE)
        assert src.compression is not None
        assert src.compression.value == "DEFLATE"
        written = src.read()
    with open_stack([str(halo_image)], recipe=recipe) as stack:
        expected, ok = whole(stack)
    assert np.isnan(written[:, ~ok]).all()
    assert np.isfinite(written[:, ok]).all()
    assert np.allclose(written[:, ok], expected[:, ok], rtol=1e-6)
    for cell in NODATA_CELLS:
        assert np.isnan(written[(slice(None), *cell)]).all()


# --------------------------------------------------------------------------------------
# 7. Validation
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("recipe", "bad"),
    [
        (FeatureRecipe(focal_bands=[1, 4]), "band 4 is chosen for focal statistics"),
        (FeatureRecipe(roles={"red": 1, "nir": 5}, indices=["NDVI"]), "puts at band(s) 5"),
        (FeatureRecipe(texture_band=7, texture_range=(0.0, 1.0)), "band 7 is chosen for texture"),
        (FeatureRecipe(slope_band=4), "band 4 is chosen for slope"),
        (FeatureRecipe(focal_bands=[0]), "band 0 is chosen"),
    ],
)
def test_a_band_beyond_the_stack_is_refused(
    recipe: FeatureRecipe, bad: str, halo_image: Path
) -> None:
    with (
        pytest.raises(InvalidInputError, match=r"has 3 band\(s\)") as info,
        open_stack([str(halo_image)], recipe=recipe),
    ):
        pass
    assert bad in str(info.value).lower()


def test_an_index_on_an_image_without_its_band_names_that_band_only(halo_image: Path) -> None:
    """NDVI with the Sentinel-2 preset on a 3-band image: the message names the near-infrared
    band NDVI needs and the controls to change, not every band the preset knows (issue 14)."""
    recipe = FeatureRecipe.from_preset("sentinel2_l2a", indices=["NDVI"])
    with (
        pytest.raises(InvalidInputError) as info,
        open_stack([str(halo_image)], recipe=recipe),
    ):
        pass
    text = str(info.value)
    assert "near-infrared and red band(s)" in text
    assert "band(s) 8 and 4" in text
    assert "11" not in text
    assert "recipe" not in text
    assert "untick NDVI" in text


def test_a_preset_naming_bands_the_image_lacks_is_fine_without_indices(halo_image: Path) -> None:
    recipe = FeatureRecipe.from_preset("sentinel2_l2a")
    with open_stack([str(halo_image)], recipe=recipe) as stack:
        assert stack.count == 3


def test_a_texture_band_beyond_the_stack_is_refused_before_measuring(halo_image: Path) -> None:
    with (
        pytest.raises(InvalidInputError, match="band 5"),
        open_stack([str(halo_image)], recipe=FeatureRecipe(texture_band=5)),
    ):
        pass


@pytest.mark.parametrize(
    "recipe",
    [
        {"focal_bands": [1], "focal_size": 4},
        {"focal_bands": [1], "focal_size": 1},
        {"focal_bands": [1], "focal_size": 0},
        {"texture_band": 1, "texture_size": 6, "texture_range": (0.0, 1.0)},
        {"texture_band": 1, "texture_size": 1, "texture_range": (0.0, 1.0)},
    ],
)
def test_even_or_too_small_windows_are_refused(recipe: dict[str, Any], halo_image: Path) -> None:
    with (
        pytest.raises(InvalidInputError, match="odd and at least 3"),
        open_stack([str(halo_image)], recipe=FeatureRecipe(**recipe)),
    ):
        pass


def test_an_unknown_preset_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="Unknown sensor preset 'sentinel3'") as info:
        FeatureRecipe.from_preset("sentinel3")
    for name in PRESETS:
        assert name in str(info.value)


def test_an_unknown_index_is_refused_when_the_stack_opens(halo_image: Path) -> None:
    with (
        pytest.raises(InvalidInputError, match="Unknown spectral index 'XYZ'"),
        open_stack(
            [str(halo_image)],
            recipe=FeatureRecipe(roles={"red": 1, "nir": 2}, indices=["NDVI", "XYZ"]),
        ),
    ):
        pass


# --------------------------------------------------------------------------------------
# cancel
# --------------------------------------------------------------------------------------


@pytest.fixture
def strip_image(make_raster: Callable[..., Path]) -> Path:
    """A 512 x 6000 band stored in strips: a sampling chunk is 256 rows by the whole width,
    whose texture takes seconds to compute."""
    rng = np.random.default_rng(0)
    data = rng.integers(0, 255, (1, 512, 6000), dtype=np.uint8)
    return make_raster(data, "strips.tif", tiled=False)


class TimedProgress(RecordingProgress):
    """Also records when ``cancelled()`` first answered True."""

    def __init__(self, cancel_after: int) -> None:
        super().__init__(cancel_after)
        self.first_true: float | None = None

    def cancelled(self) -> bool:
        answer = super().cancelled()
        if answer and self.first_true is None:
            self.first_true = time.perf_counter()
        return answer


TEXTURE = FeatureRecipe(texture_band=1, texture_size=5, texture_range=(0.0, 255.0))


def seconds_to_stop(progress: TimedProgress, run: Callable[[], object]) -> float:
    """Run ``run``, which must raise Cancelled: the seconds from the first cancel to it."""
    try:
        run()
    except Cancelled:
        stopped = time.perf_counter()
    else:
        pytest.fail("The run was not cancelled.")
    assert progress.first_true is not None
    return stopped - progress.first_true


@pytest.mark.slow  # builds a 3 MB raster
def test_cancelling_texture_sampling_stops_within_the_block(
    strip_image: Path, make_points: Callable[..., Path], tmp_path: Path
) -> None:
    # Labels at the corners of both chunks: each chunk is computed whole.
    labels = make_points([(0, 0, "a"), (255, 5999, "b"), (256, 0, "a"), (511, 5999, "b")])
    out = tmp_path / "out"
    out.mkdir()
    progress = TimedProgress(cancel_after=2)  # asked every 0.2 s while chunks are read

    def run() -> object:
        return sample_labels(
            [strip_image],
            labels,
            "cls",
            options=SamplingOptions(recipe=TEXTURE),
            output_path=out / "samples.gpkg",
            report_path=out / "report.csv",
            progress=progress,
        )

    assert seconds_to_stop(progress, run) < 1.0
    assert list(out.iterdir()) == []


def test_cancelling_a_feature_stack_write_stops_within_the_block(
    strip_image: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = str(out / "features.tif")
    progress = TimedProgress(cancel_after=1)  # the whole image is one block

    def run() -> object:
        return write_feature_stack([str(strip_image)], TEXTURE, target, progress=progress)

    assert seconds_to_stop(progress, run) < 1.0
    assert list(out.iterdir()) == []


def test_a_cancel_after_the_last_window_of_a_feature_stack_write_leaves_nothing(
    halo_image: Path, tmp_path: Path
) -> None:
    """Every window written, Cancel pressed before the file is renamed into place: the stack
    file must not appear (the commit asks once more, as a prediction's does)."""

    class CancelWhenAllWritten(RecordingProgress):
        def cancelled(self) -> bool:
            return bool(self.fractions) and self.fractions[-1] >= 1.0

    out = tmp_path / "out"
    out.mkdir()
    progress = CancelWhenAllWritten()
    with pytest.raises(Cancelled):
        write_feature_stack(
            [str(halo_image)], FeatureRecipe(), str(out / "f.tif"), progress=progress
        )
    assert progress.fractions[-1] == 1.0
    assert list(out.iterdir()) == []
