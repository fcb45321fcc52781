"""Editing class names and colours of a model file and a class map (core/legend_edit.py)."""

from __future__ import annotations

import hashlib
import json
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import numpy as np
import pytest

from lulc_classifier.core.errors import InvalidInputError, ModelMismatchError, OutputError
from lulc_classifier.core.legend import ClassInfo, build_legend, legend_to_json
from lulc_classifier.core.legend_edit import apply_changes, edit_legend, legend_changes
from lulc_classifier.core.model.model_file import (
    ESTIMATOR,
    MANIFEST,
    load_model,
    read_manifest,
    save_model,
)
from lulc_classifier.core.predict import PredictionOptions, predict_raster

from ..helpers import write_raster

rasterio = pytest.importorskip("rasterio")
tree = pytest.importorskip("sklearn.tree")

NAMES = ["water", "forest", "urban"]


def _image(path: Path, tiles: int = 1) -> Path:
    """3 bands, 40 x 50 (times ``tiles`` each way), one class per band range, a nodata pixel."""
    rng = np.random.default_rng(0)
    data = np.empty((3, 40, 50), dtype=np.uint16)
    edges = [0, 17, 34, 50]
    for k, low in enumerate([100, 400, 800]):
        width = edges[k + 1] - edges[k]
        data[:, :, edges[k] : edges[k + 1]] = rng.integers(low, low + 100, size=(3, 40, width))
    data[:, 0, 0] = 0
    return write_raster(path, np.tile(data, (1, tiles, tiles)), nodata=0)


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A model (decision tree, classes 1-3) and its class map with style, plus a COG map."""
    folder = tmp_path_factory.mktemp("legend_edit")
    x = np.array([[150.0] * 3, [450.0] * 3, [850.0] * 3, [120.0] * 3, [480.0] * 3, [880.0] * 3])
    estimator = tree.DecisionTreeClassifier(random_state=0).fit(x, [1, 2, 3, 1, 2, 3])
    legend = build_legend([1, 2, 3], NAMES)
    model = folder / "model.lulcmodel"
    manifest = {
        "algorithm": "decision_tree",
        "bands": ["b1", "b2", "b3"],
        "band_count": 3,
        "classes": legend_to_json(legend),
        "crs_wkt": "",
        "metrics": {"overall_accuracy": 1.0},
    }
    save_model(model, estimator, manifest)
    image = _image(folder / "image.tif")
    predict_raster([image], model, folder / "map.tif", options=PredictionOptions(threads=1))
    large = _image(folder / "large.tif", tiles=15)  # COG overviews start past 512 pixels
    predict_raster(
        [large], model, folder / "cog.tif", options=PredictionOptions(cog=True, overviews=True)
    )
    return {"model": model, "map": folder / "map.tif", "cog": folder / "cog.tif", "image": image}


@pytest.fixture
def files(originals: dict[str, Path], tmp_path: Path) -> dict[str, Path]:
    """Fresh copies of the model and maps (edits are in place)."""
    out = {}
    for key, path in originals.items():
        out[key] = Path(shutil.copy(path, tmp_path / path.name))
        qml = path.with_suffix(".qml")
        if qml.exists():
            shutil.copy(qml, tmp_path / qml.name)
    return out


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def pixels(path: Path) -> np.ndarray:
    with rasterio.open(path) as src:
        return src.read()


def qml_entries(path: Path) -> list[tuple[int, str, str]]:
    root = ET.fromstring(path.with_suffix(".qml").read_text(encoding="utf-8"))
    return [
        (int(e.get("value", "")), e.get("label", ""), e.get("color", ""))
        for e in root.findall(".//paletteEntry")
    ]


# --------------------------------------------------------------------------- model


def test_model_round_trip_keeps_estimator_and_id(files: dict[str, Path]) -> None:
    before = read_manifest(files["model"])
    with zipfile.ZipFile(files["model"]) as archive:
        members = [(i.filename, i.compress_type) for i in archive.infolist()]
        payload = archive.read(ESTIMATOR)
    result = edit_legend([ClassInfo(2, "  Woodland ", "00FF00")], model_path=files["model"])

    assert result.model_path == str(files["model"])
    assert result.class_map_path is None
    assert result.qml_path is None
    after = read_manifest(files["model"])
    assert after["classes"] == [
        before["classes"][0],
        {"code": 2, "name": "Woodland", "color": "#00ff00"},
        before["classes"][2],
    ]
    assert {k: v for k, v in after.items() if k != "classes"} == {
        k: v for k, v in before.items() if k != "classes"
    }
    assert after["model_id"] == before["model_id"]
    assert list(after) == list(before)  # key order kept
    with zipfile.ZipFile(files["model"]) as archive:
        assert [(i.filename, i.compress_type) for i in archive.infolist()] == members
        assert archive.read(ESTIMATOR) == payload
    model = load_model(files["model"])
    assert [c.name for c in model.legend] == ["water", "Woodland", "urban"]
    x = np.array([[150.0] * 3, [450.0] * 3, [850.0] * 3])
    assert model.estimator.predict(x).tolist() == [1, 2, 3]
    assert [c.name for c in result.legend] == ["water", "Woodland", "urban"]
    assert not [p for p in files["model"].parent.iterdir() if ".part" in p.name]


# --------------------------------------------------------------------------- map


def test_map_metadata_and_style_follow_pixels_do_not(files: dict[str, Path]) -> None:
    path = files["map"]
    values = pixels(path)
    with rasterio.open(path) as src:
        model_tags = {k: v for k, v in src.tags().items() if k.startswith("LULC_MODEL")}
        profile = src.profile
    result = edit_legend([ClassInfo(3, "Built-up", "#AA0000")], class_map_path=path)

    assert result.class_map_path == str(path)
    assert result.qml_path == str(path.with_suffix(".qml"))
    assert result.model_path is None
    assert np.array_equal(pixels(path), values)
    with rasterio.open(path) as src:
        assert src.profile == profile
        band_tags, tags = src.tags(1), src.tags()
        colormap = src.colormap(1)
    assert band_tags["CLASS_3"] == "Built-up"
    assert (band_tags["CLASS_1"], band_tags["CLASS_2"]) == ("water", "forest")
    legend = json.loads(band_tags["LULC_CLASSES"])
    assert legend[2] == {"code": 3, "name": "Built-up", "color": "#aa0000"}
    assert [c["name"] for c in legend] == ["water", "forest", "Built-up"]
    assert json.loads(tags["LULC_LEGEND"]) == legend
    assert {k: v for k, v in tags.items() if k.startswith("LULC_MODEL")} == model_tags
    assert colormap[3] == (170, 0, 0, 255)
    assert colormap[1] == (*ClassInfo(1, "", legend[0]["color"]).rgb(), 255)
    assert colormap[255][3] == 0
    assert qml_entries(path) == [(c["code"], c["name"], c["color"]) for c in legend]
    assert sorted(p.name for p in path.parent.iterdir() if p.stem.startswith("map")) == [
        "map.qml",
        "map.tif",
    ]


def test_cloud_optimized_map_stays_cloud_optimized(files: dict[str, Path]) -> None:
    path = files["cog"]
    values = pixels(path)
    with rasterio.open(path) as src:
        assert src.overviews(1)
    edit_legend([ClassInfo(1, "Lake", "#0000ff")], class_map_path=path)
    with rasterio.open(path) as src:
        assert src.tags(ns="IMAGE_STRUCTURE").get("LAYOUT") == "COG"
        assert src.overviews(1)
        assert src.tags(1)["CLASS_1"] == "Lake"
        assert src.colormap(1)[1] == (0, 0, 255, 255)
    assert np.array_equal(pixels(path), values)
    assert qml_entries(path)[0] == (1, "Lake", "#0000ff")


def test_model_and_map_together(files: dict[str, Path]) -> None:
    result = edit_legend(
        [ClassInfo(1, "Lake", "#0000ff"), ClassInfo(2, "Woods", "#005500")],
        model_path=files["model"],
        class_map_path=files["map"],
    )
    expected = [(1, "Lake", "#0000ff"), (2, "Woods", "#005500")]
    assert [(c.code, c.name, c.color) for c in result.legend][:2] == expected
    assert read_manifest(files["model"])["classes"] == legend_to_json(result.legend)
    with rasterio.open(files["map"]) as src:
        assert json.loads(src.tags(1)["LULC_CLASSES"]) == legend_to_json(result.legend)
    assert qml_entries(files["map"])[:2] == expected


def test_no_change_copies_the_models_legend_onto_the_map(files: dict[str, Path]) -> None:
    edit_legend([ClassInfo(2, "Woods", "#005500")], class_map_path=files["map"])
    result = edit_legend([], model_path=files["model"], class_map_path=files["map"])
    assert [c.name for c in result.legend] == NAMES
    with rasterio.open(files["map"]) as src:
        assert src.tags(1)["CLASS_2"] == "forest"
    assert [name for _, name, _ in qml_entries(files["map"])] == NAMES


def test_renaming_a_class_to_its_own_name_in_another_case(files: dict[str, Path]) -> None:
    result = edit_legend([ClassInfo(1, "Water", "#1f78b4")], model_path=files["model"])
    assert result.legend[0].name == "Water"


# --------------------------------------------------------------------------- errors


def _retag(path: Path, legend: list[ClassInfo]) -> None:
    with rasterio.open(path, "r+") as dst:
        dst.update_tags(1, LULC_CLASSES=json.dumps(legend_to_json(legend)))


@pytest.mark.parametrize(
    ("changes", "error", "match"),
    [
        ([ClassInfo(7, "x", "#000000")], InvalidInputError, r"no class 7; its classes are 1, 2, 3"),
        ([ClassInfo(2, "  ", "#000000")], InvalidInputError, "name of class 2 is empty"),
        (
            [ClassInfo(2, "WATER", "#000000")],
            InvalidInputError,
            r"Classes 1, 2 would all be named 'water'",
        ),
        (
            [ClassInfo(1, "a", "#000000"), ClassInfo(2, "A", "#111111")],
            InvalidInputError,
            "would all be named",
        ),
        ([ClassInfo(2, "woods", "green")], InvalidInputError, "'green' is not a colour"),
        ([ClassInfo(2, "woods", "#12345")], InvalidInputError, "is not a colour"),
        (
            [ClassInfo(2, "a", "#000000"), ClassInfo(2, "b", "#000000")],
            InvalidInputError,
            "given more than once: 2",
        ),
    ],
)
def test_bad_changes_change_nothing(
    files: dict[str, Path], changes: list[ClassInfo], error: type, match: str
) -> None:
    before = digests(files["map"].parent)
    with pytest.raises(error, match=match):
        edit_legend(changes, model_path=files["model"], class_map_path=files["map"])
    assert digests(files["map"].parent) == before


def test_every_problem_is_named_at_once() -> None:
    legend = build_legend([1, 2], ["a", "b"])
    with pytest.raises(InvalidInputError) as info:
        apply_changes(legend, [ClassInfo(9, "x", "#000000"), ClassInfo(1, "", "bad")], "The map")
    message = str(info.value)
    assert "The map has no class 9; its classes are 1, 2." in message
    assert "name of class 1 is empty" in message
    assert "'bad' is not a colour" in message
    assert message.endswith("Nothing was changed.")


def test_model_and_map_of_different_classes(files: dict[str, Path]) -> None:
    _retag(files["map"], build_legend([1, 2, 3, 4], [*NAMES, "crop"]))
    before = digests(files["map"].parent)
    with pytest.raises(ModelMismatchError, match=r"model '.*model.lulcmodel' has classes 1, 2, 3 "):
        edit_legend([], model_path=files["model"], class_map_path=files["map"])
    with pytest.raises(ModelMismatchError, match=r"map '.*map.tif' has classes 1, 2, 3, 4"):
        edit_legend([], model_path=files["model"], class_map_path=files["map"])
    assert digests(files["map"].parent) == before


def test_unknown_code_of_a_map_alone_names_its_classes(files: dict[str, Path]) -> None:
    with pytest.raises(InvalidInputError, match=r"class map '.*' has no class 4; its classes are"):
        edit_legend([ClassInfo(4, "x", "#000000")], class_map_path=files["map"])


def test_nothing_to_edit() -> None:
    with pytest.raises(InvalidInputError, match="Give a model file, a class map or both"):
        edit_legend([ClassInfo(1, "a", "#000000")])


def test_map_without_legend(files: dict[str, Path]) -> None:
    plain = files["map"].with_name("plain.tif")
    with rasterio.open(files["map"]) as src:
        profile, values = src.profile, src.read()
    with rasterio.open(plain, "w", **profile) as dst:
        dst.write(values)
    before = digests(files["map"].parent)
    with pytest.raises(InvalidInputError, match="has no legend"):
        edit_legend([], class_map_path=plain)
    with pytest.raises(InvalidInputError, match="is not a single-band GeoTIFF class map"):
        edit_legend([], class_map_path=files["image"])
    with pytest.raises(InvalidInputError, match="cannot be read"):
        edit_legend([], class_map_path=files["map"].with_name("missing.tif"))
    assert digests(files["map"].parent) == before


def test_map_legend_and_model_file_errors_change_nothing(files: dict[str, Path]) -> None:
    from lulc_classifier.core.errors import ModelFileError

    not_a_model = files["model"].with_name("broken.lulcmodel")
    not_a_model.write_text("not a zip")
    before = digests(files["map"].parent)
    with pytest.raises(ModelFileError):
        edit_legend([], model_path=not_a_model, class_map_path=files["map"])
    assert digests(files["map"].parent) == before
    with zipfile.ZipFile(files["model"]) as archive:
        assert MANIFEST in archive.namelist()


# --------------------------------------------------------------------------- legend_changes


def test_changes_from_a_matrix_and_from_json() -> None:
    expected = [ClassInfo(1, "Water", "#0000ff"), ClassInfo(2, "Forest", "00ff00")]
    assert legend_changes([1.0, "Water", "#0000ff", "2", " Forest ", "00ff00"]) == expected
    objects = '[{"code": 1, "name": "Water", "color": "#0000ff"},'
    objects += ' {"code": 2, "name": "Forest", "colour": "00ff00"}]'
    assert legend_changes(objects) == expected
    assert legend_changes('[[1, "Water", "#0000ff"], [2, "Forest", "00ff00"]]') == expected
    assert legend_changes([1.0, "Water", "#0000ff", "", None, " "]) == expected[:1]
    assert legend_changes(None) == legend_changes("") == legend_changes([]) == []


@pytest.mark.parametrize(
    ("value", "match"),
    [
        ([1, "Water"], "has 2 values; give a code, a name and a colour"),
        (["one", "Water", "#0000ff"], "class code 'one' is not an integer"),
        ([1.5, "Water", "#0000ff"], "class code '1.5' is not an integer"),
        ("[1, 2", "not valid JSON"),
        ('{"code": 1}', "must be a list"),
    ],
)
def test_bad_changes_text(value: object, match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        legend_changes(value)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- concurrent edits


def _slow_writes(monkeypatch: pytest.MonkeyPatch, pause: float) -> None:
    """Widen the window between reading the model and replacing it."""
    import time

    import lulc_classifier.core.legend_edit as legend_edit

    write = legend_edit.rewrite_manifest

    def slow(*args: object) -> None:
        time.sleep(pause)
        write(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(legend_edit, "rewrite_manifest", slow)


def test_concurrent_edits_of_one_model_both_last(
    files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two edits at once (as two qgis_process runs): read-modify-write without a lock lost
    the first one's change, both returning success."""
    from concurrent.futures import ThreadPoolExecutor

    _slow_writes(monkeypatch, 0.3)
    with ThreadPoolExecutor(2) as pool:
        jobs = [
            pool.submit(edit_legend, [ClassInfo(1, "Lake", "#0000ff")], model_path=files["model"]),
            pool.submit(edit_legend, [ClassInfo(2, "Woods", "#00ff00")], model_path=files["model"]),
        ]
        [job.result() for job in jobs]
    names = {c["code"]: c["name"] for c in read_manifest(files["model"])["classes"]}
    assert names[1] == "Lake"
    assert names[2] == "Woods"


def test_a_model_replaced_during_an_edit_is_not_overwritten(
    files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where no lock holds (another program, or a system without fcntl), the edit checks that
    the file it read is still there before replacing it."""
    import lulc_classifier.core.legend_edit as legend_edit

    write = legend_edit.rewrite_manifest
    other = files["model"].with_name("other.lulcmodel")
    shutil.copy(files["model"], other)
    edit_legend([ClassInfo(3, "Town", "#ff0000")], model_path=other)

    def meanwhile(source: Path, target: Path, manifest: dict) -> None:
        write(source, target, manifest)
        shutil.copy(other, files["model"])  # another program's save lands first

    monkeypatch.setattr(legend_edit, "rewrite_manifest", meanwhile)
    with pytest.raises(OutputError, match="changed by another program.*nothing was written"):
        edit_legend([ClassInfo(1, "Lake", "#0000ff")], model_path=files["model"])
    assert digests(files["model"].parent)[files["model"].name] == digests(other.parent)[other.name]
    assert not list(files["model"].parent.glob(".*.part*"))
