"""Model files of a convolutional network on patches: the ONNX graph is the model.

Such a file holds the manifest and the graph (:data:`GRAPH`), no estimator: PyTorch trains the
network, ONNX Runtime runs it, and loading runs nothing. The manifest's ``patch`` record gives
the graph's SHA-256, the patch size, the class of each output and each band's fill value; the
graph is refused unless it is the one recorded and it is the network that record describes
(:func:`~.cnn.check_patch_graph`, then one patch and one small block through ONNX Runtime).
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from ..deps import install_hint
from ..errors import MissingDependencyError, ModelFileError
from ..files import atomic_output
from .archive import read_member
from .cnn import PatchPredictor, check_patch_graph, run_check
from .manifest import ModelManifest, validate_manifest

GRAPH = "network.onnx"
#: Training patches (evenly spaced) on which the exported graph is checked against PyTorch.
CHECK_PATCHES = 2000


def save_patch_model(
    path: str | os.PathLike[str],
    estimator: Any,
    manifest: Mapping[str, Any],
    x: npt.NDArray[Any],
) -> ModelManifest:
    """Write a trained network (:class:`~.cnn.PatchCNNClassifier`) as a model file, atomically.

    The graph is exported and checked against PyTorch on up to :data:`CHECK_PATCHES` of the
    training patches ``x`` first.
    """
    from .model_file import FORMAT, FORMAT_VERSION, MANIFEST, _manifest_bytes, library_versions

    rows = np.unique(np.linspace(0, len(x) - 1, min(len(x), CHECK_PATCHES)).astype(np.intp))
    graph, difference = estimator.onnx_graph(x[rows])
    full: dict[str, Any] = {"format": FORMAT, "format_version": FORMAT_VERSION, **manifest}
    full.setdefault("versions", library_versions())
    full["versions"] = {**full["versions"], "torch": _torch_version()}
    full["patch"] = {
        "size": int(estimator.patch_size),
        "sha256": hashlib.sha256(graph).hexdigest(),
        "classes": [int(c) for c in estimator.classes_],
        "fill": [float(v) for v in estimator.fill_],
        "width": int(estimator.width),
        "max_probability_difference": difference,
    }
    if "model_id" not in full:
        import uuid

        full["model_id"] = str(uuid.uuid4())
    checked = validate_manifest(full, str(path))
    full = {**checked.to_json(), "format": FORMAT}
    with (
        atomic_output(path, "model file") as tmp,
        zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        archive.writestr(MANIFEST, _manifest_bytes(full))
        archive.writestr(GRAPH, graph)
    return checked


def _torch_version() -> str:
    try:
        import torch

        return str(torch.__version__)
    except ImportError:  # pragma: no cover
        return "missing"


def load_patch_model(path: str | os.PathLike[str], manifest: ModelManifest) -> Any:
    """Load a network's model file for prediction, or refuse a graph that is not its manifest's.

    Returns
    -------
    Model
        With a :class:`~.cnn.PatchPredictor` as its estimator.

    Raises
    ------
    ModelFileError
        Saying what does not match.
    """
    from . import onnx_inference
    from .model_file import Model, _archive

    record, where = manifest.patch or {}, str(path)
    if not onnx_inference.available():
        missing = [name for name in ("onnxruntime", "onnx") if not _installed(name)]
        raise MissingDependencyError(
            f"The model '{where}' is a convolutional network, run with ONNX Runtime: it needs "
            f"the Python package(s) {' and '.join(repr(m) for m in missing)}, not installed in "
            f"QGIS's Python; {install_hint(missing)}."
        )
    with _archive(path) as archive:
        try:
            graph = read_member(archive, GRAPH, where)
        except ModelFileError as exc:
            raise _refused(where, "the network's graph is missing or damaged") from exc
    if hashlib.sha256(graph).hexdigest() != record["sha256"]:
        raise _refused(where, "its network is not the graph its manifest records")
    classes = record["classes"]
    if sorted(classes) != sorted(c.code for c in manifest.legend) or len(set(classes)) != len(
        classes
    ):
        raise _refused(where, "the network's classes are not the model's")
    bands = len(manifest.bands)
    if len(record["fill"]) != bands:
        raise _refused(where, "the network's fill values are not one per band")
    check_patch_graph(graph, where, bands=bands, classes=len(classes), patch=record["size"])
    try:
        predictor = PatchPredictor(
            graph,
            np.asarray(classes),
            record["size"],
            np.asarray(record["fill"]),
            width=record["width"],
        )
    except Exception as exc:  # onnxruntime's own errors (InvalidGraph, Fail...)
        raise _refused(where, f"ONNX Runtime cannot load its network ({exc})"[:300]) from exc
    run_check(predictor, where, bands, len(classes))
    return Model(predictor, manifest)


def _installed(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def _refused(where: str, why: str) -> ModelFileError:
    return ModelFileError(
        f"The model file '{where}' is refused: {why}. Train the model again with lulc:train."
    )
