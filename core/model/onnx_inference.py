"""Compiled inference through ONNX Runtime: graphs stored in model files, or made for one run.

A model file may hold the estimator as an ONNX graph, made once when the model was trained
(:func:`~.onnx_proto.forest_graph`) and stored only if it chose the same class as
scikit-learn for every training sample checked (:func:`convert`). ONNX is data, not code;
:func:`read_graph` still checks a stranger's graph before ONNX Runtime sees it: no external
data (a path to open), no functions or subgraphs, only the standard and ``ai.onnx.ml``
operator sets, bounded size. The ``onnx`` package itself is never imported (see
:mod:`.onnx_proto`).

:class:`OnnxPredictor` runs a graph on blocks of pixels. For a forest whose trees each add a
non-negative share to the class scores (random forests, extra trees), :meth:`predict_index`
stops evaluating a pixel's trees once its leading class can no longer be overtaken by the
trees left (early exit): the same class as evaluating every tree.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import numpy.typing as npt

from ..deps import require
from ..errors import MissingDependencyError, ModelFileError
from . import onnx_proto

_ENSEMBLES = ("RandomForestClassifier", "ExtraTreesClassifier")
#: Estimators stored as a graph at training: forests, where ONNX Runtime was measured faster
#: than scikit-learn (docs/performance.md).
CONVERTED = _ENSEMBLES
#: The graph's metadata key holding the SHA-256 of the skops estimator it was made from.
ESTIMATOR_KEY = "lulc_estimator_sha256"
#: Operator sets a stored graph may use (ONNX's standard one and its machine-learning one).
DOMAINS = ("", "ai.onnx.ml")
MAX_GRAPH_NODES = 10_000
#: Rows per ONNX Runtime call: large enough to amortise the call, small enough for the cache.
BATCH_ROWS = 65_536
#: Largest difference of a stored graph's probabilities from scikit-learn's on the training
#: samples (float32 sums against float64).
MAX_PROBABILITY_DIFFERENCE = 1e-4
#: Training rows (evenly spaced) on which a graph is checked before it is stored.
CHECK_ROWS = 50_000
_TREES = "TreeEnsembleClassifier"
#: After the first exit, trees between early-exit checks, as a share of the forest.
_CHECK_EVERY = 0.1
#: Most tree nodes in one ONNX Runtime session of a forest (about 1 MB: they stay in cache).
GROUP_NODES = 32_768
#: Margin above which a lead is certain despite float32 sums.
_TOLERANCE = 1e-4
#: Scores this close are a tie (float32 sums in another order than scikit-learn's float64,
#: about 1e-7 apart for a forest's equal vote counts): the first class wins, as in
#: scikit-learn's argmax of equal probabilities. Real differences are larger.
TIE = 5e-7


def available() -> bool:
    """Whether ONNX Runtime and ONNX's schema (to read a graph) are installed."""
    try:
        require("onnxruntime")
        onnx_proto.proto()
    except MissingDependencyError:
        return False
    return True


