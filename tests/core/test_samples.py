"""Sampling band values at labelled points and polygons (core/samples.py)."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from lulc_classifier.core.errors import Cancelled, InvalidInputError
from lulc_classifier.core.geotiff import RasterStack
from lulc_classifier.core.samples import ClassTally, SamplingOptions, sample_labels

from ..helpers import ORIGIN, PIXEL, RecordingProgress, pixel_centre, write_ogr_layer

gpd = pytest.importorskip("geopandas")
from shapely.geometry import MultiPoint, Point, Polygon  # noqa: E402

ROWS, COLS = 40, 50


def coded_array(bands: int = 3, rows: int = ROWS, cols: int = COLS) -> np.ndarray:
    """Band b (1-based), pixel (r, c) holds b*10000 + r*100 + c: every value is unique."""
    b, r, c = np.meshgrid(np.arange(1, bands + 1), np.arange(rows), np.arange(cols), indexing="ij")
    return (b * 10000 + r * 100 + c).astype(np.uint16)


@pytest.fixture
def coded_image(make_raster: Callable[..., Path]) -> Path:
    return make_raster(coded_array())


def table_by_position(result, rows_cols: list[tuple[int, int]]) -> dict[tuple[int, int], list]:
    """Map each sample's (row, col), from its geometry, to its band values."""
    out = {}
    for _, rec in result.table.iterrows():
        geom = rec.geometry
        col = int((geom.x - ORIGIN[0]) // PIXEL)
        row = int((ORIGIN[1] - geom.y) // PIXEL)
        out[(row, col)] = [rec[name] for name in result.band_names]
    assert set(out) <= set(rows_cols)
    return out


# --------------------------------------------------------------------------- options


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"resampling": "cubic"}, "Unknown resampling 'cubic'; choose one of: nearest, bilinear."),
        ({"max_per_class": 0}, "samples per class must be 1 or more (or no cap), not 0."),
        ({"max_per_feature": -3}, "samples per feature must be 1 or more (or no cap), not -3."),
        ({"seed": -1}, "The random seed must be 0 or more, not -1."),
    ],
)
def test_sampling_options_check_themselves_before_any_file_is_opened(
    options: dict[str, object], message: str, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInputError, match=re.escape(message)):
        SamplingOptions(**options)
    # So sampling fails on the options even when the files are missing.
    with pytest.raises(InvalidInputError, match=re.escape(message)):
        sample_labels(
            [tmp_path / "missing.tif"],
            tmp_path / "missing.gpkg",
            "cls",
            options=SamplingOptions(**options),
        )


# --------------------------------------------------------------------------- values


def test_sampled_values_equal_array_values(
    coded_image: Path, make_points: Callable[..., Path]
) -> None:
    cells = [(0, 0), (0, 49), (39, 0), (39, 49), (17, 23), (5, 31), (22, 8)]
    labels = make_points([(r, c, "a" if i % 2 else "b") for i, (r, c) in enumerate(cells)])
    result = sample_labels([coded_image], labels, "cls")
    array = coded_array()
    assert len(result.table) == len(cells)
    assert result.band_names == ["b1", "b2", "b3"]
    columns = ["cls", "feature_id", "x", "y", "b1", "b2", "b3", "geometry"]
    assert list(result.table.columns) == columns
    # Each sample keeps the fid of its feature (GeoPackage fids start at 1).
    assert result.table["feature_id"].tolist() == list(range(1, len(cells) + 1))
    assert [(g.x, g.y) for g in result.table.geometry] == list(
        zip(result.table["x"], result.table["y"])
    )
    by_pos = table_by_position(result, cells)
    assert set(by_pos) == set(cells)
    for (r, c), values in by_pos.items():
        assert values == array[:, r, c].astype(float).tolist()
    for name in result.band_names:
        assert result.table[name].dtype == np.float64
    assert result.table.crs.to_epsg() == 32633
    assert result.output_path is None


def test_class_values_follow_their_points(
    coded_image: Path, make_points: Callable[..., Path]
) -> None:
    cells = [(1, 2, "water"), (10, 20, "forest"), (30, 40, "urban")]
    result = sample_labels([coded_image], make_points(cells), "cls")
    got = {(rec["b1"] - 10000): rec["cls"] for _, rec in result.table.iterrows()}
    assert got == {r * 100 + c: cls for r, c, cls in cells}


