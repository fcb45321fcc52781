"""The public Python API of LULC Classifier: the engine's tools, without QGIS.

Everything a Python user needs is here, and :data:`__all__` lists it; ``lulc_classifier``
re-exports the same names (``from lulc_classifier import train_classifier``). The tools take
file paths first and keyword-only options (frozen dataclasses that check themselves when made),
return frozen dataclasses, raise :class:`LulcError` subclasses whose message says what to do, and
report to a :class:`Progress` (none: :class:`NullProgress`, messages to :mod:`logging`).

A typical run::

    from lulc_classifier import (SampleSource, TrainingFiles, TrainingOptions,
                                 predict_raster, sample_labels, train_classifier)

    samples = sample_labels(["image.tif"], "labels.gpkg", "class")
    trained = train_classifier(
        SampleSource(samples.table, "class", metadata=samples.metadata),
        TrainingFiles("model.lulcmodel"),
        options=TrainingOptions(validation="spatial_blocks", block_size=1000),
    )
    predict_raster(["image.tif"], trained.model, "map.tif")

Anything else under ``lulc_classifier.core`` is internal and may change between versions.
"""

from __future__ import annotations

from .core.areas import ClassArea
from .core.assessment.accuracy import AccuracyReport, ClassScore
from .core.assessment.map_accuracy import MapAccuracy
from .core.assessment.reference import (
    Assessment,
    AssessmentOptions,
    MapSummary,
    ValidationPointOptions,
    assess_map,
    class_area_table,
    draw_validation_points,
)
from .core.errors import (
    Cancelled,
    CrsMismatchError,
    DiskFullError,
    InputReadError,
    InvalidInputError,
    LulcError,
    MissingDependencyError,
    ModelFileError,
    ModelMismatchError,
    OutputConflictError,
    OutputError,
)
from .core.features.feature_stack import FeatureRecipe, write_feature_stack
from .core.legend import ClassInfo
from .core.legend_edit import LegendEdit, edit_legend
from .core.model.custom import model_from_estimator
from .core.model.estimators import algorithms
from .core.model.manifest import ModelManifest
from .core.model.model_file import Model, load_model, read_manifest, save_model
from .core.predict import ClassificationResult, PredictionOptions, predict_raster
from .core.progress import NullProgress, Progress, SubProgress, check_cancel
from .core.regularize import SmoothingOptions, SmoothingResult, smooth_raster
from .core.samples import ClassTally, SamplingOptions, SamplingResult, sample_labels
from .core.segment import SegmentationResult, SegmentOptions, segment_raster
from .core.suggest import SuggestOptions, SuggestResult, suggest_labels
from .core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    TrainingResult,
    train_classifier,
)
from .core.version import plugin_version
from .core.workflow import WorkflowFiles, WorkflowOptions, WorkflowResult, classify_image

__all__ = [
    "AccuracyReport",
    "Assessment",
    "AssessmentOptions",
    "Cancelled",
    "ClassArea",
    "ClassInfo",
    "ClassScore",
    "ClassTally",
    "ClassificationResult",
    "CrsMismatchError",
    "DiskFullError",
    "FeatureRecipe",
    "InputReadError",
    "InvalidInputError",
    "LegendEdit",
    "LulcError",
    "MapAccuracy",
    "MapSummary",
    "MissingDependencyError",
    "Model",
    "ModelFileError",
    "ModelManifest",
    "ModelMismatchError",
    "NullProgress",
    "OutputConflictError",
    "OutputError",
    "PredictionOptions",
    "Progress",
    "SampleSource",
    "SamplingOptions",
    "SamplingResult",
    "SegmentOptions",
    "SegmentationResult",
    "SmoothingOptions",
    "SmoothingResult",
    "SubProgress",
    "SuggestOptions",
    "SuggestResult",
    "TrainingFiles",
    "TrainingOptions",
    "TrainingResult",
    "ValidationPointOptions",
    "WorkflowFiles",
    "WorkflowOptions",
    "WorkflowResult",
    "algorithms",
    "assess_map",
    "check_cancel",
    "class_area_table",
    "classify_image",
    "draw_validation_points",
    "edit_legend",
    "load_model",
    "model_from_estimator",
    "plugin_version",
    "predict_raster",
    "read_manifest",
    "sample_labels",
    "save_model",
    "segment_raster",
    "smooth_raster",
    "suggest_labels",
    "train_classifier",
    "write_feature_stack",
]
