"""Label in place: the panel steps through lulc:suggest's places, one at a time.

Each place is brought into view on the map canvas and flashed; the panel says what the model
predicts there and how sure it is, and offers one button per class of the model's legend (keys
1 to 9 while the panel has the focus), plus Skip, Not sure and Stop. A class answer adds one
feature to the panel's labels layer, inside its edit session, never saved (:mod:`.label_edit`);
the status line counts the answers and says whether the labels are saved.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from typing import Any

from qgis.core import QgsWkbTypes
from qgis.gui import QgsRubberBand, QgsVertexMarker
from qgis.PyQt.QtCore import QObject, Qt
from qgis.PyQt.QtGui import QColor, QKeySequence
from qgis.PyQt.QtWidgets import QPushButton

from ..processing_provider.i18n import tr
from . import label_edit
from .launch import QAction  # type: ignore[attr-defined]  # QtGui or QtWidgets, by version
from .suggestions import Suggestion, bring_into_view

#: Class buttons per row (the dock is narrow).
COLUMNS = 2


@dataclass(frozen=True)
class AnswerClass:
    """A class the user can answer: its value in the class field, name and colour."""

    value: Any
    name: str
    colour: str


def answer_classes(
    classes_json: str | None, legend_rows: list[tuple[int, str, str]] | None = None
) -> list[AnswerClass]:
    """The classes of a run's CLASSES output (code, value, name, colour), with the names and
    colours of ``legend_rows`` (code, name, colour: the legend editor's, when it shows that
    model's map) in their place."""
    try:
        classes = json.loads(classes_json or "[]")
    except ValueError:
        return []
    edited: dict[Any, tuple[str, Any]] = {
        code: (name, colour) for code, name, colour in legend_rows or []
    }
    found = []
    for entry in classes:
        if not isinstance(entry, dict) or "value" not in entry:
            continue
        name, colour = edited.get(
            entry.get("code"), (str(entry.get("name") or entry["value"]), entry.get("color"))
        )
        found.append(AnswerClass(entry["value"], name or str(entry["value"]), colour or "#cccccc"))
    return found


def _button_style(colour: str, predicted: bool) -> str:
    fill = QColor(colour)
    light = 0.299 * fill.red() + 0.587 * fill.green() + 0.114 * fill.blue() > 150
    border = "3px solid #202020" if predicted else "1px solid #707070"
    return (
        f"QPushButton {{ background-color: {fill.name()}; color: {'black' if light else 'white'};"
        f" border: {border}; border-radius: 3px; padding: 4px 6px; }}"
        f" QPushButton:focus {{ border: 2px dashed {'black' if light else 'white'}; }}"
    )


class LabelInPlace(QObject):
    """The stepping through suggestions, for the dock ``dock`` (its ``ui`` widgets, the map
    canvas of its ``iface``, its labels layer and class field)."""

    def __init__(self, dock: Any) -> None:
        super().__init__(dock)
        self.dock = dock
        self.ui = dock.ui
        self.suggestions: list[Suggestion] = []
        self.index = 0
        self.crs: Any = None
        self.pixel = (1.0, 1.0)
        self.classes: list[AnswerClass] = []
        self.buttons: list[QPushButton] = []
        self.added = self.skipped = self.unsure = 0
        self.pending = self.discarded = 0  # of the labels added: not saved yet, rolled back
        self._layer: Any = None  # the layer labels were added to (watched for save/discard)
        #: On the canvas while a place is shown: its pixel's outline and a ring around it (the
        #: flash is brief; the user may look away).
        self.band: Any = None
        self.ring: Any = None
        self.shortcuts = []  # keys 1-9 answer while the panel has the focus
        for key in range(1, 10):
            shortcut = QAction(dock)
            shortcut.setShortcut(QKeySequence(str(key)))
            shortcut.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.setEnabled(False)
            shortcut.triggered.connect(lambda _checked=False, i=key - 1: self.answer(i))
            dock.addAction(shortcut)
            self.shortcuts.append(shortcut)
        self.ui.skipButton.clicked.connect(self.skip)
        self.ui.unsureButton.clicked.connect(self.not_sure)
        self.ui.stopButton.clicked.connect(self.stop)

    # --- the session --------------------------------------------------------------------
    def start(
        self,
        suggestions: list[Suggestion],
        crs: Any,
        pixel: tuple[float, float],
        classes: list[AnswerClass],
    ) -> None:
        """Go through ``suggestions`` (points in ``crs``; ``pixel``: the image's pixel size in
        ``crs`` units), answering with ``classes``."""
        self.suggestions, self.crs, self.pixel, self.classes = suggestions, crs, pixel, classes
        self.index = 0
        self.added = self.skipped = self.unsure = 0
        self.pending = self.discarded = 0
        self._make_buttons()
        self.ui.suggestionBox.setVisible(bool(suggestions))
        for shortcut, _ in zip(self.shortcuts, classes):
            shortcut.setEnabled(True)
        if suggestions:
            self._show(zoom=True)
            if self.buttons:
                self.buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)  # keys 1-9 work
        self._update_status()

    @property
    def active(self) -> bool:
        """True while a suggestion is shown."""
        return self.index < len(self.suggestions) and self.ui.suggestionBox.isVisible()

    def current(self) -> Suggestion | None:
        """The suggestion shown (None when done or stopped)."""
        return self.suggestions[self.index] if self.active else None

    def answer(self, class_index: int) -> bool:
        """Label the suggestion shown as class number ``class_index``; go on to the next.
        False (and a message) when the label cannot be added."""
        suggestion = self.current()
        if suggestion is None or not 0 <= class_index < len(self.classes):
            return False
        layer = self.ui.labelsCombo.currentLayer()
        field = self.ui.classFieldCombo.currentField()
        try:
            if layer is None or not field:
                raise label_edit.LabelError(
                    tr("Choose the labels layer and its class field under 2. Labels.")
                )
            geometry = label_edit.label_geometry(layer, suggestion.point, self.crs, self.pixel)
            label_edit.add_label(layer, field, self.classes[class_index].value, geometry)
        except label_edit.LabelError as exc:
            self.ui.labelStatus.setStyleSheet("color: #a94442;")
            self.ui.labelStatus.setText(str(exc))
            return False
        self.added += 1
        self.pending += 1
        self._watch(layer)
        self._next()
        return True

    def skip(self) -> None:
        """No label here; the next place."""
        if self.current() is not None:
            self.skipped += 1
            self._next()

    def not_sure(self) -> None:
        """The user cannot tell: no label; the next place."""
        if self.current() is not None:
            self.unsure += 1
            self._next()

    def stop(self) -> None:
        """Stop stepping (the labels added stay in the layer's edit buffer)."""
        self.ui.suggestionBox.setVisible(False)
        self._unmark()
        for shortcut in self.shortcuts:
            shortcut.setEnabled(False)
        self._update_status()

    def cleanup(self) -> None:
        """Stop and stop watching the labels layer (the panel is closing)."""
        self.stop()
        self._watch(None)

    # --- showing ------------------------------------------------------------------------
    def _make_buttons(self) -> None:
        grid = self.ui.classButtonsLayout
        for button in self.buttons:
            grid.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        for i, kind in enumerate(self.classes):
            key = f"{i + 1} · " if i < 9 else ""
            button = QPushButton(f"{key}{kind.name}", self.ui.suggestionBox)
            button.setObjectName(f"labelClassButton{i}")
            tip = (
                tr("Label this place as {name} (key {key})")
                if i < 9
                else tr("Label this place as {name}")
            )
            button.setToolTip(tip.format(name=kind.name, key=i + 1))
            button.clicked.connect(lambda _checked=False, i=i: self.answer(i))
            grid.addWidget(button, i // COLUMNS, i % COLUMNS)
            self.buttons.append(button)

    def _show(self, zoom: bool = False) -> None:
        suggestion = self.suggestions[self.index]
        predicted = str(suggestion.predicted_name or suggestion.predicted or "?")
        if suggestion.confidence is None:
            text = tr("<b>Place {k} of {n}</b>: the model says <b>{name}</b>. What is it?")
        else:
            text = tr(
                "<b>Place {k} of {n}</b>: the model says <b>{name}</b>, "
                "confidence {percent:.0f} %. What is it?"
            )
        self.ui.suggestionLabel.setText(
            text.format(
                k=self.index + 1,
                n=len(self.suggestions),
                name=predicted,
                percent=100 * (suggestion.confidence or 0.0),
            )
        )
        for kind, button in zip(self.classes, self.buttons):
            same = str(kind.value) == str(suggestion.predicted) or kind.name == predicted
            button.setStyleSheet(_button_style(kind.colour, same))
        canvas = self.dock.iface.mapCanvas()
        self._mark(canvas, bring_into_view(canvas, suggestion, self.crs, self.pixel, zoom))

    def _mark(self, canvas: Any, square: Any) -> None:
        """Outline the place's pixel (``square``, in the canvas's CRS) and ring it."""
        if self.band is None:
            self.band = QgsRubberBand(canvas, QgsWkbTypes.GeometryType.PolygonGeometry)
            self.band.setStrokeColor(QColor("#ff00ff"))
            self.band.setFillColor(QColor(0, 0, 0, 0))
            self.band.setWidth(2)
            self.ring = QgsVertexMarker(canvas)
            self.ring.setIconType(QgsVertexMarker.IconType.ICON_CIRCLE)
            self.ring.setIconSize(28)
            self.ring.setPenWidth(3)
            self.ring.setColor(QColor("#ff00ff"))
        self.band.setToGeometry(square, None)
        self.ring.setCenter(square.boundingBox().center())

    def _unmark(self) -> None:
        canvas = self.dock.iface.mapCanvas()
        for item in (self.band, self.ring):
            if item is not None:
                with contextlib.suppress(RuntimeError):  # the canvas may be gone
                    canvas.scene().removeItem(item)
        self.band = self.ring = None

    def _next(self) -> None:
        self.index += 1
        if self.index >= len(self.suggestions):
            self.stop()
            return
        self._show()
        self._update_status()

    def status_text(self) -> str:
        """The answers so far, and whether the labels added are saved."""
        added = self._added_text()
        text = tr("{added} · {skipped} skipped · {unsure} not sure").format(
            added=added, skipped=self.skipped, unsure=self.unsure
        )
        if self.suggestions and not self.active:
            if self.index >= len(self.suggestions):
                done = tr("All {n} places answered.").format(n=len(self.suggestions))
            else:
                done = tr("Stopped at place {k} of {n}.").format(
                    k=self.index + 1, n=len(self.suggestions)
                )
            text = f"{done} {text}"
            if self.added:
                text += " " + tr("Retrain to use the new labels.")
        return text

    def _added_text(self) -> str:
        count, pending, discarded = self.added, self.pending, self.discarded
        if not count:
            return tr("No label added")
        if pending == count:
            if count == 1:
                return tr("1 label added, not saved (save the layer's edits to keep it)")
            return tr(
                "{count} labels added, not saved (save the layer's edits to keep them)"
            ).format(count=count)
        if not pending and not discarded:
            return tr("Labels added: {count}, saved").format(count=count)
        if discarded == count:
            return tr(
                "Labels added: {count}, then discarded (the layer's edits were rolled back)"
            ).format(count=count)
        return tr(
            "Labels added: {count}, of which {pending} not saved and {discarded} discarded"
        ).format(count=count, pending=pending, discarded=discarded)

    def _update_status(self) -> None:
        self.ui.labelStatus.setStyleSheet("")
        self.ui.labelStatus.setText(self.status_text() if self.suggestions else "")

    # --- the labels layer ---------------------------------------------------------------
    def _watch(self, layer: Any) -> None:
        """Follow whether the labels added to ``layer`` are saved or rolled back."""
        if layer is self._layer:
            return
        if self._layer is not None:
            with contextlib.suppress(RuntimeError, TypeError):  # the layer may be gone
                self._layer.afterCommitChanges.disconnect(self._committed)
                self._layer.afterRollBack.disconnect(self._rolled_back)
        self._layer = layer
        if layer is not None:
            layer.afterCommitChanges.connect(self._committed)
            layer.afterRollBack.connect(self._rolled_back)

    def _committed(self) -> None:
        self.pending = 0
        self._update_status()

    def _rolled_back(self) -> None:
        self.discarded += self.pending
        self.pending = 0
        self._update_status()
