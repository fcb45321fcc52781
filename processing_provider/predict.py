"""lulc:predict: classify a raster stack with a trained model."""

from __future__ import annotations

from typing import Any

from qgis.core import QgsProcessingOutputFile, QgsProcessingParameterFile

from ..core.predict import classify_raster
from . import params
from .base import BaseAlgorithm
from .styling import style_on_load


class PredictAlgorithm(BaseAlgorithm):
    """Classify an image, block by block, into a styled class map."""

    RASTERS = "RASTERS"
    MODEL = "MODEL"
    MAX_MEMORY_MB = "MAX_MEMORY_MB"
    OUTPUT = "OUTPUT"
    OUTPUT_STYLE = "OUTPUT_STYLE"
    PURPOSE = (
        "Classifies every pixel of the rasters with a model from lulc:train or lulc:classify. "
        "Writes a single-band GeoTIFF (uint8, nodata 255) on the input's grid, tiled and "
        "compressed, with a colour table and a .qml style holding class names and colours. "
        "Works block by block, so memory stays bounded whatever the image size; a pixel that "
        "is nodata in any band is nodata in the map."
    )

    def name(self) -> str:
        """Stable id."""
        return "predict"

    def displayName(self) -> str:
        """Toolbox name."""
        return self.tr("Predict land-cover map")

    def initAlgorithm(self, config: Any = None) -> None:
        """Inputs, advanced options, destination."""
        self.add(*params.rasters(self.RASTERS))
        self.add(
            QgsProcessingParameterFile(
                self.MODEL,
                self.tr("Model file"),
                QgsProcessingParameterFile.Behavior.File,
                "lulcmodel",
            ),
            "A .lulcmodel file from lulc:train or lulc:classify; its band count must match "
            "the rasters.",
        )
        self.add(*params.max_memory(self.MAX_MEMORY_MB))
        self.add(*params.class_map(self.OUTPUT))
        self.addOutput(QgsProcessingOutputFile(self.OUTPUT_STYLE, self.tr("Style file (.qml)")))

    def process(
        self, parameters: dict[str, Any], context: Any, feedback: Any, progress: Any
    ) -> dict[str, Any]:
        """Resolve, predict, style the loaded layer."""
        output = params.class_map_path(self, parameters, self.OUTPUT, context)
        result = classify_raster(
            self.raster_paths(parameters, self.RASTERS, context),
            self.parameterAsFile(parameters, self.MODEL, context),
            output,
            max_memory_mb=self.parameterAsInt(parameters, self.MAX_MEMORY_MB, context),
            progress=progress,
        )
        style_on_load(context, output)
        return {self.OUTPUT: output, self.OUTPUT_STYLE: result.qml_path}
