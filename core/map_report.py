"""HTML report of a map accuracy assessment (self-contained)."""

from __future__ import annotations

import html
import math

from .map_accuracy import Estimate, MapAccuracy
from .report import _CSS, heatmap_svg


def _pm(e: Estimate, digits: int = 3) -> str:
    if not math.isfinite(e.value):
        return "n/a"
    return f"{e.value:.{digits}f} &plusmn; {e.ci95:.{digits}f}"


def render_assessment(accuracy: MapAccuracy) -> str:
    """The assessment as a standalone HTML page."""
    esc = html.escape
    names = [c.name for c in accuracy.classes]
    header = "".join(f"<th>{esc(n)}</th>" for n in names)
    rows = "".join(
        f'<tr><td class="name">{esc(c.name)}</td><td>{c.sample_count}</td>'
        f"<td>{c.map_area_ha:,.1f}</td><td>{_pm(c.area_ha, 1)}</td><td>{_pm(c.users)}</td>"
        f"<td>{_pm(c.producers)}</td></tr>"
        for c in accuracy.classes
    )
    counts = "".join(
        f'<tr><th class="name">{esc(n)}</th>' + "".join(f"<td>{v}</td>" for v in row) + "</tr>"
        for n, row in zip(names, accuracy.counts)
    )
    shares = "".join(
        f'<tr><th class="name">{esc(n)}</th>' + "".join(f"<td>{v:.4f}</td>" for v in row) + "</tr>"
        for n, row in zip(names, accuracy.proportions)
    )
    notes = "".join(f'<p class="note">{esc(n)}</p>' for n in accuracy.notes)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>LULC Classifier: map accuracy</title>
<style>{_CSS}</style></head><body>
<h1>Map accuracy and class areas</h1>
<p><span class="big">Overall accuracy {_pm(accuracy.overall)}</span></p>
<p class="note">Design: {esc(accuracy.design)}. Estimators and 95 % confidence intervals
(&plusmn; 1.96 standard errors) after Olofsson et al. (2014), Remote Sensing of Environment 148:
42-57. Areas are estimated from the reference sample, which corrects the bias of counting map
pixels; the mapped area is shown beside them.</p>
{notes}
<h2>Per class</h2>
<table><tr><th class="name">Class</th><th>Points (map class)</th><th>Mapped area (ha)</th>
<th>Estimated area (ha)</th><th>User's accuracy</th><th>Producer's accuracy</th></tr>{rows}
</table>
<h2>Confusion matrix: sample counts</h2>
<table><tr><th class="name">map \\\\ reference</th>{header}</tr>{counts}</table>
{heatmap_svg(accuracy.counts, names)}
<h2>Confusion matrix: estimated area proportions</h2>
<table><tr><th class="name">map \\\\ reference</th>{header}</tr>{shares}</table>
<p class="note">Total mapped area: {accuracy.total_area_ha:,.1f} ha.</p>
</body></html>
"""
