"""Olofsson et al. (2014): the published example, sample size, allocation, SRS, the tools."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lulc_classifier.core import vector_io
from lulc_classifier.core.errors import InvalidInputError
from lulc_classifier.core.map_accuracy import (
    allocate,
    sample_size,
    simple_random_estimates,
    stratified_estimates,
)
from lulc_classifier.core.reference import assess_map, class_area_table, draw_validation_points

rasterio = pytest.importorskip("rasterio")
gpd = pytest.importorskip("geopandas")

COUNTS = [[66, 0, 5, 4], [0, 55, 8, 12], [1, 0, 153, 11], [2, 1, 9, 313]]
PIXELS = [200_000, 150_000, 3_200_000, 6_450_000]
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
    assert round(result.overall.value, 2) == 0.95
    assert round(result.overall.ci95, 2) == 0.02
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
    from rasterio.transform import from_origin

    data = np.full((100, 200), 3, dtype=np.uint8)
    data[:20] = 1
    data[20:50] = 2
    data[:5, :5] = 255
    path = tmp_path / "map.tif"
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=200,
        height=100,
        count=1,
        dtype="uint8",
        nodata=255,
        crs="EPSG:32633",
        transform=from_origin(500000, 4100000, 10, 10),
    ) as dst:
        dst.write(data, 1)
        dst.update_tags(
            1,
            LULC_CLASSES=json.dumps(
                [
                    {"code": 1, "name": "water", "color": "#0000ff"},
                    {"code": 2, "name": "forest", "color": "#00ff00"},
                    {"code": 3, "name": "urban", "color": "#ff0000"},
                ]
            ),
        )
    return path


def test_validation_points_then_assess(class_map: Path, tmp_path: Path) -> None:
    points_path = tmp_path / "points.gpkg"
    design = draw_validation_points(class_map, points_path, total=90, allocation="equal", seed=3)
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
        report_path=tmp_path / "r.html",
        json_path=tmp_path / "r.json",
        csv_path=tmp_path / "r.csv",
    )
    assert result.accuracy.design == "stratified by the map"
    assert result.used == 90
    urban = result.accuracy.classes[2]
    assert urban.users.value == pytest.approx(27 / 30)
    # Stratified weights: 3/30 of the urban stratum (half the map) is forest.
    assert result.accuracy.overall.value == pytest.approx(1 - 0.5 * 3 / 30, rel=1e-3)
    assert "Olofsson" in (tmp_path / "r.html").read_text()
    assert json.loads((tmp_path / "r.json").read_text())["design"] == "stratified by the map"
    # The same points without the design metadata: one simple random sample.
    plain = tmp_path / "plain.gpkg"
    points.to_file(plain, driver="GPKG")
    srs = assess_map(class_map, plain, "reference")
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
    result = assess_map(class_map, path, "ref")
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
