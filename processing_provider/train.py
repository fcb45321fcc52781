"""lulc:train: fit a classifier on a sample table and measure it."""

from __future__ import annotations

from typing import Any

from qgis.core import QgsProcessing, QgsProcessingParameterFeatureSource

from ..core.train import SampleSource, train_classifier
from . import params, training_params
from .base import BaseAlgorithm
from .i18n import QT_TR_NOOP


class TrainAlgorithm(BaseAlgorithm):
    """Train a classifier with a stratified hold-out evaluation."""

    SAMPLES = "SAMPLES"
    CLASS_FIELD = "CLASS_FIELD"
    ALGORITHM = "ALGORITHM"
    TEST_FRACTION = "TEST_FRACTION"
    SEED = "SEED"
    VALIDATION = "VALIDATION"
    FOLDS = "FOLDS"
    BLOCK_SIZE = "BLOCK_SIZE"
    BALANCED = "BALANCED"
    SEARCH_ITERATIONS = "SEARCH_ITERATIONS"
    OUTPUT_MODEL = "OUTPUT_MODEL"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    OUTPUT_METRICS = "OUTPUT_METRICS"
    OUTPUT_CONFUSION = "OUTPUT_CONFUSION"
    OVERALL_ACCURACY = "OVERALL_ACCURACY"
    KAPPA = "KAPPA"
    LEGEND = "LEGEND"
    CLASSES = "CLASSES"
    TAGS = QT_TR_NOOP(
        "random forest,svm,support vector machine,gradient boosting,model,training,accuracy,"
        "cross-validation,scikit-learn"
    )
    PURPOSE = QT_TR_NOOP(
        "Trains a classifier on a sample table (from lulc:sample): every numeric field except "
        "the class field and the sample's id and x/y is a feature. Accuracy is measured on "
        "samples the model did not see (hold-out, k-fold, or spatial cross-validation by polygon "
        "or by block, which also reports random k-fold figures so that their optimism shows): "
        "overall accuracy, kappa, macro and weighted F1, Matthews correlation, per-class scores, "
        "confusion matrix and permutation feature importance. The model is then refitted on all "
        "samples and saved as a .lulcmodel file for lulc:predict."
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
            self.tr(
                "Sample table with a class field and numeric feature fields, as written by "
                "lulc:sample."
            ),
        )
        self.add(*params.class_field(self.SAMPLES, self.CLASS_FIELD))
        training_params.add_training_parameters(self)
        training_params.add_training_outputs(self)

    def process(
        self, parameters: dict[str, Any], context: Any, feedback: Any, progress: Any
    ) -> dict[str, Any]:
        """Resolve, train, return the model path and the accuracy."""
        samples, layer = self.vector_path(parameters, self.SAMPLES, context, feedback)
        arguments = training_params.training_arguments(self, parameters, context)
        result = train_classifier(
            SampleSource(
                samples, self.parameterAsString(parameters, self.CLASS_FIELD, context), layer=layer
            ),
            arguments["files"],
            options=arguments["options"],
            progress=progress,
        )
        return training_params.training_results(arguments, result)
