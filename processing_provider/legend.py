"""lulc:legend: rename and recolour classes in a model file and a class map."""

from __future__ import annotations

import json
from typing import Any

from qgis.core import (
    QgsProcessingOutputFile,
    QgsProcessingOutputString,
    QgsProcessingParameterFile,
    QgsProcessingParameterMatrix,
    QgsProcessingParameterRasterLayer,
)

from ..core.legend import legend_to_json
from ..core.legend_edit import edit_legend, legend_changes
from . import params
from .base import BaseAlgorithm
from .i18n import QT_TR_NOOP


class LegendAlgorithm(BaseAlgorithm):
    """Edit class names and colours of a model and its map, metadata only."""

    MODEL = "MODEL"
    CLASS_MAP = "CLASS_MAP"
    LEGEND = "LEGEND"
    METRICS = "METRICS"
    REPORT = "REPORT"
    OUTPUT_MODEL = "OUTPUT_MODEL"
    OUTPUT_STYLE = "OUTPUT_STYLE"
    OUTPUT_METRICS = "OUTPUT_METRICS"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    CLASSES = "CLASSES"
    TAGS = QT_TR_NOOP("class names,colours,style")
    PURPOSE = QT_TR_NOOP(
        "Renames and recolours classes of a model file (.lulcmodel), of a class map from "
        "lulc:predict, or of both at once, so that the map's style and the model's legend "
        "follow. It edits the given files in place and changes only their metadata: the "
        "model's manifest (the estimator and the model id are kept, so predictions are the "
        "same), and the map's colour table, class names (LULC_CLASSES and CLASS_<code> tags) "
        "and its .qml style beside it; the map's pixel values never change. Classes not listed "
        "keep their name and colour. Given the run's metrics (JSON) and accuracy report, they "
        "get the new names too (the report is written again from the metrics and the model). "
        "Every change is checked before any file is written, and only the files given are "
        "touched; with a model and a map, they must have the same class codes and the map gets "
        "the model's legend; the metrics and report must be from the model's run."
    )

    def name(self) -> str:
        """Stable id."""
        return "legend"

    def displayName(self) -> str:
        """Toolbox name."""
        return self.tr("Edit class legend")

    def initAlgorithm(self, config: Any = None) -> None:
        """Model, map, legend; the edited paths and the legend as outputs."""
        self.add(
            *params.model_file(
                self.tr(
                    "Optional .lulcmodel file whose class names and colours are rewritten in place "
                    "(its estimator is copied unchanged)."
                ),
                self.MODEL,
                optional=True,
            )
        )
        self.add(
            QgsProcessingParameterRasterLayer(self.CLASS_MAP, self.tr("Class map"), optional=True),
            self.tr(
                "Optional class map GeoTIFF from lulc:predict or lulc:classify: its colour table "
                "and class names are updated in place (pixels untouched) and its .qml style, same "
                "name beside it, is rewritten. Give a model, a map or both."
            ),
        )
        self.add(
            QgsProcessingParameterMatrix(
                self.LEGEND,
                self.tr("Classes to change"),
                numberRows=1,
                hasFixedNumberRows=False,
                headers=["Code", "Name", "Colour"],
                optional=True,
            ),
            self.tr(
                "One row per class to change: its code, its new name (unique, ignoring case) and "
                "its colour as #rrggbb. A JSON list like the Legend output is accepted too. Leave "
                "empty to copy the model's legend onto the map."
            ),
        )
        self.add(
            QgsProcessingParameterFile(
                self.METRICS, self.tr("Metrics (JSON)"), extension="json", optional=True
            ),
            self.tr(
                "Optional metrics file of the run that made the model or map (Metrics output of "
                "lulc:train or lulc:classify): its class names are rewritten in place."
            ),
        )
        self.add(
            QgsProcessingParameterFile(
                self.REPORT, self.tr("Accuracy report"), extension="html", optional=True
            ),
            self.tr(
                "Optional HTML accuracy report of the same run: it is written again, in place, "
                "with the new names. Needs the model (the report shows its run details)."
            ),
        )
        self.addOutput(QgsProcessingOutputFile(self.OUTPUT_MODEL, self.tr("Edited model file")))
        self.addOutput(QgsProcessingOutputFile(self.OUTPUT_STYLE, self.tr("Style file (.qml)")))
        self.addOutput(QgsProcessingOutputFile(self.OUTPUT_METRICS, self.tr("Edited metrics")))
        self.addOutput(QgsProcessingOutputFile(self.OUTPUT_REPORT, self.tr("Edited report")))
        self.addOutput(QgsProcessingOutputString(self.CLASSES, self.tr("Legend (JSON)")))

    def process(
        self, parameters: dict[str, Any], context: Any, feedback: Any, progress: Any
    ) -> dict[str, Any]:
        """Resolve the files and changes, edit, report the legend."""
        model = self.parameterAsFile(parameters, self.MODEL, context) or None
        class_map = None
        if self.parameterAsRasterLayer(parameters, self.CLASS_MAP, context) is not None:
            class_map = self.raster_paths(parameters, self.CLASS_MAP, context)[0]
        raw = parameters.get(self.LEGEND)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            changes = []
        elif isinstance(raw, str) and raw.strip().startswith("["):
            changes = legend_changes(raw)
        else:
            changes = legend_changes(self.parameterAsMatrix(parameters, self.LEGEND, context))
        result = edit_legend(
            changes,
            model_path=model,
            class_map_path=class_map,
            metrics_path=self.parameterAsFile(parameters, self.METRICS, context) or None,
            report_path=self.parameterAsFile(parameters, self.REPORT, context) or None,
        )
        for info in result.legend:
            progress.log(f"Class {info.code}: {info.name} ({info.color})")
        written = (result.model_path, result.class_map_path, result.qml_path)
        for path in (*written, result.metrics_path, result.report_path):
            if path:
                progress.log(f"Updated {path}")
        return {
            self.OUTPUT_MODEL: result.model_path,
            self.OUTPUT_STYLE: result.qml_path,
            self.OUTPUT_METRICS: result.metrics_path,
            self.OUTPUT_REPORT: result.report_path,
            self.CLASSES: json.dumps(legend_to_json(result.legend), ensure_ascii=False),
        }
