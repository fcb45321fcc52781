"""Training: fit a classifier on a sample table, measure it honestly, save the model.

Accuracy comes from samples the model did not see: a stratified hold-out, k-fold, or spatial
cross-validation (whole label features or map blocks per fold). With a spatial scheme, random
k-fold figures are computed too, so the report shows how optimistic random splits are. The
model is then refitted on all samples.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .assessment.accuracy import AccuracyReport, Importance, evaluate
from .assessment.cross_validation import (
    SCHEME_NAMES,
    SCHEMES,
    Outcome,
    Split,
    block_groups,
    class_folds,
    evaluate_splits,
    holdout_split,
    kfold_splits,
)
from .assessment.intervals import overlap
from .assessment.learning import extend_history, history_entry, learning_text
from .assessment.report import write_confusion_table, write_html_report
from .deps import require
from .errors import InvalidInputError, check_choice
from .files import OutputSet, output_transaction
from .i18n import Report, translated
from .legend import ClassInfo, legend_to_json
from .model.cnn import check_enough
from .model.estimators import (
    PATCH_MODELS,
    check_available,
    check_hyperparameters,
    make_estimator,
    search_space,
    spec_for,
)
from .model.manifest import ModelManifest
from .model.model_file import Model, read_manifest, save_model
from .model.patch_model import load_patch_model, save_patch_model
from .patch_training import network_note, patch_matrix, patch_validation
from .patches import patch_definition
from .progress import NullProgress, Progress, SubProgress, check_cancel
from .sample_table import load_samples, read_sampling_metadata
from .segment_samples import object_based_fields
from .training_data import (
    class_values,
    encode_classes,
    feature_columns,
    prepare_table,
    stack_definition,
)

__all__ = [
    "SampleSource",
    "TrainingFiles",
    "TrainingOptions",
    "TrainingResult",
    "encode_classes",
    "feature_columns",
    "holdout_split",
    "load_samples",
    "plan_training",
    "train_classifier",
]


@dataclass(frozen=True)
class TrainingOptions:
    """Which model to fit, and how to validate and tune it; checked on creation.

    Parameters
    ----------
    algorithm
        Key of :data:`~.model.estimators.REGISTRY`.
    validation
        One of :data:`~.assessment.cross_validation.SCHEMES`.
    test_fraction
        Share of each class held out (hold-out scheme), between 0 and 1 (exclusive).
    folds
        Folds of the cross-validation schemes (at least 2).
    block_size
        Side of the spatial blocks, in the samples' map units (``spatial_blocks``: above 0).
    balanced
        Weight classes inversely to their frequency, where the model supports it.
    hyperparameters
        User values by name (see :data:`~.model.estimators.HYPERPARAMETERS`); None: default.
    search_iterations
        Candidates of a randomized hyperparameter search (0: no search). The search runs
        inside each training part, scored by macro F1 with the same kind of folds.
    legend
        Names and colours the user chose, by class value (:func:`~.user_legend.user_legend`):
        they replace the labels' and the defaults for the classes they name.
    seed
        Random seed of the splits, the search and the model.
    n_jobs
        Threads for estimators that use them (-1: all cores). Never processes.

    Raises
    ------
    InvalidInputError
        On an unknown algorithm or scheme, a value out of range, or a hyperparameter of the
        wrong type or bounds for the algorithm, before any file is read.
    """

    validation: str = "holdout"
    test_fraction: float = 0.3
    folds: int = 5
    block_size: float = 0.0
    balanced: bool = False
    hyperparameters: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    search_iterations: int = 0
    legend: Sequence[Mapping[str, Any]] = ()
    algorithm: str = "random_forest"
    seed: int = 42
    n_jobs: int = -1

    def __post_init__(self) -> None:
        """Check the options (see Raises), before any file is read."""
        check_choice(
            self.validation,
            SCHEMES,
            f"Unknown validation '{self.validation}'; choose one of: {', '.join(SCHEMES)}.",
        )
        if not 0.0 < self.test_fraction < 1.0:
            raise InvalidInputError(
                f"The test fraction must be between 0 and 1 (exclusive), not {self.test_fraction}."
            )
        if self.folds < 2:
            raise InvalidInputError(f"Cross-validation needs at least 2 folds, not {self.folds}.")
        if self.validation == "spatial_blocks" and not self.block_size > 0:
            raise InvalidInputError(
                "Spatial blocks need a block size greater than 0 (BLOCK_SIZE, in the samples' "
                "map units, e.g. 1000 for 1 km in a metric CRS)."
            )
        spec = spec_for(self.algorithm)
        check_hyperparameters(self.algorithm, self.hyperparameters)
        if self.search_iterations and not search_space(self.algorithm):
            raise InvalidInputError(f"{spec.label} has no hyperparameters to search.")


@dataclass(frozen=True)
class TrainingResult:
    """A trained, saved model and its out-of-sample accuracy.

    Parameters
    ----------
    model_path, report_path
        The model file written and the HTML report (None if not asked for).
    accuracy
        The out-of-sample accuracy (:class:`~.assessment.accuracy.AccuracyReport`): overall
        accuracy, kappa and F1 with 95 % intervals, per-class scores, confusion matrix.
    legend
        Class codes, names and colours.
    band_names
        The features (bands) the model takes, in order.
    n_samples
        Samples the final model was fitted on.
    class_values
        The class field's value of each class code.
    model
        The fitted model (estimator refitted on all samples, and the manifest written with
        it): predict with it without reading the file again.
    """

    model_path: str
    report_path: str | None
    accuracy: AccuracyReport
    legend: list[ClassInfo]
    band_names: list[str]
    n_samples: int
    class_values: dict[int, object] = dataclasses.field(default_factory=dict)
    model: Model | None = None


@dataclass(frozen=True)
class SampleSource:
    """The sample table to train on, its class field, and what travels with it.

    Parameters
    ----------
    table
        A sample table (DataFrame / GeoDataFrame) or the path of one (GeoPackage, CSV...).
    class_field
        Integer or text class field.
    layer
        Layer of a multi-layer sample file.
    crs_wkt
        CRS recorded in the model when the table has none.
    metadata
        The sampling definition (stack, class names and colours); read from the sample file
        when ``table`` is a path and this is None.
    patches
        The samples' patches by ``patch_id`` (:attr:`~.samples.SamplingResult.patches`), for
        the convolutional network; read from the sample file when ``table`` is a path.
    """

    table: Any
    class_field: str
    layer: str | None = None
    crs_wkt: str | None = None
    metadata: dict[str, Any] | None = None
    patches: npt.NDArray[np.float32] | None = None


@dataclass(frozen=True)
class TrainingFiles:
    """Where training writes: the model file and, optionally, the accuracy files.

    Parameters
    ----------
    model_path
        Where to write the ``.lulcmodel`` file.
    report_path, metrics_path, confusion_path
        Optional HTML report, JSON metrics and CSV confusion matrix.
    previous_model
        The model this training retrains (read only, never overwritten): its learning
        history is carried into the new model, which adds its own entry
        (:mod:`.assessment.learning`).
    """

    model_path: str | os.PathLike[str]
    report_path: str | os.PathLike[str] | None = None
    metrics_path: str | os.PathLike[str] | None = None
    confusion_path: str | os.PathLike[str] | None = None
    previous_model: str | os.PathLike[str] | None = None


def train_classifier(
    samples: SampleSource,
    files: TrainingFiles,
    *,
    options: TrainingOptions | None = None,
    progress: Progress | None = None,
    outputs: OutputSet | None = None,
) -> TrainingResult:
    """Train a classifier, measure it on unseen samples, refit on all samples, save it.

    Parameters
    ----------
    samples
        The sample table (or its path) and its class field (:class:`SampleSource`).
    files
        The model file and the optional report, metrics and confusion matrix
        (:class:`TrainingFiles`).
    options
        Algorithm, validation, class weights, hyperparameters, seed and threads
        (:class:`TrainingOptions`, checked when it is made).
    progress
        Progress and cancel callback.
    outputs
        The run's :class:`~.files.OutputSet` when training is part of a larger run (which
        commits it); None: the model and its report appear together when training ends.

    Returns
    -------
    TrainingResult
        The saved model's paths, its out-of-sample accuracy and its classes.

    Raises
    ------
    InvalidInputError
        On a missing class field, no features, fewer than two classes, or too few samples or
        groups per class for the folds.
    OutputError
        If an output cannot be written, or would overwrite the samples or another output
        (checked before training).
    """
    given = samples.table if isinstance(samples.table, (str, os.PathLike)) else None
    progress = progress or NullProgress()
    opts = options or TrainingOptions()
    check_available(opts.algorithm)  # a missing package said before any work
    inputs = [given, files.previous_model]
    with output_transaction(outputs, inputs, progress.cancelled) as staged:
        plan_training(staged, files)
        return _train_and_save(samples, files, opts, staged, progress)


def plan_training(outputs: OutputSet, files: TrainingFiles) -> None:
    """Add the outputs of a training run to ``outputs``: model, report, metrics, matrix."""
    outputs.add(files.model_path, "model file")
    for path, what in (
        (files.report_path, "accuracy report"),
        (files.metrics_path, "metrics file"),
        (files.confusion_path, "confusion matrix"),
    ):
        if path is not None:
            outputs.add(path, what)


@dataclass(frozen=True)
class _Samples:
    """The sample table read and encoded for training."""

    table: Any
    class_field: str
    features: list[str]
    x: npt.NDArray[Any]  # features; a patch network's flattened patches (float32)
    codes: npt.NDArray[np.int64]
    legend: list[ClassInfo]
    label_type: str
    metadata: dict[str, Any]
    crs_wkt: str | None
    #: patch models: (patch size, bands); ``x`` holds the flattened patches
    patch: tuple[int, int] | None = None

    @property
    def names(self) -> dict[int, str]:
        """Class names by code."""
        return {c.code: c.name for c in self.legend}


def _train_and_save(
    samples: SampleSource,
    files: TrainingFiles,
    opts: TrainingOptions,
    staged: OutputSet,
    progress: Progress,
) -> TrainingResult:
    """Run :func:`train_classifier`, writing to the temporary paths of ``staged``."""
    previous = _previous_history(files.previous_model)
    data = _prepare(samples, opts, progress)
    segments = object_based_fields(data.metadata, data.features, int(data.codes.size), progress)
    stack = (
        dict(data.metadata.get("stack") or {})
        if segments  # the stack the segment features come from, matched at prediction
        else stack_definition(data.metadata.get("stack"), data.features, progress)
    )
    params = _hyperparameters(opts.algorithm, opts, progress)
    opts = patch_validation(opts, data.table, data.patch is not None, progress)
    fit = _fitter(params, opts, data)
    joblib = require("joblib")
    # Inside QGIS sys.executable is not Python: joblib must never start processes.
    with joblib.parallel_backend("threading", n_jobs=opts.n_jobs):
        accuracy, groups = _evaluate(fit, data, opts, progress)
        check_cancel(progress)
        final = fit(np.arange(data.codes.size), groups)
        selected = dict(getattr(final, "best_params_", {}))
        final = getattr(final, "best_estimator_", final)
    check_cancel(progress)
    progress.report(0.75)
    manifest = _manifest(opts, params, data, accuracy)
    manifest["stack"] = stack
    manifest.update(segments)
    manifest["learning_history"] = _learning_history(previous, manifest, data, progress)
    values = class_values(data.table[data.class_field], data.class_field)
    if data.label_type == "text":  # the names may be renamed, the values stay
        manifest["class_values"] = {str(code): str(value) for code, value in values.items()}
    if selected:
        manifest["selected_hyperparameters"] = {k: _plain(v) for k, v in selected.items()}
        progress.log(f"Hyperparameters chosen by the search: {selected}")
    saved = _save(manifest, accuracy, final, (data.x, data.codes), files, staged, progress)
    return TrainingResult(
        str(files.model_path),
        str(files.report_path) if files.report_path else None,
        accuracy,
        data.legend,
        data.features,
        int(data.codes.size),
        values,
        # a network predicts through the graph just written, as it will from the file
        load_patch_model(staged.staged(files.model_path), saved)
        if data.patch is not None
        else Model(final, saved),
    )


def _prepare(samples: SampleSource, opts: TrainingOptions, progress: Progress) -> _Samples:
    """Read the sample table (when ``samples.table`` is a path) and encode its classes."""
    metadata, class_field = samples.metadata, samples.class_field
    if isinstance(samples.table, (str, os.PathLike)):
        table = load_samples(samples.table, layer=samples.layer)
        if metadata is None:
            metadata = read_sampling_metadata(samples.table, samples.layer)
    else:
        table = samples.table
    metadata = metadata or {}
    crs_wkt = samples.crs_wkt
    if crs_wkt is None and getattr(table, "crs", None) is not None:
        crs_wkt = table.crs.to_wkt()
    table, features = prepare_table(table, class_field, progress)
    codes, legend, label_type = encode_classes(
        table[class_field], class_field, metadata.get("classes", ()), opts.legend
    )
    if len(legend) < 2:
        raise InvalidInputError(
            f"The samples have 1 class ({legend[0].name}); at least 2 are needed: add samples "
            "of another class or choose another class field."
        )
    if opts.algorithm in PATCH_MODELS:
        x, patch = patch_matrix(samples, table, metadata, features), patch_definition(metadata)
        check_enough(codes, {c.code: c.name for c in legend})
    else:
        x, patch = table[features].to_numpy(dtype=np.float64), None
    return _Samples(
        table, class_field, features, x, codes, legend, label_type, metadata, crs_wkt, patch
    )


def _evaluate(
    fit: Callable[[npt.NDArray[np.int64], npt.NDArray[np.int64] | None], Any],
    data: _Samples,
    opts: TrainingOptions,
    progress: Progress,
) -> tuple[AccuracyReport, npt.NDArray[np.int64] | None]:
    """Measure the accuracy on the samples each fold's model did not see.

    Returns
    -------
    tuple
        The accuracy (with, for a spatial scheme, the random k-fold figures beside it) and
        the spatial groups of the samples (None without).
    """
    scheme = _splits(data, opts)
    _log_start(data, opts, scheme, progress)
    outcome = evaluate_splits(
        lambda train: fit(train, scheme.groups),
        data.x,
        data.codes,
        scheme.splits,
        seed=opts.seed,
        progress=SubProgress(progress, 0.0, 0.5),
        importance=data.patch is None,
    )
    accuracy = _report(outcome, data.legend, data.features, opts, scheme)
    if data.patch is not None:  # no permutation importance of a network's patch pixels
        accuracy = dataclasses.replace(accuracy, importance=[])
    if opts.validation.startswith("spatial") and data.patch is None:
        accuracy = _compare(accuracy, fit, data, opts, SubProgress(progress, 0.5, 0.65))
    _log(accuracy, progress)
    return accuracy, scheme.groups


def _log_start(data: _Samples, opts: TrainingOptions, scheme: _Scheme, progress: Progress) -> None:
    """Log what is trained on and how the folds adapted to rare classes.

    Warn of the classes left out of the evaluation.
    """
    progress.log(
        f"Training {spec_for(opts.algorithm).label} on {len(data.features)} features "
        f"({', '.join(data.features)}), {len(data.legend)} classes, {data.codes.size} samples; "
        f"validation: {SCHEME_NAMES[opts.validation]}."
    )
    folds = len(scheme.splits)
    if scheme.class_folds and folds < opts.folds:
        most = max(scheme.units.values())
        reason = (
            f"no class has more than {most} {scheme.unit}"
            if most < opts.folds
            else "the other folds had no sample to test"
        )
        progress.log(f"Used {folds} folds instead of {opts.folds}: {reason}.")
    fewer = [
        f"{name} ({scheme.units[name]} {scheme.unit}: {count} of {folds} folds)"
        for name, count in scheme.class_folds.items()
        if 0 < count < folds
    ]
    if fewer:
        progress.log(f"Classes evaluated in fewer folds: {', '.join(fewer)}.")
    if scheme.not_evaluated:
        progress.warning(
            f"Classes with too few {scheme.unit} to hold one out, used for training but not "
            f"evaluated: {', '.join(scheme.not_evaluated)}."
        )


def _save(
    manifest: dict[str, Any],
    accuracy: AccuracyReport,
    final: Any,
    training: tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]],
    files: TrainingFiles,
    staged: OutputSet,
    progress: Progress,
) -> ModelManifest:
    """Write the report, metrics and matrix, then the model, to the staged paths.

    Returns
    -------
    ModelManifest
        The model's manifest as written.
    """

    def temp(path: str | os.PathLike[str] | None) -> Path | None:
        return None if path is None else staged.staged(path)

    _write_outputs(
        accuracy,
        manifest,
        temp(files.report_path),
        temp(files.metrics_path),
        temp(files.confusion_path),
    )
    progress.report(0.8)  # saving can take seconds: the first one in a session loads skops
    if hasattr(final, "onnx_graph"):  # a network: its ONNX graph is the model
        saved = save_patch_model(staged.staged(files.model_path), final, manifest, training[0])
        progress.log(f"Network: {network_note(final)}")
        progress.report(1.0)
        return saved
    # The table travels with the model, so another scikit-learn can refit it (model_io).
    saved = save_model(staged.staged(files.model_path), final, manifest, training=training)
    progress.report(1.0)
    return saved


def _previous_history(path: str | os.PathLike[str] | None) -> list[dict[str, Any]]:
    """Return the learning history of the model a training retrains (none: empty).

    Only the model's manifest is read (checked, no estimator loaded): a model file from a
    stranger runs nothing here.
    """
    if path is None:
        return []
    return list(read_manifest(path).learning_history or [])


def _learning_history(
    previous: list[dict[str, Any]],
    manifest: Mapping[str, Any],
    data: _Samples,
    progress: Progress,
) -> list[dict[str, Any]]:
    """Return the history of the previous model with this training's entry appended."""
    table = data.table
    labels = (
        int(table["feature_id"].nunique())
        if "feature_id" in table.columns
        else int(data.codes.size)
    )
    entry = history_entry(
        manifest["metrics"],
        labels=labels,
        samples=int(data.codes.size),
        algorithm=str(manifest["algorithm"]),
    )
    history = extend_history(previous, entry)
    sentence = learning_text(history)
    if sentence:
        progress.log(sentence)
    return history


