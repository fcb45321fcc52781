"""Self-contained HTML accuracy report (no external files, no JavaScript)."""

from __future__ import annotations

import csv
import html
import math
import os
from collections.abc import Mapping, Sequence
from typing import Any

from ..escape import csv_row
from ..files import atomic_output
from ..i18n import Report, translated
from .accuracy import AccuracyReport, Importance
from .intervals import RESAMPLES, overlap
from .learning import learning_section

#: Marks a model accuracy report of ours whatever the language of its title (lulc:legend
#: writes only such reports again).
GENERATOR = '<meta name="generator" content="LULC Classifier: model accuracy">'

_CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:70em}
table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #bbb;padding:.3em .6em;text-align:right}
th{background:#eee} td.name,th.name{text-align:left}
.big{font-size:1.4em;font-weight:bold} .note{color:#555;font-size:.9em}
.ci{color:#555;font-size:.85em;white-space:nowrap}
"""


def header_cells(texts: Sequence[str]) -> str:
    """``<th>`` cells of a table's header row, escaped."""
    return "".join(f"<th>{html.escape(text)}</th>" for text in texts)


def _fmt(value: float, digits: int = 3) -> str:
    return Report.tr("n/a") if not math.isfinite(value) else f"{value:.{digits}f}"


def _span(interval: Sequence[float | None] | None) -> str:
    """Return an interval as text (0.887–0.919, or -0.19 to -0.01), or "" when undefined."""
    if not interval or any(v is None or not math.isfinite(float(v)) for v in interval):
        return ""
    low, high = (float(v) for v in interval)  # type: ignore[arg-type]
    if low < 0:
        return Report.tr("{low} to {high}").format(low=f"{low:.3f}", high=f"{high:.3f}")
    return f"{low:.3f}–{high:.3f}"


def _fmt_ci(value: float, interval: Sequence[float | None] | None) -> str:
    """Return a figure with its 95 % interval beside it, as HTML ("n/a" when undefined)."""
    span = _span(interval) if math.isfinite(value) else ""
    return _fmt(value) + (f' <span class="ci">({html.escape(span)})</span>' if span else "")


#: Shares of the row above this get light text on the dark cells of a heatmap.
HEAT_LIGHT_TEXT = 0.6


def heat_rgb(share: float) -> tuple[int, int, int]:
    """Heatmap colour of a share of the row: white (0) to blue (1), for the report and panel."""
    shade = int(255 - 200 * min(max(share, 0.0), 1.0))
    return shade, shade, 255


def heatmap_svg(matrix: Sequence[Sequence[int]], names: Sequence[str], *, cell: int = 48) -> str:
    """Confusion-matrix heatmap as an SVG image: colour = share of the row (reference) class."""
    aria = Report.tr("confusion matrix")
    n = len(names)
    label_w = 10 + 7 * max((len(s) for s in names), default=4)
    top = label_w
    width, height = max(label_w + n * cell + 10, 640), top + n * cell + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="12" role="img" '
        f'aria-label="{html.escape(aria)}">'
    ]
    for i, row in enumerate(matrix):
        total = sum(row)
        for j, count in enumerate(row):
            share = count / total if total else 0.0
            red, green, blue = heat_rgb(share)
            x, y = label_w + j * cell, top + i * cell
            text_color = "#fff" if share > HEAT_LIGHT_TEXT else "#000"
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" '
                f'fill="rgb({red},{green},{blue})" stroke="#999"/>'
                f'<text x="{x + cell / 2}" y="{y + cell / 2 + 4}" text-anchor="middle" '
                f'fill="{text_color}">{count}</text>'
            )
    for k, name in enumerate(names):
        label = html.escape(name)
        parts.append(
            f'<text x="{label_w - 5}" y="{top + k * cell + cell / 2 + 4}" '
            f'text-anchor="end">{label}</text>'
            f'<text transform="translate({label_w + k * cell + cell / 2},{top - 5}) rotate(-60)">'
            f"{label}</text>"
        )
    legend = Report.tr("rows: reference class; columns: predicted class; colour: share of the row")
    parts.append(
        f'<text x="{label_w}" y="{top + n * cell + 20}">{html.escape(legend)}</text></svg>'
    )
    return "".join(parts)


def importance_svg(items: Sequence[Importance], *, width: int = 520, bar: int = 22) -> str:
    """Permutation importance as a horizontal bar chart (SVG), largest first, with +-1 std."""
    ranked = sorted(items, key=lambda i: i.mean, reverse=True)
    aria = Report.tr("feature importance")
    if not ranked:
        return ""
    label_w = 10 + 7 * max(len(i.feature) for i in ranked)
    scale = max(max(i.mean + i.std for i in ranked), 1e-9)
    plot_w = width - label_w - 60
    height = bar * len(ranked) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="12" role="img" '
        f'aria-label="{html.escape(aria)}">'
    ]
    for k, item in enumerate(ranked):
        y = 5 + k * bar
        w = max(item.mean, 0.0) / scale * plot_w
        err = item.std / scale * plot_w
        parts.append(
            f'<text x="{label_w - 5}" y="{y + bar / 2 + 4}" text-anchor="end">'
            f"{html.escape(item.feature)}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{bar - 6}" fill="#4c72b0"/>'
            f'<line x1="{label_w + w - err:.1f}" x2="{label_w + w + err:.1f}" '
            f'y1="{y + bar / 2}" y2="{y + bar / 2}" stroke="#222"/>'
            f'<text x="{label_w + w + err + 4:.1f}" y="{y + bar / 2 + 4}">{item.mean:.3f}</text>'
        )
    legend = Report.tr("drop of accuracy when the feature is shuffled (mean, line: +-1 std)")
    parts.append(f'<text x="{label_w}" y="{height - 5}">{html.escape(legend)}</text></svg>')
    return "".join(parts)


