"""Label geometries to pixels and samples (core/labels.py, core/rasterize.py, core/samples.py,
core/sample_table.py), through to a model."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lulc_classifier.core.errors import InvalidInputError, ModelMismatchError
from lulc_classifier.core.features import feature_stack as features_module
from lulc_classifier.core.label_hints import similar_class_names
from lulc_classifier.core.legend import ClassInfo
from lulc_classifier.core.model.model_file import load_model
from lulc_classifier.core.predict import PredictionOptions, predict_raster
from lulc_classifier.core.progress import NullProgress
from lulc_classifier.core.rasterize import label_pixels
from lulc_classifier.core.sample_table import read_sampling_metadata
from lulc_classifier.core.samples import ClassTally, SamplingOptions, sample_labels
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    train_classifier,
)

from ..helpers import (
    CRS,
    ORIGIN,
    PIXEL,
    RecordingProgress,
    pixel_centre,
    read_fids,
    write_labels,
    write_ogr_layer,
    write_raster,
)

gpd = pytest.importorskip("geopandas")
pd = pytest.importorskip("pandas")
rasterio = pytest.importorskip("rasterio")
from rasterio.transform import from_origin  # noqa: E402
from shapely.geometry import (  # noqa: E402
    LineString,
    MultiLineString,
    MultiPoint,
    MultiPolygon,
    Point,
    Polygon,
    box,
)

ROWS, COLS = 40, 50
BANDS = ["blue", "red", "nir"]
TRANSFORM = from_origin(*ORIGIN, PIXEL, PIXEL)


def coded_array(bands: int = 3) -> np.ndarray:
    """Band b (1-based), pixel (r, c) holds b*10000 + r*100 + c: every value is unique."""
    b, r, c = np.meshgrid(np.arange(1, bands + 1), np.arange(ROWS), np.arange(COLS), indexing="ij")
    return (b * 10000 + r * 100 + c).astype(np.uint16)


@pytest.fixture
def image(make_raster: Callable[..., Path]) -> Path:
    """The coded 3-band image, bands described blue, red, nir."""
    return make_raster(coded_array(), descriptions=BANDS)


def xy(col: float, row: float) -> tuple[float, float]:
    """Map coordinates of a position given in (fractional) pixel units of the synthetic grid."""
    return ORIGIN[0] + col * PIXEL, ORIGIN[1] - row * PIXEL


def cell(row: int, col: int) -> Polygon:
    """The square of pixel (row, col)."""
    return box(*xy(col, row + 1), *xy(col + 1, row))


def block(row: int, col: int, rows: int, cols: int) -> Polygon:
    """A rectangle holding the centres of exactly rows x cols pixels from (row, col)."""
    return box(*xy(col + 0.1, row + rows - 0.1), *xy(col + cols - 0.1, row + 0.1))


def block_cells(row: int, col: int, rows: int, cols: int) -> set[tuple[int, int]]:
    return {(r, c) for r in range(row, row + rows) for c in range(col, col + cols)}


def grid_cells(keep: Callable[[int, int], bool]) -> set[tuple[int, int]]:
    """The pixels of the synthetic grid for which ``keep(row, col)`` holds."""
    return {(r, c) for r in range(ROWS) for c in range(COLS) if keep(r, c)}


def sample_cells(result: Any) -> list[tuple[int, int]]:
    """The (row, col) of each sample, from its x, y."""
    cols = np.floor((result.table["x"].to_numpy() - ORIGIN[0]) / PIXEL).astype(int)
    rows = np.floor((ORIGIN[1] - result.table["y"].to_numpy()) / PIXEL).astype(int)
    return list(zip(rows.tolist(), cols.tolist()))


def assert_values_match_cells(result: Any) -> None:
    """Every sample holds the coded image's values of its pixel."""
    array = coded_array()
    for (r, c), (_, rec) in zip(sample_cells(result), result.table.iterrows()):
        assert [rec[b] for b in BANDS] == array[:, r, c].astype(float).tolist()


def pixels_of(geometries: Sequence[Any], *, all_touched: bool = False) -> Any:
    return label_pixels(
        geometries, TRANSFORM, COLS, ROWS, all_touched=all_touched, progress=NullProgress()
    )


# --------------------------------------------------------------------------- polygons


def test_polygon_gives_the_pixels_whose_centres_are_inside(image: Path, tmp_path: Path) -> None:
    triangle = Polygon([xy(3.31, 2.83), xy(18.73, 4.71), xy(9.64, 15.28)])
    labels = write_labels(tmp_path / "triangle.gpkg", [triangle], ["a"])
    inside = grid_cells(lambda r, c: triangle.contains(Point(*pixel_centre(r, c))))
    touched = grid_cells(lambda r, c: cell(r, c).intersection(triangle).area > 0)
    assert 60 < len(inside) < len(touched)

    result = sample_labels([image], labels, "cls")
    cells = sample_cells(result)
    assert len(cells) == len(set(cells)) == len(inside)
    assert set(cells) == inside
    assert_values_match_cells(result)
    assert result.tallies == [ClassTally("a", kept=len(inside), outside=0, nodata=0)]

    result = sample_labels([image], labels, "cls", options=SamplingOptions(all_touched=True))
    assert set(sample_cells(result)) == touched
    assert len(result.table) == len(touched)
    assert_values_match_cells(result)


