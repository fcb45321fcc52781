"""Parsed command-line values -> the core's options, as processing_provider/*params.py turn
Processing parameters into them (same choices, same defaults, same sentences).

``values`` is the parsed namespace as a dict keyed by the algorithms' parameter names; enums
hold the index of the chosen option (as ``parameterAsEnum`` gives), sources ``(path, layer)``.
"""

from __future__ import annotations

from typing import Any

from ..core.assessment.cross_validation import SCHEMES
from ..core.errors import InvalidInputError
from ..core.features.feature_stack import FeatureRecipe
from ..core.features.indices import INDICES, PRESETS, parse_roles
from ..core.model.estimators import HYPERPARAMETERS, REGISTRY
from ..core.regularize import AREA_UNITS, METHODS, SmoothingOptions
from ..core.samples import SamplingOptions
from ..core.stack import RESAMPLING
from ..core.train import TrainingFiles, TrainingOptions
from ..core.user_legend import user_legend

Values = dict[str, Any]
#: Enum orders of the algorithms (processing_provider's, which index these core tuples).
ALGORITHM_KEYS = list(REGISTRY)
PRESET_KEYS = ["", *PRESETS]
INDEX_NAMES = list(INDICES)
WEIGHTINGS = ("uniform", "gaussian")  # smoothing_params.WEIGHTINGS
CONNECTIVITIES = (8, 4)  # smoothing_params.CONNECTIVITY_CHOICES
#: The SMOOTHING parameters of lulc:predict and lulc:classify, by role.
PREDICTION_SMOOTHING = {
    "smoothing": "SMOOTHING",
    "window": "SMOOTH_WINDOW",
    "weighting": "SMOOTH_WEIGHTING",
    "min_area": "MIN_AREA",
    "unit": "MIN_AREA_UNIT",
    "connectivity": "CONNECTIVITY",
}
#: Optional rasters of the prediction: parameter -> PredictionOptions field.
EXTRA_LAYERS = {
    "OUTPUT_CONFIDENCE": "confidence_path",
    "OUTPUT_MARGIN": "margin_path",
    "OUTPUT_ENTROPY": "entropy_path",
    "OUTPUT_PROBABILITIES": "probabilities_path",
}


def given(values: Values, name: str) -> bool:
    """True when the parameter has a value (an empty text counts as none, as in Processing)."""
    return values.get(name) not in (None, "", [])


def output_file(path: str, extensions: tuple[str, ...], what: str) -> str:
    """Check an output path's extension, as BaseAlgorithm.output_file does."""
    if not path.lower().endswith(extensions):
        raise InvalidInputError(
            f"The {what} must be a {' or '.join(extensions)} file, not '{path}': change the "
            "output file name."
        )
    return path


def vector(values: Values, name: str) -> tuple[str, str | None] | None:
    """(path, layer) of a vector parameter, None when not given."""
    value = values.get(name)
    return (value[0], value[1]) if value else None


def sampling_arguments(values: Values) -> Values:
    """``name_field``, ``color_field`` and ``options`` (SamplingOptions) of lulc:sample/classify."""

    def cap(name: str) -> int | None:
        return int(values[name]) if values[name] > 0 else None

    return {
        "name_field": values.get("NAME_FIELD") or None,
        "color_field": values.get("COLOR_FIELD") or None,
        "options": SamplingOptions(
            all_touched=values["ALL_TOUCHED"],
            max_per_class=cap("MAX_PER_CLASS"),
            max_per_feature=cap("MAX_PER_FEATURE"),
            keep_duplicates=values["KEEP_DUPLICATES"],
            patch_size=int(values.get("PATCH_SIZE") or 0),
            seed=values["SEED"],
            resampling=RESAMPLING[values["RESAMPLING"]],
            recipe=feature_recipe(values),
            segments_path=values.get("SEGMENTS") or None,
            nodata=values["NODATA"],
        ),
    }


def feature_recipe(values: Values) -> FeatureRecipe | None:
    """The feature recipe the parameters describe, or None when they add nothing."""
    preset = PRESET_KEYS[values["PRESET"]]
    roles: dict[str, int] = {}
    scale, offset = 1.0, 0.0
    if preset:
        chosen = PRESETS[preset]
        roles, scale, offset = dict(chosen.roles), chosen.scale, chosen.offset
    roles.update(parse_roles(values.get("BAND_ROLES") or ""))
    scale = scale if values.get("REFLECTANCE_SCALE") is None else values["REFLECTANCE_SCALE"]
    offset = offset if values.get("REFLECTANCE_OFFSET") is None else values["REFLECTANCE_OFFSET"]
    focal = (values.get("FOCAL_BANDS") or "").replace(";", ",").split(",")
    distances = []
    if given(values, "DISTANCE_TO"):
        path, layer = values["DISTANCE_TO"]
        distances.append(
            {
                "path": path,
                "layer": layer,
                "name": "features",
                "max_distance": values["MAX_DISTANCE"],
            }
        )
    recipe = FeatureRecipe(
        roles=roles,
        scale=scale,
        offset=offset,
        indices=[INDEX_NAMES[i] for i in values.get("INDICES") or []],
        focal_bands=[_band(b) for b in focal if b.strip()],
        focal_size=values["FOCAL_SIZE"],
        texture_band=values["TEXTURE_BAND"] or None,
        texture_size=values["TEXTURE_SIZE"],
        slope_band=values["SLOPE_BAND"] or None,
        distances=distances,
    )
    return None if recipe.empty else recipe


