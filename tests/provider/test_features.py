"""Issue 6 through Processing: a recipe at sampling, replayed at prediction; lulc:stack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio


def test_recipe_is_replayed_and_stack_written(
    run: Any, synthetic: dict[str, Path], tmp_path: Path
) -> None:
    from lulc_classifier.core.model.model_file import read_manifest

    recipe = {
        "BAND_ROLES": "red=1, nir=2, green=3",
        "INDICES": [0, 5],  # NDVI, NDWI
        "FOCAL_BANDS": "1",
        "FOCAL_SIZE": 3,
        "TEXTURE_BAND": 2,
        "TEXTURE_SIZE": 5,
    }
    result = run(
        "lulc:classify",
        {
            "RASTERS": [str(synthetic["image"])],
            "LABELS": str(synthetic["labels"]),
            "CLASS_FIELD": "cls",
            "OUTPUT": str(tmp_path / "map.tif"),
            "OUTPUT_MODEL": str(tmp_path / "m.lulcmodel"),
            **recipe,
        },
    )
    manifest = read_manifest(tmp_path / "m.lulcmodel")
    assert manifest["bands"] == [
        "b1",
        "b2",
        "b3",
        "NDVI",
        "NDWI",
        "b1_mean3",
        "b1_std3",
        "b2_glcm_contrast5",
        "b2_glcm_homogeneity5",
        "b2_glcm_entropy5",
    ]
    stored = manifest["stack"]["recipe"]
    assert stored["indices"] == ["NDVI", "NDWI"]
    assert stored["texture_range"] is not None  # measured at sampling, kept for prediction
    assert result["OVERALL_ACCURACY"] >= 0.95
    # lulc:predict replays the recipe from the model, with the raw bands only.
    predicted = run(
        "lulc:predict",
        {
            "RASTERS": [str(synthetic["image"])],
            "MODEL": str(tmp_path / "m.lulcmodel"),
            "OUTPUT": str(tmp_path / "again.tif"),
        },
    )
    with rasterio.open(result["OUTPUT"]) as a, rasterio.open(predicted["OUTPUT"]) as b:
        assert (a.read(1) == b.read(1)).all()
    stack = run(
        "lulc:stack",
        {"RASTERS": [str(synthetic["image"])], "OUTPUT": str(tmp_path / "features.tif"), **recipe},
    )
    with rasterio.open(stack["OUTPUT"]) as src:
        assert list(src.descriptions) == manifest["bands"]
        data = src.read()
    with rasterio.open(synthetic["image"]) as raw:
        b1, b2 = raw.read(1).astype(np.float64), raw.read(2).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        ndvi = (b2 - b1) / (b2 + b1)
    ok = np.isfinite(data[3])
    assert np.allclose(data[3][ok], ndvi[ok], rtol=1e-5)
    assert np.isnan(data[3][5, 5])  # the nodata pixel


def test_index_needing_a_missing_role_is_refused(
    run: Any, synthetic: dict[str, Path], tmp_path: Path
) -> None:
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="EVI needs the blue band"):
        run(
            "lulc:sample",
            {
                "RASTERS": [str(synthetic["image"])],
                "LABELS": str(synthetic["labels"]),
                "CLASS_FIELD": "cls",
                "BAND_ROLES": "red=1, nir=2",
                "INDICES": [1],
                "OUTPUT": str(tmp_path / "s.gpkg"),
            },
        )
    assert not list(tmp_path.iterdir())


def test_a_distance_layer_is_a_parameter_of_prediction_never_read_from_the_model(
    run: Any, synthetic: dict[str, Path], tmp_path: Path
) -> None:
    """A model file used to name its distance layer's path, and lulc:predict opened it: any
    path or URL a stranger's file chose (/vsicurl/ included). Now the layer is a parameter."""
    import zipfile

    from qgis.core import QgsProcessingException

    classified = run(
        "lulc:classify",
        {
            "RASTERS": [str(synthetic["image"])],
            "LABELS": str(synthetic["labels"]),
            "CLASS_FIELD": "cls",
            "DISTANCE_TO": str(synthetic["labels"]),
            "MAX_DISTANCE": 50.0,
            "OUTPUT": str(tmp_path / "map.tif"),
            "OUTPUT_MODEL": str(tmp_path / "m.lulcmodel"),
        },
    )
    text = zipfile.ZipFile(tmp_path / "m.lulcmodel").read("manifest.json").decode()
    assert str(synthetic["labels"]) not in text
    assert synthetic["labels"].name not in text
    base = {"RASTERS": [str(synthetic["image"])], "MODEL": str(tmp_path / "m.lulcmodel")}
    with pytest.raises(QgsProcessingException, match="distance to 1 vector layer.*DISTANCE_TO"):
        run("lulc:predict", {**base, "OUTPUT": str(tmp_path / "none.tif")})
    assert not (tmp_path / "none.tif").exists()
    again = run(
        "lulc:predict",
        {**base, "DISTANCE_TO": str(synthetic["labels"]), "OUTPUT": str(tmp_path / "again.tif")},
    )
    with rasterio.open(classified["OUTPUT"]) as a, rasterio.open(again["OUTPUT"]) as b:
        assert (a.read(1) == b.read(1)).all()
