"""The LULC Classifier dock panel: image → labels → features → model → map, in one place.

The panel only collects choices and launches the ``lulc`` Processing algorithms as background
tasks (:mod:`.runner`); it shows their results. All work happens in the algorithms, so the
panel, the toolbox, the modeler and ``qgis_process`` share one validated path.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any

from qgis.core import (
    QgsApplication,
    QgsMapLayerProxyModel,
    QgsProject,
)
from qgis.gui import QgsDockWidget, QgsFileWidget
from qgis.PyQt import uic
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QListWidgetItem,
    QTableWidgetItem,
    QWidget,
)

from ..processing_provider.i18n import tr
from ..processing_provider.requirements import missing_packages
from ..processing_provider.styling import load_class_map_style
from . import labelling, layers, legend_state, legend_table, map_options, results, steady
from . import learning_curve as curve_module
from . import outputs as outputs_module
from . import preview as preview_module
from . import suggestions as suggestions_module
from .runner import AlgorithmRun

FORM, _ = uic.loadUiType(str(Path(__file__).with_name("panel.ui")))
#: The outputs of lulc:classify that belong to its model: a preview that applies the model
#: again shows them as its own.
TRAINING_OUTPUTS = ("OUTPUT_MODEL", "OUTPUT_REPORT", "OUTPUT_METRICS", "CLASSES")
#: Signals of a vector layer after which the label counts may have changed.
_EDIT_SIGNALS = (
    "featureAdded",
    "featuresDeleted",
    "attributeValueChanged",
    "afterRollBack",
    "afterCommitChanges",
    "dataChanged",
)


class PanelWidget(QWidget, FORM):  # type: ignore[misc, valid-type]
    """The widgets of ``panel.ui``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setupUi(self)


