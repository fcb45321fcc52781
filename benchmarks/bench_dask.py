"""Prediction on a Dask cluster (issue 19) against the single-machine threaded run.

    .venv/bin/python benchmarks/bench_dask.py [--size 4000] [--bands 4] [--trees 100]

One SIZE x SIZE x BANDS uint16 tiled GeoTIFF and a random forest, predicted (class map only,
the ``lulc:predict`` defaults otherwise) in this process:
  (a) on this machine, 2 threads;
  (b) on a local cluster of 1 worker process with 1 thread;
  (c) on a local cluster of 2 worker processes with 1 thread each.
Each map is compared pixel for pixel with (a). Printed: wall time (the cluster's start not
counted), pixels per second, scaling efficiency t1 / (2 t2), the ratio to (a), each worker's
peak resident memory, and the client's time spent assembling tiles. Targets on the 2-core
machine: t1 / t2 >= 1.7 and t2 / ta <= 1.15. Last, an estimate on paper for a 100-worker
cluster and a 1,000,000 x 1,000,000-pixel country, from the measured costs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_sample import import_plugin, make_image, peak_rss_mb  # noqa: E402

CLASSES = 5


def train_model(image: Path, model_path: Path, bands: int, trees: int) -> None:
    """A random forest on 20,000 random pixels; classes: quantiles of a band combination."""
    import rasterio
    from sklearn.ensemble import RandomForestClassifier

    from lulc_classifier.core.legend import build_legend, legend_to_json
    from lulc_classifier.core.model.model_file import save_model

    rng = np.random.default_rng(1)
    with rasterio.open(image) as src:
        rows = rng.integers(0, src.height, 20000)
        cols = rng.integers(0, src.width, 20000)
        x = np.array(list(src.sample(zip(*src.xy(rows, cols)))), dtype=np.float32)
    score = x @ rng.normal(0, 1, bands) + rng.normal(0, x.std() * 0.3, len(x))
    y = np.searchsorted(np.quantile(score, np.linspace(0, 1, CLASSES + 1)[1:-1]), score) + 1
    model = RandomForestClassifier(n_estimators=trees, n_jobs=-1, random_state=0).fit(x, y)
    legend = build_legend(list(range(1, CLASSES + 1)), [f"class {c}" for c in range(1, 6)])
    save_model(  # with its training table, as lulc:train saves it: the ONNX graph is stored
        model_path,
        model,
        {
            "algorithm": "random_forest",
            "bands": [f"b{i}" for i in range(1, bands + 1)],
            "band_count": bands,
            "classes": legend_to_json(legend),
            "crs_wkt": "",
            "metrics": {},
        },
        training=(x, y),
    )


def worker_peak_mb() -> float:
    """Run on each worker (by value: this module is ``__main__``): its peak resident memory."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


class _Timed:
    """Wraps the client's tile assembly to add up its time."""

    def __init__(self, function: Any) -> None:
        self.function = function
        self.seconds = 0.0

    def __call__(self, *args: Any) -> Any:
        start = time.perf_counter()
        try:
            return self.function(*args)
        finally:
            self.seconds += time.perf_counter() - start


def predict(image: Path, model: Path, out: Path, scheduler: str | None) -> tuple[float, Any]:
    from lulc_classifier.core.predict import PredictionOptions, predict_raster

    start = time.perf_counter()
    result = predict_raster(
        [image], model, out, options=PredictionOptions(threads=2, scheduler=scheduler)
    )
    return time.perf_counter() - start, result


def read(path: Path) -> np.ndarray:
    import rasterio

    with rasterio.open(path) as src:
        return src.read()


def run_cluster(
    workers: int, image: Path, model: Path, out: Path, env: dict[str, str]
) -> dict[str, Any]:
    import distributed

    from lulc_classifier.core import distributed as cluster_module

    timed = _Timed(cluster_module._take_tile)
    cluster_module._take_tile = timed
    try:
        with cluster_module.local_cluster(workers, threads_per_worker=1, env=env) as address:
            seconds, result = predict(image, model, out, address)
            with distributed.Client(address, set_as_default=False) as client:
                peaks = client.run(worker_peak_mb)
                spent = client.run(cluster_module.worker_seconds)
    finally:
        cluster_module._take_tile = timed.function
    return {
        "seconds": seconds,
        "blocks": result.blocks,
        "peaks": sorted(peaks.values()),
        "assembly": timed.seconds,
        # per worker: seconds loading (model, stack) and in tasks after the load
        "load": [sum(r["load"] for r in w.values()) for w in spent.values()],
        "compute": [sum(r["tasks"] - r["load"] for r in w.values()) for w in spent.values()],
    }


