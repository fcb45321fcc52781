"""Block windows and the class-map GeoTIFF profile (the raster stack itself is in stack.py)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from .errors import InvalidInputError, check_choice
from .stack import Grid, RasterStack, unique_names

#: Output tiles, and the alignment of prediction blocks.
TILE = 256


def _rasterio() -> Any:
    from .deps import require

    return require("rasterio")


def block_windows(width: int, height: int, max_pixels: int, *, align: int = TILE) -> Iterator[Any]:
    """Yield windows covering the grid, each at most ``max_pixels`` (but at least one tile).

    Full-width strips when a strip of ``align`` rows fits the budget, otherwise square
    blocks whose side is a multiple of ``align``; edge windows are cut to the grid.
    """
    windows = _rasterio().windows
    if width * align <= max_pixels:
        rows = max(align, (max_pixels // width) // align * align)
        cols = width
    else:
        side = max(align, math.isqrt(max(max_pixels, 1)) // align * align)
        rows = cols = side
    for row in range(0, height, rows):
        for col in range(0, width, cols):
            yield windows.Window(col, row, min(cols, width - col), min(rows, height - row))


def class_dtype(max_code: int) -> tuple[str, int]:
    """Return (dtype, nodata) for a class map: uint8/255 up to code 254, else uint16/65535."""
    if max_code <= 254:
        return "uint8", 255
    if max_code <= 65534:
        return "uint16", 65535
    raise InvalidInputError(
        f"Class code {max_code} is too large for a class map (at most 65534); recode the classes."
    )


#: Compressions a written GeoTIFF may use, spelled as GDAL's ``COMPRESS`` creation option.
COMPRESSIONS = ("DEFLATE", "ZSTD")


def compression(name: str) -> str:
    """Return the one spelling of a compression (``"deflate"`` -> ``"DEFLATE"``), checked.

    Raises
    ------
    InvalidInputError
        If ``name`` is not one of :data:`COMPRESSIONS`.
    """
    spelled = name.upper()
    check_choice(
        spelled,
        COMPRESSIONS,
        f"Unknown compression '{name}'; use DEFLATE or ZSTD.",
    )
    return spelled


def tiled_profile(
    geo: dict[str, Any],
    *,
    count: int,
    dtype: str,
    nodata: float,
    predictor: int,
    compress: str = "DEFLATE",
) -> dict[str, Any]:
    """Return the one GeoTIFF profile of every raster the engine writes.

    It is tiled (:data:`TILE`), compressed (:func:`compression`), band-interleaved, and
    BigTIFF when needed.

    Parameters
    ----------
    geo
        The grid: ``width``, ``height``, ``crs`` and ``transform`` (other keys are ignored).
    count, dtype, nodata
        Bands, their data type and nodata value.
    predictor
        GDAL's predictor: 1 none, 2 horizontal differencing (integers), 3 floating point.
    compress
        One of :data:`COMPRESSIONS`, in any case.
    """
    profile = {key: geo[key] for key in ("width", "height", "crs", "transform") if key in geo}
    profile.update(
        driver="GTiff",
        count=count,
        dtype=dtype,
        nodata=nodata,
        tiled=True,
        blockxsize=TILE,
        blockysize=TILE,
        compress=compression(compress),
        predictor=predictor,
        bigtiff="IF_SAFER",
        interleave="band",
    )
    return profile


def class_map_profile(
    grid_profile: dict[str, Any], dtype: str, nodata: int, compress: str = "DEFLATE"
) -> dict[str, Any]:
    """Return the GeoTIFF profile of every class map: single band (see :func:`tiled_profile`)."""
    predictor = 2 if dtype == "uint16" else 1
    return tiled_profile(
        grid_profile, count=1, dtype=dtype, nodata=nodata, predictor=predictor, compress=compress
    )


__all__ = [
    "COMPRESSIONS",
    "TILE",
    "Grid",
    "RasterStack",
    "block_windows",
    "class_dtype",
    "class_map_profile",
    "compression",
    "tiled_profile",
    "unique_names",
]
