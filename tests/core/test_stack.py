"""A stack of rasters read as one band stack on the first raster's grid (core/stack.py)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from lulc_classifier.core.errors import CrsMismatchError, InvalidInputError
from lulc_classifier.core.stack import GENERIC_NAME, BandInfo, RasterStack, check_stack

from ..helpers import CRS, ORIGIN, PIXEL, write_raster

rasterio = pytest.importorskip("rasterio")
from rasterio.transform import from_origin  # noqa: E402
from rasterio.warp import Resampling, calculate_default_transform, reproject  # noqa: E402
from rasterio.windows import Window  # noqa: E402

#: Real data beside the checkout: an RGB image and a coarser DEM of a smaller extent, EPSG:4326.
RMNP = Path(__file__).resolve().parents[2] / "data" / "rmnp"
ROWS, COLS = 24, 30


def read_all(stack: RasterStack) -> tuple[np.ndarray, np.ndarray]:
    """The whole stack as (bands, rows, cols) values and a (rows, cols) valid mask."""
    return stack.read(Window(0, 0, stack.width, stack.height))


def coarse_raster(tmp_path: Path, name: str = "coarse.tif", **kwargs: object) -> Path:
    """A 20 m float32 raster covering only part of the synthetic grid, values 0.5..99.5.

    Its extent is x 500050..500250, y 4099950..4099750: synthetic rows 5..23 (the grid ends
    there) and columns 5..24. No synthetic pixel centre falls on one of its pixel edges.
    """
    data = (np.arange(100, dtype=np.float32).reshape(1, 10, 10)) + 0.5
    transform = from_origin(ORIGIN[0] + 5 * PIXEL, ORIGIN[1] - 5 * PIXEL, 20.0, 20.0)
    return write_raster(tmp_path / name, data, transform=transform, crs=CRS, **kwargs)


def coarse_footprint() -> np.ndarray:
    """The synthetic pixels whose centres :func:`coarse_raster` covers."""
    inside = np.zeros((ROWS, COLS), dtype=bool)
    inside[5:, 5:25] = True
    return inside


def tif_files(*folders: Path) -> set[Path]:
    """Every .tif / .tiff / .vrt under the folders (recursively for all but the temp folder)."""
    found: set[Path] = set()
    for folder in folders:
        pattern = "*" if folder == Path(tempfile.gettempdir()) else "**/*"
        found |= {p for p in folder.glob(pattern) if p.suffix.lower() in {".tif", ".tiff", ".vrt"}}
    return found


# --------------------------------------------------------------------------- same grid


def test_rasters_on_the_same_grid_stack_directly(make_raster: Callable[..., Path]) -> None:
    rng = np.random.default_rng(0)
    three = rng.integers(1, 1000, size=(3, ROWS, COLS)).astype(np.uint16)
    one = rng.integers(1, 1000, size=(1, ROWS, COLS)).astype(np.uint16)
    first = make_raster(three, name="first.tif")
    second = make_raster(one, name="second.tif")
    with RasterStack([first, second]) as stack:
        assert stack.count == 4
        assert (stack.width, stack.height) == (COLS, ROWS)
        assert stack.crs.to_epsg() == 32633
        assert stack.transform == from_origin(*ORIGIN, PIXEL, PIXEL)
        assert stack.grid.pixel_size == (PIXEL, PIXEL)
        assert stack.block_shape == (16, 16)
        assert stack.feature_dtype == np.float32
        assert [b.resampled for b in stack.bands] == [False] * 4
        assert [(b.file, b.band) for b in stack.bands] == [
            ("first.tif", 1),
            ("first.tif", 2),
            ("first.tif", 3),
            ("second.tif", 1),
        ]
        data, valid = read_all(stack)
        window_data, window_valid = stack.read(Window(7, 3, 5, 4))
    np.testing.assert_array_equal(data, np.concatenate([three, one]).astype(np.float32))
    assert valid.all()
    np.testing.assert_array_equal(window_data, data[:, 3:7, 7:12])
    assert window_valid.shape == (4, 5)


def test_wide_integer_bands_are_read_as_float64(make_raster: Callable[..., Path]) -> None:
    data = np.full((1, 4, 4), 2**31 - 7, dtype=np.int32)  # not exact in float32
    with RasterStack([make_raster(data, tiled=False)]) as stack:
        assert stack.feature_dtype == np.float64
        values, _ = read_all(stack)
    assert values[0, 0, 0] == 2**31 - 7


def test_stack_is_closed_on_exit(make_raster: Callable[..., Path]) -> None:
    stack = RasterStack([make_raster(np.ones((1, 4, 4), dtype=np.uint8), tiled=False)])
    with stack:
        assert stack.count == 1
    assert stack.count == 0  # no dataset left open


# --------------------------------------------------------------------------- nodata


def test_nodata_in_any_layer_is_invalid(make_raster: Callable[..., Path]) -> None:
    """Single-band files of different dtypes and nodata values: nodata anywhere is invalid."""
    shape = (1, ROWS, COLS)
    a = np.full(shape, 7, dtype=np.uint8)
    b = np.full(shape, -300, dtype=np.int16)
    c = np.full(shape, 0.25, dtype=np.float32)
    a[0, 1, 2] = 0  # uint8 nodata 0
    b[0, 3, 4] = -1  # int16 nodata -1
    c[0, 5, 6] = -9999.0  # float32 nodata -9999
    c[0, 7, 8] = np.nan  # NaN without being the nodata value
    # Values equal to another layer's nodata are valid in this one.
    a[0, 10, 10] = 255
    b[0, 11, 11] = 0
    c[0, 12, 12] = -1.0
    paths = [
        make_raster(a, name="a.tif", nodata=0),
        make_raster(b, name="b.tif", nodata=-1),
        make_raster(c, name="c.tif", nodata=-9999.0),
    ]
    with RasterStack(paths) as stack:
        assert stack.count == 3
        assert stack.feature_dtype == np.float32
        data, valid = read_all(stack)
    invalid = {tuple(int(i) for i in rc) for rc in np.argwhere(~valid)}
    assert invalid == {(1, 2), (3, 4), (5, 6), (7, 8)}
    assert data[:, 10, 10].tolist() == [255.0, -300.0, 0.25]
    assert data[:, 11, 11].tolist() == [7.0, 0.0, 0.25]
    assert data[:, 12, 12].tolist() == [7.0, -300.0, -1.0]
    assert data[1, 0, 0] == -300.0


def test_user_nodata_applies_to_rasters_without_nodata(make_raster: Callable[..., Path]) -> None:
    undeclared = np.full((1, ROWS, COLS), 5, dtype=np.int16)
    declared = np.full((1, ROWS, COLS), 5, dtype=np.int16)
    undeclared[0, 2, 2] = -5  # nodata only through the user's value
    declared[0, 4, 4] = -5  # a real value: this raster declares its own nodata (0)
    declared[0, 6, 6] = 0
    paths = [
        make_raster(undeclared, name="undeclared.tif"),
        make_raster(declared, name="declared.tif", nodata=0),
    ]
    with RasterStack(paths) as stack:
        _, valid = read_all(stack)
    assert {tuple(int(i) for i in rc) for rc in np.argwhere(~valid)} == {(6, 6)}
    with RasterStack(paths, nodata=-5) as stack:
        assert stack.nodata == -5
        data, valid = read_all(stack)
    assert {tuple(int(i) for i in rc) for rc in np.argwhere(~valid)} == {(2, 2), (6, 6)}
    assert data[1, 4, 4] == -5.0


def test_resampled_raster_without_nodata_is_invalid_outside_its_extent(
    make_raster: Callable[..., Path], tmp_path: Path
) -> None:
    first = make_raster(np.ones((1, ROWS, COLS), dtype=np.uint8), tiled=False)
    with RasterStack([first, coarse_raster(tmp_path)]) as stack:
        assert [b.resampled for b in stack.bands] == [False, True]
        data, valid = read_all(stack)
    np.testing.assert_array_equal(valid, coarse_footprint())
    # Nearest: every value inside is one of the coarse raster's values.
    assert set(np.unique(data[1][valid]).tolist()) <= {v + 0.5 for v in range(100)}


def test_user_nodata_applies_to_resampled_rasters(
    make_raster: Callable[..., Path], tmp_path: Path
) -> None:
    first = make_raster(np.ones((1, ROWS, COLS), dtype=np.uint8), tiled=False)
    with RasterStack([first, coarse_raster(tmp_path)], nodata=10.5) as stack:
        data, valid = read_all(stack)
    inside = coarse_footprint()
    assert not valid[~inside].any()
    # Coarse pixel (1, 0) holds 10.5: it covers synthetic rows 7..8 and columns 5..6.
    assert not valid[7:9, 5:7].any()
    assert valid[inside].sum() == inside.sum() - 4
    assert 10.5 not in data[1][valid]
    assert data[1, 7, 7] == 11.5


def test_raster_on_another_grid_without_crs_is_refused(
    make_raster: Callable[..., Path], tmp_path: Path
) -> None:
    first = make_raster(np.ones((1, ROWS, COLS), dtype=np.uint8), tiled=False)
    data = np.ones((1, 4, 4), dtype=np.uint8)
    other = write_raster(
        tmp_path / "nocrs.tif", data, transform=from_origin(0, 40, 10, 10), crs=None
    )
    stack = RasterStack([first, other])
    with pytest.raises(CrsMismatchError, match="one of them has no CRS"), stack:
        pass
    assert stack.count == 0


# --------------------------------------------------------------------------- real data, other CRS


@pytest.fixture
def utm_dem(tmp_path: Path) -> Path:
    """The real DEM reprojected (nearest) to UTM 13N: another grid and another CRS."""
    with rasterio.open(RMNP / "rmnp-dem.tif") as src:
        transform, width, height = calculate_default_transform(
            src.crs, "EPSG:32613", src.width, src.height, *src.bounds
        )
        out = np.full((1, height, width), src.nodata, dtype=src.dtypes[0])
        reproject(
            rasterio.band(src, 1),
            out[0],
            dst_transform=transform,
            dst_crs="EPSG:32613",
            dst_nodata=src.nodata,
            resampling=Resampling.nearest,
        )
        nodata = src.nodata
    return write_raster(
        tmp_path / "dem-utm.tif", out, transform=transform, crs="EPSG:32613", nodata=nodata
    )


def test_raster_in_another_crs_is_resampled_on_the_fly(utm_dem: Path, tmp_path: Path) -> None:
    rgb = RMNP / "rmnp-rgb.tif"
    with rasterio.open(utm_dem) as dem:
        assert dem.crs.to_epsg() == 32613
        dem_values = set(np.unique(dem.read(1, masked=True).compressed()).tolist())
    with rasterio.open(RMNP / "rmnp-dem.tif") as dem:
        dem_bounds = dem.bounds
        assert dem_values <= set(np.unique(dem.read(1)).tolist())
    with rasterio.open(rgb) as src:
        rgb_transform = src.transform
        rgb_masks = np.all(src.read_masks() > 0, axis=0)
    cols = np.arange(485)
    rows = np.arange(373)
    lon = rgb_transform.c + (cols + 0.5) * rgb_transform.a
    lat = rgb_transform.f + (rows + 0.5) * rgb_transform.e
    margin = 0.01  # degrees, a few DEM pixels
    outside = ((lon < dem_bounds.left - margin) | (lon > dem_bounds.right + margin))[None, :] | (
        (lat > dem_bounds.top + margin) | (lat < dem_bounds.bottom - margin)
    )[:, None]
    interior = ((lon > dem_bounds.left + margin) & (lon < dem_bounds.right - margin))[None, :] & (
        (lat < dem_bounds.top - margin) & (lat > dem_bounds.bottom + margin)
    )[:, None]
    assert outside.sum() > 50_000
    assert interior.sum() > 40_000

    before = tif_files(tmp_path, RMNP, Path.cwd(), Path(tempfile.gettempdir()))
    elevations = {}
    for resampling in ("nearest", "bilinear"):
        with RasterStack([rgb, utm_dem], resampling=resampling) as stack:
            assert stack.count == 4
            assert (stack.width, stack.height) == (485, 373)
            assert stack.crs.to_epsg() == 4326
            assert [b.resampled for b in stack.bands] == [False, False, False, True]
            assert stack.bands[3].file == "dem-utm.tif"
            data, valid = read_all(stack)
        assert data.shape == (4, 373, 485)
        assert not valid[outside].any()
        # Inside the DEM, only the RGB's own nodata (255) makes a pixel invalid.
        np.testing.assert_array_equal(valid[interior], rgb_masks[interior])
        elevation = data[3][valid & interior]
        assert elevation.size > 30_000
        assert elevation.min() >= 2000.0
        assert elevation.max() <= 4500.0
        elevations[resampling] = elevation
    assert tif_files(tmp_path, RMNP, Path.cwd(), Path(tempfile.gettempdir())) == before
    assert set(np.unique(elevations["nearest"]).tolist()) <= dem_values
    assert not set(np.unique(elevations["bilinear"]).tolist()) <= dem_values
    assert not np.array_equal(elevations["nearest"], elevations["bilinear"])


def test_windowed_reads_of_a_resampled_raster_match_the_whole(
    make_raster: Callable[..., Path], tmp_path: Path
) -> None:
    first = make_raster(np.ones((1, ROWS, COLS), dtype=np.uint8), tiled=False)
    with RasterStack([first, coarse_raster(tmp_path)], resampling="bilinear") as stack:
        whole, whole_valid = read_all(stack)
        for row, col in [(0, 0), (4, 4), (9, 13), (17, 22), (20, 25)]:
            data, valid = stack.read(Window(col, row, 5, 4))
            np.testing.assert_array_equal(valid, whole_valid[row : row + 4, col : col + 5])
            np.testing.assert_allclose(
                data[:, valid], whole[:, row : row + 4, col : col + 5][:, valid], rtol=1e-6
            )


def masked_raster(tmp_path: Path) -> Path:
    """A uint16 raster with an internal mask (not a nodata value): GDAL's masks are read."""
    import rasterio

    path = write_raster(tmp_path / "masked.tif", np.full((2, ROWS, COLS), 40, dtype=np.uint16))
    mask = np.full((ROWS, COLS), 255, dtype=np.uint8)
    mask[3:6, 4:9] = 0
    with rasterio.open(path, "r+") as dst:
        dst.write_mask(mask)
    return path