def _hyperparameters(algorithm: str, opts: TrainingOptions, progress: Progress) -> dict[str, Any]:
    """Return the hyperparameters the algorithm uses; warn of those it ignores."""
    spec = spec_for(algorithm)
    params, ignored = check_hyperparameters(algorithm, opts.hyperparameters)
    if ignored:
        progress.warning(f"Not used by {spec.label}, ignored: {', '.join(ignored)}.")
    if opts.balanced and not spec.balanced:
        progress.warning(f"{spec.label} cannot weight classes; 'balanced' was ignored.")
    return params


@dataclass(frozen=True)
class _Scheme:
    """The splits of the validation scheme and what they test.

    ``units`` counts each class's samples (or groups holding it) by name, ``unit`` says which;
    ``class_folds`` is the number of splits testing each class (cross-validation only).
    """

    splits: list[Split]
    groups: npt.NDArray[np.int64] | None
    not_evaluated: list[str]
    class_folds: dict[str, int]
    units: dict[str, int]
    unit: str


def _splits(data: _Samples, opts: TrainingOptions) -> _Scheme:
    """Return the splits of the scheme, the spatial groups (if any), how classes are tested.

    Cross-validation keeps the user's folds and tests a rare class in fewer folds
    (:func:`~.assessment.cross_validation.kfold_splits`).
    """
    table, codes, names, seed = data.table, data.codes, data.names, opts.seed
    if opts.validation == "holdout":
        train, test, skipped = holdout_split(codes, opts.test_fraction, seed)
        counts = {names[int(c)]: int(np.sum(codes == c)) for c in np.unique(codes)}
        return _Scheme(
            [Split(train, test)], None, [names[c] for c in skipped], {}, counts, "samples"
        )
    groups: npt.NDArray[np.int64] | None = None
    what = "samples"
    if opts.validation == "spatial_features":
        if "feature_id" not in table.columns:
            raise InvalidInputError(
                "Spatial cross-validation by label feature needs the 'feature_id' field that "
                "lulc:sample writes; sample the labels again, or use spatial blocks."
            )
        groups = table["feature_id"].to_numpy(dtype=np.int64)
        what = "label features"
    elif opts.validation == "spatial_blocks":
        xy = _coordinates(table)
        groups = block_groups(xy[:, 0], xy[:, 1], opts.block_size)
        what = f"blocks of {opts.block_size:g} map units"
    splits = kfold_splits(codes, opts.folds, seed, names, groups, "" if groups is None else what)
    tested = class_folds(codes, splits, names)
    units = {
        names[int(c)]: int(np.unique(groups[codes == c]).size if groups is not None else 0)
        or int(np.sum(codes == c))
        for c in np.unique(codes)
    }
    skipped_names = [name for name, count in tested.items() if count == 0]
    return _Scheme(splits, groups, skipped_names, tested, units, what)