def test_polygon_holes_give_no_pixels() -> None:
    ring = Polygon(
        block(2, 2, 10, 10).exterior.coords, [block(5, 5, 3, 4).exterior.coords]
    )  # a 10x10 square with a 3x4 hole
    pixels = pixels_of([ring])
    cells = set(zip(pixels.rows.tolist(), pixels.cols.tolist()))
    assert cells == block_cells(2, 2, 10, 10) - block_cells(5, 5, 3, 4)
    assert pixels.rows.size == 100 - 12
    assert pixels.feature.tolist() == [0] * 88
    assert pixels.outside.tolist() == [False]


def test_polygons_across_and_beyond_the_edge() -> None:
    across = box(*xy(-5.0, 2.9), *xy(2.9, -5.0))  # holds centres of rows 0..2, columns 0..2
    beyond = block(ROWS + 3, 5, 4, 4)  # below the raster
    pixels = pixels_of([across, beyond])
    assert set(zip(pixels.rows.tolist(), pixels.cols.tolist())) == block_cells(0, 0, 3, 3)
    assert pixels.outside.tolist() == [False, True]


def test_multipart_polygon_gives_the_pixels_of_both_parts(image: Path, tmp_path: Path) -> None:
    parts = [block(20, 10, 4, 4), block(5, 30, 3, 3)]
    labels = write_labels(tmp_path / "multi.gpkg", [MultiPolygon(parts)], ["a"])
    result = sample_labels([image], labels, "cls")
    assert sorted(sample_cells(result)) == sorted(
        block_cells(20, 10, 4, 4) | block_cells(5, 30, 3, 3)
    )
    assert set(result.table["feature_id"]) == {1}
    assert_values_match_cells(result)
    pixels = pixels_of([MultiPolygon(parts)])
    assert pixels.rows.size == 25
    assert set(pixels.feature.tolist()) == {0}


