"""Where to label next: the pixels the model is least sure of, spread out and across classes.

Uncertainty sampling with spatial diversity. One block-wise pass over the image, the same as a
prediction's (:mod:`.predict`: the stack, the region, the blocks, the thread pool and what
predicts): each block's class probabilities give every valid pixel an uncertainty score
(:data:`STRATEGIES`), and each block hands on only its most uncertain pixels per predicted
class, so memory is bounded by the number of suggestions asked for, never by the image.

Selection is greedy by uncertainty (ties broken by a random key drawn from the seed and the
pixel's place on the grid, so a seeded run repeats exactly whatever the blocks and threads):
a pixel is taken when it is at least the minimum distance from every suggestion taken before it
and from the existing labels. With ``balance``, every predicted class first gets its most
uncertain pixel that fits (in class order), so that rare classes get a suggestion too; the rest
are taken by uncertainty alone. The guaranteed ones rank first, most uncertain first. (Classes
taking turns for the whole batch spent labels on classes the model is sure of: the active
learning benchmark needed 0.79 of random's labels at a batch of 20, against 0.54 without.)

Without a minimum distance the suggestions are exactly those of a whole-image computation. With
one, each block hands on the candidates the same greedy rule takes within the block, so on an
image of one block the result is exact too; on a larger one a pixel near a block's edge can be
passed over for a slightly less uncertain one. The distances are always respected. Existing
labels: their own pixels (as sampling gives them) are never suggested, and with a minimum
distance no pixel whose centre is nearer than that to a label (point, line or polygon).
"""

from __future__ import annotations

import functools
import json
import math
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from . import vector_io
from .deps import require
from .errors import InvalidInputError, ModelMismatchError, check_choice
from .features.feature_stack import FeatureStack, open_stack
from .files import output_transaction
from .grid import pixel_centres, world_to_pixel
from .labels import read_geometries
from .model.model_file import Model, load_for_prediction
from .model.onnx_inference import first_best
from .predict import (
    PredictionOptions,
    _check_stack,
    _Pending,
    _Plan,
    _plan,
    _single_threaded,
    _stream,
    pixel_keys,
    run_recipe,
)
from .progress import NullProgress, Progress

#: The uncertainty measures, in the order of lulc:suggest's STRATEGY choices (never reorder).
STRATEGIES = ("margin", "entropy", "least_confidence")
#: The output's layer name.
LAYER = "suggestions"
#: Layer metadata item holding how the suggestions were made (JSON).
TAG = "LULC_SUGGESTIONS"
#: The output's fields besides the (empty) class field, in order.
FIELDS = ("predicted", "predicted_name", "confidence", "margin", "uncertainty", "rank")
#: With a minimum distance, the candidates kept per predicted class, as a multiple of the count
#: asked for (the final greedy choice may pass over some).
KEPT_FACTOR = 4
#: A label's buffer rasterized to rule pixels out is this much narrower than the minimum
#: distance (a buffer polygon's vertices lie on the circle); the rest is measured exactly.
_INNER = 0.999
#: Sorted candidates looked at together while spreading a block's candidates.
_CHUNK = 1024

_CANDIDATE = np.dtype(
    [
        ("score", "f8"),
        ("key", "u8"),
        ("row", "i8"),
        ("col", "i8"),
        ("best", "i4"),
        ("p1", "f8"),
        ("p2", "f8"),
    ]
)

LayerRef = str | os.PathLike[str] | tuple[str | os.PathLike[str], str | None]


@dataclass(frozen=True)
class SuggestOptions:
    """How many suggestions, ranked how, how far apart, and the resources of the pass.

    Parameters
    ----------
    count
        Suggestions wanted (at least 1).
    strategy
        Uncertainty measure, one of :data:`STRATEGIES`: ``margin`` (1 minus the difference
        between the two most probable classes), ``entropy`` (of the class probabilities,
        normalised to 0-1) or ``least_confidence`` (1 minus the top probability).
    min_distance
        Smallest distance between two suggestions, and between a suggestion and an existing
        label (0: none), in the rasters' map units, or in pixels with ``distance_in_pixels``
        (times the pixel width).
    balance
        Every predicted class first gets its most uncertain pixel that fits, so that rare
        classes get a suggestion; the rest by uncertainty. False: by uncertainty alone.
    seed
        Seed of the random order among equally uncertain pixels.
    max_memory_mb, n_threads
        Memory budget of the blocks in flight, and threads predicting blocks (None: all
        cores), as for :class:`~.predict.PredictionOptions`.
    distance_layers
        (path, layer name or None) of each vector layer whose distance the model uses as a
        feature, in the model's order (see :class:`~.predict.PredictionOptions`).

    Raises
    ------
    InvalidInputError
        On a value out of range, when the options are made (before any file is opened).
    """

    count: int = 50
    strategy: str = "margin"
    min_distance: float = 0.0
    distance_in_pixels: bool = False
    balance: bool = True
    seed: int = 42
    max_memory_mb: float = 1024
    n_threads: int | None = None
    distance_layers: Sequence[tuple[str, str | None]] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        """Check every value."""
        if isinstance(self.count, bool) or not isinstance(self.count, int) or self.count < 1:
            raise InvalidInputError(
                f"The number of suggestions must be a whole number of at least 1, not "
                f"{self.count!r}."
            )
        check_choice(
            self.strategy,
            STRATEGIES,
            f"Unknown uncertainty strategy '{self.strategy}': choose one of "
            f"{', '.join(STRATEGIES)}.",
        )
        if not (isinstance(self.min_distance, (int, float)) and 0 <= self.min_distance < math.inf):
            raise InvalidInputError(
                f"The minimum distance must be a number of at least 0, not {self.min_distance!r}."
            )
        if not (0 < self.max_memory_mb < math.inf):
            raise InvalidInputError(
                f"The memory budget must be a positive number of MB, not {self.max_memory_mb!r}."
            )
        if self.n_threads is not None and self.n_threads < 1:
            raise InvalidInputError(
                f"The number of threads must be at least 1 (or empty for all cores), not "
                f"{self.n_threads!r}."
            )
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise InvalidInputError(
                f"The random seed must be a whole number of at least 0, not {self.seed!r}."
            )


