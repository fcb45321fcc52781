"""The model manifest checked field by field when a model file is read.

A manifest comes from whoever wrote the file. :func:`validate_manifest` checks every field the
plugin reads (types, ranges, unique class codes, ``#rrggbb`` colours, bounded strings and
lists) and returns a :class:`ModelManifest`: those fields typed, the feature recipe without any
path (a model file never names a file to open: distance layers are parameters of the run). A
problem is a :class:`~.errors.ModelFileError` naming the field.

Reading is tolerant of older and newer files: a field an older plugin did not write is None,
and a field this plugin does not know (written by a newer one) is kept as bounded JSON in
:attr:`ModelManifest.extra`, never acted on, and written back unchanged when the manifest is
rewritten (a legend edit).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Callable

from ..errors import ModelFileError
from ..legend import ClassInfo, legend_from_json, legend_to_json

#: Longest text of a name (class, band, field) and of any other string field.
MAX_NAME = 256
MAX_TEXT = 4096
MAX_CRS_WKT = 64 * 1024
MAX_BANDS = 10_000
MAX_CLASSES = 65_535
#: Largest class code (65535 is the uint16 map's nodata).
MAX_CODE = 65_534
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


class _InvalidError(Exception):
    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field, self.problem = field, problem


#: Set by :func:`~.model_file.load_model` on a model it refitted; never read from a file.
REFITTED = "refitted"


@dataclasses.dataclass(frozen=True, eq=False)
class ModelManifest(Mapping[str, Any]):
    """A model file's manifest, checked (:func:`validate_manifest`).

    The fields the plugin reads are attributes, None when the file does not have them (an
    older file). ``extra`` holds the fields this plugin does not know, as read. The manifest
    is also a read-only mapping of its JSON form (:meth:`to_json`), the record shown by
    lulc:modelinfo and written into the model file.

    Attributes
    ----------
    bands
        The features the model takes, in order (:attr:`stack` says where each comes from).
    classes
        The legend as JSON: code, name and colour of each class (:attr:`legend`: as
        :class:`~..legend.ClassInfo`).
    algorithm, hyperparameters, selected_hyperparameters, seed, balanced
        How it was trained (a key of :func:`~.estimators.algorithms`).
    validation, metrics
        The validation scheme and the out-of-sample accuracy it measured.
    crs_wkt, class_field, label_type, class_values
        The samples' CRS and class field (integer or text, and its values by code).
    n_samples, samples_per_class, learning_history
        What it was trained on, and the accuracy of each training of this model.
    model_id, created, versions
        Identity, date and library versions.
    extra
        Fields written by a newer plugin, kept as read.
    """

    bands: list[str]
    classes: list[dict[str, Any]]
    format: str | None = None
    format_version: int | None = None
    created: str | None = None
    model_id: str | None = None
    algorithm: str | None = None
    class_field: str | None = None
    label_type: str | None = None
    scheme: str | None = None
    crs_wkt: str | None = None
    seed: int | None = None
    band_count: int | None = None
    n_samples: int | None = None
    search_iterations: int | None = None
    test_fraction: float | None = None
    balanced: bool | None = None
    hyperparameters: dict[str, Any] | None = None
    selected_hyperparameters: dict[str, Any] | None = None
    validation: dict[str, Any] | None = None
    metrics: dict[str, Any] | None = None
    samples_per_class: dict[str, Any] | None = None
    legend_history: dict[str, Any] | None = None
    versions: dict[str, str] | None = None
    training_table: dict[str, int] | None = None
    #: the estimator as an ONNX graph, stored beside it (:mod:`.onnx_inference`)
    onnx: dict[str, Any] | None = None
    #: a convolutional network on patches: its ONNX graph is the model (:mod:`.patch_model`)
    patch: dict[str, Any] | None = None
    stack: dict[str, Any] | None = None
    refitted: dict[str, Any] | None = None
    #: one entry per training of this model and of the models it retrains, oldest first
    learning_history: list[dict[str, Any]] | None = None
    #: a text class field's value of each class code (names may be renamed; values stay)
    class_values: dict[str, str] | None = None
    #: a model of segments (lulc:sample with a segment raster): it needs one at prediction
    object_based: bool | None = None
    #: the segment features it was trained on, in order (:mod:`..segment_features`)
    segment_features: list[str] | None = None
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def legend(self) -> list[ClassInfo]:
        """Class codes, names and colours."""
        return legend_from_json(self.classes)

    @property
    def stack_bands(self) -> list[dict[str, Any]] | None:
        """The bands of the stack the model was trained on (name, described...), if recorded."""
        return (self.stack or {}).get("bands")

    @property
    def resampling(self) -> str:
        """Resampling of the rasters onto the first one's grid (default: nearest)."""
        return str((self.stack or {}).get("resampling", "nearest"))

    @property
    def nodata(self) -> float | None:
        """The nodata value given at sampling, if any (else each raster's own)."""
        return (self.stack or {}).get("nodata")

    @property
    def recipe(self) -> dict[str, Any] | None:
        """The feature recipe (without distance layer paths), if the model has one."""
        return (self.stack or {}).get("recipe")

    def with_legend(self, legend: Sequence[ClassInfo]) -> ModelManifest:
        """Return the same manifest with new class names and colours (a legend edit)."""
        return dataclasses.replace(self, classes=legend_to_json(legend))

    def version_of(self, package: str) -> str:
        """Return the version of ``package`` that wrote the model ("" if not recorded)."""
        return str((self.versions or {}).get(package, ""))

    def to_json(self) -> dict[str, Any]:
        """Return the manifest as JSON: the fields it has, then the unknown ones, as read."""
        return dict(self._json)

    @functools.cached_property
    def _json(self) -> dict[str, Any]:
        known = {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if f.name != "extra" and getattr(self, f.name) is not None
        }
        return {**known, **self.extra}

    def __getitem__(self, key: str) -> Any:
        """Return the field ``key`` of the manifest's JSON form."""
        return self._json[key]

    def __iter__(self) -> Iterator[str]:
        """Iterate over the field names of the JSON form, in :meth:`to_json` order."""
        return iter(self._json)

    def __len__(self) -> int:
        """Return the number of fields in the JSON form."""
        return len(self._json)


