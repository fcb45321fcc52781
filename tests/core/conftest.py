"""Fixtures for core tests: small synthetic rasters and label layers built in tmp_path (written
by the helpers of tests/helpers.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from ..helpers import CRS, write_points, write_raster

rasterio = pytest.importorskip("rasterio")
gpd = pytest.importorskip("geopandas")


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
        return write_raster(
            tmp_path / name,
            data,
            nodata=nodata,
            tile=16 if tiled else None,
            descriptions=descriptions or (),
        )

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
        return write_points(tmp_path / name, cells, field=field, crs=crs)

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