def convert(
    estimator: Any, x: npt.NDArray[Any], estimator_sha256: str
) -> tuple[bytes, float] | None:
    """Return ``estimator`` as an ONNX graph, checked against it on the samples ``x``.

    The graph records ``estimator_sha256`` (the digest of the stored estimator) in its
    metadata, so that it is used only beside that estimator.

    Returns
    -------
    tuple of (bytes, float) or None
        The serialised graph and the largest difference of its probabilities from
        scikit-learn's on ``x`` (up to :data:`CHECK_ROWS` rows of it); None when ONNX Runtime or
        ``onnx`` is missing, the estimator is not one of :data:`CONVERTED`, or the graph
        does not choose the same class on every row of ``x`` (or its probabilities differ by
        more than :data:`MAX_PROBABILITY_DIFFERENCE`).
    """
    if type(estimator).__name__ not in CONVERTED or not available():
        return None
    x = x[np.unique(np.linspace(0, len(x) - 1, min(len(x), CHECK_ROWS)).astype(np.intp))]
    try:
        model = onnx_proto.proto().ModelProto.FromString(
            onnx_proto.forest_graph(estimator, x.shape[1])
        )
        model.metadata_props.add(key=ESTIMATOR_KEY, value=estimator_sha256)
        data: bytes = model.SerializeToString()
        predictor = OnnxPredictor(data, np.asarray(estimator.classes_))
        ours = predictor.predict_proba(np.ascontiguousarray(x, dtype=np.float32))
        theirs = np.asarray(estimator.predict_proba(x), dtype=np.float64)
    except Exception:  # an estimator whose internals this version does not know
        return None
    difference = float(np.abs(ours - theirs).max()) if len(x) else 0.0
    same = np.array_equal(first_best(ours), np.argmax(theirs, 1))
    if not same or difference > MAX_PROBABILITY_DIFFERENCE:
        return None
    return data, difference


def read_graph(data: bytes, where: str) -> Any:
    """Parse a stored ONNX graph and check that it is plain data this plugin can run.

    Raises
    ------
    ModelFileError
        If it is not an ONNX graph, names external data, holds functions or subgraphs, uses
        another operator set, or is larger than a model's.
    """
    pb = onnx_proto.proto()
    try:
        model = pb.ModelProto.FromString(data)
    except Exception as exc:  # protobuf's DecodeError
        raise _refuse(where, f"it is not an ONNX graph ({type(exc).__name__})") from exc
    graph = model.graph
    if len(model.functions) or len(model.training_info):
        raise _refuse(where, "it holds functions or training graphs")
    if len(graph.node) > MAX_GRAPH_NODES or not len(graph.node):
        raise _refuse(where, "it holds no node or more nodes than a model's")
    domains = {op.domain for op in model.opset_import} | {node.domain for node in graph.node}
    if not domains <= set(DOMAINS):
        raise _refuse(where, f"it uses operator sets other than ONNX's: {sorted(domains)[:5]}")
    sparse = list(graph.sparse_initializer)
    tensors = list(graph.initializer)
    for node in graph.node:
        for attribute in node.attribute:
            subgraph = attribute.HasField("g") or len(attribute.graphs)
            if subgraph or attribute.type in (pb.AttributeProto.GRAPH, pb.AttributeProto.GRAPHS):
                raise _refuse(where, f"its node {node.op_type[:50]} holds a subgraph")
            tensors.extend([attribute.t] if attribute.HasField("t") else attribute.tensors)
            sparse.extend(attribute.sparse_tensors)
            if attribute.HasField("sparse_tensor"):
                sparse.append(attribute.sparse_tensor)
    tensors.extend(t for s in sparse for t in (s.values, s.indices))
    if any(t.data_location == pb.TensorProto.EXTERNAL or len(t.external_data) for t in tensors):
        raise _refuse(where, "it names external data files")
    inputs = [i for i in graph.input if i.name not in {t.name for t in graph.initializer}]
    if len(inputs) != 1 or "probabilities" not in {o.name for o in graph.output}:
        raise _refuse(where, "it does not take one table of pixels and give probabilities")
    return model


def made_from(model: Any) -> str | None:
    """Return the digest of the estimator the graph records it was made from."""
    for prop in model.metadata_props:
        if prop.key == ESTIMATOR_KEY:
            return str(prop.value)
    return None


def graph_shape(model: Any) -> tuple[int | None, list[int] | None]:
    """Return the number of input features and a tree ensemble's class labels (None: unknown)."""
    (first,) = [i for i in model.graph.input if i.name not in _initializers(model)]
    dims = first.type.tensor_type.shape.dim
    width = dims[1].dim_value if len(dims) == 2 and dims[1].HasField("dim_value") else None
    labels = None
    for node in model.graph.node:
        if node.op_type == _TREES:
            labels = [int(v) for v in _attribute(node, "classlabels_int64s")]
    return width, labels


