"""Label layers: read any vector (points, lines, polygons) and turn features into pixels."""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from . import vector_io
from .deps import require
from .errors import InvalidInputError
from .files import atomic_output
from .legend import normalise_color
from .progress import Progress, check_cancel

_DIGITS = re.compile(r"\d+")


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


@dataclass(frozen=True)
class LabelGeometry:
    """Geometries of label features: single points as coordinate arrays (fast), everything
    else (multipoints, lines, polygons) as shapely geometries (``shapes[i]`` None for points).
    """

    xs: npt.NDArray[np.float64]
    ys: npt.NDArray[np.float64]
    shapes: list[Any]
    crs_wkt: str | None

    @classmethod
    def from_shapes(cls, shapes: Sequence[Any], crs_wkt: str | None = None) -> LabelGeometry:
        """From shapely geometries."""
        single = [g is not None and g.geom_type == "Point" for g in shapes]
        xs = np.array([g.x if s else np.nan for g, s in zip(shapes, single)], dtype=np.float64)
        ys = np.array([g.y if s else np.nan for g, s in zip(shapes, single)], dtype=np.float64)
        return cls(xs, ys, [None if s else g for g, s in zip(shapes, single)], crs_wkt)

    def subset(self, keep: npt.NDArray[np.bool_]) -> LabelGeometry:
        """The features where ``keep`` is True."""
        return LabelGeometry(
            self.xs[keep], self.ys[keep], [g for g, k in zip(self.shapes, keep) if k], self.crs_wkt
        )

    def to_crs(self, crs_wkt: str) -> LabelGeometry:
        """Reproject to ``crs_wkt`` (points in one vectorised call)."""
        pyproj = require("pyproj")
        ops = require("shapely.ops")
        transformer = pyproj.Transformer.from_crs(
            pyproj.CRS.from_wkt(self.crs_wkt), pyproj.CRS.from_wkt(crs_wkt), always_xy=True
        )
        xs, ys = transformer.transform(self.xs, self.ys)
        shapes = [
            None if g is None else ops.transform(transformer.transform, g) for g in self.shapes
        ]
        return LabelGeometry(np.asarray(xs), np.asarray(ys), shapes, crs_wkt)

    def in_crs(self, crs_wkt: str) -> LabelGeometry:
        """These geometries in ``crs_wkt``; unchanged when either CRS is unknown or they are
        already in it."""
        if not self.crs_wkt or not crs_wkt or self.same_crs(crs_wkt):
            return self
        return self.to_crs(crs_wkt)

    def same_crs(self, crs_wkt: str) -> bool:
        """Whether the labels are already in ``crs_wkt``."""
        pyproj = require("pyproj")
        ours = pyproj.CRS.from_wkt(self.crs_wkt or "")
        return bool(ours.equals(pyproj.CRS.from_wkt(crs_wkt), ignore_axis_order=True))


def _read_features(
    path: str | os.PathLike[str],
    layer: str | None,
    fields: Sequence[tuple[str, str]],
    what: str = "label layer",
) -> tuple[list[int], LabelGeometry, dict[str, list[Any]], list[str]]:
    """Feature ids, geometries and the ``fields`` ((role, name) pairs) of a vector layer."""
    try:
        schema = vector_io.layer_fields(path, layer)
        for role, name in fields:
            if name not in schema:
                raise InvalidInputError(
                    f"The {role} '{name}' is not in the {what} '{path}'. Its fields "
                    f"are: {', '.join(schema)}."
                )
        read = vector_io.read_layer(path, layer, list(dict.fromkeys(n for _, n in fields)))
    except InvalidInputError:
        raise
    except Exception as exc:  # the engines raise many types; all mean "cannot read"
        raise InvalidInputError(f"Cannot read the {what} '{path}': {exc}.") from exc
    geometry = LabelGeometry(read.x, read.y, read.shapes, read.crs_wkt)
    return read.ids, geometry, read.columns, schema


