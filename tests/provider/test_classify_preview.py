"""lulc:classify limited to an extent (the panel's preview) and with its confidence layer;
lulc:classify and lulc:predict at a coarser RESOLUTION; the model kept for the next run."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio

from ..helpers import pixel_centre, write_labels, write_raster


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


@pytest.fixture(scope="module")
def checkerboard(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A 3-band 61 x 50 image whose classes alternate pixel by pixel (a one-pixel offset
    flips every class), and a labelled point on every fourth pixel."""
    from shapely.geometry import Point

    folder = tmp_path_factory.mktemp("checkerboard")
    rng = np.random.default_rng(8)
    rows, cols = np.mgrid[0:61, 0:50]
    odd = (rows + cols) % 2 == 1
    data = rng.integers(100, 200, size=(3, 61, 50)).astype(np.uint16)
    data[:, odd] += 600
    image = write_raster(folder / "image.tif", data, nodata=0, tile=16)
    cells = [(r, c) for r in range(0, 61, 2) for c in range(r % 4, 50, 4)]
    cells += [(r, c + 1) for r, c in cells if c + 1 < 50]
    points = [Point(*pixel_centre(r, c)) for r, c in cells]
    classes = ["bright" if (r + c) % 2 else "dark" for r, c in cells]
    labels = write_labels(folder / "labels.gpkg", points, classes)
    return {"image": image, "labels": labels, "folder": folder}


def _read(path: str) -> tuple[np.ndarray, Any]:
    with rasterio.open(path) as src:
        return src.read(1), src.transform


def test_classify_and_predict_at_a_resolution_equal_the_full_map_where_pixels_coincide(
    run: Any, checkerboard: dict[str, Path], tmp_path: Path
) -> None:
    from affine import Affine

    common = {
        "RASTERS": [str(checkerboard["image"])],
        "LABELS": str(checkerboard["labels"]),
        "CLASS_FIELD": "cls",
    }
    full = run(
        "lulc:classify",
        {
            **common,
            "OUTPUT": str(tmp_path / "full.tif"),
            "OUTPUT_MODEL": str(tmp_path / "m.lulcmodel"),
        },
    )
    full_map, full_transform = _read(full["OUTPUT"])
    assert len(np.unique(full_map)) == 2
    expected = full_map[1::3, 1::3][: 61 // 3, : 50 // 3]  # the pixels at the coarse centres
    coarse = run(
        "lulc:classify",
        {
            **common,
            "RESOLUTION": 30.0,
            "OUTPUT": str(tmp_path / "coarse.tif"),
            "OUTPUT_MODEL": str(tmp_path / "m2.lulcmodel"),
        },
    )
    got, transform = _read(coarse["OUTPUT"])
    assert transform == full_transform * Affine.scale(3, 3)
    np.testing.assert_array_equal(got, expected)
    predicted = run(
        "lulc:predict",
        {
            "RASTERS": [str(checkerboard["image"])],
            "MODEL": full["OUTPUT_MODEL"],
            "RESOLUTION": 31.0,  # rounded to 3 pixels
            "OUTPUT": str(tmp_path / "predicted.tif"),
        },
    )
    got, transform = _read(predicted["OUTPUT"])
    assert transform == full_transform * Affine.scale(3, 3)
    np.testing.assert_array_equal(got, expected)
    for empty in (None, 0):
        parameters = {
            "RASTERS": [str(checkerboard["image"])],
            "MODEL": full["OUTPUT_MODEL"],
            "OUTPUT": str(tmp_path / f"native_{empty}.tif"),
        }
        if empty is not None:
            parameters["RESOLUTION"] = empty
        native, transform = _read(run("lulc:predict", parameters)["OUTPUT"])
        assert transform == full_transform
        np.testing.assert_array_equal(native, full_map)


def test_predict_reuses_the_model_it_loaded_while_its_file_is_unchanged(
    run: Any, checkerboard: dict[str, Path], tmp_path: Path
) -> None:
    from qgis.core import QgsProcessingFeedback

    class Recording(QgsProcessingFeedback):
        def __init__(self) -> None:
            super().__init__()
            self.lines: list[str] = []

        def pushInfo(self, info: str) -> None:
            self.lines.append(info)
            super().pushInfo(info)

    model = tmp_path / "m.lulcmodel"

    def train(algorithm: int, path: Path) -> None:
        run(
            "lulc:classify",
            {
                "RASTERS": [str(checkerboard["image"])],
                "LABELS": str(checkerboard["labels"]),
                "CLASS_FIELD": "cls",
                "ALGORITHM": algorithm,
                "OUTPUT": str(tmp_path / f"map{algorithm}.tif"),
                "OUTPUT_MODEL": str(path),
            },
        )

    def predict(name: str) -> tuple[bool, str]:
        """Whether the model was reused, and the algorithm of the model the map came from."""
        feedback = Recording()
        out = run(
            "lulc:predict",
            {
                "RASTERS": [str(checkerboard["image"])],
                "MODEL": str(model),
                "OUTPUT": str(tmp_path / name),
            },
            feedback,
        )
        with rasterio.open(out["OUTPUT"]) as src:
            algorithm = src.tags()["LULC_MODEL_ALGORITHM"]
        return any("reused as loaded" in line for line in feedback.lines), algorithm

    train(0, model)
    reused, forest = predict("a.tif")
    assert reused  # lulc:classify has just loaded it
    assert predict("b.tif") == (True, forest)
    kept = tmp_path / "kept.lulcmodel"
    shutil.copyfile(model, kept)
    other = tmp_path / "other.lulcmodel"
    train(1, other)
    shutil.copyfile(other, model)  # another model in the same file
    reused, algorithm = predict("c.tif")
    assert not reused
    assert algorithm != forest
    assert predict("d.tif") == (True, algorithm)
    shutil.copyfile(kept, model)  # the file of the model kept changes
    assert predict("e.tif") == (False, forest)
