"""lulc:stack: write the feature stack of a recipe as a GeoTIFF."""

from __future__ import annotations

from typing import Any

from qgis.core import QgsProcessingParameterRasterDestination

from ..core.features.feature_stack import FeatureRecipe, write_feature_stack
from . import feature_params, params
from .base import BaseAlgorithm
from .i18n import QT_TR_NOOP


class StackAlgorithm(BaseAlgorithm):
    """The features a recipe computes, as a multiband GeoTIFF with band names."""

    RASTERS = "RASTERS"
    OUTPUT = "OUTPUT"
    TAGS = QT_TR_NOOP("band stack,spectral indices,ndvi,features")
    PURPOSE = QT_TR_NOOP(
        "Writes the features of a recipe (raw bands, spectral indices, focal statistics, "
        "texture, slope, distances) as a float32 GeoTIFF with one named band per feature, for a "
        "look at them or use elsewhere. lulc:sample and lulc:predict compute the same features "
        "on the fly and never need this file."
    )

    def name(self) -> str:
        """Stable id."""
        return "stack"

    def displayName(self) -> str:
        """Toolbox name."""
        return self.tr("Write feature stack")

    def initAlgorithm(self, config: Any = None) -> None:
        """Rasters, recipe, destination."""
        self.add(*params.rasters(self.RASTERS))
        feature_params.add_feature_parameters(self)
        self.add(
            QgsProcessingParameterRasterDestination(self.OUTPUT, self.tr("Feature stack")),
            self.tr(
                "Float32 GeoTIFF, one band per feature (band descriptions are the feature names), "
                "nodata NaN."
            ),
        )

    def process(
        self, parameters: dict[str, Any], context: Any, feedback: Any, progress: Any
    ) -> dict[str, Any]:
        """Resolve, write."""
        output = self.output_file(
            self.parameterAsOutputLayer(parameters, self.OUTPUT, context),
            (".tif", ".tiff"),
            "feature stack",
        )
        recipe = feature_params.feature_recipe(self, parameters, context, feedback)
        names = write_feature_stack(
            self.raster_paths(parameters, self.RASTERS, context),
            recipe or FeatureRecipe(),
            output,
            progress=progress,
        )
        progress.log(f"Features: {', '.join(names)}")
        return {self.OUTPUT: output}
