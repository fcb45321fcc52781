"""lulc:segment through Processing: the segment raster, the polygons, the number of segments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio

pytest.importorskip("skimage")


def test_segment_writes_ids_and_polygons(
    run: Any, synthetic: dict[str, Path], tmp_path: Path
) -> None:
    result = run(
        "lulc:segment",
        {
            "RASTERS": [str(synthetic["image"])],
            "METHOD": 0,
            "SCALE": 50.0,
            "TILE_SIZE": 64,
            "OVERLAP": 8,
            "OUTPUT": str(tmp_path / "segments.tif"),
            "OUTPUT_POLYGONS": str(tmp_path / "segments.gpkg"),
        },
    )
    assert result["SEGMENTS"] > 1
    with rasterio.open(result["OUTPUT"]) as src:
        labels = src.read(1)
        assert src.dtypes == ("uint32",)
        assert src.tags()["LULC_PRODUCT"] == "segments"
    assert labels[5, 5] == 0  # the nodata pixel
    assert np.array_equal(np.unique(labels[labels > 0]), np.arange(1, result["SEGMENTS"] + 1))
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(f"{result['OUTPUT_POLYGONS']}|layername=segments", "s", "ogr")
    assert layer.isValid()
    assert layer.featureCount() == result["SEGMENTS"]
    assert {"segment", "pixels"} <= set(layer.fields().names())


def test_slic_without_polygons(run: Any, synthetic: dict[str, Path], tmp_path: Path) -> None:
    result = run(
        "lulc:segment",
        {
            "RASTERS": [str(synthetic["image"])],
            "METHOD": 1,
            "SEGMENT_SIZE": 64,
            "OUTPUT": str(tmp_path / "slic.tif"),
        },
    )
    assert 20 <= result["SEGMENTS"] <= 200  # 64 x 64 pixels / 64
    assert not result.get("OUTPUT_POLYGONS")
