"""Feature recipes: features computed from the raw raster stack.

Spectral indices, neighbourhood features and covariates are computed block by block with a
halo, identically at sampling and at prediction.

A :class:`FeatureStack` wraps a :class:`~.stack.RasterStack` and offers the same interface
(``bands``, ``read(window)``...), so sampling, training and prediction use it unchanged; the
recipe travels in the sampling metadata and in the model, and nothing is written in between.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from ..deps import require
from ..errors import Cancelled, InvalidInputError
from ..labels import read_geometries
from ..stack import BandInfo, Grid, OpenedInWith, RasterStack
from .indices import INDICES, PRESETS, ROLE_NAMES, check_indices, compute_index, needed_roles
from .neighbourhood import (
    distance_to,
    focal_mean_std,
    glcm_features,
    halo_for_distance,
    quantize,
    slope_degrees,
)

GLCM_LEVELS = 8


@dataclass(frozen=True)
class FeatureRecipe:
    """What to compute from the raw bands (1-based band numbers of the raw stack).

    Parameters
    ----------
    roles, scale, offset
        Band roles (``{"red": 4, "nir": 8}``) and reflectance = value x scale + offset.
    indices
        Spectral index names (see :data:`~.indices.INDICES`).
    focal_bands, focal_size
        Bands whose focal mean and standard deviation over ``focal_size`` windows are added.
    texture_band, texture_size, texture_range
        Band whose grey-level co-occurrence contrast, homogeneity and entropy are added, and
        the value range quantized into 8 grey levels (None: measured at sampling).
    slope_band
        A DEM band whose slope (degrees) is added.
    distances
        Vector layers (path, layer, name, cap in map units) whose distance is added.
    keep_raw
        Keep the raw bands as features.

    Raises
    ------
    InvalidInputError
        On an unknown index, an index whose bands no role names, or a window size that is
        not odd and at least 3, when the recipe is made (the band numbers are checked against
        the image when the stack opens).
    """

    roles: dict[str, int] = field(default_factory=dict)
    scale: float = 1.0
    offset: float = 0.0
    indices: list[str] = field(default_factory=list)
    focal_bands: list[int] = field(default_factory=list)
    focal_size: int = 3
    texture_band: int | None = None
    texture_size: int = 5
    texture_range: tuple[float, float] | None = None
    slope_band: int | None = None
    distances: list[dict[str, Any]] = field(default_factory=list)
    keep_raw: bool = True

    def __post_init__(self) -> None:
        """Check the indices against the band roles, and the window sizes."""
        check_indices(self.indices, self.roles)
        for size in (self.focal_size, self.texture_size):
            if size < 3 or size % 2 == 0:
                raise InvalidInputError(f"Window sizes must be odd and at least 3, not {size}.")

    @classmethod
    def from_preset(cls, preset: str, **kwargs: Any) -> FeatureRecipe:
        """Build a recipe with a sensor preset's roles and scaling."""
        try:
            p = PRESETS[preset]
        except KeyError:
            raise InvalidInputError(
                f"Unknown sensor preset '{preset}'; choose among {', '.join(PRESETS)}."
            ) from None
        return cls(roles=dict(p.roles), scale=p.scale, offset=p.offset, **kwargs)

    @property
    def empty(self) -> bool:
        """True when the recipe adds nothing to the raw bands."""
        return not (
            self.indices
            or self.focal_bands
            or self.texture_band
            or self.slope_band
            or self.distances
        )

    def to_json(self) -> dict[str, Any]:
        """Return the recipe as JSON, for sampling metadata and the model manifest."""
        data = asdict(self)
        data["texture_range"] = list(self.texture_range) if self.texture_range else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> FeatureRecipe | None:
        """Read a recipe back from JSON (None when there is no recipe)."""
        if not data:
            return None
        data = dict(data)
        if data.get("texture_range"):
            data["texture_range"] = tuple(data["texture_range"])
        return cls(**data)

    @property
    def per_pixel(self) -> bool:
        """True when every feature comes from the pixel alone (bands and spectral indices).

        Focal statistics, texture and slope are computed over windows of pixels, and
        distances are rasterized on the pixel grid: their values depend on the pixel size.
        """
        return not (self.focal_bands or self.texture_band or self.slope_band or self.distances)

    def halo(self) -> int:
        """Return the pixels of raw data needed around a block."""
        return max(
            self.focal_size // 2 if self.focal_bands else 0,
            self.texture_size // 2 if self.texture_band else 0,
            1 if self.slope_band else 0,
        )


