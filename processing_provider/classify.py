"""lulc:classify: sample, train and predict in one step."""

from __future__ import annotations

from typing import Any, ClassVar

from ..core.files import STYLE_SUFFIX
from ..core.predict import PredictionOptions
from ..core.workflow import WorkflowFiles, WorkflowOptions, classify_image
from . import feature_params, model_cache, params, smoothing_params, training_params
from .base import BaseAlgorithm
from .i18n import QT_TR_NOOP
from .styling import style_on_load


class ClassifyAlgorithm(BaseAlgorithm):
    """The simple case in one step: image + labelled points → model, report and map."""

    RASTERS = "RASTERS"
    LABELS = "LABELS"
    CLASS_FIELD = "CLASS_FIELD"
    SEGMENTS = "SEGMENTS"
    NAME_FIELD = "NAME_FIELD"
    COLOR_FIELD = "COLOR_FIELD"
    ALL_TOUCHED = "ALL_TOUCHED"
    RESAMPLING = "RESAMPLING"
    NODATA = "NODATA"
    MAX_PER_CLASS = "MAX_PER_CLASS"
    MAX_PER_FEATURE = "MAX_PER_FEATURE"
    KEEP_DUPLICATES = "KEEP_DUPLICATES"
    ALGORITHM = "ALGORITHM"
    VALIDATION = "VALIDATION"
    BALANCED = "BALANCED"
    TEST_FRACTION = "TEST_FRACTION"
    FOLDS = "FOLDS"
    BLOCK_SIZE = "BLOCK_SIZE"
    SEARCH_ITERATIONS = "SEARCH_ITERATIONS"
    SEED = "SEED"
    MAX_MEMORY_MB = "MAX_MEMORY_MB"
    EXTENT = "EXTENT"
    RESOLUTION = "RESOLUTION"
    OUTPUT = "OUTPUT"
    OUTPUT_CONFIDENCE = "OUTPUT_CONFIDENCE"
    OUTPUT_MODEL = "OUTPUT_MODEL"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    OUTPUT_METRICS = "OUTPUT_METRICS"
    OUTPUT_CONFUSION = "OUTPUT_CONFUSION"
    OVERALL_ACCURACY = "OVERALL_ACCURACY"
    KAPPA = "KAPPA"
    LEGEND = "LEGEND"
    CLASSES = "CLASSES"
    SIDE_FILES: ClassVar[dict[str, tuple[tuple[str, str], ...]]] = {
        "OUTPUT": ((STYLE_SUFFIX, "the style file"),)
    }
    TAGS = QT_TR_NOOP(
        "random forest,svm,support vector machine,train,predict,one step,scikit-learn"
    )
    PURPOSE = QT_TR_NOOP(
        "Samples the rasters at the labels (points, lines or polygons), trains a classifier "
        "(measuring it on unseen samples with the chosen validation, then refitting on all "
        "samples) and classifies "
        "the whole image (or only an extent, for a quick preview) into a styled land-cover map, "
        "optionally with its confidence. Equivalent to lulc:sample, lulc:train and "
        "lulc:predict."
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
        self.add(
            *params.segments(
                self.tr(
                    "Optional segment raster from lulc:segment, on the first raster's grid, for "
                    "object-based classification: the labels are sampled per segment (the class "
                    "of most of its labelled pixels), the model learns the segments' features "
                    "(mean and standard deviation of each band, area, shape) and the map gives "
                    "every pixel its segment's class."
                ),
                self.SEGMENTS,
            )
        )
        self.add(*params.extent(self.EXTENT))
        self.add(*params.resolution(self.RESOLUTION))
        params.add_sampling_parameters(self)
        feature_params.add_feature_parameters(self)
        training_params.add_training_parameters(self)
        smoothing_params.add_prediction_parameters(self)
        self.add(*params.max_memory(self.MAX_MEMORY_MB))
        self.add(*params.class_map(self.OUTPUT))
        self.add(*params.extra_layer(self.OUTPUT_CONFIDENCE))
        training_params.add_training_outputs(self)

    def process(
        self, parameters: dict[str, Any], context: Any, feedback: Any, progress: Any
    ) -> dict[str, Any]:
        """Resolve, run the workflow, return every output."""
        labels, layer = self.vector_path(parameters, self.LABELS, context, feedback)
        output = params.class_map_path(self, parameters, self.OUTPUT, context)
        arguments = training_params.training_arguments(self, parameters, context)
        sampling = params.sampling_arguments(self, parameters, context, feedback)
        extra = params.extra_layer_paths(self, parameters, [self.OUTPUT_CONFIDENCE], context)
        result = classify_image(
            self.raster_paths(parameters, self.RASTERS, context),
            labels,
            self.parameterAsString(parameters, self.CLASS_FIELD, context),
            WorkflowFiles(output, arguments["files"]),
            options=WorkflowOptions(
                layer=layer,
                name_field=sampling["name_field"],
                color_field=sampling["color_field"],
                sampling=sampling["options"],
                training=arguments["options"],
                prediction=PredictionOptions(
                    max_memory_mb=self.parameterAsInt(parameters, self.MAX_MEMORY_MB, context),
                    extent=params.extent_in_raster_crs(
                        self, parameters, self.EXTENT, self.RASTERS, context
                    ),
                    resolution=params.resolution_value(self, parameters, self.RESOLUTION, context),
                    smoothing=smoothing_params.prediction_smoothing(self, parameters, context),
                    **extra,
                ),
            ),
            progress=progress,
        )
        style_on_load(context, output)
        if result.model is not None:  # the panel's next preview may apply it again
            model_cache.remember(str(arguments["files"].model_path), result.model)
        return {
            self.OUTPUT: output,
            **params.extra_layer_outputs(extra),
            **training_params.training_results(arguments, result.training),
        }