def read_geometries(
    path: str | os.PathLike[str], *, layer: str | None = None, what: str = "layer"
) -> LabelGeometry:
    """The geometries of a vector layer (masks, distance covariates); ``what`` names it in
    error messages."""
    return _read_features(path, layer, [], what)[1]


@dataclass(frozen=True)
class LabelTable:
    """A label layer as read: the usable features, and how many were left out and why.

    ``empty_class`` counts the features whose class is empty, blank, NULL or NaN;
    ``no_geometry`` holds the class of each feature that has a class but no geometry.
    """

    table: Any
    geometry: LabelGeometry
    empty_class: int = 0
    no_geometry: list[Any] = field(default_factory=list)


def read_labels(
    path: str | os.PathLike[str],
    class_field: str,
    *,
    layer: str | None = None,
    extra_fields: Sequence[str | None] = (),
) -> tuple[Any, LabelGeometry]:
    """Read a label layer: the table and geometries of :func:`load_labels`, without the count
    of features left out."""
    loaded = load_labels(path, class_field, layer=layer, extra_fields=extra_fields)
    return loaded.table, loaded.geometry


def load_labels(
    path: str | os.PathLike[str],
    class_field: str,
    *,
    layer: str | None = None,
    extra_fields: Sequence[str | None] = (),
) -> LabelTable:
    """Read a label layer with its feature ids (column ``feature_id``) and check its fields.

    Features whose class is empty, blank, NULL or NaN, or whose geometry is missing, are left
    out and counted.

    Returns
    -------
    LabelTable
        ``table`` holds the class field, the extra fields and ``feature_id``, one row per
        usable feature; ``geometry`` their geometries, in the same order.

    Raises
    ------
    InvalidInputError
        If the layer cannot be read, is empty, lacks a field, or the class field is empty.
    """
    pandas = require("pandas")
    wanted = [("class field", class_field)] + [("field", f) for f in extra_fields if f]
    ids, geometry, columns, _ = _read_features(path, layer, list(dict.fromkeys(wanted)))
    if not ids:
        raise InvalidInputError(
            f"The label layer '{path}' has no features: add labelled points or polygons and "
            "run again."
        )
    labels = pandas.DataFrame(columns)
    labels["feature_id"] = np.array(ids, dtype=np.int64)
    has_class = _class_values(labels, class_field)
    if not has_class.any():
        raise InvalidInputError(
            f"The class field '{class_field}' of '{path}' is empty in every feature: fill it "
            "with the class of each label, or choose another field."
        )
    has_shape = np.isfinite(geometry.xs) | np.array(
        [g is not None and not g.is_empty for g in geometry.shapes], dtype=bool
    )
    if not has_shape.any():
        raise InvalidInputError(
            f"No feature of the label layer '{path}' has a geometry: draw the labels, or "
            "choose another layer."
        )
    keep = has_class & has_shape
    shapeless = labels[class_field][has_class & ~has_shape].tolist()
    labels = labels[keep].reset_index(drop=True)
    return LabelTable(labels, geometry.subset(keep), int((~has_class).sum()), shapeless)


def _class_values(labels: Any, class_field: str) -> npt.NDArray[np.bool_]:
    """Clean the class column in place (text stripped; integer codes read as floats because
    of a NULL back to integers) and return where a feature has a class."""
    values = labels[class_field]
    if values.dtype == object:
        values = values.map(lambda v: v.strip() if isinstance(v, str) else v).replace("", None)
        labels[class_field] = values
    has_class: npt.NDArray[np.bool_] = values.notna().to_numpy()
    present = values[has_class]
    if present.dtype.kind == "f" and np.all(np.mod(present.to_numpy(), 1) == 0):
        labels[class_field] = values.where(has_class, 0).astype(np.int64)
    return has_class


