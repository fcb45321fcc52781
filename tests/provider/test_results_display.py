"""The panel's per-class table shows an undefined score as "n/a" (issue 14 item 10)."""

from __future__ import annotations

from typing import Any


def test_undefined_precision_shows_n_a(qgis_app: Any) -> None:
    from qgis.PyQt.QtWidgets import QTableWidget

    from lulc_classifier.ui.results import fill_class_scores

    table = QTableWidget()
    metrics = {
        "classes": [
            {"name": "forest", "f1": 0.8, "precision": 0.75, "recall": 0.9, "support": 10},
            {"name": "roofs", "f1": 0.0, "precision": None, "recall": 0.0, "support": 4},
        ]
    }
    fill_class_scores(table, metrics)
    cells = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(2)]
    assert cells[0] == ["forest", "0.800", "0.750", "0.900", "10"]
    assert cells[1] == ["roofs", "0.000", "n/a", "0.000", "4"]


METRICS = {
    "overall_accuracy": 0.904,
    "overall_accuracy_ci": [0.8871, 0.9189],
    "kappa": 0.85,
    "kappa_ci": [0.82, 0.88],
    "f1_macro": 0.8,
    "f1_macro_ci": [0.75, 0.84],
    "validation": "Spatial cross-validation by label feature (polygon)",
    "folds": 5,
    "fold_overall_accuracy": [0.88, 0.9, 0.91, 0.92, 0.91],
    "fold_spread": {"mean": 0.904, "std": 0.0136, "min": 0.88, "max": 0.92},
    "evaluation": {"forest": "5 of 5 folds", "water": "3 of 5 folds"},
    "not_evaluated": ["roofs"],
    "n_test": 1000,
    "n_train": 800,
    "classes": [
        {
            "name": "forest",
            "f1": 0.8,
            "f1_ci": [0.7234, 0.8612],
            "precision": 0.75,
            "precision_ci": [0.7, 0.8],
            "recall": 0.9,
            "recall_ci": [0.85, 0.94],
            "support": 10,
        },
        {
            "name": "water",
            "f1": 0.0,
            "f1_ci": [0.0, 0.0],
            "precision": None,
            "precision_ci": None,
            "recall": 0.0,
            "recall_ci": [0.0, 0.49],
            "support": 4,
        },
    ],
}


def test_scores_text_shows_the_intervals_and_the_spread(qgis_app: Any) -> None:
    from lulc_classifier.ui.results import scores_text

    text = scores_text(
        {
            **METRICS,
            "random_cv_comparison": {"overall_accuracy": 0.99, "overall_accuracy_ci": [0.98, 1.0]},
        }
    )
    assert "<b>Overall accuracy 0.904</b> (95 % CI 0.887–0.919)" in text
    assert "kappa 0.850 (0.820–0.880)" in text
    assert "macro F1 0.800 (0.750–0.840)" in text
    assert "Across the 5 folds: mean 0.904, std 0.014, min 0.880, max 0.920." in text
    assert "Tested in fewer folds: water (3 of 5 folds)." in text
    assert "forest (" not in text
    assert "Not evaluated (too few samples): roofs." in text
    assert "Random k-fold on the same samples: 0.990 (0.980–1.000); optimistic" in text


def test_overlapping_figures_are_not_called_different(qgis_app: Any) -> None:
    from lulc_classifier.ui.results import scores_text

    text = scores_text(
        {
            **METRICS,
            "random_cv_comparison": {"overall_accuracy": 0.92, "overall_accuracy_ci": [0.9, 0.94]},
        }
    )
    assert "within the uncertainty" in text
    assert "optimistic" not in text


def test_old_metrics_show_the_figures_alone(qgis_app: Any) -> None:
    from lulc_classifier.ui.results import scores_text

    text = scores_text({"overall_accuracy": 0.9, "kappa": 0.8, "f1_macro": 0.7, "n_test": 5})
    assert "<b>Overall accuracy 0.900</b> · kappa 0.800 · macro F1 0.700<br>" in text
    assert "CI" not in text


def test_class_table_shows_intervals_beside_the_scores(qgis_app: Any) -> None:
    from qgis.PyQt.QtWidgets import QTableWidget

    from lulc_classifier.ui.results import fill_class_scores

    table = QTableWidget()
    fill_class_scores(table, METRICS)
    cells = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(2)]
    assert cells[0] == [
        "forest",
        "0.800 (0.72–0.86)",
        "0.750 (0.70–0.80)",
        "0.900 (0.85–0.94)",
        "10",
    ]
    assert cells[1] == ["water", "0.000 (0.00–0.00)", "n/a", "0.000 (0.00–0.49)", "4"]
    assert table.item(0, 1).toolTip() == "95 % confidence interval: 0.723–0.861"
    assert table.item(1, 2).toolTip() == ""  # n/a has no interval
    assert "95 % confidence interval" in table.horizontalHeaderItem(2).toolTip()
