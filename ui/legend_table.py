"""The panel's legend editor: a table of class code, editable name and colour button."""

from __future__ import annotations

from typing import Any

from qgis.core import QgsPalettedRasterRenderer
from qgis.gui import QgsColorButton
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import QHeaderView, QTableWidgetItem

from ..processing_provider.i18n import tr


def layer_classes(layer: Any) -> list[tuple[int, str, str]]:
    """(code, name, #rrggbb) of a class map styled with a paletted renderer."""
    renderer = layer.renderer() if layer is not None else None
    if not isinstance(renderer, QgsPalettedRasterRenderer):
        return []
    return [(int(c.value), c.label, c.color.name()) for c in renderer.classes()]


def fill(table: Any, classes: list[tuple[int, str, str]]) -> None:
    """Show ``classes``: the code is fixed, the name is editable, the colour is a button."""
    table.clear()
    table.setColumnCount(3)
    table.setHorizontalHeaderLabels([tr("Code"), tr("Name"), tr("Colour")])
    table.setRowCount(len(classes))
    for row, (code, name, colour) in enumerate(classes):
        code_item = QTableWidgetItem(str(code))
        code_item.setFlags(code_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        table.setItem(row, 0, code_item)
        table.setItem(row, 1, QTableWidgetItem(name))
        button = QgsColorButton()
        button.setAllowOpacity(False)
        button.setColor(QColor(colour))
        button.setToolTip(tr("Colour of {name}").format(name=name))
        table.setCellWidget(row, 2, button)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)


def edited(table: Any) -> list[tuple[int, str, str]]:
    """The table's (code, name, #rrggbb) rows as the user left them."""
    rows = []
    for row in range(table.rowCount()):
        code = int(table.item(row, 0).text())
        name = table.item(row, 1).text().strip()
        colour = table.cellWidget(row, 2).color().name()
        rows.append((code, name, colour))
    return rows


def as_matrix(rows: list[tuple[int, str, str]]) -> list[Any]:
    """The flat [code, name, colour, ...] list lulc:legend's LEGEND matrix takes."""
    return [value for row in rows for value in row]
