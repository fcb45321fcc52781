"""Hostile class names in the files the engine writes: CSV cells, .qml styles, HTML reports."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from lulc_classifier.core.areas import ClassArea, write_area_table
from lulc_classifier.core.assessment.reference import (
    AssessmentOptions,
    assess_map,
    class_area_table,
)
from lulc_classifier.core.escape import csv_cell, csv_uncell, xml_attribute
from lulc_classifier.core.legend import ClassInfo, qml_paletted
from lulc_classifier.core.sample_table import load_samples
from lulc_classifier.core.samples import sample_labels
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    train_classifier,
)

from ..helpers import pixel_centre, write_raster

gpd = pytest.importorskip("geopandas")
rasterio = pytest.importorskip("rasterio")
from shapely.geometry import Point  # noqa: E402

HOSTILE = ['=HYPERLINK("http://x")', "<script>alert(1)</script>", '" onload="x', "@SUM(1)"]
FORMULAS = ("=", "+", "-", "@", "\t", "\r")


def read_rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def assert_neutral(rows: list[list[str]]) -> None:
    """No cell would run as a spreadsheet formula (plain numbers aside)."""
    for row in rows:
        for cell in row:
            if cell.startswith(FORMULAS):
                float(cell)  # a negative number is fine; anything else fails here


# --------------------------------------------------------------------------- the helpers


@pytest.mark.parametrize(
    "text", [*HOSTILE, "+1+cmd", "-2+3", "\tx", "\r=x", "-inf", "'=x", "''@y", "=1"]
)
def test_formula_text_is_quoted_and_unquoted(text: str) -> None:
    cell = csv_cell(text)
    assert isinstance(cell, str)
    if text.lstrip("'").startswith(FORMULAS):
        assert cell == "'" + text
    else:
        assert cell == text
    assert csv_uncell(cell) == text


@pytest.mark.parametrize(
    "value", [-3, -2.5, 0, 7, np.float32(-1.5), np.int64(-4), None, "-12.5", "+3", "-1e-05", "abc"]
)
def test_numbers_and_plain_text_are_left_alone(value: object) -> None:
    assert csv_cell(value) is value
    assert csv_uncell(value) is value


@pytest.mark.parametrize("text", ["'abc", "'", "''", "it's", "'-5"])
def test_leading_quotes_that_escape_nothing_stay(text: str) -> None:
    assert csv_cell(text) == text
    assert csv_uncell(text) == text


def test_xml_attribute_round_trips_markup_and_replaces_what_xml_cannot_carry() -> None:
    names = [*HOSTILE, "a & b", "two\nlines\tand\rmore", "it's"]
    for name in names:
        element = ET.fromstring(f"<e v={xml_attribute(name)}/>")
        assert element.get("v") == name
    bell = xml_attribute("bell\x07")
    assert ET.fromstring(f"<e v={bell}/>").get("v") == "bell\ufffd"


# --------------------------------------------------------------------------- .qml


def test_qml_keeps_hostile_names_and_colours_as_attribute_values() -> None:
    names = [*HOSTILE, "tab\there", "ctrl\x01"]
    legend = [ClassInfo(i, name, "#00ff00") for i, name in enumerate(names, start=1)]
    legend.append(ClassInfo(len(names) + 1, "bad colour", '#000000" onload="x'))
    root = ET.fromstring(qml_paletted(legend).split("\n", 1)[1])  # after the DOCTYPE
    entries = root.findall(".//paletteEntry")
    assert [e.get("label") for e in entries] == [*names[:-1], "ctrl\ufffd", "bad colour"]
    assert entries[-1].get("color") == '#000000" onload="x'
    assert entries[-1].get("onload") is None
    assert [e.get("value") for e in entries] == [str(c.code) for c in legend]


# --------------------------------------------------------------------------- sampling and training


@pytest.fixture
def hostile_labels(make_points: Callable[..., Path]) -> Path:
    """Ten points per quadrant of the 64x64 two-class image, one hostile class per quadrant."""
    rng = np.random.default_rng(5)
    cells: list[tuple[int, int, object]] = []
    for k, name in enumerate(HOSTILE):
        rows = rng.integers(1, 32, 10) + 32 * (k // 2)
        cols = rng.integers(1, 32, 10) + 32 * (k % 2)
        cells += [(int(r), int(c), name) for r, c in zip(rows, cols)]
    return make_points(cells, name="hostile.gpkg")


def test_sampling_report_and_csv_table_are_neutralised(
    two_class_image: Path, hostile_labels: Path, tmp_path: Path
) -> None:
    report, table = tmp_path / "report.csv", tmp_path / "samples.csv"
    result = sample_labels(
        [two_class_image], hostile_labels, "cls", output_path=table, report_path=report
    )
    rows = read_rows(report)
    assert_neutral(rows)
    assert {r[0] for r in rows[1:]} == {str(csv_cell(n)) for n in HOSTILE}
    raw = read_rows(table)
    assert_neutral(raw)
    assert {r[0] for r in raw[1:]} == {str(csv_cell(n)) for n in HOSTILE}
    back = load_samples(table)
    assert sorted(back["cls"]) == sorted(result.table["cls"])  # read back exactly


@pytest.mark.slow  # trains a model
def test_confusion_matrix_and_html_report_are_neutralised(
    two_class_image: Path, hostile_labels: Path, tmp_path: Path
) -> None:
    samples = sample_labels([two_class_image], hostile_labels, "cls").table
    confusion, html = tmp_path / "confusion.csv", tmp_path / "report.html"
    train_classifier(
        SampleSource(samples, "cls"),
        TrainingFiles(tmp_path / "m.lulcmodel", report_path=html, confusion_path=confusion),
        options=TrainingOptions(algorithm="decision_tree", n_jobs=1),
    )
    rows = read_rows(confusion)
    assert_neutral(rows)
    assert sorted(rows[0][1:]) == sorted(str(csv_cell(n)) for n in HOSTILE)
    assert sorted(r[0] for r in rows[1:]) == sorted(str(csv_cell(n)) for n in HOSTILE)
    text = html.read_text(encoding="utf-8")
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert '" onload="x' not in text


# --------------------------------------------------------------------------- class areas, assess


@pytest.fixture
def hostile_map(tmp_path: Path) -> Path:
    """A 40 x 40 class map whose legend names are the hostile names (codes 1..4 by quadrant)."""
    data = np.ones((1, 40, 40), dtype=np.uint8)
    data[0, :20, 20:], data[0, 20:, :20], data[0, 20:, 20:] = 2, 3, 4
    legend = [{"code": i, "name": n, "color": "#00ff00"} for i, n in enumerate(HOSTILE, 1)]
    tags = {"LULC_CLASSES": json.dumps(legend)}
    return write_raster(tmp_path / "map.tif", data, nodata=255, band_tags=[tags])


def test_area_tables_are_neutralised(hostile_map: Path, tmp_path: Path) -> None:
    class_area_table(hostile_map, tmp_path / "areas.csv")
    rows = read_rows(tmp_path / "areas.csv")
    assert_neutral(rows)
    assert [r[1] for r in rows[1:]] == [str(csv_cell(n)) for n in HOSTILE]
    areas = [ClassArea(-1, n, 5, -0.5, 10.0) for n in HOSTILE]
    write_area_table(tmp_path / "predicted_areas.csv", areas)
    rows = read_rows(tmp_path / "predicted_areas.csv")
    assert_neutral(rows)
    assert [r[:2] for r in rows[1:]] == [["-1", str(csv_cell(n))] for n in HOSTILE]
    assert {r[3] for r in rows[1:]} == {"-0.5000"}  # numbers stay numbers


def test_assessment_csv_and_html_are_neutralised(hostile_map: Path, tmp_path: Path) -> None:
    spots = [(5, 5, 1), (5, 30, 2), (30, 5, 3), (30, 30, 4), (6, 6, 2), (31, 31, 4)]
    frame = gpd.GeoDataFrame(
        {"ref": [code for _, _, code in spots]},
        geometry=[Point(*pixel_centre(r, c)) for r, c, _ in spots],
        crs="EPSG:32633",
    )
    frame.to_file(tmp_path / "ref.gpkg")
    csv_path, html = tmp_path / "assess.csv", tmp_path / "assess.html"
    assess_map(
        hostile_map,
        tmp_path / "ref.gpkg",
        "ref",
        options=AssessmentOptions(
            design="simple_random",  # one point per class: too few to stratify
            csv_path=csv_path,
            report_path=html,
        ),
    )
    rows = read_rows(csv_path)
    assert_neutral(rows)
    assert [r[0] for r in rows[1:]] == [str(csv_cell(n)) for n in HOSTILE]
    text = html.read_text(encoding="utf-8")
    assert "<script>" not in text
    assert '" onload="x' not in text
