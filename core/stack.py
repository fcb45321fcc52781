"""A stack of rasters read as one band stack on the grid of the first raster.

Rasters on that grid are read directly; a raster on another grid or in another CRS is resampled
on the fly (a GDAL warped VRT, window by window), never written out as a full copy.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from .deps import require
from .errors import CrsMismatchError, InputReadError, InvalidInputError, check_choice
from .grid import decimation
from .io_errors import is_io_error, reason

#: Resampling of rasters not on the first raster's grid: nearest for categorical layers,
#: bilinear for continuous ones.
RESAMPLING = ("nearest", "bilinear")


def check_resampling(resampling: str) -> None:
    """Refuse a resampling method other than those of :data:`RESAMPLING`.

    Raises
    ------
    InvalidInputError
        Naming the method and the choices.
    """
    check_choice(
        resampling,
        RESAMPLING,
        f"Unknown resampling '{resampling}'; choose one of: {', '.join(RESAMPLING)}.",
    )


#: Names the stack gives bands without a description of their own.
GENERIC_NAME = re.compile(r"^b\d+$")
#: GDAL block cache while a stack is open, in MB.
GDAL_CACHE_MB = 64
_WIDE = {"float64", "int32", "uint32", "int64", "uint64", "complex64", "complex128"}
#: Pixels of a window: (rows, cols) index arrays; and a valid mask.
Pixels = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]
Mask = npt.NDArray[np.bool_]


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


@dataclass(frozen=True)
class BandInfo:
    """One band of the stack: its feature name and where it comes from.

    ``described`` says whether the name is the band's own description (else ``bN`` by
    position).
    """

    name: str
    described: bool
    file: str
    band: int
    resampled: bool

    def to_json(self) -> dict[str, object]:
        """Return the band as JSON, for the model manifest."""
        return dict(self.__dict__)


class _Member:
    """One raster of the stack, possibly seen through a warped VRT."""

    def __init__(self, path: str, dataset: Any, view: Any, extra_nodata: float | None) -> None:
        self.path = path
        self.dataset = dataset
        self.view = view
        self.count = int(dataset.count)
        self.indexes = list(range(1, self.count + 1))
        self.extra_nodata = extra_nodata
        # A warped raster without nodata gets an alpha band: 0 outside the source's extent.
        self.alpha = view is not dataset and dataset.nodata is None and extra_nodata is None
        # Masks that only say "nodata" (or "all valid") are computed from the values: asking
        # GDAL for them costs another pass over the blocks.
        flags = require("rasterio.enums").MaskFlags
        plain = {flags.nodata, flags.all_valid}
        self.nodata_values: list[float] | None = None
        if view is dataset and all(set(f) <= plain for f in dataset.mask_flag_enums):
            self.nodata_values = [v for v in dataset.nodatavals if v is not None]

    def read(self, window: Any, out: npt.NDArray[Any], at: Pixels | None = None) -> Mask:
        """Read the data bands into ``out``; return the valid mask (NaN is left to the caller).

        A window larger than ``out`` is read decimated to its shape (nearest neighbour, from
        the rasters' overviews where they have some). With ``at`` (rows, cols in the window),
        only those pixels: ``out`` is (bands, pixels).

        Raises
        ------
        InputReadError
            If GDAL cannot read the window (truncated or damaged file, I/O error).
        """
        try:
            return self._read(window, out, at)
        except Exception as exc:
            if not is_io_error(exc):
                raise
            raise unreadable(self.path, exc, window) from exc

    def _read(self, window: Any, out: npt.NDArray[Any], at: Pixels | None) -> Mask:
        # decimated to out's shape when the window is larger (never with ``at``)
        shape = {} if at is not None else {"out_shape": out.shape}

        def pick(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
            return array if at is None else array[..., at[0], at[1]]

        if at is None:
            out[:] = self.view.read(
                indexes=self.indexes, window=window, out_dtype=out.dtype, **shape
            )
        else:  # converted after picking: the same values, without a pass over the window
            out[:] = pick(self.view.read(indexes=self.indexes, window=window))
        valid = np.ones(out.shape[1:], dtype=bool)
        if self.alpha:
            alpha_shape = {} if at is not None else {"out_shape": valid.shape}
            valid &= pick(self.view.read(self.count + 1, window=window, **alpha_shape)) > 0
        elif self.nodata_values is not None:
            for value in set(self.nodata_values):
                if not np.isnan(value):
                    valid &= np.all(out != value, axis=0)
        else:
            masks = self.view.read_masks(indexes=self.indexes, window=window, **shape)
            valid &= np.all(pick(masks) > 0, axis=0)
        if self.extra_nodata is not None:
            valid &= np.all(out != self.extra_nodata, axis=0)
        return valid

    def close(self) -> None:
        if self.view is not self.dataset:
            self.view.close()
        self.dataset.close()


_Opened = TypeVar("_Opened", bound="OpenedInWith")


class OpenedInWith:
    """A context manager over :meth:`open` and :meth:`close`.

    ``with`` opens, and closes on leaving or when opening fails part way (``close`` must
    accept a partial open).
    """

    def open(self) -> None:
        """Open the resources."""
        raise NotImplementedError

    def close(self) -> None:
        """Release what :meth:`open` took, however far it got."""
        raise NotImplementedError

    def __enter__(self: _Opened) -> _Opened:
        """Open, closing again if opening fails part way."""
        try:
            self.open()
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
        """Close."""
        self.close()


class RasterStack(OpenedInWith):
    """Several rasters read as one band stack (bands in the order given) on the first's grid.

    Use as a context manager. A pixel that is nodata (or NaN) in any band is invalid.

    Parameters
    ----------
    paths
        Raster files (or GDAL dataset strings); the first one defines the grid and CRS.
    resampling
        ``"nearest"`` or ``"bilinear"``: how rasters on another grid are resampled.
    nodata
        Nodata value for rasters that declare none (None: such rasters have no nodata).
    resolution
        Pixel size to read at, in the first raster's map units (None: its own). The stack
        then shows a coarser grid, whose pixels are whole multiples of the first raster's
        (:func:`~.grid.decimation`) from its top-left corner, and the columns and rows left
        over at the right and bottom are not read; each window is read decimated with
        nearest neighbour (from overviews where the rasters have them), so a pixel takes the
        value of the image's pixel at its centre (just below and to the right of it for an
        even factor).
    """

    def __init__(
        self,
        paths: Sequence[str | os.PathLike[str]],
        *,
        resampling: str = "nearest",
        nodata: float | None = None,
        resolution: float | None = None,
    ) -> None:
        if not paths:
            raise InvalidInputError("No raster was given: choose at least one raster layer.")
        check_resampling(resampling)
        self.paths = [str(p) for p in paths]
        self.resampling = resampling
        self.nodata = nodata
        self.resolution = resolution
        #: Image pixels per stack pixel (columns, rows), set when the stack opens.
        self.factor = (1, 1)
        self._members: list[_Member] = []
        self._env: Any = None

    def open(self) -> None:
        """Open every raster (what ``with`` does; :meth:`close` undoes it)."""
        # Every block is read once, so GDAL's block cache (5 % of RAM by default) only adds
        # memory: keep it small while the stack is open. The cache is the process's: resizing
        # it evicts blocks other threads may be using, and in QGIS's desktop the canvas draws
        # in threads of its own (a run in the background aborted at random). So only from the
        # main thread (qgis_process, Python); a background run leaves QGIS's cache as it is.
        rasterio = require("rasterio")
        main = threading.current_thread() is threading.main_thread()
        self._env = rasterio.Env(GDAL_CACHEMAX=GDAL_CACHE_MB) if main else rasterio.Env()
        self._env.__enter__()
        for path in self.paths:
            self._members.append(self._open(path))
        first = self._members[0].dataset
        wanted = decimation(first.res, self.resolution)
        self.factor = (min(wanted[0], first.width), min(wanted[1], first.height))

    def close(self) -> None:
        """Close every dataset."""
        for member in self._members:
            member.close()
        self._members = []
        if self._env is not None:
            self._env.__exit__(None, None, None)
            self._env = None

    def _open(self, path: str) -> _Member:
        try:
            return self._open_member(path)
        except Exception as exc:
            if not is_io_error(exc):
                raise
            raise InputReadError(
                f"Cannot open the raster '{path}': {reason(exc)}. Check the path and that it "
                "is a complete raster file GDAL reads."
            ) from exc

    def _open_member(self, path: str) -> _Member:
        dataset = require("rasterio").open(path)
        extra = self.nodata if dataset.nodata is None else None
        if not self._members:
            return _Member(path, dataset, dataset, extra)
        first = self._members[0].dataset
        same_crs = dataset.crs == first.crs
        if (
            same_crs
            and (dataset.width, dataset.height) == (first.width, first.height)
            and dataset.transform.almost_equals(first.transform)
        ):
            return _Member(path, dataset, dataset, extra)
        if not same_crs and (dataset.crs is None or first.crs is None):
            dataset.close()
            raise CrsMismatchError(
                f"The raster '{path}' and '{self.paths[0]}' are on different grids and one of "
                "them has no CRS, so they cannot be aligned. Assign a CRS to both."
            )
        vrt = require("rasterio.vrt").WarpedVRT(
            dataset,
            crs=first.crs,
            transform=first.transform,
            width=first.width,
            height=first.height,
            resampling=require("rasterio.enums").Resampling[self.resampling],
            src_nodata=dataset.nodata if extra is None else extra,
            nodata=dataset.nodata if extra is None else extra,
            add_alpha=dataset.nodata is None and extra is None,
        )
        return _Member(path, dataset, vrt, extra)

    @property
    def grid(self) -> Grid:
        """The grid of the stack (that of the first raster, coarser at a ``resolution``)."""
        first = self._members[0].dataset
        crs = first.crs.to_wkt() if first.crs else ""
        return Grid(self.width, self.height, tuple(self.transform)[:6], crs)

    @property
    def crs(self) -> Any:
        """The rasterio CRS of the stack (None if the first raster has none)."""
        return self._members[0].dataset.crs

    @property
    def transform(self) -> Any:
        """The affine transform of the stack."""
        scale = require("affine").Affine.scale(*self.factor)
        return self._members[0].dataset.transform * scale

    @property
    def width(self) -> int:
        """Columns."""
        return int(self._members[0].dataset.width) // self.factor[0]

    @property
    def height(self) -> int:
        """Rows."""
        return int(self._members[0].dataset.height) // self.factor[1]

    @property
    def count(self) -> int:
        """Total number of bands over all rasters."""
        return sum(m.count for m in self._members)

    @property
    def bands(self) -> list[BandInfo]:
        """One entry per band, in stack order; names are unique."""
        raw: list[tuple[str, bool, _Member, int]] = []
        for member in self._members:
            for index, desc in enumerate(member.dataset.descriptions, start=1):
                text = (desc or "").strip()
                named = bool(text) and not GENERIC_NAME.match(text)
                raw.append((text if named else f"b{len(raw) + 1}", named, member, index))
        names = unique_names([r[0] for r in raw])
        return [
            BandInfo(name, named, os.path.basename(m.path), index, m.view is not m.dataset)
            for name, (_, named, m, index) in zip(names, raw)
        ]

    @property
    def band_names(self) -> list[str]:
        """One name per band: the band description, else ``b1..bN`` by position in the stack."""
        return [b.name for b in self.bands]

    def definition(self) -> dict[str, Any]:
        """Return the stack definition stored with samples and models: bands and resampling."""
        return {"resampling": self.resampling, "bands": [b.to_json() for b in self.bands]}

    def reopen(self) -> RasterStack:
        """Return an unopened copy with the same options (each thread opens its own)."""
        return RasterStack(
            self.paths, resampling=self.resampling, nodata=self.nodata, resolution=self.resolution
        )

    def decimated(self, band: int, max_side: int = 1024) -> npt.NDArray[Any]:
        """Read a band of the stack at reduced resolution (masked array), for statistics."""
        rasterio = require("rasterio")
        index = band
        for member in self._members:
            if index <= member.count:
                view = member.view
                scale = max(1, -(-max(view.width, view.height) // max_side))
                shape = (max(1, view.height // scale), max(1, view.width // scale))
                try:
                    data = view.read(
                        index,
                        out_shape=shape,
                        masked=True,
                        resampling=rasterio.enums.Resampling.nearest,
                    )
                except Exception as exc:
                    if not is_io_error(exc):
                        raise
                    raise unreadable(member.path, exc) from exc
                return np.asarray(data.compressed())
            index -= member.count
        raise InvalidInputError(f"The stack has no band {band}.")

    def tags(self, band: int = 1) -> dict[str, str]:
        """Metadata of a band of the first raster."""
        return dict(self._members[0].dataset.tags(band))

    @property
    def block_shape(self) -> tuple[int, int]:
        """Internal block (rows, cols) of the first band of the first raster."""
        rows, cols = self._members[0].dataset.block_shapes[0]
        return int(rows), int(cols)

    @property
    def feature_dtype(self) -> np.dtype[Any]:
        """float32 unless a band needs float64 to be exact (64-bit floats, 32-bit integers)."""
        if any(dt in _WIDE for m in self._members for dt in m.dataset.dtypes):
            return np.dtype("float64")
        return np.dtype("float32")

    def read(self, window: Any, at: Pixels | None = None) -> tuple[npt.NDArray[Any], Mask]:
        """Read a window (of the stack's grid) of every band, or only the pixels ``at`` of it.

        Parameters
        ----------
        window
            A rasterio window of the stack's grid (coarser than the rasters' with a
            resolution: then read decimated).
        at
            Optional (rows, cols) arrays of pixels, relative to the window: then only their
            values are returned, as if picked from the window's (but without converting and
            checking all of it). Only at the rasters' own resolution.

        Returns
        -------
        data : ndarray, shape (bands, rows, cols), or (bands, pixels) with ``at``
            Band values as :attr:`feature_dtype`.
        valid : ndarray of bool, shape (rows, cols), or (pixels,) with ``at``
            True where no band is nodata or NaN.
        """
        rows, cols = int(window.height), int(window.width)
        shape = (rows, cols) if at is None else (len(at[0]),)
        data = np.empty((self.count, *shape), dtype=self.feature_dtype)
        valid = np.ones(shape, dtype=bool)
        source = window
        if self.factor != (1, 1):
            if at is not None:
                raise ValueError("pixels are picked at the rasters' own resolution only")
            fx, fy = self.factor
            source = require("rasterio.windows").Window(
                int(window.col_off) * fx, int(window.row_off) * fy, cols * fx, rows * fy
            )
        band = 0
        for member in self._members:
            valid &= member.read(source, data[band : band + member.count], at)
            band += member.count
        if data.dtype.kind == "f":
            valid &= np.all(np.isfinite(data), axis=0)
        return data, valid


def unreadable(path: str, exc: BaseException, window: Any = None) -> InputReadError:
    """Return the error for a raster GDAL fails to read: which file, where, and what to do."""
    where = ""
    if window is not None:
        where = f" (block at row {int(window.row_off)}, column {int(window.col_off)})"
    return InputReadError(
        f"Cannot read the raster '{path}'{where}: {reason(exc)}. The file is truncated, "
        "damaged or on a failing disk: check it (e.g. gdalinfo -checksum) or export it again."
    )


def unique_names(names: Sequence[str]) -> list[str]:
    """Make names unique (case-insensitively) by suffixing repeats with ``_2``, ``_3``..."""
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


def check_stack(expected: Sequence[dict[str, Any]], given: Sequence[BandInfo]) -> str | None:
    """Compare a model's stack definition with the stack given; return what is wrong, or None.

    Counts must match; where the model's bands have names of their own, each must be present
    and in the same position.
    """
    if len(expected) != len(given):
        return (
            f"The model was trained on {len(expected)} bands "
            f"({', '.join(str(b['name']) for b in expected)}) but the rasters given have "
            f"{len(given)} bands ({', '.join(b.name for b in given)})."
        )
    given_names = [b.name.lower() for b in given]
    for position, band in enumerate(expected, start=1):
        name = str(band["name"])
        if not band.get("described") or given_names[position - 1] == name.lower():
            continue
        if name.lower() not in given_names:
            return (
                f"The band '{name}' (band {position} of the model) is missing from the rasters "
                f"given, whose bands are: {', '.join(b.name for b in given)}."
            )
        found = given_names.index(name.lower()) + 1
        return (
            f"The bands are out of order: the model expects '{name}' as band {position}, but it "
            f"is band {found} of the rasters given. Give the rasters in the order used for "
            f"training: {', '.join(str(b['name']) for b in expected)}."
        )
    return None
