"""Before a run: no destination may name an input, another destination or a side file of one,
and each must be writable. After a failure: the sentence the user reads. Used by
:class:`.base.BaseAlgorithm` for every algorithm; the rules themselves live in core.files."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qgis.core import (
    QgsMessageLog,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingParameterDefinition,
)

from ..core.errors import Cancelled, LulcError
from ..core.files import RASTER_COMPANIONS, check_distinct, check_writable, record_commits
from ..core.io_errors import describe_io_error, is_io_error
from ..core.paths import source_file
from .i18n import tr

Side = list[tuple[str, Path]]
_INPUT_TYPES = ("raster", "vector", "source", "layer", "multilayer", "file")


def guarded_run(
    alg: Any, parameters: dict[str, Any], context: Any, run: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """Check the destinations, then ``run()``; an engine error, a cancel, an I/O error or a
    lack of memory becomes a QgsProcessingException saying what was written."""
    with record_commits() as written:
        try:
            check_run_paths(alg, parameters, context)
            return run()
        except Exception as exc:
            text = failure_text(exc, written, tr("Cancelled by the user; "))
            if text is None:
                # A bug: the user still reads a sentence; the traceback goes to the QGIS
                # message log (tab "LULC Classifier") for the report.
                QgsMessageLog.logMessage(traceback.format_exc(), "LULC Classifier")
                text = tr(
                    "An unexpected error stopped the run ({error}). This is a bug in LULC "
                    "Classifier: please report it with the details from the 'LULC Classifier' "
                    "tab of the Log Messages panel. {written}"
                ).format(error=f"{type(exc).__name__}: {exc}", written=_written(written))
            raise QgsProcessingException(text) from exc


def check_run_paths(alg: Any, parameters: dict[str, Any], context: Any) -> None:
    """Refuse (OutputError) a destination that would overwrite an input, another destination
    or a side file of one (``alg.SIDE_FILES``, a raster's .aux.xml...), or is not writable."""
    inputs: list[tuple[str, str]] = []
    outputs: list[tuple[str, str, Side]] = []
    scratch = QgsProcessingContext()  # resolving destinations registers layers to load
    scratch.copyThreadSafeSettings(context)
    scratch.setProject(context.project())
    for definition in alg.parameterDefinitions():
        name = definition.name()
        if definition.isDestination():
            path = _destination(alg, definition, parameters, scratch)
            if path:
                outputs.append((f"the output {name}", path, _side(alg, definition, path)))
        elif definition.type() in _INPUT_TYPES and parameters.get(name) not in (None, ""):
            files = _sources(alg, definition, parameters, context)
            inputs += [(f"the input {name}", p) for p in files if p]
    check_distinct(inputs, outputs)
    for label, path, _ in outputs:
        check_writable(path, label.replace("the ", "", 1))


def _destination(
    alg: Any, definition: QgsProcessingParameterDefinition, parameters: dict[str, Any], ctx: Any
) -> str | None:
    kind = definition.type()
    if kind == "fileDestination":
        path = alg.parameterAsFileOutput(parameters, definition.name(), ctx)
    elif kind in ("rasterDestination", "vectorDestination"):
        if parameters.get(definition.name()) in (None, ""):
            return None
        path = alg.parameterAsOutputLayer(parameters, definition.name(), ctx)
    else:
        return None
    path = str(path or "").split("|")[0]
    return path if path and ":" not in path[2:] else None  # skip "memory:", "ogr:..." URIs


def _side(alg: Any, definition: QgsProcessingParameterDefinition, path: str) -> Side:
    side = [
        (f"{label} written beside the output {definition.name()}", Path(path).with_suffix(s))
        for s, label in alg.SIDE_FILES.get(definition.name(), ())
    ]
    if definition.type() == "rasterDestination":
        side += [
            (f"the {label} of the output {definition.name()}", Path(f"{path}{suffix}"))
            for suffix, label in RASTER_COMPANIONS.items()
        ]
    return side


def _sources(
    alg: Any, definition: QgsProcessingParameterDefinition, parameters: dict[str, Any], context: Any
) -> list[str | None]:
    """The files an input parameter reads (none for memory or database layers)."""
    name, kind = definition.name(), definition.type()
    if kind == "file":
        return [source_file(alg.parameterAsFile(parameters, name, context) or "")]
    if kind == "multilayer":
        layers = alg.parameterAsLayerList(parameters, name, context)
        return [source_file(layer.source()) for layer in layers]
    layer = alg.parameterAsLayer(parameters, name, context)
    if layer is None and kind == "source":
        layer = alg.parameterAsVectorLayer(parameters, name, context)
    return [source_file(layer.source())] if layer is not None else []


def failure_text(exc: BaseException, written: list[str], cancelled: str) -> str | None:
    """The sentence for an engine error, a cancel (after the ``cancelled`` prefix), an I/O
    error or a lack of memory, saying what was written when something was; None for other
    exceptions (bugs: see :func:`guarded_run`)."""
    if isinstance(exc, Cancelled):
        return cancelled + _written(written)
    if isinstance(exc, LulcError):
        text = str(exc)
    elif isinstance(exc, MemoryError):
        text = tr(
            "Not enough memory for this run: lower the memory budget, classify a smaller "
            "extent, or close other programs."
        )
    elif is_io_error(exc):
        text = describe_io_error(exc)
    else:
        return None
    if written and not all(path in text for path in written):
        text += " " + tr("Before the failure, {written}").format(written=_written(written))
    return text


def _written(written: list[str]) -> str:
    """What a failed or cancelled run had already written, from the commit journal."""
    if not written:
        return tr("no output was written.")
    return tr("already written: {files}.").format(files=", ".join(f"'{p}'" for p in written))
