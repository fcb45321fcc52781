"""Convolutional patch network benchmark (issue 20): accuracy under spatial cross-validation and
prediction speed against plain ONNX Runtime.

    .venv/bin/python benchmarks/bench_cnn.py [--size 300] [--predict-size 2000] [--epochs 40]
        [--per-feature 150] [--folds 5] [--reps 2] [--n-jobs -1] [--skip-demo] [--skip-predict]
        [--quick]

(a) Accuracy. On two scenes, sampled with ``sample_labels`` and trained with
``train_classifier`` under spatial cross-validation by label feature (whole polygons per fold),
each model's overall accuracy with its 95 % interval (Wilson, samples taken as independent: the
per-fold range beside it shows more of the uncertainty), its kappa, the random k-fold accuracy
``train_classifier`` adds for comparison, and the wall time of ``train_classifier``
(the folds, the random k-fold comparison it adds to a spatial scheme for the random forests
-- none for the network, whose overlapping patches make random splits meaningless -- and the
final fit), with ``--n-jobs`` threads:
  * ``cnn``: the convolutional network on 9 x 9 patches of the raw bands;
  * ``rf``: a random forest on the raw bands of each pixel;
  * ``rf+texture``: a random forest on the raw bands, their 5 x 5 focal mean and standard
    deviation and the 5 x 5 co-occurrence texture of band 1 (``FeatureRecipe``).
Scenes: (i) the pattern-only synthetic scene of ``tests/synthetic_pattern.py`` (three classes with
the same spectra, told apart only by their pattern), SIZE x SIZE; (ii) the bundled demo, the
historical map of ``data/historical_map`` with its 17 labelled polygons (class field ``Type``;
2 folds: two classes have only 2 polygons), sampled with every pixel the polygons touch (the
two Buildings polygons hold 9 pixel centres, 24 touched; the network needs 10 of a class).

(b) Prediction speed of the network trained in (a)(i), on a PREDICT_SIZE x PREDICT_SIZE pattern
scene, in this process, each ``--reps`` times (best kept), alternating:
  * plugin: ``predict_raster`` with its defaults (blocks with a halo, all cores, class map);
  * plain: the same ONNX graph, read from the model file, run by ONNX Runtime with a default
    session: the whole image read with rasterio, padded by patch // 2 with the fill values, run
    in tiles of 512 x 512 output pixels, argmax, uint8 class map written with rasterio.
Printed: seconds and pixels per second of each, the ratio plugin / plain (target <= 1.3 on the
2-core machine) and the share of pixels whose class agrees. The machine is shared: the CPU
pressure (``/proc/pressure/cpu``) is printed beside the timings; only figures taken with it near
0 are comparable.

``--quick``: a 120-pixel scene, 60 samples per polygon, 15 epochs, 3 folds, a 600-pixel
prediction, one repetition.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))
from bench_sample import cpu_pressure, import_plugin  # noqa: E402
from synthetic_pattern import write_pattern_scene  # noqa: E402

PATCH = 9
DEMO = ROOT / "data" / "historical_map"
TILE = 512


def models(epochs: int, patch: int) -> dict[str, dict[str, Any]]:
    """Sampling and training options of each model compared, by name."""
    from lulc_classifier.api import FeatureRecipe

    texture = FeatureRecipe(focal_bands=[1, 2, 3], focal_size=5, texture_band=1, texture_size=5)
    return {
        "cnn": {
            "sampling": {"patch_size": patch},
            "training": {"algorithm": "cnn", "hyperparameters": {"epochs": epochs}},
        },
        "rf": {"sampling": {}, "training": {"algorithm": "random_forest"}},
        "rf+texture": {"sampling": {"recipe": texture}, "training": {"algorithm": "random_forest"}},
    }


def accuracy_run(
    raster: Path, labels: Path, field: str, spec: dict[str, Any], out: Path, args: Any
) -> tuple[Any, float, int]:
    """Sample and train one model; return the training result, its wall time and sample count."""
    from lulc_classifier.api import (
        SampleSource,
        SamplingOptions,
        TrainingFiles,
        TrainingOptions,
        sample_labels,
        train_classifier,
    )

    samples = sample_labels(
        [raster],
        labels,
        field,
        options=SamplingOptions(
            max_per_feature=args.per_feature,
            seed=1,
            all_touched=args.all_touched,
            **spec["sampling"],
        ),
    )
    options = TrainingOptions(
        validation="spatial_features",
        folds=args.folds,
        seed=args.seed,
        n_jobs=args.n_jobs,
        **spec["training"],
    )
    start = time.perf_counter()
    result = train_classifier(
        SampleSource(samples.table, field, metadata=samples.metadata, patches=samples.patches),
        TrainingFiles(out),
        options=options,
    )
    return result, time.perf_counter() - start, samples.count


def accuracy_table(
    scene: str, raster: Path, labels: Path, field: str, folder: Path, args: Any
) -> Path | None:
    """Print each model's accuracy and training time on one scene; return the CNN's model."""
    print(
        f"\n(a) {scene}: spatial cross-validation by label feature, {args.folds} folds", flush=True
    )
    cnn_model = None
    for name, spec in models(args.epochs, PATCH).items():
        out = folder / f"{scene}-{name.replace('+', '-')}.lulcmodel"
        try:
            result, seconds, count = accuracy_run(raster, labels, field, spec, out, args)
        except Exception as exc:  # a model this checkout cannot train yet: say so, go on
            print(f"  {name:11s} not measured: {type(exc).__name__}: {exc}", flush=True)
            continue
        acc = result.accuracy
        low, high = acc.overall_accuracy_ci
        print(
            f"  {name:11s} overall accuracy {acc.overall_accuracy:.3f} (95 % interval "
            f"{low:.3f}-{high:.3f}, {acc.n_test} samples tested; {acc.folds} folds from "
            f"{_spread(acc)}), kappa "
            f"{acc.kappa:.3f}; random k-fold {_random_cv(acc)}; train_classifier "
            f"{seconds:.1f} s ({count} samples, {len(result.band_names)} features); CPU "
            f"pressure {cpu_pressure()}",
            flush=True,
        )
        if name == "cnn":
            cnn_model = out
    return cnn_model


def _spread(accuracy: Any) -> str:
    spread = accuracy.fold_spread or {}
    return f"{spread.get('min', float('nan')):.3f} to {spread.get('max', float('nan')):.3f}"


def _random_cv(accuracy: Any) -> str:
    comparison = accuracy.comparison or {}
    value = comparison.get("overall_accuracy")
    return "n/a" if value is None else f"{value:.3f}"


# --------------------------------------------------------------------------- prediction speed


def stored_network(model_path: Path) -> tuple[bytes, int, np.ndarray]:
    """The model file's ONNX graph (as stored), its patch side and its fill values."""
    from lulc_classifier.core.model.model_file import read_manifest
    from lulc_classifier.core.model.patch_model import GRAPH

    record = read_manifest(model_path).patch or {}
    with zipfile.ZipFile(model_path) as archive:
        graph = archive.read(GRAPH)
    return graph, int(record["size"]), np.asarray(record["fill"], dtype=np.float32)