def test_multiple_rasters_are_stacked_in_order(make_raster: Callable[..., Path], make_points):
    array = coded_array()
    first = make_raster(array[:2], name="first.tif")
    second = make_raster(array[2:] + 5, name="second.tif")
    result = sample_labels([second, first], make_points([(4, 9, 1)]), "cls")
    assert result.band_names == ["b1", "b2", "b3"]
    row = result.table.iloc[0]
    assert [row["b1"], row["b2"], row["b3"]] == [30409 + 5, 10409, 20409]


def test_float_raster_values_are_exact(make_raster: Callable[..., Path], make_points) -> None:
    data = np.array([[[1.5, -2.25], [1e-3, 123456.789]]], dtype=np.float64)
    path = make_raster(data, tiled=False)
    result = sample_labels([path], make_points([(1, 1, "x"), (0, 1, "y")]), "cls")
    values = dict(zip(result.table["cls"], result.table["b1"]))
    assert values == {"x": 123456.789, "y": -2.25}


# --------------------------------------------------------------------------- drops and tallies


def test_nodata_in_any_band_is_dropped_and_counted(
    make_raster: Callable[..., Path], make_points: Callable[..., Path]
) -> None:
    data = coded_array()
    data[0, 2, 3] = 0  # nodata in band 1 only
    data[2, 7, 7] = 0  # nodata in band 3 only
    data[:, 9, 9] = 0  # nodata everywhere
    path = make_raster(data, nodata=0)
    cells = [
        (2, 3, "water"),
        (7, 7, "water"),
        (9, 9, "forest"),
        (1, 1, "water"),
        (5, 5, "forest"),
        (6, 6, "forest"),
    ]
    result = sample_labels([path], make_points(cells), "cls")
    assert sorted(result.table["cls"]) == ["forest", "forest", "water"]
    assert set(result.table["b1"]) == {10101.0, 10505.0, 10606.0}
    assert result.tallies == [
        ClassTally("forest", kept=2, outside=0, nodata=1),
        ClassTally("water", kept=1, outside=0, nodata=2),
    ]
    lines = result.summary_lines()
    assert lines[-1] == (
        "Total: 3 samples kept; 0 labels outside the raster, 3 samples on nodata, "
        "0 in conflict, 0 duplicates, 0 over the caps"
    )
    assert (
        "Class water: 1 kept; dropped: 0 labels outside the raster, 2 on nodata, "
        "0 in conflict with another class, 0 duplicates, 0 over the caps"
    ) in lines
    assert len(lines) == 3


def test_nan_pixels_are_dropped(make_raster: Callable[..., Path], make_points) -> None:
    data = np.ones((2, 16, 16), dtype=np.float32)
    data[1, 4, 4] = np.nan
    path = make_raster(data)  # no nodata value: NaN alone makes the pixel invalid
    result = sample_labels([path], make_points([(4, 4, 1), (5, 5, 1)]), "cls")
    assert len(result.table) == 1
    assert result.tallies == [ClassTally(1, kept=1, outside=0, nodata=1)]


def test_labels_outside_the_raster_are_dropped_and_counted(
    coded_image: Path, make_points: Callable[..., Path]
) -> None:
    cells = [
        (-1, 5, "a"),
        (5, -1, "a"),
        (ROWS, 5, "b"),
        (5, COLS, "b"),
        (ROWS + 100, COLS + 100, "b"),
        (3, 3, "a"),
        (ROWS - 1, COLS - 1, "b"),
    ]
    progress = RecordingProgress()
    result = sample_labels([coded_image], make_points(cells), "cls", progress=progress)
    assert len(result.table) == 2
    assert result.tallies == [
        ClassTally("a", kept=1, outside=2, nodata=0),
        ClassTally("b", kept=1, outside=3, nodata=0),
    ]
    assert (
        "Total: 2 samples kept; 5 labels outside the raster, 0 samples on nodata, "
        "0 in conflict, 0 duplicates, 0 over the caps"
    ) in progress.messages
    assert (
        "Class b: 1 kept; dropped: 3 labels outside the raster, 0 on nodata, "
        "0 in conflict with another class, 0 duplicates, 0 over the caps"
    ) in progress.messages


