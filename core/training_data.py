"""The training table: checking it, choosing its feature fields, encoding its classes.

Also the stack definition a model keeps. The file itself is read by :mod:`.sample_table`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from .deps import require
from .errors import InvalidInputError
from .legend import ClassInfo, build_legend
from .progress import Progress
from .sample_table import RESERVED_FIELDS
from .stack import GENERIC_NAME
from .user_legend import check_distinct_names, chosen_by_value


def feature_columns(table: Any, class_field: str) -> list[str]:
    """Numeric columns other than the class field and sample bookkeeping fields, in order."""
    pandas = require("pandas")
    return [
        str(c)
        for c in table.columns
        if c != class_field
        and c != "geometry"
        and str(c).lower() not in RESERVED_FIELDS
        and pandas.api.types.is_numeric_dtype(table[c])
        and not pandas.api.types.is_bool_dtype(table[c])
    ]


def encode_classes(
    values: Any,
    field: str,
    hints: Sequence[dict[str, Any]] = (),
    legend: Sequence[Mapping[str, Any]] = (),
) -> tuple[npt.NDArray[np.int64], list[ClassInfo], str]:
    """Turn class values into integer codes and a legend.

    Integer values keep their codes (0..65534); text values become codes 1..N in sorted order,
    keeping the text as the class name. ``hints`` (from sampling: ``value`` with an optional
    ``name`` and ``color``) name and colour classes; ``legend`` (the user's, see
    :func:`~.user_legend.user_legend`) overrides them, matched by class value.

    Returns
    -------
    codes, legend, label_type ("integer" or "text")

    Raises
    ------
    InvalidInputError
        If the class values cannot be codes, or ``legend`` gives two classes one name.
    """
    codes, values_in_order, names, label_type = _codes(values, field)
    by_value = {str(h.get("value")): h for h in hints}
    hinted = [by_value.get(str(v), {}) for v in values_in_order]
    chosen = chosen_by_value(legend, values_in_order, label_type)
    hinted = [{**h, **c} for h, c in zip(hinted, chosen)]
    names = [str(h.get("name") or n) for h, n in zip(hinted, names)]
    colors = [h.get("color") for h in hinted]
    result = build_legend([int(c) for c in np.unique(codes)], names, colors)
    if legend:
        check_distinct_names(result)
    return codes, result, label_type


def class_values(values: Any, field: str) -> dict[int, object]:
    """Each class code's value in the class field (an integer class's value is its code)."""
    codes, values_in_order, _names, _kind = _codes(values, field)
    return {int(c): v for c, v in zip(np.unique(codes), values_in_order)}


def _codes(values: Any, field: str) -> tuple[npt.NDArray[np.int64], list[Any], list[str], str]:
    """Codes per sample, and per class (in code order) its value and default name."""
    pandas = require("pandas")
    series = pandas.Series(values)
    numeric = pandas.api.types.is_numeric_dtype(series) and not pandas.api.types.is_bool_dtype(
        series
    )
    if numeric and np.all(np.mod(series.to_numpy(dtype=float), 1) == 0):
        codes = series.to_numpy(dtype=np.int64)
        bad = sorted({int(c) for c in codes if c < 0 or c > 65534})
        if bad:
            raise InvalidInputError(
                f"The class field '{field}' has codes {bad[:5]} outside 0..65534; recode the "
                "classes or use a text field."
            )
        unique = sorted({int(c) for c in codes})
        return codes, unique, [f"Class {c}" for c in unique], "integer"
    if numeric:
        raise InvalidInputError(
            f"The class field '{field}' holds decimal numbers; use an integer or text field."
        )
    text = series.astype(str).str.strip()
    names = sorted(set(text))
    lookup = {name: code for code, name in enumerate(names, start=1)}
    codes = text.map(lookup).to_numpy(dtype=np.int64)
    return codes, names, list(names), "text"


def prepare_table(table: Any, class_field: str, progress: Progress) -> tuple[Any, list[str]]:
    """Return the rows of a sample table usable for training, and its feature fields.

    Rows without a class, or with a feature value that is missing, infinite or beyond 32-bit
    floats, are skipped with a warning; the class column comes back with its text stripped.

    Raises
    ------
    InvalidInputError
        If the table is empty, lacks the class field or numeric feature fields, or has no
        usable row.
    """
    if len(table) == 0:
        raise InvalidInputError("The sample table has no rows: sample some labels first.")
    if class_field not in table.columns:
        fields = ", ".join(str(c) for c in table.columns if c != "geometry")
        raise InvalidInputError(
            f"The class field '{class_field}' is not in the sample table. Its fields are: {fields}."
        )
    features = feature_columns(table, class_field)
    if not features:
        raise InvalidInputError(
            "The sample table has no numeric feature fields besides the class field; "
            "make it with lulc:sample."
        )
    values = table[class_field]
    if values.dtype == object:
        values = values.map(lambda v: v.strip() if isinstance(v, str) else v).replace("", None)
    numbers = table[features].to_numpy(float)
    # Features are 32-bit floats at prediction: a value beyond that range cannot be one.
    with np.errstate(invalid="ignore"):
        fits = np.isfinite(numbers) & (np.abs(numbers) <= np.finfo(np.float32).max)
    usable = values.notna().to_numpy() & np.all(fits, axis=1)
    if not usable.any():
        raise InvalidInputError(
            f"No sample has both a class in '{class_field}' and values in every feature field."
        )
    if not usable.all():
        progress.warning(
            f"{int((~usable).sum())} samples without a class or a usable value (missing, "
            "infinite or beyond 32-bit floats) were skipped."
        )
    kept = table[usable].copy()
    kept[class_field] = values[usable]
    return kept, features


def stack_definition(stack: Any, features: Sequence[str], progress: Progress) -> dict[str, Any]:
    """Return the stack definition to store in the model, for the features actually used.

    From the sampling definition when its bands are the features; otherwise one is derived from
    the field names (bands then match by position, and by name where names are not ``bN``).
    """
    if isinstance(stack, dict):
        bands = stack.get("bands", [])
        fields = [str(b.get("field", b.get("name", ""))).lower() for b in bands]
        if fields == [f.lower() for f in features]:
            return stack
        progress.warning(
            "The sample table's feature fields differ from the bands it was sampled from; the "
            "model will match the rasters' bands by position."
        )
    else:
        progress.log("The sample table carries no stack definition; bands match by position.")
    return {
        "resampling": "nearest",
        "nodata": None,
        "bands": [
            {"name": f, "field": f, "described": not GENERIC_NAME.match(f)} for f in features
        ],
    }
