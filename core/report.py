"""Self-contained HTML accuracy report (no external files, no JavaScript)."""

from __future__ import annotations

import html
import math
import os
from collections.abc import Mapping, Sequence

from .accuracy import AccuracyReport
from .files import atomic_output

_CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:70em}
table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #bbb;padding:.3em .6em;text-align:right}
th{background:#eee} td.name,th.name{text-align:left}
.big{font-size:1.4em;font-weight:bold} .note{color:#555;font-size:.9em}
"""


def _fmt(value: float, digits: int = 3) -> str:
    return "n/a" if not math.isfinite(value) else f"{value:.{digits}f}"


def heatmap_svg(matrix: Sequence[Sequence[int]], names: Sequence[str], *, cell: int = 48) -> str:
    """Confusion-matrix heatmap as an SVG image: colour = share of the row (reference) class."""
    n = len(names)
    label_w = 10 + 7 * max((len(s) for s in names), default=4)
    top = label_w
    width, height = max(label_w + n * cell + 10, 480), top + n * cell + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="12" role="img" aria-label="confusion matrix">'
    ]
    for i, row in enumerate(matrix):
        total = sum(row)
        for j, count in enumerate(row):
            share = count / total if total else 0.0
            shade = int(255 - 200 * share)
            x, y = label_w + j * cell, top + i * cell
            text_color = "#fff" if share > 0.6 else "#000"
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" '
                f'fill="rgb({shade},{shade},255)" stroke="#999"/>'
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
    parts.append(
        f'<text x="{label_w}" y="{top + n * cell + 20}">rows: reference class; columns: '
        "predicted class; colour: share of the row</text></svg>"
    )
    return "".join(parts)


def render_html(report: AccuracyReport, *, title: str, info: Mapping[str, object]) -> str:
    """Render the accuracy report as a standalone HTML page."""
    esc = html.escape
    info_rows = "".join(
        f'<tr><th class="name">{esc(str(k))}</th><td class="name">{esc(str(v))}</td></tr>'
        for k, v in info.items()
    )
    class_rows = "".join(
        f'<tr><td class="name">{esc(s.name)}</td><td>{s.code}</td><td>{_fmt(s.precision)}</td>'
        f"<td>{_fmt(s.recall)}</td><td>{_fmt(s.f1)}</td><td>{s.support}</td></tr>"
        for s in report.scores
    )
    header = "".join(f"<th>{esc(n)}</th>" for n in report.names)
    matrix_rows = "".join(
        f'<tr><th class="name">{esc(name)}</th>'
        + "".join(f"<td>{v}</td>" for v in row)
        + f"<td>{sum(row)}</td></tr>"
        for name, row in zip(report.names, report.confusion)
    )
    col_totals = "".join(f"<td>{sum(col)}</td>" for col in zip(*report.confusion))
    missing = (
        '<p class="note"><b>Not evaluated</b> (too few samples to hold one out; used for '
        f"training only): {esc(', '.join(report.not_evaluated))}.</p>"
        if report.not_evaluated
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>
<style>{_CSS}</style></head><body>
<h1>{esc(title)}</h1>
<p><span class="big">Overall accuracy {_fmt(report.overall_accuracy)}</span> &nbsp;
<span class="big">Kappa {_fmt(report.kappa)}</span></p>
<p class="note">Measured on {report.n_test} held-out samples (stratified random hold-out); the model
was then refitted on all {report.n_train + report.n_test} samples. Samples close to each other are
alike, so a random hold-out is optimistic: the map's accuracy is usually lower. Check the map
with independent reference points.</p>
{missing}
<h2>Per class</h2>
<table><tr><th class="name">Class</th><th>Code</th><th>Precision (user's)</th>
<th>Recall (producer's)</th><th>F1</th><th>Support</th></tr>{class_rows}</table>
<h2>Confusion matrix</h2>
<table><tr><th class="name">reference \\ predicted</th>{header}<th>Total</th></tr>{matrix_rows}
<tr><th class="name">Total</th>{col_totals}<td>{report.n_test}</td></tr></table>
{heatmap_svg(report.confusion, report.names)}
<h2>Run</h2><table>{info_rows}</table>
</body></html>
"""


def write_html_report(
    path: str | os.PathLike[str],
    report: AccuracyReport,
    *,
    title: str = "LULC Classifier: model accuracy",
    info: Mapping[str, object] | None = None,
) -> None:
    """Write the HTML report to ``path`` atomically."""
    text = render_html(report, title=title, info=info or {})
    with atomic_output(path, "report") as tmp:
        tmp.write_text(text, encoding="utf-8")