def test_integer_class_tallies(coded_image: Path, make_points: Callable[..., Path]) -> None:
    cells = [(1, 1, 3), (2, 2, 1), (3, 3, 3), (-4, 4, 1)]
    result = sample_labels([coded_image], make_points(cells), "cls")
    assert result.tallies == [
        ClassTally(1, kept=1, outside=1, nodata=0),
        ClassTally(3, kept=2, outside=0, nodata=0),
    ]
    assert all(type(t.value) is int for t in result.tallies)


def test_points_without_a_class_are_counted_not_lost(coded_image: Path, tmp_path: Path) -> None:
    """Empty, blank, tab-only and NULL classes: a "(no class)" row, a warning, the totals."""
    cells = [(1, 1, "a"), (2, 2, "a"), (3, 3, "b"), (4, 4, ""), (5, 5, "  "), (6, 6, None)]
    cells += [(7, 7, "\t"), (-3, 3, "b")]
    features = [(Point(*pixel_centre(r, c)), {"cls": v}) for r, c, v in cells]
    path = write_ogr_layer(tmp_path / "points.gpkg", "Point", {"cls": "str"}, features)
    report = tmp_path / "report.csv"
    progress = RecordingProgress()
    result = sample_labels([coded_image], path, "cls", report_path=report, progress=progress)
    assert [(t.value, t.kept, t.outside, t.empty_class) for t in result.tallies] == [
        ("a", 2, 0, 0),
        ("b", 1, 1, 0),
        (None, 0, 0, 4),
    ]
    with open(report, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["class"], r["kept"], r["empty_class"]) for r in rows] == [
        ("a", "2", "0"),
        ("b", "1", "0"),
        ("(no class)", "0", "4"),
    ]
    # Every label feature is accounted for: one pixel each, kept or dropped for a reason.
    counted = sum(int(v) for r in rows for k, v in r.items() if k != "class")
    assert counted == len(cells)
    warned = [w for w in progress.warnings if "no class" in w]
    assert len(warned) == 1
    assert "4 label features" in warned[0]
    assert "'cls'" in warned[0]
    lines = result.summary_lines()
    assert any(line.startswith("(no class): 0 kept; dropped: 4 labels") for line in lines)
    assert "4 labels without a class" in lines[-1]
    assert lines[-1] in progress.messages


# --------------------------------------------------------------------------- CRS


def test_labels_in_another_crs_are_reprojected(
    coded_image: Path, make_points: Callable[..., Path]
) -> None:
    cells = [(0, 0, "a"), (13, 27, "b"), (39, 49, "a"), (20, 1, "b")]
    native = sample_labels([coded_image], make_points(cells, name="utm.gpkg"), "cls")
    progress = RecordingProgress()
    geographic = make_points(cells, name="wgs84.gpkg", crs="EPSG:4326")
    assert gpd.read_file(geographic).crs.to_epsg() == 4326
    reprojected = sample_labels([coded_image], geographic, "cls", progress=progress)
    assert len(reprojected.table) == len(cells)
    for name in ("cls", "b1", "b2", "b3"):
        assert reprojected.table[name].tolist() == native.table[name].tolist()
    # The output is in the raster's CRS, and the reprojection was reported.
    assert reprojected.table.crs.to_epsg() == 32633
    assert any(m.startswith("Reprojecting") for m in progress.messages)


def test_same_crs_is_not_reprojected(coded_image: Path, make_points: Callable[..., Path]) -> None:
    progress = RecordingProgress()
    sample_labels([coded_image], make_points([(1, 1, "a")]), "cls", progress=progress)
    assert not any(m.startswith("Reprojecting") for m in progress.messages)


# --------------------------------------------------------------------------- band names


def test_band_names_from_descriptions(
    make_raster: Callable[..., Path], make_points: Callable[..., Path]
) -> None:
    path = make_raster(coded_array(), descriptions=["red", "nir", "swir"])
    result = sample_labels([path], make_points([(1, 1, "a")]), "cls")
    assert result.band_names == ["red", "nir", "swir"]
    columns = ["cls", "feature_id", "x", "y", "red", "nir", "swir", "geometry"]
    assert list(result.table.columns) == columns
    assert result.table["nir"].iloc[0] == 20101.0


def test_band_names_fall_back_to_position(
    make_raster: Callable[..., Path], make_points: Callable[..., Path]
) -> None:
    # Band 2 has no description: it is named by its position in the stack.
    path = make_raster(coded_array(), descriptions=["red", "", "swir"])
    result = sample_labels([path], make_points([(1, 1, "a")]), "cls")
    assert result.band_names == ["red", "b2", "swir"]


