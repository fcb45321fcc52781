"""Clean maps benchmark (issue 18, item 3): patches and spatial-CV accuracy of the pixel map, the
pixel map with each regularisation, and the object-based map.

    .venv/bin/python benchmarks/bench_clean.py [--scene demo|synthetic|both] [--size 1500]
        [--window 5] [--min-area 20] [--workdir DIR]
    .venv/bin/python benchmarks/bench_clean.py --quick      # smoke run, about a minute

Scenes:

* **demo**: the bundled historical map (1085 x 575 pixels) and its 17 labelled polygons
  (``data/historical_map/train.gpkg``, field ``Class``). Spatial CV with whole polygons per fold:
  2 folds (two classes have only 2 polygons), each class's polygons alternating between folds.
* **synthetic**: the landscape of ``bench_active.py`` (warped Voronoi fields of 6 classes with
  per-field variation, texture, mixed border pixels and pixel noise; SIZE x SIZE, 6 bands) with
  60 labelled 9 x 9-pixel squares inside fields (10 per class). Spatial CV by block: the scene's
  four quadrants are the four folds.

Every variant is the plugin's own path (``lulc_classifier.core``): a random forest trained on the
labels of the other folds (``classify_image``), the map predicted with ``predict_raster`` and
``PredictionOptions.smoothing`` (majority filter, probability smoothing, minimum mapping unit),
or object-based: segments (``segment_raster``, Felzenszwalb, once per scene), the labels' segments
sampled and a model trained on segment features, the map predicted segment by segment.

Accuracy: every variant's map is scored at the pixels of the held-out polygons of each fold
(pooled over the folds). The 95 % interval is a bootstrap over the held-out polygons (1,000
resamples of whole polygons: the pixels of one polygon are not independent). Patches: 8-connected
groups of one class in the map trained on all labels. Targets: at least 10 x fewer patches than
the pixel map, and an accuracy whose interval reaches the pixel map's accuracy or lies above it.
Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from checkout import import_plugin  # noqa: E402

TARGET_PATCHES = 10.0
RESAMPLES = 1000


def log(message: str) -> None:
    """A progress line on stderr."""
    print(message, file=sys.stderr, flush=True)


@dataclass
class Case:
    """A scene: its rasters, labelled polygons (a GeoPackage), class field, and fold of each
    polygon; ``truth`` is the dense reference where there is one."""

    name: str
    rasters: list[str]
    labels: Path
    class_field: str
    folds: np.ndarray
    truth: np.ndarray | None = None


@dataclass
class Scores:
    """One variant: held-out pixels per polygon (correct, total), patches, seconds."""

    correct: list[int] = field(default_factory=list)
    total: list[int] = field(default_factory=list)
    patches: int = 0
    truth_accuracy: float | None = None
    seconds: float = 0.0

    def accuracy(self) -> float:
        return float(sum(self.correct) / max(1, sum(self.total)))

    def interval(self, seed: int = 18) -> tuple[float, float]:
        """Percentile bootstrap over the held-out polygons."""
        correct, total = np.asarray(self.correct), np.asarray(self.total)
        rng = np.random.default_rng(seed)
        picks = rng.integers(0, len(total), size=(RESAMPLES, len(total)))
        values = correct[picks].sum(axis=1) / np.maximum(1, total[picks].sum(axis=1))
        low, high = np.percentile(values, [2.5, 97.5])
        return float(low), float(high)


# --------------------------------------------------------------------------- scenes


def demo_case(folder: Path) -> Case:
    import geopandas as gpd

    data = ROOT / "data" / "historical_map"
    frame = gpd.read_file(data / "train.gpkg")
    frame = frame.reset_index(drop=True)
    folds = np.zeros(len(frame), dtype=int)
    for _, rows in frame.groupby("Class").groups.items():
        for rank, index in enumerate(sorted(rows)):
            folds[index] = rank % 2
    labels = folder / "demo_labels.gpkg"
    frame.to_file(labels, driver="GPKG", layer="labels")
    return Case("demo", [str(data / "map_compress.tif")], labels, "Class", folds)


def synthetic_case(folder: Path, size: int, seed: int = 18) -> Case:
    import bench_active as scene_module
    import geopandas as gpd
    from shapely.geometry import box

    scene = scene_module.make_scene(folder / "synthetic", size, seed)
    truth = scene.truth
    rng = np.random.default_rng([seed, 18])
    half, geoms, classes, folds = 4, [], [], []
    for code, *_ in scene_module.CLASSES:
        found = 0
        for _ in range(20_000):
            if found == 10:
                break
            r, c = rng.integers(half, size - half, size=2)
            window = truth[r - half : r + half + 1, c - half : c + half + 1]
            if not (window == code).all():
                continue
            x0 = scene_module.ORIGIN[0] + (c - half) * scene_module.PIXEL
            y0 = scene_module.ORIGIN[1] - (r + half + 1) * scene_module.PIXEL
            side = (2 * half + 1) * scene_module.PIXEL
            geoms.append(box(x0, y0, x0 + side, y0 + side))
            classes.append(int(code))
            folds.append(int(r >= size // 2) * 2 + int(c >= size // 2))
            found += 1
    frame = gpd.GeoDataFrame({"class": classes}, geometry=geoms, crs=scene_module.CRS)
    labels = folder / "synthetic_labels.gpkg"
    frame.to_file(labels, driver="GPKG", layer="labels")
    return Case("synthetic", [str(scene.image)], labels, "class", np.asarray(folds), truth)


# --------------------------------------------------------------------------- variants


def variants(args: argparse.Namespace) -> dict[str, Any]:
    """Name -> SmoothingOptions (None: the pixel map as predicted)."""
    from lulc_classifier.core.regularize import SmoothingOptions

    return {
        "pixel": None,
        f"majority {args.window}x{args.window}": SmoothingOptions("majority", window=args.window),
        f"probability {args.window}x{args.window}": SmoothingOptions(
            "probability", window=args.window
        ),
        f"sieve {args.min_area:g} px": SmoothingOptions("sieve", min_area=args.min_area),
    }


def polygon_pixels(case: Case, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Raster of polygon index + 1 (0 outside) for the polygons in ``keep``, and their classes."""
    import geopandas as gpd
    import rasterio
    from rasterio.features import rasterize

    frame = gpd.read_file(case.labels)
    with rasterio.open(case.rasters[0]) as src:
        frame = frame.to_crs(src.crs)
        shapes = [(geom, i + 1) for i, geom in enumerate(frame.geometry) if keep[i]]
        index = rasterize(shapes, out_shape=src.shape, transform=src.transform, dtype="int32")
    return index, frame[case.class_field].to_numpy()


