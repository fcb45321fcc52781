"""Object-based classification: sampling on segments, training, prediction per segment
(core/segment_samples.py, core/segment_predict.py, their hooks in samples, train, predict)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lulc_classifier.core.errors import InvalidInputError, ModelMismatchError
from lulc_classifier.core.model.model_file import load_model, read_manifest
from lulc_classifier.core.predict import PredictionOptions, predict_raster
from lulc_classifier.core.samples import SamplingOptions, sample_labels
from lulc_classifier.core.segment_features import segment_features
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    train_classifier,
)
from lulc_classifier.core.workflow import WorkflowFiles, WorkflowOptions, classify_image

from ..helpers import RecordingProgress, write_points, write_raster

rasterio = pytest.importorskip("rasterio")
pytest.importorskip("sklearn")

FIELD = 16  # fields of 16 x 16 pixels
SIDE = 8 * FIELD


def _scene(tmp_path: Path, noise: float = 60.0) -> dict[str, object]:
    """8 x 8 fields of 3 classes with noisy pixels; segments = the fields (ids spread out)."""
    rng = np.random.default_rng(3)
    truth_fields = rng.integers(1, 4, size=(8, 8))
    truth = np.kron(truth_fields, np.ones((FIELD, FIELD), dtype=int))
    means = {1: (300, 500, 200), 2: (360, 440, 260), 3: (420, 380, 320)}
    image = np.zeros((3, SIDE, SIDE), dtype=np.float32)
    for code, mean in means.items():
        for band in range(3):
            image[band][truth == code] = mean[band]
    image += rng.normal(0, noise, size=image.shape).astype(np.float32)
    image = np.clip(image, 1, None)
    image[:, 0, 0] = 0  # a nodata pixel
    yy, xx = np.mgrid[:SIDE, :SIDE]
    segments = ((yy // FIELD) * 8 + xx // FIELD + 1) * 1000  # ids not consecutive
    cells: list[tuple[int, int, object]] = []
    for r in range(8):
        for c in range(0, 8, 2):  # every other field is labelled, three points each
            for dr, dc in ((3, 3), (8, 8), (12, 4)):
                cells.append((r * FIELD + dr, c * FIELD + dc, int(truth_fields[r, c])))
    return {
        "image": write_raster(tmp_path / "image.tif", image, nodata=0, tile=16),
        "segments": write_raster(
            tmp_path / "segments.tif", segments[None].astype(np.uint32), tile=16
        ),
        "labels": write_points(tmp_path / "labels.gpkg", cells),
        "truth": truth,
        "segment_array": segments,
    }


def _train(table: Path, model: Path, seed: int = 0) -> object:
    return train_classifier(
        SampleSource(str(table), "cls"),
        TrainingFiles(model),
        options=TrainingOptions(
            algorithm="random_forest", hyperparameters={"n_estimators": 50}, seed=seed, n_jobs=1
        ),
    )


def test_sampling_majority_and_conflicts(tmp_path: Path) -> None:
    image = write_raster(
        tmp_path / "image.tif", np.full((1, 32, 32), 5, dtype=np.float32), nodata=0
    )
    segments = np.zeros((32, 32), dtype=np.uint32)
    segments[:16, :16], segments[:16, 16:], segments[16:, :16] = 7, 8, 9  # last quarter: none
    seg = write_raster(tmp_path / "seg.tif", segments[None])
    cells: list[tuple[int, int, object]] = [
        *[(r, 2, "forest") for r in range(3)],  # segment 7: 3 forest, 1 water -> forest
        (5, 5, "water"),
        (2, 20, "water"),  # segment 8: a tie -> dropped
        (3, 20, "forest"),
        (20, 2, "water"),  # segment 9: water only
        (20, 3, "water"),
        (20, 20, "forest"),  # no segment
    ]
    labels = write_points(tmp_path / "labels.gpkg", cells)
    progress = RecordingProgress()
    result = sample_labels(
        [image],
        labels,
        "cls",
        options=SamplingOptions(segments_path=str(seg)),
        output_path=tmp_path / "samples.gpkg",
        progress=progress,
    )
    frame = result.frame.sort_values("segment_id")
    assert frame["segment_id"].tolist() == [7, 9]
    assert frame["cls"].tolist() == ["forest", "water"]
    assert "b1_mean" in frame.columns
    assert "shape" in frame.columns
    assert np.allclose(frame[["x", "y"]].to_numpy()[0], [500080.0, 4099920.0])
    warning = " ".join(progress.warnings)
    assert "2 labelled segments hold labels of several classes" in warning
    assert "1 went to the class with more than half" in warning
    assert "1 (a tie" in warning
    assert "segment 7 (forest: 3, water: 1)" in warning
    assert "segment 8" in warning
    assert any("Object-based: 3 labelled segments" in m for m in progress.messages)
    tally = {t.value: t for t in result.tallies}
    assert tally["forest"].kept == 1
    assert tally["forest"].nodata == 1
    assert tally["forest"].conflicts == 1
    assert tally["water"].conflicts == 2
    from lulc_classifier.core.sample_table import read_sampling_metadata

    metadata = read_sampling_metadata(tmp_path / "samples.gpkg")
    assert metadata["segments"]["raster"] == "seg.tif"
    assert metadata["segments"]["features"] == ["b1_mean", "b1_std", "area", "shape"]


def test_all_labels_in_conflict_or_off_segments_are_refused(tmp_path: Path) -> None:
    image = write_raster(tmp_path / "image.tif", np.ones((1, 16, 16), dtype=np.float32))
    segments = np.ones((1, 16, 16), dtype=np.uint32)
    segments[0, 8:] = 0
    seg = write_raster(tmp_path / "seg.tif", segments)
    tie = write_points(tmp_path / "tie.gpkg", [(1, 1, 1), (2, 2, 2)])
    with pytest.raises(InvalidInputError, match="all were dropped"):
        sample_labels([image], tie, "cls", options=SamplingOptions(segments_path=str(seg)))
    off = write_points(tmp_path / "off.gpkg", [(10, 1, 1), (12, 2, 2)])
    with pytest.raises(InvalidInputError, match="falls in a segment"):
        sample_labels([image], off, "cls", options=SamplingOptions(segments_path=str(seg)))


def test_object_model_round_trip_and_map(tmp_path: Path) -> None:
    scene = _scene(tmp_path)
    sample_labels(
        [scene["image"]],
        scene["labels"],
        "cls",
        options=SamplingOptions(segments_path=str(scene["segments"])),
        output_path=tmp_path / "samples.gpkg",
    )
    progress = RecordingProgress()
    train_classifier(
        SampleSource(str(tmp_path / "samples.gpkg"), "cls"),
        TrainingFiles(tmp_path / "m.lulcmodel"),
        options=TrainingOptions(hyperparameters={"n_estimators": 30}, n_jobs=1),
        progress=progress,
    )
    assert any("Object-based: 32 segments" in m for m in progress.messages)
    manifest = read_manifest(tmp_path / "m.lulcmodel")
    assert manifest.object_based is True
    assert manifest.segment_features == [
        *(f"b{b}_{s}" for b in (1, 2, 3) for s in ("mean", "std")),
        "area",
        "shape",
    ]
    assert manifest["object_based"] is True
    model = load_model(tmp_path / "m.lulcmodel")
    out = tmp_path / "map.tif"
    result = predict_raster(
        [scene["image"]],
        model,
        out,
        options=PredictionOptions(
            segments_path=str(scene["segments"]),
            confidence_path=str(tmp_path / "conf.tif"),
            probabilities_path=str(tmp_path / "proba.tif"),
            area_table_path=str(tmp_path / "areas.csv"),
            max_memory_mb=1,
        ),
    )
    with rasterio.open(out) as src:
        classes = src.read(1)
        assert src.nodata == 255
        assert src.colormap(1)
    segs = scene["segment_array"]
    assert classes[0, 0] == 255  # nodata pixel
    for seg in np.unique(segs):
        values = classes[(segs == seg)]
        assert np.unique(values[values != 255]).size == 1  # one class per segment
    assert np.mean(classes[classes != 255] == scene["truth"][classes != 255]) > 0.95
    with rasterio.open(tmp_path / "conf.tif") as src:
        confidence = src.read(1)
    for seg in np.unique(segs)[:5]:
        values = confidence[segs == seg]
        assert np.unique(values[values != 255]).size == 1
    with rasterio.open(tmp_path / "proba.tif") as src:
        assert src.count == len(result.legend)
    assert Path(result.qml_path).exists()
    assert (tmp_path / "areas.csv").exists()
    assert sum(result.pixel_counts.values()) == SIDE * SIDE - 1


def test_spatial_blocks_use_the_centroids_and_the_report_says_object_based(
    tmp_path: Path,
) -> None:
    scene = _scene(tmp_path)
    sample_labels(
        [scene["image"]],
        scene["labels"],
        "cls",
        options=SamplingOptions(segments_path=str(scene["segments"])),
        output_path=tmp_path / "objects.gpkg",
    )
    result = train_classifier(
        SampleSource(str(tmp_path / "objects.gpkg"), "cls"),
        TrainingFiles(tmp_path / "m.lulcmodel", report_path=tmp_path / "report.html"),
        options=TrainingOptions(
            validation="spatial_blocks",
            block_size=FIELD * 10 * 2,
            folds=3,
            hyperparameters={"n_estimators": 10},
            n_jobs=1,
        ),
    )
    assert result.n_samples == 32
    assert result.accuracy.n_test == 32  # every segment tested once, its block held out
    assert len(result.accuracy.fold_overall_accuracy) == 3
    assert "yes: 32 segments, one sample each" in (tmp_path / "report.html").read_text()


def test_segment_and_pixel_models_refuse_the_other_input(tmp_path: Path) -> None:
    scene = _scene(tmp_path)
    sample_labels(
        [scene["image"]],
        scene["labels"],
        "cls",
        options=SamplingOptions(segments_path=str(scene["segments"])),
        output_path=tmp_path / "objects.gpkg",
    )
    _train(tmp_path / "objects.gpkg", tmp_path / "objects.lulcmodel")
    with pytest.raises(ModelMismatchError, match=r"This model classifies segments.*SEGMENTS\)\."):
        predict_raster([scene["image"]], tmp_path / "objects.lulcmodel", tmp_path / "a.tif")
    assert not (tmp_path / "a.tif").exists()
    sample_labels([scene["image"]], scene["labels"], "cls", output_path=tmp_path / "pixels.gpkg")
    _train(tmp_path / "pixels.gpkg", tmp_path / "pixels.lulcmodel")
    assert read_manifest(tmp_path / "pixels.lulcmodel").object_based is None
    with pytest.raises(ModelMismatchError, match="This model classifies pixels"):
        predict_raster(
            [scene["image"]],
            tmp_path / "pixels.lulcmodel",
            tmp_path / "b.tif",
            options=PredictionOptions(segments_path=str(scene["segments"])),
        )
    from lulc_classifier.core.suggest import suggest_labels

    with pytest.raises(ModelMismatchError, match="classifies segments.*suggestions rank pixels"):
        suggest_labels([scene["image"]], tmp_path / "objects.lulcmodel", tmp_path / "s.gpkg")
    with pytest.raises(InvalidInputError, match="leave the resolution empty"):
        PredictionOptions(segments_path=str(scene["segments"]), resolution=20.0)


def test_object_based_beats_pixels_on_noisy_fields(tmp_path: Path) -> None:
    scene = _scene(tmp_path, noise=90.0)
    truth = scene["truth"]
    accuracy = {}
    for name, segments in (("pixels", None), ("objects", str(scene["segments"]))):
        result = classify_image(
            [scene["image"]],
            scene["labels"],
            "cls",
            WorkflowFiles(tmp_path / f"{name}.tif", TrainingFiles(tmp_path / f"{name}.lulcmodel")),
            options=WorkflowOptions(
                sampling=SamplingOptions(segments_path=segments),
                training=TrainingOptions(hyperparameters={"n_estimators": 50}, n_jobs=1),
            ),
        )
        with rasterio.open(result.classification.output_path) as src:
            classes = src.read(1)
        accuracy[name] = float(np.mean(classes[classes != 255] == truth[classes != 255]))
    assert accuracy["objects"] >= accuracy["pixels"]
    assert accuracy["objects"] > 0.9


def test_extent_and_features_of_a_model_recipe(tmp_path: Path) -> None:
    """An extent predicts segments cut by it from their part inside; ids of the map are the
    segments' everywhere."""
    scene = _scene(tmp_path)
    classify_image(
        [scene["image"]],
        scene["labels"],
        "cls",
        WorkflowFiles(tmp_path / "full.tif", TrainingFiles(tmp_path / "m.lulcmodel")),
        options=WorkflowOptions(
            sampling=SamplingOptions(segments_path=str(scene["segments"])),
            training=TrainingOptions(hyperparameters={"n_estimators": 20}, n_jobs=1),
        ),
    )
    progress = RecordingProgress()
    extent = (500000.0 + 40 * 10, 4100000.0 - 100 * 10, 500000.0 + 100 * 10, 4100000.0 - 20 * 10)
    predict_raster(
        [scene["image"]],
        tmp_path / "m.lulcmodel",
        tmp_path / "part.tif",
        options=PredictionOptions(segments_path=str(scene["segments"]), extent=extent),
        progress=progress,
    )
    with rasterio.open(tmp_path / "part.tif") as src:
        assert (src.width, src.height) == (60, 80)
    assert any("described by their part inside" in m for m in progress.messages)
    assert segment_features([scene["image"]], scene["segments"]).ids.size == 64


