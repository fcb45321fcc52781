"""Learning history: how a model's accuracy changed as labels were added.

Each training records one entry (number of labels and samples, overall accuracy and its 95 %
interval, validation scheme, date). A model retrained from another (the panel's "Retrain",
``PREVIOUS_MODEL`` of lulc:train / lulc:classify) carries the earlier entries, so the history
answers "does it learn?": the learning curve plots accuracy against labels with the intervals.
Two accuracies whose intervals overlap are never called different.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

from ..i18n import Report, translated
from ..model.manifest import MAX_HISTORY

_CI = "overall_accuracy_ci"


def history_entry(
    metrics: Mapping[str, Any], *, labels: int, samples: int, algorithm: str
) -> dict[str, Any]:
    """Return the history entry of one training from its metrics (:meth:`AccuracyReport.to_json`).

    ``labels`` counts the label features (points or polygons), ``samples`` the pixels sampled.
    """
    accuracy: Any = metrics.get("overall_accuracy")
    interval = metrics.get("overall_accuracy_ci")
    finite = isinstance(accuracy, (int, float)) and math.isfinite(accuracy)
    return {
        "labels": int(labels),
        "samples": int(samples),
        "overall_accuracy": float(accuracy) if finite else None,
        "overall_accuracy_ci": _interval(interval),
        "scheme": str(metrics.get("validation", "")),
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "algorithm": algorithm,
    }


def _interval(value: Any) -> list[float] | None:
    """Return ``[low, high]`` if ``value`` is a finite interval within 0..1, else None."""
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        return None
    if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in value):
        return None
    low, high = float(value[0]), float(value[1])
    return [low, high] if 0.0 <= low <= high <= 1.0 else None


def extend_history(
    previous: Sequence[Mapping[str, Any]], entry: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Return ``previous`` with ``entry`` appended.

    Only the last :data:`~..model.manifest.MAX_HISTORY` entries are kept.
    """
    return [dict(e) for e in previous][-(MAX_HISTORY - 1) :] + [dict(entry)]


def compare_last(history: Sequence[Mapping[str, Any]]) -> str:
    """Say how the last training compares with the one before.

    Returns "better", "worse", "same" (the 95 % intervals overlap, or one is missing), or ""
    with fewer than two entries.
    """
    if len(history) < 2:
        return ""
    before, after = history[-2], history[-1]
    a, b = _interval(before.get(_CI)), _interval(after.get(_CI))
    if a is None or b is None or (a[0] <= b[1] and b[0] <= a[1]):
        return "same"
    return "better" if b[0] > a[1] else "worse"


def learning_text(history: Sequence[Mapping[str, Any]]) -> str:
    """One sentence on the last retraining, translated (empty with fewer than two entries)."""
    verdict = compare_last(history)
    if not verdict:
        return ""
    before, after = history[-2], history[-1]
    values = {
        "before": _percent(before.get("overall_accuracy")),
        "after": _percent(after.get("overall_accuracy")),
        "n_before": before.get("labels", 0),
        "n_after": after.get("labels", 0),
    }
    if verdict == "better":
        text = Report.tr(
            "With {n_after} labels instead of {n_before}, the accuracy rose from {before} to "
            "{after}: the 95 % intervals do not overlap, the model learned."
        )
    elif verdict == "worse":
        text = Report.tr(
            "With {n_after} labels instead of {n_before}, the accuracy fell from {before} to "
            "{after}: the 95 % intervals do not overlap. Check the new labels."
        )
    else:
        text = Report.tr(
            "With {n_after} labels instead of {n_before}, the accuracy went from {before} to "
            "{after}: the 95 % intervals overlap, so the change is within the uncertainty."
        )
    return text.format(**values)


def _percent(value: Any) -> str:
    if isinstance(value, (int, float)) and math.isfinite(value):
        return f"{value:.3f}"
    return Report.tr("n/a")