@pytest.mark.parametrize(
    "case", ["nodata values", "user nodata", "resampled", "resampled with nodata", "mask", "wide"]
)
def test_reading_pixels_of_a_window_picks_from_the_window(
    case: str, make_raster: Callable[..., Path], tmp_path: Path
) -> None:
    """read(window, at) gives exactly the values and validity of those pixels of read(window),
    whatever decides validity (nodata values, the user's nodata, a warped raster's alpha,
    GDAL's masks, NaN)."""
    rng = np.random.default_rng(3)
    values = rng.integers(0, 6, size=(2, ROWS, COLS))
    first = make_raster(values.astype(np.int16), name="first.tif", nodata=0)
    floats = values[:1].astype(np.float32) - 1
    floats[0, ::5, ::3] = np.nan
    second = make_raster(floats, name="second.tif", nodata=-1.0)
    plain = make_raster(values[:1].astype(np.uint8), name="plain.tif")
    paths, options = {
        "nodata values": ([first, second], {}),
        "user nodata": ([plain, first], {"nodata": 3}),
        "resampled": ([first, coarse_raster(tmp_path)], {"resampling": "bilinear"}),
        "resampled with nodata": ([plain, coarse_raster(tmp_path)], {"nodata": 10.5}),
        "mask": ([masked_raster(tmp_path), second], {}),
        "wide": ([make_raster(values.astype(np.int32) * 2**29, name="wide.tif", nodata=0)], {}),
    }[case]
    window = Window(2, 1, 20, 15)
    rows = rng.integers(0, 15, size=60)
    cols = rng.integers(0, 20, size=60)
    with RasterStack(paths, **options) as stack:
        block, block_valid = stack.read(window)
        data, valid = stack.read(window, (rows, cols))
    assert data.dtype == block.dtype
    assert data.shape == (block.shape[0], 60)
    np.testing.assert_array_equal(data, block[:, rows, cols])
    np.testing.assert_array_equal(valid, block_valid[rows, cols])
    assert valid.any()  # both kinds of pixel are picked
    assert not valid.all()


