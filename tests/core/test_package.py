"""The Python package: the wheel of the checkout (what is in it, what is not, its version and
entry point), and ``lulc_classifier`` installed into a fresh virtual environment from the wheel
and with ``pip install .``, used from a neutral folder on a tiny image."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from ..helpers import write_points, write_raster

ROOT = Path(__file__).resolve().parents[2]
#: QGIS's Python on Debian, with Debian's setuptools and wheel (python3-setuptools, -wheel).
SYSTEM_PYTHON = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable

pytestmark = pytest.mark.slow

#: Run in the installed package: sample, train, predict a tiny image; print where it came from.
USE = """
import sys
import lulc_classifier
from lulc_classifier import (SampleSource, TrainingFiles, TrainingOptions, __all__,
                             predict_raster, sample_labels, train_classifier)
from lulc_classifier.core import deps

samples = sample_labels(["image.tif"], "labels.gpkg", "cls")
trained = train_classifier(
    SampleSource(samples.table, "cls", metadata=samples.metadata),
    TrainingFiles("model.lulcmodel"),
    options=TrainingOptions(hyperparameters={"n_estimators": 10}, n_jobs=1),
)
result = predict_raster(["image.tif"], trained.model, "map.tif")
print("file", lulc_classifier.__file__)
print("accuracy", trained.accuracy.overall_accuracy)
print("pixels", sum(result.pixel_counts.values()))
print("missing", deps.missing_requirements())
print("skops", sys.modules["skops"].__file__)
print("names", len(__all__))
"""


def metadata_version() -> str:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "metadata.txt", encoding="utf-8")
    return parser.get("general", "version")


def clean_env() -> dict[str, str]:
    """The environment without the test run's PYTHONPATH (which may reach the checkout), and
    without any index: everything is offline."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_CACHE_DIR="1")
    env.setdefault("PROJ_DATA", "/usr/share/proj")
    return env


def run(args: list[str], cwd: Path, timeout: float = 120) -> str:
    done = subprocess.run(
        args, cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from the checkout, offline, with the platform's setuptools and wheel."""
    out = tmp_path_factory.mktemp("wheel")
    build = [SYSTEM_PYTHON, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    run([*build, "-w", str(out), str(ROOT)], cwd=out)
    (found,) = out.glob("lulc_classifier-*.whl")
    return found


def test_wheel_holds_the_engine_and_not_the_plugin(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    inside = [n for n in names if n.startswith("lulc_classifier/")]
    for required in (
        "__init__.py",
        "api.py",
        "metadata.txt",
        "LICENSE",
        "core/__init__.py",
        "core/predict.py",
        "core/model/model_file.py",
        "core/model/custom.py",
        "core/assessment/reference.py",
        "core/features/feature_stack.py",
        "ext/skops/__init__.py",
        "ext/skops/io/__init__.py",
    ):
        assert f"lulc_classifier/{required}" in inside
    for required in ("__main__.py", "cli/__init__.py", "cli/main.py", "cli/algorithms.json"):
        assert f"lulc_classifier/{required}" in inside
    left_out = ("plugin.py", "processing_provider/", "ui/", "tests/", "scripts/", "benchmarks/")
    left_out += ("data/", "docs/", "i18n/", "icons/", "setup.py", "pyproject.toml", ".venv/")
    for name in inside:
        assert not name.removeprefix("lulc_classifier/").startswith(left_out), name
        assert "__pycache__" not in name, name
        assert not name.endswith(".pyc"), name
    assert not [n for n in names if not n.startswith(("lulc_classifier/", "lulc_classifier-"))]


def test_wheel_version_and_entry_point(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    info = f"lulc_classifier-{metadata_version()}.dist-info"
    metadata = archive.read(f"{info}/METADATA").decode()
    assert f"\nVersion: {metadata_version()}\n" in metadata
    assert "Requires-Dist: scikit-learn" in metadata
    assert "Requires-Dist: rasterio" in metadata
    entry_points = archive.read(f"{info}/entry_points.txt").decode()
    assert "[console_scripts]" in entry_points
    assert "lulc = lulc_classifier.cli:main" in entry_points


def test_build_leaves_the_checkout_clean(wheel: Path) -> None:
    """setup.py builds in a temporary folder: no build/ or egg-info appears in the checkout
    (where a stale file could reach the next wheel)."""
    assert not list(ROOT.glob("*.egg-info"))
    assert not (ROOT / "build" / "lib" / "lulc_classifier").exists()


def test_installed_package_works_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    """The wheel in a fresh venv (over the platform's packages), then ``pip install .``: each
    time ``lulc_classifier`` is the installed copy, finds its bundled skops, and classifies."""
    venv = tmp_path / "venv"
    # Without pip of its own (ensurepip takes seconds): the platform's pip installs into it.
    run(
        [SYSTEM_PYTHON, "-m", "venv", "--without-pip", "--system-site-packages", str(venv)],
        tmp_path,
    )
    python = str(venv / "bin" / "python")
    pip = [SYSTEM_PYTHON, "-m", "pip", "--python", python, "install", "--no-deps", "--no-compile"]
    work = tmp_path / "work"
    work.mkdir()
    data = np.zeros((2, 32, 32), dtype=np.float32)
    data[0, :, 16:] = 10.0
    data[1] = np.random.default_rng(0).normal(0, 0.1, (32, 32))
    write_raster(work / "image.tif", data)
    cells = [(r, c, 1 if c < 16 else 2) for r in range(2, 30, 3) for c in (2, 6, 10, 20, 25, 29)]
    write_points(work / "labels.gpkg", cells)
    run([*pip, "--no-index", str(wheel)], cwd=tmp_path)
    out = dict(line.split(" ", 1) for line in run([python, "-c", USE], cwd=work).splitlines())
    installed = Path(out["file"]).resolve()
    assert venv.resolve() in installed.parents, out["file"]
    assert ROOT not in installed.parents
    assert float(out["accuracy"]) > 0.9
    assert int(out["pixels"]) == 32 * 32
    assert "skops" not in out["missing"]
    assert int(out["names"]) > 50
    skops = Path(out["skops"]).resolve()
    assert venv.resolve() in skops.parents or "ext" not in skops.parts, out["skops"]
    # the command line of the wheel: its entry point, and python -m
    lulc = str(venv / "bin" / "lulc")
    assert run([lulc, "--version"], cwd=work).split() == ["lulc", metadata_version()]
    assert "--class-field" in run([python, "-m", "lulc_classifier", "classify", "--help"], work)
    run(
        [
            lulc,
            "classify",
            "--rasters",
            "image.tif",
            "--labels",
            "labels.gpkg",
            "--class-field",
            "cls",
            "--output",
            "cli_map.tif",
            "--output-model",
            "cli.lulcmodel",
            "-q",
        ],
        cwd=work,
    )
    assert (work / "cli_map.tif").is_file()
    assert (work / "cli.lulcmodel").is_file()
    # pip install . (offline, over the wheel's install): the same package, from the source
    run([*pip, "--no-build-isolation", "--force-reinstall", str(ROOT)], cwd=tmp_path)
    check = "import lulc_classifier as L; from lulc_classifier import train_classifier; "
    check += "print(L.__file__, L.plugin_version())"
    file, version = run([python, "-c", check], cwd=work).split()
    assert venv.resolve() in Path(file).resolve().parents
    assert version == metadata_version()
