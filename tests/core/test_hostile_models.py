"""Model files from strangers (docs/security.md): loading one runs no code, opens no path it
names and stays within bounded memory; every refusal is a sentence.

Each hostile file is built from a real model file of this stack by editing its zip or its
skops schema, as an attacker would; a canary file that the payload would create must never
appear.
"""

from __future__ import annotations

import functools
import io
import json
import pickle
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lulc_classifier.core.deps import require
from lulc_classifier.core.errors import ModelFileError, ModelMismatchError
from lulc_classifier.core.model.archive import MAX_SCHEMA_BYTES, MEMBER_LIMITS
from lulc_classifier.core.model.model_file import load_model, read_manifest, save_model
from lulc_classifier.core.predict import predict_raster

from ..helpers import RecordingProgress, write_raster

sio = require("skops.io")
#: A real model file of this stack (set by the fixture below), which the attacks edit.
TEMPLATE = Path()


@pytest.fixture(scope="module", autouse=True)
def _template(tmp_path_factory: pytest.TempPathFactory) -> None:
    global TEMPLATE
    from lulc_classifier.core.train import (
        SampleSource,
        TrainingFiles,
        TrainingOptions,
        train_classifier,
    )

    rng = np.random.default_rng(0)
    table = require("pandas").DataFrame(rng.normal(size=(60, 4)), columns=["b1", "b2", "b3", "b4"])
    table["cls"] = np.repeat([1, 2, 3], 20)
    TEMPLATE = tmp_path_factory.mktemp("template") / "decision_tree.lulcmodel"
    train_classifier(
        SampleSource(table, "cls"),
        TrainingFiles(TEMPLATE),
        options=TrainingOptions(algorithm="decision_tree", n_jobs=1),
    )


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_zip(
    path: Path, entries: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED
) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return path


def with_estimator(path: Path, payload: bytes) -> Path:
    """The template model file with another estimator payload."""
    entries = [(n, payload if n == "estimator.skops" else d) for n, d in members(TEMPLATE).items()]
    return write_zip(path, entries)


def edit_schema(payload: bytes, edit: Callable[[dict[str, Any]], None]) -> bytes:
    """A skops payload with its schema.json edited in place."""
    source = zipfile.ZipFile(io.BytesIO(payload))
    schema = json.loads(source.read("schema.json"))
    edit(schema)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as crafted:
        for name in source.namelist():
            data = json.dumps(schema).encode() if name == "schema.json" else source.read(name)
            crafted.writestr(name, data)
    return buffer.getvalue()


def template_payload() -> bytes:
    return members(TEMPLATE)["estimator.skops"]


def with_first_array(path: Path, data: bytes, method: int = zipfile.ZIP_STORED) -> Path:
    """The template model file whose estimator's first ``.npy`` member holds ``data``."""
    source = zipfile.ZipFile(io.BytesIO(template_payload()))
    first = next(n for n in source.namelist() if n.endswith(".npy"))
    crafted = io.BytesIO()
    with zipfile.ZipFile(crafted, "w", compression=method) as out:
        for name in source.namelist():
            out.writestr(name, data if name == first else source.read(name))
    return with_estimator(path, crafted.getvalue())


def nodes(schema: Any) -> list[dict[str, Any]]:
    found, stack = [], [schema]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if "__loader__" in value:
                found.append(value)
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return found


