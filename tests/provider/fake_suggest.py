"""A stand-in for ``lulc:suggest`` while that algorithm is not in this checkout (issue 17: it is
built at the same time as the panel's labelling). It takes the contract's parameters and writes
the contract's output: a GeoPackage point layer ``suggestions`` in the rasters' CRS, sorted by
rank, with the model's class field (empty), ``predicted``, ``predicted_name``, ``confidence``,
``margin``, ``uncertainty`` and ``rank``. Its places are pixel centres on a lattice, at least
three pixels from every label and off nodata; its predictions are the model's classes in turn
(it applies no model). ``register()`` adds it only when the real algorithm is missing.
"""

from __future__ import annotations

import ast
import json
import zipfile
from typing import Any

from qgis.core import (
    QgsApplication,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterVectorLayer,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
)

_KEEP: list[Any] = []  # the registry does not keep the Python side of an algorithm alive


def _manifest(path: str) -> dict[str, Any]:
    with zipfile.ZipFile(path) as archive:
        manifest: dict[str, Any] = json.loads(archive.read("manifest.json"))
    for key in ("classes",):
        if isinstance(manifest.get(key), str):
            manifest[key] = ast.literal_eval(manifest[key])
    return manifest


def _valid(raster: Any, point: QgsPointXY) -> bool:
    provider = raster.dataProvider()
    return all(provider.sample(point, band)[1] for band in range(1, raster.bandCount() + 1))


class FakeSuggest(QgsProcessingAlgorithm):
    """``lulc:suggest``'s parameters and output, with lattice places."""

    def name(self) -> str:
        return "suggest"

    def displayName(self) -> str:
        return "Where to label next (test stand-in)"

    def createInstance(self) -> FakeSuggest:
        return FakeSuggest()

    def initAlgorithm(self, config: Any = None) -> None:
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                "RASTERS", "Rasters", QgsProcessing.SourceType.TypeRaster
            )
        )
        self.addParameter(QgsProcessingParameterFile("MODEL", "Model"))
        self.addParameter(QgsProcessingParameterVectorLayer("LABELS", "Labels", optional=True))
        self.addParameter(QgsProcessingParameterNumber("COUNT", "Count", defaultValue=50))
        self.addParameter(
            QgsProcessingParameterEnum(
                "STRATEGY", "Strategy", ["margin", "entropy", "least confidence"], defaultValue=0
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                "MIN_DISTANCE", "Distance", QgsProcessingParameterNumber.Type.Double, 0.0, True
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                "DISTANCE_UNIT", "Unit", ["map units", "pixels"], defaultValue=1
            )
        )
        self.addParameter(QgsProcessingParameterBoolean("BALANCE", "Balance", True))
        self.addParameter(QgsProcessingParameterExtent("EXTENT", "Extent", optional=True))
        self.addParameter(QgsProcessingParameterVectorLayer("MASK", "Mask", optional=True))
        self.addParameter(QgsProcessingParameterNumber("SEED", "Seed", defaultValue=42))
        self.addParameter(
            QgsProcessingParameterFileDestination("OUTPUT", "Suggestions", "GeoPackage (*.gpkg)")
        )

    def processAlgorithm(self, parameters: Any, context: Any, feedback: Any) -> dict[str, Any]:
        raster = self.parameterAsLayerList(parameters, "RASTERS", context)[0]
        manifest = _manifest(self.parameterAsFile(parameters, "MODEL", context))
        count = self.parameterAsInt(parameters, "COUNT", context)
        labels = self.parameterAsVectorLayer(parameters, "LABELS", context)
        taken = []
        if labels is not None:
            to_raster = QgsCoordinateTransform(labels.crs(), raster.crs(), QgsProject.instance())
            for feature in labels.getFeatures():
                point = feature.geometry().centroid().asPoint()
                taken.append(to_raster.transform(point))
        extent = raster.extent()
        px, py = raster.rasterUnitsPerPixelX(), raster.rasterUnitsPerPixelY()
        text = manifest.get("label_type") == "text"
        field_type = "string" if text else "integer64"
        class_field = manifest.get("class_field", "class")
        template = QgsVectorLayer(  # the fields, whatever QGIS's field type spelling
            f"Point?crs={raster.crs().authid()}&field={class_field}:{field_type}"
            f"&field=predicted:{field_type}&field=predicted_name:string&field=confidence:double"
            "&field=margin:double&field=uncertainty:double&field=rank:integer",
            "suggestions",
            "memory",
        )
        fields = template.fields()
        output = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        options.layerName = "suggestions"
        writer = QgsVectorFileWriter.create(
            output, fields, template.wkbType(), raster.crs(), context.transformContext(), options
        )
        classes = manifest["classes"]
        rank = 0
        step = 37
        lattice = [
            (row, col)
            for row in range(step // 2, raster.height(), step)
            for col in range(step // 2, raster.width(), step)
        ]
        middle = (raster.height() / 2, raster.width() / 2)  # the middle first
        lattice.sort(key=lambda rc: (rc[0] - middle[0]) ** 2 + (rc[1] - middle[1]) ** 2)
        for row, col in lattice:
            if rank == count:
                break
            x = extent.xMinimum() + (col + 0.5) * px
            y = extent.yMaximum() - (row + 0.5) * py
            if any(abs(p.x() - x) < 3 * px and abs(p.y() - y) < 3 * py for p in taken):
                continue
            if not _valid(raster, QgsPointXY(x, y)):  # nodata is never suggested
                continue
            kind = classes[rank % len(classes)]
            feature = QgsFeature(fields)
            feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
            value = kind["name"] if text else kind["code"]
            confidence = 0.35 + 0.01 * rank
            feature.setAttributes([None, value, kind["name"], confidence, 0.05, 0.95, rank + 1])
            writer.addFeature(feature)
            rank += 1
        del writer
        return {"OUTPUT": output, "COUNT": rank}


def register() -> bool:
    """Add the stand-in to the ``lulc`` provider unless ``lulc:suggest`` exists; True if added."""
    registry = QgsApplication.processingRegistry()
    if registry.algorithmById("lulc:suggest") is not None:
        return False
    algorithm = FakeSuggest()
    _KEEP.append(algorithm)
    assert registry.providerById("lulc").addAlgorithm(algorithm)
    return True
