"""Reading a ``.lulcmodel`` file from a stranger, safely.

Reading is bounded, and able to build nothing we did not choose (the threat model is in
``docs/security.md``).

A model file is a zip (the manifest, the estimator in skops format, the training table) whose
estimator member is itself a zip (skops's ``schema.json`` and ``.npy`` arrays). Before any of it
is read, the members' names, count, compression and declared sizes are checked against the
limits below; a member is then read no further than its declared size. Before skops sees the
estimator, :func:`audit_estimator` walks the whole schema and refuses every node whose loader
and type are not an exact pair of :data:`ALLOWED`: the nodes the plugin's own estimators
produce. skops then gets, as trusted, only the types present. Loaders that call functions or
methods (``FunctionNode``, ``MethodNode``, ``PartialNode``, ``OperatorFuncNode``) and
``CachedNode`` (a reference whose label skops does not check) are never allowed, whatever
their label says.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, Any

import numpy as np

from ..errors import ModelFileError

#: Members of a model file, and the size (uncompressed) each may declare.
MIB = 1 << 20
MEMBER_LIMITS = {
    "manifest.json": 8 * MIB,
    "estimator.skops": 2048 * MIB,
    "training/x.npy": 512 * MIB + 1024,
    "training/y.npy": 64 * MIB + 1024,
    "training/check.npy": MIB,
    "estimator.onnx": 1024 * MIB,
    # a convolutional network's graph (.patch_model): a few MB at most
    "network.onnx": 256 * MIB,
}
#: Uncompressed bytes of all members of one zip together (the file, or its estimator).
MAX_TOTAL_BYTES = 3072 * MIB
#: skops's schema of the estimator.
MAX_SCHEMA_BYTES = 64 * MIB
#: Members of the estimator's zip (one per array).
MAX_MEMBERS = 200_000
#: Nodes of the estimator's schema, and how deeply they may nest.
MAX_NODES = 2_000_000
MAX_DEPTH = 64
#: A member larger than this may not inflate more than :data:`MAX_RATIO` times (deflate
#: itself cannot pass about 1,000; real model arrays stay under 50).
RATIO_FLOOR = MIB
MAX_RATIO = 200
#: skops protocols whose schema this module knows.
PROTOCOLS = (1, 2)
_INNER_NAME = re.compile(r"^[0-9A-Za-z_-]{1,64}\.(npy|bin)$")

_SCIKIT_LEARN = (
    "sklearn._loss._loss.CyHalfBinomialLoss",
    "sklearn._loss._loss.CyHalfMultinomialLoss",
    "sklearn._loss.link.IdentityLink",
    "sklearn._loss.link.Interval",
    "sklearn._loss.link.LogitLink",
    "sklearn._loss.link.MultinomialLogit",
    "sklearn._loss.loss.HalfBinomialLoss",
    "sklearn._loss.loss.HalfMultinomialLoss",
    "sklearn.ensemble._forest.ExtraTreesClassifier",
    "sklearn.ensemble._forest.RandomForestClassifier",
    "sklearn.ensemble._hist_gradient_boosting.binning._BinMapper",
    "sklearn.ensemble._hist_gradient_boosting.gradient_boosting.HistGradientBoostingClassifier",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.metrics._dist_metrics.EuclideanDistance",  # scikit-learn < 1.3
    "sklearn.metrics._dist_metrics.EuclideanDistance64",  # scikit-learn >= 1.3
    "sklearn.neighbors._ball_tree.BallTree",
    "sklearn.neighbors._classification.KNeighborsClassifier",
    "sklearn.neighbors._kd_tree.KDTree",
    "sklearn.neural_network._multilayer_perceptron.MLPClassifier",
    "sklearn.neural_network._stochastic_optimizers.AdamOptimizer",
    "sklearn.neural_network._stochastic_optimizers.SGDOptimizer",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._data.StandardScaler",
    "sklearn.preprocessing._label.LabelBinarizer",
    "sklearn.preprocessing._label.LabelEncoder",
    "sklearn.svm._classes.SVC",
    "sklearn.tree._classes.DecisionTreeClassifier",
    "sklearn.tree._classes.ExtraTreeClassifier",
)
#: Objects rebuilt attribute by attribute (``__new__`` then ``__setstate__``/``__dict__``):
#: the registry's estimators and the data-only parts they hold; LightGBM and XGBoost models
#: restore themselves from their own model text, which runs no Python.
_OBJECTS = frozenset(
    (
        *_SCIKIT_LEARN,
        "lightgbm.basic.Booster",
        "lightgbm.sklearn.LGBMClassifier",
        "lulc_classifier.core.model.encoded_classifier.EncodedClassifier",
        "lulc_classifier.core.wrappers.EncodedClassifier",  # its name in files before 0.7
        "xgboost.core.Booster",
        "xgboost.sklearn.XGBClassifier",
    )
)
_NUMBERS = tuple(
    f"numpy.{name}"
    for name in (
        "bool_",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "float16",
        "float32",
        "float64",
    )
)
_JSON = ("builtins.str", "builtins.int", "builtins.float", "builtins.bool", "builtins.NoneType")
#: Exact (loader, type) pairs a model file may hold.
ALLOWED: dict[str, frozenset[str]] = {
    "DictNode": frozenset({"builtins.dict", "collections.OrderedDict"}),
    "DefaultDictNode": frozenset({"collections.defaultdict"}),
    "ListNode": frozenset({"builtins.list"}),
    "TupleNode": frozenset({"builtins.tuple"}),
    "JsonNode": frozenset(_JSON),
    "TypeNode": frozenset(
        (*_JSON, "builtins.list", "builtins.dict", "collections.OrderedDict", *_NUMBERS)
    ),
    "NdArrayNode": frozenset(("numpy.ndarray", *_NUMBERS)),
    "BytesNode": frozenset({"builtins.bytes"}),
    "BytearrayNode": frozenset({"builtins.bytearray"}),
    "ObjectNode": _OBJECTS,
    "TreeNode": frozenset({"sklearn.tree._tree.Tree"}),
    "LossNode": frozenset(t for t in _SCIKIT_LEARN if t.startswith("sklearn._loss._loss.")),
    "RandomStateNode": frozenset({"numpy.random.mtrand.RandomState"}),
    "RandomGeneratorNode": frozenset({"numpy.random._generator.Generator"}),
}
#: The bit generators a RandomGeneratorNode may name (skops looks the name up in numpy.random
#: and calls it).
BIT_GENERATORS = frozenset({"MT19937", "PCG64", "PCG64DXSM", "Philox", "SFC64"})
#: Types of keys a DictNode may declare.
KEY_TYPES = frozenset({"builtins.str", "builtins.int", "numpy.int64", "numpy.int32"})


class UntrustedTypeError(ModelFileError):
    """An estimator holds nodes outside :data:`ALLOWED`; ``kinds`` names their types."""

    def __init__(self, where: str, kinds: list[str]) -> None:
        shown = ", ".join(kinds[:5]) + (f" and {len(kinds) - 5} more" if len(kinds) > 5 else "")
        super().__init__(
            f"The model file '{where}' was not loaded: its estimator holds {shown}, which "
            "are not among the types LULC Classifier's own models are made of. Only use "
            "model files made by LULC Classifier from a source you trust."
        )
        self.kinds = kinds


def check_zip(archive: zipfile.ZipFile, where: str, *, inner: bool = False) -> dict[str, int]:
    """Check a zip's members before reading any: names, count, compression, sizes.

    Returns
    -------
    dict
        Member name → declared uncompressed size.

    Raises
    ------
    ModelFileError
        Naming the member and the limit it breaks.
    """
    infos = archive.infolist()
    if len(infos) > (MAX_MEMBERS if inner else len(MEMBER_LIMITS)):
        raise _refuse(where, f"it holds {len(infos):,} members, more than a model has")
    sizes: dict[str, int] = {}
    for info in infos:
        name = info.filename
        limit = MAX_SCHEMA_BYTES if name == "schema.json" else MEMBER_LIMITS["estimator.skops"]
        if not inner:
            limit = MEMBER_LIMITS.get(name, -1)
        elif name != "schema.json" and not _INNER_NAME.match(name):
            limit = -1
        if limit < 0:
            raise _refuse(where, f"it holds an unexpected member {name[:80]!r}")
        if name in sizes:
            raise _refuse(where, f"the member {name!r} appears twice")
        if info.flag_bits & 0x1:
            raise _refuse(where, f"the member {name!r} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(where, f"the member {name!r} uses an unsupported compression")
        if info.file_size > limit:
            raise _refuse(
                where,
                f"the member {name!r} declares {info.file_size:,} bytes, more than the "
                f"{limit:,} allowed",
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(
                where,
                f"the member {name!r} would inflate "
                f"{info.file_size // max(info.compress_size, 1):,} times (a zip bomb)",
            )
        sizes[name] = info.file_size
    if sum(sizes.values()) > MAX_TOTAL_BYTES:
        raise _refuse(where, f"its members declare {sum(sizes.values()):,} bytes in all")
    return sizes


def read_member(archive: zipfile.ZipFile, name: str, where: str) -> bytes:
    """Read a member checked by :func:`check_zip`, no further than its declared size."""
    try:
        info = archive.getinfo(name)
        with archive.open(info) as member:
            data = member.read(info.file_size + 1)
    except KeyError:
        raise _refuse(where, f"it holds no {name}") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
        raise _refuse(where, f"its member {name} is damaged ({exc})") from exc
    if len(data) != info.file_size:
        raise _refuse(where, f"its member {name} is not the size it declares")
    return data


def audit_estimator(payload: bytes, where: str) -> list[str]:
    """Check a skops payload node by node; return the types to trust (those present).

    Raises
    ------
    ModelFileError
        If the payload is not a bounded skops zip, or holds a node outside :data:`ALLOWED`.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as inner:
            sizes = check_zip(inner, where, inner=True)
            schema = _load_json(read_member(inner, "schema.json", where), where)
            types = _audit_tree(schema, where, inner, sizes)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise _refuse(where, f"its estimator is not a skops file ({exc})") from exc
    return sorted(types)


