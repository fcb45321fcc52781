"""Reading reference points for lulc:assess.

Each point's reference class is read as a class code, and the points left out (empty
reference, no geometry) are counted instead of silently dropped.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .. import vector_io
from ..errors import InvalidInputError
from ..labels import LabelGeometry, read_features
from ..legend import ClassInfo


@dataclass(frozen=True)
class ReferencePoints:
    """The points with a reference class and a geometry, and how many were left out."""

    codes: npt.NDArray[np.int64]
    #: The stratum of each point (when a stratum field was asked for).
    strata: npt.NDArray[np.int64] | None
    geometry: LabelGeometry
    null_reference: int
    no_geometry: int


def read_reference_points(
    path: str | os.PathLike[str],
    reference_field: str,
    legend: list[ClassInfo],
    *,
    layer: str | None = None,
    stratum_field: str | None = None,
) -> ReferencePoints:
    """Read the reference codes (and strata) of the points of a layer with a class and a point.

    Numbers must be whole class codes; text is a class name of ``legend`` (any case) or a
    whole code. Points whose reference is empty (NULL or blank) or that have no geometry are
    left out and counted.

    Raises
    ------
    InvalidInputError
        If the layer cannot be read, is empty, lacks a field, has decimal codes, unknown class
        names, features that are not single points, or an empty stratum.
    """
    fields = [("reference field", reference_field)]
    if stratum_field:
        _require_stratum_field(path, layer, stratum_field)
        fields.append(("stratum field", stratum_field))
    ids, geometry, columns, _ = read_features(path, layer, fields, "reference layer")
    if not ids:
        raise InvalidInputError(
            f"The reference layer '{path}' has no features: give the reference points."
        )
    codes, null = reference_codes(columns[reference_field], ids, legend, reference_field)
    if null.all():
        raise InvalidInputError(
            f"The reference field '{reference_field}' of '{path}' is empty in every point: "
            "fill in the true class of each point, or choose the field that holds it."
        )
    shaped = [i for i, g in zip(ids, geometry.shapes) if g is not None]
    if shaped:
        raise InvalidInputError(
            f"The reference layer '{path}' has {len(shaped)} features that are not single "
            f"points (e.g. feature {shaped[0]}): give one point per reference sample, such "
            "as the output of lulc:validationpoints."
        )
    has_point = np.isfinite(geometry.xs) & np.isfinite(geometry.ys)
    keep = ~null & has_point
    strata = None
    if stratum_field:
        strata = _strata(columns[stratum_field], ids, stratum_field, keep)
    return ReferencePoints(
        codes[keep], strata, geometry.subset(keep), int(null.sum()), int((~null & ~has_point).sum())
    )


def _require_stratum_field(path: str | os.PathLike[str], layer: str | None, name: str) -> None:
    try:
        present = name in vector_io.layer_fields(path, layer)
    except Exception as exc:  # the engines raise many types; all mean "cannot read"
        raise InvalidInputError(f"Cannot read the reference layer '{path}': {exc}.") from exc
    if not present:
        raise InvalidInputError(
            f"The reference points carry the design of lulc:validationpoints, but their field "
            f"'{name}' (the stratum each point was drawn in) is gone from '{path}': restore "
            "it from lulc:validationpoints' output."
        )


def _strata(
    values: list[Any], ids: list[int], name: str, keep: npt.NDArray[np.bool_]
) -> npt.NDArray[np.int64]:
    strata, empty = whole_codes(values, ids, name)
    if np.any(empty & keep):
        raise InvalidInputError(
            f"The field '{name}' (the stratum each point was drawn in) is empty in "
            f"{int(np.sum(empty & keep))} reference points: restore it from "
            "lulc:validationpoints' output."
        )
    return strata[keep]


def is_null(value: Any) -> bool:
    """NULL, NaN or blank text."""
    return (
        value is None
        or (isinstance(value, float) and value != value)
        or (isinstance(value, str) and not value.strip())
    )


def whole_codes(
    values: list[Any], ids: list[int], field_name: str
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Numbers or numeric text as whole codes (-1 where empty), and where they are empty.

    Raises
    ------
    InvalidInputError
        If a value is not a whole number, naming the field, an example and its feature id.
    """
    null = np.array([is_null(v) for v in values], dtype=bool)
    numbers = np.full(len(values), np.nan)
    for i in np.flatnonzero(~null):
        numbers[i] = _number(values[i])
    with np.errstate(invalid="ignore"):
        bad = ~null & ~(np.mod(numbers, 1) == 0)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise InvalidInputError(
            f"The field '{field_name}' holds values that are not whole class codes in "
            f"{int(bad.sum())} points, e.g. {values[first]!r} (feature {ids[first]}). Class "
            "codes are whole numbers (a code such as 1.7 cannot be safely rounded): correct "
            "these points, or choose the field that holds the codes."
        )
    return np.where(null, -1, numbers).astype(np.int64), null


def _number(value: Any) -> float:
    try:
        return float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        return np.inf


def reference_codes(
    values: list[Any], ids: list[int], legend: list[ClassInfo], field_name: str
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Return the reference classes as codes (-1 where empty), and where they are empty.

    Numbers must be whole codes; text is a class name of ``legend`` (any case), else a whole
    code. Codes need not be in the legend (the caller reports them).
    """
    if all(isinstance(v, (int, float)) or is_null(v) for v in values):
        return whole_codes(values, ids, field_name)
    lookup = {c.name.casefold(): c.code for c in legend}
    texts = [None if is_null(v) else str(v).strip() for v in values]
    named = np.array([t is not None and t.casefold() in lookup for t in texts], dtype=bool)
    unknown = sorted(
        {t for t, n in zip(texts, named) if t is not None and not n and _number(t) == np.inf}
    )
    if unknown:
        raise InvalidInputError(
            f"Reference classes in '{field_name}' that the map does not have: "
            f"{', '.join(unknown)}. Use the map's class codes or names: "
            f"{', '.join(c.name for c in legend)}."
        )
    codes, null = whole_codes([None if n else t for t, n in zip(texts, named)], ids, field_name)
    for i in np.flatnonzero(named):
        codes[i] = lookup[str(texts[i]).casefold()]
    return codes, null & ~named
