"""Class legend: codes, names and colours, carried from the labels to the model and the map."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .errors import InvalidInputError
from .escape import xml_attribute

#: Conventional colours for classes whose name says what they are (first match wins). Words are
#: matched whole ("broadleaf" is not a road, "rice" not ice, "seasonal" not sea); \\w* admits
#: endings such as "forested", "buildings", "agricultural".
_CONVENTIONAL: tuple[tuple[str, str], ...] = (
    (r"\b(rice|paddy|paddies)\b", "#f6d32d"),
    (r"\b(water\w*|rivers?|lakes?|seas?|oceans?|reservoirs?|ponds?)\b", "#1f78b4"),
    (r"\b(wetlands?|marsh\w*|swamps?|bogs?|mangroves?)\b", "#41b6c4"),
    (r"\b(snow|ice|glaciers?)\b", "#e8f4fa"),
    (r"\bclouds?\b", "#d9d9d9"),
    (r"\bshadows?\b", "#4d4d4d"),
    (
        r"\b(urban|built\w*|buildings?|settlements?|city|cities|towns?|roads?|impervious|"
        r"artificial)\b",
        "#e31a1c",
    ),
    (r"\b(forest\w*|trees?|wood\w*|canopy)\b", "#1b7837"),
    (r"\b(shrub\w*|scrub\w*|bush\w*)\b", "#8c9c3c"),
    (r"\b(grass\w*|meadows?|pastures?|rangelands?|savann?ahs?|lawns?)\b", "#a6d96a"),
    (r"\b(crops?|cropland\w*|agri\w*|farm\w*|cultivat\w*|fields?|arable|orchards?)\b", "#f6d32d"),
    (r"\b(bare\w*|soils?|sand\w*|rocks?|rocky|deserts?|quarr\w*|mines?|mining)\b", "#b5835a"),
)

#: Distinct colours for the remaining classes (Kelly's colours of maximum contrast, reordered).
_PALETTE: tuple[str, ...] = (
    "#875692",
    "#f38400",
    "#a1caf1",
    "#be0032",
    "#c2b280",
    "#848482",
    "#008856",
    "#e68fac",
    "#0067a5",
    "#f99379",
    "#604e97",
    "#f6a600",
    "#b3446c",
    "#dcd300",
    "#882d17",
    "#8db600",
    "#654522",
    "#e25822",
    "#2b3d26",
    "#f3c300",
)

_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")


@dataclass(frozen=True)
class ClassInfo:
    """One class of the legend: its raster code, display name and ``#rrggbb`` colour.

    Attributes
    ----------
    code
        The class's value in the class map (0..65534).
    name
        Its display name.
    color
        Its colour, ``#rrggbb``.
    """

    code: int
    name: str
    color: str

    def rgb(self) -> tuple[int, int, int]:
        """Return the colour as an (r, g, b) tuple of ints."""
        value = self.color.lstrip("#")
        return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def conventional_color(name: str) -> str | None:
    """Return the conventional colour of a class named ``name`` (None if the name says nothing)."""
    lowered = name.lower()
    for pattern, color in _CONVENTIONAL:
        if re.search(pattern, lowered):
            return color
    return None


def normalise_color(value: str) -> str | None:
    """Return ``value`` as ``#rrggbb`` (lowercase) if it is a hex colour, else None."""
    match = _HEX.match(value.strip())
    return f"#{match.group(1).lower()}" if match else None


def build_legend(
    codes: Sequence[int], names: Sequence[str], colors: Sequence[str | None] | None = None
) -> list[ClassInfo]:
    """Give each class a colour.

    The one given, else a conventional one where its name says what it is, else a distinct one.

    Parameters
    ----------
    codes, names
        Class codes and their names, in legend order.
    colors
        Colours chosen by the user (``#rrggbb``, or None where not chosen).

    Returns
    -------
    list of ClassInfo
        One entry per class; no two classes share a colour unless there are more classes
        than palette colours.
    """
    chosen = list(colors) if colors is not None else [None] * len(codes)
    seen: set[str] = {c for c in chosen if c}
    picked: list[str | None] = list(chosen)
    # Two classes with the same conventional colour (e.g. "forest" and "woodland"): keep the first.
    for i, name in enumerate(names):
        if picked[i] is None:
            color = conventional_color(name)
            if color is not None and color not in seen:
                picked[i] = color
                seen.add(color)
    free = [c for c in _PALETTE if c not in seen] or list(_PALETTE)
    k = 0
    legend = []
    for code, name, color in zip(codes, names, picked):
        if color is None:
            color = free[k % len(free)]
            k += 1
        legend.append(ClassInfo(int(code), str(name), color))
    return legend


