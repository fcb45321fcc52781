"""Times the 95 % confidence intervals of a training report (issue 17 item 4): target under
0.2 s for 10,000 test samples.

For each size it times the intervals alone (the folds' confusion matrices, Wilson intervals for
the shares, 1000 bootstrap resamples within the folds for the rest) and ``evaluate`` as a whole
(scikit-learn's figures and the intervals), and prints the median, min and max of ``--reps``
runs. The bootstrap draws each fold's confusion matrix from a multinomial, so its cost
grows with the classes and folds, not with the samples.

Run: ``.venv/bin/python benchmarks/bench_intervals.py [--reps 7] [--classes 10] [--folds 5]``.
Figures depend on the machine's load (the load average is printed).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from checkout import import_plugin  # noqa: E402

import_plugin()
from lulc_classifier.core.assessment.accuracy import evaluate, fold_confusions  # noqa: E402
from lulc_classifier.core.assessment.intervals import confidence_intervals  # noqa: E402
from lulc_classifier.core.legend import build_legend  # noqa: E402

TARGET_S = 0.2


def predictions(n: int, classes: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Test samples of ``classes`` classes, about 85 % right."""
    rng = np.random.default_rng(seed)
    y_true = rng.integers(1, classes + 1, n)
    y_pred = np.where(rng.random(n) < 0.15, rng.integers(1, classes + 1, n), y_true)
    return y_true.astype(np.int64), y_pred.astype(np.int64)


def timed(call: Callable[[], object], reps: int) -> list[float]:
    call()  # warm up: imports
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def row(n: int, classes: int, folds: int, reps: int) -> list[str]:
    """Time the intervals alone and ``evaluate`` as a whole for ``n`` test samples."""
    legend = build_legend(list(range(1, classes + 1)), [f"c{i}" for i in range(classes)])
    codes = [c.code for c in legend]
    y_true, y_pred = predictions(n, classes)
    sizes = [n // folds] * (folds - 1)
    sizes.append(n - sum(sizes))
    cases = (
        lambda: confidence_intervals(fold_confusions(y_true, y_pred, codes, sizes)),
        lambda: evaluate(y_true, y_pred, legend, n_train=n, folds=folds, fold_sizes=sizes),
    )
    medians, cells = [], []
    for case in cases:
        times = timed(case, reps)
        medians.append(statistics.median(times))
        cells.append(f"{medians[-1]:.3f} ({min(times):.3f}-{max(times):.3f})")
    return [*cells, ("met" if medians[0] < TARGET_S else "MISSED") if n == 10_000 else ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; {args.classes} classes, {args.folds} folds")
    print(f"{'samples':>8} {'intervals (s)':>24} {'evaluate, all figures (s)':>26} {'target':>7}")
    for n in (1_000, 10_000, 100_000):
        intervals, whole, verdict = row(n, args.classes, args.folds, args.reps)
        print(f"{n:>8} {intervals:>24} {whole:>26} {verdict:>7}")


if __name__ == "__main__":
    main()