def learning_curve_svg(
    history: Sequence[Mapping[str, Any]], *, width: int = 520, height: int = 260
) -> str:
    """Draw the learning curve as SVG: accuracy against labels, bars for the 95 % intervals."""
    points: list[tuple[int, float, list[float] | None]] = [
        (int(e.get("labels", 0)), float(e["overall_accuracy"]), _interval(e.get(_CI)))
        for e in history
        if isinstance(e.get("overall_accuracy"), (int, float))
    ]
    if not points:
        return ""
    left, right, top, bottom = 50, 20, 15, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    lows = [ci[0] if ci else a for _, a, ci in points]
    y_min = max(0.0, math.floor(min(lows) * 10) / 10)
    n_max = max(n for n, _, _ in points)
    n_min = min(n for n, _, _ in points)
    span = max(n_max - n_min, 1)

    def x(n: int) -> float:
        return left + (n - n_min) / span * plot_w if len(points) > 1 else left + plot_w / 2

    def y(value: float) -> float:
        return top + (1.0 - (value - y_min) / max(1.0 - y_min, 1e-9)) * plot_h

    aria = html.escape(Report.tr("learning curve"))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="12" role="img" aria-label="{aria}">',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="#444"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#444"/>',
    ]
    for tick in (y_min, (y_min + 1.0) / 2, 1.0):
        parts.append(
            f'<text x="{left - 5}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:.2f}</text>'
        )
    line = " ".join(f"{x(n):.1f},{y(a):.1f}" for n, a, _ in points)
    parts.append(f'<polyline points="{line}" fill="none" stroke="#4c72b0" stroke-width="2"/>')
    for n, a, ci in points:
        if ci:
            parts.append(
                f'<line x1="{x(n):.1f}" x2="{x(n):.1f}" y1="{y(ci[0]):.1f}" y2="{y(ci[1]):.1f}" '
                'stroke="#222"/>'
            )
        parts.append(f'<circle cx="{x(n):.1f}" cy="{y(a):.1f}" r="3.5" fill="#4c72b0"/>')
        parts.append(
            f'<text x="{x(n):.1f}" y="{top + plot_h + 15}" text-anchor="middle">{n}</text>'
        )
    axis = html.escape(
        Report.tr("labels (x) against overall accuracy (y); bars: 95 % confidence interval")
    )
    parts.append(f'<text x="{left}" y="{height - 5}">{axis}</text></svg>')
    return "".join(parts)


def learning_section(history: Sequence[Mapping[str, Any]]) -> str:
    """Return the report's "Learning history" section: curve, sentence, table ("" if empty)."""
    if not history:
        return ""
    esc = html.escape
    head = "".join(
        f"<th>{esc(t)}</th>"
        for t in (
            Report.tr("Labels"),
            Report.tr("Samples"),
            Report.tr("Overall accuracy"),
            Report.tr("95 % interval"),
            Report.tr("Validation"),
            Report.tr("Date"),
        )
    )
    rows = "".join(
        f"<tr><td>{int(e.get('labels', 0))}</td><td>{int(e.get('samples', 0))}</td>"
        f"<td>{esc(_percent(e.get('overall_accuracy')))}</td>"
        f"<td>{esc(_interval_text(e.get('overall_accuracy_ci')))}</td>"
        f'<td class="name">{esc(translated("Validation", str(e.get("scheme", ""))))}</td>'
        f'<td class="name">{esc(str(e.get("date", "")))}</td></tr>'
        for e in history
    )
    sentence = learning_text(history)
    note = f'<p class="note">{esc(sentence)}</p>' if sentence else ""
    title = Report.tr("Learning history")
    return (
        f"<h2>{esc(title)}</h2>{learning_curve_svg(history)}{note}"
        f"<table><tr>{head}</tr>{rows}</table>"
    )


def _interval_text(value: Any) -> str:
    pair = _interval(value)
    return f"{pair[0]:.3f}–{pair[1]:.3f}" if pair else Report.tr("n/a")
