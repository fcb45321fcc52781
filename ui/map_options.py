"""The panel's choices for a clean map: regularisation of the classes (lulc:classify's and
lulc:predict's SMOOTHING) and object-based classification (segments from lulc:segment, then
lulc:classify with SEGMENTS).

The options, their names and help come from the algorithms' own parameter definitions, so the
panel offers exactly what the toolbox does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qgis.core import QgsApplication

from ..processing_provider.i18n import tr
from . import outputs

SEGMENT_ALGORITHM = "lulc:segment"
#: lulc:classify's SMOOTHING options, by index: none, majority, probability, sieve.
NONE, MAJORITY, PROBABILITY, SIEVE = range(4)
#: The size spin box's range and default for a window (odd) and a smallest patch (pixels).
WINDOW = (3, 15, 3)
MIN_PIXELS = (2, 100_000, 10)


class MapOptions:
    """Sets up the widgets of "Clean the map" and "Classify segments" and reads them."""

    def __init__(self, ui: Any) -> None:
        self.ui = ui
        #: The last segments written, by the rasters they were made from.
        self.segments: dict[tuple[str, ...], str] = {}
        registry = QgsApplication.processingRegistry()
        classify = registry.algorithmById("lulc:classify")
        definition = classify.parameterDefinition("SMOOTHING") if classify else None
        if definition is not None:
            ui.smoothingCombo.addItems(definition.options())
            ui.smoothingCombo.setToolTip(definition.help())
        self._window_help = _help(classify, "SMOOTH_WINDOW")
        self._area_help = _help(classify, "MIN_AREA")
        available = definition is not None and registry.algorithmById(SEGMENT_ALGORITHM)
        ui.objectCheck.setEnabled(bool(available))
        ui.smoothingCombo.currentIndexChanged.connect(self._method_changed)
        self._method_changed(ui.smoothingCombo.currentIndex())

    def _method_changed(self, index: int) -> None:
        spin = self.ui.smoothSizeSpin
        spin.setEnabled(index != NONE)
        if index == SIEVE:
            low, high, value = MIN_PIXELS
            spin.setSingleStep(1)
            spin.setSuffix(tr(" pixels"))
            spin.setToolTip(self._area_help)
            self.ui.smoothSizeLabel.setText(tr("Smallest patch"))
        else:
            low, high, value = WINDOW
            spin.setSingleStep(2)
            spin.setSuffix(tr(" px window"))
            spin.setToolTip(self._window_help)
            self.ui.smoothSizeLabel.setText(tr("Window"))
        spin.setRange(low, high)
        spin.setValue(value)

    def parameters(self) -> dict[str, Any]:
        """SMOOTHING and its size for lulc:classify or lulc:predict ({} for none)."""
        index = self.ui.smoothingCombo.currentIndex()
        size = self.ui.smoothSizeSpin.value()
        if index <= NONE:
            return {}
        if index == SIEVE:
            return {"SMOOTHING": index, "MIN_AREA": float(size), "MIN_AREA_UNIT": 0}
        return {"SMOOTHING": index, "SMOOTH_WINDOW": size | 1}

    def object_based(self) -> bool:
        """Whether Classify works on segments."""
        return bool(self.ui.objectCheck.isEnabled() and self.ui.objectCheck.isChecked())

    def known_segments(self, rasters: list[str]) -> str:
        """The segments already made from ``rasters`` (in this session) if the file is still
        there and newer than every raster; '' otherwise."""
        path = self.segments.get(tuple(rasters), "")
        if not path or not Path(path).is_file():
            return ""
        made = Path(path).stat().st_mtime
        for raster in rasters:
            source = Path(raster)
            if source.is_file() and source.stat().st_mtime > made:
                return ""
        return path

    def segment_parameters(self, rasters: list[str]) -> dict[str, Any]:
        """lulc:segment's parameters: the rasters, segments in the results folder."""
        return {"RASTERS": rasters, "OUTPUT": outputs.planned_paths(["SEGMENTS"])["SEGMENTS"]}

    def segmented(self, rasters: list[str], results: dict[str, Any]) -> str:
        """Remember the segments lulc:segment wrote from ``rasters``; return their path."""
        path = str(results.get("OUTPUT") or "")
        if path:
            self.segments[tuple(rasters)] = path
        return path


def _help(algorithm: Any, name: str) -> str:
    definition = algorithm.parameterDefinition(name) if algorithm is not None else None
    return definition.help() if definition is not None else ""