def inject(node: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    """Add ``node`` as an attribute of the top-level estimator."""

    def edit(schema: dict[str, Any]) -> None:
        schema["content"]["content"]["trap_"] = node

    return edit


@pytest.fixture
def canary(tmp_path: Path) -> Path:
    """The file a payload would write (np.save adds .npy)."""
    return tmp_path / "canary.npy"


def refused(path: Path, canary: Path, match: str) -> None:
    with pytest.raises(ModelFileError, match=match) as info:
        load_model(path)
    assert "Traceback" not in str(info.value)
    assert not canary.exists()


# --------------------------------------------------------------------------- code


def test_a_payload_that_runs_code_is_real_and_refused(tmp_path: Path, canary: Path) -> None:
    """A pipeline whose FunctionTransformer writes a file when it predicts. Control: loaded
    by skops with the types it reports trusted, predicting writes the file. The plugin
    refuses it before skops builds anything."""
    pipeline = require("sklearn.pipeline")
    preprocessing = require("sklearn.preprocessing")
    tree = require("sklearn.tree")
    hostile = pipeline.Pipeline(
        [
            ("f", preprocessing.FunctionTransformer(func=functools.partial(np.save, str(canary)))),
            ("t", tree.DecisionTreeClassifier().fit([[0.0], [1.0]], [0, 1])),
        ]
    )
    payload = sio.dumps(hostile)
    loaded = sio.loads(payload, trusted=sio.get_untrusted_types(data=payload))
    with pytest.raises(ValueError, match="."):  # np.save returns None: the tree then fails
        loaded.predict([[1.0]])
    assert canary.exists()  # the code ran
    canary.unlink()
    path = with_estimator(tmp_path / "m.lulcmodel", payload)
    refused(path, canary, r"PartialNode|FunctionNode")


LABEL = {"__module__": "collections", "__class__": "OrderedDict", "__id__": 7}


@pytest.mark.parametrize(
    "loader",
    [
        "MethodNode",
        "PartialNode",
        "CachedNode",
        "FunctionNode",
        "OperatorFuncNode",
        "SliceNode",
        "SetNode",
        "DTypeNode",
        "MaskedArrayNode",
        "SparseMatrixNode",
        "_DictWithDeprecatedKeysNode",
        "ConstructorFromReduceNode",
        "NoSuchNode",
    ],
)
def test_a_forged_label_does_not_pass_any_node_kind(
    tmp_path: Path, canary: Path, loader: str
) -> None:
    """skops audits only the label of some node kinds: a node claiming to be an OrderedDict
    is refused for what it is (its loader)."""
    node = {**LABEL, "__loader__": loader, "content": {"func": "exec", "obj": canary.name}}
    payload = edit_schema(template_payload(), inject(node))
    path = with_estimator(tmp_path / "m.lulcmodel", payload)
    refused(path, canary, rf"collections\.OrderedDict \({loader}\).*not among the types")


@pytest.mark.parametrize(
    ("loader", "module", "cls", "extra"),
    [
        ("ObjectNode", "sklearn.preprocessing._function_transformer", "FunctionTransformer", {}),
        ("ObjectNode", "builtins", "eval", {}),
        ("ObjectNode", "subprocess", "Popen", {}),
        ("TypeNode", "posix", "system", {}),
        ("TypeNode", "builtins", "exec", {}),
        ("JsonNode", "builtins", "eval", {"content": '"1"', "is_json": True}),
        ("NdArrayNode", "os", "system", {"type": "json", "content": [], "shape": []}),
        ("TreeNode", "subprocess", "Popen", {"__reduce__": {"args": []}, "content": {}}),
        ("LossNode", "os", "system", {"__reduce__": {"args": []}, "content": {}}),
        ("RandomStateNode", "os", "system", {"content": {}}),
        ("DefaultDictNode", "collections", "OrderedDict", {"content": {}}),
        ("BytesNode", "pickle", "loads", {"file": "x.bin"}),
    ],
)
def test_every_type_outside_the_allow_list_is_refused(
    tmp_path: Path, canary: Path, loader: str, module: str, cls: str, extra: dict[str, Any]
) -> None:
    node = {"__loader__": loader, "__module__": module, "__class__": cls, "__id__": 9, **extra}
    path = with_estimator(tmp_path / "m.lulcmodel", edit_schema(template_payload(), inject(node)))
    refused(path, canary, rf"{module}\.{cls} \({loader}\)")


def test_a_random_generator_naming_another_callable_is_refused(tmp_path: Path) -> None:
    """skops calls ``numpy.random.<name>`` for a Generator's bit generator: only real bit
    generators are accepted."""
    state = {
        "__loader__": "DictNode",
        "__module__": "builtins",
        "__class__": "dict",
        "key_types": {"__loader__": "ListNode", "__module__": "builtins", "__class__": "list",
                      "content": []},
        "content": {
            "bit_generator": {"__loader__": "JsonNode", "__module__": "builtins",
                              "__class__": "str", "content": '"seed"', "is_json": True},
        },
    }  # fmt: skip
    node = {
        "__loader__": "RandomGeneratorNode",
        "__module__": "numpy.random._generator",
        "__class__": "Generator",
        "content": {"bit_generator": state, "seed_seq": state},
    }
    path = with_estimator(tmp_path / "m.lulcmodel", edit_schema(template_payload(), inject(node)))
    with pytest.raises(ModelFileError, match="names an unknown generator"):
        load_model(path)


def test_a_pickle_is_never_unpickled(tmp_path: Path, canary: Path) -> None:
    class Trap:
        def __reduce__(self) -> Any:
            return (Path.touch, (canary,))

    path = with_estimator(tmp_path / "m.lulcmodel", pickle.dumps(Trap()))
    refused(path, canary, "is not a skops file")
    # An array stored as a pickle (object dtype) inside the skops payload.
    buffer = io.BytesIO()
    np.save(buffer, np.array([Trap()], dtype=object), allow_pickle=True)
    path = with_first_array(tmp_path / "o.lulcmodel", buffer.getvalue())
    refused(path, canary, "not numbers")
    # The training table, pickled.
    entries = [
        (n, buffer.getvalue() if n == "training/x.npy" else d) for n, d in members(TEMPLATE).items()
    ]
    path = write_zip(tmp_path / "t.lulcmodel", entries)
    manifest = read_manifest(path)
    from lulc_classifier.core.model.model_file import read_training_table

    with pytest.raises(ModelFileError, match="training table .* is damaged"):
        read_training_table(path, manifest)
    assert not canary.exists()


# --------------------------------------------------------------------------- the zip itself


@pytest.mark.parametrize(
    ("entries", "match"),
    [
        ([("manifest.json", b"{}"), ("../evil", b"x")], "unexpected member '../evil'"),
        ([("manifest.json", b"{}"), ("/etc/passwd", b"x")], "unexpected member '/etc/passwd'"),
        ([("manifest.json", b"{}"), ("manifest.json", b"{}")], "appears twice"),
        ([("manifest.json", b"{}"), ("inner.zip", b"PK")], "unexpected member 'inner.zip'"),
    ],
)
def test_zip_members_are_checked_before_any_is_read(
    tmp_path: Path, entries: list[tuple[str, bytes]], match: str
) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        path = write_zip(tmp_path / "m.lulcmodel", entries)
    with pytest.raises(ModelFileError, match=match):
        read_manifest(path)


def test_inner_traversal_names_duplicates_and_nested_zips_are_refused(
    tmp_path: Path, canary: Path
) -> None:
    def traversal(schema: dict[str, Any]) -> None:
        array = next(n for n in nodes(schema) if n.get("file"))
        array["file"] = "../../etc/passwd"

    path = with_estimator(tmp_path / "a.lulcmodel", edit_schema(template_payload(), traversal))
    refused(path, canary, "names a missing array '../../etc/passwd'")
    # A member with a traversal name, and a nested zip posing as an array.
    source = zipfile.ZipFile(io.BytesIO(template_payload()))
    for extra, match in (("../x.npy", "unexpected member"), ("nested.zip", "unexpected member")):
        crafted = io.BytesIO()
        with zipfile.ZipFile(crafted, "w") as out:
            for name in source.namelist():
                out.writestr(name, source.read(name))
            out.writestr(extra, template_payload())
        path = with_estimator(tmp_path / "b.lulcmodel", crafted.getvalue())
        refused(path, canary, match)
    path = with_first_array(tmp_path / "c.lulcmodel", template_payload())
    refused(path, canary, "damaged header")


# --------------------------------------------------------------------------- bombs


def timed_refusal(call: Callable[[], Any], match: str) -> float:
    start = time.perf_counter()
    with pytest.raises(ModelFileError, match=match):
        call()
    return time.perf_counter() - start


def test_bombs_are_refused_in_milliseconds(tmp_path: Path) -> None:
    """A 3.5 KB model whose schema inflates to 1 GiB took 2.4 GB of RAM; a 4 MB one made
    modelinfo hang. Declared sizes are checked before anything is read."""
    import resource

    big_manifest = b" " * (MEMBER_LIMITS["manifest.json"] + 1)
    path = write_zip(tmp_path / "m.lulcmodel", [("manifest.json", big_manifest)])
    assert path.stat().st_size < 100_000
    assert timed_refusal(lambda: read_manifest(path), "declares .* bytes, more than") < 0.5

    schema = b" " * (MAX_SCHEMA_BYTES + 1)
    inner = write_zip(tmp_path / "inner.zip", [("schema.json", schema)])
    path = with_estimator(tmp_path / "s.lulcmodel", inner.read_bytes())
    assert path.stat().st_size < 200_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert timed_refusal(lambda: load_model(path), "schema.json' declares") < 0.5
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 50_000  # nothing near the 64 MiB it declares was inflated

    # 8 MiB of zeros as an array: under every size limit, but it inflates 1000-fold.
    zeros = io.BytesIO()
    np.save(zeros, np.zeros(1 << 20))
    path = with_first_array(tmp_path / "z.lulcmodel", zeros.getvalue(), zipfile.ZIP_DEFLATED)
    assert timed_refusal(lambda: load_model(path), "zip bomb") < 0.5


def test_an_array_header_cannot_claim_more_than_its_data(tmp_path: Path) -> None:
    """numpy allocates the shape a header declares before reading: a 1e12-element header on a
    few bytes is refused before numpy sees it."""
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f8", "fortran_order": False, "shape": (10**12,)}
    )
    path = with_first_array(tmp_path / "h.lulcmodel", header.getvalue() + b"\0" * 64)
    with pytest.raises(ModelFileError, match="not the size its header declares"):
        load_model(path)


