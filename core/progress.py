"""Progress and cancel protocol between the engine and whatever drives it (QGIS, a CLI, a test)."""

from __future__ import annotations

import logging
from typing import Protocol

from .errors import Cancelled

_LOG = logging.getLogger(__name__)


class Progress(Protocol):
    """What core loops call: once per block or step, never per pixel."""

    def report(self, fraction: float) -> None:
        """Report progress as a fraction in [0, 1]."""

    def cancelled(self) -> bool:
        """Return True when the user asked to stop."""

    def log(self, message: str) -> None:
        """Show an informational message to the user."""

    def warning(self, message: str) -> None:
        """Show a warning the user should read (the run goes on)."""


class NullProgress:
    """A progress that shows nothing and is never cancelled; messages go to ``logging``."""

    def report(self, fraction: float) -> None:
        """Ignore progress."""

    def cancelled(self) -> bool:
        """Never cancelled."""
        return False

    def log(self, message: str) -> None:
        """Send to the module logger."""
        _LOG.info(message)

    def warning(self, message: str) -> None:
        """Send to the module logger."""
        _LOG.warning(message)


class SubProgress:
    """Maps the [0, 1] progress of one step onto ``[start, end]`` of a parent progress."""

    def __init__(self, parent: Progress, start: float, end: float) -> None:
        self._parent = parent
        self._start = start
        self._span = end - start

    def report(self, fraction: float) -> None:
        """Forward the scaled fraction."""
        self._parent.report(self._start + self._span * min(max(fraction, 0.0), 1.0))

    def cancelled(self) -> bool:
        """Ask the parent."""
        return self._parent.cancelled()

    def log(self, message: str) -> None:
        """Forward to the parent."""
        self._parent.log(message)

    def warning(self, message: str) -> None:
        """Forward to the parent."""
        self._parent.warning(message)


def check_cancel(progress: Progress) -> None:
    """Raise :class:`Cancelled` when the user asked to stop.

    Parameters
    ----------
    progress
        The run's progress; its :meth:`~Progress.cancelled` is asked.

    Raises
    ------
    Cancelled
        If it says so.
    """
    if progress.cancelled():
        raise Cancelled("The run was cancelled; no output was written.")