def plain_onnxruntime(image: Path, model_path: Path, out: Path) -> dict[str, float]:
    """Classify ``image`` with the stored graph and plain ONNX Runtime; return timings."""
    import onnxruntime as ort
    import rasterio

    graph, patch, fill = stored_network(model_path)
    halo = patch // 2
    start = time.perf_counter()
    session = ort.InferenceSession(graph, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    with rasterio.open(image) as src:
        data = src.read().astype(np.float32)
        profile = src.profile
    padded = np.empty(
        (data.shape[0], data.shape[1] + 2 * halo, data.shape[2] + 2 * halo), np.float32
    )
    padded[:] = fill[:, None, None]
    padded[:, halo:-halo, halo:-halo] = data
    read = time.perf_counter()
    classes = np.empty(data.shape[1:], dtype=np.uint8)
    for row in range(0, data.shape[1], TILE):
        for col in range(0, data.shape[2], TILE):
            rows, cols = min(TILE, data.shape[1] - row), min(TILE, data.shape[2] - col)
            tile = padded[None, :, row : row + rows + 2 * halo, col : col + cols + 2 * halo]
            proba = session.run(None, {name: np.ascontiguousarray(tile)})[0][0]
            classes[row : row + rows, col : col + cols] = np.argmax(proba, axis=0)
    inferred = time.perf_counter()
    profile.update(count=1, dtype="uint8", nodata=255, predictor=1)
    with rasterio.open(out, "w", **profile) as dst:
        dst.write(classes, 1)
    end = time.perf_counter()
    return {"seconds": end - start, "inference": inferred - read, "read": read - start}


def plugin_predict(image: Path, model_path: Path, out: Path) -> dict[str, float]:
    """Classify ``image`` with ``predict_raster`` and its defaults; return the wall time."""
    from lulc_classifier.api import load_model, predict_raster

    start = time.perf_counter()
    predict_raster([image], load_model(model_path), out)
    return {"seconds": time.perf_counter() - start}


def agreement(plugin_map: Path, plain_map: Path, model_path: Path) -> float:
    """Share of pixels whose class agrees (the plain map holds class indices, 0-based)."""
    import rasterio

    from lulc_classifier.core.model.model_file import read_manifest

    with rasterio.open(plugin_map) as a, rasterio.open(plain_map) as b:
        ours, theirs = a.read(1), b.read(1)
    codes = np.asarray((read_manifest(model_path).patch or {})["classes"])
    return float(np.mean(ours == codes[theirs]))


def speed(model_path: Path, folder: Path, args: Any) -> None:
    """Print the prediction speed of the plugin and of plain ONNX Runtime (see the module)."""
    image, _ = write_pattern_scene(folder / f"predict-{args.predict_size}", args.predict_size)
    pixels = args.predict_size**2
    print(
        f"\n(b) prediction: {args.predict_size} x {args.predict_size} x 3 float32 pattern scene "
        f"({pixels / 1e6:.2f} Mpx), network of (a)(i), best of {args.reps}; cores: "
        f"{os.cpu_count()}",
        flush=True,
    )
    best: dict[str, dict[str, float]] = {}
    for _ in range(args.reps):
        for name, run in (("plain", plain_onnxruntime), ("plugin", plugin_predict)):
            result = run(image, model_path, folder / f"{name}.tif")
            result["pressure"] = cpu_pressure()  # type: ignore[assignment]
            if name not in best or result["seconds"] < best[name]["seconds"]:
                best[name] = result
    p, q = best["plugin"], best["plain"]
    print(
        f"  plugin: predict_raster, defaults   {p['seconds']:7.2f} s  "
        f"{pixels / p['seconds'] / 1e3:8.1f} kpx/s  (CPU pressure {p['pressure']})"
    )
    print(
        f"  plain:  ONNX Runtime, same graph   {q['seconds']:7.2f} s  "
        f"{pixels / q['seconds'] / 1e3:8.1f} kpx/s  (read {q['read']:.2f} s, inference "
        f"{q['inference']:.2f} s; CPU pressure {q['pressure']})"
    )
    print(f"  plugin / plain = {p['seconds'] / q['seconds']:.2f} (target <= 1.3)")
    share = agreement(folder / "plugin.tif", folder / "plain.tif", model_path)
    print(f"  pixels of the same class in both maps: {share:.4%}", flush=True)


def main() -> int:
    """Parse the arguments, run (a) then (b), print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=300)
    parser.add_argument("--predict-size", type=int, default=2000)
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--per-feature", type=int, default=150)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--n-jobs",
        type=int,
        default=-1,
        help="training threads (-1: all cores; the network then takes one thread)",
    )
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument("--skip-predict", action="store_true")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "lulc-bench"))
    args = parser.parse_args()
    if args.quick:
        args.size, args.per_feature, args.epochs, args.folds = 120, 60, 15, 3
        args.predict_size, args.reps = 600, 1
    args.all_touched = False
    import_plugin()
    folder = Path(args.workdir) / f"cnn-{args.size}"
    folder.mkdir(parents=True, exist_ok=True)
    raster, labels = write_pattern_scene(folder, args.size)
    print(
        f"pattern scene {args.size} x {args.size} x 3 float32, {args.per_feature} samples a "
        f"polygon at most, CNN patch {PATCH}, {args.epochs} epochs at most",
        flush=True,
    )
    cnn_model = accuracy_table("pattern", raster, labels, "class", folder, args)
    if not args.skip_demo:
        demo = argparse.Namespace(**{**vars(args), "folds": 2, "all_touched": True})
        accuracy_table("demo", DEMO / "map_compress.tif", DEMO / "train.gpkg", "Type", folder, demo)
    if not args.skip_predict and cnn_model is not None:
        speed(cnn_model, folder, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