def test_polygon_smaller_than_a_pixel_gives_one_sample(image: Path, tmp_path: Path) -> None:
    tiny = [
        box(*xy(7.1, 12.3), *xy(7.4, 12.1)),  # inside pixel (12, 7), away from its centre
        Polygon([xy(20.6, 30.2), xy(21.3, 30.3), xy(20.9, 30.4)]),  # across two pixels
        box(*xy(40.4, 3.6), *xy(40.6, 3.4)),  # holds the centre of pixel (3, 40)
    ]
    labels = write_labels(tmp_path / "tiny.gpkg", tiny, ["a", "b", "c"])
    result = sample_labels([image], labels, "cls")
    assert result.table["cls"].tolist() == ["a", "b", "c"]
    cells = sample_cells(result)
    assert cells[0] == (12, 7)
    assert cells[1] in {(30, 20), (30, 21)}
    point = tiny[1].representative_point()
    assert cells[1] == (int((ORIGIN[1] - point.y) // PIXEL), int((point.x - ORIGIN[0]) // PIXEL))
    assert cells[2] == (3, 40)
    assert [(t.value, t.kept) for t in result.tallies] == [("a", 1), ("b", 1), ("c", 1)]
    # The sample sits at its pixel's centre, not at the polygon.
    assert (result.table["x"].iloc[0], result.table["y"].iloc[0]) == pixel_centre(12, 7)
    assert_values_match_cells(result)


# --------------------------------------------------------------------------- lines


def test_lines_give_the_pixels_they_touch(image: Path, tmp_path: Path) -> None:
    line = LineString([xy(1.23, 1.19), xy(14.37, 9.86), xy(20.19, 6.67)])
    touched = grid_cells(lambda r, c: cell(r, c).intersects(line))
    assert len(touched) > 20
    labels = write_labels(tmp_path / "line.gpkg", [line], ["road"])
    result = sample_labels([image], labels, "cls")
    cells = sample_cells(result)
    assert len(cells) == len(set(cells)) == len(touched)
    assert set(cells) == touched
    assert_values_match_cells(result)
    # Lines always give every pixel they touch.
    again = sample_labels([image], labels, "cls", options=SamplingOptions(all_touched=True))
    assert sorted(sample_cells(again)) == sorted(cells)


def test_multipart_lines_give_the_pixels_of_both_parts() -> None:
    first = LineString([xy(2.5, 2.5), xy(6.5, 2.5)])  # row 2, columns 2..6
    second = LineString([xy(30.5, 20.5), xy(30.5, 23.5)])  # column 30, rows 20..23
    pixels = pixels_of([MultiLineString([first, second])])
    cells = set(zip(pixels.rows.tolist(), pixels.cols.tolist()))
    assert cells == block_cells(2, 2, 1, 5) | block_cells(20, 30, 4, 1)


# --------------------------------------------------------------------------- feature ids, x/y


def test_each_sample_keeps_its_feature_id_and_pixel_centre(image: Path, tmp_path: Path) -> None:
    geometries = [
        Point(*pixel_centre(2, 3)),
        block(10, 10, 2, 3),
        Point(*pixel_centre(4, 4)),  # no class: skipped, but the ids of the others stay
        LineString([xy(20.5, 30.5), xy(23.5, 30.5)]),
        MultiPoint([pixel_centre(6, 6), pixel_centre(7, 8)]),
    ]
    classes = ["point", "polygon", "", "line", "multipoint"]
    labels = write_labels(tmp_path / "mixed.gpkg", geometries, classes)
    fids = read_fids(labels, "cls")
    assert fids == {"point": 1, "polygon": 2, "": 3, "line": 4, "multipoint": 5}

    out = tmp_path / "samples.gpkg"
    result = sample_labels([image], labels, "cls", output_path=out)
    table = result.table
    assert table.groupby("cls")["feature_id"].unique().map(list).to_dict() == {
        "point": [1],
        "polygon": [2],
        "line": [4],
        "multipoint": [5],
    }
    counts = {"polygon": 6, "line": 4, "multipoint": 2, "point": 1}
    assert table["cls"].value_counts().to_dict() == counts
    assert sorted(sample_cells(result))[:4] == [(2, 3), (6, 6), (7, 8), (10, 10)]
    for (r, c), x, y, geom in zip(sample_cells(result), table["x"], table["y"], table.geometry):
        assert (x, y) == pixel_centre(r, c)
        assert (geom.x, geom.y) == (x, y)
    assert_values_match_cells(result)
    back = gpd.read_file(out)
    assert back["feature_id"].tolist() == table["feature_id"].tolist()
    assert back["x"].tolist() == table["x"].tolist()


def test_point_samples_keep_the_point_coordinates(image: Path, tmp_path: Path) -> None:
    """As documented in label_pixels: points keep their own x, y (in their pixel)."""
    x, y = xy(7.2, 3.9)
    labels = write_labels(tmp_path / "points.gpkg", [Point(x, y)], ["a"])
    result = sample_labels([image], labels, "cls")
    assert (result.table["x"].iloc[0], result.table["y"].iloc[0]) == (x, y)
    assert sample_cells(result) == [(3, 7)]
    assert result.table["blue"].iloc[0] == 10307.0


def test_feature_ids_of_a_shapefile_start_at_zero(image: Path, tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"cls": ["a", "b", "a"]},
        geometry=[
            Point(*pixel_centre(1, 1)),
            Point(*pixel_centre(2, 2)),
            Point(*pixel_centre(3, 3)),
        ],
        crs=CRS,
    )
    path = tmp_path / "labels.shp"
    frame.to_file(path)
    result = sample_labels([image], path, "cls")
    assert result.table["feature_id"].tolist() == [0, 1, 2]


def test_a_named_layer_of_a_multi_layer_file(image: Path, tmp_path: Path) -> None:
    path = tmp_path / "two_layers.gpkg"
    gpd.GeoDataFrame({"cls": ["a"]}, geometry=[Point(*pixel_centre(1, 1))], crs=CRS).to_file(
        path, layer="first"
    )
    second = gpd.GeoDataFrame(
        {"cls": ["b", "c"]}, geometry=[block(5, 5, 1, 2), block(9, 9, 1, 1)], crs=CRS
    )
    second.to_file(path, layer="second")
    result = sample_labels([image], path, "cls", layer="second")
    assert sorted(zip(result.table["cls"], sample_cells(result))) == [
        ("b", (5, 5)),
        ("b", (5, 6)),
        ("c", (9, 9)),
    ]


# --------------------------------------------------------------------------- caps


@pytest.fixture
def capped_labels(tmp_path: Path) -> Path:
    """Class a: polygons of 30 and 20 pixels; class b: one polygon of 12 pixels."""
    geometries = [block(2, 2, 5, 6), block(10, 2, 4, 5), block(20, 20, 3, 4)]
    return write_labels(tmp_path / "caps.gpkg", geometries, ["a", "a", "b"])


@pytest.mark.parametrize(
    ("options", "kept", "capped"),
    [
        (SamplingOptions(), {"a": 50, "b": 12}, {"a": 0, "b": 0}),
        (SamplingOptions(max_per_feature=5), {"a": 10, "b": 5}, {"a": 40, "b": 7}),
        (SamplingOptions(max_per_class=7), {"a": 7, "b": 7}, {"a": 43, "b": 5}),
        (
            SamplingOptions(max_per_feature=5, max_per_class=7),
            {"a": 7, "b": 5},
            {"a": 43, "b": 7},
        ),
        (SamplingOptions(max_per_class=100), {"a": 50, "b": 12}, {"a": 0, "b": 0}),
    ],
)
def test_caps_are_respected(
    image: Path, capped_labels: Path, options: SamplingOptions, kept: dict, capped: dict
) -> None:
    result = sample_labels([image], capped_labels, "cls", options=options)
    assert result.table["cls"].value_counts().to_dict() == kept
    assert {t.value: t.kept for t in result.tallies} == kept
    assert {t.value: t.capped for t in result.tallies} == capped
    per_feature = result.table["feature_id"].value_counts()
    if options.max_per_feature is not None:
        assert per_feature.max() <= options.max_per_feature
    everything = block_cells(2, 2, 5, 6) | block_cells(10, 2, 4, 5) | block_cells(20, 20, 3, 4)
    cells = sample_cells(result)
    assert len(set(cells)) == len(cells)
    assert set(cells) <= everything
    assert_values_match_cells(result)


def test_caps_are_deterministic_for_a_seed(image: Path, capped_labels: Path) -> None:
    def draw(seed: int) -> list[tuple[int, int]]:
        options = SamplingOptions(max_per_feature=6, max_per_class=8, seed=seed)
        return sorted(sample_cells(sample_labels([image], capped_labels, "cls", options=options)))

    first = draw(7)
    assert len(first) == 8 + 6
    assert draw(7) == first
    assert draw(8) != first


# --------------------------------------------------------------------------- conflicts, duplicates


def test_conflicts_are_dropped_from_both_classes_and_counted(image: Path, tmp_path: Path) -> None:
    geometries = [
        block(2, 2, 6, 6),  # a: 36 pixels
        block(5, 5, 6, 6),  # b: 36 pixels, 9 of them in a
        Point(*pixel_centre(2, 2)),  # b: a point in a
    ]
    labels = write_labels(tmp_path / "overlap.gpkg", geometries, ["a", "b", "b"])
    progress = RecordingProgress()
    result = sample_labels([image], labels, "cls", progress=progress)
    assert result.tallies == [
        ClassTally("a", kept=26, outside=0, nodata=0, conflicts=10),
        ClassTally("b", kept=27, outside=0, nodata=0, conflicts=10),
    ]
    cells = sample_cells(result)
    overlap = block_cells(5, 5, 3, 3) | {(2, 2)}
    assert not overlap & set(cells)
    assert set(cells) == (block_cells(2, 2, 6, 6) | block_cells(5, 5, 6, 6)) - overlap
    assert any(
        line.startswith("Class a: 26 kept;") and "10 in conflict with another class" in line
        for line in progress.messages
    )
    assert any(m.startswith("Total: 53 samples kept;") for m in progress.messages)
    assert any("20 labelled pixels carry two different classes" in w for w in progress.warnings)


def test_labels_all_in_conflict_are_refused(image: Path, tmp_path: Path) -> None:
    labels = write_labels(tmp_path / "same.gpkg", [block(3, 3, 2, 2)] * 2, ["a", "b"])
    with pytest.raises(InvalidInputError, match="None of the 8 labelled pixels .* can be used"):
        sample_labels([image], labels, "cls")


def test_duplicates_are_kept_once_unless_asked(image: Path, tmp_path: Path) -> None:
    geometries = [
        Point(*xy(4.2, 4.3)),  # two points of class a in pixel (4, 4)
        Point(*xy(4.7, 4.8)),
        Point(*pixel_centre(9, 9)),  # a single point of class a
        block(20, 20, 3, 3),  # two class b polygons overlapping on 2x2 pixels
        block(21, 21, 3, 3),
    ]
    labels = write_labels(tmp_path / "dups.gpkg", geometries, ["a", "a", "a", "b", "b"])
    result = sample_labels([image], labels, "cls")
    assert result.tallies == [
        ClassTally("a", kept=2, outside=0, nodata=0, duplicates=1),
        ClassTally("b", kept=14, outside=0, nodata=0, duplicates=4),
    ]
    cells = sample_cells(result)
    assert len(cells) == len(set(cells)) == 16
    assert (4, 4) in cells

    result = sample_labels([image], labels, "cls", options=SamplingOptions(keep_duplicates=True))
    assert result.tallies == [
        ClassTally("a", kept=3, outside=0, nodata=0),
        ClassTally("b", kept=18, outside=0, nodata=0),
    ]
    assert sample_cells(result).count((4, 4)) == 2
    kept = result.table[result.table["cls"] == "a"]
    assert sorted(kept["feature_id"]) == [1, 2, 3]


# --------------------------------------------------------------------------- CRS


@pytest.mark.parametrize("crs", ["EPSG:4326", "EPSG:3857"])
def test_labels_in_another_crs(image: Path, tmp_path: Path, crs: str) -> None:
    geometries = [
        block(3, 4, 4, 5),
        MultiPolygon([block(20, 20, 2, 2), block(30, 40, 3, 2)]),
        LineString([xy(10.3, 30.6), xy(17.8, 33.2)]),
        Point(*pixel_centre(38, 1)),
    ]
    classes = ["a", "b", "c", "d"]
    native = sample_labels([image], write_labels(tmp_path / "n.gpkg", geometries, classes), "cls")
    other = write_labels(tmp_path / "o.gpkg", geometries, classes, crs=crs)
    assert gpd.read_file(other).crs == crs
    progress = RecordingProgress()
    result = sample_labels([image], other, "cls", progress=progress)
    assert any(m.startswith("Reprojecting") for m in progress.messages)
    assert result.table.crs.to_epsg() == 32633
    assert len(native.table) > 20 + 4 + 6 + 1
    assert len(result.table) == len(native.table)
    assert sorted(zip(result.table["cls"], sample_cells(result))) == sorted(
        zip(native.table["cls"], sample_cells(native))
    )
    for name in BANDS:
        assert sorted(result.table[name]) == sorted(native.table[name])
    assert_values_match_cells(result)


# --------------------------------------------------------------------------- class names


@pytest.mark.parametrize(
    ("spellings", "named"),
    [
        (["Forest", "Forst"], ["'Forest'", "'Forst'"]),
        (["forest ", "Forest"], ["'Forest'", "'forest'"]),
        (["Water body", "water  body"], ["'Water body'", "'water  body'"]),
    ],
)
def test_typo_duplicate_classes_give_a_warning(
    image: Path, tmp_path: Path, spellings: list[str], named: list[str]
) -> None:
    geometries = [block(2, 2, 2, 2), block(10, 10, 2, 2), block(20, 20, 2, 2)]
    labels = write_labels(tmp_path / "typo.gpkg", geometries, [*spellings, "water"])
    progress = RecordingProgress()
    result = sample_labels([image], labels, "cls", progress=progress)
    warnings = [w for w in progress.warnings if "look like one class" in w]
    assert len(warnings) == 1
    assert all(name in warnings[0] for name in named)
    assert "'cls'" in warnings[0]
    assert len(result.tallies) == 3  # kept apart


def test_distinct_classes_give_no_warning(image: Path, tmp_path: Path) -> None:
    # 16 pixels per class: no "few samples" warning either
    geometries = [block(2, 2, 4, 4), block(10, 10, 4, 4), block(20, 20, 4, 4)]
    labels = write_labels(tmp_path / "ok.gpkg", geometries, ["water", "forest", "urban"])
    progress = RecordingProgress()
    sample_labels([image], labels, "cls", progress=progress)
    assert progress.warnings == []
    assert similar_class_names(["water", "forest", "urban", 1, 2]) == []
    assert similar_class_names(["Forest", "forest", "Forst"]) == [
        ("Forest", "Forst"),
        ("Forest", "forest"),
        ("Forst", "forest"),
    ]


# --------------------------------------------------------------------------- empty layers


def test_empty_polygon_layer_gives_a_clear_error(image: Path, tmp_path: Path) -> None:
    path = tmp_path / "empty.gpkg"
    write_ogr_layer(path, "Polygon", {"cls": "str"}, [])
    with pytest.raises(InvalidInputError) as info:
        sample_labels([image], path, "cls")
    message = str(info.value)
    assert "has no features" in message
    assert str(path) in message
    assert "add labelled points or polygons" in message


def test_layer_without_geometries_gives_a_clear_error(image: Path, tmp_path: Path) -> None:
    """Features whose geometry is missing are left out; if that leaves none, say so."""
    path = tmp_path / "no_geometry.gpkg"
    write_ogr_layer(path, "Polygon", {"cls": "str"}, [(None, {"cls": "a"}), (None, {"cls": "b"})])
    with pytest.raises(InvalidInputError) as info:
        sample_labels([image], path, "cls")
    message = str(info.value)
    assert "geometr" in message.lower()  # says what is wrong with the layer
    assert "0 labels" not in message  # not "None of the 0 labels falls inside the raster"


@pytest.mark.parametrize(
    ("suffix", "kind", "missing"),
    [(".gpkg", "int", None), (".shp", "real", float("nan"))],
    ids=["null-integer", "nan-real"],
)
def test_polygons_without_a_class_are_counted_not_lost(
    image: Path, tmp_path: Path, suffix: str, kind: str, missing: object
) -> None:
    """NULL integer codes and NaN real codes: counted per class with features that have a class
    but no geometry, warned about, and in the totals."""
    features = [
        (block(2, 2, 3, 3), {"cls": 1}),
        (block(10, 10, 2, 2), {"cls": missing}),
        (block(20, 20, 2, 2), {"cls": 2}),
        (block(30, 30, 2, 2), {"cls": missing}),
        (None, {"cls": missing}),
        (None, {"cls": 1}),
    ]
    path = write_ogr_layer(tmp_path / f"polygons{suffix}", "Polygon", {"cls": kind}, features)
    report = tmp_path / "report.csv"
    progress = RecordingProgress()
    result = sample_labels([image], path, "cls", report_path=report, progress=progress)
    assert [(t.value, t.kept, t.empty_class, t.no_geometry) for t in result.tallies] == [
        (1, 9, 0, 1),
        (2, 4, 0, 0),
        (None, 0, 3, 0),
    ]
    assert all(type(t.value) is int for t in result.tallies[:2])
    with open(report, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["class"], r["empty_class"], r["no_geometry"]) for r in rows] == [
        ("1", "0", "1"),
        ("2", "0", "0"),
        ("(no class)", "3", "0"),
    ]
    assert any("3 label features" in w and "'cls'" in w for w in progress.warnings)
    assert any("1 label feature " in w and "no geometry" in w for w in progress.warnings)
    total = result.summary_lines()[-1]
    assert "3 labels without a class" in total
    assert "1 label without a geometry" in total


