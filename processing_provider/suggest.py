"""lulc:suggest: where to label next, the pixels the model is least sure of."""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsProcessingParameterVectorDestination,
)

from ..core.suggest import STRATEGIES, SuggestOptions, suggest_labels
from . import model_cache, params
from .base import BaseAlgorithm
from .i18n import QT_TR_NOOP

_Number = QgsProcessingParameterNumber.Type


class SuggestAlgorithm(BaseAlgorithm):
    """Suggest the pixels worth labelling next: uncertain, spread out, across classes."""

    RASTERS = "RASTERS"
    MODEL = "MODEL"
    LABELS = "LABELS"
    COUNT = "COUNT"
    STRATEGY = "STRATEGY"
    MIN_DISTANCE = "MIN_DISTANCE"
    DISTANCE_UNIT = "DISTANCE_UNIT"
    BALANCE = "BALANCE"
    EXTENT = "EXTENT"
    MASK = "MASK"
    DISTANCE_TO = "DISTANCE_TO"
    MAX_MEMORY_MB = "MAX_MEMORY_MB"
    THREADS = "THREADS"
    SEED = "SEED"
    OUTPUT = "OUTPUT"
    POSSIBLE = "POSSIBLE"
    TAGS = QT_TR_NOOP(
        "active learning,uncertainty sampling,where to label,suggest labels,margin,entropy"
    )
    PURPOSE = QT_TR_NOOP(
        "Points at the pixels worth labelling next: those the model is least sure of, so that "
        "each new label teaches it the most (active learning by uncertainty sampling). One "
        "pass over the image, block by block with bounded memory, scores every valid pixel by "
        "the margin between its two most likely classes, the entropy of its class "
        "probabilities, or one minus its top probability. The most uncertain are kept a "
        "minimum distance apart and away from the existing labels, so that they do not "
        "cluster in one field, and the predicted classes take turns, so that rare classes get "
        "suggestions too. The output is a point layer, one point at each suggested pixel's "
        "centre, ranked (rank 1: label first), with the model's class field left empty for "
        "you to fill, the predicted class, the confidence, the margin and the uncertainty. "
        "Nodata pixels, and pixels outside the extent or mask, are never suggested; a seed "
        "makes a run repeatable."
    )

    def name(self) -> str:
        """Stable id."""
        return "suggest"

    def displayName(self) -> str:
        """Toolbox name."""
        return self.tr("Where to label next")

    def initAlgorithm(self, config: Any = None) -> None:
        """Inputs, selection options, region, advanced options, destination."""
        self.add(*params.rasters(self.RASTERS))
        self.add(*params.model_to_apply(self.MODEL))
        self.add(
            QgsProcessingParameterFeatureSource(
                self.LABELS,
                self.tr("Existing labels"),
                [QgsProcessing.SourceType.TypeVectorAnyGeometry],
                optional=True,
            ),
            self.tr(
                "Optional: the labels you have (points, lines or polygons, in any CRS: "
                "reprojected). Their pixels are never suggested, and no suggestion comes "
                "nearer to them than the minimum distance."
            ),
        )
        self._add_choice_options()
        self.add(*params.extent(self.EXTENT))
        self.add(
            QgsProcessingParameterFeatureSource(
                self.MASK,
                self.tr("Mask polygons"),
                [QgsProcessing.SourceType.TypeVectorPolygon],
                optional=True,
            ),
            self.tr("Optional polygons: only pixels inside them are suggested."),
        )
        self._add_advanced_options()
        self.add(
            QgsProcessingParameterVectorDestination(
                self.OUTPUT, self.tr("Suggestions"), QgsProcessing.SourceType.TypeVectorPoint
            ),
            self.tr(
                "GeoPackage of points (layer 'suggestions', in the rasters' CRS), ranked: the "
                "model's class field, empty for you to fill, then predicted, predicted_name, "
                "confidence, margin, uncertainty and rank."
            ),
        )
        self.addOutput(QgsProcessingOutputNumber(self.COUNT, self.tr("Number of suggestions")))
        self.addOutput(
            QgsProcessingOutputNumber(self.POSSIBLE, self.tr("Pixels that could be suggested"))
        )

    def _add_choice_options(self) -> None:
        self.add(
            QgsProcessingParameterNumber(
                self.COUNT, self.tr("Number of suggestions"), _Number.Integer, 50, minValue=1
            ),
            self.tr(
                "How many pixels to suggest. Fewer are written, with a warning saying why, when "
                "fewer pixels are valid or the minimum distance leaves no room for more."
            ),
        )
        self.add(
            QgsProcessingParameterEnum(
                self.STRATEGY,
                self.tr("Uncertainty measure"),
                options=[
                    self.tr("Margin between the two most likely classes"),
                    self.tr("Entropy of the class probabilities"),
                    self.tr("Least confidence"),
                ],
                defaultValue=0,
            ),
            self.tr(
                "How unsure the model is of a pixel: a small margin between its two most likely "
                "classes (recommended), a high entropy over all classes, or a low top "
                "probability. A model without probabilities (an SVM trained without them) is "
                "ranked by its decision scores, and the log says so."
            ),
        )
        self.add(
            QgsProcessingParameterNumber(
                self.MIN_DISTANCE,
                self.tr("Minimum distance"),
                _Number.Double,
                0.0,
                minValue=0.0,
            ),
            self.tr(
                "Smallest distance between two suggestions, and between a suggestion and an "
                "existing label, so that they spread over the image instead of clustering in "
                "one field (0: none)."
            ),
        )
        self.add(
            QgsProcessingParameterEnum(
                self.DISTANCE_UNIT,
                self.tr("Distance unit"),
                options=[self.tr("Map units of the rasters"), self.tr("Pixels")],
                defaultValue=0,
            ),
            self.tr("Whether the minimum distance is in the rasters' map units or in pixels."),
        )
        self.add(
            QgsProcessingParameterBoolean(
                self.BALANCE, self.tr("Balance across predicted classes"), True
            ),
            self.tr(
                "The predicted classes take turns, each its most uncertain pixel, so that rare "
                "classes get suggestions too. Unchecked: by uncertainty alone."
            ),
        )

    def _add_advanced_options(self) -> None:
        self.add(
            QgsProcessingParameterFeatureSource(
                self.DISTANCE_TO,
                self.tr("Distance layer"),
                [QgsProcessing.SourceType.TypeVectorAnyGeometry],
                optional=True,
            ),
            self.tr(
                "Only for a model trained with a distance feature: the same vector layer as "
                "when it was trained (see lulc:predict)."
            ),
            True,
        )
        self.add(*params.max_memory(self.MAX_MEMORY_MB))
        self.add(
            QgsProcessingParameterNumber(
                self.THREADS,
                self.tr("Threads"),
                _Number.Integer,
                0,
                minValue=0,
                maxValue=256,
            ),
            self.tr("Threads predicting blocks in parallel (0: all cores)."),
            True,
        )
        self.add(
            QgsProcessingParameterNumber(
                self.SEED, self.tr("Random seed"), _Number.Integer, 42, minValue=0
            ),
            self.tr(
                "Seed of the order among equally uncertain pixels, so that a run can be "
                "repeated exactly."
            ),
            True,
        )

    def process(
        self, parameters: dict[str, Any], context: Any, feedback: Any, progress: Any
    ) -> dict[str, Any]:
        """Resolve, suggest, return the layer."""
        output = self.output_file(
            self.parameterAsOutputLayer(parameters, self.OUTPUT, context),
            (".gpkg",),
            "suggestions layer",
        )
        rasters = self.raster_paths(parameters, self.RASTERS, context)
        labels, mask = (
            self.vector_path(parameters, name, context, feedback)
            if parameters.get(name) not in (None, "")
            else None
            for name in (self.LABELS, self.MASK)
        )
        distance_layers = []
        if parameters.get(self.DISTANCE_TO) not in (None, ""):
            distance_layers.append(
                self.vector_path(parameters, self.DISTANCE_TO, context, feedback)
            )
        result = suggest_labels(
            rasters,
            model_cache.model(self.parameterAsFile(parameters, self.MODEL, context), progress),
            output,
            options=SuggestOptions(
                count=self.parameterAsInt(parameters, self.COUNT, context),
                strategy=STRATEGIES[self.parameterAsEnum(parameters, self.STRATEGY, context)],
                min_distance=self.parameterAsDouble(parameters, self.MIN_DISTANCE, context),
                distance_in_pixels=self.parameterAsEnum(parameters, self.DISTANCE_UNIT, context)
                == 1,
                balance=self.parameterAsBool(parameters, self.BALANCE, context),
                seed=self.parameterAsInt(parameters, self.SEED, context),
                max_memory_mb=self.parameterAsInt(parameters, self.MAX_MEMORY_MB, context),
                n_threads=self.parameterAsInt(parameters, self.THREADS, context) or None,
                distance_layers=tuple(distance_layers),
            ),
            labels=labels,
            extent=params.extent_in_raster_crs(
                self, parameters, self.EXTENT, self.RASTERS, context
            ),
            mask=mask,
            progress=progress,
        )
        return {self.OUTPUT: output, self.COUNT: result.count, self.POSSIBLE: result.possible}
