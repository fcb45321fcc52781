"""What tests of every tier share: the synthetic grid, GeoTIFF and GeoPackage writers, a progress
that records, Olofsson et al. (2014)'s example as files, and test oracles.

Import it relatively (``from ..helpers import write_raster``); tests/conftest.py registers it as
``tests.helpers`` for runs where the repository root is not on ``sys.path``. Heavy libraries
(rasterio, geopandas, GDAL) are imported where used, so that importing this module needs numpy
only.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

#: The synthetic grid: UTM 33N; pixel 10 m; origin (500000, 4100000).
CRS = "EPSG:32633"
ORIGIN = (500000.0, 4100000.0)
PIXEL = 10.0

#: ``transform`` of :func:`write_raster` meaning the synthetic grid (its default).
GRID = "synthetic grid"


def pixel_centre(row: Any, col: Any) -> tuple[Any, Any]:
    """Map coordinates of the centre of pixel (row, col) of the synthetic grid (numbers or
    arrays)."""
    return ORIGIN[0] + (col + 0.5) * PIXEL, ORIGIN[1] - (row + 0.5) * PIXEL


# --------------------------------------------------------------------------- rasters


def write_raster(
    path: Path,
    data: np.ndarray,
    *,
    dtype: str | None = None,
    nodata: float | None = None,
    crs: str | None = CRS,
    transform: Any = GRID,
    tile: int | None = None,
    descriptions: Sequence[str] = (),
    band_tags: Sequence[Mapping[str, str]] = (),
    **creation: Any,
) -> Path:
    """Write ``data`` (bands, rows, cols) as a GeoTIFF at ``path``; return ``path``.

    Parameters
    ----------
    dtype
        The file's data type (``data`` is cast to it); by default ``data``'s own.
    nodata, crs
        As written in the file; ``crs=None`` writes none.
    transform
        The geotransform: :data:`GRID` (the default) for the synthetic grid, an ``Affine``, or
        None for none (a raster without georeferencing, together with ``crs=None``).
    tile
        Tiled with square blocks of this side; None: GDAL's default layout (strips).
    descriptions, band_tags
        Descriptions and metadata tags of the first bands, in band order.
    creation
        Other creation options, as rasterio takes them (``compress="deflate"``, ``tiled=True``).
    """
    import rasterio
    from rasterio.transform import from_origin

    dtype = dtype or data.dtype.name
    bands, rows, cols = data.shape
    profile: dict[str, Any] = {
        "driver": "GTiff",
        "width": cols,
        "height": rows,
        "count": bands,
        "dtype": dtype,
        "crs": crs,
        "transform": from_origin(*ORIGIN, PIXEL, PIXEL) if transform is GRID else transform,
        "nodata": nodata,
    }
    if tile is not None:
        profile.update(tiled=True, blockxsize=tile, blockysize=tile)
    with rasterio.open(path, "w", **profile, **creation) as dst:
        dst.write(data.astype(dtype, copy=False))
        for band, description in enumerate(descriptions, start=1):
            dst.set_band_description(band, description)
        for band, tags in enumerate(band_tags, start=1):
            dst.update_tags(band, **tags)
    return path


# --------------------------------------------------------------------------- vector layers


def write_labels(
    path: Path,
    geometries: Sequence[Any],
    classes: Sequence[object],
    *,
    field: str = "cls",
    crs: str = CRS,
    **extra: Sequence[object],
) -> Path:
    """A GeoPackage of label features: ``geometries`` in the synthetic grid's CRS, written in
    ``crs``, with ``classes`` in ``field`` and the ``extra`` columns."""
    import geopandas as gpd

    frame = gpd.GeoDataFrame({field: list(classes), **extra}, geometry=list(geometries), crs=CRS)
    frame.to_crs(crs).to_file(path, driver="GPKG")
    return path


def write_points(
    path: Path, cells: Sequence[tuple[int, int, object]], *, field: str = "cls", crs: str = CRS
) -> Path:
    """A point GeoPackage from (row, col, class) triples on the synthetic grid, written in
    ``crs``."""
    from shapely.geometry import Point

    points = [Point(*pixel_centre(r, c)) for r, c, _ in cells]
    return write_labels(path, points, [v for _, _, v in cells], field=field, crs=crs)


def write_shapes(path: Path, shapes: Sequence[Any], crs: str = CRS) -> Path:
    """A GeoPackage of ``shapes`` in ``crs``, with an ``id`` each (masks, distance layers)."""
    import geopandas as gpd

    gpd.GeoDataFrame({"id": list(range(len(shapes)))}, geometry=list(shapes), crs=crs).to_file(
        path, driver="GPKG"
    )
    return path


def write_ogr_layer(
    path: Path,
    geometry_type: str,
    fields: dict[str, str],
    features: list[tuple[object, dict[str, object]]],
    crs: str = CRS,
) -> Path:
    """A GeoPackage layer (a shapefile for a ``.shp`` path) written with GDAL's own OGR bindings
    (the same on every stack, whether geopandas uses fiona or pyogrio): ``fields`` maps names to
    ``"int"``, ``"real"`` or ``"str"``, each feature is (shapely geometry or None, attributes;
    None is a null)."""
    from osgeo import ogr, osr

    kinds = {"int": ogr.OFTInteger, "real": ogr.OFTReal, "str": ogr.OFTString}
    srs = osr.SpatialReference()
    srs.SetFromUserInput(crs)
    driver = "ESRI Shapefile" if path.suffix.lower() == ".shp" else "GPKG"
    source = ogr.GetDriverByName(driver).CreateDataSource(str(path))
    layer = source.CreateLayer(path.stem, srs, getattr(ogr, f"wkb{geometry_type}"))
    for name, kind in fields.items():
        layer.CreateField(ogr.FieldDefn(name, kinds[kind]))
    for geometry, attributes in features:
        feature = ogr.Feature(layer.GetLayerDefn())
        if geometry is not None:
            feature.SetGeometry(ogr.CreateGeometryFromWkb(geometry.wkb))  # type: ignore[attr-defined]
        for name, value in attributes.items():
            if value is None:
                feature.SetFieldNull(name)
            else:
                feature.SetField(name, value)
        layer.CreateFeature(feature)
    source = None  # closes and flushes the file
    return path


def read_fids(path: Path, field: str) -> dict[object, int]:
    """Feature id of each value of ``field``, read with OGR."""
    from osgeo import ogr

    source = ogr.Open(str(path))
    layer = source.GetLayer(0)
    return {feature.GetField(field): feature.GetFID() for feature in layer}


# --------------------------------------------------------------------------- Olofsson et al.

#: Olofsson et al. (2014): the error matrix (rows map classes 1-4, columns reference classes)
#: and the strata (map class pixels of 30 m).
OLOFSSON_COUNTS = [[66, 0, 5, 4], [0, 55, 8, 12], [1, 0, 153, 11], [2, 1, 9, 313]]
OLOFSSON_PIXELS = [200_000, 150_000, 3_200_000, 6_450_000]


def write_olofsson_example(map_path: Path, points_path: Path) -> Any:
    """Olofsson et al. (2014)'s example as files, with no stored design: a 10 x 20 map whose
    class pixel counts are the paper's strata / 50,000 (4, 3, 64 and 129 pixels of 4,500 ha:
    900,000 ha in all) and its 640 reference points (field ``reference``), in each map class as
    many of each reference class as the paper's error matrix says. Returns the points' frame."""
    import geopandas as gpd
    from rasterio.transform import from_origin
    from shapely.geometry import Point

    pixels = [p // 50_000 for p in OLOFSSON_PIXELS]
    data = np.repeat(np.arange(1, 5, dtype=np.uint8), pixels).reshape(1, 20, 10)
    transform = from_origin(300_000, 5_000_000, 9_000, 5_000)  # 9 km x 5 km = 4,500 ha
    write_raster(map_path, data, nodata=255, crs="EPSG:32633", transform=transform)
    first = np.cumsum([0, *pixels])
    reference, geometry = [], []
    for m, row in enumerate(OLOFSSON_COUNTS):
        k = 0
        for j, n in enumerate(row, start=1):
            for _ in range(n):
                r, c = divmod(int(first[m]) + k % pixels[m], 10)
                geometry.append(Point(*(transform * (c + 0.5, r + 0.5))))
                reference.append(j)
                k += 1
    frame = gpd.GeoDataFrame({"reference": reference}, geometry=geometry, crs="EPSG:32633")
    frame.to_file(points_path, driver="GPKG")
    return frame


# --------------------------------------------------------------------------- progress, threads


class RecordingProgress:
    """Records fractions and messages; cancelled() turns True after ``cancel_after`` calls."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.cancel_after = cancel_after
        self.calls = 0
        self.messages: list[str] = []
        self.warnings: list[str] = []
        self.fractions: list[float] = []

    def report(self, fraction: float) -> None:
        assert 0.0 <= fraction <= 1.0
        self.fractions.append(fraction)

    def cancelled(self) -> bool:
        self.calls += 1
        return self.cancel_after is not None and self.calls > self.cancel_after

    def log(self, message: str) -> None:
        self.messages.append(message)

    def warning(self, message: str) -> None:
        self.warnings.append(message)


