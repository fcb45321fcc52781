"""Issue 3 through Processing: polygons, names and colours, CSV, report, a two-grid stack."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio

RMNP = Path(__file__).resolve().parent.parent.parent / "data" / "rmnp"


@pytest.fixture(scope="module")
def polygons(synthetic: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two polygons per half of the synthetic image, integer codes with names and colours."""
    import geopandas as gpd
    from shapely.geometry import box

    def cells(c0: int, r0: int, c1: int, r1: int) -> Any:
        return box(500000 + c0 * 10, 4100000 - r1 * 10, 500000 + c1 * 10, 4100000 - r0 * 10)

    frame = gpd.GeoDataFrame(
        {
            "code": [7, 7, 9, 9],
            "label": ["Lake", "Lake", "Pine forest", "Pine forest"],
            "colour": ["#0000ff", "#0000ff", "#00aa00", "#00aa00"],
        },
        geometry=[
            cells(2, 2, 10, 10),
            cells(20, 40, 28, 50),
            cells(40, 2, 50, 12),
            cells(50, 40, 60, 60),
        ],
        crs="EPSG:32633",
    )
    path = tmp_path_factory.mktemp("polygons") / "polygons.gpkg"
    frame.to_file(path, driver="GPKG")
    return path


def test_polygons_to_csv_with_names_colours_and_report(
    run: Any, synthetic: dict[str, Path], polygons: Path, tmp_path: Path
) -> None:
    sampled = run(
        "lulc:sample",
        {
            "RASTERS": [str(synthetic["image"])],
            "LABELS": str(polygons),
            "CLASS_FIELD": "code",
            "NAME_FIELD": "label",
            "COLOR_FIELD": "colour",
            "MAX_PER_FEATURE": 50,
            "OUTPUT": str(tmp_path / "samples.csv"),
            "OUTPUT_REPORT": str(tmp_path / "report.csv"),
        },
    )
    assert sampled["SAMPLE_COUNT"] == 4 * 50  # every polygon holds more than 50 pixels
    with open(tmp_path / "report.csv") as handle:
        rows = list(csv.DictReader(handle))
    # Class 7: 8x8 + 8x10 pixels, one of them (5, 5) nodata; class 9: 10x10 + 20x10.
    assert [(r["class"], r["kept"], r["nodata"], r["capped"]) for r in rows] == [
        ("7", "100", "1", str(63 + 80 - 100)),
        ("9", "100", "0", str(100 + 200 - 100)),
    ]
    header = (tmp_path / "samples.csv").read_text().splitlines()[0].split(",")
    assert header == ["code", "feature_id", "x", "y", "b1", "b2", "b3"]
    assert (tmp_path / "samples.lulc.json").is_file()
    trained = run(
        "lulc:train",
        {
            "SAMPLES": str(tmp_path / "samples.csv"),
            "CLASS_FIELD": "code",
            "ALGORITHM": 2,
            "OUTPUT_MODEL": str(tmp_path / "m.lulcmodel"),
        },
    )
    assert trained["OVERALL_ACCURACY"] == 1.0
    predicted = run(
        "lulc:predict",
        {
            "RASTERS": [str(synthetic["image"])],
            "MODEL": trained["OUTPUT_MODEL"],
            "OUTPUT": str(tmp_path / "map.tif"),
        },
    )
    style = Path(predicted["OUTPUT_STYLE"]).read_text()
    assert 'value="7" color="#0000ff"' in style
    assert 'label="Lake"' in style
    assert 'value="9" color="#00aa00"' in style
    assert 'label="Pine forest"' in style


@pytest.fixture(scope="module")
def dem_utm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The RMNP DEM warped to UTM 13N: a coarser grid in another CRS than the RGB image."""
    from rasterio.warp import Resampling, calculate_default_transform, reproject

    path = tmp_path_factory.mktemp("dem") / "dem_utm.tif"
    with rasterio.open(RMNP / "rmnp-dem.tif") as src:
        transform, width, height = calculate_default_transform(
            src.crs, "EPSG:32613", src.width, src.height, *src.bounds
        )
        profile = {
            **src.profile,
            "crs": "EPSG:32613",
            "transform": transform,
            "width": width,
            "height": height,
        }
        with rasterio.open(path, "w", **profile) as dst:
            dst.set_band_description(1, "elevation")
            reproject(rasterio.band(src, 1), rasterio.band(dst, 1), resampling=Resampling.nearest)
    return path


@pytest.fixture(scope="module")
def elevation_labels(dem_utm: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Points in the park labelled by elevation: 'alpine' above 3300 m, else 'montane'."""
    import geopandas as gpd

    rng = np.random.default_rng(3)
    with rasterio.open(dem_utm) as src:
        rows = rng.integers(0, src.height, 400)
        cols = rng.integers(0, src.width, 400)
        values = src.read(1)[rows, cols]
        xs, ys = rasterio.transform.xy(src.transform, rows, cols)
        keep = values != src.nodata
        frame = gpd.GeoDataFrame(
            {"zone": np.where(values[keep] > 3300, "alpine", "montane")},
            geometry=gpd.points_from_xy(np.array(xs)[keep], np.array(ys)[keep]),
            crs=src.crs,
        )
    path = tmp_path_factory.mktemp("labels") / "zones.gpkg"
    frame.to_file(path, driver="GPKG")
    return path


