"""Sampling benchmark (issue 3): 100,000 points and polygons covering 1,000,000 pixels from a
10,000 x 10,000 x 6-band tiled GeoTIFF, against the classic per-point loop.

Run with QGIS's Python and the project venv (scripts/setup.sh makes it):
    .venv/bin/python benchmarks/bench_sample.py [--size 10000] [--points 100000]
Each measurement runs in a fresh process and reports its wall time and peak RSS.
Targets on the 2-core machine: points < 10 s and < 500 MB; polygons < 20 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from checkout import import_plugin  # noqa: E402  (bench_predict imports it from here too)


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM). Not ru_maxrss: on Linux a child keeps its
    parent's high-water mark across fork and exec, so it would report the parent's size."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_image(path: Path, size: int, bands: int = 6) -> None:
    """A tiled, DEFLATE-compressed uint16 image with smooth, spatially structured values."""
    import rasterio
    from rasterio.transform import from_origin
    from rasterio.windows import Window

    profile = {
        "driver": "GTiff",
        "width": size,
        "height": size,
        "count": bands,
        "dtype": "uint16",
        "crs": "EPSG:32633",
        "transform": from_origin(500000, 5000000, 30, 30),
        "nodata": 0,
        "tiled": True,
        "blockxsize": 256,
        "blockysize": 256,
        "compress": "deflate",
        "predictor": 2,
        "bigtiff": "IF_SAFER",
    }
    rng = np.random.default_rng(0)
    step = 1024
    with rasterio.open(path, "w", **profile) as dst:
        for row in range(0, size, step):
            rows = np.arange(row, min(row + step, size))[:, None]
            cols = np.arange(size)[None, :]
            block = np.empty((bands, rows.size, size), dtype=np.uint16)
            for b in range(bands):
                wave = np.sin(rows / (200 + 37 * b)) * np.cos(cols / (300 + 23 * b))
                noise = rng.integers(0, 200, size=(rows.size, size))
                block[b] = (5000 + 3000 * wave + noise).astype(np.uint16)
            dst.write(block, window=Window(0, row, size, rows.size))


def make_labels(folder: Path, size: int, n_points: int, polygon_pixels: int) -> tuple[Path, Path]:
    """Random labelled points, and square polygons covering about ``polygon_pixels`` pixels."""
    import geopandas as gpd
    from shapely.geometry import box

    rng = np.random.default_rng(1)
    x = 500000 + rng.uniform(0, size * 30, n_points)
    y = 5000000 - rng.uniform(0, size * 30, n_points)
    points = gpd.GeoDataFrame(
        {"cls": rng.integers(1, 6, n_points)}, geometry=gpd.points_from_xy(x, y), crs="EPSG:32633"
    )
    points_path = folder / "points.gpkg"
    points.to_file(points_path, driver="GPKG")
    side = 50  # pixels
    count = max(1, polygon_pixels // (side * side))
    ox = rng.integers(0, size - side, count) * 30 + 500000
    oy = 5000000 - rng.integers(0, size - side, count) * 30
    polygons = gpd.GeoDataFrame(
        {"cls": rng.integers(1, 6, count)},
        geometry=[box(a, b - side * 30, a + side * 30, b) for a, b in zip(ox, oy)],
        crs="EPSG:32633",
    )
    polygons_path = folder / "polygons.gpkg"
    polygons.to_file(polygons_path, driver="GPKG")
    return points_path, polygons_path


def child(mode: str, image: str, labels: str, subset: int) -> None:
    """One measurement, in this (fresh) process; prints JSON."""
    start = time.perf_counter()
    if mode == "ours":
        import_plugin()
        from lulc_classifier.core.samples import sample_labels

        result = sample_labels([image], labels, "cls")
        count = len(result.table)
    else:
        import geopandas as gpd
        import rasterio

        points = gpd.read_file(labels).geometry[:subset]
        count = 0
        for p in points:  # the classic loop: open the raster, sample one point
            with rasterio.open(image) as src:
                next(src.sample([(p.x, p.y)]))
            count += 1
    seconds = time.perf_counter() - start
    peak_mb = peak_rss_mb()
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "count": count}))


def measure(*args: str, script: str = __file__) -> dict[str, float]:
    """Run ``script --child ARGS`` in a fresh interpreter; return the JSON it prints last."""
    out = subprocess.run(
        [sys.executable, script, "--child", *args], capture_output=True, text=True, check=True
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> int:
    """Generate data if needed, measure, print figures and ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--points", type=int, default=100000)
    parser.add_argument("--polygon-pixels", type=int, default=1000000)
    parser.add_argument("--loop-subset", type=int, default=1000)
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "lulc-bench"))
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, image, labels, subset = args.child
        child(mode, image, labels, int(subset))
        return 0
    folder = Path(args.workdir) / f"sample-{args.size}"
    folder.mkdir(parents=True, exist_ok=True)
    image = folder / "image.tif"
    if not image.exists():
        start = time.perf_counter()
        make_image(image, args.size)
        print(f"generated {image} in {time.perf_counter() - start:.0f} s")
    points, polygons = make_labels(folder, args.size, args.points, args.polygon_pixels)
    ours = measure("ours", str(image), str(points), "0")
    poly = measure("ours", str(image), str(polygons), "0")
    loop = measure("loop", str(image), str(points), str(args.loop_subset))
    loop_full = loop["seconds"] / loop["count"] * args.points
    print(
        f"image: {args.size} x {args.size} x 6 uint16, tiled 256, DEFLATE; cores: {os.cpu_count()}"
    )
    print(
        f"points:   {args.points} labels -> {ours['count']} samples in {ours['seconds']:.2f} s, "
        f"peak RSS {ours['peak_mb']:.0f} MB (target < 10 s, < 500 MB at full size)"
    )
    print(
        f"polygons: {poly['count']} pixels sampled in {poly['seconds']:.2f} s, "
        f"peak RSS {poly['peak_mb']:.0f} MB (target < 20 s for 1,000,000 pixels)"
    )
    print(
        f"per-point loop: {loop['count']} points in {loop['seconds']:.2f} s -> "
        f"{loop_full:.0f} s extrapolated to {args.points}; ratio loop/ours = "
        f"{loop_full / ours['seconds']:.1f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