def score(map_path: Path, index: np.ndarray, classes: np.ndarray, scores: Scores) -> None:
    import rasterio

    with rasterio.open(map_path) as src:
        predicted = src.read(1)
    for polygon in np.unique(index[index > 0]):
        inside = index == polygon
        scores.correct.append(int((predicted[inside] == classes[polygon - 1]).sum()))
        scores.total.append(int(inside.sum()))


def patches(map_path: Path) -> int:
    import rasterio
    from scipy import ndimage

    with rasterio.open(map_path) as src:
        classes = src.read(1)
        nodata = src.nodata
    eight = np.ones((3, 3), dtype=bool)
    return int(
        sum(
            ndimage.label(classes == code, structure=eight)[1]
            for code in np.unique(classes)
            if code != nodata
        )
    )


def subset_labels(case: Case, keep: np.ndarray, path: Path) -> Path:
    import geopandas as gpd

    frame = gpd.read_file(case.labels)
    frame[keep].to_file(path, driver="GPKG", layer="labels")
    return path


def pixel_runs(
    case: Case, labels: Path, folder: Path, opts: dict[str, Any], seed: int
) -> dict[str, tuple[Path, float]]:
    """Train a forest on ``labels``; the map of each variant and its prediction seconds."""
    from lulc_classifier.core.predict import PredictionOptions, predict_raster
    from lulc_classifier.core.train import TrainingFiles, TrainingOptions
    from lulc_classifier.core.workflow import WorkflowFiles, WorkflowOptions, classify_image

    model = folder / "model.lulcmodel"
    raw = folder / "pixel.tif"
    start = time.perf_counter()
    classify_image(
        case.rasters,
        str(labels),
        case.class_field,
        WorkflowFiles(str(raw), TrainingFiles(str(model))),
        options=WorkflowOptions(training=TrainingOptions(seed=seed)),
    )
    maps = {"pixel": (raw, time.perf_counter() - start)}
    for name, smoothing in opts.items():
        if smoothing is None:
            continue
        out = folder / f"{name.split()[0]}.tif"
        start = time.perf_counter()
        predict_raster(
            case.rasters, str(model), str(out), options=PredictionOptions(smoothing=smoothing)
        )
        maps[name] = (out, time.perf_counter() - start)
    return maps


def object_run(
    case: Case, labels: Path, segments: Path, folder: Path, seed: int
) -> tuple[Path, float]:
    """The object-based map: segments sampled at ``labels``, a forest on segment features."""
    from lulc_classifier.core.predict import PredictionOptions
    from lulc_classifier.core.samples import SamplingOptions
    from lulc_classifier.core.train import TrainingFiles, TrainingOptions
    from lulc_classifier.core.workflow import WorkflowFiles, WorkflowOptions, classify_image

    out = folder / "objects.tif"
    start = time.perf_counter()
    classify_image(
        case.rasters,
        str(labels),
        case.class_field,
        WorkflowFiles(str(out), TrainingFiles(str(folder / "objects.lulcmodel"))),
        options=WorkflowOptions(
            sampling=SamplingOptions(segments_path=str(segments)),
            training=TrainingOptions(seed=seed),
            prediction=PredictionOptions(segments_path=str(segments)),
        ),
    )
    return out, time.perf_counter() - start


def make_segments(case: Case, folder: Path, args: argparse.Namespace) -> tuple[Path, float, int]:
    from lulc_classifier.core.segment import SegmentOptions, segment_raster

    out = folder / f"{case.name}_segments.tif"
    start = time.perf_counter()
    result = segment_raster(
        case.rasters,
        str(out),
        options=SegmentOptions(scale=args.scale, min_size=args.min_size),
    )
    return out, time.perf_counter() - start, result.segments