def test_deep_nesting_is_a_sentence_not_a_recursion_error(tmp_path: Path) -> None:
    schema = ("[" * 100_000 + "]" * 100_000).encode()
    inner = write_zip(tmp_path / "inner.zip", [("schema.json", schema)])
    path = with_estimator(tmp_path / "d.lulcmodel", inner.read_bytes())
    with pytest.raises(ModelFileError, match="schema"):
        load_model(path)


# --------------------------------------------------------------------------- the manifest


def with_manifest(tmp_path: Path, **changes: Any) -> Path:
    entries = members(TEMPLATE)
    manifest = json.loads(entries["manifest.json"])
    manifest.update(changes)
    entries["manifest.json"] = json.dumps(manifest).encode()
    return write_zip(tmp_path / "m.lulcmodel", list(entries.items()))


def legend(*classes: tuple[Any, Any, Any]) -> list[dict[str, Any]]:
    return [{"code": c, "name": n, "color": k} for c, n, k in classes]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"classes": legend((1, "a", '#fff" onload="x'))}, "classes[0].color"),
        ({"classes": legend((1, "a", "#112233"), (1, "b", "#445566"))}, "classes"),
        ({"classes": legend((-3, "a", "#112233"))}, "classes[0].code"),
        ({"classes": legend((70000, "a", "#112233"))}, "classes[0].code"),
        ({"classes": legend((1, "x" * 100_000, "#112233"))}, "classes[0].name"),
        ({"classes": legend((1, "", "#112233"))}, "classes[0].name"),
        ({"classes": "all"}, "classes"),
        ({"classes": [{"name": "a", "color": "#112233"}]}, "classes[0].code"),
        ({"bands": None}, "bands"),
        ({"bands": ["a\x00b"]}, "bands[0]"),
        ({"band_count": 99}, "band_count"),
        ({"seed": "x"}, "seed"),
        ({"stack": {"bands": [{"name": 5}]}}, "stack.bands[0].name"),
        ({"stack": {"recipe": {"indices": ["__import__"]}}}, "stack.recipe.indices[0]"),
        ({"stack": {"recipe": {"evil": 1}}}, "stack.recipe.evil"),
        ({"stack": {"recipe": {"focal_size": 10**9}}}, "stack.recipe.focal_size"),
        ({"metrics": {"x": "y" * 10_000}}, "metrics.x"),
        ({"crs_wkt": "W" * 100_000}, "crs_wkt"),
    ],
)
def test_every_manifest_field_is_checked_and_named(
    tmp_path: Path, changes: dict[str, Any], field: str
) -> None:
    path = with_manifest(tmp_path, **changes)
    with pytest.raises(ModelFileError) as info:
        read_manifest(path)
    assert f"its manifest field '{field}'" in str(info.value)


