"""Writes tests/data/sample_train_predict.model3: a graphical model chaining lulc:sample ->
lulc:train -> lulc:predict, as a user would draw it in the modeler. Run headless:
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/make_chain_model.py
with this checkout importable as lulc_classifier (e.g. a plugins folder on PYTHONPATH).
"""

from __future__ import annotations

import sys
from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsProcessing,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterMultipleLayers,
)

TARGET = Path(__file__).resolve().parent.parent / "tests" / "data" / "sample_train_predict.model3"


def source(name: str) -> list[QgsProcessingModelChildParameterSource]:
    """A child parameter fed by a model input."""
    return [QgsProcessingModelChildParameterSource.fromModelParameter(name)]


def child_output(child: str, output: str) -> list[QgsProcessingModelChildParameterSource]:
    """A child parameter fed by another child's output."""
    return [QgsProcessingModelChildParameterSource.fromChildOutput(child, output)]


def build() -> QgsProcessingModelAlgorithm:
    """The model: inputs rasters, labels, class field; outputs map and model file."""
    model = QgsProcessingModelAlgorithm("Sample, train and predict", "LULC Classifier", "lulcchain")
    for param in (
        QgsProcessingParameterMultipleLayers(
            "rasters", "Rasters", QgsProcessing.SourceType.TypeRaster
        ),
        QgsProcessingParameterFeatureSource(
            "labels", "Labelled points", [QgsProcessing.SourceType.TypeVectorPoint]
        ),
        QgsProcessingParameterField("classfield", "Class field", parentLayerParameterName="labels"),
    ):
        model.addModelParameter(param, QgsProcessingModelParameter(param.name()))

    sample = QgsProcessingModelChildAlgorithm("lulc:sample")
    sample.setChildId("sample")
    sample.addParameterSources("RASTERS", source("rasters"))
    sample.addParameterSources("LABELS", source("labels"))
    sample.addParameterSources("CLASS_FIELD", source("classfield"))

    train = QgsProcessingModelChildAlgorithm("lulc:train")
    train.setChildId("train")
    train.addParameterSources("SAMPLES", child_output("sample", "OUTPUT"))
    train.addParameterSources("CLASS_FIELD", source("classfield"))
    train.addParameterSources(
        "ALGORITHM", [QgsProcessingModelChildParameterSource.fromStaticValue(0)]
    )
    model_file = QgsProcessingModelOutput("model", "Model file")
    model_file.setChildId("train")
    model_file.setChildOutputName("OUTPUT_MODEL")
    train.setModelOutputs({"model": model_file})

    predict = QgsProcessingModelChildAlgorithm("lulc:predict")
    predict.setChildId("predict")
    predict.addParameterSources("RASTERS", source("rasters"))
    predict.addParameterSources("MODEL", child_output("train", "OUTPUT_MODEL"))
    landcover = QgsProcessingModelOutput("landcover", "Land-cover map")
    landcover.setChildId("predict")
    landcover.setChildOutputName("OUTPUT")
    predict.setModelOutputs({"landcover": landcover})

    for child in (sample, train, predict):
        model.addChildAlgorithm(child)
    model.updateDestinationParameters()
    return model


def main() -> int:
    """Build and save the model."""
    app = QgsApplication([], False)
    app.initQgis()
    from lulc_classifier.processing_provider.provider import LulcProvider

    provider = LulcProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    model = build()
    ok = model.toFile(str(TARGET))
    print(TARGET if ok else "failed", [p.name() for p in model.destinationParameterDefinitions()])
    QgsApplication.processingRegistry().removeProvider(provider)
    app.exitQgis()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
