"""lulc:assess: map accuracy and class areas with 95 % confidence intervals."""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterLayer,
)

from ..core.assessment.reference import SAMPLING_DESIGNS, AssessmentOptions, assess_map
from .base import BaseAlgorithm
from .i18n import QT_TR_NOOP, translated


class AssessAlgorithm(BaseAlgorithm):
    """Accuracy and area estimates of a map from reference points (Olofsson et al. 2014)."""

    MAP = "MAP"
    REFERENCE = "REFERENCE"
    REFERENCE_FIELD = "REFERENCE_FIELD"
    SAMPLING_DESIGN = "SAMPLING_DESIGN"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    OUTPUT_JSON = "OUTPUT_JSON"
    OUTPUT_CSV = "OUTPUT_CSV"
    OVERALL_ACCURACY = "OVERALL_ACCURACY"
    OVERALL_ACCURACY_CI95 = "OVERALL_ACCURACY_CI95"
    POINTS_USED = "POINTS_USED"
    DESIGN = "DESIGN"
    #: Labels of SAMPLING_DESIGN, in the order of core's SAMPLING_DESIGNS.
    DESIGN_LABELS = (QT_TR_NOOP("Stratified by map class"), QT_TR_NOOP("Simple random sample"))
    GROUP = QT_TR_NOOP("Map accuracy")
    GROUP_ID = "accuracy"
    TAGS = QT_TR_NOOP("accuracy assessment,area estimation,confusion matrix,validation")
    PURPOSE = QT_TR_NOOP(
        "Assesses a classified map with reference points whose true class an analyst has "
        "recorded: the confusion matrix in sample counts and in estimated area proportions, "
        "overall, user's and producer's accuracy with standard errors and 95 % confidence "
        "intervals, and each class's area in hectares with a 95 % interval. By default the "
        "points are taken as a sample stratified by map class, with the estimators of "
        "Olofsson et al. (2014): the strata are this map's classes weighted by their mapped "
        "areas, which is also right (as post-stratification) for a simple random or systematic "
        "sample; points drawn by lulc:validationpoints from another map, or from an earlier "
        "version of this one, are estimated with that map's classes as strata (Stehman 2014). "
        "The log and the reports say which design was used and why. Reference codes must be "
        "whole class codes (or the map's class names); points with an empty reference, outside "
        "the map or on nodata are counted and left out, and codes the map never assigns are "
        "reported and kept as classes the map omits."
    )

    def name(self) -> str:
        """Stable id."""
        return "assess"

    def displayName(self) -> str:
        """Toolbox name."""
        return self.tr("Assess map accuracy and areas")

    def initAlgorithm(self, config: Any = None) -> None:
        """Map, reference points, destinations, numbers."""
        self.add(
            QgsProcessingParameterRasterLayer(self.MAP, self.tr("Classified map")),
            self.tr("The single-band class map to assess."),
        )
        self.add(
            QgsProcessingParameterFeatureSource(
                self.REFERENCE,
                self.tr("Reference points"),
                [QgsProcessing.SourceType.TypeVectorPoint],
            ),
            self.tr(
                "Points with the true (reference) class, e.g. lulc:validationpoints' output once "
                "its 'reference' field is filled in."
            ),
        )
        self.add(
            QgsProcessingParameterField(
                self.REFERENCE_FIELD,
                self.tr("Reference class field"),
                "reference",
                parentLayerParameterName=self.REFERENCE,
                type=QgsProcessingParameterField.DataType.Any,
            ),
            self.tr(
                "Field with the reference class: the map's class codes (whole numbers; decimals "
                "are refused), or its class names. Points where it is empty are counted and left "
                "out; codes the map never assigns are reported."
            ),
        )
        self.add(
            QgsProcessingParameterEnum(
                self.SAMPLING_DESIGN,
                self.tr("Sampling design"),
                options=[translated(label) for label in self.DESIGN_LABELS],
                defaultValue=0,
            ),
            self.tr(
                "How the points were drawn. Stratified by map class (default): Olofsson et al.'s "
                "stratified estimators with the map's class areas as stratum weights, or the "
                "strata stored by lulc:validationpoints when the points carry them; also right "
                "for a simple random or systematic sample (post-stratification), so keep it unless "
                "you need plain proportions. Simple random sample: every point counts the same "
                "(plain proportions); biased for points drawn stratified by map class."
            ),
        )
        for name, label, file_filter, text in (
            (
                self.OUTPUT_REPORT,
                self.tr("Assessment report"),
                self.tr("HTML files (*.html)"),
                self.tr(
                    "HTML report with every estimate and interval, both confusion matrices, the "
                    "design used and why, and the points left out."
                ),
            ),
            (
                self.OUTPUT_JSON,
                self.tr("Assessment (JSON)"),
                self.tr("JSON files (*.json)"),
                self.tr(
                    "Every figure in machine-readable JSON, with the design, why, and the points "
                    "used and left out."
                ),
            ),
            (
                self.OUTPUT_CSV,
                self.tr("Assessment (CSV)"),
                self.tr("CSV files (*.csv)"),
                self.tr(
                    "One row per class: mapped and estimated area with interval, user's and "
                    "producer's accuracy with intervals, and the design used and why."
                ),
            ),
        ):
            self.add(
                QgsProcessingParameterFileDestination(
                    name,
                    label,
                    file_filter,
                    optional=True,
                    createByDefault=name == self.OUTPUT_REPORT,
                ),
                text + " " + self.tr("Optional."),
            )
        self.addOutput(
            QgsProcessingOutputNumber(self.OVERALL_ACCURACY, self.tr("Overall accuracy"))
        )
        self.addOutput(
            QgsProcessingOutputNumber(
                self.OVERALL_ACCURACY_CI95, self.tr("Overall accuracy 95 % half-interval")
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.POINTS_USED, self.tr("Points used")))
        self.addOutput(QgsProcessingOutputString(self.DESIGN, self.tr("Sampling design used")))

    def process(
        self, parameters: dict[str, Any], context: Any, feedback: Any, progress: Any
    ) -> dict[str, Any]:
        """Resolve, assess, return the figures."""
        reference, layer = self.vector_path(parameters, self.REFERENCE, context, feedback)
        files = {
            name: self.parameterAsFileOutput(parameters, name, context) or None
            for name in (self.OUTPUT_REPORT, self.OUTPUT_JSON, self.OUTPUT_CSV)
        }
        design = SAMPLING_DESIGNS[self.parameterAsEnum(parameters, self.SAMPLING_DESIGN, context)]
        result = assess_map(
            self.raster_paths(parameters, self.MAP, context)[0],
            reference,
            self.parameterAsString(parameters, self.REFERENCE_FIELD, context),
            layer=layer,
            options=AssessmentOptions(
                design=design,
                report_path=files[self.OUTPUT_REPORT],
                json_path=files[self.OUTPUT_JSON],
                csv_path=files[self.OUTPUT_CSV],
            ),
            progress=progress,
        )
        return {
            **files,
            self.OVERALL_ACCURACY: result.accuracy.overall.value,
            self.OVERALL_ACCURACY_CI95: result.accuracy.overall.ci95,
            self.POINTS_USED: result.used,
            self.DESIGN: result.accuracy.design,
        }
