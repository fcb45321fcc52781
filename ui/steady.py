"""A panel that stays put: the mouse wheel scrolls it instead of changing the value under the
cursor, it is wide enough for its contents, and disabling the focused button does not scroll it.
"""

from __future__ import annotations

from typing import Any

from qgis.PyQt.QtCore import QCoreApplication, QEvent, QObject, Qt
from qgis.PyQt.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QComboBox, QWidget


class WheelGuard(QObject):
    """Event filter: a wheel turned over a combo box or spin box that has no keyboard focus
    goes to the scroll area around it (a user scrolling the panel must not change settings)."""

    def eventFilter(self, watched: Any, event: Any) -> bool:
        """Hand wheels over unfocused widgets to the scroll area around them."""
        if event.type() != QEvent.Type.Wheel or watched.hasFocus():
            return False
        area = _scroll_area_of(watched)
        if area is not None:
            QCoreApplication.sendEvent(area.viewport(), event)  # scrolls the panel
        else:
            event.ignore()  # an ignored wheel goes on to the parents
        return True


class WidthGuard(QObject):
    """Event filter on a scroll area's contents: keeps the area at least as wide as the contents
    need, so the dock opens wide enough and never shows a horizontal scroll bar."""

    def __init__(self, area: Any) -> None:
        super().__init__(area)
        self.area = area

    def eventFilter(self, watched: Any, event: Any) -> bool:
        """Refit when the contents' layout changes."""
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show, QEvent.Type.Polish):
            fit_width(self.area)
        return False


def guard_wheel(root: Any) -> WheelGuard:
    """Make every combo box and spin box under ``root`` ignore the wheel unless focused (and
    take focus by click or Tab only, not by the wheel)."""
    guard = WheelGuard(root)
    for widget in root.findChildren(QComboBox) + root.findChildren(QAbstractSpinBox):
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.installEventFilter(guard)
    return guard


def fit_width(area: Any) -> int:
    """Set the scroll area's minimum width to its contents' minimum plus the vertical scroll
    bar; return it."""
    contents = area.widget()
    width = (
        contents.minimumSizeHint().width()
        + area.verticalScrollBar().sizeHint().width()
        + 2 * area.frameWidth()
    )
    if area.minimumWidth() != width:
        area.setMinimumWidth(width)
    return int(width)


def keep_wide_enough(area: Any) -> WidthGuard:
    """Fit ``area`` now and whenever its contents' layout changes."""
    guard = WidthGuard(area)
    area.widget().installEventFilter(guard)
    fit_width(area)
    return guard


def set_enabled(states: dict[Any, bool]) -> None:
    """Enable and disable widgets without moving the view: Qt hands the focus of a widget being
    disabled to the next one in the tab order, and a scroll area scrolls to show it (the panel
    jumped when Classify was clicked). Widgets are enabled first, then the focus goes to the
    first one enabled in ``states``' order, then the rest are disabled."""
    for widget, enabled in states.items():
        if enabled:
            widget.setEnabled(True)
    focused = [w for w, enabled in states.items() if not enabled and w.hasFocus()]
    if focused:
        takers = [w for w, enabled in states.items() if enabled]
        if takers:
            takers[0].setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            _park_focus(focused[0])
    for widget, enabled in states.items():
        if not enabled:
            widget.setEnabled(False)


def _scroll_area_of(widget: QWidget) -> Any:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def _park_focus(widget: QWidget) -> None:
    """Give the focus to the scroll area around ``widget`` (setFocus does not scroll)."""
    area = _scroll_area_of(widget)
    if area is not None:
        area.setFocus(Qt.FocusReason.OtherFocusReason)