def run_case(case: Case, folder: Path, args: argparse.Namespace) -> dict[str, Scores]:
    opts = variants(args)
    names = [*opts, "object-based"]
    scores = {name: Scores() for name in names}
    segments, seconds, count = make_segments(case, folder, args)
    log(f"{case.name}: {count} segments in {seconds:.1f} s")
    folds = sorted(set(case.folds.tolist()))
    for fold in folds:
        log(f"{case.name}: fold {fold + 1} of {len(folds)}")
        work = folder / f"{case.name}_fold{fold}"
        work.mkdir(exist_ok=True)
        train = subset_labels(case, case.folds != fold, work / "train.gpkg")
        index, classes = polygon_pixels(case, case.folds == fold)
        maps = pixel_runs(case, train, work, opts, args.seed)
        maps["object-based"] = object_run(case, train, segments, work, args.seed)
        for name, (path, _) in maps.items():
            score(path, index, classes, scores[name])
    log(f"{case.name}: all labels")
    work = folder / f"{case.name}_all"
    work.mkdir(exist_ok=True)
    maps = pixel_runs(case, case.labels, work, opts, args.seed)
    maps["object-based"] = object_run(case, case.labels, segments, work, args.seed)
    for name, (path, spent) in maps.items():
        scores[name].patches = patches(path)
        scores[name].seconds = spent
        if case.truth is not None:
            import rasterio

            with rasterio.open(path) as src:
                scores[name].truth_accuracy = float(np.mean(src.read(1) == case.truth))
    return scores


def report(case: Case, scores: dict[str, Scores]) -> list[dict[str, Any]]:
    base = scores["pixel"]
    rows = []
    print(
        f"\n{case.name}: spatial CV ({len(set(case.folds.tolist()))} folds, "
        f"{len(base.total)} held-out polygons, {sum(base.total)} pixels)"
    )
    header = f"{'map':<20} {'patches':>9} {'x fewer':>8} {'accuracy':>9} {'95 % interval':>16}"
    if case.truth is not None:
        header += f" {'vs truth':>9}"
    print(header + f" {'seconds':>8}  targets")
    base_acc = base.accuracy()
    for name, s in scores.items():
        low, high = s.interval()
        fewer = base.patches / max(1, s.patches)
        ok_patches = name == "pixel" or fewer >= TARGET_PATCHES
        ok_accuracy = name == "pixel" or high >= base_acc
        line = (
            f"{name:<20} {s.patches:>9} {fewer:>8.1f} {s.accuracy():>9.4f} "
            f"{f'{low:.4f}-{high:.4f}':>16}"
        )
        if case.truth is not None:
            line += f" {s.truth_accuracy:>9.4f}"
        verdict = (
            ""
            if name == "pixel"
            else (
                f"patches {'met' if ok_patches else 'MISSED'}, accuracy "
                f"{'met' if ok_accuracy else 'MISSED'}"
            )
        )
        print(line + f" {s.seconds:>8.1f}  {verdict}")
        rows.append(
            {
                "scene": case.name,
                "map": name,
                "patches": s.patches,
                "fewer_patches": fewer,
                "accuracy": s.accuracy(),
                "interval": [low, high],
                "truth_accuracy": s.truth_accuracy,
                "seconds": s.seconds,
                "targets_met": bool(ok_patches and ok_accuracy),
            }
        )
    return rows


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scene", choices=["demo", "synthetic", "both"], default="both")
    parser.add_argument("--size", type=int, default=1500, help="synthetic scene side (pixels)")
    parser.add_argument("--window", type=int, default=7, help="majority / probability window")
    parser.add_argument("--min-area", type=float, default=20, help="sieve: pixels")
    parser.add_argument("--scale", type=float, default=100.0, help="Felzenszwalb scale")
    parser.add_argument("--min-size", type=int, default=20, help="Felzenszwalb min_size")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="write the rows as JSON here")
    parser.add_argument("--quick", action="store_true", help="demo scene and a 400 px synthetic")
    args = parser.parse_args(argv)
    if args.quick:
        args.size = 400
    return args


def main(argv: Sequence[str] | None = None) -> list[dict[str, Any]]:
    args = parse(argv)
    import_plugin()
    folder = args.workdir or Path(tempfile.mkdtemp(prefix="bench_clean_"))
    folder.mkdir(parents=True, exist_ok=True)
    builders: dict[str, Callable[[], Case]] = {
        "demo": lambda: demo_case(folder),
        "synthetic": lambda: synthetic_case(folder, args.size, args.seed),
    }
    wanted = ["demo", "synthetic"] if args.scene == "both" else [args.scene]
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    try:
        for name in wanted:
            case = builders[name]()
            rows += report(case, run_case(case, folder, args))
    finally:
        if args.workdir is None:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"\n{time.perf_counter() - started:.0f} s in all")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return rows


if __name__ == "__main__":
    main()
