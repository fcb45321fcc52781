"""lulc:train: fit a classifier on a sample table and measure it."""

from __future__ import annotations

from typing import Any

from qgis.core import QgsProcessing, QgsProcessingParameterFeatureSource

from ..core.train import train_classifier
from . import params
from .base import BaseAlgorithm


class TrainAlgorithm(BaseAlgorithm):
    """Train a classifier with a stratified hold-out evaluation."""

    SAMPLES = "SAMPLES"
    CLASS_FIELD = "CLASS_FIELD"
    ALGORITHM = "ALGORITHM"
    TEST_FRACTION = "TEST_FRACTION"
    SEED = "SEED"
    OUTPUT_MODEL = "OUTPUT_MODEL"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    OVERALL_ACCURACY = "OVERALL_ACCURACY"
    KAPPA = "KAPPA"
    PURPOSE = (
        "Trains a classifier on a sample table (from lulc:sample): every numeric field except "
        "the class field is a feature. A stratified share of each class is held out to measure "
        "overall accuracy, kappa and per-class scores; the model is then refitted on all samples "
        "and saved as a .lulcmodel file for lulc:predict."
    )

    def name(self) -> str:
        """Stable id."""
        return "train"

    def displayName(self) -> str:
        """Toolbox name."""
        return self.tr("Train classifier")

    def initAlgorithm(self, config: Any = None) -> None:
        """Inputs, options, advanced options, destinations, numeric outputs."""
        self.add(
            QgsProcessingParameterFeatureSource(
                self.SAMPLES, self.tr("Training samples"), [QgsProcessing.SourceType.TypeVector]
            ),
            "Sample table with a class field and numeric feature fields, as written by "
            "lulc:sample.",
        )
        self.add(*params.class_field(self.SAMPLES, self.CLASS_FIELD))
        params.add_training_options(self)
        params.add_training_outputs(self)

    def process(
        self, parameters: dict[str, Any], context: Any, feedback: Any, progress: Any
    ) -> dict[str, Any]:
        """Resolve, train, return the model path and the accuracy."""
        samples, layer = self.vector_path(parameters, self.SAMPLES, context, feedback)
        options = params.training_options(self, parameters, context)
        result = train_classifier(
            samples,
            self.parameterAsString(parameters, self.CLASS_FIELD, context),
            layer=layer,
            progress=progress,
            **options,
        )
        return params.training_results(options, result.accuracy)
