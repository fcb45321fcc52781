"""ONNX graphs as protobuf messages, without the ``onnx`` package's compiled extension.

``import onnx`` loads ``onnx_cpp2py_export``, which exports its own copy of protobuf's C++
symbols; inside QGIS, whose core library links the system's ``libprotobuf-lite``, the two
copies mix and the process aborts at random later (seen in the provider tests). So the plugin
reads and writes graphs with the message classes generated from ONNX's schema
(``onnx/onnx_ml_pb2.py``, pure Python over protobuf's self-contained ``upb`` runtime), loaded
from the installed ``onnx`` package without running its ``__init__``, and builds forest graphs
itself (:func:`forest_graph`) rather than with skl2onnx (which imports ``onnx``). ONNX Runtime
keeps its protobuf private and is safe.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import MissingDependencyError

_NAME = "onnx.onnx_ml_pb2"
_LOCK = threading.Lock()
#: Opsets of the graphs written: ONNX's standard set and its machine-learning set.
OPSETS = {"": 17, "ai.onnx.ml": 3}
IR_VERSION = 8


def proto() -> ModuleType:
    """Return ONNX's message classes (``ModelProto``...), loaded without ``import onnx``.

    Raises
    ------
    MissingDependencyError
        If the ``onnx`` package (or the protobuf runtime it needs) is not installed.
    """
    with _LOCK:
        if _NAME in sys.modules:
            return sys.modules[_NAME]
        spec = importlib.util.find_spec("onnx")
        folder = spec.submodule_search_locations if spec is not None else None
        path = Path(next(iter(folder))) / "onnx_ml_pb2.py" if folder else None
        if path is None or not path.is_file():
            raise MissingDependencyError("The onnx package is not installed.")
        module_spec = importlib.util.spec_from_file_location(_NAME, path)
        if module_spec is None or module_spec.loader is None:
            raise MissingDependencyError("The onnx package cannot be read.")
        module = importlib.util.module_from_spec(module_spec)
        try:
            module_spec.loader.exec_module(module)
        except Exception as exc:  # protobuf missing or older than the generated code
            raise MissingDependencyError(f"ONNX's schema cannot be loaded ({exc}).") from exc
        sys.modules[_NAME] = module  # `import onnx` later (tests) reuses it
        return module


def attribute_value(attribute: Any) -> Any:
    """Return an attribute's value: a number, bytes, a tensor message, or a list of them."""
    kinds = proto().AttributeProto
    field = {
        kinds.FLOAT: "f",
        kinds.INT: "i",
        kinds.STRING: "s",
        kinds.TENSOR: "t",
        kinds.GRAPH: "g",
        kinds.FLOATS: "floats",
        kinds.INTS: "ints",
        kinds.STRINGS: "strings",
        kinds.TENSORS: "tensors",
        kinds.GRAPHS: "graphs",
    }.get(attribute.type)
    if field is None:
        return None
    value = getattr(attribute, field)
    return list(value) if field in ("floats", "ints", "strings", "tensors", "graphs") else value


def make_attribute(name: str, value: Any) -> Any:
    """Return an attribute of ints, floats or bytes (a list or an array), or one such value."""
    attribute = proto().AttributeProto(name=name)
    kinds = proto().AttributeProto
    if isinstance(value, (list, tuple, np.ndarray)):
        items = np.asarray(value) if not isinstance(value, np.ndarray) else value
        if items.dtype.kind in "iub":
            attribute.type = kinds.INTS
            attribute.ints.extend(items.astype(np.int64).tolist())
        elif items.dtype.kind == "f":
            attribute.type = kinds.FLOATS
            attribute.floats.extend(items.astype(np.float32).tolist())
        else:
            attribute.type = kinds.STRINGS
            strings: list[Any] = list(items.tolist())
            attribute.strings.extend([bytes(v) for v in strings])
    elif isinstance(value, bytes):
        attribute.type, attribute.s = kinds.STRING, value
    elif isinstance(value, (int, np.integer)):
        attribute.type, attribute.i = kinds.INT, int(value)
    else:
        attribute.type, attribute.f = kinds.FLOAT, float(value)
    return attribute


def below_float32(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float32]:
    """Return the largest float32 at most each value.

    scikit-learn's trees compare float32 inputs with float64 thresholds (``x <= t``); for a
    float32 ``x``, ``x <= t`` exactly when ``x <=`` this, so the graph splits as the tree does.
    """
    rounded = values.astype(np.float32)
    above = rounded.astype(np.float64) > values
    rounded[above] = np.nextafter(rounded[above], np.float32(-np.inf))
    return rounded


