"""GeoPackage point layers through SQLite (core/gpkg_points.py): the rows appended are those GDAL
writes, byte for byte, and a point layer reads as GDAL reads it; whatever is not plain goes to
GDAL."""

from __future__ import annotations

import contextlib
import sqlite3
import struct
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lulc_classifier.core import gpkg_points, vector_io
from lulc_classifier.core.deps import vector_engine

from ..helpers import CRS, pixel_centre, write_ogr_layer

gpd = pytest.importorskip("geopandas")
pyproj = pytest.importorskip("pyproj")
from shapely.geometry import Point, Polygon  # noqa: E402

TAGS = {"LULC_TEST": '{"a": 1}'}


def sample_frame(n: int = 300, text_classes: bool = False) -> Any:
    """A sample table's fields: class, feature_id, x, y (pixel centres) and two bands."""
    import pandas as pd

    rng = np.random.default_rng(5)
    xs, ys = pixel_centre(rng.integers(0, 90, n), rng.integers(0, 70, n))
    classes = rng.integers(1, 4, n)
    return pd.DataFrame(
        {
            "cls": [f"c{v}" for v in classes] if text_classes else classes,
            "feature_id": np.arange(n, dtype=np.int64) + 7,
            "x": np.asarray(xs, dtype=np.float64),
            "y": np.asarray(ys, dtype=np.float64),
            "red": rng.integers(0, 9000, n).astype(np.float64),
            "nir band": rng.random(n) * 1000,
        }
    )


def by_gdal(frame: Any, path: Path) -> Path:
    """The table written whole through the vector engine (GDAL), as before."""
    xs, ys = frame["x"].to_numpy(), frame["y"].to_numpy()
    table = gpd.GeoDataFrame(frame, geometry=vector_io.points(xs, ys), crs=CRS)
    vector_io.write_gpkg(table, path, path.stem, TAGS)
    return path


def query(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return db.execute(sql).fetchall()


def row_count(path: Path) -> int:
    return int(query(path, f'SELECT COUNT(*) FROM "{path.stem}"')[0][0])


@pytest.mark.parametrize("text_classes", [False, True])
def test_points_appended_make_the_file_gdal_writes(tmp_path: Path, text_classes: bool) -> None:
    frame = sample_frame(text_classes=text_classes)
    (tmp_path / "fast").mkdir()
    (tmp_path / "gdal").mkdir()
    fast = tmp_path / "fast" / "samples.gpkg"
    vector_io.write_points_gpkg(frame, fast, "samples", TAGS, CRS)
    slow = by_gdal(frame, tmp_path / "gdal" / "samples.gpkg")
    for sql in (
        "SELECT * FROM samples ORDER BY fid",  # every field, and the geometry blobs
        "SELECT * FROM rtree_samples_geom ORDER BY id",  # the spatial index
        "SELECT feature_count FROM gpkg_ogr_contents",
        "SELECT min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents",
        "SELECT * FROM gpkg_extensions ORDER BY extension_name, table_name",
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
    ):
        assert query(fast, sql) == query(slow, sql), sql
    assert row_count(fast) == len(frame)
    assert vector_io.read_tags(fast, "samples") == vector_io.read_tags(slow, "samples")
    # Read back by GDAL: the same table, and a bounding-box query (which uses the index).
    back = gpd.read_file(fast)
    assert back.drop(columns="geometry").equals(gpd.read_file(slow).drop(columns="geometry"))
    assert back.geometry.x.tolist() == frame["x"].tolist()
    assert back.geometry.y.tolist() == frame["y"].tolist()
    box = (frame["x"].quantile(0.2), frame["y"].quantile(0.3), frame["x"].median(), 4.1e6)
    inside = frame[frame["x"].between(box[0], box[2]) & frame["y"].between(box[1], box[3])]
    assert 0 < len(inside) < len(frame)
    assert sorted(gpd.read_file(fast, bbox=box)["feature_id"]) == sorted(inside["feature_id"])


def test_a_layer_with_other_fields_is_left_alone(tmp_path: Path) -> None:
    frame = sample_frame(5)
    path = by_gdal(frame.iloc[:1], tmp_path / "samples.gpkg")
    rest = {name: frame[name].to_numpy()[1:] for name in frame.columns if name != "red"}
    assert not gpkg_points.append_points(path, "samples", rest)
    assert not gpkg_points.append_points(path, "other", {n: frame[n] for n in frame.columns})
    assert row_count(path) == 1


def test_rows_sqlite_refuses_are_backed_out(tmp_path: Path) -> None:
    """Another tool's trigger refusing the rows: nothing is written and GDAL's triggers are back
    as they were (the caller then writes through GDAL)."""
    frame = sample_frame(20)
    path = by_gdal(frame.iloc[:1], tmp_path / "samples.gpkg")
    triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON samples WHEN NEW.red > 8000 "
            "BEGIN SELECT RAISE(ABORT, 'no'); END"
        )
    before = query(path, triggers)
    rest = {name: frame[name].to_numpy()[1:] for name in frame.columns}
    assert (rest["red"] > 8000).any()
    assert not gpkg_points.append_points(path, "samples", rest)
    assert row_count(path) == 1
    assert query(path, triggers) == before
    assert query(path, "SELECT COUNT(*) FROM rtree_samples_geom") == [(1,)]


