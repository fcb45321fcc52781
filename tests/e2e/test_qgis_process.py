"""End-to-end: the built zip, installed in a throwaway profile, run by qgis_process.bin --json."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import rasterio

from ..helpers import write_raster

ROOT = Path(__file__).resolve().parent.parent.parent
QGIS_PROCESS = ROOT / "scripts" / "qgis-process"
HISTORICAL = ROOT / "data" / "historical_map"


@pytest.fixture(scope="module")
def plugin_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The release zip built by scripts/package.sh."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "package.sh"), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(done.stdout.strip().splitlines()[-1])


def test_zip_is_installable_and_clean(plugin_zip: Path) -> None:
    names = zipfile.ZipFile(plugin_zip).namelist()
    assert {n.split("/")[0] for n in names} == {"lulc_classifier"}
    for required in (
        "metadata.txt",
        "LICENSE",
        "__init__.py",
        "plugin.py",
        "core/predict.py",
        "processing_provider/provider.py",
        "ui/dock.py",
        "ui/panel.ui",
        "icons/lulc.svg",
    ):
        assert f"lulc_classifier/{required}" in names
    assert not [n for n in names if "/tests/" in n or "__pycache__" in n or n.endswith(".pyc")]
    assert not [n for n in names if "/data/" in n or "/scripts/" in n]


@pytest.fixture(scope="module")
def qgis_env(plugin_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment for scripts/qgis-process: the unpacked zip and a fresh profile."""
    if shutil.which("/usr/bin/qgis_process.bin") is None:
        if os.environ.get("LULC_REQUIRE_QGIS") == "1":
            pytest.fail("qgis_process.bin is required (LULC_REQUIRE_QGIS=1) but missing")
        pytest.skip("qgis_process.bin not installed")
    plugins = tmp_path_factory.mktemp("plugins")
    zipfile.ZipFile(plugin_zip).extractall(plugins)
    profile = tmp_path_factory.mktemp("profile")
    return {**os.environ, "LULC_PLUGIN_DIR": str(plugins), "LULC_QGIS_PROFILE": str(profile)}


