"""Issue 18 in the panel: "Clean the map" (lulc:classify's SMOOTHING) and "Classify segments"
(lulc:segment first, then lulc:classify with SEGMENTS)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from scipy import ndimage


def _patches(path: str) -> int:
    with rasterio.open(path) as src:
        classes = src.read(1)
        nodata = src.nodata
    total = 0
    for code in np.unique(classes):
        if code != nodata:
            total += ndimage.label(classes == code, structure=np.ones((3, 3)))[1]
    return total


def test_clean_the_map_offers_the_algorithms_options(dock: Any) -> None:
    from qgis.core import QgsApplication

    ui = dock.ui
    definition = (
        QgsApplication.processingRegistry()
        .algorithmById("lulc:classify")
        .parameterDefinition("SMOOTHING")
    )
    assert [ui.smoothingCombo.itemText(i) for i in range(ui.smoothingCombo.count())] == list(
        definition.options()
    )
    assert "SMOOTHING" not in dock.parameters()  # none by default: the map as predicted
    assert not ui.smoothSizeSpin.isEnabled()
    ui.smoothingCombo.setCurrentIndex(1)  # majority
    assert ui.smoothSizeSpin.isEnabled()
    assert ui.smoothSizeSpin.value() == 3
    ui.smoothSizeSpin.setValue(5)
    parameters = dock.parameters()
    assert parameters["SMOOTHING"] == 1
    assert parameters["SMOOTH_WINDOW"] == 5
    ui.smoothingCombo.setCurrentIndex(3)  # sieve
    ui.smoothSizeSpin.setValue(12)
    parameters = dock.parameters()
    assert parameters["SMOOTHING"] == 3
    assert parameters["MIN_AREA"] == 12.0
    assert "SMOOTH_WINDOW" not in parameters
    assert ui.smoothSizeLabel.text() != "Window"


def test_classify_with_a_sieve_gives_fewer_patches(dock: Any, wait_for: Any) -> None:
    ui = dock.ui
    ui.runButton.click()
    wait_for(lambda: dock.run is None)
    assert "ready" in ui.statusLabel.text(), ui.statusLabel.text()
    raw = dock.result["map"]
    ui.smoothingCombo.setCurrentIndex(3)
    ui.smoothSizeSpin.setValue(20)
    ui.runButton.click()
    wait_for(lambda: dock.run is None)
    assert "ready" in ui.statusLabel.text(), ui.statusLabel.text()
    clean = dock.result["map"]
    assert clean != raw
    assert _patches(clean) * 5 < _patches(raw)


def test_object_based_mode_segments_then_classifies_segments(dock: Any, wait_for: Any) -> None:
    from lulc_classifier.core.model.model_file import read_manifest

    ui = dock.ui
    ui.objectCheck.setChecked(True)
    assert not ui.previewButton.isEnabled()  # previews stay pixel-based
    ui.runButton.click()
    wait_for(lambda: dock.run is None)
    assert "ready" in ui.statusLabel.text(), ui.statusLabel.text()
    rasters = dock.training_settings()["RASTERS"]
    segments = dock.map_options.known_segments(rasters)
    assert segments
    assert Path(segments).is_file()
    with rasterio.open(segments) as src:
        assert src.dtypes[0] == "uint32"
        ids = src.read(1)
    with rasterio.open(dock.result["map"]) as src:
        classes = src.read(1)
    # every segment has one class
    for segment in np.unique(ids)[1:50]:
        assert len(np.unique(classes[ids == segment])) == 1
    model = dock.result["model"]
    assert model
    assert read_manifest(model).object_based
    # a second run reuses the segments (no second lulc:segment)
    ui.runButton.click()
    wait_for(lambda: dock.run is None)
    assert dock.map_options.known_segments(rasters) == segments
    ui.objectCheck.setChecked(False)
    assert ui.previewButton.isEnabled()