# --------------------------------------------------------------------------- names and colours


def write_named_labels(path: Path, codes: Sequence[int | None]) -> Path:
    """An integer class field: 1 (Water, #0000FF) and 2 (Forest, 00aa00; the 4th feature says
    Woodland); None is a feature without a class."""
    names = {1: "Water", 2: "Forest", None: "Nothing"}
    colors = {1: "#0000FF", 2: "00aa00", None: "#ffffff"}
    spots = [(2, 2), (10, 10), (20, 30), (30, 20), (30, 40)]
    features = [
        (
            block(r, c, 3, 3),
            {"code": code, "name": "Woodland" if i == 3 else names[code], "color": colors[code]},
        )
        for i, (code, (r, c)) in enumerate(zip(codes, spots))
    ]
    fields = {"code": "int", "name": "str", "color": "str"}
    return write_ogr_layer(path, "Polygon", fields, features)


@pytest.mark.slow  # trains a model
def test_name_and_colour_fields_reach_the_model_legend(image: Path, tmp_path: Path) -> None:
    labels = write_named_labels(tmp_path / "named.gpkg", [1, 1, 2, 2, 2])
    samples = tmp_path / "samples.gpkg"
    progress = RecordingProgress()
    result = sample_labels(
        [image],
        labels,
        "code",
        name_field="name",
        color_field="color",
        output_path=samples,
        progress=progress,
    )
    hints = [
        {"value": 1, "name": "Water", "color": "#0000ff"},
        {"value": 2, "name": "Forest", "color": "#00aa00"},
    ]
    assert result.metadata["classes"] == hints
    assert read_sampling_metadata(samples)["classes"] == hints
    assert any("several names" in w and "Woodland" in w for w in progress.warnings)
    assert gpd.read_file(samples)["code"].dtype.kind == "i"

    model = tmp_path / "model.lulcmodel"
    train_classifier(
        SampleSource(samples, "code"),
        TrainingFiles(model),
        options=TrainingOptions(algorithm="decision_tree", n_jobs=1),
    )
    assert load_model(model).legend == [
        ClassInfo(1, "Water", "#0000ff"),
        ClassInfo(2, "Forest", "#00aa00"),
    ]


