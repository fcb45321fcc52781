"""Active learning benchmark (issue 17, item 6): do labels placed where ``suggest_labels`` says
reach a given accuracy with fewer labels than labels placed at random?

    .venv/bin/python benchmarks/bench_active.py [--seeds 5] [--batch 20] [--max-labels 300]
        [--size 400] [--workdir DIR] [--strategy margin] [--min-distance 10] [--no-balance]
    .venv/bin/python benchmarks/bench_active.py --quick      # smoke run, well under a minute

The scene (one per seed, made with that seed; a SIZE x SIZE x 6-band uint16 GeoTIFF, 10 m pixels,
UTM 33N) is a synthetic landscape with a dense, known reference:

* fields: a Voronoi tessellation (one field per ~40 x 40 pixels) whose boundaries are bent by a
  smooth random displacement, so fields have curved borders; each field gets a class drawn with
  the shares water 10 %, forest 24 %, grassland 22 %, cropland 30 %, built-up 10 %, bare soil 4 %
  (the rare class), every class at least once;
* spectra: six reflectance-like bands. Grassland and cropland are close to each other, built-up
  and bare soil too, forest is near grassland in the visible bands; water stands apart;
* variation: every field has its own brightness and per-band offset (fields of one class
  differ), a smooth within-field texture, pixel noise, and mixed pixels at field borders (the
  pure image is blurred over about one pixel before the noise). The reference is the class at
  the pixel centre, so border pixels are partly ambiguous for any classifier.

Nothing in it is aimed at one strategy: random labels cover the fields in proportion to their
area (good for the per-field variation), uncertainty sampling goes to the confused pairs and
borders (including the mixed pixels no label can resolve); the rare class is rare for both.

Each seed starts both strategies from the same labels: 3 random pixels per class (as a user
labels a few of each class first), read from the reference. Each iteration then trains the
plugin's way (labels GeoPackage -> ``sample_labels`` -> ``train_classifier``, a 100-tree random
forest with the default hold-out, -> ``predict_raster`` over the whole scene: ``classify_image``),
scores the map against the reference over every pixel (overall accuracy and macro F1), and adds
``--batch`` labels:

* active: ``suggest_labels`` with the model just trained and the labels so far (their class read
  from the reference at the suggested pixel centres);
* random: uniformly drawn pixels not yet labelled (seeded).

The seed sets the scene, the start labels, the model's seed and the random batches. The output
is the mean curve per strategy over the seeds (with the min and max), the labels each strategy
needs to reach given accuracies on the mean curves (linear interpolation), the ratio
active / random (target <= 0.7) and the time per iteration. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from checkout import import_plugin  # noqa: E402

#: (code, name, share of the fields, mean reflectance x 10,000 in blue, green, red, NIR, SWIR1,
#: SWIR2).
CLASSES: list[tuple[int, str, float, tuple[int, ...]]] = [
    (1, "water", 0.10, (600, 700, 500, 300, 150, 100)),
    (2, "forest", 0.24, (320, 560, 380, 2900, 1500, 700)),
    (3, "grassland", 0.22, (450, 800, 600, 3000, 2000, 1100)),
    (4, "cropland", 0.30, (500, 850, 700, 2750, 2200, 1300)),
    (5, "built-up", 0.10, (1100, 1200, 1300, 1900, 2300, 2100)),
    (6, "bare soil", 0.04, (1250, 1350, 1550, 2100, 2700, 2400)),
]
CLASS_FIELD = "class"
PIXEL = 10.0
ORIGIN = (500000.0, 4100000.0)
CRS = "EPSG:32633"
START_PER_CLASS = 3
TARGET_RATIO = 0.7


def log(message: str) -> None:
    """A progress line on stderr."""
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- the scene


@dataclass
class Scene:
    """The scene's image, its dense reference (class codes, rows x cols) and its border pixels
    (another class in the 3 x 3 window: mixed pixels)."""

    image: Path
    truth: np.ndarray

    @property
    def border(self) -> np.ndarray:
        """True where the pixel's 3 x 3 window holds another class."""
        from scipy.ndimage import maximum_filter, minimum_filter

        return np.asarray(maximum_filter(self.truth, 3) != minimum_filter(self.truth, 3))


