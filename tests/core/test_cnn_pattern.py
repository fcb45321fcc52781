"""Issue 20's evidence as a test: on the pattern-only synthetic scene (tests/synthetic_pattern.py:
three classes with the same spectra, told apart only by their pattern), the convolutional network
on 9 x 9 patches separates the classes under spatial cross-validation by label feature, where a
random forest on the same samples' pixel values is near chance."""

from __future__ import annotations

from pathlib import Path

# scripts/apt-packages.txt and requirements-dev.txt install them: missing, a failure, not a skip
import onnxruntime  # noqa: F401
import torch  # noqa: F401

from lulc_classifier.core.samples import SamplingOptions, sample_labels
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    train_classifier,
)

from ..synthetic_pattern import write_pattern_scene


def test_the_network_separates_patterns_a_pixel_classifier_cannot(tmp_path: Path) -> None:
    # 96 x 96 pixels: 4 x 4 regions of 24 pixels, 5 or 6 labelled polygons per class
    raster, labels = write_pattern_scene(tmp_path, size=96)
    samples = sample_labels(
        [raster], labels, "class", options=SamplingOptions(max_per_feature=40, seed=1, patch_size=9)
    )
    # one thread: the test stays fast when other processes share the cores
    common = {"validation": "spatial_features", "folds": 3, "n_jobs": 1}
    network = train_classifier(
        SampleSource(samples.table, "class", metadata=samples.metadata, patches=samples.patches),
        TrainingFiles(tmp_path / "cnn.lulcmodel"),
        options=TrainingOptions(algorithm="cnn", hyperparameters={"epochs": 20}, **common),
    )
    pixels = train_classifier(
        SampleSource(samples.table, "class", metadata=samples.metadata),
        TrainingFiles(tmp_path / "rf.lulcmodel"),
        options=TrainingOptions(hyperparameters={"n_estimators": 20}, **common),
    )
    assert network.accuracy.folds == pixels.accuracy.folds == 3
    assert network.accuracy.overall_accuracy > 0.9
    assert network.accuracy.overall_accuracy_ci[0] > 0.85
    assert pixels.accuracy.overall_accuracy < 0.55
