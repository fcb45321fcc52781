"""Training: fit a classifier on a sample table, measure it on a held-out split, save the model."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .accuracy import AccuracyReport, evaluate
from .deps import require
from .errors import InvalidInputError
from .estimators import REGISTRY, make_estimator
from .legend import ClassInfo, build_legend, legend_to_json
from .model_io import save_model
from .progress import NullProgress, Progress, SubProgress, check_cancel
from .report import write_html_report
from .samples import RESERVED_FIELDS, read_sampling_metadata
from .stack import GENERIC_NAME


@dataclass(frozen=True)
class TrainingResult:
    """A trained, saved model and its hold-out accuracy."""

    model_path: str
    report_path: str | None
    accuracy: AccuracyReport
    legend: list[ClassInfo]
    band_names: list[str]
    n_samples: int


def load_samples(path: str | os.PathLike[str], *, layer: str | None = None) -> Any:
    """Read a sample table (GeoPackage or any OGR vector; CSV through pandas)."""
    if str(path).lower().endswith(".csv"):
        return require("pandas").read_csv(path)
    gpd = require("geopandas")
    try:
        return gpd.read_file(path, layer=layer) if layer else gpd.read_file(path)
    except Exception as exc:  # fiona raises many types; all mean "cannot read"
        raise InvalidInputError(f"Cannot read the sample table '{path}': {exc}.") from exc


def feature_columns(table: Any, class_field: str) -> list[str]:
    """Numeric columns other than the class field and sample bookkeeping fields, in order."""
    pandas = require("pandas")
    return [
        str(c)
        for c in table.columns
        if c != class_field
        and c != "geometry"
        and str(c).lower() not in RESERVED_FIELDS
        and pandas.api.types.is_numeric_dtype(table[c])
        and not pandas.api.types.is_bool_dtype(table[c])
    ]


def encode_classes(
    values: Any, field: str, hints: Sequence[dict[str, Any]] = ()
) -> tuple[npt.NDArray[np.int64], list[ClassInfo], str]:
    """Turn class values into integer codes and a legend.

    Integer values keep their codes (0..65534); text values become codes 1..N in sorted order,
    keeping the text as the class name. ``hints`` (from sampling: ``value`` with an optional
    ``name`` and ``color``) name and colour classes.

    Returns
    -------
    codes, legend, label_type ("integer" or "text")
    """
    codes, values_in_order, names, label_type = _codes(values, field)
    by_value = {str(h.get("value")): h for h in hints}
    hinted = [by_value.get(str(v), {}) for v in values_in_order]
    names = [str(h.get("name") or n) for h, n in zip(hinted, names)]
    colors = [h.get("color") for h in hinted]
    return codes, build_legend(sorted(set(codes.tolist())), names, colors), label_type


def _codes(values: Any, field: str) -> tuple[npt.NDArray[np.int64], list[Any], list[str], str]:
    """Codes per sample, and per class (in code order) its value and default name."""
    pandas = require("pandas")
    series = pandas.Series(values)
    numeric = pandas.api.types.is_numeric_dtype(series) and not pandas.api.types.is_bool_dtype(
        series
    )
    if numeric and np.all(np.mod(series.to_numpy(dtype=float), 1) == 0):
        codes = series.to_numpy(dtype=np.int64)
        bad = sorted({int(c) for c in codes if c < 0 or c > 65534})
        if bad:
            raise InvalidInputError(
                f"The class field '{field}' has codes {bad[:5]} outside 0..65534; recode the "
                "classes or use a text field."
            )
        unique = sorted({int(c) for c in codes})
        return codes, unique, [f"Class {c}" for c in unique], "integer"
    if numeric:
        raise InvalidInputError(
            f"The class field '{field}' holds decimal numbers; use an integer or text field."
        )
    text = series.astype(str).str.strip()
    names = sorted(set(text))
    lookup = {name: code for code, name in enumerate(names, start=1)}
    codes = text.map(lookup).to_numpy(dtype=np.int64)
    return codes, names, list(names), "text"


def holdout_split(
    codes: npt.NDArray[np.int64], test_fraction: float, seed: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], list[int]]:
    """Stratified random hold-out: about ``test_fraction`` of each class goes to the test set.

    Every class with at least 2 samples has at least one sample on each side. Classes with a
    single sample go to training only and are returned as not evaluated.

    Returns
    -------
    train_idx, test_idx, not_evaluated_codes
    """
    if not 0.0 < test_fraction < 1.0:
        raise InvalidInputError(
            f"The test fraction must be between 0 and 1 (exclusive), not {test_fraction}."
        )
    rng = np.random.default_rng(seed)
    train: list[npt.NDArray[np.int64]] = []
    test: list[npt.NDArray[np.int64]] = []
    not_evaluated: list[int] = []
    for code in np.unique(codes):
        idx = rng.permutation(np.flatnonzero(codes == code))
        if idx.size < 2:
            train.append(idx)
            not_evaluated.append(int(code))
            continue
        n_test = min(idx.size - 1, max(1, round(idx.size * test_fraction)))
        test.append(idx[:n_test])
        train.append(idx[n_test:])
    empty = np.empty(0, dtype=np.int64)
    return (
        np.sort(np.concatenate(train or [empty])),
        np.sort(np.concatenate(test or [empty])),
        not_evaluated,
    )


def _prepare(table: Any, class_field: str, progress: Progress) -> tuple[Any, list[str]]:
    if len(table) == 0:
        raise InvalidInputError("The sample table has no rows: sample some labels first.")
    if class_field not in table.columns:
        fields = ", ".join(str(c) for c in table.columns if c != "geometry")
        raise InvalidInputError(
            f"The class field '{class_field}' is not in the sample table. Its fields are: {fields}."
        )
    features = feature_columns(table, class_field)
    if not features:
        raise InvalidInputError(
            "The sample table has no numeric feature fields besides the class field; "
            "make it with lulc:sample."
        )
    values = table[class_field]
    if values.dtype == object:
        values = values.map(lambda v: v.strip() if isinstance(v, str) else v).replace("", None)
    usable = values.notna().to_numpy() & np.all(
        np.isfinite(table[features].to_numpy(float)), axis=1
    )
    if not usable.any():
        raise InvalidInputError(
            f"No sample has both a class in '{class_field}' and values in every feature field."
        )
    if not usable.all():
        progress.warning(f"{int((~usable).sum())} samples without a class or a value were skipped.")
    kept = table[usable].copy()
    kept[class_field] = values[usable]
    return kept, features


def train_classifier(
    samples: Any,
    class_field: str,
    model_path: str | os.PathLike[str],
    *,
    algorithm: str = "random_forest",
    test_fraction: float = 0.3,
    seed: int = 42,
    report_path: str | os.PathLike[str] | None = None,
    layer: str | None = None,
    crs_wkt: str | None = None,
    metadata: dict[str, Any] | None = None,
    n_jobs: int = -1,
    progress: Progress | None = None,
) -> TrainingResult:
    """Train a classifier, measure it on a stratified hold-out, refit on all samples, save it.

    Parameters
    ----------
    samples
        A sample table (DataFrame / GeoDataFrame) or the path of one (GeoPackage, CSV...).
    class_field
        Integer or text class field.
    model_path
        Where to write the ``.lulcmodel`` file.
    algorithm
        Key of :data:`~.estimators.REGISTRY`.
    test_fraction, seed
        Share of each class held out for evaluation, and the random seed of split and model.
    report_path
        Optional HTML report path.
    layer, crs_wkt
        Layer of a multi-layer sample file; CRS recorded in the model when the table has none.
    metadata
        The sampling definition (stack, class names and colours); read from the sample file
        when ``samples`` is a path and this is None.
    n_jobs
        Threads for estimators that use them (-1: all cores).
    progress
        Progress and cancel callback.

    Raises
    ------
    InvalidInputError
        On a missing class field, no features, fewer than two classes, or a bad test fraction.
    """
    progress = progress or NullProgress()
    if isinstance(samples, (str, os.PathLike)):
        table = load_samples(samples, layer=layer)
        if metadata is None:
            metadata = read_sampling_metadata(samples, layer)
    else:
        table = samples
    metadata = metadata or {}
    if crs_wkt is None and getattr(table, "crs", None) is not None:
        crs_wkt = table.crs.to_wkt()
    table, features = _prepare(table, class_field, progress)
    codes, legend, label_type = encode_classes(
        table[class_field], class_field, metadata.get("classes", ())
    )
    stack = stack_definition(metadata.get("stack"), features, progress)
    if len(legend) < 2:
        raise InvalidInputError(
            f"The samples have 1 class ({legend[0].name}); at least 2 are needed: add samples "
            "of another class or choose another class field."
        )
    x = table[features].to_numpy(dtype=np.float64)
    train_idx, test_idx, skipped = holdout_split(codes, test_fraction, seed)
    names = {c.code: c.name for c in legend}
    not_evaluated = [names[c] for c in skipped]
    if not_evaluated:
        progress.warning(
            f"Classes with too few samples to hold one out, used for training but not evaluated: "
            f"{', '.join(not_evaluated)}."
        )
    progress.log(
        f"Training {REGISTRY[algorithm].label if algorithm in REGISTRY else algorithm} on "
        f"{len(features)} features ({', '.join(features)}), {len(legend)} classes, "
        f"{train_idx.size} training and {test_idx.size} test samples."
    )
    estimator = make_estimator(algorithm, seed=seed, n_jobs=n_jobs)
    estimator.fit(x[train_idx], codes[train_idx])
    check_cancel(progress)
    progress.report(0.45)
    accuracy = evaluate(
        codes[test_idx],
        estimator.predict(x[test_idx]).astype(np.int64),
        legend,
        n_train=train_idx.size,
        not_evaluated=not_evaluated,
    )
    progress.log(
        f"Hold-out overall accuracy {accuracy.overall_accuracy:.4f}, kappa {accuracy.kappa:.4f} "
        f"({accuracy.n_test} test samples)."
    )
    for score in accuracy.scores:
        progress.log(
            f"  {score.name}: precision {score.precision:.3f}, recall {score.recall:.3f}, "
            f"F1 {score.f1:.3f}, support {score.support}"
        )
    check_cancel(progress)
    final = make_estimator(algorithm, seed=seed, n_jobs=n_jobs).fit(x, codes)
    check_cancel(progress)
    SubProgress(progress, 0.45, 0.9).report(1.0)
    manifest = _manifest(
        algorithm,
        seed,
        test_fraction,
        features,
        legend,
        label_type,
        class_field,
        crs_wkt,
        codes,
        accuracy,
    )
    manifest["stack"] = stack
    if report_path is not None:
        write_html_report(report_path, accuracy, info=_report_info(manifest))
    save_model(model_path, final, manifest)
    progress.report(1.0)
    return TrainingResult(
        str(model_path),
        str(report_path) if report_path else None,
        accuracy,
        legend,
        features,
        int(codes.size),
    )


def _manifest(
    algorithm: str,
    seed: int,
    test_fraction: float,
    features: Sequence[str],
    legend: Sequence[ClassInfo],
    label_type: str,
    class_field: str,
    crs_wkt: str | None,
    codes: npt.NDArray[np.int64],
    accuracy: AccuracyReport,
) -> dict[str, Any]:
    counts = {str(c.code): int((codes == c.code).sum()) for c in legend}
    return {
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "algorithm": algorithm,
        "seed": seed,
        "test_fraction": test_fraction,
        "bands": list(features),
        "band_count": len(features),
        "classes": legend_to_json(legend),
        "class_field": class_field,
        "label_type": label_type,
        "crs_wkt": crs_wkt or "",
        "n_samples": int(codes.size),
        "samples_per_class": counts,
        "metrics": accuracy.to_json(),
    }


def _report_info(manifest: dict[str, Any]) -> dict[str, object]:
    spec = REGISTRY.get(manifest["algorithm"])
    return {
        "Algorithm": spec.label if spec else manifest["algorithm"],
        "Class field": manifest["class_field"],
        "Features": ", ".join(manifest["bands"]),
        "Samples per class": ", ".join(
            f"{c['name']}: {manifest['samples_per_class'][str(c['code'])]}"
            for c in manifest["classes"]
        ),
        "Test fraction": manifest["test_fraction"],
        "Seed": manifest["seed"],
        "Created": manifest["created"],
    }


def stack_definition(stack: Any, features: Sequence[str], progress: Progress) -> dict[str, Any]:
    """The stack definition to store in the model, for the features actually used.

    From the sampling definition when its bands are the features; otherwise one is derived from
    the field names (bands then match by position, and by name where names are not ``bN``).
    """
    if isinstance(stack, dict):
        bands = stack.get("bands", [])
        fields = [str(b.get("field", b.get("name", ""))).lower() for b in bands]
        if fields == [f.lower() for f in features]:
            return stack
        progress.warning(
            "The sample table's feature fields differ from the bands it was sampled from; the "
            "model will match the rasters' bands by position."
        )
    else:
        progress.log("The sample table carries no stack definition; bands match by position.")
    return {
        "resampling": "nearest",
        "nodata": None,
        "bands": [
            {"name": f, "field": f, "described": not GENERIC_NAME.match(f)} for f in features
        ],
    }
