"""No run may lose data: outputs never overwrite inputs or each other, are checked before any
work, appear together or not at all, leave no temporary files behind, and every I/O error is
a sentence (core/files.py, core/paths.py, core/stack.py and the tools using them)."""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lulc_classifier.core import files as files_module
from lulc_classifier.core import paths as paths_module
from lulc_classifier.core import train as train_module
from lulc_classifier.core.errors import (
    Cancelled,
    DiskFullError,
    InputReadError,
    OutputConflictError,
    OutputError,
)
from lulc_classifier.core.files import OutputSet, atomic_output, record_commits
from lulc_classifier.core.io_errors import describe_io_error
from lulc_classifier.core.paths import clean_stale, ignores_case, temp_prefix
from lulc_classifier.core.predict import PredictionOptions, predict_raster
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    train_classifier,
)
from lulc_classifier.core.workflow import WorkflowFiles, WorkflowOptions, classify_image

from ..helpers import CRS, ORIGIN, RecordingProgress, write_points, write_raster

rasterio = pytest.importorskip("rasterio")
pd = pytest.importorskip("pandas")
gpd = pytest.importorskip("geopandas")
from rasterio.transform import from_origin  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def write_image(path: Path, rows: int = 64, cols: int = 64, seed: int = 0) -> Path:
    """3 noisy bands, tiled 16x16: left half low values, right half high values."""
    rng = np.random.default_rng(seed)
    data = rng.integers(1, 400, size=(3, rows, cols)).astype(np.uint16)
    data[:, :, cols // 2 :] += 500
    return write_raster(path, data, nodata=0, tile=16)


def write_labels(path: Path, cols: int = 64) -> Path:
    rng = np.random.default_rng(1)
    cells = [(int(r), int(c)) for r, c in rng.integers(0, 64, size=(60, 2))]
    return write_points(path, [(r, c, "water" if c < cols // 2 else "forest") for r, c in cells])


def training_table() -> Any:
    rng = np.random.default_rng(2)
    x = rng.integers(1, 900, size=(200, 3)).astype(float)
    classes = np.where(x[:, 0] > 450, "forest", "water")
    return pd.DataFrame({"cls": classes, "b1": x[:, 0], "b2": x[:, 1], "b3": x[:, 2]})


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scene")
    model = folder / "model.lulcmodel"
    train_classifier(
        SampleSource(training_table(), "cls"),
        TrainingFiles(model),
        options=TrainingOptions(n_jobs=1),
    )
    return {"image": write_image(folder / "image.tif"), "model": model}


@pytest.fixture
def inputs(tmp_path: Path, scene: dict[str, Path]) -> dict[str, Path]:
    """A fresh copy of the image, labels and model in their own folder (tests may attack it)."""
    folder = tmp_path / "in"
    folder.mkdir()
    return {
        "image": write_image(folder / "image.tif"),
        "labels": write_labels(folder / "labels.gpkg"),
        "model": Path(_copy(scene["model"], folder / "model.lulcmodel")),
    }


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _copy(source: Path, target: Path) -> Path:
    target.write_bytes(source.read_bytes())
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --------------------------------------------------------------- an output naming an input


@pytest.mark.parametrize("spelling", ["same", "dotdot", "symlink", "hardlink"])
def test_prediction_refuses_to_overwrite_its_input(inputs: dict[str, Path], spelling: str) -> None:
    image = inputs["image"]
    before = snapshot(image.parent)
    target = {
        "same": image,
        "dotdot": image.parent / ".." / image.parent.name / image.name,
        "symlink": image.parent / "link.tif",
        "hardlink": image.parent / "hard.tif",
    }[spelling]
    if spelling == "symlink":
        target.symlink_to(image)
    if spelling == "hardlink":
        os.link(image, target)
    with pytest.raises(OutputConflictError, match="would destroy that input") as caught:
        predict_raster([image], inputs["model"], target)
    assert str(target) in str(caught.value)
    assert image.read_bytes() == before["image.tif"]
    assert not [p for p in listing(image.parent) if p.startswith(".")]


def test_classify_refuses_report_over_the_labels(inputs: dict[str, Path], out: Path) -> None:
    labels = inputs["labels"].read_bytes()
    with pytest.raises(OutputConflictError, match="accuracy report") as caught:
        classify_image(
            [inputs["image"]],
            inputs["labels"],
            "cls",
            WorkflowFiles(
                output_path=out / "map.tif",
                training=TrainingFiles(out / "model.lulcmodel", report_path=inputs["labels"]),
            ),
        )
    assert str(inputs["labels"]) in str(caught.value)
    assert inputs["labels"].read_bytes() == labels
    assert listing(out) == []


@pytest.mark.parametrize("output", ["model file", "accuracy report"])
def test_training_refuses_outputs_over_its_samples(tmp_path: Path, output: str) -> None:
    samples = tmp_path / "samples.csv"
    training_table().to_csv(samples, index=False)
    before = samples.read_bytes()
    model, report = (samples, None) if output == "model file" else (tmp_path / "m", samples)
    with pytest.raises(OutputConflictError, match=f"The {output} .* is the same file as an input"):
        train_classifier(SampleSource(samples, "cls"), TrainingFiles(model, report_path=report))
    assert samples.read_bytes() == before
    assert listing(tmp_path) == ["samples.csv"]


# --------------------------------------------------------------- two outputs with one path


@pytest.mark.parametrize(
    ("extra", "clash"),
    [
        ({"confidence_path": "map.tif"}, "confidence raster"),
        ({"area_table_path": "map.qml"}, "style file"),
        ({"margin_path": "conf.tif", "confidence_path": "conf.tif"}, "margin raster"),
        ({"area_table_path": "map.tif.aux.xml"}, "GDAL metadata file"),
    ],
)
def test_prediction_outputs_must_differ(
    inputs: dict[str, Path], out: Path, extra: dict[str, str], clash: str
) -> None:
    options = PredictionOptions(**{k: str(out / v) for k, v in extra.items()})
    with pytest.raises(OutputConflictError, match="one would overwrite the other") as caught:
        predict_raster([inputs["image"]], inputs["model"], out / "map.tif", options=options)
    assert clash in str(caught.value)
    assert listing(out) == []


def test_training_outputs_must_differ(out: Path) -> None:
    progress = RecordingProgress()
    with pytest.raises(OutputConflictError, match="metrics file") as caught:
        train_classifier(
            SampleSource(training_table(), "cls"),
            TrainingFiles(out / "m.lulcmodel", metrics_path=out / "m.lulcmodel"),
            progress=progress,
        )
    assert "model file" in str(caught.value)
    assert not any("Training" in m for m in progress.messages)  # refused before any work
    assert listing(out) == []


def test_classify_outputs_must_differ(inputs: dict[str, Path], out: Path) -> None:
    with pytest.raises(OutputConflictError):
        classify_image(
            [inputs["image"]],
            inputs["labels"],
            "cls",
            WorkflowFiles(
                output_path=out / "map.tif",
                training=TrainingFiles(out / "m.lulcmodel", metrics_path=out / "m.lulcmodel"),
            ),
        )
    with pytest.raises(OutputConflictError, match="confidence raster"):
        classify_image(
            [inputs["image"]],
            inputs["labels"],
            "cls",
            WorkflowFiles(output_path=out / "map.tif", training=TrainingFiles(out / "m.lulcmodel")),
            options=WorkflowOptions(
                prediction=PredictionOptions(confidence_path=str(out / "map.tif"))
            ),
        )
    assert listing(out) == []


def test_names_differing_in_case_clash_where_the_folder_ignores_case(
    inputs: dict[str, Path], out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not ignores_case(out)  # Linux file systems keep case: both maps are written
    options = PredictionOptions(confidence_path=str(out / "MAP.TIF"))
    predict_raster([inputs["image"]], inputs["model"], out / "map.tif", options=options)
    assert {"map.tif", "MAP.TIF"} <= set(listing(out))
    monkeypatch.setattr(paths_module, "ignores_case", lambda folder: True)
    options = PredictionOptions(confidence_path=str(out / "NEW.TIF"))
    with pytest.raises(OutputConflictError, match="confidence raster"):
        predict_raster([inputs["image"]], inputs["model"], out / "new.tif", options=options)
    assert "new.tif" not in listing(out)


def test_case_probe_sees_a_folder_that_finds_names_under_another_case(tmp_path: Path) -> None:
    (tmp_path / "Image.tif").write_bytes(b"x")
    assert not ignores_case(tmp_path)
    (tmp_path / "iMAGE.TIF").symlink_to(tmp_path / "Image.tif")  # what such a folder does
    assert ignores_case(tmp_path)


# --------------------------------------------------------------- checked before any work


def test_unwritable_model_refused_before_training(out: Path) -> None:
    blocker = out / "file"
    blocker.write_text("a file, not a folder")
    progress = RecordingProgress()
    with pytest.raises(OutputError, match="is a file, not a folder"):
        train_classifier(
            SampleSource(training_table(), "cls"),
            TrainingFiles(blocker / "model.lulcmodel", report_path=out / "report.html"),
            progress=progress,
        )
    assert listing(out) == ["file"]  # the report is not written either
    assert not progress.messages


def test_permission_denied_is_a_sentence_before_work(
    inputs: dict[str, Path], out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tempfile.mkstemp

    def deny(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("suffix", "").endswith(".csv"):
            raise PermissionError(errno.EACCES, "Permission denied", str(kwargs.get("dir")))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", deny)
    progress = RecordingProgress()
    options = PredictionOptions(area_table_path=str(out / "areas.csv"))
    with pytest.raises(OutputError) as caught:
        predict_raster(
            [inputs["image"]], inputs["model"], out / "map.tif", options=options, progress=progress
        )
    message = str(caught.value)
    assert message.startswith("Permission denied for the class area table")
    assert str(out / "areas.csv") in message
    assert not any("Classifying" in m for m in progress.messages)
    assert listing(out) == []


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux /sys")
def test_a_folder_even_root_cannot_write(inputs: dict[str, Path]) -> None:
    with pytest.raises(OutputError, match="Permission denied for the classified raster"):
        predict_raster([inputs["image"]], inputs["model"], "/sys/map.tif")


# --------------------------------------------------------------- all outputs or none


class CancelWhenPredicting(RecordingProgress):
    """Cancels as soon as the prediction step has started (after sampling and training)."""

    def cancelled(self) -> bool:
        return any(m.startswith("Classifying") for m in self.messages)


class CancelAfterTheLastBlock(RecordingProgress):
    """The user presses Cancel while the last block is being written: every block is done
    (progress reached 1) and only the commit is left."""

    def cancelled(self) -> bool:
        return bool(self.fractions) and self.fractions[-1] >= 1.0


@pytest.mark.parametrize("progress", [CancelWhenPredicting, CancelAfterTheLastBlock])
def test_cancel_during_classify_leaves_no_output(
    inputs: dict[str, Path], out: Path, progress: type[RecordingProgress]
) -> None:
    """Cancel during the prediction, or after its last block (only the commit was left)."""
    (out / "map.tif").write_bytes(b"previous map")
    (out / "model.lulcmodel").write_bytes(b"previous model")
    with record_commits() as written, pytest.raises(Cancelled):
        classify_image(
            [inputs["image"]],
            inputs["labels"],
            "cls",
            WorkflowFiles(
                output_path=out / "map.tif",
                training=TrainingFiles(
                    out / "model.lulcmodel",
                    report_path=out / "report.html",
                    metrics_path=out / "metrics.json",
                ),
            ),
            progress=progress(),
        )
    assert written == []
    assert snapshot(out) == {"map.tif": b"previous map", "model.lulcmodel": b"previous model"}


def test_cancel_after_the_last_block_of_a_prediction_leaves_no_output(
    inputs: dict[str, Path], out: Path
) -> None:
    (out / "map.tif").write_bytes(b"previous map")
    progress = CancelAfterTheLastBlock()
    with record_commits() as written, pytest.raises(Cancelled):
        predict_raster(
            [inputs["image"]],
            inputs["model"],
            out / "map.tif",
            options=PredictionOptions(area_table_path=str(out / "areas.csv")),
            progress=progress,
        )
    assert progress.fractions[-1] == 1.0  # every block had been predicted
    assert written == []
    assert snapshot(out) == {"map.tif": b"previous map"}


def test_cancel_after_training_ends_leaves_no_model(out: Path) -> None:
    with record_commits() as written, pytest.raises(Cancelled):
        train_classifier(
            SampleSource(training_table(), "cls"),
            TrainingFiles(out / "model.lulcmodel", report_path=out / "report.html"),
            progress=CancelAfterTheLastBlock(),
        )
    assert written == []
    assert listing(out) == []


def test_classify_commits_every_output_together(inputs: dict[str, Path], out: Path) -> None:
    with record_commits() as written:
        classify_image(
            [inputs["image"]],
            inputs["labels"],
            "cls",
            WorkflowFiles(
                output_path=out / "map.tif",
                training=TrainingFiles(out / "model.lulcmodel", report_path=out / "report.html"),
            ),
            options=WorkflowOptions(
                prediction=PredictionOptions(area_table_path=str(out / "areas.csv"))
            ),
        )
    expected = ["areas.csv", "map.qml", "map.tif", "model.lulcmodel", "report.html"]
    assert listing(out) == expected
    assert sorted(Path(p).name for p in written) == expected


def test_model_that_cannot_be_saved_takes_the_report_with_it(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(path: Path, *args: Any, **kwargs: Any) -> None:
        Path(path).write_bytes(b"half a model")
        raise OSError(errno.ENOSPC, "No space left on device")

    from lulc_classifier.core.model import model_file as model_io

    def save_into_a_full_disk(path: Path, *args: Any, **kwargs: Any) -> None:
        with model_io.atomic_output(path, "model file") as temp:  # as save_model does
            full(temp)

    monkeypatch.setattr(train_module, "save_model", save_into_a_full_disk)
    with pytest.raises(DiskFullError) as caught:
        train_classifier(
            SampleSource(training_table(), "cls"),
            TrainingFiles(out / "m.lulcmodel", report_path=out / "r.html"),
            options=TrainingOptions(n_jobs=1),
        )
    message = str(caught.value)
    assert message.startswith(
        f"The disk is full: could not write the model file '{out}/m.lulcmodel'"
    )
    assert message.endswith("No output was written.")
    assert listing(out) == []


def test_a_failed_rename_takes_back_the_ones_done(
    inputs: dict[str, Path], out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (out / "map.tif").write_bytes(b"previous map")
    real = os.replace

    def fail_on_style(src: Any, dst: Any) -> None:
        if Path(dst).name == "map.qml":
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        real(src, dst)

    monkeypatch.setattr(files_module.os, "replace", fail_on_style)
    with record_commits() as written, pytest.raises(OutputError) as caught:
        predict_raster([inputs["image"]], inputs["model"], out / "map.tif")
    assert "No output was written; the files that were there are unchanged." in str(caught.value)
    assert "style file" in str(caught.value)
    assert written == []
    assert snapshot(out) == {"map.tif": b"previous map"}


def test_a_rename_that_cannot_be_taken_back_is_reported(
    inputs: dict[str, Path], out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (out / "map.tif").write_bytes(b"previous map")
    real = os.replace

    def fail(src: Any, dst: Any) -> None:
        if Path(dst).name == "map.qml" or Path(src).name.endswith(".old.tif"):
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        real(src, dst)

    monkeypatch.setattr(files_module.os, "replace", fail)
    with record_commits() as written, pytest.raises(OutputError) as caught:
        predict_raster([inputs["image"]], inputs["model"], out / "map.tif")
    message = str(caught.value)
    assert f"Written and left in place (could not be taken back): '{out / 'map.tif'}'" in message
    assert f"Not written: '{out / 'map.qml'}'" in message
    assert written == [str(out / "map.tif")]
    assert "the file it replaced is kept as" in message
    backup = [p for p in listing(out) if p.endswith(".old.tif")]
    assert len(backup) == 1
    assert (out / backup[0]).read_bytes() == b"previous map"
    assert not [p for p in listing(out) if ".part" in p]


def test_a_truncated_staged_raster_is_not_committed(out: Path) -> None:
    (out / "map.tif").write_bytes(b"previous map")

    def write_a_truncated_map() -> None:
        with OutputSet() as outputs:
            truncated(outputs.add(out / "map.tif", "classified raster", raster=True))

    with pytest.raises(OutputError, match="cannot be read back"):
        write_a_truncated_map()
    assert snapshot(out) == {"map.tif": b"previous map"}


# --------------------------------------------------------------- I/O errors are sentences


def truncated(path: Path) -> Path:
    write_image(path, rows=256, cols=256)
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)
    return path


def test_truncated_geotiff_names_the_file(
    tmp_path: Path, scene: dict[str, Path], out: Path
) -> None:
    image = truncated(tmp_path / "cut.tif")
    with pytest.raises(InputReadError) as caught:
        predict_raster([image], scene["model"], out / "map.tif")
    message = str(caught.value)
    assert message.startswith(f"Cannot read the raster '{image}' (block at row")
    assert "truncated, damaged or on a failing disk" in message
    assert listing(out) == []


def test_truncated_geotiff_in_classify(tmp_path: Path, out: Path) -> None:
    image = truncated(tmp_path / "cut.tif")
    labels = write_labels(tmp_path / "labels.gpkg")
    with pytest.raises(InputReadError, match=f"Cannot read the raster '{image}'"):
        classify_image(
            [image],
            labels,
            "cls",
            WorkflowFiles(output_path=out / "map.tif", training=TrainingFiles(out / "m.lulcmodel")),
        )
    assert listing(out) == []


@pytest.fixture
def full_disk(tmp_path: Path) -> Any:
    """A 64 KB tmpfs (needs root; skipped otherwise), unmounted afterwards."""
    folder = tmp_path / "full"
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {done.stderr.decode(errors='replace').strip()}")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.slow
def test_disk_full_while_predicting(
    tmp_path: Path, scene: dict[str, Path], full_disk: Path
) -> None:
    image = write_image(tmp_path / "big.tif", rows=512, cols=512)
    (full_disk / "map.tif").write_bytes(b"previous map")
    options = PredictionOptions(probabilities_path=str(full_disk / "p.tif"))
    with pytest.raises(DiskFullError) as caught:
        predict_raster([image], scene["model"], full_disk / "map.tif", options=options)
    message = str(caught.value)
    assert message.startswith("The disk is full: could not write the ")
    assert str(full_disk) in message
    assert re.search(r"\(more than [0-9.]+ KB needed, [0-9.]+ (bytes|KB) free\)", message)
    assert snapshot(full_disk) == {"map.tif": b"previous map"}  # no partial file, old map kept
    assert listing(full_disk) == ["map.tif"]


def test_a_write_error_gdal_hides_at_close_is_caught(full_disk: Path) -> None:
    """With compression GDAL writes blocks when the file is closed, and GDAL before 3.7 drops
    the errors of that step: the file looks written but cannot be read back."""
    noise = np.random.default_rng(3).integers(0, 60000, size=(3, 512, 512)).astype(np.uint16)
    profile = {"driver": "GTiff", "width": 512, "height": 512, "count": 3, "dtype": "uint16"}
    profile |= {"crs": CRS, "transform": from_origin(*ORIGIN, 1, 1), "compress": "deflate"}
    profile |= {"tiled": True, "blockxsize": 256, "blockysize": 256}

    def write_noise() -> None:
        with OutputSet() as outputs:
            temp = outputs.add(full_disk / "noise.tif", "noise raster", raster=True)
            with rasterio.Env(), rasterio.open(temp, "w", **profile) as dst:
                dst.write(noise)  # no error raised: it comes when GDAL closes the file

    with pytest.raises(DiskFullError, match="No output was written"):
        write_noise()
    assert listing(full_disk) == []


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "The disk is full: could not write"),
        (PermissionError(errno.EACCES, "Permission denied"), "Permission denied for the"),
        (OSError(errno.EROFS, "Read-only file system"), "the disk is read-only"),
        (OSError(errno.ENOTDIR, "Not a directory"), "is a file, not a folder"),
        (OSError(errno.EIO, "Input/output error"), "Input/output error on the"),
    ],
)
def test_io_errors_are_sentences(error: OSError, expected: str, tmp_path: Path) -> None:
    message = describe_io_error(error, tmp_path / "x.tif", "classified raster")
    assert expected in message
    assert str(tmp_path / "x.tif") in message
    assert message.endswith(".")
    assert "Errno" not in message


def test_gdal_free_space_figures_are_kept(tmp_path: Path) -> None:
    error = OSError(
        "Free disk space available is 1000 bytes, whereas 2048000 are at least necessary"
    )
    message = describe_io_error(error, tmp_path / "x.tif", "classified raster")
    assert message.startswith(
        f"The disk is full: could not write the classified raster '{tmp_path}"
    )
    assert "(at least 2.0 MB needed, " in message


# --------------------------------------------------------------- leftovers


KILLED_RUN = """
import importlib.util, sys, time
from pathlib import Path
root = Path(sys.argv[1])
spec = importlib.util.spec_from_file_location(
    "lulc_classifier", root / "__init__.py", submodule_search_locations=[str(root)])
module = importlib.util.module_from_spec(spec)
sys.modules["lulc_classifier"] = module
spec.loader.exec_module(module)
from lulc_classifier.core.predict import predict_raster

class Stuck:
    def report(self, fraction): pass
    def log(self, message): pass
    def warning(self, message): pass
    def cancelled(self):
        print("writing", flush=True)
        time.sleep(600)
        return False

predict_raster([sys.argv[2]], sys.argv[3], sys.argv[4], progress=Stuck())
"""


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_the_next_run_removes_what_a_killed_run_left(
    inputs: dict[str, Path], out: Path, how: signal.Signals
) -> None:
    run = subprocess.Popen(
        [
            sys.executable,
            "-c",
            KILLED_RUN,
            str(ROOT),
            str(inputs["image"]),
            str(inputs["model"]),
            str(out / "map.tif"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert run.stdout is not None
    assert run.stdout.readline().strip() == "writing"
    run.send_signal(how)
    run.wait(timeout=60)
    left = [p for p in listing(out) if ".part" in p]
    assert left, "the killed run should have left its temporary map"
    mine = out / f"{temp_prefix(out / 'other.tif')}abcdefgh.part.tif"
    mine.write_bytes(b"a running run's file")  # this process is alive: kept
    predict_raster([inputs["image"]], inputs["model"], out / "map.tif")
    assert listing(out) == sorted(["map.qml", "map.tif", mine.name])


def test_stale_rule(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = int(done.stdout)
    host = temp_prefix(tmp_path / "x").split(".")[2].split("-")[0]
    names = {
        f".map.{host}-{dead}-abcdefgh.part.tif": True,  # writer gone
        f".map.{host}-{dead}-abcdefgh.part.tif.aux.xml": True,
        f".map.{host}-{os.getpid()}-abcdefgh.part.tif": False,  # writer alive
        f".map.{host}-{dead}-abcdefgh.old.tif": False,  # a previous version kept after a failure
        ".map.ffffff-1-abcdefgh.part.tif": False,  # another machine, fresh
        ".map.abcdefgh.part.tif": False,  # older form, fresh
        ".hidden.tif": False,  # not ours
        "map.part.tif": False,
    }
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    removed = {p.name for p in clean_stale(tmp_path)}
    assert removed == {n for n, gone in names.items() if gone}
    day_later = time.time() + paths_module.STALE_AFTER_S + 60
    removed = {p.name for p in clean_stale(tmp_path, now=day_later)}
    assert removed == {".map.ffffff-1-abcdefgh.part.tif", ".map.abcdefgh.part.tif"}
    kept = [".hidden.tif", f".map.{host}-{os.getpid()}-abcdefgh.part.tif", "map.part.tif"]
    assert listing(tmp_path) == sorted([*kept, f".map.{host}-{dead}-abcdefgh.old.tif"])


def test_a_replaced_map_loses_its_stale_side_files(inputs: dict[str, Path], out: Path) -> None:
    (out / "map.tif").write_bytes(b"previous map")
    (out / "map.tif.aux.xml").write_text("<PAMDataset>stale statistics</PAMDataset>")
    (out / "map.tif.ovr").write_bytes(b"overviews of the previous map")
    predict_raster([inputs["image"]], inputs["model"], out / "map.tif")
    assert not (out / "map.tif.ovr").exists()
    aux = out / "map.tif.aux.xml"
    assert not aux.exists() or "stale" not in aux.read_text()
    assert not [p for p in listing(out) if p.startswith(".")]


def test_atomic_output_is_a_one_file_transaction(tmp_path: Path) -> None:
    target = tmp_path / "t.txt"

    def fail_halfway() -> None:
        with atomic_output(target, "table") as temp:
            temp.write_text("half")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail_halfway()
    assert listing(tmp_path) == []
    with atomic_output(target, "table") as temp:
        temp.write_text("whole")
    assert target.read_text() == "whole"
    assert listing(tmp_path) == ["t.txt"]
