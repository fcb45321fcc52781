"""lulc:classify limited to an extent (the panel's preview) and with its confidence layer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import rasterio


def test_classify_extent_in_another_crs_and_confidence(
    run: Any, synthetic: dict[str, Path], tmp_path: Path
) -> None:
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsProject,
        QgsRectangle,
    )

    # Columns 10-50, rows 20-40 of the 64x64 image, given in WGS 84 as the canvas would.
    utm = QgsRectangle(500100, 4099600, 500500, 4099800)
    transform = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:32633"),
        QgsCoordinateReferenceSystem("EPSG:4326"),
        QgsProject.instance(),
    )
    geo = transform.transformBoundingBox(utm)
    extent = f"{geo.xMinimum()},{geo.xMaximum()},{geo.yMinimum()},{geo.yMaximum()} [EPSG:4326]"
    result = run(
        "lulc:classify",
        {
            "RASTERS": [str(synthetic["image"])],
            "LABELS": str(synthetic["labels"]),
            "CLASS_FIELD": "cls",
            "EXTENT": extent,
            "OUTPUT": str(tmp_path / "preview.tif"),
            "OUTPUT_CONFIDENCE": str(tmp_path / "confidence.tif"),
            "OUTPUT_MODEL": str(tmp_path / "model.lulcmodel"),
        },
    )
    with rasterio.open(result["OUTPUT"]) as src, rasterio.open(synthetic["image"]) as image:
        # Snapped outwards to whole pixels of the image, inside the image.
        assert 40 <= src.width < 64
        assert 20 <= src.height < 64
        assert src.res == image.res
        left, bottom, right, top = src.bounds
        assert left <= 500100
        assert bottom <= 4099600
        assert right >= 500500
        assert top >= 4099800
        classes = src.read(1)
    assert set(np.unique(classes)) == {1, 2}  # both halves of the image, no nodata
    assert result["OUTPUT_CONFIDENCE"] == str(tmp_path / "confidence.tif")
    with rasterio.open(result["OUTPUT_CONFIDENCE"]) as conf:
        assert (conf.width, conf.height) == classes.shape[::-1]
        values = conf.read(1)
    valid = values != 255
    assert valid.any()
    assert values[valid].max() <= 100


def test_classify_without_confidence_writes_none(
    run: Any, synthetic: dict[str, Path], tmp_path: Path
) -> None:
    result = run(
        "lulc:classify",
        {
            "RASTERS": [str(synthetic["image"])],
            "LABELS": str(synthetic["labels"]),
            "CLASS_FIELD": "cls",
            "OUTPUT": str(tmp_path / "map.tif"),
            "OUTPUT_MODEL": str(tmp_path / "model.lulcmodel"),
        },
    )
    assert result["OUTPUT_CONFIDENCE"] is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.qml", "map.tif", "model.lulcmodel"]
