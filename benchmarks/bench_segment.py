"""Segmentation benchmark (issue 18): lulc's tiled segmentation on a SIZE x SIZE x 3 image.

    .venv/bin/python benchmarks/bench_segment.py [--size 10000] [--method felzenszwalb|slic|both]
        [--tile-size 512] [--max-memory-mb 1024]

The image (uint8, patchy fields of random sizes and colours plus noise) is written to disk tile
by tile, never held in memory. Each method runs in a fresh process; printed: wall time,
segments, pixels per second, peak RSS (VmHWM, as ru_maxrss) and the tracemalloc peak, against
the size of the whole-image label array (uint32) that the tiled method never holds.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_sample import import_plugin, peak_rss_mb  # noqa: E402

TILE = 1024


def make_image(path: Path, size: int) -> None:
    """Fields: a coarse grid of cells of random size and colour, broken up, plus noise."""
    import rasterio
    from rasterio.transform import from_origin
    from rasterio.windows import Window

    rng = np.random.default_rng(0)
    cell = 40  # fields of 40 x 40 to 200 x 200 pixels: cells merged in runs
    cells = -(-size // cell)
    colours = rng.integers(20, 235, size=(cells, cells, 3)).astype(np.int16)
    runs = rng.integers(1, 5, size=(cells, cells))
    for i in range(cells):  # a field spans `runs` cells to its right
        j = 0
        while j < cells:
            colours[i, j : j + runs[i, j]] = colours[i, j]
            j += runs[i, j]
    profile = {
        "driver": "GTiff",
        "width": size,
        "height": size,
        "count": 3,
        "dtype": "uint8",
        "crs": "EPSG:32633",
        "transform": from_origin(400000, 5000000, 10, 10),
        "tiled": True,
        "blockxsize": 256,
        "blockysize": 256,
        "compress": "deflate",
        "bigtiff": "IF_SAFER",
    }
    with rasterio.open(path, "w", **profile) as dst:
        for row in range(0, size, TILE):
            for col in range(0, size, TILE):
                rows, cols = min(TILE, size - row), min(TILE, size - col)
                r = (np.arange(row, row + rows) // cell)[:, None]
                c = (np.arange(col, col + cols) // cell)[None, :]
                block = colours[r, c].transpose(2, 0, 1)
                noise = rng.normal(0, 6, size=block.shape)
                dst.write(
                    np.clip(block + noise, 0, 255).astype(np.uint8),
                    window=Window(col, row, cols, rows),
                )


def run_one(image: Path, method: str, out: Path, args: argparse.Namespace) -> dict[str, object]:
    """Segment in this process; return the figures."""
    import_plugin()
    from lulc_classifier.core.segment import SegmentOptions, segment_raster

    options = SegmentOptions(
        method=method, tile_size=args.tile_size, max_memory_mb=args.max_memory_mb
    )
    tracemalloc.start()
    start = time.perf_counter()
    result = segment_raster([image], out, options=options)
    seconds = time.perf_counter() - start
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    import rasterio

    with rasterio.open(image) as src:
        pixels = src.width * src.height
    return {
        "method": method,
        "tile_size": args.tile_size,
        "max_memory_mb": args.max_memory_mb,
        "seconds": round(seconds, 1),
        "segments": result.segments,
        "tiles": result.tiles,
        "seams_merged": result.seams_merged,
        "pixels_per_s": round(pixels / seconds),
        "peak_rss_mb": round(peak_rss_mb()),
        "traced_peak_mb": round(traced / 2**20, 1),
        "label_array_mb": round(pixels * 4 / 2**20),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--method", default="both", choices=["felzenszwalb", "slic", "both"])
    parser.add_argument("--tile-size", type=int, default=512)  # SegmentOptions' default
    parser.add_argument("--max-memory-mb", type=float, default=1024)
    parser.add_argument("--image", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.image is not None:  # the child: one method
        out = args.image.with_name(f"segments_{args.method}.tif")
        print(json.dumps(run_one(args.image, args.method, out, args)))
        return
    with tempfile.TemporaryDirectory(prefix="bench_segment_") as folder:
        image = Path(folder) / "image.tif"
        start = time.perf_counter()
        make_image(image, args.size)
        print(f"image {args.size} x {args.size} x 3 written in {time.perf_counter() - start:.0f} s")
        methods = ["felzenszwalb", "slic"] if args.method == "both" else [args.method]
        for method in methods:
            child = [sys.executable, __file__, "--size", str(args.size), "--method", method]
            child += [
                "--tile-size",
                str(args.tile_size),
                "--max-memory-mb",
                str(args.max_memory_mb),
            ]
            done = subprocess.run(
                [*child, "--image", str(image)], capture_output=True, text=True, check=True
            )
            print(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