def _coordinates(table: Any) -> npt.NDArray[np.float64]:
    """Return the samples' x and y, from their fields or their point geometry."""
    if {"x", "y"} <= set(table.columns):
        return np.asarray(table[["x", "y"]].to_numpy(dtype=np.float64))
    if getattr(table, "geometry", None) is not None and len(table):
        return np.column_stack([table.geometry.x, table.geometry.y]).astype(np.float64)
    raise InvalidInputError(
        "Spatial blocks need the samples' coordinates: an x and a y field, or point geometry."
    )


def _fitter(
    params: dict[str, Any], opts: TrainingOptions, data: _Samples
) -> Callable[[npt.NDArray[np.int64], npt.NDArray[np.int64] | None], Any]:
    """Return ``fit(rows, groups)``, which fits a model on ``rows``.

    With a search, the search is run on those rows only, with 3 inner folds of the same kind
    (grouped when ``groups`` is given).
    """
    algorithm, seed = opts.algorithm, opts.seed
    x, codes, names = data.x, data.codes, data.names

    def make() -> Any:
        estimator = make_estimator(
            algorithm, seed=seed, n_jobs=opts.n_jobs, params=params, balanced=opts.balanced
        )
        if data.patch is not None:
            estimator.set_params(patch_size=data.patch[0], bands=data.patch[1])
        return estimator

    def plain(rows: npt.NDArray[np.int64], groups: npt.NDArray[np.int64] | None) -> Any:
        return make().fit(x[rows], codes[rows])

    if not opts.search_iterations:
        return plain
    selection = require("sklearn.model_selection")
    space = search_space(algorithm)
    if not space:
        raise InvalidInputError(f"{spec_for(algorithm).label} has no hyperparameters to search.")
    candidates = int(np.prod([len(v) for v in space.values()]))

    def search(rows: npt.NDArray[np.int64], groups: npt.NDArray[np.int64] | None) -> Any:
        inner = kfold_splits(
            codes[rows],
            3,
            seed,
            names,
            None if groups is None else groups[rows],
            "samples (or groups) for the 3 inner folds of the search",
            fix="Add samples to these classes, or turn the hyperparameter search off "
            "(0 candidates).",
        )
        found = selection.RandomizedSearchCV(
            make(),
            space,
            n_iter=min(opts.search_iterations, candidates),
            cv=[(s.train, s.test) for s in inner],
            scoring="f1_macro",
            random_state=seed,
            n_jobs=1,
            refit=True,
            error_score="raise",
        )
        return found.fit(x[rows], codes[rows])

    return search


