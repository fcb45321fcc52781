"""Sampling: band values of a raster stack at labelled points, lines or polygons.

Also what was kept and dropped per class, and the per-class sampling report. The sample
table's file format is in :mod:`.sample_table`.
"""

from __future__ import annotations

import contextlib
import csv
import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from .deps import require
from .errors import InvalidInputError
from .escape import csv_row
from .features.feature_stack import FeatureRecipe, FeatureStack, open_stack
from .files import atomic_output
from .geotiff import TILE, RasterStack
from .label_hints import class_legend_hints, warn_similar_class_names
from .labels import LabelGeometry, LabelTable, load_labels
from .map_tags import lulc_product
from .model.cnn import check_patch_size
from .patches import ID_FIELD, read_patches
from .progress import NullProgress, Progress, SubProgress, check_cancel
from .rasterize import LabelPixels, label_pixels
from .sample_table import band_field_names, build_frame, with_points, write_samples
from .sampling_notes import duplicate_note, few_samples_note
from .stack import check_resampling


@dataclass(frozen=True)
class ClassTally:
    """What sampling kept and dropped for one class value.

    ``outside``, ``no_geometry`` and ``empty_class`` count label features (with no pixel in
    the raster, without a geometry, without a class); the other counts are samples (pixels).
    The features without a class have a tally of their own, whose ``value`` is None.

    Attributes
    ----------
    value
        The class value (None: features without a class).
    kept
        Samples kept.
    outside, no_geometry, empty_class
        Label features with no pixel in the raster, without geometry, without a class.
    nodata, conflicts, duplicates, capped
        Samples dropped: on nodata, labelled with two classes, repeated, over a cap.
    """

    value: object
    kept: int
    outside: int
    nodata: int
    conflicts: int = 0
    duplicates: int = 0
    capped: int = 0
    no_geometry: int = 0
    empty_class: int = 0

    @property
    def label(self) -> str:
        """Return the class as shown in the log and the report."""
        return NO_CLASS if self.value is None else str(self.value)


@dataclass(frozen=True)
class SamplingOptions:
    """How labels become samples.

    Parameters
    ----------
    all_touched
        Polygons give every pixel they touch, not only those whose centre is inside.
    max_per_class, max_per_feature
        Random caps (None: no cap), drawn with ``seed``.
    keep_duplicates
        Keep several identical samples (same pixel, same class) instead of one.
    resampling, nodata
        Passed to :class:`~.stack.RasterStack`.
    recipe
        Features computed from the raw bands (:class:`~.features.feature_stack.FeatureRecipe`).
    segments_path
        A segment raster (lulc:segment's): one sample per labelled segment, with the
        segment's features (:mod:`.segment_samples`), instead of one per labelled pixel.
    patch_size
        Also keep the ``patch_size`` x ``patch_size`` patch of every band around each sample
        (odd, 3 to 31; 0: none), for the convolutional network (:mod:`.patches`).
    """

    all_touched: bool = False
    max_per_class: int | None = None
    max_per_feature: int | None = None
    keep_duplicates: bool = False
    seed: int = 0
    resampling: str = "nearest"
    nodata: float | None = None
    recipe: FeatureRecipe | None = None
    segments_path: str | None = None
    patch_size: int = 0

    def __post_init__(self) -> None:
        """Check the options before any file is opened.

        Raises
        ------
        InvalidInputError
            On an unknown resampling, a cap below 1 or a negative seed.
        """
        check_resampling(self.resampling)
        for name, cap in (
            ("samples per class", self.max_per_class),
            ("samples per feature", self.max_per_feature),
        ):
            if cap is not None and cap < 1:
                raise InvalidInputError(
                    f"The maximum number of {name} must be 1 or more (or no cap), not {cap}."
                )
        if self.seed < 0:
            raise InvalidInputError(f"The random seed must be 0 or more, not {self.seed}.")
        if self.patch_size:
            check_patch_size(self.patch_size)
            if self.segments_path is not None:
                raise InvalidInputError(
                    "Patches are taken around labelled pixels, not segments: give either a "
                    "patch size or a segment raster."
                )


