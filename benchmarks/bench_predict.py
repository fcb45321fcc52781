"""Prediction benchmark (issue 5) on a SIZE x SIZE x 6-band uint16 tiled GeoTIFF with spatially
structured classes and a 100-tree random forest trained on samples of it.

    .venv/bin/python benchmarks/bench_predict.py [--size 10000] [--skip-classic]

Measured, each in a fresh process (wall time and peak RSS):
  (a) classic: read every band into memory, reshape, ``predict``, write (one core);
  (b) ours: ``predict_raster`` with its defaults (1024 MB budget, all cores);
  (c) the limit: the same model's ``predict_proba`` over in-memory chunks with all cores,
      plus the raw time to read the image and write a uint8 map.
(b') is (b) with scikit-learn inference (ONNX Runtime off), to compare like with like.
Targets on the 2-core machine: b/c <= 1.2, b peak RSS <= 1.2 GB, b faster than a.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_sample  # noqa: E402
from bench_sample import import_plugin, peak_rss_mb  # noqa: E402

CLASSES = 5
BANDS = 6


def make_image(path: Path, size: int) -> None:
    """Classes from smooth random fields; bands = class signature + noise."""
    import rasterio
    from rasterio.transform import from_origin
    from rasterio.windows import Window

    rng = np.random.default_rng(0)
    signatures = rng.integers(1000, 9000, size=(CLASSES, BANDS))
    profile = {
        "driver": "GTiff",
        "width": size,
        "height": size,
        "count": BANDS,
        "dtype": "uint16",
        "crs": "EPSG:32633",
        "transform": from_origin(400000, 5000000, 30, 30),
        "nodata": 0,
        "tiled": True,
        "blockxsize": 256,
        "blockysize": 256,
        "compress": "deflate",
        "predictor": 2,
        "bigtiff": "IF_SAFER",
    }
    freq = rng.uniform(0.002, 0.01, size=(4, 2))
    phase = rng.uniform(0, 6.28, size=(4, 2))
    step = 512
    with rasterio.open(path, "w", **profile) as dst:
        for row in range(0, size, step):
            rows = np.arange(row, min(row + step, size))[:, None].astype(np.float32)
            cols = np.arange(size)[None, :].astype(np.float32)
            field = sum(
                np.sin(rows * f[0] + p[0]) * np.cos(cols * f[1] + p[1]) for f, p in zip(freq, phase)
            )
            classes = np.clip(((field + 2.5) / 5 * CLASSES).astype(np.int64), 0, CLASSES - 1)
            block = signatures[classes].transpose(2, 0, 1).astype(np.float32)
            block += rng.normal(0, 600, size=block.shape).astype(np.float32)
            dst.write(
                np.clip(block, 1, 65535).astype(np.uint16),
                window=Window(0, row, size, rows.shape[0]),
            )


def train_model(image: Path, model_path: Path) -> None:
    """A 100-tree random forest on 20,000 random pixels (labels: the generating classes,
    recovered here by nearest signature)."""
    import_plugin()
    import rasterio
    from sklearn.ensemble import RandomForestClassifier

    from lulc_classifier.core.legend import build_legend, legend_to_json
    from lulc_classifier.core.model.model_file import save_model

    rng = np.random.default_rng(1)
    signatures = np.random.default_rng(0).integers(1000, 9000, size=(CLASSES, BANDS))
    with rasterio.open(image) as src:
        rows = rng.integers(0, src.height, 20000)
        cols = rng.integers(0, src.width, 20000)
        x = np.array([v for v in src.sample(zip(*src.xy(rows, cols)))], dtype=np.float32)
    y = np.argmin(((x[:, None, :] - signatures[None]) ** 2).sum(axis=2), axis=1) + 1
    model = RandomForestClassifier(n_estimators=100, n_jobs=-1, random_state=0).fit(x, y)
    legend = build_legend(list(range(1, CLASSES + 1)), [f"class {c}" for c in range(1, 6)])
    save_model(
        model_path,
        model,
        {
            "algorithm": "random_forest",
            "bands": [f"b{i}" for i in range(1, 7)],
            "band_count": 6,
            "classes": legend_to_json(legend),
            "crs_wkt": "",
            "metrics": {},
        },
    )


def child(mode: str, image: str, model_path: str, out: str) -> None:
    """One measurement in this fresh process; prints JSON."""
    import_plugin()
    import rasterio

    from lulc_classifier.core.model.model_file import load_model

    model = load_model(model_path)
    estimator = model.estimator
    base_mb = peak_rss_mb()
    start = time.perf_counter()
    extra: dict[str, float] = {}
    if mode in ("ours", "ours_sklearn"):
        from lulc_classifier.core.predict import PredictionOptions, predict_raster

        predict_raster([image], model, out, options=PredictionOptions(compiled=mode == "ours"))
    elif mode == "classic":
        estimator.set_params(n_jobs=1)
        with rasterio.open(image) as src:
            data = src.read()
            profile = src.profile
        pixels = data.reshape(data.shape[0], -1).T
        classes = estimator.predict(pixels).astype(np.uint8).reshape(data.shape[1:])
        profile.update(count=1, dtype="uint8", nodata=255, predictor=1)
        with rasterio.open(out, "w", **profile) as dst:
            dst.write(classes, 1)
    elif mode == "limit":
        t0 = time.perf_counter()
        with rasterio.open(image) as src:
            data = src.read()
            profile = src.profile
        profile.update(count=1, dtype="uint8", nodata=255, predictor=1)
        with rasterio.open(out, "w", **profile) as dst:
            dst.write(np.zeros(data.shape[1:], dtype=np.uint8), 1)
        extra["read_write_seconds"] = time.perf_counter() - t0
        pixels = data.reshape(data.shape[0], -1).T
        estimator.set_params(n_jobs=os.cpu_count())
        t1 = time.perf_counter()
        chunk = 1_000_000
        for first in range(0, pixels.shape[0], chunk):
            estimator.predict_proba(pixels[first : first + chunk])
        extra["predict_seconds"] = time.perf_counter() - t1
        start = time.perf_counter() - extra["predict_seconds"]  # (c) is the inference time
    seconds = time.perf_counter() - start
    peak_mb = peak_rss_mb()
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "base_mb": base_mb, **extra}))


def measure(*args: str) -> dict[str, float]:
    """Run :func:`child` in a fresh interpreter."""
    return bench_sample.measure(*args, script=__file__)


def main() -> int:
    """Generate, train, measure, print figures and ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--skip-classic", action="store_true")
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "lulc-bench"))
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    folder = Path(args.workdir) / f"predict-{args.size}"
    folder.mkdir(parents=True, exist_ok=True)
    image, model = folder / "image.tif", folder / "rf100.lulcmodel"
    if not image.exists():
        t = time.perf_counter()
        make_image(image, args.size)
        print(f"generated {image} in {time.perf_counter() - t:.0f} s", flush=True)
    if not model.exists():
        train_model(image, model)
    b = measure("ours", str(image), str(model), str(folder / "ours.tif"))
    print(
        f"(b) ours:    {b['seconds']:7.1f} s  peak RSS {b['peak_mb']:6.0f} MB "
        f"(model and libraries loaded: {b['base_mb']:.0f} MB); ONNX Runtime when installed",
        flush=True,
    )
    s = measure("ours_sklearn", str(image), str(model), str(folder / "ours_sklearn.tif"))
    print(
        f"(b') ours, scikit-learn inference: {s['seconds']:7.1f} s  peak RSS "
        f"{s['peak_mb']:6.0f} MB",
        flush=True,
    )
    c = measure("limit", str(image), str(model), str(folder / "limit.tif"))
    print(
        f"(c) limit:   {c['seconds']:7.1f} s  predict_proba in memory, all cores; peak RSS "
        f"{c['peak_mb']:6.0f} MB; raw read + write {c['read_write_seconds']:.1f} s",
        flush=True,
    )
    print(f"b'/c = {s['seconds'] / c['seconds']:.2f} (same inference engine; target <= 1.2)")
    print(f"b/c = {b['seconds'] / c['seconds']:.2f} (with ONNX Runtime when installed)")
    if not args.skip_classic:
        a = measure("classic", str(image), str(model), str(folder / "classic.tif"))
        print(f"(a) classic: {a['seconds']:7.1f} s  peak RSS {a['peak_mb']:6.0f} MB (one core)")
        print(f"a/b = {a['seconds'] / b['seconds']:.2f} (target > 1)")
    print(
        f"image: {args.size} x {args.size} x {BANDS} uint16, tiled, DEFLATE; cores: "
        f"{os.cpu_count()}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