def test_band_names_are_unique_and_avoid_the_class_field(
    make_raster: Callable[..., Path], make_points: Callable[..., Path]
) -> None:
    path = make_raster(coded_array(), descriptions=["cls", "red", "RED"])
    result = sample_labels([path], make_points([(1, 1, "a")]), "cls")
    assert result.band_names == ["cls_band", "red", "RED_2"]
    row = result.table.iloc[0]
    assert row["cls"] == "a"
    assert row["cls_band"] == 10101.0
    assert row["RED_2"] == 30101.0


@pytest.mark.parametrize(
    "descriptions",
    [
        ["geometry", "nir", "swir"],  # the name of the geometry column
        ["cls_band", "cls", "swir"],  # the class field's rename target is already taken
        ["red", "x", "y"],  # bookkeeping names that training ignores
        ["fid", "nir", "swir"],  # the GeoPackage feature id
    ],
)
def test_every_band_becomes_its_own_feature(
    make_raster: Callable[..., Path],
    make_points: Callable[..., Path],
    tmp_path: Path,
    descriptions: list[str],
) -> None:
    """Whatever the band descriptions, each band gets a distinct column that training uses."""
    from lulc_classifier.core.train import feature_columns

    path = make_raster(coded_array(), descriptions=descriptions)
    out = tmp_path / "samples.gpkg"
    result = sample_labels([path], make_points([(1, 2, "a"), (3, 4, "b")]), "cls", output_path=out)
    assert len({n.lower() for n in result.band_names}) == 3
    for band, name in enumerate(result.band_names, start=1):
        assert result.table[name].tolist() == [band * 10000 + 102.0, band * 10000 + 304.0]
    assert feature_columns(result.table, "cls") == result.band_names
    assert feature_columns(gpd.read_file(out), "cls") == result.band_names


# --------------------------------------------------------------------------- invalid inputs


@pytest.mark.filterwarnings("ignore:You are attempting to write an empty DataFrame")
def test_empty_layer_is_refused(coded_image: Path, make_points: Callable[..., Path]) -> None:
    labels = make_points([])
    with pytest.raises(InvalidInputError, match="has no features"):
        sample_labels([coded_image], labels, "cls")


def test_missing_class_field_is_refused(
    coded_image: Path, make_points: Callable[..., Path]
) -> None:
    labels = make_points([(1, 1, "a")], field="landcover")
    with pytest.raises(InvalidInputError) as info:
        sample_labels([coded_image], labels, "cls")
    message = str(info.value)
    assert "'cls'" in message
    assert "not in the label layer" in message
    assert "landcover" in message  # lists the fields there are


@pytest.mark.parametrize("values", [["", " ", None], [None, None, None]])
def test_empty_class_field_is_refused(
    coded_image: Path, make_points: Callable[..., Path], values: list
) -> None:
    labels = make_points([(i, i, v) for i, v in enumerate(values)])
    with pytest.raises(InvalidInputError, match=r"'cls' .* is empty in every feature"):
        sample_labels([coded_image], labels, "cls")


def test_rows_with_empty_class_are_skipped(
    coded_image: Path, make_points: Callable[..., Path]
) -> None:
    labels = make_points([(1, 1, "water"), (2, 2, ""), (3, 3, "  "), (4, 4, " forest ")])
    result = sample_labels([coded_image], labels, "cls")
    assert result.table["cls"].tolist() == ["water", "forest"]
    assert result.table["b1"].tolist() == [10101.0, 10404.0]


def test_no_label_inside_is_refused(coded_image: Path, make_points: Callable[..., Path]) -> None:
    labels = make_points([(-3, 2, "a"), (2, COLS + 3, "b")])
    with pytest.raises(InvalidInputError, match="None of the 2 labels falls inside the raster"):
        sample_labels([coded_image], labels, "cls")


def test_all_labels_on_nodata_is_refused(
    make_raster: Callable[..., Path], make_points: Callable[..., Path]
) -> None:
    data = coded_array()
    data[:, :5, :5] = 0
    path = make_raster(data, nodata=0)
    with pytest.raises(
        InvalidInputError, match="All 2 labelled pixels inside the raster fall on nodata"
    ):
        sample_labels([path], make_points([(1, 1, "a"), (2, 2, "b"), (-1, 0, "b")]), "cls")