# --------------------------------------------------------------------------- names, definition


def test_definition(make_raster: Callable[..., Path], tmp_path: Path) -> None:
    image = make_raster(
        np.ones((3, ROWS, COLS), dtype=np.uint16),
        name="image.tif",
        descriptions=["red", "b9", "Red"],  # "b9" is a generic name; "Red" repeats "red"
    )
    coarse = coarse_raster(tmp_path, descriptions=[""])
    with RasterStack([image, coarse], resampling="bilinear") as stack:
        definition = stack.definition()
        names = stack.band_names
    keys = ("name", "described", "file", "band", "resampled")
    rows = [
        ("red", True, "image.tif", 1, False),
        ("b2", False, "image.tif", 2, False),
        ("Red_2", True, "image.tif", 3, False),
        ("b4", False, "coarse.tif", 1, True),
    ]
    assert definition == {"resampling": "bilinear", "bands": [dict(zip(keys, r)) for r in rows]}
    assert names == ["red", "b2", "Red_2", "b4"]
    assert json.loads(json.dumps(definition)) == definition  # goes into JSON manifests
    assert GENERIC_NAME.match("b12")
    assert not GENERIC_NAME.match("blue")


def test_bad_resampling_is_refused(make_raster: Callable[..., Path]) -> None:
    path = make_raster(np.ones((1, 4, 4), dtype=np.uint8), tiled=False)
    with pytest.raises(InvalidInputError, match="Unknown resampling 'cubic'; choose one of: "):
        RasterStack([path], resampling="cubic")