def _smooth(rng: np.random.Generator, shape: tuple[int, int], sigma: float) -> np.ndarray:
    """Smooth random field with unit standard deviation."""
    from scipy.ndimage import gaussian_filter

    values = gaussian_filter(rng.normal(size=shape), sigma, mode="reflect")
    return values / (values.std() or 1.0)


def make_truth(size: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Warped Voronoi fields, each with a class drawn by its share (every class at least once)."""
    from scipy.spatial import cKDTree

    n_fields = max(len(CLASSES) * 2, round(size * size / 1600))
    seeds = rng.uniform(0, size, size=(n_fields, 2))
    shares = np.array([c[2] for c in CLASSES])
    field_class = rng.choice(len(CLASSES), size=n_fields, p=shares / shares.sum())
    field_class[rng.permutation(n_fields)[: len(CLASSES)]] = np.arange(len(CLASSES))
    rows, cols = np.mgrid[0:size, 0:size].astype(np.float64)
    warp = max(2.0, size / 50)
    rows += warp * _smooth(rng, (size, size), size / 25)
    cols += warp * _smooth(rng, (size, size), size / 25)
    _, nearest = cKDTree(seeds).query(np.column_stack([rows.ravel(), cols.ravel()]))
    codes = np.array([c[0] for c in CLASSES], dtype=np.uint8)
    return codes[field_class[nearest]].reshape(size, size), nearest.reshape(size, size)


def make_image(truth: np.ndarray, fields: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Bands (6, rows, cols) float: class spectra with per-field variation, texture, mixed
    pixels at borders and pixel noise."""
    from scipy.ndimage import gaussian_filter

    means = np.array([c[3] for c in CLASSES], dtype=np.float64)  # (classes, bands)
    n_fields = int(fields.max()) + 1
    brightness = rng.normal(1.0, 0.07, size=n_fields)
    offset = rng.normal(0.0, 110.0, size=(n_fields, means.shape[1]))
    pure = means[truth - 1] * brightness[fields][..., None] + offset[fields]  # rows, cols, bands
    shape = truth.shape
    bands = []
    for b in range(means.shape[1]):
        band = gaussian_filter(pure[..., b], 0.8, mode="nearest")  # mixed pixels at borders
        band += 90.0 * _smooth(rng, shape, 3.0)  # within-field texture
        band += rng.normal(0.0, 110.0, size=shape)  # pixel noise
        bands.append(band)
    return np.clip(np.stack(bands), 1, 10000)


def make_scene(folder: Path, size: int, seed: int) -> Scene:
    """Write the scene of ``seed`` (image GeoTIFF and reference GeoTIFF) in ``folder``."""
    import rasterio
    from rasterio.transform import from_origin

    rng = np.random.default_rng([seed, 17])
    truth, fields = make_truth(size, rng)
    data = make_image(truth, fields, rng).astype(np.uint16)
    profile = {
        "driver": "GTiff",
        "width": size,
        "height": size,
        "count": data.shape[0],
        "dtype": "uint16",
        "crs": CRS,
        "transform": from_origin(*ORIGIN, PIXEL, PIXEL),
        "tiled": True,
        "blockxsize": 128,
        "blockysize": 128,
        "compress": "deflate",
    }
    folder.mkdir(parents=True, exist_ok=True)
    image = folder / "image.tif"
    with rasterio.open(image, "w", **profile) as dst:
        dst.write(data)
        dst.descriptions = ("blue", "green", "red", "nir", "swir1", "swir2")
    profile.update(count=1, dtype="uint8", nodata=0)
    with rasterio.open(folder / "reference.tif", "w", **profile) as dst:
        dst.write(truth, 1)
    return Scene(image, truth)


# --------------------------------------------------------------------------- labels


def write_labels(path: Path, rows: np.ndarray, cols: np.ndarray, truth: np.ndarray) -> None:
    """Point GeoPackage at the pixel centres, with the reference class in ``CLASS_FIELD``."""
    import geopandas as gpd

    x = ORIGIN[0] + (cols + 0.5) * PIXEL
    y = ORIGIN[1] - (rows + 0.5) * PIXEL
    frame = gpd.GeoDataFrame(
        {CLASS_FIELD: truth[rows, cols].astype(np.int64)},
        geometry=gpd.points_from_xy(x, y),
        crs=CRS,
    )
    frame.to_file(path, driver="GPKG", layer="labels")


def start_labels(truth: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``START_PER_CLASS`` random pixels of each class (flat indices as rows, cols)."""
    flat = truth.ravel()
    picked = [
        rng.choice(np.flatnonzero(flat == code), START_PER_CLASS, replace=False)
        for code, *_ in CLASSES
    ]
    return np.divmod(np.concatenate(picked), truth.shape[1])


def random_batch(
    truth: np.ndarray, taken: np.ndarray, count: int, rng: np.random.Generator
) -> np.ndarray:
    """``count`` flat pixel indices drawn uniformly among those not in ``taken``."""
    free = np.ones(truth.size, dtype=bool)
    free[taken] = False
    return rng.choice(np.flatnonzero(free), count, replace=False)


def active_batch(
    scene: Scene, model: Path, labels: Path, out: Path, args: argparse.Namespace, seed: int
) -> np.ndarray:
    """Flat pixel indices of the ``args.batch`` pixels ``suggest_labels`` chooses."""
    import rasterio

    from lulc_classifier.core.suggest import SuggestOptions, suggest_labels

    options = SuggestOptions(
        count=args.batch,
        strategy=args.strategy,
        min_distance=args.min_distance,
        distance_in_pixels=True,
        balance=args.balance,
        seed=seed,
    )
    suggest_labels([str(scene.image)], str(model), str(out), options=options, labels=str(labels))
    with rasterio.open(scene.image) as src:
        transform = src.transform
    xs, ys = read_points(out, "suggestions")
    rows, cols = rasterio.transform.rowcol(transform, xs, ys)
    return np.asarray(rows, dtype=np.int64) * scene.truth.shape[1] + np.asarray(cols)


def read_points(path: Path, layer: str) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates of a point layer's features."""
    import geopandas as gpd

    frame = gpd.read_file(path, layer=layer)
    return frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy()


# --------------------------------------------------------------------------- one run


@dataclass
class Curve:
    """One strategy on one seed: labels, overall accuracy and macro F1 after each training."""

    labels: list[int] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    macro_f1: list[float] = field(default_factory=list)
    class_f1: list[list[float]] = field(default_factory=list)
    train_seconds: list[float] = field(default_factory=list)
    choose_seconds: list[float] = field(default_factory=list)
    border_added: int = 0
    added: int = 0


def train_and_score(
    scene: Scene, labels: Path, folder: Path, step: int, args: argparse.Namespace, seed: int
) -> tuple[Path, float, list[float]]:
    """Train on ``labels`` and map the scene as the plugin does; return the model and the map's
    overall accuracy and F1 per class against the reference (every pixel)."""
    import rasterio
    from sklearn.metrics import f1_score

    from lulc_classifier.core.train import TrainingFiles, TrainingOptions
    from lulc_classifier.core.workflow import WorkflowFiles, WorkflowOptions, classify_image

    model = folder / f"model-{step:03d}.lulcmodel"
    out = folder / f"map-{step:03d}.tif"
    hyper = {"n_estimators": args.trees} if args.trees != 100 else {}
    options = WorkflowOptions(training=TrainingOptions(seed=seed, hyperparameters=hyper))
    classify_image(
        [str(scene.image)],
        str(labels),
        CLASS_FIELD,
        WorkflowFiles(str(out), TrainingFiles(str(model))),
        options=options,
    )
    with rasterio.open(out) as src:
        predicted = src.read(1)
    truth = scene.truth.ravel()
    predicted = predicted.ravel()
    accuracy = float(np.mean(predicted == truth))
    codes = [c[0] for c in CLASSES]
    f1 = [float(v) for v in f1_score(truth, predicted, labels=codes, average=None, zero_division=0)]
    for path in folder.glob(f"map-{step:03d}*"):
        path.unlink()
    return model, accuracy, f1


def run_strategy(
    scene: Scene, strategy: str, folder: Path, args: argparse.Namespace, seed: int
) -> Curve:
    """The loop of one strategy on one seed's scene, from the seed's start labels."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = np.random.default_rng([seed, 2])
    rows, cols = start_labels(scene.truth, rng)
    taken = rows * scene.truth.shape[1] + cols
    batch_rng = np.random.default_rng([seed, 3])
    border = scene.border.ravel()
    curve = Curve()
    step = 0
    while True:
        labels = folder / f"labels-{step:03d}.gpkg"
        write_labels(labels, *np.divmod(taken, scene.truth.shape[1]), scene.truth)
        start = time.perf_counter()
        model, accuracy, f1 = train_and_score(scene, labels, folder, step, args, seed)
        curve.train_seconds.append(time.perf_counter() - start)
        curve.labels.append(int(taken.size))
        curve.accuracy.append(accuracy)
        curve.macro_f1.append(float(np.mean(f1)))
        curve.class_f1.append(f1)
        log(
            f"  seed {seed} {strategy:6s} {taken.size:4d} labels: accuracy {accuracy:.4f}, "
            f"macro F1 {curve.macro_f1[-1]:.4f} ({curve.train_seconds[-1]:.1f} s)"
        )
        if taken.size + args.batch > args.max_labels:
            break
        start = time.perf_counter()
        if strategy == "active":
            suggestions = folder / f"suggestions-{step:03d}.gpkg"
            new = active_batch(scene, model, labels, suggestions, args, seed * 1000 + step)
        else:
            new = random_batch(scene.truth, taken, args.batch, batch_rng)
        curve.choose_seconds.append(time.perf_counter() - start)
        new = np.setdiff1d(new, taken)  # a pixel is never labelled twice
        if new.size < args.batch:  # the curves of all seeds keep the same label counts
            log(f"  seed {seed} {strategy}: {new.size} new pixels, not {args.batch}; stopping")
            break
        curve.added += int(new.size)
        curve.border_added += int(border[new].sum())
        taken = np.concatenate([taken, new])
        step += 1
    return curve


# --------------------------------------------------------------------------- summary


def mean_curve(curves: Sequence[Curve], what: str = "accuracy") -> tuple[np.ndarray, np.ndarray]:
    """Label counts and the mean of ``what`` over the curves (cut to the shortest curve)."""
    n = min(len(c.labels) for c in curves)
    labels = np.array(curves[0].labels[:n], dtype=np.float64)
    values = np.array([getattr(c, what)[:n] for c in curves])
    return labels, values.mean(axis=0)


def labels_to_reach(labels: np.ndarray, values: np.ndarray, level: float) -> float | None:
    """Labels at which the curve first reaches ``level``, interpolated linearly between points
    (None: never reached)."""
    above = np.flatnonzero(values >= level)
    if above.size == 0:
        return None
    i = int(above[0])
    if i == 0:
        return float(labels[0])
    x0, x1, y0, y1 = labels[i - 1], labels[i], values[i - 1], values[i]
    return float(x0 + (level - y0) / (y1 - y0) * (x1 - x0))


def ratios(active: Sequence[Curve], random: Sequence[Curve]) -> list[dict[str, Any]]:
    """For random's mean accuracy at a few label counts (the end among them): the labels each
    strategy needs to reach it first, and their ratio active / random."""
    labels, acc_random = mean_curve(random)
    labels_a, acc_active = mean_curve(active)
    rows = []
    picks = sorted({len(labels) - 1, (len(labels) - 1) * 3 // 4, (len(labels) - 1) // 2})
    for i in picks:
        level = float(acc_random[i])
        n_random = labels_to_reach(labels, acc_random, level)
        n_active = labels_to_reach(labels_a, acc_active, level)
        ratio = None if n_active is None or not n_random else n_active / n_random
        rows.append(
            {
                "at": int(labels[i]),
                "level": level,
                "random": n_random,
                "active": n_active,
                "ratio": ratio,
            }
        )
    return rows


def print_table(results: dict[str, list[Curve]]) -> None:
    """Mean (min-max) accuracy and mean macro F1 per strategy against the labels."""
    names = list(results)
    labels, _ = mean_curve(results[names[0]])
    header = (
        "| labels | "
        + " | ".join(f"{s} accuracy mean (min-max) | {s} macro F1" for s in names)
        + " |"
    )
    print(header)
    print("|---" * (1 + 2 * len(names)) + "|")
    for i, n in enumerate(labels):
        cells = []
        for s in names:
            acc = [c.accuracy[i] for c in results[s] if i < len(c.accuracy)]
            f1 = [c.macro_f1[i] for c in results[s] if i < len(c.macro_f1)]
            cells.append(f"{np.mean(acc):.4f} ({min(acc):.4f}-{max(acc):.4f}) | {np.mean(f1):.4f}")
        print(f"| {int(n)} | " + " | ".join(cells) + " |")


def print_summary(results: dict[str, list[Curve]], seconds: float) -> list[dict[str, Any]]:
    """The table, the ratios and the times."""
    print_table(results)
    rows = ratios(results["active"], results["random"])
    print()
    for row in rows:
        active = "not reached" if row["active"] is None else f"{row['active']:.0f}"
        print(
            f"random's mean accuracy at {row['at']} labels, {row['level']:.4f}: random reaches it "
            f"with {row['random']:.0f} labels, active with {active}"
        )
    names = ", ".join(c[1] for c in CLASSES)
    for s, curves in results.items():
        n = min(len(c.class_f1) for c in curves)
        per_class = np.mean([c.class_f1[n - 1] for c in curves], axis=0)
        scores = " ".join(f"{v:.3f}" for v in per_class)
        print(f"{s}: F1 per class at {curves[0].labels[n - 1]} labels ({names}): {scores}")
    share = {
        s: sum(c.border_added for c in cs) / max(1, sum(c.added for c in cs))
        for s, cs in results.items()
    }
    print(
        "labels added on field borders (another class in the 3 x 3 window; "
        + ", ".join(f"{s} {v:.0%}" for s, v in share.items())
        + ")"
    )
    end = rows[-1]["ratio"]
    text = "> 1 (not reached)" if end is None else f"{end:.2f}"
    print(f"labels ratio active/random = {text} (target <= {TARGET_RATIO})")
    for s, curves in results.items():
        train = np.mean([t for c in curves for t in c.train_seconds])
        choose = np.mean([t for c in curves for t in c.choose_seconds] or [0.0])
        print(f"{s}: {train:.2f} s per training + map, {choose:.2f} s per batch chosen")
    print(f"total {seconds:.0f} s")
    return rows


# --------------------------------------------------------------------------- main


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line (``--quick`` sets small values for a smoke run)."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--batch", type=int, default=20)
    p.add_argument("--max-labels", type=int, default=300)
    p.add_argument("--size", type=int, default=400)
    p.add_argument("--trees", type=int, default=100, help="trees of the random forest")
    p.add_argument(
        "--strategy", default="margin", choices=("margin", "entropy", "least_confidence")
    )
    p.add_argument("--min-distance", type=float, default=10, help="of suggest_labels, in pixels")
    p.add_argument("--no-balance", dest="balance", action="store_false")
    p.add_argument("--workdir", type=Path, default=None, help="default: a temporary folder")
    p.add_argument("--json", type=Path, default=None, help="write the curves there")
    p.add_argument("--verbose", action="store_true", help="show the core's warnings")
    p.add_argument("--quick", action="store_true", help="smoke run: tiny scene, 2 seeds")
    args = p.parse_args(argv)
    if args.quick:
        args.seeds, args.batch, args.max_labels, args.size, args.trees = 2, 10, 38, 48, 20
        args.min_distance = min(args.min_distance, 3)
    return args


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Run the benchmark; print the table and the ratio; return the curves and ratios."""
    args = parse(argv)
    if "lulc_classifier" not in sys.modules:  # pytest has registered it already
        import_plugin()
    # The core's warnings (few samples per class at the start...) are expected here.
    logging.getLogger("lulc_classifier").setLevel(logging.INFO if args.verbose else logging.ERROR)
    started = time.perf_counter()
    own = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="lulc-active-")) if own else args.workdir
    results: dict[str, list[Curve]] = {"active": [], "random": []}
    try:
        for seed in range(args.seeds):
            log(f"seed {seed}: scene {args.size} x {args.size}")
            scene = make_scene(workdir / f"seed-{seed}", args.size, seed)
            for strategy in results:
                folder = workdir / f"seed-{seed}" / strategy
                results[strategy].append(run_strategy(scene, strategy, folder, args, seed))
    finally:
        if own:
            shutil.rmtree(workdir, ignore_errors=True)
    rows = print_summary(results, time.perf_counter() - started)
    summary = {
        "args": {k: str(v) for k, v in vars(args).items()},
        "curves": {s: [vars(c) for c in curves] for s, curves in results.items()},
        "ratios": rows,
    }
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1))
    return summary


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
