"""Parameters of the regularisation, defined once: lulc:smooth, and the SMOOTHING option of
lulc:predict and lulc:classify (core/regularize.py).

Each function returns ``(parameter, help, advanced)`` for :meth:`BaseAlgorithm.add`.
"""

from __future__ import annotations

from typing import Any

from qgis.core import QgsProcessingParameterEnum, QgsProcessingParameterNumber

from ..core.regularize import AREA_UNITS, MAX_WINDOW, METHODS, SmoothingOptions
from .i18n import QT_TR_NOOP, tr, translated

Spec = tuple[object, str, bool]

#: Labels of the methods, keyed by core's names (in :data:`~..core.regularize.METHODS` order).
METHOD_LABELS = {
    "majority": QT_TR_NOOP("majority filter"),
    "probability": QT_TR_NOOP("probability smoothing"),
    "sieve": QT_TR_NOOP("minimum mapping unit (sieve)"),
}
NO_SMOOTHING = QT_TR_NOOP("none")
WEIGHTINGS = {"uniform": QT_TR_NOOP("uniform"), "gaussian": QT_TR_NOOP("gaussian")}
UNIT_LABELS = {"pixels": QT_TR_NOOP("pixels"), "hectares": QT_TR_NOOP("hectares")}
#: Connectivity choices: (value, label), the default first.
CONNECTIVITY_CHOICES = ((8, QT_TR_NOOP("8 (diagonal neighbours touch)")), (4, QT_TR_NOOP("4")))

_METHODS_HELP = QT_TR_NOOP(
    "majority filter: each pixel takes the most frequent class of its window (ties keep the "
    "pixel's class); probability smoothing: class probabilities averaged over the window, then "
    "the most probable class (needs the class probabilities); minimum mapping unit (sieve): "
    "patches smaller than the minimum area join the neighbouring class they share most border "
    "with. Nodata stays nodata."
)


def method(name: str = "METHOD") -> Spec:
    """lulc:smooth's method (mandatory)."""
    return (
        QgsProcessingParameterEnum(
            name,
            tr("Method"),
            options=[translated(METHOD_LABELS[key]) for key in METHODS],
            defaultValue=0,
        ),
        translated(_METHODS_HELP),
        False,
    )


def smoothing(name: str = "SMOOTHING") -> Spec:
    """lulc:predict's and lulc:classify's regularisation of the map (none by default)."""
    return (
        QgsProcessingParameterEnum(
            name,
            tr("Regularise the map"),
            options=[translated(NO_SMOOTHING), *(translated(METHOD_LABELS[k]) for k in METHODS)],
            defaultValue=0,
            optional=True,
        ),
        tr("Clean the map's speckle after the prediction (none by default).")
        + " "
        + translated(_METHODS_HELP)
        + " "
        + tr(
            "The area table and the log give the areas before and after; with probability "
            "smoothing the confidence layers come from the smoothed probabilities, otherwise "
            "they stay the model's."
        ),
        False,
    )


def window(name: str = "WINDOW", optional: bool = False) -> Spec:
    """Side of the window of the majority filter and probability smoothing."""
    return (
        QgsProcessingParameterNumber(
            name,
            tr("Window size (pixels)"),
            QgsProcessingParameterNumber.Type.Integer,
            3,
            optional=optional,
            minValue=3,
            maxValue=MAX_WINDOW,
        ),
        tr(
            "Side of the square window centred on each pixel, odd (3, 5, 7 ... up to {}), for the "
            "majority filter and probability smoothing; cut at the map's edges."
        ).format(MAX_WINDOW),
        False,
    )


def weighting(name: str = "WEIGHTING") -> Spec:
    """Weights of the probability smoothing (advanced)."""
    return (
        QgsProcessingParameterEnum(
            name,
            tr("Weighting (probability smoothing)"),
            options=[translated(label) for label in WEIGHTINGS.values()],
            defaultValue=0,
        ),
        tr(
            "Weights of the neighbours in probability smoothing: uniform, or gaussian (sigma = "
            "window / 6), which gives the pixel and its near neighbours more weight."
        ),
        True,
    )