@pytest.mark.slow  # trains a model
def test_names_survive_an_integer_class_field_with_a_blank(image: Path, tmp_path: Path) -> None:
    """A feature without a class is left out (and counted); the other classes stay integers,
    names and all."""
    labels = write_named_labels(tmp_path / "named.gpkg", [1, 1, 2, 2, None])
    samples = tmp_path / "samples.gpkg"
    result = sample_labels(
        [image], labels, "code", name_field="name", color_field="color", output_path=samples
    )
    assert [(t.value, t.empty_class) for t in result.tallies] == [(1, 0), (2, 0), (None, 1)]
    assert all(type(t.value) is int for t in result.tallies[:2])
    model = tmp_path / "model.lulcmodel"
    train_classifier(
        SampleSource(samples, "code"),
        TrainingFiles(model),
        options=TrainingOptions(algorithm="decision_tree", n_jobs=1),
    )
    assert [(c.code, c.name) for c in load_model(model).legend] == [(1, "Water"), (2, "Forest")]


# --------------------------------------------------------------------------- outputs


def coarse_elevation(tmp_path: Path, name: str = "elev.tif", description: str = "elev") -> Path:
    """A single-band 20 m raster (another grid), offset by 5 m, covering the whole image."""
    rows, cols = ROWS // 2 + 2, COLS // 2 + 2
    data = (1000 + np.add.outer(np.arange(rows) * 7.0, np.arange(cols) * 3.0)).astype(np.float32)
    transform = from_origin(ORIGIN[0] - 15.0, ORIGIN[1] + 15.0, 20.0, 20.0)
    return write_raster(
        tmp_path / name, data[None], nodata=-1.0, transform=transform, descriptions=[description]
    )