def test_no_raster_and_unreadable_raster_are_refused(
    make_raster: Callable[..., Path], tmp_path: Path
) -> None:
    with pytest.raises(InvalidInputError, match="No raster was given"):
        RasterStack([])
    good = make_raster(np.ones((1, 4, 4), dtype=np.uint8), tiled=False)
    bad = tmp_path / "broken.tif"
    bad.write_text("not a raster")
    stack = RasterStack([good, bad])
    with pytest.raises(InvalidInputError, match="Cannot open the raster '.*broken.tif'"), stack:
        pass
    assert stack.count == 0  # the raster opened first was closed again


# --------------------------------------------------------------------------- check_stack


def band(name: str, *, described: bool | None = None, position: int = 1) -> BandInfo:
    """A band of a given stack, as RasterStack.bands lists it."""
    if described is None:
        described = not GENERIC_NAME.match(name)
    return BandInfo(name, described, "image.tif", position, False)


def expected_bands(*names: str) -> list[dict[str, object]]:
    """A model's stack definition: bands named by description unless bN."""
    return [{"name": n, "described": not GENERIC_NAME.match(n)} for n in names]


def test_check_stack_accepts_the_same_bands() -> None:
    given = [band("red"), band("NIR"), band("elev")]
    assert check_stack(expected_bands("red", "nir", "elev"), given) is None  # case-insensitive


