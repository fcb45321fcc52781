"""The ``.lulcmodel`` file: a zip holding a JSON manifest and the estimator in skops format.

Loading never unpickles: skops rebuilds only an allow-list of trusted types, and the manifest
can be read without touching the estimator at all.

Model files travel between stacks (Debian 12's scikit-learn 1.2, Debian 13's 1.4...), but some
fitted estimators do not: scikit-learn changes the internals of trees, boosting and neighbour
searches between versions. So a model written by :func:`save_model` with its training table
also holds that table (plain ``.npy`` arrays, read without pickle and within a size limit)
and the original's predictions for a fixed subset of it. When the saved scikit-learn differs
from the running one, :func:`load_model` checks the rebuilt estimator against those
predictions; if it cannot be rebuilt or predicts differently, it is refitted from the table
with the recipe in the manifest (algorithm, hyperparameters, seed), deterministically, and
the log says so. The model's recorded accuracy is the original's.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import json
import os
import platform
import shutil
import uuid
import warnings
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

import numpy as np
import numpy.typing as npt

from ..deps import require
from ..errors import LulcError, ModelFileError
from ..files import atomic_output
from ..legend import ClassInfo
from ..progress import NullProgress, Progress
from ..version import plugin_version
from . import onnx_inference
from .archive import (
    UntrustedTypeError,
    audit_estimator,
    check_zip,
    npy_header,
    read_member,
)
from .manifest import ModelManifest, validate_manifest

FORMAT = "lulc-model"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
ESTIMATOR = "estimator.skops"
#: The estimator as an ONNX graph (:mod:`.onnx_inference`), when it could be converted.
ONNX = "estimator.onnx"
EXTENSION = ".lulcmodel"
TRAINING_X = "training/x.npy"
TRAINING_Y = "training/y.npy"
TRAINING_CHECK = "training/check.npy"
#: Largest training table read back (float64 values: 512 MB); a larger claim is refused.
MAX_TRAINING_VALUES = 64_000_000
#: Training rows whose predictions by the original estimator are kept, to check a rebuild.
CHECK_ROWS = 1000


@dataclass(frozen=True)
class Model:
    """A loaded model: the fitted estimator and its manifest.

    A model loaded for prediction (:func:`load_for_prediction`) from a file holding an ONNX
    graph has ``compiled`` (an :class:`~.onnx_inference.OnnxPredictor`) and no estimator.

    Attributes
    ----------
    estimator
        The fitted scikit-learn estimator (``predict_proba``, ``classes_``: the class codes).
    manifest
        What the model is (:class:`~.manifest.ModelManifest`): bands, classes, CRS, how it was
        trained and how accurate it is.
    compiled
        The ONNX graph it predicts with instead, if any.
    """

    estimator: Any
    manifest: ModelManifest
    compiled: Any = None

    @property
    def predictor(self) -> Any:
        """What predicts: the compiled graph if there is one, else the estimator."""
        return self.compiled if self.compiled is not None else self.estimator

    @property
    def band_names(self) -> list[str]:
        """Names of the bands (features) the model was trained on, in order."""
        return list(self.manifest.bands)

    @property
    def legend(self) -> list[ClassInfo]:
        """Class codes, names and colours."""
        return self.manifest.legend


def library_versions() -> dict[str, str]:
    """Return the versions of the libraries a model depends on, for the manifest."""
    versions = {"python": platform.python_version(), "lulc_classifier": plugin_version()}
    for module in ("sklearn", "numpy", "skops"):
        try:
            versions[module] = str(require(module).__version__)
        except ImportError:
            versions[module] = "missing"
    return versions


def save_model(
    path: str | os.PathLike[str],
    estimator: Any,
    manifest: Mapping[str, Any],
    *,
    training: tuple[npt.NDArray[Any], npt.NDArray[Any]] | None = None,
) -> ModelManifest:
    """Write estimator and manifest to ``path`` atomically.

    Parameters
    ----------
    path
        The ``.lulcmodel`` file to write (replaced only once complete).
    estimator
        The fitted estimator; it must be made of the types a model file may hold
        (:mod:`.archive`'s allow-list).
    manifest
        What the model is: at least ``bands`` and ``classes`` (a :class:`Model`'s
        ``manifest`` will do); ``format``, ``model_id`` and ``versions`` are added.
    training
        The table the estimator was fitted on (features ``x``, class codes ``y``), stored so
        that another scikit-learn can refit the model when it cannot rebuild it; the
        manifest must then hold the recipe (``algorithm``, ``seed``, ``hyperparameters``,
        ``balanced``, optional ``selected_hyperparameters``).

    Returns
    -------
    ModelManifest
        The manifest as written (and as :func:`load_model` reads it back).

    Raises
    ------
    LulcError
        If the estimator holds a type outside the allow-list (nothing is written).
    ModelFileError
        If the manifest is not valid (the message names the field).
    OutputError
        If the file cannot be written.
    """
    sio = require("skops.io")
    full = {"format": FORMAT, "format_version": FORMAT_VERSION, **manifest}
    full.setdefault("model_id", str(uuid.uuid4()))
    full.setdefault("versions", library_versions())
    arrays: dict[str, npt.NDArray[Any]] = {}
    if training is not None:
        x = np.ascontiguousarray(training[0], dtype=np.float64)
        y = np.ascontiguousarray(training[1], dtype=np.int64)
        if x.ndim != 2 or y.shape != (x.shape[0],):
            raise ValueError(f"training table shapes {x.shape} and {y.shape} do not match")
        check = np.asarray(estimator.predict(x[check_rows(len(y))]), dtype=np.int64)
        arrays = {TRAINING_X: x, TRAINING_Y: y, TRAINING_CHECK: check}
        full["training_table"] = {"samples": int(x.shape[0]), "features": int(x.shape[1])}
    payload = sio.dumps(estimator)
    digest = hashlib.sha256(payload).hexdigest()
    graph = None if not arrays else onnx_inference.convert(estimator, arrays[TRAINING_X], digest)
    if graph is not None:
        full["onnx"] = {
            "sha256": hashlib.sha256(graph[0]).hexdigest(),
            "estimator_sha256": digest,
            "classes": [int(c) for c in estimator.classes_],
            "max_probability_difference": graph[1],
            "checked_rows": min(len(arrays[TRAINING_X]), onnx_inference.CHECK_ROWS),
        }
    # Written as it will be read: checked, and without the paths of distance layers.
    checked = validate_manifest(full, str(path))
    full = {**checked.to_json(), "format": FORMAT}
    try:
        audit_estimator(payload, str(path))
    except ModelFileError as exc:  # never write a model this plugin would refuse to load
        raise _unsaveable(exc, full) from exc
    with (
        atomic_output(path, "model file") as tmp,
        zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        archive.writestr(MANIFEST, _manifest_bytes(full))
        archive.writestr(ESTIMATOR, payload)
        if graph is not None:
            archive.writestr(ONNX, graph[0])
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.save(buffer, array, allow_pickle=False)
            archive.writestr(name, buffer.getvalue())
    return checked


def _unsaveable(exc: ModelFileError, manifest: dict[str, Any]) -> LulcError:
    """Return the error for an estimator a model file may not hold."""
    custom = manifest.get("custom_estimator")  # a user's own (custom.model_from_estimator)
    if custom is None:
        return LulcError(
            f"The trained model cannot be saved: {exc} (a type missing from the plugin's "
            "allow-list; please report it with the algorithm and options used)."
        )
    kinds = ", ".join(getattr(exc, "kinds", [])[:5]) or "types"
    return LulcError(
        f"A {custom} cannot be saved as a model file: it holds {kinds}, outside the allow-list "
        "of types a model file may hold (so that loading one never runs code). Predict with the "
        "model in this session, or keep the estimator with your own means (e.g. skops) and "
        "make the model again with model_from_estimator."
    )


def rewrite_manifest(
    source: str | os.PathLike[str], target: str | os.PathLike[str], manifest: ModelManifest
) -> None:
    """Copy the model file ``source`` to ``target`` with a new manifest.

    The other members are copied byte for byte, member by member, and keep their zip info
    (the estimator and the training table are not read). ``target`` is written in place: give
    the temporary file of an :func:`~..files.atomic_output`.
    """
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        check_zip(src, str(source))  # the caller read the manifest; the file may have changed
        for info in src.infolist():
            if info.filename == MANIFEST:
                dst.writestr(info, _manifest_bytes(manifest.to_json()))
                continue
            big = info.file_size >= zipfile.ZIP64_LIMIT
            with src.open(info) as member, dst.open(info, "w", force_zip64=big) as copy:
                shutil.copyfileobj(member, copy, 1 << 20)


def _manifest_bytes(manifest: dict[str, Any]) -> bytes:
    """Return the manifest member as written: indented JSON in UTF-8."""
    return json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")


def check_rows(n_samples: int) -> npt.NDArray[np.intp]:
    """Return the training rows whose predictions are kept to check a rebuilt estimator."""
    return np.unique(np.linspace(0, n_samples - 1, min(n_samples, CHECK_ROWS)).astype(np.intp))


def read_manifest(path: str | os.PathLike[str]) -> ModelManifest:
    """Read and check the manifest of a model file without loading the estimator.

    The file's members are checked against the limits of :mod:`.archive` first, and
    every field of the manifest is checked (:func:`~.manifest.validate_manifest`).

    Parameters
    ----------
    path
        A ``.lulcmodel`` file.

    Returns
    -------
    ModelManifest
        Its manifest, checked.

    Raises
    ------
    ModelFileError
        If the file is missing, not a zip, not an LULC model, too large, or its manifest is
        invalid (the message names the field).
    """
    with _archive(path) as archive:
        data = read_member(archive, MANIFEST, str(path))
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise ModelFileError(
            f"'{path}' is not an LULC Classifier model file ({exc}). Choose a .lulcmodel file "
            "written by lulc:train or lulc:classify."
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ModelFileError(
            f"'{path}' is not an LULC Classifier model file (no '{FORMAT}' manifest)."
        )
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ModelFileError(
            f"'{path}' has an invalid model format version ({str(version)[:20]!r}); it was not "
            "written by LULC Classifier or is damaged."
        )
    if version > FORMAT_VERSION:
        raise ModelFileError(
            f"The model file '{path}' has format version {version}, newer than this plugin "
            f"reads ({FORMAT_VERSION}); update the LULC Classifier plugin."
        )
    return validate_manifest(manifest, str(path))


@contextlib.contextmanager
def _archive(path: str | os.PathLike[str]) -> Iterator[zipfile.ZipFile]:
    """Open the model file's zip, its members checked (:func:`~.archive.check_zip`)."""
    try:
        with zipfile.ZipFile(path) as archive:
            check_zip(archive, str(path))
            yield archive
    except FileNotFoundError as exc:
        raise ModelFileError(f"The model file '{path}' does not exist.") from exc
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
        if isinstance(exc, ModelFileError):
            raise
        raise ModelFileError(
            f"'{path}' is not an LULC Classifier model file ({exc}). Choose a .lulcmodel file "
            "written by lulc:train or lulc:classify."
        ) from exc


def load_model(
    path: str | os.PathLike[str], *, progress: Progress | None = None, n_jobs: int = -1
) -> Model:
    """Load a model file, rebuilding only trusted types.

    A model saved with another scikit-learn is checked against the predictions stored with
    it, and refitted from its stored training table when this scikit-learn cannot rebuild it
    or it predicts differently (``n_jobs`` threads); the log says so, and the returned
    manifest carries a ``refitted`` note.

    Parameters
    ----------
    path
        A ``.lulcmodel`` file.
    progress
        Where the log goes (a refit, versions).
    n_jobs
        Threads of a refit (-1: all cores).

    Returns
    -------
    Model
        The estimator and its manifest.

    Raises
    ------
    ModelFileError
        If the file is not a model, its estimator holds a type outside the allow-list, or it
        cannot be rebuilt here and holds no training table to refit it from.
    """
    progress = progress or NullProgress()
    manifest = read_manifest(path)
    if manifest.patch is not None:  # a network: its graph is the model
        from .patch_model import load_patch_model

        return load_patch_model(path, manifest)  # type: ignore[no-any-return]
    sio = require("skops.io")
    with _archive(path) as archive:
        payload = read_member(archive, ESTIMATOR, str(path))
    saved, current = _sklearn_versions(manifest)
    other_version = bool(saved) and saved != current
    try:
        trusted = audit_estimator(payload, str(path))
    except UntrustedTypeError as exc:
        # scikit-learn renames its internals between versions: a model from another version
        # may hold a type of that version's we do not list. It is never built, but the
        # model can be refitted from its table. Anything else is refused.
        if other_version and all(kind.startswith("sklearn.") for kind in exc.kinds):
            reason = f"it holds types that scikit-learn {current} does not know"
            return _refit(path, manifest, reason, progress, n_jobs)
        raise
    _warn_versions(manifest, progress)
    try:
        with warnings.catch_warnings():
            # scikit-learn's own "unpickled from another version" warning: said above, and
            # checked below against the stored predictions.
            warnings.simplefilter("ignore", UserWarning)
            estimator = sio.loads(payload, trusted=trusted)
    except Exception as exc:
        if other_version:
            return _refit(path, manifest, f"it cannot be rebuilt ({exc})", progress, n_jobs)
        raise ModelFileError(f"The estimator in '{path}' cannot be loaded: {exc}.") from exc
    if other_version and TRAINING_CHECK in _members(path):
        x, _, check = read_training_table(path, manifest)
        try:
            # An object rebuilt from an older version can lack attributes that this one's
            # methods read (a 1.2 Pipeline has no transform_input for 1.9's get_params).
            estimator.get_params(deep=True)
            same = np.array_equal(np.asarray(estimator.predict(x[check_rows(len(x))])), check)
        except Exception as exc:  # a rebuilt estimator missing what this version needs
            return _refit(path, manifest, f"it cannot predict here ({exc})", progress, n_jobs)
        if not same:
            reason = "it predicts differently here from the original on the stored samples"
            return _refit(path, manifest, reason, progress, n_jobs)
    return Model(estimator, manifest)


def load_for_prediction(path: str | os.PathLike[str], *, progress: Progress | None = None) -> Model:
    """Load a model to predict with: its stored ONNX graph when it has one, else the estimator.

    The graph is used without conversion and without loading the estimator, when ONNX Runtime
    is installed, its digest and its estimator's match the manifest (so it is the graph
    written with this estimator, checked against it then), and it passes
    :func:`~.onnx_inference.read_graph`. Otherwise the log says why and the estimator is
    loaded (:func:`load_model`).
    """
    progress = progress or NullProgress()
    manifest = read_manifest(path)
    if manifest.patch is not None:
        return load_model(path, progress=progress)
    if manifest.onnx is None or not onnx_inference.available():
        return load_model(path, progress=progress)
    try:
        compiled = _stored_graph(path, manifest)
    except ModelFileError as exc:
        progress.warning(f"{exc} Predicting with the estimator instead.")
        return load_model(path, progress=progress)
    return Model(None, manifest, compiled)


def _stored_graph(path: str | os.PathLike[str], manifest: ModelManifest) -> Any:
    record = manifest.onnx or {}
    with _archive(path) as archive:
        try:
            graph = read_member(archive, ONNX, str(path))
        except ModelFileError as exc:
            raise onnx_inference.refused(str(path), "it is missing or damaged") from exc
        estimator = hashlib.sha256()
        try:
            with archive.open(ESTIMATOR) as member:
                for chunk in iter(lambda: member.read(1 << 20), b""):
                    estimator.update(chunk)
        except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
            raise onnx_inference.refused(str(path), "its estimator cannot be read") from exc
    if hashlib.sha256(graph).hexdigest() != record["sha256"]:
        raise onnx_inference.refused(str(path), "it is not the graph its manifest records")
    model = onnx_inference.read_graph(graph, str(path))
    digest = estimator.hexdigest()
    if digest != record["estimator_sha256"] or onnx_inference.made_from(model) != digest:
        raise onnx_inference.refused(str(path), "it was not made from the estimator beside it")
    width, labels = onnx_inference.graph_shape(model)
    classes = record["classes"]
    if sorted(classes) != sorted(c.code for c in manifest.legend) or len(set(classes)) != len(
        classes
    ):
        raise onnx_inference.refused(str(path), "its classes are not the model's")
    if width not in (None, len(manifest.bands)) or labels not in (None, classes):
        raise onnx_inference.refused(str(path), "its inputs or classes are not the estimator's")
    try:  # ONNX Runtime checks operators and types; one row checks the output's shape
        predictor = onnx_inference.OnnxPredictor(graph, np.asarray(classes, dtype=np.int64))
        predictor.enable_early_exit(model)
        shape = predictor.predict_proba(np.zeros((1, len(manifest.bands)), np.float32)).shape
    except Exception as exc:  # onnxruntime's own errors (Fail, InvalidGraph...)
        raise onnx_inference.refused(
            str(path), f"ONNX Runtime cannot run it ({exc})"[:300]
        ) from exc
    if shape != (1, len(classes)):
        raise onnx_inference.refused(str(path), "it gives the wrong number of probabilities")
    return predictor


def read_training_table(
    path: str | os.PathLike[str], manifest: ModelManifest
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Read the stored training table (x, y) and the original's predictions of its check rows.

    Each array's header is checked against the manifest before anything is read, so a file
    cannot make this allocate more than :data:`MAX_TRAINING_VALUES` values.

    Raises
    ------
    ModelFileError
        If the table is missing, damaged or does not match the manifest.
    """
    table = manifest.training_table or {}
    n: Any = table.get("samples")
    k: Any = table.get("features")
    if not (_count(n) and _count(k)) or n * k > MAX_TRAINING_VALUES:
        raise ModelFileError(
            f"The model file '{path}' holds no usable training table (samples: {n!r}, "
            f"features: {k!r}; at most {MAX_TRAINING_VALUES:,} values are read)."
        )
    shapes = {
        TRAINING_X: ("<f8", (n, k)),
        TRAINING_Y: ("<i8", (n,)),
        TRAINING_CHECK: ("<i8", (len(check_rows(n)),)),
    }
    arrays = []
    with _archive(path) as archive:
        for name, (dtype, shape) in shapes.items():
            try:
                with archive.open(name) as member:
                    arrays.append(_read_npy(member, dtype, shape))
            except (KeyError, ValueError, OSError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
                raise ModelFileError(
                    f"The training table in the model file '{path}' is damaged ({name}: "
                    f"{exc}); retrain the model."
                ) from exc
    return arrays[0], arrays[1], arrays[2]


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _read_npy(member: IO[bytes], dtype: str, shape: tuple[int, ...]) -> npt.NDArray[Any]:
    """Read an .npy array of exactly ``dtype`` and ``shape``, without pickle."""
    found_shape, fortran, found_dtype = npy_header(member)
    if found_shape != shape or fortran or found_dtype != np.dtype(dtype):
        raise ValueError(f"{found_dtype}{tuple(found_shape)} where {dtype}{shape} was expected")
    size = int(np.prod(shape)) * np.dtype(dtype).itemsize
    data = member.read(size)
    if len(data) != size:
        raise ValueError("the array is cut short")
    return np.frombuffer(data, dtype=dtype).reshape(shape).copy()


def _members(path: str | os.PathLike[str]) -> set[str]:
    with _archive(path) as archive:
        return set(archive.namelist())


def _sklearn_versions(manifest: ModelManifest) -> tuple[str, str]:
    return manifest.version_of("sklearn"), library_versions()["sklearn"]


def _refit(
    path: str | os.PathLike[str],
    manifest: ModelManifest,
    reason: str,
    progress: Progress,
    n_jobs: int,
) -> Model:
    """Fit the model again from its stored table and recipe (see the module's docstring)."""
    from .estimators import make_estimator  # estimators need scikit-learn; model_io does not

    saved, current = _sklearn_versions(manifest)
    if TRAINING_X not in _members(path):
        raise ModelFileError(
            f"The model in '{path}' was made with scikit-learn {saved} and cannot be used with "
            f"{current}: {reason}. It holds no training table to refit it from (it was made "
            "by an older LULC Classifier); train it again here, or use it where scikit-learn "
            f"{saved} is installed."
        )
    x, y, check = read_training_table(path, manifest)
    algorithm, seed, params = _recipe(path, manifest)
    try:
        estimator = make_estimator(
            algorithm,
            seed=seed,
            n_jobs=n_jobs,
            params=params,
            balanced=manifest.balanced is True,
        )
        joblib = require("joblib")
        # Inside QGIS sys.executable is not Python: joblib must never start processes.
        with joblib.parallel_backend("threading", n_jobs=n_jobs):
            estimator.fit(x, y)
        agree = float(np.mean(np.asarray(estimator.predict(x[check_rows(len(y))])) == check))
    except LulcError:
        raise
    except Exception as exc:  # a recipe this version rejects
        raise ModelFileError(
            f"The model in '{path}' was made with scikit-learn {saved} and cannot be used with "
            f"{current} ({reason}), and refitting it from its training table failed: {exc}. "
            "Train it again here."
        ) from exc
    progress.warning(
        f"The model '{path}' was made with scikit-learn {saved} and {reason}, so it was "
        f"refitted with scikit-learn {current} from the {len(y)} training samples stored in "
        f"it, with the same algorithm, hyperparameters and seed. The refitted model agrees "
        f"with the original on {agree:.1%} of the stored check samples. The accuracy figures "
        "in the model and its report are those of the original model."
    )
    note = {"from_sklearn": saved, "with_sklearn": current, "reason": reason, "agreement": agree}
    return Model(estimator, dataclasses.replace(manifest, refitted=note))


def _recipe(
    path: str | os.PathLike[str], manifest: ModelManifest
) -> tuple[str, int, dict[str, Any]]:
    """Return the algorithm, seed and estimator parameters of a model file, checked.

    They are checked as user input is: a file from a stranger must not make a refit build an
    estimator we would not. The manifest was validated on reading: the seed is in range and
    the hyperparameters are tables.
    """
    from .estimators import recorded_params

    algorithm, seed = manifest.algorithm, manifest.seed or 0
    hyper = manifest.hyperparameters or {}
    selected = manifest.selected_hyperparameters or {}
    try:
        if algorithm is None:
            raise LulcError("it names no algorithm")
        # The search's choices override the given values, as when the model was fitted.
        return algorithm, seed, recorded_params(algorithm, {**hyper, **selected})
    except LulcError as exc:
        raise ModelFileError(
            f"The model in '{path}' cannot be refitted: its recipe is invalid ({exc}). Train it "
            "again here."
        ) from exc


def _warn_versions(manifest: ModelManifest, progress: Progress) -> None:
    saved, current = _sklearn_versions(manifest)
    if saved and saved != current:
        progress.warning(
            f"The model was made with scikit-learn {saved} and is loaded with {current}; "
            "predictions may differ slightly. Retrain the model to be sure."
        )