@pytest.mark.slow  # trains a model
def test_csv_output_round_trips(image: Path, tmp_path: Path) -> None:
    elev = coarse_elevation(tmp_path)
    geometries = [block(2, 2, 4, 5), block(20, 30, 5, 4), Point(*pixel_centre(35, 5))]
    labels = write_labels(tmp_path / "labels.gpkg", geometries, ["water", "forest", "water"])
    out = tmp_path / "out" / "samples.csv"
    out.parent.mkdir()
    options = SamplingOptions(resampling="bilinear", nodata=-5.0)
    result = sample_labels([image, elev], labels, "cls", options=options, output_path=out)
    assert result.output_path == str(out)
    assert sorted(p.name for p in out.parent.iterdir()) == ["samples.csv", "samples.lulc.json"]

    table = pd.read_csv(out)
    assert list(table.columns) == ["cls", "feature_id", "x", "y", *BANDS, "elev"]
    expected = pd.DataFrame(result.table.drop(columns="geometry"))
    pd.testing.assert_frame_equal(table, expected, check_dtype=False)
    assert sorted(table["feature_id"]) == [1] * 20 + [2] * 20 + [3]

    metadata = read_sampling_metadata(out)
    assert metadata == json.loads(json.dumps(result.metadata))
    assert metadata["class_field"] == "cls"
    stack = metadata["stack"]
    assert stack["resampling"] == "bilinear"
    assert stack["nodata"] == -5.0
    assert [b["name"] for b in stack["bands"]] == [*BANDS, "elev"]
    assert [b["resampled"] for b in stack["bands"]] == [False, False, False, True]

    model = tmp_path / "model.lulcmodel"
    progress = RecordingProgress()
    trained = train_classifier(
        SampleSource(out, "cls"),
        TrainingFiles(model),
        options=TrainingOptions(algorithm="decision_tree", n_jobs=1),
        progress=progress,
    )
    assert trained.band_names == [*BANDS, "elev"]
    manifest = load_model(model).manifest
    assert manifest["stack"] == stack
    assert manifest["bands"] == [*BANDS, "elev"]
    assert [c["name"] for c in manifest["classes"]] == ["forest", "water"]
    assert not any("differ" in w for w in progress.warnings)


