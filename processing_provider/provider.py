"""The ``lulc`` Processing provider."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..core.version import plugin_version
from . import model_cache
from .assess import AssessAlgorithm
from .classareas import ClassAreasAlgorithm
from .classify import ClassifyAlgorithm
from .legend import LegendAlgorithm
from .modelinfo import ModelInfoAlgorithm
from .predict import PredictAlgorithm
from .sample import SampleAlgorithm
from .segment import SegmentAlgorithm
from .smooth import SmoothAlgorithm
from .stack import StackAlgorithm
from .suggest import SuggestAlgorithm
from .train import TrainAlgorithm
from .validationpoints import ValidationPointsAlgorithm

ICON = str(Path(__file__).resolve().parent.parent / "icons" / "lulc.svg")


class LulcProvider(QgsProcessingProvider):
    """LULC Classifier algorithms."""

    def id(self) -> str:
        """Provider id: algorithms are ``lulc:<name>``."""
        return "lulc"

    def name(self) -> str:
        """Display name."""
        return "LULC Classifier"

    def icon(self) -> QIcon:
        """Toolbox icon."""
        return QIcon(ICON)

    def svgIconPath(self) -> str:
        """SVG icon path."""
        return ICON

    def versionInfo(self) -> str:
        """Plugin version from metadata.txt."""
        return plugin_version()

    def defaultVectorFileExtension(self, hasGeometry: bool = True) -> str:
        """Samples are GeoPackages."""
        return "gpkg"

    def defaultRasterFileExtension(self) -> str:
        """Maps are GeoTIFFs."""
        return "tif"

    def supportedOutputVectorLayerExtensions(self) -> list[str]:
        """Only what the engine writes."""
        return ["gpkg", "csv"]

    def supportedOutputRasterLayerExtensions(self) -> list[str]:
        """Only what the engine writes."""
        return ["tif"]

    def unload(self) -> None:
        """Release the model kept for the next run (the provider is removed)."""
        model_cache.forget()

    def loadAlgorithms(self) -> None:
        """The explicit list of algorithms."""
        for algorithm in (
            SampleAlgorithm(),
            TrainAlgorithm(),
            PredictAlgorithm(),
            ClassifyAlgorithm(),
            ModelInfoAlgorithm(),
            ValidationPointsAlgorithm(),
            SuggestAlgorithm(),
            AssessAlgorithm(),
            ClassAreasAlgorithm(),
            SmoothAlgorithm(),
            StackAlgorithm(),
            LegendAlgorithm(),
            SegmentAlgorithm(),
        ):
            self.addAlgorithm(algorithm)
