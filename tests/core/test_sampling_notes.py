"""What sampling says about each class (issue 14 item 10): labels dropped as copies in one pixel,
and classes left with few samples, counted in samples, not label features."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from lulc_classifier.core.samples import sample_labels
from lulc_classifier.core.sampling_notes import FEW_SAMPLES

from ..helpers import CRS, PIXEL, RecordingProgress, pixel_centre

gpd = pytest.importorskip("geopandas")
from shapely.geometry import Point  # noqa: E402


def _points(path: Path, cells: list[tuple[int, int, str, int]]) -> Path:
    """Points on the synthetic grid: (row, col, class, how many), spread inside the pixel."""
    rng = np.random.default_rng(3)
    points, classes = [], []
    for row, col, cls, n in cells:
        x, y = pixel_centre(row, col)
        for dx, dy in rng.uniform(-0.4 * PIXEL, 0.4 * PIXEL, size=(n, 2)):
            points.append(Point(x + dx, y + dy))
            classes.append(cls)
    gpd.GeoDataFrame({"cls": classes}, geometry=points, crs=CRS).to_file(path, driver="GPKG")
    return path


@pytest.fixture
def crowded(tmp_path: Path) -> Path:
    """'roofs': 24 points crowded into 4 pixels; 'grass': 12 points in 12 pixels."""
    cells = [(2, 2 + i, "roofs", 6) for i in range(4)]
    cells += [(10, 2 + i, "grass", 1) for i in range(12)]
    return _points(tmp_path / "crowded.gpkg", cells)


def test_duplicates_are_explained_per_class(
    make_raster: Callable[..., Path], crowded: Path
) -> None:
    progress = RecordingProgress()
    image = make_raster(np.full((3, 20, 20), 7, dtype=np.uint16))
    result = sample_labels([image], crowded, "cls", progress=progress)
    assert {t.value: (t.kept, t.duplicates) for t in result.tallies} == {
        "roofs": (4, 20),
        "grass": (12, 0),
    }
    notes = [w for w in progress.warnings if "same class" in w]
    assert len(notes) == 1
    assert "roofs 20 of 24 (4 samples left)" in notes[0]
    assert "grass" not in notes[0]
    assert "label other pixels" in notes[0]
    assert "inflate the accuracy" in notes[0]


def test_few_samples_counts_the_samples_left_not_the_labels(
    make_raster: Callable[..., Path], crowded: Path
) -> None:
    """24 'roofs' labels are not few, but only 4 samples remain."""
    progress = RecordingProgress()
    image = make_raster(np.full((3, 20, 20), 7, dtype=np.uint16))
    sample_labels([image], crowded, "cls", progress=progress)
    few = [w for w in progress.warnings if w.startswith("Few samples")]
    assert len(few) == 1
    assert "class roofs: 4 samples" in few[0]
    assert "grass" not in few[0]  # 12 samples left
    assert f"at least {FEW_SAMPLES} distinct pixels" in few[0]


def test_no_note_when_every_label_gives_a_sample(
    make_raster: Callable[..., Path], tmp_path: Path
) -> None:
    progress = RecordingProgress()
    image = make_raster(np.full((3, 20, 20), 7, dtype=np.uint16))
    cells = [(r, c, "ab"[r % 2], 1) for r in range(2) for c in range(FEW_SAMPLES)]
    sample_labels([image], _points(tmp_path / "p.gpkg", cells), "cls", progress=progress)
    assert progress.warnings == []
