"""Label layers: read any vector (points, lines, polygons) and turn features into pixels."""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .deps import require
from .errors import InvalidInputError
from .legend import normalise_color
from .progress import Progress, check_cancel


@dataclass(frozen=True)
class LabelPixels:
    """Pixels given by label features: one entry per (feature, pixel) inside the grid.

    ``outside`` flags the features that give no pixel inside the grid.
    """

    feature: npt.NDArray[np.int64]
    rows: npt.NDArray[np.int64]
    cols: npt.NDArray[np.int64]
    xs: npt.NDArray[np.float64]
    ys: npt.NDArray[np.float64]
    outside: npt.NDArray[np.bool_]


def read_labels(
    path: str | os.PathLike[str],
    class_field: str,
    *,
    layer: str | None = None,
    extra_fields: Sequence[str | None] = (),
) -> Any:
    """Read a label layer with its feature ids (column ``feature_id``) and check its fields.

    Features whose class is empty or whose geometry is missing are left out.

    Raises
    ------
    InvalidInputError
        If the layer cannot be read, is empty, lacks a field, or the class field is empty.
    """
    fiona = require("fiona")
    gpd = require("geopandas")
    try:
        with fiona.open(path, layer=layer) if layer else fiona.open(path) as src:
            features = list(src)
            crs = src.crs_wkt or None
            fields = list(src.schema["properties"])
    except Exception as exc:  # fiona raises many types; all mean "cannot read"
        raise InvalidInputError(f"Cannot read the label layer '{path}': {exc}.") from exc
    if not features:
        raise InvalidInputError(
            f"The label layer '{path}' has no features: add labelled points or polygons and "
            "run again."
        )
    for field in (class_field, *[f for f in extra_fields if f]):
        if field not in fields:
            raise InvalidInputError(
                f"The field '{field}' is not in the label layer '{path}'. Its fields are: "
                f"{', '.join(fields)}."
            )
    labels = gpd.GeoDataFrame.from_features(features, crs=crs)
    for name in fields:  # a property that is null in every feature yields no column
        if name not in labels.columns:
            labels[name] = None
    labels["feature_id"] = np.array([int(f.id) for f in features], dtype=np.int64)
    values = labels[class_field]
    if values.dtype == object:
        values = values.map(lambda v: v.strip() if isinstance(v, str) else v).replace("", None)
        labels[class_field] = values
    labels = labels[values.notna().to_numpy()]
    if len(labels) == 0:
        raise InvalidInputError(
            f"The class field '{class_field}' of '{path}' is empty in every feature: fill it "
            "with the class of each label, or choose another field."
        )
    geoms = labels.geometry
    return labels[(geoms.notna() & ~geoms.is_empty).to_numpy()]


def label_pixels(
    geometries: Sequence[Any],
    transform: Any,
    width: int,
    height: int,
    *,
    all_touched: bool,
    progress: Progress,
) -> LabelPixels:
    """The pixels of each geometry.

    Points give the pixel they fall in; polygons the pixels whose centre is inside (or every
    pixel they touch, with ``all_touched``), and the pixel of their representative point when
    they are smaller than a pixel; lines the pixels they touch. Multipart geometries give the
    pixels of all parts. ``xs, ys`` are point coordinates for points, pixel centres otherwise.
    """
    features: list[npt.NDArray[np.int64]] = []
    rows: list[npt.NDArray[np.int64]] = []
    cols: list[npt.NDArray[np.int64]] = []
    outside = np.zeros(len(geometries), dtype=bool)
    point_idx, point_x, point_y = [], [], []
    for i, geom in enumerate(geometries):
        kind = geom.geom_type
        if kind in ("Point", "MultiPoint"):
            for part in getattr(geom, "geoms", [geom]):
                point_idx.append(i)
                point_x.append(part.x)
                point_y.append(part.y)
            continue
        r, c = _shape_pixels(
            geom,
            transform,
            width,
            height,
            lines=kind.endswith("LineString"),
            all_touched=all_touched,
        )
        features.append(np.full(r.size, i, dtype=np.int64))
        rows.append(r)
        cols.append(c)
        if i % 256 == 0:
            check_cancel(progress)
            progress.report(i / max(len(geometries), 1))
    px = np.asarray(point_x, dtype=np.float64)
    py = np.asarray(point_y, dtype=np.float64)
    pr, pc = world_to_pixel(px, py, transform)
    inside = (pr >= 0) & (pr < height) & (pc >= 0) & (pc < width)
    feature = np.concatenate([np.asarray(point_idx, dtype=np.int64)[inside], *features])
    all_rows = np.concatenate([pr[inside], *rows])
    all_cols = np.concatenate([pc[inside], *cols])
    centre_x, centre_y = pixel_centres(all_rows, all_cols, transform)
    n_points = int(inside.sum())
    centre_x[:n_points], centre_y[:n_points] = px[inside], py[inside]
    outside[:] = True
    outside[feature] = False
    return LabelPixels(feature, all_rows, all_cols, centre_x, centre_y, outside)


