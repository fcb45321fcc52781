"""The panel's learning curve: does the model learn? Overall accuracy against the number of
labels, one point per retrain, with its 95 % confidence interval as an error bar, from the
``learning_history`` of a run's metrics JSON (oldest first; the last entry is that run).

The sentence under the picture compares the last two runs honestly: when their intervals
overlap, the difference is within the uncertainty and is not called an improvement.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from qgis.PyQt.QtCore import QPointF, QRectF, QSize, Qt
from qgis.PyQt.QtGui import QColor, QPainter, QPen, QPolygonF
from qgis.PyQt.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from ..processing_provider.i18n import tr


@dataclass(frozen=True)
class Point:
    """One run of the history: labels, samples, accuracy and its interval (None: unknown)."""

    labels: int
    samples: int | None
    accuracy: float
    low: float | None
    high: float | None
    scheme: str
    date: str
    algorithm: str


def points(history: list[dict[str, Any]]) -> list[Point]:
    """The entries of ``learning_history`` that have a number of labels and an accuracy."""
    found = []
    for entry in history or []:
        try:
            labels = int(entry["labels"])
            accuracy = float(entry["overall_accuracy"])
        except (KeyError, TypeError, ValueError):
            continue
        interval = entry.get("overall_accuracy_ci") or [None, None]
        try:
            low, high = (None, None) if None in interval else (float(v) for v in interval)
        except (TypeError, ValueError):
            low, high = None, None
        samples = entry.get("samples")
        found.append(
            Point(
                labels,
                int(samples) if isinstance(samples, (int, float)) else None,
                accuracy,
                low,
                high,
                str(entry.get("scheme") or ""),
                str(entry.get("date") or ""),
                str(entry.get("algorithm") or ""),
            )
        )
    return found


def _figure(point: Point) -> str:
    if point.low is None or point.high is None:
        return f"{point.accuracy:.3f}"
    return tr("{oa:.3f} (95 % interval {low:.3f}–{high:.3f})").format(
        oa=point.accuracy, low=point.low, high=point.high
    )


def overlap(a: Point, b: Point) -> bool | None:
    """Whether the 95 % intervals of two runs overlap (None: one has no interval)."""
    if None in (a.low, a.high, b.low, b.high):
        return None
    return bool(a.low <= b.high and b.low <= a.high)  # type: ignore[operator]


def summary(history: list[dict[str, Any]]) -> str:
    """A sentence on the curve: the last run against the one before, never claiming a
    change the intervals do not support."""
    runs = points(history)
    if not runs:
        return ""
    last = runs[-1]
    if len(runs) == 1:
        return tr(
            "One run so far: overall accuracy {figure} with {labels} labels. Label where the "
            "model is unsure and retrain: each retrain adds a point."
        ).format(figure=_figure(last), labels=last.labels)
    before = runs[-2]
    overlapping = overlap(before, last)
    if overlapping is None:
        text = tr(
            "Last retrain: {figure} with {labels} labels, against {before} with {before_labels}: "
            "no interval to tell whether the difference is real."
        )
    elif overlapping:
        text = tr(
            "Last retrain: {figure} with {labels} labels, against {before} with {before_labels}: "
            "the difference is within the uncertainty (the 95 % intervals overlap)."
        )
    elif last.accuracy > before.accuracy:
        text = tr(
            "Last retrain: {figure} with {labels} labels, against {before} with {before_labels}: "
            "higher, beyond the uncertainty (the 95 % intervals do not overlap)."
        )
    else:
        text = tr(
            "Last retrain: {figure} with {labels} labels, against {before} with {before_labels}: "
            "lower, beyond the uncertainty (the 95 % intervals do not overlap)."
        )
    text = text.format(
        figure=_figure(last),
        labels=last.labels,
        before=_figure(before),
        before_labels=before.labels,
    )
    if last.scheme != before.scheme:
        text += " " + tr(
            "The two were measured differently ({before} and {last}): compare with care."
        ).format(before=before.scheme or "?", last=last.scheme or "?")
    return text


def table(history: list[dict[str, Any]]) -> str:
    """The figures of every run as an HTML table (the picture's tooltip)."""
    header = "".join(
        f"<th>{html.escape(h)}</th>"
        for h in (
            tr("Labels"),
            tr("Samples"),
            tr("Overall accuracy"),
            tr("95 % interval"),
            tr("Validation"),
            tr("Algorithm"),
            tr("Date"),
        )
    )
    rows = []
    for p in points(history):
        interval = "–" if p.low is None or p.high is None else f"{p.low:.3f}–{p.high:.3f}"
        cells = (
            str(p.labels),
            "" if p.samples is None else str(p.samples),
            f"{p.accuracy:.3f}",
            interval,
            p.scheme,
            p.algorithm,
            p.date,
        )
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    return f"<table><tr>{header}</tr>{''.join(rows)}</table>"


@dataclass(frozen=True)
class Scale:
    """Data to widget coordinates inside ``area`` (labels across, accuracy up)."""

    area: QRectF
    x_range: tuple[float, float]
    y_range: tuple[float, float]

    def x(self, labels: float) -> float:
        """Across: the number of labels."""
        low, high = self.x_range
        share = 0.5 if high == low else (labels - low) / (high - low)
        return float(self.area.left() + share * self.area.width())

    def y(self, accuracy: float) -> float:
        """Up: the accuracy."""
        low, high = self.y_range
        return float(self.area.bottom() - (accuracy - low) / (high - low) * self.area.height())


def scale(runs: list[Point], area: QRectF) -> Scale:
    """The axes: the runs' numbers of labels across; up, their intervals with a margin, on
    tenths (at most 0 to 1)."""
    xs = [p.labels for p in runs]
    values = [v for p in runs for v in (p.accuracy, p.low, p.high) if v is not None]
    low = max(0.0, int(min(values) * 10 - 1e-9) / 10)
    high = min(1.0, -int(-max(values) * 10 - 1e-9) / 10)
    if high - low < 0.1:
        low, high = max(0.0, high - 0.1), max(high, 0.1)
    return Scale(area, (float(min(xs)), float(max(xs))), (low, high))


class CurvePlot(QWidget):
    """The picture: axes, error bars, points joined by a line."""

    INSET = 14.0  # between the axes and the first and last runs

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.runs: list[Point] = []
        self.setObjectName("learningCurvePlot")
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        """As wide as the panel allows, 160 pixels high."""
        return QSize(240, 160)

    def minimumSizeHint(self) -> QSize:
        """Narrow enough for the dock."""
        return QSize(160, 150)

    def frame(self) -> QRectF:
        """The axes: room on the left for the accuracy ticks, below for the labels."""
        metrics = self.fontMetrics()
        left = metrics.horizontalAdvance("0.0") + 10.0
        bottom = 2.0 * metrics.height() + 6.0
        top = metrics.height() / 2 + 2.0
        return QRectF(left, top, self.width() - left - 8.0, self.height() - top - bottom)

    def area(self) -> QRectF:
        """Where the runs are drawn: inside the axes, clear of them."""
        return self.frame().adjusted(self.INSET, 0.0, -self.INSET, 0.0)

    def paintEvent(self, _event: Any) -> None:
        """Axes with their ticks, then one error bar and point per run."""
        if not self.runs:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        axes = scale(self.runs, self.area())
        self._draw_axes(painter, axes)
        ink = QColor("#1f78b4")
        painter.setPen(QPen(ink, 1.5))
        for p in self.runs:
            if p.low is None or p.high is None:
                continue
            x, cap = axes.x(p.labels), 4.0
            painter.drawLine(QPointF(x, axes.y(p.low)), QPointF(x, axes.y(p.high)))
            for end in (p.low, p.high):
                painter.drawLine(QPointF(x - cap, axes.y(end)), QPointF(x + cap, axes.y(end)))
        line = QPolygonF([QPointF(axes.x(p.labels), axes.y(p.accuracy)) for p in self.runs])
        painter.drawPolyline(line)
        painter.setBrush(ink)
        for corner in line:
            painter.drawEllipse(corner, 3.5, 3.5)
        painter.end()

    def _draw_axes(self, painter: Any, axes: Scale) -> None:
        text = self.palette().color(self.foregroundRole())
        grid = QColor(text)
        grid.setAlpha(50)
        area = self.frame()
        line = self.fontMetrics().height()
        low, high = axes.y_range
        steps = round((high - low) / 0.1)
        every = 1 if steps <= 5 else 2
        for i in range(0, steps + 1, every):
            value = low + i * 0.1
            y = axes.y(value)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(QPen(text, 1))
            box = QRectF(0, y - line / 2, area.left() - 4, line)
            flags = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(box, int(flags), f"{value:.1f}")
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawLine(area.bottomLeft(), area.topLeft())
        shown: list[float] = []
        for p in self.runs:  # the numbers of labels, where they do not overlap
            x = axes.x(p.labels)
            width = self.fontMetrics().horizontalAdvance(str(p.labels)) + 6
            if any(abs(x - s) < width for s in shown):
                continue
            shown.append(x)
            box = QRectF(x - width, area.bottom() + 2, 2 * width, line)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), str(p.labels))
        box = QRectF(area.left(), area.bottom() + 2 + line, area.width(), line)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), tr("labels"))


class LearningCurve(QWidget):
    """The curve and its sentence; hidden while there is no history."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("learningCurve")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        self.title = QLabel(tr("<b>Learning curve</b>: overall accuracy against labels"))
        self.plot = CurvePlot(self)
        self.text = QLabel(self)
        self.text.setObjectName("learningCurveText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for widget in (self.title, self.plot, self.text):
            layout.addWidget(widget)
        self.history: list[dict[str, Any]] = []
        self.setVisible(False)

    def show_history(self, history: list[dict[str, Any]] | None) -> None:
        """Draw ``history`` (a metrics JSON's ``learning_history``); hide when it is empty."""
        self.history = list(history or [])
        self.plot.runs = points(self.history)
        self.text.setText(summary(self.history))
        self.plot.setToolTip(table(self.history) if self.plot.runs else "")
        self.setVisible(bool(self.plot.runs))
        self.plot.update()