class LulcDock(QgsDockWidget):
    """The guided workflow; ``cleanup()`` before deleting it."""

    OBJECT_NAME = "LulcClassifierDock"

    def __init__(self, iface: Any, parent: Any = None) -> None:
        super().__init__(tr("LULC Classifier"), parent)
        self.setObjectName(self.OBJECT_NAME)
        self.iface = iface
        self.ui = PanelWidget(self)
        self.setWidget(self.ui)
        self.legend = legend_state.LegendState(self.ui)
        self.run: AlgorithmRun | None = None
        self.result: dict[str, Any] = {}  # the last map shown: layer ids, map and model paths
        self.preview_ids: list[str] = []
        self.own_ids: set[str] = set()
        self.preview_files: list[str] = []
        #: The last model trained: its fingerprint (see :meth:`fingerprint`) and training
        #: outputs (:data:`TRAINING_OUTPUTS`), for the previews that apply it again.
        self.trained: dict[str, Any] = {}
        self._training = ""  # the fingerprint of the running lulc:classify ('' for a predict)
        #: The last model of Classify and what it was trained on (:meth:`history_key`): the
        #: next Classify of the same retrains it (PREVIOUS_MODEL), its learning history grows.
        self.history: dict[str, Any] = {}
        self._history_key: Any = None  # the key of the running lulc:classify
        self._suggesting: dict[str, Any] = {}  # the running lulc:suggest's CRS, pixel, classes
        self._products: dict[str, str] = {}  # layer id -> what we wrote it as ('' if not ours)
        self._late_cancel = False
        self._warnings: list[str] = []
        self._labels_layer: Any = None
        self._started = 0.0
        self._preview = False
        self._on_success: Any = None
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(300)
        self._count_timer.timeout.connect(self.refresh_counts)
        self._setup_widgets()
        self.curve = curve_module.LearningCurve(self.ui)
        self.ui.resultsLayout.insertWidget(1, self.curve)
        self.labeller = labelling.LabelInPlace(self)
        self._connect()
        self.refresh_rasters()
        self._labels_changed(self.ui.labelsCombo.currentLayer())
        self.check_dependencies()

    # --- set-up -------------------------------------------------------------------------
    def _setup_widgets(self) -> None:
        ui = self.ui
        ui.labelsCombo.setFilters(QgsMapLayerProxyModel.Filter.VectorLayer)
        ui.labelsCombo.setAllowEmptyLayer(True)
        ui.nameFieldCombo.setAllowEmptyFieldName(True)
        for widget, file_filter in (
            (ui.outputMapFile, tr("GeoTIFF (*.tif)")),
            (ui.outputModelFile, tr("LULC model (*.lulcmodel)")),
        ):
            widget.setStorageMode(QgsFileWidget.StorageMode.SaveFile)
            widget.setFilter(file_filter)
            widget.lineEdit().setPlaceholderText(tr("[empty: saved in the results folder]"))
        self.folder_note = QLabel(ui)
        self.folder_note.setObjectName("outputFolderNote")
        self.folder_note.setWordWrap(True)
        self.folder_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        ui.outputsLayout.addRow(self.folder_note)
        self.show_results_folder()
        algorithm = QgsApplication.processingRegistry().algorithmById("lulc:classify")
        for combo, name in (
            (ui.presetCombo, "PRESET"),
            (ui.algorithmCombo, "ALGORITHM"),
            (ui.validationCombo, "VALIDATION"),
        ):
            definition = algorithm.parameterDefinition(name)
            combo.addItems(definition.options())
            combo.setCurrentIndex(int(definition.defaultValue() or 0))
            combo.setToolTip(definition.help())
        indices = algorithm.parameterDefinition("INDICES")
        ui.indicesCombo.addItems(indices.options())
        ui.indicesCombo.setToolTip(indices.help())
        ui.presetCombo.setItemText(0, tr("(none: bands as they are)"))
        combos = (ui.presetCombo, ui.algorithmCombo, ui.validationCombo, ui.indicesCombo)
        for combo in (*combos, ui.smoothingCombo):
            # Long option names must not widen the dock; the full text shows when open.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
        for table in (ui.classCountTable,):
            table.setColumnCount(2)
            table.setHorizontalHeaderLabels([tr("Class"), tr("Labels")])
            table.verticalHeader().setVisible(False)
            table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.map_options = map_options.MapOptions(ui)
        steady.guard_wheel(ui)  # the wheel scrolls the panel, it changes no setting
        steady.keep_wide_enough(ui.scrollArea)  # no horizontal scroll bar, no clipped text

    def _connect(self) -> None:
        ui = self.ui
        project = QgsProject.instance()
        # Follow the layer tree, not the project's layersAdded: the list is in tree order, and
        # a new layer reaches the tree only after layersAdded has been emitted.
        root = project.layerTreeRoot()
        root.addedChildren.connect(self.refresh_rasters)
        root.removedChildren.connect(self.refresh_rasters)
        project.fileNameChanged.connect(self.show_results_folder)
        project.homePathChanged.connect(self.show_results_folder)
        # The tree of a project being read reaches the panel before its layers are loaded.
        project.readProject.connect(self.refresh_rasters)
        ui.labelsCombo.layerChanged.connect(self._labels_changed)
        ui.classFieldCombo.fieldChanged.connect(self.refresh_counts)
        ui.nameFieldCombo.fieldChanged.connect(self.refresh_counts)
        ui.runButton.clicked.connect(self.classify)
        ui.previewButton.clicked.connect(self.preview)
        ui.cancelButton.clicked.connect(self.cancel)
        ui.applyLegendButton.clicked.connect(self.apply_legend)
        ui.suggestButton.clicked.connect(self.suggest)
        ui.retrainButton.clicked.connect(self.classify)
        ui.objectCheck.toggled.connect(lambda _on: self._set_busy(self.busy()))

    def cleanup(self) -> None:
        """Cancel a running task and disconnect from the project (the plugin is unloading)."""
        if self.run is not None and self.run.running:
            self.run.finished.disconnect(self._ended)
            self.run.cancel()
        self._count_timer.stop()
        self._watch_labels(None)
        self.labeller.cleanup()
        project = QgsProject.instance()
        root = project.layerTreeRoot()
        root.addedChildren.disconnect(self.refresh_rasters)
        root.removedChildren.disconnect(self.refresh_rasters)
        project.fileNameChanged.disconnect(self.show_results_folder)
        project.homePathChanged.disconnect(self.show_results_folder)
        project.readProject.disconnect(self.refresh_rasters)

    def show_results_folder(self, *_args: Any) -> None:
        """Say where outputs left empty go (beside the project once it is saved)."""
        folder = outputs_module.results_folder(create=False)
        self.folder_note.setText(
            tr("Outputs left empty are saved in {folder}; they stay when QGIS closes.").format(
                folder=folder
            )
        )

    def check_dependencies(self) -> list[str]:
        """Show which packages are missing and how to install them; block runs until then."""
        missing, message = missing_packages()
        self.ui.dependencyBanner.setText(message)
        self.ui.dependencyBanner.setVisible(bool(missing))
        self._set_busy(False)
        return missing

    # --- inputs -------------------------------------------------------------------------
    def refresh_rasters(self, *_args: Any) -> None:
        """List the project's rasters, keeping what was ticked; never our own results (class
        maps, confidence: from this session, an earlier one or the toolbox), which are not
        images to classify."""
        listed = self.ui.rasterList
        ticked = set(self.checked_raster_ids())
        first_fill = listed.count() == 0
        listed.clear()
        for layer in layers.project_rasters():
            if layer.id() not in self._products:
                self._products[layer.id()] = layers.lulc_product(layer)
            if layer.id() in self.own_ids or self._products[layer.id()]:
                continue
            item = QListWidgetItem(layer.name())
            item.setData(Qt.ItemDataRole.UserRole, layer.id())
            item.setToolTip(layer.source())
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = layer.id() in ticked or (first_fill and not ticked and listed.count() == 0)
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            listed.addItem(item)

    def checked_raster_ids(self) -> list[str]:
        """Ids of the ticked rasters, in list (layer-tree) order."""
        listed = self.ui.rasterList
        return [
            listed.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(listed.count())
            if listed.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _labels_changed(self, layer: Any) -> None:
        self.ui.classFieldCombo.setLayer(layer)
        self.ui.nameFieldCombo.setLayer(layer)
        if layer is not None:
            self.ui.classFieldCombo.setField(_guess_class_field(layer))
        self._watch_labels(layer)
        self.refresh_counts()

    def _watch_labels(self, layer: Any) -> None:
        """Recount when the labels change, unsaved edits included."""
        if self._labels_layer is not None:
            for name in _EDIT_SIGNALS:
                with contextlib.suppress(RuntimeError, TypeError):  # the layer may be gone
                    getattr(self._labels_layer, name).disconnect(self._schedule_counts)
        self._labels_layer = layer
        if layer is not None:
            for name in _EDIT_SIGNALS:
                getattr(layer, name).connect(self._schedule_counts)

    def _schedule_counts(self, *_args: Any) -> None:
        self._count_timer.start()

    def refresh_counts(self, *_args: Any) -> None:
        """Fill the table of labels per class and warn about classes with too few."""
        layer = self.ui.labelsCombo.currentLayer()
        field = self.ui.classFieldCombo.currentField()
        counts = (
            layers.count_labels(layer, field, self.ui.nameFieldCombo.currentField())
            if (layer is not None and field)
            else []
        )
        table = self.ui.classCountTable
        table.setRowCount(len(counts))
        for row, count in enumerate(counts):
            name = count.name if str(count.value) == count.name else f"{count.name} ({count.value})"
            table.setItem(row, 0, QTableWidgetItem(name))
            item = QTableWidgetItem(str(count.count))
            item.setTextAlignment(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
            table.setItem(row, 1, item)
        self.ui.labelsWarning.setText(layers.count_warning(counts) if counts else "")

    # --- runs ---------------------------------------------------------------------------
    def parameters(self, preview: bool = False) -> dict[str, Any]:
        """lulc:classify's parameters from the panel; outputs left empty (and every output
        of a preview) go to the results folder (:mod:`.outputs`)."""
        ui = self.ui
        labels = ui.labelsCombo.currentLayer()
        class_field = ui.classFieldCombo.currentField()
        if labels is not None:  # a file, unsaved edits included (never the layer itself)
            labels = layers.labels_source(labels, [class_field, ui.nameFieldCombo.currentField()])
        given = (
            {}
            if preview
            else {
                "OUTPUT": ui.outputMapFile.filePath(),
                "OUTPUT_MODEL": ui.outputModelFile.filePath(),
            }
        )
        wanted = ["OUTPUT", "OUTPUT_MODEL", "OUTPUT_REPORT", "OUTPUT_METRICS"]
        if ui.confidenceCheck.isChecked() and not preview:
            wanted.append("OUTPUT_CONFIDENCE")
        empty = [name for name in wanted if not given.get(name)]
        files = {
            **outputs_module.planned_paths(empty, preview),
            **{k: v for k, v in given.items() if v},
        }
        previous = self.previous_model()
        if previous:
            files["PREVIOUS_MODEL"] = previous
        return {
            **self.training_settings(),
            "LABELS": labels,
            **files,
            **self.map_options.parameters(),
        }

    def history_key(self) -> tuple[Any, ...]:
        """What a learning history follows: the labels layer, class field and rasters."""
        layer = self.ui.labelsCombo.currentLayer()
        return (
            layer.id() if layer is not None else None,
            self.ui.classFieldCombo.currentField(),
            tuple(self.training_settings()["RASTERS"]),
            self.map_options.object_based(),
        )

    def previous_model(self) -> str:
        """The model a run now retrains (lulc:classify's PREVIOUS_MODEL, whose learning history
        the new model carries on): the last Classify's, when it was trained on the same labels
        layer, class field and rasters and its file is there; '' otherwise."""
        model = self.history.get("model")
        if not model or not Path(model).is_file() or self.history.get("key") != self.history_key():
            return ""
        return str(model)

    def training_settings(self) -> dict[str, Any]:
        """The parameters of lulc:classify that decide the model, but the labels: rasters,
        class and name fields, features, algorithm, validation, legend."""
        ui = self.ui
        project = QgsProject.instance()
        settings: dict[str, Any] = {
            "RASTERS": [project.mapLayer(i).source() for i in self.checked_raster_ids()],
            "CLASS_FIELD": ui.classFieldCombo.currentField(),
            "PRESET": ui.presetCombo.currentIndex(),
            "ALGORITHM": ui.algorithmCombo.currentIndex(),
            "VALIDATION": ui.validationCombo.currentIndex(),
        }
        indices = [
            i
            for i in range(ui.indicesCombo.count())
            if ui.indicesCombo.itemCheckState(i) == Qt.CheckState.Checked
        ]
        if indices:
            settings["INDICES"] = indices
        if ui.nameFieldCombo.currentField():
            settings["NAME_FIELD"] = ui.nameFieldCombo.currentField()
        settings.update(self.legend.run_parameters())
        return settings

    def fingerprint(self) -> str:
        """What the model of a run now would be trained on (:func:`.preview.fingerprint`)."""
        ui = self.ui
        return preview_module.fingerprint(
            {**self.training_settings(), "objects": self.map_options.object_based()},
            ui.labelsCombo.currentLayer(),
            [ui.classFieldCombo.currentField(), ui.nameFieldCombo.currentField()],
        )

    def _check_inputs(self) -> str:
        if not self.checked_raster_ids():
            return tr("Tick at least one raster layer under 1. Image.")
        if self.ui.labelsCombo.currentLayer() is None:
            return tr("Choose the labels layer under 2. Labels.")
        if not self.ui.classFieldCombo.currentField():
            return tr("Choose the class field under 2. Labels.")
        return ""

    def classify(self) -> None:
        """Sample, train and classify the whole image in the background."""
        self._launch(preview=False)

    def preview(self) -> None:
        """The map canvas's extent at the canvas's resolution (quick, replaces the last), with
        the last run's model while its labels and settings are unchanged, else trained anew."""
        self._launch(preview=True)

    def _launch(self, preview: bool) -> None:
        problem = self._check_inputs()
        if problem:
            self._status(problem, error=True)
            return
        fingerprint = self.fingerprint()
        try:
            if preview:
                algorithm_id, parameters = self._preview_run(fingerprint)
            else:
                algorithm_id, parameters = "lulc:classify", self.parameters()
        except OSError as exc:  # no free output name, the labels could not be copied
            self._status(str(exc), error=True)
            return
        if not preview and self.map_options.object_based():
            segments = self.map_options.known_segments(parameters["RASTERS"])
            if not segments:
                self._segment_first(parameters, fingerprint)
                return
            parameters["SEGMENTS"] = segments
        self._preview = preview
        self._training = fingerprint if algorithm_id == "lulc:classify" else ""
        self._history_key = self.history_key()
        if not preview:
            status = tr("Classifying…")
        elif self._training:
            status = tr("Preview of the canvas extent…")
        else:
            status = tr("Preview of the canvas extent with the last model…")
        self._start(algorithm_id, parameters, self._show_results, status)

    def _segment_first(self, parameters: dict[str, Any], fingerprint: str) -> None:
        """Object-based Classify without segments of these rasters yet: lulc:segment, then
        lulc:classify with them."""
        rasters = list(parameters["RASTERS"])
        try:
            segment = self.map_options.segment_parameters(rasters)
        except OSError as exc:
            self._status(str(exc), error=True)
            return

        def segmented(results: dict[str, Any]) -> None:
            started = self._started
            self._preview = False
            self._training = fingerprint
            self._history_key = self.history_key()
            path = self.map_options.segmented(rasters, results)
            self._start(
                "lulc:classify",
                {**parameters, "SEGMENTS": path},
                self._show_results,
                tr("Classifying the segments…"),
            )
            self._started = started  # the time shown counts the segmentation too

        self._start(
            map_options.SEGMENT_ALGORITHM,
            segment,
            segmented,
            tr("Cutting the image into segments of similar pixels…"),
        )

    def _preview_run(self, fingerprint: str) -> tuple[str, dict[str, Any]]:
        """The algorithm and parameters of a preview: lulc:predict with the last model while
        the fingerprint is that model's (and its file is there), else lulc:classify."""
        project = QgsProject.instance()
        rasters = [project.mapLayer(i) for i in self.checked_raster_ids()]
        extent, resolution = preview_module.canvas_view(self.iface.mapCanvas(), rasters[0].crs())
        view: dict[str, Any] = {"EXTENT": extent}
        if resolution is not None:
            view["RESOLUTION"] = resolution
        model = self.trained.get("OUTPUT_MODEL")
        if self.trained.get("fingerprint") == fingerprint and model and Path(model).is_file():
            parameters = {
                "RASTERS": [layer.source() for layer in rasters],
                "MODEL": model,
                **view,
                **outputs_module.planned_paths(["OUTPUT"], preview=True),
                **self.map_options.parameters(),
            }
            return "lulc:predict", parameters
        return "lulc:classify", {**self.parameters(preview=True), **view}

    def _start(
        self, algorithm_id: str, parameters: dict[str, Any], on_success: Any, status: str
    ) -> None:
        """Run an algorithm in the background (one at a time); ``on_success(outputs)`` follows
        unless it fails or is cancelled."""
        if self.run is not None and self.run.running:
            return
        self.run = AlgorithmRun(algorithm_id, parameters, self)
        self.run.progressChanged.connect(self._progress)
        self.run.message.connect(self._status)
        self.run.finished.connect(self._ended)
        self._on_success = on_success
        self._started = time.monotonic()
        self._set_busy(True)
        self._status(status)
        self.run.start()

    def _ended(self, ok: bool, results: dict[str, Any], error: str) -> None:
        self._late_cancel = bool(ok and self.run is not None and self.run.cancel_requested)
        self._warnings = self.run.warnings(ok) if self.run is not None else []
        self.run = None
        self._set_busy(False)
        if not ok:
            self.ui.progressBar.setValue(0)
            if self._on_success == self._show_results:
                self._clear_accuracy()  # the figures on screen are not this run's
            self._status(error, error=True)
            return
        self._on_success(results)

    def _clear_accuracy(self) -> None:
        self.ui.scoresLabel.setText(tr("The last run failed: no accuracy to show."))
        self.curve.show_history([])
        for table in (self.ui.classScoresTable, self.ui.confusionTable):
            table.clear()
            table.setRowCount(0)
            table.setColumnCount(0)
        self.ui.reportLink.setText("")

    def cancel(self) -> None:
        """Stop the running task at its next block."""
        if self.run is not None and self.run.running:
            self._status(tr("Cancelling…"))
            self.run.cancel()

    def _show_results(self, outputs: dict[str, Any]) -> None:
        preview = self._preview
        if self._training:
            self.trained = {
                "fingerprint": self._training,
                **{k: outputs.get(k) for k in TRAINING_OUTPUTS},
            }
            if not preview:
                self.history = {"model": outputs.get("OUTPUT_MODEL"), "key": self._history_key}
        else:  # the last model, applied again: its accuracy and legend are this map's
            outputs = {**{k: self.trained.get(k) for k in TRAINING_OUTPUTS}, **outputs}
        try:
            self._show_map(outputs, preview)
            self._show_accuracy(outputs)
        except (OSError, RuntimeError, ValueError) as exc:
            self._status(str(exc), error=True)
            return
        self._set_busy(False)  # the legend editor now has a map
        self.ui.progressBar.setValue(100)
        seconds = time.monotonic() - self._started
        if preview and not self._training:
            text = tr(
                "Preview ready in {seconds:.1f} s, with the model of the last run (its labels "
                "and settings are unchanged)."
            ).format(seconds=seconds)
        elif preview:
            text = tr("Preview ready in {seconds:.1f} s.").format(seconds=seconds)
        else:
            text = tr("Map ready in {seconds:.1f} s, saved as {path}.").format(
                seconds=seconds, path=outputs["OUTPUT"]
            )
        if self._late_cancel:
            text = tr("The run had finished before Cancel could stop it. ") + text
        if self._warnings:
            text += "\n" + tr("Warnings (also in the LULC Classifier log):") + "\n"
            text += "\n".join(f"• {warning}" for warning in self._warnings)
        self._status(text)
        self.ui.statusLabel.setToolTip(outputs["OUTPUT"])

    def _show_map(self, outputs: dict[str, Any], preview: bool) -> None:
        """Add the styled map (and confidence) above the topmost of the ticked rasters and
        our earlier results, so the newest result is what the canvas shows."""
        if preview:
            layers.remove_layers(self.preview_ids)
            # but the files of the model that the next previews apply
            model_files = {self.trained.get(k) for k in TRAINING_OUTPUTS}
            outputs_module.delete_preview_files(
                [path for path in self.preview_files if path not in model_files]
            )
            self.preview_ids, self.preview_files = [], []
        present = [i for i in self.own_ids if QgsProject.instance().mapLayer(i) is not None]
        anchor = layers.topmost(self.checked_raster_ids() + present)
        n = layers.free_number(tr("Land cover"), tr("Confidence (%)"))
        added = []
        confidence = outputs.get("OUTPUT_CONFIDENCE")
        if confidence:
            name = layers.numbered(tr("Confidence (%)"), n)
            layer = layers.confidence_layer(confidence, name)
            anchor = layers.add_above(layer, anchor)
            added.append(layer.id())
        name = tr("LULC preview") if preview else layers.numbered(tr("Land cover"), n)
        class_map = layers.add_above(layers.class_map_layer(outputs["OUTPUT"], name), anchor)
        added.append(class_map.id())
        self.own_ids.update(added)
        if preview:
            self.preview_ids = added
            self.preview_files = [str(outputs[k]) for k in outputs_module.FILES if outputs.get(k)]
        self.result = {
            "layer_id": class_map.id(),
            "map": outputs["OUTPUT"],
            "model": outputs.get("OUTPUT_MODEL"),
        }
        self.legend.show_run(outputs, class_map, preview)
        self.refresh_rasters()

    def _show_accuracy(self, outputs: dict[str, Any]) -> None:
        metrics_path = outputs.get("OUTPUT_METRICS")
        if not metrics_path or not Path(metrics_path).is_file():
            return
        metrics = results.read_metrics(metrics_path)
        self.ui.scoresLabel.setText(results.scores_text(metrics))
        results.fill_class_scores(self.ui.classScoresTable, metrics)
        results.fill_confusion(self.ui.confusionTable, metrics)
        self.ui.reportLink.setText(results.report_link(outputs.get("OUTPUT_REPORT")))
        self.curve.show_history(metrics.get("learning_history"))

    # --- label in place ------------------------------------------------------------------
    def suggest(self) -> None:
        """Ask the last model where it is least sure (lulc:suggest, in the background); then
        step through the places (:mod:`.labelling`)."""
        problem = self._check_inputs()
        model = self.trained.get("OUTPUT_MODEL")
        if not problem and not (model and Path(model).is_file()):
            problem = tr("Classify first: the suggestions come from the model.")
        if not problem and not suggestions_module.available():
            problem = tr("This version of LULC Classifier has no lulc:suggest algorithm.")
        if problem:
            self._status(problem, error=True)
            return
        project = QgsProject.instance()
        rasters = [project.mapLayer(i) for i in self.checked_raster_ids()]
        labels = self.ui.labelsCombo.currentLayer()
        try:
            parameters = {
                "RASTERS": [layer.source() for layer in rasters],
                "MODEL": model,
                "LABELS": layers.labels_source(labels, [self.ui.classFieldCombo.currentField()]),
                "COUNT": self.ui.suggestCountSpin.value(),
                "OUTPUT": suggestions_module.output_path(),
            }
        except OSError as exc:
            self._status(str(exc), error=True)
            return
        self.labeller.stop()
        self._suggesting = {
            "pixel": (rasters[0].rasterUnitsPerPixelX(), rasters[0].rasterUnitsPerPixelY()),
            "classes": self.answer_classes(),
        }
        self._start(
            suggestions_module.ALGORITHM,
            parameters,
            self._suggested,
            tr("Looking for the places the model is least sure of…"),
        )

    def answer_classes(self) -> list[labelling.AnswerClass]:
        """The classes of the last model, named and coloured as the legend editor shows them
        when it edits that model's map."""
        target = self.legend.target
        rows = (
            legend_table.edited(self.ui.legendTable)
            if target is not None and target.get("model") == self.trained.get("OUTPUT_MODEL")
            else None
        )
        return labelling.answer_classes(self.trained.get("CLASSES"), rows)

    def _suggested(self, outputs: dict[str, Any]) -> None:
        path = str(outputs.get("OUTPUT") or "")
        try:
            found, crs = suggestions_module.read(path)
        except OSError as exc:
            self._status(str(exc), error=True)
            return
        self.ui.progressBar.setValue(100)
        if not found:
            self._status(tr("No place to suggest: every valid pixel is labelled or masked."))
            return
        self.labeller.start(found, crs, self._suggesting["pixel"], self._suggesting["classes"])
        self._status(
            tr(
                "{count} places to label, the model's least sure first: the map shows the first. "
                "Answer with the class buttons under Label where the model is unsure."
            ).format(count=len(found))
        )
        self.ui.statusLabel.setToolTip(path)
        self.ui.scrollArea.ensureWidgetVisible(self.ui.suggestionBox)

    # --- legend -------------------------------------------------------------------------
    def apply_legend(self) -> None:
        """Rename classes / change colours of the map the legend section names: its style and
        metadata, its model, metrics and report."""
        parameters = self.legend.apply_parameters()
        if parameters is None:
            return
        self._start("lulc:legend", parameters, self._legend_applied, tr("Applying the legend…"))

    def _legend_applied(self, _outputs: dict[str, Any]) -> None:
        target = self.legend.applied()
        if target is None:
            return
        self._show_accuracy(
            {"OUTPUT_METRICS": target["metrics"], "OUTPUT_REPORT": target["report"]}
        )
        layer = self.legend.target_layer()
        if layer is None:
            self._status(tr("Legend applied to the map's files; its layer was removed."))
            return
        problem = load_class_map_style(layer)
        if problem:
            self._status(problem, error=True)
            return
        layer.emitStyleChanged()
        view = getattr(self.iface, "layerTreeView", lambda: None)()
        if view is not None:
            view.refreshLayerSymbology(layer.id())
        self._status(
            tr("Legend applied to '{name}': its map, model, accuracy and report.").format(
                name=layer.name()
            )
        )

    # --- state --------------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        blocked = bool(self.ui.dependencyBanner.text())
        ui = self.ui
        has_target = self.legend.target is not None
        model = self.trained.get("OUTPUT_MODEL")
        can_suggest = bool(model) and Path(str(model)).is_file()
        steady.set_enabled(  # Cancel takes Classify's focus and back: the panel does not jump
            {
                ui.cancelButton: busy,
                ui.runButton: not busy and not blocked,
                ui.previewButton: not busy and not blocked and not self.map_options.object_based(),
                ui.applyLegendButton: not busy and not blocked and has_target,
                ui.suggestButton: not busy and not blocked and can_suggest,
                ui.retrainButton: not busy and not blocked,
            }
        )

    def busy(self) -> bool:
        """Whether an algorithm runs."""
        return self.run is not None and self.run.running

    def _progress(self, percent: float) -> None:
        self.ui.progressBar.setValue(round(percent))

    def _status(self, text: str, error: bool = False) -> None:
        self.ui.statusLabel.setStyleSheet("color: #a94442;" if error else "")
        self.ui.statusLabel.setText(text)


def _guess_class_field(layer: Any) -> str:
    """A field named like a class, else the first one that is not the feature id."""
    names: list[str] = [f.name() for f in layer.fields()]
    for name in names:
        if name.lower() in {"class", "classe", "clase", "klasse", "type", "label", "lc", "lulc"}:
            return name
    others = [n for n in names if n.lower() not in {"fid", "id", "ogc_fid"}]
    return (others or names or [""])[0]