@dataclass(frozen=True)
class SamplingResult:
    """The sample table and what sampling kept and dropped.

    ``frame`` is a DataFrame: class, feature_id, x, y, one field per band; :attr:`table` the
    same with a point geometry.

    Attributes
    ----------
    frame
        The samples (pandas DataFrame).
    class_field
        The class field, as in the labels.
    band_names
        The feature fields, one per band of the stack, in order.
    tallies
        What was kept and dropped, per class value (:class:`ClassTally`).
    crs_wkt
        The rasters' CRS (of ``x`` and ``y``).
    metadata
        The sampling definition (stack, class names and colours) that training reads: pass it
        to :class:`~.train.SampleSource` with :attr:`table`.
    output_path
        Where the table was written, if asked.
    patches
        With a patch size: the patch of each sample, ``(n, bands, size, size)`` float32, NaN
        where a pixel has no value; row ``i`` is the sample whose ``patch_id`` is ``i``.
    """

    frame: Any
    class_field: str
    band_names: list[str]
    tallies: list[ClassTally]
    crs_wkt: str
    metadata: dict[str, Any] = field(default_factory=dict)
    output_path: str | None = None
    patches: npt.NDArray[np.float32] | None = None

    @cached_property
    def table(self) -> Any:
        """Return the sample table as a GeoDataFrame (its points are built on first use)."""
        return with_points(self.frame, self.crs_wkt or None)

    @property
    def count(self) -> int:
        """Return the number of samples."""
        return len(self.frame)

    def summary_lines(self) -> list[str]:
        """Return one human-readable line per class, then a total."""
        lines = [self._class_line(t) for t in self.tallies]
        total = {k: sum(getattr(t, k) for t in self.tallies) for k in _REPORT_FIELDS[1:]}
        lines.append(
            f"Total: {total['kept']} samples kept; {total['outside']} labels outside the raster, "
            f"{_label_drops(total['empty_class'], total['no_geometry'])}"
            f"{total['nodata']} samples on nodata, {total['conflicts']} in conflict, "
            f"{total['duplicates']} duplicates, {total['capped']} over the caps"
        )
        return lines

    def _class_line(self, t: ClassTally) -> str:
        """Return the summary line of one class (or of the labels without a class)."""
        if t.value is None:
            return (
                f"{NO_CLASS}: 0 kept; dropped: {t.empty_class} labels whose class is empty, "
                f"blank, NULL or NaN in '{self.class_field}'"
            )
        return (
            f"Class {t.value!s}: {t.kept} kept; dropped: {t.outside} labels outside the "
            f"raster, {_label_drops(0, t.no_geometry)}{t.nodata} on nodata, {t.conflicts} in "
            f"conflict with another class, {t.duplicates} duplicates, {t.capped} over the caps"
        )


#: The report's name for the label features that have no class.
NO_CLASS = "(no class)"
_REPORT_FIELDS = (
    "value",
    "kept",
    "outside",
    "nodata",
    "conflicts",
    "duplicates",
    "capped",
    "no_geometry",
    "empty_class",
)


def _label_drops(empty_class: int, no_geometry: int) -> str:
    """Return the label features left out before sampling, for a log line ("" when none)."""
    parts = [
        f"{n} {'label' if n == 1 else 'labels'} without a {what}, "
        for n, what in ((empty_class, "class"), (no_geometry, "geometry"))
        if n
    ]
    return "".join(parts)