def _report(
    outcome: Outcome,
    legend: list[ClassInfo],
    features: list[str],
    opts: TrainingOptions,
    scheme: _Scheme,
) -> AccuracyReport:
    """Return the accuracy report of the folds' outcome.

    With the feature importance and the number of folds that tested each class.
    """
    accuracy = evaluate(
        outcome.y_true,
        outcome.y_pred,
        legend,
        n_train=outcome.n_train,
        not_evaluated=scheme.not_evaluated,
        scheme=SCHEME_NAMES[opts.validation],
        folds=0 if opts.validation == "holdout" else len(scheme.splits),
        fold_sizes=outcome.fold_sizes,
    )
    importance = [
        Importance(f, float(m), float(sd))
        for f, m, sd in zip(features, outcome.importance, outcome.importance_std)
    ]
    tested = {name: count for name, count in scheme.class_folds.items() if count}
    return dataclasses.replace(
        accuracy, importance=importance, best_params=outcome.best_params, class_folds=tested
    )


def _compare(
    accuracy: AccuracyReport,
    fit: Callable[..., Any],
    data: _Samples,
    opts: TrainingOptions,
    progress: Progress,
) -> AccuracyReport:
    """Add the figures of the same model under random k-fold, beside the spatial ones."""
    x, codes, legend, seed = data.x, data.codes, data.legend, opts.seed
    try:
        splits = kfold_splits(codes, opts.folds, seed, data.names)
    except InvalidInputError as exc:
        return dataclasses.replace(accuracy, comparison={"error": str(exc)})
    outcome = evaluate_splits(
        lambda train: fit(train, None),
        x,
        codes,
        splits,
        seed=seed,
        progress=progress,
        importance=False,
    )
    random = evaluate(
        outcome.y_true,
        outcome.y_pred,
        legend,
        n_train=outcome.n_train,
        folds=len(splits),
        fold_sizes=outcome.fold_sizes,
    )
    comparison = {
        "validation": SCHEME_NAMES["kfold"],
        "folds": len(splits),
        **random.summary(),
        **{key: list(ci) for key, ci in random.intervals().items()},
        "fold_spread": random.fold_spread,
    }
    return dataclasses.replace(accuracy, comparison=comparison)


