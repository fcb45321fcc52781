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
