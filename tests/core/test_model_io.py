"""The .lulcmodel file: zip of a JSON manifest and a skops estimator (core/model/model_file.py)."""

from __future__ import annotations

import collections
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lulc_classifier.core.deps import require
from lulc_classifier.core.errors import ModelFileError, OutputError
from lulc_classifier.core.legend import ClassInfo, build_legend, legend_to_json
from lulc_classifier.core.model import model_file as model_io
from lulc_classifier.core.model.model_file import Model, load_model, read_manifest, save_model

from ..helpers import RecordingProgress

sio = require("skops.io")  # bundled in ext/ where QGIS's Python has no skops
tree = pytest.importorskip("sklearn.tree")

#: Set by :class:`Booby` if skops ever builds one.
EXECUTED: list[str] = []


class Booby:
    """A type no allow-list trusts; building it records that code ran."""

    def __init__(self) -> None:
        EXECUTED.append("__init__")

    def __setstate__(self, state: dict[str, Any]) -> None:
        EXECUTED.append("__setstate__")
        self.__dict__.update(state)

    def __reduce__(self):  # pragma: no cover - only reached if something unpickles it
        EXECUTED.append("__reduce__")
        return (Booby, ())


def booby() -> Booby:
    """A Booby made without running its code, with some state for skops to restore."""
    trap = Booby.__new__(Booby)
    trap.__dict__["payload"] = [1, 2, 3]
    return trap


def fitted_tree():
    x = np.array([[0.0, 1.0], [1.0, 0.0], [5.0, 6.0], [6.0, 5.0], [0.5, 0.5], [5.5, 5.5]])
    y = np.array([1, 1, 4, 4, 1, 4])
    return tree.DecisionTreeClassifier(random_state=0).fit(x, y), x


def manifest(legend: list[ClassInfo] | None = None) -> dict[str, Any]:
    legend = legend or build_legend([1, 4], ["Wasser", "forêt"])
    return {
        "algorithm": "decision_tree",
        "bands": ["red", "nir"],
        "band_count": 2,
        "classes": legend_to_json(legend),
        "label_type": "text",
        "crs_wkt": "",
        "metrics": {"overall_accuracy": 0.875},
    }


