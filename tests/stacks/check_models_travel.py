"""Cross-stack check run by scripts/test.sh (not part of the plain suite): models trained on
one supported stack predict on another.

Each stack runs ``-k train`` (sample the bundled historical map, train every estimator, and
classify the image: ``$LULC_XSTACK_DIR/<stack>/``), then ``-k predict``: every model from
every other stack found there classifies the same image here, and the map is compared with
the one its own stack made. A model this scikit-learn rebuilds must give the same map; one
it refits from its training table (model_io) must say so, and the share of pixels that
differ is measured and written to ``<here>/from-<other>.json`` (and printed).
``LULC_XSTACK_EXPECT`` names the stacks that must be found (a failure otherwise).
"""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lulc_classifier.core.model.estimators import PATCH_MODELS, REGISTRY
from lulc_classifier.core.model.model_file import library_versions, load_model
from lulc_classifier.core.predict import PredictionOptions, predict_raster
from lulc_classifier.core.samples import SamplingOptions, sample_labels
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    train_classifier,
)

from ..helpers import RecordingProgress

DATA = Path(__file__).resolve().parents[2] / "data" / "historical_map"
IMAGE = DATA / "map_compress.tif"
#: Largest share of pixels a refitted model may classify differently from the original.
REFIT_TOLERANCE = 0.02


def stack_name() -> str:
    """``debian-12-sklearn-1.2.1``: the distribution and the scikit-learn of this stack (in a
    chroot of scripts/stack.sh, its stack id: sid has no version number)."""
    marker = Path("/.lulc-chroot")
    if marker.is_file():
        system = marker.read_text().strip()
    else:
        release = (
            platform.freedesktop_os_release() if hasattr(platform, "freedesktop_os_release") else {}
        )
        system = f"{release.get('ID', 'linux')}-{release.get('VERSION_ID', 'unknown')}"
    return f"{system}-sklearn-{library_versions()['sklearn']}"


@pytest.fixture(scope="module")
def exchange() -> Path:
    folder = os.environ.get("LULC_XSTACK_DIR")
    if not folder:
        pytest.fail("LULC_XSTACK_DIR is not set: run this through scripts/test.sh")
    return Path(folder)


def algorithms() -> list[str]:
    return [k for k, spec in REGISTRY.items() if not spec.package or spec.available()]


def read_map(path: Path) -> Any:
    import rasterio

    with rasterio.open(path) as src:
        return src.read(1)


def test_train(exchange: Path) -> None:
    out = exchange / stack_name()
    out.mkdir(parents=True, exist_ok=True)
    samples = sample_labels([IMAGE], DATA / "train_points.gpkg", "Type")
    # the convolutional network learns from patches (a small one: its graph is what travels)
    patches = sample_labels(
        [IMAGE], DATA / "train_points.gpkg", "Type", options=SamplingOptions(patch_size=5)
    )
    for key in algorithms():
        model = out / f"{key}.lulcmodel"
        network = key in PATCH_MODELS
        chosen = patches if network else samples
        train_classifier(
            SampleSource(
                chosen.table,
                "Type",
                crs_wkt=chosen.crs_wkt,
                metadata=chosen.metadata,
                patches=chosen.patches,
            ),
            TrainingFiles(model),
            options=TrainingOptions(
                algorithm=key,
                seed=7,
                hyperparameters={"epochs": 5, "width": 8} if network else {},
            ),
        )
        predict_raster([IMAGE], model, out / f"{key}.tif", options=PredictionOptions())
    (out / "done.json").write_text(
        json.dumps({"stack": stack_name(), "algorithms": algorithms(), **library_versions()})
    )


def test_predict(exchange: Path, tmp_path: Path) -> None:
    here = stack_name()
    others = sorted(p for p in exchange.iterdir() if p.name != here and (p / "done.json").is_file())
    expected = [s for s in os.environ.get("LULC_XSTACK_EXPECT", "").split() if s]
    for name in expected:
        assert any(p.name.startswith(name) for p in others), f"no models from {name} in {exchange}"
    for other in others:
        made = json.loads((other / "done.json").read_text())
        results = {}
        for key in made["algorithms"]:
            if key not in algorithms():
                continue  # an optional extra not installed here
            progress = RecordingProgress()
            model = load_model(other / f"{key}.lulcmodel", progress=progress)
            out = tmp_path / f"{other.name}-{key}.tif"
            predict_raster([IMAGE], model, out, options=PredictionOptions())
            theirs, ours = read_map(other / f"{key}.tif"), read_map(out)
            differ = float(np.mean(theirs != ours))
            refitted = "refitted" in model.manifest
            results[key] = {
                "refitted": refitted,
                "pixels_differing": int((theirs != ours).sum()),
                "share_differing": differ,
                "pixels": int(theirs.size),
            }
            if refitted:
                assert any("refitted" in w for w in progress.warnings), key
                assert differ <= REFIT_TOLERANCE, f"{key}: {differ:.2%} of the pixels differ"
            else:
                assert differ == 0.0, f"{key} was rebuilt as saved but {differ:.4%} differ"
        report = exchange / here / f"from-{other.name}.json"
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(json.dumps(results, indent=2))
        print(f"\nModels from {other.name} predicting on {here}:")
        for key, r in results.items():
            how = "refitted from its table" if r["refitted"] else "rebuilt as saved"
            print(
                f"  {key:24s} {how:24s} {r['pixels_differing']:7d} of {r['pixels']} pixels "
                f"differ ({r['share_differing']:.3%})"
            )
