"""Issue 5 through Processing: extra layers, areas, extent, mask, COG."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio


@pytest.fixture(scope="module")
def model(qgis_app: Any, synthetic: dict[str, Path], tmp_path_factory: Any) -> Path:
    import processing

    folder = tmp_path_factory.mktemp("predict_model")
    processing.run(
        "lulc:classify",
        {
            "RASTERS": [str(synthetic["image"])],
            "LABELS": str(synthetic["labels"]),
            "CLASS_FIELD": "cls",
            "ALGORITHM": 0,
            "OUTPUT": str(folder / "map.tif"),
            "OUTPUT_MODEL": str(folder / "m.lulcmodel"),
        },
    )
    return folder / "m.lulcmodel"


def test_layers_areas_and_cog(
    run: Any, synthetic: dict[str, Path], model: Path, tmp_path: Path
) -> None:
    result = run(
        "lulc:predict",
        {
            "RASTERS": [str(synthetic["image"])],
            "MODEL": str(model),
            "THREADS": 2,
            "COMPRESSION": 1,
            "COG": True,
            "OVERVIEWS": True,
            "OUTPUT": str(tmp_path / "map.tif"),
            "OUTPUT_CONFIDENCE": str(tmp_path / "confidence.tif"),
            "OUTPUT_PROBABILITIES": str(tmp_path / "proba.tif"),
            "OUTPUT_AREAS": str(tmp_path / "areas.csv"),
        },
    )
    assert result["OUTPUT_MARGIN"] is None
    assert not (tmp_path / "margin.tif").exists()
    with rasterio.open(result["OUTPUT"]) as src:
        classes = src.read(1)
        assert src.tags(ns="IMAGE_STRUCTURE").get("LAYOUT") == "COG"
        assert src.profile["compress"].lower() == "zstd"
        assert src.colormap(1)[1][:3] != (0, 0, 0)
    with rasterio.open(result["OUTPUT_CONFIDENCE"]) as src:
        confidence = src.read(1)
    with rasterio.open(result["OUTPUT_PROBABILITIES"]) as src:
        proba = src.read()
        assert src.descriptions == ("p(forest)", "p(water)")
    valid = classes != 255
    assert (confidence[~valid] == 255).all()
    assert (np.argmax(proba[:, valid], axis=0) + 1 == classes[valid]).all()
    assert (confidence[valid] == proba[:, valid].max(axis=0)).all()
    with open(result["OUTPUT_AREAS"]) as handle:
        rows = list(csv.DictReader(handle))
    assert [r["class"] for r in rows] == ["forest", "water"]
    assert sum(int(r["pixels"]) for r in rows) == int(valid.sum())
    assert float(rows[0]["hectares"]) == pytest.approx(int(rows[0]["pixels"]) * 0.01)


def test_extent_and_mask(run: Any, synthetic: dict[str, Path], model: Path, tmp_path: Path) -> None:
    import geopandas as gpd
    from shapely.geometry import box

    full = run(
        "lulc:predict",
        {
            "RASTERS": [str(synthetic["image"])],
            "MODEL": str(model),
            "OUTPUT": str(tmp_path / "full.tif"),
        },
    )
    extent = "500100,500300,4099500,4099800 [EPSG:32633]"  # cols 10-30, rows 20-50
    cut = run(
        "lulc:predict",
        {
            "RASTERS": [str(synthetic["image"])],
            "MODEL": str(model),
            "EXTENT": extent,
            "OUTPUT": str(tmp_path / "cut.tif"),
        },
    )
    with rasterio.open(full["OUTPUT"]) as a, rasterio.open(cut["OUTPUT"]) as b:
        assert (b.width, b.height) == (20, 30)
        assert (b.transform.c, b.transform.f) == (500100, 4099800)
        assert (b.read(1) == a.read(1)[20:50, 10:30]).all()
    mask = tmp_path / "mask.gpkg"
    gpd.GeoDataFrame(geometry=[box(500000, 4099700, 500200, 4100000)], crs="EPSG:32633").to_file(
        mask
    )
    masked = run(
        "lulc:predict",
        {
            "RASTERS": [str(synthetic["image"])],
            "MODEL": str(model),
            "MASK": str(mask),
            "OUTPUT": str(tmp_path / "masked.tif"),
        },
    )
    with rasterio.open(full["OUTPUT"]) as a, rasterio.open(masked["OUTPUT"]) as b:
        assert (b.width, b.height) == (20, 30)
        assert (b.read(1) == a.read(1)[:30, :20]).all()
