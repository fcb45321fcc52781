"""Smoke test of the active learning benchmark (``benchmarks/bench_active.py``, issue 17 item 6):
its loop runs end to end on a tiny scene (``--quick``) and gives well-formed curves. The figures
themselves are the benchmark's to print, not this test's to check."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]

pytest.importorskip("rasterio")
pytest.importorskip("sklearn")


def _bench() -> ModuleType:
    """Import benchmarks/bench_active.py (not a package) as a module."""
    spec = importlib.util.spec_from_file_location(
        "bench_active", ROOT / "benchmarks" / "bench_active.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_active"] = module
    spec.loader.exec_module(module)
    return module


def test_quick_run_gives_paired_curves_and_a_ratio(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bench = _bench()
    summary = bench.main(["--quick", "--workdir", str(tmp_path)])

    out = capsys.readouterr().out
    assert "labels ratio active/random = " in out
    start = bench.START_PER_CLASS * len(bench.CLASSES)
    expected = list(range(start, 38 + 1, 10))  # --quick: batches of 10 up to 38 labels
    for strategy in ("active", "random"):
        curves = summary["curves"][strategy]
        assert len(curves) == 2  # --quick: 2 seeds
        for curve in curves:
            assert curve["labels"] == expected
            for what in ("accuracy", "macro_f1"):
                values = np.array(curve[what])
                assert values.shape == (len(expected),)
                assert np.all((values >= 0) & (values <= 1))
            per_class = np.array(curve["class_f1"])
            assert per_class.shape == (len(expected), len(bench.CLASSES))
            assert np.all((per_class >= 0) & (per_class <= 1))
            assert np.allclose(per_class.mean(axis=1), curve["macro_f1"])
            assert len(curve["train_seconds"]) == len(expected)
            assert len(curve["choose_seconds"]) == len(expected) - 1
    # Both strategies start from the same labels and model seed: the same first map.
    for active, random in zip(summary["curves"]["active"], summary["curves"]["random"]):
        assert active["accuracy"][0] == random["accuracy"][0]
    # A classifier trained on 18+ labels of this scene does far better than chance (1/6).
    assert min(c["accuracy"][-1] for c in summary["curves"]["random"]) > 0.4
    assert summary["ratios"]
    assert summary["ratios"][-1]["at"] == expected[-1]


def test_labels_to_reach_interpolates_and_says_never() -> None:
    bench = _bench()
    labels = np.array([10.0, 20.0, 30.0])
    values = np.array([0.5, 0.7, 0.8])
    assert bench.labels_to_reach(labels, values, 0.6) == pytest.approx(15.0)
    assert bench.labels_to_reach(labels, values, 0.4) == 10.0
    assert bench.labels_to_reach(labels, values, 0.8) == 30.0
    assert bench.labels_to_reach(labels, values, 0.9) is None


def test_scene_has_every_class() -> None:
    bench = _bench()
    truth, fields = bench.make_truth(200, np.random.default_rng(0))
    shares = np.bincount(truth.ravel(), minlength=len(bench.CLASSES) + 1)[1:] / truth.size
    assert np.all(shares > 0)
    image = bench.make_image(truth, fields, np.random.default_rng(1))
    assert image.shape == (6, 200, 200)
    assert image.min() >= 1
    assert image.max() <= 10000
