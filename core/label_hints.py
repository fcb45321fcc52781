"""What a label layer's fields say about its classes beyond their values.

Class names and colours come from optional fields (legend hints); text classes that look like
one class spelt two ways are flagged (typos).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from .legend import normalise_color
from .progress import Progress

_DIGITS = re.compile(r"\d+")


def class_legend_hints(
    labels: Any,
    class_field: str,
    name_field: str | None,
    color_field: str | None,
    progress: Progress,
) -> list[dict[str, object]]:
    """Return names and colours per class value from optional fields (the most common per class)."""
    hints = []
    for value, group in labels.groupby(class_field, sort=True):
        hint: dict[str, object] = {"value": _plain(value)}
        if name_field:
            name = _class_name(value, group[name_field], name_field, progress)
            if name is not None:
                hint["name"] = name
        if color_field:
            color = _class_color(value, group[color_field], color_field, progress)
            if color is not None:
                hint["color"] = color
        hints.append(hint)
    return hints


def _class_name(value: object, column: Any, name_field: str, progress: Progress) -> str | None:
    """Return the most common non-blank name of one class (None if it has none).

    Warns when the class has several names.
    """
    names = column.dropna().astype(str).str.strip()
    names = names[names != ""]
    if not len(names):
        return None
    name = str(names.mode().iloc[0])
    if names.nunique() > 1:
        progress.warning(
            f"Class {value!s} has several names in '{name_field}' "
            f"({', '.join(sorted(set(names))[:4])}); using '{name}'."
        )
    return name


def _class_color(value: object, column: Any, color_field: str, progress: Progress) -> str | None:
    """Return the most common valid ``#rrggbb`` colour of one class (None if it has none).

    Warns when some of its values are not colours.
    """
    colors = [normalise_color(str(c)) for c in column.dropna()]
    valid = [c for c in colors if c]
    if len(valid) < len(colors):
        progress.warning(
            f"Class {value!s} has colours in '{color_field}' that are not #rrggbb; "
            "they were ignored."
        )
    return max(set(valid), key=valid.count) if valid else None


def _plain(value: object) -> object:
    """Turn a numpy scalar into a Python one, for JSON."""
    return value.item() if isinstance(value, np.generic) else value


def similar_class_names(values: Sequence[object]) -> list[tuple[str, str]]:
    """Return pairs of text classes that look like one class spelt two ways.

    Case, spaces or a typo make the difference; numbered classes ("zone 1", "zone 2") are not
    pairs.
    """
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


def warn_similar_class_names(
    values: Sequence[object], class_field: str, progress: Progress
) -> None:
    """Warn about each pair of classes in ``values`` that :func:`similar_class_names` finds."""
    for a, b in similar_class_names(values):
        progress.warning(
            f"The classes '{a}' and '{b}' look like one class spelt two ways; they are kept "
            f"apart. Fix the '{class_field}' field if they are the same class."
        )