def _span(interval: Sequence[float]) -> str:
    """Format an interval for the log: 0.887–0.919, or -0.188 to -0.007 below 0."""
    low, high = float(interval[0]), float(interval[1])
    return f"{low:.3f}–{high:.3f}" if low >= 0 else f"{low:.3f} to {high:.3f}"


def _score(value: float, interval: Sequence[float] | None = None) -> str:
    """Format a score for the log with its interval; an undefined one (NaN) is 'n/a'."""
    if not math.isfinite(value):
        return "n/a"
    if interval is None or not all(math.isfinite(float(v)) for v in interval):
        return f"{value:.3f}"
    return f"{value:.3f} ({_span(interval)})"


def _log(accuracy: AccuracyReport, progress: Progress) -> None:
    """Log the headline figures with their 95 % intervals.

    Then the spread across folds, the per-class scores and the random k-fold comparison.
    """
    oa_ci = accuracy.overall_accuracy_ci
    known = all(math.isfinite(v) for v in oa_ci)
    progress.log(
        f"{accuracy.scheme}: overall accuracy {accuracy.overall_accuracy:.4f}"
        + (f" (95 % CI {_span(oa_ci)})" if known else "")
        + ", kappa "
        f"{_score(accuracy.kappa, accuracy.kappa_ci)}, "
        f"macro F1 {_score(accuracy.f1_macro, accuracy.f1_macro_ci)} ({accuracy.n_test} test "
        "samples; intervals: Wilson for shares, bootstrap for the others)."
    )
    spread = accuracy.fold_spread
    if spread:
        progress.log(
            f"Overall accuracy across the {len(accuracy.fold_overall_accuracy)} folds: mean "
            f"{spread['mean']:.3f}, std {spread['std']:.3f}, min {spread['min']:.3f}, max "
            f"{spread['max']:.3f}."
        )
    for score in accuracy.scores:
        progress.log(
            f"  {score.name}: precision {_score(score.precision, score.precision_ci)}, recall "
            f"{_score(score.recall, score.recall_ci)}, F1 {_score(score.f1, score.f1_ci)}, "
            f"support {score.support}"
        )
    comparison = accuracy.comparison or {}
    if "overall_accuracy" in comparison:
        ci = comparison.get("overall_accuracy_ci")
        same = overlap(ci, accuracy.overall_accuracy_ci)
        progress.log(
            "Random k-fold for comparison: overall accuracy "
            f"{_score(float(comparison['overall_accuracy']), ci)}, kappa "
            f"{_score(float(comparison['kappa']), comparison.get('kappa_ci'))}. "
            + (
                "The difference is within the uncertainty: the 95 % intervals overlap."
                if same
                else "The gap is the optimism of random splits."
            )
        )