@dataclass(frozen=True)
class SuggestResult:
    """The suggestions written, and what limited them.

    ``count`` suggestions were written to ``path`` (of ``asked``); ``possible`` pixels could
    have been suggested (valid, inside the extent and mask, not labelled already: before the
    minimum distance); ``per_class`` counts the suggestions by predicted class name;
    ``source`` says what measured the uncertainty (``probabilities`` or ``decision function``);
    ``distance`` is the minimum distance in map units.

    Attributes
    ----------
    path, count, asked, possible, per_class, source, distance
        As above.
    blocks
        Blocks of the image read.
    """

    path: str
    count: int
    possible: int
    per_class: dict[str, int]
    asked: int = 0
    blocks: int = 0
    source: str = "probabilities"
    distance: float = 0.0


def suggest_labels(
    rasters: Sequence[str | os.PathLike[str]],
    model_path: str | os.PathLike[str] | Model,
    output_path: str | os.PathLike[str],
    *,
    options: SuggestOptions | None = None,
    labels: LayerRef | None = None,
    extent: tuple[float, float, float, float] | None = None,
    mask: LayerRef | None = None,
    progress: Progress | None = None,
) -> SuggestResult:
    """Write the pixels worth labelling next as a GeoPackage point layer, most useful first.

    Parameters
    ----------
    rasters
        The rasters the model was trained on, in the same order.
    model_path
        A ``.lulcmodel`` file (or a loaded :class:`~.model.model_file.Model`).
    output_path
        The GeoPackage to write: layer ``suggestions`` in the rasters' CRS, a point at each
        suggested pixel's centre, in rank order, with the model's class field (empty, of the
        model's type: for the user to fill) and :data:`FIELDS`.
    options
        Count, strategy, minimum distance, balance, seed, memory (:class:`SuggestOptions`).
    labels
        The existing labels (a path, or (path, layer name)): points, lines or polygons in
        any CRS (reprojected); never suggested again, and kept ``min_distance`` away from.
    extent, mask
        Only pixels inside (x min, y min, x max, y max in the rasters' CRS) and inside the
        mask polygons (a path, or (path, layer name)) are suggested.
    progress
        Progress and cancel; checked once per block.

    Returns
    -------
    SuggestResult
        Fewer suggestions than asked, with a warning saying why, when there are fewer
        possible pixels or the minimum distance leaves no room for more.

    Raises
    ------
    ModelMismatchError
        If the rasters' bands do not match the model's.
    InvalidInputError
        If the model measures no uncertainty, or no pixel can be suggested.
    OutputError
        If the output cannot be written or would overwrite an input; nothing is written.
    """
    opts = options or SuggestOptions()
    progress = progress or NullProgress()
    mask_ref, label_ref = _layer_ref(mask), _layer_ref(labels)
    model_file = None if isinstance(model_path, Model) else model_path
    inputs = [*rasters, model_file, mask_ref[0], label_ref[0]]
    inputs += [path for path, _ in opts.distance_layers]
    with output_transaction(None, inputs, progress.cancelled) as staged:
        staged.add(output_path, "suggestions layer")
        found = _scan(rasters, model_path, opts, _Where(extent, mask_ref, label_ref), progress)
        chosen = _select(found, opts)
        _report(found, chosen, opts, progress)
        _write(staged.staged(output_path), found, chosen, opts)
    progress.report(1.0)
    names = [found.names[int(b)] for b in chosen["best"]]
    return SuggestResult(
        str(output_path),
        int(chosen.size),
        found.possible,
        {name: names.count(name) for name in dict.fromkeys(names)},
        opts.count,
        found.blocks,
        found.source,
        found.metric.distance,
    )


@dataclass(frozen=True)
class _Where:
    """Where suggestions may go: extent, mask (path, layer) and labels (path, layer)."""

    extent: tuple[float, float, float, float] | None
    mask: tuple[str | None, str | None]
    labels: tuple[str | None, str | None]