def forest_graph(estimator: Any, n_features: int) -> bytes:
    """Return a random forest's or extra trees' ``predict_proba`` as an ONNX graph.

    One ``TreeEnsembleClassifier`` (``ai.onnx.ml``): every tree's splits (``x <= t``), and at
    each leaf the tree's class probabilities divided by the number of trees, zeros left out;
    the scores are then the forest's mean probability, in the order of ``classes_``. With two
    classes only the second one's is written (class id 0): ONNX Runtime then gives
    ``(1 - s, s)``, as for skl2onnx's graphs.
    """
    pb = proto()
    columns: dict[str, list[Any]] = {k: [] for k in _FOREST_COLUMNS}
    trees = estimator.estimators_
    for number, tree in enumerate(trees):
        _add_tree(columns, number, tree.tree_, len(trees))
    node = pb.NodeProto(
        op_type="TreeEnsembleClassifier",
        domain="ai.onnx.ml",
        input=["X"],
        output=["label", "probabilities"],
        name="forest",
    )
    classes = np.asarray(estimator.classes_, dtype=np.int64)
    node.attribute.extend(
        [make_attribute("classlabels_int64s", classes), make_attribute("post_transform", b"NONE")]
    )
    for name in _FOREST_COLUMNS:
        node.attribute.append(make_attribute(name, np.concatenate(columns[name])))
    graph = pb.GraphProto(name="lulc_forest", node=[node])
    graph.input.append(_tensor_info("X", pb.TensorProto.FLOAT, [None, n_features]))
    graph.output.append(_tensor_info("label", pb.TensorProto.INT64, [None]))
    graph.output.append(_tensor_info("probabilities", pb.TensorProto.FLOAT, [None, len(classes)]))
    model = pb.ModelProto(ir_version=IR_VERSION, producer_name="lulc_classifier", graph=graph)
    for domain, version in OPSETS.items():
        model.opset_import.append(pb.OperatorSetIdProto(domain=domain, version=version))
    data: bytes = model.SerializeToString()
    return data


_FOREST_COLUMNS = (
    "nodes_treeids",
    "nodes_nodeids",
    "nodes_featureids",
    "nodes_modes",
    "nodes_values",
    "nodes_truenodeids",
    "nodes_falsenodeids",
    "class_treeids",
    "class_nodeids",
    "class_ids",
    "class_weights",
)


def _add_tree(columns: dict[str, list[Any]], number: int, tree: Any, n_trees: int) -> None:
    """Append one scikit-learn tree's nodes and leaf weights to the forest's columns."""
    count = int(tree.node_count)
    ids = np.arange(count)
    leaf = tree.children_left == -1
    columns["nodes_treeids"].append(np.full(count, number))
    columns["nodes_nodeids"].append(ids)
    columns["nodes_featureids"].append(np.where(leaf, 0, tree.feature))
    columns["nodes_modes"].append(np.where(leaf, b"LEAF", b"BRANCH_LEQ").astype(object))
    columns["nodes_values"].append(np.where(leaf, 0, below_float32(tree.threshold)))
    columns["nodes_truenodeids"].append(np.where(leaf, 0, tree.children_left))
    columns["nodes_falsenodeids"].append(np.where(leaf, 0, tree.children_right))
    values = tree.value[:, 0, :].astype(np.float64)
    totals = values.sum(axis=1, keepdims=True)
    shares = np.divide(values, totals, out=np.zeros_like(values), where=totals > 0) / n_trees
    if shares.shape[1] == 2:  # ONNX Runtime's binary case: one score s (class id 0), (1 - s, s)
        shares = shares[:, 1:]
    nodes, classes = np.nonzero(leaf[:, None] & (shares > 0))
    columns["class_treeids"].append(np.full(len(nodes), number))
    columns["class_nodeids"].append(nodes)
    columns["class_ids"].append(classes)
    columns["class_weights"].append(shares[nodes, classes].astype(np.float32))


def _tensor_info(name: str, kind: int, shape: list[int | None]) -> Any:
    pb = proto()
    info = pb.ValueInfoProto(name=name)
    info.type.tensor_type.elem_type = kind
    for size in shape:
        dim = info.type.tensor_type.shape.dim.add()
        if size is None:
            dim.dim_param = "N"
        else:
            dim.dim_value = size
    return info
