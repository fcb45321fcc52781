"""The command line's Progress (core/progress.py's protocol): a bar on a terminal, plain lines
otherwise, messages on stderr, and the Ctrl-C flag the core polls once per block."""

from __future__ import annotations

import sys
import threading
from typing import Any, TextIO

#: Plain progress lines are printed every this many percent.
STEP_PERCENT = 10


def _tqdm() -> Any:
    try:
        from tqdm import tqdm
    except ImportError:  # Debian's python3-tqdm is optional: plain lines then
        return None
    return tqdm


class TerminalProgress:
    """Progress of a run on the command line.

    On a terminal (``stream.isatty()``) with tqdm installed, a bar; otherwise a line
    ``NN %`` every :data:`STEP_PERCENT`. Log messages and warnings go to ``stream`` (stderr);
    ``quiet`` keeps only the warnings. :meth:`cancel` (the SIGINT handler calls it) makes
    :meth:`cancelled` true, so that the core stops at its next block and removes its outputs.
    """

    def __init__(self, *, quiet: bool = False, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stderr
        self._quiet = quiet
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._bar: Any = None
        self._shown = -1
        self._closed = False
        self._tqdm = _tqdm() if not quiet and self._isatty() else None

    def _isatty(self) -> bool:
        isatty = getattr(self._stream, "isatty", None)
        return bool(isatty and isatty())

    def report(self, fraction: float) -> None:
        """Move the bar, or print a line at each step."""
        if self._quiet or self._closed:
            return
        percent = 100.0 * min(max(fraction, 0.0), 1.0)
        with self._lock:
            if self._bar is None and self._tqdm is not None:  # drawn from the first report
                self._bar = self._tqdm(
                    total=100,
                    file=self._stream,
                    bar_format="{percentage:3.0f} % |{bar}| [{elapsed}<{remaining}]",
                    leave=False,
                )
            if self._bar is not None:
                self._bar.n = percent
                self._bar.refresh()
                return
            step = int(percent // STEP_PERCENT) * STEP_PERCENT
            if step > self._shown:
                self._shown = step
                self._write(f"{step} %")

    def cancelled(self) -> bool:
        """True once Ctrl-C was pressed."""
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the run to stop at its next block."""
        self._cancel.set()

    def log(self, message: str) -> None:
        """An informational message (not with ``quiet``)."""
        if not self._quiet:
            with self._lock:
                self._write(message)

    def warning(self, message: str) -> None:
        """A warning, always shown."""
        with self._lock:
            self._write(f"Warning: {message}")

    def _write(self, text: str) -> None:
        if self._bar is not None:
            self._bar.write(text, file=self._stream)
        else:
            print(text, file=self._stream, flush=True)

    def close(self) -> None:
        """Remove the bar; later reports print nothing more on a terminal (idempotent)."""
        with self._lock:
            self._closed = True
            if self._bar is not None:
                self._bar.close()
                self._bar = None
