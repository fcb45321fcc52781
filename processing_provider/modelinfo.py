"""lulc:modelinfo: show a model file's manifest without loading its estimator."""

from __future__ import annotations

import json
from typing import Any

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
)

from ..core.model.model_file import read_manifest
from . import params
from .base import BaseAlgorithm
from .i18n import QT_TR_NOOP

#: Classes and bands listed, and characters of the manifest logged (a manifest can hold
#: thousands of bands and classes: the log stays readable and bounded).
SHOWN = 50
MAX_LOGGED = 20_000


def _some(names: list[str]) -> str:
    shown = ", ".join(names[:SHOWN])
    return shown + (f", ... and {len(names) - SHOWN} more" if len(names) > SHOWN else "")


class ModelInfoAlgorithm(BaseAlgorithm):
    """Print what a .lulcmodel file holds: bands, classes, accuracy, versions."""

    MODEL = "MODEL"
    MANIFEST = "MANIFEST"
    ALGORITHM = "ALGORITHM"
    BAND_COUNT = "BAND_COUNT"
    CLASS_COUNT = "CLASS_COUNT"
    OVERALL_ACCURACY = "OVERALL_ACCURACY"
    KAPPA = "KAPPA"
    TAGS = QT_TR_NOOP("model,manifest,metadata")
    PURPOSE = QT_TR_NOOP(
        "Shows the manifest of a model file (.lulcmodel) in the log: the algorithm and its "
        "settings, the bands it expects in order, the classes with names and colours, the CRS, "
        "the accuracy measured at training and the library versions. The estimator itself is "
        "not loaded, so this is safe on a file of unknown origin."
    )

    def name(self) -> str:
        """Stable id."""
        return "modelinfo"

    def displayName(self) -> str:
        """Toolbox name."""
        return self.tr("Model information")

    def initAlgorithm(self, config: Any = None) -> None:
        """The model file; string and number outputs."""
        self.add(
            *params.model_file(
                self.tr("A .lulcmodel file from lulc:train or lulc:classify."),
                self.MODEL,
            )
        )
        self.addOutput(QgsProcessingOutputString(self.MANIFEST, self.tr("Manifest (JSON)")))
        self.addOutput(QgsProcessingOutputString(self.ALGORITHM, self.tr("Algorithm")))
        self.addOutput(QgsProcessingOutputNumber(self.BAND_COUNT, self.tr("Number of bands")))
        self.addOutput(QgsProcessingOutputNumber(self.CLASS_COUNT, self.tr("Number of classes")))
        self.addOutput(
            QgsProcessingOutputNumber(self.OVERALL_ACCURACY, self.tr("Overall accuracy"))
        )
        self.addOutput(QgsProcessingOutputNumber(self.KAPPA, self.tr("Kappa")))

    def process(
        self, parameters: dict[str, Any], context: Any, feedback: Any, progress: Any
    ) -> dict[str, Any]:
        """Read the manifest, log it, return it."""
        manifest = read_manifest(self.parameterAsFile(parameters, self.MODEL, context))
        metrics = manifest.metrics or {}
        progress.log(f"Algorithm: {manifest.algorithm}")
        bands = manifest.bands
        progress.log(f"Bands ({len(bands)}): {_some(bands)}")
        if manifest.object_based:
            progress.log(
                "Object-based: it classifies segments from these features; lulc:predict needs "
                "the segment raster of the image (made by lulc:segment)."
            )
        classes = manifest.classes
        for item in classes[:SHOWN]:
            progress.log(f"Class {item['code']}: {item['name']} ({item['color']})")
        if len(classes) > SHOWN:
            progress.log(f"... and {len(classes) - SHOWN} more classes")
        progress.log(
            f"Accuracy ({metrics.get('validation', 'hold-out')}): overall "
            f"{metrics.get('overall_accuracy')}, kappa {metrics.get('kappa')}"
        )
        progress.log(f"Versions: {json.dumps(manifest.versions or {})}")
        text = json.dumps(manifest.to_json(), indent=2, ensure_ascii=False)
        if len(text) > MAX_LOGGED:
            # The whole manifest is in the MANIFEST output; the log shows its start.
            progress.log(f"{text[:MAX_LOGGED]}\n... ({len(text):,} characters in all)")
        else:
            progress.log(text)
        return {
            self.MANIFEST: text,
            self.ALGORITHM: manifest.algorithm,
            self.BAND_COUNT: manifest.band_count,
            self.CLASS_COUNT: len(manifest.classes),
            self.OVERALL_ACCURACY: metrics.get("overall_accuracy"),
            self.KAPPA: metrics.get("kappa"),
        }
