"""Reference points for map accuracy: drawing them, and assessing a map against them.

Draw a stratified sample of points from a class map, and assess a map against reference
points (the estimators are in :mod:`.map_accuracy`).
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..areas import AreaCounter, ClassArea, write_area_table
from ..deps import require
from ..errors import InvalidInputError, check_choice
from ..escape import csv_cell
from ..files import atomic_output
from ..geotiff import RasterStack, block_windows
from ..grid import pixel_centres, world_to_pixel
from ..labels import LabelGeometry
from ..layer_metadata import read_layer_tag, write_tagged_gpkg
from ..legend import ClassInfo, build_legend
from ..map_tags import read_map_legend
from ..progress import NullProgress, Progress, SubProgress, check_cancel
from ..samples import sample_pixels
from ..vector_io import points
from .map_accuracy import (
    MapAccuracy,
    allocate,
    check_allocation,
    check_target_se,
    sample_size,
    simple_random_estimates,
    stratified_estimates,
)
from .reference_points import read_reference_points
from .strata_accuracy import stehman_estimates

DESIGN_KEY = "LULC_VALIDATION"
_BLOCK_PIXELS = 4096 * 4096


@dataclass(frozen=True)
class MapSummary:
    """Pixels and hectares per class code of a class map, and its legend.

    Attributes
    ----------
    legend
        The map's classes (from its tags, or generic names).
    pixels, hectares
        By class code.
    crs_wkt
        The map's CRS.
    """

    legend: list[ClassInfo]
    pixels: dict[int, int]
    hectares: dict[int, float]
    crs_wkt: str


def map_legend(tags: Mapping[str, str], codes: list[int]) -> list[ClassInfo]:
    """Return the legend stored in a class map's band tags, else 'Class N' with default colours."""
    try:
        legend = read_map_legend(tags)
    except ValueError as exc:
        raise InvalidInputError(
            f"The legend stored in the class map (its LULC_CLASSES tag) is damaged: {exc}. "
            "Predict the map again, or remove that tag."
        ) from exc
    if legend is not None:
        known = {c.code for c in legend}
        extra = [c for c in codes if c not in known]
        return legend + build_legend(extra, [f"Class {c}" for c in extra])
    return build_legend(codes, [f"Class {c}" for c in codes])


def summarize_map(map_path: str | os.PathLike[str], progress: Progress) -> MapSummary:
    """Count pixels and area per class of a single-band class map, block by block."""
    with RasterStack([map_path]) as stack:
        if stack.count != 1:
            raise InvalidInputError(
                f"'{map_path}' has {stack.count} bands; give a single-band class map."
            )
        counter = AreaCounter(65535, stack.crs, stack.transform)
        windows = list(block_windows(stack.width, stack.height, _BLOCK_PIXELS))
        for k, window in enumerate(windows):
            check_cancel(progress)
            data, valid = stack.read(window)
            if data.size and np.any((data[0][valid] % 1) != 0):
                raise InvalidInputError(f"'{map_path}' is not a class map (it has decimals).")
            counter.add(data[0].astype(np.int64), valid, int(window.row_off))
            progress.report((k + 1) / len(windows))
        tags = stack.tags(1)
        crs_wkt = stack.grid.crs_wkt
    codes = [int(c) for c in np.flatnonzero(counter.pixels)]
    if not codes:
        raise InvalidInputError(f"The map '{map_path}' has no classified pixel (all nodata).")
    legend = [c for c in map_legend(tags, codes) if c.code in codes]
    return MapSummary(
        legend,
        {c.code: int(counter.pixels[c.code]) for c in legend},
        {c.code: float(counter.m2[c.code] / 1e4) for c in legend},
        crs_wkt,
    )


