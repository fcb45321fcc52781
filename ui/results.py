"""Shows a training run's accuracy in the panel: scores, per-class F1 and the confusion heatmap."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qgis.PyQt.QtCore import Qt, QUrl
from qgis.PyQt.QtGui import QBrush, QColor
from qgis.PyQt.QtWidgets import QHeaderView, QTableWidgetItem

from ..processing_provider.i18n import tr
from ..processing_provider.styling import heat_colours

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def read_metrics(path: str) -> dict[str, Any]:
    """The metrics JSON written by lulc:train / lulc:classify."""
    data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return data


def _number(value: Any) -> str:
    # None: undefined (JSON null), e.g. the precision of a class never predicted
    return tr("n/a") if value is None else f"{value:.3f}"


def scores_text(metrics: dict[str, Any]) -> str:
    """Headline figures as rich text."""
    text = tr(
        "<b>Overall accuracy {oa}</b> · kappa {kappa} · macro F1 {f1}<br>"
        "{scheme}: {n_test} test samples, {n_train} training samples."
    ).format(
        oa=_number(metrics.get("overall_accuracy")),
        kappa=_number(metrics.get("kappa")),
        f1=_number(metrics.get("f1_macro")),
        scheme=metrics.get("validation", ""),
        n_test=metrics.get("n_test", "?"),
        n_train=metrics.get("n_train", "?"),
    )
    comparison = metrics.get("random_cv_comparison") or {}
    if comparison.get("overall_accuracy") is not None:
        text += "<br>" + tr(
            "Random k-fold on the same samples: {oa} (optimistic: neighbouring pixels are alike)."
        ).format(oa=_number(comparison["overall_accuracy"]))
    return text


def fill_class_scores(table: Any, metrics: dict[str, Any]) -> None:
    """One row per class: F1, user's accuracy (precision), producer's accuracy (recall), support."""
    classes = metrics.get("classes", [])
    headers = [
        (tr("Class"), ""),
        (tr("F1"), tr("F1 score: harmonic mean of user's and producer's accuracy")),
        (tr("UA"), tr("User's accuracy (precision): share of the map's class that is right")),
        (tr("PA"), tr("Producer's accuracy (recall): share of the class that the map finds")),
        (tr("n"), tr("Test samples of the class")),
    ]
    table.clear()
    table.setColumnCount(len(headers))
    for column, (text, tip) in enumerate(headers):
        header = QTableWidgetItem(text)
        header.setToolTip(tip)
        table.setHorizontalHeaderItem(column, header)
    table.setRowCount(len(classes))
    for row, score in enumerate(classes):
        values = [
            score["name"],
            _number(score.get("f1")),
            _number(score.get("precision")),
            _number(score.get("recall")),
            str(score.get("support", "")),
        ]
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            if column:
                item.setTextAlignment(int(RIGHT))
            table.setItem(row, column, item)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)


def fill_confusion(table: Any, metrics: dict[str, Any]) -> None:
    """Counts coloured by their share of the reference row (the diagonal is what is right)."""
    confusion = metrics.get("confusion", {})
    names = [str(n) for n in confusion.get("names", [])]
    counts = confusion.get("counts", [])
    shares = confusion.get("row_normalised", [])
    table.clear()
    table.setRowCount(len(names))
    table.setColumnCount(len(names))
    table.setHorizontalHeaderLabels(names)
    table.setVerticalHeaderLabels(names)
    for row, (count_row, share_row) in enumerate(zip(counts, shares)):
        for column, (count, share) in enumerate(zip(count_row, share_row)):
            item = QTableWidgetItem(str(count))
            item.setTextAlignment(int(Qt.AlignmentFlag.AlignCenter))
            background, foreground = heat_colours(share)  # the report's colours
            item.setBackground(QBrush(QColor(*background)))
            item.setForeground(QBrush(QColor(foreground)))
            item.setToolTip(
                tr(
                    "{reference} labelled, {predicted} predicted: {count} ({share:.0%} of the row)"
                ).format(reference=names[row], predicted=names[column], count=count, share=share)
            )
            table.setItem(row, column, item)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)


def report_link(path: str | None) -> str:
    """A link that opens the HTML report in the browser."""
    if not path:
        return ""
    url = QUrl.fromLocalFile(str(path)).toString()
    return tr('<a href="{url}">Open the full accuracy report</a>').format(url=url)
