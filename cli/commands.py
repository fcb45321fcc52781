"""One function per subcommand: resolve the values, call the core tool the algorithm calls
(processing_provider/<name>.py's ``process``), return the algorithm's outputs."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..core.assessment.reference import (
    SAMPLING_DESIGNS,
    AssessmentOptions,
    ValidationPointOptions,
    assess_map,
    class_area_table,
    draw_validation_points,
)
from ..core.errors import InvalidInputError
from ..core.features.feature_stack import FeatureRecipe, write_feature_stack
from ..core.geotiff import COMPRESSIONS
from ..core.legend import legend_to_json
from ..core.legend_edit import edit_legend, legend_changes
from ..core.model.model_file import load_for_prediction, read_manifest
from ..core.predict import PredictionOptions, predict_raster
from ..core.progress import Progress
from ..core.regularize import smooth_raster
from ..core.samples import sample_labels
from ..core.segment import METHODS as SEGMENT_METHODS
from ..core.segment import SegmentOptions, segment_raster
from ..core.suggest import STRATEGIES, SuggestOptions, suggest_labels
from ..core.train import SampleSource, train_classifier, training_outputs
from ..core.workflow import WorkflowFiles, WorkflowOptions, classify_image
from .options import (
    EXTRA_LAYERS,
    PREDICTION_SMOOTHING,
    Values,
    extent_in_raster_crs,
    extra_layer_outputs,
    extra_layer_paths,
    feature_recipe,
    given,
    legend_values,
    output_file,
    sampling_arguments,
    smoothing_options,
    training_arguments,
    vector,
)

Command = Callable[[Values, Progress], Values]
#: lulc:validationpoints' ALLOCATION order (processing_provider/validationpoints.py).
ALLOCATION_CHOICES = ("minimum", "proportional", "equal")
#: lulc:modelinfo: classes listed in the log.
SHOWN = 50


def sample(values: Values, progress: Progress) -> Values:
    """lulc:sample."""
    labels, layer = values["LABELS"]
    output = output_file(values["OUTPUT"], (".gpkg", ".csv"), "training samples")
    report = values.get("OUTPUT_REPORT") or None
    result = sample_labels(
        values["RASTERS"],
        labels,
        values["CLASS_FIELD"],
        layer=layer,
        output_path=output,
        report_path=report,
        progress=progress,
        **sampling_arguments(values),
    )
    return {"OUTPUT": output, "OUTPUT_REPORT": report, "SAMPLE_COUNT": result.count}


def train(values: Values, progress: Progress) -> Values:
    """lulc:train."""
    samples, layer = values["SAMPLES"]
    arguments = training_arguments(values)
    result = train_classifier(
        SampleSource(samples, values["CLASS_FIELD"], layer=layer),
        arguments["files"],
        options=arguments["options"],
        progress=progress,
    )
    return training_results(arguments, result)


def training_results(arguments: Values, training: Any) -> Values:
    """The training outputs, as lulc:train gives them."""
    return training_outputs(training, arguments["files"])


def predict(values: Values, progress: Progress) -> Values:
    """lulc:predict; with ``--workers N``, on a local Dask cluster of N worker processes."""
    if not values.get("WORKERS"):
        return _predict(values, progress)
    if given(values, "SCHEDULER"):
        raise InvalidInputError(
            "Give either --workers (a cluster started for this run) or --scheduler (a running "
            "cluster), not both."
        )
    from ..core.distributed import local_cluster

    progress.log(f"Starting a local Dask cluster of {values['WORKERS']} worker process(es).")
    with local_cluster(values["WORKERS"]) as address:
        return _predict({**values, "SCHEDULER": address}, progress)


def _predict(values: Values, progress: Progress) -> Values:
    output = output_file(values["OUTPUT"], (".tif", ".tiff"), "land-cover map")
    rasters = values["RASTERS"]
    layers = extra_layer_paths(values, list(EXTRA_LAYERS))
    mask = vector(values, "MASK") or (None, None)
    distance = vector(values, "DISTANCE_TO")
    areas = values.get("OUTPUT_AREAS") or None
    result = predict_raster(
        rasters,
        _model(values, progress),
        output,
        options=PredictionOptions(
            max_memory_mb=values["MAX_MEMORY_MB"],
            threads=values["THREADS"] or None,
            extent=extent_in_raster_crs(values, "EXTENT", rasters[0]),
            resolution=values["RESOLUTION"] or None,
            mask_path=mask[0],
            mask_layer=mask[1],
            distance_layers=[distance] if distance else [],
            segments_path=values.get("SEGMENTS") or None,
            compression=COMPRESSIONS[values["COMPRESSION"]],
            overviews=values["OVERVIEWS"],
            cog=values["COG"],
            area_table_path=areas,
            smoothing=smoothing_options(values, PREDICTION_SMOOTHING),
            **layers,
            **_scheduler(values),
        ),
        progress=progress,
    )
    outputs = {"OUTPUT": output, "OUTPUT_STYLE": result.qml_path, "OUTPUT_AREAS": areas}
    return {**outputs, **extra_layer_outputs(layers)}


def _model(values: Values, progress: Progress) -> Any:
    """The model to predict with: its file's path for a Dask cluster (the workers load it
    themselves), otherwise the model loaded here."""
    if given(values, "SCHEDULER"):
        return values["MODEL"]
    return load_for_prediction(values["MODEL"], progress=progress)


def _scheduler(values: Values) -> Values:
    """The Dask cluster of lulc:predict's SCHEDULER, when the algorithm has it and it is given."""
    return {"scheduler": values["SCHEDULER"]} if given(values, "SCHEDULER") else {}