def _shape_pixels(
    geom: Any, transform: Any, width: int, height: int, *, lines: bool, all_touched: bool
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Pixels of one polygon or line, rasterized over its bounding window only."""
    features = require("rasterio.features")
    windows = require("rasterio.windows")
    minx, miny, maxx, maxy = geom.bounds
    bounds = windows.from_bounds(minx, miny, maxx, maxy, transform)
    row0 = max(int(np.floor(bounds.row_off)) - 1, 0)
    col0 = max(int(np.floor(bounds.col_off)) - 1, 0)
    row1 = min(int(np.ceil(bounds.row_off + bounds.height)) + 1, height)
    col1 = min(int(np.ceil(bounds.col_off + bounds.width)) + 1, width)
    empty = np.empty(0, dtype=np.int64)
    if row1 <= row0 or col1 <= col0:
        return empty, empty
    window = windows.Window(col0, row0, col1 - col0, row1 - row0)
    burned = features.rasterize(
        [(geom, 1)],
        out_shape=(row1 - row0, col1 - col0),
        transform=windows.transform(window, transform),
        all_touched=all_touched or lines,
        dtype="uint8",
    )
    r, c = np.nonzero(burned)
    if r.size == 0 and not lines:
        # Smaller than a pixel and missing every pixel centre: its representative point's pixel.
        point = geom.representative_point()
        pr, pc = world_to_pixel(np.array([point.x]), np.array([point.y]), transform)
        if 0 <= pr[0] < height and 0 <= pc[0] < width:
            return pr, pc
        return empty, empty
    return r.astype(np.int64) + row0, c.astype(np.int64) + col0


def world_to_pixel(
    xs: npt.NDArray[np.float64], ys: npt.NDArray[np.float64], transform: Any
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Return the (row, col) of the pixels holding map coordinates ``xs, ys``.

    ``transform`` is an affine pixel-to-map transform (rasterio ``Affine``). Points on a pixel's
    left/top edge belong to that pixel, as in GDAL.
    """
    inverse = ~transform
    cols = inverse.a * xs + inverse.b * ys + inverse.c
    rows = inverse.d * xs + inverse.e * ys + inverse.f
    return np.floor(rows).astype(np.int64), np.floor(cols).astype(np.int64)


def pixel_centres(
    rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64], transform: Any
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Map coordinates of the centres of pixels ``rows, cols``."""
    c = cols.astype(np.float64) + 0.5
    r = rows.astype(np.float64) + 0.5
    return (
        transform.a * c + transform.b * r + transform.c,
        transform.d * c + transform.e * r + transform.f,
    )


def class_legend_hints(
    labels: Any,
    class_field: str,
    name_field: str | None,
    color_field: str | None,
    progress: Progress,
) -> list[dict[str, object]]:
    """Names and colours per class value from optional fields (the most common per class)."""
    hints = []
    for value, group in labels.groupby(class_field, sort=True):
        hint: dict[str, object] = {"value": _plain(value)}
        if name_field:
            names = group[name_field].dropna().astype(str).str.strip()
            names = names[names != ""]
            if len(names):
                hint["name"] = names.mode().iloc[0]
                if names.nunique() > 1:
                    progress.warning(
                        f"Class {value!s} has several names in '{name_field}' "
                        f"({', '.join(sorted(set(names))[:4])}); using '{hint['name']}'."
                    )
        if color_field:
            colors = [normalise_color(str(c)) for c in group[color_field].dropna()]
            valid = [c for c in colors if c]
            if len(valid) < len(colors):
                progress.warning(
                    f"Class {value!s} has colours in '{color_field}' that are not #rrggbb; "
                    "they were ignored."
                )
            if valid:
                hint["color"] = max(set(valid), key=valid.count)
        hints.append(hint)
    return hints


def _plain(value: object) -> object:
    """numpy scalars to Python ones, for JSON."""
    return value.item() if isinstance(value, np.generic) else value


def similar_class_names(values: Sequence[object]) -> list[tuple[str, str]]:
    """Pairs of text classes that look like one class spelt two ways (case, spaces, a typo)."""
    texts = sorted({v for v in values if isinstance(v, str)})
    pairs = []
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            fold_a, fold_b = " ".join(a.casefold().split()), " ".join(b.casefold().split())
            if fold_a == fold_b or difflib.SequenceMatcher(None, fold_a, fold_b).ratio() >= 0.85:
                pairs.append((a, b))
    return pairs