def test_sampling_report_has_one_row_per_class(
    make_raster: Callable[..., Path], tmp_path: Path
) -> None:
    data = coded_array()
    data[:, 30, 30] = 0
    image = make_raster(data, nodata=0, descriptions=BANDS)
    geometries = [
        block(2, 2, 4, 5),  # a: 20 pixels
        block(4, 5, 3, 3),  # b: 9 pixels, 4 of them in a
        Point(*pixel_centre(2, 2)),  # a again: a duplicate
        Point(*pixel_centre(30, 30)),  # a on nodata
        block(ROWS + 5, 5, 2, 2),  # a outside
        Point(*xy(-3.0, 4.0)),  # b outside
    ]
    labels = write_labels(tmp_path / "labels.gpkg", geometries, ["a", "b", "a", "a", "a", "b"])
    report = tmp_path / "report.csv"
    result = sample_labels(
        [image],
        labels,
        "cls",
        options=SamplingOptions(max_per_class=10),
        report_path=report,
    )
    with open(report, newline="") as handle:
        rows = list(csv.reader(handle))
    header = ["class", "kept", "outside", "nodata", "conflicts", "duplicates", "capped"]
    assert rows == [
        [*header, "no_geometry", "empty_class"],
        ["a", "10", "1", "1", "4", "1", "6", "0", "0"],
        ["b", "5", "1", "0", "4", "0", "0", "0", "0"],
    ]
    assert [[str(getattr(t, k)) for k in ("value", "kept", "capped")] for t in result.tallies] == [
        ["a", "10", "6"],
        ["b", "5", "0"],
    ]
    assert len(result.table) == 15


# --------------------------------------------------------------------------- end to end