def _layer_ref(ref: LayerRef | None) -> tuple[str | None, str | None]:
    """Return (path, layer name) of a layer given as a path or a (path, layer) pair."""
    if ref is None or ref == "":
        return None, None
    if isinstance(ref, tuple):
        return str(ref[0]), ref[1] or None
    return str(ref), None


# --------------------------------------------------------------------------- uncertainty


def uncertainty(
    proba: npt.NDArray[Any], strategy: str, best: npt.NDArray[np.intp] | None = None
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64], npt.NDArray[np.float64], Any]:
    """Return the predicted column, top two probabilities and uncertainty of each row.

    ``proba`` is (pixels, classes); ``best`` the predicted columns if already chosen (else the
    first most probable). The uncertainty grows as the model is less sure: ``margin``
    1 - (p1 - p2), ``entropy`` the entropy divided by log(classes), ``least_confidence`` 1 - p1.
    """
    values = np.asarray(proba, dtype=np.float64)
    if best is None:
        best = np.argmax(values, axis=1) if values.shape[0] else np.zeros(0, np.intp)
    p1 = values[np.arange(values.shape[0]), best]
    n_classes = values.shape[1]
    p2 = np.partition(values, -2, axis=1)[:, -2] if n_classes > 1 else np.zeros_like(p1)
    if strategy == "margin":
        score = 1.0 - (p1 - p2)
    elif strategy == "least_confidence":
        score = 1.0 - p1
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(values > 0, -values * np.log(values), 0.0)
        score = terms.sum(axis=1) / (np.log(n_classes) if n_classes > 1 else 1.0)
    return best, p1, p2, score


def tie_keys(
    rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64], width: int, seed: int
) -> npt.NDArray[np.uint64]:
    """Return a random key per pixel of the stack's grid, fixed by the seed and the pixel.

    The smaller key goes first among equally uncertain pixels (SplitMix64 of the pixel's
    index, salted by the seed), whatever the blocks and threads.
    """
    salt = np.random.SeedSequence(seed).generate_state(1, np.uint64)[0]
    with np.errstate(over="ignore"):
        z = rows.astype(np.uint64) * np.uint64(width) + cols.astype(np.uint64) + salt
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return np.asarray(z ^ (z >> np.uint64(31)), dtype=np.uint64)


