"""The one-step workflow: sample, train and predict in one call."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .files import OutputSet, output_transaction
from .model.model_file import load_model
from .predict import ClassificationResult, PredictionOptions, plan_prediction, predict_raster
from .progress import NullProgress, Progress, SubProgress
from .samples import SamplingOptions, SamplingResult, sample_labels
from .train import TrainingOptions, TrainingResult, plan_training, train_classifier

#: Where sampling and training end on the run's progress, in proportion to their usual cost:
#: on the sample data (1085 x 575 pixels, 510 points, random forest) sampling takes about
#: 5 % of a run, training (with the report and the model file) 30 %, prediction the rest.
SAMPLED = 0.05
TRAINED = 0.35


@dataclass(frozen=True)
class WorkflowResult:
    """The three steps' results."""

    sampling: SamplingResult
    training: TrainingResult
    classification: ClassificationResult


def classify_image(
    raster_paths: Sequence[str | os.PathLike[str]],
    labels_path: str | os.PathLike[str],
    class_field: str,
    *,
    output_path: str | os.PathLike[str],
    model_path: str | os.PathLike[str],
    report_path: str | os.PathLike[str] | None = None,
    metrics_path: str | os.PathLike[str] | None = None,
    confusion_path: str | os.PathLike[str] | None = None,
    algorithm: str = "random_forest",
    test_fraction: float | None = None,
    seed: int = 42,
    layer: str | None = None,
    name_field: str | None = None,
    color_field: str | None = None,
    options: SamplingOptions | None = None,
    training_options: TrainingOptions | None = None,
    max_memory_mb: float = 1024,
    prediction: PredictionOptions | None = None,
    progress: Progress | None = None,
    outputs: OutputSet | None = None,
) -> WorkflowResult:
    """Sample ``raster_paths`` at labelled points, train a model and classify the rasters.

    See :func:`~.samples.sample_labels`, :func:`~.train.train_classifier` and
    :func:`~.predict.predict_raster` for the parameters and errors; ``prediction`` (extent,
    confidence layer, ...) replaces ``max_memory_mb`` when given.

    Every output (model, report, metrics, confusion matrix, map, style, extra layers, area
    table) is checked before sampling starts and all appear together at the end: a failure
    or a cancel at any step leaves none (``outputs``: see :func:`~.predict.predict_raster`).
    """
    progress = progress or NullProgress()
    prediction = prediction or PredictionOptions(max_memory_mb=max_memory_mb)
    recipe = options.recipe if options is not None else None
    if recipe is not None and recipe.distances and not prediction.distance_layers:
        # The layers sampled are the layers predicted with (the model file names none).
        layers = [(d["path"], d.get("layer")) for d in recipe.distances]
        prediction = replace(prediction, distance_layers=layers)
    inputs = [*raster_paths, labels_path, prediction.mask_path]
    inputs += [path for path, _ in prediction.distance_layers]
    with output_transaction(outputs, inputs, progress.cancelled) as staged:
        plan_training(staged, model_path, report_path, metrics_path, confusion_path)
        plan_prediction(staged, output_path, prediction)
        samples = sample_labels(
            raster_paths,
            labels_path,
            class_field,
            layer=layer,
            name_field=name_field,
            color_field=color_field,
            options=options,
            progress=SubProgress(progress, 0, SAMPLED),
        )
        training = train_classifier(
            samples.table,
            class_field,
            model_path,
            algorithm=algorithm,
            test_fraction=test_fraction,
            seed=seed,
            options=training_options,
            report_path=report_path,
            metrics_path=metrics_path,
            confusion_path=confusion_path,
            crs_wkt=samples.crs_wkt,
            metadata=samples.metadata,
            progress=SubProgress(progress, SAMPLED, TRAINED),
            outputs=staged,
        )
        classification = predict_raster(
            raster_paths,
            load_model(staged.staged(model_path), progress=progress),
            output_path,
            options=prediction,
            progress=SubProgress(progress, TRAINED, 1.0),
            outputs=staged,
        )
        return WorkflowResult(samples, training, classification)