@pytest.fixture
def two_class_stack(make_raster: Callable[..., Path], tmp_path: Path) -> dict[str, Path]:
    """A 3-band image (water left, forest right), a 20 m elevation raster, labels, a model."""
    rng = np.random.default_rng(3)
    data = np.empty((3, ROWS, COLS), dtype=np.uint16)
    data[:, :, : COLS // 2] = rng.integers(100, 200, size=(3, ROWS, COLS // 2))
    data[:, :, COLS // 2 :] = rng.integers(800, 900, size=(3, ROWS, COLS - COLS // 2))
    image = make_raster(data, descriptions=BANDS)
    elev = coarse_elevation(tmp_path)
    geometries = [block(5, 3, 6, 6), block(25, 5, 5, 5), block(5, 30, 6, 6), block(25, 35, 5, 5)]
    labels = write_labels(tmp_path / "labels.gpkg", geometries, ["water"] * 2 + ["forest"] * 2)
    samples = tmp_path / "samples.gpkg"
    options = SamplingOptions(resampling="bilinear", nodata=-5.0)
    sample_labels([image, elev], labels, "cls", options=options, output_path=samples)
    model = tmp_path / "model.lulcmodel"
    train_classifier(
        SampleSource(samples, "cls"),
        TrainingFiles(model),
        options=TrainingOptions(algorithm="decision_tree", n_jobs=1),
    )
    out = tmp_path / "maps"
    out.mkdir()
    return {"image": image, "elev": elev, "model": model, "out": out}


@pytest.mark.slow  # trains a model
def test_classify_a_stack_with_a_resampled_raster(
    two_class_stack: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    model = load_model(two_class_stack["model"])
    stack = model.manifest["stack"]
    assert [b["name"] for b in stack["bands"]] == [*BANDS, "elev"]
    assert [b["resampled"] for b in stack["bands"]] == [False, False, False, True]
    opened: list[dict[str, Any]] = []
    original = features_module.RasterStack  # prediction opens the stack via open_stack

    def recording_stack(paths: Any, **kwargs: Any) -> Any:
        opened.append(kwargs)
        return original(paths, **kwargs)

    monkeypatch.setattr(features_module, "RasterStack", recording_stack)
    out = two_class_stack["out"] / "map.tif"
    result = predict_raster(
        [two_class_stack["image"], two_class_stack["elev"]],
        model,
        out,
        options=PredictionOptions(threads=1),
    )
    # replayed from the model; read at the image's resolution
    assert opened == [{"resampling": "bilinear", "nodata": -5.0, "resolution": None}]
    codes = {c.name: c.code for c in result.legend}
    with rasterio.open(out) as src:
        assert (src.width, src.height) == (COLS, ROWS)
        assert src.transform == TRANSFORM
        classes = src.read(1)
    assert np.all(classes[:, : COLS // 2] == codes["water"])
    assert np.all(classes[:, COLS // 2 :] == codes["forest"])


@pytest.mark.slow  # trains a model
def test_classify_refuses_rasters_in_the_wrong_order(two_class_stack: dict[str, Path]) -> None:
    out = two_class_stack["out"] / "map.tif"
    with pytest.raises(ModelMismatchError) as info:
        predict_raster(
            [two_class_stack["elev"], two_class_stack["image"]], two_class_stack["model"], out
        )
    message = str(info.value)
    assert "out of order" in message
    assert "expects 'blue' as band 1, but it is band 2" in message
    assert list(two_class_stack["out"].iterdir()) == []


@pytest.mark.slow  # trains a model
def test_classify_refuses_a_missing_band(two_class_stack: dict[str, Path], tmp_path: Path) -> None:
    slope = coarse_elevation(tmp_path, name="slope.tif", description="slope")
    out = two_class_stack["out"] / "map.tif"
    with pytest.raises(ModelMismatchError) as info:
        predict_raster([two_class_stack["image"], slope], two_class_stack["model"], out)
    message = str(info.value)
    assert "The band 'elev' (band 4 of the model) is missing" in message
    assert "slope" in message
    assert list(two_class_stack["out"].iterdir()) == []


@pytest.mark.slow  # trains a model
def test_renamed_band_fields_still_match_their_rasters(
    make_raster: Callable[..., Path], tmp_path: Path
) -> None:
    """A band described like a bookkeeping field ("x") is stored as "x_band" in the sample
    table; the model must still accept the very rasters it was sampled from."""
    rng = np.random.default_rng(5)
    data = rng.integers(1, 1000, size=(3, ROWS, COLS)).astype(np.uint16)
    image = make_raster(data, descriptions=["red", "x", "nir"])
    labels = write_labels(
        tmp_path / "labels.gpkg", [block(2, 2, 4, 4), block(20, 30, 4, 4)], ["a", "b"]
    )
    samples = tmp_path / "samples.gpkg"
    result = sample_labels([image], labels, "cls", output_path=samples)
    assert result.band_names == ["red", "x_band", "nir"]
    model = tmp_path / "model.lulcmodel"
    train_classifier(
        SampleSource(samples, "cls"),
        TrainingFiles(model),
        options=TrainingOptions(algorithm="decision_tree", n_jobs=1),
    )
    out = tmp_path / "map.tif"
    predict_raster([image], model, out, options=PredictionOptions(threads=1))
    assert out.exists()