def legend_to_json(legend: Iterable[ClassInfo]) -> list[dict[str, object]]:
    """Serialise a legend for the model manifest."""
    return [{"code": c.code, "name": c.name, "color": c.color} for c in legend]


def legend_from_json(items: Iterable[dict[str, object]]) -> list[ClassInfo]:
    """Read a legend back from the model manifest."""
    return [ClassInfo(int(str(i["code"])), str(i["name"]), str(i["color"])) for i in items]


def qml_paletted(legend: Sequence[ClassInfo], *, band: int = 1) -> str:
    """Return a QGIS layer style (``.qml``) for a paletted renderer with one entry per class."""
    entries = "\n".join(
        f'        <paletteEntry value="{int(c.code)}" color={xml_attribute(c.color)} alpha="255" '
        f"label={xml_attribute(c.name)}/>"
        for c in legend
    )
    return f"""<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22" styleCategories="Symbology">
  <pipe>
    <rasterrenderer type="paletted" band="{band}" opacity="1" alphaBand="-1" nodataColor="">
      <rasterTransparency/>
      <minMaxOrigin>
        <limits>None</limits>
        <extent>WholeRaster</extent>
        <statAccuracy>Estimated</statAccuracy>
        <cumulativeCutLower>0.02</cumulativeCutLower>
        <cumulativeCutUpper>0.98</cumulativeCutUpper>
        <stdDevFactor>2</stdDevFactor>
      </minMaxOrigin>
      <colorPalette>
{entries}
      </colorPalette>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" grayscaleMode="0" colorizeOn="0" colorizeRed="255"
      colorizeGreen="128" colorizeBlue="128" colorizeStrength="100" invertColors="0"/>
    <rasterresampler maxOversampling="2"/>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
"""


def legend_rows(values: Sequence[object] | str | None) -> list[tuple[str, str, str]]:
    """Return the (key, name, colour) rows of a legend matrix or its JSON text, stripped.

    Parameters
    ----------
    values
        The flat list ``[key, name, colour, key, name, colour, ...]`` of a matrix parameter,
        or JSON text holding such a list, a list of ``[key, name, colour]`` rows or a list of
        ``{"code" (or "value"), "name", "color"}`` objects (the form :func:`legend_to_json`
        writes). None or empty: no rows; blank rows are skipped.

    Raises
    ------
    InvalidInputError
        If the text is not JSON or the values do not come in threes.
    """
    if values is None:
        return []
    if isinstance(values, str):
        if not values.strip():
            return []
        try:
            values = json.loads(values)
        except ValueError as exc:
            raise InvalidInputError(
                f"The legend is not valid JSON ({exc}); give a list of "
                '{"code": 1, "name": "Water", "color": "#1f78b4"} objects.'
            ) from exc
        if not isinstance(values, list):
            raise InvalidInputError("The legend JSON must be a list of classes.")
    rows: list[tuple[object, object, object]] = []
    flat: list[object] = []
    for item in values:
        if isinstance(item, dict):
            key = item.get("code", item.get("value"))
            rows.append((key, item.get("name"), item.get("color", item.get("colour"))))
        elif isinstance(item, (list, tuple)) and len(item) == 3:
            rows.append((item[0], item[1], item[2]))
        else:
            flat.append(item)
    if flat and rows:
        raise InvalidInputError("The legend mixes rows and single values; give one form.")
    if len(flat) % 3:
        raise InvalidInputError(
            f"The legend has {len(flat)} values; give a code, a name and a colour for each class."
        )
    rows += [(flat[i], flat[i + 1], flat[i + 2]) for i in range(0, len(flat), 3)]
    texts = [(_text(key), _text(name), _text(color)) for key, name, color in rows]
    return [row for row in texts if any(row)]  # a blank row added in the matrix widget


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()