def classify(values: Values, progress: Progress) -> Values:
    """lulc:classify."""
    labels, layer = values["LABELS"]
    output = output_file(values["OUTPUT"], (".tif", ".tiff"), "land-cover map")
    arguments = training_arguments(values)
    sampling = sampling_arguments(values)
    extra = extra_layer_paths(values, ["OUTPUT_CONFIDENCE"])
    result = classify_image(
        values["RASTERS"],
        labels,
        values["CLASS_FIELD"],
        WorkflowFiles(output, arguments["files"]),
        options=WorkflowOptions(
            layer=layer,
            name_field=sampling["name_field"],
            color_field=sampling["color_field"],
            sampling=sampling["options"],
            training=arguments["options"],
            prediction=PredictionOptions(
                max_memory_mb=values["MAX_MEMORY_MB"],
                extent=extent_in_raster_crs(values, "EXTENT", values["RASTERS"][0]),
                resolution=values["RESOLUTION"] or None,
                smoothing=smoothing_options(values, PREDICTION_SMOOTHING),
                **extra,
            ),
        ),
        progress=progress,
    )
    return {
        "OUTPUT": output,
        **extra_layer_outputs(extra),
        **training_results(arguments, result.training),
    }


def modelinfo(values: Values, progress: Progress) -> Values:
    """lulc:modelinfo: the summary in the log, the whole manifest as the MANIFEST output."""
    manifest = read_manifest(values["MODEL"])
    metrics = manifest.metrics or {}
    progress.log(f"Algorithm: {manifest.algorithm}")
    bands = manifest.bands
    shown = ", ".join(bands[:SHOWN]) + (
        f", ... and {len(bands) - SHOWN} more" if len(bands) > SHOWN else ""
    )
    progress.log(f"Bands ({len(bands)}): {shown}")
    if manifest.object_based:
        progress.log(
            "Object-based: it classifies segments from these features; lulc:predict needs "
            "the segment raster of the image (made by lulc:segment)."
        )
    for item in manifest.classes[:SHOWN]:
        progress.log(f"Class {item['code']}: {item['name']} ({item['color']})")
    if len(manifest.classes) > SHOWN:
        progress.log(f"... and {len(manifest.classes) - SHOWN} more classes")
    progress.log(
        f"Accuracy ({metrics.get('validation', 'hold-out')}): overall "
        f"{metrics.get('overall_accuracy')}, kappa {metrics.get('kappa')}"
    )
    progress.log(f"Versions: {json.dumps(manifest.versions or {})}")
    return {
        "MANIFEST": json.dumps(manifest.to_json(), indent=2, ensure_ascii=False),
        "ALGORITHM": manifest.algorithm,
        "BAND_COUNT": manifest.band_count,
        "CLASS_COUNT": len(manifest.classes),
        "OVERALL_ACCURACY": metrics.get("overall_accuracy"),
        "KAPPA": metrics.get("kappa"),
    }