def test_a_model_file_names_no_path_that_prediction_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A distance covariate's path came from the manifest and prediction opened it
    (``/vsicurl/http://...`` made an HTTP request). The manifest's paths are dropped on
    reading; prediction wants the layer as a parameter."""
    import lulc_classifier.core.features.feature_stack as features

    opened: list[str] = []
    monkeypatch.setattr(features, "read_geometries", lambda p, **k: opened.append(p))
    url = "/vsicurl/http://127.0.0.1:9/steal"
    recipe = {"distances": [{"name": "roads", "path": url, "layer": None, "max_distance": 10}]}
    path = with_manifest(tmp_path, stack={"recipe": recipe})
    assert read_manifest(path)["stack"]["recipe"]["distances"] == [
        {"name": "roads", "max_distance": 10}
    ]
    image = tmp_path / "image.tif"
    write_raster(image, np.ones((4, 4, 4), dtype="float32"), crs=None, transform=None)
    with pytest.raises(ModelMismatchError, match="distance to 1 vector layer.*'roads'"):
        predict_raster([image], path, tmp_path / "map.tif")
    assert opened == []
    assert not (tmp_path / "map.tif").exists()


def test_an_unreadable_crs_is_a_warning_not_a_traceback(tmp_path: Path) -> None:
    path = with_manifest(tmp_path, crs_wkt="GARBAGE[")
    image = tmp_path / "image.tif"
    transform = require("rasterio.transform").from_origin(0, 40, 10, 10)
    write_raster(image, np.ones((4, 4, 4), dtype="float32"), transform=transform)
    progress = RecordingProgress()
    predict_raster([image], path, tmp_path / "map.tif", progress=progress)
    assert any("cannot be read" in w for w in progress.warnings)


def test_saving_checks_what_it_writes(tmp_path: Path) -> None:
    """A model the plugin would refuse to load is never written."""
    tree = require("sklearn.tree")
    estimator = tree.DecisionTreeClassifier().fit([[0.0], [1.0]], [0, 1])
    with pytest.raises(ModelFileError, match="classes\\[0\\].color"):
        save_model(
            tmp_path / "m.lulcmodel",
            estimator,
            {"bands": ["a"], "classes": legend((0, "a", "red"))},
        )
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "tag",
    [
        json.dumps(legend((1, "a", '#fff" onload="x'))),
        json.dumps(legend((1, "a", "#112233"), (1, "b", "#445566"))),
        json.dumps(legend((1, "x" * 10_000, "#112233"))),
        "[" * 50_000,
    ],
)
def test_a_class_maps_stored_legend_is_checked_like_a_models(tmp_path: Path, tag: str) -> None:
    """The legend tag of a stranger's map reaches the .qml style and the reports."""
    from lulc_classifier.core.assessment.reference import map_legend
    from lulc_classifier.core.errors import InvalidInputError
    from lulc_classifier.core.legend import ClassInfo
    from lulc_classifier.core.legend_edit import edit_legend

    path = tmp_path / "map.tif"
    ones = np.ones((1, 4, 4), dtype="uint8")
    write_raster(path, ones, crs=None, transform=None, band_tags=[{"LULC_CLASSES": tag}])
    with pytest.raises(InvalidInputError, match="damaged"):
        edit_legend([ClassInfo(1, "b", "#000000")], class_map_path=path)
    with pytest.raises(InvalidInputError, match="LULC_CLASSES tag\\) is damaged"):
        map_legend({"LULC_CLASSES": tag}, [1])
    assert not path.with_suffix(".qml").exists()


def test_an_all_nodata_prediction_warns(tmp_path: Path) -> None:
    """It returned success with an empty map and no word."""

    image = tmp_path / "image.tif"
    zeros = np.zeros((4, 4, 4), dtype="float32")
    write_raster(image, zeros, nodata=0, crs=None, transform=None)
    progress = RecordingProgress()
    predict_raster([image], TEMPLATE, tmp_path / "map.tif", progress=progress)
    assert any("map holds no class at all" in w for w in progress.warnings)
