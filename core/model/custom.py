"""A model made of the user's own fitted scikit-learn estimator, without a manifest by hand.

:func:`model_from_estimator` checks the estimator (fitted, whole-number classes, one feature per
band of the rasters, class probabilities) and reads the bands, CRS and pixel size from the
rasters, so that :func:`~..predict.predict_raster` writes the same styled class map as with a
model trained by the plugin. Such a model can be saved with :func:`~.model_file.save_model`
only if its estimator is made of the types a model file may hold (``docs/security.md``).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Union

import numpy as np

from ..deps import require
from ..errors import InvalidInputError
from ..legend import build_legend, legend_to_json, normalise_color
from ..stack import RasterStack
from .manifest import MAX_CODE, validate_manifest
from .model_file import FORMAT, FORMAT_VERSION, Model, library_versions

__all__ = ["CUSTOM_ESTIMATOR", "model_from_estimator"]

#: Manifest field naming the class of a user's estimator (a record; never acted on).
CUSTOM_ESTIMATOR = "custom_estimator"

#: Class names or colours: in the order of ``estimator.classes_``, or by class code.
ByClass = Union[Sequence[str], Mapping[int, str], None]


def model_from_estimator(
    estimator: Any,
    rasters: Sequence[str | os.PathLike[str]],
    *,
    class_names: ByClass = None,
    colours: ByClass = None,
    band_names: Sequence[str] | None = None,
    nodata: float | None = None,
    resampling: str = "nearest",
) -> Model:
    """Wrap a fitted scikit-learn classifier as a model that predicts the given rasters.

    Parameters
    ----------
    estimator
        A fitted classifier with ``predict_proba``, fitted on one feature per band of the
        rasters (in stack order) with whole-number class codes 0..65534 (``classes_``).
    rasters
        The rasters it will classify, stacked in order (the first one's grid); their band
        descriptions, CRS and pixel size are recorded, and a later prediction checks that the
        rasters given have the same bands.
    class_names, colours
        Names and ``#rrggbb`` colours of the classes: a list in the order of
        ``estimator.classes_`` or a mapping from class code; by default "class <code>" and a
        colour suggested by the name.
    band_names
        Names to record for the bands (the rasters' descriptions by default); given names
        are matched by position only.
    nodata, resampling
        As in :class:`~..stack.RasterStack`: nodata of rasters declaring none; how rasters on
        another grid are resampled.

    Returns
    -------
    Model
        The estimator (used as it is, not copied: a prediction sets its ``n_jobs`` to 1, as
        blocks are classified in parallel) with a manifest and a legend; give it to
        :func:`~..predict.predict_raster` or :func:`~..suggest.suggest_labels`.

    Raises
    ------
    InvalidInputError
        If the estimator is not fitted, has no ``predict_proba``, has classes that are not
        whole numbers 0..65534, was fitted on another number of features than the rasters
        have bands, or the names, colours or band names do not fit.
    InputReadError
        If a raster cannot be read.
    """
    codes = _check_estimator(estimator)
    with RasterStack(rasters, nodata=nodata, resampling=resampling) as stack:
        definition = stack.definition()
        count = stack.count
        crs_wkt = stack.crs.to_wkt() if stack.crs is not None else ""
        pixel = (abs(stack.transform.a), abs(stack.transform.e))
    fitted = getattr(estimator, "n_features_in_", None)
    if fitted is not None and int(fitted) != count:
        raise InvalidInputError(
            f"The estimator was fitted on {int(fitted)} features but the rasters given have "
            f"{count} bands; give the rasters whose bands it was fitted on, in the same order "
            "(one feature per band)."
        )
    bands = definition["bands"]
    if band_names is not None:
        bands = _renamed(bands, band_names)
    names = _by_class(class_names, codes, "class_names") or [f"class {c}" for c in codes]
    chosen = _by_class(colours, codes, "colours")
    legend = build_legend(codes, names, _colours(chosen) if chosen else None)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "model_id": str(uuid.uuid4()),
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "bands": [b["name"] for b in bands],
        "band_count": count,
        "classes": legend_to_json(legend),
        "crs_wkt": crs_wkt,
        "stack": {"resampling": resampling, "nodata": nodata, "bands": bands},
        "versions": library_versions(),
        CUSTOM_ESTIMATOR: f"{type(estimator).__module__}.{type(estimator).__qualname__}",
        "pixel_size": list(pixel),
    }
    return Model(estimator, validate_manifest(manifest, "the estimator given"))


def _check_estimator(estimator: Any) -> list[int]:
    """Return the estimator's class codes after checking it can classify pixels."""
    what = type(estimator).__name__
    if not hasattr(estimator, "fit") or not hasattr(estimator, "predict"):
        raise InvalidInputError(
            f"A {what} is not a scikit-learn classifier: give a fitted estimator with fit, "
            "predict and predict_proba (such as RandomForestClassifier)."
        )
    try:
        require("sklearn.utils.validation").check_is_fitted(estimator)
    except (TypeError, ValueError, AttributeError) as exc:  # NotFittedError is a ValueError
        raise InvalidInputError(
            f"The {what} is not fitted: call its fit() on your samples (one row per pixel, one "
            f"column per band) before making a model of it ({exc})."
        ) from exc
    if not hasattr(estimator, "predict_proba"):
        raise InvalidInputError(
            f"The {what} gives no class probabilities (predict_proba), which the prediction "
            "needs (class, confidence): use a classifier that has them, e.g. SVC with "
            "probability=True."
        )
    classes = np.asarray(getattr(estimator, "classes_", []))
    if classes.ndim != 1 or classes.size < 2:
        raise InvalidInputError(
            f"The {what} has no list of at least 2 classes (classes_); fit it on samples of "
            "two classes or more."
        )
    whole = classes.dtype.kind in "iu" or (
        classes.dtype.kind == "f" and bool(np.all(np.isfinite(classes) & (classes % 1 == 0)))
    )
    if not whole or classes.min() < 0 or classes.max() > MAX_CODE:
        shown = ", ".join(repr(c) for c in classes.tolist()[:3])
        raise InvalidInputError(
            f"The {what}'s classes ({shown}...) are not whole numbers from 0 to {MAX_CODE}: a "
            "class map stores class codes. Fit it on integer codes (e.g. with scikit-learn's "
            "LabelEncoder) and give the names as class_names."
        )
    return [int(c) for c in classes]


def _by_class(values: ByClass, codes: list[int], what: str) -> list[str] | None:
    """Return ``values`` in the order of ``codes`` (None when not given)."""
    if values is None:
        return None
    if isinstance(values, Mapping):
        unknown = sorted(set(values) - set(codes))
        if unknown:
            raise InvalidInputError(
                f"{what} names class codes the estimator does not have ({unknown[:5]}); its "
                f"classes are {codes}."
            )
        defaults = {"class_names": "class {}", "colours": ""}[what]
        return [str(values.get(c, defaults.format(c))) for c in codes]
    items = [str(v) for v in values]
    if len(items) != len(codes):
        raise InvalidInputError(
            f"{what} gives {len(items)} values for {len(codes)} classes ({codes}); give one per "
            "class in the order of the estimator's classes_, or a mapping from class code."
        )
    return items


def _colours(values: list[str]) -> list[str | None]:
    """Return the colours as ``#rrggbb`` (None where empty); refuse anything else."""
    out: list[str | None] = []
    for value in values:
        colour = normalise_color(value) if value else None
        if value and colour is None:
            raise InvalidInputError(
                f"The colour {value!r} is not a colour as #rrggbb (e.g. #1f78b4)."
            )
        out.append(colour)
    return out


def _renamed(bands: list[dict[str, Any]], names: Sequence[str]) -> list[dict[str, Any]]:
    """Return the stack's bands with the names given (matched by position only)."""
    names = [str(n).strip() for n in names]
    if len(names) != len(bands):
        raise InvalidInputError(
            f"band_names gives {len(names)} names for the {len(bands)} bands of the rasters; "
            "give one name per band, in stack order."
        )
    if not all(names) or len({n.lower() for n in names}) != len(names):
        raise InvalidInputError(
            "band_names must be non-empty and distinct (ignoring case); rename the repeated "
            "or empty ones."
        )
    return [{**band, "name": name, "described": False} for band, name in zip(bands, names)]