def test_writing_falls_back_to_gdal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    frame = sample_frame(50)
    monkeypatch.setattr(vector_io, "append_points", lambda *args: False)
    path = tmp_path / "samples.gpkg"
    vector_io.write_points_gpkg(frame, path, "samples", TAGS, CRS)
    slow = by_gdal(frame, tmp_path / "gdal.gpkg")
    assert query(path, "SELECT * FROM samples ORDER BY fid") == query(
        slow, "SELECT * FROM gdal ORDER BY fid"
    )


# --------------------------------------------------------------------------- reading


def read_by_gdal(path: Path, layer: str | None, columns: list[str]) -> vector_io.VectorLayer:
    """The layer as the vector engine reads it."""
    if vector_engine() == "pyogrio":
        return vector_io._read_pyogrio(path, layer, columns)
    return vector_io._read_fiona(path, layer, columns)


def assert_same_reading(path: Path, layer: str | None, columns: list[str]) -> None:
    ours = vector_io.read_layer(path, layer, columns)
    theirs = read_by_gdal(path, layer, columns)
    assert ours.fields == theirs.fields
    assert ours.ids == theirs.ids
    np.testing.assert_array_equal(ours.x, theirs.x)
    np.testing.assert_array_equal(ours.y, theirs.y)
    assert ours.columns == theirs.columns
    assert [type(v) for c in ours.columns.values() for v in c] == [
        type(v) for c in theirs.columns.values() for v in c
    ]
    assert [s is None for s in ours.shapes] == [s is None for s in theirs.shapes]
    assert (ours.crs_wkt is None) == (theirs.crs_wkt is None)
    if ours.crs_wkt and theirs.crs_wkt:
        assert pyproj.CRS(ours.crs_wkt).equals(pyproj.CRS(theirs.crs_wkt))


def point_layer(path: Path, crs: str = CRS) -> Path:
    """Points with integer, real and text fields, nulls, and a feature without a geometry (the
    layer is named after the file)."""
    features: list[tuple[object, dict[str, object]]] = [
        (Point(*pixel_centre(r, c)), {"code": r, "share": c / 7, "name": f"n{r}"})
        for r, c in [(1, 2), (3, 4), (5, 6), (7, 1)]
    ]
    features += [
        (None, {"code": 9, "share": None, "name": "no geometry"}),
        (Point(*pixel_centre(2, 2)), {"code": None, "share": 0.5, "name": None}),
    ]
    fields = {"code": "int", "share": "real", "name": "str"}
    return write_ogr_layer(path, "Point", fields, features, crs=crs)


@pytest.mark.parametrize("crs", [CRS, "EPSG:4326"])
def test_a_point_layer_reads_as_gdal_reads_it(tmp_path: Path, crs: str) -> None:
    path = point_layer(tmp_path / "labels.gpkg", crs)
    assert gpkg_points.read_points(path, None, ["code"]) is not None  # the fast path
    for layer in (None, "labels"):
        assert_same_reading(path, layer, ["code", "share", "name"])
        assert_same_reading(path, layer, [])


