"""The pattern-only synthetic scene of issue 20 (tests/synthetic_pattern.py): its classes have the
same mean spectra, so a classifier of single pixels is at chance under spatial cross-validation."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import rasterio

from lulc_classifier.core.samples import SamplingOptions, sample_labels
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    train_classifier,
)

from ..synthetic_pattern import NOISE, pattern_image, write_pattern_scene


def test_the_classes_have_the_same_mean_spectrum() -> None:
    image, classes = pattern_image(120, seed=0)
    means = np.array([image[:, classes == c].mean(axis=1) for c in (1, 2, 3)])
    spreads = np.array([image[:, classes == c].std(axis=1) for c in (1, 2, 3)])
    assert np.abs(means - means.mean(axis=0)).max() < 3 * NOISE / np.sqrt(1000)
    assert np.abs(spreads - spreads.mean(axis=0)).max() < NOISE / 5


def test_the_scene_has_several_polygons_of_each_class(tmp_path: Path) -> None:
    raster, labels = write_pattern_scene(tmp_path, size=120)
    with rasterio.open(raster) as src:
        assert (src.count, src.width, src.height, src.dtypes[0]) == (3, 120, 120, "float32")
        assert src.crs.to_epsg() == 32633
        assert src.res == (10.0, 10.0)
    counts = gpd.read_file(labels)["class"].value_counts()
    assert sorted(counts.index) == [1, 2, 3]
    assert counts.min() >= 4


def test_a_pixel_only_random_forest_is_near_chance(tmp_path: Path) -> None:
    raster, labels = write_pattern_scene(tmp_path, size=120)
    samples = sample_labels(
        [raster], labels, "class", options=SamplingOptions(max_per_feature=60, seed=1)
    )
    trained = train_classifier(
        SampleSource(samples.table, "class", metadata=samples.metadata),
        TrainingFiles(tmp_path / "rf.lulcmodel"),
        options=TrainingOptions(
            validation="spatial_features",
            folds=4,
            hyperparameters={"n_estimators": 50},
            n_jobs=1,
        ),
    )
    assert trained.accuracy.overall_accuracy < 0.55