@contextlib.contextmanager
def one_openmp_thread() -> Iterator[None]:
    """OpenMP models (histogram boosting, LightGBM) on one thread: spinning OpenMP threads on a
    small shared VM make their timings erratic. Results do not depend on it."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - scikit-learn depends on threadpoolctl
        yield
        return
    with threadpool_limits(limits=1, user_api="openmp"):
        yield


# --------------------------------------------------------------------------- test oracles


def predict_pixels(estimator: Any, pixels: np.ndarray, class_codes: np.ndarray) -> np.ndarray:
    """Class codes of ``pixels`` (n, bands): the class of highest probability, in one call (what
    the block-wise prediction must equal)."""
    if pixels.shape[0] == 0:
        return np.empty(0, dtype=np.int64)
    proba = estimator.predict_proba(pixels)
    return np.asarray(class_codes, dtype=np.int64)[np.argmax(proba, axis=1)]


def predict_block(
    estimator: Any,
    data: np.ndarray,
    valid: np.ndarray,
    class_codes: np.ndarray,
    *,
    nodata: int,
    dtype: str,
) -> np.ndarray:
    """The class map of one block: the ``class`` layer of
    :func:`lulc_classifier.core.predict.classify_block`."""
    from lulc_classifier.core.predict import classify_block

    return classify_block(estimator, data, valid, class_codes, nodata=nodata, dtype=dtype)["class"]


def importable_package(tmp_path: Path) -> dict[str, str]:
    """An environment for a child process (a Dask worker, the command line, a notebook kernel) in
    which ``import lulc_classifier`` finds this checkout, whatever its folder's name: a folder
    with a symbolic link ``lulc_classifier`` to the repository root, first on ``PYTHONPATH``."""
    root = Path(__file__).resolve().parent.parent
    folder = tmp_path / "importable"
    folder.mkdir(exist_ok=True)
    link = folder / "lulc_classifier"
    if not link.exists():
        link.symlink_to(root, target_is_directory=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(folder), env.get("PYTHONPATH")) if p)
    env.setdefault("PROJ_DATA", "/usr/share/proj")
    return env
