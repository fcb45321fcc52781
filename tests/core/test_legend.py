"""Class legend colours and the QGIS paletted style (core/legend.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from lulc_classifier.core.legend import (
    ClassInfo,
    build_legend,
    conventional_color,
    legend_from_json,
    legend_to_json,
    normalise_color,
    qml_paletted,
)

HEX = re.compile(r"^#[0-9a-f]{6}$")


def rgb(color: str) -> tuple[int, int, int]:
    return ClassInfo(0, "", color).rgb()


def is_blue(color: str) -> bool:
    r, g, b = rgb(color)
    return b > r + 60 and b > g


def is_green(color: str) -> bool:
    r, g, b = rgb(color)
    return g > r + 40 and g > b + 40


def is_red(color: str) -> bool:
    r, g, b = rgb(color)
    return r > g + 100 and r > b + 100


@pytest.mark.parametrize("name", ["water", "Water", "River", "lake", "open water (sea)"])
def test_water_is_blue(name: str) -> None:
    color = conventional_color(name)
    assert color is not None
    assert is_blue(color)


@pytest.mark.parametrize("name", ["forest", "Forest", "trees", "woodland", "Mixed forest"])
def test_forest_is_green(name: str) -> None:
    color = conventional_color(name)
    assert color is not None
    assert is_green(color)


@pytest.mark.parametrize("name", ["urban", "Built-up", "buildings", "roads", "Impervious"])
def test_urban_is_red(name: str) -> None:
    color = conventional_color(name)
    assert color is not None
    assert is_red(color)


def test_other_conventional_colours() -> None:
    grass, crop, bare, snow = (
        conventional_color(n) for n in ("grassland", "cropland", "bare soil", "snow")
    )
    assert grass is not None
    assert is_green(grass)
    assert crop is not None
    r, g, b = rgb(crop)
    assert r > 200  # yellow
    assert g > 180
    assert b < 100
    assert bare is not None
    r, g, b = rgb(bare)
    assert r > g > b  # brown
    assert snow is not None
    assert min(rgb(snow)) > 220  # near white
    assert len({grass, crop, bare, snow, conventional_color("water")}) == 5


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Broadleaf forest", "forest"),  # not urban, although "broadleaf" contains "road"
        ("Broad-leaved forest", "forest"),  # CORINE 311
        ("Rice fields", "crop"),  # not snow, although "rice" contains "ice"
        ("Seasonal crops", "crop"),  # not water, although "seasonal" contains "sea"
    ],
)
def test_names_are_matched_by_word_not_substring(name: str, kind: str) -> None:
    assert conventional_color(name) == conventional_color(kind)


@pytest.mark.parametrize("name", ["Class 1", "A", "zone 7", "", "mixed"])
def test_unnamed_classes_have_no_conventional_colour(name: str) -> None:
    assert conventional_color(name) is None


def test_build_legend_uses_conventional_colours() -> None:
    legend = build_legend([1, 2, 3], ["water", "forest", "urban"])
    assert [(c.code, c.name) for c in legend] == [(1, "water"), (2, "forest"), (3, "urban")]
    assert [c.color for c in legend] == [
        conventional_color(n) for n in ("water", "forest", "urban")
    ]


def test_unnamed_classes_get_distinct_colours() -> None:
    codes = list(range(1, 21))
    legend = build_legend(codes, [f"Class {c}" for c in codes])
    colors = [c.color for c in legend]
    assert all(HEX.match(c) for c in colors)
    assert len(set(colors)) == 20


def test_mixed_classes_never_share_a_colour() -> None:
    names = ["water", "Class 2", "forest", "Class 4", "woodland", "lake", "Class 7", "urban"]
    legend = build_legend(list(range(1, 9)), names)
    colors = [c.color for c in legend]
    assert len(set(colors)) == len(colors)
    # The first class of a conventional colour keeps it; the repeats get palette colours.
    assert legend[0].color == conventional_color("water")
    assert legend[2].color == conventional_color("forest")
    assert legend[4].color != conventional_color("woodland")
    assert legend[5].color != conventional_color("lake")


def test_more_classes_than_palette_colours_still_get_colours() -> None:
    legend = build_legend(list(range(60)), [f"c{i}" for i in range(60)])
    assert len(legend) == 60
    assert all(HEX.match(c.color) for c in legend)
    assert len({c.color for c in legend}) >= 20


def test_legend_json_round_trip() -> None:
    legend = build_legend([3, 10, 255], ["water", 'odd "name" <&>', "Class 255"])
    assert legend_from_json(legend_to_json(legend)) == legend


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("#1F78B4", "#1f78b4"),
        ("a6d96a", "#a6d96a"),
        (" #000000 ", "#000000"),
        ("red", None),
        ("#12345", None),
        ("#1234567", None),
    ],
)
def test_normalise_color(value: str, expected: str | None) -> None:
    assert normalise_color(value) == expected


def test_rgb() -> None:
    assert ClassInfo(1, "x", "#1f78b4").rgb() == (0x1F, 0x78, 0xB4)


# --------------------------------------------------------------------------- qml


def test_qml_is_valid_xml_with_one_entry_per_class() -> None:
    legend = build_legend([1, 2, 5, 300], ["water", "forest", "Class 5", 'a "quoted" & <odd> name'])
    text = qml_paletted(legend)
    root = ET.fromstring(text)
    assert root.tag == "qgis"
    renderer = root.find("./pipe/rasterrenderer")
    assert renderer is not None
    assert renderer.get("type") == "paletted"
    assert renderer.get("band") == "1"
    entries = renderer.findall("./colorPalette/paletteEntry")
    assert len(entries) == len(legend)
    for entry, info in zip(entries, legend):
        assert entry.get("value") == str(info.code)
        assert entry.get("color") == info.color
        assert entry.get("label") == info.name
        assert entry.get("alpha") == "255"


def test_qml_band_number() -> None:
    root = ET.fromstring(qml_paletted(build_legend([1], ["water"]), band=3))
    assert root.find("./pipe/rasterrenderer").get("band") == "3"


def test_qml_of_empty_legend_is_still_valid() -> None:
    root = ET.fromstring(qml_paletted([]))
    assert root.findall(".//paletteEntry") == []
