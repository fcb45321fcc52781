"""A synthetic scene whose classes differ only by spatial pattern (issue 20), for tests and
benchmarks.

Three classes, each drawn with the same two spectra ``A`` and ``B`` in equal shares, so that every
class has the same per-band mean and the same per-band distribution of values; only the
arrangement of ``A`` and ``B`` differs:

* class 1: stripes, 2 pixels of ``A`` then 2 of ``B`` (period 4 pixels), horizontal in some
  regions and vertical in others;
* class 2: a checkerboard of 2 x 2-pixel squares;
* class 3: speckle, each pixel ``A`` or ``B`` at random.

The classes are told apart by patterns that survive flips and 90-degree turns (the network's
augmentation): horizontal and vertical stripes are one class, not two. Each pattern gets a random
phase per region and Gaussian noise on every pixel. The scene is a
grid of square regions (class ``(i + j) % 3`` for region row ``i``, column ``j``: neighbours
differ), and the labels are one polygon per region, inset by :data:`INSET` pixels so that a
9 x 9 patch centred in a polygon stays in its region. A pixel on its own says nothing of its
class (a pixel-only classifier is at chance); its neighbourhood says everything.

Import it relatively in tests (``from ..synthetic_pattern import write_pattern_scene``) and from
``tests/`` on ``sys.path`` in benchmarks. Needs numpy, rasterio, geopandas and shapely.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

#: Projected CRS, origin and pixel size of the scene.
CRS = "EPSG:32633"
ORIGIN = (500000.0, 4100000.0)
PIXEL = 10.0
#: The two spectra every class is drawn with (3 bands, reflectance-like) and the pixel noise.
SPECTRUM_A = (0.20, 0.30, 0.25)
SPECTRUM_B = (0.30, 0.22, 0.35)
NOISE = 0.02
#: Pixels between a region's border and its label polygon.
INSET = 4
#: Pattern period in pixels (stripes or squares of half of it).
PERIOD = 4
CLASSES = (1, 2, 3)
NAMES = {1: "stripes", 2: "checkerboard", 3: "speckle"}


def region_size(size: int) -> int:
    """Side of the square regions: a sixth of the scene, at least 24 pixels, dividing it (5 x 5
    regions for a 120-pixel scene, 6 x 6 for 300)."""
    for side in range(max(24, size // 6), size + 1):
        if size % side == 0:
            return side
    return size


def pattern(kind: int, rows: np.ndarray, cols: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Return 1 where a pixel takes spectrum ``B`` and 0 where ``A``, for class ``kind``."""
    half = PERIOD // 2
    rows = rows + rng.integers(0, PERIOD)
    cols = cols + rng.integers(0, PERIOD)
    if kind == 1:
        return (rows // half) % 2 if rng.integers(0, 2) else (cols // half) % 2
    if kind == 2:
        return ((rows // half) + (cols // half)) % 2
    return rng.integers(0, 2, rows.shape)


def pattern_image(size: int = 300, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Return the scene ``(3, size, size)`` float32 and its class map ``(size, size)`` uint8."""
    rng = np.random.default_rng(seed)
    side = region_size(size)
    classes = np.zeros((size, size), dtype=np.uint8)
    which = np.zeros((size, size), dtype=np.int64)
    for i in range(0, size, side):
        for j in range(0, size, side):
            kind = CLASSES[(i // side + j // side) % len(CLASSES)]
            rows, cols = np.mgrid[i : min(i + side, size), j : min(j + side, size)]
            which[rows, cols] = pattern(kind, rows, cols, rng)
            classes[rows, cols] = kind
    spectra = np.array([SPECTRUM_A, SPECTRUM_B], dtype=np.float32)  # (2, bands)
    image = spectra[which].transpose(2, 0, 1)
    image = image + rng.normal(0.0, NOISE, image.shape).astype(np.float32)
    return image.astype(np.float32), classes


def write_pattern_scene(
    folder: str | os.PathLike[str], size: int = 300, seed: int = 0
) -> tuple[Path, Path]:
    """Write ``pattern.tif`` (3 float32 bands) and ``pattern_labels.gpkg`` (one polygon per
    region, integer field ``class`` and text field ``name``) in ``folder``; return both paths."""
    import geopandas as gpd
    import rasterio
    from rasterio.transform import from_origin
    from shapely.geometry import box

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    image, classes = pattern_image(size, seed)
    raster = folder / "pattern.tif"
    profile = {
        "driver": "GTiff", "width": size, "height": size, "count": image.shape[0],
        "dtype": "float32", "crs": CRS, "transform": from_origin(*ORIGIN, PIXEL, PIXEL),
        "tiled": True, "blockxsize": 256, "blockysize": 256, "compress": "deflate",
    }  # fmt: skip
    with rasterio.open(raster, "w", **profile) as dst:
        dst.write(image)
        for band in range(1, image.shape[0] + 1):
            dst.set_band_description(band, f"b{band}")
    side = region_size(size)
    rows: list[dict[str, object]] = []
    for i in range(0, size - side + 1, side):
        for j in range(0, size - side + 1, side):
            kind = int(classes[i, j])
            x0 = ORIGIN[0] + (j + INSET) * PIXEL
            y1 = ORIGIN[1] - (i + INSET) * PIXEL
            inner = (side - 2 * INSET) * PIXEL
            rows.append(
                {
                    "class": kind,
                    "name": NAMES[kind],
                    "geometry": box(x0, y1 - inner, x0 + inner, y1),
                }
            )
    labels = folder / "pattern_labels.gpkg"
    gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS).to_file(labels, driver="GPKG")
    return raster, labels
