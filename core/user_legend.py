"""The user's legend by class value: names and colours chosen once, kept by every later run.

A class is identified across runs by its value in the class field, not by its code: integer
values are their own codes, but text values are numbered 1..N in sorted order, so a new class
(or one without samples) shifts the codes of the others. A legend given to lulc:train or
lulc:classify is therefore matched by value (see :func:`~.training_data.encode_classes`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .errors import InvalidInputError
from .legend import ClassInfo, legend_rows, normalise_color


def user_legend(values: Sequence[object] | str | None) -> list[dict[str, str]]:
    """Read and check a legend by class value.

    Parameters
    ----------
    values
        A Processing matrix ``[value, name, colour, ...]`` or JSON text (see
        :func:`~.legend.legend_rows`; objects may give ``value`` or ``code``).

    Returns
    -------
    list of dict
        ``{"value", "name", "color"}`` per class, the colour as ``#rrggbb``.

    Raises
    ------
    InvalidInputError
        Naming every problem: a missing value, a value given twice, an empty name, a colour
        that is not ``#rrggbb``.
    """
    entries, problems = [], []
    seen: set[str] = set()
    for value, name, color in legend_rows(values):
        normal = normalise_color(color)
        if not value:
            problems.append(f"The class '{name}' has no class value; give its value in the labels.")
        elif value in seen:
            problems.append(f"The class value '{value}' is given more than once; give it once.")
        if not name:
            problems.append(f"The name of class '{value}' is empty; give it a name.")
        if normal is None:
            problems.append(
                f"'{color}' is not a colour (class '{value}'); use #rrggbb, e.g. #1f78b4."
            )
        seen.add(value)
        entries.append({"value": value, "name": name, "color": normal or color})
    if problems:
        raise InvalidInputError("The legend: " + " ".join(problems))
    return entries


def value_key(value: object, label_type: str) -> str:
    """Return the key a class value is compared by.

    Integer classes compare by number ('3', '3.0' and 3 agree), text classes by their stripped
    text.
    """
    text = str(value).strip()
    if label_type == "integer":
        try:
            number = float(text)
        except ValueError:
            return text
        if number.is_integer():
            return str(int(number))
    return text


def chosen_by_value(
    legend: Sequence[Mapping[str, Any]], values: Sequence[object], label_type: str
) -> list[dict[str, Any]]:
    """For each class value of a run, what the user's legend chose for it ({} if nothing)."""
    by_key = {value_key(e["value"], label_type): e for e in legend}
    found = [by_key.get(value_key(v, label_type)) for v in values]
    return [{"name": e["name"], "color": e["color"]} if e else {} for e in found]


def check_distinct_names(legend: Sequence[ClassInfo]) -> None:
    """Class names must differ (ignoring case) once the user's legend is applied.

    Raises
    ------
    InvalidInputError
        Naming the classes that would share a name and what to do.
    """
    by_name: dict[str, list[ClassInfo]] = {}
    for info in legend:
        by_name.setdefault(info.name.casefold(), []).append(info)
    clashes = [infos for infos in by_name.values() if len(infos) > 1]
    if clashes:
        listed = "; ".join(
            f"classes {', '.join(str(i.code) for i in infos)} would all be named '{infos[0].name}'"
            for infos in clashes
        )
        raise InvalidInputError(
            f"With the legend given, {listed}. Give each class its own name in the legend "
            "(class names must differ, ignoring case)."
        )


def legend_with_values(
    legend: Sequence[ClassInfo], values: Mapping[int, object]
) -> list[dict[str, object]]:
    """Return a run's legend as JSON with each class's value in the class field.

    This is the CLASSES output.
    """
    return [
        {"code": c.code, "value": values.get(c.code, c.code), "name": c.name, "color": c.color}
        for c in legend
    ]


__all__ = [
    "check_distinct_names",
    "chosen_by_value",
    "legend_with_values",
    "user_legend",
    "value_key",
]