def editor(path: Path) -> sqlite3.Connection:
    """A connection that can edit geometries: GDAL's index triggers call functions of GDAL's,
    stood in for here (the index is not what these tests read)."""
    db = sqlite3.connect(path)
    db.create_function("ST_IsEmpty", 1, lambda blob: 0)
    for name in ("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
        db.create_function(name, 1, lambda blob: 0.0)
    return db


def edit(path: Path, sql: str) -> Path:
    with contextlib.closing(editor(path)) as db, db:
        db.execute(sql)
    return path


def test_blobs_of_other_writers_are_read(tmp_path: Path) -> None:
    """Big-endian blobs and blobs with an envelope, as the standard allows."""
    path = point_layer(tmp_path / "labels.gpkg")
    expected = vector_io.read_layer(path, None, [])
    with contextlib.closing(editor(path)) as db, db:
        for fid, blob in db.execute("SELECT fid, geom FROM labels").fetchall():
            if blob is None:
                continue
            (srs,) = struct.unpack("<i", blob[4:8])
            x, y = struct.unpack("<dd", blob[-16:])
            if fid % 2:
                new = b"GP\x00\x00" + struct.pack(">i", srs) + struct.pack(">BIdd", 0, 1, x, y)
            else:
                envelope = struct.pack("<dddd", x, x, y, y)
                new = b"GP\x00\x03" + blob[4:8] + envelope + struct.pack("<BIdd", 1, 1, x, y)
            db.execute("UPDATE labels SET geom = ? WHERE fid = ?", (new, fid))
    assert gpkg_points.read_points(path, None, []) is not None
    assert_same_reading(path, None, [])
    np.testing.assert_array_equal(vector_io.read_layer(path, None, []).x, expected.x)


def test_what_sqlite_does_not_read_goes_to_gdal(tmp_path: Path) -> None:
    fields = {"code": "int", "name": "str"}
    square = Polygon([(0, 0), (1, 0), (1, 1)])
    cases: dict[str, tuple[Path, str | None, list[str]]] = {}

    def case(name: str, path: Path, layer: str | None = None, columns: tuple = ("code",)) -> None:
        cases[name] = (path, layer, list(columns))

    case("polygons", write_ogr_layer(tmp_path / "poly.gpkg", "Polygon", fields, [(square, {})]))
    case("3-D points", write_ogr_layer(tmp_path / "z.gpkg", "Point25D", fields, []))
    case("a shapefile", point_layer(tmp_path / "labels.shp"))
    two = point_layer(tmp_path / "two.gpkg")
    gpd.GeoDataFrame({"code": [1]}, geometry=[Point(1, 1)], crs=CRS).to_file(
        two, layer="second", driver="GPKG"
    )
    case("no layer named in a file of two", two)
    case("a layer not in the file", point_layer(tmp_path / "named.gpkg"), "nothere")
    bools = edit(point_layer(tmp_path / "b.gpkg"), "ALTER TABLE b ADD COLUMN flag BOOLEAN")
    case("a boolean field", bools, columns=("flag",))
    dates = edit(point_layer(tmp_path / "d.gpkg"), "ALTER TABLE d ADD COLUMN day DATE")
    case("a date field", dates, columns=("day",))
    text = edit(point_layer(tmp_path / "t.gpkg"), "UPDATE t SET code = 'x' WHERE fid = 2")
    case("text in an integer field", text)
    flagged = "UPDATE {} SET geom = CAST(substr(geom, 1, 3) || X'{}' || substr(geom, 5) AS BLOB)"
    case("an extended blob", edit(point_layer(tmp_path / "e.gpkg"), flagged.format("e", "21")))
    case("an empty point", edit(point_layer(tmp_path / "m.gpkg"), flagged.format("m", "11")))
    for name, (path, layer, columns) in cases.items():
        assert gpkg_points.read_points(path, layer, columns) is None, name
    for name in ("a shapefile", "a boolean field", "a date field", "an empty point"):
        path, layer, columns = cases[name]
        assert_same_reading(path, layer, columns)
