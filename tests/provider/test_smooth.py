"""lulc:smooth, and the SMOOTHING option of lulc:predict and lulc:classify, through Processing:
styled maps with fewer patches, area tables before and after, bad input."""

from __future__ import annotations

import csv
import gc
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ..helpers import pixel_centre, write_labels, write_raster

rasterio = pytest.importorskip("rasterio")
ndimage = pytest.importorskip("scipy.ndimage")


def patch_count(classes: np.ndarray, nodata: int = 255) -> int:
    """Connected patches (8 neighbours) of all classes."""
    return sum(
        ndimage.label(classes == code, structure=np.ones((3, 3)))[1]
        for code in np.unique(classes[classes != nodata])
    )


def read(path: Path | str) -> np.ndarray:
    with rasterio.open(path) as src:
        return np.asarray(src.read(1))


def read_csv(path: Path | str) -> list[dict[str, str]]:
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def noisy(qgis_app: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A 3-band 64 x 64 image whose halves overlap (a speckled map), labels, a model and its
    map with class probabilities."""
    import processing
    from shapely.geometry import Point

    folder = tmp_path_factory.mktemp("noisy")
    rng = np.random.default_rng(5)
    data = np.empty((3, 64, 64), dtype=np.uint16)
    data[:, :, :32] = rng.integers(100, 620, size=(3, 64, 32))
    data[:, :, 32:] = rng.integers(380, 900, size=(3, 64, 32))
    data[:, 5, 5] = 0
    image = write_raster(folder / "image.tif", data, nodata=0)
    cells = [(int(r), int(c)) for r, c in rng.integers(0, 64, size=(80, 2))]
    labels = write_labels(
        folder / "labels.gpkg",
        [Point(*pixel_centre(r, c)) for r, c in cells],
        ["water" if c < 32 else "forest" for _, c in cells],
    )
    processing.run(
        "lulc:classify",
        {
            "RASTERS": [str(image)],
            "LABELS": str(labels),
            "CLASS_FIELD": "cls",
            "ALGORITHM": 0,
            "OUTPUT": str(folder / "map.tif"),
            "OUTPUT_MODEL": str(folder / "model.lulcmodel"),
        },
    )
    processing.run(
        "lulc:predict",
        {
            "RASTERS": [str(image)],
            "MODEL": str(folder / "model.lulcmodel"),
            "OUTPUT": str(folder / "predicted.tif"),
            "OUTPUT_PROBABILITIES": str(folder / "proba.tif"),
        },
    )
    return {
        "image": image,
        "labels": labels,
        "model": folder / "model.lulcmodel",
        "map": folder / "predicted.tif",
        "proba": folder / "proba.tif",
    }


def test_the_map_is_speckled(noisy: dict[str, Path]) -> None:
    assert patch_count(read(noisy["map"])) > 30


@pytest.mark.parametrize(
    ("settings", "tag"),
    [
        ({"METHOD": 0, "WINDOW": 5}, "majority filter, 5 x 5"),
        ({"METHOD": 1, "WINDOW": 5, "WEIGHTING": 1}, "gaussian"),
        ({"METHOD": 2, "MIN_AREA": 0.1, "MIN_AREA_UNIT": 1, "CONNECTIVITY": 1}, "4-connectivity"),
    ],
    ids=["majority", "probability", "sieve"],
)
def test_smooth_writes_a_styled_map_with_fewer_patches(
    run: Any, noisy: dict[str, Path], tmp_path: Path, settings: dict[str, Any], tag: str
) -> None:
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    result = run(
        "lulc:smooth",
        {
            "INPUT": str(noisy["map"]),
            "PROBABILITIES": str(noisy["proba"]),
            **settings,
            "OUTPUT": str(tmp_path / "smooth.tif"),
            "OUTPUT_AREAS": str(tmp_path / "areas.csv"),
        },
        feedback,
    )
    before, after = read(noisy["map"]), read(result["OUTPUT"])
    assert patch_count(after) < patch_count(before) / 2
    assert result["CHANGED_PIXELS"] == int((before != after).sum()) > 0
    assert Path(result["OUTPUT_STYLE"]).read_text(encoding="utf-8").count("paletteEntry") == 2
    with rasterio.open(result["OUTPUT"]) as src:
        assert tag in src.tags()["LULC_SMOOTHING"]
        assert src.tags()["LULC_PRODUCT"] == "class map"
    rows = read_csv(result["OUTPUT_AREAS"])
    assert [r["class"] for r in rows] == ["forest", "water"]
    for row in rows:
        code = int(row["code"])
        assert int(row["pixels"]) == int((after == code).sum())
        assert int(row["pixels_before"]) == int((before == code).sum())
    assert "->" in feedback.textLog()
    if settings["METHOD"] == 2:
        assert "0.1 ha = 10 pixels of 100.00 m²" in feedback.textLog()


def test_smooth_output_is_styled_on_load(
    qgis_app: Any, noisy: dict[str, Path], tmp_path: Path
) -> None:
    from qgis.core import (
        QgsApplication,
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProcessingOutputLayerDefinition,
        QgsProcessingUtils,
        QgsProject,
    )

    alg = QgsApplication.processingRegistry().createAlgorithmById("lulc:smooth")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    output = str(tmp_path / "smooth.tif")
    params = {
        "INPUT": str(noisy["map"]),
        "METHOD": 0,
        "OUTPUT": QgsProcessingOutputLayerDefinition(output, QgsProject.instance()),
    }
    _, ok = alg.run(params, context, QgsProcessingFeedback())
    assert ok
    gc.collect()
    details = context.layersToLoadOnCompletion()[output]
    layer = QgsProcessingUtils.mapLayerFromString(output, context)
    details.postProcessor().postProcessLayer(layer, context, QgsProcessingFeedback())
    assert layer.renderer().type() == "paletted"
    assert [c.label for c in layer.renderer().classes()] == ["forest", "water"]
    del layer


def test_probability_smoothing_without_probabilities_is_refused(
    run: Any, noisy: dict[str, Path], tmp_path: Path
) -> None:
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="needs the class probabilities"):
        run(
            "lulc:smooth",
            {"INPUT": str(noisy["map"]), "METHOD": 1, "OUTPUT": str(tmp_path / "out.tif")},
        )
    assert not list(tmp_path.iterdir())


def test_a_sieve_without_area_is_refused(run: Any, noisy: dict[str, Path], tmp_path: Path) -> None:
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="positive area"):
        run(
            "lulc:smooth",
            {"INPUT": str(noisy["map"]), "METHOD": 2, "OUTPUT": str(tmp_path / "out.tif")},
        )


def test_predict_with_smoothing(run: Any, noisy: dict[str, Path], tmp_path: Path) -> None:
    result = run(
        "lulc:predict",
        {
            "RASTERS": [str(noisy["image"])],
            "MODEL": str(noisy["model"]),
            "SMOOTHING": 3,  # sieve
            "MIN_AREA": 8,
            "OUTPUT": str(tmp_path / "map.tif"),
            "OUTPUT_CONFIDENCE": str(tmp_path / "confidence.tif"),
            "OUTPUT_AREAS": str(tmp_path / "areas.csv"),
        },
    )
    raw, final = read(noisy["map"]), read(result["OUTPUT"])
    assert patch_count(final) < patch_count(raw) / 2
    with rasterio.open(result["OUTPUT"]) as src:
        assert "sieve" in src.tags()["LULC_SMOOTHING"]
    rows = read_csv(result["OUTPUT_AREAS"])
    assert [int(r["pixels_before"]) for r in rows] == [int((raw == c).sum()) for c in (1, 2)]
    assert [int(r["pixels"]) for r in rows] == [int((final == c).sum()) for c in (1, 2)]
    assert Path(result["OUTPUT_CONFIDENCE"]).is_file()


def test_classify_with_smoothing(run: Any, noisy: dict[str, Path], tmp_path: Path) -> None:
    result = run(
        "lulc:classify",
        {
            "RASTERS": [str(noisy["image"])],
            "LABELS": str(noisy["labels"]),
            "CLASS_FIELD": "cls",
            "ALGORITHM": 0,
            "SMOOTHING": 1,  # majority filter
            "SMOOTH_WINDOW": 5,
            "OUTPUT": str(tmp_path / "map.tif"),
            "OUTPUT_MODEL": str(tmp_path / "model.lulcmodel"),
        },
    )
    assert patch_count(read(result["OUTPUT"])) < patch_count(read(noisy["map"])) / 2
    with rasterio.open(result["OUTPUT"]) as src:
        assert src.tags()["LULC_SMOOTHING"] == "majority filter, 5 x 5 pixels"
