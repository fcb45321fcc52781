"""The panel's legend: which map the editor edits, and the names and colours kept for later runs.

The editor edits the classified map (Classify). A preview becomes its target only while there
is no classified map in the project, and the section then says so. Names and colours the user
applies are kept by class value (the value in the class field, which identifies a class across
runs, unlike its code) and passed to every later run of the same labels and class field.
"""

from __future__ import annotations

import json
from typing import Any

from qgis.core import QgsProject
from qgis.PyQt.QtWidgets import QLabel

from ..processing_provider.i18n import tr
from . import legend_table

Key = tuple[str, str]


def class_values(outputs: dict[str, Any]) -> dict[int, str]:
    """Each class code's value in the class field, from a run's CLASSES output."""
    try:
        classes = json.loads(outputs.get("CLASSES") or "[]")
        return {int(c["code"]): str(c["value"]) for c in classes}
    except (TypeError, ValueError, KeyError):
        return {}


class LegendState:
    """The legend editor's target run and the user's legend, for a panel's widgets ``ui``."""

    def __init__(self, ui: Any) -> None:
        self.ui = ui
        self.target: dict[str, Any] | None = None
        self._kept: dict[str, tuple[str, str]] = {}
        self._kept_key: Key | None = None
        self._pending: list[tuple[int, str, str]] = []
        self.label = QLabel()
        self.label.setObjectName("legendTargetLabel")
        self.label.setWordWrap(True)
        ui.legendLayout.insertWidget(0, self.label)
        self.label.setText(tr("Classify to edit the legend of the map."))

    def key(self) -> Key | None:
        """The labels layer and class field chosen now: a kept legend belongs to them."""
        layer = self.ui.labelsCombo.currentLayer()
        field = self.ui.classFieldCombo.currentField()
        return (layer.id(), field) if layer is not None and field else None

    def run_parameters(self) -> dict[str, Any]:
        """LEGEND for the next run: the names and colours applied for these labels and field."""
        if not self._kept or self._kept_key != self.key():
            return {}
        return {"LEGEND": [v for value, row in self._kept.items() for v in (value, *row)]}

    def show_run(self, outputs: dict[str, Any], layer: Any, preview: bool) -> None:
        """A run's map was added: make it the target unless it is a preview and a classified
        map is still there; say which map the editor edits."""
        current = self.target
        if preview and current is not None and not current["preview"] and self._exists(current):
            self._say(current)
            return
        self.target = {
            "layer_id": layer.id(),
            "preview": preview,
            "map": outputs["OUTPUT"],
            "model": outputs.get("OUTPUT_MODEL"),
            "metrics": outputs.get("OUTPUT_METRICS"),
            "report": outputs.get("OUTPUT_REPORT"),
            "values": class_values(outputs),
            "key": self.key(),
        }
        legend_table.fill(self.ui.legendTable, legend_table.layer_classes(layer))
        self._say(self.target)

    def apply_parameters(self) -> dict[str, Any] | None:
        """lulc:legend's parameters for the table's rows and the target's files (None: no
        target)."""
        target = self.target
        if target is None:
            return None
        self._pending = legend_table.edited(self.ui.legendTable)
        parameters = {
            "MODEL": target["model"],
            "CLASS_MAP": target["map"],
            "LEGEND": legend_table.as_matrix(self._pending),
            "METRICS": target["metrics"],
            "REPORT": target["report"] if target["model"] else None,
        }
        return {k: v for k, v in parameters.items() if v}

    def applied(self) -> dict[str, Any] | None:
        """The legend was applied to the target: keep its names and colours for later runs."""
        target = self.target
        if target is None:
            return None
        values = target["values"]
        if target["key"] != self._kept_key:
            self._kept, self._kept_key = {}, target["key"]
        for code, name, colour in self._pending:
            if code in values:
                self._kept[values[code]] = (name, colour)
        return target

    def target_layer(self) -> Any:
        """The target's layer in the project (None: removed, or no target)."""
        if self.target is None:
            return None
        return QgsProject.instance().mapLayer(self.target["layer_id"])

    @staticmethod
    def _exists(target: dict[str, Any]) -> bool:
        return QgsProject.instance().mapLayer(target["layer_id"]) is not None

    def _say(self, target: dict[str, Any]) -> None:
        layer = QgsProject.instance().mapLayer(target["layer_id"])
        name = layer.name() if layer is not None else ""
        if target["preview"]:
            text = tr(
                "Editing the legend of the preview '{name}' (canvas extent only: there is no "
                "classified map yet). Names and colours you apply are kept for later runs."
            )
        else:
            text = tr(
                "Editing the legend of the classified map '{name}'. Names and colours you "
                "apply are kept for later runs (previews do not change this map)."
            )
        self.label.setText(text.format(name=name))