def validationpoints(values: Values, progress: Progress) -> Values:
    """lulc:validationpoints."""
    output = output_file(values["OUTPUT"], (".gpkg",), "validation points")
    design = draw_validation_points(
        values["MAP"],
        output,
        options=ValidationPointOptions(
            target_se=values["TARGET_SE"],
            expected_users=values["EXPECTED_USERS"],
            allocation=ALLOCATION_CHOICES[values["ALLOCATION"]],
            minimum=values["MINIMUM"],
            total=values["TOTAL"] or None,
            seed=values["SEED"],
        ),
        progress=progress,
    )
    return {"OUTPUT": output, "POINT_COUNT": sum(d["points"] for d in design)}


def assess(values: Values, progress: Progress) -> Values:
    """lulc:assess."""
    reference, layer = values["REFERENCE"]
    files = {
        name: values.get(name) or None for name in ("OUTPUT_REPORT", "OUTPUT_JSON", "OUTPUT_CSV")
    }
    result = assess_map(
        values["MAP"],
        reference,
        values["REFERENCE_FIELD"],
        layer=layer,
        options=AssessmentOptions(
            design=SAMPLING_DESIGNS[values["SAMPLING_DESIGN"]],
            report_path=files["OUTPUT_REPORT"],
            json_path=files["OUTPUT_JSON"],
            csv_path=files["OUTPUT_CSV"],
        ),
        progress=progress,
    )
    return {
        **files,
        "OVERALL_ACCURACY": result.accuracy.overall.value,
        "OVERALL_ACCURACY_CI95": result.accuracy.overall.ci95,
        "POINTS_USED": result.used,
        "DESIGN": result.accuracy.design,
    }


def classareas(values: Values, progress: Progress) -> Values:
    """lulc:classareas."""
    class_area_table(values["MAP"], values["OUTPUT"], progress=progress)
    return {"OUTPUT": values["OUTPUT"]}


def legend(values: Values, progress: Progress) -> Values:
    """lulc:legend."""
    result = edit_legend(
        legend_values(values, legend_changes),
        model_path=values.get("MODEL") or None,
        class_map_path=values.get("CLASS_MAP") or None,
        metrics_path=values.get("METRICS") or None,
        report_path=values.get("REPORT") or None,
    )
    for info in result.legend:
        progress.log(f"Class {info.code}: {info.name} ({info.color})")
    written = (result.model_path, result.class_map_path, result.qml_path)
    for path in (*written, result.metrics_path, result.report_path):
        if path:
            progress.log(f"Updated {path}")
    return {
        "OUTPUT_MODEL": result.model_path,
        "OUTPUT_STYLE": result.qml_path,
        "OUTPUT_METRICS": result.metrics_path,
        "OUTPUT_REPORT": result.report_path,
        "CLASSES": json.dumps(legend_to_json(result.legend), ensure_ascii=False),
    }


def stack(values: Values, progress: Progress) -> Values:
    """lulc:stack."""
    output = output_file(values["OUTPUT"], (".tif", ".tiff"), "feature stack")
    names = write_feature_stack(
        values["RASTERS"], feature_recipe(values) or FeatureRecipe(), output, progress=progress
    )
    progress.log(f"Features: {', '.join(names)}")
    return {"OUTPUT": output}


