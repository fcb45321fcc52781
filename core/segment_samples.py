"""Object-based sampling: one sample per labelled segment, with the segment's features.

Labels (points, lines, polygons) are turned into pixels as for pixel sampling
(:mod:`.rasterize`); each labelled pixel in a segment votes for its label's class, once per
class (a pixel labelled twice with one class votes once). A segment goes to the class with
more than half of its votes; a segment whose votes disagree is a *conflict*, and one without
such a class (a tie, or no class past half) is dropped; the log says how many, with a few
segments and their votes. A labelled pixel that is nodata in a band still votes: the
segment's features come from its valid pixels.

The sample table has one row per labelled segment: the class, ``feature_id`` (the label
feature giving the most votes to the segment's class), ``x, y`` (the segment's centroid),
``segment_id`` and the segment features (:mod:`.segment_features`). Its metadata records the
stack, the segment features and the segment raster's name; :func:`object_based_fields` turns
them into the model's manifest fields.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .deps import require
from .errors import InvalidInputError
from .labels import LabelTable
from .progress import Progress, SubProgress
from .rasterize import LabelPixels, label_pixels
from .sample_table import band_field_names, build_frame
from .samples import ClassTally, SamplingOptions, SamplingResult, _cap, _to_crs, sampling_stack
from .segment_features import SegmentFeatures, features_of, open_segments

#: Memory budget of the segment features' blocks while sampling.
SAMPLING_MEMORY_MB = 512
#: Segments in conflict shown in the log.
EXAMPLES = 5


def sample_segments(
    raster_paths: Sequence[str | os.PathLike[str]],
    loaded: LabelTable,
    hints: list[dict[str, Any]],
    class_field: str,
    opts: SamplingOptions,
    progress: Progress,
) -> SamplingResult:
    """Return the object-based sample table of ``loaded`` labels (see the module's docstring).

    Raises
    ------
    InvalidInputError
        If no label falls inside the raster or in a segment, or every labelled segment is
        dropped as a conflict; or the segment raster is not one band of ids on the grid.
    """
    segments_path = str(opts.segments_path)
    with sampling_stack(raster_paths, opts, progress) as stack:
        with open_segments(segments_path, stack) as segments:
            geometry = _to_crs(loaded.geometry, stack.grid.crs_wkt, progress)
            pixels = label_pixels(
                geometry,
                stack.transform,
                stack.width,
                stack.height,
                all_touched=opts.all_touched,
                progress=SubProgress(progress, 0.0, 0.1),
            )
            ids = segments.at(pixels.rows, pixels.cols)
            features = features_of(
                stack, segments, SAMPLING_MEMORY_MB, SubProgress(progress, 0.1, 0.95)
            )
        definition = stack.definition()
        crs_wkt = stack.grid.crs_wkt
        width = stack.width
    definition["nodata"] = opts.nodata
    votes = _Votes(loaded, class_field, pixels, features.rows_of(ids), width)
    _check_usable(loaded, pixels, votes)
    _log_conflicts(votes, features, progress)
    keep = _caps(votes, opts)
    fields = band_field_names(features.names, class_field)
    frame = _frame(votes, features, keep, fields, class_field)
    metadata = {
        "class_field": class_field,
        "stack": definition,
        "classes": hints,
        "segments": {
            "raster": Path(segments_path).name,
            "features": features.names,
            "fields": fields,
        },
    }
    tallies = _tallies(votes, keep, loaded)
    return SamplingResult(frame, class_field, fields, tallies, crs_wkt, metadata)


class _Votes:
    """The labelled pixels' votes and each labelled segment's outcome."""

    def __init__(
        self,
        loaded: LabelTable,
        class_field: str,
        pixels: LabelPixels,
        rows: npt.NDArray[np.int64],
        width: int,
    ) -> None:
        pandas = require("pandas")
        labels = loaded.table
        self.classes = labels[class_field].to_numpy()
        frame = pandas.DataFrame(
            {
                "pixel": pixels.rows * width + pixels.cols,
                "cls": self.classes[pixels.feature],
                "feature": pixels.feature,
                "row": rows,
            }
        )
        self.labelled = frame
        self.in_segment = rows >= 0
        inside = frame[self.in_segment]
        self.duplicate = np.zeros(len(frame), dtype=bool)
        self.duplicate[np.flatnonzero(self.in_segment)] = inside.duplicated(
            ["pixel", "cls"]
        ).to_numpy()
        voting = frame[self.in_segment & ~self.duplicate]
        counts = voting.groupby(["row", "cls"]).size().rename("votes").reset_index()
        total = counts.groupby("row")["votes"].transform("sum")
        best = counts.groupby("row")["votes"].transform("max")
        counts["wins"] = (counts["votes"] == best) & (2 * counts["votes"] > total)
        self.counts = counts
        classes_per_row = counts.groupby("row")["cls"].nunique()
        self.conflict_rows = classes_per_row.index[classes_per_row.to_numpy() > 1].to_numpy()
        winners = counts[counts["wins"]]
        self.rows = winners["row"].to_numpy(dtype=np.int64)
        self.row_class = winners["cls"].to_numpy()
        # the label feature of each segment: the one giving its class the most votes
        mine = voting.merge(winners[["row", "cls"]], on=["row", "cls"])
        per_feature = mine.groupby(["row", "feature"]).size().rename("n").reset_index()
        per_feature = per_feature.sort_values(["row", "n", "feature"], ascending=[1, 0, 1])
        first = per_feature.drop_duplicates("row").set_index("row")["feature"]
        self.row_feature = first.reindex(self.rows).to_numpy(dtype=np.int64)
        ids = labels["feature_id"].to_numpy()
        self.feature_ids = ids[self.row_feature] if self.rows.size else ids[:0]
        self.voting = voting

    @property
    def dropped(self) -> npt.NDArray[np.int64]:
        """Rows of the segments in conflict that no class won."""
        return np.setdiff1d(self.conflict_rows, self.rows)


def _check_usable(loaded: LabelTable, pixels: LabelPixels, votes: _Votes) -> None:
    n_labels = len(loaded.table)
    if pixels.outside.all():
        raise InvalidInputError(
            f"None of the {n_labels} labels falls inside the raster. Check that the labels "
            "cover the image and that both layers have the right CRS."
        )
    if not votes.in_segment.any():
        raise InvalidInputError(
            f"None of the {pixels.rows.size} labelled pixels inside the raster falls in a "
            "segment with valid pixels (segment id 0, or nodata in the rasters). Check that "
            "the segment raster was made for this image, or move the labels."
        )
    if not votes.rows.size:
        raise InvalidInputError(
            f"Every one of the {np.unique(votes.voting['row']).size} labelled segments holds "
            "labels of several classes with none past half of its labelled pixels, so all "
            "were dropped. Fix the overlapping labels, or make smaller segments."
        )


def _log_conflicts(votes: _Votes, features: SegmentFeatures, progress: Progress) -> None:
    """Say how many segments were labelled, in conflict, won by a majority and dropped."""
    labelled = int(np.unique(votes.voting["row"]).size)
    progress.log(
        f"Object-based: {labelled} labelled segments ({int(votes.in_segment.sum())} labelled "
        f"pixels in segments) among {features.ids.size} segments with valid pixels."
    )
    conflicts = votes.conflict_rows
    if not conflicts.size:
        return
    dropped = votes.dropped
    examples = []
    for row in conflicts[:EXAMPLES]:
        mine = votes.counts[votes.counts["row"] == row]
        tally = ", ".join(f"{c}: {int(n)}" for c, n in zip(mine["cls"], mine["votes"]))
        examples.append(f"segment {int(features.ids[row])} ({tally})")
    progress.warning(
        f"{conflicts.size} labelled segments hold labels of several classes: "
        f"{conflicts.size - dropped.size} went to the class with more than half of their "
        f"labelled pixels, {dropped.size} (a tie, or no class past half) were dropped. "
        f"For example: {'; '.join(examples)}. Check labels of different classes in one segment."
    )


def _caps(votes: _Votes, opts: SamplingOptions) -> npt.NDArray[np.bool_]:
    """Keep at most the caps' segments per label feature and per class (random, seeded)."""
    keep = np.ones(votes.rows.size, dtype=bool)
    rng = np.random.default_rng(opts.seed)
    for groups, cap in (
        (votes.row_feature, opts.max_per_feature),
        (votes.row_class, opts.max_per_class),
    ):
        if cap is not None:
            keep = _cap(np.asarray(groups), keep, cap, rng)
    return keep


def _frame(
    votes: _Votes,
    features: SegmentFeatures,
    keep: npt.NDArray[np.bool_],
    fields: list[str],
    class_field: str,
) -> Any:
    rows = votes.rows[keep]
    frame = build_frame(
        class_field,
        votes.row_class[keep],
        votes.feature_ids[keep],
        features.centroids[rows, 0],
        features.centroids[rows, 1],
        {name: features.values[rows, j] for j, name in enumerate(fields)},
    )
    frame.insert(4, "segment_id", features.ids[rows].astype(np.int64))
    return frame


def _tallies(votes: _Votes, keep: npt.NDArray[np.bool_], loaded: LabelTable) -> list[ClassTally]:
    """Per class: segments kept and capped; labelled pixels on no segment, outvoted, repeated."""
    frame = votes.labelled
    won = set(zip(votes.rows.tolist(), votes.row_class.tolist()))
    voting = votes.voting
    lost = np.array(
        [(r, c) not in won for r, c in zip(voting["row"].tolist(), voting["cls"].tolist())],
        dtype=bool,
    )
    outside = np.ones(len(votes.classes), dtype=bool)
    outside[frame["feature"].to_numpy()] = False
    tallies = []
    values = set(votes.classes.tolist()) | set(loaded.no_geometry)
    for value in sorted(values, key=lambda v: (str(type(v)), v)):
        cls = frame["cls"].to_numpy() == value
        kept = votes.row_class == value
        tallies.append(
            ClassTally(
                value,
                kept=int((kept & keep).sum()),
                outside=int(((votes.classes == value) & outside).sum()),
                nodata=int((cls & ~votes.in_segment).sum()),
                conflicts=int((lost & (voting["cls"].to_numpy() == value)).sum()),
                duplicates=int((cls & votes.duplicate).sum()),
                capped=int((kept & ~keep).sum()),
                no_geometry=sum(1 for v in loaded.no_geometry if v == value),
            )
        )
    if loaded.empty_class:
        tallies.append(ClassTally(None, 0, 0, 0, empty_class=loaded.empty_class))
    return tallies


def object_based_fields(
    metadata: Mapping[str, Any], features: Sequence[str], n_samples: int, progress: Progress
) -> dict[str, Any]:
    """Return the manifest fields of a model trained on ``metadata``'s table ({} for pixels).

    Raises
    ------
    InvalidInputError
        If the table's feature fields are not the segment features it was sampled with.
    """
    segments = metadata.get("segments")
    if not isinstance(segments, Mapping):
        return {}
    fields = [str(f) for f in segments.get("fields", [])]
    if [f.lower() for f in fields] != [f.lower() for f in features]:
        raise InvalidInputError(
            "The sample table was sampled on segments, but its feature fields "
            f"({', '.join(features)}) are not the segment features it was sampled with "
            f"({', '.join(fields)}); sample the labels again rather than editing the table."
        )
    progress.log(
        f"Object-based: {n_samples} segments of '{segments.get('raster', '')}' (one sample "
        f"each); the model classifies segments from their {len(fields)} features."
    )
    return {"object_based": True, "segment_features": [str(f) for f in segments["features"]]}
