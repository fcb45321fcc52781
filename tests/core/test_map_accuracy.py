"""Olofsson et al. (2014): the published example, sample size, allocation, SRS, the tools."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from lulc_classifier.core import vector_io
from lulc_classifier.core.assessment.map_accuracy import (
    allocate,
    sample_size,
    simple_random_estimates,
    stratified_estimates,
)
from lulc_classifier.core.assessment.reference import (
    AssessmentOptions,
    ValidationPointOptions,
    assess_map,
    class_area_table,
    draw_validation_points,
)
from lulc_classifier.core.assessment.strata_accuracy import stehman_estimates
from lulc_classifier.core.errors import InvalidInputError

from ..helpers import OLOFSSON_COUNTS, OLOFSSON_PIXELS, write_olofsson_example, write_raster

rasterio = pytest.importorskip("rasterio")
gpd = pytest.importorskip("geopandas")

COUNTS = OLOFSSON_COUNTS
PIXELS = OLOFSSON_PIXELS
NAMES = ["deforestation", "forest gain", "stable forest", "stable non-forest"]
#: Olofsson et al. 2014, table: area (ha) +- 95 % CI, user's, producer's accuracy +- 95 % CI.
PUBLISHED = {
    "deforestation": (21_158, 6_158, 0.88, 0.07, 0.75, 0.21),
    "forest gain": (11_686, 3_756, 0.73, 0.10, 0.85, 0.25),
    "stable forest": (285_770, 15_510, 0.93, 0.04, 0.93, 0.03),
    "stable non-forest": (581_386, 16_282, 0.96, 0.02, 0.96, 0.02),
}


def published_example():
    return stratified_estimates(COUNTS, [p * 0.09 for p in PIXELS], [1, 2, 3, 4], NAMES)


def test_every_figure_of_the_published_example() -> None:
    result = published_example()
    assert result.overall.value == pytest.approx(0.9465, abs=5e-5)
    assert result.overall.ci95 == pytest.approx(0.0185, abs=5e-5)
    assert round(result.overall.value, 3) == 0.947  # the paper: 0.947 +- 0.018
    assert round(result.overall.ci95, 3) == 0.018
    for cls in result.classes:
        area, area_ci, users, users_ci, producers, producers_ci = PUBLISHED[cls.name]
        assert round(cls.area_ha.value) == area
        assert round(cls.area_ha.ci95) == area_ci
        assert round(cls.users.value, 2) == users
        assert round(cls.users.ci95, 2) == users_ci
        assert round(cls.producers.value, 2) == producers
        assert round(cls.producers.ci95, 2) == producers_ci
    assert result.total_area_ha == pytest.approx(900_000)
    assert sum(c.proportion.value for c in result.classes) == pytest.approx(1.0)
    assert np.sum(result.proportions) == pytest.approx(1.0)
    assert result.counts == COUNTS


def test_area_estimates_differ_from_pixel_counting() -> None:
    result = published_example()
    mapped = {c.name: c.map_area_ha for c in result.classes}
    assert mapped["deforestation"] == pytest.approx(18_000)
    assert result.classes[0].area_ha.value > mapped["deforestation"]  # omission is corrected


def test_simple_random_sample_formulas() -> None:
    result = simple_random_estimates(COUNTS, [p * 0.09 for p in PIXELS], [1, 2, 3, 4], NAMES)
    n = np.sum(COUNTS)
    overall = np.trace(COUNTS) / n
    assert result.overall.value == pytest.approx(overall)
    assert result.overall.se == pytest.approx(np.sqrt(overall * (1 - overall) / (n - 1)))
    assert result.classes[0].users.value == pytest.approx(66 / 75)
    assert result.classes[0].producers.value == pytest.approx(66 / 69)
    assert result.design == "simple random sample"
    assert result.notes


def test_sample_size_equation_13() -> None:
    weights = [0.02, 0.015, 0.32, 0.645]
    users = [0.7, 0.6, 0.9, 0.95]
    expected = (sum(w * np.sqrt(u * (1 - u)) for w, u in zip(weights, users)) / 0.01) ** 2
    assert sample_size(weights, users, 0.01) == int(np.ceil(expected))
    assert sample_size(weights, users, 0.005) > sample_size(weights, users, 0.01)
    with pytest.raises(InvalidInputError, match="between 0 and 1"):
        sample_size(weights, users, 0)


def test_allocations() -> None:
    weights = [0.02, 0.015, 0.32, 0.645]
    big = [10**6] * 4
    assert allocate(641, weights, big, scheme="equal") == [161, 160, 160, 160]
    proportional = allocate(641, weights, big, scheme="proportional")
    assert sum(proportional) == 641
    assert proportional[3] == pytest.approx(0.645 * 641, abs=1)
    minimum = allocate(641, weights, big, scheme="minimum", minimum=50)
    assert min(minimum) >= 50
    assert sum(minimum) == 641
    assert allocate(100, weights, [3, 10**6, 10**6, 10**6], scheme="minimum", minimum=50)[0] == 3
    with pytest.raises(InvalidInputError, match="Unknown allocation"):
        allocate(10, weights, big, scheme="random")


@pytest.fixture
def class_map(tmp_path: Path) -> Path:
    """A 200 x 100 map in UTM (10 m pixels): classes 1 (top 20 rows), 2, 3; nodata corner."""
    data = np.full((1, 100, 200), 3, dtype=np.uint8)
    data[0, :20] = 1
    data[0, 20:50] = 2
    data[0, :5, :5] = 255
    legend = [
        {"code": 1, "name": "water", "color": "#0000ff"},
        {"code": 2, "name": "forest", "color": "#00ff00"},
        {"code": 3, "name": "urban", "color": "#ff0000"},
    ]
    return write_raster(
        tmp_path / "map.tif", data, nodata=255, band_tags=[{"LULC_CLASSES": json.dumps(legend)}]
    )


def test_validation_points_then_assess(class_map: Path, tmp_path: Path) -> None:
    points_path = tmp_path / "points.gpkg"
    design = draw_validation_points(
        class_map,
        points_path,
        options=ValidationPointOptions(total=90, allocation="equal", seed=3),
    )
    assert [d["points"] for d in design] == [30, 30, 30]
    assert [d["pixels"] for d in design] == [20 * 200 - 25, 30 * 200, 50 * 200]
    points = gpd.read_file(points_path)
    assert len(points) == 90
    assert points["reference"].isna().all()
    with rasterio.open(class_map) as src:
        sampled = np.array([v[0] for v in src.sample(zip(points.geometry.x, points.geometry.y))])
    assert (sampled == points["map_class"].to_numpy()).all()  # each point is on its class
    assert points.groupby("map_class")["stratum_weight"].first().sum() == pytest.approx(1.0)
    assert not points.duplicated(["geometry"]).any()
    # The analyst fills the reference: all correct but 3 urban points that are forest.
    points["reference"] = points["map_class"]
    points.loc[points.index[points["map_class"] == 3][:3], "reference"] = 2
    filled = tmp_path / "filled.gpkg"
    points.to_file(filled, driver="GPKG", layer="filled")
    # a field edit in QGIS keeps the layer metadata
    vector_io.write_tags(filled, "filled", vector_io.read_tags(points_path))
    result = assess_map(
        class_map,
        filled,
        "reference",
        options=AssessmentOptions(
            report_path=tmp_path / "r.html",
            json_path=tmp_path / "r.json",
            csv_path=tmp_path / "r.csv",
        ),
    )
    assert result.accuracy.design == "stratified by the map"
    assert result.used == 90
    urban = result.accuracy.classes[2]
    assert urban.users.value == pytest.approx(27 / 30)
    # Stratified weights: 3/30 of the urban stratum (half the map) is forest.
    assert result.accuracy.overall.value == pytest.approx(1 - 0.5 * 3 / 30, rel=1e-3)
    assert "Olofsson" in (tmp_path / "r.html").read_text()
    assert json.loads((tmp_path / "r.json").read_text())["design"] == "stratified by the map"
    # The same points without the design metadata: still stratified by this map's classes
    # (same strata, same weights), unless a simple random sample is asked for.
    plain = tmp_path / "plain.gpkg"
    points.to_file(plain, driver="GPKG")
    post = assess_map(class_map, plain, "reference")
    assert post.accuracy.design == "stratified by the map"
    assert post.accuracy.overall.value == pytest.approx(result.accuracy.overall.value)
    assert "no stored design" in post.accuracy.design_reason
    srs = assess_map(
        class_map, plain, "reference", options=AssessmentOptions(design="simple_random")
    )
    assert srs.accuracy.design == "simple random sample"
    assert srs.accuracy.overall.value == pytest.approx(87 / 90)


def test_points_outside_or_on_nodata_are_left_out(class_map: Path, tmp_path: Path) -> None:
    from shapely.geometry import Point

    frame = gpd.GeoDataFrame(
        {"ref": ["water", "water", "forest", "urban"]},
        geometry=[
            Point(500015, 4099985),
            Point(400000, 4099985),
            Point(500500, 4099650),
            Point(500500, 4099400),
        ],
        crs="EPSG:32633",
    )
    path = tmp_path / "ref.gpkg"
    frame.to_file(path)
    result = assess_map(  # 1 point per class
        class_map, path, "ref", options=AssessmentOptions(design="simple_random")
    )
    assert (result.outside, result.on_nodata, result.used) == (1, 1, 2)
    assert result.accuracy.overall.value == pytest.approx(1.0)
    frame2 = gpd.GeoDataFrame(
        {"ref": ["Lake"]}, geometry=[Point(500500, 4099850)], crs="EPSG:32633"
    )
    frame2.to_file(tmp_path / "bad.gpkg")
    with pytest.raises(InvalidInputError, match="Lake.*water, forest, urban"):
        assess_map(class_map, tmp_path / "bad.gpkg", "ref")


def test_class_area_table_is_labelled_biased(class_map: Path, tmp_path: Path) -> None:
    summary = class_area_table(class_map, tmp_path / "areas.csv")
    text = (tmp_path / "areas.csv").read_text()
    assert "pixel counting (biased)" in text
    assert summary.pixels == {1: 3975, 2: 6000, 3: 10000}
    assert summary.hectares[2] == pytest.approx(60.0)  # 6000 pixels of 0.01 ha


class Recorder:
    """A Progress that keeps the messages."""

    def __init__(self) -> None:
        self.logs: list[str] = []
        self.warnings: list[str] = []

    def report(self, fraction: float) -> None:
        pass

    def cancelled(self) -> bool:
        return False

    def log(self, message: str) -> None:
        self.logs.append(message)

    def warning(self, message: str) -> None:
        self.warnings.append(message)


def _pairs(counts: list[list[int]]) -> tuple[list[int], list[int]]:
    """The (map class, reference class) of every point of an error matrix of counts."""
    mapped: list[int] = []
    reference: list[int] = []
    for i, row in enumerate(counts, start=1):
        for j, n in enumerate(row, start=1):
            mapped += [i] * n
            reference += [j] * n
    return mapped, reference


def test_stehman_equals_olofsson_when_the_strata_are_the_map_classes() -> None:
    mapped, reference = _pairs(COUNTS)
    strata = dict(zip([1, 2, 3, 4], PIXELS))
    areas = [p * 0.09 for p in PIXELS]
    other = stehman_estimates(mapped, strata, mapped, reference, [1, 2, 3, 4], NAMES, areas)
    same = published_example()
    assert other.overall.value == pytest.approx(same.overall.value, rel=1e-12)
    assert other.overall.se == pytest.approx(same.overall.se, rel=1e-9)
    for a, b in zip(other.classes, same.classes):
        for field_name in ("users", "producers", "area_ha"):
            mine, theirs = getattr(a, field_name), getattr(b, field_name)
            assert mine.value == pytest.approx(theirs.value, rel=1e-12), field_name
            assert mine.se == pytest.approx(theirs.se, rel=1e-9), field_name
    assert np.allclose(other.proportions, same.proportions)
    assert other.counts == COUNTS


def test_stehman_2014_numerical_example() -> None:
    """Stehman (2014), section 4: 4 strata of 40,000, 30,000, 20,000 and 10,000 pixels, 10
    points in each, and a map whose class differs from the stratum at some points."""
    strata = "A" * 10 + "B" * 10 + "C" * 10 + "D" * 10
    mapped = "AAAAAAABBB" + "ABBBBBBBBB" + "BBCCCCCCBB" + "DDDDDDDDDD"
    reference = "AAAAACBABC" + "ABBBBBAABB" + "CCCCCDDBBA" + "DDDDDDDCCB"
    code = {"A": 1, "B": 2, "C": 3, "D": 4}
    result = stehman_estimates(
        [code[s] for s in strata],
        {1: 40_000, 2: 30_000, 3: 20_000, 4: 10_000},
        [code[m] for m in mapped],
        [code[r] for r in reference],
        [1, 2, 3, 4],
        list("ABCD"),
        [0.0] * 4,
        total_area_ha=1.0,
    )
    a, b, c, _ = result.classes
    # The paper's figures (pp. 4932-4936), to the digits it prints.
    assert round(a.proportion.value, 2) == 0.35
    assert round(c.proportion.value, 2) == 0.20
    assert round(result.overall.value, 2) == 0.63
    assert round(b.users.value, 3) == 0.574
    assert round(b.producers.value, 3) == 0.794
    assert round(result.proportions[1][2], 2) == 0.08
    assert round(a.proportion.se, 3) == 0.082
    assert round(c.proportion.se, 3) == 0.064
    assert round(result.overall.se, 3) == 0.085
    assert round(b.users.se, 3) == 0.125
    assert result.design == "stratified by another map"
    with pytest.raises(InvalidInputError, match="strata the design does not list: 9"):
        stehman_estimates([9, 1], {1: 5}, [1, 1], [1, 1], [1], ["A"], [1.0])


def test_a_reference_class_the_map_never_assigns() -> None:
    counts = [[*row, 0] for row in COUNTS] + [[0, 0, 0, 0, 0]]
    counts[3] = [2, 1, 9, 312, 1]  # one stable non-forest point is really class 5
    areas = [p * 0.09 for p in PIXELS] + [0.0]
    result = stratified_estimates(counts, areas, [1, 2, 3, 4, 5], [*NAMES, "cloud"])
    extra = result.classes[4]
    assert np.isnan(extra.users.value)  # no pixel is mapped as it
    assert extra.producers.value == 0.0  # every pixel of it is omitted
    assert extra.producers.se == 0.0
    assert extra.area_ha.value == pytest.approx(6_450_000 * 0.09 / 325)
    # eq. 10 with one point of 325 in the stratum: SE = W sqrt((1/325)(1 - 1/325) / 324)
    assert extra.area_ha.se == pytest.approx(6_450_000 * 0.09 / 325)
    assert all(np.isfinite(c.producers.se) for c in result.classes)
    assert np.isfinite(result.overall.se)


@pytest.fixture
def paper_example(tmp_path: Path) -> tuple[Path, Path]:
    """Olofsson et al. (2014)'s example as files, with no stored design (the map and its 640
    reference points: :func:`~tests.helpers.write_olofsson_example`)."""
    map_path, points_path = tmp_path / "change.tif", tmp_path / "reference.gpkg"
    write_olofsson_example(map_path, points_path)
    return map_path, points_path


def test_points_without_a_stored_design_are_stratified_by_the_map(
    paper_example: tuple[Path, Path], tmp_path: Path
) -> None:
    map_path, points_path = paper_example
    log = Recorder()
    outputs = {
        "report_path": tmp_path / "a.html",
        "json_path": tmp_path / "a.json",
        "csv_path": tmp_path / "a.csv",
    }
    result = assess_map(
        map_path, points_path, "reference", options=AssessmentOptions(**outputs), progress=log
    )
    accuracy = result.accuracy
    assert accuracy.design == "stratified by the map"
    assert result.used == 640
    assert round(accuracy.overall.value, 3) == 0.947
    assert round(accuracy.overall.ci95, 3) == 0.018
    assert [round(c.area_ha.value) for c in accuracy.classes] == [21158, 11686, 285770, 581386]
    assert [round(c.area_ha.ci95) for c in accuracy.classes] == [6158, 3756, 15510, 16282]
    saved = json.loads(outputs["json_path"].read_text())
    assert saved["design"] == "stratified by the map"
    assert "no stored design" in saved["design_reason"]
    assert saved["points"]["used"] == 640
    rows = list(csv.DictReader(outputs["csv_path"].open()))
    assert {r["design"] for r in rows} == {"stratified by the map"}
    assert "no stored design" in outputs["report_path"].read_text()
    assert any("stratified by the map" in m and "no stored design" in m for m in log.logs)
    # The same points as a simple random sample: plain proportions, biased here.
    srs = assess_map(
        map_path, points_path, "reference", options=AssessmentOptions(design="simple_random")
    )
    assert srs.accuracy.design == "simple random sample"
    assert srs.accuracy.overall.value == pytest.approx(587 / 640)
    assert srs.accuracy.classes[0].area_ha.value == pytest.approx(69 / 640 * 900_000)
    with pytest.raises(InvalidInputError, match="Unknown sampling design 'systematic'"):
        assess_map(
            map_path, points_path, "reference", options=AssessmentOptions(design="systematic")
        )


def _reference_points(path: Path, values: list[object], where: list[tuple[float, float]]) -> Path:
    from shapely.geometry import Point

    frame = gpd.GeoDataFrame(
        {"ref": values}, geometry=[Point(x, y) for x, y in where], crs="EPSG:32633"
    )
    frame.to_file(path, driver="GPKG")
    return path


#: Centres of pixels of class 1 (water), 2 (forest) and 3 (urban) in ``class_map``.
WATER, FOREST, URBAN = (500_505, 4_099_905), (500_505, 4_099_705), (500_505, 4_099_305)


def test_decimal_reference_codes_are_refused(class_map: Path, tmp_path: Path) -> None:
    where = [WATER] * 50 + [FOREST] * 2 + [URBAN] * 2
    path = _reference_points(tmp_path / "dec.gpkg", [1.7] * 50 + [2.0, 2.0, 3.0, 3.0], where)
    with pytest.raises(InvalidInputError, match=r"'ref'.*50 points.*1\.7.*feature 1\b"):
        assess_map(class_map, path, "ref")
    text = _reference_points(tmp_path / "text.gpkg", ["1.7"] * 50 + ["2"] * 4, where)
    with pytest.raises(InvalidInputError, match=r"'ref'.*1\.7"):
        assess_map(class_map, text, "ref")


def test_codes_given_as_text(class_map: Path, tmp_path: Path) -> None:
    where = [WATER] * 2 + [FOREST] * 2 + [URBAN] * 2
    path = _reference_points(tmp_path / "t.gpkg", ["1", " 1", "2", "forest", "3", "2"], where)
    result = assess_map(class_map, path, "ref")
    assert result.accuracy.counts == [[2, 0, 0], [0, 2, 0], [0, 1, 1]]


def test_empty_references_are_counted_and_reported(class_map: Path, tmp_path: Path) -> None:
    where = [WATER] * 3 + [FOREST] * 3 + [URBAN] * 3
    values = [1, None, 1, 2, 2, None, 3, 3, None]
    path = _reference_points(tmp_path / "null.gpkg", values, where)
    log = Recorder()
    result = assess_map(
        class_map,
        path,
        "ref",
        options=AssessmentOptions(json_path=tmp_path / "n.json"),
        progress=log,
    )
    assert (result.null_reference, result.used) == (3, 6)
    assert json.loads((tmp_path / "n.json").read_text())["points"]["null_reference"] == 3
    assert any("3 reference points" in n and "empty" in n for n in result.accuracy.notes)
    assert any("3 reference points" in w and "'ref' empty" in w for w in log.warnings)


def test_codes_the_map_does_not_have_are_reported(class_map: Path, tmp_path: Path) -> None:
    where = [WATER] * 3 + [FOREST] * 2 + [URBAN] * 4
    values = [1, 1, 7, 2, 2, 3, 3, 9, 7]
    path = _reference_points(tmp_path / "unknown.gpkg", values, where)
    log = Recorder()
    result = assess_map(
        class_map,
        path,
        "ref",
        options=AssessmentOptions(json_path=tmp_path / "u.json"),
        progress=log,
    )
    assert result.codes_not_in_map == {7: 2, 9: 1}
    assert result.used == 9
    warning = next(w for w in log.warnings if "never assigns" in w)
    assert "3 reference points" in warning
    assert "7 (2 points)" in warning
    assert "9 (1 point)" in warning
    saved = json.loads((tmp_path / "u.json").read_text())
    assert saved["reference_codes_not_in_map"] == [
        {"code": 7, "points": 2},
        {"code": 9, "points": 1},
    ]
    extra = {c.code: c for c in result.accuracy.classes}[7]
    assert extra.map_area_ha == 0.0
    assert extra.producers.value == 0.0
    assert extra.area_ha.value > 0
    assert any("never assigns" in n for n in result.accuracy.notes)


def test_points_drawn_from_another_map_use_its_strata(class_map: Path, tmp_path: Path) -> None:
    points_path = tmp_path / "points.gpkg"
    draw_validation_points(
        class_map,
        points_path,
        options=ValidationPointOptions(total=60, allocation="equal", seed=1),
    )
    points = gpd.read_file(points_path)
    points["reference"] = points["map_class"]  # the first map is right everywhere
    filled = tmp_path / "filled.gpkg"
    points.to_file(filled, driver="GPKG", layer="filled")
    vector_io.write_tags(filled, "filled", vector_io.read_tags(points_path))
    # A second map: rows 20-29 (2,000 forest pixels of the first) are mapped as water.
    second = tmp_path / "second.tif"
    with rasterio.open(class_map) as src:
        profile, data, tags = src.profile, src.read(1), src.tags(1)
    data[20:30] = 1
    with rasterio.open(second, "w", **profile) as dst:
        dst.write(data, 1)
        dst.update_tags(1, **tags)
    log = Recorder()
    result = assess_map(second, filled, "reference", progress=log)
    accuracy = result.accuracy
    assert accuracy.design == "stratified by another map"
    assert "map_class" in accuracy.design_reason
    # Every point's reference is its stratum: the area of each reference class is its stratum's.
    areas = {c.code: c.area_ha for c in accuracy.classes}
    assert areas[2].value == pytest.approx(60.0)  # 6,000 pixels of 0.01 ha
    assert areas[2].se == pytest.approx(0.0, abs=1e-9)
    mapped = np.where(points["geometry"].y > 4_100_000 - 300, 1, points["map_class"])
    expected = stehman_estimates(
        points["map_class"],
        {1: 3975, 2: 6000, 3: 10000},
        mapped,
        points["reference"],
        [1, 2, 3],
        ["water", "forest", "urban"],
        [59.75, 40.0, 100.0],
    )
    assert accuracy.overall.value == pytest.approx(expected.overall.value)
    assert accuracy.overall.se == pytest.approx(expected.overall.se)
    assert accuracy.overall.value < 1.0
    # Post-stratifying by the second map would be biased; a simple random sample too: warned.
    srs = assess_map(
        second, filled, "reference", options=AssessmentOptions(design="simple_random"), progress=log
    )
    assert srs.accuracy.design == "simple random sample"
    assert any("lulc:validationpoints" in w and "biased" in w for w in log.warnings)
    # Without the field holding each point's stratum, the design cannot be used.
    points.drop(columns="map_class").to_file(filled, driver="GPKG", layer="filled")
    vector_io.write_tags(filled, "filled", vector_io.read_tags(points_path))
    with pytest.raises(InvalidInputError, match="'map_class'.*stratum"):
        assess_map(second, filled, "reference")
