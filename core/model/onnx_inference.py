"""Optional compiled inference for tree ensembles (ONNX Runtime via skl2onnx).

Used only when both packages are installed, for random forests and extra trees, and only if
it gives the same classes as scikit-learn on the first block it sees (float32 sums could in
theory break a near-tie differently); otherwise prediction stays with scikit-learn.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ..deps import require
from ..errors import MissingDependencyError

_ENSEMBLES = ("RandomForestClassifier", "ExtraTreesClassifier")


class OnnxForest:
    """``predict_proba`` of a forest through an ONNX Runtime session.

    Thread-safe, with one intra-op thread: blocks already run in parallel.
    """

    def __init__(self, estimator: Any, n_features: int) -> None:
        skl2onnx = require("skl2onnx")
        ort = require("onnxruntime")
        onnx_model = skl2onnx.to_onnx(
            estimator,
            np.zeros((1, n_features), dtype=np.float32),
            options={id(estimator): {"zipmap": False}},
        )
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            onnx_model.SerializeToString(), options, providers=["CPUExecutionProvider"]
        )
        self.input = self.session.get_inputs()[0].name
        self.classes_ = estimator.classes_

    def predict_proba(self, x: npt.NDArray[Any]) -> npt.NDArray[np.float32]:
        """Class probabilities, columns in the order of ``classes_``."""
        outputs = self.session.run(None, {self.input: np.ascontiguousarray(x, dtype=np.float32)})
        return np.asarray(outputs[1], dtype=np.float32)


def compiled_forest(estimator: Any, n_features: int) -> OnnxForest | None:
    """Return an ONNX Runtime predictor for ``estimator``, or None when not applicable."""
    if type(estimator).__name__ not in _ENSEMBLES:
        return None
    try:
        return OnnxForest(estimator, n_features)
    except MissingDependencyError:
        return None


def same_classes(a: Any, b: Any, sample: npt.NDArray[Any]) -> bool:
    """Whether two predictors choose the same class for every row of ``sample``."""
    if sample.shape[0] == 0:
        return True
    return bool(
        np.array_equal(np.argmax(a.predict_proba(sample), 1), np.argmax(b.predict_proba(sample), 1))
    )
