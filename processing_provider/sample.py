"""lulc:sample: band values of a raster stack at labelled points."""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterVectorDestination,
)

from ..core.samples import sample_points
from . import params
from .base import BaseAlgorithm


class SampleAlgorithm(BaseAlgorithm):
    """Sample raster values at labelled points into a training table."""

    RASTERS = "RASTERS"
    LABELS = "LABELS"
    CLASS_FIELD = "CLASS_FIELD"
    OUTPUT = "OUTPUT"
    SAMPLE_COUNT = "SAMPLE_COUNT"
    PURPOSE = (
        "Reads the value of every band at each labelled point and writes a training table: one "
        "point per usable label with its class and one numeric field per band (named from the "
        "band description, else b1..bN). Only the raster blocks that hold labels are read. "
        "The log counts, per class, the labels kept and those dropped outside the raster "
        "or on nodata."
    )

    def name(self) -> str:
        """Stable id."""
        return "sample"

    def displayName(self) -> str:
        """Toolbox name."""
        return self.tr("Sample raster at labels")

    def initAlgorithm(self, config: Any = None) -> None:
        """Inputs, then the destination."""
        self.add(*params.rasters(self.RASTERS))
        self.add(*params.labels(self.LABELS))
        self.add(*params.class_field(self.LABELS, self.CLASS_FIELD))
        output = QgsProcessingParameterVectorDestination(
            self.OUTPUT, self.tr("Training samples"), QgsProcessing.SourceType.TypeVectorPoint
        )
        output.setSupportsNonFileBasedOutput(False)
        self.add(output, "GeoPackage of samples: class field, one field per band, point geometry.")
        self.addOutput(QgsProcessingOutputNumber(self.SAMPLE_COUNT, self.tr("Number of samples")))

    def process(
        self, parameters: dict[str, Any], context: Any, feedback: Any, progress: Any
    ) -> dict[str, Any]:
        """Resolve, sample, return the table path."""
        rasters = self.raster_paths(parameters, self.RASTERS, context)
        labels, layer = self.vector_path(parameters, self.LABELS, context, feedback)
        field = self.parameterAsString(parameters, self.CLASS_FIELD, context)
        output = self.output_file(
            self.parameterAsOutputLayer(parameters, self.OUTPUT, context),
            (".gpkg",),
            "training samples",
        )
        result = sample_points(
            rasters, labels, field, layer=layer, output_path=output, progress=progress
        )
        return {self.OUTPUT: output, self.SAMPLE_COUNT: len(result.table)}