def _load_json(data: bytes, where: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise _refuse(where, f"its estimator's schema is not valid JSON ({exc})") from exc


def _audit_tree(schema: Any, where: str, inner: zipfile.ZipFile, sizes: dict[str, int]) -> set[str]:
    if not isinstance(schema, dict) or schema.get("protocol") not in PROTOCOLS:
        raise _refuse(where, "its estimator's schema has no known skops protocol")
    types: set[str] = set()
    refused: set[str] = set()
    for count, (node, depth) in enumerate(_nodes(schema), start=1):
        if count > MAX_NODES or depth > MAX_DEPTH:
            raise _refuse(where, "its estimator's schema is larger or deeper than a model's")
        kind, allowed = _audit_node(node, where, inner, sizes)
        (types if allowed else refused).add(kind)
    if refused:
        raise UntrustedTypeError(where, sorted(refused))
    return types


def _nodes(schema: Any) -> Iterator[tuple[dict[str, Any], int]]:
    """Yield every node of a schema (a dict with ``__loader__``) wherever it sits, with its depth.

    The schema is walked without recursion, so its depth cannot exhaust the stack.
    """
    stack: list[tuple[Any, int]] = [(schema, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            if "__loader__" in value:
                yield value, depth
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def _audit_node(
    node: dict[str, Any], where: str, inner: zipfile.ZipFile, sizes: dict[str, int]
) -> tuple[str, bool]:
    """Return the node's type and whether it is allowed, after checking an allowed node's data."""
    loader, module, cls = node.get("__loader__"), node.get("__module__"), node.get("__class__")
    if not all(isinstance(v, str) and len(v) < 200 for v in (loader, module, cls)):
        raise _refuse(where, "its estimator's schema has a node without a proper type")
    kind = f"{module}.{cls}"
    if kind not in ALLOWED.get(str(loader), ()):
        return f"{kind} ({loader})", False
    if loader == "DictNode":
        _check_key_types(node, where)
    elif loader in ("NdArrayNode", "BytesNode", "BytearrayNode") and "file" in node:
        _check_array_file(node, where, inner, sizes, npy=loader == "NdArrayNode")
    elif loader == "NdArrayNode" and node.get("type") != "json":
        raise _refuse(where, "an array of its estimator has no data")
    elif loader == "RandomGeneratorNode":
        _check_bit_generator(node, where)
    return kind, True


def _check_key_types(node: dict[str, Any], where: str) -> None:
    key_types = node.get("key_types")
    items = key_types.get("content") if isinstance(key_types, dict) else None
    if not isinstance(items, list) or not all(
        isinstance(i, dict)
        and i.get("__loader__") == "TypeNode"
        and f"{i.get('__module__')}.{i.get('__class__')}" in KEY_TYPES
        for i in items
    ):
        raise _refuse(where, "a table of its estimator has keys of an unexpected type")


def _check_array_file(
    node: dict[str, Any], where: str, inner: zipfile.ZipFile, sizes: dict[str, int], *, npy: bool
) -> None:
    name = node.get("file")
    if not isinstance(name, str) or name not in sizes or name == "schema.json":
        raise _refuse(where, f"its estimator names a missing array {str(name)[:80]!r}")
    if npy:
        if node.get("type") != "numpy":
            raise _refuse(where, "an array of its estimator has an unknown storage type")
        with inner.open(name) as member:
            _check_npy_header(member, sizes[name], name, where)


def npy_header(member: IO[bytes]) -> tuple[tuple[int, ...], bool, np.dtype[Any]]:
    """Read shape, Fortran order and dtype from an ``.npy`` header (versions 1.0 and 2.0).

    The data is not touched: the member is left at its first byte.

    Raises
    ------
    ValueError
        If the header is not one of those versions or cannot be parsed.
    """
    fmt: Any = np.lib.format  # untyped in numpy's stubs
    try:
        version = fmt.read_magic(member)
        if version not in ((1, 0), (2, 0)):
            raise ValueError(f"unsupported .npy version {version}")
        reader = fmt.read_array_header_1_0 if version == (1, 0) else fmt.read_array_header_2_0
        shape, fortran, dtype = reader(member)
    except (SyntaxError, TypeError) as exc:
        raise ValueError(f"unreadable .npy header ({exc})") from exc
    return tuple(shape), bool(fortran), dtype


def _check_npy_header(member: IO[bytes], size: int, name: str, where: str) -> None:
    """Check that the array's header describes a plain numeric array of the member's size.

    The size must match exactly, because numpy allocates the header's shape before reading.
    """
    try:
        shape, _, dtype = npy_header(member)
        offset = member.tell()
    except (ValueError, OSError, EOFError, zlib.error) as exc:
        raise _refuse(where, f"its array {name} has a damaged header ({exc})") from exc
    if not _numeric(dtype):
        raise _refuse(where, f"its array {name} is of type {str(dtype)[:80]}, not numbers")
    expected = int(np.prod(shape, dtype=np.float64)) * dtype.itemsize
    if expected != size - offset:
        raise _refuse(where, f"its array {name} is not the size its header declares")


def _numeric(dtype: np.dtype[Any]) -> bool:
    """Tell whether ``dtype`` holds numbers, or records of numbers (a tree's nodes).

    Python objects are never numeric.
    """
    if dtype.hasobject:
        return False
    if dtype.fields is None:
        return dtype.kind in "biuf" and dtype.subdtype is None
    return all(_numeric(field[0].base) for field in dtype.fields.values())


def _check_bit_generator(node: dict[str, Any], where: str) -> None:
    try:
        state = node["content"]["bit_generator"]["content"]["bit_generator"]
        name = json.loads(state["content"]) if state.get("is_json") else state["content"]
    except (KeyError, TypeError, ValueError):
        name = None
    if name not in BIT_GENERATORS:
        raise _refuse(where, "a random generator of its estimator names an unknown generator")


def _refuse(where: str, why: str) -> ModelFileError:
    return ModelFileError(
        f"The model file '{where}' was not loaded: {why}. It is damaged or was not made by "
        "LULC Classifier; use a model file from a source you trust, or train the model again."
    )