def qgis_process(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run scripts/qgis-process with the test profile."""
    return subprocess.run(
        [str(QGIS_PROCESS), *args], env=env, capture_output=True, text=True, timeout=300
    )


def run_json(env: dict[str, str], alg: str, **params: Any) -> dict[str, Any]:
    """Run an algorithm with --json; assert success; return its results."""
    args = [f"{k}={v}" for k, v in params.items()]
    done = qgis_process(env, "--json", "run", alg, "--", *args)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    result = json.loads(done.stdout)
    return dict(result["results"])


def test_provider_is_loaded_from_the_zip(qgis_env: dict[str, str]) -> None:
    done = qgis_process(qgis_env, "--json", "list")
    assert done.returncode == 0, done.stderr
    algorithms = json.loads(done.stdout)["providers"]["lulc"]["algorithms"]
    assert sorted(algorithms) == [
        "lulc:assess",
        "lulc:classareas",
        "lulc:classify",
        "lulc:legend",
        "lulc:modelinfo",
        "lulc:predict",
        "lulc:sample",
        "lulc:segment",
        "lulc:smooth",
        "lulc:stack",
        "lulc:suggest",
        "lulc:train",
        "lulc:validationpoints",
    ]
    plugin_dir = Path(qgis_env["LULC_PLUGIN_DIR"]) / "lulc_classifier"
    assert (plugin_dir / "metadata.txt").is_file()


def test_sample_train_predict(qgis_env: dict[str, str], tmp_path: Path) -> None:
    image = HISTORICAL / "map_compress.tif"
    samples = run_json(
        qgis_env,
        "lulc:sample",
        RASTERS=image,
        LABELS=HISTORICAL / "train_points.gpkg",
        CLASS_FIELD="Class",
        OUTPUT=tmp_path / "samples.gpkg",
    )
    assert samples["SAMPLE_COUNT"] == 456  # 510 points; 54 share a pixel with their class
    trained = run_json(
        qgis_env,
        "lulc:train",
        SAMPLES=samples["OUTPUT"],
        CLASS_FIELD="Class",
        ALGORITHM=0,
        OUTPUT_MODEL=tmp_path / "model.lulcmodel",
        OUTPUT_REPORT=tmp_path / "report.html",
    )
    assert 0.8 < trained["OVERALL_ACCURACY"] <= 1.0
    assert 0.7 < trained["KAPPA"] <= 1.0
    predicted = run_json(
        qgis_env,
        "lulc:predict",
        RASTERS=image,
        MODEL=trained["OUTPUT_MODEL"],
        OUTPUT=tmp_path / "map.tif",
    )
    with rasterio.open(predicted["OUTPUT"]) as src:
        assert (src.dtypes[0], src.nodata, src.count) == ("uint8", 255, 1)
        assert set(src.tags(1)) >= {"CLASS_1", "CLASS_5"}
    assert (tmp_path / "map.qml").read_text().count("paletteEntry") == 5


def test_convolutional_network_trains_and_predicts_inside_qgis_process(
    qgis_env: dict[str, str], tmp_path: Path
) -> None:
    """PyTorch trains inside qgis_process (Debian's python3-torch beside QGIS's libraries), and
    the network's ONNX graph classifies the image (issue 20)."""
    image = HISTORICAL / "map_compress.tif"
    samples = run_json(
        qgis_env,
        "lulc:sample",
        RASTERS=image,
        LABELS=HISTORICAL / "train.gpkg",
        CLASS_FIELD="Type",
        ALL_TOUCHED=True,
        MAX_PER_CLASS=60,
        PATCH_SIZE=5,
        OUTPUT=tmp_path / "samples.gpkg",
    )
    trained = run_json(
        qgis_env,
        "lulc:train",
        SAMPLES=samples["OUTPUT"],
        CLASS_FIELD="Type",
        ALGORITHM=10,
        EPOCHS=3,
        WIDTH=8,
        OUTPUT_MODEL=tmp_path / "net.lulcmodel",
    )
    assert 0.0 < trained["OVERALL_ACCURACY"] <= 1.0
    predicted = run_json(
        qgis_env, "lulc:predict", RASTERS=image, MODEL=trained["OUTPUT_MODEL"],
        OUTPUT=tmp_path / "map.tif",
    )
    with rasterio.open(predicted["OUTPUT"]) as src:
        assert src.count == 1
        assert (src.read(1) != 255).mean() > 0.9  # the image's own nodata stays nodata


def test_classify_one_step(qgis_env: dict[str, str], tmp_path: Path) -> None:
    results = run_json(
        qgis_env,
        "lulc:classify",
        RASTERS=HISTORICAL / "map_compress.tif",
        LABELS=HISTORICAL / "train_points.gpkg",
        CLASS_FIELD="Type",
        ALGORITHM=0,
        OUTPUT=tmp_path / "map.tif",
        OUTPUT_MODEL=tmp_path / "model.lulcmodel",
        OUTPUT_REPORT=tmp_path / "report.html",
    )
    assert results["OVERALL_ACCURACY"] > 0.8
    assert "Buildings" in (tmp_path / "report.html").read_text()
    assert 'label="Water"' in (tmp_path / "map.qml").read_text()
    edited = run_json(  # a matrix on the command line: its cells, comma-separated
        qgis_env,
        "lulc:legend",
        MODEL=results["OUTPUT_MODEL"],
        CLASS_MAP=results["OUTPUT"],
        LEGEND="1,Renamed class,#123456",
    )
    renamed = {"code": 1, "name": "Renamed class", "color": "#123456"}
    assert json.loads(edited["CLASSES"])[0] == renamed
    assert edited["OUTPUT_STYLE"] == str(tmp_path / "map.qml")
    assert 'label="Renamed class"' in (tmp_path / "map.qml").read_text()


def test_model3_chain(qgis_env: dict[str, str], tmp_path: Path) -> None:
    model = ROOT / "tests" / "data" / "sample_train_predict.model3"
    results = run_json(
        qgis_env,
        str(model),
        rasters=HISTORICAL / "map_compress.tif",
        labels=HISTORICAL / "train_points.gpkg",
        classfield="Type",
        **{"predict:landcover": tmp_path / "map.tif", "train:model": tmp_path / "m.lulcmodel"},
    )
    assert Path(results["predict:landcover"]).is_file()
    assert (tmp_path / "map.qml").is_file()
    assert (tmp_path / "m.lulcmodel").is_file()


def test_failing_run_exits_1_with_the_reason(qgis_env: dict[str, str], tmp_path: Path) -> None:
    done = qgis_process(
        qgis_env,
        "run",
        "lulc:classify",
        "--",
        f"RASTERS={HISTORICAL / 'map_compress.tif'}",
        f"LABELS={HISTORICAL / 'train_points.gpkg'}",
        "CLASS_FIELD=Typo",
        f"OUTPUT={tmp_path / 'map.tif'}",
        f"OUTPUT_MODEL={tmp_path / 'm.lulcmodel'}",
    )
    assert done.returncode == 1
    assert "The class field 'Typo' is not in the label layer" in done.stdout + done.stderr
    assert not list(tmp_path.iterdir())


def test_an_output_over_an_input_exits_1_and_keeps_the_input(
    qgis_env: dict[str, str], tmp_path: Path
) -> None:
    image = tmp_path / "image.tif"
    shutil.copy(HISTORICAL / "map_compress.tif", image)
    before = image.read_bytes()
    done = qgis_process(
        qgis_env,
        "run",
        "lulc:classify",
        "--",
        f"RASTERS={image}",
        f"LABELS={HISTORICAL / 'train_points.gpkg'}",
        "CLASS_FIELD=Type",
        f"OUTPUT={image}",
        f"OUTPUT_MODEL={tmp_path / 'm.lulcmodel'}",
    )
    assert done.returncode == 1
    message = done.stdout + done.stderr
    assert f"The output OUTPUT '{image}' is the same file as the input RASTERS" in message
    assert image.read_bytes() == before
    # only the input (and the .aux.xml QGIS's layer loading may write beside it)
    assert {p.name for p in tmp_path.iterdir()} <= {"image.tif", "image.tif.aux.xml"}


def test_assess_reproduces_the_published_example(qgis_env: dict[str, str], tmp_path: Path) -> None:
    """Olofsson et al. (2014): a map with the paper's class areas (30 m pixels) and reference
    points with its sample counts, drawn stratified by that map."""
    import geopandas as gpd
    import numpy as np
    from rasterio.transform import from_origin

    from lulc_classifier.core import vector_io

    pixels = [200_000, 150_000, 3_200_000, 6_450_000]
    counts = [[66, 0, 5, 4], [0, 55, 8, 12], [1, 0, 153, 11], [2, 1, 9, 313]]
    width = 5000
    rows = [p // width for p in pixels]  # 40, 30, 640, 1290 rows
    data = np.repeat(np.arange(1, 5, dtype=np.uint8), rows)[:, None].repeat(width, axis=1)
    transform = from_origin(300000, 5000000, 30, 30)
    map_path = tmp_path / "change.tif"
    write_raster(
        map_path,
        data[None],
        nodata=255,
        crs="EPSG:32633",
        transform=transform,
        tiled=True,
        compress="deflate",
    )
    points, first = [], np.cumsum([0, *rows])
    for map_class, row in enumerate(counts, start=1):
        k = 0
        for ref_class, n in enumerate(row, start=1):
            for _ in range(n):
                r, c = first[map_class - 1] + k % rows[map_class - 1], 10 + 7 * k
                x, y = transform * (c + 0.5, r + 0.5)
                points.append({"map_class": map_class, "reference": ref_class, "x": x, "y": y})
                k += 1
    frame = gpd.GeoDataFrame(
        points,
        geometry=gpd.points_from_xy([p["x"] for p in points], [p["y"] for p in points]),
        crs="EPSG:32633",
    )
    ref_path = tmp_path / "reference.gpkg"
    frame.to_file(ref_path, driver="GPKG", layer="reference")
    design = {"design": "stratified", "strata": {str(i + 1): p for i, p in enumerate(pixels)}}
    vector_io.write_tags(ref_path, "reference", {"LULC_VALIDATION": json.dumps(design)})
    results = run_json(
        qgis_env,
        "lulc:assess",
        MAP=map_path,
        REFERENCE=ref_path,
        REFERENCE_FIELD="reference",
        OUTPUT_JSON=tmp_path / "assess.json",
        OUTPUT_REPORT=tmp_path / "assess.html",
    )
    assert results["DESIGN"] == "stratified by the map"
    assert results["POINTS_USED"] == 640
    assert round(results["OVERALL_ACCURACY"], 4) == 0.9465
    assert round(results["OVERALL_ACCURACY_CI95"], 4) == 0.0185
    estimates = json.loads((tmp_path / "assess.json").read_text())["classes"]
    assert [round(c["area_ha"]["value"]) for c in estimates] == [21158, 11686, 285770, 581386]
    assert [round(c["area_ha"]["ci95"]) for c in estimates] == [6158, 3756, 15510, 16282]
    assert [round(c["producers_accuracy"]["value"], 2) for c in estimates] == [
        0.75,
        0.85,
        0.93,
        0.96,
    ]


_PANEL_FROM_ZIP = """
import sys
from qgis.core import QgsApplication
from qgis.PyQt.QtWidgets import QMainWindow
app = QgsApplication([], True)
app.initQgis()
sys.path.append("/usr/share/qgis/python/plugins")
from processing.core.Processing import Processing
Processing.initialize()
sys.path.insert(0, sys.argv[1])
import lulc_classifier

class Iface:
    def __init__(self):
        self.window = QMainWindow()
    def mainWindow(self):
        return self.window
    def addToolBar(self, name):
        return self.window.addToolBar(name)
    def __getattr__(self, name):  # menu and dock calls
        return lambda *args: None

plugin = lulc_classifier.classFactory(Iface())
plugin.initGui()
plugin.show_panel(True)
ui = plugin.dock.ui
print(lulc_classifier.__file__)
print(ui.algorithmCombo.count(), ui.indicesCombo.count(), ui.runButton.isEnabled())
plugin.unload()
app.exitQgis()
"""


def test_panel_opens_from_the_zip(qgis_env: dict[str, str], tmp_path: Path) -> None:
    """The packaged plugin carries everything the panel needs (the .ui file included)."""
    plugins = qgis_env["LULC_PLUGIN_DIR"]
    env = {**qgis_env, "QT_QPA_PLATFORM": "offscreen", "QGIS_CUSTOM_CONFIG_PATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", _PANEL_FROM_ZIP, plugins],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    where, counts = done.stdout.strip().splitlines()[-2:]
    assert where.startswith(plugins)
    algorithms, indices, enabled = counts.split()
    assert int(algorithms) >= 8
    assert int(indices) == 11
    assert enabled == "True"
