"""HTML report of a map accuracy assessment (self-contained)."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from ..i18n import MapReport, Report, translated
from .map_accuracy import Estimate, MapAccuracy
from .report import _CSS, header_cells, heatmap_svg


def _pm(e: Estimate, digits: int = 3) -> str:
    if not math.isfinite(e.value):
        return Report.tr("n/a")
    return f"{e.value:.{digits}f} &plusmn; {e.ci95:.{digits}f}"


def _class_rows(accuracy: MapAccuracy) -> str:
    """Return the rows of the per-class table: points, mapped and estimated area, accuracies."""
    esc = html.escape
    return "".join(
        f'<tr><td class="name">{esc(c.name)}</td><td>{c.sample_count}</td>'
        f"<td>{c.map_area_ha:,.1f}</td><td>{_pm(c.area_ha, 1)}</td><td>{_pm(c.users)}</td>"
        f"<td>{_pm(c.producers)}</td></tr>"
        for c in accuracy.classes
    )


def _class_columns() -> str:
    """Return the header cells of the per-class table after the class name."""
    return header_cells(
        (
            MapReport.tr("Points (map class)"),
            MapReport.tr("Mapped area (ha)"),
            MapReport.tr("Estimated area (ha)"),
            MapReport.tr("User's accuracy"),
            MapReport.tr("Producer's accuracy"),
        )
    )


def _matrix_rows(names: Sequence[str], matrix: Sequence[Sequence[float]], spec: str) -> str:
    """Return the rows of a matrix table headed by the map classes, values formatted by ``spec``."""
    return "".join(
        f'<tr><th class="name">{html.escape(n)}</th>'
        + "".join(f"<td>{v:{spec}}</td>" for v in row)
        + "</tr>"
        for n, row in zip(names, matrix)
    )


def _design_note(accuracy: MapAccuracy) -> str:
    """Return the note on the sampling design and the estimators (HTML, escaped)."""
    return MapReport.tr(
        "Design: {design}. Estimators and 95 % confidence intervals (&plusmn; 1.96 standard "
        "errors) after Olofsson et al. (2014), Remote Sensing of Environment 148: 42-57. Areas "
        "are estimated from the reference sample, which corrects the bias of counting map "
        "pixels; the mapped area is shown beside them."
    ).format(design=html.escape(translated("MapAccuracy", accuracy.design)))


def render_assessment(accuracy: MapAccuracy) -> str:
    """Render the assessment as a standalone HTML page."""
    esc = html.escape
    names = [c.name for c in accuracy.classes]
    header = "".join(f"<th>{esc(n)}</th>" for n in names)
    rows = _class_rows(accuracy)
    counts = _matrix_rows(names, accuracy.counts, "")
    shares = _matrix_rows(names, accuracy.proportions, ".4f")
    notes = "".join(f'<p class="note">{esc(n)}</p>' for n in accuracy.notes)
    t = {
        "title": MapReport.tr("LULC Classifier: map accuracy"),
        "h1": MapReport.tr("Map accuracy and class areas"),
        "oa": MapReport.tr("Overall accuracy {value}").format(value=_pm(accuracy.overall)),
        "map_ref": esc(MapReport.tr("map \\ reference")),
        "lang": esc(Report.tr("en")),
        "per_class": esc(Report.tr("Per class")),
        "class": esc(Report.tr("Class")),
        "counts": esc(MapReport.tr("Confusion matrix: sample counts")),
        "shares": esc(MapReport.tr("Confusion matrix: estimated area proportions")),
    }
    design = _design_note(accuracy)
    columns = _class_columns()
    total = MapReport.tr("Total mapped area: {area} ha.").format(
        area=f"{accuracy.total_area_ha:,.1f}"
    )
    return f"""<!DOCTYPE html>
<html lang="{t["lang"]}"><head><meta charset="utf-8">
<title>{esc(t["title"])}</title>
<style>{_CSS}</style></head><body>
<h1>{esc(t["h1"])}</h1>
<p><span class="big">{t["oa"]}</span></p>
<p class="note">{design}</p>
{notes}
<h2>{t["per_class"]}</h2>
<table><tr><th class="name">{t["class"]}</th>{columns}</tr>{rows}
</table>
<h2>{t["counts"]}</h2>
<table><tr><th class="name">{t["map_ref"]}</th>{header}</tr>{counts}</table>
{heatmap_svg(accuracy.counts, names)}
<h2>{t["shares"]}</h2>
<table><tr><th class="name">{t["map_ref"]}</th>{header}</tr>{shares}</table>
<p class="note">{esc(total)}</p>
</body></html>
"""