def _write_outputs(
    accuracy: AccuracyReport,
    manifest: dict[str, Any],
    report_path: str | os.PathLike[str] | None,
    metrics_path: str | os.PathLike[str] | None,
    confusion_path: str | os.PathLike[str] | None,
) -> None:
    """Write the report, metrics and confusion matrix asked for (None: not written)."""
    if report_path is not None:
        write_html_report(
            report_path,
            accuracy,
            info=report_info(manifest),
            history=manifest.get("learning_history", ()),
        )
    if metrics_path is not None:
        metrics = {**accuracy.to_json(), "learning_history": manifest.get("learning_history", [])}
        Path(metrics_path).write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    if confusion_path is not None:
        write_confusion_table(confusion_path, accuracy)


def _manifest(
    opts: TrainingOptions,
    params: dict[str, Any],
    data: _Samples,
    accuracy: AccuracyReport,
) -> dict[str, Any]:
    """Return the model's manifest: how it was trained, on what, and how accurate it is."""
    features, legend, codes = data.features, data.legend, data.codes
    counts = {str(c.code): int((codes == c.code).sum()) for c in legend}
    return {
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "algorithm": opts.algorithm,
        "seed": opts.seed,
        "validation": {
            "scheme": opts.validation,
            "test_fraction": opts.test_fraction,
            "folds": opts.folds,
            "block_size": opts.block_size,
        },
        "test_fraction": opts.test_fraction,
        "balanced": opts.balanced,
        "hyperparameters": {k: _plain(v) for k, v in params.items()},
        "search_iterations": opts.search_iterations,
        "bands": list(features),
        "band_count": len(features),
        "classes": legend_to_json(legend),
        "class_field": data.class_field,
        "label_type": data.label_type,
        "crs_wkt": data.crs_wkt or "",
        "n_samples": int(codes.size),
        "samples_per_class": counts,
        "metrics": accuracy.to_json(),
    }