#: Ways :func:`draw_validation_points` shares the points among the map classes.
@dataclass(frozen=True)
class ValidationPointOptions:
    """How many validation points to draw, and how to share them among the map classes.

    Parameters
    ----------
    target_se
        Target standard error of overall accuracy, from which the total size comes (eq. 13 of
        Olofsson et al. 2014) unless ``total`` is given.
    expected_users
        Expected user's accuracy of every class, or per class code (0.8 for a code not given).
    allocation
        ``"equal"``, ``"proportional"``, or ``"minimum"``: at least ``minimum`` points per
        class and the rest proportionally.
    minimum
        Points per class of the ``minimum`` allocation.
    total
        A fixed total number of points instead of the computed sample size.
    seed
        Seed of the random draw.

    Raises
    ------
    InvalidInputError
        On an unknown allocation, or a target standard error outside (0, 1) when it sets the
        size, when the options are made (before the map is read).
    """

    target_se: float = 0.01
    expected_users: float | Mapping[int, float] = 0.8
    allocation: str = "minimum"
    minimum: int = 50
    total: int | None = None
    seed: int = 0

    def __post_init__(self) -> None:
        """Check the allocation and, when it sets the size, the target standard error."""
        check_allocation(self.allocation)
        if not self.total:
            check_target_se(self.target_se)

    def expected(self, code: int) -> float:
        """Return the expected user's accuracy of the class ``code``."""
        if isinstance(self.expected_users, Mapping):
            return float(self.expected_users.get(code, 0.8))
        return float(self.expected_users)


def draw_validation_points(
    map_path: str | os.PathLike[str],
    output_path: str | os.PathLike[str],
    *,
    options: ValidationPointOptions | None = None,
    progress: Progress | None = None,
) -> list[dict[str, Any]]:
    """Draw a stratified random sample of pixels from a class map (Olofsson et al. 2014).

    The total size comes from the target standard error of overall accuracy and the expected
    user's accuracy of each class (eq. 13) unless the options give a ``total``; it is allocated
    to the map classes equally, proportionally, or with a ``minimum`` per class and the rest
    proportionally (see :class:`ValidationPointOptions`). Points are written to
    ``output_path`` (GeoPackage) at pixel centres with the map class, an empty ``reference``
    field, and the stratum's pixels, area, weight and inclusion probability; the layer's
    metadata records the design for lulc:assess.

    Parameters
    ----------
    map_path
        A class map written by lulc:predict or lulc:classify.
    output_path
        The GeoPackage of points to write.
    options
        Sample size, allocation, expected accuracies and seed (:class:`ValidationPointOptions`).
    progress
        Progress and cancel callback.

    Returns
    -------
    list of dict
        Per class: code, name, pixels, weight, points.
    """
    options = options or ValidationPointOptions()
    progress = progress or NullProgress()
    summary = summarize_map(map_path, SubProgress(progress, 0.0, 0.4))
    legend = summary.legend
    area = np.array([summary.hectares[c.code] for c in legend])
    weights = area / area.sum()
    users = [options.expected(c.code) for c in legend]
    size = options.total or sample_size(weights, users, options.target_se)
    pixels = [summary.pixels[c.code] for c in legend]
    counts = allocate(size, weights, pixels, scheme=options.allocation, minimum=options.minimum)
    progress.log(
        f"Sample size {size} ({options.allocation} allocation): "
        + ", ".join(f"{c.name}: {k}" for c, k in zip(legend, counts))
    )
    rng = np.random.default_rng(options.seed)
    chosen = {
        c.code: np.sort(rng.choice(n, size=k, replace=False))
        for c, n, k in zip(legend, pixels, counts)
    }
    rows, cols, classes = _locate(map_path, chosen, SubProgress(progress, 0.4, 0.9))
    design = [
        {
            "code": c.code,
            "name": c.name,
            "pixels": n,
            "area_ha": float(a),
            "weight": float(w),
            "points": k,
        }
        for c, n, a, w, k in zip(legend, pixels, area, weights, counts)
    ]
    _write_points(output_path, map_path, rows, cols, classes, legend, design)
    progress.report(1.0)
    return design


