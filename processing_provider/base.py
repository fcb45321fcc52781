"""Thin base of every algorithm: help, feedback adapter, parameter resolution, errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsFields,
    QgsMapLayer,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingParameterDefinition,
    QgsProcessingUtils,
    QgsVectorFileWriter,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from .i18n import QT_TR_NOOP, tr, translated
from .proj_threads import keep_proj_context
from .requirements import missing_packages
from .run_guard import guarded_run

#: Parameter types of options (not data). An advanced option with a default is optional, left
#: out meaning its default: the graphical modeler marks a model invalid when a mandatory
#: parameter has no value in it, so a model saved before the option was added would break (QGIS's
#: own later parameters are optional for the same reason). New options are advanced; the few
#: main options stay mandatory, so that their combo boxes offer no "[Not selected]".
OPTION_TYPES = frozenset({"number", "boolean", "enum", "string"})
ICONS = Path(__file__).resolve().parent.parent / "icons"
#: Toolbox search words of every algorithm (comma-separated), besides its own ``TAGS``.
COMMON_TAGS = QT_TR_NOOP(
    "land cover,land use,lulc,classification,supervised classification,machine learning,"
    "remote sensing"
)


class FeedbackProgress:
    """Adapts a QgsProcessingFeedback to the core's Progress protocol."""

    def __init__(self, feedback: QgsProcessingFeedback | None) -> None:
        self._feedback = feedback or QgsProcessingFeedback()

    def report(self, fraction: float) -> None:
        """Progress bar, 0–100."""
        self._feedback.setProgress(100.0 * fraction)

    def cancelled(self) -> bool:
        """The user pressed Cancel."""
        return bool(self._feedback.isCanceled())

    def log(self, message: str) -> None:
        """Log panel."""
        self._feedback.pushInfo(message)

    def warning(self, message: str) -> None:
        """Log panel, highlighted."""
        self._feedback.reportError(message, False)