def write_zip(path: Path, entries: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def valid_manifest_json() -> str:
    return json.dumps({"format": model_io.FORMAT, "format_version": 1, **manifest()})


@pytest.fixture(autouse=True)
def _reset_flag():
    EXECUTED.clear()
    yield
    EXECUTED.clear()


# --------------------------------------------------------------------------- round trip


def test_round_trip(tmp_path: Path) -> None:
    estimator, x = fitted_tree()
    path = tmp_path / "m.lulcmodel"
    save_model(path, estimator, manifest())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.lulcmodel"]
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["estimator.skops", "manifest.json"]
        assert "forêt" in archive.read("manifest.json").decode("utf-8")

    model = load_model(path)
    assert isinstance(model, Model)
    for key, value in manifest().items():
        assert model.manifest[key] == value
    assert model.manifest["format"] == "lulc-model"
    assert model.manifest["format_version"] == 1
    assert set(model.manifest["versions"]) >= {"python", "lulc_classifier", "sklearn", "skops"}
    assert model.band_names == ["red", "nir"]
    assert model.legend == build_legend([1, 4], ["Wasser", "forêt"])
    np.testing.assert_array_equal(model.estimator.predict(x), estimator.predict(x))
    np.testing.assert_array_equal(model.estimator.predict_proba(x), estimator.predict_proba(x))
    assert model.estimator.classes_.tolist() == [1, 4]


def test_save_overwrites_atomically(tmp_path: Path) -> None:
    estimator, _ = fitted_tree()
    path = tmp_path / "m.lulcmodel"
    path.write_bytes(b"old")
    save_model(path, estimator, manifest())
    assert read_manifest(path)["algorithm"] == "decision_tree"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.lulcmodel"]


def test_save_to_missing_folder(tmp_path: Path) -> None:
    estimator, _ = fitted_tree()
    with pytest.raises(OutputError, match="does not exist"):
        save_model(tmp_path / "missing" / "m.lulcmodel", estimator, manifest())
    assert list(tmp_path.iterdir()) == []


def test_version_difference_is_warned(tmp_path: Path) -> None:
    estimator, _ = fitted_tree()
    path = tmp_path / "m.lulcmodel"
    save_model(path, estimator, {**manifest(), "versions": {"sklearn": "0.0.1"}})
    progress = RecordingProgress()
    load_model(path, progress=progress)
    assert len(progress.warnings) == 1
    assert "scikit-learn 0.0.1" in progress.warnings[0]
    save_model(path, estimator, manifest())
    progress = RecordingProgress()
    load_model(path, progress=progress)
    assert progress.warnings == []


# --------------------------------------------------------------------------- read_manifest


def test_read_manifest_does_not_touch_the_estimator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    estimator, _ = fitted_tree()
    path = tmp_path / "m.lulcmodel"
    save_model(path, estimator, manifest())

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("skops was asked to read the estimator")

    monkeypatch.setattr(sio, "loads", refuse)
    monkeypatch.setattr(sio, "load", refuse)
    monkeypatch.setattr(sio, "get_untrusted_types", refuse)
    assert read_manifest(path)["bands"] == ["red", "nir"]


def test_read_manifest_with_garbage_estimator(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "m.lulcmodel",
        {"manifest.json": valid_manifest_json(), "estimator.skops": b"\x00garbage"},
    )
    assert read_manifest(path)["classes"][1]["name"] == "forêt"
    with pytest.raises(ModelFileError, match="its estimator is not a skops file"):
        load_model(path)


# --------------------------------------------------------------------------- not a model


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "m.lulcmodel"
    path.write_text("hello")
    with pytest.raises(ModelFileError, match="is not an LULC Classifier model file"):
        read_manifest(path)
    with pytest.raises(ModelFileError, match="is not an LULC Classifier model file"):
        load_model(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="does not exist"):
        load_model(tmp_path / "nothing.lulcmodel")


def test_zip_without_manifest(tmp_path: Path) -> None:
    estimator, _ = fitted_tree()
    path = write_zip(tmp_path / "m.lulcmodel", {"estimator.skops": sio.dumps(estimator)})
    with pytest.raises(ModelFileError, match="holds no manifest.json"):
        read_manifest(path)
    with pytest.raises(ModelFileError):
        load_model(path)


@pytest.mark.parametrize(
    "text",
    ["{not json", json.dumps(["a list"]), json.dumps({"format": "other", "bands": []})],
)
def test_bad_manifest(tmp_path: Path, text: str) -> None:
    path = write_zip(tmp_path / "m.lulcmodel", {"manifest.json": text})
    with pytest.raises(ModelFileError, match="not an LULC Classifier model file"):
        read_manifest(path)


def test_newer_format_version(tmp_path: Path) -> None:
    text = json.dumps({"format": "lulc-model", "format_version": 99})
    path = write_zip(tmp_path / "m.lulcmodel", {"manifest.json": text})
    with pytest.raises(ModelFileError, match="format version 99"):
        read_manifest(path)


@pytest.mark.parametrize("version", ["two", None, [1]])
def test_malformed_format_version(tmp_path: Path, version: object) -> None:
    text = json.dumps({"format": "lulc-model", "format_version": version})
    path = write_zip(tmp_path / "m.lulcmodel", {"manifest.json": text})
    with pytest.raises(ModelFileError):
        read_manifest(path)


def test_manifest_without_estimator(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "m.lulcmodel", {"manifest.json": valid_manifest_json()})
    with pytest.raises(ModelFileError, match="holds no estimator"):
        load_model(path)


# --------------------------------------------------------------------------- untrusted types


def test_untrusted_type_is_refused_without_running_it(tmp_path: Path) -> None:
    payload = sio.dumps(booby())
    EXECUTED.clear()
    assert sio.get_untrusted_types(data=payload) == [f"{Booby.__module__}.Booby"]
    path = write_zip(
        tmp_path / "m.lulcmodel",
        {"manifest.json": valid_manifest_json(), "estimator.skops": payload},
    )
    with pytest.raises(ModelFileError) as info:
        load_model(path)
    message = str(info.value)
    assert f"{Booby.__module__}.Booby" in message
    assert "not among the types" in message
    assert EXECUTED == []
    # Control: had the type been trusted, building it would have run its code.
    sio.loads(payload, trusted=[f"{Booby.__module__}.Booby"])
    assert EXECUTED == ["__setstate__"]


def test_untrusted_type_inside_an_estimator_is_refused(tmp_path: Path) -> None:
    estimator, _ = fitted_tree()
    estimator.extra_ = {"counts": collections.Counter("aab"), "trap": booby()}
    payload = sio.dumps(estimator)
    EXECUTED.clear()
    path = write_zip(
        tmp_path / "m.lulcmodel",
        {"manifest.json": valid_manifest_json(), "estimator.skops": payload},
    )
    with pytest.raises(ModelFileError) as info:
        load_model(path)
    message = str(info.value)
    assert "collections.Counter" in message or f"{Booby.__module__}.Booby" in message
    assert EXECUTED == []


def test_untrusted_function_is_refused(tmp_path: Path) -> None:
    """A payload naming a dangerous function (hand-edited schema) is refused, not called."""
    import io
    import os

    estimator, _ = fitted_tree()
    estimator.hook_ = os.getcwd
    payload = sio.dumps(estimator)
    # Point the function at os.system, as an attacker would.
    source = zipfile.ZipFile(io.BytesIO(payload))
    schema = source.read("schema.json").decode("utf-8").replace('"getcwd"', '"system"')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as crafted:
        for name in source.namelist():
            data = schema if name == "schema.json" else source.read(name)
            crafted.writestr(name, data)
    path = write_zip(
        tmp_path / "m.lulcmodel",
        {"manifest.json": valid_manifest_json(), "estimator.skops": buffer.getvalue()},
    )
    with pytest.raises(ModelFileError, match=r"system.*not among the types"):
        load_model(path)


def test_types_outside_the_allow_list_are_refused(tmp_path: Path) -> None:
    payload = sio.dumps({"counts": collections.Counter("aab")})
    path = write_zip(
        tmp_path / "m.lulcmodel",
        {"manifest.json": valid_manifest_json(), "estimator.skops": payload},
    )
    with pytest.raises(ModelFileError, match=r"collections\.Counter"):
        load_model(path)
