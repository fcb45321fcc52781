"""Parameters shared by several algorithms, defined once with their help text.

Each function returns ``(parameter, help, advanced)`` for :meth:`BaseAlgorithm.add`.
"""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
)

from ..core.estimators import REGISTRY
from ..core.samples import SamplingOptions
from ..core.stack import RESAMPLING

#: Stable order of the ALGORITHM enum: new models are appended, never inserted.
ALGORITHM_KEYS = list(REGISTRY)

Spec = tuple[object, str, bool]


def rasters(name: str = "RASTERS") -> Spec:
    """The image: one or more rasters on one grid."""
    return (
        QgsProcessingParameterMultipleLayers(
            name, "Raster layers (image bands)", QgsProcessing.SourceType.TypeRaster
        ),
        "One or more raster layers on the same grid, stacked in the order given (commonly one "
        "multiband image). Every band is a feature; use the same rasters, in the same order, "
        "for sampling and prediction.",
        False,
    )


def labels(name: str = "LABELS") -> Spec:
    """Labelled points, lines or polygons."""
    return (
        QgsProcessingParameterFeatureSource(
            name,
            "Labels (points, lines or polygons)",
            [QgsProcessing.SourceType.TypeVectorAnyGeometry],
        ),
        "Labelled features: a point gives its pixel, a polygon every pixel whose centre is "
        "inside (or every pixel it touches, see 'All touched'), a line every pixel it touches; "
        "multipart features give all their parts. Labels in another CRS are reprojected. "
        "Labels outside the raster, on nodata, or labelling one pixel with two classes are "
        "dropped and counted per class in the log.",
        False,
    )


def class_field(parent: str, name: str = "CLASS_FIELD") -> Spec:
    """The field holding each label's class."""
    return (
        QgsProcessingParameterField(
            name,
            "Class field",
            parentLayerParameterName=parent,
            type=QgsProcessingParameterField.DataType.Any,
        ),
        "Integer or text field with each label's class. Integer codes are kept as map values; "
        "text classes become codes 1..N (alphabetical) and their text is the class name.",
        False,
    )


def algorithm(name: str = "ALGORITHM") -> Spec:
    """The classifier."""
    return (
        QgsProcessingParameterEnum(
            name, "Algorithm", options=[REGISTRY[k].label for k in ALGORITHM_KEYS], defaultValue=0
        ),
        "Classifier: "
        + "; ".join(f"{i} = {REGISTRY[k].label}" for i, k in enumerate(ALGORITHM_KEYS))
        + ".",
        False,
    )


def test_fraction(name: str = "TEST_FRACTION") -> Spec:
    """Share of samples held out."""
    return (
        QgsProcessingParameterNumber(
            name,
            "Test fraction",
            QgsProcessingParameterNumber.Type.Double,
            0.3,
            minValue=0.05,
            maxValue=0.9,
        ),
        "Share of each class's samples held out to measure accuracy (stratified). After "
        "evaluation the model is refitted on all samples. A class with a single sample is used "
        "for training only and named in the log and report.",
        True,
    )


def seed(name: str = "SEED") -> Spec:
    """Random seed."""
    return (
        QgsProcessingParameterNumber(
            name, "Random seed", QgsProcessingParameterNumber.Type.Integer, 42, minValue=0
        ),
        "Seed of the hold-out split and of the model, so that a run can be repeated exactly.",
        True,
    )


def max_memory(name: str = "MAX_MEMORY_MB") -> Spec:
    """Memory budget of prediction."""
    return (
        QgsProcessingParameterNumber(
            name, "Memory budget (MB)", QgsProcessingParameterNumber.Type.Integer, 1024, minValue=64
        ),
        "Memory the prediction may use for its blocks; larger blocks are a little faster.",
        True,
    )


def output_model(name: str = "OUTPUT_MODEL") -> Spec:
    """The model file."""
    return (
        QgsProcessingParameterFileDestination(name, "Model file", "LULC model (*.lulcmodel)"),
        "The trained model (.lulcmodel): the estimator, band names, classes with names and "
        "colours, CRS, library versions and the hold-out accuracy. Use it in lulc:predict.",
        False,
    )


def output_report(name: str = "OUTPUT_REPORT") -> Spec:
    """The HTML accuracy report."""
    return (
        QgsProcessingParameterFileDestination(
            name, "Accuracy report", "HTML files (*.html)", optional=True, createByDefault=True
        ),
        "HTML report: overall accuracy, kappa, per-class precision / recall / F1 and the "
        "confusion matrix as a table and a heatmap. Optional.",
        False,
    )


def add_training_options(alg: Any) -> None:
    """ALGORITHM, then the advanced TEST_FRACTION and SEED (lulc:train, lulc:classify)."""
    alg.add(*algorithm())
    alg.add(*test_fraction())
    alg.add(*seed())


def add_training_outputs(alg: Any) -> None:
    """OUTPUT_MODEL and OUTPUT_REPORT destinations, OVERALL_ACCURACY and KAPPA numbers."""
    alg.add(*output_model())
    alg.add(*output_report())
    alg.addOutput(QgsProcessingOutputNumber("OVERALL_ACCURACY", alg.tr("Overall accuracy")))
    alg.addOutput(QgsProcessingOutputNumber("KAPPA", alg.tr("Kappa")))


