"""Reference points for map accuracy: drawing a stratified sample from a class map, and
assessing a map against reference points (see :mod:`.map_accuracy`)."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .areas import AreaCounter
from .deps import require
from .errors import InvalidInputError
from .escape import csv_cell
from .files import atomic_output
from .labels import (
    pixel_centres,
    read_labels,
    read_layer_tag,
    world_to_pixel,
    write_tagged_gpkg,
)
from .legend import ClassInfo, build_legend, legend_from_json
from .map_accuracy import (
    MapAccuracy,
    allocate,
    sample_size,
    simple_random_estimates,
    stratified_estimates,
)
from .progress import NullProgress, Progress, SubProgress, check_cancel
from .raster_io import RasterStack, block_windows
from .samples import points, sample_pixels

DESIGN_KEY = "LULC_VALIDATION"
_BLOCK_PIXELS = 4096 * 4096


@dataclass(frozen=True)
class MapSummary:
    """Pixels and hectares per class code of a class map, and its legend."""

    legend: list[ClassInfo]
    pixels: dict[int, int]
    hectares: dict[int, float]
    crs_wkt: str


def map_legend(tags: Mapping[str, str], codes: list[int]) -> list[ClassInfo]:
    """The legend stored in a class map's band tags, else 'Class N' with default colours."""
    if "LULC_CLASSES" in tags:
        legend = legend_from_json(json.loads(tags["LULC_CLASSES"]))
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


def draw_validation_points(
    map_path: str | os.PathLike[str],
    output_path: str | os.PathLike[str],
    *,
    target_se: float = 0.01,
    expected_users: float | Mapping[int, float] = 0.8,
    allocation: str = "minimum",
    minimum: int = 50,
    total: int | None = None,
    seed: int = 0,
    progress: Progress | None = None,
) -> list[dict[str, Any]]:
    """Draw a stratified random sample of pixels from a class map (Olofsson et al. 2014).

    The total size comes from the target standard error of overall accuracy and the expected
    user's accuracy of each class (eq. 13) unless ``total`` is given; it is allocated to the
    map classes equally, proportionally, or with a ``minimum`` per class and the rest
    proportionally. Points are written to ``output_path`` (GeoPackage) at pixel centres with
    the map class, an empty ``reference`` field, and the stratum's pixels, area, weight and
    inclusion probability; the layer's metadata records the design for lulc:assess.

    Returns
    -------
    list of dict
        Per class: code, name, pixels, weight, points.
    """
    progress = progress or NullProgress()
    summary = summarize_map(map_path, SubProgress(progress, 0.0, 0.4))
    legend = summary.legend
    area = np.array([summary.hectares[c.code] for c in legend])
    weights = area / area.sum()
    users = [
        float(expected_users.get(c.code, 0.8))
        if isinstance(expected_users, Mapping)
        else float(expected_users)
        for c in legend
    ]
    size = total or sample_size(weights, users, target_se)
    pixels = [summary.pixels[c.code] for c in legend]
    counts = allocate(size, weights, pixels, scheme=allocation, minimum=minimum)
    progress.log(
        f"Sample size {size} ({allocation} allocation): "
        + ", ".join(f"{c.name}: {k}" for c, k in zip(legend, counts))
    )
    rng = np.random.default_rng(seed)
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
    """Rows and columns of the chosen pixels: the k-th pixel of a class in scan order."""
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


@dataclass(frozen=True)
class Assessment:
    """The estimates, and which reference points were left out and why."""

    accuracy: MapAccuracy
    used: int
    outside: int
    on_nodata: int


