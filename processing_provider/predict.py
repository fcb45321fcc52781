"""lulc:predict: classify a raster stack with a trained model."""

from __future__ import annotations

from typing import Any, ClassVar

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputFile,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core.files import STYLE_SUFFIX
from ..core.geotiff import COMPRESSIONS
from ..core.predict import PredictionOptions, predict_raster
from . import model_cache, params, smoothing_params
from .base import BaseAlgorithm
from .i18n import QT_TR_NOOP
from .styling import style_on_load


class PredictAlgorithm(BaseAlgorithm):
    """Classify an image, block by block, into a styled class map."""

    RASTERS = "RASTERS"
    MODEL = "MODEL"
    SEGMENTS = "SEGMENTS"
    EXTENT = "EXTENT"
    RESOLUTION = "RESOLUTION"
    MASK = "MASK"
    DISTANCE_TO = "DISTANCE_TO"
    MAX_MEMORY_MB = "MAX_MEMORY_MB"
    THREADS = "THREADS"
    SCHEDULER = "SCHEDULER"
    COMPRESSION = "COMPRESSION"
    OVERVIEWS = "OVERVIEWS"
    COG = "COG"
    OUTPUT = "OUTPUT"
    OUTPUT_CONFIDENCE = "OUTPUT_CONFIDENCE"
    OUTPUT_MARGIN = "OUTPUT_MARGIN"
    OUTPUT_ENTROPY = "OUTPUT_ENTROPY"
    OUTPUT_PROBABILITIES = "OUTPUT_PROBABILITIES"
    OUTPUT_AREAS = "OUTPUT_AREAS"
    OUTPUT_STYLE = "OUTPUT_STYLE"
    SIDE_FILES: ClassVar[dict[str, tuple[tuple[str, str], ...]]] = {
        "OUTPUT": ((STYLE_SUFFIX, "the style file"),)
    }
    TAGS = QT_TR_NOOP("random forest,model,prediction,classified map,apply model")
    PURPOSE = QT_TR_NOOP(
        "Classifies every pixel of the rasters with a model from lulc:train or lulc:classify. "
        "Writes a single-band GeoTIFF (uint8, nodata 255; uint16 past 254 classes) on the "
        "input's grid, tiled and compressed, with a colour table, class names and the model's "
        "identity in its metadata, and a .qml style. Works block by block on all cores with "
        "memory bounded by the budget, whatever the image size; a pixel that is nodata in any "
        "band is nodata in the map. The same pass can write confidence, margin, entropy and "
        "class probability rasters, and the log and an optional table give the area of each "
        "class. An extent or mask polygons limit the work to an area of interest."
    )

    def name(self) -> str:
        """Stable id."""
        return "predict"

    def displayName(self) -> str:
        """Toolbox name."""
        return self.tr("Predict land-cover map")

    def initAlgorithm(self, config: Any = None) -> None:
        """Inputs, region, advanced options, destinations."""
        self.add(*params.rasters(self.RASTERS))
        self.add(*params.model_to_apply(self.MODEL))
        self.add(
            *params.segments(
                self.tr(
                    "Segments (object-based models only): the segment raster made by "
                    "lulc:segment for this image, on its grid. Required by a model trained on "
                    "segments, whose map gives every pixel its segment's class; leave it empty "
                    "for a model of pixels."
                ),
                self.SEGMENTS,
            )
        )
        self.add(*params.extent(self.EXTENT))
        self.add(*params.resolution(self.RESOLUTION))
        self.add(
            QgsProcessingParameterFeatureSource(
                self.MASK,
                self.tr("Mask polygons"),
                [QgsProcessing.SourceType.TypeVectorPolygon],
                optional=True,
            ),
            self.tr(
                "Optional polygons: pixels outside them are nodata, and blocks outside them are "
                "not read."
            ),
        )
        self.add(
            QgsProcessingParameterFeatureSource(
                self.DISTANCE_TO,
                self.tr("Distance layer"),
                [QgsProcessing.SourceType.TypeVectorAnyGeometry],
                optional=True,
            ),
            self.tr(
                "Only for a model trained with a distance feature ('Distance to features of' in "
                "lulc:sample or lulc:classify): the same vector layer, given again here, since a "
                "model file never names a file to open. lulc:modelinfo shows what a model uses."
            ),
        )
        smoothing_params.add_prediction_parameters(self)
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
            self.tr(
                "Threads classifying blocks in parallel (0: all cores). Threads, not processes, "
                "so it works inside QGIS."
            ),
            True,
        )
        self.add(
            QgsProcessingParameterString(
                self.SCHEDULER, self.tr("Dask scheduler address (optional)"), optional=True
            ),
            self.tr(
                "The address of a running Dask scheduler, such as tcp://host:8786: its workers "
                "classify the blocks and this machine assembles the same map. The workers must "
                "have the lulc_classifier package installed and see the rasters by the same "
                "paths (shared storage) or GDAL /vsi paths, and the output's folder must be on "
                "storage they share. QGIS never starts worker processes itself. Leave it empty "
                "to predict on this machine."
            ),
            True,
        )
        self.add(
            QgsProcessingParameterEnum(
                self.COMPRESSION, self.tr("Compression"), options=list(COMPRESSIONS), defaultValue=0
            ),
            self.tr("GeoTIFF compression: DEFLATE (read everywhere) or ZSTD (faster, GDAL 2.3+)."),
            True,
        )
        self.add(
            QgsProcessingParameterBoolean(self.OVERVIEWS, self.tr("Build overviews"), False),
            self.tr("Overviews for fast display: mode for the class map, average for the others."),
            True,
        )
        self.add(
            QgsProcessingParameterBoolean(self.COG, self.tr("Cloud Optimized GeoTIFF"), False),
            self.tr(
                "Write Cloud Optimized GeoTIFFs (with overviews when asked), for web and cloud use."
            ),
            True,
        )
        self.add(*params.class_map(self.OUTPUT))
        for name in params.EXTRA_LAYERS:
            self.add(*params.extra_layer(name))
        self.add(
            QgsProcessingParameterFileDestination(
                self.OUTPUT_AREAS,
                self.tr("Class areas"),
                self.tr("CSV files (*.csv)"),
                optional=True,
                createByDefault=False,
            ),
            self.tr(
                "Optional CSV: pixels, hectares and percentage per class, counted while writing. "
                "Pixel counting is biased by the map's errors: see lulc:assess."
            ),
        )
        self.addOutput(QgsProcessingOutputFile(self.OUTPUT_STYLE, self.tr("Style file (.qml)")))

    def process(
        self, parameters: dict[str, Any], context: Any, feedback: Any, progress: Any
    ) -> dict[str, Any]:
        """Resolve, predict, style the loaded layer."""
        output = params.class_map_path(self, parameters, self.OUTPUT, context)
        rasters = self.raster_paths(parameters, self.RASTERS, context)
        layers = params.extra_layer_paths(self, parameters, list(params.EXTRA_LAYERS), context)
        mask_path, mask_layer = self._mask(parameters, context, feedback)
        distance_layers = []
        if parameters.get(self.DISTANCE_TO) not in (None, ""):
            distance_layers.append(
                self.vector_path(parameters, self.DISTANCE_TO, context, feedback)
            )
        scheduler = self.parameterAsString(parameters, self.SCHEDULER, context).strip() or None
        model_path = self.parameterAsFile(parameters, self.MODEL, context)
        result = predict_raster(
            rasters,
            # a cluster's workers load the model file themselves
            model_path if scheduler else model_cache.model(model_path, progress),
            output,
            options=PredictionOptions(
                max_memory_mb=self.parameterAsInt(parameters, self.MAX_MEMORY_MB, context),
                threads=self.parameterAsInt(parameters, self.THREADS, context) or None,
                extent=params.extent_in_raster_crs(
                    self, parameters, self.EXTENT, self.RASTERS, context
                ),
                resolution=params.resolution_value(self, parameters, self.RESOLUTION, context),
                mask_path=mask_path,
                mask_layer=mask_layer,
                distance_layers=distance_layers,
                segments_path=params.segments_path(self, parameters, self.SEGMENTS, context),
                compression=COMPRESSIONS[
                    self.parameterAsEnum(parameters, self.COMPRESSION, context)
                ],
                overviews=self.parameterAsBool(parameters, self.OVERVIEWS, context),
                cog=self.parameterAsBool(parameters, self.COG, context),
                area_table_path=self.parameterAsFileOutput(parameters, self.OUTPUT_AREAS, context)
                or None,
                smoothing=smoothing_params.prediction_smoothing(self, parameters, context),
                scheduler=scheduler,
                **layers,
            ),
            progress=progress,
        )
        style_on_load(context, output)
        outputs = {
            self.OUTPUT: output,
            self.OUTPUT_STYLE: result.qml_path,
            self.OUTPUT_AREAS: self.parameterAsFileOutput(parameters, self.OUTPUT_AREAS, context)
            or None,
        }
        outputs.update(params.extra_layer_outputs(layers))
        return outputs

    def _mask(
        self, parameters: dict[str, Any], context: Any, feedback: Any
    ) -> tuple[str | None, str | None]:
        if parameters.get(self.MASK) in (None, ""):
            return None, None
        return self.vector_path(parameters, self.MASK, context, feedback)
