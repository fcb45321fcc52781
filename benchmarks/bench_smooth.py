"""Regularisation benchmark (issue 18): ``smooth_raster`` on a SIZE x SIZE uint8 class map, each
method, wall time and peak memory.

    .venv/bin/python benchmarks/bench_smooth.py [--size 5000] [--threads 2] [--memory 1024]
        [--classes 6] [--methods majority probability sieve] [--workdir DIR]
    .venv/bin/python benchmarks/bench_smooth.py --size 1000      # quick run

The map is a landscape of fields (one class per ~40 x 40 pixels, blocks of a coarse random grid)
with 20 % of its pixels replaced by a random class (salt and pepper) and 1 % nodata, 10 m pixels,
UTM 33N, written as lulc:predict writes it (tiled, DEFLATE, legend and colour table). The
probabilities (uint8 percent, one band per class) lean to the map's class. Methods: majority 3 x 3
and 5 x 5, probability 5 x 5 uniform, sieve of 10 pixels (0.1 ha) with 8-connectivity.
Prints one line per run: method, seconds, pixels changed, passes, megapixels per second.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from checkout import import_plugin  # noqa: E402

PIXEL = 10.0
ORIGIN = (500000.0, 4100000.0)
CRS = "EPSG:32633"


def make_map(folder: Path, size: int, n_classes: int) -> tuple[Path, Path]:
    """Write the speckled class map and its probabilities; return their paths."""
    import rasterio
    from rasterio.transform import from_origin

    from lulc_classifier.core.geotiff import class_map_profile
    from lulc_classifier.core.legend import ClassInfo
    from lulc_classifier.core.map_tags import write_map_legend

    rng = np.random.default_rng(0)
    coarse = rng.integers(1, n_classes + 1, size=(size // 40 + 1, size // 40 + 1), dtype=np.uint8)
    classes = np.kron(coarse, np.ones((40, 40), np.uint8))[:size, :size]
    noise = rng.random((size, size), dtype=np.float32) < 0.2
    classes[noise] = rng.integers(1, n_classes + 1, size=int(noise.sum()), dtype=np.uint8)
    classes[rng.random((size, size), dtype=np.float32) < 0.01] = 255
    legend = [
        ClassInfo(k, f"class {k}", f"#{(37 * k) % 256:02x}{(91 * k) % 256:02x}80")
        for k in range(1, n_classes + 1)
    ]
    geo = {
        "width": size,
        "height": size,
        "crs": CRS,
        "transform": from_origin(ORIGIN[0], ORIGIN[1], PIXEL, PIXEL),
    }
    map_path = folder / "map.tif"
    with rasterio.open(map_path, "w", **class_map_profile(geo, "uint8", 255)) as dst:
        dst.write(classes, 1)
        write_map_legend(dst, legend)
        dst.update_tags(LULC_PRODUCT="class map")
    proba_path = folder / "proba.tif"
    profile = class_map_profile(geo, "uint8", 255)
    profile["count"] = n_classes
    with rasterio.open(proba_path, "w", **profile) as dst:
        for k in range(1, n_classes + 1):
            band = rng.integers(0, 30, size=(size, size), dtype=np.uint8)
            band[classes == k] += 50
            band[classes == 255] = 255
            dst.write(band, k)
    return map_path, proba_path


def main() -> int:
    """Run the benchmark and print one line per method."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory", type=float, default=1024)
    parser.add_argument("--classes", type=int, default=6)
    parser.add_argument(
        "--methods", nargs="+", default=["majority3", "majority5", "probability5", "sieve10"]
    )
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    import_plugin()
    from lulc_classifier.core.regularize import SmoothingOptions, smooth_raster

    runs = {
        "majority3": SmoothingOptions("majority", window=3),
        "majority5": SmoothingOptions("majority", window=5),
        "probability5": SmoothingOptions("probability", window=5),
        "gaussian7": SmoothingOptions("probability", window=7, weighting="gaussian"),
        "sieve10": SmoothingOptions("sieve", min_area=10),
        "sieve1ha": SmoothingOptions("sieve", min_area=1, area_unit="hectares"),
    }
    with tempfile.TemporaryDirectory(dir=args.workdir) as name:
        folder = Path(name)
        start = time.perf_counter()
        map_path, proba_path = make_map(folder, args.size, args.classes)
        print(
            f"map {args.size} x {args.size}, {args.classes} classes, written in "
            f"{time.perf_counter() - start:.1f} s; threads {args.threads}, memory "
            f"{args.memory:g} MB"
        )
        for key in args.methods:
            options = runs[key]
            start = time.perf_counter()
            result = smooth_raster(
                map_path,
                folder / f"{key}.tif",
                probabilities_path=proba_path,
                options=options,
                max_memory_mb=args.memory,
                threads=args.threads,
            )
            seconds = time.perf_counter() - start
            print(
                f"{key:13s} {seconds:7.1f} s  changed {result.changed_pixels:>10d}  passes "
                f"{result.passes:2d}  {args.size * args.size / seconds / 1e6:6.1f} Mpixel/s  "
                f"({options.describe()})",
                flush=True,
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the process: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
