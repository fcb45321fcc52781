"""Parameters shared by several algorithms, defined once with their help text.

Each function returns ``(parameter, help, advanced)`` for :meth:`BaseAlgorithm.add`.
"""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ..core.samples import SamplingOptions
from ..core.stack import RESAMPLING
from .feature_params import feature_recipe
from .i18n import QT_TR_NOOP, tr, translated

Spec = tuple[object, str, bool]
#: Labels of the resampling methods, keyed by core's names.
RESAMPLING_LABELS = {"nearest": QT_TR_NOOP("nearest"), "bilinear": QT_TR_NOOP("bilinear")}


def rasters(name: str = "RASTERS") -> Spec:
    """The image: one or more rasters on one grid."""
    return (
        QgsProcessingParameterMultipleLayers(
            name, tr("Raster layers (image bands)"), QgsProcessing.SourceType.TypeRaster
        ),
        tr(
            "One or more raster layers on the same grid, stacked in the order given (commonly one "
            "multiband image). Every band is a feature; use the same rasters, in the same order, "
            "for sampling and prediction."
        ),
        False,
    )


def labels(name: str = "LABELS") -> Spec:
    """Labelled points, lines or polygons."""
    return (
        QgsProcessingParameterFeatureSource(
            name,
            tr("Labels (points, lines or polygons)"),
            [QgsProcessing.SourceType.TypeVectorAnyGeometry],
        ),
        tr(
            "Labelled features: a point gives its pixel, a polygon every pixel whose centre is "
            "inside (or every pixel it touches, see 'All touched'), a line every pixel it touches; "
            "multipart features give all their parts. Labels in another CRS are reprojected. "
            "Labels outside the raster, on nodata, or labelling one pixel with two classes are "
            "dropped and counted per class in the log."
        ),
        False,
    )


def class_field(parent: str, name: str = "CLASS_FIELD") -> Spec:
    """The field holding each label's class."""
    return (
        QgsProcessingParameterField(
            name,
            tr("Class field"),
            defaultValue="class",
            parentLayerParameterName=parent,
            type=QgsProcessingParameterField.DataType.Any,
        ),
        tr(
            "Integer or text field with each label's class. Integer codes are kept as map values; "
            "text classes become codes 1..N (alphabetical) and their text is the class name. A "
            "field named 'class' (any case) is preselected; otherwise choose one."
        ),
        False,
    )


def segments(help_text: str, name: str = "SEGMENTS") -> Spec:
    """The optional segment raster of object-based classification (lulc:segment's)."""
    return (
        QgsProcessingParameterRasterLayer(
            name, tr("Segments (object-based models only)"), optional=True
        ),
        help_text,
        False,
    )


def segments_path(alg: Any, parameters: dict[str, Any], name: str, context: Any) -> str | None:
    """The file of the segment raster parameter ``name`` (None when not given)."""
    if parameters.get(name) in (None, ""):
        return None
    layer = alg.parameterAsRasterLayer(parameters, name, context)
    if layer is None or layer.providerType() != "gdal":
        raise QgsProcessingException(
            tr("The segment raster is not a raster file GDAL can read; save it as a GeoTIFF.")
        )
    return str(layer.source())


def seed(name: str = "SEED") -> Spec:
    """Random seed."""
    return (
        QgsProcessingParameterNumber(
            name, tr("Random seed"), QgsProcessingParameterNumber.Type.Integer, 42, minValue=0
        ),
        tr(
            "Seed of the random choices (validation splits, search, sampling caps, the model), so "
            "that a run can be repeated exactly."
        ),
        True,
    )


def model_file(help_text: str, name: str = "MODEL", optional: bool = False) -> Spec:
    """A .lulcmodel input."""
    return (
        QgsProcessingParameterFile(
            name,
            tr("Model file"),
            QgsProcessingParameterFile.Behavior.File,
            "lulcmodel",
            optional=optional,
        ),
        help_text,
        False,
    )


def model_to_apply(name: str = "MODEL") -> Spec:
    """The .lulcmodel input of an algorithm that applies a model to rasters."""
    return model_file(
        tr(
            "A .lulcmodel file from lulc:train or lulc:classify; the rasters must match "
            "its bands (by name where bands have names, otherwise by count and order)."
        ),
        name,
    )


