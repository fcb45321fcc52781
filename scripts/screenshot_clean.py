"""Renders the README's before/after picture of issue 18 (``docs/clean.png``): the image, the
demo's pixel map, the same map with a minimum mapping unit, and the object-based map, side by
side on one part of the historical map, each map titled with its number of patches (whole map).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_clean.py

The maps come from the plugin's engine (``lulc_classifier.core``) trained on the demo's labelled
points (``data/historical_map/train_points.gpkg``, field ``Type``, random forest, seed 0); QGIS
draws them with the ``.qml`` styles the engine writes.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PROJ_DATA", "/usr/share/proj")

from checkout import import_plugin  # noqa: E402
from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsRasterLayer,
    QgsRectangle,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter  # noqa: E402

#: The part of the image shown: (first column, first row, columns, rows) in image pixels.
CROP = (330, 160, 300, 200)
PANEL = 380  # pixels across per map in the picture
SIEVE_PIXELS = 20


def patches(path: Path) -> int:
    """8-connected groups of one class in the whole map."""
    import rasterio
    from scipy import ndimage

    with rasterio.open(path) as src:
        classes, nodata = src.read(1), src.nodata
    eight = np.ones((3, 3), dtype=bool)
    return int(
        sum(
            ndimage.label(classes == c, structure=eight)[1]
            for c in np.unique(classes)
            if c != nodata
        )
    )


def make_maps(work: Path) -> list[tuple[str, Path]]:
    """The three maps of the demo: pixel, pixel + sieve, object-based."""
    from lulc_classifier.core.predict import PredictionOptions, predict_raster
    from lulc_classifier.core.regularize import SmoothingOptions
    from lulc_classifier.core.samples import SamplingOptions
    from lulc_classifier.core.segment import segment_raster
    from lulc_classifier.core.train import TrainingFiles, TrainingOptions
    from lulc_classifier.core.workflow import WorkflowFiles, WorkflowOptions, classify_image

    data = ROOT / "data" / "historical_map"
    rasters = [str(data / "map_compress.tif")]
    labels = str(data / "train_points.gpkg")
    options = WorkflowOptions(training=TrainingOptions(seed=0))
    pixel, model = work / "pixel.tif", work / "pixel.lulcmodel"
    classify_image(
        rasters,
        labels,
        "Type",
        WorkflowFiles(str(pixel), TrainingFiles(str(model))),
        options=options,
    )
    sieved = work / "sieve.tif"
    smoothing = SmoothingOptions("sieve", min_area=SIEVE_PIXELS)
    predict_raster(rasters, str(model), str(sieved), options=PredictionOptions(smoothing=smoothing))
    segments = work / "segments.tif"
    segment_raster(rasters, str(segments))
    objects = work / "objects.tif"
    classify_image(
        rasters,
        labels,
        "Type",
        WorkflowFiles(str(objects), TrainingFiles(str(work / "objects.lulcmodel"))),
        options=WorkflowOptions(
            sampling=SamplingOptions(segments_path=str(segments)),
            training=TrainingOptions(seed=0),
            prediction=PredictionOptions(segments_path=str(segments)),
        ),
    )
    return [
        ("The image (historical map)", Path(rasters[0])),
        (f"Pixel map: {patches(pixel):,} patches", pixel),
        (f"Minimum mapping unit {SIEVE_PIXELS} px: {patches(sieved):,} patches", sieved),
        (f"Object-based: {patches(objects):,} patches", objects),
    ]


def render(path: Path, extent: QgsRectangle, width: int, height: int) -> Any:
    layer = QgsRasterLayer(str(path), path.stem, "gdal")
    if path.with_suffix(".qml").is_file():  # a class map; the image keeps its own colours
        layer.loadNamedStyle(str(path.with_suffix(".qml")))
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setOutputSize(QSize(width, height))
    settings.setExtent(extent)
    settings.setBackgroundColor(QColor("white"))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    del layer
    return image


def main() -> None:
    import rasterio

    app = QgsApplication([], False)
    app.initQgis()
    import_plugin()
    work = Path(tempfile.mkdtemp(prefix="lulc-clean-"))
    try:
        maps = make_maps(work)
        with rasterio.open(maps[1][1]) as src:
            t = src.transform
        col, row, cols, rows = CROP
        extent = QgsRectangle(
            t.c + col * t.a, t.f + (row + rows) * t.e, t.c + (col + cols) * t.a, t.f + row * t.e
        )
        height = round(PANEL * rows / cols)
        picture = QImage(len(maps) * (PANEL + 10) + 10, height + 40, QImage.Format.Format_ARGB32)
        picture.fill(QColor("white"))
        painter = QPainter(picture)
        painter.setFont(QFont("DejaVu Sans", 10))
        for k, (title, path) in enumerate(maps):
            x = 10 + k * (PANEL + 10)
            painter.drawText(x, 24, title)
            painter.drawImage(x, 34, render(path, extent, PANEL, height))
        painter.end()
        DOCS.mkdir(exist_ok=True)
        picture.save(str(DOCS / "clean.png"))
        for title, _ in maps:
            print(title)
        print(f"Wrote {DOCS / 'clean.png'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        app.exitQgis()


if __name__ == "__main__":
    main()