def _figures_table(report: AccuracyReport) -> str:
    """Headline figures; beside them the random k-fold ones when the scheme is spatial."""
    labels = {
        "overall_accuracy": Report.tr("Overall accuracy"),
        "kappa": Report.tr("Kappa"),
        "f1_macro": Report.tr("Macro F1"),
        "f1_weighted": Report.tr("Weighted F1"),
        "mcc": Report.tr("Matthews correlation"),
    }
    comparison = report.comparison or {}
    compare = "overall_accuracy" in comparison
    header = f"<th>{html.escape(translated('Validation', report.scheme))}</th>" + (
        f"<th>{html.escape(translated('Validation', str(comparison['validation'])))}</th>"
        if compare
        else ""
    )
    intervals = report.intervals()
    rows = "".join(
        f'<tr><th class="name">{label}</th>'
        f"<td>{_fmt_ci(report.summary()[key], intervals[key + '_ci'])}</td>"
        + (
            f"<td>{_fmt_ci(float(comparison[key]), comparison.get(key + '_ci'))}</td>"
            if compare
            else ""
        )
        + "</tr>"
        for key, label in labels.items()
    )
    rows += _spread_row(report, comparison if compare else None)
    note = ""
    if compare:
        gap = float(comparison["overall_accuracy"]) - report.overall_accuracy
        if overlap(comparison.get("overall_accuracy_ci"), report.overall_accuracy_ci):
            text = Report.tr(
                "Random folds put neighbouring, alike samples on both sides of a split, but here "
                "the difference of their overall accuracy ({gap}) is within the uncertainty: the "
                "95 % intervals of the two figures overlap. The spatial figure is the honest one "
                "for mapping new areas."
            ).format(gap=f"{gap:+.3f}")
        else:
            text = Report.tr(
                "Random folds put neighbouring, alike samples on both sides of a split: their "
                "overall accuracy is {gap} against the spatial figure. The spatial figure is the "
                "honest one for mapping new areas."
            ).format(gap=f"{gap:+.3f}")
        note = f'<p class="note">{html.escape(text)}</p>'
    elif "error" in comparison:
        text = Report.tr("No random k-fold comparison: {reason}").format(reason=comparison["error"])
        note = f'<p class="note">{html.escape(text)}</p>'
    return f'<table><tr><th class="name"></th>{header}</tr>{rows}</table>{note}'


def _spread_row(report: AccuracyReport, comparison: Mapping[str, object] | None) -> str:
    """Return the row of the spread of the per-fold overall accuracy ("" for a hold-out)."""
    spread = report.fold_spread
    if spread is None:
        return ""

    def cell(values: object) -> str:
        if not isinstance(values, Mapping) or values.get("mean") is None:
            return "<td></td>"
        text = Report.tr("mean {mean}, std {std} (min {min}, max {max})").format(
            **{k: f"{float(values[k]):.3f}" for k in ("mean", "std", "min", "max")}
        )
        return f"<td>{html.escape(text)}</td>"

    label = html.escape(Report.tr("Overall accuracy across folds"))
    other = cell(comparison.get("fold_spread")) if comparison is not None else ""
    return f'<tr><th class="name">{label}</th>{cell(spread)}{other}</tr>'