def _plain(value: Any) -> Any:
    """Return ``value`` with a tuple made a list, as JSON reads it back."""
    return list(value) if isinstance(value, tuple) else value


def report_info(manifest: Mapping[str, Any]) -> dict[str, object]:
    """Return the report's run details (algorithm, validation, samples...) from a manifest."""
    validation = manifest["validation"]
    yes, no = Report.tr("yes"), Report.tr("no")
    return {
        Report.tr("Algorithm"): translated("Estimators", spec_for(manifest["algorithm"]).label),
        Report.tr("Hyperparameters"): ", ".join(
            f"{k}={v}" for k, v in manifest["hyperparameters"].items()
        )
        or Report.tr("defaults"),
        Report.tr("Balanced class weights"): yes if manifest["balanced"] else no,
        Report.tr("Validation"): translated("Validation", SCHEME_NAMES[validation["scheme"]]),
        Report.tr("Class field"): manifest["class_field"],
        Report.tr("Features"): ", ".join(manifest["bands"]),
        **(
            {
                Report.tr("Object-based"): Report.tr("yes: {} segments, one sample each").format(
                    manifest["n_samples"]
                )
            }
            if manifest.get("object_based")
            else {}
        ),
        Report.tr("Samples per class"): ", ".join(
            f"{c['name']}: {manifest['samples_per_class'][str(c['code'])]}"
            for c in manifest["classes"]
        ),
        Report.tr("Seed"): manifest["seed"],
        Report.tr("Created"): manifest["created"],
    }