def test_check_stack_count_mismatch() -> None:
    problem = check_stack(expected_bands("red", "nir", "elev"), [band("red"), band("nir")])
    assert problem is not None
    assert "trained on 3 bands (red, nir, elev)" in problem
    assert "have 2 bands (red, nir)" in problem


def test_check_stack_missing_band() -> None:
    given = [band("red"), band("nir"), band("slope")]
    problem = check_stack(expected_bands("red", "nir", "elev"), given)
    assert problem is not None
    assert "The band 'elev' (band 3 of the model) is missing" in problem
    assert "whose bands are: red, nir, slope" in problem
    assert "out of order" not in problem


def test_check_stack_bands_out_of_order() -> None:
    given = [band("red"), band("elev"), band("nir")]
    problem = check_stack(expected_bands("red", "nir", "elev"), given)
    assert problem is not None
    assert "out of order" in problem
    assert "expects 'nir' as band 2, but it is band 3" in problem
    assert "order used for training: red, nir, elev" in problem
    assert "missing" not in problem


def test_check_stack_matches_generic_names_by_position_only() -> None:
    # The model's bands had no names of their own: anything with the right count fits.
    assert check_stack(expected_bands("b1", "b2"), [band("nir"), band("red")]) is None
    assert check_stack(expected_bands("b1", "b2"), [band("b2"), band("b1")]) is None
    # Named bands are still checked where the model has them.
    assert check_stack(expected_bands("red", "b2"), [band("red"), band("whatever")]) is None
    problem = check_stack(expected_bands("red", "b2"), [band("b1"), band("red")])
    assert problem is not None
    assert "out of order" in problem
    problem = check_stack(expected_bands("red", "b2"), [band("b1"), band("b2")])
    assert problem is not None
    assert "The band 'red' (band 1 of the model) is missing" in problem


