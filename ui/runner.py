"""Runs an ``lulc`` algorithm as a background QGIS task and reports back on the GUI thread."""

from __future__ import annotations

from typing import Any

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsMessageLog,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
)
from qgis.PyQt.QtCore import QObject, pyqtSignal

from ..processing_provider.i18n import tr


class _Feedback(QgsProcessingFeedback):
    """Forwards the algorithm's messages as signals (emitted on the worker thread, delivered
    queued to the GUI thread)."""

    message = pyqtSignal(str)
    error = pyqtSignal(str)

    def __init__(self) -> None:
        # Not logged by the feedback itself: the task already writes the error that stopped
        # the run to the log (the feedback would write it a second time).
        super().__init__(False)

    def pushInfo(self, info: str) -> None:
        """An informative message."""
        super().pushInfo(info)
        self.message.emit(info)

    def reportError(self, error: str, fatalError: bool = False) -> None:
        """A warning or the error that stopped the run (see :meth:`AlgorithmRun.warnings`)."""
        super().reportError(error, fatalError)
        self.error.emit(error)


def _check_thread_safe(parameters: dict[str, Any]) -> None:
    """Refuse a Qt object (a layer...) among the parameters: it lives on the GUI thread, and the
    background run would use it from another (a bug of the panel, never the user's)."""
    for name, value in parameters.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        if any(isinstance(v, QObject) for v in values):
            raise RuntimeError(f"{name} is a Qt object: the panel must pass a file or a value")


class AlgorithmRun(QObject):
    """One run of a Processing algorithm in QGIS's task manager (the GUI stays responsive).

    Signals: ``progressChanged(percent)``, ``message(text)`` and, once,
    ``finished(ok, results, error)`` where ``error`` is the last error the algorithm reported.
    """

    progressChanged = pyqtSignal(float)  # noqa: N815 (Qt's spelling, as on the feedback)
    message = pyqtSignal(str)
    finished = pyqtSignal(bool, dict, str)

    def __init__(self, algorithm_id: str, parameters: dict[str, Any], parent: Any = None) -> None:
        super().__init__(parent)
        algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
        if algorithm is None:
            raise RuntimeError(
                tr("The algorithm {id} is not registered: reinstall LULC Classifier.").format(
                    id=algorithm_id
                )
            )
        self.algorithm_id = algorithm_id
        self.parameters = parameters
        self.errors: list[str] = []
        _check_thread_safe(parameters)
        # The task keeps references to both: they must live as long as it runs. No project:
        # the worker thread must never reach a layer of the GUI thread's project (the canvas
        # draws them meanwhile); every input is a file, loaded afresh in the worker.
        self.context = QgsProcessingContext()
        self.context.setTransformContext(QgsProject.instance().transformContext())
        self.feedback = _Feedback()
        self.feedback.progressChanged.connect(self.progressChanged)
        self.feedback.message.connect(self.message)
        self.feedback.error.connect(self.errors.append)
        self.task = QgsProcessingAlgRunnerTask(algorithm, parameters, self.context, self.feedback)
        self.task.executed.connect(self._executed)
        self._done = False

    def start(self) -> None:
        """Queue the task (it starts at once when a thread is free)."""
        if self.task.isCanceled():  # the algorithm refused the parameters while preparing
            self._executed(False, {})
            return
        QgsApplication.taskManager().addTask(self.task)

    def cancel(self) -> None:
        """Ask the algorithm to stop at its next block; ``finished`` follows."""
        self.feedback.cancel()

    @property
    def cancel_requested(self) -> bool:
        """True once :meth:`cancel` was called (the run may still have finished first)."""
        return bool(self.feedback.isCanceled())

    @property
    def running(self) -> bool:
        """True until ``finished`` has been emitted."""
        return not self._done

    def _executed(self, ok: bool, results: dict[str, Any]) -> None:
        if self._done:
            return
        self._done = True
        if ok:  # finished and committed, even if Cancel came too late to stop it
            error = ""
        elif self.errors:  # the algorithm's sentence says what was written
            error = self.errors[-1]
        elif self.feedback.isCanceled():
            error = tr("Cancelled: no output was written.")
        else:
            error = tr("The run failed.")
        for warning in self.warnings(ok):
            QgsMessageLog.logMessage(warning, "LULC Classifier", Qgis.MessageLevel.Warning)
        self.finished.emit(ok, dict(results or {}), error)

    def warnings(self, ok: bool) -> list[str]:
        """What the algorithm warned about; without the error that stopped a failed run,
        which the task has written to the QGIS log already."""
        return list(self.errors if ok else self.errors[:-1])
