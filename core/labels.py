"""Label layers: reading vector features and label tables.

Read the features of any vector layer (points, lines, polygons) with their geometries, and a
label layer with its class field checked and its unusable features counted.

Their pixels are in :mod:`.rasterize`; what their fields say about the classes in
:mod:`.label_hints`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from . import vector_io
from .deps import require
from .errors import InvalidInputError


@dataclass(frozen=True)
class LabelGeometry:
    """Geometries of label features.

    Single points are kept as coordinate arrays (fast), everything else (multipoints, lines,
    polygons) as shapely geometries (``shapes[i]`` is None for points).
    """

    xs: npt.NDArray[np.float64]
    ys: npt.NDArray[np.float64]
    shapes: list[Any]
    crs_wkt: str | None

    @classmethod
    def from_shapes(cls, shapes: Sequence[Any], crs_wkt: str | None = None) -> LabelGeometry:
        """Build from shapely geometries."""
        single = [g is not None and g.geom_type == "Point" for g in shapes]
        xs = np.array([g.x if s else np.nan for g, s in zip(shapes, single)], dtype=np.float64)
        ys = np.array([g.y if s else np.nan for g, s in zip(shapes, single)], dtype=np.float64)
        return cls(xs, ys, [None if s else g for g, s in zip(shapes, single)], crs_wkt)

    def subset(self, keep: npt.NDArray[np.bool_]) -> LabelGeometry:
        """Return the features where ``keep`` is True."""
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
        """Return these geometries in ``crs_wkt``.

        They are returned unchanged when either CRS is unknown or they are already in it.
        """
        if not self.crs_wkt or not crs_wkt or self.same_crs(crs_wkt):
            return self
        return self.to_crs(crs_wkt)

    def same_crs(self, crs_wkt: str) -> bool:
        """Tell whether the labels are already in ``crs_wkt``."""
        pyproj = require("pyproj")
        ours = pyproj.CRS.from_wkt(self.crs_wkt or "")
        return bool(ours.equals(pyproj.CRS.from_wkt(crs_wkt), ignore_axis_order=True))


def read_features(
    path: str | os.PathLike[str],
    layer: str | None,
    fields: Sequence[tuple[str, str]],
    what: str = "label layer",
) -> tuple[list[int], LabelGeometry, dict[str, list[Any]], list[str]]:
    """Read feature ids, geometries, the ``fields`` columns and every field name of a layer.

    ``fields`` are (role, name) pairs: the role names a missing field in the error message, as
    ``what`` names the layer.

    Raises
    ------
    InvalidInputError
        If a field is missing or the layer cannot be read.
    """
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
    """Read the geometries of a vector layer (masks, distance covariates).

    ``what`` names the layer in error messages.
    """
    return read_features(path, layer, [], what)[1]


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
    """Read a label layer: the table and geometries of :func:`load_labels`.

    Unlike :func:`load_labels`, it does not return how many features were left out.
    """
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
    ids, geometry, columns, _ = read_features(path, layer, list(dict.fromkeys(wanted)))
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
    """Clean the class column in place and return where a feature has a class.

    Text is stripped; integer codes read as floats because of a NULL go back to integers.
    """
    values = labels[class_field]
    if values.dtype == object:
        values = values.map(lambda v: v.strip() if isinstance(v, str) else v).replace("", None)
        labels[class_field] = values
    has_class: npt.NDArray[np.bool_] = values.notna().to_numpy()
    present = values[has_class]
    if present.dtype.kind == "f" and np.all(np.mod(present.to_numpy(), 1) == 0):
        labels[class_field] = values.where(has_class, 0).astype(np.int64)
    return has_class
