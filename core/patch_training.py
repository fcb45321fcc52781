"""Training the convolutional network: its patches, its validation scheme, what the log says.

:mod:`.train` trains every model the same way; for a patch model (:data:`PATCH_MODELS`) the
samples' ``x`` are their patches, flattened (:func:`patch_matrix`), and the validation keeps
the patches of one label feature together (:func:`patch_validation`).
"""

from __future__ import annotations

import dataclasses
import os
from typing import Any

import numpy as np
import numpy.typing as npt

from .errors import InvalidInputError
from .patches import ID_FIELD, patch_definition, read_patch_table
from .progress import Progress


def patch_matrix(samples: Any, table: Any, metadata: dict[str, Any]) -> npt.NDArray[np.float32]:
    """Return the flattened patches ``(n, bands * size * size)`` of the rows of ``table``.

    They come from ``samples.patches`` (sampled in this run) or the sample file's patch table.

    Raises
    ------
    InvalidInputError
        If the samples have no patches (sampled without a patch size).
    """
    definition = patch_definition(metadata)
    if definition is None or ID_FIELD not in table.columns:
        raise InvalidInputError(
            "The convolutional network learns from the patch of pixels around each sample, and "
            "these samples have none: sample the labels again with a patch size (lulc:sample, "
            "PATCH_SIZE, e.g. 9)."
        )
    size, bands = definition
    ids = np.asarray(table[ID_FIELD], dtype=np.int64)
    if samples.patches is not None:
        given = np.asarray(samples.patches)
        if given.shape[1:] != (bands, size, size) or ids.min() < 0 or ids.max() >= len(given):
            raise InvalidInputError(
                "The patches given with the samples do not match their patch_id field."
            )
        patches = given[ids]
    elif isinstance(samples.table, (str, os.PathLike)):
        patches = read_patch_table(samples.table, ids, bands, size)
    else:
        raise InvalidInputError(
            "The sample table has patch ids but its patches were not given (SampleSource.patches)."
        )
    return np.ascontiguousarray(patches.reshape(len(patches), -1), dtype=np.float32)


def patch_validation(opts: Any, table: Any, patch: bool, progress: Progress) -> Any:
    """Return the training options with a spatial scheme for a patch model, saying why.

    Neighbouring pixels' patches overlap: a random split puts nearly the same patch on both
    sides, and its accuracy would be optimistic. Spatial blocks are kept; any other scheme
    becomes spatial cross-validation by label feature.
    """
    if not patch or opts.validation.startswith("spatial"):
        if patch:
            progress.log(_WHY)
        return opts
    if "feature_id" not in table.columns:
        raise InvalidInputError(
            "The convolutional network is validated spatially (its patches overlap), and the "
            "samples have no 'feature_id' field: sample the labels again with lulc:sample, or "
            "choose spatial blocks."
        )
    progress.log(
        f"Validation: spatial cross-validation by label feature ({opts.folds} folds) instead of "
        f"'{opts.validation}'. " + _WHY
    )
    return dataclasses.replace(opts, validation="spatial_features")


_WHY = (
    "The patches of neighbouring pixels overlap: with random splits nearly the same patch "
    "would be trained on and tested, and the accuracy would be optimistic. Whole label "
    "features (or blocks) stay in one fold."
)


def network_note(estimator: Any) -> str:
    """Return what the log says of a trained network: its size and how training stopped."""
    p = int(estimator.patch_size)
    layers = (p - 1) // 2
    return (
        f"{layers} convolutions of {estimator.width} filters on {p} x {p} patches of "
        f"{estimator.bands} band(s); {estimator.epochs_run_} epochs, the best at epoch "
        f"{estimator.best_epoch_} (on the {int(100 * 0.15)} % of samples held back)."
    )