def test_check_stack_with_real_stacks(make_raster: Callable[..., Path], tmp_path: Path) -> None:
    """The definition of one stack checked against the same rasters in the other order."""
    image = make_raster(np.ones((2, 8, 8), dtype=np.uint8), descriptions=["red", "nir"])
    elev = coarse_raster(tmp_path, descriptions=["elev"])
    with RasterStack([image, elev]) as stack:
        definition = stack.definition()
        assert check_stack(definition["bands"], stack.bands) is None
    with RasterStack([elev, image]) as swapped:
        problem = check_stack(definition["bands"], swapped.bands)
    assert problem is not None
    assert "expects 'red' as band 1, but it is band 2" in problem


def test_paths_may_be_strings_or_path_objects(make_raster: Callable[..., Path]) -> None:
    path = make_raster(np.ones((1, 4, 4), dtype=np.uint8), tiled=False)
    with RasterStack([os.fspath(path)]) as a, RasterStack([path]) as b:
        assert a.paths == b.paths == [str(path)]
        assert a.definition() == b.definition()


def test_gdal_cache_is_resized_only_from_the_main_thread(
    make_raster: Callable[..., Path],
) -> None:
    """GDAL's block cache is the process's: in QGIS the canvas draws in threads of its own,
    and resizing the cache from a background run aborted QGIS at random. A stack opened on
    the main thread (qgis_process, Python) keeps it small; from another thread, untouched."""
    import threading

    from osgeo import gdal

    from lulc_classifier.core import stack as stack_module

    image = make_raster(np.ones((1, 8, 8), dtype=np.float32))
    before = gdal.GetCacheMax()
    assert before > stack_module.GDAL_CACHE_MB * 1024 * 1024
    seen: list[int] = []

    def open_and_look() -> None:
        with RasterStack([str(image)]):
            seen.append(gdal.GetCacheMax())

    worker = threading.Thread(target=open_and_look)
    worker.start()
    worker.join()
    open_and_look()
    assert seen[0] == before  # a background thread leaves it alone
    assert seen[1] <= stack_module.GDAL_CACHE_MB * 1024 * 1024  # the main thread shrinks it
    assert gdal.GetCacheMax() == before  # restored on close
