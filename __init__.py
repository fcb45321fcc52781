"""LULC Classifier: the QGIS plugin's entry point, and the engine's Python API, loaded lazily.

QGIS imports this module to load the plugin: it imports nothing from QGIS, numpy or
scikit-learn at module level. The names of :mod:`.api` (the public Python API) are imported
from it on first use (PEP 562), so ``from lulc_classifier import train_classifier`` works and
``import lulc_classifier`` stays instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what mypy and IDEs see; at run time __getattr__ imports them
    from .api import (  # noqa: F401
        AccuracyReport,
        Assessment,
        AssessmentOptions,
        Cancelled,
        ClassArea,
        ClassificationResult,
        ClassInfo,
        ClassScore,
        ClassTally,
        CrsMismatchError,
        DiskFullError,
        FeatureRecipe,
        InputReadError,
        InvalidInputError,
        LegendEdit,
        LulcError,
        MapAccuracy,
        MapSummary,
        MissingDependencyError,
        Model,
        ModelFileError,
        ModelManifest,
        ModelMismatchError,
        NullProgress,
        OutputConflictError,
        OutputError,
        PredictionOptions,
        Progress,
        SampleSource,
        SamplingOptions,
        SamplingResult,
        SegmentationResult,
        SegmentOptions,
        SmoothingOptions,
        SmoothingResult,
        SubProgress,
        SuggestOptions,
        SuggestResult,
        TrainingFiles,
        TrainingOptions,
        TrainingResult,
        ValidationPointOptions,
        WorkflowFiles,
        WorkflowOptions,
        WorkflowResult,
        algorithms,
        assess_map,
        check_cancel,
        class_area_table,
        classify_image,
        draw_validation_points,
        edit_legend,
        load_model,
        model_from_estimator,
        plugin_version,
        predict_raster,
        read_manifest,
        sample_labels,
        save_model,
        segment_raster,
        smooth_raster,
        suggest_labels,
        train_classifier,
        write_feature_stack,
    )

#: The names of :mod:`.api`, as its ``__all__`` (a test keeps the two equal).
API_NAMES = (
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
)

__all__ = ["classFactory", *API_NAMES]


def classFactory(iface: Any) -> Any:
    """Return the plugin instance QGIS loads."""
    from .plugin import LulcClassifierPlugin

    return LulcClassifierPlugin(iface)


def __getattr__(name: str) -> Any:
    """Import a name of the Python API on first use; any other name is not here.

    Names QGIS probes (``serverClassFactory``...) raise AttributeError without importing
    anything.
    """
    if name not in API_NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import api

    value = getattr(api, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """List the module's names and those of the API."""
    return sorted({*globals(), *API_NAMES})
