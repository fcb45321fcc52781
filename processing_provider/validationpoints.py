"""lulc:validationpoints: a stratified random sample of reference points from a class map."""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterVectorDestination,
)

from ..core.assessment.reference import ValidationPointOptions, draw_validation_points
from . import params
from .base import BaseAlgorithm
from .i18n import QT_TR_NOOP

#: The dialog's order of the allocations (its enum indexes).
ALLOCATION_CHOICES = ("minimum", "proportional", "equal")
_Number = QgsProcessingParameterNumber.Type


class ValidationPointsAlgorithm(BaseAlgorithm):
    """Draw reference points stratified by the map (Olofsson et al. 2014)."""

    MAP = "MAP"
    TARGET_SE = "TARGET_SE"
    EXPECTED_USERS = "EXPECTED_USERS"
    ALLOCATION = "ALLOCATION"
    MINIMUM = "MINIMUM"
    TOTAL = "TOTAL"
    SEED = "SEED"
    OUTPUT = "OUTPUT"
    POINT_COUNT = "POINT_COUNT"
    GROUP = QT_TR_NOOP("Map accuracy")
    GROUP_ID = "accuracy"
    TAGS = QT_TR_NOOP("accuracy assessment,stratified random sampling,reference points,validation")
    PURPOSE = QT_TR_NOOP(
        "Draws a stratified random sample of pixels from a classified map, for an accuracy "
        "assessment with lulc:assess (good practice of Olofsson et al. 2014). The sample size "
        "follows from the target standard error of overall accuracy and the expected user's "
        "accuracy (their eq. 13), unless a total is given; it is allocated to the map classes "
        "with a minimum per class and the rest proportionally, proportionally, or equally. "
        "The points carry the map class, an empty 'reference' field for the analyst to fill "
        "by interpreting imagery, and the stratum weights."
    )

    def name(self) -> str:
        """Stable id."""
        return "validationpoints"

    def displayName(self) -> str:
        """Toolbox name."""
        return self.tr("Create validation points")

    def initAlgorithm(self, config: Any = None) -> None:
        """Map, design options, destination."""
        self.add(
            QgsProcessingParameterRasterLayer(self.MAP, self.tr("Classified map")),
            self.tr("A single-band class map (e.g. from lulc:predict)."),
        )
        self.add(
            QgsProcessingParameterNumber(
                self.TARGET_SE,
                self.tr("Target standard error of " "overall accuracy"),
                _Number.Double,
                0.01,
                minValue=0.001,
                maxValue=0.2,
            ),
            self.tr(
                "Standard error of the overall accuracy you aim for (0.01: about +-2 % at 95 %)."
            ),
        )
        self.add(
            QgsProcessingParameterNumber(
                self.EXPECTED_USERS,
                self.tr("Expected user's " "accuracy"),
                _Number.Double,
                0.8,
                minValue=0.0,
                maxValue=1.0,
            ),
            self.tr("Expected user's accuracy of the classes (0-1), used for the sample size."),
        )
        self.add(
            QgsProcessingParameterEnum(
                self.ALLOCATION,
                self.tr("Allocation"),
                options=[
                    self.tr("Minimum per class, rest proportional"),
                    self.tr("Proportional"),
                    self.tr("Equal"),
                ],
                defaultValue=0,
            ),
            self.tr(
                "How the points are shared among map classes: 'Minimum per class, rest "
                "proportional' to area (recommended for rare classes), 'Proportional' to area, or "
                "'Equal'."
            ),
        )
        self.add(
            QgsProcessingParameterNumber(
                self.MINIMUM, self.tr("Minimum points per class"), _Number.Integer, 50, minValue=2
            ),
            self.tr(
                "Points per class at least, with the first allocation (50 is common practice)."
            ),
            True,
        )
        self.add(
            QgsProcessingParameterNumber(
                self.TOTAL,
                self.tr("Total points (0: from the " "target standard error)"),
                _Number.Integer,
                0,
                minValue=0,
            ),
            self.tr("A fixed total number of points instead of the computed sample size."),
            True,
        )
        self.add(*params.seed(self.SEED))
        self.add(
            QgsProcessingParameterVectorDestination(
                self.OUTPUT, self.tr("Validation points"), QgsProcessing.SourceType.TypeVectorPoint
            ),
            self.tr(
                "GeoPackage of points with map_class, map_name, an empty reference field and the "
                "stratum weights; keep it as written so lulc:assess recognises the design."
            ),
        )
        self.addOutput(QgsProcessingOutputNumber(self.POINT_COUNT, self.tr("Number of points")))

    def process(
        self, parameters: dict[str, Any], context: Any, feedback: Any, progress: Any
    ) -> dict[str, Any]:
        """Resolve, draw, return the layer."""
        output = self.output_file(
            self.parameterAsOutputLayer(parameters, self.OUTPUT, context),
            (".gpkg",),
            "validation points",
        )
        design = draw_validation_points(
            self.raster_paths(parameters, self.MAP, context)[0],
            output,
            options=ValidationPointOptions(
                target_se=self.parameterAsDouble(parameters, self.TARGET_SE, context),
                expected_users=self.parameterAsDouble(parameters, self.EXPECTED_USERS, context),
                allocation=ALLOCATION_CHOICES[
                    self.parameterAsEnum(parameters, self.ALLOCATION, context)
                ],
                minimum=self.parameterAsInt(parameters, self.MINIMUM, context),
                total=self.parameterAsInt(parameters, self.TOTAL, context) or None,
                seed=self.parameterAsInt(parameters, self.SEED, context),
            ),
            progress=progress,
        )
        return {self.OUTPUT: output, self.POINT_COUNT: sum(d["points"] for d in design)}
