"""Writes tests/data/models/sklearn-<version>/: one small model file per estimator of the
registry, trained with this stack's scikit-learn, and each model's predictions of a fixed probe.

Run it once on each supported stack (``scripts/stack.sh trixie .venv...`` or natively); the
tests load every stack's models on every stack (tests/core/test_portability.py)::

    .venv/bin/python scripts/make_model_fixtures.py
    bash scripts/stack.sh trixie bash -c 'source scripts/env.sh && \\
        $VENV/bin/python scripts/make_model_fixtures.py'
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from checkout import ROOT, import_plugin

import_plugin()

from lulc_classifier.core.model.estimators import REGISTRY  # noqa: E402
from lulc_classifier.core.model.model_file import library_versions  # noqa: E402
from lulc_classifier.core.train import (  # noqa: E402
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    train_classifier,
)

#: Small models (files of tens of KB), and the recipe's parts exercised: class weights, a
#: hyperparameter search, a tuple-valued hyperparameter.
OPTIONS = {
    "random_forest": TrainingOptions(balanced=True, hyperparameters={"n_estimators": 20}),
    "extra_trees": TrainingOptions(hyperparameters={"n_estimators": 20}),
    "hist_gradient_boosting": TrainingOptions(hyperparameters={"n_estimators": 20}),
    "lightgbm": TrainingOptions(hyperparameters={"n_estimators": 20}),
    "xgboost": TrainingOptions(hyperparameters={"n_estimators": 20}),
    "svm_rbf": TrainingOptions(search_iterations=3),
    "mlp": TrainingOptions(hyperparameters={"hidden_layers": "20,10"}),
}


def table() -> object:
    """240 samples, 4 features, 3 classes (codes 2, 5, 7) that overlap a little."""
    import pandas as pd

    rng = np.random.default_rng(0)
    y = np.repeat([2, 5, 7], 80)
    centres = {2: (0.0, 0.0, 1.0, 0.0), 5: (1.5, 0.5, 0.0, 1.0), 7: (0.0, 1.5, 1.0, 2.0)}
    x = np.array([centres[c] for c in y]) + rng.normal(scale=0.6, size=(y.size, 4))
    frame = pd.DataFrame(x, columns=["b1", "b2", "b3", "b4"])
    frame["cls"] = y
    return frame


def probe() -> np.ndarray:
    """The pixels every stack predicts (also built by the tests)."""
    return np.random.default_rng(1).normal(loc=0.7, scale=1.2, size=(500, 4))


def main() -> None:
    out = ROOT / "tests" / "data" / "models" / f"sklearn-{library_versions()['sklearn']}"
    out.mkdir(parents=True, exist_ok=True)
    samples = table()
    for key, spec in REGISTRY.items():
        if spec.package and not spec.available():
            print(f"{key}: skipped ({spec.package} not installed)")
            continue
        path = out / f"{key}.lulcmodel"
        options = dataclasses.replace(
            OPTIONS.get(key, TrainingOptions()), algorithm=key, seed=3, n_jobs=1
        )
        train_classifier(SampleSource(samples, "cls"), TrainingFiles(path), options=options)
        from lulc_classifier.core.model.model_file import load_model

        predicted = load_model(path).estimator.predict(probe())
        np.save(out / f"{key}.npy", np.asarray(predicted, dtype=np.int64), allow_pickle=False)
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