def suggest(values: Values, progress: Progress) -> Values:
    """lulc:suggest."""
    output = output_file(values["OUTPUT"], (".gpkg",), "suggestions layer")
    rasters = values["RASTERS"]
    distance = vector(values, "DISTANCE_TO")
    result = suggest_labels(
        rasters,
        load_for_prediction(values["MODEL"], progress=progress),
        output,
        options=SuggestOptions(
            count=values["COUNT"],
            strategy=STRATEGIES[values["STRATEGY"]],
            min_distance=values["MIN_DISTANCE"],
            distance_in_pixels=values["DISTANCE_UNIT"] == 1,
            balance=values["BALANCE"],
            seed=values["SEED"],
            max_memory_mb=values["MAX_MEMORY_MB"],
            n_threads=values["THREADS"] or None,
            distance_layers=(distance,) if distance else (),
        ),
        labels=vector(values, "LABELS"),
        extent=extent_in_raster_crs(values, "EXTENT", rasters[0]),
        mask=vector(values, "MASK"),
        progress=progress,
    )
    return {"OUTPUT": output, "COUNT": result.count, "POSSIBLE": result.possible}


def smooth(values: Values, progress: Progress) -> Values:
    """lulc:smooth."""
    output = output_file(values["OUTPUT"], (".tif", ".tiff"), "land-cover map")
    areas = values.get("OUTPUT_AREAS") or None
    options = smoothing_options(
        values,
        {
            "method": "METHOD",
            "window": "WINDOW",
            "weighting": "WEIGHTING",
            "min_area": "MIN_AREA",
            "unit": "MIN_AREA_UNIT",
            "connectivity": "CONNECTIVITY",
        },
    )
    assert options is not None  # lulc:smooth always has a method
    result = smooth_raster(
        values["INPUT"],
        output,
        probabilities_path=values.get("PROBABILITIES") or None,
        options=options,
        area_table_path=areas,
        max_memory_mb=values["MAX_MEMORY_MB"],
        threads=values["THREADS"] or None,
        progress=progress,
    )
    return {
        "OUTPUT": output,
        "OUTPUT_STYLE": result.qml_path,
        "OUTPUT_AREAS": areas,
        "CHANGED_PIXELS": result.changed_pixels,
    }


def segment(values: Values, progress: Progress) -> Values:
    """lulc:segment."""
    output = output_file(values["OUTPUT"], (".tif", ".tiff"), "segment raster")
    polygons = None
    if given(values, "OUTPUT_POLYGONS"):
        polygons = output_file(values["OUTPUT_POLYGONS"], (".gpkg",), "segment polygons")
    options = SegmentOptions(
        method=SEGMENT_METHODS[values["METHOD"]],
        scale=values["SCALE"],
        sigma=values["SIGMA"],
        min_size=values["MIN_SIZE"],
        segment_size=values["SEGMENT_SIZE"],
        compactness=values["COMPACTNESS"],
        tile_size=values["TILE_SIZE"],
        overlap=values["OVERLAP"],
        max_memory_mb=values["MAX_MEMORY_MB"],
        threads=values["THREADS"] or None,
        polygons_path=polygons,
    )
    result = segment_raster(values["RASTERS"], output, options=options, progress=progress)
    return {"OUTPUT": output, "OUTPUT_POLYGONS": polygons, "SEGMENTS": result.segments}


COMMANDS: dict[str, Command] = {
    "sample": sample,
    "train": train,
    "predict": predict,
    "classify": classify,
    "modelinfo": modelinfo,
    "validationpoints": validationpoints,
    "assess": assess,
    "classareas": classareas,
    "legend": legend,
    "stack": stack,
    "suggest": suggest,
    "smooth": smooth,
    "segment": segment,
}
