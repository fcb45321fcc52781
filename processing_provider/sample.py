"""lulc:sample: band values of a raster stack at labelled points, lines or polygons."""

from __future__ import annotations

from typing import Any, ClassVar

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterVectorDestination,
)

from ..core.sample_table import SIDECAR_SUFFIX
from ..core.samples import sample_labels
from . import feature_params, params
from .base import BaseAlgorithm
from .i18n import QT_TR_NOOP


class SampleAlgorithm(BaseAlgorithm):
    """Sample raster values at labels into a training table."""

    RASTERS = "RASTERS"
    LABELS = "LABELS"
    CLASS_FIELD = "CLASS_FIELD"
    SEGMENTS = "SEGMENTS"
    NAME_FIELD = "NAME_FIELD"
    COLOR_FIELD = "COLOR_FIELD"
    ALL_TOUCHED = "ALL_TOUCHED"
    RESAMPLING = "RESAMPLING"
    NODATA = "NODATA"
    MAX_PER_CLASS = "MAX_PER_CLASS"
    MAX_PER_FEATURE = "MAX_PER_FEATURE"
    KEEP_DUPLICATES = "KEEP_DUPLICATES"
    SEED = "SEED"
    OUTPUT = "OUTPUT"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    SAMPLE_COUNT = "SAMPLE_COUNT"
    SIDE_FILES: ClassVar[dict[str, tuple[tuple[str, str], ...]]] = {
        "OUTPUT": ((SIDECAR_SUFFIX, "the sample definition of a CSV table"),)
    }
    TAGS = QT_TR_NOOP("training samples,extract,pixel values,labels")
    PURPOSE = QT_TR_NOOP(
        "Reads the value of every band of the raster stack at each labelled pixel and writes a "
        "training table: one point per sample with its class, the id of the label feature it "
        "came from, its x/y and one numeric field per band (named from the band description, "
        "else b1..bN). Rasters on another grid or CRS are resampled on the fly onto the first "
        "raster's grid. Only the raster blocks that hold labels are read. The log and the "
        "report table give, per class, the samples kept and those dropped outside the raster, "
        "on nodata, in conflict with another class, as duplicates or over the caps, and the "
        "label features without a geometry; label features without a class (empty, blank, "
        "NULL or NaN) are counted in a row '(no class)' and a warning."
    )

    def name(self) -> str:
        """Stable id."""
        return "sample"

    def displayName(self) -> str:
        """Toolbox name."""
        return self.tr("Sample raster at labels")

    def initAlgorithm(self, config: Any = None) -> None:
        """Inputs, options, advanced options, destinations."""
        self.add(*params.rasters(self.RASTERS))
        self.add(*params.labels(self.LABELS))
        self.add(*params.class_field(self.LABELS, self.CLASS_FIELD))
        self.add(
            *params.segments(
                self.tr(
                    "Optional segment raster from lulc:segment, on the first raster's grid: "
                    "one sample per labelled segment instead of per pixel, with the segment's "
                    "features (mean and standard deviation of each band, area, shape) and the "
                    "class of most of its labelled pixels (segments whose labels disagree "
                    "without a class past half are dropped, and the log lists them). A model "
                    "trained on it classifies segments (object-based)."
                ),
                self.SEGMENTS,
            )
        )
        params.add_sampling_parameters(self)
        feature_params.add_feature_parameters(self)
        self.add(*params.seed(self.SEED))
        output = QgsProcessingParameterVectorDestination(
            self.OUTPUT, self.tr("Training samples"), QgsProcessing.SourceType.TypeVectorPoint
        )
        output.setSupportsNonFileBasedOutput(False)
        self.add(
            output,
            self.tr(
                "Sample table: GeoPackage (default; the stack definition and class names and "
                "colours are stored in it) or CSV (they go to a .lulc.json file beside it)."
            ),
        )
        self.add(
            QgsProcessingParameterFileDestination(
                self.OUTPUT_REPORT,
                self.tr("Sampling report"),
                self.tr("CSV files (*.csv)"),
                optional=True,
                createByDefault=False,
            ),
            self.tr(
                "Optional CSV table with one row per class: samples kept, labels outside the "
                "raster, samples on nodata, in conflict, duplicates, over the caps and labels "
                "without a geometry; a last row '(no class)' counts the labels without a class."
            ),
        )
        self.addOutput(QgsProcessingOutputNumber(self.SAMPLE_COUNT, self.tr("Number of samples")))

    def process(
        self, parameters: dict[str, Any], context: Any, feedback: Any, progress: Any
    ) -> dict[str, Any]:
        """Resolve, sample, return the table path."""
        rasters = self.raster_paths(parameters, self.RASTERS, context)
        labels, layer = self.vector_path(parameters, self.LABELS, context, feedback)
        output = self.output_file(
            self.parameterAsOutputLayer(parameters, self.OUTPUT, context),
            (".gpkg", ".csv"),
            "training samples",
        )
        report = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context) or None
        result = sample_labels(
            rasters,
            labels,
            self.parameterAsString(parameters, self.CLASS_FIELD, context),
            layer=layer,
            output_path=output,
            report_path=report,
            progress=progress,
            **params.sampling_arguments(self, parameters, context, feedback),
        )
        return {
            self.OUTPUT: output,
            self.OUTPUT_REPORT: report,
            self.SAMPLE_COUNT: result.count,
        }
