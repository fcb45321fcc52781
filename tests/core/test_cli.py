"""The ``lulc`` command line: every subcommand's --help from the algorithms' texts, every
subcommand on the bundled data, exit codes and sentences, and Ctrl-C leaving no file."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lulc_classifier.cli import main
from lulc_classifier.cli.parser import parse_extent, parse_vector
from lulc_classifier.cli.spec import algorithms, option_name, slug
from lulc_classifier.core.version import plugin_version

from ..helpers import importable_package, write_raster

#: A 206 x 136-pixel part of the historical map (xmin,xmax,ymin,ymax, QGIS's order).
SMALL = "1.43,1.45,43.43,43.44"
COMMANDS = sorted(algorithms())


def squeeze(text: str) -> str:
    """``text`` without any whitespace (argparse wraps lines where it likes)."""
    return "".join(text.split())


def run(capsys: Any, *argv: Any) -> tuple[int, str, str]:
    """``main`` in-process: exit code, stdout, stderr."""
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def outputs(stdout: str) -> dict[str, str]:
    """The printed outputs: ``NAME (description): value`` -> {NAME: value}."""
    found = {}
    for line in stdout.splitlines():
        name, _, rest = line.partition(" (")
        if name.isupper() and "): " in rest:
            found[name] = rest.split("): ", 1)[1]
    return found


# --------------------------------------------------------------------------- help


def test_every_algorithm_has_a_subcommand() -> None:
    from lulc_classifier.cli.commands import COMMANDS as RUNNERS

    names = sorted(algorithms())
    assert names == sorted(RUNNERS)
    assert len(names) == 13


def test_top_help_lists_the_subcommands(capsys: Any) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for name in COMMANDS:
        assert name in out


def test_version(capsys: Any) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"lulc {plugin_version()}"


@pytest.mark.parametrize("command", COMMANDS)
def test_help_comes_from_the_algorithm(capsys: Any, command: str) -> None:
    spec = algorithms()[command]
    code, out, _ = run(capsys, command, "--help")
    assert code == 0
    text = squeeze(out)
    assert squeeze(spec["purpose"]) in text
    for param in spec["parameters"]:
        assert option_name(param["name"]) in out
        assert squeeze(param["help"]) in text, param["name"]
        assert squeeze(param["description"]) in text


def test_options_show_defaults_and_choices(capsys: Any) -> None:
    _, out, _ = run(capsys, "train", "--help")
    text = squeeze(out)
    assert squeeze("Default: 0.3.") in text  # TEST_FRACTION
    assert squeeze("0 = Random forest") in text
    assert "--balanced" in out
    assert "--no-balanced" in out


def test_usage_errors_exit_2(capsys: Any) -> None:
    code, _, err = run(capsys, "train", "--samples", "s.gpkg", "--output-model", "m.lulcmodel",
                       "--algorithm", "no such thing")  # fmt: skip
    assert code == 2
    assert "is not one of" in err
    assert run(capsys, "predict", "--rasters", "a.tif")[0] == 2  # --model, --output missing
    assert run(capsys, "nosuchcommand")[0] == 2
    code, _, err = run(capsys, "predict", "--rasters", "a.tif", "--model", "m.lulcmodel",
                       "--output", "o.tif", "--max-memory-mb", "10")  # fmt: skip
    assert code == 2
    assert "outside 64" in err


def test_enum_by_text_slug_or_number() -> None:
    import argparse

    from lulc_classifier.cli.parser import _enum

    spec = next(p for p in algorithms()["train"]["parameters"] if p["name"] == "VALIDATION")
    convert = _enum(spec)
    for i, text in enumerate(spec["options"]):
        assert convert(text) == i
        assert convert(text.upper()) == i
        assert convert(slug(text)) == i
        assert convert(str(i)) == i
    assert convert("blocks") == 3  # words of only one option
    with pytest.raises(argparse.ArgumentTypeError):
        convert("cross-validation")  # words of several
    connectivity = next(
        p for p in algorithms()["smooth"]["parameters"] if p["name"] == "CONNECTIVITY"
    )
    assert _enum(connectivity)("4") == 1  # the option "4", not the index
    assert _enum(connectivity)("8") == 0


def test_extent_and_vector_syntax() -> None:
    assert parse_extent("1,2,3,4") == (1.0, 2.0, 3.0, 4.0, None)
    assert parse_extent("1,2,3,4 [EPSG:4326]") == (1.0, 2.0, 3.0, 4.0, "EPSG:4326")
    assert parse_extent(" 1, 2, 3, 4 [EPSG:4326] ") == (1.0, 2.0, 3.0, 4.0, "EPSG:4326")
    assert parse_extent("1,2,3,4 EPSG:32633") == (1.0, 2.0, 3.0, 4.0, "EPSG:32633")
    assert parse_vector("a.gpkg|layername=points") == ("a.gpkg", "points")
    assert parse_vector("a.shp") == ("a.shp", None)
    import argparse

    with pytest.raises(argparse.ArgumentTypeError):
        parse_extent("2,1,3,4")
    with pytest.raises(argparse.ArgumentTypeError):
        parse_extent("1,2,3")


# --------------------------------------------------------------------------- runs


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> dict[str, Path]:
    """lulc sample, then lulc train, on the historical map's points."""
    folder = tmp_path_factory.mktemp("cli")
    image = data_dir / "historical_map" / "map_compress.tif"
    labels = data_dir / "historical_map" / "train_points.gpkg"
    samples, model = folder / "samples.gpkg", folder / "model.lulcmodel"
    assert main(["sample", "--rasters", str(image), "--labels", f"{labels}|layername=train_points",
                 "--class-field", "Type", "--output", str(samples), "--output-report",
                 str(folder / "report.csv"), "-q"]) == 0  # fmt: skip
    assert main(["train", "--samples", str(samples), "--class-field", "Type", "--algorithm",
                 "random-forest", "--n-estimators", "30", "--output-model", str(model),
                 "--output-metrics", str(folder / "metrics.json"), "-q"]) == 0  # fmt: skip
    return {"folder": folder, "image": image, "labels": labels, "samples": samples,
            "model": model}  # fmt: skip