def label_pixels(
    geometries: Sequence[Any] | LabelGeometry,
    transform: Any,
    width: int,
    height: int,
    *,
    all_touched: bool,
    progress: Progress,
) -> LabelPixels:
    """The pixels of each geometry (shapely geometries or a :class:`LabelGeometry`).

    Points give the pixel they fall in; polygons the pixels whose centre is inside (or every
    pixel they touch, with ``all_touched``), and the pixel of their representative point when
    they are smaller than a pixel; lines the pixels they touch. Multipart geometries give the
    pixels of all parts. ``xs, ys`` are point coordinates for points, pixel centres otherwise.
    """
    geom = (
        geometries
        if isinstance(geometries, LabelGeometry)
        else LabelGeometry.from_shapes(geometries)
    )
    point_idx = [np.flatnonzero(np.isfinite(geom.xs))]
    point_x, point_y = [geom.xs[point_idx[0]]], [geom.ys[point_idx[0]]]
    features: list[npt.NDArray[np.int64]] = []
    rows: list[npt.NDArray[np.int64]] = []
    cols: list[npt.NDArray[np.int64]] = []
    others = [i for i, g in enumerate(geom.shapes) if g is not None]
    for k, i in enumerate(others):
        shape = geom.shapes[i]
        kind = shape.geom_type
        if kind in ("Point", "MultiPoint"):
            parts = list(getattr(shape, "geoms", [shape]))
            point_idx.append(np.full(len(parts), i, dtype=np.int64))
            point_x.append(np.array([p.x for p in parts]))
            point_y.append(np.array([p.y for p in parts]))
            continue
        r, c = _shape_pixels(
            shape,
            transform,
            width,
            height,
            lines=kind.endswith("LineString"),
            all_touched=all_touched,
        )
        features.append(np.full(r.size, i, dtype=np.int64))
        rows.append(r)
        cols.append(c)
        if k % 256 == 0:
            check_cancel(progress)
            progress.report(k / len(others))
    px, py = np.concatenate(point_x), np.concatenate(point_y)
    # Layer order: single points were gathered first, multipoint parts with the shapes.
    first = np.argsort(np.concatenate(point_idx), kind="stable")
    point_idx = [np.concatenate(point_idx)[first]]
    px, py = px[first], py[first]
    pidx = np.concatenate(point_idx).astype(np.int64)
    pr, pc = world_to_pixel(px, py, transform)
    inside = (pr >= 0) & (pr < height) & (pc >= 0) & (pc < width)
    feature = np.concatenate([pidx[inside], *features])
    all_rows = np.concatenate([pr[inside], *rows])
    all_cols = np.concatenate([pc[inside], *cols])
    centre_x, centre_y = pixel_centres(all_rows, all_cols, transform)
    n_points = int(inside.sum())
    centre_x[:n_points], centre_y[:n_points] = px[inside], py[inside]
    order = np.argsort(feature, kind="stable")  # samples in the layer's feature order
    feature, all_rows, all_cols = feature[order], all_rows[order], all_cols[order]
    centre_x, centre_y = centre_x[order], centre_y[order]
    outside = np.ones(geom.xs.size, dtype=bool)
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
            if fold_a != fold_b and _DIGITS.sub("", fold_a) == _DIGITS.sub("", fold_b):
                continue  # numbered classes ("zone 1", "zone 2") are not typos
            if fold_a == fold_b or difflib.SequenceMatcher(None, fold_a, fold_b).ratio() >= 0.85:
                pairs.append((a, b))
    return pairs


def write_tagged_gpkg(
    table: Any, path: str | os.PathLike[str], what: str, key: str, metadata: dict[str, Any]
) -> None:
    """Write a GeoDataFrame atomically as a GeoPackage layer named after the file, with
    ``metadata`` as JSON in the layer's tag ``key``."""
    target = Path(path)
    with atomic_output(target, what) as tmp:
        vector_io.write_gpkg(table, tmp, target.stem, {key: json.dumps(metadata, default=str)})


def read_layer_tag(path: str | os.PathLike[str], layer: str | None, key: str) -> dict[str, Any]:
    """The JSON stored in a vector layer's tag ``key`` ({} when absent or unreadable)."""
    try:
        data = json.loads(vector_io.read_tags(path, layer).get(key, "{}"))
    except Exception:  # formats without layer metadata (CSV...), or no such tag
        return {}
    return data if isinstance(data, dict) else {}
