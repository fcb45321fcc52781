"""Loads the class map's ``.qml`` style onto the layer Processing adds to the project."""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any

from qgis.core import QgsProcessingLayerPostProcessorInterface, QgsRasterLayer


class ClassMapStyler(QgsProcessingLayerPostProcessorInterface):
    """Applies the paletted style written beside the class map (one entry per class)."""

    def postProcessLayer(self, layer: Any, context: Any, feedback: Any) -> None:
        """Load ``<map>.qml`` onto the layer."""
        if not isinstance(layer, QgsRasterLayer):
            return
        qml = Path(layer.source()).with_suffix(".qml")
        if qml.is_file():
            _, ok = layer.loadNamedStyle(str(qml))
            if not ok:
                feedback.reportError(f"Could not apply the style '{qml}'.", False)
            layer.triggerRepaint()


#: QGIS deletes a post-processor after use (so one per run), yet does not keep its Python side
#: alive: without a reference here the override is garbage-collected and never called.
_ALIVE: deque[ClassMapStyler] = deque(maxlen=64)


def style_on_load(context: Any, output: str) -> None:
    """Ask Processing to style the class map ``output`` when it loads it."""
    if context.willLoadLayerOnCompletion(output):
        styler = ClassMapStyler()
        _ALIVE.append(styler)
        context.layerToLoadOnCompletionDetails(output).setPostProcessor(styler)
