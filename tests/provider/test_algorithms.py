"""The lulc provider in headless QGIS: ids, help, every algorithm, bad input, cancel, styling."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
import rasterio

ALGORITHMS = [
    "lulc:assess",
    "lulc:classareas",
    "lulc:classify",
    "lulc:legend",
    "lulc:modelinfo",
    "lulc:predict",
    "lulc:sample",
    "lulc:segment",
    "lulc:smooth",
    "lulc:stack",
    "lulc:suggest",
    "lulc:train",
    "lulc:validationpoints",
]


def test_algorithm_ids_are_stable(qgis_app: Any) -> None:
    from qgis.core import QgsApplication

    provider = QgsApplication.processingRegistry().providerById("lulc")
    assert provider.name() == "LULC Classifier"
    assert sorted(a.id() for a in provider.algorithms()) == ALGORITHMS


@pytest.mark.parametrize("alg_id", ALGORITHMS)
def test_every_algorithm_and_parameter_has_help(qgis_app: Any, alg_id: str) -> None:
    from qgis.core import QgsApplication

    alg = QgsApplication.processingRegistry().algorithmById(alg_id)
    text = alg.shortHelpString()
    assert len(text) > 100
    for param in alg.parameterDefinitions():
        assert param.help().strip(), f"{alg_id} {param.name()} has no help"
        assert param.description() in text


def test_sample_train_predict(run: Any, synthetic: dict[str, Path], tmp_path: Path) -> None:
    samples = run(
        "lulc:sample",
        {
            "RASTERS": [str(synthetic["image"])],
            "LABELS": str(synthetic["labels"]),
            "CLASS_FIELD": "cls",
            "OUTPUT": str(tmp_path / "samples.gpkg"),
        },
    )
    assert Path(samples["OUTPUT"]).is_file()
    assert 0 < samples["SAMPLE_COUNT"] <= 60
    trained = run(
        "lulc:train",
        {
            "SAMPLES": samples["OUTPUT"],
            "CLASS_FIELD": "cls",
            "ALGORITHM": 2,
            "OUTPUT_MODEL": str(tmp_path / "model.lulcmodel"),
            "OUTPUT_REPORT": str(tmp_path / "report.html"),
        },
    )
    assert trained["OVERALL_ACCURACY"] >= 0.95
    assert trained["KAPPA"] >= 0.9
    assert "forest" in (tmp_path / "report.html").read_text()
    predicted = run(
        "lulc:predict",
        {
            "RASTERS": [str(synthetic["image"])],
            "MODEL": trained["OUTPUT_MODEL"],
            "OUTPUT": str(tmp_path / "map.tif"),
        },
    )
    with rasterio.open(predicted["OUTPUT"]) as src:
        band = src.read(1)
        assert (src.dtypes[0], src.nodata) == ("uint8", 255)
    assert band[5, 5] == 255
    assert set(band[:, :32].ravel()) - {255} == {2}  # water: text classes sorted, forest=1
    assert set(band[:, 32:].ravel()) == {1}
    assert Path(predicted["OUTPUT_STYLE"]).read_text().count("paletteEntry") == 2


def test_classify_on_real_data(run: Any, data_dir: Path, tmp_path: Path) -> None:
    folder = data_dir / "historical_map"
    result = run(
        "lulc:classify",
        {
            "RASTERS": [str(folder / "map_compress.tif")],
            "LABELS": str(folder / "train_points.gpkg"),
            "CLASS_FIELD": "Type",
            "OUTPUT": str(tmp_path / "map.tif"),
            "OUTPUT_MODEL": str(tmp_path / "model.lulcmodel"),
            "OUTPUT_REPORT": str(tmp_path / "report.html"),
        },
    )
    assert result["OVERALL_ACCURACY"] > 0.8
    assert result["OVERALL_ACCURACY_LOW"] < result["OVERALL_ACCURACY"]
    assert result["OVERALL_ACCURACY"] < result["OVERALL_ACCURACY_HIGH"] <= 1.0
    report = (tmp_path / "report.html").read_text()
    assert "Kappa" in report
    assert "Water" in report
    with rasterio.open(result["OUTPUT"]) as src, rasterio.open(folder / "map_compress.tif") as ref:
        assert (src.width, src.height, src.crs, src.transform) == (
            ref.width,
            ref.height,
            ref.crs,
            ref.transform,
        )


def _bad_cases(
    synthetic: dict[str, Path], tmp_path: Path
) -> dict[str, tuple[str, dict[str, Any], str]]:
    image, labels = str(synthetic["image"]), str(synthetic["labels"])
    base = {"RASTERS": [image], "LABELS": labels, "OUTPUT": str(tmp_path / "out.gpkg")}
    return {
        "missing field": ("lulc:sample", {**base, "CLASS_FIELD": "nope"}, "nope"),
        "empty field": ("lulc:sample", {**base, "CLASS_FIELD": "empty"}, "is empty"),
        "no label inside": (
            "lulc:sample",
            {**base, "LABELS": str(synthetic["outside"]), "CLASS_FIELD": "cls"},
            "falls inside the raster",
        ),
        "unwritable output": (
            "lulc:sample",
            {**base, "CLASS_FIELD": "cls", "OUTPUT": "/nonexistent/folder/out.gpkg"},
            "does not exist",
        ),
    }


@pytest.mark.parametrize(
    "case", ["missing field", "empty field", "no label inside", "unwritable output"]
)
def test_bad_sampling_input(
    run: Any, synthetic: dict[str, Path], tmp_path: Path, case: str
) -> None:
    from qgis.core import QgsProcessingException

    alg, params, expected = _bad_cases(synthetic, tmp_path)[case]
    with pytest.raises(QgsProcessingException, match=expected):
        run(alg, params)
    assert not list(tmp_path.iterdir()), "a failed run left files behind"


@pytest.fixture(scope="module")
def trained_model(qgis_app: Any, synthetic: dict[str, Path], tmp_path_factory: Any) -> Path:
    import processing

    folder = tmp_path_factory.mktemp("model")
    samples = processing.run(
        "lulc:sample",
        {
            "RASTERS": [str(synthetic["image"])],
            "LABELS": str(synthetic["labels"]),
            "CLASS_FIELD": "code",
            "OUTPUT": str(folder / "s.gpkg"),
        },
    )
    processing.run(
        "lulc:train",
        {
            "SAMPLES": samples["OUTPUT"],
            "CLASS_FIELD": "code",
            "ALGORITHM": 2,
            "OUTPUT_MODEL": str(folder / "m.lulcmodel"),
        },
    )
    return folder / "m.lulcmodel"


def test_fewer_than_two_classes(run: Any, synthetic: dict[str, Path], tmp_path: Path) -> None:
    from qgis.core import QgsProcessingException

    samples = run(
        "lulc:sample",
        {
            "RASTERS": [str(synthetic["image"])],
            "LABELS": str(synthetic["labels"]),
            "CLASS_FIELD": "one",
            "OUTPUT": str(tmp_path / "s.gpkg"),
        },
    )
    with pytest.raises(QgsProcessingException, match="1 class .*at least 2 are needed"):
        run(
            "lulc:train",
            {
                "SAMPLES": samples["OUTPUT"],
                "CLASS_FIELD": "one",
                "OUTPUT_MODEL": str(tmp_path / "m.lulcmodel"),
            },
        )
    assert not (tmp_path / "m.lulcmodel").exists()


def test_band_count_mismatch(
    run: Any, synthetic: dict[str, Path], trained_model: Path, tmp_path: Path
) -> None:
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match=r"trained on 3 bands .* have 2 bands"):
        run(
            "lulc:predict",
            {
                "RASTERS": [str(synthetic["two_bands"])],
                "MODEL": str(trained_model),
                "OUTPUT": str(tmp_path / "map.tif"),
            },
        )
    assert not list(tmp_path.iterdir())


def test_unwritable_model_output(run: Any, synthetic: dict[str, Path], tmp_path: Path) -> None:
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="does not exist"):
        run(
            "lulc:classify",
            {
                "RASTERS": [str(synthetic["image"])],
                "LABELS": str(synthetic["labels"]),
                "CLASS_FIELD": "cls",
                "OUTPUT": str(tmp_path / "map.tif"),
                "OUTPUT_MODEL": "/nonexistent/m.lulcmodel",
            },
        )
    assert not list(tmp_path.iterdir())


def test_cancel_stops_within_a_block_and_leaves_nothing(
    run: Any, data_dir: Path, trained_model: Path, tmp_path: Path, synthetic: dict[str, Path]
) -> None:
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    class CancelAfterFirstBlock(QgsProcessingFeedback):
        def setProgress(self, progress: float) -> None:
            super().setProgress(progress)
            if progress > 0:
                self.cancel()

    import numpy as np

    big = tmp_path / "big.tif"
    with rasterio.open(synthetic["image"]) as src:
        profile = {
            **src.profile,
            "width": 2048,
            "height": 2048,
            "tiled": True,
            "blockxsize": 256,
            "blockysize": 256,
        }
        data = np.tile(src.read(), (1, 32, 32))
    with rasterio.open(big, "w", **profile) as dst:
        dst.write(data)
    out = tmp_path / "out"
    out.mkdir()
    feedback = CancelAfterFirstBlock()
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        run(
            "lulc:predict",
            {
                "RASTERS": [str(big)],
                "MODEL": str(trained_model),
                "MAX_MEMORY_MB": 64,
                "OUTPUT": str(out / "map.tif"),
            },
            feedback,
        )
    assert feedback.progress() < 100
    assert not list(out.iterdir())


def test_predicted_layer_is_styled_on_load(
    qgis_app: Any, synthetic: dict[str, Path], trained_model: Path, tmp_path: Path
) -> None:
    """Processing loads outputs without their .qml; the post-processor names and colours classes."""
    from qgis.core import (
        QgsApplication,
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProcessingOutputLayerDefinition,
        QgsProcessingUtils,
        QgsProject,
    )

    alg = QgsApplication.processingRegistry().createAlgorithmById("lulc:predict")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    output = str(tmp_path / "map.tif")
    params = {
        "RASTERS": [str(synthetic["image"])],
        "MODEL": str(trained_model),
        "OUTPUT": QgsProcessingOutputLayerDefinition(output, QgsProject.instance()),
    }
    _, ok = alg.run(params, context, QgsProcessingFeedback())
    assert ok
    gc.collect()  # the post-processor's Python side must survive a collection
    details = context.layersToLoadOnCompletion()[output]
    layer = QgsProcessingUtils.mapLayerFromString(output, context)
    assert len(layer.renderer().classes()) == 256  # what QGIS shows without our styling
    details.postProcessor().postProcessLayer(layer, context, QgsProcessingFeedback())
    classes = layer.renderer().classes()
    assert layer.renderer().type() == "paletted"
    assert [(int(c.value), c.label) for c in classes] == [(1, "Class 1"), (2, "Class 2")]
    assert classes[0].color.name() != classes[1].color.name()
    del layer


def test_model3_chain_keeps_styling(
    qgis_app: Any, data_dir: Path, synthetic: dict[str, Path], tmp_path: Path
) -> None:
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProcessingModelAlgorithm,
        QgsProcessingOutputLayerDefinition,
        QgsProcessingUtils,
        QgsProject,
    )

    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(
        str(Path(__file__).parent.parent / "data" / "sample_train_predict.model3")
    )
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    output = str(tmp_path / "map.tif")
    params = {
        "rasters": [str(synthetic["image"])],
        "labels": str(synthetic["labels"]),
        "classfield": "cls",
        "predict:landcover": QgsProcessingOutputLayerDefinition(output, QgsProject.instance()),
        "train:model": str(tmp_path / "m.lulcmodel"),
    }
    results, ok = model.run(params, context, QgsProcessingFeedback())
    assert ok
    assert results["predict:landcover"] == output
    gc.collect()  # the post-processor's Python side must survive a collection
    details = context.layersToLoadOnCompletion()[output]
    layer = QgsProcessingUtils.mapLayerFromString(output, context)
    details.postProcessor().postProcessLayer(layer, context, QgsProcessingFeedback())
    assert [c.label for c in layer.renderer().classes()] == ["forest", "water"]
    del layer
