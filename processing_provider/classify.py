"""lulc:classify: sample, train and predict in one step."""

from __future__ import annotations

from typing import Any

from qgis.core import QgsProcessingOutputNumber, QgsProcessingParameterRasterDestination

from ..core.workflow import classify_image
from . import params
from .base import BaseAlgorithm
from .styling import style_on_load


class ClassifyAlgorithm(BaseAlgorithm):
    """The simple case in one step: image + labelled points → model, report and map."""

    RASTERS = "RASTERS"
    LABELS = "LABELS"
    CLASS_FIELD = "CLASS_FIELD"
    ALGORITHM = "ALGORITHM"
    TEST_FRACTION = "TEST_FRACTION"
    SEED = "SEED"
    MAX_MEMORY_MB = "MAX_MEMORY_MB"
    OUTPUT = "OUTPUT"
    OUTPUT_MODEL = "OUTPUT_MODEL"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    OVERALL_ACCURACY = "OVERALL_ACCURACY"
    KAPPA = "KAPPA"
    PURPOSE = (
        "Samples the rasters at the labelled points, trains a classifier (measuring it on a "
        "stratified hold-out, then refitting on all samples) and classifies the whole image "
        "into a styled land-cover map. Equivalent to lulc:sample, lulc:train and lulc:predict."
    )

    def name(self) -> str:
        """Stable id."""
        return "classify"

    def displayName(self) -> str:
        """Toolbox name."""
        return self.tr("Classify image (sample, train, predict)")

    def initAlgorithm(self, config: Any = None) -> None:
        """Inputs, options, advanced options, destinations, numeric outputs."""
        self.add(*params.rasters(self.RASTERS))
        self.add(*params.labels(self.LABELS))
        self.add(*params.class_field(self.LABELS, self.CLASS_FIELD))
        self.add(*params.algorithm(self.ALGORITHM))
        self.add(*params.test_fraction(self.TEST_FRACTION))
        self.add(*params.seed(self.SEED))
        self.add(*params.max_memory(self.MAX_MEMORY_MB))
        self.add(
            QgsProcessingParameterRasterDestination(self.OUTPUT, self.tr("Land-cover map")),
            "The classified GeoTIFF (uint8, nodata 255, colour table); its .qml style is "
            "written beside it.",
        )
        self.add(*params.output_model(self.OUTPUT_MODEL))
        self.add(*params.output_report(self.OUTPUT_REPORT))
        self.addOutput(
            QgsProcessingOutputNumber(self.OVERALL_ACCURACY, self.tr("Overall accuracy"))
        )
        self.addOutput(QgsProcessingOutputNumber(self.KAPPA, self.tr("Kappa")))

    def process(
        self, parameters: dict[str, Any], context: Any, feedback: Any, progress: Any
    ) -> dict[str, Any]:
        """Resolve, run the workflow, return every output."""
        labels, layer = self.vector_path(parameters, self.LABELS, context, feedback)
        output = self.output_file(
            self.parameterAsOutputLayer(parameters, self.OUTPUT, context),
            (".tif", ".tiff"),
            "land-cover map",
        )
        model = self.output_file(
            self.parameterAsFileOutput(parameters, self.OUTPUT_MODEL, context),
            (".lulcmodel",),
            "model file",
        )
        report = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context) or None
        result = classify_image(
            self.raster_paths(parameters, self.RASTERS, context),
            labels,
            self.parameterAsString(parameters, self.CLASS_FIELD, context),
            output_path=output,
            model_path=model,
            report_path=report,
            algorithm=params.ALGORITHM_KEYS[
                self.parameterAsEnum(parameters, self.ALGORITHM, context)
            ],
            test_fraction=self.parameterAsDouble(parameters, self.TEST_FRACTION, context),
            seed=self.parameterAsInt(parameters, self.SEED, context),
            layer=layer,
            max_memory_mb=self.parameterAsInt(parameters, self.MAX_MEMORY_MB, context),
            progress=progress,
        )
        style_on_load(context, output)
        accuracy = result.training.accuracy
        return {
            self.OUTPUT: output,
            self.OUTPUT_MODEL: model,
            self.OUTPUT_REPORT: report,
            self.OVERALL_ACCURACY: accuracy.overall_accuracy,
            self.KAPPA: accuracy.kappa,
        }
