"""A legend that lasts (issue 14, item 6): the user's legend by class value in training
(core/user_legend.py), and a legend edit carried into the run's metrics and report
(core/legend_files.py through core/legend_edit.py)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lulc_classifier.core.assessment.accuracy import report_from_json
from lulc_classifier.core.assessment.report import render_html
from lulc_classifier.core.errors import InvalidInputError, ModelMismatchError
from lulc_classifier.core.legend import ClassInfo
from lulc_classifier.core.legend_edit import edit_legend
from lulc_classifier.core.model.model_file import read_manifest
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    encode_classes,
    train_classifier,
)
from lulc_classifier.core.user_legend import user_legend

pd = pytest.importorskip("pandas")
pytest.importorskip("sklearn")


def _table(names: list[str], n: int = 12, seed: int = 0) -> Any:
    """Well-separated classes, one per name: class k has band values around 100 * (k + 1)."""
    rng = np.random.default_rng(seed)
    frames = [
        pd.DataFrame(
            {"cls": [name] * n, "b1": rng.normal(100 * (k + 1), 3, n), "b2": rng.normal(0, 3, n)}
        )
        for k, name in enumerate(names)
    ]
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- by class value


def test_a_legend_follows_text_values_when_codes_shift() -> None:
    chosen = user_legend(["water", "Lake", "#00FFFF", "forest", "Woodland", "123456"])
    first = encode_classes(["forest", "water"], "cls", legend=chosen)[1]
    assert [(c.code, c.name, c.color) for c in first] == [
        (1, "Woodland", "#123456"),
        (2, "Lake", "#00ffff"),
    ]
    # A new class sorting first renumbers the others: the names stay with their values.
    codes, legend, _ = encode_classes(["forest", "water", "bare"], "cls", legend=chosen)
    assert codes.tolist() == [2, 3, 1]
    assert [(c.code, c.name, c.color) for c in legend][1:] == [
        (2, "Woodland", "#123456"),
        (3, "Lake", "#00ffff"),
    ]
    assert legend[0].name == "bare"
    assert legend[0].color not in {"#123456", "#00ffff"}


def test_a_legend_overrides_the_labels_names_and_matches_integer_values() -> None:
    hints = [{"value": 3, "name": "Forest", "color": "#1b7837"}, {"value": 7, "name": "Water"}]
    chosen = user_legend([{"value": "3.0", "name": "Woodland", "color": "#123456"}])
    _, legend, kind = encode_classes(pd.Series([7, 3, 3]), "code", hints, chosen)
    assert kind == "integer"
    assert [(c.code, c.name, c.color) for c in legend] == [
        (3, "Woodland", "#123456"),
        (7, "Water", "#1f78b4"),
    ]


def test_a_legend_that_would_give_two_classes_one_name_is_refused() -> None:
    chosen = user_legend(["water", "Forest", "#00ffff"])
    with pytest.raises(InvalidInputError, match=r"classes 1, 2 would all be named 'forest'"):
        encode_classes(["forest", "water"], "cls", legend=chosen)


@pytest.mark.parametrize(
    ("values", "match"),
    [
        (["water", "", "#00ffff"], r"name of class 'water' is empty"),
        (["water", "Lake", "cyan"], r"'cyan' is not a colour \(class 'water'\)"),
        (["water", "Lake", "#00ffff", "water", "Sea", "#0000ff"], r"'water' is given more"),
        (["", "Lake", "#00ffff"], r"'Lake' has no class value"),
        (["water", "Lake"], r"give a code, a name and a colour"),
    ],
)
def test_a_bad_legend_is_named(values: list[str], match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        user_legend(values)


def test_training_uses_the_legend_everywhere(tmp_path: Path) -> None:
    chosen = user_legend(["water", "Lake", "#00ffff"])
    metrics, report = tmp_path / "m.json", tmp_path / "r.html"
    result = train_classifier(
        SampleSource(_table(["forest", "water"]), "cls"),
        TrainingFiles(tmp_path / "m.lulcmodel", report_path=report, metrics_path=metrics),
        options=TrainingOptions(legend=chosen),
    )
    assert result.class_values == {1: "forest", 2: "water"}
    assert [c["name"] for c in read_manifest(result.model_path)["classes"]] == ["forest", "Lake"]
    assert json.loads(metrics.read_text())["confusion"]["names"] == ["forest", "Lake"]
    assert ">Lake<" in report.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- metrics and report


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A trained model with its metrics and report; one class too small to be evaluated."""
    folder = tmp_path_factory.mktemp("run")
    table = pd.concat([_table(["forest", "water"]), _table(["urban"], n=1, seed=1)])
    paths = {
        "model": folder / "m.lulcmodel",
        "metrics": folder / "m.json",
        "report": folder / "r.html",
    }
    train_classifier(
        SampleSource(table, "cls"),
        TrainingFiles(paths["model"], report_path=paths["report"], metrics_path=paths["metrics"]),
        options=TrainingOptions(validation="holdout"),
    )
    return paths