@pytest.mark.parametrize("after", [2, 64, 65, 66])  # of 67 checks: early and late
def test_cancel_during_features_or_writing_leaves_nothing(tmp_path: Path, after: int) -> None:
    from lulc_classifier.core.errors import Cancelled

    scene = _scene(tmp_path)
    sample_labels(
        [scene["image"]],
        scene["labels"],
        "cls",
        options=SamplingOptions(segments_path=str(scene["segments"])),
        output_path=tmp_path / "objects.gpkg",
    )
    _train(tmp_path / "objects.gpkg", tmp_path / "m.lulcmodel")
    progress = RecordingProgress(cancel_after=after)
    with pytest.raises(Cancelled):
        predict_raster(
            [scene["image"]],
            tmp_path / "m.lulcmodel",
            tmp_path / "map.tif",
            options=PredictionOptions(
                segments_path=str(scene["segments"]),
                confidence_path=str(tmp_path / "conf.tif"),
                max_memory_mb=0.05,
            ),
            progress=progress,
        )
    assert not (tmp_path / "map.tif").exists()
    assert not (tmp_path / "conf.tif").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["image.tif", "segments.tif", "labels.gpkg", "objects.gpkg", "m.lulcmodel"]
    )


def test_manifest_fields_are_checked() -> None:
    from lulc_classifier.core.errors import ModelFileError
    from lulc_classifier.core.model.manifest import validate_manifest

    base = {"bands": ["b1_mean"], "classes": [{"code": 1, "name": "a", "color": "#112233"}]}
    assert validate_manifest(base, "old.lulcmodel").object_based is None  # old models: pixels
    good = validate_manifest(
        {**base, "object_based": True, "segment_features": ["b1_mean"]}, "m.lulcmodel"
    )
    assert good.segment_features == ["b1_mean"]
    with pytest.raises(ModelFileError, match="'object_based' must be true or false"):
        validate_manifest({**base, "object_based": "yes"}, "m.lulcmodel")
    with pytest.raises(ModelFileError, match="'segment_features"):
        validate_manifest({**base, "segment_features": [""]}, "m.lulcmodel")