def training_options(alg: Any, parameters: dict[str, Any], context: Any) -> dict[str, Any]:
    """Core keyword arguments of the training options and outputs."""
    return {
        "algorithm": ALGORITHM_KEYS[alg.parameterAsEnum(parameters, "ALGORITHM", context)],
        "test_fraction": alg.parameterAsDouble(parameters, "TEST_FRACTION", context),
        "seed": alg.parameterAsInt(parameters, "SEED", context),
        "model_path": alg.output_file(
            alg.parameterAsFileOutput(parameters, "OUTPUT_MODEL", context),
            (".lulcmodel",),
            "model file",
        ),
        "report_path": alg.parameterAsFileOutput(parameters, "OUTPUT_REPORT", context) or None,
    }


def training_results(options: dict[str, Any], accuracy: Any) -> dict[str, Any]:
    """The training outputs of an algorithm's result dict."""
    return {
        "OUTPUT_MODEL": options["model_path"],
        "OUTPUT_REPORT": options["report_path"],
        "OVERALL_ACCURACY": accuracy.overall_accuracy,
        "KAPPA": accuracy.kappa,
    }


def class_map(name: str = "OUTPUT") -> Spec:
    """The classified GeoTIFF destination."""
    return (
        QgsProcessingParameterRasterDestination(name, "Land-cover map"),
        "The classified GeoTIFF (uint8, nodata 255, colour table); its .qml style, with class "
        "names and colours, is written beside it.",
        False,
    )


def class_map_path(alg: Any, parameters: dict[str, Any], name: str, context: Any) -> str:
    """The class map's output path, checked to be a GeoTIFF."""
    return str(
        alg.output_file(
            alg.parameterAsOutputLayer(parameters, name, context),
            (".tif", ".tiff"),
            "land-cover map",
        )
    )


def add_sampling_parameters(alg: Any) -> None:
    """NAME_FIELD and COLOR_FIELD, then the advanced sampling options (lulc:sample, classify)."""
    for name, label, text in (
        (
            "NAME_FIELD",
            "Class name field",
            "Optional field with the name of each class (e.g. "
            "'Forest' for code 3), shown in the report, the model and the map legend.",
        ),
        (
            "COLOR_FIELD",
            "Class colour field",
            "Optional field with a #rrggbb colour per class "
            "for the map legend; classes without one get a conventional or distinct colour.",
        ),
    ):
        alg.add(
            QgsProcessingParameterField(
                name,
                label,
                parentLayerParameterName="LABELS",
                optional=True,
                type=QgsProcessingParameterField.DataType.Any,
            ),
            text,
        )
    alg.add(
        QgsProcessingParameterBoolean("ALL_TOUCHED", "All touched (polygons)", False),
        "Polygons give every pixel they touch instead of only those whose centre is inside.",
        True,
    )
    alg.add(
        QgsProcessingParameterEnum(
            "RESAMPLING",
            "Resampling of rasters on another grid",
            options=list(RESAMPLING),
            defaultValue=0,
        ),
        "How a raster on another grid or CRS is resampled on the fly onto the first raster's "
        "grid: nearest (categorical layers) or bilinear (continuous layers such as a DEM). "
        "Stored in the model and used again for prediction.",
        True,
    )
    alg.add(
        QgsProcessingParameterNumber(
            "NODATA",
            "Nodata for rasters without one",
            QgsProcessingParameterNumber.Type.Double,
            optional=True,
        ),
        "Nodata value for rasters that declare none (each raster's own nodata is always "
        "honoured). Stored in the model.",
        True,
    )
    for name, label, text in (
        (
            "MAX_PER_CLASS",
            "Maximum samples per class",
            "Random cap on samples per class "
            "(0: no cap), so that a large class does not swamp the others.",
        ),
        (
            "MAX_PER_FEATURE",
            "Maximum samples per feature",
            "Random cap on samples per label "
            "feature (0: no cap), so that one huge polygon does not swamp the rest.",
        ),
    ):
        alg.add(
            QgsProcessingParameterNumber(
                name, label, QgsProcessingParameterNumber.Type.Integer, 0, minValue=0
            ),
            text,
            True,
        )
    alg.add(
        QgsProcessingParameterBoolean("KEEP_DUPLICATES", "Keep duplicate samples", False),
        "Keep every label of one class falling in the same pixel, instead of one sample.",
        True,
    )


def sampling_arguments(alg: Any, parameters: dict[str, Any], context: Any) -> dict[str, Any]:
    """Core keyword arguments of the sampling parameters (also reads SEED)."""

    def cap(name: str) -> int | None:
        value = alg.parameterAsInt(parameters, name, context)
        return value if value > 0 else None

    nodata = parameters.get("NODATA")
    return {
        "name_field": alg.parameterAsString(parameters, "NAME_FIELD", context) or None,
        "color_field": alg.parameterAsString(parameters, "COLOR_FIELD", context) or None,
        "options": SamplingOptions(
            all_touched=alg.parameterAsBool(parameters, "ALL_TOUCHED", context),
            max_per_class=cap("MAX_PER_CLASS"),
            max_per_feature=cap("MAX_PER_FEATURE"),
            keep_duplicates=alg.parameterAsBool(parameters, "KEEP_DUPLICATES", context),
            seed=alg.parameterAsInt(parameters, "SEED", context),
            resampling=RESAMPLING[alg.parameterAsEnum(parameters, "RESAMPLING", context)],
            nodata=None
            if nodata in (None, "")
            else alg.parameterAsDouble(parameters, "NODATA", context),
        ),
    }
