"""The XGBoost adapter: classes encoded as 0..K-1 for XGBoost, answers in our class codes.

Written for the plugin, so trusted when a model file is loaded (see :mod:`.archive`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ..deps import require

_BaseEstimator: Any = require("sklearn.base").BaseEstimator
_ClassifierMixin: Any = require("sklearn.base").ClassifierMixin


class EncodedClassifier(_ClassifierMixin, _BaseEstimator):  # type: ignore[misc]
    """A classifier fitted on classes encoded as 0..K-1 that answers in the original codes.

    Fits ``estimator`` on classes encoded as 0..K-1 (as XGBoost needs) and answers in the
    original class codes. With ``balanced``, samples are weighted inversely to their class's
    frequency.

    Parameters
    ----------
    estimator
        An unfitted classifier.
    balanced
        Weight classes inversely to their frequency.
    """

    def __init__(self, estimator: Any, balanced: bool = False) -> None:
        self.estimator = estimator
        self.balanced = balanced

    def fit(self, x: npt.NDArray[Any], y: npt.NDArray[Any]) -> EncodedClassifier:
        """Fit on encoded classes."""
        clone = require("sklearn.base").clone
        self.classes_, encoded = np.unique(y, return_inverse=True)
        weights = None
        if self.balanced:
            counts = np.bincount(encoded)
            weights = (len(encoded) / (len(counts) * counts))[encoded]
        self.estimator_ = clone(self.estimator).fit(x, encoded, sample_weight=weights)
        return self

    def predict_proba(self, x: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
        """Class probabilities, columns in the order of ``classes_``."""
        return np.asarray(self.estimator_.predict_proba(x), dtype=np.float64)

    def predict(self, x: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """Return the most probable class code."""
        return np.asarray(self.classes_[np.argmax(self.predict_proba(x), axis=1)])