class BaseAlgorithm(QgsProcessingAlgorithm):
    """Common plumbing; subclasses define ``name``, ``displayName``, ``PURPOSE``, ``initAlgorithm``
    and ``process`` (which returns the result dict)."""

    PURPOSE: ClassVar[str] = ""
    #: Files written beside a destination: parameter -> (suffix replacing its extension, what).
    SIDE_FILES: ClassVar[dict[str, tuple[tuple[str, str], ...]]] = {}
    #: Toolbox group (translated) and its fixed id.
    GROUP: ClassVar[str] = QT_TR_NOOP("Land cover classification")
    GROUP_ID: ClassVar[str] = "classification"
    #: The algorithm's own toolbox search words (comma-separated, marked with ``QT_TR_NOOP``).
    TAGS: ClassVar[str] = ""

    def createInstance(self) -> BaseAlgorithm:
        """A fresh instance (Processing runs copies)."""
        return type(self)()

    def tr(self, text: str) -> str:
        """Translate a literal in the class's context (pylupdate5 files ``self.tr("...")`` under
        the name of the class it is written in: use it in the concrete algorithm classes only,
        ``tr`` of .i18n elsewhere)."""
        return str(QCoreApplication.translate(type(self).__name__, text))

    def group(self) -> str:
        """Toolbox group."""
        return translated(self.GROUP)

    def groupId(self) -> str:
        """Fixed group id."""
        return self.GROUP_ID

    def tags(self) -> list[str]:
        """Toolbox search words: the common ones and the algorithm's own, in English and
        translated (a French user may search either)."""
        texts = (COMMON_TAGS, self.TAGS, translated(COMMON_TAGS), translated(self.TAGS))
        words = (w.strip() for text in texts for w in text.split(","))
        return list(dict.fromkeys(w for w in words if w))

    def icon(self) -> QIcon:
        """The algorithm's own icon."""
        return QIcon(self.svgIconPath())

    def svgIconPath(self) -> str:
        """``icons/<name>.svg``."""
        return str(ICONS / f"{self.name()}.svg")

    def shortHelpString(self) -> str:
        """Purpose paragraph, then the help of every parameter (generated docs use this)."""
        items = "".join(
            f"<li><b>{p.description()}</b>: {p.help()}</li>" for p in self.parameterDefinitions()
        )
        return f"<p>{translated(self.PURPOSE)}</p><ul>{items}</ul>"

    def add(
        self, param: QgsProcessingParameterDefinition, help_text: str, advanced: bool = False
    ) -> None:
        """Add a parameter with its help, translated by the caller (and the advanced flag); an
        advanced option with a default is optional (see :data:`OPTION_TYPES`)."""
        param.setHelp(help_text)
        flags = param.flags()
        if advanced:
            flags |= QgsProcessingParameterDefinition.Flag.FlagAdvanced
            if param.type() in OPTION_TYPES and param.defaultValue() is not None:
                flags |= QgsProcessingParameterDefinition.Flag.FlagOptional
        param.setFlags(flags)
        self.addParameter(param)

    def processAlgorithm(
        self, parameters: dict[str, Any], context: Any, feedback: Any
    ) -> dict[str, Any]:
        """Check the destinations, run :meth:`process`; errors become sentences."""
        self.check_requirements()
        keep_proj_context()
        progress = FeedbackProgress(feedback)
        return guarded_run(
            self, parameters, context, lambda: self.process(parameters, context, feedback, progress)
        )

    @staticmethod
    def check_requirements() -> None:
        """Refuse to run, naming the install command, while a required package is missing."""
        missing, message = missing_packages()
        if missing:
            raise QgsProcessingException(message)

    def process(
        self, parameters: dict[str, Any], context: Any, feedback: Any, progress: FeedbackProgress
    ) -> dict[str, Any]:
        """Resolve parameters, call one core tool, return outputs."""
        raise NotImplementedError

    def raster_paths(self, parameters: dict[str, Any], name: str, context: Any) -> list[str]:
        """File paths of a multiple-raster parameter, in the order given."""
        paths = []
        for layer in self.parameterAsLayerList(parameters, name, context):
            if layer.type() != QgsMapLayer.LayerType.RasterLayer or layer.providerType() != "gdal":
                raise QgsProcessingException(
                    tr(
                        "The layer '{}' is not a raster file GDAL can read; "
                        "save it as a GeoTIFF first."
                    ).format(layer.name())
                )
            paths.append(layer.source())
        if not paths:
            raise QgsProcessingException(tr("Choose at least one raster layer."))
        return paths

    def vector_path(
        self, parameters: dict[str, Any], name: str, context: Any, feedback: Any
    ) -> tuple[str, str | None]:
        """A file path (and layer name) for a vector parameter; memory layers are exported first,
        and so is a project layer with unsaved edits (Processing would give its file, without
        them)."""
        given = self.parameterAsVectorLayer(parameters, name, context)
        if given is not None and given.isModified():
            source = self.parameterAsSource(parameters, name, context)
            return _export_with_edits(source, given, context, feedback)
        path, layer = self.parameterAsCompatibleSourceLayerPathAndLayerName(
            parameters, name, context, ["gpkg", "shp", "geojson", "csv"], "gpkg", feedback
        )
        if not path:
            raise QgsProcessingException(tr("The layer given for {} cannot be read.").format(name))
        return path, layer or None

    def output_file(self, path: str, extensions: tuple[str, ...], what: str) -> str:
        """Check an output path's extension (we write one format per output)."""
        if not path.lower().endswith(extensions):
            raise QgsProcessingException(
                tr("The {} must be a {} file, not '{}': change the output file name.").format(
                    what, " or ".join(extensions), path
                )
            )
        return path


def _export_with_edits(source: Any, layer: Any, context: Any, feedback: Any) -> tuple[str, str]:
    """Copy ``source`` (a feature source of ``layer``: its unsaved edits included) to a temporary
    GeoPackage. The layer's primary key is left out: a feature not yet saved holds the
    provider's placeholder there (a GeoPackage's ``fid`` is 'Autogenerate'), which no file
    accepts."""
    keys = set(layer.primaryKeyAttributes())
    keep = [i for i in range(source.fields().count()) if i not in keys]
    fields = QgsFields()
    for index in keep:
        fields.append(source.fields().at(index))
    path = QgsProcessingUtils.generateTempFilename("unsaved_edits.gpkg")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = "features"
    writer = QgsVectorFileWriter.create(
        path, fields, source.wkbType(), source.sourceCrs(), context.transformContext(), options
    )
    failed = writer.hasError() != QgsVectorFileWriter.WriterError.NoError
    request = QgsFeatureRequest().setSubsetOfAttributes(keep)
    for feature in source.getFeatures(request) if not failed else []:
        copy = QgsFeature(fields)
        copy.setGeometry(feature.geometry())
        copy.setAttributes([feature.attribute(i) for i in keep])
        failed = failed or not writer.addFeature(copy)
    message = writer.errorMessage()
    del writer  # closes the file
    if failed:
        raise QgsProcessingException(
            tr(
                "The unsaved edits of the layer '{name}' could not be copied for the run "
                "({error}): save the layer, or undo the edits, and run again."
            ).format(name=layer.name(), error=message)
        )
    feedback.pushInfo(
        tr(
            "The layer '{name}' has unsaved edits: this run uses them, as the layer shows them "
            "(its file is unchanged)."
        ).format(name=layer.name())
    )
    return path, "features"