def _locate(
    map_path: str | os.PathLike[str],
    chosen: dict[int, npt.NDArray[np.int64]],
    progress: Progress,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Return rows and columns of the chosen pixels: the k-th pixel of a class in scan order."""
    seen = dict.fromkeys(chosen, 0)
    rows, cols, classes = [], [], []
    with RasterStack([map_path]) as stack:
        windows = list(block_windows(stack.width, stack.height, _BLOCK_PIXELS))
        for k, window in enumerate(windows):
            check_cancel(progress)
            data, valid = stack.read(window)
            block = data[0].astype(np.int64)
            for code, ranks in chosen.items():
                flat = np.flatnonzero(valid & (block == code))
                lo, hi = np.searchsorted(ranks, [seen[code], seen[code] + flat.size])
                picks = flat[ranks[lo:hi] - seen[code]]
                seen[code] += flat.size
                rows.append(picks // block.shape[1] + int(window.row_off))
                cols.append(picks % block.shape[1] + int(window.col_off))
                classes.append(np.full(picks.size, code, dtype=np.int64))
            progress.report((k + 1) / len(windows))
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(classes)


def _write_points(
    output_path: str | os.PathLike[str],
    map_path: str | os.PathLike[str],
    rows: npt.NDArray[np.int64],
    cols: npt.NDArray[np.int64],
    classes: npt.NDArray[np.int64],
    legend: list[ClassInfo],
    design: list[dict[str, Any]],
) -> None:
    gpd = require("geopandas")

    with RasterStack([map_path]) as stack:
        xs, ys = pixel_centres(rows, cols, stack.transform)
        crs = stack.crs
    by_code = {d["code"]: d for d in design}
    names = {c.code: c.name for c in legend}
    order = np.lexsort((cols, rows))
    table = gpd.GeoDataFrame(
        {
            "point_id": np.arange(1, rows.size + 1),
            "map_class": classes[order],
            "map_name": [names[c] for c in classes[order]],
            "reference": np.full(rows.size, np.nan),
            "stratum_pixels": [by_code[c]["pixels"] for c in classes[order]],
            "stratum_area_ha": [by_code[c]["area_ha"] for c in classes[order]],
            "stratum_weight": [by_code[c]["weight"] for c in classes[order]],
            "inclusion_probability": [
                by_code[c]["points"] / by_code[c]["pixels"] for c in classes[order]
            ],
        },
        geometry=points(xs[order], ys[order]),
        crs=crs,
    )
    path = Path(output_path)
    metadata = {
        "design": "stratified",
        "map": Path(map_path).name,
        "strata": {str(d["code"]): d["pixels"] for d in design},
    }
    write_tagged_gpkg(table, path, "validation points", DESIGN_KEY, metadata)


#: Sampling designs of :func:`assess_map`: ``stratified`` by map class (the default) or
#: ``simple_random``.
SAMPLING_DESIGNS = ("stratified", "simple_random")
#: Field of lulc:validationpoints' output holding the map class each point was drawn in.
STRATUM_FIELD = "map_class"


@dataclass(frozen=True)
class Assessment:
    """The estimates, and which reference points were left out and why.

    Attributes
    ----------
    accuracy
        Accuracy and area estimates with their errors (:class:`~.map_accuracy.MapAccuracy`).
    used
        Reference points used.
    outside, on_nodata, null_reference, no_geometry
        Points left out: outside the map, on nodata, with an empty reference, without
        geometry.
    codes_not_in_map
        Reference codes the map never assigns, with their number of points (all used).
    """

    accuracy: MapAccuracy
    used: int
    outside: int
    on_nodata: int
    null_reference: int = 0
    no_geometry: int = 0
    #: Reference codes the map never assigns, with their number of points (all used).
    codes_not_in_map: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Design:
    """How the points are estimated, why, and a warning if any.

    ``kind`` is ``map`` (strata: this map's classes), ``stored`` (strata: another map's
    classes, stored with the points) or ``srs``.
    """

    kind: str
    reason: str
    strata: dict[int, int] = field(default_factory=dict)
    warning: str = ""


@dataclass(frozen=True)
class AssessmentOptions:
    """The sampling design of the reference points, and the reports to write.

    Parameters
    ----------
    design
        ``"stratified"`` (default) or ``"simple_random"`` (see :func:`assess_map`).
    report_path, json_path, csv_path
        Optional HTML report, JSON and CSV of the estimates.

    Raises
    ------
    InvalidInputError
        On an unknown design, when the options are made (before any file is opened).
    """

    design: str = "stratified"
    report_path: str | os.PathLike[str] | None = None
    json_path: str | os.PathLike[str] | None = None
    csv_path: str | os.PathLike[str] | None = None

    def __post_init__(self) -> None:
        """Check the design."""
        check_choice(
            self.design,
            SAMPLING_DESIGNS,
            f"Unknown sampling design '{self.design}'; " f"choose {' or '.join(SAMPLING_DESIGNS)}.",
        )


def assess_map(
    map_path: str | os.PathLike[str],
    reference_path: str | os.PathLike[str],
    reference_field: str,
    *,
    layer: str | None = None,
    options: AssessmentOptions | None = None,
    progress: Progress | None = None,
) -> Assessment:
    """Estimate the accuracy and class areas of a map from reference points, with 95 % intervals.

    ``design="stratified"`` (default): the points are a sample stratified by map class. If they
    carry the design of :func:`draw_validation_points` drawn from another map (or an earlier
    version of this one), that map's classes are the strata (Stehman 2014); otherwise this
    map's classes, weighted by their mapped areas (Olofsson et al. 2014), which is also right,
    as post-stratification, for a simple random or systematic sample. ``"simple_random"``:
    plain proportions, every point counting the same.

    Points with an empty reference, without geometry, outside the map or on nodata are
    counted and left out; reference codes the map never assigns are kept as classes the map
    omits. The log and the reports say which design was used and why, and all these counts.

    Parameters
    ----------
    map_path
        A class map written by lulc:predict or lulc:classify (its legend is in its tags).
    reference_path, layer
        The reference points (any OGR format) and, in a multi-layer file, the layer.
    reference_field
        The field holding each point's true class: a code or a class name of the map.
    options
        The design and the reports to write (:class:`AssessmentOptions`).
    progress
        Progress and cancel callback.

    Returns
    -------
    Assessment
        The estimates with their errors, and the points used and left out.

    Raises
    ------
    InvalidInputError
        Reference values that are decimals or unknown class names; points that are not single
        points; a stratum with fewer than 2 points (an unknown design is refused by
        :class:`AssessmentOptions`).
    """
    options = options or AssessmentOptions()
    progress = progress or NullProgress()
    summary = summarize_map(map_path, SubProgress(progress, 0.0, 0.6))
    plan = _plan_design(options.design, read_layer_tag(reference_path, layer, DESIGN_KEY), summary)
    points = read_reference_points(
        reference_path,
        reference_field,
        summary.legend,
        layer=layer,
        stratum_field=STRATUM_FIELD if plan.kind == "stored" else None,
    )
    mapped, ok, outside, on_nodata = _map_classes(
        map_path, points.geometry, SubProgress(progress, 0.6, 0.9)
    )
    reference = points.codes[ok]
    unknown = _codes_not_in_map(reference, summary)
    strata = None if points.strata is None else points.strata[ok]
    counts = {
        "used": int(ok.sum()),
        "null_reference": points.null_reference,
        "no_geometry": points.no_geometry,
        "outside_map": outside,
        "on_nodata": on_nodata,
        "reference_codes_not_in_map": sum(unknown.values()),
    }
    warnings = _warnings(plan, counts, unknown, reference_field)
    accuracy = _with_notes(
        _estimate(plan, summary, mapped[ok], reference, strata), plan, counts, unknown, warnings
    )
    _log_assessment(progress, accuracy, warnings)
    _write_assessment(accuracy, options)
    progress.report(1.0)
    return Assessment(
        accuracy,
        counts["used"],
        outside,
        on_nodata,
        points.null_reference,
        points.no_geometry,
        unknown,
    )


def _with_notes(
    accuracy: MapAccuracy,
    plan: _Design,
    counts: dict[str, int],
    unknown: dict[int, int],
    warnings: list[str],
) -> MapAccuracy:
    """Return the estimates with why their design was used, the point counts and warnings."""
    return replace(
        accuracy,
        design_reason=plan.reason,
        points=counts,
        codes_not_in_map=unknown,
        notes=[
            f"Why this design: {plan.reason}.",
            *warnings,
            f"Reference points used: {counts['used']}.",
            *accuracy.notes,
        ],
    )


def _plan_design(design: str, stored: dict[str, Any], summary: MapSummary) -> _Design:
    """Choose the estimator that fits the points, from the asked design and the one they carry."""
    drawn = stored.get("design") == "stratified"
    strata = _stored_strata(stored) if drawn else {}
    source = f"'{stored.get('map')}'" if stored.get("map") else "another map"
    if design == "simple_random":
        warning = ""
        if drawn:
            warning = (
                "The points carry the design of lulc:validationpoints, stratified by map class, "
                "but a simple random sample was chosen: the estimates are biased unless the "
                "points were allocated in proportion to the classes' areas. Choose the "
                "stratified design."
            )
        reason = "chosen by the user: every point counts the same"
        return _Design("srs", reason, warning=warning)
    if drawn and strata == summary.pixels:
        return _Design(
            "map",
            "the points carry the design of lulc:validationpoints, drawn stratified by this "
            "map's classes: each class is a stratum weighted by its mapped area "
            "(Olofsson et al. 2014)",
        )
    if drawn:
        return _Design(
            "stored",
            f"the points carry the design of lulc:validationpoints, drawn stratified by the "
            f"classes of {source}, whose class pixel counts differ from this map's: those "
            f"classes (field '{STRATUM_FIELD}') are the strata, weighted by their stored pixel "
            "counts (Stehman 2014), and areas are proportions of this map's area",
            strata,
        )
    return _Design(
        "map",
        "the points carry no stored design, so they are taken as stratified by this map's "
        "classes, each weighted by its mapped area (Olofsson et al. 2014): right for points "
        "drawn stratified by this map, and, as post-stratification, for a simple random or "
        "systematic sample; not for points drawn with other unequal probabilities",
    )


def _stored_strata(stored: dict[str, Any]) -> dict[int, int]:
    """Return the strata (class code: pixels) stored by lulc:validationpoints."""
    try:
        return {int(k): int(v) for k, v in stored.get("strata", {}).items()}
    except (AttributeError, TypeError, ValueError) as exc:
        raise InvalidInputError(
            f"The design stored with the reference points ({DESIGN_KEY}) is damaged: {exc}. "
            "Draw the points again with lulc:validationpoints, or remove that metadata."
        ) from exc


def _map_classes(
    map_path: str | os.PathLike[str], geometry: LabelGeometry, progress: Progress
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_], int, int]:
    """Return the map class of each point, where it has one, and how many are left out.

    The map class is -1 where there is none; the counts are of the points outside the map and
    of those on nodata.
    """
    with RasterStack([map_path]) as stack:
        geometry = geometry.in_crs(stack.grid.crs_wkt)
        r, c = world_to_pixel(geometry.xs, geometry.ys, stack.transform)
        inside = (r >= 0) & (r < stack.height) & (c >= 0) & (c < stack.width)
        values, valid = sample_pixels(stack, r[inside], c[inside], progress)
    mapped = np.full(r.size, -1, dtype=np.int64)
    ok = np.zeros(r.size, dtype=bool)
    ok[np.flatnonzero(inside)[valid]] = True
    mapped[ok] = values[valid, 0].astype(np.int64)
    return mapped, ok, int((~inside).sum()), int((inside & ~ok).sum())


def _codes_not_in_map(reference: npt.NDArray[np.int64], summary: MapSummary) -> dict[int, int]:
    codes, counts = np.unique(reference, return_counts=True)
    return {int(c): int(n) for c, n in zip(codes, counts) if int(c) not in summary.pixels}


def _estimate(
    plan: _Design,
    summary: MapSummary,
    mapped: npt.NDArray[np.int64],
    reference: npt.NDArray[np.int64],
    strata: npt.NDArray[np.int64] | None,
) -> MapAccuracy:
    """Run the estimator of the design on the classes of the map and of the reference."""
    codes = sorted(set(summary.pixels) | {int(c) for c in np.unique(reference)})
    legend = {c.code: c.name for c in summary.legend}
    names = [legend.get(c, f"Class {c}") for c in codes]
    areas = [summary.hectares.get(c, 0.0) for c in codes]
    if plan.kind == "stored" and strata is not None:
        return stehman_estimates(strata, plan.strata, mapped, reference, codes, names, areas)
    index = {c: i for i, c in enumerate(codes)}
    counts = np.zeros((len(codes), len(codes)), dtype=np.int64)
    for m, ref in zip(map(int, mapped), map(int, reference)):
        counts[index[m], index[ref]] += 1
    estimator = simple_random_estimates if plan.kind == "srs" else stratified_estimates
    return estimator(counts, areas, codes, names)


def _warnings(
    plan: _Design, counts: dict[str, int], unknown: dict[int, int], field_name: str
) -> list[str]:
    """Say what the user must know about the points.

    Design doubts, points left out, codes the map never assigns: logged as warnings and
    written in the report.
    """
    texts = [plan.warning] if plan.warning else []
    left_out = {
        f"with the reference field '{field_name}' empty (NULL)": counts["null_reference"],
        "without geometry": counts["no_geometry"],
        "outside the map": counts["outside_map"],
        "on nodata": counts["on_nodata"],
    }
    texts += [
        f"{_points_text(n, 'reference')} {why} {'is' if n == 1 else 'are'} left out of the "
        "estimates."
        for why, n in left_out.items()
        if n
    ]
    if unknown:
        listed = ", ".join(f"{c} ({_points_text(n)})" for c, n in unknown.items())
        texts.append(
            f"{_points_text(sum(unknown.values()), 'reference')} with codes the map never "
            f"assigns: {listed}. They are kept as reference classes the map omits (producer's "
            "accuracy 0, user's accuracy undefined, area estimated from the points); if these "
            "codes are mistakes, correct the reference field."
        )
    return texts


def _points_text(n: int, kind: str = "") -> str:
    words = f"{kind} point" if kind else "point"
    return f"{n} {words}" if n == 1 else f"{n} {words}s"


def _log_assessment(progress: Progress, accuracy: MapAccuracy, warnings: list[str]) -> None:
    progress.log(f"Design: {accuracy.design}, because {accuracy.design_reason}.")
    for text in warnings:
        progress.warning(text)
    progress.log(
        f"Overall accuracy {accuracy.overall.value:.4f} +- {accuracy.overall.ci95:.4f} "
        f"({accuracy.design}, {accuracy.points['used']} points)."
    )
    for cls in accuracy.classes:
        progress.log(
            f"  {cls.name}: user's {cls.users.value:.3f} +- {cls.users.ci95:.3f}, producer's "
            f"{cls.producers.value:.3f} +- {cls.producers.ci95:.3f}, area "
            f"{cls.area_ha.value:.1f} +- {cls.area_ha.ci95:.1f} ha (mapped {cls.map_area_ha:.1f})"
        )


def _write_assessment(accuracy: MapAccuracy, options: AssessmentOptions) -> None:
    """Write the reports the options ask for: JSON, CSV and HTML."""
    if options.json_path is not None:
        with atomic_output(options.json_path, "assessment (JSON)") as tmp:
            tmp.write_text(json.dumps(accuracy.to_json(), indent=2), encoding="utf-8")
    if options.csv_path is not None:
        with (
            atomic_output(options.csv_path, "assessment (CSV)") as tmp,
            open(tmp, "w", newline="") as fh,
        ):
            writer = csv.writer(fh)
            writer.writerow(
                [
                    "class",
                    "code",
                    "map_area_ha",
                    "area_ha",
                    "area_ci95_ha",
                    "users_accuracy",
                    "users_ci95",
                    "producers_accuracy",
                    "producers_ci95",
                    "sample_count",
                    "design",
                    "design_reason",
                ]
            )
            for c in accuracy.classes:
                writer.writerow(
                    [
                        csv_cell(c.name),
                        c.code,
                        f"{c.map_area_ha:.4f}",
                        f"{c.area_ha.value:.4f}",
                        f"{c.area_ha.ci95:.4f}",
                        f"{c.users.value:.6f}",
                        f"{c.users.ci95:.6f}",
                        f"{c.producers.value:.6f}",
                        f"{c.producers.ci95:.6f}",
                        c.sample_count,
                        accuracy.design,
                        accuracy.design_reason,
                    ]
                )
    if options.report_path is not None:
        from .map_report import render_assessment

        with atomic_output(options.report_path, "assessment report") as tmp:
            tmp.write_text(render_assessment(accuracy), encoding="utf-8")


def class_area_table(
    map_path: str | os.PathLike[str],
    output_path: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
) -> MapSummary:
    """Write pixels, hectares and percentage per class by pixel counting, labelled as biased.

    Parameters
    ----------
    map_path
        A class map written by lulc:predict or lulc:classify.
    output_path
        The CSV to write.
    progress
        Progress and cancel callback.

    Returns
    -------
    MapSummary
        Pixels and hectares per class code, and the map's legend.
    """
    progress = progress or NullProgress()
    summary = summarize_map(map_path, progress)
    total = sum(summary.hectares.values()) or 1.0
    areas = []
    for c in summary.legend:
        ha = summary.hectares[c.code]
        areas.append(ClassArea(c.code, c.name, summary.pixels[c.code], ha, 100 * ha / total))
        progress.log(f"{c.name}: {summary.pixels[c.code]} pixels, {ha:.2f} ha")
    write_area_table(output_path, areas)
    progress.warning(
        "Pixel counting is biased by the map's errors; lulc:assess estimates areas with "
        "confidence intervals from reference points."
    )
    return summary