def test_polygon_labels_are_sampled(coded_image: Path, tmp_path: Path) -> None:
    """A polygon gives the pixels whose centres it holds, each at its pixel centre."""
    x0, y0 = ORIGIN[0] + 3 * PIXEL + 1, ORIGIN[1] - 3 * PIXEL - 1  # just inside pixel (3, 3)
    square = Polygon([(x0, y0), (x0 + 28, y0), (x0 + 28, y0 - 18), (x0, y0 - 18)])
    frame = gpd.GeoDataFrame({"cls": ["a"]}, geometry=[square], crs="EPSG:32633")
    path = tmp_path / "polygons.gpkg"
    frame.to_file(path, driver="GPKG")
    result = sample_labels([coded_image], path, "cls")
    cells = [(r, c) for r in (3, 4) for c in (3, 4, 5)]
    assert len(result.table) == len(cells)
    by_pos = table_by_position(result, cells)
    assert set(by_pos) == set(cells)
    array = coded_array()
    for (r, c), values in by_pos.items():
        assert values == array[:, r, c].astype(float).tolist()
    assert sorted(zip(result.table["x"], result.table["y"])) == sorted(
        pixel_centre(r, c) for r, c in cells
    )
    assert set(result.table["feature_id"]) == {1}
    assert result.tallies == [ClassTally("a", kept=6, outside=0, nodata=0)]


def test_multipoints_are_split(coded_image: Path, tmp_path: Path) -> None:
    geom = MultiPoint([pixel_centre(1, 2), pixel_centre(3, 4)])
    frame = gpd.GeoDataFrame({"cls": ["a", "b"]}, geometry=[geom, Point(*pixel_centre(5, 6))])
    frame = frame.set_crs("EPSG:32633")
    path = tmp_path / "multi.gpkg"
    frame.to_file(path, driver="GPKG")
    result = sample_labels([coded_image], path, "cls")
    assert result.table["cls"].tolist() == ["a", "a", "b"]
    assert result.table["b1"].tolist() == [10102.0, 10304.0, 10506.0]


def test_unreadable_label_file_is_refused(coded_image: Path, tmp_path: Path) -> None:
    path = tmp_path / "labels.gpkg"
    path.write_text("not a geopackage")
    with pytest.raises(InvalidInputError, match="Cannot read the label layer"):
        sample_labels([coded_image], path, "cls")


def test_no_raster_is_refused(make_points: Callable[..., Path]) -> None:
    with pytest.raises(InvalidInputError, match="No raster"):
        sample_labels([], make_points([(1, 1, "a")]), "cls")


# --------------------------------------------------------------------------- class field types


def test_text_class_field(coded_image: Path, make_points: Callable[..., Path]) -> None:
    labels = make_points([(1, 1, "water"), (2, 2, "forest"), (3, 3, "water")])
    result = sample_labels([coded_image], labels, "cls")
    assert result.table["cls"].tolist() == ["water", "forest", "water"]
    assert all(isinstance(v, str) for v in result.table["cls"])
    assert [t.value for t in result.tallies] == ["forest", "water"]
    assert [t.kept for t in result.tallies] == [1, 2]


def test_integer_class_field(coded_image: Path, make_points: Callable[..., Path]) -> None:
    labels = make_points([(1, 1, 11), (2, 2, 4), (3, 3, 11)], field="code")
    assert gpd.read_file(labels)["code"].dtype.kind == "i"
    result = sample_labels([coded_image], labels, "code")
    assert result.class_field == "code"
    assert result.table["code"].dtype.kind == "i"
    assert result.table["code"].tolist() == [11, 4, 11]
    assert [t.value for t in result.tallies] == [4, 11]


# --------------------------------------------------------------------------- block-wise reading


@pytest.fixture
def read_log(monkeypatch: pytest.MonkeyPatch) -> list:
    """Record every window RasterStack.read is asked for."""
    windows: list = []
    original = RasterStack.read

    def recording_read(self, window, at=None):
        windows.append(window)
        return original(self, window, at)

    monkeypatch.setattr(RasterStack, "read", recording_read)
    return windows


