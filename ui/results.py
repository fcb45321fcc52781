"""Shows a training run's accuracy in the panel: scores, per-class F1 and the confusion heatmap.

Every figure has its 95 % confidence interval beside it, in brackets, when the metrics hold one
(``<figure>_ci`` keys, written since issue 17); older metrics files show the figures alone.
"""

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


def _span(interval: Any, digits: int = 3) -> str:
    """An interval as text ("0.887–0.919"), or "" when missing or undefined."""
    if not isinstance(interval, (list, tuple)) or len(interval) != 2 or None in interval:
        return ""
    low, high = (f"{float(v):.{digits}f}" for v in interval)
    return (
        tr("{low} to {high}").format(low=low, high=high) if low.startswith("-") else f"{low}–{high}"
    )


def _with_interval(value: Any, interval: Any, digits: int = 3) -> str:
    """A figure and, in brackets, its 95 % interval (when it has one)."""
    span = _span(interval, digits) if value is not None else ""
    return _number(value) + (f" ({span})" if span else "")


def _overlap(first: Any, second: Any) -> bool:
    """Whether two intervals overlap: the figures are then not shown as different."""
    if not _span(first) or not _span(second):
        return False
    return bool(first[0] <= second[1] and second[0] <= first[1])


def scores_text(metrics: dict[str, Any]) -> str:
    """Headline figures as rich text, each with its 95 % confidence interval."""
    oa_ci = _span(metrics.get("overall_accuracy_ci"))
    text = tr(
        "<b>Overall accuracy {oa}</b>{oa_ci} · kappa {kappa} · macro F1 {f1}<br>"
        "{scheme}: {n_test} test samples, {n_train} training samples."
    ).format(
        oa=_number(metrics.get("overall_accuracy")),
        oa_ci=" " + tr("(95 % CI {span})").format(span=oa_ci) if oa_ci else "",
        kappa=_with_interval(metrics.get("kappa"), metrics.get("kappa_ci")),
        f1=_with_interval(metrics.get("f1_macro"), metrics.get("f1_macro_ci")),
        scheme=metrics.get("validation", ""),
        n_test=metrics.get("n_test", "?"),
        n_train=metrics.get("n_train", "?"),
    )
    return text + "".join("<br>" + line for line in _details(metrics))


def _details(metrics: dict[str, Any]) -> list[str]:
    """Lines under the headline: spread across folds, classes tested how, the random k-fold."""
    lines = []
    spread = metrics.get("fold_spread") or {}
    if spread.get("mean") is not None:
        lines.append(
            tr("Across the {folds} folds: mean {mean}, std {std}, min {min}, max {max}.").format(
                folds=len(metrics.get("fold_overall_accuracy") or []),
                **{k: f"{float(spread[k]):.3f}" for k in ("mean", "std", "min", "max")},
            )
        )
    folds = metrics.get("folds") or 0
    fewer = [
        f"{name} ({text})"
        for name, text in (metrics.get("evaluation") or {}).items()
        if not str(text).startswith(f"{folds} of")
    ]
    if fewer:
        lines.append(tr("Tested in fewer folds: {classes}.").format(classes=", ".join(fewer)))
    if metrics.get("not_evaluated"):
        lines.append(
            tr("Not evaluated (too few samples): {classes}.").format(
                classes=", ".join(metrics["not_evaluated"])
            )
        )
    comparison = metrics.get("random_cv_comparison") or {}
    if comparison.get("overall_accuracy") is not None:
        oa = _with_interval(comparison["overall_accuracy"], comparison.get("overall_accuracy_ci"))
        if _overlap(comparison.get("overall_accuracy_ci"), metrics.get("overall_accuracy_ci")):
            line = tr(
                "Random k-fold on the same samples: {oa}; the difference is within the "
                "uncertainty (the 95 % intervals overlap)."
            )
        else:
            line = tr(
                "Random k-fold on the same samples: {oa}; optimistic, as neighbouring pixels are "
                "alike."
            )
        lines.append(line.format(oa=oa))
    return lines


def fill_class_scores(table: Any, metrics: dict[str, Any]) -> None:
    """One row per class: F1, user's accuracy (precision), producer's accuracy (recall), support.

    Each score shows its 95 % interval in brackets (two decimals, to keep the table narrow; the
    cell's tooltip has three).
    """
    classes = metrics.get("classes", [])
    brackets = tr("In brackets: 95 % confidence interval.")
    headers = [
        (tr("Class"), ""),
        (
            tr("F1"),
            tr("F1 score: harmonic mean of user's and producer's accuracy") + " " + brackets,
        ),
        (
            tr("UA"),
            tr("User's accuracy (precision): share of the map's class that is right")
            + " "
            + brackets,
        ),
        (
            tr("PA"),
            tr("Producer's accuracy (recall): share of the class that the map finds")
            + " "
            + brackets,
        ),
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
        keys = ("f1", "precision", "recall")
        values = [
            score["name"],
            *(_with_interval(score.get(k), score.get(f"{k}_ci"), 2) for k in keys),
            str(score.get("support", "")),
        ]
        spans = ["", *(_span(score.get(f"{k}_ci")) for k in keys), ""]
        for column, (value, span) in enumerate(zip(values, spans)):
            item = QTableWidgetItem(value)
            if column:
                item.setTextAlignment(int(RIGHT))
            if span:
                item.setToolTip(tr("95 % confidence interval: {span}").format(span=span))
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
