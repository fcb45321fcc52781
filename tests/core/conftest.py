"""Fixtures for core tests: small synthetic rasters and label layers built in tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

rasterio = pytest.importorskip("rasterio")
gpd = pytest.importorskip("geopandas")
from rasterio.transform import from_origin  # noqa: E402
from shapely.geometry import Point  # noqa: E402

#: UTM 33N; pixel 10 m; origin (500000, 4100000).
CRS = "EPSG:32633"
ORIGIN = (500000.0, 4100000.0)
PIXEL = 10.0


def pixel_centre(row: int, col: int) -> tuple[float, float]:
    """Map coordinates of the centre of pixel (row, col) of the synthetic grid."""
    return ORIGIN[0] + (col + 0.5) * PIXEL, ORIGIN[1] - (row + 0.5) * PIXEL


@pytest.fixture
def make_raster(tmp_path: Path) -> Callable[..., Path]:
    """Write a GeoTIFF from a (bands, rows, cols) array on the synthetic grid."""

    def make(
        data: np.ndarray,
        name: str = "image.tif",
        *,
        nodata: float | None = None,
        tiled: bool = True,
        descriptions: list[str] | None = None,
    ) -> Path:
        path = tmp_path / name
        bands, rows, cols = data.shape
        profile = {
            "driver": "GTiff",
            "width": cols,
            "height": rows,
            "count": bands,
            "dtype": data.dtype.name,
            "crs": CRS,
            "transform": from_origin(*ORIGIN, PIXEL, PIXEL),
            "nodata": nodata,
        }
        if tiled:
            profile.update(tiled=True, blockxsize=16, blockysize=16)
        with rasterio.open(path, "w", **profile) as dst:
            dst.write(data)
            for i, desc in enumerate(descriptions or [], start=1):
                dst.set_band_description(i, desc)
        return path

    return make


@pytest.fixture
def two_class_image(make_raster: Callable[..., Path]) -> Path:
    """3-band uint16 64x64 image: left half class A (low values), right half class B (high)."""
    rng = np.random.default_rng(0)
    data = np.empty((3, 64, 64), dtype=np.uint16)
    data[:, :, :32] = rng.integers(100, 200, size=(3, 64, 32))
    data[:, :, 32:] = rng.integers(800, 900, size=(3, 64, 32))
    data[:, 0, 0] = 0  # a nodata pixel
    return make_raster(data, nodata=0)


@pytest.fixture
def make_points(tmp_path: Path) -> Callable[..., Path]:
    """Write a point GeoPackage from (row, col, class) triples on the synthetic grid."""

    def make(
        cells: list[tuple[int, int, object]],
        name: str = "labels.gpkg",
        *,
        field: str = "cls",
        crs: str = CRS,
    ) -> Path:
        path = tmp_path / name
        points = [Point(*pixel_centre(r, c)) for r, c, _ in cells]
        frame = gpd.GeoDataFrame({field: [v for _, _, v in cells]}, geometry=points, crs=CRS)
        frame.to_crs(crs).to_file(path, driver="GPKG")
        return path

    return make


@pytest.fixture
def two_class_labels(make_points: Callable[..., Path]) -> Path:
    """40 labelled points on :func:`two_class_image`: text classes 'water' (left) and 'forest'."""
    rng = np.random.default_rng(1)
    cells: list[tuple[int, int, object]] = []
    for _ in range(20):
        cells.append((int(rng.integers(1, 64)), int(rng.integers(1, 32)), "water"))
        cells.append((int(rng.integers(1, 64)), int(rng.integers(32, 64)), "forest"))
    return make_points(cells)


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