@pytest.fixture(scope="module")
def small_map(trained: dict[str, Path]) -> Path:
    """lulc predict on a small extent, with confidence and areas."""
    output = trained["folder"] / "map.tif"
    code = main(["predict", "--rasters", str(trained["image"]), "--model", str(trained["model"]),
                 "--extent", SMALL, "--output", str(output), "--output-confidence",
                 str(trained["folder"] / "confidence.tif"), "--output-areas",
                 str(trained["folder"] / "areas.csv"), "-q"])  # fmt: skip
    assert code == 0
    return output


def _values(path: Path) -> np.ndarray:
    import rasterio

    with rasterio.open(path) as dataset:
        return np.asarray(dataset.read(1))


@pytest.mark.slow
def test_sample_and_train(trained: dict[str, Path]) -> None:
    import geopandas

    samples = geopandas.read_file(trained["samples"])
    assert len(samples) == 456  # 510 points, 54 in a pixel already labelled
    assert (trained["folder"] / "report.csv").exists()
    metrics = json.loads((trained["folder"] / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["overall_accuracy"] > 0.8
    assert trained["model"].exists()


@pytest.mark.slow
def test_predict_small_extent(trained: dict[str, Path], small_map: Path) -> None:
    values = _values(small_map)
    assert values.shape == (136, 206) or abs(values.shape[1] - 206) <= 1
    assert set(np.unique(values)) <= {1, 2, 3, 4, 5, 255}
    assert len(set(np.unique(values)) - {255}) >= 3
    assert small_map.with_suffix(".qml").exists()
    assert (trained["folder"] / "confidence.tif").exists()
    assert "Forest" in (trained["folder"] / "areas.csv").read_text(encoding="utf-8")


@pytest.mark.slow
def test_modelinfo(capsys: Any, trained: dict[str, Path]) -> None:
    code, out, err = run(capsys, "modelinfo", "--model", trained["model"])
    assert code == 0
    found = outputs(out)
    assert found["CLASS_COUNT"] == "5"
    assert found["BAND_COUNT"] == "3"
    assert "Class 3: Forest" in err
    assert '"algorithm"' in out  # the manifest


@pytest.mark.slow
def test_classify_with_an_extent_and_spatial_validation(
    capsys: Any, trained: dict[str, Path], tmp_path: Path
) -> None:
    output = tmp_path / "classified.tif"
    code, out, _ = run(capsys, "classify", "--rasters", trained["image"], "--labels",
                       trained["labels"], "--class-field", "Type", "--extent", SMALL,
                       "--validation", "2", "--folds", "3", "--n-estimators", "20",
                       "--output", output, "--output-model", tmp_path / "m.lulcmodel",
                       "--smoothing", "majority-filter", "-q")  # fmt: skip
    assert code == 0, out
    found = outputs(out)
    assert float(found["OVERALL_ACCURACY"]) > 0.7
    assert "RANDOM_CV_ACCURACY" in found  # spatial validation reports random k-fold too
    classes = json.loads(found["CLASSES"])
    assert [c["name"] for c in classes] == ["Agriculture", "Buildings", "Forest", "Soil", "Water"]
    assert set(np.unique(_values(output))) - {255} <= {1, 2, 3, 4, 5}


@pytest.mark.slow
def test_validationpoints_then_assess(capsys: Any, small_map: Path, tmp_path: Path) -> None:
    import geopandas
    import rasterio

    points = tmp_path / "points.gpkg"
    code, out, _ = run(capsys, "validationpoints", "--map", small_map, "--total", "60",
                       "--minimum", "5", "--output", points, "-q")  # fmt: skip
    assert code == 0
    table = geopandas.read_file(points)
    assert int(outputs(out)["POINT_COUNT"]) == len(table) > 0
    with rasterio.open(small_map) as dataset:
        coords = [(p.x, p.y) for p in table.geometry]
        table["reference"] = [int(v[0]) for v in dataset.sample(coords)]
    table.to_file(points, driver="GPKG")
    code, out, err = run(capsys, "assess", "--map", small_map, "--reference", points,
                         "--output-json", tmp_path / "a.json", "-q")  # fmt: skip
    assert code == 0, err
    assert float(outputs(out)["OVERALL_ACCURACY"]) == pytest.approx(1.0)
    assert (tmp_path / "a.json").exists()


@pytest.mark.slow
def test_classareas(capsys: Any, small_map: Path, tmp_path: Path) -> None:
    table = tmp_path / "areas.csv"
    code, _, _ = run(capsys, "classareas", "--map", small_map, "--output", table)
    assert code == 0
    assert "Forest" in table.read_text(encoding="utf-8")


@pytest.mark.slow
def test_legend(capsys: Any, trained: dict[str, Path], tmp_path: Path) -> None:
    model = tmp_path / "copy.lulcmodel"
    shutil.copy(trained["model"], model)
    code, out, _ = run(capsys, "legend", "--model", model, "--legend", "3", "Woods", "#00aa00")
    assert code == 0
    assert {"code": 3, "name": "Woods", "color": "#00aa00"}.items() <= next(
        c for c in json.loads(outputs(out)["CLASSES"]) if c["code"] == 3
    ).items()
    _, _, err = run(capsys, "modelinfo", "--model", model)
    assert "Class 3: Woods (#00aa00)" in err


@pytest.mark.slow
def test_stack(capsys: Any, data_dir: Path, tmp_path: Path) -> None:
    import rasterio

    output = tmp_path / "stack.tif"
    code, _, err = run(capsys, "stack", "--rasters", data_dir / "rmnp" / "rmnp-rgb.tif",
                       "--focal-bands", "1", "--output", output)  # fmt: skip
    assert code == 0
    assert "Features:" in err
    with rasterio.open(output) as dataset:
        assert dataset.count == 5  # 3 bands, focal mean and std of band 1


@pytest.mark.slow
def test_suggest(capsys: Any, trained: dict[str, Path], tmp_path: Path) -> None:
    import geopandas

    output = tmp_path / "suggest.gpkg"
    code, out, _ = run(capsys, "suggest", "--rasters", trained["image"], "--model",
                       trained["model"], "--extent", SMALL, "--count", "10",
                       "--strategy", "entropy", "--output", output, "-q")  # fmt: skip
    assert code == 0
    assert len(geopandas.read_file(output)) == int(outputs(out)["COUNT"]) == 10


@pytest.mark.slow
def test_smooth(capsys: Any, small_map: Path, tmp_path: Path) -> None:
    output = tmp_path / "smooth.tif"
    code, out, _ = run(capsys, "smooth", "--input", small_map, "--method", "sieve",
                       "--min-area", "20", "--output", output, "-q")  # fmt: skip
    assert code == 0
    assert int(outputs(out)["CHANGED_PIXELS"]) > 0
    assert set(np.unique(_values(output))) <= set(np.unique(_values(small_map)))


@pytest.mark.slow
def test_segment(capsys: Any, data_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("skimage")
    output = tmp_path / "segments.tif"
    code, out, _ = run(capsys, "segment", "--rasters", data_dir / "rmnp" / "rmnp-rgb.tif",
                       "--output", output, "-q")  # fmt: skip
    assert code == 0
    assert int(outputs(out)["SEGMENTS"]) > 10
    assert _values(output).max() > 10


# --------------------------------------------------------------------------- errors


def test_a_missing_raster_is_a_sentence(capsys: Any, tmp_path: Path, data_dir: Path) -> None:
    code, out, err = run(capsys, "sample", "--rasters", tmp_path / "missing.tif", "--labels",
                         data_dir / "historical_map" / "train_points.gpkg", "--class-field",
                         "Type", "--output", tmp_path / "s.gpkg")  # fmt: skip
    assert code == 1
    assert err.startswith("Error: ")
    assert "missing.tif" in err
    assert "Traceback" not in err
    assert out == ""
    assert not (tmp_path / "s.gpkg").exists()


def test_a_wrong_class_field_is_a_sentence(capsys: Any, tmp_path: Path, data_dir: Path) -> None:
    folder = data_dir / "historical_map"
    code, _, err = run(capsys, "sample", "--rasters", folder / "map_compress.tif", "--labels",
                       folder / "train_points.gpkg", "--class-field", "nosuchfield",
                       "--output", tmp_path / "s.gpkg")  # fmt: skip
    assert code == 1
    assert "nosuchfield" in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_an_output_may_not_overwrite_an_input(capsys: Any, data_dir: Path) -> None:
    image = data_dir / "historical_map" / "map_compress.tif"
    code, _, err = run(capsys, "stack", "--rasters", image, "--output", image)
    assert code == 1
    assert "Error: " in err
    assert "Traceback" not in err


# --------------------------------------------------------------------------- processes


def _child(tmp_path: Path, *argv: Any, **kwargs: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "lulc_classifier", *map(str, argv)],
        cwd=tmp_path,
        env=importable_package(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


@pytest.mark.slow
def test_python_m_help(tmp_path: Path) -> None:
    out, err = _child(tmp_path, "--help").communicate(timeout=120)
    assert "usage: lulc" in out, err
    assert "classify" in out


@pytest.mark.slow
def test_python_m_runs(tmp_path: Path, data_dir: Path) -> None:
    child = _child(
        tmp_path,
        "stack",
        "--rasters",
        data_dir / "rmnp" / "rmnp-rgb.tif",
        "--band-roles",
        "red=1, green=2, blue=3",
        "--output",
        "stack.tif",
    )
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    assert "OUTPUT (Feature stack): stack.tif" in out
    assert "Features: " in err
    assert (tmp_path / "stack.tif").exists()


@pytest.mark.slow
def test_ctrl_c_cancels_and_leaves_no_file(trained: dict[str, Path], tmp_path: Path) -> None:
    from rasterio.transform import from_origin

    folder = tmp_path / "work"
    folder.mkdir()
    rng = np.random.default_rng(1)
    # 9 million pixels on the historical map's grid (EPSG:4326, its pixel size), so the model
    # applies; random values, so that every pixel is classified (several seconds).
    grid = from_origin(1.404313378, 43.460450386, 9.68e-05, 7.35e-05)
    image = write_raster(folder / "big.tif", rng.integers(0, 255, (3, 3000, 3000), np.uint8),
                         tile=256, crs="EPSG:4326", transform=grid)  # fmt: skip
    child = _child(
        tmp_path,
        "predict",
        "--rasters",
        image,
        "--model",
        trained["model"],
        "--output",
        folder / "out.tif",
        "--output-confidence",
        folder / "confidence.tif",
        "--max-memory-mb",
        "64",
        "--threads",
        "1",
    )
    assert child.stderr is not None
    started = time.monotonic()
    for line in child.stderr:  # wait until it classifies
        if line.startswith("Classifying"):
            break
        assert time.monotonic() - started < 120, "the run did not start"
    time.sleep(0.5)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=120)
    assert child.returncode == 130, err
    assert "Cancelled: no output was written." in err
    assert "100 %" not in err  # it was stopped mid-run
    assert "Traceback" not in err
    # No map, no confidence, no style, no staging leftover.
    assert [p.name for p in folder.iterdir()] == ["big.tif"]


def test_every_parameter_reaches_the_core() -> None:
    """Each parameter of each algorithm is read by the command line (a parameter added to an
    algorithm and to algorithms.json, but not mapped in cli/, would be ignored silently)."""
    import lulc_classifier.cli.commands as commands
    import lulc_classifier.cli.options as options
    from lulc_classifier.core.model.estimators import HYPERPARAMETERS

    source = Path(commands.__file__).read_text(encoding="utf-8") + Path(options.__file__).read_text(
        encoding="utf-8"
    )
    missing = [
        f"{command}:{param['name']}"
        for command, spec in algorithms().items()
        for param in spec["parameters"]
        if f'"{param["name"]}"' not in source and param["name"].lower() not in HYPERPARAMETERS
    ]  # the hyperparameters are read by name (options.training_arguments)
    assert missing == []


# --------------------------------------------------------------------------- progress


class _Stream:
    """A text stream that says whether it is a terminal."""

    def __init__(self, tty: bool) -> None:
        self.tty = tty
        self.text = ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


def test_progress_prints_lines_when_not_on_a_terminal() -> None:
    from lulc_classifier.cli.progress import TerminalProgress

    stream = _Stream(tty=False)
    progress = TerminalProgress(stream=stream)  # type: ignore[arg-type]
    for i in range(101):
        progress.report(i / 100)
    progress.log("hello")
    progress.warning("careful")
    assert stream.text.splitlines() == [
        *(f"{p} %" for p in range(0, 101, 10)),
        "hello",
        "Warning: careful",
    ]
    assert not progress.cancelled()
    progress.cancel()
    assert progress.cancelled()


def test_progress_draws_a_bar_on_a_terminal() -> None:
    pytest.importorskip("tqdm")
    from lulc_classifier.cli.progress import TerminalProgress

    stream = _Stream(tty=True)
    progress = TerminalProgress(stream=stream)  # type: ignore[arg-type]
    assert stream.text == ""  # nothing before the first report
    progress.report(0.5)
    progress.log("a message above the bar")
    assert "50 %" in stream.text
    assert "\r" in stream.text
    assert "a message above the bar" in stream.text
    progress.close()
    before = stream.text
    progress.report(0.9)
    assert stream.text == before


def test_progress_without_tqdm_prints_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    from lulc_classifier.cli.progress import TerminalProgress

    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm raises ImportError
    stream = _Stream(tty=True)
    progress = TerminalProgress(stream=stream)  # type: ignore[arg-type]
    progress.report(0.25)
    assert stream.text == "20 %\n"  # the step reached, without a bar


def test_quiet_keeps_only_warnings() -> None:
    from lulc_classifier.cli.progress import TerminalProgress

    stream = _Stream(tty=False)
    progress = TerminalProgress(quiet=True, stream=stream)  # type: ignore[arg-type]
    progress.report(0.5)
    progress.log("hidden")
    progress.warning("shown")
    assert stream.text == "Warning: shown\n"


def test_a_missing_optional_package_is_the_core_sentence(
    capsys: Any, monkeypatch: pytest.MonkeyPatch, data_dir: Path, tmp_path: Path
) -> None:
    for name in [m for m in sys.modules if m == "skimage" or m.startswith("skimage.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "skimage", None)
    code, _, err = run(capsys, "segment", "--rasters", data_dir / "rmnp" / "rmnp-rgb.tif",
                       "--output", tmp_path / "s.tif")  # fmt: skip
    assert code == 1
    assert "scikit-image" in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_bug_shows_its_traceback_and_exits_1(
    capsys: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from lulc_classifier.cli import commands

    def broken(values: Any, progress: Any) -> Any:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setitem(commands.COMMANDS, "classareas", broken)
    code, _, err = run(capsys, "classareas", "--map", tmp_path / "m.tif", "--output",
                       tmp_path / "a.csv")  # fmt: skip
    assert code == 1
    assert "Traceback" in err
    assert "This is a bug in LULC Classifier" in err
    assert "No output was written." in err


# --------------------------------------------------------------------------- Dask


@pytest.mark.slow
def test_predict_on_local_workers_gives_the_same_map(
    capsys: Any,
    trained: dict[str, Path],
    small_map: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``lulc predict --workers 2``: a local cluster of two worker processes, started for the
    run (they import this checkout through PYTHONPATH), gives the threaded run's map."""
    monkeypatch.setenv("PYTHONPATH", importable_package(tmp_path)["PYTHONPATH"])
    output = tmp_path / "workers.tif"
    code, out, err = run(capsys, "predict", "--rasters", trained["image"], "--model",
                         trained["model"], "--extent", SMALL, "--workers", "2", "--output",
                         output, "--output-confidence", tmp_path / "confidence.tif")  # fmt: skip
    assert code == 0, err
    assert "Starting a local Dask cluster of 2 worker process(es)" in err
    assert "Dask cluster" in err
    assert outputs(out)["OUTPUT"] == str(output)
    np.testing.assert_array_equal(_values(output), _values(small_map))
    np.testing.assert_array_equal(
        _values(tmp_path / "confidence.tif"), _values(trained["folder"] / "confidence.tif")
    )
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".lulc")] == []


def test_workers_and_scheduler_exclude_each_other(
    capsys: Any, trained: dict[str, Path], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "predict", "--rasters", trained["image"], "--model",
                       trained["model"], "--workers", "2", "--scheduler", "tcp://127.0.0.1:1",
                       "--output", tmp_path / "m.tif")  # fmt: skip
    assert code == 1
    assert "either --workers" in err
    assert not (tmp_path / "m.tif").exists()
    code, _, err = run(capsys, "predict", "--rasters", trained["image"], "--model",
                       trained["model"], "--workers", "0", "--output",
                       tmp_path / "m.tif")  # fmt: skip
    assert code == 2
    assert "number of workers" in err