class FeatureStack(OpenedInWith):
    """A raw :class:`RasterStack` plus a recipe, seen as one stack of feature bands."""

    def __init__(self, raw: RasterStack, recipe: FeatureRecipe) -> None:
        self.raw = raw
        self.recipe = recipe
        self._shapes: dict[str, list[Any]] = {}
        self._stop: Callable[[], bool] | None = None

    def stop_when(self, stop: Callable[[], bool] | None) -> FeatureStack:
        """Have :meth:`read` raise :class:`~.errors.Cancelled` once ``stop()`` is True.

        It is asked between features and inside the texture loops, so that a cancel takes
        effect within the block being computed; ``stop`` must be safe to call from the thread
        that reads (a :class:`threading.Event`'s ``is_set``, for reads on worker threads).
        """
        self._stop = stop
        return self

    def _check(self) -> None:
        if self._stop is not None and self._stop():
            raise Cancelled("The run was cancelled; no output was written.")

    # -- the RasterStack interface ------------------------------------------------------
    def open(self) -> None:
        """Open the raw stack, check the recipe against it and read the distance layers."""
        self.raw.open()
        self._validate()
        self._load_distances()

    def close(self) -> None:
        """Close the raw stack."""
        self.raw.close()

    def reopen(self) -> FeatureStack:
        """Return an unopened copy (each thread opens its own)."""
        return FeatureStack(self.raw.reopen(), self.recipe).stop_when(self._stop)

    paths = property(lambda self: self.raw.paths)
    crs = property(lambda self: self.raw.crs)
    transform = property(lambda self: self.raw.transform)
    width = property(lambda self: self.raw.width)
    height = property(lambda self: self.raw.height)
    block_shape = property(lambda self: self.raw.block_shape)
    factor = property(lambda self: self.raw.factor)

    @property
    def grid(self) -> Grid:
        """The raw stack's grid."""
        return self.raw.grid

    @property
    def feature_dtype(self) -> np.dtype[Any]:
        """Features are float32."""
        return np.dtype("float32")

    def tags(self, band: int = 1) -> dict[str, str]:
        """Tags of the first raster."""
        return self.raw.tags(band)

    @property
    def bands(self) -> list[BandInfo]:
        """Raw bands (if kept), then the derived features, named."""
        raw = self.raw.bands
        out = list(raw) if self.recipe.keep_raw else []
        for name in self._derived_names(raw):
            out.append(BandInfo(name, True, "", 0, False))
        return out

    @property
    def count(self) -> int:
        """Number of features."""
        return len(self.bands)

    @property
    def band_names(self) -> list[str]:
        """Feature names."""
        return [b.name for b in self.bands]

    def definition(self) -> dict[str, Any]:
        """Stack definition: the feature bands, the raw stack's resampling, the recipe."""
        return {
            "resampling": self.raw.resampling,
            "bands": [b.to_json() for b in self.bands],
            "recipe": self.recipe.to_json(),
        }

    # -- features -----------------------------------------------------------------------
    def _derived_names(self, raw: list[BandInfo]) -> list[str]:
        r = self.recipe
        names = [INDICES[i.upper()].name for i in r.indices]
        for b in r.focal_bands:
            names += [
                f"{raw[b - 1].name}_mean{r.focal_size}",
                f"{raw[b - 1].name}_std{r.focal_size}",
            ]
        if r.texture_band:
            base = raw[r.texture_band - 1].name
            names += [
                f"{base}_glcm_{k}{r.texture_size}" for k in ("contrast", "homogeneity", "entropy")
            ]
        if r.slope_band:
            names.append("slope")
        names += [f"distance_{d['name']}" for d in r.distances]
        return names

    def _validate(self) -> None:
        r = self.recipe
        n = self.raw.count
        for name in r.indices:
            roles = [x for x in INDICES[name.upper()].roles if not 1 <= r.roles[x] <= n]
            if roles:
                raise InvalidInputError(
                    f"{name.upper()} needs the {' and '.join(ROLE_NAMES[x] for x in roles)} "
                    f"band(s), which the chosen sensor preset puts at band(s) "
                    f"{' and '.join(str(r.roles[x]) for x in roles)}, but the image has {n} "
                    f"band(s): choose the preset of the image's sensor, or untick {name.upper()}."
                )
        chosen = [("focal statistics", b) for b in r.focal_bands] + [
            ("texture", r.texture_band),
            ("slope", r.slope_band),
        ]
        for what, band in chosen:
            if band is not None and not 1 <= band <= n:
                raise InvalidInputError(
                    f"Band {band} is chosen for {what}, but the image has {n} band(s): "
                    f"choose a band between 1 and {n}."
                )

    def _load_distances(self) -> None:
        """Return, for each distance layer, the grid pixels it passes through and its polygons.

        The pixels are those its points, lines and polygon rings pass through (densified at a
        quarter pixel, in whole-grid pixel coordinates, so every window sees the same pixels);
        the polygons are kept for their interiors.
        """
        inv = ~self.transform
        affine = require("shapely.affinity").affine_transform
        matrix = [inv.a, inv.b, inv.d, inv.e, inv.c, inv.f]
        for spec in self.recipe.distances:
            geometry = read_geometries(spec["path"], layer=spec.get("layer"), what="distance layer")
            geometry = geometry.in_crs(self.raw.grid.crs_wkt)
            shapes = [affine(g, matrix) for g in geometry.shapes if g is not None]
            cols, rows = inv * (
                geometry.xs[np.isfinite(geometry.xs)],
                geometry.ys[np.isfinite(geometry.xs)],
            )
            points = [np.column_stack([np.asarray(cols), np.asarray(rows)])]
            points += [_densify(line) for g in shapes for line in _lines(g)]
            cells = (
                np.floor(np.concatenate(points)).astype(np.int64) if points else np.empty((0, 2))
            )
            polygons = [g for g in shapes if g.geom_type.endswith("Polygon")]
            self._shapes[spec["name"]] = [np.unique(cells, axis=0), polygons]

    def read(self, window: Any) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.bool_]]:
        """Read the features of a window and the valid mask (raw nodata, or a feature undefined)."""
        r = self.recipe
        h = r.halo()
        data, valid = self._padded_raw(window, h)
        inner = (slice(h, data.shape[1] - h), slice(h, data.shape[2] - h))
        feats: list[npt.NDArray[Any]] = [data[:, inner[0], inner[1]]] if r.keep_raw else []
        ok = valid[inner].copy()
        reflectance = {
            role: data[r.roles[role] - 1][inner] * r.scale + r.offset
            for role in needed_roles(r.indices)
        }
        for name in r.indices:
            feats.append(compute_index(name, reflectance)[None])
        for b in r.focal_bands:
            self._check()
            band, mask = _trim(data[b - 1], valid, h, r.focal_size // 2)
            mean, std = focal_mean_std(band.astype(np.float64), mask, r.focal_size)
            feats += [mean[None], std[None]]
        if r.texture_band:
            self._check()
            low, high = r.texture_range or (0.0, 1.0)
            band, mask = _trim(data[r.texture_band - 1], valid, h, r.texture_size // 2)
            q = quantize(band.astype(np.float64), mask, low, high, GLCM_LEVELS)
            glcm = glcm_features(q, r.texture_size, GLCM_LEVELS, self._check)
            feats += [glcm[k][None] for k in ("contrast", "homogeneity", "entropy")]
        if r.slope_band:
            dem, vmask = _trim(data[r.slope_band - 1], valid, h, 1)
            geographic = bool(self.crs is not None and self.crs.is_geographic)
            feats.append(
                slope_degrees(
                    dem.astype(np.float64), vmask, self.transform, geographic, int(window.row_off)
                )[None]
            )
        for spec in r.distances:
            self._check()
            feats.append(self._distance(window, spec)[None])
        out = np.concatenate(feats, axis=0).astype(np.float32)
        ok &= np.all(np.isfinite(out), axis=0)
        return out, ok

    def _padded_raw(
        self, window: Any, h: int
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.bool_]]:
        """Read the raw window with ``h`` pixels around it; beyond the image: 0 and invalid."""
        windows = require("rasterio.windows")
        r0, c0 = int(window.row_off) - h, int(window.col_off) - h
        rows, cols = int(window.height) + 2 * h, int(window.width) + 2 * h
        top, left = max(r0, 0), max(c0, 0)
        bottom, right = min(r0 + rows, self.height), min(c0 + cols, self.width)
        data = np.zeros((self.raw.count, rows, cols), dtype=np.float32)
        valid = np.zeros((rows, cols), dtype=bool)
        part, ok = self.raw.read(windows.Window(left, top, right - left, bottom - top))
        data[:, top - r0 : bottom - r0, left - c0 : right - c0] = part
        valid[top - r0 : bottom - r0, left - c0 : right - c0] = ok
        data[:, ~valid] = 0.0
        return data, valid

    def _distance(self, window: Any, spec: dict[str, Any]) -> npt.NDArray[np.float64]:
        features = require("rasterio.features")
        translate = require("shapely.affinity").translate
        pixel = (abs(self.transform.a), abs(self.transform.e))
        cap = float(spec["max_distance"])
        h = halo_for_distance(cap, pixel)
        col0, row0 = int(window.col_off) - h, int(window.row_off) - h
        shape = (int(window.height) + 2 * h, int(window.width) + 2 * h)
        cells, polygons = self._shapes.get(spec["name"], [np.empty((0, 2)), []])
        mask = np.zeros(shape, dtype=bool)
        c, r = cells[:, 0] - col0, cells[:, 1] - row0
        inside = (r >= 0) & (r < shape[0]) & (c >= 0) & (c < shape[1])
        mask[r[inside], c[inside]] = True
        hits = [
            g
            for g in polygons
            if g.bounds[0] <= col0 + shape[1]
            and g.bounds[2] >= col0
            and g.bounds[1] <= row0 + shape[0]
            and g.bounds[3] >= row0
        ]
        if hits:  # polygon interiors: pixel centres inside (their rings are in ``cells``)
            burned = features.rasterize(
                [(translate(g, -col0, -row0), 1) for g in hits],
                out_shape=shape,
                transform=require("affine").Affine.identity(),
                dtype="uint8",
            )
            mask |= burned > 0
        return distance_to(mask, pixel, cap, h)


def _lines(geom: Any) -> list[Any]:
    """Return the lines of a geometry: itself, its parts, or its polygons' rings."""
    if hasattr(geom, "geoms"):
        return [line for part in geom.geoms for line in _lines(part)]
    if geom.geom_type == "Polygon":
        return [geom.exterior, *geom.interiors]
    if geom.geom_type in ("LineString", "LinearRing"):
        return [geom]
    return []


def _densify(line: Any, step: float = 0.25) -> npt.NDArray[np.float64]:
    """Return points along a line (pixel coordinates) at most ``step`` apart, vertices included."""
    xy = np.asarray(line.coords, dtype=np.float64)[:, :2]
    if len(xy) < 2:
        return xy
    parts = []
    for i in range(len(xy) - 1):
        a, b = xy[i], xy[i + 1]
        n = max(2, int(np.ceil(float(np.hypot(b[0] - a[0], b[1] - a[1])) / step)) + 1)
        parts.append(a + np.linspace(0.0, 1.0, n)[:, None] * (b - a))
    return np.concatenate(parts)


def _trim(
    band: npt.NDArray[Any], valid: npt.NDArray[np.bool_], h: int, need: int
) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
    """Cut a band and mask padded by ``h`` down to a padding of ``need``."""
    cut = h - need
    if cut == 0:
        return band, valid
    return band[cut:-cut, cut:-cut], valid[cut:-cut, cut:-cut]


def open_stack(
    paths: list[str],
    *,
    resampling: str = "nearest",
    nodata: float | None = None,
    recipe: FeatureRecipe | None = None,
    resolution: float | None = None,
) -> RasterStack | FeatureStack:
    """Return the raw stack, or the feature stack when a recipe adds features.

    ``resolution``: the pixel size to read at (see :class:`~..stack.RasterStack`), for a
    recipe whose features are :attr:`~FeatureRecipe.per_pixel` only.

    Raises
    ------
    InvalidInputError
        If a ``resolution`` is given with a recipe that is not per pixel.
    """
    if resolution is not None and recipe is not None and not recipe.per_pixel:
        raise InvalidInputError(
            "Features over neighbouring pixels (focal statistics, texture, slope) or distances "
            "cannot be computed at another resolution than the image's: leave the resolution "
            "empty."
        )
    raw = RasterStack(paths, resampling=resampling, nodata=nodata, resolution=resolution)
    if recipe is None or recipe.empty:
        return raw
    if recipe.texture_band and recipe.texture_range is None:
        with raw.reopen() as probe:
            recipe = replace(recipe, texture_range=measure_range(probe, recipe.texture_band))
    return FeatureStack(raw, recipe)


def measure_range(stack: RasterStack, band: int) -> tuple[float, float]:
    """Measure the 2nd and 98th percentiles of a raw band (decimated read), for texture levels."""
    data = stack.decimated(band).astype(np.float64)
    data = data[np.isfinite(data)]
    if data.size == 0:
        raise InvalidInputError(f"Band {band} has no valid value to measure texture levels.")
    low, high = np.percentile(data, [2, 98])
    return float(low), float(high if high > low else low + 1.0)


def write_feature_stack(
    raster_paths: list[str],
    recipe: FeatureRecipe,
    output_path: str,
    *,
    resampling: str = "nearest",
    nodata: float | None = None,
    max_memory_mb: float = 512,
    progress: Any = None,
) -> list[str]:
    """Write the features of a recipe as a float32 GeoTIFF, and return the band names.

    The bands are named and nodata is NaN, for a look at the features or use elsewhere.

    Parameters
    ----------
    raster_paths
        The rasters, stacked in order (on the first one's grid).
    recipe
        The features to compute (:class:`FeatureRecipe`).
    output_path
        The GeoTIFF to write.
    resampling, nodata
        As in :class:`~..stack.RasterStack`.
    max_memory_mb
        Memory budget of a block.
    progress
        Progress and cancel callback.

    Returns
    -------
    list of str
        The names of the bands written.
    """
    from ..files import atomic_output
    from ..geotiff import block_windows, tiled_profile
    from ..progress import NullProgress, check_cancel

    progress = progress or NullProgress()
    rasterio = require("rasterio")
    with open_stack(raster_paths, resampling=resampling, nodata=nodata, recipe=recipe) as stack:
        if isinstance(stack, FeatureStack):
            stack.stop_when(progress.cancelled)
        names = stack.band_names
        per_pixel = 4 * (stack.count * 4 + len(stack.paths) * 8)
        windows = list(
            block_windows(stack.width, stack.height, int(max_memory_mb * 1024 * 1024 / per_pixel))
        )
        grid = {
            "width": stack.width,
            "height": stack.height,
            "crs": stack.crs,
            "transform": stack.transform,
        }
        profile = tiled_profile(
            grid, count=len(names), dtype="float32", nodata=float("nan"), predictor=3
        )
        with (
            atomic_output(output_path, "feature stack", stop=progress.cancelled) as tmp,
            rasterio.open(tmp, "w", **profile) as dst,
        ):
            for k, window in enumerate(windows):
                check_cancel(progress)
                data, valid = stack.read(window)
                data = data.astype(np.float32)
                data[:, ~valid] = np.nan
                dst.write(data, window=window)
                progress.report((k + 1) / len(windows))
            for band, name in enumerate(names, start=1):
                dst.set_band_description(band, name)
    return names