def max_memory(name: str = "MAX_MEMORY_MB") -> Spec:
    """Memory budget of prediction."""
    return (
        QgsProcessingParameterNumber(
            name,
            tr("Memory budget (MB)"),
            QgsProcessingParameterNumber.Type.Integer,
            1024,
            minValue=64,
        ),
        tr("Memory the prediction may use for its blocks; larger blocks are a little faster."),
        True,
    )


def class_map(name: str = "OUTPUT") -> Spec:
    """The classified GeoTIFF destination."""
    return (
        QgsProcessingParameterRasterDestination(name, tr("Land-cover map")),
        tr(
            "The classified GeoTIFF (uint8, nodata 255, colour table); its .qml style, with class "
            "names and colours, is written beside it."
        ),
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
            tr("Class name field"),
            tr(
                "Optional field with the name of each class (e.g. "
                "'Forest' for code 3), shown in the report, the model and the map legend."
            ),
        ),
        (
            "COLOR_FIELD",
            tr("Class colour field"),
            tr(
                "Optional field with a #rrggbb colour per class "
                "for the map legend; classes without one get a conventional or distinct colour."
            ),
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
        QgsProcessingParameterBoolean("ALL_TOUCHED", tr("All touched (polygons)"), False),
        tr("Polygons give every pixel they touch instead of only those whose centre is inside."),
        True,
    )
    alg.add(
        QgsProcessingParameterEnum(
            "RESAMPLING",
            tr("Resampling of rasters on another grid"),
            options=[translated(RESAMPLING_LABELS[key]) for key in RESAMPLING],
            defaultValue=0,
        ),
        tr(
            "How a raster on another grid or CRS is resampled on the fly onto the first raster's "
            "grid: nearest (categorical layers) or bilinear (continuous layers such as a DEM). "
            "Stored in the model and used again for prediction."
        ),
        True,
    )
    alg.add(
        QgsProcessingParameterNumber(
            "NODATA",
            tr("Nodata for rasters without one"),
            QgsProcessingParameterNumber.Type.Double,
            optional=True,
        ),
        tr(
            "Nodata value for rasters that declare none (each raster's own nodata is always "
            "honoured). Stored in the model."
        ),
        True,
    )
    for name, label, text in (
        (
            "MAX_PER_CLASS",
            tr("Maximum samples per class"),
            tr(
                "Random cap on samples per class "
                "(0: no cap), so that a large class does not swamp the others."
            ),
        ),
        (
            "MAX_PER_FEATURE",
            tr("Maximum samples per feature"),
            tr(
                "Random cap on samples per label "
                "feature (0: no cap), so that one huge polygon does not swamp the rest."
            ),
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
        QgsProcessingParameterBoolean("KEEP_DUPLICATES", tr("Keep duplicate samples"), False),
        tr("Keep every label of one class falling in the same pixel, instead of one sample."),
        True,
    )
    alg.add(
        QgsProcessingParameterNumber(
            "PATCH_SIZE",
            tr("Patch size (convolutional network)"),
            QgsProcessingParameterNumber.Type.Integer,
            0,
            minValue=0,
            maxValue=31,
        ),
        tr(
            "Also keep the square of pixels around each sample, this many pixels wide (odd, 3 to "
            "31; 0: none), in every band: what the convolutional network learns from. 9 or 15 "
            "suit most images. Pixels beyond the image edge or on nodata have no value and are "
            "filled with the band's mean. The patches are stored in the GeoPackage sample table "
            "(not in CSV). lulc:classify takes 9 when the convolutional network is chosen and "
            "this is 0."
        ),
        True,
    )


def sampling_arguments(
    alg: Any, parameters: dict[str, Any], context: Any, feedback: Any = None
) -> dict[str, Any]:
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
            patch_size=alg.parameterAsInt(parameters, "PATCH_SIZE", context),
            seed=alg.parameterAsInt(parameters, "SEED", context),
            resampling=RESAMPLING[alg.parameterAsEnum(parameters, "RESAMPLING", context)],
            recipe=feature_recipe(alg, parameters, context, feedback),
            segments_path=segments_path(alg, parameters, "SEGMENTS", context),
            nodata=None
            if nodata in (None, "")
            else alg.parameterAsDouble(parameters, "NODATA", context),
        ),
    }