#: The fields of a manifest file that :class:`ModelManifest` types.
KNOWN = frozenset(f.name for f in dataclasses.fields(ModelManifest)) - {"extra", REFITTED}


def validate_manifest(raw: Any, where: str) -> ModelManifest:
    """Check the manifest's fields (see the module's docstring) and return them typed.

    Raises
    ------
    ModelFileError
        Naming the first field that is missing, of the wrong type or out of range.
    """
    try:
        checked = _manifest(raw)
        return ModelManifest(**checked, extra=_unknown(raw))
    except _InvalidError as exc:
        raise ModelFileError(
            f"The model file '{where}' was not loaded: its manifest field '{exc.field}' "
            f"{exc.problem}. The file is damaged or was not written by LULC Classifier; train "
            "the model again or use a file from a source you trust."
        ) from None


def legend_items(raw: Any) -> list[dict[str, Any]]:
    """Check a legend in JSON the way the manifest's classes are checked.

    The legend is a model's ``classes`` or a class map's ``LULC_CLASSES`` tag. Codes must be
    0..65534 and unique, names bounded, colours ``#rrggbb``.

    Raises
    ------
    ValueError
        Naming the entry and what is wrong with it.
    """
    try:
        return _classes(raw)
    except _InvalidError as exc:
        raise ValueError(f"'{exc.field}' {exc.problem}") from None


# --------------------------------------------------------------------------- primitives


