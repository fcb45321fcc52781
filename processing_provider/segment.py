"""lulc:segment: image segmentation (Felzenszwalb or SLIC), tile by tile, joined across tiles."""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterVectorDestination,
)

from ..core.segment import METHODS, SegmentOptions, segment_raster
from . import params
from .base import BaseAlgorithm
from .i18n import QT_TR_NOOP

_Number = QgsProcessingParameterNumber.Type


class SegmentAlgorithm(BaseAlgorithm):
    """Segment an image into objects: a raster of segment ids and optional polygons."""

    RASTERS = "RASTERS"
    METHOD = "METHOD"
    SCALE = "SCALE"
    SIGMA = "SIGMA"
    MIN_SIZE = "MIN_SIZE"
    SEGMENT_SIZE = "SEGMENT_SIZE"
    COMPACTNESS = "COMPACTNESS"
    TILE_SIZE = "TILE_SIZE"
    OVERLAP = "OVERLAP"
    MAX_MEMORY_MB = "MAX_MEMORY_MB"
    THREADS = "THREADS"
    OUTPUT = "OUTPUT"
    OUTPUT_POLYGONS = "OUTPUT_POLYGONS"
    SEGMENTS = "SEGMENTS"
    TAGS = QT_TR_NOOP("segmentation,segments,objects,OBIA,superpixels,Felzenszwalb,SLIC")
    PURPOSE = QT_TR_NOOP(
        "Cuts the image into segments (objects): groups of neighbouring pixels that look alike, "
        "for object-based classification. Felzenszwalb's graph segmentation follows the image "
        "(segment sizes vary with contrast); SLIC makes compact superpixels of about the size "
        "asked for. Needs scikit-image (the message says how to install it). The image is "
        "segmented tile by tile with an overlap, in parallel and with bounded memory, so "
        "images larger than the memory work; every band is scaled once for the whole image "
        "(its 2nd and 98th percentiles), the same for every tile. Segments are joined across "
        "tile edges: where both tiles cut the overlap the same way, segments continue across "
        "the edge (a homogeneous region over several tiles is one segment), and a segment is "
        "joined to at most one segment of the next tile; where the tiles cut the overlap "
        "differently, a segment may end at the tile edge (a larger overlap makes that rarer). "
        "The output is a uint32 GeoTIFF of segment ids 1 to n (0: nodata) on the first "
        "raster's grid, and optionally the segments as polygons."
    )

    def name(self) -> str:
        """Stable id."""
        return "segment"

    def displayName(self) -> str:
        """Toolbox name."""
        return self.tr("Segment image")

    def initAlgorithm(self, config: Any = None) -> None:
        """Rasters, method and its parameters, advanced tiling options, destinations."""
        self.add(*params.rasters(self.RASTERS))
        self.add(
            QgsProcessingParameterEnum(
                self.METHOD,
                self.tr("Method"),
                options=[self.tr("Felzenszwalb"), self.tr("SLIC")],
                defaultValue=0,
            ),
            self.tr(
                "Felzenszwalb: graph-based segments that follow the image, their size set by the "
                "scale and the minimum size. SLIC: compact superpixels of about the segment size, "
                "their shape set by the compactness."
            ),
        )
        self._add_method_options()
        self._add_advanced_options()
        self.add(
            QgsProcessingParameterRasterDestination(self.OUTPUT, self.tr("Segments")),
            self.tr(
                "GeoTIFF of segment ids (uint32, 1 to the number of segments, consecutive; 0 "
                "where any band is nodata), on the grid and CRS of the first raster."
            ),
        )
        self.add(
            QgsProcessingParameterVectorDestination(
                self.OUTPUT_POLYGONS,
                self.tr("Segment polygons"),
                QgsProcessing.SourceType.TypeVectorPolygon,
                optional=True,
                createByDefault=False,
            ),
            self.tr(
                "Optional GeoPackage of the segments as polygons (layer 'segments'), one feature "
                "a segment with its id (segment) and its number of pixels (pixels)."
            ),
        )
        self.addOutput(QgsProcessingOutputNumber(self.SEGMENTS, self.tr("Number of segments")))

    def _add_method_options(self) -> None:
        defaults = SegmentOptions()
        self.add(
            QgsProcessingParameterNumber(
                self.SCALE,
                self.tr("Scale (Felzenszwalb)"),
                _Number.Double,
                defaults.scale,
                minValue=0.001,
            ),
            self.tr(
                "Felzenszwalb only: larger values give larger segments (bands scaled to 0-1 "
                "between their 2nd and 98th percentiles)."
            ),
        )
        self.add(
            QgsProcessingParameterNumber(
                self.SIGMA,
                self.tr("Smoothing (sigma)"),
                _Number.Double,
                defaults.sigma,
                minValue=0.0,
            ),
            self.tr(
                "Width in pixels of the Gaussian smoothing applied before segmenting (both "
                "methods; 0: none). Smoothing reduces noise but blurs edges."
            ),
        )
        self.add(
            QgsProcessingParameterNumber(
                self.MIN_SIZE,
                self.tr("Minimum segment size (Felzenszwalb)"),
                _Number.Integer,
                defaults.min_size,
                minValue=1,
            ),
            self.tr("Felzenszwalb only: smaller segments are merged into a neighbour (pixels)."),
        )
        self.add(
            QgsProcessingParameterNumber(
                self.SEGMENT_SIZE,
                self.tr("Segment size (SLIC)"),
                _Number.Integer,
                defaults.segment_size,
                minValue=4,
            ),
            self.tr("SLIC only: the approximate number of pixels of a superpixel."),
        )
        self.add(
            QgsProcessingParameterNumber(
                self.COMPACTNESS,
                self.tr("Compactness (SLIC)"),
                _Number.Double,
                defaults.compactness,
                minValue=0.001,
            ),
            self.tr(
                "SLIC only: larger values give squarer superpixels, smaller ones follow the "
                "image more closely (bands scaled to 0-100 between their 2nd and 98th "
                "percentiles)."
            ),
        )

    def _add_advanced_options(self) -> None:
        defaults = SegmentOptions()
        self.add(
            QgsProcessingParameterNumber(
                self.TILE_SIZE,
                self.tr("Tile size (pixels)"),
                _Number.Integer,
                defaults.tile_size,
                minValue=64,
            ),
            self.tr(
                "Side of the square tiles segmented one at a time. Larger tiles need more "
                "memory and cut fewer segments at tile edges."
            ),
            True,
        )
        self.add(
            QgsProcessingParameterNumber(
                self.OVERLAP,
                self.tr("Tile overlap (pixels)"),
                _Number.Integer,
                defaults.overlap,
                minValue=1,
            ),
            self.tr(
                "Pixels read beyond each tile edge (at most half the tile size). Segments of two "
                "tiles that cover mostly the same pixels of this overlap are joined into one: "
                "a larger overlap joins more reliably and costs more time."
            ),
            True,
        )
        memory, _, _ = params.max_memory(self.MAX_MEMORY_MB)
        self.add(
            memory,
            self.tr(
                "Memory the tiles being segmented may use: fewer tiles are segmented in "
                "parallel when it would be exceeded."
            ),
            True,
        )
        self.add(
            QgsProcessingParameterNumber(
                self.THREADS, self.tr("Threads"), _Number.Integer, 0, minValue=0, maxValue=256
            ),
            self.tr(
                "Threads segmenting tiles in parallel (0: all cores for SLIC, one for "
                "Felzenszwalb, whose scikit-image code does not run in parallel)."
            ),
            True,
        )

    def process(
        self, parameters: dict[str, Any], context: Any, feedback: Any, progress: Any
    ) -> dict[str, Any]:
        """Resolve, segment, return the outputs."""
        output = self.output_file(
            self.parameterAsOutputLayer(parameters, self.OUTPUT, context),
            (".tif", ".tiff"),
            "segment raster",
        )
        polygons = None
        if parameters.get(self.OUTPUT_POLYGONS) not in (None, ""):
            polygons = self.parameterAsOutputLayer(parameters, self.OUTPUT_POLYGONS, context)
            polygons = (
                self.output_file(polygons, (".gpkg",), "segment polygons") if polygons else None
            )
        options = SegmentOptions(
            method=METHODS[self.parameterAsEnum(parameters, self.METHOD, context)],
            scale=self.parameterAsDouble(parameters, self.SCALE, context),
            sigma=self.parameterAsDouble(parameters, self.SIGMA, context),
            min_size=self.parameterAsInt(parameters, self.MIN_SIZE, context),
            segment_size=self.parameterAsInt(parameters, self.SEGMENT_SIZE, context),
            compactness=self.parameterAsDouble(parameters, self.COMPACTNESS, context),
            tile_size=self.parameterAsInt(parameters, self.TILE_SIZE, context),
            overlap=self.parameterAsInt(parameters, self.OVERLAP, context),
            max_memory_mb=self.parameterAsInt(parameters, self.MAX_MEMORY_MB, context),
            threads=self.parameterAsInt(parameters, self.THREADS, context) or None,
            polygons_path=polygons,
        )
        result = segment_raster(
            self.raster_paths(parameters, self.RASTERS, context),
            output,
            options=options,
            progress=progress,
        )
        return {
            self.OUTPUT: output,
            self.OUTPUT_POLYGONS: polygons,
            self.SEGMENTS: result.segments,
        }
