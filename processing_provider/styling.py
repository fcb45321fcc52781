"""How outputs look: the class map's ``.qml`` style loaded onto the layer Processing adds to the
project, and the colours of a confusion-matrix cell (the accuracy report's, for the panel)."""

from __future__ import annotations

from collections import deque
from typing import Any

from qgis.core import QgsProcessingLayerPostProcessorInterface, QgsRasterLayer

from ..core.assessment.report import HEAT_LIGHT_TEXT, heat_rgb
from ..core.files import style_path


def load_class_map_style(layer: Any) -> str:
    """Load the ``.qml`` written beside a class map onto its layer (one entry per class).

    Returns '' when done or when there is no style file, else what went wrong.
    """
    qml = style_path(layer.source())
    if not qml.is_file():
        return ""
    message, ok = layer.loadNamedStyle(str(qml))
    layer.triggerRepaint()
    return "" if ok else f"Could not apply the style '{qml}': {message}"


class ClassMapStyler(QgsProcessingLayerPostProcessorInterface):
    """Applies the paletted style written beside the class map (one entry per class)."""

    def postProcessLayer(self, layer: Any, context: Any, feedback: Any) -> None:
        """Load ``<map>.qml`` onto the layer."""
        if isinstance(layer, QgsRasterLayer):
            problem = load_class_map_style(layer)
            if problem:
                feedback.reportError(problem, False)


#: QGIS deletes a post-processor after use (so one per run), yet does not keep its Python side
#: alive: without a reference here the override is garbage-collected and never called.
_ALIVE: deque[ClassMapStyler] = deque(maxlen=64)


def style_on_load(context: Any, output: str) -> None:
    """Ask Processing to style the class map ``output`` when it loads it."""
    if context.willLoadLayerOnCompletion(output):
        styler = ClassMapStyler()
        _ALIVE.append(styler)
        context.layerToLoadOnCompletionDetails(output).setPostProcessor(styler)


def heat_colours(share: float) -> tuple[tuple[int, int, int], str]:
    """A confusion cell's background (RGB) and text colour for its share of the reference row:
    the accuracy report's heatmap colours."""
    return heat_rgb(share), "white" if share > HEAT_LIGHT_TEXT else "black"