def _int(field: str, value: Any, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise _InvalidError(
            field, f"must be a whole number from {low} to {high}, not {_show(value)}"
        )
    return value


def _number(field: str, value: Any, low: float = -math.inf, high: float = math.inf) -> Any:
    """Check a finite number in range and return it as given (an int stays an int)."""
    if (
        not isinstance(value, (int, float))
        or isinstance(value, bool)
        or not math.isfinite(value)
        or not low <= value <= high
    ):
        raise _InvalidError(field, f"must be a number from {low} to {high}, not {_show(value)}")
    return value


def _text(field: str, value: Any, limit: int = MAX_TEXT, *, empty: bool = True) -> str:
    if not isinstance(value, str) or len(value) > limit or (not empty and not value.strip()):
        raise _InvalidError(
            field, f"must be a text of at most {limit} characters, not {_show(value)}"
        )
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        raise _InvalidError(field, "holds control characters")
    return value


def _bool(field: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _InvalidError(field, f"must be true or false, not {_show(value)}")
    return value


def _list(field: str, value: Any, limit: int, item: Callable[[str, Any], Any]) -> list[Any]:
    if not isinstance(value, list) or len(value) > limit:
        raise _InvalidError(field, f"must be a list of at most {limit:,} items, not {_show(value)}")
    return [item(f"{field}[{k}]", v) for k, v in enumerate(value)]


def _dict(field: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _InvalidError(field, f"must be a table, not {_show(value)}")
    return value


def _scalar(field: str, value: Any) -> Any:
    """Check a hyperparameter value: a bounded text, a number, true/false or null."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _text(field, value, MAX_NAME)
    if isinstance(value, list):  # a tuple, such as hidden layer sizes
        return _list(field, value, 100, _number)
    return _number(field, value)


def _json(field: str, value: Any, depth: int = 0) -> Any:
    """Check any JSON value, with bounded strings and nesting (records shown, never acted on)."""
    if depth > 12:
        raise _InvalidError(field, "is nested too deeply")
    if isinstance(value, dict):
        return {
            _text(f"{field} key", k, MAX_NAME): _json(f"{field}.{k}", v, depth + 1)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_json(f"{field}[{k}]", v, depth + 1) for k, v in enumerate(value)]
    if isinstance(value, str):
        return _text(field, value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


def _optional(raw: dict[str, Any], key: str, check: Callable[[str, Any], Any]) -> dict[str, Any]:
    return {key: check(key, raw[key])} if raw.get(key) is not None else {}


# --------------------------------------------------------------------------- fields


def _unknown(raw: dict[str, Any]) -> dict[str, Any]:
    """Return the fields this plugin does not know (a newer plugin's), as bounded JSON.

    A field that is not bounded JSON (too deep, control characters) is left out rather than
    refused.
    """
    out = {}
    for key, value in raw.items():
        if key in KNOWN or key == REFITTED:
            continue
        try:
            out[_text("(key)", key, MAX_NAME)] = _json(key, value)
        except _InvalidError:
            continue
    return out


def _manifest(raw: Any) -> dict[str, Any]:
    raw = _dict("(manifest)", raw)
    out: dict[str, Any] = {
        "format": raw.get("format"),
        "format_version": raw.get("format_version"),
        "bands": _list("bands", raw.get("bands"), MAX_BANDS, _band_name),
        "classes": _classes(raw.get("classes")),
    }
    if not out["bands"]:
        raise _InvalidError("bands", "is empty")
    texts = ("created", "model_id", "algorithm", "class_field", "label_type", "scheme")
    for key in texts:
        out.update(_optional(raw, key, lambda f, v: _text(f, v, MAX_NAME)))
    out.update(_optional(raw, "crs_wkt", lambda f, v: _text(f, v, MAX_CRS_WKT)))
    out.update(_optional(raw, "seed", lambda f, v: _int(f, v, 0, 2**32 - 1)))
    out.update(_optional(raw, "band_count", lambda f, v: _int(f, v, 1, MAX_BANDS)))
    out.update(_optional(raw, "n_samples", lambda f, v: _int(f, v, 0, 2**53)))
    out.update(_optional(raw, "search_iterations", lambda f, v: _int(f, v, 0, 1_000_000)))
    out.update(_optional(raw, "test_fraction", lambda f, v: _number(f, v, 0.0, 1.0)))
    out.update(_optional(raw, "balanced", _bool))
    for key in ("hyperparameters", "selected_hyperparameters"):
        out.update(_optional(raw, key, _hyperparameters))
    for key in ("validation", "metrics", "samples_per_class", "legend_history"):
        out.update(_optional(raw, key, lambda f, v: _json(f, _dict(f, v))))
    out.update(_optional(raw, "versions", _versions))
    out.update(_optional(raw, "training_table", _training_table))
    out.update(_optional(raw, "onnx", _onnx))
    out.update(_optional(raw, "patch", _patch))
    out.update(_optional(raw, "stack", _stack))
    out.update(_optional(raw, "learning_history", _learning_history))
    out.update(_optional(raw, "class_values", _class_values))
    out.update(_optional(raw, "object_based", _bool))
    out.update(_optional(raw, "segment_features", lambda f, v: _list(f, v, MAX_BANDS, _band_name)))
    if out.get("band_count", len(out["bands"])) != len(out["bands"]):
        raise _InvalidError(
            "band_count", f"is {out['band_count']} but 'bands' names {len(out['bands'])}"
        )
    return out


def _band_name(field: str, value: Any) -> str:
    return _text(field, value, MAX_NAME, empty=False)


def _classes(value: Any) -> list[dict[str, Any]]:
    def one(field: str, item: Any) -> dict[str, Any]:
        item = _dict(field, item)
        color = _text(f"{field}.color", item.get("color"), 7)
        if not _COLOR.match(color):
            raise _InvalidError(
                f"{field}.color", f"must be a colour as #rrggbb, not {_show(color)}"
            )
        return {
            "code": _int(f"{field}.code", item.get("code"), 0, MAX_CODE),
            "name": _text(f"{field}.name", item.get("name"), MAX_NAME, empty=False),
            "color": color,
        }

    classes = _list("classes", value, MAX_CLASSES, one)
    if not classes:
        raise _InvalidError("classes", "is empty")
    codes = [c["code"] for c in classes]
    if len(set(codes)) != len(codes):
        twice = sorted({c for c in codes if codes.count(c) > 1})[:5]
        raise _InvalidError("classes", f"gives the code(s) {twice} more than once")
    return classes


def _hyperparameters(field: str, value: Any) -> dict[str, Any]:
    value = _dict(field, value)
    if len(value) > 100:
        raise _InvalidError(field, "has more than 100 entries")
    return {
        _text(f"{field} key", k, MAX_NAME): _scalar(f"{field}.{k}", v) for k, v in value.items()
    }


def _versions(field: str, value: Any) -> dict[str, str]:
    value = _dict(field, value)
    if len(value) > 50:
        raise _InvalidError(field, "has more than 50 entries")
    return {_text(f"{field} key", k, 64): _text(f"{field}.{k}", v, 64) for k, v in value.items()}


def _training_table(field: str, value: Any) -> dict[str, int]:
    value = _dict(field, value)
    return {
        "samples": _int(f"{field}.samples", value.get("samples"), 1, 2**31),
        "features": _int(f"{field}.features", value.get("features"), 1, MAX_BANDS),
    }


_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _digest(field: str, value: Any) -> str:
    if not isinstance(value, str) or not _SHA256.match(value):
        raise _InvalidError(field, f"must be a SHA-256 digest in hex, not {_show(value)}")
    return value


def _onnx(field: str, value: Any) -> dict[str, Any]:
    value = _dict(field, value)
    return {
        "sha256": _digest(f"{field}.sha256", value.get("sha256")),
        "estimator_sha256": _digest(f"{field}.estimator_sha256", value.get("estimator_sha256")),
        "classes": _list(
            f"{field}.classes",
            value.get("classes"),
            MAX_CLASSES,
            lambda f, v: _int(f, v, -(2**53), 2**53),
        ),
        "max_probability_difference": _number(
            f"{field}.max_probability_difference", value.get("max_probability_difference"), 0, 1
        ),
        "checked_rows": _int(f"{field}.checked_rows", value.get("checked_rows"), 0, 2**31),
    }


def _patch(field: str, value: Any) -> dict[str, Any]:
    """Check the record of a patch network: its graph's digest, patch size, fill values..."""
    value = _dict(field, value)
    size = _int(f"{field}.size", value.get("size"), 3, 31)
    if size % 2 == 0:
        raise _InvalidError(f"{field}.size", f"must be odd, not {size}")
    return {
        "size": size,
        "sha256": _digest(f"{field}.sha256", value.get("sha256")),
        "classes": _list(
            f"{field}.classes",
            value.get("classes"),
            MAX_CLASSES,
            lambda f, v: _int(f, v, 0, MAX_CODE),
        ),
        "fill": _list(
            f"{field}.fill",
            value.get("fill"),
            MAX_BANDS,
            lambda f, v: _number(f, v, -3.4e38, 3.4e38),
        ),
        "width": _int(f"{field}.width", value.get("width"), 1, 4096),
        "max_probability_difference": _number(
            f"{field}.max_probability_difference", value.get("max_probability_difference"), 0, 1
        ),
    }


def _class_values(field: str, value: Any) -> dict[str, str]:
    """Check the text value of each class code: ``{"1": "Water", ...}``."""
    value = _dict(field, value)
    if len(value) > MAX_CLASSES:
        raise _InvalidError(field, f"has more than {MAX_CLASSES:,} entries")
    out = {}
    for key, text in value.items():
        if not isinstance(key, str) or not key.isdigit() or int(key) > MAX_CODE:
            raise _InvalidError(field, f"has a key that is not a class code: {_show(key)}")
        out[key] = _text(f"{field}.{key}", text, MAX_NAME)
    return out


#: Most trainings a learning history keeps (the oldest are dropped past it).
MAX_HISTORY = 1000


def _learning_history(field: str, value: Any) -> list[dict[str, Any]]:
    """Check a learning history: one entry per training (labels, accuracy and its interval)."""

    def interval(f: str, v: Any) -> list[float] | None:
        if v is None:
            return None
        pair = _list(f, v, 2, lambda g, w: _number(g, w, 0.0, 1.0))
        if len(pair) != 2 or pair[0] > pair[1]:
            raise _InvalidError(f, "must be two increasing numbers from 0 to 1")
        return pair

    def entry(f: str, v: Any) -> dict[str, Any]:
        v = _dict(f, v)
        accuracy = v.get("overall_accuracy")
        return {
            "labels": _int(f"{f}.labels", v.get("labels"), 0, 2**53),
            "samples": _int(f"{f}.samples", v.get("samples"), 0, 2**53),
            "overall_accuracy": None
            if accuracy is None
            else _number(f"{f}.overall_accuracy", accuracy, 0.0, 1.0),
            "overall_accuracy_ci": interval(
                f"{f}.overall_accuracy_ci", v.get("overall_accuracy_ci")
            ),
            "scheme": _text(f"{f}.scheme", v.get("scheme", ""), MAX_NAME),
            "date": _text(f"{f}.date", v.get("date", ""), MAX_NAME),
            "algorithm": _text(f"{f}.algorithm", v.get("algorithm", ""), MAX_NAME),
        }

    return _list(field, value, MAX_HISTORY, entry)


def _stack(field: str, value: Any) -> dict[str, Any]:
    value = _dict(field, value)
    out: dict[str, Any] = {}
    out.update(_optional(value, "resampling", lambda f, v: _text(f"{field}.{f}", v, 32)))
    out.update(_optional(value, "nodata", lambda f, v: _number(f"{field}.{f}", v)))
    if value.get("bands") is not None:
        out["bands"] = _list(f"{field}.bands", value["bands"], MAX_BANDS, _stack_band)
    if value.get("recipe") is not None:
        out["recipe"] = _recipe(f"{field}.recipe", value["recipe"])
    return out


def _stack_band(field: str, value: Any) -> dict[str, Any]:
    value = _dict(field, value)
    out = {
        "name": _band_name(f"{field}.name", value.get("name")),
        "described": _bool(f"{field}.described", value.get("described", False)),
    }
    # Where the band came from (shown to the user, never opened; 0 for a computed feature)
    # and its field in the sample table.
    out.update(_optional(value, "file", lambda f, v: _text(f"{field}.{f}", v)))
    out.update(_optional(value, "band", lambda f, v: _int(f"{field}.{f}", v, 0, MAX_BANDS)))
    out.update(_optional(value, "resampled", lambda f, v: _bool(f"{field}.{f}", v)))
    out.update(_optional(value, "field", lambda f, v: _text(f"{field}.{f}", v, MAX_NAME)))
    return out


def _band_number(field: str, value: Any) -> int:
    return _int(field, value, 1, MAX_BANDS)


def _window(field: str, value: Any) -> int:
    size = _int(field, value, 3, 101)
    if size % 2 == 0:
        raise _InvalidError(field, f"must be odd, not {size}")
    return size


def _recipe(field: str, value: Any) -> dict[str, Any]:
    """Check a feature recipe (see :class:`~..features.feature_stack.FeatureRecipe`).

    Distance layers are reduced to their name and cap: the layer itself is a parameter of
    each run.
    """
    from ..features.indices import INDICES

    value = _dict(field, value)
    known = {
        "roles", "scale", "offset", "indices", "focal_bands", "focal_size", "texture_band",
        "texture_size", "texture_range", "slope_band", "distances", "keep_raw",
    }  # fmt: skip
    unknown = sorted(set(value) - known)
    if unknown:
        raise _InvalidError(f"{field}.{unknown[0][:40]}", "is not a feature recipe field")

    def index(f: str, v: Any) -> str:
        name = _text(f, v, 32)
        if name.upper() not in INDICES:
            raise _InvalidError(f, f"names an unknown index {_show(name)}")
        return name

    def distance(f: str, v: Any) -> dict[str, Any]:
        v = _dict(f, v)
        return {
            "name": _text(f"{f}.name", v.get("name"), MAX_NAME, empty=False),
            "max_distance": _number(f"{f}.max_distance", v.get("max_distance"), 0.0, 1e9),
        }

    roles = _dict(f"{field}.roles", value.get("roles", {}))
    texture_range = value.get("texture_range")
    out: dict[str, Any] = {
        "roles": {_text(f"{field}.roles key", k, 32): _band_number(f"{field}.roles.{k}", v)
                  for k, v in roles.items()},
        "scale": _number(f"{field}.scale", value.get("scale", 1.0)),
        "offset": _number(f"{field}.offset", value.get("offset", 0.0)),
        "indices": _list(f"{field}.indices", value.get("indices", []), 100, index),
        "focal_bands": _list(
            f"{field}.focal_bands", value.get("focal_bands", []), 100, _band_number
        ),
        "focal_size": _window(f"{field}.focal_size", value.get("focal_size", 3)),
        "texture_size": _window(f"{field}.texture_size", value.get("texture_size", 5)),
        "distances": _list(f"{field}.distances", value.get("distances", []), 20, distance),
        "keep_raw": _bool(f"{field}.keep_raw", value.get("keep_raw", True)),
        "texture_range": None,
    }  # fmt: skip
    for key in ("texture_band", "slope_band"):
        out[key] = None if value.get(key) is None else _band_number(f"{field}.{key}", value[key])
    if texture_range is not None:
        pair = _list(f"{field}.texture_range", texture_range, 2, _number)
        if len(pair) != 2 or not pair[0] < pair[1]:
            raise _InvalidError(f"{field}.texture_range", "must be two increasing numbers")
        out["texture_range"] = pair
    return out