def _probabilities(predictor: Any, pixels: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    """Class probabilities, or for a model without them its decision scores through softmax."""
    if hasattr(predictor, "predict_proba"):
        return np.asarray(predictor.predict_proba(pixels), dtype=np.float64)
    scores = np.asarray(predictor.decision_function(pixels), dtype=np.float64)
    if scores.ndim == 1:  # two classes: positive scores mean the second
        scores = np.column_stack([np.zeros_like(scores), scores])
    scores = scores - scores.max(axis=1, keepdims=True)
    weights = np.exp(scores)
    return np.asarray(weights / weights.sum(axis=1, keepdims=True), dtype=np.float64)


def score_block(
    predictor: Any,
    data: npt.NDArray[Any],
    valid: npt.NDArray[np.bool_],
    class_codes: npt.NDArray[np.int64],
    *,
    strategy: str,
    distinct: bool = False,
    **ignored: Any,
) -> dict[str, npt.NDArray[Any]]:
    """Score the valid pixels of one block (run in the prediction's thread pool).

    Returns ``index`` (flat index in the block of each valid pixel), ``best`` (the predicted
    column of the probabilities), ``p1``, ``p2`` and ``score`` (:func:`uncertainty`). With
    ``distinct``, each distinct pixel value is predicted once (see
    :func:`~.predict.classify_block`). The other keywords of a prediction block are ignored.
    """
    index = np.flatnonzero(valid)
    pixels = data[:, valid].T
    keys = pixel_keys(pixels) if distinct and pixels.shape[0] else None
    inverse = None
    if keys is not None:
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        pixels = pixels[first]
    if pixels.shape[0]:
        proba = _probabilities(predictor, pixels)
        if proba.shape[1] != len(class_codes):
            raise InvalidInputError(
                f"The model gives {proba.shape[1]} scores per pixel for {len(class_codes)} "
                "classes, so how sure it is cannot be measured; train it again with "
                "probabilities."
            )
    else:
        proba = np.zeros((0, len(class_codes)))
    if inverse is not None:
        proba = proba[inverse.ravel()]
    # as the class map chooses: a compiled graph's float32 sums break exact ties, first wins
    best = first_best(proba.astype(np.float32)) if hasattr(predictor, "predict_index") else None
    best, p1, p2, score = uncertainty(proba, strategy, best)
    return {"index": index, "best": best, "p1": p1, "p2": p2, "score": score}


def _source(predictor: Any, progress: Progress) -> str:
    """Say what measures the model's uncertainty; refuse a model that has nothing to measure."""
    if hasattr(predictor, "predict_proba"):
        return "probabilities"
    if hasattr(predictor, "decision_function"):
        progress.warning(
            "The model gives no class probabilities (e.g. a support vector machine trained "
            "without them): its decision scores, through a softmax, rank the pixels instead. "
            "The confidence and margin fields are then relative, not probabilities."
        )
        return "decision function"
    raise InvalidInputError(
        f"The model ({type(predictor).__name__}) gives neither class probabilities nor "
        "decision scores, so how sure it is of each pixel cannot be measured. Train a model "
        "that gives probabilities (random forest, for instance) to get suggestions."
    )


# --------------------------------------------------------------------------- distances


@dataclass(frozen=True)
class _Metric:
    """The minimum distance in map units and the pixel's width and height on the ground."""

    distance: float
    xres: float
    yres: float

    def near(self, rows: Any, cols: Any, row: Any, col: Any) -> npt.NDArray[np.bool_]:
        """Tell which pixel centres ``rows, cols`` are nearer than the distance to ``row, col``.

        Pixel rows and columns of one grid (numbers or arrays that broadcast).
        """
        dy = (rows - row).astype(np.float64) * self.yres
        dx = (cols - col).astype(np.float64) * self.xres
        return np.asarray(dx * dx + dy * dy < self.distance * self.distance)


def _metric(transform: Any, opts: SuggestOptions) -> _Metric:
    xres = math.hypot(transform.a, transform.d)
    yres = math.hypot(transform.b, transform.e)
    distance = opts.min_distance * xres if opts.distance_in_pixels else opts.min_distance
    return _Metric(float(distance), xres, yres)


@dataclass(frozen=True)
class _Labels:
    """Existing labels on the region's grid: what they rule out, block by block.

    Single points (and a representative point of each polygon) as coordinates; the other
    geometries as shapely shapes with their bounds, whether each is a line, and (with a
    minimum distance) their buffers a little narrower than it.
    """

    xs: npt.NDArray[np.float64]
    ys: npt.NDArray[np.float64]
    shapes: list[Any]
    bounds: npt.NDArray[np.float64]
    lines: npt.NDArray[np.bool_]
    inner: list[Any]
    distance: float

    def excluded(
        self,
        window: Any,
        rows: npt.NDArray[np.int64],
        cols: npt.NDArray[np.int64],
        transform: Any,
    ) -> npt.NDArray[np.bool_]:
        """Tell which pixels (``rows, cols`` of the region, inside ``window``) are ruled out.

        A label's own pixels (as sampling gives them), and with a minimum distance the pixels
        whose centre is nearer than it to a point, or inside a shape's narrower buffer (the
        rest of the way is measured exactly by :meth:`too_close`).
        """
        windows = require("rasterio.windows")
        height, width = int(window.height), int(window.width)
        left, bottom, right, top = windows.bounds(window, transform)
        box = (min(left, right), min(bottom, top), max(left, right), max(bottom, top))
        local = windows.transform(window, transform)
        burned = self._burn(box, local, (height, width))
        near = _inside(self.xs, self.ys, box, self.distance)
        r, c = world_to_pixel(self.xs[near], self.ys[near], local)
        inside = (r >= 0) & (r < height) & (c >= 0) & (c < width)
        burned[r[inside], c[inside]] = True
        out = burned[rows - int(window.row_off), cols - int(window.col_off)]
        if self.distance > 0 and near.any():
            spatial = require("scipy.spatial")
            tree = spatial.cKDTree(np.column_stack([self.xs[near], self.ys[near]]))
            centres = np.column_stack(pixel_centres(rows, cols, transform))
            gap, _ = tree.query(centres, distance_upper_bound=self.distance)
            out |= gap < self.distance
        return np.asarray(out)

    def _burn(
        self, box: tuple[float, float, float, float], transform: Any, shape: tuple[int, int]
    ) -> npt.NDArray[np.bool_]:
        """Rasterize the shapes near ``box``: lines all touched, and the narrower buffers."""
        burned = np.zeros(shape, dtype=bool)
        if not self.shapes:
            return burned
        pad = self.distance
        near = np.flatnonzero(
            (self.bounds[:, 0] <= box[2] + pad)
            & (self.bounds[:, 2] >= box[0] - pad)
            & (self.bounds[:, 1] <= box[3] + pad)
            & (self.bounds[:, 3] >= box[1] - pad)
        )
        if not near.size:
            return burned
        features = require("rasterio.features")
        groups = (
            ([self.shapes[i] for i in near if not self.lines[i]], False),
            ([self.shapes[i] for i in near if self.lines[i]], True),
            ([self.inner[i] for i in near if self.inner], False),
        )
        for shapes, touched in groups:
            shapes = [g for g in shapes if not g.is_empty]
            if shapes:
                burned |= features.rasterize(
                    [(g, 1) for g in shapes],
                    out_shape=shape,
                    transform=transform,
                    all_touched=touched,
                    dtype="uint8",
                ).astype(bool)
        return burned

    def too_close(self, x: float, y: float) -> bool:
        """Tell whether ``x, y`` is nearer than the minimum distance to a shape (exactly)."""
        if self.distance <= 0 or not self.shapes:
            return False
        d = self.distance
        near = np.flatnonzero(
            (self.bounds[:, 0] <= x + d)
            & (self.bounds[:, 2] >= x - d)
            & (self.bounds[:, 1] <= y + d)
            & (self.bounds[:, 3] >= y - d)
        )
        if not near.size:
            return False
        point = require("shapely.geometry").Point(x, y)
        return any(self.shapes[i].distance(point) < d for i in near)


def _inside(
    xs: npt.NDArray[np.float64],
    ys: npt.NDArray[np.float64],
    box: tuple[float, float, float, float],
    pad: float,
) -> npt.NDArray[np.bool_]:
    return np.asarray(
        (xs >= box[0] - pad) & (xs <= box[2] + pad) & (ys >= box[1] - pad) & (ys <= box[3] + pad)
    )


def _read_labels(
    ref: tuple[str | None, str | None], crs_wkt: str | None, distance: float, progress: Progress
) -> _Labels | None:
    """Read the existing labels in the rasters' CRS (reprojected, and the log says so)."""
    path, layer = ref
    if path is None:
        return None
    geometry = read_geometries(path, layer=layer, what="labels layer")
    if geometry.crs_wkt and crs_wkt and not geometry.same_crs(crs_wkt):
        progress.log("The labels are in another CRS than the rasters: reprojected.")
    geometry = geometry.in_crs(crs_wkt or "")
    finite = np.isfinite(geometry.xs) & np.isfinite(geometry.ys)
    shapes = [g for g in geometry.shapes if g is not None and not g.is_empty]
    polygons = [g for g in shapes if g.geom_type.endswith("Polygon")]
    centres = [g.representative_point() for g in polygons]
    xs = np.concatenate([geometry.xs[finite], [p.x for p in centres]])
    ys = np.concatenate([geometry.ys[finite], [p.y for p in centres]])
    progress.log(
        f"{len(xs) - len(centres) + len(shapes)} existing labels: their pixels are not "
        + (
            f"suggested, nor any pixel nearer than {distance:g} map units."
            if distance
            else "suggested."
        )
    )
    return _Labels(
        xs.astype(np.float64),
        ys.astype(np.float64),
        shapes,
        np.array([g.bounds for g in shapes], dtype=np.float64).reshape(-1, 4),
        np.array([g.geom_type.endswith("LineString") for g in shapes], dtype=bool),
        [g.buffer(_INNER * distance) for g in shapes] if distance > 0 else [],
        distance,
    )


# --------------------------------------------------------------------------- the pass


@dataclass
class _Found:
    """What the pass found: candidates per predicted column, and what the output needs."""

    pools: dict[int, npt.NDArray[Any]]
    possible: int
    blocks: int
    source: str
    metric: _Metric
    labels: _Labels | None
    transform: Any
    crs: Any
    #: class code, name and value in the class field, per column of the probabilities
    codes: list[int]
    names: list[str]
    values: list[Any]
    class_field: str
    label_type: str
    manifest: Any

    def near_label(self, row: int, col: int) -> bool:
        """Tell whether a pixel's centre is nearer than the distance to a label's shape."""
        if self.labels is None or not self.labels.shapes or self.metric.distance <= 0:
            return False
        x, y = pixel_centres(np.array([row]), np.array([col]), self.transform)
        return self.labels.too_close(float(x[0]), float(y[0]))


class _Collector:
    """Receives the scored blocks in order (main thread) and keeps a bounded candidate set.

    Each block hands on at most ``count`` candidates per predicted class (with a minimum
    distance, taken greedily within the block as the final choice takes them), and each class
    keeps its best ``count`` (with a minimum distance, :data:`KEPT_FACTOR` times as many).
    """

    def __init__(self, plan: _Plan, width: int, opts: SuggestOptions, found: _Found) -> None:
        self.plan, self.width, self.opts, self.found = plan, width, opts, found
        self.per_block = opts.count
        self.kept = opts.count * (KEPT_FACTOR if found.metric.distance > 0 else 1)

    def add(self, item: _Pending) -> None:
        """Take one block's scores: its eligible pixels' best candidates join the pools."""
        window, future, _ = item
        result = future.result()
        if "index" not in result or not result["index"].size:
            return
        candidates = self._candidates(window, result)
        by_class = {
            int(c): self._contenders(candidates[candidates["best"] == c], int(c))
            for c in np.unique(candidates["best"])
        }
        by_class = {c: ranked for c, ranked in by_class.items() if ranked.size}
        if by_class and self.found.metric.distance > 0:
            room = _BlockRoom(window, self.found.metric)
            caps = (self.per_block, self.per_block * len(by_class))
            taken = [t for _, t in _greedy(by_class, caps, self.opts.balance, room, self.found)]
            chosen = np.array(taken, dtype=_CANDIDATE)
            by_class = {c: chosen[chosen["best"] == c] for c in by_class}
        for column, top in by_class.items():
            pool = self.found.pools.get(column)
            merged = top if pool is None else _ranked(np.concatenate([pool, top]))
            self.found.pools[column] = merged[: self.kept]

    def _candidates(self, window: Any, result: dict[str, npt.NDArray[Any]]) -> npt.NDArray[Any]:
        """Return the block's eligible pixels as candidates (and count them as possible)."""
        index, width = result["index"], int(window.width)
        rows = index // width + int(window.row_off)
        cols = index % width + int(window.col_off)
        region, labels = self.plan.region, self.found.labels
        keep: npt.NDArray[np.bool_] = np.ones(index.size, dtype=bool)
        if labels is not None:
            keep = ~labels.excluded(window, rows, cols, region.transform)
        self.found.possible += int(keep.sum())
        candidates = np.zeros(int(keep.sum()), dtype=_CANDIDATE)
        candidates["row"], candidates["col"] = rows[keep], cols[keep]
        for name in ("score", "best", "p1", "p2"):
            candidates[name] = result[name][keep]
        candidates["key"] = tie_keys(
            rows[keep] + region.row_off, cols[keep] + region.col_off, self.width, self.opts.seed
        )
        return candidates

    def _contenders(self, mine: npt.NDArray[Any], column: int) -> npt.NDArray[Any]:
        """Return a class's candidates of a block that may still enter its pool, ranked.

        Once the pool is full, only those ranked before its last; without a minimum distance,
        only the first ``count``.
        """
        pool = self.found.pools.get(column)
        if pool is not None and pool.size >= self.kept:
            last = pool[-1]
            mine = mine[
                (mine["score"] > last["score"])
                | ((mine["score"] == last["score"]) & (mine["key"] < last["key"]))
            ]
        if self.found.metric.distance <= 0 and mine.size > self.per_block:
            cut = mine.size - self.per_block
            mine = mine[mine["score"] >= np.partition(mine["score"], cut)[cut]]
            return _ranked(mine)[: self.per_block]
        return _ranked(mine)


def _ranked(candidates: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Return candidates most uncertain first (ties: the smaller random key first)."""
    ranked: npt.NDArray[Any] = candidates[np.lexsort((candidates["key"], -candidates["score"]))]
    return ranked


class _BlockRoom:
    """Where a suggestion still fits in one block: a raster of the pixels taken ones rule out."""

    def __init__(self, window: Any, metric: _Metric) -> None:
        self.metric = metric
        self.row0, self.col0 = int(window.row_off), int(window.col_off)
        shape = (int(window.height), int(window.width))
        self.blocked = np.zeros(shape, dtype=bool) if metric.distance > 0 else None

    def free(
        self, rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.bool_]:
        """Tell which pixels (region rows and columns in the block) are far enough."""
        if self.blocked is None:
            return np.ones(rows.size, dtype=bool)
        return np.asarray(~self.blocked[rows - self.row0, cols - self.col0])

    def take(self, row: int, col: int) -> None:
        """Rule out the pixels nearer than the distance to ``row, col``."""
        if self.blocked is None:
            return
        metric = self.metric
        r, c = row - self.row0, col - self.col0
        reach_r = int(math.ceil(metric.distance / metric.yres)) if metric.yres else 0
        reach_c = int(math.ceil(metric.distance / metric.xres)) if metric.xres else 0
        r0, r1 = max(r - reach_r, 0), min(r + reach_r + 1, self.blocked.shape[0])
        c0, c1 = max(c - reach_c, 0), min(c + reach_c + 1, self.blocked.shape[1])
        rr, cc = np.arange(r0, r1)[:, None], np.arange(c0, c1)[None, :]
        self.blocked[r0:r1, c0:c1] |= metric.near(rr, cc, r, c)


class _ListRoom:
    """Where a suggestion still fits among those taken anywhere (a short list)."""

    def __init__(self, metric: _Metric) -> None:
        self.metric = metric
        self.rows: list[int] = []
        self.cols: list[int] = []

    def free(
        self, rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.bool_]:
        """Tell which pixels are far enough from every suggestion taken."""
        if self.metric.distance <= 0 or not self.rows:
            return np.ones(rows.size, dtype=bool)
        taken_rows, taken_cols = np.array(self.rows)[None, :], np.array(self.cols)[None, :]
        near = self.metric.near(rows[:, None], cols[:, None], taken_rows, taken_cols)
        return np.asarray(~near.any(axis=1))

    def take(self, row: int, col: int) -> None:
        """Add a suggestion."""
        self.rows.append(row)
        self.cols.append(col)


_Room = _BlockRoom | _ListRoom


def _next(
    ranked: npt.NDArray[Any],
    pos: int,
    room: _Room,
    found: _Found,
    allowed: npt.NDArray[np.int64] | None = None,
) -> int | None:
    """Return the index of the first candidate from ``pos`` on that fits (None: none).

    It fits when the room has space for it and it is far enough from the labels' shapes
    (measured exactly). With ``allowed`` (suggestions still allowed per class), only a
    candidate of a class that may take more.
    """
    while pos < ranked.size:
        chunk = ranked[pos : pos + _CHUNK]
        fits = room.free(chunk["row"], chunk["col"])
        if allowed is not None:
            fits &= allowed[chunk["best"]] > 0
        for j in map(int, np.flatnonzero(fits)):
            if not found.near_label(int(chunk["row"][j]), int(chunk["col"][j])):
                return pos + j
        pos += chunk.size
    return None


def _greedy(
    pools: dict[int, npt.NDArray[Any]],
    caps: tuple[int, int],
    balance: bool,
    room: _Room,
    found: _Found,
) -> list[tuple[int, Any]]:
    """Take candidates greedily: (turn, candidate) in the order taken.

    ``pools`` are the ranked candidates of each predicted column; ``caps`` the most taken per
    class and in all. With ``balance`` each class first takes its most uncertain candidate that
    fits, in column order (turn 0), so that every predicted class gets a suggestion; then, as
    without balance, one ranking of all takes the rest (turn 1).
    """
    per_class, total = caps
    taken: list[tuple[int, Any]] = []
    allowed = np.full(len(found.codes), per_class, dtype=np.int64)
    if not balance:
        ranked, pos = _ranked(np.concatenate(list(pools.values()))), 0
        while len(taken) < total:
            i = _next(ranked, pos, room, found, allowed)
            if i is None:
                break
            taken.append((0, ranked[i]))
            room.take(int(ranked[i]["row"]), int(ranked[i]["col"]))
            allowed[ranked[i]["best"]] -= 1
            pos = i + 1
        return taken
    for column in sorted(pools):  # turn 0: each class its most uncertain candidate that fits
        i = _next(pools[column], 0, room, found) if len(taken) < total else None
        if i is not None:
            taken.append((0, pools[column][i]))
            room.take(int(pools[column][i]["row"]), int(pools[column][i]["col"]))
            allowed[column] -= 1
    chosen = {(int(c["row"]), int(c["col"])) for _, c in taken}
    ranked = _ranked(np.concatenate(list(pools.values())))
    ranked = ranked[[(int(r), int(c)) not in chosen for r, c in zip(ranked["row"], ranked["col"])]]
    pos = 0
    while len(taken) < total:  # then one ranking of all
        i = _next(ranked, pos, room, found, allowed)
        if i is None:
            break
        taken.append((1, ranked[i]))
        room.take(int(ranked[i]["row"]), int(ranked[i]["col"]))
        allowed[ranked[i]["best"]] -= 1
        pos = i + 1
    return taken


def _scan(
    rasters: Sequence[str | os.PathLike[str]],
    model: str | os.PathLike[str] | Model,
    opts: SuggestOptions,
    where: _Where,
    progress: Progress,
) -> _Found:
    """Predict every block once and keep the best candidates per predicted class."""
    loaded = model if isinstance(model, Model) else load_for_prediction(model, progress=progress)
    if getattr(loaded.estimator, "halo", 0):
        raise InvalidInputError(
            "lulc:suggest does not score convolutional networks yet: classify with lulc:predict "
            "and its confidence layer, and label where the confidence is low."
        )
    source = _source(loaded.predictor, progress)
    if loaded.estimator is not None:
        _single_threaded(loaded.estimator)
    manifest = loaded.manifest
    if manifest.object_based:
        raise ModelMismatchError(
            "This model classifies segments (object-based), and suggestions rank pixels: "
            "suggest with a model trained without a segment raster."
        )
    run = PredictionOptions(
        max_memory_mb=opts.max_memory_mb,
        threads=opts.n_threads,
        extent=where.extent,
        mask_path=where.mask[0],
        mask_layer=where.mask[1],
        distance_layers=list(opts.distance_layers),
    )
    with open_stack(
        [str(p) for p in rasters],
        resampling=manifest.resampling,
        nodata=manifest.nodata,
        recipe=run_recipe(manifest.recipe, run.distance_layers),
    ) as stack:
        if isinstance(stack, FeatureStack):
            stack.stop_when(progress.cancelled)
        _check_stack(loaded, stack, progress)
        plan = _plan(loaded, stack, run, progress)
        metric = _metric(plan.region.transform, opts)
        labels = _read_labels(where.labels, stack.grid.crs_wkt, metric.distance, progress)
        found = _found(loaded, plan, metric, labels, source)
        found.crs = stack.crs
        collector = _Collector(plan, stack.width, opts, found)
        block = functools.partial(score_block, strategy=opts.strategy)
        with ThreadPoolExecutor(max_workers=plan.threads) as pool:
            _stream(stack, plan, pool, collector.add, [], run, progress, block)
    return found


def _found(
    loaded: Model, plan: _Plan, metric: _Metric, labels: _Labels | None, source: str
) -> _Found:
    """Return the empty result of a pass: the classes in the probabilities' order."""
    manifest = loaded.manifest
    by_code = {c.code: c.name for c in plan.legend}
    codes = [int(c) for c in plan.codes]
    names = [by_code.get(c, f"Class {c}") for c in codes]
    label_type = manifest.label_type or "integer"
    # A text class's value is recorded since 0.9 (a renamed class's name differs from it);
    # older models have only the name.
    text_values = manifest.class_values or {}
    values: list[Any] = (
        [text_values.get(str(c), n) for c, n in zip(codes, names)]
        if label_type == "text"
        else list(codes)
    )
    return _Found(
        {},
        0,
        len(plan.windows),
        source,
        metric,
        labels,
        plan.region.transform,
        None,
        codes,
        names,
        values,
        manifest.class_field or "class",
        label_type,
        manifest,
    )


# --------------------------------------------------------------------------- selection


def _select(found: _Found, opts: SuggestOptions) -> npt.NDArray[Any]:
    """Choose the suggestions from the pools, in rank order.

    With ``balance``, one per class first (most uncertain first), then the rest by
    uncertainty; else by uncertainty.
    """
    pools = {c: p for c, p in found.pools.items() if p.size}
    if not pools:
        return np.zeros(0, dtype=_CANDIDATE)
    room = _ListRoom(found.metric)
    taken = _greedy(pools, (opts.count, opts.count), opts.balance, room, found)
    chosen = np.array([t for _, t in taken], dtype=_CANDIDATE)
    turns = np.array([turn for turn, _ in taken])
    ranked: npt.NDArray[Any] = chosen[np.lexsort((chosen["key"], -chosen["score"], turns))]
    return ranked


def _report(
    found: _Found, chosen: npt.NDArray[Any], opts: SuggestOptions, progress: Progress
) -> None:
    """Log what was chosen; warn when fewer than asked, saying why; refuse when none."""
    if not chosen.size:
        raise InvalidInputError(
            "No pixel can be suggested: every pixel is nodata, outside the extent or mask, or "
            "already labelled. Check the rasters, the extent, the mask and the labels layer."
        )
    names = [found.names[int(b)] for b in chosen["best"]]
    progress.log(
        f"{chosen.size} suggestions ({opts.strategy}, {found.possible} possible pixels): "
        + ", ".join(f"{name}: {names.count(name)}" for name in dict.fromkeys(names))
    )
    if opts.balance:
        missing = [n for i, n in enumerate(found.names) if i not in found.pools]
        if missing:
            progress.log(
                f"No pixel is predicted as {', '.join(missing)}: no suggestion for that class."
            )
    if chosen.size < opts.count:
        if found.possible < opts.count:
            why = (
                f"only {found.possible} pixels are valid (not nodata, inside the extent and "
                "mask, not labelled already)"
            )
        else:
            why = (
                f"the minimum distance of {found.metric.distance:g} map units between "
                "suggestions and from the labels leaves no room for more; lower it for more"
            )
        progress.warning(f"{chosen.size} suggestions were possible of {opts.count} asked: {why}.")


# --------------------------------------------------------------------------- output


def _write(path: Any, found: _Found, chosen: npt.NDArray[Any], opts: SuggestOptions) -> None:
    """Write the suggestions as the GeoPackage layer ``suggestions``, in rank order."""
    pandas = require("pandas")
    gpd = require("geopandas")
    n = int(chosen.size)
    xs, ys = pixel_centres(chosen["row"], chosen["col"], found.transform)
    columns = _field_names(found.class_field)
    empty: Any = (
        pandas.Series([None] * n, dtype=object)
        if found.label_type == "text"
        else pandas.array([None] * n, dtype="Int64")
    )
    predicted = [found.values[int(b)] for b in chosen["best"]]
    table = gpd.GeoDataFrame(
        {
            found.class_field: empty,
            columns["predicted"]: pandas.Series(
                predicted, dtype=object if found.label_type == "text" else np.int64
            ),
            columns["predicted_name"]: [found.names[int(b)] for b in chosen["best"]],
            columns["confidence"]: chosen["p1"].astype(np.float64),
            columns["margin"]: (chosen["p1"] - chosen["p2"]).astype(np.float64),
            columns["uncertainty"]: chosen["score"].astype(np.float64),
            columns["rank"]: np.arange(1, n + 1, dtype=np.int64),
        },
        geometry=vector_io.points(np.asarray(xs), np.asarray(ys)),
        crs=found.crs,
    )
    how = {
        "strategy": opts.strategy,
        "count": opts.count,
        "min_distance": found.metric.distance,
        "balance": opts.balance,
        "seed": opts.seed,
        "source": found.source,
        "model_id": found.manifest.model_id,
        "class_field": found.class_field,
    }
    vector_io.write_gpkg(table, path, LAYER, {TAG: json.dumps(how)})


def _field_names(class_field: str) -> dict[str, str]:
    """Return our fields' names: ``suggested_`` before one that is the class field's name."""
    taken = class_field.lower()
    return {name: f"suggested_{name}" if name == taken else name for name in FIELDS}


__all__ = [
    "FIELDS",
    "LAYER",
    "STRATEGIES",
    "SuggestOptions",
    "SuggestResult",
    "score_block",
    "suggest_labels",
    "tie_keys",
    "uncertainty",
]