def render_html(
    report: AccuracyReport,
    *,
    title: str,
    info: Mapping[str, object],
    history: Sequence[Mapping[str, Any]] = (),
) -> str:
    """Render the accuracy report as a standalone HTML page.

    The learning ``history`` (:mod:`.learning`) is shown when it has entries.
    """
    esc = html.escape
    info_rows = "".join(
        f'<tr><th class="name">{esc(str(k))}</th><td class="name">{esc(str(v))}</td></tr>'
        for k, v in info.items()
    )
    class_rows = "".join(
        f'<tr><td class="name">{esc(s.name)}</td><td>{s.code}</td>'
        f"<td>{_fmt_ci(s.precision, s.precision_ci)}</td>"
        f"<td>{_fmt_ci(s.recall, s.recall_ci)}</td><td>{_fmt_ci(s.f1, s.f1_ci)}</td>"
        f"<td>{s.support}</td></tr>"
        for s in report.scores
    )
    matrix_rows = "".join(
        f'<tr><th class="name">{esc(name)}</th>'
        + "".join(f"<td>{v}</td>" for v in row)
        + f"<td>{sum(row)}</td></tr>"
        for name, row in zip(report.names, report.confusion)
    )
    missing = _evaluation_notes(report)
    how = (
        Report.tr("{count} held-out samples").format(count=report.n_test)
        if report.folds == 0
        else Report.tr(
            "the out-of-fold predictions of {folds} folds ({count} samples, each predicted by a "
            "model that did not see it)"
        ).format(folds=report.folds, count=report.n_test)
    )
    importance = (
        "<h2>"
        + esc(Report.tr("Permutation feature importance"))
        + "</h2>"
        + importance_svg(report.importance)
        if report.importance
        else ""
    ) + learning_section(history)
    return _page(report, title, how, missing, importance, info_rows, class_rows, matrix_rows)


def _page(
    report: AccuracyReport,
    title: str,
    how: str,
    missing: str,
    importance: str,
    info_rows: str,
    class_rows: str,
    matrix_rows: str,
) -> str:
    """Build the page around the parts :func:`render_html` made."""
    esc = html.escape
    header = "".join(f"<th>{esc(n)}</th>" for n in report.names)
    col_totals = "".join(f"<td>{sum(col)}</td>" for col in zip(*report.confusion))
    share_rows = "".join(
        f'<tr><th class="name">{esc(name)}</th>'
        + "".join(f"<td>{v:.2f}</td>" for v in row)
        + "</tr>"
        for name, row in zip(report.names, report.confusion_normalised)
    )
    ref_pred = esc(Report.tr("reference \\ predicted"))
    total = Report.tr("Total")
    lang = Report.tr("en")
    big, caveat = _headline(report, how)
    per_class = _per_class_header()
    h2 = {
        "per_class": esc(Report.tr("Per class")),
        "confusion": esc(Report.tr("Confusion matrix")),
        "shares": esc(Report.tr("Row-normalised (share of each reference class):")),
        "run": esc(Report.tr("Run")),
    }
    return f"""<!DOCTYPE html>
<html lang="{esc(lang)}"><head><meta charset="utf-8">{GENERATOR}<title>{esc(title)}</title>
<style>{_CSS}</style></head><body>
<h1>{esc(title)}</h1>
<p>{big}</p>
<p class="note">{caveat}</p>
{missing}
{_figures_table(report)}
<h2>{h2["per_class"]}</h2>
<table><tr>{per_class}</tr>{class_rows}</table>
<h2>{h2["confusion"]}</h2>
<table><tr><th class="name">{ref_pred}</th>{header}<th>{total}</th></tr>{matrix_rows}
<tr><th class="name">{total}</th>{col_totals}<td>{report.n_test}</td></tr></table>
<p>{h2["shares"]}</p>
<table><tr><th class="name">{ref_pred}</th>{header}</tr>{share_rows}</table>
{heatmap_svg(report.confusion, report.names)}
{importance}
<h2>{h2["run"]}</h2><table>{info_rows}</table>
</body></html>
"""