def _band(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise InvalidInputError(
            f"'{text}' in the focal bands is not a band number: give band numbers separated by "
            "commas, e.g. 3,4."
        ) from None


def training_arguments(values: Values) -> Values:
    """``options`` (TrainingOptions) and ``files`` (TrainingFiles) of lulc:train/classify."""
    hyper: dict[str, Any] = {}
    for name in HYPERPARAMETERS:
        if name != "hidden_layers" and values.get(name.upper()) is not None:
            value = float(values[name.upper()])
            hyper[name] = None if name == "max_depth" and value == 0 else value
    if (values.get("HIDDEN_LAYERS") or "").strip():
        hyper["hidden_layers"] = values["HIDDEN_LAYERS"]
    return {
        "options": TrainingOptions(
            algorithm=ALGORITHM_KEYS[values["ALGORITHM"]],
            validation=SCHEMES[values["VALIDATION"]],
            test_fraction=values["TEST_FRACTION"],
            folds=values["FOLDS"],
            block_size=values["BLOCK_SIZE"],
            balanced=values["BALANCED"],
            hyperparameters=hyper,
            search_iterations=values["SEARCH_ITERATIONS"],
            legend=legend_values(values, user_legend),
            seed=values["SEED"],
        ),
        "files": TrainingFiles(
            output_file(values["OUTPUT_MODEL"], (".lulcmodel",), "model file"),
            report_path=values.get("OUTPUT_REPORT") or None,
            metrics_path=values.get("OUTPUT_METRICS") or None,
            confusion_path=values.get("OUTPUT_CONFUSION") or None,
            previous_model=values.get("PREVIOUS_MODEL") or None,
        ),
    }


def legend_values(values: Values, reader: Any) -> Any:
    """The LEGEND values (row after row, or one JSON list) read by ``reader``; [] when none."""
    raw = values.get("LEGEND") or []
    if not raw:
        return []
    if len(raw) == 1 and raw[0].strip().startswith("["):
        return reader(raw[0])
    return reader(list(raw))


def smoothing_options(values: Values, names: dict[str, str]) -> SmoothingOptions | None:
    """The regularisation of the parameters ``names`` (role -> parameter), None for none."""
    if "smoothing" in names:
        choice = values[names["smoothing"]] or 0
        if choice == 0:
            return None
        chosen = METHODS[choice - 1]
    else:
        chosen = METHODS[values[names["method"]]]
    return SmoothingOptions(
        chosen,
        window=values[names["window"]],
        weighting=WEIGHTINGS[values[names["weighting"]]],
        min_area=values[names["min_area"]],
        area_unit=AREA_UNITS[values[names["unit"]]],
        connectivity=CONNECTIVITIES[values[names["connectivity"]]],
    )


def extra_layer_paths(values: Values, names: list[str]) -> Values:
    """PredictionOptions field -> GeoTIFF path (None when not asked for) of ``names``."""
    return {
        EXTRA_LAYERS[name]: output_file(values[name], (".tif", ".tiff"), name.lower())
        if given(values, name)
        else None
        for name in names
    }


def extra_layer_outputs(paths: Values) -> Values:
    """The outputs (parameter -> path) of :func:`extra_layer_paths`' result."""
    return {name: paths[key] for name, key in EXTRA_LAYERS.items() if key in paths}


def extent_in_raster_crs(
    values: Values, name: str, raster: str
) -> tuple[float, float, float, float] | None:
    """The extent ``name`` (xmin, xmax, ymin, ymax, crs) as (xmin, ymin, xmax, ymax) in the
    CRS of ``raster``; an extent without a CRS is in the raster's."""
    if not given(values, name):
        return None
    xmin, xmax, ymin, ymax, crs = values[name]
    if crs is None:
        return xmin, ymin, xmax, ymax
    import rasterio
    from rasterio.errors import CRSError, RasterioIOError
    from rasterio.warp import transform_bounds

    try:
        with rasterio.open(raster) as dataset:
            target = dataset.crs
        if target is None:
            return xmin, ymin, xmax, ymax
        bounds = transform_bounds(crs, target, xmin, ymin, xmax, ymax)
    except RasterioIOError:
        return xmin, ymin, xmax, ymax  # the tool says what is wrong with the raster
    except CRSError as exc:
        raise InvalidInputError(
            f"The extent's CRS '{crs}' is not one PROJ knows ({exc}): give it as EPSG:xxxx."
        ) from exc
    return bounds[0], bounds[1], bounds[2], bounds[3]
