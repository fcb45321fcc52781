"""lulc:classareas: class areas by pixel counting (a quick look, biased)."""

from __future__ import annotations

from typing import Any

from qgis.core import QgsProcessingParameterFileDestination, QgsProcessingParameterRasterLayer

from ..core.assessment.reference import class_area_table
from .base import BaseAlgorithm
from .i18n import QT_TR_NOOP


class ClassAreasAlgorithm(BaseAlgorithm):
    """Pixels, hectares and percentage per class of a class map."""

    MAP = "MAP"
    OUTPUT = "OUTPUT"
    GROUP = QT_TR_NOOP("Map accuracy")
    GROUP_ID = "accuracy"
    TAGS = QT_TR_NOOP("area,statistics,hectares")
    PURPOSE = QT_TR_NOOP(
        "Counts the pixels of each class of a classified map and gives hectares (geodesic for "
        "maps in geographic coordinates) and percentages. A quick look only: pixel counting "
        "is biased by the map's errors. For areas with confidence intervals use "
        "lulc:validationpoints and lulc:assess."
    )

    def name(self) -> str:
        """Stable id."""
        return "classareas"

    def displayName(self) -> str:
        """Toolbox name."""
        return self.tr("Class areas by pixel counting (biased)")

    def initAlgorithm(self, config: Any = None) -> None:
        """Map and table."""
        self.add(
            QgsProcessingParameterRasterLayer(self.MAP, self.tr("Classified map")),
            self.tr("A single-band class map."),
        )
        self.add(
            QgsProcessingParameterFileDestination(
                self.OUTPUT, self.tr("Class areas"), self.tr("CSV files (*.csv)")
            ),
            self.tr(
                "CSV with code, class, pixels, hectares, percent and the method (pixel counting, "
                "biased)."
            ),
        )

    def process(
        self, parameters: dict[str, Any], context: Any, feedback: Any, progress: Any
    ) -> dict[str, Any]:
        """Count and write."""
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        class_area_table(
            self.raster_paths(parameters, self.MAP, context)[0], output, progress=progress
        )
        return {self.OUTPUT: output}