def _evaluation_notes(report: AccuracyReport) -> str:
    """Return the notes on classes not evaluated, tested in fewer folds, and the intervals."""
    esc = html.escape
    notes = []
    if report.not_evaluated:
        text = Report.tr(
            "<b>Not evaluated</b> (too few samples to hold one out; used for training only): "
            "{classes}."
        ).format(classes=esc(", ".join(report.not_evaluated)))
        notes.append(text)
    fewer = [
        Report.tr("{name}: {count} of {folds} folds").format(
            name=name, count=count, folds=report.folds
        )
        for name, count in report.class_folds.items()
        if count < report.folds
    ]
    if fewer:
        text = Report.tr(
            "<b>Tested in fewer folds</b> (fewer samples or label features than folds; in the "
            "other folds they train the model): {classes}."
        ).format(classes=esc(", ".join(fewer)))
        notes.append(text)
    if report.interval_method:
        notes.append(
            esc(
                Report.tr(
                    "In brackets: 95 % confidence intervals, Wilson score intervals for overall "
                    "accuracy, precision and recall, a percentile bootstrap ({resamples} resamples "
                    "of the test samples) for the other figures. They treat the test samples as "
                    "independent: pixels of one polygon are alike, so with few polygons the real "
                    "uncertainty is larger."
                ).format(resamples=RESAMPLES)
            )
        )
    return "".join(f'<p class="note">{note}</p>' for note in notes)


def _headline(report: AccuracyReport, how: str) -> tuple[str, str]:
    """Return the big figures (overall accuracy, kappa) and the caveat on how they were measured."""
    esc = html.escape
    oa_span = _span(report.overall_accuracy_ci)
    interval = (
        ' <span class="ci">'
        + esc(Report.tr("(95 % confidence interval {span})").format(span=oa_span))
        + "</span>"
        if oa_span
        else ""
    )
    big = (
        '<span class="big">'
        + esc(Report.tr("Overall accuracy {value}").format(value=_fmt(report.overall_accuracy)))
        + "</span>"
        + interval
        + ' &nbsp; <span class="big">'
        + esc(Report.tr("Kappa {value}").format(value=_fmt(report.kappa)))
        + "</span>"
    )
    caveat = Report.tr(
        "{scheme}: measured on {how}; the model was then refitted on all samples. Samples close "
        "to each other are alike, so random splits are optimistic: the map's accuracy is usually "
        "lower. Check the map with independent reference points."
    ).format(scheme=esc(translated("Validation", report.scheme)), how=esc(how))
    return big, caveat


def _per_class_header() -> str:
    """Return the header cells of the per-class table."""
    per_class = header_cells(
        (
            Report.tr("Code"),
            Report.tr("Precision (user's)"),
            Report.tr("Recall (producer's)"),
            Report.tr("F1"),
            Report.tr("Support"),
        )
    )
    return '<th class="name">' + html.escape(Report.tr("Class")) + "</th>" + per_class


def write_confusion_table(path: str | os.PathLike[str], report: AccuracyReport) -> None:
    """Write the confusion matrix as CSV atomically (rows: reference, columns: predicted).

    Class names are escaped against spreadsheet formulas.
    """
    with (
        atomic_output(path, "confusion matrix") as tmp,
        open(tmp, "w", newline="", encoding="utf-8") as handle,
    ):
        writer = csv.writer(handle)
        writer.writerow(csv_row(["reference \\ predicted", *report.names]))  # machine-read: English
        for name, row in zip(report.names, report.confusion):
            writer.writerow(csv_row([name, *row]))


def report_title() -> str:
    """Return the model accuracy report's title, translated."""
    return Report.tr("LULC Classifier: model accuracy")


def write_html_report(
    path: str | os.PathLike[str],
    report: AccuracyReport,
    *,
    title: str | None = None,
    info: Mapping[str, object] | None = None,
    history: Sequence[Mapping[str, Any]] = (),
) -> None:
    """Write the HTML report to ``path`` atomically.

    ``title`` defaults to "LULC Classifier: model accuracy", translated. ``history``: the
    model's learning history (:mod:`.learning`), shown as a learning curve.
    """
    title = title or report_title()
    text = render_html(report, title=title, info=info or {}, history=history)
    with atomic_output(path, "report") as tmp:
        tmp.write_text(text, encoding="utf-8")
