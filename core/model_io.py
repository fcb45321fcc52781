"""The ``.lulcmodel`` file: a zip holding a JSON manifest and the estimator in skops format.

Loading never unpickles: skops rebuilds only an allow-list of trusted types, and the manifest
can be read without touching the estimator at all.
"""

from __future__ import annotations

import json
import os
import platform
import uuid
import zipfile
from dataclasses import dataclass
from typing import Any

from .deps import require
from .errors import ModelFileError
from .files import atomic_output
from .legend import ClassInfo, legend_from_json
from .progress import NullProgress, Progress
from .version import plugin_version

FORMAT = "lulc-model"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
ESTIMATOR = "estimator.skops"
EXTENSION = ".lulcmodel"

#: Types trusted on top of skops's own defaults: data-only scikit-learn internals of the
#: registry's models (boosting losses and binning, kNN trees, MLP optimisers), our own
#: wrapper, and LightGBM's and XGBoost's models (rebuilt from their own model dumps, no
#: code). Anything else is refused.
EXTRA_TRUSTED: tuple[str, ...] = (
    "collections.OrderedDict",
    "lightgbm.basic.Booster",
    "lightgbm.sklearn.LGBMClassifier",
    "lulc_classifier.core.wrappers.EncodedClassifier",
    "sklearn._loss._loss.CyHalfBinomialLoss",
    "sklearn._loss._loss.CyHalfMultinomialLoss",
    "sklearn._loss.link.Interval",
    "sklearn._loss.link.LogitLink",
    "sklearn._loss.link.MultinomialLogit",
    "sklearn._loss.loss.HalfBinomialLoss",
    "sklearn._loss.loss.HalfMultinomialLoss",
    "sklearn.ensemble._hist_gradient_boosting.binning._BinMapper",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
    "sklearn.metrics._dist_metrics.EuclideanDistance",  # scikit-learn < 1.3
    "sklearn.metrics._dist_metrics.EuclideanDistance64",  # scikit-learn >= 1.3
    "sklearn.neighbors._ball_tree.BallTree",
    "sklearn.neighbors._kd_tree.KDTree",
    "sklearn.neural_network._stochastic_optimizers.AdamOptimizer",
    "sklearn.neural_network._stochastic_optimizers.SGDOptimizer",
    "xgboost.core.Booster",
    "xgboost.sklearn.XGBClassifier",
)


@dataclass(frozen=True)
class Model:
    """A loaded model: the fitted estimator and its manifest."""

    estimator: Any
    manifest: dict[str, Any]

    @property
    def band_names(self) -> list[str]:
        """Names of the bands (features) the model was trained on, in order."""
        return list(self.manifest["bands"])

    @property
    def legend(self) -> list[ClassInfo]:
        """Class codes, names and colours."""
        return legend_from_json(self.manifest["classes"])


def library_versions() -> dict[str, str]:
    """Versions of the libraries a model depends on, for the manifest."""
    versions = {"python": platform.python_version(), "lulc_classifier": plugin_version()}
    for module in ("sklearn", "numpy", "skops"):
        try:
            versions[module] = str(require(module).__version__)
        except ImportError:
            versions[module] = "missing"
    return versions


def save_model(path: str | os.PathLike[str], estimator: Any, manifest: dict[str, Any]) -> None:
    """Write estimator and manifest to ``path`` atomically."""
    sio = require("skops.io")
    full = {"format": FORMAT, "format_version": FORMAT_VERSION, **manifest}
    full.setdefault("model_id", str(uuid.uuid4()))
    full.setdefault("versions", library_versions())
    payload = sio.dumps(estimator)
    with (
        atomic_output(path, "model file") as tmp,
        zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        archive.writestr(MANIFEST, json.dumps(full, indent=2, ensure_ascii=False))
        archive.writestr(ESTIMATOR, payload)


def read_manifest(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read the manifest of a model file without loading the estimator.

    Raises
    ------
    ModelFileError
        If the file is missing, not a zip, or not an LULC model.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except FileNotFoundError as exc:
        raise ModelFileError(f"The model file '{path}' does not exist.") from exc
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
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
            f"'{path}' has an invalid model format version ({version!r}); it was not written by "
            "LULC Classifier or is damaged."
        )
    if version > FORMAT_VERSION:
        raise ModelFileError(
            f"The model file '{path}' has format version {version}, newer than this plugin "
            f"reads ({FORMAT_VERSION}); update the LULC Classifier plugin."
        )
    return manifest


def load_model(path: str | os.PathLike[str], *, progress: Progress | None = None) -> Model:
    """Load a model file, rebuilding only trusted types.

    Raises
    ------
    ModelFileError
        If the file is not a model or its estimator holds a type outside the allow-list.
    """
    progress = progress or NullProgress()
    sio = require("skops.io")
    manifest = read_manifest(path)
    with zipfile.ZipFile(path) as archive:
        try:
            payload = archive.read(ESTIMATOR)
        except KeyError as exc:
            raise ModelFileError(f"The model file '{path}' holds no estimator.") from exc
    try:
        untrusted = [t for t in sio.get_untrusted_types(data=payload) if t not in EXTRA_TRUSTED]
    except Exception as exc:  # skops raises assorted errors on a corrupt payload
        raise ModelFileError(f"The estimator in '{path}' cannot be read: {exc}.") from exc
    if untrusted:
        raise ModelFileError(
            f"The model file '{path}' holds types that are not trusted and was not loaded: "
            f"{', '.join(untrusted)}. Only use model files made by LULC Classifier from a "
            "source you trust."
        )
    _warn_versions(manifest, progress)
    try:
        estimator = sio.loads(payload, trusted=sio.get_untrusted_types(data=payload) or None)
    except Exception as exc:
        raise ModelFileError(f"The estimator in '{path}' cannot be loaded: {exc}.") from exc
    return Model(estimator, manifest)


def _warn_versions(manifest: dict[str, Any], progress: Progress) -> None:
    saved = manifest.get("versions", {}).get("sklearn")
    current = library_versions()["sklearn"]
    if saved and saved != current:
        progress.warning(
            f"The model was made with scikit-learn {saved} and is loaded with {current}; "
            "predictions may differ slightly. Retrain the model to be sure."
        )