def assess_map(
    map_path: str | os.PathLike[str],
    reference_path: str | os.PathLike[str],
    reference_field: str,
    *,
    layer: str | None = None,
    report_path: str | os.PathLike[str] | None = None,
    json_path: str | os.PathLike[str] | None = None,
    csv_path: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
) -> Assessment:
    """Accuracy and class areas of a map from reference points, with 95 % intervals.

    Points drawn by :func:`draw_validation_points` from this map use the stratified
    estimators; other points are treated as a simple random sample (the report says so).
    Points outside the map or on nodata are counted and left out.
    """
    progress = progress or NullProgress()
    summary = summarize_map(map_path, SubProgress(progress, 0.0, 0.6))
    labels, geometry = read_labels(reference_path, reference_field, layer=layer)
    design = _design(reference_path, layer, summary)
    with RasterStack([map_path]) as stack:
        geometry = geometry.in_crs(stack.grid.crs_wkt)
        if any(g is not None for g in geometry.shapes):
            raise InvalidInputError("Reference samples must be single points.")
        r, c = world_to_pixel(geometry.xs, geometry.ys, stack.transform)
        inside = (r >= 0) & (r < stack.height) & (c >= 0) & (c < stack.width)
        values, valid = sample_pixels(stack, r[inside], c[inside], SubProgress(progress, 0.6, 0.9))
    mapped = np.full(r.size, -1, dtype=np.int64)
    ok = np.zeros(r.size, dtype=bool)
    ok[np.flatnonzero(inside)[valid]] = True
    mapped[ok] = values[valid, 0].astype(np.int64)
    reference = _reference_codes(labels[reference_field], summary.legend, reference_field)
    outside, on_nodata = int((~inside).sum()), int((inside & ~ok).sum())
    if outside or on_nodata:
        progress.warning(
            f"Left out: {outside} reference points outside the map and {on_nodata} on nodata."
        )
    codes = sorted({c.code for c in summary.legend} | set(reference[ok].tolist()))
    legend = {c.code: c for c in summary.legend}
    names = [legend[c].name if c in legend else f"Class {c}" for c in codes]
    index = {c: i for i, c in enumerate(codes)}
    counts = np.zeros((len(codes), len(codes)), dtype=np.int64)
    for m, ref in zip(mapped[ok], reference[ok]):
        counts[index[int(m)], index[int(ref)]] += 1
    areas = [summary.hectares.get(c, 0.0) for c in codes]
    estimator = stratified_estimates if design else simple_random_estimates
    accuracy = estimator(counts, areas, codes, names)
    if design:
        accuracy.notes.append("The reference points were drawn stratified by this map.")
    _write_assessment(accuracy, report_path, json_path, csv_path)
    progress.log(
        f"Overall accuracy {accuracy.overall.value:.4f} +- {accuracy.overall.ci95:.4f} "
        f"({accuracy.design}, {int(ok.sum())} points)."
    )
    for cls in accuracy.classes:
        progress.log(
            f"  {cls.name}: user's {cls.users.value:.3f} +- {cls.users.ci95:.3f}, producer's "
            f"{cls.producers.value:.3f} +- {cls.producers.ci95:.3f}, area "
            f"{cls.area_ha.value:.1f} +- {cls.area_ha.ci95:.1f} ha (mapped {cls.map_area_ha:.1f})"
        )
    progress.report(1.0)
    return Assessment(accuracy, int(ok.sum()), outside, on_nodata)


def _design(path: str | os.PathLike[str], layer: str | None, summary: MapSummary) -> bool:
    """Whether the points were drawn stratified by this very map (same strata sizes)."""
    data = read_layer_tag(path, layer, DESIGN_KEY)
    strata = {int(k): int(v) for k, v in data.get("strata", {}).items()}
    return data.get("design") == "stratified" and strata == summary.pixels


def _reference_codes(values: Any, legend: list[ClassInfo], field: str) -> npt.NDArray[np.int64]:
    """Reference classes as map codes: integers as they are, names matched to the legend."""
    pandas = require("pandas")
    if pandas.api.types.is_numeric_dtype(values):
        return np.asarray(values.to_numpy(dtype=np.int64), dtype=np.int64)
    lookup = {c.name.casefold(): c.code for c in legend}
    unknown = sorted({str(v) for v in values if str(v).strip().casefold() not in lookup})
    if unknown:
        raise InvalidInputError(
            f"Reference classes in '{field}' that the map does not have: {', '.join(unknown)}. "
            f"Use the map's class codes or names: {', '.join(c.name for c in legend)}."
        )
    return np.array([lookup[str(v).strip().casefold()] for v in values], dtype=np.int64)


def _write_assessment(
    accuracy: MapAccuracy,
    report_path: str | os.PathLike[str] | None,
    json_path: str | os.PathLike[str] | None,
    csv_path: str | os.PathLike[str] | None,
) -> None:
    if json_path is not None:
        with atomic_output(json_path, "assessment (JSON)") as tmp:
            tmp.write_text(json.dumps(accuracy.to_json(), indent=2), encoding="utf-8")
    if csv_path is not None:
        with atomic_output(csv_path, "assessment (CSV)") as tmp, open(tmp, "w", newline="") as fh:
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
                    ]
                )
    if report_path is not None:
        from .map_report import render_assessment

        with atomic_output(report_path, "assessment report") as tmp:
            tmp.write_text(render_assessment(accuracy), encoding="utf-8")


def class_area_table(
    map_path: str | os.PathLike[str],
    output_path: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
) -> MapSummary:
    """Pixels, hectares and percentage per class by pixel counting, labelled as biased."""
    progress = progress or NullProgress()
    summary = summarize_map(map_path, progress)
    total = sum(summary.hectares.values()) or 1.0
    with atomic_output(output_path, "class area table") as tmp, open(tmp, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["code", "class", "pixels", "hectares", "percent", "method"])
        for c in summary.legend:
            ha = summary.hectares[c.code]
            writer.writerow(
                [
                    c.code,
                    csv_cell(c.name),
                    summary.pixels[c.code],
                    f"{ha:.4f}",
                    f"{100 * ha / total:.4f}",
                    "pixel counting (biased)",
                ]
            )
            progress.log(f"{c.name}: {summary.pixels[c.code]} pixels, {ha:.2f} ha")
    progress.warning(
        "Pixel counting is biased by the map's errors; lulc:assess estimates areas with "
        "confidence intervals from reference points."
    )
    return summary