def paper(size: int, compute: float, blocks: int, assembly: float) -> None:
    """The 100-worker estimate for a 1,000,000 x 1,000,000-pixel country.

    ``compute``: the one worker's seconds in tasks (read, classify, write the tile), its setup
    (model, stack) excluded: that is paid once per worker and run.
    """
    mp = size * size / 1e6
    per_mp = compute / mp  # seconds per megapixel per worker thread (read + classify + tile)
    client_mp = assembly / mp  # client seconds per megapixel (read tile, write GeoTIFF)
    country_mp = 1e6 * 1e6 / 1e6
    block_px = size * size / blocks
    tiles = 1e12 / (512 * 512)
    workers = 100
    compute = country_mp * per_mp / workers
    client = country_mp * client_mp
    print("\nOn paper: 100 workers (1 thread each), a 1,000,000 x 1,000,000-pixel country")
    print(f"  measured: {per_mp:.3f} s per megapixel per worker thread (this run's blocks of")
    print(f"  {block_px:,.0f} pixels); client assembly {client_mp:.4f} s per megapixel")
    print(f"  tiles: {tiles:,.0f} blocks of 512 x 512 (the plan's largest)")
    print(f"  workers: {country_mp:,.0f} MP x {per_mp:.3f} s / {workers} = {compute / 3600:.1f} h")
    print(f"  client assembly alone: {client / 3600:.1f} h (one process writes the GeoTIFF)")
    bound = "the client" if client > compute else "the workers"
    print(f"  => bounded by {bound}: about {max(client, compute) / 3600:.1f} h")
    print(f"  client keeps up with at most {per_mp / client_mp:.0f} worker threads")
    print("  storage: class map 1e12 uint8 pixels = 1 TB uncompressed (BigTIFF); staging tiles")
    print("  in flight only: (2 x threads + 2) x ~1.3 MB (class + mask) per tile")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=4000)
    parser.add_argument("--bands", type=int, default=4)
    parser.add_argument("--trees", type=int, default=100)
    args = parser.parse_args()
    import_plugin()
    print(f"load average before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp:
        folder = Path(tmp)
        (folder / "importable").mkdir()
        (folder / "importable" / "lulc_classifier").symlink_to(ROOT, target_is_directory=True)
        env = {"PYTHONPATH": str(folder / "importable"), "PROJ_DATA": "/usr/share/proj"}
        image, model = folder / "image.tif", folder / "model.lulcmodel"
        make_image(image, args.size, bands=args.bands)
        train_model(image, model, args.bands, args.trees)
        pixels = args.size * args.size
        ta, _ = predict(image, model, folder / "threaded.tif", None)
        reference = read(folder / "threaded.tif")
        print(f"image {args.size} x {args.size} x {args.bands}, {args.trees} trees")
        print(f"threaded (2 threads): {ta:7.1f} s  {pixels / ta / 1e6:6.2f} Mpx/s")
        runs = {}
        for workers in (1, 2):
            out = folder / f"cluster{workers}.tif"
            runs[workers] = run_cluster(workers, image, model, out, env)
            same = np.array_equal(read(out), reference)
            r = runs[workers]
            print(
                f"{workers} worker(s) x 1 thread: {r['seconds']:7.1f} s  "
                f"{pixels / r['seconds'] / 1e6:6.2f} Mpx/s  ratio to threaded "
                f"{r['seconds'] / ta:.2f}  peak RSS per worker "
                f"{', '.join(f'{p:.0f}' for p in r['peaks'])} MB  client assembly "
                f"{r['assembly']:.1f} s  identical: {same}"
            )
            print(
                f"   per worker: setup (model, stack) {', '.join(f'{x:.1f}' for x in r['load'])} s,"
                f" tasks {', '.join(f'{x:.1f}' for x in r['compute'])} s"
            )
        t1, t2 = runs[1]["seconds"], runs[2]["seconds"]
        print(f"speed-up 2 vs 1 worker: {t1 / t2:.2f} (target >= 1.7)")
        print(f"scaling efficiency t1 / (2 t2): {t1 / (2 * t2):.2f}")
        print(f"2 workers / threaded: {t2 / ta:.2f} (target <= 1.15)")
        print(f"client peak RSS: {peak_rss_mb():.0f} MB")
        print(f"load average after: {os.getloadavg()}")
        paper(args.size, runs[1]["compute"][0], runs[1]["blocks"], runs[1]["assembly"])


if __name__ == "__main__":
    main()
