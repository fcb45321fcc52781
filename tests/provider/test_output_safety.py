"""Through Processing: a destination never overwrites an input or another destination, a run
that fails or is cancelled says truly what it wrote, and I/O errors are sentences."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path
from typing import Any

import pytest

from lulc_classifier.core.errors import DiskFullError

from ..helpers import write_raster

pytestmark = pytest.mark.slow


@pytest.fixture
def scene(synthetic: dict[str, Path], tmp_path: Path) -> dict[str, Path]:
    """Copies of the synthetic image and labels, and a model, in a folder of their own."""
    from lulc_classifier.core.train import TrainingFiles
    from lulc_classifier.core.workflow import WorkflowFiles, classify_image

    folder = tmp_path / "in"
    folder.mkdir()
    image = Path(shutil.copy(synthetic["image"], folder / "image.tif"))
    labels = Path(shutil.copy(synthetic["labels"], folder / "labels.gpkg"))
    model = folder / "model.lulcmodel"
    classify_image(
        [image],
        labels,
        "cls",
        WorkflowFiles(output_path=tmp_path / "m.tif", training=TrainingFiles(model)),
    )
    return {"image": image, "labels": labels, "model": model}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def failure(run: Any, alg: str, params: dict[str, Any], feedback: Any = None) -> str:
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException) as caught:
        run(alg, params, feedback)
    message = str(caught.value)
    assert "Traceback" not in message
    return message


def classify_params(scene: dict[str, Path], out: Path, **extra: Any) -> dict[str, Any]:
    return {
        "RASTERS": [str(scene["image"])],
        "LABELS": str(scene["labels"]),
        "CLASS_FIELD": "cls",
        "OUTPUT": str(out / "map.tif"),
        "OUTPUT_MODEL": str(out / "model.lulcmodel"),
        "OUTPUT_REPORT": str(out / "report.html"),
        **extra,
    }


def test_predict_refuses_to_write_over_its_input(run: Any, scene: dict[str, Path]) -> None:
    image = scene["image"].read_bytes()
    params = {"RASTERS": [str(scene["image"])], "MODEL": str(scene["model"])}
    message = failure(run, "lulc:predict", {**params, "OUTPUT": str(scene["image"])})
    assert message.startswith(f"The output OUTPUT '{scene['image']}' is the same file as the input")
    assert "RASTERS" in message
    assert scene["image"].read_bytes() == image


def test_classify_refuses_a_report_over_the_labels(
    run: Any, scene: dict[str, Path], out: Path
) -> None:
    labels = scene["labels"].read_bytes()
    params = classify_params(scene, out, OUTPUT_REPORT=str(scene["labels"]))
    message = failure(run, "lulc:classify", params)
    assert "OUTPUT_REPORT" in message
    assert "the input LABELS" in message
    assert str(scene["labels"]) in message
    assert scene["labels"].read_bytes() == labels
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(
    ("alg", "extra", "names"),
    [
        ("lulc:predict", {"OUTPUT_AREAS": "map.qml"}, ("OUTPUT_AREAS", "style file", "OUTPUT")),
        ("lulc:predict", {"OUTPUT_CONFIDENCE": "map.tif"}, ("OUTPUT_CONFIDENCE", "OUTPUT")),
        ("lulc:classify", {"OUTPUT_CONFIDENCE": "map.tif"}, ("OUTPUT_CONFIDENCE", "OUTPUT")),
        (
            "lulc:classify",
            {"OUTPUT_METRICS": "model.lulcmodel"},
            ("OUTPUT_METRICS", "OUTPUT_MODEL"),
        ),
    ],
)
def test_two_destinations_with_one_path_are_refused(
    run: Any,
    scene: dict[str, Path],
    out: Path,
    alg: str,
    extra: dict[str, str],
    names: tuple[str, ...],
) -> None:
    (out / "map.qml").write_text("the user's style")
    extra = {k: str(out / v) for k, v in extra.items()}
    if alg == "lulc:predict":
        params = {"RASTERS": [str(scene["image"])], "MODEL": str(scene["model"])}
        params |= {"OUTPUT": str(out / "map.tif"), **extra}
    else:
        params = classify_params(scene, out, **extra)
    message = failure(run, alg, params)
    assert "one would overwrite the other" in message
    for name in names:
        assert name in message
    assert sorted(p.name for p in out.iterdir()) == ["map.qml"]
    assert (out / "map.qml").read_text() == "the user's style"


def test_truncated_geotiff_is_named(run: Any, scene: dict[str, Path], out: Path) -> None:
    import numpy as np

    cut = out.parent / "cut.tif"
    data = np.random.default_rng(0).integers(1, 999, (3, 256, 256)).astype(np.uint16)
    write_raster(cut, data, nodata=0, tile=16)
    with open(cut, "r+b") as handle:
        handle.truncate(cut.stat().st_size // 2)
    params = {"RASTERS": [str(cut)], "MODEL": str(scene["model"]), "OUTPUT": str(out / "m.tif")}
    message = failure(run, "lulc:predict", params)
    assert message.startswith(f"Cannot read the raster '{cut}'")
    assert "truncated, damaged or on a failing disk" in message
    assert list(out.iterdir()) == []


def test_cancel_during_classify_prediction_writes_nothing(
    run: Any, scene: dict[str, Path], out: Path
) -> None:
    from qgis.core import QgsProcessingFeedback

    from lulc_classifier.core.workflow import TRAINED

    feedback = QgsProcessingFeedback()

    def cancel_in_prediction(percent: float) -> None:
        if percent >= 100 * TRAINED:  # classify: sampling, training, then prediction
            feedback.cancel()  # seen by the prediction's first check, model and report staged

    feedback.progressChanged.connect(cancel_in_prediction)
    message = failure(run, "lulc:classify", classify_params(scene, out), feedback)
    assert message == "Cancelled by the user; no output was written."
    assert list(out.iterdir()) == []


def test_train_refuses_an_unwritable_model_before_any_work(
    run: Any, scene: dict[str, Path], out: Path, tmp_path: Path
) -> None:
    from lulc_classifier.core.samples import sample_labels

    samples = tmp_path / "samples.gpkg"
    sample_labels([scene["image"]], scene["labels"], "cls", output_path=samples)
    blocker = out / "file"
    blocker.write_text("not a folder")
    params = {
        "SAMPLES": str(samples),
        "CLASS_FIELD": "cls",
        "OUTPUT_MODEL": str(blocker / "model.lulcmodel"),
        "OUTPUT_REPORT": str(out / "report.html"),
    }
    message = failure(run, "lulc:train", params)
    assert f"'{blocker}' is a file, not a folder" in message
    assert sorted(p.name for p in out.iterdir()) == ["file"]


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux /sys")
def test_permission_denied_is_a_sentence(run: Any, scene: dict[str, Path]) -> None:
    params = {"RASTERS": [str(scene["image"])], "MODEL": str(scene["model"])}
    params |= {"OUTPUT": str(scene["image"].parent / "map.tif")}
    message = failure(run, "lulc:predict", {**params, "OUTPUT_AREAS": "/sys/areas.csv"})
    assert message.startswith("Permission denied for the output OUTPUT_AREAS '/sys/areas.csv'")


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (OSError(errno.ENOSPC, "No space left on device", "/data/x.lulcmodel"), "disk is full"),
        (PermissionError(errno.EACCES, "Permission denied", "/data/x.lulcmodel"), "Permission"),
        (MemoryError(), "Not enough memory for this run"),
        (DiskFullError("The disk is full: could not write the model file."), "The disk is full"),
    ],
)
def test_io_errors_escaping_the_engine_are_sentences(
    run: Any,
    scene: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
    expected: str,
) -> None:
    from lulc_classifier.processing_provider import modelinfo

    def broken(path: Any) -> Any:
        raise error

    monkeypatch.setattr(modelinfo, "read_manifest", broken)
    message = failure(run, "lulc:modelinfo", {"MODEL": str(scene["model"])})
    assert expected in message
    assert "Errno" not in message


def test_rasterio_errors_escaping_the_engine_are_sentences(
    run: Any, scene: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from rasterio.errors import RasterioIOError

    from lulc_classifier.processing_provider import modelinfo

    def broken(path: Any) -> Any:
        raise RasterioIOError("/data/map.tif: TIFFReadDirectory: Failed to read directory")

    monkeypatch.setattr(modelinfo, "read_manifest", broken)
    message = failure(run, "lulc:modelinfo", {"MODEL": str(scene["model"])})
    assert message.startswith("Input/output error on a file: /data/map.tif: TIFFReadDirectory")


def test_an_unexpected_error_is_a_sentence_and_its_traceback_goes_to_the_log(
    run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No traceback reaches the user from any algorithm, even a bug's."""
    from qgis.core import QgsApplication, QgsProcessingException

    import lulc_classifier.processing_provider.modelinfo as modelinfo

    def broken(path: object) -> None:
        raise KeyError("oops")

    logged: list[str] = []
    QgsApplication.messageLog().messageReceived.connect(
        lambda message, tag, level: logged.append(f"{tag}: {message}")
    )
    monkeypatch.setattr(modelinfo, "read_manifest", broken)
    model = tmp_path / "m.lulcmodel"
    model.write_bytes(b"x")
    with pytest.raises(QgsProcessingException) as info:
        run("lulc:modelinfo", {"MODEL": str(model)})
    message = str(info.value)
    assert "An unexpected error stopped the run (KeyError: 'oops')" in message
    assert "Traceback" not in message
    assert any(m.startswith("LULC Classifier: Traceback") for m in logged)
