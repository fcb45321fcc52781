"""Object-based classification through Processing: the SEGMENTS parameter of lulc:classify,
lulc:sample and lulc:predict, on the bundled historical map with a grid of square segments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio

SQUARE = 8


@pytest.fixture(scope="module")
def segments(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Squares of 8 x 8 pixels on the historical map's grid (ids from 1, row by row)."""
    with rasterio.open(data_dir / "historical_map" / "map_compress.tif") as src:
        profile = {
            "driver": "GTiff",
            "width": src.width,
            "height": src.height,
            "count": 1,
            "dtype": "uint32",
            "crs": src.crs,
            "transform": src.transform,
        }
        rows, cols = np.mgrid[: src.height, : src.width]
    per_row = -(-profile["width"] // SQUARE)
    ids = (rows // SQUARE) * per_row + cols // SQUARE + 1
    path = tmp_path_factory.mktemp("segments") / "segments.tif"
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(ids.astype(np.uint32), 1)
    return path


def test_classify_with_segments(run: Any, data_dir: Path, segments: Path, tmp_path: Path) -> None:
    from lulc_classifier.core.model.model_file import read_manifest

    folder = data_dir / "historical_map"
    image = str(folder / "map_compress.tif")
    result = run(
        "lulc:classify",
        {
            "RASTERS": [image],
            "LABELS": str(folder / "train_points.gpkg"),
            "CLASS_FIELD": "Type",
            "SEGMENTS": str(segments),
            "OUTPUT": str(tmp_path / "map.tif"),
            "OUTPUT_MODEL": str(tmp_path / "model.lulcmodel"),
        },
    )
    manifest = read_manifest(result["OUTPUT_MODEL"])
    assert manifest.object_based is True
    assert manifest.segment_features is not None
    assert manifest.segment_features[-2:] == ["area", "shape"]
    assert result["OVERALL_ACCURACY"] > 0.6
    with rasterio.open(result["OUTPUT"]) as src, rasterio.open(segments) as seg:
        classes, ids = src.read(1), seg.read(1)
        assert (src.width, src.height, src.transform) == (seg.width, seg.height, seg.transform)
    assert np.mean(classes != 255) > 0.9  # the white paper (255) is nodata
    order = np.argsort(ids.ravel(), kind="stable")
    per_segment = np.split(classes.ravel()[order], np.flatnonzero(np.diff(ids.ravel()[order])) + 1)
    assert all(np.unique(v[v != 255]).size <= 1 for v in per_segment)

    info = run("lulc:modelinfo", {"MODEL": result["OUTPUT_MODEL"]})
    assert info["BAND_COUNT"] == 8  # 3 bands x (mean, std), area, shape

    predicted = run(
        "lulc:predict",
        {
            "RASTERS": [image],
            "MODEL": result["OUTPUT_MODEL"],
            "SEGMENTS": str(segments),
            "OUTPUT": str(tmp_path / "again.tif"),
        },
    )
    with rasterio.open(predicted["OUTPUT"]) as src:
        assert np.array_equal(src.read(1), classes)


def test_predict_refuses_an_object_model_without_segments(
    run: Any, data_dir: Path, segments: Path, tmp_path: Path
) -> None:
    from qgis.core import QgsProcessingException

    folder = data_dir / "historical_map"
    image = str(folder / "map_compress.tif")
    sampled = run(
        "lulc:sample",
        {
            "RASTERS": [image],
            "LABELS": str(folder / "train_points.gpkg"),
            "CLASS_FIELD": "Type",
            "SEGMENTS": str(segments),
            "OUTPUT": str(tmp_path / "samples.gpkg"),
        },
    )
    assert 0 < sampled["SAMPLE_COUNT"] <= 510
    trained = run(
        "lulc:train",
        {
            "SAMPLES": sampled["OUTPUT"],
            "CLASS_FIELD": "Type",
            "OUTPUT_MODEL": str(tmp_path / "model.lulcmodel"),
        },
    )
    with pytest.raises(QgsProcessingException, match="This model classifies segments"):
        run(
            "lulc:predict",
            {
                "RASTERS": [image],
                "MODEL": trained["OUTPUT_MODEL"],
                "OUTPUT": str(tmp_path / "x.tif"),
            },
        )
    assert not (tmp_path / "x.tif").exists()