def sample_pixels(
    stack: RasterStack | FeatureStack,
    rows: npt.NDArray[np.int64],
    cols: npt.NDArray[np.int64],
    progress: Progress,
    *,
    threads: int | None = None,
) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
    """Read the band values at pixels ``rows, cols`` (inside the grid), chunk by chunk.

    Only the chunks (groups of internal blocks) that hold a pixel are read, and of each chunk
    only the bounding window of its pixels. Chunks are shared among ``threads`` threads (None:
    all cores), each with its own dataset handles. On cancel, the threads stop after the chunk
    they read, and a feature stack stops inside the chunk it computes.

    Returns
    -------
    values : ndarray, shape (n, bands)
    valid : ndarray of bool, shape (n,)
        False where a band is nodata.
    """
    block_rows, block_cols = stack.block_shape
    chunk_rows = max(1, -(-TILE // block_rows)) * block_rows
    chunk_cols = max(1, -(-TILE // block_cols)) * block_cols
    n = rows.size
    values = np.empty((n, stack.count), dtype=stack.feature_dtype)
    valid = np.zeros(n, dtype=bool)
    if n == 0:
        return values, valid
    chunk_id = (rows // chunk_rows) * (stack.width // chunk_cols + 1) + cols // chunk_cols
    order = np.argsort(chunk_id, kind="stable")
    groups = np.split(order, np.flatnonzero(np.diff(chunk_id[order])) + 1)
    workers = max(1, min(threads or os.cpu_count() or 1, len(groups) // 4 or 1))
    done = [0] * workers
    stop = threading.Event()

    def work(part: int) -> None:
        with stack.reopen() as own:
            if isinstance(own, FeatureStack):
                own.stop_when(stop.is_set)
            for idx in groups[part::workers]:
                if stop.is_set():
                    return
                _read_chunk(own, rows[idx], cols[idx], idx, values, valid)
                done[part] += 1

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(work, part) for part in range(workers)]
        try:
            while not all(f.done() for f in futures):
                wait(futures, timeout=0.2)
                progress.report(sum(done) / len(groups))
                check_cancel(progress)
        finally:
            stop.set()
        for future in futures:
            future.result()
    return values, valid


def _read_chunk(
    stack: RasterStack | FeatureStack,
    rows: npt.NDArray[np.int64],
    cols: npt.NDArray[np.int64],
    idx: npt.NDArray[np.int64],
    values: npt.NDArray[Any],
    valid: npt.NDArray[np.bool_],
) -> None:
    """Read the bounding window of one chunk's pixels into ``values`` and ``valid`` at ``idx``."""
    windows = require("rasterio.windows")
    r0, c0 = int(rows.min()), int(cols.min())
    window = windows.Window(c0, r0, int(cols.max()) - c0 + 1, int(rows.max()) - r0 + 1)
    at = (rows - r0, cols - c0)
    if isinstance(stack, RasterStack):  # converts and checks only the pixels asked for
        data, ok = stack.read(window, at)
    else:
        block, mask = stack.read(window)
        data, ok = block[:, at[0], at[1]], mask[at]
    values[idx] = data.T
    valid[idx] = ok


def sample_labels(
    raster_paths: Sequence[str | os.PathLike[str]],
    labels_path: str | os.PathLike[str],
    class_field: str,
    *,
    layer: str | None = None,
    name_field: str | None = None,
    color_field: str | None = None,
    options: SamplingOptions | None = None,
    output_path: str | os.PathLike[str] | None = None,
    report_path: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
) -> SamplingResult:
    """Sample a raster stack at labelled points, lines or polygons.

    Parameters
    ----------
    raster_paths
        Rasters stacked in order; rasters off the first one's grid are resampled on the fly.
    labels_path, layer
        Label layer (any OGR format) and, for multi-layer files, the layer name.
    class_field
        Integer or text field holding each label's class.
    name_field, color_field
        Optional fields with a class name (for integer codes) and a ``#rrggbb`` colour.
    options
        Pixel rule, caps, duplicates, resampling and nodata (:class:`SamplingOptions`).
    output_path
        If given, the table is written there: GeoPackage, or CSV for a ``.csv`` path.
    report_path
        If given, the per-class sampling report is written there as CSV.
    progress
        Progress and cancel callback.

    Returns
    -------
    SamplingResult
        One row per sample: the class, ``feature_id``, ``x``, ``y``, one field per band.

    Raises
    ------
    InvalidInputError
        On an unreadable or empty label layer, a missing field, or when no label gives a
        valid pixel of the raster.

    Notes
    -----
    Ten parameters, all but three optional and keyword-only: they are lulc:sample's, and a
    record of them would only move the list. The body is about 25 lines, the steps being
    helpers of this module; the function is long only by this text.
    """
    progress = progress or NullProgress()
    opts = options or SamplingOptions()
    loaded = load_labels(
        labels_path, class_field, layer=layer, extra_fields=(name_field, color_field)
    )
    labels = loaded.table
    _warn_left_out(loaded, labels_path, class_field, progress)
    _warn_products(raster_paths, progress)
    warn_similar_class_names(labels[class_field].tolist(), class_field, progress)
    hints = class_legend_hints(labels, class_field, name_field, color_field, progress)
    if opts.segments_path is not None:
        from .segment_samples import sample_segments  # it builds on this module

        by_segment = sample_segments(raster_paths, loaded, hints, class_field, opts, progress)
        return _finish(by_segment, output_path, report_path, progress)
    sampled = _sample_stack(raster_paths, loaded.geometry, class_field, opts, progress)
    pixels = sampled.pixels
    classes = labels[class_field].to_numpy()
    sample_class = classes[pixels.feature]
    keep, counts = _select(sample_class, pixels, sampled.valid, sampled.width, opts)
    tallies = _tallies(classes, sample_class, pixels.outside, keep, counts, loaded)
    _check_usable(len(labels), pixels, sampled.valid, keep)
    _warn_dropped(tallies, progress)
    frame = _frame(labels, sampled, keep, class_field)
    metadata = {"class_field": class_field, "stack": sampled.definition, "classes": hints}
    patches = None
    if opts.patch_size:
        patches = _patches(raster_paths, pixels.rows[keep], pixels.cols[keep], opts, progress)
        frame[ID_FIELD] = np.arange(len(frame), dtype=np.int64)
        metadata["patches"] = {"size": opts.patch_size, "bands": int(patches.shape[1])}
    result = SamplingResult(
        frame, class_field, sampled.band_names, tallies, sampled.crs_wkt, metadata, None, patches
    )
    return _finish(result, output_path, report_path, progress)


def _patches(
    raster_paths: Sequence[str | os.PathLike[str]],
    rows: npt.NDArray[np.int64],
    cols: npt.NDArray[np.int64],
    opts: SamplingOptions,
    progress: Progress,
) -> npt.NDArray[np.float32]:
    """Read the patch around each kept sample, and say how many lack pixels."""
    with sampling_stack(raster_paths, opts, progress) as stack:
        patches = read_patches(stack, rows, cols, opts.patch_size, SubProgress(progress, 0.95, 1))
    partial = int(np.isnan(patches).any(axis=(1, 2, 3)).sum())
    size = opts.patch_size
    progress.log(
        f"Patches of {size} x {size} pixels kept around each of the {len(patches)} samples."
        + (
            f" {partial} of them reach beyond the image edge or onto nodata pixels: those "
            "pixels have no value, and the network fills them with the band's mean."
            if partial
            else ""
        )
    )
    return patches


def _finish(
    result: SamplingResult,
    output_path: str | os.PathLike[str] | None,
    report_path: str | os.PathLike[str] | None,
    progress: Progress,
) -> SamplingResult:
    """Log the per-class summary, then write the report and the sample table if asked."""
    for line in result.summary_lines():
        progress.log(line)
    check_cancel(progress)
    if report_path is not None:
        write_report_table(result, report_path)
    if output_path is not None:
        write_samples(
            result.frame,
            output_path,
            result.metadata,
            crs=result.crs_wkt or None,
            patches=result.patches,
        )
        result = replace(result, output_path=str(output_path))
    progress.report(1.0)
    return result


@dataclass(frozen=True)
class _Sampled:
    """What the raster stack gave.

    The labels' pixels, their band values and validity, the band fields and stack definition,
    and the grid's CRS and width.
    """

    pixels: LabelPixels
    values: npt.NDArray[Any]
    valid: npt.NDArray[np.bool_]
    band_names: list[str]
    definition: dict[str, Any]
    crs_wkt: str
    width: int


def _sample_stack(
    raster_paths: Sequence[str | os.PathLike[str]],
    geometry: LabelGeometry,
    class_field: str,
    opts: SamplingOptions,
    progress: Progress,
) -> _Sampled:
    """Open the stack, find the labels' pixels on its grid and read their band values."""
    with sampling_stack(raster_paths, opts, progress) as stack:
        geometry = _to_crs(geometry, stack.grid.crs_wkt, progress)
        pixels = label_pixels(
            geometry,
            stack.transform,
            stack.width,
            stack.height,
            all_touched=opts.all_touched,
            progress=SubProgress(progress, 0.0, 0.2),
        )
        values, valid = sample_pixels(
            stack, pixels.rows, pixels.cols, SubProgress(progress, 0.2, 0.95)
        )
        band_names = band_field_names(stack.band_names, class_field)
        definition = stack.definition()
        # Each band keeps its raster name (matched at prediction) and its field in the table.
        definition["bands"] = [
            {**band, "field": name} for band, name in zip(definition["bands"], band_names)
        ]
        definition["nodata"] = opts.nodata
        return _Sampled(
            pixels,
            values,
            valid,
            band_names,
            definition,
            stack.grid.crs_wkt,
            stack.width,
        )


@contextlib.contextmanager
def sampling_stack(
    raster_paths: Sequence[str | os.PathLike[str]], opts: SamplingOptions, progress: Progress
) -> Iterator[RasterStack | FeatureStack]:
    """Open the stack sampling reads (the options' resampling, nodata and feature recipe).

    A feature stack stops computing when ``progress`` is cancelled.
    """
    with open_stack(
        [str(p) for p in raster_paths],
        resampling=opts.resampling,
        nodata=opts.nodata,
        recipe=opts.recipe,
    ) as stack:
        if isinstance(stack, FeatureStack):
            stack.stop_when(progress.cancelled)
        yield stack


def _warn_products(raster_paths: Sequence[str | os.PathLike[str]], progress: Progress) -> None:
    """Warn about rasters that are LULC Classifier products (maps, confidence...), not images."""
    for path in raster_paths:
        product = lulc_product(path)
        if product:
            progress.warning(
                f"The raster '{path}' is a {product} written by LULC Classifier, not an "
                "image: the model will learn from its classes, not from the image's bands. "
                "Choose the image it was made from, unless this is meant."
            )


def _check_usable(
    n_labels: int,
    pixels: LabelPixels,
    valid: npt.NDArray[np.bool_],
    keep: npt.NDArray[np.bool_],
) -> None:
    """Raise when no sample is left: no label on the raster, all on nodata, all in conflict."""
    if pixels.outside.all():
        raise InvalidInputError(
            f"None of the {n_labels} labels falls inside the raster. Check that the labels "
            "cover the image and that both layers have the right CRS."
        )
    if not valid.any():
        raise InvalidInputError(
            f"All {pixels.rows.size} labelled pixels inside the raster fall on nodata; move "
            "the labels onto valid pixels or check the rasters' nodata values."
        )
    if not keep.any():
        raise InvalidInputError(
            f"None of the {pixels.rows.size} labelled pixels inside the raster can be used: "
            "each is labelled with two different classes. Fix the overlapping labels."
        )


def _warn_dropped(tallies: Sequence[ClassTally], progress: Progress) -> None:
    """Warn about samples dropped for conflicts, duplicates, and classes left with few."""
    conflicts = {t.value: t.conflicts for t in tallies if t.conflicts}
    if conflicts:
        progress.warning(
            f"{sum(conflicts.values())} labelled pixels carry two different classes and were "
            f"dropped from both ({', '.join(f'{k}: {v}' for k, v in conflicts.items())}). "
            "Check overlapping or adjacent labels of different classes."
        )
    for note in (duplicate_note(tallies), few_samples_note(tallies)):
        if note:
            progress.warning(note)


def _warn_left_out(
    loaded: LabelTable, path: str | os.PathLike[str], class_field: str, progress: Progress
) -> None:
    """Say how many label features were left out for want of a class or a geometry."""
    if loaded.empty_class:
        progress.warning(
            f"{_features(loaded.empty_class)} no class in '{class_field}' (empty, blank, NULL "
            f"or NaN): left out, and counted as '{NO_CLASS}' in the sampling report. Fill in "
            "their class, or delete them."
        )
    if loaded.no_geometry:
        progress.warning(
            f"{_features(len(loaded.no_geometry))} no geometry in '{path}': left out, and "
            "counted per class as without a geometry. Draw them, or delete them."
        )


def _features(n: int) -> str:
    """Return the start of a sentence about ``n`` label features."""
    return "1 label feature has" if n == 1 else f"{n} label features have"


def _to_crs(geometry: LabelGeometry, crs_wkt: str, progress: Progress) -> LabelGeometry:
    """Reproject the labels to the raster's CRS, or warn when either has none."""
    if not geometry.crs_wkt or not crs_wkt:
        progress.warning(
            "The labels or the raster have no CRS; the labels are taken to be in the raster's "
            "coordinates."
        )
        return geometry
    moved = geometry.in_crs(crs_wkt)
    if moved is not geometry:
        progress.log("Reprojecting the labels to the raster's CRS.")
    return moved


def _select(
    sample_class: npt.NDArray[Any],
    pixels: LabelPixels,
    valid: npt.NDArray[np.bool_],
    width: int,
    opts: SamplingOptions,
) -> tuple[npt.NDArray[np.bool_], dict[str, npt.NDArray[np.bool_]]]:
    """Which samples to keep: valid, not in conflict, not duplicated, within the caps."""
    pandas = require("pandas")
    frame = pandas.DataFrame(
        {"pixel": pixels.rows * width + pixels.cols, "cls": sample_class, "feature": pixels.feature}
    )
    nodata = ~valid
    classes_per_pixel = frame[valid].groupby("pixel")["cls"].nunique()
    conflict_pixels = classes_per_pixel.index[classes_per_pixel.to_numpy() > 1]
    conflicts = valid & frame["pixel"].isin(conflict_pixels).to_numpy()
    keep = valid & ~conflicts
    duplicates = np.zeros_like(keep)
    if not opts.keep_duplicates:
        duplicates = keep & frame.duplicated(["pixel", "cls"]).to_numpy()
        keep &= ~duplicates
    before_caps = keep.copy()
    rng = np.random.default_rng(opts.seed)
    for column, cap in (("feature", opts.max_per_feature), ("cls", opts.max_per_class)):
        if cap is not None:
            keep = _cap(frame[column].to_numpy(), keep, cap, rng)
    counts = {
        "nodata": nodata,
        "conflicts": conflicts,
        "duplicates": duplicates,
        "capped": before_caps & ~keep,
    }
    return keep, counts


def _cap(
    groups: npt.NDArray[Any], keep: npt.NDArray[np.bool_], cap: int, rng: np.random.Generator
) -> npt.NDArray[np.bool_]:
    """Keep at most ``cap`` randomly drawn samples of each group."""
    out = keep.copy()
    for value in np.unique(groups[keep]):
        idx = np.flatnonzero(keep & (groups == value))
        if idx.size > cap:
            out[rng.choice(idx, idx.size - cap, replace=False)] = False
    return out


def _tallies(
    classes: npt.NDArray[Any],
    sample_class: npt.NDArray[Any],
    outside: npt.NDArray[np.bool_],
    keep: npt.NDArray[np.bool_],
    counts: dict[str, npt.NDArray[np.bool_]],
    loaded: LabelTable,
) -> list[ClassTally]:
    """Count, per class value, the samples kept and dropped, then the labels without a class."""
    tallies = []
    values = set(classes.tolist()) | set(loaded.no_geometry)
    for value in sorted(values, key=lambda v: (str(type(v)), v)):
        sel = sample_class == value
        tallies.append(
            ClassTally(
                value,
                kept=int((sel & keep).sum()),
                outside=int(((classes == value) & outside).sum()),
                no_geometry=sum(1 for v in loaded.no_geometry if v == value),
                **{k: int((sel & mask).sum()) for k, mask in counts.items()},
            )
        )
    if loaded.empty_class:
        tallies.append(ClassTally(None, 0, 0, 0, empty_class=loaded.empty_class))
    return tallies


def _frame(labels: Any, sampled: _Sampled, keep: npt.NDArray[np.bool_], class_field: str) -> Any:
    """Build the fields of the kept samples (see :func:`~.sample_table.build_frame`)."""
    pixels = sampled.pixels
    feature = pixels.feature[keep]
    return build_frame(
        class_field,
        labels[class_field].to_numpy()[feature],
        labels["feature_id"].to_numpy()[feature],
        pixels.xs[keep],
        pixels.ys[keep],
        {name: sampled.values[keep, i] for i, name in enumerate(sampled.band_names)},
    )


def write_report_table(result: SamplingResult, path: str | os.PathLike[str]) -> None:
    """Write the per-class sampling report as CSV."""
    with atomic_output(path, "sampling report") as tmp, open(tmp, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("class", *_REPORT_FIELDS[1:]))
        for t in result.tallies:
            writer.writerow(csv_row([t.label, *(getattr(t, k) for k in _REPORT_FIELDS[1:])]))
