"""The one-step workflow: sample, train and predict in one call."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .files import OutputSet, output_transaction
from .model.cnn import DEFAULT_PATCH
from .model.estimators import PATCH_MODELS, check_available
from .model.model_file import Model, load_for_prediction, load_model
from .predict import ClassificationResult, PredictionOptions, plan_prediction, predict_raster
from .progress import NullProgress, Progress, SubProgress
from .samples import SamplingOptions, SamplingResult, sample_labels
from .train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    TrainingResult,
    plan_training,
    train_classifier,
)

#: Where sampling and training end on the run's progress, in proportion to their usual cost:
#: on the sample data (1085 x 575 pixels, 510 points, random forest) sampling takes about
#: 5 % of a run, training (with the report and the model file) 30 %, prediction the rest.
SAMPLED = 0.05
TRAINED = 0.35


@dataclass(frozen=True)
class WorkflowFiles:
    """Where a run writes: the class map, and the model and accuracy files of its training.

    Parameters
    ----------
    output_path
        The class map (GeoTIFF).
    training
        The model file and the optional report, metrics and confusion matrix
        (:class:`~.train.TrainingFiles`).
    """

    output_path: str | os.PathLike[str]
    training: TrainingFiles


@dataclass(frozen=True)
class WorkflowOptions:
    """How each step runs (every option object is checked when it is made).

    Parameters
    ----------
    layer, name_field, color_field
        The labels' layer (in a multi-layer file) and optional class name and colour fields.
    sampling, training, prediction
        See :class:`~.samples.SamplingOptions`, :class:`~.train.TrainingOptions` (the
        algorithm and the seed among them) and :class:`~.predict.PredictionOptions` (memory
        budget, extent, extra layers...).
    """

    layer: str | None = None
    name_field: str | None = None
    color_field: str | None = None
    sampling: SamplingOptions | None = None
    training: TrainingOptions = field(default_factory=TrainingOptions)
    prediction: PredictionOptions = field(default_factory=PredictionOptions)


@dataclass(frozen=True)
class WorkflowResult:
    """The three steps' results, and the model as loaded for the prediction.

    Attributes
    ----------
    sampling, training, classification
        The results of :func:`~.samples.sample_labels`, :func:`~.train.train_classifier` and
        :func:`~.predict.predict_raster`.
    model
        The model as loaded for the prediction: apply it again without reading its file.
    """

    sampling: SamplingResult
    training: TrainingResult
    classification: ClassificationResult
    model: Model | None = None


def classify_image(
    raster_paths: Sequence[str | os.PathLike[str]],
    labels_path: str | os.PathLike[str],
    class_field: str,
    files: WorkflowFiles,
    *,
    options: WorkflowOptions | None = None,
    progress: Progress | None = None,
    outputs: OutputSet | None = None,
) -> WorkflowResult:
    """Sample ``raster_paths`` at labelled points, train a model and classify the rasters.

    See :func:`~.samples.sample_labels`, :func:`~.train.train_classifier` and
    :func:`~.predict.predict_raster` for the parameters and errors.

    Every output (model, report, metrics, confusion matrix, map, style, extra layers, area
    table) is checked before sampling starts and all appear together at the end: a failure
    or a cancel at any step leaves none (``outputs``: see :func:`~.predict.predict_raster`).

    Parameters
    ----------
    raster_paths
        The image's rasters, stacked in this order.
    labels_path
        The labels (points or polygons) to sample.
    class_field
        The labels' class field.
    files
        Where the run writes (:class:`WorkflowFiles`).
    options
        How each step runs (:class:`WorkflowOptions`).
    progress
        Progress and cancel callback.
    outputs
        The run's :class:`~.files.OutputSet` when the workflow is part of a larger run.

    Returns
    -------
    WorkflowResult
        The sampling, training and classification results.
    """
    progress = progress or NullProgress()
    opts = options or WorkflowOptions()
    check_available(opts.training.algorithm)  # a missing package said before sampling
    prediction = _prediction_options(opts)
    previous = files.training.previous_model
    inputs = [*raster_paths, labels_path, *prediction.input_paths, previous]
    with output_transaction(outputs, inputs, progress.cancelled) as staged:
        plan_training(staged, files.training)
        plan_prediction(staged, files.output_path, prediction)
        samples = sample_labels(
            raster_paths,
            labels_path,
            class_field,
            layer=opts.layer,
            name_field=opts.name_field,
            color_field=opts.color_field,
            options=_sampling(opts, progress),
            progress=SubProgress(progress, 0, SAMPLED),
        )
        training = train_classifier(
            SampleSource(
                samples.table,
                class_field,
                crs_wkt=samples.crs_wkt,
                metadata=samples.metadata,
                patches=samples.patches,
            ),
            files.training,
            options=opts.training,
            progress=SubProgress(progress, SAMPLED, TRAINED),
            outputs=staged,
        )
        load = load_for_prediction if prediction.compiled else load_model
        model = load(staged.staged(files.training.model_path), progress=progress)
        classification = predict_raster(
            raster_paths,
            model,
            files.output_path,
            options=prediction,
            progress=SubProgress(progress, TRAINED, 1.0),
            outputs=staged,
        )
        return WorkflowResult(samples, training, classification, model)


def _prediction_options(options: WorkflowOptions) -> PredictionOptions:
    """Return the prediction options, with the sampled distance layers when none are given.

    The layers sampled are the layers predicted with (the model file names none); so is the
    segment raster of an object-based run.
    """
    prediction = options.prediction
    recipe = options.sampling.recipe if options.sampling is not None else None
    segments = options.sampling.segments_path if options.sampling is not None else None
    if segments and not prediction.segments_path:  # the segments sampled are those predicted
        prediction = replace(prediction, segments_path=segments)
    if recipe is not None and recipe.distances and not prediction.distance_layers:
        layers = [(d["path"], d.get("layer")) for d in recipe.distances]
        prediction = replace(prediction, distance_layers=layers)
    return prediction


def _sampling(opts: WorkflowOptions, progress: Progress) -> SamplingOptions:
    """Return the sampling options: patches of the default size for a network, if none is set."""
    sampling = opts.sampling or SamplingOptions()
    if opts.training.algorithm in PATCH_MODELS and not sampling.patch_size:
        progress.log(
            f"The convolutional network learns from patches: patches of {DEFAULT_PATCH} x "
            f"{DEFAULT_PATCH} pixels (the default patch size) are taken around each sample."
        )
        return replace(sampling, patch_size=DEFAULT_PATCH)
    return sampling
