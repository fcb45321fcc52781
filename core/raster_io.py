"""Raster input and output: a stack of rasters read block by block, and the class-map profile."""

from __future__ import annotations

import math
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import numpy as np
import numpy.typing as npt

from .errors import InvalidInputError

#: Output tiles, and the alignment of prediction blocks.
TILE = 256


def _rasterio() -> Any:
    from .deps import require

    return require("rasterio")


@dataclass(frozen=True)
class Grid:
    """The pixel grid of a raster: size, georeferencing and CRS (as WKT, or '' if none)."""

    width: int
    height: int
    transform: tuple[float, ...]
    crs_wkt: str

    @property
    def pixel_size(self) -> tuple[float, float]:
        """Pixel width and height in CRS units."""
        return abs(self.transform[0]), abs(self.transform[4])


class RasterStack:
    """Several rasters on one grid, read as one band stack (bands in the order given).

    Use as a context manager. Pixels that are nodata (or NaN) in any band are invalid.

    Parameters
    ----------
    paths
        Raster files (or GDAL dataset strings); the first one defines the grid.
    """

    def __init__(self, paths: Sequence[str | os.PathLike[str]]) -> None:
        if not paths:
            raise InvalidInputError("No raster was given: choose at least one raster layer.")
        self.paths = [str(p) for p in paths]
        self._datasets: list[Any] = []

    def __enter__(self) -> RasterStack:
        rasterio = _rasterio()
        try:
            for path in self.paths:
                try:
                    self._datasets.append(rasterio.open(path))
                except rasterio.errors.RasterioIOError as exc:
                    raise InvalidInputError(
                        f"Cannot open the raster '{path}': {exc}. Check the path and that it is "
                        "a raster format GDAL reads."
                    ) from exc
            self._check_same_grid()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close every dataset."""
        for ds in self._datasets:
            ds.close()
        self._datasets = []

    def _check_same_grid(self) -> None:
        first = self._datasets[0]
        for path, ds in zip(self.paths[1:], self._datasets[1:]):
            if (ds.width, ds.height) != (
                first.width,
                first.height,
            ) or not ds.transform.almost_equals(first.transform):
                raise InvalidInputError(
                    f"The raster '{path}' is not on the grid of '{self.paths[0]}' "
                    f"({ds.width}x{ds.height} pixels vs {first.width}x{first.height}, or another "
                    "origin or pixel size). Give rasters on one grid (e.g. align them with "
                    "GDAL's Warp) or use a single multiband image."
                )
            if ds.crs != first.crs:
                raise InvalidInputError(
                    f"The raster '{path}' is in {ds.crs} but '{self.paths[0]}' is in {first.crs}. "
                    "Give rasters in one CRS."
                )

    @property
    def grid(self) -> Grid:
        """The grid of the stack (that of the first raster)."""
        first = self._datasets[0]
        return Grid(
            first.width,
            first.height,
            tuple(first.transform)[:6],
            first.crs.to_wkt() if first.crs else "",
        )

    @property
    def crs(self) -> Any:
        """The rasterio CRS of the stack (None if the raster has none)."""
        return self._datasets[0].crs

    @property
    def transform(self) -> Any:
        """The affine transform of the stack."""
        return self._datasets[0].transform

    @property
    def width(self) -> int:
        """Columns."""
        return int(self._datasets[0].width)

    @property
    def height(self) -> int:
        """Rows."""
        return int(self._datasets[0].height)

    @property
    def count(self) -> int:
        """Total number of bands over all rasters."""
        return sum(int(ds.count) for ds in self._datasets)

    @property
    def band_names(self) -> list[str]:
        """One name per band: the band description, else ``b1..bN`` by position in the stack."""
        names: list[str] = []
        for ds in self._datasets:
            for desc in ds.descriptions:
                names.append(desc.strip() if desc and desc.strip() else f"b{len(names) + 1}")
        return unique_names(names)

    @property
    def block_shape(self) -> tuple[int, int]:
        """Internal block (rows, cols) of the first band of the first raster."""
        rows, cols = self._datasets[0].block_shapes[0]
        return int(rows), int(cols)

    @property
    def feature_dtype(self) -> np.dtype[Any]:
        """float32 unless a band needs float64 to be exact (64-bit floats, 32-bit integers)."""
        wide = {"float64", "int32", "uint32", "int64", "uint64", "complex64", "complex128"}
        if any(dt in wide for ds in self._datasets for dt in ds.dtypes):
            return np.dtype("float64")
        return np.dtype("float32")

    def read(self, window: Any) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
        """Read a window of every band.

        Returns
        -------
        data : ndarray, shape (bands, rows, cols)
            Band values as :attr:`feature_dtype`.
        valid : ndarray of bool, shape (rows, cols)
            True where no band is nodata or NaN.
        """
        rows, cols = int(window.height), int(window.width)
        data = np.empty((self.count, rows, cols), dtype=self.feature_dtype)
        valid = np.ones((rows, cols), dtype=bool)
        band = 0
        for ds in self._datasets:
            data[band : band + ds.count] = ds.read(window=window)
            valid &= np.all(ds.read_masks(window=window) > 0, axis=0)
            band += ds.count
        if data.dtype.kind == "f":
            valid &= np.all(np.isfinite(data), axis=0)
        return data, valid


def unique_names(names: Sequence[str]) -> list[str]:
    """Make names unique by suffixing repeats with ``_2``, ``_3``..."""
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        candidate, k = name, 1
        while candidate.lower() in seen:
            k += 1
            candidate = f"{name}_{k}"
        seen.add(candidate.lower())
        out.append(candidate)
    return out


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


def class_map_profile(grid_profile: dict[str, Any], dtype: str, nodata: int) -> dict[str, Any]:
    """The one GeoTIFF profile of every class map: single band, tiled, compressed."""
    profile = {
        key: grid_profile[key]
        for key in ("width", "height", "crs", "transform")
        if key in grid_profile
    }
    profile.update(
        driver="GTiff",
        count=1,
        dtype=dtype,
        nodata=nodata,
        tiled=True,
        blockxsize=TILE,
        blockysize=TILE,
        compress="deflate",
        zlevel=6,
        predictor=2 if dtype == "uint16" else 1,
        bigtiff="IF_SAFER",
        interleave="band",
    )
    return profile


def grid_profile(stack: RasterStack) -> dict[str, Any]:
    """Width, height, CRS and transform of a stack, for :func:`class_map_profile`."""
    return {
        "width": stack.width,
        "height": stack.height,
        "crs": stack.crs,
        "transform": stack.transform,
    }


__all__ = [
    "TILE",
    "Grid",
    "RasterStack",
    "block_windows",
    "class_dtype",
    "class_map_profile",
    "grid_profile",
    "unique_names",
]
