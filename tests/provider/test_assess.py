"""lulc:assess through Processing: Olofsson et al. (2014)'s example as files, the sampling
design parameter, and decimal reference codes refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio

#: Olofsson et al. (2014): strata (pixels) and error matrix, rows map, columns reference.
PIXELS = [200_000, 150_000, 3_200_000, 6_450_000]
COUNTS = [[66, 0, 5, 4], [0, 55, 8, 12], [1, 0, 153, 11], [2, 1, 9, 313]]


@pytest.fixture(scope="module")
def paper_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A 10 x 20 map with the paper's strata / 50,000 (4, 3, 64, 129 pixels of 4,500 ha) and
    its 640 points without any stored design; the same points with 1.7 for each 1."""
    import geopandas as gpd
    from rasterio.transform import from_origin
    from shapely.geometry import Point

    folder = tmp_path_factory.mktemp("assess")
    pixels = [p // 50_000 for p in PIXELS]
    transform = from_origin(300_000, 5_000_000, 9_000, 5_000)
    with rasterio.open(
        folder / "change.tif",
        "w",
        driver="GTiff",
        width=10,
        height=20,
        count=1,
        dtype="uint8",
        nodata=255,
        crs="EPSG:32633",
        transform=transform,
    ) as dst:
        dst.write(np.repeat(np.arange(1, 5, dtype=np.uint8), pixels).reshape(20, 10), 1)
    first = np.cumsum([0, *pixels])
    reference, geometry = [], []
    for m, row in enumerate(COUNTS):
        k = 0
        for j, n in enumerate(row, start=1):
            for _ in range(n):
                r, c = divmod(int(first[m]) + k % pixels[m], 10)
                geometry.append(Point(*(transform * (c + 0.5, r + 0.5))))
                reference.append(j)
                k += 1
    frame = gpd.GeoDataFrame({"reference": reference}, geometry=geometry, crs="EPSG:32633")
    frame.to_file(folder / "points.gpkg", driver="GPKG")
    frame["reference"] = frame["reference"].where(frame["reference"] != 1, 1.7)
    frame.to_file(folder / "decimal.gpkg", driver="GPKG")
    return {"map": folder / "change.tif", "points": folder / "points.gpkg", "dir": folder}


def _assess(run: Any, files: dict[str, Path], tmp_path: Path, **extra: Any) -> dict[str, Any]:
    return run(
        "lulc:assess",
        {
            "MAP": str(files["map"]),
            "REFERENCE": str(files["points"]),
            "REFERENCE_FIELD": "reference",
            "OUTPUT_REPORT": str(tmp_path / "assess.html"),
            "OUTPUT_JSON": str(tmp_path / "assess.json"),
            **extra,
        },
    )


def test_default_design_is_stratified_by_map_class(
    run: Any, paper_files: dict[str, Path], tmp_path: Path
) -> None:
    results = _assess(run, paper_files, tmp_path)
    assert results["DESIGN"] == "stratified by the map"
    assert results["POINTS_USED"] == 640
    assert round(results["OVERALL_ACCURACY"], 3) == 0.947
    assert round(results["OVERALL_ACCURACY_CI95"], 3) == 0.018
    saved = json.loads((tmp_path / "assess.json").read_text())
    assert [round(c["area_ha"]["value"]) for c in saved["classes"]] == [
        21158,
        11686,
        285770,
        581386,
    ]
    assert [round(c["area_ha"]["ci95"]) for c in saved["classes"]] == [6158, 3756, 15510, 16282]
    assert "no stored design" in saved["design_reason"]


def test_simple_random_sample_on_request(
    run: Any, paper_files: dict[str, Path], tmp_path: Path
) -> None:
    results = _assess(run, paper_files, tmp_path, SAMPLING_DESIGN=1)
    assert results["DESIGN"] == "simple random sample"
    saved = json.loads((tmp_path / "assess.json").read_text())
    assert saved["classes"][0]["area_ha"]["value"] == pytest.approx(69 / 640 * 900_000)


def test_decimal_reference_codes_are_refused(
    run: Any, paper_files: dict[str, Path], tmp_path: Path
) -> None:
    from qgis.core import QgsProcessingException

    files = {**paper_files, "points": paper_files["dir"] / "decimal.gpkg"}
    with pytest.raises(QgsProcessingException, match=r"'reference'.*69 points.*1\.7"):
        _assess(run, files, tmp_path)
    assert not (tmp_path / "assess.json").exists()


def test_design_parameter_and_output_ids(qgis_app: Any) -> None:
    from qgis.core import QgsApplication

    alg = QgsApplication.processingRegistry().algorithmById("lulc:assess")
    design = alg.parameterDefinition("SAMPLING_DESIGN")
    assert design.options() == ["Stratified by map class", "Simple random sample"]
    assert design.defaultValue() == 0
    assert alg.outputDefinition("DESIGN") is not None
    assert "Olofsson" in alg.shortHelpString()
    assert "Stehman" in alg.shortHelpString()