def test_only_blocks_holding_labels_are_read(
    make_raster: Callable[..., Path], make_points: Callable[..., Path], read_log: list
) -> None:
    data = (coded_array(bands=1, rows=256, cols=256) % 251).astype(np.uint8)
    path = make_raster(data)
    cells = [(r, c, "a" if (r + c) % 2 else "b") for r in (2, 5, 9) for c in (1, 6, 11)]
    result = sample_labels([path], make_points(cells), "cls")
    assert len(result.table) == len(cells)
    assert read_log, "RasterStack.read was never called"
    pixels_read = sum(int(w.width) * int(w.height) for w in read_log)
    assert pixels_read <= 16 * 16
    assert pixels_read * 100 < 256 * 256
    # Every value still matches the array.
    for (r, c), values in table_by_position(result, [(r, c) for r, c, _ in cells]).items():
        assert values == [float(data[0, r, c])]


def test_distant_labels_are_read_in_separate_small_windows(
    make_raster: Callable[..., Path], make_points: Callable[..., Path], read_log: list
) -> None:
    data = np.arange(512 * 512, dtype=np.uint32).reshape(1, 512, 512)
    path = make_raster(data)
    cells = [(1, 2, "a"), (3, 4, "a"), (508, 509, "b"), (510, 511, "b")]
    result = sample_labels([path], make_points(cells), "cls")
    assert sorted(result.table["b1"].tolist()) == sorted(float(data[0, r, c]) for r, c, _ in cells)
    assert len(read_log) == 2
    assert sum(int(w.width) * int(w.height) for w in read_log) == 2 * 3 * 3


def test_sampling_can_be_cancelled(coded_image: Path, make_points: Callable[..., Path]) -> None:
    with pytest.raises(Cancelled):
        sample_labels(
            [coded_image], make_points([(1, 1, "a")]), "cls", progress=RecordingProgress(0)
        )


# --------------------------------------------------------------------------- output


def test_writes_a_geopackage(
    coded_image: Path, make_points: Callable[..., Path], tmp_path: Path
) -> None:
    cells = [(1, 1, "water"), (20, 30, "forest"), (-2, 2, "water")]
    out = tmp_path / "out" / "samples.gpkg"
    out.parent.mkdir()
    result = sample_labels([coded_image], make_points(cells), "cls", output_path=out)
    assert result.output_path == str(out)
    assert sorted(p.name for p in out.parent.iterdir()) == ["samples.gpkg"]
    back = gpd.read_file(out, layer="samples")
    columns = ["cls", "feature_id", "x", "y", "b1", "b2", "b3", "geometry"]
    assert list(back.columns) == columns
    assert back["feature_id"].tolist() == [1, 2]  # the third label is outside
    assert list(zip(back["x"], back["y"])) == [pixel_centre(1, 1), pixel_centre(20, 30)]
    assert back["cls"].tolist() == ["water", "forest"]
    assert back["b1"].tolist() == [10101.0, 12030.0]
    assert back["b3"].tolist() == [30101.0, 32030.0]
    assert back.crs.to_epsg() == 32633
    assert [(g.x, g.y) for g in back.geometry] == [pixel_centre(1, 1), pixel_centre(20, 30)]


def test_output_in_missing_folder_is_refused(
    coded_image: Path, make_points: Callable[..., Path], tmp_path: Path
) -> None:
    from lulc_classifier.core.errors import OutputError

    out = tmp_path / "missing" / "samples.gpkg"
    with pytest.raises(OutputError, match="does not exist"):
        sample_labels([coded_image], make_points([(1, 1, "a")]), "cls", output_path=out)
    assert not out.parent.exists()


def test_sampling_a_class_map_warns(
    two_class_image: Path, two_class_labels: Path, tmp_path: Path
) -> None:
    """Issue 14: a reopened project offered the last class map as the image and training on it
    went without a word."""
    from lulc_classifier.core.train import TrainingFiles
    from lulc_classifier.core.workflow import WorkflowFiles, classify_image

    class_map = tmp_path / "map.tif"
    classify_image(
        [two_class_image],
        two_class_labels,
        "cls",
        WorkflowFiles(output_path=class_map, training=TrainingFiles(tmp_path / "m.lulcmodel")),
    )
    on_image, on_map = RecordingProgress(), RecordingProgress()
    sample_labels([two_class_image], two_class_labels, "cls", progress=on_image)
    sample_labels([class_map], two_class_labels, "cls", progress=on_map)
    assert not [w for w in on_image.warnings if "LULC Classifier" in w]
    assert [w for w in on_map.warnings if f"'{class_map}' is a class map" in w]
