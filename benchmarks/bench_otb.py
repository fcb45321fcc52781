"""lulc:predict against Orfeo ToolBox's ImageClassifier, end to end, like for like.

    .venv/bin/python benchmarks/bench_otb.py [--size 5000] [--samples 5000] [--reps 3]

Needs Debian's ``otb-bin`` (``apt install otb-bin``), for this benchmark only: the plugin never
needs OTB. Both sides get the same SIZE x SIZE x 6-band uint16 tiled image
(:func:`bench_predict.make_image`), the same sample table (written by ``lulc:sample`` at
random pixel centres, classes from the image's generating signatures), random forests of 100
trees at most 25 deep with leaves of one sample, and the same number of threads:

* ours: ``lulc:train`` (N_ESTIMATORS=100, MAX_DEPTH=25), then ``lulc:predict`` (THREADS) through
  ``qgis_process``;
* OTB: ``otbcli_TrainVectorClassifier`` (``-classifier rf -classifier.rf.nbtrees 100
  -classifier.rf.max 25 -classifier.rf.min 1 -classifier.rf.acc 0``: OTB's default ``acc``
  0.01 stops after one tree on easy data), then ``otbcli_ImageClassifier`` with
  ``ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS``.

Each prediction runs in a fresh process, start-up included; the two alternate ``--reps``
times. Printed: wall time and peak RSS of every run, the medians, the ratios OTB / ours, and
how many pixels the two maps agree on. OTB's boosting is OpenCV's two-class Boost, so there is
no multi-class boosting to compare LightGBM with.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QGIS_PROCESS = [str(ROOT / "scripts" / "qgis-process")]
FOREST = {"trees": 100, "depth": 25}


def run(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run ``command`` to completion; its wall time (s) and peak RSS (MB, its largest process).

    This process stays small (it imports no numpy), so a child's high-water mark, which it
    keeps from its parent across fork and exec, is the child's own.
    """
    start = time.perf_counter()
    child = subprocess.Popen(
        command, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    out = child.stdout.read().decode(errors="replace") if child.stdout else ""
    err = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{out[-2000:]}\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def prepare(folder: Path, size: int, samples: int) -> None:
    """The image and the labelled points (run in a child: it imports numpy and rasterio)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_predict
    import geopandas as gpd
    import numpy as np
    import rasterio

    image = folder / "image.tif"
    bench_predict.make_image(image, size)
    signatures = np.random.default_rng(0).integers(1000, 9000, size=(5, 6))
    rng = np.random.default_rng(1)
    with rasterio.open(image) as src:
        rows = rng.integers(0, src.height, samples)
        cols = rng.integers(0, src.width, samples)
        xs, ys = src.xy(rows, cols)
        values = np.array(list(src.sample(zip(xs, ys))), dtype=np.float64)
        crs = src.crs.to_wkt()
    classes = np.argmin(((values[:, None, :] - signatures[None]) ** 2).sum(axis=2), axis=1) + 1
    points = gpd.GeoDataFrame({"cls": classes}, geometry=gpd.points_from_xy(xs, ys), crs=crs)
    points.to_file(folder / "points.gpkg", driver="GPKG")


def agreement(ours: Path, otb: Path) -> float:
    """Share of pixels where the two maps give the same class (run in a child)."""
    import numpy as np
    import rasterio

    same = total = 0
    with rasterio.open(ours) as a, rasterio.open(otb) as b:
        for _, window in a.block_windows(1):
            x, y = a.read(1, window=window), b.read(1, window=window)
            same += int(np.count_nonzero(x == y))
            total += x.size
    return same / total


def feature_fields(samples: Path) -> list[str]:
    """The band fields of the sample table (a GeoPackage), as OTB must be told them."""
    with sqlite3.connect(samples) as db:
        (table,) = db.execute("SELECT table_name FROM gpkg_contents LIMIT 1").fetchone()
        columns = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
    skip = {"cls", "fid", "feature_id", "x", "y", "geom", "geometry"}
    return [c for c in columns if c.lower() not in skip]


def train(folder: Path, threads: int) -> None:
    """lulc:sample once; the same table trains both forests."""
    image, samples = folder / "image.tif", folder / "samples.gpkg"
    run(
        [
            *QGIS_PROCESS,
            "run",
            "lulc:sample",
            "--",
            f"RASTERS={image}",
            f"LABELS={folder / 'points.gpkg'}",
            "CLASS_FIELD=cls",
            f"OUTPUT={samples}",
        ]
    )
    run(
        [
            *QGIS_PROCESS,
            "run",
            "lulc:train",
            "--",
            f"SAMPLES={samples}",
            "CLASS_FIELD=cls",
            f"N_ESTIMATORS={FOREST['trees']}",
            f"MAX_DEPTH={FOREST['depth']}",
            f"OUTPUT_MODEL={folder / 'model.lulcmodel'}",
        ]
    )
    run(
        [
            "otbcli_TrainVectorClassifier",
            "-io.vd",
            str(samples),
            "-feat",
            *feature_fields(samples),
            "-cfield",
            "cls",
            "-classifier",
            "rf",
            "-classifier.rf.nbtrees",
            str(FOREST["trees"]),
            "-classifier.rf.max",
            str(FOREST["depth"]),
            "-classifier.rf.min",
            "1",
            "-classifier.rf.acc",
            "0",
            "-io.out",
            str(folder / "otb.model"),
        ],
        env={"ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS": str(threads)},
    )


def predict_ours(folder: Path, threads: int) -> tuple[float, float]:
    """lulc:predict through qgis_process, start-up included."""
    (folder / "ours.tif").unlink(missing_ok=True)
    (folder / "ours.qml").unlink(missing_ok=True)
    return run(
        [
            *QGIS_PROCESS,
            "run",
            "lulc:predict",
            "--",
            f"RASTERS={folder / 'image.tif'}",
            f"MODEL={folder / 'model.lulcmodel'}",
            f"THREADS={threads}",
            f"OUTPUT={folder / 'ours.tif'}",
        ]
    )


def predict_otb(folder: Path, threads: int) -> tuple[float, float]:
    """otbcli_ImageClassifier, uint8 output, start-up included."""
    return run(
        [
            "otbcli_ImageClassifier",
            "-in",
            str(folder / "image.tif"),
            "-model",
            str(folder / "otb.model"),
            "-out",
            str(folder / "otb.tif"),
            "uint8",
        ],
        env={"ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS": str(threads)},
    )


def main() -> int:
    """Prepare, train both, alternate the predictions, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--samples", type=int, default=5000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--folder",
        help="keep the image, samples and models here and reuse them if present "
        "(default: a temporary folder)",
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:  # work that needs numpy, in a process of its own
        if args.child[0] == "prepare":
            prepare(Path(args.child[1]), args.size, args.samples)
        else:
            print(agreement(Path(args.child[1]), Path(args.child[2])))
        return 0
    if shutil.which("otbcli_ImageClassifier") is None:
        print("Orfeo ToolBox is not installed: apt install otb-bin (for this benchmark only).")
        return 1
    with contextlib.ExitStack() as stack:
        if args.folder:
            folder = Path(args.folder)
            folder.mkdir(parents=True, exist_ok=True)
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-otb-")))
        me = [sys.executable, __file__, "--size", str(args.size), "--samples", str(args.samples)]
        if not (folder / "points.gpkg").exists():
            run([*me, "--child", "prepare", str(folder)])
        if not (folder / "otb.model").exists():
            train(folder, args.threads)
        runs: dict[str, list[tuple[float, float]]] = {"ours": [], "otb": []}
        for rep in range(args.reps):
            for name, predict in (("otb", predict_otb), ("ours", predict_ours)):
                runs[name].append(predict(folder, args.threads))
                wall, rss = runs[name][-1]
                print(f"rep {rep + 1} {name:4s} {wall:7.1f} s {rss:7.0f} MB", flush=True)
        agree = subprocess.run(
            [*me, "--child", "agree", str(folder / "ours.tif"), str(folder / "otb.tif")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    median = {
        k: (statistics.median(w for w, _ in v), statistics.median(r for _, r in v))
        for k, v in runs.items()
    }
    figures = {
        "image": f"{args.size} x {args.size} x 6 uint16",
        "samples": args.samples,
        "threads": args.threads,
        "ours_median_s": round(median["ours"][0], 1),
        "ours_median_peak_mb": round(median["ours"][1]),
        "otb_median_s": round(median["otb"][0], 1),
        "otb_median_peak_mb": round(median["otb"][1]),
        "speed_ratio_otb_over_ours": round(median["otb"][0] / median["ours"][0], 2),
        "memory_ratio_ours_over_otb": round(median["ours"][1] / median["otb"][1], 2),
        "pixels_agreeing": f"{100 * float(agree):.2f} %",
    }
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
