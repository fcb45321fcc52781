"""lulc:smooth: regularise a class map (majority filter, probability smoothing, sieve)."""

from __future__ import annotations

from typing import Any, ClassVar

from qgis.core import (
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
)

from ..core.files import STYLE_SUFFIX
from ..core.regularize import smooth_raster
from . import params, smoothing_params
from .base import BaseAlgorithm
from .i18n import QT_TR_NOOP
from .styling import style_on_load


class SmoothAlgorithm(BaseAlgorithm):
    """Clean a class map's speckle: majority filter, probability smoothing or a sieve."""

    INPUT = "INPUT"
    PROBABILITIES = "PROBABILITIES"
    METHOD = "METHOD"
    WINDOW = "WINDOW"
    WEIGHTING = "WEIGHTING"
    MIN_AREA = "MIN_AREA"
    MIN_AREA_UNIT = "MIN_AREA_UNIT"
    CONNECTIVITY = "CONNECTIVITY"
    MAX_MEMORY_MB = "MAX_MEMORY_MB"
    THREADS = "THREADS"
    OUTPUT = "OUTPUT"
    OUTPUT_AREAS = "OUTPUT_AREAS"
    OUTPUT_STYLE = "OUTPUT_STYLE"
    CHANGED_PIXELS = "CHANGED_PIXELS"
    SIDE_FILES: ClassVar[dict[str, tuple[tuple[str, str], ...]]] = {
        "OUTPUT": ((STYLE_SUFFIX, "the style file"),)
    }
    TAGS = QT_TR_NOOP(
        "smoothing,majority filter,sieve,minimum mapping unit,mmu,salt and pepper,speckle,"
        "regularisation,post-classification,generalisation"
    )
    PURPOSE = QT_TR_NOOP(
        "Cleans the salt-and-pepper of a classified map from lulc:predict or lulc:classify. "
        "The majority filter gives each pixel the most frequent class of its window; "
        "probability smoothing averages the class probabilities over the window and takes "
        "the most probable class; the minimum mapping unit (sieve) merges patches smaller "
        "than an area into the neighbouring class they share most border with, until none is "
        "left. Nodata stays nodata. The result keeps the map's grid, legend, colours and "
        "style; works block by block on all cores with bounded memory, and gives the class "
        "areas before and after in the log and an optional table."
    )

    def name(self) -> str:
        """Stable id."""
        return "smooth"

    def displayName(self) -> str:
        """Toolbox name."""
        return self.tr("Smooth land-cover map (majority, sieve)")

    def initAlgorithm(self, config: Any = None) -> None:
        """Inputs, method and its settings, advanced options, destinations."""
        self.add(
            QgsProcessingParameterRasterLayer(self.INPUT, self.tr("Land-cover map")),
            self.tr("A class map written by lulc:predict or lulc:classify (it holds the legend)."),
        )
        self.add(
            QgsProcessingParameterRasterLayer(
                self.PROBABILITIES, self.tr("Class probabilities"), optional=True
            ),
            self.tr(
                "Only for probability smoothing: the class probabilities written with the map "
                "by lulc:predict ('Class probabilities', one band per class)."
            ),
        )
        self.add(*smoothing_params.method(self.METHOD))
        self.add(*smoothing_params.window(self.WINDOW))
        self.add(*smoothing_params.weighting(self.WEIGHTING))
        self.add(*smoothing_params.min_area(self.MIN_AREA))
        self.add(*smoothing_params.min_area_unit(self.MIN_AREA_UNIT))
        self.add(*smoothing_params.connectivity(self.CONNECTIVITY))
        self.add(*params.max_memory(self.MAX_MEMORY_MB))
        self.add(
            QgsProcessingParameterNumber(
                self.THREADS,
                self.tr("Threads"),
                QgsProcessingParameterNumber.Type.Integer,
                0,
                minValue=0,
                maxValue=256,
            ),
            self.tr("Threads working on blocks in parallel (0: all cores)."),
            True,
        )
        self.add(*params.class_map(self.OUTPUT))
        self.add(
            QgsProcessingParameterFileDestination(
                self.OUTPUT_AREAS,
                self.tr("Class areas"),
                self.tr("CSV files (*.csv)"),
                optional=True,
                createByDefault=False,
            ),
            self.tr(
                "Optional CSV: pixels, hectares and percentage per class after the "
                "regularisation, and before it (columns ending in _before)."
            ),
        )
        self.addOutput(QgsProcessingOutputFile(self.OUTPUT_STYLE, self.tr("Style file (.qml)")))
        self.addOutput(
            QgsProcessingOutputNumber(self.CHANGED_PIXELS, self.tr("Pixels that changed class"))
        )

    def process(
        self, parameters: dict[str, Any], context: Any, feedback: Any, progress: Any
    ) -> dict[str, Any]:
        """Resolve, regularise, style the loaded layer."""
        output = params.class_map_path(self, parameters, self.OUTPUT, context)
        probabilities = None
        if parameters.get(self.PROBABILITIES) not in (None, ""):
            probabilities = self.raster_paths(parameters, self.PROBABILITIES, context)[0]
        areas = self.parameterAsFileOutput(parameters, self.OUTPUT_AREAS, context) or None
        options = smoothing_params.smoothing_options(
            self,
            parameters,
            context,
            {
                "method": self.METHOD,
                "window": self.WINDOW,
                "weighting": self.WEIGHTING,
                "min_area": self.MIN_AREA,
                "unit": self.MIN_AREA_UNIT,
                "connectivity": self.CONNECTIVITY,
            },
        )
        assert options is not None  # lulc:smooth always has a method
        result = smooth_raster(
            self.raster_paths(parameters, self.INPUT, context)[0],
            output,
            probabilities_path=probabilities,
            options=options,
            area_table_path=areas,
            max_memory_mb=self.parameterAsInt(parameters, self.MAX_MEMORY_MB, context),
            threads=self.parameterAsInt(parameters, self.THREADS, context) or None,
            progress=progress,
        )
        style_on_load(context, output)
        return {
            self.OUTPUT: output,
            self.OUTPUT_STYLE: result.qml_path,
            self.OUTPUT_AREAS: areas,
            self.CHANGED_PIXELS: result.changed_pixels,
        }