def _initializers(model: Any) -> set[str]:
    return {t.name for t in model.graph.initializer}


def refused(where: str, why: str) -> ModelFileError:
    """Return the error for a stored graph that is not used: which file and why."""
    return _refuse(where, why)


def _refuse(where: str, why: str) -> ModelFileError:
    return ModelFileError(f"The ONNX graph stored in '{where}' is refused: {why}.")


def _attribute(node: Any, name: str) -> Any:
    for attribute in node.attribute:
        if attribute.name == name:
            return onnx_proto.attribute_value(attribute)
    return None


class OnnxPredictor:
    """``predict_proba`` (and an early-exit class choice) of an ONNX graph.

    Thread-safe, with one intra-op thread per call: blocks already run in parallel.

    Parameters
    ----------
    graph
        The serialised ONNX graph, already checked (:func:`read_graph`) if it came from a file.
    classes
        The class codes of the probability columns, in order.
    """

    def __init__(self, graph: bytes, classes: npt.NDArray[Any]) -> None:
        ort = require("onnxruntime")
        self._options = ort.SessionOptions()
        self._options.intra_op_num_threads = 1
        self._options.inter_op_num_threads = 1
        self._ort = ort
        #: the serialised graph (a Dask cluster's workers get it rather than converting again)
        self.graph = graph
        self.session = self._session(graph)
        self.input = self.session.get_inputs()[0].name
        self.classes_ = np.asarray(classes)
        self.trees = 0
        #: trees after which a unanimous pixel's class is certain (the first exit)
        self.first_trees = 0
        self._counts = [0, 0]  # tree evaluations done, and without early exit
        self._lock = threading.Lock()
        #: a forest run as consecutive groups of trees: (session, trees in it, most the
        #: trees after it can add to a class's score)
        self.stages: list[tuple[Any, int, float]] = []
        #: two classes scored once (class id 0): ONNX Runtime gives (1 - s, s)
        self._binary = False
        self._total = 0.0

    def _session(self, graph: bytes) -> Any:
        return self._ort.InferenceSession(graph, self._options, providers=["CPUExecutionProvider"])

    def enable_early_exit(self, model: Any) -> bool:
        """Run a forest graph as groups of trees, with early exit in :meth:`predict_index`.

        Only for one ``TreeEnsembleClassifier`` that sums non-negative leaf weights with no
        base values or post-transform (a random forest's or extra trees' mean of
        probabilities), with a score per class or, for two classes, one score ``s`` (the
        probabilities are then ``1 - s`` and ``s``). Groups hold at most
        :data:`GROUP_NODES` nodes: ONNX Runtime walks every tree of a graph for one row
        before the next row, so a large forest in one graph leaves the cache for each row.
        Returns whether the forest was split.
        """
        nodes = list(model.graph.node)
        if len(nodes) != 1 or nodes[0].op_type != _TREES:
            return False
        node = nodes[0]
        if any(a.type == onnx_proto.proto().AttributeProto.TENSOR for a in node.attribute):
            return False  # double thresholds or weights: not split
        post = _attribute(node, "post_transform")
        weights = np.asarray(_attribute(node, "class_weights") or [], dtype=np.float64)
        if (post not in (None, b"NONE")) or _attribute(node, "base_values") or not len(weights):
            return False
        labels = _attribute(node, "classlabels_int64s") or []
        scored = set(_attribute(node, "class_ids") or [])
        self._binary = len(labels) == 2 and scored == {0}
        if weights.min() < 0 or not (self._binary or scored == set(range(len(labels)))):
            return False
        trees = np.asarray(_attribute(node, "class_treeids"), dtype=np.int64)
        ids = np.unique(trees)
        bound = np.zeros(int(ids.max()) + 1)
        np.maximum.at(bound, trees, weights)  # most one tree can add to any class
        sizes = np.bincount(np.asarray(_attribute(node, "nodes_treeids")), minlength=len(bound))
        groups, self.first_trees = _groups(bound[ids], sizes[ids])
        if len(groups) < 2:
            return False
        left = bound[ids][::-1].cumsum()[::-1]  # left[k]: most trees k... can add
        attributes = _forest_attributes(model)
        self.stages = [
            (self._session(_subforest(model, attributes, ids[lo:hi])), hi - lo, _left(left, hi))
            for lo, hi in groups
        ]
        self.trees = len(ids)
        self._total = float(bound[ids].sum())
        return True

    def predict_proba(self, x: npt.NDArray[Any]) -> npt.NDArray[np.float32]:
        """Class probabilities, columns in the order of ``classes_``."""
        x = np.ascontiguousarray(x, dtype=np.float32)
        out = np.empty((x.shape[0], len(self.classes_)), dtype=np.float32)
        for start in range(0, x.shape[0], BATCH_ROWS):
            rows = slice(start, start + BATCH_ROWS)
            if not self.stages:
                out[rows] = self.session.run(["probabilities"], {self.input: x[rows]})[0]
                continue
            scores = sum(self._run(session, x[rows]) for session, _, _ in self.stages)
            out[rows] = self._probabilities(np.asarray(scores))
        return out

    def _run(self, session: Any, x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        out = session.run(["probabilities"], {self.input: x})[0]
        return np.asarray(out[:, 1:] if self._binary else out, dtype=np.float32)

    def _probabilities(self, scores: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        return np.hstack([1 - scores, scores]) if self._binary else scores

    def predict_index(self, x: npt.NDArray[Any]) -> npt.NDArray[np.intp]:
        """Index in ``classes_`` of the most likely class of each row (argmax of the scores).

        With early exit on, a row's later trees are skipped once its lead is out of reach.
        """
        if not self.stages:
            return first_best(self.predict_proba(x))
        x = np.ascontiguousarray(x, dtype=np.float32)
        out = np.empty(x.shape[0], dtype=np.intp)
        for start in range(0, x.shape[0], BATCH_ROWS):
            out[start : start + BATCH_ROWS] = self._early_exit(x[start : start + BATCH_ROWS])
        return out

    def _early_exit(self, x: npt.NDArray[np.float32]) -> npt.NDArray[np.intp]:
        scores = np.zeros((x.shape[0], 1 if self._binary else len(self.classes_)), np.float32)
        active: npt.NDArray[np.intp] = np.arange(x.shape[0])
        done = 0
        for session, size, left in self.stages:
            scores[active] += self._run(session, x if len(active) == x.shape[0] else x[active])
            done += size * len(active)
            if left <= 0:
                break
            if left * 2 >= self._total:  # no lead can be out of reach yet
                continue
            active = active[self._open(scores[active], left)]
            if not len(active):
                break
        with self._lock:
            self._counts[0] += done
            self._counts[1] += self.trees * x.shape[0]
        return first_best(self._probabilities(scores))

    def _open(self, scores: npt.NDArray[np.float32], left: float) -> npt.NDArray[np.bool_]:
        """Return which rows' class the trees left could still change."""
        if self._binary:  # the final s is in [s, s + left]: decided once clear of 0.5
            now = scores[:, 0]
            open_: npt.NDArray[np.bool_] = (now <= 0.5 + _TOLERANCE) & (
                now + left >= 0.5 - _TOLERANCE
            )
            return open_
        top = np.partition(scores, -2, axis=1)[:, -2:]
        return np.asarray(top[:, 1] - top[:, 0] <= left + _TOLERANCE)

    def evaluated_share(self) -> float | None:
        """Share of the tree evaluations early exit needed so far (None: it did not run)."""
        with self._lock:
            return self._counts[0] / self._counts[1] if self._counts[1] else None


def first_best(scores: npt.NDArray[np.float32]) -> npt.NDArray[np.intp]:
    """Return the index of each row's best score: the first within :data:`TIE` of the best."""
    if not scores.shape[0]:
        return np.zeros(0, dtype=np.intp)
    best = scores.max(axis=1, keepdims=True)
    index: npt.NDArray[np.intp] = np.argmax(scores >= best - TIE, axis=1)
    return index


def _groups(
    bound: npt.NDArray[np.float64], sizes: npt.NDArray[np.int64]
) -> tuple[list[tuple[int, int]], int]:
    """Return consecutive groups of trees, and the tree count of the first exit.

    Groups hold at most :data:`GROUP_NODES` nodes (or one tree). One ends where a unanimous
    lead becomes certain (more than half the forest's bound behind it: the first exit); after
    that, groups hold at most a tenth of the forest, so that rows leave soon after they can.
    """
    cumulative = bound.cumsum()
    first = min(len(bound), int(np.searchsorted(cumulative, cumulative[-1] / 2, "right")) + 1)
    step = max(1, int(round(len(bound) * _CHECK_EVERY)))
    groups, lo, nodes = [], 0, 0
    for tree in range(len(bound)):
        nodes += int(sizes[tree])
        end = tree + 1
        cut = end == first or (end > first and end - lo >= step) or end == len(bound)
        if cut or (end < len(bound) and nodes + int(sizes[end]) > GROUP_NODES):
            groups.append((lo, end))
            lo, nodes = end, 0
    return groups, first


def _left(left: npt.NDArray[np.float64], hi: int) -> float:
    return float(left[hi]) if hi < len(left) else 0.0


def _forest_attributes(model: Any) -> list[tuple[str, Any]]:
    """Return the attributes of a graph's one tree ensemble: name and value (arrays)."""
    out = []
    for attribute in model.graph.node[0].attribute:
        value = onnx_proto.attribute_value(attribute)
        if isinstance(value, list):
            strings = bool(value) and isinstance(value[0], bytes)
            value = np.asarray(value, dtype=object if strings else None)
        out.append((attribute.name, value))
    return out


def _subforest(model: Any, attributes: list[tuple[str, Any]], trees: Any) -> bytes:
    """Return the graph with only the trees ``trees`` (ids) of its ``TreeEnsembleClassifier``.

    ``attributes`` are the ensemble's, from :func:`_forest_attributes`.
    """
    values = dict(attributes)
    keep = {p: np.isin(values[f"{p}treeids"], trees) for p in ("nodes_", "class_")}
    sub = onnx_proto.proto().ModelProto()
    sub.CopyFrom(model)
    node = sub.graph.node[0]
    del node.attribute[:]
    for name, value in attributes:
        prefix = next((p for p in keep if name.startswith(p)), None)
        if prefix is not None and len(value) == len(keep[prefix]):
            value = value[keep[prefix]]
        node.attribute.append(onnx_proto.make_attribute(name, value))
    data: bytes = sub.SerializeToString()
    return data


def compiled_forest(estimator: Any, n_features: int) -> OnnxPredictor | None:
    """Return an ONNX Runtime predictor made now for a forest, or None when not applicable.

    For model files without a stored graph; the caller checks it agrees with scikit-learn.
    """
    if type(estimator).__name__ not in _ENSEMBLES or not available():
        return None
    graph = onnx_proto.forest_graph(estimator, n_features)
    predictor = OnnxPredictor(graph, np.asarray(estimator.classes_))
    predictor.enable_early_exit(onnx_proto.proto().ModelProto.FromString(graph))
    return predictor


def same_classes(estimator: Any, compiled: OnnxPredictor, sample: npt.NDArray[Any]) -> bool:
    """Whether the compiled graph chooses scikit-learn's class for every row of ``sample``."""
    if sample.shape[0] == 0:
        return True
    expected = np.argmax(estimator.predict_proba(sample), axis=1)
    return bool(np.array_equal(compiled.predict_index(sample), expected))