def test_stack_with_a_raster_on_another_grid_and_crs(
    run: Any, dem_utm: Path, elevation_labels: Path, tmp_path: Path
) -> None:
    from qgis.core import QgsProcessingException

    rgb = str(RMNP / "rmnp-rgb.tif")
    result = run(
        "lulc:classify",
        {
            "RASTERS": [rgb, str(dem_utm)],
            "LABELS": str(elevation_labels),
            "CLASS_FIELD": "zone",
            "RESAMPLING": 1,
            "OUTPUT": str(tmp_path / "zones.tif"),
            "OUTPUT_MODEL": str(tmp_path / "m.lulcmodel"),
        },
    )
    assert result["OVERALL_ACCURACY"] > 0.9  # elevation is a band: the zones are separable
    with rasterio.open(result["OUTPUT"]) as out, rasterio.open(rgb) as ref:
        assert (out.crs, out.transform, out.shape) == (ref.crs, ref.transform, ref.shape)
        band = out.read(1)
    assert (band == 255).mean() > 0.2  # outside the DEM's smaller extent: nodata
    assert set(np.unique(band)) == {1, 2, 255}
    assert not list(dem_utm.parent.glob("*.vrt")), "the warped raster was written out"
    with pytest.raises(QgsProcessingException, match="out of order"):
        run(
            "lulc:predict",
            {
                "RASTERS": [str(dem_utm), rgb],
                "MODEL": result["OUTPUT_MODEL"],
                "OUTPUT": str(tmp_path / "swapped.tif"),
            },
        )
    assert not (tmp_path / "swapped.tif").exists()


@pytest.fixture(scope="module")
def unclassed_points(synthetic: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic points plus six without a class: empty, blank and NULL."""
    import geopandas as gpd
    import pandas as pd

    frame = gpd.read_file(synthetic["labels"])[["cls", "geometry"]]
    extra = frame.iloc[:6].copy()
    extra["cls"] = ["", "  ", None, "", None, "\t"]
    path = tmp_path_factory.mktemp("unclassed") / "unclassed.gpkg"
    both = pd.concat([frame, extra], ignore_index=True)
    gpd.GeoDataFrame(both, crs=frame.crs).to_file(path, driver="GPKG")
    return path


def warning_feedback() -> Any:
    """A feedback that keeps the warnings (``reportError``) the algorithm gives."""
    from qgis.core import QgsProcessingFeedback

    class Feedback(QgsProcessingFeedback):
        def __init__(self) -> None:
            super().__init__()
            self.warnings: list[str] = []

        def reportError(self, error: str, fatal: bool = False) -> None:
            self.warnings.append(error)
            super().reportError(error, fatal)

    return Feedback()


def test_labels_without_a_class_are_reported(
    run: Any, synthetic: dict[str, Path], unclassed_points: Path, tmp_path: Path
) -> None:
    feedback = warning_feedback()
    run(
        "lulc:sample",
        {
            "RASTERS": [str(synthetic["image"])],
            "LABELS": str(unclassed_points),
            "CLASS_FIELD": "cls",
            "OUTPUT": str(tmp_path / "samples.gpkg"),
            "OUTPUT_REPORT": str(tmp_path / "report.csv"),
        },
        feedback,
    )
    with open(tmp_path / "report.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[-1]["class"] == "(no class)"
    assert rows[-1]["empty_class"] == "6"
    assert [r["class"] for r in rows[:-1]] == ["forest", "water"]
    assert any("6 label features have no class in 'cls'" in w for w in feedback.warnings)
    feedback = warning_feedback()
    run(
        "lulc:classify",
        {
            "RASTERS": [str(synthetic["image"])],
            "LABELS": str(unclassed_points),
            "CLASS_FIELD": "cls",
            "OUTPUT": str(tmp_path / "map.tif"),
            "OUTPUT_MODEL": str(tmp_path / "m.lulcmodel"),
        },
        feedback,
    )
    assert any("6 label features have no class in 'cls'" in w for w in feedback.warnings)