#: Optional rasters written in the same pass as the class map: parameter -> (core option, label,
#: help).
EXTRA_LAYERS = {
    "OUTPUT_CONFIDENCE": (
        "confidence_path",
        QT_TR_NOOP("Confidence"),
        QT_TR_NOOP("Probability of the chosen class, 0-100 % (uint8, nodata 255)."),
    ),
    "OUTPUT_MARGIN": (
        "margin_path",
        QT_TR_NOOP("Margin"),
        QT_TR_NOOP(
            "Difference between the two most probable classes, 0-100 %: low values "
            "mark pixels worth a new label."
        ),
    ),
    "OUTPUT_ENTROPY": (
        "entropy_path",
        QT_TR_NOOP("Entropy"),
        QT_TR_NOOP("Normalised entropy of the class probabilities, 0-100 % (100: undecided)."),
    ),
    "OUTPUT_PROBABILITIES": (
        "probabilities_path",
        QT_TR_NOOP("Class probabilities"),
        QT_TR_NOOP("One band per class with its probability, 0-100 %."),
    ),
}


def extra_layer(name: str) -> Spec:
    """An optional raster destination of :data:`EXTRA_LAYERS`, not created by default."""
    _, label, text = EXTRA_LAYERS[name]
    return (
        QgsProcessingParameterRasterDestination(
            name, translated(label), optional=True, createByDefault=False
        ),
        translated(text) + " " + tr("Optional."),
        False,
    )


def extra_layer_paths(
    alg: Any, parameters: dict[str, Any], names: list[str], context: Any
) -> dict[str, Any]:
    """Core option -> GeoTIFF path (None when not asked for) of the extra layers ``names``.

    Keyword arguments of ``PredictionOptions`` (typed ``Any``: mypy cannot check ``**`` keys).
    """
    paths: dict[str, str | None] = {}
    for name in names:
        key = EXTRA_LAYERS[name][0]
        path = None
        if parameters.get(name) not in (None, ""):
            path = alg.parameterAsOutputLayer(parameters, name, context) or None
        paths[key] = alg.output_file(path, (".tif", ".tiff"), name.lower()) if path else None
    return paths


def extra_layer_outputs(paths: dict[str, str | None]) -> dict[str, str | None]:
    """The algorithm outputs for :func:`extra_layer_paths`' result."""
    return {name: paths[key] for name, (key, _, _) in EXTRA_LAYERS.items() if key in paths}


def extent(name: str = "EXTENT") -> Spec:
    """Optional area to classify."""
    return (
        QgsProcessingParameterExtent(name, tr("Extent"), optional=True),
        tr("Optional area to classify; the map covers only this extent (snapped to the pixels)."),
        False,
    )


def resolution(name: str = "RESOLUTION") -> Spec:
    """Optional pixel size of the map, coarser than the image's for a quick look."""
    return (
        QgsProcessingParameterNumber(
            name,
            tr("Resolution (pixel size of the map)"),
            QgsProcessingParameterNumber.Type.Double,
            None,
            optional=True,
            minValue=0.0,
        ),
        tr(
            "Optional pixel size of the map in the rasters' map units (metres, degrees...), for a "
            "quick look at a large area (the panel's Preview passes the map canvas's): rounded "
            "to a whole number of the image's pixels, never finer than the image, and read "
            "decimated (nearest neighbour, from the rasters' overviews where they have some). "
            "Empty or 0: the image's resolution. A model with focal statistics, texture, slope "
            "or distance features is applied at the image's resolution (their values depend on "
            "the pixel size)."
        ),
        True,
    )


def resolution_value(alg: Any, parameters: dict[str, Any], name: str, context: Any) -> float | None:
    """The resolution parameter ``name``: None when empty or 0 (the image's resolution)."""
    if parameters.get(name) in (None, ""):
        return None
    value = alg.parameterAsDouble(parameters, name, context)
    return float(value) if value > 0 else None


def extent_in_raster_crs(
    alg: Any, parameters: dict[str, Any], name: str, rasters_name: str, context: Any
) -> tuple[float, float, float, float] | None:
    """The extent parameter ``name`` in the CRS of the first raster of ``rasters_name``."""
    if parameters.get(name) in (None, ""):
        return None
    crs = alg.parameterAsLayerList(parameters, rasters_name, context)[0].crs()
    rect = alg.parameterAsExtent(parameters, name, context, crs)
    return rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum()
