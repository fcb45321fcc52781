"""Learning history: each retraining adds one entry, carried from the model it retrains
(core/assessment/learning.py, core/train.py, the manifest's ``learning_history``)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from lulc_classifier.core.assessment.learning import (
    compare_last,
    extend_history,
    learning_curve_svg,
    learning_section,
)
from lulc_classifier.core.errors import ModelFileError, OutputError
from lulc_classifier.core.model.manifest import MAX_HISTORY, validate_manifest
from lulc_classifier.core.model.model_file import read_manifest
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    train_classifier,
)

from ..helpers import RecordingProgress

pd = pytest.importorskip("pandas")


def table(n_per_class: int, seed: int = 0) -> pd.DataFrame:
    """Two overlapping classes; each sample is its own label feature."""
    rng = np.random.default_rng(seed)
    n = 2 * n_per_class
    cls = np.repeat(["a", "b"], n_per_class)
    centre = np.where(cls == "a", 100.0, 130.0)
    return pd.DataFrame(
        {
            "cls": cls,
            "feature_id": np.arange(n),
            "b1": rng.normal(centre, 20, n),
            "b2": rng.normal(centre, 20, n),
        }
    )


def train(tmp_path: Path, name: str, n_per_class: int, previous: Path | None = None, **kw):
    progress = RecordingProgress()
    result = train_classifier(
        SampleSource(table(n_per_class), "cls"),
        TrainingFiles(
            tmp_path / f"{name}.lulcmodel",
            report_path=tmp_path / f"{name}.html",
            metrics_path=tmp_path / f"{name}.json",
            previous_model=previous,
        ),
        options=TrainingOptions(n_jobs=1, **kw),
        progress=progress,
    )
    return Path(result.model_path), progress


def test_history_grows_by_one_entry_per_retrain(tmp_path: Path) -> None:
    first, _ = train(tmp_path, "m1", 15)
    second, _ = train(tmp_path, "m2", 30, previous=first)
    third, progress = train(tmp_path, "m3", 60, previous=second)
    histories = [read_manifest(p).learning_history for p in (first, second, third)]
    assert [len(h or []) for h in histories] == [1, 2, 3]
    last = histories[2] or []
    assert [e["labels"] for e in last] == [30, 60, 120]
    assert [e["samples"] for e in last] == [30, 60, 120]
    # Earlier entries are carried unchanged.
    assert last[:2] == histories[1]
    metrics = json.loads((tmp_path / "m3.json").read_text())
    assert metrics["learning_history"] == last
    assert metrics["overall_accuracy"] == pytest.approx(last[-1]["overall_accuracy"])
    assert last[-1]["scheme"] == metrics["validation"]
    assert last[-1]["algorithm"] == "random_forest"
    assert any("labels instead of 60" in m for m in progress.messages)
    report = (tmp_path / "m3.html").read_text()
    assert "Learning history" in report
    assert "<polyline" in report


def test_labels_count_label_features_not_pixels(tmp_path: Path) -> None:
    data = table(20)
    data["feature_id"] = np.arange(40) // 4  # 10 polygons of 4 pixels
    path = tmp_path / "m.lulcmodel"
    train_classifier(
        SampleSource(data, "cls"), TrainingFiles(path), options=TrainingOptions(n_jobs=1)
    )
    entry = (read_manifest(path).learning_history or [])[0]
    assert (entry["labels"], entry["samples"]) == (10, 40)


def test_retrain_may_not_overwrite_the_previous_model(tmp_path: Path) -> None:
    first, _ = train(tmp_path, "m1", 15)
    before = first.read_bytes()
    with pytest.raises(OutputError):
        train_classifier(
            SampleSource(table(20), "cls"),
            TrainingFiles(first, previous_model=first),
            options=TrainingOptions(n_jobs=1),
        )
    assert first.read_bytes() == before


def test_a_damaged_previous_model_is_refused_before_training(tmp_path: Path) -> None:
    bad = tmp_path / "bad.lulcmodel"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ModelFileError):
        train(tmp_path, "m", 15, previous=bad)
    assert not (tmp_path / "m.lulcmodel").exists()


def manifest_with(history: object) -> dict:
    return {"bands": ["b1"], "classes": [{"code": 1, "name": "a", "color": "#000000"}],
            "learning_history": history}  # fmt: skip


@pytest.mark.parametrize(
    ("history", "field"),
    [
        ("many", "learning_history"),
        ([{"labels": -1, "samples": 1}], "learning_history[0].labels"),
        ([{"labels": 1, "samples": 1, "overall_accuracy": 1.5}], "overall_accuracy"),
        (
            [{"labels": 1, "samples": 1, "overall_accuracy_ci": [0.9, 0.1]}],
            "overall_accuracy_ci",
        ),
        ([{"labels": 1, "samples": 1, "scheme": "x" * 5000}], "scheme"),
        ([{"labels": 1, "samples": 1}] * (MAX_HISTORY + 1), "learning_history"),
    ],
)
def test_hostile_history_is_refused_naming_the_field(history: object, field: str) -> None:
    with pytest.raises(ModelFileError, match=field.replace("[", r"\[").replace("]", r"\]")):
        validate_manifest(manifest_with(history), "m.lulcmodel")


def test_history_is_capped() -> None:
    old = [{"labels": k, "samples": k} for k in range(MAX_HISTORY)]
    longer = extend_history(old, {"labels": -1, "samples": -1})
    assert len(longer) == MAX_HISTORY
    assert longer[-1]["labels"] == -1
    assert longer[0]["labels"] == 1


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [
        ([0.70, 0.80], [0.85, 0.95], "better"),
        ([0.70, 0.80], [0.78, 0.90], "same"),  # overlapping intervals: not different
        ([0.85, 0.95], [0.70, 0.80], "worse"),
        ([0.70, 0.80], None, "same"),
    ],
)
def test_overlapping_intervals_are_not_called_different(before, after, verdict) -> None:
    history = [
        {"labels": 10, "overall_accuracy": 0.75, "overall_accuracy_ci": before},
        {"labels": 20, "overall_accuracy": 0.9, "overall_accuracy_ci": after},
    ]
    assert compare_last(history) == verdict
    assert compare_last(history[:1]) == ""


def test_curve_has_a_point_and_an_interval_bar_per_entry() -> None:
    history = [
        {"labels": n, "overall_accuracy": a, "overall_accuracy_ci": [a - 0.05, a + 0.04]}
        for n, a in ((10, 0.7), (20, 0.8), (40, 0.86))
    ]
    svg = learning_curve_svg(history)
    assert svg.count("<circle") == 3
    assert svg.count("<line") == 2 + 3
    assert learning_curve_svg([]) == ""
    assert learning_section([]) == ""
    assert "the 95 % intervals overlap" in learning_section(history)


def test_old_model_without_history_is_read(tmp_path: Path) -> None:
    first, _ = train(tmp_path, "m1", 15)
    old = tmp_path / "old.lulcmodel"
    with zipfile.ZipFile(first) as src, zipfile.ZipFile(old, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                del manifest["learning_history"]
                data = json.dumps(manifest).encode()
            dst.writestr(item, data)
    assert read_manifest(old).learning_history is None
    second, _ = train(tmp_path, "m2", 20, previous=old)
    assert len(read_manifest(second).learning_history or []) == 1