def min_area(name: str = "MIN_AREA", optional: bool = False) -> Spec:
    """The sieve's minimum mapping unit."""
    return (
        QgsProcessingParameterNumber(
            name,
            tr("Minimum area (sieve)"),
            QgsProcessingParameterNumber.Type.Double,
            0.0,
            optional=optional,
            minValue=0.0,
        ),
        tr(
            "For the minimum mapping unit (sieve): patches smaller than this area, in the unit "
            "below, join a neighbouring class, pass after pass until none is left (at most 10 "
            "passes; patches enclosed by nodata stay). Hectares are rounded up to whole pixels."
        ),
        False,
    )


def min_area_unit(name: str = "MIN_AREA_UNIT", optional: bool = False) -> Spec:
    """Unit of the minimum area."""
    return (
        QgsProcessingParameterEnum(
            name,
            tr("Minimum area unit"),
            options=[translated(UNIT_LABELS[key]) for key in AREA_UNITS],
            defaultValue=0,
            optional=optional,
        ),
        tr(
            "Pixels or hectares (a pixel's area from the map's grid; in geographic "
            "coordinates, at the map's centre row)."
        ),
        False,
    )


def connectivity(name: str = "CONNECTIVITY", advanced: bool = False) -> Spec:
    """Which neighbours make one patch."""
    return (
        QgsProcessingParameterEnum(
            name,
            tr("Connectivity (sieve)"),
            options=[translated(label) for _, label in CONNECTIVITY_CHOICES],
            defaultValue=0,
        ),
        tr(
            "Pixels of a class make one patch when they touch by an edge or a corner (8), or "
            "by an edge only (4)."
        ),
        advanced,
    )


def smoothing_options(
    alg: Any, parameters: dict[str, Any], context: Any, names: dict[str, str]
) -> SmoothingOptions | None:
    """The :class:`SmoothingOptions` of the parameters ``names`` (role -> parameter name).

    Roles: ``method`` (lulc:smooth's, always a method) or ``smoothing`` (0: none), ``window``,
    ``weighting``, ``min_area``, ``unit``, ``connectivity``. None when no regularisation is
    asked for.
    """
    if "smoothing" in names:
        choice = alg.parameterAsEnum(parameters, names["smoothing"], context)
        if choice == 0:
            return None
        chosen = METHODS[choice - 1]
    else:
        chosen = METHODS[alg.parameterAsEnum(parameters, names["method"], context)]
    return SmoothingOptions(
        chosen,
        window=alg.parameterAsInt(parameters, names["window"], context),
        weighting=list(WEIGHTINGS)[alg.parameterAsEnum(parameters, names["weighting"], context)],
        min_area=alg.parameterAsDouble(parameters, names["min_area"], context),
        area_unit=AREA_UNITS[alg.parameterAsEnum(parameters, names["unit"], context)],
        connectivity=CONNECTIVITY_CHOICES[
            alg.parameterAsEnum(parameters, names["connectivity"], context)
        ][0],
    )


#: The names of the SMOOTHING parameters of lulc:predict and lulc:classify, by role.
PREDICTION_NAMES = {
    "smoothing": "SMOOTHING",
    "window": "SMOOTH_WINDOW",
    "weighting": "SMOOTH_WEIGHTING",
    "min_area": "MIN_AREA",
    "unit": "MIN_AREA_UNIT",
    "connectivity": "CONNECTIVITY",
}


def add_prediction_parameters(alg: Any) -> None:
    """Add SMOOTHING and its settings to lulc:predict or lulc:classify.

    They are optional (a model saved before them stays valid): SMOOTHING, SMOOTH_WINDOW,
    MIN_AREA and MIN_AREA_UNIT in the main part, SMOOTH_WEIGHTING and CONNECTIVITY advanced.
    """
    names = PREDICTION_NAMES
    alg.add(*smoothing(names["smoothing"]))
    alg.add(*window(names["window"], optional=True))
    alg.add(*weighting(names["weighting"]))
    alg.add(*min_area(names["min_area"], optional=True))
    alg.add(*min_area_unit(names["unit"], optional=True))
    alg.add(*connectivity(names["connectivity"], advanced=True))


def prediction_smoothing(
    alg: Any, parameters: dict[str, Any], context: Any
) -> SmoothingOptions | None:
    """The regularisation asked of lulc:predict or lulc:classify (None: SMOOTHING is none)."""
    return smoothing_options(alg, parameters, context, PREDICTION_NAMES)