@pytest.fixture
def files(run: dict[str, Path], tmp_path: Path) -> dict[str, Path]:
    copies = {}
    for key, path in run.items():
        copies[key] = tmp_path / path.name
        copies[key].write_bytes(path.read_bytes())
    return copies


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_the_report_renders_again_exactly_from_its_metrics(files: dict[str, Path]) -> None:
    before = files["report"].read_bytes()
    edit_legend(
        [], model_path=files["model"], metrics_path=files["metrics"], report_path=files["report"]
    )
    assert files["report"].read_bytes() == before


def test_metrics_read_back_render_as_the_report_they_came_from(files: dict[str, Path]) -> None:
    metrics = json.loads(files["metrics"].read_text())
    metrics["kappa"] = None  # a NaN figure is written as null and must come back as NaN
    assert len(metrics.pop("learning_history")) == 1  # the model's, beside its accuracy
    report = report_from_json(metrics)
    assert np.isnan(report.kappa)
    assert report.to_json() == metrics
    assert "Kappa n/a" in render_html(report, title="t", info={})


def test_names_reach_metrics_and_report(files: dict[str, Path]) -> None:
    assert ">urban<" in files["report"].read_text(encoding="utf-8")
    result = edit_legend(
        [ClassInfo(2, "Built-up", "#ff0000"), ClassInfo(1, "Woodland", "#123456")],
        model_path=files["model"],
        metrics_path=files["metrics"],
        report_path=files["report"],
    )
    assert result.metrics_path == str(files["metrics"])
    assert result.report_path == str(files["report"])
    metrics = json.loads(files["metrics"].read_text())
    assert metrics["confusion"]["names"] == ["Woodland", "Built-up", "water"]
    assert [c["name"] for c in metrics["classes"]] == ["Woodland", "water"]
    assert metrics["not_evaluated"] == ["Built-up"]  # too few samples: named by its new name
    text = files["report"].read_text(encoding="utf-8")
    assert ">Woodland<" in text
    assert "Built-up" in text
    for old in ("forest", "urban"):  # ("Random forest", the algorithm, stays)
        assert f">{old}<" not in text
        assert f"{old}:" not in text
        assert f"{old}," not in text
    # The model keeps the run's record of the names it had then.
    assert read_manifest(files["model"])["metrics"]["confusion"]["names"][0] == "forest"


def test_metrics_alone_with_the_map_or_model(files: dict[str, Path]) -> None:
    report = files["report"].read_bytes()
    edit_legend(
        [ClassInfo(3, "Lake", "#00ffff")], model_path=files["model"], metrics_path=files["metrics"]
    )
    assert json.loads(files["metrics"].read_text())["confusion"]["names"][2] == "Lake"
    assert files["report"].read_bytes() == report  # not named: not touched


def _edit(files: dict[str, Path], **given: Any) -> None:
    paths = {k: files[k] for k in ("model", "metrics", "report")}
    paths.update(given)
    edit_legend(
        [ClassInfo(1, "Woodland", "#123456")],
        model_path=paths["model"],
        metrics_path=paths["metrics"],
        report_path=paths["report"],
    )


def test_files_of_another_run_change_nothing(files: dict[str, Path], tmp_path: Path) -> None:
    metrics = json.loads(files["metrics"].read_text())
    metrics["confusion"]["counts"][0][0] += 1
    other = tmp_path / "other.json"
    other.write_text(json.dumps(metrics))
    before = _digests(tmp_path)
    with pytest.raises(ModelMismatchError, match=r"not from the run that made the model"):
        _edit(files, metrics=other)
    assert _digests(tmp_path) == before
    text = files["report"].read_text(encoding="utf-8")
    created = read_manifest(files["model"])["created"]
    assert created in text
    files["report"].write_text(text.replace(created, "2001-01-01T00:00:00+00:00"))
    before = _digests(tmp_path)
    with pytest.raises(ModelMismatchError, match=r"report .* is not from the run"):
        _edit(files)
    assert _digests(tmp_path) == before


@pytest.mark.parametrize(
    ("given", "match"),
    [
        ({"report": "page.html"}, r"not an accuracy report of LULC"),
        ({"metrics": "page.html"}, r"not a metrics file of lulc:train"),
    ],
)
def test_files_not_ours_change_nothing(
    files: dict[str, Path], tmp_path: Path, given: dict[str, str], match: str
) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><title>My notes</title></html>")
    before = _digests(tmp_path)
    with pytest.raises(InvalidInputError, match=match):
        _edit(files, **{k: tmp_path / v for k, v in given.items()})
    assert _digests(tmp_path) == before