def training_outputs(result: TrainingResult, files: TrainingFiles) -> dict[str, object]:
    """Return the outputs of lulc:train (and lulc:classify's training part) by output name.

    The written files, the accuracy figures with the 95 % interval, the random k-fold accuracy
    of a spatial validation, and the classes as JSON; the algorithms and the command line
    print or return them.
    """
    from .user_legend import legend_with_values

    accuracy = result.accuracy
    comparison = accuracy.comparison or {}
    classes = legend_with_values(result.legend, result.class_values)
    return {
        "CLASSES": json.dumps(classes, ensure_ascii=False),
        "OUTPUT_MODEL": files.model_path,
        "OUTPUT_REPORT": files.report_path,
        "OUTPUT_METRICS": files.metrics_path,
        "OUTPUT_CONFUSION": files.confusion_path,
        "OVERALL_ACCURACY": accuracy.overall_accuracy,
        "OVERALL_ACCURACY_LOW": accuracy.overall_accuracy_ci[0],
        "OVERALL_ACCURACY_HIGH": accuracy.overall_accuracy_ci[1],
        "KAPPA": accuracy.kappa,
        "F1_MACRO": accuracy.f1_macro,
        "F1_WEIGHTED": accuracy.f1_weighted,
        "MCC": accuracy.mcc,
        "RANDOM_CV_ACCURACY": comparison.get("overall_accuracy"),
    }
