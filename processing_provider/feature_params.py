"""Feature-recipe parameters, shared by lulc:sample, lulc:classify and lulc:stack."""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core.features.feature_stack import FeatureRecipe
from ..core.features.indices import INDICES, PRESETS, ROLES, parse_roles
from .i18n import tr, translated

PRESET_KEYS = ["", *PRESETS]
INDEX_NAMES = list(INDICES)
_Number = QgsProcessingParameterNumber.Type


def add_feature_parameters(alg: Any) -> None:
    """Sensor preset / band roles, indices, neighbourhood features and covariates."""
    alg.add(
        QgsProcessingParameterEnum(
            "PRESET",
            tr("Sensor preset"),
            options=[tr("None (give band roles)")]
            + [translated(p.label, "Sensors") for p in PRESETS.values()],
            defaultValue=0,
        ),
        tr(
            "Band order and reflectance scaling of a known sensor, for spectral indices: {presets}."
        ).format(
            presets="; ".join(
                tr("{sensor} (scale {scale}, offset {offset})").format(
                    sensor=translated(p.label, "Sensors"),
                    scale=f"{p.scale:g}",
                    offset=f"{p.offset:g}",
                )
                for p in PRESETS.values()
            )
        ),
    )
    alg.add(
        QgsProcessingParameterString("BAND_ROLES", tr("Band roles"), optional=True),
        tr(
            "Instead of (or on top of) a preset: role=band pairs, roles among {roles}, "
            "bands numbered from 1 over the whole stack (e.g. 'red=3, nir=4')."
        ).format(roles=", ".join(ROLES)),
    )
    alg.add(
        QgsProcessingParameterEnum(
            "INDICES",
            tr("Spectral indices"),
            options=INDEX_NAMES,
            allowMultiple=True,
            optional=True,
        ),
        tr(
            "Indices added as features (Awesome Spectral Indices formulas); each needs its bands' "
            "roles. A division by zero or a nodata band gives nodata."
        ),
    )
    alg.add(
        QgsProcessingParameterNumber(
            "REFLECTANCE_SCALE", tr("Reflectance scale"), _Number.Double, optional=True
        ),
        tr("Reflectance = value x scale + offset (overrides the preset's; default 1)."),
        True,
    )
    alg.add(
        QgsProcessingParameterNumber(
            "REFLECTANCE_OFFSET", tr("Reflectance offset"), _Number.Double, optional=True
        ),
        tr("See the scale (overrides the preset's; default 0)."),
        True,
    )
    alg.add(
        QgsProcessingParameterString(
            "FOCAL_BANDS", tr("Bands for focal mean and std"), optional=True
        ),
        tr(
            "Band numbers (e.g. '3,4') whose mean and standard deviation over a window are added: "
            "spatial context that separates classes with the same colour but another texture."
        ),
        True,
    )
    alg.add(
        QgsProcessingParameterNumber(
            "FOCAL_SIZE", tr("Focal window (pixels)"), _Number.Integer, 3, minValue=3, maxValue=101
        ),
        tr("Odd window size of the focal statistics."),
        True,
    )
    alg.add(
        QgsProcessingParameterNumber(
            "TEXTURE_BAND", tr("Band for GLCM texture (0: none)"), _Number.Integer, 0, minValue=0
        ),
        tr(
            "Band whose grey-level co-occurrence contrast, homogeneity and entropy are added (8 "
            "grey levels over its 2-98 % range, measured at sampling and kept in the model)."
        ),
        True,
    )
    alg.add(
        QgsProcessingParameterNumber(
            "TEXTURE_SIZE",
            tr("Texture window (pixels)"),
            _Number.Integer,
            5,
            minValue=3,
            maxValue=51,
        ),
        tr("Odd window size of the texture."),
        True,
    )
    alg.add(
        QgsProcessingParameterNumber(
            "SLOPE_BAND", tr("DEM band for slope (0: none)"), _Number.Integer, 0, minValue=0
        ),
        tr(
            "A band holding elevation (e.g. a DEM raster added to the stack) whose slope in "
            "degrees is added."
        ),
        True,
    )
    alg.add(
        QgsProcessingParameterFeatureSource(
            "DISTANCE_TO",
            tr("Distance to features of"),
            [QgsProcessing.SourceType.TypeVectorAnyGeometry],
            optional=True,
        ),
        tr(
            "Optional vector layer (roads, rivers, coast...): the distance from each pixel to its "
            "nearest feature is added, in map units, capped at the maximum distance. Give the "
            "same layer to lulc:predict (its 'Distance layer'): a model file names no file to open."
        ),
        True,
    )
    alg.add(
        QgsProcessingParameterNumber(
            "MAX_DISTANCE", tr("Maximum distance (map units)"), _Number.Double, 1000.0, minValue=0.0
        ),
        tr("Distances beyond this are reported as this value."),
        True,
    )


def feature_recipe(
    alg: Any, parameters: dict[str, Any], context: Any, feedback: Any
) -> FeatureRecipe | None:
    """The recipe the parameters describe, or None when they add nothing."""
    preset = PRESET_KEYS[alg.parameterAsEnum(parameters, "PRESET", context)]
    roles, scale, offset = {}, 1.0, 0.0
    if preset:
        p = PRESETS[preset]
        roles, scale, offset = dict(p.roles), p.scale, p.offset
    roles.update(parse_roles(alg.parameterAsString(parameters, "BAND_ROLES", context)))
    if parameters.get("REFLECTANCE_SCALE") not in (None, ""):
        scale = alg.parameterAsDouble(parameters, "REFLECTANCE_SCALE", context)
    if parameters.get("REFLECTANCE_OFFSET") not in (None, ""):
        offset = alg.parameterAsDouble(parameters, "REFLECTANCE_OFFSET", context)
    focal = [
        int(b)
        for b in alg.parameterAsString(parameters, "FOCAL_BANDS", context)
        .replace(";", ",")
        .split(",")
        if b.strip()
    ]
    distances = []
    if parameters.get("DISTANCE_TO") not in (None, ""):
        path, layer = alg.vector_path(parameters, "DISTANCE_TO", context, feedback)
        distances.append(
            {
                "path": path,
                "layer": layer,
                "name": "features",
                "max_distance": alg.parameterAsDouble(parameters, "MAX_DISTANCE", context),
            }
        )
    recipe = FeatureRecipe(
        roles=roles,
        scale=scale,
        offset=offset,
        indices=_indices(alg, parameters, context),
        focal_bands=focal,
        focal_size=alg.parameterAsInt(parameters, "FOCAL_SIZE", context),
        texture_band=alg.parameterAsInt(parameters, "TEXTURE_BAND", context) or None,
        texture_size=alg.parameterAsInt(parameters, "TEXTURE_SIZE", context),
        slope_band=alg.parameterAsInt(parameters, "SLOPE_BAND", context) or None,
        distances=distances,
    )
    return None if recipe.empty else recipe


def _indices(alg: Any, parameters: dict[str, Any], context: Any) -> list[str]:
    # An unset multiple enum reads as [0] (the first index): absent means none.
    if parameters.get("INDICES") in (None, "", []):
        return []
    return [INDEX_NAMES[i] for i in alg.parameterAsEnums(parameters, "INDICES", context)]
